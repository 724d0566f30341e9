import assert from "node:assert/strict";
import { DEFAULT_SLICE_POLICY, firstPageSplit, planSlices, splitRange } from "./slices.ts";

const H = 3_600_000;

Deno.test("splitRange() cuts on whole seconds into consecutive, non-empty ranges covering the whole", async (t) => {
  const CASES: { range: { fromMs: number; toMs: number }; parts: number; want: [number, number][] }[] = [
    { range: { fromMs: 0, toMs: 10_000 }, parts: 2, want: [[0, 5000], [5000, 10_000]] },
    { range: { fromMs: 0, toMs: 10_000 }, parts: 3, want: [[0, 3000], [3000, 7000], [7000, 10_000]] },
    { range: { fromMs: 0, toMs: 1000 }, parts: 4, want: [[0, 1000]] },
    { range: { fromMs: 5000, toMs: 8000 }, parts: 10, want: [[5000, 6000], [6000, 7000], [7000, 8000]] },
    { range: { fromMs: 0, toMs: 6 * H }, parts: 1, want: [[0, 6 * H]] },
  ];
  for (const c of CASES) {
    await t.step(`${JSON.stringify(c.range)} in ${c.parts}`, () => {
      assert.deepEqual(splitRange(c.range, c.parts).map((r) => [r.fromMs, r.toMs]), c.want);
    });
  }
  await t.step("refuses an empty range and a bad part count", () => {
    assert.throws(() => splitRange({ fromMs: 5, toMs: 5 }, 2), RangeError);
    assert.throws(() => splitRange({ fromMs: 0, toMs: 5000 }, 0), RangeError);
  });
});

Deno.test("planSlices() cuts every event type into at most 1-day slices, newest first, on whole seconds", async (t) => {
  const CASES = [
    // 1 day, at least 8 slices → 8 of 3 h each per type.
    {
      from: "2026-11-01T00:00:00Z",
      to: "2026-11-02T00:00:00Z",
      types: 2,
      min: 8,
      perType: 8,
      firstLen: 3 * H,
    },
    // 30 days → 30 slices of a day per type.
    {
      from: "2026-11-01T00:00:00Z",
      to: "2026-12-01T00:00:00Z",
      types: 1,
      min: 8,
      perType: 30,
      firstLen: 24 * H,
    },
    // Milliseconds are dropped: 00:00:00.900 – 00:00:02.500 becomes 00:00:00 – 00:00:02.
    {
      from: "2026-11-01T00:00:00.900Z",
      to: "2026-11-01T00:00:02.500Z",
      types: 1,
      min: 8,
      perType: 2,
      firstLen: 1000,
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.from} – ${c.to}`, () => {
      const types = (["interactiveUser", "servicePrincipal"] as const).slice(0, c.types);
      const s = planSlices({ from: new Date(c.from), to: new Date(c.to) }, types, {
        ...DEFAULT_SLICE_POLICY,
        minInitialSlices: c.min,
      });
      assert.equal(s.length, c.perType * c.types);
      const first = s[0];
      assert.equal((first?.toMs ?? 0) - (first?.fromMs ?? 0), c.firstLen);
      for (const type of types) {
        const mine = s.filter((x) => x.eventType === type);
        // Newest first, back to back, covering the window rounded down to seconds.
        assert.equal(mine[0]?.toMs, Math.floor(Date.parse(c.to) / 1000) * 1000);
        assert.equal(mine.at(-1)?.fromMs, Math.floor(Date.parse(c.from) / 1000) * 1000);
        for (let i = 1; i < mine.length; i++) assert.equal(mine[i]?.toMs, mine[i - 1]?.fromMs);
        for (const x of mine) assert.equal(x.fromMs % 1000, 0);
      }
    });
  }
});

Deno.test("firstPageSplit() splits slices predicted to need more than 12 pages into parts of about 6", async (t) => {
  const slice = { fromMs: 0, toMs: 6 * H };
  const full = (coveredMs: number) => ({ items: 1000, hasNextLink: true, oldestMs: slice.toMs - coveredMs });
  const CASES: { name: string; facts: ReturnType<typeof full>; want: number }[] = [
    { name: "last page (no next link)", facts: { ...full(60_000), hasNextLink: false }, want: 1 },
    { name: "12 pages predicted (30 min a page)", facts: full(30 * 60_000), want: 1 },
    { name: "18 pages predicted (20 min a page)", facts: full(20 * 60_000), want: 3 },
    { name: "360 pages predicted (1 min a page): 60 parts", facts: full(60_000), want: 60 },
    { name: "720 pages predicted (30 s a page): capped at 64 parts", facts: full(30_000), want: 64 },
    { name: "every item in the last second: capped at 64", facts: full(1000), want: 64 },
    {
      name: "oldest out of range: treated as covering the slice",
      facts: { ...full(0), oldestMs: -5 },
      want: 1,
    },
    {
      name: "no date readable",
      facts: { items: 1000, hasNextLink: true, oldestMs: undefined } as never,
      want: 1,
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.name} → ${c.want}`, () => {
      assert.equal(firstPageSplit(slice, c.facts, DEFAULT_SLICE_POLICY), c.want);
    });
  }
  await t.step("a 1-second slice is never split", () => {
    assert.equal(
      firstPageSplit(
        { fromMs: 0, toMs: 1000 },
        { items: 5, hasNextLink: true, oldestMs: 0 },
        DEFAULT_SLICE_POLICY,
      ),
      1,
    );
  });
});
