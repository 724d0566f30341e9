/**
 * The benchmarks' own command-line values (`--rows 20000`): the text after a flag, or a default.
 * Benchmarks are developer tools; the tasks' options live in lib/options.
 *
 * @module
 */

/**
 * The value after `name` in `args`, or `fallback` when the flag or its value is missing.
 *
 * @example
 * ```ts
 * import { argText } from "./_args.ts";
 * import assert from "node:assert/strict";
 * assert.equal(argText(["--rows", "500"], "--rows", "20000"), "500");
 * assert.equal(argText(["--rows"], "--rows", "20000"), "20000");
 * ```
 */
export function argText(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

/**
 * {@linkcode argText} as a number (`Number` of the text, so a bad value gives `NaN`, as before).
 *
 * @example
 * ```ts
 * import { argNumber } from "./_args.ts";
 * import assert from "node:assert/strict";
 * assert.equal(argNumber(["--runs", "3"], "--runs", 2), 3);
 * assert.equal(argNumber([], "--runs", 2), 2);
 * ```
 */
export function argNumber(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}
