/**
 * Reading one NDJSON sign-in file with worker threads (`--threads N`): the main thread reads
 * (and, for `.gz`, decompresses) the file once and cuts it into line-aligned ranges of a few MiB
 * (`lib/io/line_ranges.ts`); workers (worker.ts) decode, split, parse and map each range; the
 * main thread takes their sign-ins back **in file order**, so the merge (duplicates, interrupt
 * then completion, also across range edges) and the aggregation see exactly the rows, in exactly
 * the order, of the sequential reader: the report's numbers do not depend on the thread count.
 *
 * Memory: at most `2 × workers` ranges are out at a time (read, being parsed, or parsed and
 * waiting for their turn); each worker costs its isolate plus about two ranges of bytes, text and
 * sign-ins (see README, "Threads").
 *
 * Files the parallel path cannot read (JSON documents, CSV, UTF-16, standard input, a first line
 * it cannot place) are read by the sequential reader, which gives the same numbers and errors.
 *
 * @module
 */
import { formatLocation, InputError, type InputLocation } from "../errors.ts";
import { type LineRange, LineRangeCutter, openInput, RANGE_PREFIX } from "../io/mod.ts";
import {
  createReadStats,
  type NdjsonRangeOptions,
  type NdjsonRangeResult,
  planNdjsonRanges,
  readNdjsonRange,
  readSignInBatches,
  type ReadSignInsOptions,
  type SignIn,
} from "../signins/mod.ts";

/** A range sent to a worker. */
export interface RangeRequest {
  /** The range's index. */
  id: number;
  /** Its bytes (transferred). */
  bytes: Uint8Array;
  /** How to read it. */
  options: NdjsonRangeOptions;
}

/** A worker's answer. */
export type RangeReply =
  | { id: number; ok: true; result: NdjsonRangeResult }
  | { id: number; ok: false; message: string; location: InputLocation | null };

/** Options of {@linkcode readSignInBatchesParallel}. */
export interface ParallelReadOptions extends ReadSignInsOptions {
  /** Parse workers (0 or 1 file too small: the sequential reader). */
  workers: number;
  /** Bytes per range. @default 4 MiB */
  rangeBytes?: number;
  /** Smallest file (bytes on disk) worth starting workers for. @default 16 MiB */
  minBytes?: number;
  /** Tests: read the ranges in this thread (same cutting, ordering and numbering, no workers). */
  inline?: boolean;
}

const MIB = 1024 * 1024;
const PEEK = 4 * MIB;

/**
 * The parse workers to start for `threads` threads: the main thread merges and aggregates, so
 * `threads - 1` workers, but at least 2 when `threads` is 2 or more (on two cores the main
 * thread's share is small enough that two parse workers keep both cores busy).
 *
 * @param threads `--threads`
 * @returns parse workers (0: read in the main thread)
 *
 * @example
 * ```ts
 * import { workersFor } from "./parallel.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([1, 2, 4].map(workersFor), [0, 2, 3]);
 * ```
 */
export function workersFor(threads: number): number {
  return threads <= 1 ? 0 : Math.max(2, threads - 1);
}

/**
 * Like {@linkcode readSignInBatches} for a file path, with `workers` parse workers when the file
 * is UTF-8 NDJSON of at least `minBytes`; otherwise exactly `readSignInBatches`. Fills
 * `options.stats` as it would.
 *
 * @param file the path
 * @param options reader options and the worker count
 * @returns batches of sign-ins in file order
 * @throws {InputError} as {@linkcode readSignInBatches}
 */
