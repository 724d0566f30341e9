/**
 * The result shape shared by the simple enum classifiers: a recognised member (`known`, with
 * its stable camelCase id) or `unknown`, which keeps the raw value so a report can still show
 * what Graph sent.
 *
 * @module
 */

/** A value recognised as the member `id`. */
export interface Known<Id extends string> {
  /** Discriminant. */
  readonly kind: "known";
  /** The stable camelCase id (used in JSON output). */
  readonly id: Id;
}

/** A value no table recognised (new Graph member, sentinel, wrong type); `raw` is the input. */
export interface Unknown {
  /** Discriminant. */
  readonly kind: "unknown";
  /** The input, unchanged. */
  readonly raw: unknown;
}

/** What a simple `classifyX()` returns. */
export type Classified<Id extends string> = Known<Id> | Unknown;

/**
 * Builds an {@linkcode Unknown} result.
 *
 * @param raw The unrecognised input.
 * @returns `{ kind: "unknown", raw }`.
 *
 * @example Usage
 * ```ts
 * import { unknownValue } from "./classified.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(unknownValue("new"), { kind: "unknown", raw: "new" });
 * ```
 */
export function unknownValue(raw: unknown): Unknown {
  return { kind: "unknown", raw };
}

/**
 * The id of a classified value, or `"unknown"`: handy as a grouping key in reports.
 *
 * @param c A classifier result.
 * @returns `c.id` or `"unknown"`.
 *
 * @example Grouping by id
 * ```ts
 * import { classifiedId } from "./classified.ts";
 * import assert from "node:assert/strict";
 * assert.equal(classifiedId({ kind: "known", id: "guest" }), "guest");
 * assert.equal(classifiedId({ kind: "unknown", raw: 42 }), "unknown");
 * ```
 */
export function classifiedId<Id extends string>(c: Classified<Id>): Id | "unknown" {
  return c.kind === "known" ? c.id : "unknown";
}

/**
 * Shows a raw input for humans: strings as they are, numbers, booleans and bigints as text,
 * anything else as its type in angle brackets. Never throws (it reads no object property).
 *
 * @param raw Any value.
 * @returns A one-line description.
 *
 * @example Usage
 * ```ts
 * import { rawText } from "./classified.ts";
 * import assert from "node:assert/strict";
 * assert.equal(rawText("newMember"), "newMember");
 * assert.equal(rawText(7), "7");
 * assert.equal(rawText(null), "<null>");
 * assert.equal(rawText({ a: 1 }), "<object>");
 * ```
 */
export function rawText(raw: unknown): string {
  switch (typeof raw) {
    case "string":
      return raw;
    case "number":
    case "boolean":
    case "bigint":
      return String(raw);
    case "undefined":
      return "<undefined>";
    default:
      return raw === null ? "<null>" : `<${typeof raw}>`;
  }
}

/**
 * A label for a classified value: the member's label, or `Unknown (<raw>)`.
 *
 * @param c A classifier result.
 * @param label The classifier's `labelX` function.
 * @returns The human label.
 *
 * @example Usage
 * ```ts
 * import { describeClassified } from "./classified.ts";
 * import assert from "node:assert/strict";
 * const label = (id: "a") => id.toUpperCase();
 * assert.equal(describeClassified({ kind: "known", id: "a" }, label), "A");
 * assert.equal(describeClassified({ kind: "unknown", raw: "zz" }, label), "Unknown (zz)");
 * ```
 */
export function describeClassified<Id extends string>(c: Classified<Id>, label: (id: Id) => string): string {
  return c.kind === "known" ? label(c.id) : `Unknown (${rawText(c.raw)})`;
}
