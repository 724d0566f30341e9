/**
 * Reading sign-ins from any supported file, streamed end to end: bytes → decoded text → records
 * (NDJSON lines, JSON records found by {@linkcode JsonRecordSplitter}, CSV records from
 * {@linkcode CsvRecordParser}) → {@linkcode SignIn}. Memory holds one read buffer, one unfinished
 * record and — for the portal CSV only — the AuthDetails file's map.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { type InputSource as SignInInput, openInput } from "../io/open.ts";
import { concatBytes } from "../io/bytes.ts";
import { TextChunkDecoder } from "../io/decode.ts";
import { scanLineBreaks } from "../io/lines.ts";
import { detectJsonLayout } from "./layouts/mod.ts";
import { INPUT_FORMAT, type InputFormat, type SignIn } from "./sign_in.ts";
import { createReadStats, type ReadStats } from "./read_stats.ts";
import type { ReadSignInsOptions } from "./read_options.ts";
import { firstLineIsRecord, firstSignificant, JSON_FORMATS, leadingWhiteSpace } from "./_sniff.ts";
import { NDJSON_BATCH, Reader } from "./_record_reader.ts";
import { ScannedJsonArray, ScannedNdjsonLines, type ScannedNdjsonSetup } from "./_scanned_records.ts";

/** What {@linkcode readSignInBatches} accepts: a path (`-` is standard input), a file URL, an open file, or a byte stream. */
export type { SignInInput };

const PEEK_LIMIT = 4 * 1024 * 1024;

/**
 * Reads sign-ins from a file or stream, one {@linkcode SignIn} per source row, yielding the rows
 * of each chunk of input (about 1 MiB) as one array — for NDJSON, arrays of at most 32, for JSON
 * documents, the rows of about 64 KiB of text, so that parsed rows die young — one async step per
 * batch instead of one per row. Rows that cannot be
 * understood are counted in `options.stats` (`badRows`, `badRowSamples`), never silently dropped.
 * A `SignInMerger` (or the report's `ReportPipeline`) folds the rows into logical sign-ins.
 *
 * @param input path, file URL, open file, or byte stream
 * @param options format override, AuthDetails file, counters
 * @returns an async generator of non-empty arrays of sign-ins, in file order
 * @throws {InputError} for undecodable bytes, a truncated JSON file, an unbalanced CSV quote,
 *   an unrecognised CSV header, or content that does not match a forced `inputFormat`
 *
 * @example Batches of a JSON array
 * ```ts
 * import { readSignInBatches } from "./read_sign_ins.ts";
 * import assert from "node:assert/strict";
 * const text = '[{"id":"1","createdDateTime":"2024-05-01T10:00:00Z"},{"id":"2","createdDateTime":"2024-05-01T10:00:01Z"}]';
 * const batches = [];
 * for await (const b of readSignInBatches(new Blob([text]).stream())) batches.push(b.map((s) => s.id));
 * assert.deepEqual(batches, [["1", "2"]]);
 * ```
 *
 * @example Bad rows are counted
 * ```ts
 * import { readSignInBatches } from "./read_sign_ins.ts";
 * import { createReadStats } from "./read_stats.ts";
 * import assert from "node:assert/strict";
 * const text = '{"id":"1","createdDateTime":"2024-05-01T10:00:00Z","status":{"errorCode":0}}\n' +
 *   '{"id":"2","createdDateTime":"2024-05-01T10:01:00Z","status":{"errorCode":"oops"}}\n';
 * const stats = createReadStats();
 * const ids = [];
 * for await (const b of readSignInBatches(new Blob([text]).stream(), { fileName: "s.ndjson", stats })) {
 *   ids.push(...b.map((s) => s.id));
 * }
 * assert.deepEqual(ids, ["1"]);
 * assert.equal(stats.format, "graph-ndjson");
 * assert.equal(stats.badRows, 1);
 * assert.deepEqual(stats.badRowSamples, [{ line: 2, reason: 'status.errorCode: expected an integer, got "oops"' }]);
 * ```
 */
