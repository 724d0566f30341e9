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

Deno.test("DisjointIdHashes: parts taken one at a time, the last only looked up, as disjointIdHashes", async (t) => {
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
  await t.step("hasAnyHash looks up without adding", () => {
    const s = new IdHashSet();
    s.add("a");
    assert.equal(s.hasAnyHash(hashes("b", "c")), false);
    assert.equal(s.size, 1);
    assert.equal(s.hasAnyHash(hashes("c", "a")), true);
  });
});
