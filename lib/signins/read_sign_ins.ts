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
import { TextChunkDecoder, type TextEncodingName } from "../io/decode.ts";
import { JsonRecordSplitter } from "../io/json_records.ts";
import { NdjsonLineSplitter } from "../io/ndjson_lines.ts";
import { scanLineBreaks } from "../io/lines.ts";
import { findInvalidUtf8, pendingUtf8Start } from "../io/_unicode.ts";
import { LINE_STATUS, NdjsonByteScanner } from "../io/wasm/json_scan.ts";
import { GRAPH_SIGN_IN_FIELDS } from "./graph_fields.ts";
import { CsvRecordParser } from "../io/csv_records.ts";
import { CaPolicyTable } from "./_ca_policy_table.ts";
import { mapGraphSignIn } from "./map_graph.ts";
import { mapLogAnalyticsSignIn } from "./map_log_analytics.ts";
import {
  type CsvRowResult,
  DepthCutError,
  depthCutMessage,
  mapPowerShellSignIn,
  PowerShellCsvMapper,
} from "./map_powershell.ts";
import { type DateOrder } from "../time/date_time.ts";
import {
  detectJsonLayout,
  firstKeys,
  GRAPH_LAYOUT,
  isPowerShellCsvHeader,
  JSON_LAYOUTS_TRIED,
  laLayoutOfTable,
  POWERSHELL_JSON_LAYOUT,
  type SignInLayout,
} from "./layouts/mod.ts";
import { mapDiagnosticSignIn } from "./map_diagnostic.ts";
import {
  csvHeaderKind,
  normalizeHeader,
  PortalAuthDetailsCollector,
  PortalCsvMapper,
  portalEventTypeFromFileName,
} from "./map_portal_csv.ts";
import {
  type AuthenticationDetail,
  INPUT_FORMAT,
  type InputFormat,
  type MapContext,
  type MapResult,
  type SignIn,
  type SignInSource,
} from "./sign_in.ts";

/** What {@linkcode readSignInBatches} accepts: a path (`-` is standard input), a file URL, an open file, or a byte stream. */
export type { SignInInput };

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
 * import { createReadStats } from "./read_sign_ins.ts";
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

/** Options of {@linkcode readSignInBatches}. */
export interface ReadSignInsOptions {
  /** Skip detection and read as this format. @default detected from the first bytes / CSV header */
  inputFormat?: InputFormat;
  /** Name used in messages and `source.file` (streams and open files have none). @default the path, or "<stream>" */
  fileName?: string;
  /**
   * Portal CSV only: the `…_AuthDetails_…` file to join, or `false` for none. @default for a path
   * `X/InteractiveSignIns_A_B.csv`, `X/InteractiveSignIns_AuthDetails_A_B.csv` when it exists
   */
  authDetails?: SignInInput | false;
  /** Event type for records whose source does not say (e.g. a portal CSV renamed by the user). */
  eventType?: string;
  /** Counters to fill. */
  stats?: ReadStats;
  /** How many bad rows to keep as samples. @default 5 */
  maxBadRowSamples?: number;
  /** Longest record accepted, in characters (protects memory from a runaway quote). @default 16777216 */
  maxRecordChars?: number;
  /** Day/month order of culture-formatted dates (PowerShell CSV). @default found from the file */
  dateOrder?: DateOrder;
  /**
   * How NDJSON lines are read: `json` decodes the bytes and `JSON.parse`s each line; `wasm` walks
   * UTF-8 Graph NDJSON with the WebAssembly scanner (same sign-ins, bad rows and errors; other
   * files are read as text either way). @default "wasm"
   */
  scanner?: "json" | "wasm";
}

const PEEK_LIMIT = 4 * 1024 * 1024;
const NDJSON_BATCH = 32;
/** Characters of JSON text fed to the record splitter at a time (then cut after the next line break). */
const JSON_PIECE = 64 * 1024;
const JSON_FORMATS: ReadonlySet<InputFormat> = new Set([
  INPUT_FORMAT.GraphNdjson,
  INPUT_FORMAT.GraphJson,
  INPUT_FORMAT.PortalJson,
  INPUT_FORMAT.LaJson,
  INPUT_FORMAT.PowerShellJson,
  INPUT_FORMAT.AzureDiagnostics,
]);

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
 * import { createReadStats, readSignInBatches } from "./read_sign_ins.ts";
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

function firstSignificant(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xfeff) return i;
  }
  return -1;
}

/** Whether the first line is one complete JSON object that is not a Graph page (→ NDJSON). */
function firstLineIsRecord(head: string, first: number): boolean {
  const nl = head.indexOf("\n", first);
  if (nl < 0) return false;
  try {
    const v: unknown = JSON.parse(head.slice(first, nl));
    return typeof v === "object" && v !== null && !Array.isArray((v as { value?: unknown }).value) &&
      !Array.isArray((v as { records?: unknown }).records);
  } catch {
    return false;
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
  let bytes = raw.length === 1 ? raw[0]! : new Uint8Array(raw.reduce((n, c) => n + c.length, 0));
  if (raw.length > 1) {
    let at = 0;
    for (const c of raw) {
      bytes.set(c, at);
      at += c.length;
    }
  }
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
  };
}

