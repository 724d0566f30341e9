/**
 * The export's scheduler: up to `concurrency` cursors take slices from one queue (slices under
 * way first, split parts in front), each reading its slice page by page through the
 * {@linkcode PageReader} (every request waits for the client's shared budget) and handing pages
 * to the {@linkcode ExportWriter}. A failed page goes through the failure policy (retry, split,
 * new token, restart, stop); a first page that predicts many pages splits its slice. A stop
 * (signal or failure) ends every cursor; the first reason is kept.
 *
 * @module
 */
import { type PageFailureAction, pageFailureAction } from "./failure_policy.ts";
import type { Checkpoint } from "./checkpoint.ts";
import type { ExportWriter } from "./export_writer.ts";
import type { SignInsExportOptions } from "./exporter.ts";
import type { ExportPage, PageReader } from "./page_reader.ts";
import { firstPageSplit, type SlicePolicy, splitRange } from "./slices.ts";
import { createdMs, SliceRun, Stop } from "./slice_run.ts";

const noop = () => {};

/** Why a run stopped before its end. */
export type StopReason =
  | { kind: "interrupted" }
  | { kind: "stopped"; reason: "authentication" | "failed"; error: Error };

/** The slice queue, the cursors' count and the run's stop switch. */
export class SliceScheduler {
  /** Every unfinished slice of this run by id. */
  readonly runsById: Map<number, SliceRun>;
  /** Cursors reading now. */
  active = 0;
  /** The first reason to stop, once stopped. */
  stopReason: StopReason | undefined;
  readonly #queue: SliceRun[];
  readonly #stopper = new AbortController();
  #wake: () => void = noop;
  #changed: Promise<void>;

  /** @param runs the checkpoint's unfinished slices */
  constructor(runs: readonly SliceRun[]) {
    this.runsById = new Map<number, SliceRun>(runs.map((r) => [r.st.id, r]));
    this.#queue = [...runs];
    // Slices already under way first, so their ids can be dropped sooner.
    this.#queue.sort((a, b) => Number(b.st.pages > 0) - Number(a.st.pages > 0));
    this.#changed = new Promise<void>((r) => (this.#wake = r));
  }

  /** Aborted when the run stops. */
  get signal(): AbortSignal {
    return this.#stopper.signal;
  }

  /** Wakes idle cursors (a slice finished, was split, or the run stopped). */
  notify(): void {
    const w = this.#wake;
    this.#changed = new Promise<void>((r) => (this.#wake = r));
    w();
  }

  /** Stops the run (the first reason wins). */
  stop(why: StopReason): void {
    this.stopReason ??= why;
    this.#stopper.abort();
    this.notify();
  }

  /** Puts `pieces` in place of `run`, in front of the queue (newest first, like the initial plan). */
  replace(run: SliceRun, pieces: SliceRun[]): void {
    for (const p of pieces) this.runsById.set(p.st.id, p);
    this.runsById.delete(run.st.id);
    this.#queue.unshift(...pieces.reverse());
  }

