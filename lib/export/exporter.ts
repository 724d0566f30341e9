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
 * @module
 */
import { UsageError } from "../cli/errors.ts";
import type { GraphClient } from "../graph/client.ts";
import { GraphError } from "../graph/graph_error.ts";
import type { SignInEventType } from "../graph/odata_filter.ts";
import { getGraphJson, type GraphItem, type GraphRequest } from "../graph/request.ts";
import { type PageFailureAction, pageFailureAction } from "./failure_policy.ts";
import { ownerEventType } from "./owner.ts";
import type { ExportOutcome, ExportProgress, ExportSummary } from "./progress.ts";
import {
  DEFAULT_SLICE_POLICY,
  firstPageSplit,
  floorToSecond,
  planSlices,
  sliceFilter,
  type SlicePolicy,
  type SliceSpec,
  splitRange,
} from "./slices.ts";
import {
  type ExportPaths,
  exportPaths,
  type ExportSliceState,
  type ExportState,
  newExportState,
  newSliceState,
  parseExportState,
  sliceSpecOf,
} from "./state.ts";
import { forEachLine } from "../io/line_range.ts";
import {
  gzipFileAtomic,
  pathExists,
  readTextIfExists,
  removeIfExists,
  WorkFile,
  writeFileAtomic,
} from "./work_file.ts";
import type { SignInWindow } from "./window_options.ts";

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

interface PageJob {
  run: SliceRun;
  items: GraphItem[];
  nextLink: string | undefined;
  oldestMs: number | undefined;
}

class SliceRun {
  readonly spec: SliceSpec;
  /** The URL of the next page to read; undefined = the first page. */
  cursor: string | undefined;
  /** Ids written by this slice. */
  seen = new Set<string>();
  restarts = 0;
  /** Oldest createdDateTime written (for the progress estimate). */
  oldestMs: number | undefined;
  constructor(readonly st: ExportSliceState) {
    this.spec = sliceSpecOf(st);
    this.cursor = st.nextLink;
  }
}

const DEFAULT_CONCURRENCY = 16;
const encoder = new TextEncoder();
const noop = () => {};

class Stop extends Error {}

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

function sameWindow(state: ExportState, window: SignInWindow): boolean {
  const floor = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;
  return Date.parse(state.window.from) === floor(window.from) &&
    Date.parse(state.window.to) === floor(window.to);
}

