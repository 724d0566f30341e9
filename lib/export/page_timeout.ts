/**
 * A time-out for each HTTP request of an export, counted from the moment the request is
 * actually sent (after it got its slot in the request budget), not from when a cursor asked
 * for the page: waiting for the budget or for a `Retry-After` never counts as "slow".
 *
 * @module
 */
import { PageTimeoutError } from "../errors.ts";

/** A fetch as {@linkcode GraphClientConfig.fetch} takes it. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * Wraps a fetch so that a response whose headers and body have not fully arrived within `ms`
 * is aborted and fails with {@linkcode PageTimeoutError} (the Graph client reports it as a
 * connection failure whose cause is that error). The body is read inside the time-out, so the
 * response returned is already complete.
 *
 * @param ms time-out per request, ms
 * @param inner the fetch to wrap (default: the global fetch)
 *
 * @example A server that answers too late
 * ```ts
 * import { timeoutFetch } from "./page_timeout.ts";
 * import { PageTimeoutError } from "../errors.ts";
 * import assert from "node:assert/strict";
 * const slow = (_url: string, init: RequestInit) => new Promise<Response>((resolve, reject) => {
 *   const t = setTimeout(() => resolve(new Response("{}")), 1000);
 *   init.signal?.addEventListener("abort", () => { clearTimeout(t); reject(init.signal?.reason); });
 * });
 * await assert.rejects(timeoutFetch(20, slow)("http://127.0.0.1:1/", {}), PageTimeoutError);
 * const quick = timeoutFetch(1000, () => Promise.resolve(new Response('{"value":[]}', { status: 200 })));
 * assert.equal(await (await quick("http://127.0.0.1:1/", {})).text(), '{"value":[]}');
 * ```
 */
export function timeoutFetch(
  ms: number,
  inner: FetchFunction = (url, init) => fetch(url, init),
): FetchFunction {
  return async (url, init) => {
    const controller = new AbortController();
    const outer = init.signal;
    const onOuterAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) onOuterAbort();
    outer?.addEventListener("abort", onOuterAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new PageTimeoutError(ms));
    }, ms);
    try {
      const res = await inner(url, { ...init, signal: controller.signal });
      const body = NULL_BODY_STATUS.has(res.status) ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (e) {
      if (timedOut) throw new PageTimeoutError(ms);
      throw e;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
    }
  };
}