export async function* readSignInBatches(
  input: SignInInput,
  options: ReadSignInsOptions = {},
): AsyncGenerator<readonly SignIn[]> {
  const opened = await openInput(input, {
    kind: "sign-ins",
    ...(options.fileName !== undefined ? { name: options.fileName } : {}),
  });
  const stats = options.stats ?? createReadStats();
  stats.file = opened.name;
  const file = opened.name;
  try {
    const decoder = new TextChunkDecoder(file);
    // the chunks read while looking at the head, kept (copied) for the WebAssembly scanner, unless
    // there are too many (a long run of leading white space)
    const chunks = opened.chunks[Symbol.asyncIterator]();
    let raw: Uint8Array[] | null = [], rawBytes = 0, keep = true;
    const kept = async function* (): AsyncGenerator<Uint8Array> {
      for (;;) {
        const r = await chunks.next();
        if (r.done) return;
        if (keep && raw !== null) {
          raw.push(r.value.slice());
          rawBytes += r.value.length;
          if (rawBytes > 2 * PEEK_LIMIT) raw = null;
        }
        yield r.value;
      }
    };
    const it = decodeText(kept(), decoder, stats)[Symbol.asyncIterator]();
    let head = "";
    let done = false;
    let first = -1;
    // Line breaks in the white space dropped before the first significant character: leading
    // blank text is let go chunk by chunk, never kept or scanned twice.
    let skipped = 0;
    for (;;) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      if (first < 0) {
        first = firstSignificant(r.value);
        if (first < 0) continue; // white space only: let go (the decoder counts its lines)
        head = r.value.slice(first);
        skipped = decoder.line - 1 - scanLineBreaks(head, head.length).count;
        first = 0;
      } else {
        head += r.value;
      }
      if (head.charCodeAt(0) !== 123 || head.indexOf("\n") >= 0 || head.length > PEEK_LIMIT) break;
    }
    if (first < 0) {
      stats.blank = true; // empty or white space only
      return;
    }
    keep = false;
    const texts = resume(head, it, done);
    const c = head[0]!;
    const forced = options.inputFormat;
    const ctx = new Reader(file, stats, options, skipped);
    if (c === "[" || c === "{") {
      if (forced !== undefined && !JSON_FORMATS.has(forced)) {
        throw new InputError(
          `Cannot read ${forced}: the file starts with ${JSON.stringify(c)}, which is JSON, not CSV`,
          { file, line: skipped + 1 },
        );
      }
      if (forced === INPUT_FORMAT.GraphNdjson && c === "[") {
        throw new InputError(
          `Cannot read graph-ndjson: the file starts with "[", a JSON array; use inputFormat graph-json or portal-json`,
          { file, line: skipped + 1 },
        );
      }
      const lines = forced === INPUT_FORMAT.GraphNdjson || (c === "{" && firstLineIsRecord(head, 0));
      const fallback: InputFormat = lines
        ? INPUT_FORMAT.GraphNdjson
        : c === "["
        ? INPUT_FORMAT.PortalJson
        : INPUT_FORMAT.GraphJson;
      ctx.jsonFormat(forced ?? null, fallback);
      const scan = raw !== null && options.scanner !== "json" && (lines || c === "[")
        ? scanFrom(raw, head, skipped, decoder, file, forced, options, !lines)
        : null;
      if (scan !== null && !lines) {
        // a JSON array, one record per line: the bytes go to the WebAssembly scanner chunk by
        // chunk while they look so, then as text
        raw = null;
        const scanned = new ScannedJsonArray(ctx, stats, scan);
        let text: TextChunkDecoder | null = null;
        try {
          for (let bytes: Uint8Array | null = scan.head; bytes !== null;) {
            if (text === null) {
              const r = scanned.chunk(bytes);
              if ("rows" in r) {
                for (let i = 0; i < r.rows.length; i += NDJSON_BATCH) yield r.rows.slice(i, i + NDJSON_BATCH);
              } else {
                text = r.decoder;
                for (const t of r.texts) yield* ctx.jsonBatches(t);
              }
            } else {
              const t = text.decode(bytes);
              if (t !== "") yield* ctx.jsonBatches(t);
            }
            const next = await chunks.next();
            if (next.done) bytes = null;
            else {
              stats.bytes += next.value.length;
              bytes = next.value;
            }
          }
          if (text === null) {
            const r = scanned.end();
            if (r !== null) {
              text = r.decoder;
              for (const t of r.texts) yield* ctx.jsonBatches(t);
            }
          }
          if (text !== null) {
            const t = text.end();
            if (t !== "") yield* ctx.jsonBatches(t);
          }
          const rest = ctx.jsonEnd(stats.bytes);
          if (rest.length > 0) yield rest;
        } finally {
          scanned.release();
        }
        return;
      }
      if (scan !== null) {
        // UTF-8 Graph NDJSON: the bytes go to the WebAssembly scanner, from the head's first record on
        const scanned = new ScannedNdjsonLines(ctx, scan);
        raw = null;
        try {
          scanned.push(scan.head);
          for (let b = scanned.take(NDJSON_BATCH); b !== null; b = scanned.take(NDJSON_BATCH)) yield b;
          for (;;) {
            const r = await chunks.next();
            if (r.done) break;
            stats.bytes += r.value.length;
            scanned.push(r.value);
            for (let b = scanned.take(NDJSON_BATCH); b !== null; b = scanned.take(NDJSON_BATCH)) yield b;
          }
          const rest = scanned.end(stats.bytes);
          if (rest.length > 0) yield rest;
        } finally {
          scanned.release();
        }
        return;
      }
      raw = null;
      for await (const t of texts) {
        if (lines) {
          // Small batches: each row's parsed object dies young instead of a whole chunk's
          // worth of them surviving into the old generation.
          ctx.ndjsonPush(t);
          for (let b = ctx.ndjsonTake(NDJSON_BATCH); b !== null; b = ctx.ndjsonTake(NDJSON_BATCH)) yield b;
        } else {
          yield* ctx.jsonBatches(t);
        }
      }
      const rest = lines ? ctx.ndjsonEnd(decoder.bytesRead) : ctx.jsonEnd(decoder.bytesRead);
      if (rest.length > 0) yield rest;
    } else {
      raw = null; // CSV: read as text
      if (forced !== undefined && JSON_FORMATS.has(forced)) {
        throw new InputError(
          `Cannot read ${forced}: expected JSON ("[" or "{"), the file starts with ${
            JSON.stringify(head.slice(first, first + 20))
          }`,
          { file, line: skipped + 1 },
        );
      }
      yield* ctx.csv(texts, opened.path, options);
    }
  } finally {
    opened.close();
  }
}

