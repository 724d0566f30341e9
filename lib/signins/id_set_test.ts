import assert from "node:assert/strict";
import { DisjointIdHashes, disjointIdHashes, IdHashSet, NEW_ID } from "./_id_set.ts";

Deno.test("IdHashSet: 200,000 ids over every sub-table, each new once, its first tag kept, hashes all there", () => {
  const s = new IdHashSet();
  const id = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
  const n = 200_000;
  for (let i = 0; i < n; i++) assert.equal(s.addTagged(id(i), i), NEW_ID);
  assert.equal(s.size, n);
  for (let i = 0; i < n; i += 7) assert.equal(s.addTagged(id(i), 12345), i, `id ${i}'s first tag`);
  assert.equal(s.size, n);
  assert.equal(s.add(id(n)), true);
  assert.equal(s.add(id(n)), false);
  const hashes = s.hashes();
  assert.equal(hashes.length, 2 * (n + 1));
  const again = new IdHashSet();
  assert.equal(again.addHashes(hashes), true);
  assert.equal(again.size, n + 1);
  assert.equal(again.addHashes(hashes.subarray(0, 2)), false);
  const other = new IdHashSet();
  other.add("not one of them");
  assert.equal(disjointIdHashes([hashes, other.hashes()]), true);
  assert.equal(disjointIdHashes([hashes, other.hashes(), hashes.subarray(10, 12)]), false);
});

Deno.test("DisjointIdHashes: parts taken one at a time (sorted copies, binary search), as disjointIdHashes", async (t) => {
  const hashes = (...ids: string[]) => {
    const s = new IdHashSet();
    for (const id of ids) s.add(id);
    return s.hashes();
  };
  const many = Array.from({ length: 5000 }, (_, i) => `id-${i}`);
  const CASES: { name: string; parts: string[][]; disjoint: boolean }[] = [
    { name: "one part", parts: [["a", "b"]], disjoint: true },
    { name: "two disjoint parts", parts: [["a", "b"], ["c"]], disjoint: true },
    { name: "an id in the first and the last", parts: [["a", "b"], ["c"], ["d", "a"]], disjoint: false },
    { name: "an id in two middle parts", parts: [["a"], ["b", "x"], ["x"], ["c"]], disjoint: false },
    { name: "an empty part", parts: [["a"], [], ["b"]], disjoint: true },
    {
      name: "large parts (the sub-tables grow)",
      parts: [many.slice(0, 3000), many.slice(3000)],
      disjoint: true,
    },
    { name: "large parts sharing one id", parts: [many.slice(0, 3000), many.slice(2999)], disjoint: false },
    {
      name: "large parts sharing the last id",
      parts: [many.slice(0, 4000), many.slice(3999)],
      disjoint: false,
    },
    {
      name: "many parts, the last repeating the first's",
      parts: [["a"], ["b"], ["c"], ["d"], ["a"]],
      disjoint: false,
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      const parts = c.parts.map((p) => hashes(...p));
      assert.equal(disjointIdHashes(parts), c.disjoint);
      const check = new DisjointIdHashes();
      const each = parts.map((p, i) => check.add(p, i === parts.length - 1));
      assert.equal(each.at(-1), c.disjoint);
      // once an id repeats, every later answer is false
      assert.ok(each.every((ok, i) => ok || each.slice(i).every((x) => !x)));
    });
  }
});

Deno.test("DisjointIdHashes: against a set of the pairs, seeded random parts (halves that tie, a pair shared anywhere)", () => {
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  // few distinct halves, so that pairs often tie on one half and the order of the other decides
  const half = () => next() % 4 === 0 ? next() : [0, 1, 0xffffffff, 0x80000000][next() % 4]!;
  const outcomes = { disjoint: 0, shared: 0 };
  for (let round = 0; round < 300; round++) {
    const seen = new Set<string>();
    const parts: Uint32Array[] = [];
    for (let p = 0, count = 1 + next() % 4; p < count; p++) {
      const pairs: number[] = [];
      const own = new Set<string>();
      for (let i = 0, n = next() % 40; i < n; i++) {
        const a = half(), b = half();
        if (own.has(`${a},${b}`)) continue; // distinct within a part, as IdHashSet.hashes gives them
        own.add(`${a},${b}`);
        pairs.push(a, b);
      }
      if (parts.length > 0 && next() % 3 === 0) {
        // one pair of an earlier part, at a random place
        const from = parts[next() % parts.length]!;
        if (from.length > 0) {
          const k = 2 * (next() % (from.length / 2));
          if (!own.has(`${from[k]},${from[k + 1]}`)) {
            const at = 2 * (next() % (pairs.length / 2 + 1));
            pairs.splice(at, 0, from[k]!, from[k + 1]!);
          }
        }
      }
      parts.push(Uint32Array.from(pairs));
    }
    let expected = true;
    for (const part of parts) {
      const keys = Array.from({ length: part.length / 2 }, (_, i) => `${part[2 * i]},${part[2 * i + 1]}`);
      if (keys.some((k) => seen.has(k))) expected = false;
      for (const k of keys) seen.add(k);
    }
    assert.equal(disjointIdHashes(parts), expected, `round ${round}`);
    outcomes[expected ? "disjoint" : "shared"]++;
  }
  assert.ok(outcomes.disjoint > 50 && outcomes.shared > 50, JSON.stringify(outcomes));
});
