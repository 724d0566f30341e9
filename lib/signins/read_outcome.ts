/**
 * The verdict on one sign-in file once read: a file that yields nothing is an error, and so is
 * one with more bad rows than `--max-bad-rows` allows. An empty (or white-space only) file is
 * not an error: it gives a warning and a caveat at the top of the report.
 *
 * @module
 */
import { InputError, UsageError } from "../errors.ts";
import type { ReadStats } from "./read_stats.ts";

/** How many bad rows a file may have: a count, or a share of its rows in percent. */
export type MaxBadRows = { readonly count: number } | { readonly percent: number };

/**
 * The default of `--max-bad-rows`: 1% of a file's rows. Below it a report is written, with the
 * bad rows counted in "Data quality" and a warning; above it the run fails.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_BAD_ROWS } from "./read_outcome.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(DEFAULT_MAX_BAD_ROWS, { percent: 1 });
 * ```
 */
export const DEFAULT_MAX_BAD_ROWS: MaxBadRows = { percent: 1 };

/**
 * Parses `--max-bad-rows N|N%`.
 *
 * @param value the option value
 * @returns the limit
 * @throws {UsageError} for anything but a whole number or a percentage from 0 to 100
 *
 * @example
 * ```ts
 * import { parseMaxBadRows } from "./read_outcome.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseMaxBadRows("25"), { count: 25 });
 * assert.deepEqual(parseMaxBadRows("2.5%"), { percent: 2.5 });
 * assert.throws(() => parseMaxBadRows("lots"), /Cannot use --max-bad-rows "lots"/);
 * ```
 */
export function parseMaxBadRows(value: string): MaxBadRows {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  if (m !== null) {
    const n = Number(m[1]);
    if (m[2] === "%" && n <= 100) return { percent: n };
    if (m[2] === "" && Number.isInteger(n)) return { count: n };
  }
  throw new UsageError(
    `Cannot use --max-bad-rows ${
      JSON.stringify(value)
    }: expected a whole number of rows (e.g. 10) or a percentage from 0 to 100 (e.g. 1%)`,
  );
}

/**
 * Describes a limit for messages: `1%`, `10 rows`.
 *
 * @param max the limit
 * @returns its text
 *
 * @example
 * ```ts
 * import { describeMaxBadRows } from "./read_outcome.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeMaxBadRows({ percent: 1 }), "1%");
 * assert.equal(describeMaxBadRows({ count: 1 }), "1 row");
 * ```
 */
export function describeMaxBadRows(max: MaxBadRows): string {
  return "percent" in max ? `${max.percent}%` : `${max.count} row${max.count === 1 ? "" : "s"}`;
}

/** What a file that was read gives the report beyond its rows. */
export interface ReadOutcome {
  /** A warning line for stderr, if any. */
  readonly warning?: string;
  /** A caveat for the top of the report, if any. */
  readonly caveat?: string;
}

function firstBad(stats: ReadStats): string {
  const s = stats.badRowSamples[0];
  return s === undefined ? "" : `; first, line ${s.line}: ${s.reason}`;
}

/**
 * Judges one file once read.
 *
 * @param stats the counters {@linkcode readSignInBatches} filled for it
 * @param max the `--max-bad-rows` limit
 * @returns a warning and a caveat for an empty file; nothing for a good one
 * @throws {InputError} naming the file, the layout tried and what was seen, when a non-empty file
 *   gave no sign-in, or more bad rows than allowed
 *
 * @example
 * ```ts
 * import { checkReadOutcome } from "./read_outcome.ts";
 * import { createReadStats } from "./read_stats.ts";
 * import assert from "node:assert/strict";
 * const s = { ...createReadStats(), file: "x.json", format: "graph-json" as const, records: 3, badRows: 3,
 *   badRowSamples: [{ line: 1, reason: "not a sign-in: no id, correlationId or createdDateTime" }] };
 * assert.throws(() => checkReadOutcome(s, { percent: 1 }), /^InputError: x\.json: Cannot read sign-ins: 0 of 3 record\(s\) read as graph-json/);
 * assert.match(checkReadOutcome({ ...createReadStats(), file: "e.csv", blank: true }, { percent: 1 }).caveat ?? "", /e\.csv is empty/);
 * ```
 */
export function checkReadOutcome(stats: ReadStats, max: MaxBadRows): ReadOutcome {
  const file = stats.file;
  if (stats.blank) {
    return {
      warning: `${file} is empty (no data, or white space only): it adds no sign-ins`,
      caveat: `The input file ${file} is empty: it adds no sign-ins to this report.`,
    };
  }
  const layout = stats.format ?? "no known layout";
  if (stats.signIns === 0) {
    throw new InputError(
      `Cannot read sign-ins: 0 of ${stats.records} record(s) read as ${layout} gave a sign-in${
        firstBad(stats)
      }`,
      { file },
    );
  }
  const allowed = "percent" in max ? Math.floor(stats.records * max.percent / 100) : max.count;
  if (stats.badRows > allowed) {
    throw new InputError(
      `Cannot read sign-ins: ${stats.badRows} of ${stats.records} record(s) read as ${layout} could not be understood, more than --max-bad-rows ${
        describeMaxBadRows(max)
      } allows${firstBad(stats)}`,
      { file },
    );
  }
  return {};
}
