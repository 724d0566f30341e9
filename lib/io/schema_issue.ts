/**
 * Turns the first problem a `zod` schema finds in a JSON(C) document into the project's one-line
 * message: `file:line:column: Cannot use the <what>: <path>: expected …, got …`. The schemas
 * say what they expect with the helpers here ({@linkcode expectedError}, {@linkcode strictError});
 * a message may ask to be reported at the parent's path (a missing key is reported at its
 * object, as "expected a "rules" key …") or at a member's path (an unknown key, a bad
 * discriminator). Positions come from {@linkcode JsoncDocument.positions}.
 *
 * @module
 */
import type { z } from "zod";
import { InputError } from "../errors.ts";
import { elementPath, type JsoncDocument, memberPath, type TextPosition } from "./jsonc.ts";

const MARK = "\u0001";

/**
 * A message to report at the parent's path (the object that lacks a key).
 *
 * @example
 * ```ts
 * import { atParent } from "./schema_issue.ts";
 * import assert from "node:assert/strict";
 * assert.equal(atParent("x").endsWith("x"), true);
 * ```
 */
export function atParent(detail: string): string {
  return `${MARK}^${detail}`;
}

/**
 * A message to report at a member of the value's path (`key`).
 *
 * @example
 * ```ts
 * import { atMember } from "./schema_issue.ts";
 * import assert from "node:assert/strict";
 * assert.equal(atMember("id", "x").endsWith("x"), true);
 * ```
 */
export function atMember(key: string, detail: string): string {
  return `${MARK}.${key}${MARK}${detail}`;
}

/**
 * How a value is shown after "got": strings quoted (cut at 60), containers by kind.
 *
 * @example
 * ```ts
 * import { describeValue } from "./schema_issue.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([describeValue("a"), describeValue([]), describeValue(null), describeValue(2)], ['"a"', "an array", "null", "2"]);
 * ```
 */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

function suggestion(key: string, allowed: readonly string[]): string {
  const close = allowed.find((k) => k.toLowerCase() === key.toLowerCase()) ??
    allowed.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return close === undefined ? "" : ` (did you mean "${close}"?)`;
}

/** The part of a zod issue the error helpers read. */
interface RawIssue {
  readonly code?: string | undefined;
  readonly input?: unknown;
  readonly keys?: readonly string[] | undefined;
}

/**
 * The `error` of a schema: "expected <what>, got <value>", or `missing` (reported at the
 * parent's path) when the key is absent.
 *
 * @example
 * ```ts
 * import { expectedError } from "./schema_issue.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expectedError("true or false")({ input: "yes" }), 'expected true or false, got "yes"');
 * ```
 */
export function expectedError(what: string, missing?: string): (iss: RawIssue) => string {
  return (iss) =>
    iss.input === undefined && missing !== undefined
      ? atParent(missing)
      : `expected ${what}, got ${describeValue(iss.input)}`;
}

/**
 * The `error` of a strict object: an unknown key is reported at its own path, with a
 * suggestion when it is close to an allowed one; anything else is "expected an object".
 *
 * @example
 * ```ts
 * import { strictError } from "./schema_issue.ts";
 * import assert from "node:assert/strict";
 * assert.match(strictError(["rules"])({ code: "unrecognized_keys", keys: ["rule"] }), /did you mean "rules"/);
 * ```
 */
export function strictError(allowed: readonly string[], missing?: string): (iss: RawIssue) => string {
  return (iss) => {
    const key = iss.keys?.[0];
    if (iss.code === "unrecognized_keys" && key !== undefined) {
      return atMember(key, `unknown key${suggestion(key, allowed)}; expected one of ${allowed.join(", ")}`);
    }
    return expectedError("an object", missing)(iss);
  };
}

/**
 * The issue reported: the first one, except that an unknown key of an object comes before
 * the other problems inside that object (a misspelt key also shows as a missing one).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { firstIssue } from "./schema_issue.ts";
 * import assert from "node:assert/strict";
 * const r = z.strictObject({ rules: z.array(z.number()) }).safeParse({ rule: [] });
 * assert.equal(firstIssue(r.error?.issues ?? [])?.code, "unrecognized_keys");
 * ```
 */
export function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  const first = issues[0];
  if (first === undefined) return undefined;
  const unknown = issues.find((i) =>
    i.code === "unrecognized_keys" && i.path.length < first.path.length + 1 &&
    i.path.every((p, k) => first.path[k] === p)
  );
  return unknown ?? first;
}

/**
 * The path (`rules[2].threshold`) and detail of an issue, markers applied.
 *
 * @example
 * ```ts
 * import { atParent, issueWhere } from "./schema_issue.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(issueWhere(["rules", 0, "threshold"], atParent('expected a "threshold" key')),
 *   { path: "rules[0]", detail: 'expected a "threshold" key' });
 * ```
 */
export function issueWhere(
  path: readonly PropertyKey[],
  message: string,
): { path: string; detail: string } {
  let segments = [...path];
  let detail = message;
  if (detail.startsWith(`${MARK}^`)) {
    segments = segments.slice(0, -1);
    detail = detail.slice(2);
  } else if (detail.startsWith(`${MARK}.`)) {
    const end = detail.indexOf(MARK, 2);
    segments.push(detail.slice(2, end));
    detail = detail.slice(end + 1);
  }
  let p = "";
  for (const s of segments) p = typeof s === "number" ? elementPath(p, s) : memberPath(p, String(s));
  return { path: p, detail };
}

function nearestPosition(doc: JsoncDocument, path: string): TextPosition | undefined {
  let p = doc.positions.get(path);
  for (let up = path; p === undefined && up !== "";) {
    const parent = up.replace(/(\.[^.[]*|\[[^\]]*\])$/, "");
    up = parent === up ? "" : parent; // a top-level key's parent is the root
    p = doc.positions.get(up);
  }
  return p;
}

/**
 * Validates a parsed document against a schema, or throws the first problem as an
 * {@linkcode InputError} at its line and column: `<prefix>: <path>: <detail>`.
 *
 * @param schema the schema (its errors written with the helpers of this module)
 * @param doc the parsed document
 * @param file the file name, for the message
 * @param prefix e.g. "Cannot use the compliance policy"
 * @returns the schema's output
 * @throws {InputError} naming the line, column and key path of the first problem
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { parseJsonc } from "./jsonc.ts";
 * import { expectedError, validateDocument } from "./schema_issue.ts";
 * import assert from "node:assert/strict";
 * const s = z.object({ n: z.number({ error: expectedError("a number") }) });
 * const doc = parseJsonc('{ "n": "x" }', "a.jsonc", "file");
 * assert.throws(() => validateDocument(s, doc, "a.jsonc", "Cannot use it"), /^InputError: a\.jsonc:1:8: Cannot use it: n: expected a number, got "x"$/);
 * ```
 */
export function validateDocument<S extends z.ZodType>(
  schema: S,
  doc: JsoncDocument,
  file: string,
  prefix: string,
): z.output<S> {
  const r = schema.safeParse(doc.value);
  if (r.success) return r.data;
  const issue = firstIssue(r.error.issues);
  const { path, detail } = issueWhere(issue?.path ?? [], issue?.message ?? "invalid");
  const p = nearestPosition(doc, path);
  throw new InputError(
    `${prefix}: ${path === "" ? "" : `${path}: `}${detail}`,
    p === undefined ? { file } : { file, line: p.line, column: p.column },
  );
}
