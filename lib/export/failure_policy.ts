/**
 * What an export does when a page request fails: retry (after `Retry-After` when Graph gave
 * one, else an exponential back-off), split a slice that is slow or throttled before its
 * first page, get a new token after a 401, restart a slice whose link Graph no longer
 * accepts, or stop. Pure: the error and the page's situation in, an action out.
 *
 * @module
 */
import { GraphError, PageTimeoutError } from "../errors.ts";

/**
 * Whether an error is, or was caused by, a {@linkcode PageTimeoutError} (the Graph client
 * wraps fetch failures in a `GraphError` with status 0 and the original as `cause`).
 *
 * @example
 * ```ts
 * import { isPageTimeout } from "./failure_policy.ts";
 * import { GraphError, PageTimeoutError } from "../errors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isPageTimeout(new GraphError({ endpoint: "signIns", status: 0 }, { cause: new PageTimeoutError(5) })), true);
 * assert.equal(isPageTimeout(new GraphError({ endpoint: "signIns", status: 0 })), false);
 * ```
 */
export function isPageTimeout(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 6 && e instanceof Error; depth++) {
    if (e instanceof PageTimeoutError || e.name === "PageTimeoutError" || e.name === "RequestTimeoutError") {
      return true;
    }
    e = e.cause;
  }
  return false;
}

/** What to do about a failed page. */
export type PageFailureAction =
  /** Try the same request again after `delayMs`. */
  | { kind: "retry"; delayMs: number; reason: string }
  /** Replace the slice by two halves (nothing of it was written yet). */
  | { kind: "split"; reason: string }
  /** Get a new token, then try again. */
  | { kind: "refreshToken" }
  /** Read the slice again from its first page (already written ids are skipped). */
  | { kind: "restartSlice"; reason: string }
  /** Stop the export (the checkpoint stays); `authentication` when only a new token can help. */
  | { kind: "stop"; reason: "authentication" | "failed"; error: Error };

/** The situation of the failed page. */
export interface PageFailureContext {
  /** Attempts made at this page so far, the failed one included (1 = first failure). */
  attempt: number;
  /** Attempts allowed per page. */
  maxAttempts: number;
  /** Whether the page is the slice's first and nothing of the slice was written yet. */
  freshSlice: boolean;
  /** Whether the slice is long enough to split. */
  splittable: boolean;
  /** Whether the failed request was a nextLink (not a first page). */
  viaNextLink: boolean;
  /** Whether this export can get a new token (not a fixed GRAPH_ACCESS_TOKEN). */
  canRefreshToken: boolean;
  /** Whether this page was already retried with a new token. */
  tokenRefreshed: boolean;
  /** Restarts of this slice so far. */
  restarts: number;
  /** First back-off delay, ms (doubles per attempt, at most 60 s). */
  retryDelayMs: number;
}

const MAX_BACKOFF_MS = 60_000;

function backoff(ctx: PageFailureContext): number {
  return Math.min(MAX_BACKOFF_MS, ctx.retryDelayMs * 2 ** Math.max(0, ctx.attempt - 1));
}

/**
 * Chooses the action for a failed page.
 *
 * @example
 * ```ts
 * import { pageFailureAction } from "./failure_policy.ts";
 * import { GraphError } from "../errors.ts";
 * import assert from "node:assert/strict";
 * const ctx = { attempt: 1, maxAttempts: 10, freshSlice: false, splittable: true, viaNextLink: true,
 *   canRefreshToken: false, tokenRefreshed: false, restarts: 0, retryDelayMs: 1000 };
 * const throttled = new GraphError({ endpoint: "signIns", status: 429, retryAfterMs: 7000 });
 * assert.deepEqual(pageFailureAction(throttled, ctx), { kind: "retry", delayMs: 7000, reason: "throttled (429)" });
 * assert.equal(pageFailureAction(new GraphError({ endpoint: "signIns", status: 401 }), ctx).kind, "stop");
 * ```
 */
export function pageFailureAction(error: unknown, ctx: PageFailureContext): PageFailureAction {
  if (!(error instanceof GraphError) && !(error instanceof PageTimeoutError)) {
    return {
      kind: "stop",
      reason: "failed",
      error: error instanceof Error ? error : new Error(String(error)),
    };
  }
  // The client refused the request or response (foreign origin, too large, absurd Retry-After,
  // paging loop): no retry can help.
  if (error instanceof GraphError && error.refused) return { kind: "stop", reason: "failed", error };
  if (error instanceof GraphError && error.status === 401) {
    if (ctx.canRefreshToken && !ctx.tokenRefreshed) return { kind: "refreshToken" };
    return { kind: "stop", reason: "authentication", error };
  }
  const status = error instanceof GraphError ? error.status : 0;
  const timedOut = isPageTimeout(error);
  const slow = timedOut || status === 504;
  const throttled = status === 429;
  const transient = slow || throttled || status === 0 || status === 200 || (status >= 500 && status <= 599);
  if (status === 400 && ctx.viaNextLink && ctx.restarts === 0) {
    return { kind: "restartSlice", reason: "Graph refused the slice's next link (400)" };
  }
  if (!transient) return { kind: "stop", reason: "failed", error };
  if (ctx.attempt >= ctx.maxAttempts) {
    return {
      kind: "stop",
      reason: "failed",
      error: new Error(`Cannot read a sign-in page after ${ctx.attempt} attempts: ${error.message}`, {
        cause: error,
      }),
    };
  }
  const reason = timedOut
    ? "slow (time-out)"
    : throttled
    ? "throttled (429)"
    : status === 0
    ? "connection failed"
    : status === 200
    ? "unreadable response"
    : `HTTP ${status}`;
  if ((slow || throttled) && ctx.freshSlice && ctx.splittable) return { kind: "split", reason };
  const ra = error instanceof GraphError ? error.retryAfterMs : undefined;
  return { kind: "retry", delayMs: ra ?? backoff(ctx), reason };
}
