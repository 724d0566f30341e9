import assert from "node:assert/strict";
import { fastIsoZ, parseUtcDateTime } from "./date_time.ts";

Deno.test("parseUtcDateTime() reads the sources' formats as UTC", async (t) => {
  const CASES: { input: string; iso: string | null; ms?: number }[] = [
    { input: "2024-05-01T10:15:30Z", iso: "2024-05-01T10:15:30Z", ms: Date.UTC(2024, 4, 1, 10, 15, 30) },
    {
      input: "2024-05-01T10:15:30.1234567Z",
      iso: "2024-05-01T10:15:30.1234567Z",
      ms: Date.UTC(2024, 4, 1, 10, 15, 30, 123),
    },
    { input: "2024-05-01T12:15:30+02:00", iso: "2024-05-01T10:15:30.000Z" },
    { input: "2024-05-01T10:15:30", iso: "2024-05-01T10:15:30.000Z" },
    { input: "2024-05-01 10:15", iso: "2024-05-01T10:15:00.000Z" },
    { input: "2024-05-01", iso: "2024-05-01T00:00:00.000Z" },
    { input: "5/1/2024, 10:15:30.250 AM", iso: "2024-05-01T10:15:30.250Z" },
    { input: "12/31/2024, 12:00:00.000 AM", iso: "2024-12-31T00:00:00.000Z" },
    { input: "12/31/2024, 12:05:00 PM", iso: "2024-12-31T12:05:00.000Z" },
    { input: "5/1/2024 17:00", iso: "2024-05-01T17:00:00.000Z" },
    { input: "2/30/2024, 1:00:00 AM", iso: null },
    { input: "13/1/2024, 1:00:00 PM", iso: null },
    { input: "5/1/2024, 13:00:00 PM", iso: null },
    { input: "2026-02-30T10:00:00Z", iso: null },
    { input: "2026-02-30", iso: null },
    { input: "2026-02-30 10:00:00", iso: null },
    { input: "2026-02-29T10:00:00Z", iso: null },
    { input: "2024-02-29T10:00:00Z", iso: "2024-02-29T10:00:00Z" },
    { input: "2026-04-31T10:00:00+02:00", iso: null },
    { input: "2026-01-01T24:00:00Z", iso: null },
    { input: "2026-12-31T23:59:60Z", iso: null },
    { input: "2026-01-31T23:59:59.999Z", iso: "2026-01-31T23:59:59.999Z" },
    { input: "yesterday", iso: null },
    { input: "", iso: null },
  ];
  for (const c of CASES) {
    await t.step(`parseUtcDateTime() maps ${JSON.stringify(c.input)} to ${c.iso}`, () => {
      const r = parseUtcDateTime(c.input);
      assert.equal(r?.iso ?? null, c.iso);
      if (c.ms !== undefined) assert.equal(r?.ms, c.ms);
      if (r !== null) assert.equal(r.ms, Date.parse(r.iso));
    });
  }
});

Deno.test("fastIsoZ() agrees with Date.parse on Graph timestamps and declines the rest", async (t) => {
  const CASES = [
    { input: "2024-05-01T10:15:30Z", ms: Date.UTC(2024, 4, 1, 10, 15, 30) },
    { input: "2024-02-29T23:59:59.9Z", ms: Date.UTC(2024, 1, 29, 23, 59, 59, 900) },
    { input: "2024-05-01T10:15:30.1234567Z", ms: Date.UTC(2024, 4, 1, 10, 15, 30, 123) },
    { input: "2024-05-01T10:15:30.12Z", ms: Date.UTC(2024, 4, 1, 10, 15, 30, 120) },
    { input: "2024-05-01T23:59:59.999Z", ms: Date.UTC(2024, 4, 1, 23, 59, 59, 999) },
    { input: "2024-05-02T00:00:00.000Z", ms: Date.UTC(2024, 4, 2) },
    { input: "0050-01-01T00:00:01Z", ms: Date.UTC(50, 0, 1, 0, 0, 1) },
    { input: "1969-12-31T23:59:59.5Z", ms: Date.UTC(1969, 11, 31, 23, 59, 59, 500) },
    { input: "2023-02-29T00:00:00Z", ms: NaN },
    { input: "2024-04-31T00:00:00Z", ms: NaN },
    { input: "2024-05-01T24:00:00Z", ms: NaN },
    { input: "2024-05-01T10:15:30.Z", ms: NaN },
    { input: "2024-05-01T10:15:30+00:00", ms: NaN },
  ];
  for (const c of CASES) {
    await t.step(`fastIsoZ() maps ${c.input} to ${c.ms}`, () => {
      assert.deepEqual(fastIsoZ(c.input), c.ms);
    });
  }
  await t.step("fastIsoZ() agrees with Date.parse on seeded random times, dates repeating or not", () => {
    let seed = 7;
    const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const pad = (x: number, w: number) => String(x).padStart(w, "0");
    for (let i = 0; i < 20_000; i++) {
      const t = Date.UTC(1990 + next(60), next(12), 1 + next(31), next(24), next(60), next(60), next(1000));
      const iso = new Date(t).toISOString(); // "….mmmZ"
      // no fraction, or 1–7 digits of one
      const digits = next(8);
      const fraction = digits === 0 ? "" : "." + pad(next(10 ** digits), digits);
      const text = iso.slice(0, 19) + fraction + "Z";
      assert.ok(!Number.isNaN(Date.parse(text)), text);
      assert.equal(fastIsoZ(text), Date.parse(text), text);
    }
  });
});
