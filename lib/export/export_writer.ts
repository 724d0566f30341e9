/**
 * The export's writer: appends pages to the work file in the order they arrive, one NDJSON line
 * per sign-in, skipping rows owned by another exported event type and ids the slice already
 * wrote; flushes the file to disk, then saves the checkpoint. Cursors wait while a few pages
 * are queued. On resume the seen ids are rebuilt from the work file.
 *
 * @module
 */
import type { SignInEventType } from "../classify/event_type.ts";
import type { GraphItem } from "../graph/request.ts";
import { forEachLine } from "../io/line_range.ts";
import type { Checkpoint } from "./checkpoint.ts";
import { ownerEventType } from "./owner.ts";
import { createdMs, type SliceRun, Stop } from "./slice_run.ts";
import type { WorkFile } from "./work_file.ts";

const encoder = new TextEncoder();

/** A page read by a cursor, waiting to be written. */
export interface PageJob {
  run: SliceRun;
  items: GraphItem[];
  nextLink: string | undefined;
  oldestMs: number | undefined;
}

/** What the writer works with. */
export interface ExportWriterDeps {
  work: WorkFile;
  checkpoint: Checkpoint;
  /** The client's tenant now (checked against the checkpoint before every batch). */
  tenant: () => string | undefined;
  /** Counts repeated ids skipped. */
  counts: { duplicates: number };
  /** After every saved checkpoint. */
  onBatch: () => void;
  /** A write failed; the writer takes no more pages. */
  onError: (error: Error) => void;
  /** The queue is empty (cursors waiting on the writer may go on). */
  onIdle: () => void;
}

/** Pages waiting for the writer (each cursor holds one more). */
const MAX_QUEUED = 4;

/** One writer per export run. */
export class ExportWriter {
  /** The failure that stopped the writer, if any. */
  error: Error | undefined;
  readonly #jobs: PageJob[] = [];
  #writing: Promise<void> | undefined;
  #drainWaiters: (() => void)[] = [];
  readonly #deps: ExportWriterDeps;

  /** @param deps the work file, checkpoint and callbacks */
  constructor(deps: ExportWriterDeps) {
    this.#deps = deps;
  }

  /**
   * Queues a page, waiting while the queue is full.
   *
   * @throws {Stop} when the writer has failed
   */
  async enqueue(job: PageJob): Promise<void> {
    while (this.#jobs.length >= MAX_QUEUED && this.error === undefined) {
      await new Promise<void>((r) => this.#drainWaiters.push(r));
    }
    if (this.error) throw new Stop();
    this.#jobs.push(job);
    this.#writing ??= this.#pump();
  }

  /** Waits until every queued page is written (or the writer failed). */
  async drain(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  #drained(): void {
    const w = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const r of w) r();
  }

  async #pump(): Promise<void> {
    try {
      while (this.#jobs.length > 0 && this.error === undefined) {
        const batch = this.#jobs.splice(0, this.#jobs.length);
        this.#drained();
        await this.#writeBatch(batch);
      }
    } catch (e) {
      this.error = e instanceof Error ? e : new Error(String(e));
      this.#deps.onError(this.error);
    } finally {
      this.#writing = undefined;
      this.#drained();
      this.#deps.onIdle();
    }
  }

  async #writeBatch(batch: PageJob[]): Promise<void> {
    const { work, checkpoint, counts } = this.#deps;
    checkpoint.adoptTenant(this.#deps.tenant());
    const exported = checkpoint.state.eventTypes;
    const offsets: number[] = [];
    const written: number[] = [];
    for (const job of batch) {
      const lines: string[] = [];
      for (const item of job.items) {
        if (ownerEventType(item, exported, job.run.spec.eventType) !== job.run.spec.eventType) continue;
        const id = item.id;
        if (typeof id === "string") {
          if (job.run.seen.has(id)) {
            counts.duplicates++;
            continue;
          }
          job.run.seen.add(id);
        }
        lines.push(JSON.stringify(item));
      }
      offsets.push(await work.append(encoder.encode(lines.length ? lines.join("\n") + "\n" : "")));
      written.push(lines.length);
    }
    await work.sync();
    batch.forEach((job, i) => {
      checkpoint.recordPage(job.run.st, written[i] as number, offsets[i] as number, job.nextLink);
      if (job.oldestMs !== undefined) job.run.oldestMs = Math.min(job.run.oldestMs ?? Infinity, job.oldestMs);
      if (job.nextLink === undefined) job.run.seen = new Set();
    });
    checkpoint.state.bytes = work.length;
    await checkpoint.save();
    this.#deps.onBatch();
  }
}

/**
 * Refills the seen-id sets of slices that wrote pages before the resume, from the work file
 * (from the earliest such slice's first page to the checkpoint).
 */
export async function rebuildSeenIds(
  workPath: string,
  runs: readonly SliceRun[],
  bytes: number,
  exported: readonly SignInEventType[],
): Promise<void> {
  const started = runs.filter((r) => r.st.pages > 0 && r.st.firstByte !== undefined);
  if (started.length === 0) return;
  const from = Math.min(...started.map((r) => r.st.firstByte as number));
  await forEachLine(workPath, from, bytes, (line) => {
    let item: GraphItem;
    try {
      item = JSON.parse(line);
    } catch {
      return;
    }
    const id = item?.id;
    const ms = createdMs(item);
    if (typeof id !== "string" || ms === undefined) return;
    for (const r of started) {
      if (
        ms >= r.spec.fromMs && ms < r.spec.toMs &&
        ownerEventType(item, exported, r.spec.eventType) === r.spec.eventType
      ) {
        r.seen.add(id);
      }
    }
  });
}
