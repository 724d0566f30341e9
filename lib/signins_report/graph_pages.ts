/**
 * Graph sign-in pages read for the report with the parsing off the fetching thread (`--threads`
 * more than 1): this thread fetches each page's body as bytes (the client's guards, retries and
 * checks as ever) and transfers it, unread, to one worker (graph_page_worker.ts), which parses
 * it, answers with what the pager checks (item count, `@odata.nextLink`: see
 * `pageCollectionElsewhere` in lib/graph/request.ts) and then maps, filters, merges and aggregates
 * the page's items while this thread fetches the next page. One worker takes the pages in order,
 * so the merge sees the rows in the order one pass would; only its aggregator state comes back,
 * once, and is merged into the caller's empty aggregator (the same numbers as one pass).
 *
 * @module
 */
import type { SignInEventType } from "../classify/mod.ts";
import {
  type GraphClient,
  invalidJsonDetail,
  pageCollectionElsewhere,
  pageSkeleton,
  type ParsedPage,
} from "../graph/mod.ts";
import type { MergeStats, SignInSource } from "../signins/mod.ts";
import { type AggregatorOptions, type AggregatorState, SignInAggregator } from "./aggregator.ts";
import {
  graphSignInCursors,
  type GraphSourceOptions,
  type GraphSourceStats,
  takeGraphItem,
} from "./graph_source.ts";
import { ReportPipeline } from "./pipeline.ts";

/** What the worker needs to count pages as the report would. */
export interface GraphPageSettings {
  /** The aggregator's options. */
  aggregator: AggregatorOptions;
  /** Rows dated after this are bad rows. */
  notAfterMs: number;
  /** The lower-cased app name to keep (Graph cannot filter on it), or null. */
  appName: string | null;
  /** The source the rows are mapped under (the signIns URL). */
  file: string;
}

/** A message to the page worker. */
export type GraphPageRequest =
  | { kind: "start"; settings: GraphPageSettings }
  | { kind: "page"; eventType: SignInEventType; body: ArrayBuffer }
  | { kind: "end" };

/** What the worker counted, sent back once at the end. */
export interface GraphPagesResult {
  /** The aggregator's state (all pages, merge flushed). */
  aggregator: AggregatorState;
  /** Pipeline counters. */
  rows: number;
  filteredOut: number;
  futureRows: number;
  mergeStats: MergeStats;
  /** Bad items and items the app-name filter dropped. */
  stats: Pick<GraphSourceStats, "badRows" | "badRowSamples" | "filteredOut">;
}

/** The page worker's answer. */
export type GraphPageReply =
  | { kind: "parsed"; parsed: ParsedPage }
  /** Rows pushed so far (after each page). */
  | { kind: "progress"; rows: number }
  | { kind: "done"; result: GraphPagesResult }
  | { kind: "error"; message: string };

const decoder = new TextDecoder();

/**
 * The pages of one report in one thread: each body parsed, then its items mapped, filtered,
 * merged and aggregated, in order.
 *
 * @example Two items, one of them bad
 * ```ts
 * import { GraphPageProcessor } from "./graph_pages.ts";
 * import assert from "node:assert/strict";
 * const p = new GraphPageProcessor({ aggregator: {}, notAfterMs: Infinity, appName: null, file: "graph" });
 * const body = new TextEncoder().encode(JSON.stringify({ value: [42, { id: "1", correlationId: "c",
 *   userPrincipalName: "ana@contoso.example", createdDateTime: "2026-11-20T10:00:00Z" }] })).buffer;
 * assert.deepEqual(p.parse(body, "interactiveUser"), { ok: true, page: { type: "object", items: 2, nextLink: undefined } });
 * p.take();
 * const r = p.end();
 * assert.deepEqual([r.rows, r.stats.badRows, r.mergeStats.logicalSignIns], [1, 1, 1]);
 * assert.deepEqual(p.parse(new ArrayBuffer(0), "interactiveUser"), { ok: false, detail: "empty body" });
 * ```
 */
