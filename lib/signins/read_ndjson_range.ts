/**
 * NDJSON files read in line-aligned ranges (by the `--threads` workers): the plan decided from the
 * file's head, and one range read as the sequential reader would read its lines.
 *
 * @module
 */
import { TextChunkDecoder, type TextEncodingName } from "../io/decode.ts";
import { INPUT_FORMAT, type InputFormat, type SignIn } from "./sign_in.ts";
import { type BadRowSample, createReadStats } from "./read_stats.ts";
import type { ReadSignInsOptions } from "./read_options.ts";
import { firstLineIsRecord, firstSignificant, JSON_FORMATS, leadingWhiteSpace } from "./_sniff.ts";
import { NDJSON_BATCH, Reader } from "./_record_reader.ts";
import { NDJSON_PIECE, ScannedNdjsonLines } from "./_scanned_records.ts";
import { CaPolicyTable } from "./_ca_policy_table.ts";

/**
 * How an NDJSON file is read in line-aligned ranges (by workers): what the sequential reader
 * would decide from the file's head, so every range is read as the whole file would be.
 */
export interface NdjsonRangePlan {
  /** The format the first record decided (or the forced one): every range is read as it. */
  readonly format: InputFormat;
  /** `stats.layout` after the first record. */
  readonly layout: string | null;
  /** `stats.missingFields` after the first record. */
  readonly missingFields: readonly string[];
  /** The encoding (UTF-8, with or without BOM). */
  readonly encoding: TextEncodingName;
  /** Bytes before the first record (BOM, leading white space). */
  readonly skipBytes: number;
  /** Line breaks in those bytes. */
  readonly skippedLines: number;
}

/**
 * Decides from the first bytes of a file whether it can be read in line-aligned ranges: a UTF-8
 * NDJSON file whose first line is a record of a known layout. Null when it cannot (a JSON
 * document, CSV, UTF-16, a first line that does not parse or matches no layout, a first line
 * longer than `head`): the file is then read by {@linkcode readSignInBatches}, which also gives
 * the errors.
 *
 * @param head the file's first bytes (at least its first line, when it is shorter than 4 MiB)
 * @param file name for messages
 * @param options as for {@linkcode readSignIns} (`inputFormat`, `eventType`)
 * @returns the plan, or null
 *
 * @example
 * ```ts
 * import { planNdjsonRanges } from "./read_ndjson_range.ts";
 * import assert from "node:assert/strict";
 * const head = new TextEncoder().encode('\n{"id":"1","createdDateTime":"2026-11-20T10:00:00Z"}\n{"id":"2"');
 * assert.equal(planNdjsonRanges(head, "s.ndjson")?.skippedLines, 1);
 * assert.equal(planNdjsonRanges(new TextEncoder().encode('[{"id":"1"}]\n'), "s.json"), null);
 * ```
 */
export function planNdjsonRanges(
  head: Uint8Array,
  file: string,
  options: ReadSignInsOptions = {},
): NdjsonRangePlan | null {
  const forced = options.inputFormat;
  if (forced !== undefined && !JSON_FORMATS.has(forced)) return null;
  const { bytes: skipBytes, lines: skippedLines } = leadingWhiteSpace(head);
  if (head[skipBytes] !== 123) return null; // "{"
  const nl = head.indexOf(10, skipBytes);
  if (nl < 0) return null;
  const decoder = new TextChunkDecoder(file);
  let text: string;
  try {
    text = decoder.decode(head.subarray(0, nl + 1));
  } catch {
    return null;
  }
  const encoding = decoder.encoding;
  if (encoding !== "utf-8" && encoding !== "utf-8-bom") return null;
  const first = firstSignificant(text);
  if (first < 0 || text.charCodeAt(first) !== 123) return null;
  if (forced !== INPUT_FORMAT.GraphNdjson && !firstLineIsRecord(text, first)) return null;
  const stats = createReadStats();
  const reader = new Reader(file, stats, options, skippedLines);
  reader.jsonFormat(forced ?? null, INPUT_FORMAT.GraphNdjson);
  try {
    reader.value(JSON.parse(text.slice(first, text.indexOf("\n", first))), skippedLines + 1);
  } catch {
    return null;
  }
  if (stats.format === null) return null;
  return {
    format: stats.format,
    layout: stats.layout,
    missingFields: [...stats.missingFields],
    encoding,
    skipBytes,
    skippedLines,
  };
}