async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  decoder: TextChunkDecoder,
  stats: ReadStats,
): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    const t = decoder.decode(chunk);
    stats.encoding = decoder.encoding;
    stats.bytes = decoder.bytesRead;
    if (t !== "") yield t;
  }
  const t = decoder.end();
  stats.encoding = decoder.encoding;
  stats.bytes = decoder.bytesRead;
  if (t !== "") yield t;
}

async function* resume(head: string, it: AsyncIterator<string>, done: boolean): AsyncGenerator<string> {
  yield head;
  if (done) return;
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}

/**
 * Where the WebAssembly scanner takes over an NDJSON file (or, `array`, a JSON array) whose head
 * was decoded: UTF-8, Graph sign-ins (forced, or for NDJSON the first record's layout), the
 * head's bytes at hand, and the bytes before the first record (or `[`) the same white space the
 * text reader skipped. Null: read it as text.
 */
function scanFrom(
  raw: readonly Uint8Array[],
  head: string,
  skippedLines: number,
  decoder: TextChunkDecoder,
  file: string,
  forced: InputFormat | undefined,
  options: ReadSignInsOptions,
  array: boolean,
): (ScannedNdjsonSetup & { head: Uint8Array }) | null {
  const encoding = decoder.encoding;
  if (encoding !== "utf-8" && encoding !== "utf-8-bom") return null;
  if (forced === undefined && !array) {
    const nl = head.indexOf("\n");
    try {
      if (nl < 0 || detectJsonLayout(JSON.parse(head.slice(0, nl))) !== "graph") return null;
    } catch {
      return null;
    }
  } else if (
    forced === INPUT_FORMAT.LaJson || forced === INPUT_FORMAT.PowerShellJson ||
    forced === INPUT_FORMAT.AzureDiagnostics
  ) return null;
  let bytes = raw.length === 1 ? raw[0]! : concatBytes(raw);
  const lead = leadingWhiteSpace(bytes);
  if (lead.lines !== skippedLines || bytes[lead.bytes] !== (array ? 91 : 123)) return null;
  bytes = bytes.subarray(lead.bytes);
  return {
    file,
    encoding,
    maxRecordChars: options.maxRecordChars ?? 16 * 1024 * 1024,
    firstLine: skippedLines + 1,
    firstByte: lead.bytes,
    head: bytes,
    lean: options.lean === true,
  };
}
