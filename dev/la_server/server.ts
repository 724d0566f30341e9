/**
 * A local Log Analytics-compatible query endpoint (test and demo scaffolding, beside the local
 * Graph server): `POST /v1/workspaces/{id}/query` with `{"query", "timespan"}`, answered by the
 * KQL-subset interpreter over tables held or generated per pass (streamed: see `streamKql`), in the
 * documented response shape. It applies the
 * `timespan` to `TimeGenerated`, cuts a result over `maxRows` rows the way the service does (the
 * rows up to the limit plus a `PartialError`), and can inject faults: 429 with `Retry-After`, a
 * partial error, a query time-out (504; also for a query over `maxReadRows`).
 *
 * @module
 */
import {
  KqlError,
  type KqlLetCache,
  KqlLimitError,
  type KqlPrefilter,
  type KqlRunStats,
  type KqlSource,
  type KqlStream,
  newKqlRunStats,
  streamKql,
  timeOf,
} from "./kql_interpreter.ts";

/** A fault served instead of (or on top of) one answer, in order. */
export type LaFault =
  | { kind: "throttle"; retryAfter?: string }
  | { kind: "partial" }
  | { kind: "timeout" };

/** Options of {@linkcode startLaServer}. */
export interface LaServerOptions {
  /**
   * Tables by name: arrays, or streams made on each pass (e.g. `lazyLaTables`, the sample
   * tenant's rows generated hour by hour), so a workspace far larger than memory can be queried.
   */
  tables: Record<string, KqlSource>;
  /** Rows the `let` results of one query may keep for reuse (see `streamKql`) @default 1000000 */
  maxHeldRows?: number;
  /**
   * Table rows one query may read (every pass counted): a stand-in for the service's run-time
   * limit, answered as the service answers a query out of time (504, `GatewayTimeout`), so the
   * client halves the slice @default Infinity
   */
  maxReadRows?: number;
  /**
   * Rows of `let` results kept across queries (per timespan, least recently used dropped first;
   * see `KqlLetCache`): the tables must not change while the server runs @default 0 (none kept)
   */
  cacheLetRows?: number;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Rows per result before it is cut with a PartialError @default 500000 */
  maxRows?: number;
  /** A row limit per query text, instead of `maxRows` (e.g. only for the queries of rows). */
  maxRowsOf?: (query: string) => number;
  /** Faults to serve, one per request, first first. */
  faults?: LaFault[];
}

/** Counters. */
export interface LaServerStats {
  /** Requests received. */
  requests: number;
  /** Result rows sent. */
  rows: number;
  /** Response body bytes of the results produced (a refused result counts whole). */
  bytes: number;
  /**
   * Response body bytes the HTTP server took from the results, in 64 KiB chunks, before the
   * client had read enough (a client refusing an oversized result stops reading): about what
   * went over the wire.
   */
  bytesPulled: number;
  /** Query texts received, in order. */
  queries: string[];
  /** Authorization headers seen (for origin-binding tests). */
  authorizations: (string | null)[];
  /** What each query held (the interpreter's bounded state), in order. */
  runs: KqlRunStats[];
  /**
   * Each answered query's text, result size in bytes (a refused result counts whole) and the
   * time it took to compute and serialise (ms), and of that to serialise, in order.
   */
  results: { query: string; bytes: number; rows: number; ms: number; serialiseMs: number }[];
  /** Time spent on queries answered 504 at the read limit, ms (and how many). */
  stopped: { queries: number; ms: number };
}

/** A running server. */
export interface LaServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Counters. */
  stats: LaServerStats;
  /** Stops the server. */
  close(): Promise<void>;
}

const encoder = new TextEncoder();

function errorBody(status: number, code: string, message: string, inner?: { code: string; message: string }) {
  return new Response(
    JSON.stringify({ error: { code, message, ...(inner ? { innererror: inner } : {}) } }),
    { status, headers: { "content-type": "application/json; charset=utf-8" } },
  );
}

