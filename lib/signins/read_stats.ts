/**
 * What reading a sign-in file counted: records, bad rows (with the first reasons), format, layout,
 * encoding, bytes, the portal AuthDetails join.
 *
 * @module
 */
import type { TextEncodingName } from "../io/decode.ts";
import type { DateOrder } from "../time/date_time.ts";
import type { InputFormat } from "./sign_in.ts";

/** A bad row: where it is and why it was not understood. */
export interface BadRowSample {
  /** 1-based line where the row starts. */
  readonly line: number;
  /** What was wrong, e.g. `status.errorCode: expected an integer, got "abc"`. */
  readonly reason: string;
}

/** What was read from the portal AuthDetails file. */
export interface AuthDetailsStats {
  /** Its name. */
  file: string;
  /** Data rows (authentication steps) read. */
  rows: number;
  /** Distinct Request IDs. */
  requests: number;
  /** Sign-in rows that found their Request ID in it. */
  matched: number;
}

/** Counters {@linkcode readSignInBatches} fills while it reads (pass one in `options.stats`). */
export interface ReadStats {
  /** Input name. */
  file: string;
  /** Format read (detected or forced); null until known (and for an empty file). */
  format: InputFormat | null;
  /** Text encoding detected. */
  encoding: TextEncodingName | null;
  /** Bytes read. */
  bytes: number;
  /** Records (rows) seen, good and bad; blank lines not counted. */
  records: number;
  /** Sign-ins produced. */
  signIns: number;
  /** Records that could not be understood. */
  badRows: number;
  /** The first few bad rows (see `maxBadRowSamples`). */
  badRowSamples: BadRowSample[];
  /** The portal AuthDetails file joined, if any. */
  authDetails: AuthDetailsStats | null;
  /** The layout read (layouts/ id, e.g. `la-service-principal`); null until known. */
  layout: string | null;
  /** Key fields the file does not carry, each with what cannot be counted without it. */
  missingFields: string[];
  /** Day/month order used for culture-formatted dates, and where it came from; null when none was needed. */
  dateOrder: { order: DateOrder; from: "option" | "file" | "notNeeded" } | null;
  /** The file held nothing but white space (or nothing at all). */
  blank: boolean;
}

/**
 * Fresh, zeroed {@linkcode ReadStats}.
 *
 * @returns counters to pass as `options.stats`
 *
 * @example Fresh counters
 * ```ts
 * import { createReadStats } from "./read_stats.ts";
 * import assert from "node:assert/strict";
 * assert.equal(createReadStats().badRows, 0);
 * ```
 */
export function createReadStats(): ReadStats {
  return {
    file: "",
    format: null,
    encoding: null,
    bytes: 0,
    records: 0,
    signIns: 0,
    badRows: 0,
    badRowSamples: [],
    authDetails: null,
    layout: null,
    missingFields: [],
    dateOrder: null,
    blank: false,
  };
}
