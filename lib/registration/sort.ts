/**
 * The one ordering every output uses: UPNs compared case-insensitively (code-unit order of the
 * lower-cased text, so the result does not depend on the machine's locale), ties broken by the
 * exact text.
 *
 * @module
 */

/**
 * Compares two UPNs for sorting.
 *
 * @example
 * ```ts
 * import { compareUpn } from "./sort.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(["b@x", "A@x", "a@x", "_z@x"].sort(compareUpn), ["_z@x", "A@x", "a@x", "b@x"]);
 * ```
 */
export function compareUpn(a: string, b: string): number {
  const la = a.toLowerCase(), lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts UPNs in place with {@linkcode compareUpn} and returns the array.
 *
 * @example
 * ```ts
 * import { sortUpns } from "./sort.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(sortUpns(["b@x", "a@x"]), ["a@x", "b@x"]);
 * ```
 */
export function sortUpns(upns: string[]): string[] {
  return upns.sort(compareUpn);
}