function* between(rows: Iterable<Record<string, unknown>>, from: number, to: number) {
  for (const r of rows) {
    // parsed once for the query's own time comparisons of the row too (same text: a hit)
    const ms = timeOf(r.TimeGenerated);
    if (ms !== null && ms >= from && ms < to) yield r;
  }
}

function inTimespan(
  tables: Record<string, KqlSource>,
  timespan: unknown,
): Record<string, KqlSource> | string {
  if (timespan === undefined) return tables;
  if (typeof timespan !== "string") return "timespan must be a string";
  const [a, b, extra] = timespan.split("/");
  const from = Date.parse(a ?? ""), to = Date.parse(b ?? "");
  if (extra !== undefined || Number.isNaN(from) || Number.isNaN(to)) {
    return `unsupported timespan ${JSON.stringify(timespan)} (the local endpoint takes start/end)`;
  }
  const out: Record<string, KqlSource> = {};
  for (const [name, t] of Object.entries(tables)) {
    const scan = t.scan;
    out[name] = {
      columns: t.columns,
      rows: { [Symbol.iterator]: () => between(t.rows, from, to) },
      ...(scan !== undefined
        ? {
          scan: (
            column: string,
            min: number,
            max: number,
            columns?: ReadonlySet<string>,
            prefilter?: KqlPrefilter,
          ) => {
            // the prefilter handed on: a share's pass makes whole only the share's rows
            const rows = scan(column, min, max, columns, prefilter);
            return rows === undefined ? undefined : between(rows, from, to);
          },
        }
        : {}),
      ...(t.count !== undefined
        ? {
          count: (column: string, min: number, max: number) =>
            t.count!(column, min, max, { column: "TimeGenerated", min: from, max: to }),
        }
        : {}),
    };
  }
  return out;
}

/**
 * Starts the server on 127.0.0.1 (a free port).
 *
 * @example
 * ```ts
 * import { startLaServer } from "./server.ts";
 * import assert from "node:assert/strict";
 * const s = await startLaServer({ tables: { T: { columns: [{ name: "Id", type: "string" }], rows: [{ Id: "a" }] } } });
 * try {
 *   const res = await fetch(`${s.url}/v1/workspaces/w/query`, { method: "POST",
 *     headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "T | project Id" }) });
 *   const body = await res.json();
 *   assert.deepEqual(body.tables[0].rows, [["a"]]);
 * } finally {
 *   await s.close();
 * }
 * ```
 */
