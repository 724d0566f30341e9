/**
 * The Log Analytics query API (`POST {root}/v1/workspaces/{id}/query`) through the project's own
 * sign-in layer and request guard: the token is issued for the Log Analytics scope of the cloud
 * and only sent to the exact query origin; every request has a time-out, a body cap and a capped
 * `Retry-After`; throttling is retried a bounded number of times and stays within the documented
 * 200 requests per 30 s; a partial result is never returned as complete.
 *
 * Documented limits (Microsoft Learn, Azure Monitor service limits, log queries and Log Analytics
 * API): 500,000 rows and ~64 MB compressed (~100 MiB) per result; 3 min run time by default, 10 min
 * at most (`Prefer: wait`); 200 requests per 30 s per user or client IP; 5 concurrent queries per
 * user (more are queued; long queues answer 429).
 *
 * @module
 */
import { HttpMethod, RequestInformation } from "@microsoft/kiota-abstractions";
import type { AuthConfig } from "../graph/auth_config.ts";
import type { GraphEndpoint } from "../graph/cloud.ts";
import { DEFAULT_REQUEST_LIMITS, guardFetch, readRetryAfter, type RequestLimits } from "../graph/guard.ts";
import { GraphRefusal, RequestTimeoutError } from "../errors.ts";
import { RequestBudget } from "../graph/budget.ts";
import { type AuthProviderOptions, createAuthenticationProvider } from "../graph/token_provider.ts";
import { safeText } from "../cli/safe_text.ts";

/** The documented service limits the client is built around. */
export const LA_LIMITS = {
  /** Rows per result. */
  maxRows: 500_000,
  /** Result size, bytes (~64 MB compressed ≈ 100 MiB raw). */
  maxResultBytes: 100 * 1024 * 1024,
  /** Server-side run time asked for (`Prefer: wait`), seconds (default 180, max 600). */
  serverWaitSeconds: 180,
  /**
   * Largest response body the client takes, bytes: 16 MiB (parsed rows stay well inside the task's
   * 512 MB heap); a larger result is not truncated but refused, and the caller splits its slice.
   */
  clientMaxBytes: 16 * 1024 * 1024,
  /** Requests per 30 s per user or client IP. */
  requestsPer30s: 200,
  /** Concurrent queries per user (the client sends one at a time). */
  concurrency: 5,
} as const;

/** Why a query gave no complete result. */
export const LA_FAILURE_KINDS = ["tooLarge", "partial", "timeout", "throttled", "http", "shape"] as const;
/** One of {@linkcode LA_FAILURE_KINDS}. */
export type LaFailureKind = typeof LA_FAILURE_KINDS[number];

/** A query without a complete result. `tooLarge` and `timeout` can be cured by a smaller slice. */
export class LaQueryError extends Error {
  /** What went wrong. */
  readonly kind: LaFailureKind;
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /**
   * @param kind what went wrong
   * @param message one line, server text made safe
   * @param status HTTP status
   */
  constructor(kind: LaFailureKind, message: string, status?: number) {
    super(message);
    this.name = "LaQueryError";
    this.kind = kind;
    this.status = status;
  }
}

/** Client settings. */
export interface LaClientConfig {
  /** How to sign in (the same modes as Graph). */
  auth: AuthConfig;
  /** Query root and token binding (lib/log_analytics/endpoint.ts). */
  endpoint: GraphEndpoint;
  /** Workspace id (a GUID). */
  workspace: string;
  /** Time-out, body cap, longest Retry-After (default: 210 s, 100 MiB, 5 min). */
  limits?: Partial<RequestLimits>;
  /** Retries of a 429 (default 3). */
  maxRetries?: number;
  /** Wait before retrying a 429 without Retry-After, ms, times the attempt (default 5,000). */
  retryDelayMs?: number;
  /** Request budget (default 200 per 30 s). */
  budget?: RequestBudget;
  /** Sign-in hooks (tests, device-code prompt). */
  authOptions?: AuthProviderOptions;
  /** Told before a throttling wait. */
  onRetryAfter?: (ms: number) => void;
}

