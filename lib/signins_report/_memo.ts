/**
 * Memoised classifiers: sign-in fields repeat a handful of values millions of times, so each
 * classification is computed once per distinct value (up to a limit, then computed each time).
 *
 * @module
 */

/**
 * Wraps a one-argument function of text (or null) with a bounded cache.
 *
 * @param fn the function (pure)
 * @param max most distinct inputs cached @default 4096
 * @returns the cached function
 *
 * @example
 * ```ts
 * import { memoText } from "./_memo.ts";
 * import assert from "node:assert/strict";
 * let calls = 0;
 * const upper = memoText((s) => { calls++; return (s ?? "").toUpperCase(); });
 * assert.equal(upper("a"), "A");
 * assert.equal(upper("a"), "A");
 * assert.equal(calls, 1);
 * ```
 */
export function memoText<T>(fn: (s: string | null) => T, max = 4096): (s: string | null) => T {
  const cache = new Map<string, T>();
  let nullValue: { v: T } | null = null;
  return (s) => {
    if (s === null) return (nullValue ??= { v: fn(null) }).v;
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as T;
    const v = fn(s);
    if (cache.size < max) cache.set(s, v);
    return v;
  };
}
