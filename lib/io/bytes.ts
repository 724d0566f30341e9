/**
 * Byte arrays joined into one.
 *
 * @module
 */

/**
 * The parts one after another in a new array (an array of parts, not spread arguments: a caller
 * may join tens of thousands of them).
 *
 * @param parts the arrays, in order
 * @returns a new array holding their bytes
 *
 * @example
 * ```ts
 * import { concatBytes } from "./bytes.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(concatBytes([Uint8Array.of(1), Uint8Array.of(2, 3)]), Uint8Array.of(1, 2, 3));
 * ```
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