export async function* readSignInBatchesParallel(
  file: string,
  options: ParallelReadOptions,
): AsyncGenerator<readonly SignIn[]> {
  const { workers, rangeBytes, minBytes, inline, ...readOptions } = options;
  let size = 0;
  try {
    size = file === "-" ? 0 : (await Deno.stat(file)).size;
  } catch { /* the sequential reader names the problem */ }
  if (workers < 1 || file === "-" || size < (minBytes ?? 16 * MIB)) {
    yield* readSignInBatches(file, readOptions);
    return;
  }
  const stats = readOptions.stats ?? createReadStats();
  const opened = await openInput(file, {
    kind: "sign-ins",
    ...(readOptions.fileName !== undefined ? { name: readOptions.fileName } : {}),
  });
  const name = opened.name;
  const it = opened.chunks[Symbol.asyncIterator]();
  // the head: up to the first line feed (or 4 MiB), to decide whether ranges can be read apart
  let head = new Uint8Array(0);
  let done = false;
  try {
    while (head.indexOf(10) < 0 && head.length < PEEK) {
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
  } catch (e) {
    opened.close();
    throw e;
  }
  const plan = planNdjsonRanges(head, name, readOptions);
  if (plan === null) {
    opened.close();
    yield* readSignInBatches(file, { ...readOptions, stats });
    return;
  }
  stats.file = name;
  stats.format = plan.format;
  stats.layout = plan.layout;
  stats.encoding = plan.encoding;
  stats.missingFields.push(...plan.missingFields);
  const maxSamples = readOptions.maxBadRowSamples ?? 5;
  const base: Omit<NdjsonRangeOptions, "prefixed"> = {
    file: name,
    format: plan.format,
    ...(readOptions.eventType !== undefined ? { eventType: readOptions.eventType } : {}),
    maxBadRowSamples: maxSamples,
    ...(readOptions.maxRecordChars !== undefined ? { maxRecordChars: readOptions.maxRecordChars } : {}),
  };

  const pool: RangePool = inline === true ? new InlinePool() : new WorkerPool(workers, name);
  const cutter = new LineRangeCutter(rangeBytes ?? 4 * MIB);
  const maxOut = 2 * workers;
  const queue: { range: LineRange; total?: number }[] = [];
  const starts = new Map<number, { start: number; prefixed: boolean }>();
  let sent = 0, next = 0, bytes = 0, linesBefore = plan.skippedLines, skip = plan.skipBytes;
  const feed = (chunk: Uint8Array) => {
    bytes += chunk.length;
    let c = chunk;
    if (skip > 0) {
      const n = Math.min(skip, c.length);
      c = c.subarray(n);
      skip -= n;
    }
    for (const range of cutter.push(c)) queue.push({ range });
  };
  /** A range's sign-ins, taken in file order; throws its error with the file's line numbers. */
  const take = (reply: RangeReply): SignIn[] => {
    const where = starts.get(reply.id)!;
    starts.delete(reply.id);
    if (!reply.ok) throw replyError(reply, linesBefore, where, plan.encoding);
    const r = reply.result;
    stats.records += r.records;
    stats.signIns += r.records - r.badRows;
    stats.badRows += r.badRows;
    for (const s of r.badRowSamples) {
      if (stats.badRowSamples.length < maxSamples) {
        stats.badRowSamples.push({ line: s.line + linesBefore, reason: s.reason });
      }
    }
    if (linesBefore !== 0) {
      for (let i = 0; i < r.signIns.length; i++) {
        const s = r.signIns[i] as { sourceLine: number | null };
        if (s.sourceLine !== null) s.sourceLine += linesBefore;
      }
    }
    linesBefore += r.lines;
    return r.signIns;
  };
  try {
    feed(head);
    for (;;) {
      while (queue.length > 0 && sent - next < maxOut) {
        const { range, total } = queue.shift()!;
        starts.set(range.index, { start: range.start + plan.skipBytes, prefixed: range.prefixed });
        pool.send({
          id: range.index,
          bytes: range.bytes,
          options: {
            ...base,
            prefixed: range.prefixed,
            ...(total !== undefined ? { totalBytes: total } : {}),
          },
        });
        sent++;
      }
      const ready = pool.replies.get(next);
      if (ready !== undefined) {
        pool.replies.delete(next);
        next++;
        const batch = take(ready);
        if (batch.length > 0) yield batch;
        continue;
      }
      if (pool.failure !== null) throw pool.failure;
      if (done && queue.length === 0 && sent === next) break;
      if (!done && queue.length === 0) {
        const r = await it.next();
        if (r.done) {
          done = true;
          const last = cutter.end();
          if (last !== null) queue.push({ range: last, total: bytes });
        } else {
          feed(r.value);
        }
        continue;
      }
      await pool.wait();
    }
    stats.bytes = bytes;
  } finally {
    pool.close();
    opened.close();
  }
}

/** The error of a range, with the file's line numbers and byte offsets. */
function replyError(
  reply: Extract<RangeReply, { ok: false }>,
  linesBefore: number,
  where: { start: number; prefixed: boolean },
  encoding: string,
): Error {
  if (reply.location === null) return new Error(reply.message);
  const loc = reply.location;
  let detail = reply.message.slice(formatLocation(loc).length + 2);
  const prefix = where.prefixed ? RANGE_PREFIX.length : 0;
  // the decoder counts lines from the range's first byte (the added blank line is its line 1)
  detail = detail.replace(
    /^(Cannot decode text: .* on line )(\d+)(, column .*\(expected )utf-8;/,
    (_, a: string, n: string, b: string) =>
      `${a}${Number(n) + linesBefore - (where.prefixed ? 1 : 0)}${b}${encoding};`,
  ).replace(
    /^(Cannot parse JSON: the file ends .*the record starting on line )(\d+)/,
    (_, a: string, n: string) => `${a}${Number(n) + linesBefore}`,
  );
  return new InputError(detail, {
    ...loc,
    ...(loc.line !== undefined ? { line: loc.line + linesBefore } : {}),
    ...(loc.byte !== undefined && !detail.startsWith("Cannot parse JSON: the file ends")
      ? { byte: loc.byte + where.start - prefix }
      : {}),
  });
}

/** Where ranges go and their replies come back. */
interface RangePool {
  /** Replies not yet taken, by range. */
  readonly replies: Map<number, RangeReply>;
  /** A worker that died. */
  readonly failure: Error | null;
  send(req: RangeRequest): void;
  /** Resolves at the next reply (or failure). */
  wait(): Promise<void>;
  close(): void;
}

class WorkerPool implements RangePool {
  readonly replies = new Map<number, RangeReply>();
  failure: Error | null = null;
  readonly #workers: Worker[] = [];
  readonly #busy: number[] = [];
  #wake: (() => void) | null = null;

  constructor(n: number, name: string) {
    for (let i = 0; i < n; i++) {
      const w = new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" });
      w.onmessage = (e: MessageEvent<RangeReply>) => {
        this.#busy[i]!--;
        this.replies.set(e.data.id, e.data);
        this.#signal();
      };
      w.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.failure ??= new Error(`Cannot read ${name} in parallel: a worker failed: ${e.message}`);
        this.#signal();
      };
      this.#workers.push(w);
      this.#busy.push(0);
    }
  }

  #signal(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  send(req: RangeRequest): void {
    let k = 0;
    for (let i = 1; i < this.#workers.length; i++) if (this.#busy[i]! < this.#busy[k]!) k = i;
    this.#busy[k]!++;
    this.#workers[k]!.postMessage(req, [req.bytes.buffer as ArrayBuffer]);
  }

  wait(): Promise<void> {
    return new Promise((resolve) => this.#wake = resolve);
  }

  close(): void {
    for (const w of this.#workers) w.terminate();
  }
}

/** The same protocol in this thread (tests): a range is read when it is sent. */
class InlinePool implements RangePool {
  readonly replies = new Map<number, RangeReply>();
  readonly failure = null;

  send(req: RangeRequest): void {
    try {
      this.replies.set(req.id, { id: req.id, ok: true, result: readNdjsonRange(req.bytes, req.options) });
    } catch (err) {
      this.replies.set(
        req.id,
        err instanceof InputError
          ? { id: req.id, ok: false, message: err.message, location: err.location }
          : { id: req.id, ok: false, message: (err as Error).message, location: null },
      );
    }
  }

  wait(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}
}
