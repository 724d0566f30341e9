import assert from "node:assert/strict";
import { InputError } from "../cli/errors.ts";
import { newExportState, parseExportState } from "./state.ts";

const GOOD = newExportState({
  graphRoot: "http://127.0.0.1:8787",
  window: { fromMs: Date.parse("2026-11-01T00:00:00Z"), toMs: Date.parse("2026-11-02T00:00:00Z") },
  eventTypes: ["interactiveUser", "nonInteractiveUser"],
  gzip: false,
  slices: [{
    eventType: "interactiveUser",
    fromMs: Date.parse("2026-11-01T00:00:00Z"),
    toMs: Date.parse("2026-11-02T00:00:00Z"),
  }],
  now: new Date("2026-11-02T00:00:00Z"),
});

Deno.test("parseExportState() reads back what newExportState() makes, with progress recorded", () => {
  const s = structuredClone(GOOD);
  s.bytes = 5000;
  s.signIns = 12;
  s.slices[0] = {
    ...s.slices[0]!,
    pages: 1,
    signIns: 12,
    firstByte: 0,
    nextLink: "http://127.0.0.1:8787/beta/x?$skiptoken=a",
  };
  assert.deepEqual(parseExportState(JSON.stringify(s), "s.json"), s);
});

Deno.test("parseExportState() names the file and the field that is wrong", async (t) => {
  const CASES: [string, (s: Record<string, unknown>) => unknown, RegExp][] = [
    ["not JSON", () => "{", /not JSON/],
    ["another format", (s) => ({ ...s, format: "x" }), /"format"/],
    ["a newer version", (s) => ({ ...s, version: 2 }), /"version": 1, got 2/],
    ["bad window", (s) => ({ ...s, window: { from: "x", to: "y" } }), /"window"/],
    ["unknown event type", (s) => ({ ...s, eventTypes: ["batch"] }), /"eventTypes"/],
    ["negative bytes", (s) => ({ ...s, bytes: -1 }), /"bytes"/],
    ["slices not an array", (s) => ({ ...s, slices: {} }), /"slices"/],
    [
      "slice range backwards",
      (s) => ({ ...s, slices: [{ ...(s.slices as object[])[0], from: "2026-11-03T00:00:00Z" }] }),
      /slices\[0\]\.from before/,
    ],
    [
      "duplicate slice ids",
      (s) => ({ ...s, slices: [(s.slices as object[])[0], (s.slices as object[])[0]] }),
      /slices\[1\]\.id/,
    ],
    [
      "firstByte past the end",
      (s) => ({ ...s, slices: [{ ...(s.slices as object[])[0], firstByte: 10 }] }),
      /firstByte/,
    ],
    [
      "empty nextLink",
      (s) => ({ ...s, slices: [{ ...(s.slices as object[])[0], nextLink: "" }] }),
      /nextLink/,
    ],
  ];
  for (const [name, edit, want] of CASES) {
    await t.step(name, () => {
      const v = edit(structuredClone(GOOD) as unknown as Record<string, unknown>);
      const text = typeof v === "string" ? v : JSON.stringify(v);
      assert.throws(
        () => parseExportState(text, "out.ndjson.state.json"),
        (e) =>
          e instanceof InputError &&
          e.message.startsWith("out.ndjson.state.json: Cannot resume the export: ") && want.test(e.message),
      );
    });
  }
});
