/**
 * What a sign-in layout is, as data: who produces it, how it is recognised, which column is the
 * sign-in time (with its fallbacks, in order), how dates are written and what it cannot carry.
 * One file per layout in this folder; {@linkcode LAYOUTS} in mod.ts lists them in detection order.
 *
 * @module
 */
import type { InputFormat } from "../sign_in.ts";

/** One accepted input layout. */
export interface SignInLayout {
  /** Stable id, e.g. `la-service-principal`. */
  readonly id: string;
  /** The `format` reported in the report's `sources` and accepted by `--input-format`. */
  readonly format: InputFormat;
  /** Short name for messages. */
  readonly label: string;
  /** What produces it. */
  readonly producedBy: string;
  /** How it is recognised. */
  readonly detectedBy: string;
  /** The sign-in time: the first of these columns that has a value (fallback order). */
  readonly timeColumns: readonly string[];
  /** How its dates are written. */
  readonly dateCulture: string;
  /** What it cannot carry, or limits of the producer. */
  readonly limits: string;
  /**
   * Fields whose absence a report must state (the column, and what cannot be counted without it).
   * Checked against the first record's keys (JSON) or the header (CSV).
   */
  readonly keyFields?: readonly { readonly column: string; readonly without: string }[];
}

/**
 * The first keys of a record, quoted, for a refusal message.
 *
 * @param o a record
 * @param max how many keys
 * @returns e.g. `"a", "b", … (12 keys)`
 *
 * @example
 * ```ts
 * import { firstKeys } from "./layout.ts";
 * import assert from "node:assert/strict";
 * assert.equal(firstKeys({ a: 1, b: 2 }), '"a", "b"');
 * assert.equal(firstKeys({ a: 1, b: 2, c: 3 }, 2), '"a", "b", … (3 keys)');
 * ```
 */
export function firstKeys(o: Record<string, unknown>, max = 6): string {
  const keys = Object.keys(o);
  const shown = keys.slice(0, max).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)).join(
    ", ",
  );
  return keys.length > max ? `${shown}, … (${keys.length} keys)` : shown || "(no keys)";
}