/** One result table. */
export interface LaResult {
  /** Columns. */
  columns: { name: string; type: string }[];
  /** Rows (cells in column order). */
  rows: unknown[][];
}

/** Counters. */
export interface LaClientStats {
  /** Requests sent (retries included). */
  requests: number;
  /** Response body bytes received. */
  bytes: number;
  /** Result rows received. */
  rows: number;
  /** 429 answers retried. */
  throttled: number;
}

/** A ready client. */
export interface LaClient {
  /** Where queries go. */
  readonly endpoint: GraphEndpoint;
  /** Counters. */
  readonly stats: LaClientStats;
  /**
   * Runs one query.
   *
   * @param query KQL
   * @param timespan ISO 8601 `start/end` (applies to `TimeGenerated`)
   * @throws {LaQueryError} when there is no complete result
   */
  query(query: string, timespan: string): Promise<LaResult>;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a workspace id (a GUID). */
export function isWorkspaceId(value: string): boolean {
  return GUID_RE.test(value);
}

function errorOf(body: unknown): { code: string; message: string; inner: string[] } | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const e = (body as Record<string, unknown>).error;
  if (e === null || typeof e !== "object") return undefined;
  const o = e as Record<string, unknown>;
  const inner: string[] = [];
  const walk = (x: unknown, depth: number) => {
    if (depth > 5 || x === null || typeof x !== "object") return;
    const r = x as Record<string, unknown>;
    if (typeof r.code === "string") inner.push(r.code);
    if (Array.isArray(r.details)) { for (const d of r.details.slice(0, 20)) walk(d, depth + 1); }
    walk(r.innererror, depth + 1);
  };
  walk(o, 0);
  return {
    code: typeof o.code === "string" ? o.code : "(no code)",
    message: typeof o.message === "string" ? o.message : "",
    inner: [...new Set(inner.slice(1))],
  };
}

function shown(text: string): string {
  const t = safeText(text.replace(/\s+/g, " ").trim());
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}

/**
 * Creates a client.
 *
 * @throws {RangeError} for a workspace id that is not a GUID
 */