export function startLaServer(options: LaServerOptions): Promise<LaServer> {
  const stats: LaServerStats = {
    requests: 0,
    rows: 0,
    bytes: 0,
    bytesPulled: 0,
    queries: [],
    authorizations: [],
    runs: [],
    results: [],
    stopped: { queries: 0, ms: 0 },
  };
  const faults = [...(options.faults ?? [])];
  const letCaches = new Map<string, KqlLetCache>();
  const maxRows = options.maxRows ?? 500_000;
  const handler = async (req: Request): Promise<Response> => {
    stats.requests++;
    const auth = req.headers.get("authorization");
    stats.authorizations.push(auth);
    const path = new URL(req.url).pathname;
    if (req.method !== "POST" || !/^\/v1\/workspaces\/[^/]+\/query$/.test(path)) {
      return errorBody(404, "PathNotFoundError", `The requested path does not exist`);
    }
    if (options.token !== undefined && auth !== `Bearer ${options.token}`) {
      return errorBody(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
      );
    }
    let body: Record<string, unknown>;
    try {
      body = await req.json();
    } catch {
      return errorBody(400, "BadArgumentError", "The request had some invalid properties");
    }
    if (typeof body.query !== "string") {
      return errorBody(400, "BadArgumentError", "The request had some invalid properties", {
        code: "QueryValidationError",
        message: "query is required",
      });
    }
    stats.queries.push(body.query);
    const started = performance.now();
    const fault = faults.shift();
    if (fault?.kind === "throttle") {
      return new Response(
        JSON.stringify({ error: { code: "TooManyRequests", message: "Too many requests" } }),
        {
          status: 429,
          headers: {
            "content-type": "application/json",
            ...(fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {}),
          },
        },
      );
    }
    if (fault?.kind === "timeout") {
      return errorBody(504, "GatewayTimeout", "The query exceeded the allowed execution time");
    }
    const tables = inTimespan(options.tables, body.timespan);
    if (typeof tables === "string") return errorBody(400, "BadArgumentError", tables);
    const limit = options.maxRowsOf?.(String(body.query)) ?? maxRows;
    const run = newKqlRunStats();
    // one cache per timespan (the tables seen through it differ)
    let letCache: KqlLetCache | undefined;
    if ((options.cacheLetRows ?? 0) > 0) {
      const span = String(body.timespan ?? "");
      if (!letCaches.has(span)) {
        letCaches.set(span, { rows: new Map(), maxRows: options.cacheLetRows!, held: 0 });
      }
      letCache = letCaches.get(span);
    }
    stats.runs.push(run);
    let result: KqlStream;
    // the rows up to the limit and one more (a longer result is cut: the rest is never computed)
    let rows: Record<string, unknown>[] = [];
    try {
      result = streamKql(body.query, tables, {
        stats: run,
        ...(options.maxHeldRows !== undefined ? { maxHeldRows: options.maxHeldRows } : {}),
        ...(options.maxReadRows !== undefined ? { maxSourceRows: options.maxReadRows } : {}),
        ...(letCache !== undefined ? { letCache } : {}),
      });
      for (const r of result.rows) {
        rows.push(r);
        if (rows.length > limit) break;
      }
    } catch (e) {
      if (e instanceof KqlLimitError) {
        stats.stopped.queries++;
        stats.stopped.ms += performance.now() - started;
        return errorBody(504, "GatewayTimeout", "The query exceeded the allowed execution time");
      }
      if (e instanceof KqlError) {
        return errorBody(400, "BadArgumentError", "The request had some invalid properties", {
          code: e.code,
          message: e.message,
        });
      }
      throw e;
    }
    let error: unknown;
    if (rows.length > limit) {
      rows = rows.slice(0, limit);
      error = {
        code: "PartialError",
        message: "There were some errors when processing your query.",
        details: [{
          code: "EngineError",
          message: "Something went wrong processing your query on the server.",
          innererror: {
            code: "E_QUERY_RESULT_SET_TOO_LARGE",
            message: `Query result set has exceeded the internal record count limit ${limit}`,
          },
        }],
      };
    } else if (fault?.kind === "partial") {
      rows = rows.slice(0, Math.floor(rows.length / 2));
      error = {
        code: "PartialError",
        message: "There were some errors when processing your query.",
        details: [{ code: "EngineError", message: "A partition of the data could not be read." }],
      };
    }
    stats.rows += rows.length;
    const computed = performance.now();
    const text = JSON.stringify({
      tables: [{
        name: "PrimaryResult",
        columns: result.columns,
        rows: rows.map((r) => result.columns.map((c) => r[c.name] ?? null)),
      }],
      ...(error !== undefined ? { error } : {}),
    });
    const bytes = encoder.encode(text);
    stats.bytes += bytes.length;
    stats.results.push({
      query: body.query,
      bytes: bytes.length,
      rows: rows.length,
      ms: performance.now() - started,
      serialiseMs: performance.now() - computed,
    });
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= bytes.length) return c.close();
        const chunk = bytes.subarray(at, at + 65_536);
        at += chunk.length;
        stats.bytesPulled += chunk.length;
        c.enqueue(chunk);
      },
    }, { highWaterMark: 0 });
    return new Response(stream, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(bytes.length),
      },
    });
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
  const addr = server.addr as Deno.NetAddr;
  return Promise.resolve({
    url: `http://127.0.0.1:${addr.port}`,
    stats,
    close: () => server.shutdown(),
  });
}
