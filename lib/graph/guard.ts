/**
 * The guard every Graph request passes through, innermost in the client's middleware chain
 * (after the SDK's retry and redirect handlers, so retries and redirected requests pass it
 * too): the exact Graph origin (scheme, host, port) or no request at all, a time-out per
 * request (headers and body), a cap on the decoded body, and a sane `Retry-After`. What it
 * refuses is a {@linkcode GraphRefusal}, which is never retried.
 *
 * @module
 */
import { GraphRefusal, RequestTimeoutError } from "../errors.ts";
import { parseHttpDate } from "../time/http_date.ts";

/** Limits on every Graph request and page loop. */
export interface RequestLimits {
  /** Time-out per request, headers and whole body, ms. */
  timeoutMs: number;
  /** Largest decoded response body, bytes. */
  maxResponseBytes: number;
  /** Longest `Retry-After` honoured, ms; a longer (or unreadable, negative) one is refused. */
  maxRetryWaitMs: number;
  /** Pages one collection walk (or one export slice) may take. */
  maxPages: number;
  /** Empty pages in a row that still carry an `@odata.nextLink`. */
  maxEmptyPages: number;
}

/** The defaults: 100 s per request (the Azure SDK's), 64 MiB per body, 5 min per wait, 100,000 pages, 100 empty pages. */
export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = {
  timeoutMs: 100_000,
  maxResponseBytes: 64 * 1024 * 1024,
  maxRetryWaitMs: 300_000,
  maxPages: 100_000,
  maxEmptyPages: 100,
};

/**
 * Whether `url` is on exactly `origin` (scheme, host and port).
 *
 * @example
 * ```ts
 * import { sameOrigin } from "./guard.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sameOrigin("http://127.0.0.1:8787/beta/x", "http://127.0.0.1:8787"), true);
 * assert.equal(sameOrigin("http://127.0.0.1:9999/beta/x", "http://127.0.0.1:8787"), false);
 * assert.equal(sameOrigin("https://graph.microsoft.com:443/v1.0", "https://graph.microsoft.com"), true);
 * assert.equal(sameOrigin("not a url", "https://graph.microsoft.com"), false);
 * ```
 */
export function sameOrigin(url: string, origin: string): boolean {
  try {
    const u = new URL(url);
    return u.username === "" && u.password === "" && u.origin === origin;
  } catch {
    return false;
  }
}

