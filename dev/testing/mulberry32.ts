/**
 * The tests' seeded pseudo-random generator (mulberry32), so a failing fuzz or property case
 * can be replayed from its seed. One copy for every test (the sample tenant has its own streams
 * in dev/sample/prng.ts).
 *
 * @module
 */

/**
 * A seeded 32-bit PRNG (mulberry32): the same seed gives the same sequence.
 *
 * @param seed any 32-bit integer
 * @returns a function giving floats in [0, 1)
 *
 * @example
 * ```ts
 * import { mulberry32 } from "./mulberry32.ts";
 * import assert from "node:assert/strict";
 * const a = mulberry32(7), b = mulberry32(7);
 * assert.equal(a(), b());
 * const x = a();
 * assert.ok(x >= 0 && x < 1);
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
