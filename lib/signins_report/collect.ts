/**
 * The one sign-in source: reads sign-ins from files, Microsoft Graph or a Log Analytics
 * workspace into a {@linkcode ReportPipeline} over an optional window and filter, and returns
 * the report inputs (aggregator, pipeline, sources, row counters, warnings already given, input
 * caveats). `signins-report`, `compliance-report` and the demo all read through it, so their
 * numbers cannot drift. No option parsing, no exit: the caller passes the Graph client factory
 * and the stderr hooks.
 *
 * @module
 */
import { formatReportTime } from "../time/date_time.ts";
import type { SignInEventType } from "../classify/mod.ts";
import type { ProgressCounts } from "../cli/progress.ts";
import type { GraphClient } from "../graph/mod.ts";
import type { LaClientConfig } from "../log_analytics/mod.ts";
import { laRowFilterOf } from "../options/log_analytics.ts";
import { formatNumber } from "../report/mod.ts";
import {
  checkReadOutcome,
  createReadStats,
  type DateOrder,
  DEFAULT_MAX_BAD_ROWS,
  type InputFormat,
  type MaxBadRows,
  readSignInBatches,
  type SignIn,
} from "../signins/mod.ts";
import type { ReportMeta, SignInAggregator } from "./aggregator.ts";
import { fileSource } from "./file_source.ts";
import { reportFileInChunks } from "./chunked.ts";
import { graphSignInBatches, type GraphSourceStats } from "./graph_source.ts";
import { readGraphPagesElsewhere } from "./graph_pages.ts";
import { readLogAnalytics } from "./la_source.ts";
import { createRowFilter, type ReportWindow, type RowFilter } from "./options.ts";
import { ALL_EVENT_TYPES, DEFAULT_EVENT_TYPES, resolveWindow } from "../options/window.ts";
import { FUTURE_TOLERANCE_MS, REPORT_READS_LEAN, ReportPipeline } from "./pipeline.ts";
import type { ReportSource } from "./report.ts";

/** Where sign-ins are read from: exactly one of files, Graph or a Log Analytics workspace. */
export type CollectSignInsInput =
  | {
    /** Sign-in files (format auto-detected unless `inputFormat`). */
    files: readonly string[];
    /** Forced input format. */
    inputFormat?: InputFormat;
    /** Day/month order of culture-formatted dates. */
    dateOrder?: DateOrder;
    /** Bad rows a file may have before the read fails. @default DEFAULT_MAX_BAD_ROWS */
    maxBadRows?: MaxBadRows;
    /**
     * Threads for one NDJSON file (chunked.ts: workers merge and aggregate chunks of it); 1, or
     * several files, or an extra `filter`: one pass in the main thread. @default 1
     */
    threads?: number;
  }
  | {
    /** Creates (or returns the shared) Graph client; called once. */
    graph: () => Promise<GraphClient>;
    /**
     * More than 1: pages are parsed and counted in a worker while this thread fetches the next
     * (graph_pages.ts); 1, or an extra `filter`: all in this thread. @default 1
     */
    threads?: number;
  }
  | {
    /** The Log Analytics client configuration. */
    logAnalytics: LaClientConfig;
  };

/** What to read: the input, the clock, the window and the filters. */
export interface CollectSignInsOptions {
  /** Files, Graph or Log Analytics. */
  input: CollectSignInsInput;
  /** The report clock (window end by default; rows dated a day after it are bad rows). */
  now: Date;
  /** `--since`. */
  since?: string;
  /** `--until`. */
  until?: string;
  /** `--days`. */
  days?: number;
  /** Event types; undefined = every type in files, Graph's default, or all four in Log Analytics. */
  eventTypes?: readonly SignInEventType[];
  /** Only this user (pushed down to Graph and Log Analytics). */
  user?: string;
  /** Only this application (an app id is pushed down to Graph; id or name to Log Analytics). */
  app?: string;
  /** An extra row filter (e.g. a compliance scope), applied to every source. */
  filter?: ((s: SignIn) => boolean) | null;
}

/** Stderr hooks and progress. */
export interface CollectSignInsDeps {
  /** Something the reader should know. */
  warn(text: string): void;
  /** Extra detail (verbose). */
  note?(text: string): void;
  /** Progress figures (rows, pages, the file being read) for a status line. */
  progress?(counts: ProgressCounts): void;
}

