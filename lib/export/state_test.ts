import assert from "node:assert/strict";
import { InputError } from "../errors.ts";
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
    // Issue #14 item 1: a link elsewhere would carry the token there.
    ...["http://127.0.0.1:9999/beta/x", "https://127.0.0.1:8787/beta/x", "http://u:p@127.0.0.1:8787/x"].map(
      (link): [string, (s: Record<string, unknown>) => unknown, RegExp] => [
        `nextLink off the Graph origin (${link})`,
        (s) => ({ ...s, slices: [{ ...(s.slices as object[])[0], nextLink: link }] }),
        /slices\[0\]\.nextLink to be a URL on the Graph origin http:\/\/127\.0\.0\.1:8787/,
      ],
    ),
    // Issue #14 item 12: every number bounded, slices inside the window and event types.
    ["runs at 2^53-1", (s) => ({ ...s, runs: 2 ** 53 - 1 }), /"runs" to be a whole number from 0 to 1000000/],
    ["bytes past 2^48", (s) => ({ ...s, bytes: 2 ** 48 + 1 }), /"bytes"/],
    ["nextSliceId huge", (s) => ({ ...s, nextSliceId: 1e15 }), /"nextSliceId"/],
    [
      "slice pages huge",
      (s) => ({ ...s, slices: [{ ...(s.slices as object[])[0], pages: 2 ** 53 - 1 }] }),
      /pages and \.signIns/,
    ],
    [
      "slice id not below nextSliceId",
      (s) => ({ ...s, slices: [{ ...(s.slices as object[])[0], id: 99 }] }),
      /slices\[0\]\.id/,
    ],
    [
      "slice outside the window",
      (s) => ({
        ...s,
        slices: [{ ...(s.slices as object[])[0], from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00Z" }],
      }),
      /slices\[0\] to lie within "window"/,
    ],
    [
      "slice of an event type not exported",
      (s) => ({ ...s, slices: [{ ...(s.slices as object[])[0], eventType: "managedIdentity" }] }),
      /slices\[0\]\.eventType to be one of "eventTypes"/,
    ],
    ["tenant not an id", (s) => ({ ...s, tenant: "a b/../c" }), /"tenant"/],
    ["top out of range", (s) => ({ ...s, top: 5000 }), /"top"/],
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
