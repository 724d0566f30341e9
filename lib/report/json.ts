/**
 * JSON and NDJSON serialisation for pipeline output.
 *
 * @module
 */

/**
 * Pretty JSON (2-space indent) with a trailing newline; `Map`s become objects and `Set`s
 * arrays so aggregation structures serialise as expected.
 *
 * @example
 * ```ts
 * import { toJson } from "./json.ts";
 * import assert from "node:assert/strict";
 * assert.equal(toJson({ a: new Map([["x", 1]]) }), '{\n  "a": {\n    "x": 1\n  }\n}\n');
 * ```
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer, 2) + "\n";
}

/**
 * One NDJSON line (compact JSON + `\n`). JSON.stringify escapes U+2028/U+2029 and control
 * characters, so a value never spans two lines.
 *
 * @example
 * ```ts
 * import { toNdjsonLine } from "./json.ts";
 * import assert from "node:assert/strict";
 * assert.equal(toNdjsonLine({ name: "a\nb" }), '{"name":"a\\nb"}\n');
 * ```
 */
export function toNdjsonLine(value: unknown): string {
  return JSON.stringify(value, replacer) + "\n";
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