/** What was read: the aggregator's input state and the report's metadata. */
export interface CollectedSignIns {
  /** The pipeline (finished). */
  pipeline: ReportPipeline;
  /** The resolved window, when one applies. */
  window: ReportWindow | undefined;
  /** The inputs. */
  sources: ReportSource[];
  /** Good rows read (filtered ones included, future-dated ones not). */
  rows: number;
  /** Bad rows (future-dated included). */
  badRows: number;
  /** Rows left out by filters. */
  filteredOut: number;
  /** Caveats the input reading adds (bad rows allowed, …). */
  caveats: string[];
  /** The Graph client, when Graph was read. */
  client: GraphClient | null;
}

function iso(d: Date): string {
  return formatReportTime(d);
}

function both(
  a: ((s: SignIn) => boolean) | null,
  b: ((s: SignIn) => boolean) | null | undefined,
): ((s: SignIn) => boolean) | null {
  if (b === null || b === undefined) return a;
  if (a === null) return b;
  return (s) => a(s) && b(s);
}

/** What {@linkcode collectSignIns} passes to the reader of each kind of input. */
interface CollectContext {
  readonly aggregator: SignInAggregator;
  readonly o: CollectSignInsOptions;
  readonly deps: CollectSignInsDeps;
  /** The report's sources, filled by the reader. */
  readonly sources: ReportSource[];
  /** Caveats of the read, filled by the reader. */
  readonly caveats: string[];
  readonly note: (text: string) => void;
  /** Rows dated after this are bad rows. */
  readonly notAfterMs: number;
  /** The window options as given. */
  readonly windowOptions: Parameters<typeof resolveWindow>[0];
}

/** What one kind of input gave, before the pipeline is finished. */
interface ReadInput {
  pipeline: ReportPipeline;
  window: ReportWindow | undefined;
  rows: number;
  badRows: number;
  filteredOut: number;
  client?: GraphClient;
}

/** `--from FILE…`: each file read (in chunks by workers when it pays), the window a row filter. */
async function collectFromFiles(
  c: CollectContext,
  input: Extract<CollectSignInsInput, { files: readonly string[] }>,
): Promise<ReadInput> {
  const { o, deps, aggregator, notAfterMs, note } = c;
  let window: ReportWindow | undefined;
  if (o.since !== undefined || o.until !== undefined || o.days !== undefined) {
    window = resolveWindow(c.windowOptions);
  }
  const rowFilter: RowFilter = {
    ...(window !== undefined ? { window } : {}),
    ...(o.user !== undefined ? { user: o.user } : {}),
    ...(o.app !== undefined ? { app: o.app } : {}),
    ...(o.eventTypes !== undefined ? { eventTypes: [...o.eventTypes] } : {}),
  };
  const pipeline = new ReportPipeline(aggregator, {
    notAfterMs,
    filter: both(createRowFilter(rowFilter), o.filter),
  });
  let badRows = 0, rows = 0;
  const threads = input.threads ?? 1;
  for (const file of input.files) {
    const stats = createReadStats();
    // One file, no filter beyond the report's own: workers merge and aggregate chunks of it
    // (chunked.ts); when that cannot give one pass's numbers, one pass reads it.
    let chunked = false;
    if (threads > 1 && input.files.length === 1 && (o.filter === null || o.filter === undefined)) {
      const outcome = await reportFileInChunks(file, pipeline, aggregator, stats, {
        workers: threads,
        filter: rowFilter,
        notAfterMs,
        ...(input.inputFormat !== undefined ? { inputFormat: input.inputFormat } : {}),
        progress: (rows) => deps.progress?.({ rows, detail: file }),
      });
      chunked = outcome.done;
      note(
        outcome.done
          ? `${file}: read by ${threads} worker threads in ${outcome.chunks} chunk(s)`
          : `${file}: read by one thread (${outcome.reason})`,
      );
    }
    if (!chunked) {
      for await (
        const batch of readSignInBatches(file, {
          stats,
          // the report never reads the fields a lean read leaves out (see REPORT_READS_LEAN)
          lean: REPORT_READS_LEAN,
          ...(input.inputFormat !== undefined ? { inputFormat: input.inputFormat } : {}),
          ...(input.dateOrder !== undefined ? { dateOrder: input.dateOrder } : {}),
        })
      ) {
        pipeline.pushAll(batch);
        deps.progress?.({ rows: stats.signIns, detail: file });
      }
    }
    const outcome = checkReadOutcome(stats, input.maxBadRows ?? DEFAULT_MAX_BAD_ROWS);
    if (outcome.warning !== undefined) deps.warn(outcome.warning);
    if (outcome.caveat !== undefined) c.caveats.push(outcome.caveat);
    badRows += stats.badRows;
    rows += stats.signIns;
    c.sources.push(fileSource(file, stats));
    for (const m of stats.missingFields) deps.warn(`${file}: missing ${m}`);
    note(
      `Read ${file}: ${stats.format ?? "empty"}, ${formatNumber(stats.signIns)} rows, ${stats.badRows} bad`,
    );
  }
  return { pipeline, window, rows, badRows, filteredOut: pipeline.filteredOut };
}