export async function createLaClient(config: LaClientConfig): Promise<LaClient> {
  if (!isWorkspaceId(config.workspace)) {
    throw new RangeError(`Cannot query workspace ${JSON.stringify(config.workspace)}: expected a GUID`);
  }
  const endpoint = config.endpoint;
  const origin = new URL(endpoint.root).origin;
  const limits: RequestLimits = {
    ...DEFAULT_REQUEST_LIMITS,
    timeoutMs: (LA_LIMITS.serverWaitSeconds + 30) * 1000,
    maxResponseBytes: LA_LIMITS.maxResultBytes,
    ...config.limits,
  };
  limits.maxResponseBytes = Math.min(limits.maxResponseBytes, LA_LIMITS.clientMaxBytes);
  const provider = await createAuthenticationProvider(config.auth, endpoint, config.authOptions ?? {});
  const guarded = guardFetch({ origin, limits }, (u, init) => fetch(u, init));
  const budget = config.budget ?? new RequestBudget({ requests: LA_LIMITS.requestsPer30s, windowMs: 30_000 });
  const maxRetries = config.maxRetries ?? 3;
  const retryDelayMs = config.retryDelayMs ?? 5_000;
  const url = `${endpoint.root}/v1/workspaces/${config.workspace}/query`;
  const stats: LaClientStats = { requests: 0, bytes: 0, rows: 0, throttled: 0 };

  async function once(
    query: string,
    timespan: string,
  ): Promise<{ status: number; text: string; retryMs?: number }> {
    const ri = new RequestInformation(HttpMethod.POST, url);
    await provider.authenticateRequest(ri);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "prefer": `wait=${LA_LIMITS.serverWaitSeconds}`,
    };
    const auth = ri.headers.get("Authorization");
    if (auth !== undefined && auth.size > 0) headers.authorization = [...auth][0]!;
    await budget.acquire();
    stats.requests++;
    let res: Response;
    try {
      res = await guarded(url, { method: "POST", headers, body: JSON.stringify({ query, timespan }) });
    } catch (e) {
      // a body over the cap: a smaller slice can fit (the caller splits), never a truncated result
      if (e instanceof GraphRefusal && e.kind === "size") {
        throw new LaQueryError("tooLarge", e.message, e.status);
      }
      if (e instanceof RequestTimeoutError) {
        throw new LaQueryError("timeout", `Log Analytics did not answer within ${limits.timeoutMs / 1000} s`);
      }
      throw e;
    }
    // the body's bytes are counted as received, then decoded once (as `text()` would: UTF-8, a BOM dropped)
    const body = new Uint8Array(await res.arrayBuffer());
    stats.bytes += body.length;
    const text = new TextDecoder().decode(body);
    const ra = res.headers.get("retry-after");
    const r = ra === null ? undefined : readRetryAfter(ra, limits.maxRetryWaitMs);
    if (r !== undefined && "refused" in r) {
      throw new LaQueryError(
        "throttled",
        `Log Analytics answered HTTP ${res.status} with ${r.refused}`,
        res.status,
      );
    }
    return { status: res.status, text, ...(r !== undefined ? { retryMs: r.ms } : {}) };
  }

  async function query(query: string, timespan: string): Promise<LaResult> {
    for (let attempt = 0;; attempt++) {
      const { status, text, retryMs } = await once(query, timespan);
      let body: unknown;
      try {
        body = text === "" ? {} : JSON.parse(text);
      } catch {
        body = undefined;
      }
      const err = errorOf(body);
      const what = err === undefined ? "" : `: ${shown(err.code)} ${shown(err.message)}`.trimEnd();
      if (status === 429) {
        stats.throttled++;
        if (attempt >= maxRetries) {
          throw new LaQueryError(
            "throttled",
            `Log Analytics throttled the query (HTTP 429) ${
              attempt + 1
            } times; gave up after ${maxRetries} retries`,
            429,
          );
        }
        const ms = retryMs ?? retryDelayMs * (attempt + 1);
        config.onRetryAfter?.(ms);
        budget.pause(ms);
        continue;
      }
      if (status === 504 || err?.inner.some((c) => /timeout|E_QUERY_TIMEOUT|GatewayTimeout/i.test(c))) {
        throw new LaQueryError(
          "timeout",
          `Log Analytics did not finish the query in time (HTTP ${status}${what})`,
          status,
        );
      }
      if (status === 204) return { columns: [], rows: [] };
      if (status !== 200) {
        throw new LaQueryError("http", `Log Analytics refused the query (HTTP ${status}${what})`, status);
      }
      if (err !== undefined) {
        if (err.inner.some((c) => /E_QUERY_RESULT_SET_TOO_LARGE|ResultSetTooLarge|TooLarge/i.test(c))) {
          throw new LaQueryError(
            "tooLarge",
            `Log Analytics cut the result at its size or row limit${what}`,
            status,
          );
        }
        throw new LaQueryError(
          "partial",
          `Log Analytics returned a partial result (${[err.code, ...err.inner].map(shown).join(", ")}${
            err.message === "" ? "" : `: ${shown(err.message)}`
          }); refusing to report on incomplete data`,
          status,
        );
      }
      const tables = (body as { tables?: unknown } | undefined)?.tables;
      const t = Array.isArray(tables) ? tables[0] as Record<string, unknown> | undefined : undefined;
      if (
        t === undefined || !Array.isArray(t.columns) || !Array.isArray(t.rows) ||
        !t.columns.every((c) => c !== null && typeof c === "object" && typeof c.name === "string") ||
        !t.rows.every((r) => Array.isArray(r) && r.length === (t.columns as unknown[]).length)
      ) {
        throw new LaQueryError(
          "shape",
          `Log Analytics answered HTTP 200 without a result table of rows matching its columns`,
          status,
        );
      }
      stats.rows += t.rows.length;
      return { columns: t.columns as LaResult["columns"], rows: t.rows as unknown[][] };
    }
  }

  return { endpoint, stats, query };
}
