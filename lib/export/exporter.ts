/**
 * The sign-in export engine: reads `/beta/auditLogs/signIns` for a window and event types
 * with several cursors at once (one per time slice), scheduled against the client's shared
 * request budget, and appends every sign-in as one NDJSON line to a work file, with a
 * checkpoint after every flushed batch of pages, so that a run stopped anywhere (crash,
 * Ctrl-C, expired token, Graph failure) resumes without refetching finished pages and without
 * losing or repeating a sign-in.
 *
 * How it works:
 * - Slices: the window is cut per event type (slices of at most a day, enough to give half
 *   the cursors work). A slice whose first page predicts many pages is split into parts of
 *   about 6 pages (that first page is discarded: one request), and one whose first page is
 *   slow (time-out, 504) or throttled is halved; nothing of it was written yet.
 * - Cursors: up to `concurrency` slices are read at once; each request waits for a slot of the
 *   client's {@linkcode RequestBudget} (every attempt takes one), so the budget stays full while
 *   pages are slow and is never exceeded. A `Retry-After` pauses the budget for every cursor.
 * - Writing: one writer appends pages in the order they arrive, flushes the file to disk, then
 *   writes the checkpoint atomically: for every unfinished slice its nextLink, pages and
 *   sign-ins, and the work file's length. A resume cuts the work file back to that length.
 * - Duplicates: a sign-in listing several exported event types is written under the first
 *   only; within a slice, ids already written are skipped (Graph repeats a few rows). Each
 *   unfinished slice keeps its ids in a `Set` (about 80 bytes per id, 75 MB per million); a finished slice's
 *   set is dropped, so memory follows the slices being read, not the size of the export.
 *   On resume the sets are rebuilt from the work file.
 * - Finish: the work file becomes the output by rename (or, with gzip, is compressed into it
 *   through a temporary file), then the checkpoint is removed.
 *
 * The stages live beside this file: `checkpoint.ts` (the state file, new or resumed),
 * `scheduler.ts` (slice queue and cursors), `page_reader.ts` (pages through the guard and
 * time-outs, client renewal), `export_writer.ts` (work file and duplicates), `export_meter.ts`
 * (progress and summary) and `export_lock.ts` (one run per output).
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import type { GraphClient } from "../graph/client.ts";
import { PageLoopGuard } from "../graph/guard.ts";
import type { SignInEventType } from "../classify/event_type.ts";
import { Checkpoint, openCheckpoint } from "./checkpoint.ts";
import { acquireExportLock, checkExportTarget } from "./export_lock.ts";
import { ExportMeter } from "./export_meter.ts";
import { ExportWriter, rebuildSeenIds } from "./export_writer.ts";
import { PageReader } from "./page_reader.ts";
import type { ExportProgress, ExportSummary } from "./progress.ts";
import { type CursorDeps, readSlice, SliceScheduler } from "./scheduler.ts";
import { SliceRun } from "./slice_run.ts";
import { DEFAULT_SLICE_POLICY, type SlicePolicy, type SliceSpec } from "./slices.ts";
import { type ExportPaths, exportPaths } from "./state.ts";
import { WorkFile } from "./work_file.ts";
import type { TimeWindow as SignInWindow } from "../options/window.ts";

/** Settings of an export run. */
export interface SignInsExportOptions {
  /** The output file (NDJSON, or gzip-compressed NDJSON with `gzip`). */
  out: string;
  /** The window; required for a new export, and must match the checkpoint when resuming. */
  window?: SignInWindow;
  /** Event types; required for a new export, and must match the checkpoint when resuming. */
  eventTypes?: readonly SignInEventType[];
  /** Compress the finished file with gzip (must match the checkpoint when resuming). */
  gzip?: boolean;
  /** Continue the export recorded in `OUT.state.json`. */
  resume?: boolean;
  /**
   * Builds a Graph client; called again for a new token after a 401. Give every client the
   * same budget, `maxRetries: 0` and `transientRetries: 0` (the export retries pages itself),
   * and a `fetch` from `timeoutFetch()` (page_timeout.ts) so slow pages are noticed.
   */
  createClient: () => Promise<GraphClient>;
  /** Whether `createClient` can produce a new token (false for a fixed GRAPH_ACCESS_TOKEN). */
  canRefreshToken: boolean;
  /** Cursors at most (1–32, default 16). */
  concurrency?: number;
  /** `$top` (1–1000, default 1000). */
  top?: number;
  /** First back-off delay when a failure has no `Retry-After` (default 1 s; doubles per attempt). */
  retryDelayMs?: number;
  /** Attempts per page before the export stops (default 10). */
  maxAttempts?: number;
  /** Slice planning and splitting (default {@linkcode DEFAULT_SLICE_POLICY}; `minInitialSlices` = cursors ÷ (2 × event types)). */
  slicePolicy?: Partial<SlicePolicy>;
  /** Slices shorter than this are not split when slow or throttled (default 60 s). */
  minSplitMs?: number;
  /** Stops the run cleanly (Ctrl-C): no new requests, pages received are written, checkpoint saved. */
  signal?: AbortSignal;
  /** Called after every checkpoint. */
  onProgress?: (progress: ExportProgress) => void;
  /** Things the user should know (a slice restarted, a token renewed). */
  onWarning?: (message: string) => void;
  /** Called when a slice is split (why: "size", or the failure that caused it). */
  onSplit?: (slice: SliceSpec, parts: number, reason: string) => void;
  /** Budget for the progress figures, requests per second; `false`: none (default: from the client's budget). */
  budgetPerSecond?: number | false;
  /** Clock for the checkpoint's timestamps (tests). */
  now?: () => Date;
}