  /** Runs `concurrency` cursors until the queue is empty and no cursor is reading, or the run stops. */
  async run(concurrency: number, readSlice: (run: SliceRun) => Promise<void>): Promise<void> {
    await Promise.all(Array.from({ length: concurrency }, () => this.#worker(readSlice)));
  }

  async #worker(readSlice: (run: SliceRun) => Promise<void>): Promise<void> {
    while (!this.signal.aborted) {
      const run = this.#queue.shift();
      if (!run) {
        if (this.active === 0) return;
        await this.#changed;
        continue;
      }
      this.active++;
      try {
        await readSlice(run);
      } catch (e) {
        this.stop({
          kind: "stopped",
          reason: "failed",
          error: e instanceof Error ? e : new Error(String(e)),
        });
      } finally {
        this.active--;
        this.notify();
      }
    }
  }
}

/** What a cursor works with. */
export interface CursorDeps {
  scheduler: SliceScheduler;
  reader: PageReader;
  writer: ExportWriter;
  checkpoint: Checkpoint;
  policy: SlicePolicy;
  counts: { retries: number; splits: number; discarded: number };
  options: Pick<
    SignInsExportOptions,
    "maxAttempts" | "minSplitMs" | "canRefreshToken" | "retryDelayMs" | "onWarning" | "onSplit"
  >;
}

/** Splits `run` into `parts` slices, in the checkpoint and in the queue. */
export function splitSlice(run: SliceRun, parts: number, reason: string, deps: CursorDeps): void {
  const specs = splitRange(run.spec, parts).map((r) => ({ eventType: run.spec.eventType, ...r }));
  const pieces = deps.checkpoint.split(run.st, specs).map((st) => new SliceRun(st));
  const count = pieces.length;
  deps.scheduler.replace(run, pieces);
  deps.counts.splits++;
  deps.options.onSplit?.(run.spec, count, reason);
}

/** One cursor's walk over slice `run`, until it is finished, split, or the run stops. */
export async function readSlice(run: SliceRun, deps: CursorDeps): Promise<void> {
  const { scheduler, reader, options, counts } = deps;
  let attempt = 0;
  let tokenRefreshed = false;
  while (!scheduler.signal.aborted) {
    const fresh = run.cursor === undefined && run.st.pages === 0;
    let page: ExportPage;
    try {
      page = await reader.read(run, scheduler.signal);
    } catch (e) {
      if (e instanceof Stop) return;
      attempt++;
      const action: PageFailureAction = pageFailureAction(e, {
        attempt,
        maxAttempts: options.maxAttempts ?? 10,
        freshSlice: fresh,
        splittable: run.spec.toMs - run.spec.fromMs >= Math.max(2000, 2 * (options.minSplitMs ?? 60_000)),
        viaNextLink: run.cursor !== undefined,
        canRefreshToken: options.canRefreshToken,
        tokenRefreshed,
        restarts: run.restarts,
        retryDelayMs: options.retryDelayMs ?? 1000,
      });
      switch (action.kind) {
        case "retry":
          counts.retries++;
          await sleep(action.delayMs, scheduler.signal);
          continue;
        case "split":
          splitSlice(run, 2, action.reason, deps);
          return;
        case "refreshToken":
          tokenRefreshed = true;
          try {
            await reader.refresh((e as { generation?: number }).generation ?? reader.generation);
          } catch (err) {
            scheduler.stop({ kind: "stopped", reason: "authentication", error: err as Error });
            return;
          }
          continue;
        case "restartSlice":
          run.restarts++;
          run.cursor = undefined;
          run.loop?.reset();
          options.onWarning?.(
            `${action.reason}; reading slice ${run.st.from} – ${run.st.to} (${run.spec.eventType}) again from its start`,
          );
          continue;
        case "stop":
          scheduler.stop({ kind: "stopped", reason: action.reason, error: action.error });
          return;
      }
    }
    attempt = 0;
    tokenRefreshed = false;
    const oldest = oldestOf(page);
    if (fresh) {
      const parts = firstPageSplit(run.spec, {
        items: page.items.length,
        hasNextLink: page.nextLink !== undefined,
        oldestMs: oldest,
      }, deps.policy);
      if (parts > 1) {
        counts.discarded++;
        splitSlice(run, parts, "size", deps);
        return;
      }
    }
    try {
      await deps.writer.enqueue({ run, items: page.items, nextLink: page.nextLink, oldestMs: oldest });
    } catch (e) {
      if (e instanceof Stop) return;
      throw e;
    }
    if (page.nextLink === undefined) return;
    run.cursor = page.nextLink;
  }
}

function oldestOf(page: ExportPage): number | undefined {
  let oldest: number | undefined;
  for (const item of page.items) {
    const ms = createdMs(item);
    if (ms !== undefined && (oldest === undefined || ms < oldest)) oldest = ms;
  }
  return oldest;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