/** The bytes (and line feeds among them) before a file's first record: a BOM, white space, U+FEFF. */
function leadingWhiteSpace(head: Uint8Array): { bytes: number; lines: number } {
  let bytes = 0, lines = 0;
  for (;;) {
    const b = head[bytes];
    if (b === 32 || b === 13 || b === 9) bytes++;
    else if (b === 10) {
      bytes++;
      lines++;
    } else if (b === 0xef && head[bytes + 1] === 0xbb && head[bytes + 2] === 0xbf) bytes += 3;
    else return { bytes, lines };
  }
}

type Mapper = (value: unknown, ctx: MapContext, line: number) => MapResult;

/** Per-file reading state shared by the layouts. */
class Reader {
  readonly #file: string;
  readonly #stats: ReadStats;
  readonly #maxSamples: number;
  readonly #maxChars: number;
  readonly #eventType: string | null;
  #forced: InputFormat | null = null;
  #fallback: InputFormat = INPUT_FORMAT.GraphJson;
  #mapper: Mapper | null = null;
  #ctx: MapContext;
  /** Conditional Access entries shared by the file's rows. */
  readonly #caPolicies = new CaPolicyTable();

  constructor(file: string, stats: ReadStats, options: ReadSignInsOptions, skippedLines: number) {
    this.#line = skippedLines;
    this.#file = file;
    this.#stats = stats;
    this.#maxSamples = options.maxBadRowSamples ?? 5;
    this.#maxChars = options.maxRecordChars ?? 16 * 1024 * 1024;
    this.#eventType = options.eventType ?? null;
    this.#ctx = {
      source: { format: INPUT_FORMAT.GraphJson, file },
      eventType: this.#eventType,
      caPolicies: this.#caPolicies,
    };
  }

  bad(line: number, reason: string): void {
    this.#stats.records++;
    this.#stats.badRows++;
    if (this.#stats.badRowSamples.length < this.#maxSamples) this.#stats.badRowSamples.push({ line, reason });
  }

  #use(format: InputFormat, mapper: Mapper): void {
    const source: SignInSource = { format, file: this.#file };
    this.#ctx = { source, eventType: this.#eventType, caPolicies: this.#caPolicies };
    this.#mapper = mapper;
    this.#stats.format = format;
  }

  /** JSON layouts: the format is forced, or decided by the first object record. */
  jsonFormat(forced: InputFormat | null, fallback: InputFormat): void {
    this.#forced = forced;
    this.#fallback = fallback;
    if (forced !== null) {
      this.#use(
        forced,
        forced === INPUT_FORMAT.LaJson
          ? mapLogAnalyticsSignIn
          : forced === INPUT_FORMAT.PowerShellJson
          ? mapPowerShellSignIn
          : forced === INPUT_FORMAT.AzureDiagnostics
          ? mapDiagnosticSignIn
          : mapGraphSignIn,
      );
    }
  }

  /** The layout of the first object record (layouts/mod.ts); refuses a record no layout matches. */
  #detect(o: Record<string, unknown>, line: number): void {
    const kind = detectJsonLayout(o);
    if (this.#forced !== null) {
      this.#stats.layout = this.#forced;
      return;
    }
    let layout: SignInLayout | null = null;
    switch (kind) {
      case null:
        throw new InputError(
          `Cannot read sign-ins: the first record matches no known layout (tried ${JSON_LAYOUTS_TRIED}); its keys: ${
            firstKeys(o)
          }`,
          { file: this.#file, line },
        );
      case "log-analytics":
        this.#use(INPUT_FORMAT.LaJson, mapLogAnalyticsSignIn);
        layout = laLayoutOfTable(o.Type ?? o.Category);
        this.#stats.layout = layout?.id ?? "log-analytics";
        if (!("ResultType" in o) && !("Status" in o)) {
          this.#stats.missingFields.push("ResultType: sign-in failures cannot be counted");
        }
        return;
      case "powershell":
        this.#use(INPUT_FORMAT.PowerShellJson, mapPowerShellSignIn);
        layout = POWERSHELL_JSON_LAYOUT;
        break;
      case "diagnostic":
        this.#use(INPUT_FORMAT.AzureDiagnostics, mapDiagnosticSignIn);
        this.#stats.layout = "azure-diagnostics";
        return;
      case "graph":
        this.#use(this.#fallback, mapGraphSignIn);
        layout = GRAPH_LAYOUT;
        break;
    }
    this.#stats.layout = layout.id;
    for (const f of layout.keyFields ?? []) {
      if (!(f.column in o)) this.#stats.missingFields.push(`${f.column}: ${f.without}`);
    }
  }

  /**
   * Whether records are mapped as Graph sign-ins and the layout is settled (forced, or decided by
   * the first record): then the Graph fields of a record are all the mapper needs.
   */
  get readsGraphFields(): boolean {
    return this.#mapper === mapGraphSignIn && (this.#forced !== null || this.#stats.layout !== null);
  }

  /** Maps one parsed JSON value; returns the sign-in or null (counted bad). */
  value(v: unknown, line: number): SignIn | null {
    let mapper = this.#mapper;
    if (mapper === null || this.#stats.layout === null) {
      if (typeof v === "object" && v !== null && !Array.isArray(v)) {
        this.#detect(v as Record<string, unknown>, line);
        mapper = this.#mapper!;
      } else {
        mapper ??= mapGraphSignIn;
      }
    }
    let r: MapResult;
    try {
      r = mapper(v, this.#ctx, line);
    } catch (e) {
      if (e instanceof DepthCutError) throw new InputError(depthCutMessage(e), { file: this.#file, line });
      throw e;
    }
    if (r.kind === "bad") {
      this.bad(line, r.reason);
      return null;
    }
    this.#stats.records++;
    this.#stats.signIns++;
    return r.signIn;
  }

  #parse(text: string, line: number): SignIn | null {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      this.bad(line, `invalid JSON: ${(e as Error).message}`);
      return null;
    }
    return this.value(v, line);
  }

  /** One NDJSON line's text (its line break and one CR before it removed), as {@linkcode ndjsonTake} reads it. */
  parseLine(text: string, line: number): SignIn | null {
    return this.#parse(text, line);
  }

  /** NDJSON: the line number before the first line pushed (call before the first {@linkcode ndjsonPush}). */
  ndjsonLinesBefore(line: number): void {
    this.#line = line;
  }

  #line = 0;
  #lines: NdjsonLineSplitter | null = null;

  /** NDJSON: takes the next piece of text; then call {@linkcode ndjsonTake} until it returns null. */
  ndjsonPush(t: string): void {
    this.#lines ??= new NdjsonLineSplitter({
      file: this.#file,
      maxRecordChars: this.#maxChars,
      firstLine: this.#line + 1,
    });
    this.#lines.push(t);
  }

  /** NDJSON: up to `max` sign-ins from the complete lines pushed so far, or null when none are left. */
  ndjsonTake(max: number): SignIn[] | null {
    const lines = this.#lines!;
    const out: SignIn[] = [];
    for (let t = lines.next(); t !== null; t = lines.next()) {
      const signIn = this.#parse(t, lines.line);
      if (signIn !== null) {
        out.push(signIn);
        if (out.length >= max) return out;
      }
    }
    return out.length > 0 ? out : null;
  }

  /** NDJSON: the last line, when the file does not end with a line break. */
  ndjsonEnd(byteLength: number): SignIn[] {
    const carry = this.#lines?.end() ?? null;
    if (carry === null) return [];
    const line = this.#lines!.line;
    let v: unknown;
    try {
      v = JSON.parse(carry);
    } catch (e) {
      // A last line without its line break that does not parse: a cut-off file is an error.
      const probe = new JsonRecordSplitter({ file: this.#file, firstLine: line, maxRecordChars: Infinity });
      probe.push(carry);
      probe.end(byteLength);
      this.bad(line, `invalid JSON: ${(e as Error).message}`);
      return [];
    }
    const signIn = this.value(v, line);
    return signIn === null ? [] : [signIn];
  }

  #splitter: JsonRecordSplitter | null = null;

  #newSplitter(inArray?: { comma: boolean }): JsonRecordSplitter {
    return new JsonRecordSplitter({
      file: this.#file,
      maxRecordChars: this.#maxChars,
      firstLine: this.#line + 1,
      ...(inArray !== undefined ? { inArray } : {}),
    });
  }

  /**
   * JSON documents: the text pushed next starts at line `line`, where the lines before were read
   * another way (call before the first {@linkcode jsonPush}); `inArray` as for the splitter.
   */
  jsonResume(line: number, inArray?: { comma: boolean }): void {
    this.#line = line - 1;
    this.#splitter = this.#newSplitter(inArray);
  }

  /** JSON documents: the sign-ins completed by the next piece of text. */
  jsonPush(t: string): SignIn[] {
    this.#splitter ??= this.#newSplitter();
    const out: SignIn[] = [];
    for (const r of this.#splitter.push(t)) {
      const signIn = "value" in r ? this.value(r.value, r.line) : this.#parse(r.text, r.line);
      if (signIn !== null) out.push(signIn);
    }
    return out;
  }

  /**
   * JSON documents: the sign-ins completed by the next piece of text, in batches of about
   * {@linkcode JSON_PIECE} characters of text each (cut after a line break). As for NDJSON, the
   * parsed records of a batch die young instead of a whole chunk's worth of them surviving into
   * the old generation; the splitter is fed the same text, so the records are the same.
   */
  *jsonBatches(t: string): Generator<SignIn[]> {
    for (let from = 0; from < t.length;) {
      let to = t.length;
      if (to - from > JSON_PIECE) {
        const nl = t.indexOf("\n", from + JSON_PIECE);
        if (nl >= 0) to = nl + 1;
      }
      const batch = this.jsonPush(from === 0 && to === t.length ? t : t.slice(from, to));
      if (batch.length > 0) yield batch;
      from = to;
    }
  }

  /** JSON documents: the end of the input (throws for a truncated file). */
  jsonEnd(byteLength: number): SignIn[] {
    this.#splitter ??= this.#newSplitter();
    const out: SignIn[] = [];
    for (const r of this.#splitter.end(byteLength)) {
      const signIn = "value" in r ? this.value(r.value, r.line) : this.#parse(r.text, r.line);
      if (signIn !== null) out.push(signIn);
    }
    return out;
  }

  async *csv(
    texts: AsyncIterable<string>,
    path: string | null,
    options: ReadSignInsOptions,
  ): AsyncGenerator<readonly SignIn[]> {
    const parser = new CsvRecordParser({
      file: this.#file,
      maxRecordChars: this.#maxChars,
      delimiter: "detect",
      firstLine: this.#line + 1,
    });
    let rowMapper: ((fields: string[], line: number) => MapResult) | null = null;
    let portal: PortalCsvMapper | null = null;
    let ps: PowerShellCsvMapper | null = null;
    let psCtx: MapContext | null = null;
    let typeLine = false;
    let done = false;
    const it = texts[Symbol.asyncIterator]();
    while (!done) {
      const r = await it.next();
      let records;
      if (r.done) {
        done = true;
        records = parser.end();
      } else {
        records = parser.push(r.value);
      }
      const out: SignIn[] = [];
      const take = (rows: CsvRowResult[]) => {
        for (const { line, result } of rows) {
          if (result.kind === "bad") {
            this.bad(line, result.reason);
            continue;
          }
          this.#stats.records++;
          this.#stats.signIns++;
          out.push(result.signIn);
        }
      };
      for (const rec of records) {
        if (rec.fields.length === 1 && rec.fields[0] === "") continue; // blank line
        if (rowMapper === null && ps === null) {
          // Windows PowerShell's Export-Csv starts with "#TYPE <.NET type>" unless -NoTypeInformation.
          if (!typeLine && rec.fields.length === 1 && /^\uFEFF?#TYPE /.test(rec.fields[0]!)) {
            typeLine = true;
            continue;
          }
          const setup = await this.#csvSetup(rec.fields, rec.line, path, options, typeLine);
          if (setup.kind === "powershell") {
            ps = setup.mapper;
            psCtx = setup.ctx;
            continue;
          }
          rowMapper = setup.map;
          portal = setup.portal;
          continue;
        }
        if (ps !== null) {
          take(ps.push(rec.fields, rec.line, psCtx!));
          continue;
        }
        const m = rowMapper!(rec.fields, rec.line);
        if (m.kind === "bad") {
          this.bad(rec.line, m.reason);
          continue;
        }
        this.#stats.records++;
        this.#stats.signIns++;
        out.push(m.signIn);
      }
      if (portal !== null && this.#stats.authDetails !== null) {
        this.#stats.authDetails.matched = portal.matched;
      }
      if (done && ps !== null) {
        take(ps.end(psCtx!));
        this.#stats.dateOrder = ps.dateOrder === null || ps.dateOrderFrom === null ||
            ps.dateOrderFrom === "notNeeded"
          ? null
          : { order: ps.dateOrder, from: ps.dateOrderFrom };
        for (const f of ps.missingFields()) {
          this.#stats.missingFields.push(
            `${f.column}${f.why === "typeName" ? " (only .NET type names)" : ""}: ${f.without}`,
          );
        }
      }
      if (out.length > 0) yield out;
    }
  }

  async #csvSetup(
    header: string[],
    line: number,
    path: string | null,
    options: ReadSignInsOptions,
    typeLine: boolean,
  ): Promise<
    | { kind: "rows"; map: (fields: string[], line: number) => MapResult; portal: PortalCsvMapper | null }
    | { kind: "powershell"; mapper: PowerShellCsvMapper; ctx: MapContext }
  > {
    const forced = options.inputFormat;
    const names = header.map((h) => h.replace(/^\uFEFF/, "").trim());
    if (
      forced === INPUT_FORMAT.PowerShellCsv ||
      (forced === undefined && csvHeaderKind(header) !== "portal" && isPowerShellCsvHeader(names, typeLine))
    ) {
      this.#stats.format = INPUT_FORMAT.PowerShellCsv;
      this.#stats.layout = "powershell-csv";
      const source: SignInSource = { format: INPUT_FORMAT.PowerShellCsv, file: this.#file };
      return {
        kind: "powershell",
        mapper: new PowerShellCsvMapper(header, { file: this.#file, dateOrder: options.dateOrder ?? null }),
        ctx: { source, eventType: this.#eventType, caPolicies: this.#caPolicies },
      };
    }
    const kind = csvHeaderKind(header);
    const shown = header.slice(0, 4).map((h) => JSON.stringify(h)).join(", ");
    if (kind === "portal-auth-details" && forced === undefined) {
      throw new InputError(
        "Cannot read sign-ins: this is a portal AuthDetails file (Request ID, Authentication method, …); read the matching sign-in CSV and pass this file as authDetails",
        { file: this.#file, line },
      );
    }
    const format = forced ??
      (kind === "portal" ? INPUT_FORMAT.PortalCsv : kind === "log-analytics" ? INPUT_FORMAT.LaCsv : null);
    if (format === null) {
      throw new InputError(
        `Cannot detect the input format: the CSV header (${shown}, …) matches no known layout (tried portal-csv: "Request ID"/"Date (UTC)"; la-csv: "TimeGenerated"/"ResultType"; powershell-csv: "CreatedDateTime"/"Status.ErrorCode"/#TYPE line); pass inputFormat`,
        { file: this.#file, line },
      );
    }
    const eventType = this.#eventType ?? portalEventTypeFromFileName(path ?? this.#file);
    const source: SignInSource = { format, file: this.#file };
    this.#stats.format = format;
    if (format === INPUT_FORMAT.LaCsv) {
      const keys = header.map((h) => h.replace(/^\uFEFF/, "").trim().replace(/\s*\[[^\]]*\]$/, ""));
      if (!keys.includes("CreatedDateTime") && !keys.includes("Id") && !keys.includes("TimeGenerated")) {
        throw new InputError(
          `Cannot read la-csv: the header (${shown}, …) has none of "CreatedDateTime", "TimeGenerated", "Id"`,
          { file: this.#file, line },
        );
      }
      const ctx: MapContext = { source, eventType: this.#eventType, caPolicies: this.#caPolicies };
      const tableAt = keys.indexOf("Type");
      this.#stats.layout = "log-analytics";
      if (!keys.includes("ResultType") && !keys.includes("Status")) {
        this.#stats.missingFields.push("ResultType: sign-in failures cannot be counted");
      }
      return {
        kind: "rows",
        portal: null,
        map: (fields, rowLine) => {
          if (this.#stats.layout === "log-analytics" && tableAt >= 0) {
            this.#stats.layout = laLayoutOfTable(fields[tableAt])?.id ?? "log-analytics";
          }
          if (fields.length !== keys.length) {
            return {
              kind: "bad",
              reason: `expected ${keys.length} fields as in the header, got ${fields.length}`,
            };
          }
          const o: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) o[keys[i]!] = fields[i];
          return mapLogAnalyticsSignIn(o, ctx, rowLine);
        },
      };
    }
    const auth = await this.#authDetails(path, options);
    const mapper = new PortalCsvMapper(header, { authDetails: auth });
    const missing = mapper.missingColumns();
    if (missing.length > 0) {
      throw new InputError(
        `Cannot read portal-csv: the header lacks ${missing.map((m) => JSON.stringify(m)).join(" and ")}`,
        { file: this.#file, line },
      );
    }
    const ctx: MapContext = { source, eventType, caPolicies: this.#caPolicies };
    this.#stats.layout = "portal-csv";
    return { kind: "rows", portal: mapper, map: (fields, rowLine) => mapper.map(fields, ctx, rowLine) };
  }

  async #authDetails(
    path: string | null,
    options: ReadSignInsOptions,
  ): Promise<Map<string, AuthenticationDetail[]> | null> {
    let input: SignInInput | null = null;
    if (options.authDetails === false) return null;
    if (options.authDetails !== undefined) input = options.authDetails;
    else if (path !== null) input = await findAuthDetailsSibling(path);
    if (input === null) return null;
    const opened = await openInput(input, {
      kind: "auth-details",
      name: typeof input === "string" ? input : "<authDetails>",
    });
    try {
      const decoder = new TextChunkDecoder(opened.name);
      const parser = new CsvRecordParser({
        file: opened.name,
        maxRecordChars: this.#maxChars,
        delimiter: "detect",
      });
      let collector: PortalAuthDetailsCollector | null = null;
      const take = (records: { fields: string[]; line: number }[]) => {
        for (const r of records) {
          if (r.fields.length === 1 && r.fields[0] === "") continue;
          if (collector === null) {
            collector = new PortalAuthDetailsCollector(r.fields);
            if (!collector.usable) {
              throw new InputError(
                `Cannot read the AuthDetails file: its header lacks "Request ID" or "Authentication method" (got ${
                  r.fields.slice(0, 4).map((h) => JSON.stringify(normalizeHeader(h))).join(", ")
                })`,
                { file: opened.name, line: r.line },
              );
            }
            continue;
          }
          collector.add(r.fields);
        }
      };
      for await (const chunk of opened.chunks) take(parser.push(decoder.decode(chunk)));
      take(parser.push(decoder.end()));
      take(parser.end());
      const c = collector as PortalAuthDetailsCollector | null;
      this.#stats.authDetails = {
        file: opened.name,
        rows: c?.rows ?? 0,
        requests: c?.details.size ?? 0,
        matched: 0,
      };
      return c?.details ?? new Map();
    } finally {
      opened.close();
    }
  }
}

/**
 * The portal AuthDetails file that belongs to a sign-in CSV path, when it exists next to it:
 * `InteractiveSignIns_2024-05-01_2024-05-02.csv` → `InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv`.
 *
 * @param path the sign-in CSV path
 * @returns the AuthDetails path, or null (not a portal name, no such file, or no permission to look)
 *
 * @example No AuthDetails file to find
 * ```ts
 * import { findAuthDetailsSibling } from "./read_sign_ins.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await findAuthDetailsSibling("/nonexistent/InteractiveSignIns_a_b.csv"), null);
 * assert.equal(await findAuthDetailsSibling("/nonexistent/export.csv"), null);
 * ```
 */
export async function findAuthDetailsSibling(path: string): Promise<string | null> {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const m = /^((?:Non)?Interactive|Application|MSI)SignIns_(.+)$/i.exec(base);
  if (m === null || /^AuthDetails_/i.test(m[2]!)) return null;
  const candidate = `${dir}${m[1]}SignIns_AuthDetails_${m[2]}`;
  try {
    return (await Deno.stat(candidate)).isFile ? candidate : null;
  } catch {
    return null;
  }
}

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
 * import { planNdjsonRanges } from "./read_sign_ins.ts";
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
 * import { readNdjsonRange } from "./read_sign_ins.ts";
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
  const reader = new Reader(o.file, stats, {
    ...(o.eventType !== undefined ? { eventType: o.eventType } : {}),
    ...(o.maxBadRowSamples !== undefined ? { maxBadRowSamples: o.maxBadRowSamples } : {}),
    ...(o.maxRecordChars !== undefined ? { maxRecordChars: o.maxRecordChars } : {}),
  }, first - 1);
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

/** Characters of decoded text the NDJSON range reader pushes at a time (as the sequential reader gets them). */
const NDJSON_PIECE = 1 << 20;

/** WebAssembly scanners for Graph sign-ins not in use (their interned values serve the next reader). */
const idleScanners: NdjsonByteScanner[] = [];

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

/** Where {@linkcode ScannedNdjsonLines} reads from. */
interface ScannedNdjsonSetup {
  /** File name for messages. */
  file: string;
  /** The file's encoding. */
  encoding: "utf-8" | "utf-8-bom";
  /** Longest line, in characters. */
  maxRecordChars: number;
  /** Number of the first line pushed. */
  firstLine: number;
  /** Offset of the first byte pushed (in the file, or in `range`). */
  firstByte: number;
  /**
   * A line-aligned range pushed in pieces, which the text reader decodes whole and splits in
   * pieces of 1 Mi characters ({@linkcode readNdjsonRange}); without it, every push is one chunk
   * of a file the text reader decodes and splits as one piece ({@linkcode readSignInBatches}).
   */
  range?: Uint8Array;
}

/**
 * NDJSON lines read from UTF-8 bytes by the WebAssembly scanner, for the sequential reader and
 * the range reader alike: bytes are not decoded; each valid line's Graph fields go to the mapper
 * once the reader maps Graph sign-ins (the first record, which decides the layout, and other
 * layouts are parsed whole from the line's text); blank, invalid and other lines are decoded and
 * read as the text line splitter reads them. The text reader's checks happen at the same points:
 * its decode error (the first invalid byte of what it decodes at once: a chunk, or a whole range)
 * comes before any error of the lines decoded with it, and a line is refused as too long where
 * the splitter would refuse it (unfinished at the end of a piece of text). Each instance holds a
 * scanner until {@linkcode release}.
 */
class ScannedNdjsonLines {
  readonly #s: NdjsonByteScanner;
  readonly #reader: Reader;
  readonly #o: ScannedNdjsonSetup;
  readonly #utf8 = new TextDecoder();
  /** Index of the current line (from the first pushed, 0), and offset of its start. */
  #k = -1;
  #at: number;
  /** Chunks: where the bytes the scanner holds start (a line start), and that line's number. */
  #unitAt = 0;
  #unitLine = 0;
  /** Chunks: the unfinished line was checked after the last push; bytes of it known valid. */
  #tailDone = true;
  #tailAt = -1;
  #tailValid = 0;

  constructor(reader: Reader, o: ScannedNdjsonSetup) {
    this.#reader = reader;
    this.#o = o;
    this.#at = o.firstByte;
    this.#s = idleScanners.pop() ?? new NdjsonByteScanner(GRAPH_SIGN_IN_FIELDS);
    this.#s.reset();
  }

  /** Lines read (line feeds pushed). */
  get lines(): number {
    return this.#k + 1;
  }

  /** Gives the scanner back (for the next reader in this thread). */
  release(): void {
    this.#s.reset();
    idleScanners.push(this.#s);
  }

  /** Takes the next bytes; then call {@linkcode take} until it returns null. */
  push(chunk: Uint8Array): void {
    this.#unitAt = this.#at;
    this.#unitLine = this.#o.firstLine + this.#k + 1;
    this.#s.push(chunk);
    this.#tailDone = false;
  }

  /**
   * Up to `max` sign-ins from the whole lines pushed, or null when none are left.
   *
   * @throws {InputError} as the text reader would
   */
  take(max: number): SignIn[] | null {
    try {
      return this.#take(max);
    } catch (e) {
      this.#decodeError(this.#o.range !== undefined);
      throw e;
    }
  }

  #take(max: number): SignIn[] | null {
    const s = this.#s, reader = this.#reader, o = this.#o;
    let out: SignIn[] | null = null;
    while (s.next()) {
      const number = o.firstLine + ++this.#k;
      const lineStart = this.#at;
      const raw = s.line();
      this.#at += raw.length + 1;
      if (s.status === LINE_STATUS.blank) continue;
      if (raw.length > o.maxRecordChars && o.range !== undefined) this.#refuseLong(lineStart, raw, number);
      let signIn: SignIn | null;
      if (s.status === LINE_STATUS.valid && reader.readsGraphFields) {
        signIn = reader.value(s.fields(), number);
      } else {
        if (s.status === LINE_STATUS.invalid && findInvalidUtf8(raw, 0, true) >= 0) {
          this.#decodeError(o.range !== undefined);
          throw new Error(`json_scan: a line was not valid UTF-8 but its bytes decode: ${raw.length} bytes`);
        }
        let text = this.#utf8.decode(raw);
        if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
        if (text === "" || !(text.charCodeAt(0) > 32 || text.trim() !== "")) continue; // blank
        signIn = reader.parseLine(text, number);
      }
      if (signIn !== null) {
        (out ??= []).push(signIn);
        if (out.length >= max) return out;
      }
    }
    if (!this.#tailDone) this.#checkTail();
    return out;
  }

  /**
   * Chunks: the unfinished line after a chunk, checked as the text reader checks it: its new
   * bytes decode (else the chunk's decode error), and it is not longer than the limit.
   */
  #checkTail(): void {
    this.#tailDone = true;
    const tail = this.#s.tail();
    if (this.#tailAt !== this.#at) {
      this.#tailAt = this.#at;
      this.#tailValid = 0;
    }
    let from = this.#tailValid;
    while (from > 0 && (tail[from]! & 0xc0) === 0x80) from--; // back to a character's start
    if (findInvalidUtf8(tail, from, false) >= 0) {
      this.#decodeError(false);
      throw new Error("json_scan: a cut line was not valid UTF-8 but the chunk decodes");
    }
    this.#tailValid = tail.length;
    const max = this.#o.maxRecordChars;
    if (tail.length > max && this.#utf8.decode(tail.subarray(0, pendingUtf8Start(tail))).length > max) {
      throw new InputError(`Cannot read NDJSON: a line is longer than ${max} characters`, {
        file: this.#o.file,
        line: this.#o.firstLine + this.#k + 1,
      });
    }
  }

  /**
   * Throws the text reader's decode error when what it decodes at once holds an invalid byte: the
   * whole range, or (chunks) the bytes held since the last push, from the start of their first line.
   */
  #decodeError(final: boolean): void {
    const o = this.#o;
    if (o.range !== undefined) {
      if (findInvalidUtf8(o.range, o.encoding === "utf-8-bom" ? 3 : 0, true) < 0) return;
      const d = new TextChunkDecoder(o.file);
      d.decode(o.range);
      d.end();
    } else {
      const held = this.#s.held();
      if (findInvalidUtf8(held, 0, final) < 0) return;
      const d = TextChunkDecoder.resume(o.file, {
        encoding: o.encoding,
        byte: this.#unitAt,
        line: this.#unitLine,
      });
      d.decode(held);
      if (final) d.end();
    }
    throw new Error("json_scan: the bytes are not valid UTF-8 but they decode");
  }

  /** Ranges: the text splitter's refusal of a line longer than the limit (it checks at each 1 Mi-character piece end). */
  #refuseLong(lineStart: number, raw: Uint8Array, number: number): void {
    const o = this.#o, max = o.maxRecordChars;
    const chars = this.#utf8.decode(raw).length;
    if (chars <= max) return;
    const t = this.#utf8.decode(o.range!.subarray(o.firstByte, lineStart)).length; // characters before the line
    const lf = t + chars; // index of its line feed (or the text's end)
    const lastPieceEnd = Math.floor(lf / NDJSON_PIECE) * NDJSON_PIECE;
    if (lastPieceEnd > t && lastPieceEnd - t > max) {
      throw new InputError(`Cannot read NDJSON: a line is longer than ${max} characters`, {
        file: o.file,
        line: number,
      });
    }
  }

  /**
   * Ends the input: the unfinished last line, read as the text reader reads a last line without
   * its line break.
   *
   * @param totalBytes the file's size, for the message of a cut-off last line
   * @returns its sign-in, if any
   */
  end(totalBytes: number): SignIn[] {
    const tail = this.#s.tail();
    if (tail.length === 0) return [];
    if (findInvalidUtf8(tail, 0, true) >= 0) {
      const o = this.#o;
      if (o.range === undefined) {
        const d = TextChunkDecoder.resume(o.file, {
          encoding: o.encoding,
          byte: this.#at,
          line: o.firstLine + this.#k + 1,
        });
        d.decode(tail);
        d.end();
      } else this.#decodeError(true);
      throw new Error(`json_scan: the last line was not valid UTF-8 but it decodes: ${tail.length} bytes`);
    }
    const reader = this.#reader;
    reader.ndjsonLinesBefore(this.#o.firstLine + this.#k);
    reader.ndjsonPush(this.#utf8.decode(tail));
    if (reader.ndjsonTake(Infinity) !== null) throw new Error("json_scan: a line feed in the last line");
    return reader.ndjsonEnd(totalBytes);
  }
}

/** Where {@linkcode ScannedJsonArray} is between lines: before the array's `[`, in it, after its `]`. */
const ARRAY_AT = { before: 0, in: 1, after: 2 } as const;

/** Whether `b[from, to)` holds only spaces, tabs and CRs. */
function blankBytes(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Index of the first byte of `b` that is not a space, tab or CR (`b.length` when none). */
function firstNonBlank(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 13)) i++;
  return i;
}

/**
 * A top-level JSON array of records, one record per line (`[`, `{…},` lines, `]`: what
 * `signins-export --format json` and most downloads write), read from UTF-8 bytes by the
 * WebAssembly scanner one chunk at a time: a record line's trailing comma is blanked in the
 * scanner's copy, and each line must be a record (an object), a blank line, or the array's
 * brackets. A chunk with anything else in it (a record over several lines, a line that is not
 * JSON or not UTF-8, an error, a cut line that is not the start of a record or is too long) is
 * read again, from its first line, by the text reader's record splitter, in the state it has
 * there, and so is the rest of the file: so the records, bad rows and errors are the text reader's.
 * A chunk's sign-ins are handed out once the whole chunk was read.
 */
class ScannedJsonArray {
  readonly #s: NdjsonByteScanner;
  readonly #reader: Reader;
  readonly #stats: ReadStats;
  readonly #o: ScannedNdjsonSetup;
  readonly #utf8 = new TextDecoder();
  #where: number = ARRAY_AT.before;
  #comma = false;
  /** Lines read (index of the next line), offset of the next line's start. */
  #k = 0;
  #at: number;
  /** Line feeds whose record's comma was blanked, in the bytes held (offsets), and the next one. */
  readonly #commas: number[] = [];

  constructor(reader: Reader, stats: ReadStats, o: ScannedNdjsonSetup) {
    this.#reader = reader;
    this.#stats = stats;
    this.#o = o;
    this.#at = o.firstByte;
    this.#s = idleScanners.pop() ?? new NdjsonByteScanner(GRAPH_SIGN_IN_FIELDS);
    this.#s.reset();
  }

  /** Gives the scanner back. */
  release(): void {
    this.#s.reset();
    idleScanners.push(this.#s);
  }

  /**
   * Reads the next chunk.
   *
   * @returns its sign-ins, or (when the chunk must be read as text) the decoder that goes on from
   *   the start of its first line and the texts to hand the reader's splitter ({@linkcode Reader.jsonResume} done)
   */
  chunk(bytes: Uint8Array): { rows: SignIn[] } | { decoder: TextChunkDecoder; texts: string[] } {
    const s = this.#s, stats = this.#stats;
    const mark = {
      where: this.#where,
      comma: this.#comma,
      k: this.#k,
      at: this.#at,
      records: stats.records,
      signIns: stats.signIns,
      badRows: stats.badRows,
      samples: stats.badRowSamples.length,
    };
    const carried = s.tail().length;
    s.push(bytes);
    const held = s.held();
    // blank the comma after each record that ends a line: `{…},` becomes one JSON value
    const commas = this.#commas;
    commas.length = 0;
    for (let q = held.indexOf(10, carried); q >= 0; q = held.indexOf(10, q + 1)) {
      let j = q - 1;
      while (j >= 0 && (held[j] === 32 || held[j] === 9 || held[j] === 13)) j--;
      if (j < 0 || held[j] !== 44) continue;
      let i = j - 1;
      while (i >= 0 && (held[i] === 32 || held[i] === 9 || held[i] === 13)) i--;
      if (i >= 0 && held[i] === 125) {
        held[j] = 32;
        commas.push(q, j);
      }
    }
    const asText = () => {
      for (let c = 0; c < commas.length; c += 2) held[commas[c + 1]!] = 44;
      this.#where = mark.where;
      this.#comma = mark.comma;
      this.#k = mark.k;
      this.#at = mark.at;
      stats.records = mark.records;
      stats.signIns = mark.signIns;
      stats.badRows = mark.badRows;
      stats.badRowSamples.length = mark.samples;
      return this.#asText(held, carried);
    };
    if (stats.layout !== null && !this.#reader.readsGraphFields) return asText(); // not Graph sign-ins
    const rows: SignIn[] = [];
    try {
      let c = 0;
      while (s.next()) {
        const raw = s.line();
        const lineAt = this.#at - mark.at;
        const number = this.#o.firstLine + this.#k++;
        this.#at += raw.length + 1;
        let comma = false;
        if (c < commas.length && commas[c] === lineAt + raw.length) {
          comma = true;
          c += 2;
        }
        if (s.status === LINE_STATUS.blank) continue;
        const first = firstNonBlank(raw);
        const b = raw[first];
        if ((b === 91 || b === 93) && blankBytes(raw, first + 1, raw.length)) {
          if (b === 91 && this.#where === ARRAY_AT.before) this.#where = ARRAY_AT.in;
          else if (b === 93 && this.#where === ARRAY_AT.in && !this.#comma) this.#where = ARRAY_AT.after;
          else return asText();
          continue;
        }
        if (s.status === LINE_STATUS.invalid || this.#where !== ARRAY_AT.in || b !== 123) return asText();
        // a record: `{` … `}` (its comma blanked), so the line holds one object
        const reader = this.#reader;
        let signIn: SignIn | null;
        if (s.status === LINE_STATUS.valid && reader.readsGraphFields) {
          signIn = reader.value(s.fields(), number);
        } else signIn = reader.parseLine(this.#utf8.decode(raw), number);
        if (signIn !== null) rows.push(signIn);
        this.#comma = comma;
      }
      // the cut line: blank, the array's `[` (a first chunk that small), or the start of a record
      // no longer than a record may be, in valid UTF-8
      const tail = s.tail();
      const first = firstNonBlank(tail);
      if (
        first < tail.length &&
        !(this.#where === ARRAY_AT.before && tail[first] === 91 && blankBytes(tail, first + 1, tail.length))
      ) {
        if (this.#where !== ARRAY_AT.in || tail[first] !== 123) return asText();
        if (tail.length > this.#o.maxRecordChars || findInvalidUtf8(tail, 0, false) >= 0) return asText();
      }
    } catch {
      return asText(); // the text reader gives the error (or an earlier one)
    }
    return { rows };
  }

  /**
   * The end of the input: the cut last line and the end of the document, read as text.
   *
   * @returns the decoder and texts, as {@linkcode chunk} gives them, or null when nothing is left
   */
  end(): { decoder: TextChunkDecoder; texts: string[] } | null {
    const tail = this.#s.tail();
    if (tail.length === 0 && this.#where === ARRAY_AT.after) return null;
    return this.#asText(tail, tail.length);
  }

  /**
   * The text way from the start of the line at `#at`: `bytes` are the bytes from there, the first
   * `carried` of them read before the current chunk (the text reader decoded and pushed those
   * with the chunk before).
   */
  #asText(bytes: Uint8Array, carried: number): { decoder: TextChunkDecoder; texts: string[] } {
    const o = this.#o;
    const line = o.firstLine + this.#k;
    this.#reader.jsonResume(line, this.#where === ARRAY_AT.in ? { comma: this.#comma } : undefined);
    const decoder = TextChunkDecoder.resume(o.file, { encoding: o.encoding, byte: this.#at, line });
    const texts = [decoder.decode(bytes.subarray(0, carried))];
    if (carried < bytes.length) texts.push(decoder.decode(bytes.subarray(carried)));
    return { decoder, texts: texts.filter((t) => t !== "") };
  }
}
