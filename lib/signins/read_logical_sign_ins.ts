/**
 * Reading and merging in one call.
 *
 * @module
 */
import type { SignInInput } from "./read_sign_ins.ts";
import { readSignIns, type ReadSignInsOptions } from "./read_sign_ins.ts";
import { type LogicalSignIn, type MergeOptions, mergeSignIns, type MergeStats } from "./merge.ts";

/** Options of {@linkcode readLogicalSignIns}: those of both steps. */
export interface ReadLogicalSignInsOptions extends ReadSignInsOptions, Omit<MergeOptions, "stats"> {
  /** Merge counters to fill. */
  mergeStats?: MergeStats;
}

/**
 * {@linkcode readSignIns} piped into {@linkcode mergeSignIns}.
 *
 * @param input path, file URL, open file, or byte stream
 * @param options read and merge options; `stats` gets the read counters, `mergeStats` the merge ones
 * @returns an async generator of logical sign-ins
 *
 * @example An interrupt and its completion from NDJSON
 * ```ts
 * import { readLogicalSignIns } from "./read_logical_sign_ins.ts";
 * import assert from "node:assert/strict";
 * const rows = [
 *   { id: "1", correlationId: "c", userId: "u", createdDateTime: "2024-05-01T10:00:00Z", status: { errorCode: 50074 } },
 *   { id: "2", correlationId: "c", userId: "u", createdDateTime: "2024-05-01T10:00:20Z", status: { errorCode: 0 } },
 * ];
 * const stream = new Blob([rows.map((r) => JSON.stringify(r)).join("\n")]).stream();
 * const out = [];
 * for await (const l of readLogicalSignIns(stream, { fileName: "s.ndjson" })) out.push(l);
 * assert.equal(out.length, 1);
 * assert.equal(out[0]?.signIn.errorCode, 0);
 * assert.equal(out[0]?.rows, 2);
 * ```
 */
export function readLogicalSignIns(
  input: SignInInput,
  options: ReadLogicalSignInsOptions = {},
): AsyncGenerator<LogicalSignIn> {
  const {
    mergeStats,
    horizonMinutes,
    maxBufferedRows,
    maxGroupRows,
    rememberIds,
    interruptErrorCodes,
    ...read
  } = options;
  const merge: MergeOptions = {};
  if (mergeStats !== undefined) merge.stats = mergeStats;
  if (horizonMinutes !== undefined) merge.horizonMinutes = horizonMinutes;
  if (maxBufferedRows !== undefined) merge.maxBufferedRows = maxBufferedRows;
  if (maxGroupRows !== undefined) merge.maxGroupRows = maxGroupRows;
  if (rememberIds !== undefined) merge.rememberIds = rememberIds;
  if (interruptErrorCodes !== undefined) merge.interruptErrorCodes = interruptErrorCodes;
  return mergeSignIns(readSignIns(input, read), merge);
}