/** How a run ended. */
export type SignInsExportResult =
  /** The output file is complete; the checkpoint is gone. */
  | { kind: "complete"; summary: ExportSummary }
  /** Stopped by the signal; resume with the same output. */
  | { kind: "interrupted"; summary: ExportSummary }
  /** Stopped by a failure; resume with the same output. `authentication`: only a new token helps. */
  | { kind: "stopped"; reason: "authentication" | "failed"; error: Error; summary: ExportSummary };

/**
 * Runs (or resumes) an export. Problems with the request itself (a checkpoint in the way, or
 * none to resume, a resume with other settings) are thrown as {@linkcode UsageError}; a
 * damaged checkpoint as `InputError`. Everything after the start ends in a result, with the
 * checkpoint saved unless the export is complete.
 *
 * @example Exporting a small tenant from the local Graph server
 * ```ts
 * import { runSignInsExport } from "./exporter.ts";
 * import { createGraphClient } from "../graph/client.ts";
 * import { startGraphServer } from "../../dev/graph_server/server.ts";
 * import { generateSampleTenant } from "../../dev/sample/sample_tenant.ts";
 * import assert from "node:assert/strict";
 * const dataset = generateSampleTenant({ users: 30, days: 1, signInsPerUserPerDay: 2 });
 * const server = await startGraphServer({ dataset, pageSize: 40 });
 * const dir = await Deno.makeTempDir();
 * try {
 *   const result = await runSignInsExport({
 *     out: `${dir}/signins.ndjson`,
 *     window: { from: new Date("2026-11-19T12:00:00Z"), to: new Date("2026-11-20T12:00:00Z") },
 *     eventTypes: ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"],
 *     createClient: () => createGraphClient({ auth: { kind: "none" }, graphUrl: server.url, budget: false }),
 *     canRefreshToken: false,
 *   });
 *   assert.equal(result.kind, "complete");
 *   const lines = (await Deno.readTextFile(`${dir}/signins.ndjson`)).trim().split("\n");
 *   const known = new Set(["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"]);
 *   const want = new Set(dataset.signIns
 *     .filter((s) => (s.signInEventTypes as string[]).some((t) => known.has(t)))
 *     .map((s) => s.id));
 *   assert.equal(lines.length, want.size);
 *   assert.deepEqual(new Set(lines.map((l) => JSON.parse(l).id)), want);
 * } finally {
 *   await server.close();
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function runSignInsExport(options: SignInsExportOptions): Promise<SignInsExportResult> {
  const paths = exportPaths(options.out);
  await checkExportTarget(paths);
  const unlock = await acquireExportLock(paths);
  try {
    return await runLocked(options, paths);
  } finally {
    await unlock();
  }
}

const DEFAULT_CONCURRENCY = 16;

async function runLocked(options: SignInsExportOptions, paths: ExportPaths): Promise<SignInsExportResult> {
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    throw new UsageError(`Cannot use --concurrency ${concurrency}: expected a whole number from 1 to 32`);
  }
  const policy = slicePolicyOf(options, concurrency);
  const client = await options.createClient();
  const reader = new PageReader(client, options);
  const checkpoint = await openCheckpoint(options, {
    paths,
    graphRoot: client.endpoint.root,
    tenant: client.tenant(),
    policy,
    now,
  });
  const state = checkpoint.state;
  const meter = new ExportMeter(state, paths, reader, budgetOf(options, client));

  if (await checkpoint.finishedBefore()) {
    await checkpoint.remove();
    return { kind: "complete", summary: meter.summary("complete", 0) };
  }
  const work = await WorkFile.open(paths.work, state.bytes, { fresh: !options.resume });
  const runs = state.slices.map((st) => new SliceRun(st));
  for (const r of runs) r.loop = new PageLoopGuard(client.limits);
  try {
    await rebuildSeenIds(paths.work, runs, state.bytes, state.eventTypes);
  } catch (e) {
    work.close();
    throw e;
  }
  if (!options.resume) await checkpoint.write();

  const scheduler = new SliceScheduler(runs);
  meter.markStart(scheduler.runsById);
  const onAbort = () => scheduler.stop({ kind: "interrupted" });
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const writer = new ExportWriter({
    work,
    checkpoint,
    tenant: () => reader.client.tenant(),
    counts: meter.counts,
    onBatch: () => options.onProgress?.(meter.progress(scheduler.active, scheduler.runsById)),
    onError: (error) => scheduler.stop({ kind: "stopped", reason: "failed", error }),
    onIdle: () => scheduler.notify(),
  });
  const deps: CursorDeps = { scheduler, reader, writer, checkpoint, policy, counts: meter.counts, options };
  try {
    await scheduler.run(concurrency, (run) => readSlice(run, deps));
    await writer.drain();
    if (writer.error) scheduler.stop({ kind: "stopped", reason: "failed", error: writer.error });
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  return await conclude(checkpoint, work, scheduler, meter);
}

/** Ends the run: saves the checkpoint when stopped, or puts the output in place. */
async function conclude(
  checkpoint: Checkpoint,
  work: WorkFile,
  scheduler: SliceScheduler,
  meter: ExportMeter,
): Promise<SignInsExportResult> {
  const elapsed = performance.now() - meter.started;
  const left = checkpoint.state.slices.length;
  if (scheduler.stopReason === undefined && left > 0) {
    // Cannot happen (workers only return when no slice is left); keep the checkpoint if it does.
    scheduler.stop({
      kind: "stopped",
      reason: "failed",
      error: new Error(`Cannot finish the export: ${left} slice(s) left unread`),
    });
  }
  const why = scheduler.stopReason;
  if (why !== undefined) {
    work.close();
    try {
      await checkpoint.save();
    } catch { /* the last checkpoint written stays valid */ }
    return why.kind === "interrupted"
      ? { kind: "interrupted", summary: meter.summary("interrupted", elapsed) }
      : { kind: "stopped", reason: why.reason, error: why.error, summary: meter.summary("stopped", elapsed) };
  }
  await checkpoint.save();
  work.close();
  await checkpoint.finish();
  return { kind: "complete", summary: meter.summary("complete", performance.now() - meter.started) };
}

/**
 * Enough initial slices to give half the cursors work at once; the first pages' splits bring
 * the rest in (every slice costs at least one request, so not more).
 */
function slicePolicyOf(options: SignInsExportOptions, concurrency: number): SlicePolicy {
  const types = Math.max(1, options.eventTypes?.length ?? 1);
  return {
    ...DEFAULT_SLICE_POLICY,
    minInitialSlices: Math.max(1, Math.ceil(concurrency / (2 * types))),
    ...options.slicePolicy,
  };
}

/** The budget shown in progress figures, requests per second. */
function budgetOf(options: SignInsExportOptions, client: GraphClient): number | undefined {
  if (options.budgetPerSecond === false) return undefined;
  return options.budgetPerSecond ??
    (client.budget ? (1000 * client.budget.options.requests) / client.budget.options.windowMs : undefined);
}