/** `--source log-analytics`: counted in the workspace, `--user` / `--app` pushed down. */
async function collectFromLogAnalytics(c: CollectContext, config: LaClientConfig): Promise<ReadInput> {
  const { o, deps, aggregator, notAfterMs } = c;
  const window = resolveWindow(c.windowOptions);
  const pipeline = new ReportPipeline(aggregator, { notAfterMs, filter: o.filter ?? null });
  const src = await readLogAnalytics(
    config,
    pipeline,
    window,
    [...(o.eventTypes ?? ALL_EVENT_TYPES)],
    (rows) => deps.progress?.({ rows, pages: 0 }),
    laRowFilterOf(o),
  );
  c.sources.push(src);
  c.note(
    `Log Analytics: ${src.slices} slice(s), ${src.splits} split(s), ${src.queries} request(s), ` +
      `${formatNumber(src.rows)} rows for ${formatNumber(pipeline.rows)} sign-in rows, ` +
      `${formatNumber(src.bytes)} bytes`,
  );
  return { pipeline, window, rows: pipeline.rows, badRows: src.badRows, filteredOut: pipeline.filteredOut };
}

/** Graph: one cursor per event type over the window; items that cannot be read are a source of their own. */
async function collectFromGraph(
  c: CollectContext,
  input: Extract<CollectSignInsInput, { graph: unknown }>,
): Promise<ReadInput> {
  const { o, deps, aggregator, notAfterMs } = c;
  const window = resolveWindow(c.windowOptions);
  const client = await input.graph();
  const pipeline = new ReportPipeline(aggregator, { notAfterMs, filter: o.filter ?? null });
  const eventTypes = [...(o.eventTypes ?? DEFAULT_EVENT_TYPES)];
  const gs: GraphSourceStats = { items: {}, badRows: 0, badRowSamples: [], filteredOut: 0, filters: [] };
  const source = {
    window,
    eventTypes,
    ...(o.user !== undefined ? { user: o.user } : {}),
    ...(o.app !== undefined ? { app: o.app } : {}),
  };
  if ((input.threads ?? 1) > 1 && (o.filter === null || o.filter === undefined) && aggregator.signIns === 0) {
    // pages parsed and counted in a worker while this thread fetches the next (graph_pages.ts)
    await readGraphPagesElsewhere(client, source, gs, { pipeline, aggregator, notAfterMs }, {
      progress: (rows) => deps.progress?.({ rows, pages: client.stats.requests }),
    });
  } else {
    for await (const batch of graphSignInBatches(client, source, gs)) {
      pipeline.pushAll(batch);
      // one request per page (retries aside)
      deps.progress?.({ rows: pipeline.rows, pages: client.stats.requests });
    }
  }
  c.sources.push({
    kind: "graph",
    url: client.endpoint.root,
    eventTypes,
    filters: gs.filters,
    items: gs.items,
  });
  if (gs.badRows > 0) {
    c.sources.push({
      kind: "file",
      file: "(Graph items that could not be read)",
      format: "graph-json",
      encoding: null,
      records: gs.badRows,
      badRows: gs.badRows,
      badRowSamples: gs.badRowSamples,
      layout: "graph",
      missingFields: [],
      dateOrder: null,
    });
  }
  return {
    pipeline,
    window,
    // rows the client-side filter dropped were read and good: they count as rows, and as filtered out
    rows: pipeline.rows + gs.filteredOut,
    badRows: gs.badRows,
    filteredOut: gs.filteredOut + pipeline.filteredOut,
    client,
  };
}

