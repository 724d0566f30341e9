import assert from "node:assert/strict";
import { createPrng, mixSeed, Prng } from "./prng.ts";

Deno.test("Prng is deterministic per seed and differs across seeds", () => {
  const a = new Prng(123);
  const b = new Prng(123);
  const c = new Prng(124);
  const xs = Array.from({ length: 50 }, () => a.next());
  assert.deepEqual(Array.from({ length: 50 }, () => b.next()), xs);
  assert.notDeepEqual(Array.from({ length: 50 }, () => c.next()), xs);
});

Deno.test("Prng draws stay in their ranges", async (t) => {
  const rng = new Prng(9);
  await t.step("next() is in [0, 1)", () => {
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      assert.ok(x >= 0 && x < 1);
    }
  });
  await t.step("int(min, max) covers both ends and nothing outside", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(rng.int(3, 7));
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
  });
  await t.step("chance(0) never and chance(1) always", () => {
    for (let i = 0; i < 1_000; i++) {
      assert.equal(rng.chance(0), false);
      assert.equal(rng.chance(1), true);
    }
  });
  await t.step("weighted() never picks a zero-weight value and roughly follows weights", () => {
    const counts = { a: 0, b: 0, z: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted([["a", 1], ["b", 3], ["z", 0]] as const)]++;
    assert.equal(counts.z, 0);
    // b has weight 3 of 4: expect ~7,500 (far from the 5,000 of a uniform pick).
    assert.ok(counts.b > 7_000 && counts.b < 8_000, `b drawn ${counts.b} times`);
  });
});

Deno.test("Prng formats GUIDs, hex and base64url strings", async (t) => {
  const rng = createPrng(1, 2, 3);
  const CASES = [
    {
      name: "uuid() is a lower-case version-4 GUID",
      value: () => rng.uuid(),
      re: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    },
    { name: "hex(40) has 40 hex digits", value: () => rng.hex(40), re: /^[0-9a-f]{40}$/ },
    { name: "hex(3) has 3 hex digits", value: () => rng.hex(3), re: /^[0-9a-f]{3}$/ },
    {
      name: "base64url(22) has 22 URL-safe characters",
      value: () => rng.base64url(22),
      re: /^[A-Za-z0-9_-]{22}$/,
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      for (let i = 0; i < 200; i++) assert.match(c.value(), c.re);
    });
  }
  await t.step("uuid() does not repeat within 10,000 draws", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(rng.uuid());
    assert.equal(seen.size, 10_000);
  });
});

Deno.test("Prng.pick() and weighted() reject empty lists", () => {
  const rng = new Prng(1);
  assert.throws(() => rng.pick([]), RangeError);
  assert.throws(() => rng.weighted([]), RangeError);
});

Deno.test("mixSeed() is order-sensitive and spreads nearby inputs", () => {
  assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
  const values = new Set<number>();
  for (let i = 0; i < 1_000; i++) values.add(mixSeed(42, i));
  assert.equal(values.size, 1_000);
});