export class GraphPageProcessor {
  readonly #settings: GraphPageSettings;
  readonly #agg: SignInAggregator;
  readonly #pipeline: ReportPipeline;
  readonly #source: SignInSource;
  readonly #stats: GraphSourceStats = {
    items: {},
    badRows: 0,
    badRowSamples: [],
    filteredOut: 0,
    filters: [],
  };
  /** Items read so far (bad-row numbers count over the whole read, as one pass counts them). */
  #n = 0;
  #pending: { items: unknown[]; eventType: SignInEventType } | null = null;

  /** @param settings how to count */
  constructor(settings: GraphPageSettings) {
    this.#settings = settings;
    this.#agg = new SignInAggregator(settings.aggregator);
    this.#pipeline = new ReportPipeline(this.#agg, { notAfterMs: settings.notAfterMs });
    this.#source = { format: "graph-json", file: settings.file };
  }

  /** Rows pushed so far. */
  get rows(): number {
    return this.#pipeline.rows;
  }

  /**
   * Parses a page's body and keeps its items for {@linkcode GraphPageProcessor.take}.
   *
   * @param body the body's bytes
   * @param eventType the cursor's event type
   * @returns what the pager checks, or why the body cannot be read (it is then fetched again)
   */
  parse(body: ArrayBuffer, eventType: SignInEventType): ParsedPage {
    const bytes = body.byteLength;
    let value: unknown;
    try {
      value = JSON.parse(bytes ? decoder.decode(body) : "");
    } catch {
      this.#pending = null;
      return { ok: false, detail: invalidJsonDetail(bytes) };
    }
    const page = pageSkeleton(value);
    this.#pending = page.items === null ? null : { items: (value as { value: unknown[] }).value, eventType };
    return { ok: true, page };
  }

  /** Maps, filters, merges and aggregates the items of the page parsed last. */
  take(): void {
    const p = this.#pending;
    this.#pending = null;
    if (p === null) return;
    const ctx = { source: this.#source, eventType: p.eventType };
    const { appName } = this.#settings;
    for (let i = 0; i < p.items.length; i++) {
      const s = takeGraphItem(p.items[i], ctx, ++this.#n, appName, this.#stats);
      if (s !== null) this.#pipeline.push(s);
    }
  }

  /**
   * Ends the read: the merge is flushed, the state exported.
   *
   * @returns the counts
   */
  end(): GraphPagesResult {
    const p = this.#pipeline;
    p.finish();
    const { badRows, badRowSamples, filteredOut } = this.#stats;
    return {
      // the read is over (its processor is dropped): the state is made of the aggregator's containers
      aggregator: this.#agg.takeState(),
      rows: p.rows,
      filteredOut: p.filteredOut,
      futureRows: p.futureRows,
      mergeStats: { ...p.mergeStats },
      stats: { badRows, badRowSamples, filteredOut },
    };
  }
}

/**
 * Handles one request in the page worker (graph_page_worker.ts) or inline (tests): a page is
 * answered as soon as it is parsed, then its items are counted.
 *
 * @param state the processor of the read under way
 * @param req the request
 * @param reply sends an answer
 */
export function handleGraphPageRequest(
  state: { current: GraphPageProcessor | null },
  req: GraphPageRequest,
  reply: (r: GraphPageReply) => void,
): void {
  try {
    if (req.kind === "start") {
      state.current = new GraphPageProcessor(req.settings);
      return;
    }
    const p = state.current;
    if (p === null) throw new Error("no read under way");
    if (req.kind === "page") {
      reply({ kind: "parsed", parsed: p.parse(req.body, req.eventType) });
      p.take();
      reply({ kind: "progress", rows: p.rows });
      return;
    }
    state.current = null;
    reply({ kind: "done", result: p.end() });
  } catch (err) {
    state.current = null;
    reply({ kind: "error", message: err instanceof Error ? err.message : String(err) });
  }
}

/** Where pages go: the worker, or this thread (tests). */
class PageLane {
  readonly #worker: Worker | null;
  readonly #state: { current: GraphPageProcessor | null } = { current: null };
  #waiting: { resolve: (r: GraphPageReply) => void; reject: (e: Error) => void } | null = null;
  #failure: Error | null = null;
  readonly #progress: ((rows: number) => void) | undefined;

  constructor(inline: boolean, progress: ((rows: number) => void) | undefined) {
    this.#progress = progress;
    if (inline) {
      this.#worker = null;
      return;
    }
    const w = new Worker(new URL("./graph_page_worker.ts", import.meta.url).href, { type: "module" });
    w.onmessage = (e: MessageEvent<GraphPageReply>) => this.#take(e.data);
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#fail(new Error(`the Graph page worker failed: ${e.message}`));
    };
    this.#worker = w;
  }

  #fail(e: Error): void {
    this.#failure ??= e;
    const w = this.#waiting;
    this.#waiting = null;
    w?.reject(this.#failure);
  }

  #take(r: GraphPageReply): void {
    if (r.kind === "progress") {
      this.#progress?.(r.rows);
      return;
    }
    if (r.kind === "error") {
      this.#fail(new Error(`Cannot count the Graph sign-ins: ${r.message}`));
      return;
    }
    const w = this.#waiting;
    this.#waiting = null;
    w?.resolve(r);
  }

  /** Sends a request; resolves with its answer (none for `start`). */
  #send(req: GraphPageRequest): Promise<GraphPageReply> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const answer = req.kind === "start"
      ? Promise.resolve({ kind: "progress", rows: 0 } as GraphPageReply)
      : new Promise<GraphPageReply>((resolve, reject) => {
        this.#waiting = { resolve, reject };
      });
    if (this.#worker === null) {
      handleGraphPageRequest(this.#state, structuredClone(req), (r) => this.#take(structuredClone(r)));
    } else if (req.kind === "page") this.#worker.postMessage(req, [req.body]);
    else this.#worker.postMessage(req);
    return answer;
  }

  start(settings: GraphPageSettings): Promise<unknown> {
    return this.#send({ kind: "start", settings });
  }

  async parse(eventType: SignInEventType, body: ArrayBuffer): Promise<ParsedPage> {
    const r = await this.#send({ kind: "page", eventType, body });
    if (r.kind !== "parsed") throw new Error(`Cannot count the Graph sign-ins: unexpected ${r.kind} reply`);
    return r.parsed;
  }

  async end(): Promise<GraphPagesResult> {
    const r = await this.#send({ kind: "end" });
    if (r.kind !== "done") throw new Error(`Cannot count the Graph sign-ins: unexpected ${r.kind} reply`);
    return r.result;
  }

  close(): void {
    this.#worker?.terminate();
  }
}