/** What {@linkcode readNdjsonRange} read from one range. */
export interface NdjsonRangeResult {
  /** The sign-ins, in order. */
  signIns: SignIn[];
  /** Records seen (good and bad). */
  records: number;
  /** Bad records. */
  badRows: number;
  /** The first bad rows, lines counted from the range's first line (1). */
  badRowSamples: BadRowSample[];
  /** Line feeds in the range's own bytes. */
  lines: number;
}

/** What {@linkcode readNdjsonRange} needs besides the bytes. */
export interface NdjsonRangeOptions {
  /** File name for messages. */
  file: string;
  /** The plan's format. */
  format: InputFormat;
  /** Event type for records whose source does not say. */
  eventType?: string;
  /** Bad-row samples kept. @default 5 */
  maxBadRowSamples?: number;
  /** Longest line, in characters. @default 16777216 */
  maxRecordChars?: number;
  /** Whether the bytes start with the cutter's added blank line (`RANGE_PREFIX`). */
  prefixed: boolean;
  /** Total bytes of the file, for the message of a cut-off last line (last range only). */
  totalBytes?: number;
  /**
   * How lines are read: `json` decodes the bytes and `JSON.parse`s each line; `wasm` walks the
   * bytes with the WebAssembly scanner (`lib/io/wasm/json_scan.ts`) and hands the Graph mapper
   * only its fields (same sign-ins, bad rows and errors; used for the Graph layouts in UTF-8,
   * else the text path). @default "wasm"
   */
  scanner?: "json" | "wasm";
  /** As `ReadSignInsOptions.lean`. @default false */
  lean?: boolean;
  /**
   * What the ranges of one chunk share ({@linkcode newNdjsonRangeShared}): their rows then share
   * their Conditional Access entries as the rows of a file read in one pass do (the same values;
   * a table per range made new objects, and new entries for the report's caches, every range).
   * @default one of its own
   */
  shared?: NdjsonRangeShared;
}

/** What the ranges of one chunk share (opaque): the Conditional Access entries of its rows. */
export interface NdjsonRangeShared {
  /** @internal */
  readonly caPolicies: CaPolicyTable;
}

/**
 * A new {@linkcode NdjsonRangeShared}, for the ranges of one chunk, read one after the other in
 * one thread.
 *
 * @returns it (nothing shared yet)
 *
 * @example Two ranges' equal entries, one object
 * ```ts
 * import { newNdjsonRangeShared, readNdjsonRange } from "./read_ndjson_range.ts";
 * import assert from "node:assert/strict";
 * const line = '{"id":"ID","createdDateTime":"2026-11-20T10:00:00Z","appliedConditionalAccessPolicies":[{"id":"p1","displayName":"MFA","result":"success","enforcedGrantControls":["Mfa"],"enforcedSessionControls":[]}]}\n';
 * const shared = newNdjsonRangeShared();
 * const read = (id: string) =>
 *   readNdjsonRange(new TextEncoder().encode(line.replace("ID", id)), { file: "s.ndjson", format: "graph-ndjson", prefixed: false, shared }).signIns[0]!;
 * const [a, b] = [read("1"), read("2")];
 * assert.equal(a.appliedConditionalAccessPolicies![0], b.appliedConditionalAccessPolicies![0]);
 * ```
 */
export function newNdjsonRangeShared(): NdjsonRangeShared {
  return { caPolicies: new CaPolicyTable() };
}

/**
 * Reads one line-aligned range of an NDJSON file (from `lib/io/line_ranges.ts`) as the
 * sequential reader reads those lines: same decoder, line splitter, limits and mapper. Errors
 * and bad rows carry lines counted from the range's first line (1); the caller adds the lines
 * before the range.
 *
 * @param bytes the range
 * @param o format, limits and where the range is
 * @param each when given, takes the sign-ins in small batches as they are parsed (each batch's
 *   rows die young, as with the sequential reader) and `signIns` stays empty
 * @returns the sign-ins and counters
 * @throws {InputError} as {@linkcode readSignInBatches} would for these lines
 *
 * @example
 * ```ts
 * import { readNdjsonRange } from "./read_ndjson_range.ts";
 * import assert from "node:assert/strict";
 * const bytes = new TextEncoder().encode(' \n{"id":"1","createdDateTime":"2026-11-20T10:00:00Z"}\nnot json\n');
 * const r = readNdjsonRange(bytes, { file: "s.ndjson", format: "graph-ndjson", prefixed: true });
 * assert.deepEqual([r.signIns.length, r.badRows, r.lines, r.badRowSamples[0]?.line], [1, 1, 2, 2]);
 * ```
 */