function createdMs(item: GraphItem): number | undefined {
  const v = item.createdDateTime;
  if (typeof v !== "string") return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

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
 * import { startGraphServer } from "../graph_server/server.ts";
 * import { generateSampleTenant } from "../sample/sample_tenant.ts";
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
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    throw new UsageError(`Cannot use --concurrency ${concurrency}: expected a whole number from 1 to 32`);
  }
  // Enough initial slices to give half the cursors work at once; the first pages' splits
  // bring the rest in (every slice costs at least one request, so not more).
  const types = Math.max(1, options.eventTypes?.length ?? 1);
  const policy: SlicePolicy = {
    ...DEFAULT_SLICE_POLICY,
    minInitialSlices: Math.max(1, Math.ceil(concurrency / (2 * types))),
    ...options.slicePolicy,
  };
  let client = await options.createClient();
  const clients = [client];
  const graphRoot = client.endpoint.root;

  // --- The checkpoint: new, or read back. ---
  const existing = await readTextIfExists(paths.state);
  let state: ExportState;
  if (options.resume) {
    if (existing === undefined) {
      throw new UsageError(
        `Cannot resume the export to ${paths.out}: there is no checkpoint ${paths.state} (run without --resume to start)`,
      );
    }
    state = parseExportState(existing, paths.state);
    checkResumeSettings(state, options, graphRoot, paths);
    state.runs++;
  } else {
    if (existing !== undefined) {
      throw new UsageError(
        `Cannot start an export to ${paths.out}: ${paths.state} holds an unfinished one; ` +
          `rerun with --resume to continue it, or delete ${paths.state} and ${paths.work} to start over`,
      );
    }
    if (!options.window || !options.eventTypes || options.eventTypes.length === 0) {
      throw new UsageError(`Cannot start an export: expected a window and at least one event type`);
    }
    const window = options.window;
    state = newExportState({
      graphRoot,
      window: { fromMs: floorToSecond(window.from.getTime()), toMs: floorToSecond(window.to.getTime()) },
      eventTypes: options.eventTypes,
      gzip: options.gzip ?? false,
      slices: planSlices(window, options.eventTypes, policy),
      now: now(),
    });
  }
  const exported = state.eventTypes;
  const totalSpan = exported.length * (Date.parse(state.window.to) - Date.parse(state.window.from));

  // --- Counters of this run. ---
  const started = performance.now();
  const signInsAtStart = state.signIns;
  const counts = { duplicates: 0, retries: 0, splits: 0, discarded: 0 };
  const rateSamples: { t: number; requests: number }[] = [];
  const budgetPerSecond = options.budgetPerSecond === false ? undefined : options.budgetPerSecond ??
    (client.budget ? (1000 * client.budget.options.requests) / client.budget.options.windowMs : undefined);
  const summaryOf = (outcome: ExportOutcome, elapsedMs: number): ExportSummary => ({
    outcome,
    file: outcome === "complete" ? paths.out : paths.state,
    signIns: state.signIns,
    signInsThisRun: state.signIns - signInsAtStart,
    duplicates: counts.duplicates,
    slicesDone: state.slicesDone,
    slicesLeft: state.slices.length,
    requests: clients.reduce((n, c) => n + c.stats.requests, 0),
    throttled: clients.reduce((n, c) => n + c.stats.throttled, 0),
    retries: counts.retries,
    splits: counts.splits,
    discardedPages: counts.discarded,
    elapsedMs,
    budgetPerSecond,
  });

  // Finished before (a crash while renaming or compressing): only the last step is left.
  if (state.slices.length === 0 && !(await pathExists(paths.work)) && (await pathExists(paths.out))) {
    await removeIfExists(paths.state);
    return { kind: "complete", summary: summaryOf("complete", 0) };
  }

  const work = await WorkFile.open(paths.work, state.bytes);
  const runs = state.slices.map((st) => new SliceRun(st));
  try {
    await rebuildSeenIds(paths.work, runs, state.bytes, exported);
  } catch (e) {
    work.close();
    throw e;
  }
  if (!options.resume) await writeFileAtomic(paths.state, paths.stateTemp, JSON.stringify(state));

  const runsById = new Map<number, SliceRun>(runs.map((r) => [r.st.id, r]));
  const spanLeftAtStart = spanLeft();

  // --- Scheduling. ---
  const queue: SliceRun[] = [...runs];
  // Slices already under way first, so their ids can be dropped sooner.
  queue.sort((a, b) => Number(b.st.pages > 0) - Number(a.st.pages > 0));
  let active = 0;
  let wake: () => void = noop;
  let changed = new Promise<void>((r) => (wake = r));
  const notify = () => {
    const w = wake;
    changed = new Promise<void>((r) => (wake = r));
    w();
  };

  const stopper = new AbortController();
  let stopReason: { kind: "interrupted" } | {
    kind: "stopped";
    reason: "authentication" | "failed";
    error: Error;
  } | undefined;
  const stop = (why: NonNullable<typeof stopReason>) => {
    stopReason ??= why;
    stopper.abort();
    notify();
  };
  const onAbort = () => stop({ kind: "interrupted" });
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  // --- Client generations: a 401 replaces the client (new credential → new token). ---
  let generation = 0;
  let refreshing: Promise<void> | undefined;
  const refreshClient = (seen: number): Promise<void> => {
    if (seen !== generation) return Promise.resolve(); // another cursor already did
    refreshing ??= options.createClient().then((c) => {
      client = c;
      clients.push(c);
      generation++;
      options.onWarning?.("Graph refused the token (401); signed in again and continuing");
    }).finally(() => (refreshing = undefined));
    return refreshing;
  };

  // --- The writer: appends pages in order, flushes, then checkpoints. ---
  const jobs: PageJob[] = [];
  let writing: Promise<void> | undefined;
  let writeError: Error | undefined;
  const maxQueued = 4; // pages waiting for the writer (each cursor holds one more)
  let drainWaiters: (() => void)[] = [];
  const drained = () => {
    const w = drainWaiters;
    drainWaiters = [];
    for (const r of w) r();
  };

  const writeBatch = async (batch: PageJob[]) => {
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
      const st = job.run.st;
      st.pages++;
      st.signIns += written[i] as number;
      state.pages++;
      state.signIns += written[i] as number;
      st.firstByte ??= offsets[i] as number;
      if (job.oldestMs !== undefined) job.run.oldestMs = Math.min(job.run.oldestMs ?? Infinity, job.oldestMs);
      if (job.nextLink === undefined) {
        delete st.nextLink;
        state.slices = state.slices.filter((s) => s !== st);
        state.slicesDone++;
        job.run.seen = new Set();
      } else {
        st.nextLink = job.nextLink;
      }
    });
    state.bytes = work.length;
    await saveState();
    options.onProgress?.(progress());
  };

  const pump = async () => {
    try {
      while (jobs.length > 0 && writeError === undefined) {
        const batch = jobs.splice(0, jobs.length);
        drained();
        await writeBatch(batch);
      }
    } catch (e) {
      writeError = e instanceof Error ? e : new Error(String(e));
      stop({ kind: "stopped", reason: "failed", error: writeError });
    } finally {
      writing = undefined;
      drained();
      notify();
    }
  };

  const enqueue = async (job: PageJob) => {
    while (jobs.length >= maxQueued && writeError === undefined) {
      await new Promise<void>((r) => drainWaiters.push(r));
    }
    if (writeError) throw new Stop();
    jobs.push(job);
    writing ??= pump();
  };

  const saveState = async () => {
    state.updatedAt = now().toISOString();
    await writeFileAtomic(paths.state, paths.stateTemp, JSON.stringify(state));
  };

  // --- One page. ---
  const fetchPage = (run: SliceRun): Promise<{ body: unknown; generation: number }> => {
    const gen = generation;
    const req: GraphRequest = {
      version: "beta",
      path: "/auditLogs/signIns",
      query: { $filter: sliceFilter(run.spec), $top: options.top ?? 1000 },
    };
    const request = getGraphJson(client, req, run.cursor);
    request.catch(noop);
    // The page time-out is the client's (see timeoutFetch): it starts when the request is sent,
    // not while the request waits for the budget. Here only a stop ends the wait early.
    return new Promise((resolve, reject) => {
      const onStop = () => reject(new Stop());
      stopper.signal.addEventListener("abort", onStop, { once: true });
      request.then((body) => {
        stopper.signal.removeEventListener("abort", onStop);
        resolve({ body, generation: gen });
      }, (e) => {
        stopper.signal.removeEventListener("abort", onStop);
        reject(Object.assign(e instanceof Error ? e : new Error(String(e)), { generation: gen }));
      });
    });
  };

  const origin = new URL(graphRoot).origin;
  const readPage = (body: unknown): { items: GraphItem[]; nextLink: string | undefined } => {
    const b = body as Record<string, unknown> | null;
    const value = b?.value;
    if (!Array.isArray(value)) {
      throw new GraphError({
        endpoint: "signIns",
        status: 200,
        detail: `expected a collection with a "value" array, got ${b === null ? "null" : typeof b}`,
      });
    }
    const link = b?.["@odata.nextLink"];
    if (typeof link !== "string" || link === "") return { items: value as GraphItem[], nextLink: undefined };
    let linkOrigin = "";
    try {
      linkOrigin = new URL(link).origin;
    } catch { /* not a URL */ }
    if (linkOrigin !== origin) {
      throw new Error(
        `Cannot follow @odata.nextLink ${JSON.stringify(link)}: it is not on the Graph host ${origin}`,
      );
    }
    return { items: value as GraphItem[], nextLink: link };
  };

  const splitRun = (run: SliceRun, parts: number, reason: string) => {
    const pieces = splitRange(run.spec, parts).map((r) =>
      new SliceRun(newSliceState(state.nextSliceId++, { eventType: run.spec.eventType, ...r }))
    );
    const at = state.slices.indexOf(run.st);
    state.slices.splice(at, 1, ...pieces.map((p) => p.st));
    for (const p of pieces) runsById.set(p.st.id, p);
    runsById.delete(run.st.id);
    queue.unshift(...pieces.reverse()); // newest first, like the initial plan
    counts.splits++;
    options.onSplit?.(run.spec, pieces.length, reason);
  };

  const readSlice = async (run: SliceRun) => {
    let attempt = 0;
    let tokenRefreshed = false;
    while (!stopper.signal.aborted) {
      const fresh = run.cursor === undefined && run.st.pages === 0;
      let page: { items: GraphItem[]; nextLink: string | undefined };
      try {
        const { body } = await fetchPage(run);
        page = readPage(body);
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
            await sleep(action.delayMs, stopper.signal);
            continue;
          case "split":
            splitRun(run, 2, action.reason);
            return;
          case "refreshToken":
            tokenRefreshed = true;
            try {
              await refreshClient((e as { generation?: number }).generation ?? generation);
            } catch (err) {
              stop({ kind: "stopped", reason: "authentication", error: err as Error });
              return;
            }
            continue;
          case "restartSlice":
            run.restarts++;
            run.cursor = undefined;
            options.onWarning?.(
              `${action.reason}; reading slice ${run.st.from} – ${run.st.to} (${run.spec.eventType}) again from its start`,
            );
            continue;
          case "stop":
            stop({ kind: "stopped", reason: action.reason, error: action.error });
            return;
        }
      }
      attempt = 0;
      tokenRefreshed = false;
      let oldest: number | undefined;
      for (const item of page.items) {
        const ms = createdMs(item);
        if (ms !== undefined && (oldest === undefined || ms < oldest)) oldest = ms;
      }
      if (fresh) {
        const parts = firstPageSplit(run.spec, {
          items: page.items.length,
          hasNextLink: page.nextLink !== undefined,
          oldestMs: oldest,
        }, policy);
        if (parts > 1) {
          counts.discarded++;
          splitRun(run, parts, "size");
          return;
        }
      }
      try {
        await enqueue({ run, items: page.items, nextLink: page.nextLink, oldestMs: oldest });
      } catch (e) {
        if (e instanceof Stop) return;
        throw e;
      }
      if (page.nextLink === undefined) return;
      run.cursor = page.nextLink;
    }
  };

  const worker = async () => {
    while (!stopper.signal.aborted) {
      const run = queue.shift();
      if (!run) {
        if (active === 0) return;
        await changed;
        continue;
      }
      active++;
      try {
        await readSlice(run);
      } catch (e) {
        stop({ kind: "stopped", reason: "failed", error: e instanceof Error ? e : new Error(String(e)) });
      } finally {
        active--;
        notify();
      }
    }
  };

  function spanLeft(): number {
    let left = 0;
    for (const st of state.slices) {
      const from = Date.parse(st.from);
      const to = Date.parse(st.to);
      const run = runsById.get(st.id);
      const oldest = run?.oldestMs;
      left += oldest !== undefined && oldest > from && oldest < to ? oldest - from : to - from;
    }
    return left;
  }
  function requestsSent(): number {
    return clients.reduce((n, c) => n + c.stats.requests, 0);
  }

  function progress(): ExportProgress {
    const t = performance.now();
    const requests = requestsSent();
    rateSamples.push({ t, requests });
    while (rateSamples.length > 2 && (rateSamples[0] as { t: number }).t < t - 10_000) rateSamples.shift();
    const first = rateSamples[0] as { t: number; requests: number };
    const dt = (t - first.t) / 1000;
    const rate = dt > 0.5
      ? (requests - first.requests) / dt
      : requests / Math.max(0.001, (t - started) / 1000);
    const left = spanLeft();
    const covered = spanLeftAtStart - left;
    const elapsed = t - started;
    return {
      slicesDone: state.slicesDone,
      slicesLeft: state.slices.length,
      cursors: active,
      signIns: state.signIns,
      requests,
      throttled: clients.reduce((n, c) => n + c.stats.throttled, 0),
      requestsPerSecond: rate,
      budgetPerSecond,
      fractionDone: totalSpan > 0 ? Math.min(1, 1 - left / totalSpan) : 1,
      etaMs: covered > 0 && elapsed > 2000 ? (elapsed * left) / covered : undefined,
    };
  }

  // --- Run. ---
  try {
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    while (writing) await writing;
    if (writeError) stop({ kind: "stopped", reason: "failed", error: writeError });
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  const elapsed = performance.now() - started;
  if (stopReason === undefined && state.slices.length > 0) {
    // Cannot happen (workers only return when no slice is left); keep the checkpoint if it does.
    stopReason = {
      kind: "stopped",
      reason: "failed",
      error: new Error(`Cannot finish the export: ${state.slices.length} slice(s) left unread`),
    };
  }
  if (stopReason !== undefined) {
    work.close();
    try {
      await saveState();
    } catch { /* the last checkpoint written stays valid */ }
    return stopReason.kind === "interrupted"
      ? { kind: "interrupted", summary: summaryOf("interrupted", elapsed) }
      : {
        kind: "stopped",
        reason: stopReason.reason,
        error: stopReason.error,
        summary: summaryOf("stopped", elapsed),
      };
  }
  await saveState();
  work.close();
  await finish(paths, state.gzip);
  return { kind: "complete", summary: summaryOf("complete", performance.now() - started) };
}