/** Where the pages' counts go: the report's pipeline and its aggregator, both empty. */
export interface GraphPagesTarget {
  pipeline: ReportPipeline;
  aggregator: SignInAggregator;
  /** Rows dated after this are bad rows (the pipeline's). */
  notAfterMs: number;
}

/** Options of {@linkcode readGraphPagesElsewhere}. */
export interface GraphPagesOptions {
  /** Called with the rows counted so far, after each page. */
  progress?: (rows: number) => void;
  /** Tests: parse and count in this thread (the same messages, cloned; no worker). */
  inline?: boolean;
}

/**
 * Reads the sign-ins of `o` from Graph into `target` with the pages parsed and counted in a
 * worker (see the module documentation): the same requests, rows, counts and errors as
 * {@linkcode graphSignInBatches} into the pipeline.
 *
 * @param client a Graph client
 * @param o window, event types, filters
 * @param stats counters to fill (as {@linkcode graphSignInBatches} fills them)
 * @param target the empty pipeline and aggregator
 * @param options progress
 * @throws {GraphError} from Graph; an Error when the worker fails
 */
export async function readGraphPagesElsewhere(
  client: GraphClient,
  o: GraphSourceOptions,
  stats: GraphSourceStats,
  target: GraphPagesTarget,
  options: GraphPagesOptions = {},
): Promise<void> {
  const { appName, source, cursors } = graphSignInCursors(client, o, stats);
  const lane = new PageLane(options.inline === true, options.progress);
  try {
    await lane.start({
      aggregator: target.aggregator.options,
      notAfterMs: target.notAfterMs,
      appName,
      file: source.file,
    });
    for (const { ctx: { eventType }, request } of cursors) {
      stats.items[eventType] = 0;
      stats.items[eventType] = await pageCollectionElsewhere(
        client,
        request,
        (body) => lane.parse(eventType, body),
      );
    }
    const r = await lane.end();
    target.aggregator.merge(SignInAggregator.fromState(r.aggregator, target.aggregator.options));
    target.pipeline.absorb(r);
    stats.badRows += r.stats.badRows;
    stats.filteredOut += r.stats.filteredOut;
    for (const s of r.stats.badRowSamples) if (stats.badRowSamples.length < 5) stats.badRowSamples.push(s);
  } finally {
    lane.close();
  }
}
