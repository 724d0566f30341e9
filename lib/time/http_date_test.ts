import assert from "node:assert/strict";
import { parseHttpDate, parseLocalDateTime } from "./http_date.ts";

Deno.test("parseHttpDate() reads IMF-fixdate only", async (t) => {
  const CASES: { text: string; want: number }[] = [
    { text: "Wed, 02 Dec 2026 00:00:10 GMT", want: Date.UTC(2026, 11, 2, 0, 0, 10) },
    { text: "Sun, 06 Nov 1994 08:49:37 GMT", want: Date.UTC(1994, 10, 6, 8, 49, 37) },
    { text: "Wed, 2 Dec 2026 00:00:10 GMT", want: NaN },
    { text: "Wednesday, 02-Dec-26 00:00:10 GMT", want: NaN },
    { text: "2026-12-02T00:00:10Z", want: NaN },
    { text: "2026", want: NaN },
    { text: "", want: NaN },
  ];
  for (const c of CASES) {
    await t.step(JSON.stringify(c.text), () => assert.equal(parseHttpDate(c.text), c.want));
  }
});

Deno.test("parseLocalDateTime() reads zone-less local date-times only", async (t) => {
  const CASES: { text: string; want: number }[] = [
    { text: "2026-12-02 10:00:00.000000", want: new Date(2026, 11, 2, 10).getTime() },
    { text: "2026-12-02T10:30", want: new Date(2026, 11, 2, 10, 30).getTime() },
    { text: "2026-12-02T10:00:00Z", want: NaN },
    { text: "02/12/2026 10:00", want: NaN },
  ];
  for (const c of CASES) {
    await t.step(JSON.stringify(c.text), () => assert.equal(parseLocalDateTime(c.text), c.want));
  }
});