/** Statuses the SDK (and the export) retry after `Retry-After`. */
const RETRIED = new Set([429, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** A `Retry-After` as read: a wait in ms, or why it is refused. */
export type RetryAfterReading = { ms: number } | { refused: string } | undefined;

/**
 * Reads a `Retry-After` value against a cap: delta-seconds or an IMF date; negative, unreadable,
 * or longer than `capMs` is refused (a server asking for that is broken or hostile).
 *
 * @example
 * ```ts
 * import { readRetryAfter } from "./guard.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(readRetryAfter("7", 300_000), { ms: 7000 });
 * assert.equal(readRetryAfter(null, 300_000), undefined);
 * assert.match((readRetryAfter("99999", 300_000) as { refused: string }).refused, /99999 s/);
 * assert.ok("refused" in readRetryAfter("-5", 300_000)!);
 * assert.ok("refused" in readRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", 300_000)!);
 * ```
 */
export function readRetryAfter(value: string | null, capMs: number, nowMs = Date.now()): RetryAfterReading {
  const v = value?.trim();
  if (v === undefined || v === "") return undefined;
  let ms: number;
  let shown: string;
  if (/^\d{1,12}(\.\d{1,6})?$/.test(v)) {
    ms = Math.ceil(Number(v) * 1000);
    shown = `${v} s`;
  } else {
    const at = parseHttpDate(v);
    if (Number.isNaN(at)) return { refused: `an unreadable Retry-After ${JSON.stringify(v.slice(0, 40))}` };
    ms = Math.max(0, at - nowMs);
    shown = `${Math.ceil(ms / 1000)} s (until ${v})`;
  }
  if (ms > capMs) {
    return { refused: `Retry-After ${shown}, more than the ${capMs / 1000} s allowed (--max-retry-wait)` };
  }
  return { ms };
}

/** What the guard needs. */
export interface GuardOptions {
  /** The Graph origin, e.g. `https://graph.microsoft.com`. */
  origin: string;
  /** Limits. */
  limits: RequestLimits;
  /** Called when a response asks to wait (429/503/504 with `Retry-After`). */
  onRetryAfter?: (ms: number, status: number) => void;
}

async function readCapped(res: Response, max: number, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(res.headers.get("content-length"));
  if (!res.headers.get("content-encoding") && Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    throw sizeRefusal(max, res.status, `${declared} bytes announced`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  // One growing buffer: the chunks are copied out at once (a chunk may be a small view of a
  // much larger buffer; keeping the views would keep those buffers alive).
  let buf = new Uint8Array(Math.min(max, 64 * 1024));
  let total = 0;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.length > max) {
      await reader.cancel().catch(() => {});
      throw sizeRefusal(max, res.status, "more once decoded");
    }
    if (total + value.length > buf.length) {
      const grown = new Uint8Array(Math.min(max, Math.max(buf.length * 2, total + value.length)));
      grown.set(buf.subarray(0, total));
      buf = grown;
    }
    buf.set(value, total);
    total += value.length;
  }
  return buf.subarray(0, total);
}

function sizeRefusal(max: number, status: number, seen: string): GraphRefusal {
  return new GraphRefusal(
    "size",
    `refused a response larger than ${max / (1024 * 1024)} MiB (${seen}; --max-response-mb)`,
    status,
  );
}

/**
 * Wraps a fetch with the guard: refuses a URL off the Graph origin before sending anything,
 * refuses a redirect off it, aborts after the time-out, reads the body (decoded) up to the cap,
 * and checks `Retry-After`. The response returned is complete, its `Retry-After` normalised to
 * seconds (what the SDK's retry handler then sleeps).
 *
 * @example A URL on another port is never sent
 * ```ts
 * import { guardFetch, DEFAULT_REQUEST_LIMITS } from "./guard.ts";
 * import { GraphRefusal } from "../errors.ts";
 * import assert from "node:assert/strict";
 * let sent = 0;
 * const f = guardFetch({ origin: "http://127.0.0.1:8787", limits: DEFAULT_REQUEST_LIMITS },
 *   () => { sent++; return Promise.resolve(new Response("{}")); });
 * await assert.rejects(f("http://127.0.0.1:9999/beta/x", {}), GraphRefusal);
 * assert.equal(sent, 0);
 * assert.equal(await (await f("http://127.0.0.1:8787/beta/x", {})).text(), "{}");
 * ```
 */
export function guardFetch(
  options: GuardOptions,
  inner: (url: string, init: RequestInit) => Promise<Response>,
): (url: string, init: RequestInit) => Promise<Response> {
  const { origin, limits } = options;
  return async (url, init) => {
    if (!sameOrigin(url, origin)) {
      throw new GraphRefusal("origin", `refused to send a request off the Graph origin ${origin}`);
    }
    const controller = new AbortController();
    const outer = init.signal;
    const onOuterAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) onOuterAbort();
    outer?.addEventListener("abort", onOuterAbort, { once: true });
    const timer = setTimeout(
      () => controller.abort(new RequestTimeoutError(limits.timeoutMs)),
      limits.timeoutMs,
    );
    try {
      const res = await inner(url, { ...init, signal: controller.signal });
      if (REDIRECTS.has(res.status)) {
        const location = res.headers.get("location") ?? "";
        let target = "";
        try {
          target = new URL(location, url).href;
        } catch { /* unreadable */ }
        if (!sameOrigin(target, origin)) {
          await res.body?.cancel().catch(() => {});
          throw new GraphRefusal(
            "redirect",
            `refused a redirect (HTTP ${res.status}) off the Graph origin ${origin}`,
            res.status,
          );
        }
      }
      const headers = new Headers(res.headers);
      const retryAfter = headers.get("retry-after");
      if (RETRIED.has(res.status) && retryAfter !== null) {
        const r = readRetryAfter(retryAfter, limits.maxRetryWaitMs);
        if (r && "refused" in r) {
          await res.body?.cancel().catch(() => {});
          throw new GraphRefusal("retryAfter", `refused HTTP ${res.status} with ${r.refused}`, res.status);
        }
        if (r) {
          headers.set("retry-after", String(r.ms / 1000));
          options.onRetryAfter?.(r.ms, res.status);
        }
      } else if (retryAfter !== null) {
        headers.delete("retry-after");
      }
      const body = NULL_BODY_STATUS.has(res.status)
        ? null
        : await readCapped(res, limits.maxResponseBytes, controller.signal);
      headers.delete("content-encoding");
      headers.delete("content-length");
      return new Response(body, { status: res.status, statusText: res.statusText, headers });
    } catch (e) {
      if (controller.signal.aborted && controller.signal.reason instanceof RequestTimeoutError) {
        throw controller.signal.reason;
      }
      throw e;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
    }
  };
}

/**
 * Watches one walk through a paged collection: refuses an `@odata.nextLink` already followed
 * (a loop), more than `maxPages` pages, and more than `maxEmptyPages` empty pages in a row that
 * still point to a next one.
 *
 * @example
 * ```ts
 * import { PageLoopGuard } from "./guard.ts";
 * import { GraphRefusal } from "../errors.ts";
 * import assert from "node:assert/strict";
 * const g = new PageLoopGuard({ maxPages: 10, maxEmptyPages: 2 });
 * g.page(5, "https://g/x?$skiptoken=1");
 * assert.throws(() => g.page(5, "https://g/x?$skiptoken=1"), GraphRefusal);
 * const e = new PageLoopGuard({ maxPages: 10, maxEmptyPages: 2 });
 * e.page(0, "a"); e.page(0, "b");
 * assert.throws(() => e.page(0, "c"), /empty pages/);
 * ```
 */
export class PageLoopGuard {
  #links = new Set<string>();
  #pages = 0;
  #empty = 0;
  /** The state before the last `page` (for `undo`). */
  #last: { pages: number; empty: number; link: string | undefined } | null = null;
  /** @param limits the caps */
  constructor(readonly limits: Pick<RequestLimits, "maxPages" | "maxEmptyPages">) {}

  /** Pages seen. */
  get pages(): number {
    return this.#pages;
  }

  /**
   * Records a page: its item count and its nextLink (undefined on the last page).
   *
   * @throws {GraphRefusal} on a repeated link, too many pages, or too many empty pages in a row
   */
  page(items: number, nextLink: string | undefined): void {
    this.#last = { pages: this.#pages, empty: this.#empty, link: undefined };
    this.#pages++;
    if (nextLink === undefined) return;
    if (this.#links.has(nextLink)) {
      throw new GraphRefusal(
        "pageLoop",
        `@odata.nextLink of page ${this.#pages} repeats an earlier page's link (a paging loop)`,
        200,
      );
    }
    this.#links.add(nextLink);
    this.#last.link = nextLink;
    this.#empty = items === 0 ? this.#empty + 1 : 0;
    if (this.#empty > this.limits.maxEmptyPages) {
      throw new GraphRefusal(
        "pageLoop",
        `more than ${this.limits.maxEmptyPages} empty pages in a row that still point to a next page (--max-empty-pages)`,
        200,
      );
    }
    if (this.#pages >= this.limits.maxPages) {
      throw new GraphRefusal(
        "pageLoop",
        `more than ${this.limits.maxPages} pages (--max-pages); read a shorter window or raise the cap`,
        200,
      );
    }
  }

  /** Forgets everything (a walk restarted from its first page). */
  reset(): void {
    this.#links.clear();
    this.#pages = 0;
    this.#empty = 0;
    this.#last = null;
  }

  /**
   * Forgets the last page recorded (its body turned out unreadable and is fetched again).
   *
   * @example
   * ```ts
   * import { PageLoopGuard } from "./guard.ts";
   * import assert from "node:assert/strict";
   * const g = new PageLoopGuard({ maxPages: 10, maxEmptyPages: 1 });
   * g.page(0, "https://g/a");
   * g.undo();
   * g.page(0, "https://g/a"); // not a repeat
   * assert.equal(g.pages, 1);
   * ```
   */
  undo(): void {
    const last = this.#last;
    if (last === null) return;
    this.#pages = last.pages;
    this.#empty = last.empty;
    if (last.link !== undefined) this.#links.delete(last.link);
    this.#last = null;
  }
}

/**
 * The `tid` claim of a JWT access token, or undefined when the token is not a JWT or has none.
 *
 * @example
 * ```ts
 * import { tenantOfToken } from "./guard.ts";
 * import assert from "node:assert/strict";
 * const b64 = (o: unknown) => btoa(JSON.stringify(o)).replaceAll("=", "");
 * assert.equal(tenantOfToken(`${b64({ alg: "none" })}.${b64({ tid: "t-1" })}.`), "t-1");
 * assert.equal(tenantOfToken("opaque"), undefined);
 * ```
 */
export function tenantOfToken(token: string): string | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const json = atob((parts[1] as string).replaceAll("-", "+").replaceAll("_", "/"));
    const tid = JSON.parse(json)?.tid;
    return typeof tid === "string" && /^[A-Za-z0-9.-]{1,100}$/.test(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}
