import assert from "node:assert/strict";
import { parseMfaServerTimestamp } from "./timestamp.ts";

const CASES: { text: string; iso: string | "invalid" | "missing" }[] = [
  { text: "2024-03-04T14:07:09Z", iso: "2024-03-04T14:07:09.000Z" },
  { text: "2024-03-04T14:07:09.1234567Z", iso: "2024-03-04T14:07:09.123Z" },
  { text: "2024-03-04T16:07:09+02:00", iso: "2024-03-04T14:07:09.000Z" },
  { text: "2024-03-04T09:07:09-0500", iso: "2024-03-04T14:07:09.000Z" },
  { text: "2024-03-04T14:07:09", iso: "2024-03-04T14:07:09.000Z" },
  { text: "2024-03-04 14:07:09", iso: "2024-03-04T14:07:09.000Z" },
  { text: "2024-03-04 14:07", iso: "2024-03-04T14:07:00.000Z" },
  { text: "2024/03/04 14:07:09", iso: "2024-03-04T14:07:09.000Z" },
  { text: "2024-03-04", iso: "2024-03-04T00:00:00.000Z" },
  { text: "3/4/2024 2:07:09 PM", iso: "2024-03-04T14:07:09.000Z" },
  { text: "3/4/2024 12:07:09 AM", iso: "2024-03-04T00:07:09.000Z" },
  { text: "3/4/2024 12:07:09 PM", iso: "2024-03-04T12:07:09.000Z" },
  { text: "03/04/2024 2:07 pm", iso: "2024-03-04T14:07:00.000Z" },
  { text: "3/4/2024 14:07:09", iso: "2024-03-04T14:07:09.000Z" },
  { text: "12/31/2023", iso: "2023-12-31T00:00:00.000Z" },
  { text: "4.3.2024 14:07:09", iso: "2024-03-04T14:07:09.000Z" },
  { text: "29.02.2024", iso: "2024-02-29T00:00:00.000Z" },
  { text: "  2024-03-04T14:07:09Z  ", iso: "2024-03-04T14:07:09.000Z" },
  { text: "13/1/2024", iso: "invalid" },
  { text: "2/30/2024", iso: "invalid" },
  { text: "29.02.2023", iso: "invalid" },
  { text: "3/4/2024 13:07:09 PM", iso: "invalid" },
  { text: "3/4/2024 0:07:09 AM", iso: "invalid" },
  { text: "2024-03-04 24:00:00", iso: "invalid" },
  { text: "1899-01-01", iso: "invalid" },
  { text: "yesterday", iso: "invalid" },
  { text: "1709561229", iso: "invalid" },
  { text: "", iso: "missing" },
  { text: " \t", iso: "missing" },
];

Deno.test("parseMfaServerTimestamp() reads the common export formats as UTC", async (t) => {
  for (const c of CASES) {
    await t.step(`parseMfaServerTimestamp() maps ${JSON.stringify(c.text)} to ${c.iso}`, () => {
      const r = parseMfaServerTimestamp(c.text);
      if (c.iso === "missing") assert.deepEqual(r, { kind: "missing" });
      else if (c.iso === "invalid") assert.deepEqual(r, { kind: "invalid", raw: c.text.trim() });
      else {
        assert.equal(r.kind, "parsed");
        if (r.kind !== "parsed") return;
        assert.equal(r.iso, c.iso);
        assert.equal(r.epochMs, Date.parse(c.iso));
        assert.equal(r.day, c.iso.slice(0, 10));
      }
    });
  }
});

Deno.test("parseMfaServerTimestamp() agrees with Date#toISOString() from 1990 to 2099", () => {
  // Every ~3 days and 1 hour 2 minutes 3 seconds, so days, leap years and times all vary.
  for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2099, 11, 31); t += 3 * 86_400_000 + 3_723_000) {
    const iso = new Date(t).toISOString();
    const r = parseMfaServerTimestamp(iso);
    assert.ok(r.kind === "parsed" && r.iso === iso && r.epochMs === t && r.day === iso.slice(0, 10), iso);
  }
});
