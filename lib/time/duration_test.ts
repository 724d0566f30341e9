import assert from "node:assert/strict";
import { type DurationStyle, formatDuration } from "./duration.ts";

Deno.test("formatDuration() writes each style at every unit boundary", async (t) => {
  const CASES: { ms: number; style: DurationStyle; want: string }[] = [
    { ms: -5_000, style: "compact", want: "0s" },
    { ms: 0, style: "compact", want: "0s" },
    { ms: 59_400, style: "compact", want: "59s" },
    { ms: 60_000, style: "compact", want: "1m 00s" },
    { ms: 3_599_000, style: "compact", want: "59m 59s" },
    { ms: 3_600_000, style: "compact", want: "1h 00m" },
    { ms: 86_399_000, style: "compact", want: "23h 59m" },
    { ms: 86_400_000, style: "compact", want: "1d 00h" },
    { ms: 0, style: "approximate", want: "0 s" },
    { ms: 59_000, style: "approximate", want: "59 s" },
    { ms: 60_000, style: "approximate", want: "1 min" },
    { ms: 90_000, style: "approximate", want: "2 min" },
    { ms: 3_600_000, style: "approximate", want: "1 h" },
    { ms: 47 * 3_600_000, style: "approximate", want: "47 h" },
    { ms: 48 * 3_600_000, style: "approximate", want: "2 d 0 h" },
  ];
  for (const c of CASES) {
    await t.step(`${c.ms} ms, ${c.style} → ${c.want}`, () => {
      assert.equal(formatDuration(c.ms, { style: c.style }), c.want);
    });
  }
});

Deno.test("formatDuration() defaults to the compact style", () => {
  assert.equal(formatDuration(185_000), formatDuration(185_000, { style: "compact" }));
});