export function readNdjsonRange(
  bytes: Uint8Array,
  o: NdjsonRangeOptions,
  each?: (batch: SignIn[]) => void,
): NdjsonRangeResult {
  const stats = createReadStats();
  const first = o.prefixed ? 0 : 1;
  const reader = new Reader(
    o.file,
    stats,
    {
      ...(o.eventType !== undefined ? { eventType: o.eventType } : {}),
      ...(o.maxBadRowSamples !== undefined ? { maxBadRowSamples: o.maxBadRowSamples } : {}),
      ...(o.maxRecordChars !== undefined ? { maxRecordChars: o.maxRecordChars } : {}),
      ...(o.lean === true ? { lean: true } : {}),
    },
    first - 1,
    o.shared?.caPolicies,
  );
  reader.jsonFormat(o.format, o.format);
  const scanned = (o.scanner ?? "wasm") === "wasm" ? scanNdjsonRange(bytes, o, reader, each) : null;
  if (scanned !== null) {
    return {
      signIns: scanned.signIns,
      records: stats.records,
      badRows: stats.badRows,
      badRowSamples: stats.badRowSamples,
      lines: scanned.lines - (o.prefixed ? 1 : 0),
    };
  }
  const decoder = new TextChunkDecoder(o.file);
  const text = decoder.decode(bytes) + decoder.end();
  const signIns: SignIn[] = [];
  // pieces of at most 1 Mi characters, as the sequential reader gets them: an over-long line
  // is refused the same way
  for (let p = 0; p < text.length; p += NDJSON_PIECE) {
    reader.ndjsonPush(p === 0 && text.length <= NDJSON_PIECE ? text : text.slice(p, p + NDJSON_PIECE));
    const max = each === undefined ? Infinity : NDJSON_BATCH;
    for (let b = reader.ndjsonTake(max); b !== null; b = reader.ndjsonTake(max)) {
      if (each !== undefined) each(b);
      else for (let i = 0; i < b.length; i++) signIns.push(b[i]!);
    }
  }
  const rest = reader.ndjsonEnd(o.totalBytes ?? bytes.length);
  if (each !== undefined) {
    if (rest.length > 0) each(rest);
  } else for (const s of rest) signIns.push(s);
  return {
    signIns,
    records: stats.records,
    badRows: stats.badRows,
    badRowSamples: stats.badRowSamples,
    lines: decoder.line - 1 - (o.prefixed ? 1 : 0),
  };
}

/**
 * {@linkcode readNdjsonRange} with the WebAssembly scanner: the range is pushed whole (the text
 * reader decodes it whole). Null when the range is not for it (a layout other than Graph's, not
 * UTF-8): then read it as text.
 */
function scanNdjsonRange(
  bytes: Uint8Array,
  o: NdjsonRangeOptions,
  reader: Reader,
  each: ((batch: SignIn[]) => void) | undefined,
): { signIns: SignIn[]; lines: number } | null {
  if (
    o.format === INPUT_FORMAT.LaJson || o.format === INPUT_FORMAT.PowerShellJson ||
    o.format === INPUT_FORMAT.AzureDiagnostics || bytes.length < 4
  ) return null;
  const probe = new TextChunkDecoder(o.file);
  try {
    probe.decode(bytes.subarray(0, 4));
  } catch {
    return null; // the text reader gives the error
  }
  if (probe.encoding !== "utf-8" && probe.encoding !== "utf-8-bom") return null;
  const start = probe.encoding === "utf-8-bom" ? 3 : 0;
  const lines = new ScannedNdjsonLines(reader, {
    file: o.file,
    encoding: probe.encoding,
    maxRecordChars: o.maxRecordChars ?? 16 * 1024 * 1024,
    firstLine: o.prefixed ? 0 : 1,
    firstByte: start,
    range: bytes,
    lean: o.lean === true,
  });
  const signIns: SignIn[] = [];
  const max = each === undefined ? Infinity : NDJSON_BATCH;
  const take = (b: SignIn[]) => {
    if (each !== undefined) each(b);
    else for (let i = 0; i < b.length; i++) signIns.push(b[i]!);
  };
  try {
    const PUSH = 1 << 20;
    for (let p = start; p < bytes.length; p += PUSH) {
      lines.push(bytes.subarray(p, Math.min(bytes.length, p + PUSH)));
      for (let b = lines.take(max); b !== null; b = lines.take(max)) take(b);
    }
    const rest = lines.end(o.totalBytes ?? bytes.length);
    if (rest.length > 0) take(rest);
    return { signIns, lines: lines.lines };
  } finally {
    lines.release();
  }
}