/**
 * Reads sign-ins into `aggregator` and returns the report inputs. Warnings (bad rows over the
 * limit, missing fields, future-dated and undated rows) go to `deps.warn`.
 *
 * @throws {InputError} for unreadable files or too many bad rows; Graph / Log Analytics errors
 *
 * @example One file
 * ```ts
 * import { collectSignIns, reportMetaOf } from "./collect.ts";
 * import { SignInAggregator } from "./aggregator.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/s.ndjson`, JSON.stringify({ id: "1", correlationId: "c1",
 *   userPrincipalName: "ana@contoso.example", createdDateTime: "2026-11-20T10:00:00Z" }) + "\n");
 * const agg = new SignInAggregator();
 * const c = await collectSignIns(agg, { input: { files: [`${dir}/s.ndjson`] }, now: new Date("2026-11-20T12:00:00Z") },
 *   { warn() {} });
 * assert.equal(c.rows, 1);
 * assert.equal(agg.summary(reportMetaOf(c, new Date("2026-11-20T12:00:00Z"))).totals.signIns, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function collectSignIns(
  aggregator: SignInAggregator,
  o: CollectSignInsOptions,
  deps: CollectSignInsDeps,
): Promise<CollectedSignIns> {
  const c: CollectContext = {
    aggregator,
    o,
    deps,
    sources: [],
    caveats: [],
    note: (t) => deps.note?.(t),
    notAfterMs: o.now.getTime() + FUTURE_TOLERANCE_MS,
    windowOptions: {
      now: o.now,
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.until !== undefined ? { until: o.until } : {}),
      ...(o.days !== undefined ? { days: o.days } : {}),
    },
  };
  const input = o.input;
  const read = "files" in input
    ? await collectFromFiles(c, input)
    : "logAnalytics" in input
    ? await collectFromLogAnalytics(c, input.logAnalytics)
    : await collectFromGraph(c, input);
  const { pipeline, window, filteredOut } = read;
  let { rows, badRows } = read;
  pipeline.finish();
  // A future-dated row was read as good; it is a bad row (counted once, in badRows).
  badRows += pipeline.futureRows;
  rows -= pipeline.futureRows;
  if (pipeline.futureRows > 0) {
    deps.warn(
      `${formatNumber(pipeline.futureRows)} row(s) are dated more than a day after the report clock ` +
        `(${o.now.toISOString()}): counted as bad rows, not used`,
    );
  }
  const undated = pipeline.mergeStats.undatedRows;
  if (undated > 0) {
    deps.warn(
      `${formatNumber(undated)} row(s) have no createdDateTime; they are counted but not placed in time` +
        (undated === pipeline.mergeStats.rowsIn ? " (is this a sign-in export?)" : ""),
    );
  }
  return {
    pipeline,
    window,
    sources: c.sources,
    rows,
    badRows,
    filteredOut,
    caveats: c.caveats,
    client: read.client ?? null,
  };
}

/**
 * The report metadata of what was read, for {@linkcode SignInAggregator.summary}.
 *
 * @param c what {@linkcode collectSignIns} returned
 * @param now the report clock
 * @param extra more metadata (caveats are appended after the input's own)
 * @returns the metadata
 */
export function reportMetaOf(
  c: CollectedSignIns,
  now: Date,
  extra: Pick<ReportMeta, "caHiddenAdvice" | "caveats"> = {},
): ReportMeta {
  return {
    generatedAt: iso(now),
    ...(c.window !== undefined ? { window: { from: iso(c.window.from), to: iso(c.window.to) } } : {}),
    sources: c.sources,
    rows: c.rows,
    badRows: c.badRows,
    futureRows: c.pipeline.futureRows,
    filteredOut: c.filteredOut,
    merge: c.pipeline.mergeStats,
    ...(extra.caHiddenAdvice !== undefined ? { caHiddenAdvice: extra.caHiddenAdvice } : {}),
    caveats: [...c.caveats, ...(extra.caveats ?? [])],
  };
}
