/**
 * The whole report of one NDJSON file on several threads (`--threads N`): the file is cut into
 * **chunks**, contiguous runs of lines, each read by one thread with its own filter → merge →
 * aggregation ({@linkcode ChunkProcessor}); the main thread merges the chunks' aggregators in file
 * order. An uncompressed file is cut into one chunk per thread, which each thread reads from the
 * file itself (1 MiB ranges, line-aligned, views of one reused buffer): the main thread reads
 * the first chunk (it would otherwise wait idle; its aggregator is merged as it is, with no
 * export, clone or restore) and `N - 1` workers the others. The workers are started before the
 * report's modules load (early_workers.ts), so that their own start overlaps the main thread's.
 * **Tails.** When the main thread has read its chunk before a worker, it takes the upper half of
 * what that worker has not read yet as a chunk of its own (right after the worker's, in file
 * order), again and again while at least 8 MiB are left (twice `minStealBytes`): a worker slowed by a busy machine no
 * longer keeps the main thread idle. The worker claims bytes before it reads them, in 64 KiB
 * units, through a word of shared memory both sides change by compare-and-exchange
 * ({@linkcode ClaimWord}), so its last line and the tail's first are the same for both; the ranges
 * a chunk is cut into do not depend on when its tail was taken. A `.gz` file is decompressed
 * once by the main thread, which hands out chunks of 32 MiB to `N` workers. Only aggregator
 * states and a few rows per chunk cross threads.
 *
 * **Exact, by verification.** A merger's decisions depend only on its buffered groups (rows,
 * times, eviction order) and on the ids it has seen. A worker starts its chunk with an empty
 * merger, so the first rows of a chunk (its *head*: ranges until the data has moved twice the
 * merge horizon) are merged but not aggregated, and sent to the main thread with the worker's
 * merger state at the head's end. The main thread restores the previous chunk's merger state at
 * its end (the one-pass state, by induction), replays the head rows into it, aggregates what they
 * complete, and compares the result with the worker's state at the head's end: the same groups
 * with the same rows in the same order mean the worker went on exactly as one pass would. Ids
 * are compared as 64-bit hashes: an id in two chunks (or a hash collision) would make the
 * workers' duplicate decisions differ. Any difference, a key cap reached in a chunk (merging
 * capped maps is not exact), or an error in a chunk, and the caller reads the file in one pass
 * instead (same numbers, same errors).
 *
 * Memory: each worker holds its isolate, its chunk's merger and aggregator and a range of bytes
 * (for `.gz`, the ranges queued for its chunk: at most a chunk plus two ranges); the main thread
 * holds the merged aggregator and one chunk's head and end state at a time (and, for an
 * uncompressed file, its own chunk's merger, aggregator and range). A range read in the thread
 * that reads it is a view of one buffer, never an `ArrayBuffer` of its own: V8 counts those as
 * external memory, and one per 1 MiB range made it collect the whole heap every few dozen ranges.
 *
 * @module
 */
import { INPUT_SIZE_CAP, type LineRange, LineRangeCutter, openInput, RANGE_PREFIX } from "../io/mod.ts";
import {
  type BadRowSample,
  createMergeStats,
  DisjointIdHashes,
  type LogicalSignIn,
  type MergerSnapshot,
  type MergeStats,
  type NdjsonRangeOptions,
  type NdjsonRangeShared,
  newNdjsonRangeShared,
  planNdjsonRanges,
  readNdjsonRange,
  type ReadSignInsOptions,
  type ReadStats,
  type SignIn,
  SignInMerger,
} from "../signins/mod.ts";
import { type AggregatorOptions, type AggregatorState, SignInAggregator } from "./aggregator.ts";
import { createRowFilter, type RowFilter } from "./options.ts";
import { addMergeStats, REPORT_READS_LEAN, ReportPipeline } from "./pipeline.ts";
import { dropEarlyWorkers, MIN_CHUNKED_BYTES, takeChunkWorker } from "./early_workers.ts";

const MIB = 1024 * 1024;
/** The merge horizon the report uses (the merger's default): heads span twice it. */
const HORIZON_MS = 10 * 60_000;

/** How a worker reads and counts its chunks. */
export interface ChunkSettings {
  /** How to read a range (without `prefixed`, given per range). */
  range: Omit<NdjsonRangeOptions, "prefixed" | "totalBytes" | "shared">;
  /** The report's row filter, as data. */
  filter: RowFilter;
  /** Rows dated after this are bad rows. */
  notAfterMs: number;
  /** The aggregator's options. */
  aggregator: AggregatorOptions;
  /** Most ranges in a head (it ends earlier once the data has moved twice the merge horizon). */
  maxHeadRanges: number;
}

/** A group of a merger state with its rows as indexes into the head's rows. */
export interface HeadGroup {
  correlationId: string;
  user: string;
  rows: number[];
  min: number;
  max: number;
}

/** What a worker sends back for a chunk. */
export interface ChunkResult {
  /** The head's rows that reached the merge, in order. */
  headRows: SignIn[];
  /** The merger state at the head's end (or at the chunk's end, if the head never ended). */
  headState: HeadGroup[];
  /** Whether the chunk ended within its head (nothing aggregated). */
  endedInHead: boolean;
  /** The merger state at the chunk's end (null for the last chunk, which was flushed). */
  endState: MergerSnapshot | null;
  /**
   * What the chunk aggregated after its head: its state (from a worker), or the aggregator
   * itself (a chunk read by the main thread, which merges it as it is).
   */
  aggregator: AggregatorState | SignInAggregator;
  /** Merge counters after the head (`peakBufferedRows`: the largest buffer after the head). */
  mergeStats: MergeStats;
  /** Rows, rows filtered out, future-dated rows (the whole chunk). */
  rows: number;
  filteredOut: number;
  futureRows: number;
  /** Read counters (bad-row lines counted from the chunk's first line, 1). */
  records: number;
  badRows: number;
  badRowSamples: BadRowSample[];
  lines: number;
  /** The 64-bit hashes of the ids the chunk's merger saw. */
  ids: Uint32Array;
  /** Bytes of the file the chunk read (file chunks). */
  bytes: number;
}

