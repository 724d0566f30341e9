import assert from "node:assert/strict";
import { disjointIdHashes, IdHashSet, NEW_ID } from "./_id_set.ts";

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