async function finish(paths: ExportPaths, gzip: boolean): Promise<void> {
  if (gzip) {
    await gzipFileAtomic(paths.work, paths.out, paths.compressTemp);
    await Deno.remove(paths.work);
  } else {
    await Deno.rename(paths.work, paths.out);
  }
  await removeIfExists(paths.state);
}

function checkResumeSettings(
  state: ExportState,
  options: SignInsExportOptions,
  graphRoot: string,
  paths: ExportPaths,
): void {
  const differs = (what: string, was: string, now: string) =>
    new UsageError(
      `Cannot resume the export to ${paths.out} with ${what} ${now}: it was started with ${was} ` +
        `(leave the option out to continue, or delete ${paths.state} and ${paths.work} to start over)`,
    );
  if (state.graphRoot !== graphRoot) throw differs("Graph", state.graphRoot, graphRoot);
  if (options.window && !sameWindow(state, options.window)) {
    throw differs(
      "the window",
      `${state.window.from} – ${state.window.to}`,
      `${options.window.from.toISOString()} – ${options.window.to.toISOString()}`,
    );
  }
  if (options.eventTypes && options.eventTypes.join(",") !== state.eventTypes.join(",")) {
    throw differs("--event-types", state.eventTypes.join(","), options.eventTypes.join(","));
  }
  if (options.gzip !== undefined && options.gzip !== state.gzip) {
    throw differs("gzip", String(state.gzip), String(options.gzip));
  }
}

/**
 * Refills the seen-id sets of slices that wrote pages before the resume, from the work file
 * (from the earliest such slice's first page to the checkpoint).
 */
async function rebuildSeenIds(
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