/** The head-state form of a merger snapshot (rows that are not head rows become -1). */
function headStateOf(snapshot: MergerSnapshot, headRows: readonly SignIn[]): HeadGroup[] {
  const index = new Map<SignIn, number>();
  for (let i = 0; i < headRows.length; i++) index.set(headRows[i]!, i);
  return snapshot.groups.map((g) => ({
    correlationId: g.correlationId,
    user: g.user,
    rows: g.rows.map((r) => index.get(r) ?? -1),
    min: g.min,
    max: g.max,
  }));
}

function sameState(a: readonly HeadGroup[], b: readonly HeadGroup[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * One chunk in one thread: reads its ranges, filters, merges and aggregates its rows, keeping
 * its head apart (see the module documentation).
 *
 * @example A chunk on its own (the first chunk has no head), its aggregator kept in this thread
 * ```ts
 * import { ChunkProcessor } from "./chunked.ts";
 * import { SignInAggregator } from "./aggregator.ts";
 * import assert from "node:assert/strict";
 * const p = new ChunkProcessor({ range: { file: "s.ndjson", format: "graph-ndjson" }, filter: {},
 *   notAfterMs: Infinity, aggregator: {}, maxHeadRanges: 4 }, false);
 * p.push(new TextEncoder().encode('{"id":"1","correlationId":"c","userPrincipalName":"ana@contoso.example","createdDateTime":"2026-11-20T10:00:00Z"}\n'), false);
 * const r = p.end(true, true);
 * assert.ok(r.aggregator instanceof SignInAggregator);
 * assert.deepEqual([r.rows, r.aggregator.signIns, r.endState], [1, 1, null]);
 * ```
 */
export class ChunkProcessor {
  readonly #s: ChunkSettings;
  readonly #pipeline: ReportPipeline;
  readonly #agg: SignInAggregator;
  #inHead: boolean;
  #headRanges = 0;
  #minT = Infinity;
  #maxT = -Infinity;
  readonly #headRows: SignIn[] = [];
  #headState: HeadGroup[] = [];
  #base: MergeStats = createMergeStats();
  #records = 0;
  #badRows = 0;
  readonly #samples: BadRowSample[] = [];
  #lines = 0;
  /** What the chunk's ranges share (their rows' Conditional Access entries, as in one pass). */
  readonly #shared: NdjsonRangeShared = newNdjsonRangeShared();

  /**
   * @param settings how to read and count
   * @param head whether the chunk starts with a head (every chunk but the first)
   */
  constructor(settings: ChunkSettings, head: boolean) {
    this.#s = settings;
    this.#agg = new SignInAggregator(settings.aggregator);
    this.#pipeline = new ReportPipeline(this.#agg, {
      notAfterMs: settings.notAfterMs,
      filter: createRowFilter(settings.filter),
    });
    this.#inHead = head;
    if (head) {
      this.#pipeline.collect = this.#headRows;
      this.#pipeline.aggregating = false;
    }
  }

  /** Sign-ins read so far in this chunk (records that are not bad rows), for progress. */
  get signIns(): number {
    return this.#records - this.#badRows;
  }

  /**
   * Reads the chunk's next range.
   *
   * @param bytes a line-aligned range
   * @param prefixed whether it starts with the cutter's blank line
   * @throws {InputError} as the sequential reader would (lines counted from the range)
   */
  push(bytes: Uint8Array, prefixed: boolean): void {
    const r = readNdjsonRange(
      bytes,
      { ...this.#s.range, prefixed, shared: this.#shared },
      (batch) => this.#rows(batch),
    );
    this.#records += r.records;
    this.#badRows += r.badRows;
    const max = this.#s.range.maxBadRowSamples ?? 5;
    for (const s of r.badRowSamples) {
      if (this.#samples.length < max) this.#samples.push({ line: s.line + this.#lines, reason: s.reason });
    }
    this.#lines += r.lines;
    if (!this.#inHead) return;
    this.#headRanges++;
    if (this.#maxT - this.#minT > 2 * HORIZON_MS || this.#headRanges >= this.#s.maxHeadRanges) {
      this.#endHead();
    }
  }

  /** A batch of the current range's rows, as they are parsed (small batches: rows die young). */
  #rows(rows: SignIn[]): void {
    this.#pipeline.pushAll(rows);
    if (!this.#inHead) return;
    for (let i = 0; i < rows.length; i++) {
      const t = rows[i]!.createdAtMs;
      if (t === null) continue;
      if (t < this.#minT) this.#minT = t;
      if (t > this.#maxT) this.#maxT = t;
    }
  }

  #endHead(): void {
    const merger = this.#pipeline.merger;
    this.#headState = headStateOf(merger.snapshot(), this.#headRows);
    this.#base = { ...this.#pipeline.mergeStats };
    this.#pipeline.mergeStats.peakBufferedRows = merger.bufferedRows;
    this.#pipeline.collect = null;
    this.#pipeline.aggregating = true;
    this.#inHead = false;
  }

  /**
   * Ends the chunk.
   *
   * @param final whether it is the file's last chunk (then, past its head, it is flushed)
   * @param live whether the result stays in this thread: the aggregator itself, not its state
   * @returns what the main thread needs
   */
  end(final: boolean, live = false): ChunkResult {
    const endedInHead = this.#inHead;
    const p = this.#pipeline;
    if (endedInHead) {
      this.#endHead();
      this.#base = { ...p.mergeStats, peakBufferedRows: 0 };
      p.mergeStats.peakBufferedRows = 0;
    } else if (final) p.finish();
    const stats = createMergeStats();
    for (const k of Object.keys(stats) as (keyof MergeStats)[]) {
      stats[k] = k === "peakBufferedRows" ? p.mergeStats[k] : p.mergeStats[k] - this.#base[k];
    }
    return {
      headRows: this.#headRows,
      headState: this.#headState,
      endedInHead,
      endState: final ? null : p.merger.snapshot(),
      // the chunk is done with its aggregator: its state is made of its own containers
      aggregator: live ? this.#agg : this.#agg.takeState(),
      mergeStats: stats,
      rows: p.rows,
      filteredOut: p.filteredOut,
      futureRows: p.futureRows,
      records: this.#records,
      badRows: this.#badRows,
      badRowSamples: this.#samples,
      lines: this.#lines,
      ids: p.merger.idHashes(),
      bytes: 0,
    };
  }
}

/** A message to a chunk worker. */
export type ChunkRequest =
  | {
    kind: "range";
    chunk: number;
    bytes: Uint8Array;
    prefixed: boolean;
    /** With the chunk's first range: start a chunk. */
    start?: { settings: ChunkSettings; head: boolean };
  }
  | { kind: "end"; chunk: number; final: boolean }
  | FileChunkRequest;

/** A chunk the worker reads from the file itself (an uncompressed file). */
export interface FileChunkRequest {
  kind: "file";
  chunk: number;
  /** The path. */
  path: string;
  /** The chunk's first line is the first to start at or after this byte (chunk 0: exactly here). */
  start: number;
  /** Its last line is the last to start before the first line start at or after this byte (null: to the end). */
  end: number | null;
  /** Whether it is the first chunk (starts exactly at `start`, no head). */
  first: boolean;
  /** Bytes per range. */
  rangeBytes: number;
  settings: ChunkSettings;
  /**
   * A chunk whose tail the main thread may take while it is read: its {@linkcode ClaimWord}
   * (the reader claims bytes before it reads them; `end` is then where it may stop at most).
   */
  claims?: BigUint64Array;
}

/**
 * Bytes of a chunk are claimed in units of this many from its `start` (see {@linkcode ClaimWord}).
 */
const CLAIM_UNIT = 64 * 1024;
/** A claim word's limit when the chunk goes to the end of the file. */
const TO_THE_END = 0xffffffff;

/**
 * A chunk's claim word, shared by its reader and the main thread: `limit << 32 | claimed`, in
 * {@linkcode CLAIM_UNIT}s from the chunk's `start`. The reader reads bytes only after it claimed
 * them (`claimed` grows up to `limit`); the main thread takes the chunk's tail by lowering
 * `limit` to a point at or after `claimed`. Both change it by compare-and-exchange, so the
 * reader's last byte and the tail's first are the same for both.
 */
export type ClaimWord = BigUint64Array;

/**
 * A new claim word (nothing claimed).
 *
 * @param start the chunk's start
 * @param end its end (null: the end of the file)
 * @returns the word, to share with the chunk's reader
 */
function newClaimWord(start: number, end: number | null): ClaimWord {
  const w = new BigUint64Array(new SharedArrayBuffer(8));
  w[0] = BigInt(end === null ? TO_THE_END : Math.ceil((end - start) / CLAIM_UNIT)) << 32n;
  return w;
}

function claimParts(v: bigint): [limit: number, claimed: number] {
  return [Number(v >> 32n), Number(v & 0xffffffffn)];
}

/**
 * The reader claims the chunk's bytes up to `want` (or as far as the limit lets it).
 *
 * @returns the byte it may read up to (exclusive)
 */
function claimUpTo(w: ClaimWord, start: number, want: number): number {
  const units = Math.ceil((want - start) / CLAIM_UNIT);
  for (;;) {
    const v = Atomics.load(w, 0);
    const [limit, claimed] = claimParts(v);
    const to = Math.min(limit, Math.max(claimed, units));
    if (to === claimed || Atomics.compareExchange(w, 0, v, (BigInt(limit) << 32n) | BigInt(to)) === v) {
      return start + to * CLAIM_UNIT;
    }
  }
}

/**
 * The reader claims all that is left: the chunk's end is then fixed.
 *
 * @returns where the chunk ends (its last line is the last to start before the first line start
 *   at or after this byte; null: the end of the file)
 */
function claimedEnd(w: ClaimWord, start: number, end: number | null): number | null {
  claimUpTo(w, start, Infinity);
  const [limit] = claimParts(Atomics.load(w, 0));
  if (limit === TO_THE_END) return end;
  return Math.min(start + limit * CLAIM_UNIT, end ?? Infinity);
}

/**
 * The main thread takes the upper half of what a chunk's reader has not claimed yet (rounded down
 * to whole units, at least one).
 *
 * @param w the chunk's claim word
 * @param start the chunk's start
 * @param end where it ends now (the file's size for the last chunk)
 * @param minBytes the least worth taking
 * @returns where the tail starts (the chunk now ends there), or null when too little is left
 */
function takeTail(w: ClaimWord, start: number, end: number, minBytes: number): number | null {
  for (;;) {
    const v = Atomics.load(w, 0);
    const [limit, claimed] = claimParts(v);
    const left = Math.min(limit, Math.ceil((end - start) / CLAIM_UNIT)) - claimed;
    const taken = Math.floor(left / 2);
    if (taken < 1 || taken * CLAIM_UNIT < minBytes) return null;
    const cut = claimed + left - taken;
    if (Atomics.compareExchange(w, 0, v, (BigInt(cut) << 32n) | BigInt(claimed)) === v) {
      return start + cut * CLAIM_UNIT;
    }
  }
}

/** A chunk worker's answer. */
export type ChunkReply =
  | { kind: "range"; chunk: number }
  /** A file chunk's sign-ins read so far (after each range; before its result). */
  | { kind: "progress"; chunk: number; rows: number }
  | { kind: "chunk"; chunk: number; result: ChunkResult }
  | {
    kind: "error";
    chunk: number;
    message: string;
    /** Whether it answers a range (which then counts as read). */
    range: boolean;
  };

/**
 * Handles one request in a worker (chunk_worker.ts) or inline (tests).
 *
 * @param state the current chunk
 * @param req the request
 * @returns the reply
 */
export function handleChunkRequest(
  state: { current: ChunkProcessor | null },
  req: ChunkRequest,
): Exclude<ChunkReply, { kind: "progress" }> {
  if (req.kind === "file") throw new TypeError("a file chunk is read by handleFileChunk");
  try {
    if (req.kind === "range") {
      if (req.start !== undefined) state.current = new ChunkProcessor(req.start.settings, req.start.head);
      if (state.current === null) return { kind: "range", chunk: req.chunk }; // after an error
      state.current.push(req.bytes, req.prefixed);
      return { kind: "range", chunk: req.chunk };
    }
    const p = state.current;
    state.current = null;
    if (p === null) return { kind: "error", chunk: req.chunk, message: "no chunk", range: false };
    return { kind: "chunk", chunk: req.chunk, result: p.end(req.final) };
  } catch (err) {
    state.current = null;
    return {
      kind: "error",
      chunk: req.chunk,
      message: err instanceof Error ? err.message : String(err),
      range: req.kind === "range",
    };
  }
}

/**
 * Pushes `bytes` into the cutter in pieces that end at a line feed at least `rangeBytes` after
 * the piece's start (the cutter cuts at most once per push, so ranges stay near their size).
 * With `reused`, the ranges are views of the cutter's one buffer, valid only during `take`
 * (ranges read in this thread); else each has its own buffer (to transfer).
 */
function pushPieces(
  cutter: LineRangeCutter,
  bytes: Uint8Array,
  rangeBytes: number,
  take: (r: LineRange) => void,
  reused = false,
): void {
  for (let o = 0; o < bytes.length;) {
    const nl = bytes.indexOf(10, o + rangeBytes - 1);
    const e = nl < 0 ? bytes.length : nl + 1;
    if (reused) cutter.pushEach(bytes.subarray(o, e), take);
    else for (const r of cutter.push(bytes.subarray(o, e))) take(r);
    o = e;
  }
}

/** The first line start at or after byte `at` (the file's size when no line starts there). */
async function lineStartAtOrAfter(f: Deno.FsFile, at: number): Promise<number> {
  if (at <= 0) return 0;
  await f.seek(at - 1, Deno.SeekMode.Start);
  const buf = new Uint8Array(64 * 1024);
  let pos = at - 1;
  for (;;) {
    const n = await f.read(buf);
    if (n === null) return pos;
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    pos += n;
  }
}

/**
 * Reads one chunk of an uncompressed file in this thread (a worker, or the main thread): its
 * line-aligned bytes, cut into ranges, into a {@linkcode ChunkProcessor}.
 *
 * @param req the chunk
 * @param o progress, and (the main thread) whether the result stays in this thread and when to stop
 * @returns its result, or the error
 */
export async function handleFileChunk(
  req: FileChunkRequest,
  o: FileChunkOptions = {},
): Promise<Extract<ChunkReply, { kind: "chunk" | "error" }>> {
  const { progress, live = false, signal } = o;
  let f: Deno.FsFile | null = null;
  try {
    f = await Deno.open(req.path, { read: true });
    const begin = req.first ? req.start : await lineStartAtOrAfter(f, req.start);
    const claims = req.claims;
    let stop = req.end === null || claims !== undefined ? Infinity : await lineStartAtOrAfter(f, req.end);
    const p = new ChunkProcessor(req.settings, !req.first);
    let final = req.end === null;
    const cutter = new LineRangeCutter(req.rangeBytes);
    const take = (r: LineRange) => {
      signal?.throwIfAborted();
      p.push(r.bytes, r.index > 0 || !req.first);
      progress?.(p.signIns);
    };
    // a chunk but the first starts with the blank line every range but a file's first has
    if (!req.first) cutter.pushEach(new Uint8Array(RANGE_PREFIX), () => {});
    await f.seek(begin, Deno.SeekMode.Start);
    const buf = new Uint8Array(Math.max(64 * 1024, Math.min(req.rangeBytes, 4 * MIB)));
    let pos = begin;
    // with claims, the end is known once the next read cannot be claimed whole: the bytes are
    // read in the same pieces as without (the ranges do not depend on when the tail was taken)
    let open = claims !== undefined;
    while (pos < stop) {
      if (
        open &&
        Math.min(claimUpTo(claims!, req.start, pos + buf.length), req.end ?? Infinity) < pos + buf.length
      ) {
        open = false;
        const limit = claimedEnd(claims!, req.start, req.end);
        stop = limit === null ? Infinity : await lineStartAtOrAfter(f, limit);
        final = limit === null;
        await f.seek(pos, Deno.SeekMode.Start);
        continue;
      }
      const n = await f.read(buf.subarray(0, Math.min(buf.length, stop - pos)));
      if (n === null) break;
      pos += n;
      // the ranges are read here, at once: views of one buffer (an ArrayBuffer per range is
      // external memory that made V8 collect the whole heap every few dozen ranges)
      pushPieces(cutter, buf.subarray(0, n), req.rangeBytes, take, true);
    }
    const last = cutter.end();
    if (last !== null) take(last);
    const result = p.end(final, live);
    result.bytes = pos - begin;
    return { kind: "chunk", chunk: req.chunk, result };
  } catch (err) {
    return {
      kind: "error",
      chunk: req.chunk,
      message: err instanceof Error ? err.message : String(err),
      range: false,
    };
  } finally {
    f?.close();
  }
}

/** How {@linkcode handleFileChunk} reads a chunk besides the request. */
export interface FileChunkOptions {
  /** Called with the chunk's sign-ins read so far after each range. */
  progress?: (rows: number) => void;
  /** Whether the result stays in this thread: its aggregator itself, not exported. @default false */
  live?: boolean;
  /** Stops reading (the result is then an error). */
  signal?: AbortSignal;
}

/** Options of {@linkcode reportFileInChunks}. */
export interface ChunkedReportOptions
  extends Pick<ReadSignInsOptions, "inputFormat" | "eventType" | "fileName"> {
  /** Workers. */
  workers: number;
  /** The report's row filter (data, so that workers can rebuild it). */
  filter: RowFilter;
  /** Rows dated after this are bad rows. */
  notAfterMs: number;
  /** Bytes per range. @default 1 MiB */
  rangeBytes?: number;
  /** `.gz`: bytes per chunk, decompressed (rounded to whole ranges). @default 32 MiB */
  chunkBytes?: number;
  /** Tests: where an uncompressed file's chunks start (bytes; each rounded to the next line start). */
  cuts?: number[];
  /**
   * An uncompressed file: the least this thread takes of a worker's chunk when it has read its
   * own (half of what the worker has not read yet, when that is at least twice this). @default 4 MiB
   */
  minStealBytes?: number;
  /** Tests: take the tails of the workers' chunks at once, before they are read. */
  stealAtOnce?: boolean;
  /** Most ranges in a chunk's head. @default 8 */
  maxHeadRanges?: number;
  /** Smallest file (bytes on disk) worth starting workers for. @default 16 MiB */
  minBytes?: number;
  /** Tests: run the chunks in this thread (same cutting, messages cloned, no workers). */
  inline?: boolean;
  /** Called with the rows read so far after each chunk. */
  progress?: (rows: number) => void;
}

/** How {@linkcode reportFileInChunks} went. */
export type ChunkedOutcome =
  | { done: true; chunks: number }
  | { done: false; reason: string };

/** A file opened for chunked reading: its first line read, its layout planned. */
interface ChunkedInput {
  /** Bytes on disk. */
  size: number;
  /** The name it is reported under. */
  name: string;
  /** The open input (this thread's reader). */
  opened: Awaited<ReturnType<typeof openInput>>;
  /** Its chunks, after `head`. */
  it: AsyncIterator<Uint8Array>;
  /** The bytes read so far (at least the first line, unless the file is shorter). */
  head: Uint8Array;
  /** Whether `head` is the whole file. */
  done: boolean;
  /** The NDJSON layout. */
  plan: NonNullable<ReturnType<typeof planNdjsonRanges>>;
  /** What every chunk is read with. */
  settings: ChunkSettings;
  /** An uncompressed file: workers read their chunks from it; `.gz`: this thread decompresses once. */
  fileMode: boolean;
}

/** Opens `file` for {@linkcode reportFileInChunks}, or says why it is read in one pass. */
async function openChunkedInput(
  file: string,
  pipeline: ReportPipeline,
  aggregator: SignInAggregator,
  options: ChunkedReportOptions,
): Promise<ChunkedInput | { reason: string }> {
  let size = 0;
  try {
    size = file === "-" ? 0 : (await Deno.stat(file)).size;
  } catch {
    return { reason: "cannot stat the file" };
  }
  if (options.workers < 1 || file === "-") return { reason: "one thread" };
  if (size < (options.minBytes ?? MIN_CHUNKED_BYTES)) return { reason: "small file" };
  if (pipeline.rows !== 0 || aggregator.signIns !== 0) return { reason: "not the first input" };
  let opened;
  try {
    opened = await openInput(file, {
      kind: "sign-ins",
      ...(options.fileName !== undefined ? { name: options.fileName } : {}),
    });
  } catch {
    return { reason: "cannot open the file" };
  }
  const name = opened.name;
  const it = opened.chunks[Symbol.asyncIterator]();
  let head = new Uint8Array(0);
  let done = false;
  try {
    while (head.indexOf(10) < 0 && head.length < 4 * MIB) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      const next = new Uint8Array(head.length + r.value.length);
      next.set(head);
      next.set(r.value, head.length);
      head = next;
    }
  } catch {
    opened.close();
    return { reason: "cannot read the file" };
  }
  const readOptions: ReadSignInsOptions = {
    ...(options.inputFormat !== undefined ? { inputFormat: options.inputFormat } : {}),
    ...(options.eventType !== undefined ? { eventType: options.eventType } : {}),
  };
  const plan = planNdjsonRanges(head, name, readOptions);
  if (plan === null) {
    opened.close();
    return { reason: "not UTF-8 NDJSON" };
  }
  const settings: ChunkSettings = {
    range: {
      file: name,
      format: plan.format,
      ...(options.eventType !== undefined ? { eventType: options.eventType } : {}),
      maxBadRowSamples: 5,
      lean: REPORT_READS_LEAN,
    },
    filter: options.filter,
    notAfterMs: options.notAfterMs,
    aggregator: aggregator.options,
    maxHeadRanges: options.maxHeadRanges ?? 8,
  };
  const fileMode = !/\.gz$/i.test(file);
  if (fileMode && size > INPUT_SIZE_CAP["sign-ins"]) {
    opened.close();
    return { reason: "over the size cap" };
  }
  return { size, name, opened, it, head, done, plan, settings, fileMode };
}

/**
 * The chunks' results merged in file order, built apart so that a failed verification leaves the
 * caller's state untouched: each chunk's head is replayed on the previous chunk's merge state
 * (the one-pass merger at the edge) and must end in the state the chunk saw.
 */
class ChunkMerge {
  /** The merged aggregator (after chunk 0). */
  acc: SignInAggregator | null = null;
  readonly merged: MergeStats = createMergeStats();
  readonly counts = { rows: 0, filteredOut: 0, futureRows: 0, records: 0, badRows: 0 };
  readonly samples: BadRowSample[] = [];
  /** The chunks' id hashes, each taken with its chunk (the last only looked up). */
  readonly #ids = new DisjointIdHashes();
  /** The first reason the one-pass numbers cannot be shown. */
  failure: string | null = null;
  #linesBefore: number;
  #prevEnd: MergerSnapshot | null = null;
  readonly #settings: ChunkSettings;
  readonly #progress: ((rows: number) => void) | undefined;

  constructor(settings: ChunkSettings, linesBefore: number, progress: ((rows: number) => void) | undefined) {
    this.#settings = settings;
    this.#linesBefore = linesBefore;
    this.#progress = progress;
  }

  /** Notes why the one-pass numbers cannot be shown (the first reason stays). */
  fail(why: string): false {
    this.failure ??= why;
    return false;
  }

  /** Takes chunk `k`'s result (in file order); false when the one-pass numbers cannot be shown. */
  absorb(k: number, r: ChunkResult, final: boolean): boolean {
    const a = r.aggregator;
    if (a instanceof SignInAggregator ? a.pooled() : a.pooled) {
      return this.fail("a key cap was reached in a chunk");
    }
    const part = a instanceof SignInAggregator ? a : SignInAggregator.fromState(a, this.#settings.aggregator);
    if (k === 0) this.acc = part;
    else {
      // replay the head from the previous chunk's end state: the one-pass merger at the edge
      const m = SignInMerger.restore(this.#prevEnd!);
      const zone = new SignInAggregator(this.#settings.aggregator);
      const out: LogicalSignIn[] = [];
      for (const row of r.headRows) {
        m.pushInto(row, out);
        for (const l of out) zone.add(l);
        out.length = 0;
      }
      if (!sameState(headStateOf(m.snapshot(), r.headRows), r.headState)) {
        return this.fail(`the merge state after chunk ${k}'s first rows differs from one pass's`);
      }
      if (final && r.endedInHead) { for (const l of m.flush()) zone.add(l); }
      if (zone.pooled()) return this.fail("a key cap was reached at a chunk edge");
      this.acc!.merge(zone);
      this.acc!.merge(part);
      addMergeStats(this.merged, m.stats);
    }
    addMergeStats(this.merged, r.mergeStats);
    const c = this.counts;
    c.rows += r.rows;
    c.filteredOut += r.filteredOut;
    c.futureRows += r.futureRows;
    c.records += r.records;
    c.badRows += r.badRows;
    for (const s of r.badRowSamples) {
      if (this.samples.length < 5) this.samples.push({ line: s.line + this.#linesBefore, reason: s.reason });
    }
    this.#linesBefore += r.lines;
    if (!this.#ids.add(r.ids, final)) return this.fail("an id is in two chunks");
    this.#prevEnd = r.endState;
    this.#progress?.(c.records - c.badRows);
    return true;
  }
}

/**
 * Reads one sign-in file into `pipeline` (and its `aggregator`) with workers that each merge and
 * aggregate a chunk (see the module documentation), filling `stats` as the sequential reader
 * would. When it cannot give one pass's numbers (not UTF-8 NDJSON, too small, an error, a
 * verification that failed) it changes nothing and says why: the caller then reads the file in
 * one pass.
 *
 * @param file the path
 * @param pipeline a pipeline that has seen no rows
 * @param aggregator its aggregator (empty)
 * @param stats read counters to fill
 * @param options workers, filter and sizes
 * @returns done, or the reason to read in one pass
 */
export async function reportFileInChunks(
  file: string,
  pipeline: ReportPipeline,
  aggregator: SignInAggregator,
  stats: ReadStats,
  options: ChunkedReportOptions,
): Promise<ChunkedOutcome> {
  const rangeBytes = options.rangeBytes ?? MIB;
  // `.gz`: ranges per chunk handed out by this thread
  const R = Math.max(1, Math.round((options.chunkBytes ?? 32 * MIB) / rangeBytes));
  const input = await openChunkedInput(file, pipeline, aggregator, options);
  if ("reason" in input) {
    dropEarlyWorkers();
    return { done: false, reason: input.reason };
  }
  const { size, name, opened, it, head, plan, settings, fileMode } = input;
  let done = input.done;
  // an uncompressed file: this thread reads chunks too (one isolate fewer); `.gz`: it decompresses
  const pool: ChunkPool = options.inline === true
    ? new InlineChunkPool()
    : new ChunkWorkerPool(fileMode ? options.workers - 1 : options.workers);
  const cutter = new LineRangeCutter(rangeBytes);
  const queue: LineRange[] = [];
  let skip = plan.skipBytes, bytes = 0;
  const feed = (chunk: Uint8Array) => {
    bytes += chunk.length;
    let c = chunk;
    if (skip > 0) {
      const n = Math.min(skip, c.length);
      c = c.subarray(n);
      skip -= n;
    }
    pushPieces(cutter, c, rangeBytes, (r) => queue.push(r));
  };

  // progress: the sign-ins of the chunks taken, plus what the chunks still being read have read
  const reading = new Map<number, number>();
  let taken = 0;
  const showProgress = () => {
    let rows = taken;
    for (const n of reading.values()) rows += n;
    options.progress!(rows);
  };
  const merge = new ChunkMerge(
    settings,
    plan.skippedLines,
    options.progress === undefined ? undefined : (rows) => {
      taken = rows;
      showProgress();
    },
  );
  let started = -1, worker = -1, next = 0, total = -1, bytesRead = 0;
  // chunk ids in file order (file mode: tails the main thread took go right after their chunk)
  const order: number[] = [];
  const absorbed = new Set<number>();
  if (options.progress !== undefined) {
    pool.onProgress = (chunk, rows) => {
      if (absorbed.has(chunk)) return;
      reading.set(chunk, rows);
      showProgress();
    };
  }
  const take = (id: number, r: Extract<ChunkReply, { kind: "chunk" | "error" }>, final: boolean) => {
    reading.delete(id);
    absorbed.add(id);
    if (r.kind === "error") merge.fail(`chunk ${next}: ${r.message}`);
    else {
      merge.absorb(next, r.result, final);
      bytesRead += r.result.bytes;
    }
    next++;
  };
  /** Takes the results that are in, in file order; notes a dead worker. */
  const drain = () => {
    while (merge.failure === null) {
      const id = fileMode ? order[next] : next;
      const r = id === undefined ? undefined : pool.results.get(id);
      if (r === undefined) break;
      pool.results.delete(id!);
      take(id!, r, fileMode ? next === order.length - 1 : next === total - 1);
    }
    if (merge.failure === null && pool.failure !== null) merge.fail(pool.failure);
  };
  try {
    if (fileMode) {
      // each worker reads its chunks from the file itself: nothing is queued in between
      opened.close();
      const cuts = options.cuts ??
        Array.from({ length: options.workers - 1 }, (_, i) => Math.round((i + 1) * size / options.workers));
      total = cuts.length + 1;
      /** Chunks read by this thread; workers' chunks whose tail it may take (their current end). */
      const here = new Set<number>();
      const stealable = new Map<number, FileChunkRequest & { claims: ClaimWord }>();
      const minSteal = options.minStealBytes ?? 4 * MIB;
      /** Reads the upper half of the unread part of the worker chunk with the most left, if worth it. */
      const steal = (): boolean => {
        let best: (FileChunkRequest & { claims: ClaimWord }) | null = null, left = -1;
        for (const [id, req] of stealable) {
          if (pool.results.has(id)) {
            stealable.delete(id);
            continue;
          }
          const [limit, claimed] = claimParts(Atomics.load(req.claims, 0));
          const l = Math.min(limit, Math.ceil(((req.end ?? size) - req.start) / CLAIM_UNIT)) - claimed;
          if (l > left) [best, left] = [req, l];
        }
        if (best === null) return false;
        const cut = takeTail(best.claims, best.start, best.end ?? size, minSteal);
        if (cut === null) return false;
        const id = total++;
        order.splice(order.indexOf(best.chunk) + 1, 0, id);
        here.add(id);
        const { claims: _, ...tail } = best;
        pool.readHere({ ...tail, chunk: id, start: cut, first: false });
        best.end = cut;
        return true;
      };
      for (let k = 0; k < cuts.length + 1; k++) {
        // chunk k's thread: k % workers, 0 being this one
        const req: FileChunkRequest = {
          kind: "file",
          chunk: k,
          path: file,
          start: k === 0 ? plan.skipBytes : Math.max(plan.skipBytes + 1, cuts[k - 1]!),
          end: k === cuts.length ? null : Math.max(plan.skipBytes + 1, cuts[k]!),
          first: k === 0,
          rangeBytes,
          settings,
        };
        order.push(k);
        const lane = k % options.workers;
        if (lane === 0) {
          here.add(k);
          pool.readHere(req);
        } else {
          const claims = newClaimWord(req.start, req.end);
          stealable.set(k, { ...req, claims });
          pool.sendFile(lane - 1, { ...req, claims });
        }
      }
      if (options.stealAtOnce === true) { while (steal()); }
      while (next < order.length && merge.failure === null) {
        drain();
        for (const id of here) if (pool.results.has(id) || absorbed.has(id)) here.delete(id);
        // this thread is free: it takes the tail of a worker's chunk
        if (here.size === 0 && merge.failure === null && steal()) continue;
        if (next < order.length && merge.failure === null) await pool.wait();
      }
      total = order.length;
    } else {
      feed(head);
    }
    for (; !fileMode;) {
      drain();
      if (merge.failure !== null || (total >= 0 && next === total)) break;
      if (queue.length > 0) {
        const range = queue[0]!;
        const k = Math.floor(range.index / R);
        if (k > started) {
          if (started >= 0) pool.end(worker, started, false);
          worker = pool.pick();
          started = k;
        }
        if (pool.outstanding(worker) < R + 2) {
          queue.shift();
          pool.send(worker, {
            kind: "range",
            chunk: k,
            bytes: range.bytes,
            prefixed: range.prefixed,
            ...(range.index % R === 0 ? { start: { settings, head: k > 0 } } : {}),
          });
          continue;
        }
        await pool.wait();
        continue;
      }
      if (!done) {
        const r = await it.next();
        if (r.done) {
          done = true;
          const last = cutter.end();
          if (last !== null) queue.push(last);
        } else feed(r.value);
        continue;
      }
      if (total < 0) {
        pool.end(worker, started, true);
        total = started + 1;
        continue;
      }
      await pool.wait();
    }
  } catch (e) {
    merge.fail(e instanceof Error ? e.message : String(e));
  } finally {
    await pool.close();
    dropEarlyWorkers();
    opened.close();
  }
  if (merge.failure !== null) return { done: false, reason: merge.failure };
  const { counts } = merge;
  aggregator.merge(merge.acc!);
  pipeline.absorb({ ...counts, mergeStats: merge.merged });
  stats.file = name;
  stats.format = plan.format;
  stats.layout = plan.layout;
  stats.encoding = plan.encoding;
  stats.missingFields.push(...plan.missingFields);
  stats.records += counts.records;
  stats.signIns += counts.records - counts.badRows;
  stats.badRows += counts.badRows;
  stats.badRowSamples.push(...merge.samples);
  stats.bytes = fileMode ? plan.skipBytes + bytesRead : bytes;
  return { done: true, chunks: total };
}

/** Where chunk ranges go and results come back. */
interface ChunkPool {
  /** Chunk results not yet taken. */
  readonly results: Map<number, Extract<ChunkReply, { kind: "chunk" | "error" }>>;
  /** A worker that died. */
  readonly failure: string | null;
  /** Called with a file chunk's sign-ins read so far, while it is read. */
  onProgress: ((chunk: number, rows: number) => void) | null;
  /** The worker for a new chunk (the least busy). */
  pick(): number;
  /** Ranges sent to a worker and not yet read. */
  outstanding(worker: number): number;
  send(worker: number, req: Extract<ChunkRequest, { kind: "range" }>): void;
  end(worker: number, chunk: number, final: boolean): void;
  /** A chunk the worker reads from the file. */
  sendFile(worker: number, req: FileChunkRequest): void;
  /**
   * A chunk this thread reads from the file, between the replies it waits for (after the chunks
   * it read before); its result keeps its aggregator (nothing exported, cloned or restored).
   */
  readHere(req: FileChunkRequest): void;
  /** Resolves at the next reply (or failure). */
  wait(): Promise<void>;
  /** Stops the workers, and this thread's chunks (resolves once they stopped). */
  close(): Promise<void>;
}

/** The chunks this thread reads, one after the other (both pools). */
class HereLane {
  #chain: Promise<void> = Promise.resolve();
  readonly #stop = new AbortController();

  /** Reads `req` after the chunks before it; `done` takes the result. */
  read(
    req: FileChunkRequest,
    progress: (rows: number) => void,
    done: (r: Extract<ChunkReply, { kind: "chunk" | "error" }>) => void,
  ): void {
    this.#chain = this.#chain.then(async () => {
      if (this.#stop.signal.aborted) return;
      done(await handleFileChunk(req, { progress, live: true, signal: this.#stop.signal }));
    });
  }

  /** Resolves when the chunks given so far are read. */
  idle(): Promise<void> {
    return this.#chain;
  }

  /** Stops reading; resolves once the chunk being read stopped. */
  stop(): Promise<void> {
    this.#stop.abort();
    return this.#chain;
  }
}

class ChunkWorkerPool implements ChunkPool {
  readonly results = new Map<number, Extract<ChunkReply, { kind: "chunk" | "error" }>>();
  failure: string | null = null;
  onProgress: ((chunk: number, rows: number) => void) | null = null;
  readonly #workers: Worker[] = [];
  readonly #out: number[] = [];
  #wake: (() => void) | null = null;
  readonly #here = new HereLane();

  constructor(n: number) {
    for (let i = 0; i < n; i++) {
      const { worker: w, failure } = takeChunkWorker();
      if (failure !== null) this.failure ??= failure;
      w.onmessage = (e: MessageEvent<ChunkReply>) => {
        const r = e.data;
        if (r.kind === "progress") {
          this.onProgress?.(r.chunk, r.rows);
          return;
        }
        if (r.kind === "range" || (r.kind === "error" && r.range)) this.#out[i]!--;
        if (r.kind !== "range" && !(r.kind === "error" && this.results.has(r.chunk))) {
          this.results.set(r.chunk, r);
        }
        this.#signal();
      };
      w.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.failure ??= `a worker failed: ${e.message}`;
        this.#signal();
      };
      this.#workers.push(w);
      this.#out.push(0);
    }
  }

  #signal(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  pick(): number {
    let k = 0;
    for (let i = 1; i < this.#out.length; i++) if (this.#out[i]! < this.#out[k]!) k = i;
    return k;
  }

  outstanding(worker: number): number {
    return this.#out[worker]!;
  }

  send(worker: number, req: Extract<ChunkRequest, { kind: "range" }>): void {
    this.#out[worker]!++;
    this.#workers[worker]!.postMessage(req, [req.bytes.buffer as ArrayBuffer]);
  }

  end(worker: number, chunk: number, final: boolean): void {
    this.#workers[worker]!.postMessage({ kind: "end", chunk, final } satisfies ChunkRequest);
  }

  sendFile(worker: number, req: FileChunkRequest): void {
    this.#workers[worker]!.postMessage(req);
  }

  readHere(req: FileChunkRequest): void {
    this.#here.read(req, (rows) => this.onProgress?.(req.chunk, rows), (r) => {
      this.results.set(r.chunk, r);
      this.#signal();
    });
  }

  wait(): Promise<void> {
    return new Promise((resolve) => this.#wake = resolve);
  }

  close(): Promise<void> {
    for (const w of this.#workers) w.terminate();
    return this.#here.stop();
  }
}

/** The same protocol in this thread (tests): requests are handled when sent, replies cloned. */
class InlineChunkPool implements ChunkPool {
  readonly results = new Map<number, Extract<ChunkReply, { kind: "chunk" | "error" }>>();
  readonly failure = null;
  onProgress: ((chunk: number, rows: number) => void) | null = null;
  readonly #state: { current: ChunkProcessor | null } = { current: null };
  #files: Promise<void> = Promise.resolve();

  pick(): number {
    return 0;
  }

  outstanding(): number {
    return 0;
  }

  send(_worker: number, req: Extract<ChunkRequest, { kind: "range" }>): void {
    const reply = handleChunkRequest(this.#state, structuredClone(req));
    if (reply.kind === "error" && !this.results.has(reply.chunk)) this.results.set(reply.chunk, reply);
  }

  end(_worker: number, chunk: number, final: boolean): void {
    const reply = handleChunkRequest(this.#state, { kind: "end", chunk, final });
    if (reply.kind !== "range" && !this.results.has(chunk)) this.results.set(chunk, structuredClone(reply));
  }

  readonly #here = new HereLane();

  sendFile(_worker: number, req: FileChunkRequest): void {
    this.#files = this.#files.then(async () => {
      const reply = await handleFileChunk(structuredClone(req), {
        progress: (rows) => this.onProgress?.(req.chunk, rows),
      });
      this.results.set(reply.chunk, structuredClone(reply));
    });
  }

  readHere(req: FileChunkRequest): void {
    // after the chunks given before it, as a worker would read them alongside
    const before = this.#files;
    this.#files = before.then(() => {
      this.#here.read(req, (rows) => this.onProgress?.(req.chunk, rows), (r) => this.results.set(r.chunk, r));
      return this.#here.idle();
    });
  }

  wait(): Promise<void> {
    return this.#files;
  }

  close(): Promise<void> {
    return this.#here.stop();
  }
}
