/**
 * JSON and NDJSON serialisation for pipeline output.
 *
 * @module
 */

import { escapeInvisible } from "../cli/safe_text.ts";

/**
 * JSON text that prints safely: invisible characters and C1 controls as `\uXXXX` escapes, and
 * `##vso[` written `##vso\u005b` so Azure Pipelines does not take a value for a logging command
 * when the JSON goes to a CI log. Only the spelling changes: the text parses to the same value.
 */
function printable(json: string): string {
  return escapeInvisible(json, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/(##vso)\[/gi, "$1\\u005b");
}

/**
 * Pretty JSON (2-space indent) with a trailing newline; `Map`s become objects and `Set`s
 * arrays so aggregation structures serialise as expected. Invisible characters and `##vso[` are
 * written as `\u` escapes (the value is unchanged).
 *
 * @example
 * ```ts
 * import { toJson } from "./json.ts";
 * import assert from "node:assert/strict";
 * assert.equal(toJson({ a: new Map([["x", 1]]) }), '{\n  "a": {\n    "x": 1\n  }\n}\n');
 * const hostile = { name: "Ana\u202E ##vso[task.complete]" };
 * assert.equal(toJson(hostile), '{\n  "name": "Ana\\u202e ##vso\\u005btask.complete]"\n}\n');
 * assert.deepEqual(JSON.parse(toJson(hostile)), hostile);
 * ```
 */
export function toJson(value: unknown): string {
  return printable(JSON.stringify(value, replacer, 2)) + "\n";
}

/**
 * One NDJSON line (compact JSON + `\n`). JSON.stringify escapes control characters and the
 * rest is written as in {@linkcode toJson}, so a value never spans two lines.
 *
 * @example
 * ```ts
 * import { toNdjsonLine } from "./json.ts";
 * import assert from "node:assert/strict";
 * assert.equal(toNdjsonLine({ name: "a\nb" }), '{"name":"a\\nb"}\n');
 * ```
 */
export function toNdjsonLine(value: unknown): string {
  return printable(JSON.stringify(value, replacer)) + "\n";
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
