/**
 * Reading Graph collections page by page: an async generator follows `@odata.nextLink`
 * (requested as-is, never re-expanded as a URI template), sends the same headers on every
 * page, reads each body as bytes and parses it with `JSON.parse`, retries a page whose
 * connection broke or whose JSON was cut short, and turns failures into {@linkcode GraphError}.
 * Items are yielded as each page arrives; nothing buffers a whole collection.
 *
 * @module
 */
import { HttpMethod, RequestInformation } from "@microsoft/kiota-abstractions";
import { createODataErrorFromDiscriminatorValue } from "@microsoft/msgraph-sdk/models/oDataErrors/index.js";
import { retryAfterMs } from "./budget.ts";
import type { GraphClient, GraphVersion } from "./client.ts";
import { GraphAuthError, GraphError, GraphRefusal, RequestTimeoutError } from "../errors.ts";
import { graphEndpointOf, type GraphErrorDetails } from "./graph_error.ts";
import { PageLoopGuard, sameOrigin } from "./guard.ts";
import { readPageHead } from "./page_head.ts";

/** A raw Graph JSON object. */
export type GraphItem = Record<string, unknown>;

/** One GET. */
export interface GraphRequest {
  /** API version. */
  version: GraphVersion;
  /** Path after the version, starting with "/" (segments already encoded), e.g. `/auditLogs/signIns`. */
  path: string;
  /** OData query options by name (`$filter`, `$select`, `$top`); undefined/"" are left out. */
  query?: Partial<Record<"$filter" | "$select" | "$top" | "$orderby", string | number | undefined>>;
  /** Extra request headers, sent on every page (added to `Prefer: include-unknown-enum-members`). */
  headers?: Record<string, string>;
}

/** Headers sent on every Graph request. */
export const DEFAULT_GRAPH_HEADERS: Readonly<Record<string, string>> = {
  Prefer: "include-unknown-enum-members",
};

const ERROR_MAPPINGS = { XXX: createODataErrorFromDiscriminatorValue } as const;
const QUERY_KEYS = ["$filter", "$select", "$top", "$orderby"] as const;

function buildRequestInfo(req: GraphRequest, url: string | undefined): RequestInformation {
  let ri: RequestInformation;
  if (url !== undefined) {
    ri = new RequestInformation(HttpMethod.GET);
    ri.URL = url;
  } else {
    const present = QUERY_KEYS.filter((k) => req.query?.[k] !== undefined && req.query?.[k] !== "");
    const template = `{+baseurl}${req.path}` +
      (present.length ? `{?${present.map((k) => k.replace("$", "%24")).join(",")}}` : "");
    ri = new RequestInformation(HttpMethod.GET, template);
    for (const k of present) ri.queryParameters[k.replace("$", "%24")] = req.query?.[k];
  }
  ri.headers.add("Accept", "application/json");
  for (const [k, v] of Object.entries({ ...DEFAULT_GRAPH_HEADERS, ...req.headers })) ri.headers.add(k, v);
  return ri;
}

interface ApiErrorLike {
  responseStatusCode?: number;
  responseHeaders?: Record<string, string[]>;
  errorEscaped?: {
    code?: string | null;
    message?: string | null;
    innerError?: { requestId?: string | null; clientRequestId?: string | null } | null;
  } | null;
}

function header(h: Record<string, string[]> | undefined, name: string): string | undefined {
  const v = h?.[name]?.[0]?.trim();
  return v ? v : undefined;
}

/**
 * A copy of an error (and its causes) with every message redacted, for the `cause` of a
 * {@linkcode GraphError} (`--verbose` prints causes; the SDK's errors quote server text).
 */
function redactedCause(e: unknown, client: GraphClient, depth = 0): Error | undefined {
  if (!(e instanceof Error) || depth > 5) return undefined;
  // A JSON parser's message quotes the body (server text, maybe cut mid-secret): not kept.
  const copy = new Error(e instanceof SyntaxError ? "not valid JSON" : client.redact(e.message));
  copy.name = e.name;
  copy.stack = `${copy.name}: ${copy.message}`;
  const cause = redactedCause(e.cause, client, depth + 1);
  if (cause) copy.cause = cause;
  return copy;
}

function failureOf(e: unknown, endpoint: GraphErrorDetails["endpoint"], crid: string, client: GraphClient) {
  if (e instanceof GraphRefusal) {
    return {
      transient: false,
      details: {
        endpoint,
        status: e.status,
        clientRequestId: crid,
        refused: client.redact(e.message),
      } as GraphErrorDetails,
    };
  }
  if (e instanceof RequestTimeoutError) {
    return {
      transient: true,
      details: { endpoint, status: 0, clientRequestId: crid, detail: e.message } as GraphErrorDetails,
    };
  }
  const api = e as ApiErrorLike;
  if (typeof api?.responseStatusCode === "number") {
    const status = api.responseStatusCode;
    const details: GraphErrorDetails = { endpoint, status, clientRequestId: crid };
    const code = api.errorEscaped?.code ?? undefined;
    const message = api.errorEscaped?.message ?? undefined;
    const requestId = header(api.responseHeaders, "request-id") ?? api.errorEscaped?.innerError?.requestId ??
      undefined;
    if (code) details.code = client.redact(code);
    if (message) details.message = client.redact(message);
    if (requestId) details.requestId = client.redact(requestId);
    const retryAfter = retryAfterMs(header(api.responseHeaders, "retry-after"));
    if (retryAfter !== undefined) details.retryAfterMs = retryAfter;
    if (status === 429 || status === 503 || status === 504) details.attempts = client.retry.maxRetries + 1;
    return { transient: false, details };
  }
  // No response status: the connection failed, or the body could not be read.
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return {
    transient: true,
    details: { endpoint, status: 0, clientRequestId: crid, detail: client.redact(msg) } as GraphErrorDetails,
  };
}

const decoder = new TextDecoder();

/** A body the reader could not use: retried like a broken connection (status 200). */
class UnreadableBody extends Error {
  constructor(readonly detail: string, options?: ErrorOptions) {
    super(detail, options);
  }
}

/**
 * The detail of a body that is not valid JSON (never the parser's message: it quotes the body,
 * which is server text).
 *
 * @param bytes the body's size
 * @returns the detail
 */
export function invalidJsonDetail(bytes: number): string {
  return bytes ? `not valid JSON (${bytes} bytes)` : "empty body";
}

/**
 * GETs one Graph URL and hands the body to `read`; a `read` that throws is an unreadable body
 * (retried like a broken connection). The one retry loop of {@linkcode getGraphJson} and
 * {@linkcode getGraphBytes}.
 */
async function getGraphBody<T>(
  client: GraphClient,
  req: GraphRequest,
  url: string | undefined,
  read: (buf: ArrayBuffer | undefined, bytes: number, clientRequestId: string) => T,
): Promise<T> {
  const adapter = client.adapters[req.version];
  const endpoint = graphEndpointOf(url ?? req.path);
  for (let attempt = 1;; attempt++) {
    const crid = crypto.randomUUID();
    const ri = buildRequestInfo(req, url);
    ri.headers.add("client-request-id", crid);
    let failure: { transient: boolean; details: GraphErrorDetails };
    let cause: unknown;
    try {
      const buf = await adapter.sendPrimitive<ArrayBuffer>(ri, "ArrayBuffer", ERROR_MAPPINGS);
      const bytes = buf?.byteLength ?? 0;
      client.stats.bytes += bytes;
      try {
        return read(buf, bytes, crid);
      } catch (e) {
        cause = e instanceof UnreadableBody ? e.cause : e;
        failure = {
          transient: true,
          details: {
            endpoint,
            status: 200,
            clientRequestId: crid,
            detail: e instanceof UnreadableBody ? e.detail : invalidJsonDetail(bytes),
          },
        };
      }
    } catch (e) {
      if (e instanceof GraphAuthError) {
        // retrying will not help
        throw new GraphAuthError(client.redact(e.message), { cause: redactedCause(e.cause, client) });
      }
      cause = e;
      failure = failureOf(e, endpoint, crid, client);
    }
    if (failure.transient && attempt <= client.retry.transientRetries) {
      client.stats.retries++;
      const delay = client.retry.transientRetryDelayMs * attempt;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      continue;
    }
    if (failure.transient) failure.details.attempts = attempt;
    throw new GraphError(failure.details, { cause: redactedCause(cause, client) });
  }
}

/**
 * GETs one Graph URL (a request, or an absolute URL such as a nextLink) and returns the
 * parsed JSON body. Connection failures and unparsable bodies are retried
 * (`client.retry.transientRetries` times); HTTP errors become a {@linkcode GraphError}.
 *
 * @throws {GraphError} for failed requests; {@linkcode GraphAuthError} when no token could be had
 */
export function getGraphJson(
  client: GraphClient,
  req: GraphRequest,
  url?: string,
): Promise<unknown> {
  return getGraphBody(client, req, url, (buf, bytes) => JSON.parse(bytes ? decoder.decode(buf) : ""));
}

/**
 * GETs one Graph URL like {@linkcode getGraphJson} but returns the body's bytes, unread (to be
 * parsed elsewhere, e.g. in a worker). An empty body is retried as {@linkcode getGraphJson}
 * retries it.
 *
 * @throws {GraphError} for failed requests; {@linkcode GraphAuthError} when no token could be had
 */
export function getGraphBytes(
  client: GraphClient,
  req: GraphRequest,
  url?: string,
): Promise<{ body: ArrayBuffer; clientRequestId: string }> {
  return getGraphBody(client, req, url, (buf, bytes, clientRequestId) => {
    if (buf === undefined || bytes === 0) throw new UnreadableBody(invalidJsonDetail(0));
    return { body: buf, clientRequestId };
  });
}

/**
 * Iterates a Graph collection: yields each item of each page, following `@odata.nextLink`
 * until there is none. The next page is requested before this page's items are handed out,
 * so the network and the server work while the caller does (at most two pages in memory).
 * A nextLink to another origin than the client's Graph root is refused.
 *
 * @throws {GraphError} on a failed page or a page without a `value` array
 */
export async function* pageCollection(client: GraphClient, req: GraphRequest): AsyncGenerator<GraphItem> {
  const endpoint = graphEndpointOf(req.path);
  const loop = new PageLoopGuard(client.limits);
  const noop = () => {};
  let pending: Promise<unknown> = getGraphJson(client, req);
  try {
    for (;;) {
      const page = readCollectionPage(client, endpoint, await pending, loop);
      if (page.nextLink === undefined) {
        for (const item of page.items) yield item;
        return;
      }
      pending = getGraphJson(client, req, page.nextLink);
      pending.catch(noop); // surfaced by the await above; not unhandled if the caller stops early
      for (const item of page.items) yield item;
    }
  } finally {
    // If the caller stopped early, let the read-ahead request finish rather than leak it.
    await pending.catch(noop);
  }
}

/** One page of a collection, checked. */
export interface CollectionPage {
  /** The page's items. */
  items: GraphItem[];
  /** The next page's URL (on the Graph origin, not seen before); undefined on the last page. */
  nextLink: string | undefined;
}

/** What the pager checks of a page's body (all of it but the items), e.g. sent back by a worker that parsed it. */
export interface PageSkeleton {
  /** `typeof` the body, `"null"` for null. */
  type: string;
  /** The length of its `value` array; null when it has none. */
  items: number | null;
  /** Its `@odata.nextLink` when that is a non-empty string. */
  nextLink: string | undefined;
}

/**
 * The {@linkcode PageSkeleton} of a parsed page body.
 *
 * @param body the parsed body
 * @returns its type, item count and nextLink
 *
 * @example
 * ```ts
 * import { pageSkeleton } from "./request.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(pageSkeleton({ value: [{}, {}], "@odata.nextLink": "https://graph.microsoft.com/beta/x?$skiptoken=1" }),
 *   { type: "object", items: 2, nextLink: "https://graph.microsoft.com/beta/x?$skiptoken=1" });
 * assert.deepEqual(pageSkeleton(null), { type: "null", items: null, nextLink: undefined });
 * ```
 */
export function pageSkeleton(body: unknown): PageSkeleton {
  const b = body as Record<string, unknown> | null;
  const value = b?.value;
  const link = b?.["@odata.nextLink"];
  return {
    type: b === null ? "null" : typeof b,
    items: Array.isArray(value) ? value.length : null,
    nextLink: typeof link === "string" && link !== "" ? link : undefined,
  };
}

/**
 * Checks a collection page's body: a `value` array, and an `@odata.nextLink` (when there is
 * one) on exactly the client's Graph origin and not a repeat or one page too many (`loop`).
 * Every message is redacted.
 *
 * @throws {GraphError} when the page is not a collection, or its link is refused
 */
export function readCollectionPage(
  client: GraphClient,
  endpoint: GraphErrorDetails["endpoint"],
  body: unknown,
  loop: PageLoopGuard,
): CollectionPage {
  const nextLink = checkPageSkeleton(client, endpoint, pageSkeleton(body), loop);
  return { items: (body as { value: GraphItem[] }).value, nextLink };
}

/**
 * {@linkcode readCollectionPage}'s checks on a page's {@linkcode PageSkeleton}.
 *
 * @returns the next page's URL; undefined on the last page
 * @throws {GraphError} when the page is not a collection, or its link is refused
 */
export function checkPageSkeleton(
  client: GraphClient,
  endpoint: GraphErrorDetails["endpoint"],
  page: PageSkeleton,
  loop: PageLoopGuard,
): string | undefined {
  if (page.items === null) {
    throw new GraphError({
      endpoint,
      status: 200,
      detail: `expected a collection with a "value" array, got ${page.type}`,
    });
  }
  const nextLink = page.nextLink;
  if (nextLink !== undefined) checkGraphUrl(client, endpoint, nextLink, "@odata.nextLink");
  try {
    loop.page(page.items, nextLink);
  } catch (e) {
    if (e instanceof GraphRefusal) throw new GraphError({ endpoint, status: 200, refused: e.message });
    throw e;
  }
  return nextLink;
}

/** What a page parser ({@linkcode pageCollectionElsewhere}) says of a body. */
export type ParsedPage = { ok: true; page: PageSkeleton } | { ok: false; detail: string };

/**
 * Reads a Graph collection whose pages are parsed elsewhere (a worker): each body is fetched
 * here as bytes and handed to `parse`, which owns it from then on (it may transfer it) and
 * answers with the page's {@linkcode PageSkeleton} once the body is parsed (and goes on with
 * the page's items on its own). When the body's head gives the nextLink ({@linkcode readPageHead}:
 * Graph writes it before the items), the next page is requested at once, before the body is
 * handed on, so fetching and parsing overlap; the parser's skeleton must then agree with the
 * head. Otherwise the next page is requested when the skeleton comes. The checks, retries and
 * errors are {@linkcode pageCollection}'s, in the same order: a link is checked (origin, repeat,
 * page caps) before it is requested; a body `parse` cannot read is fetched again
 * (`client.retry.transientRetries` times; a page requested ahead from it is dropped), then a
 * {@linkcode GraphError}. At most two bodies are held here: the one being handed on and the next.
 *
 * @param client the client
 * @param req the collection's first request
 * @param parse parses a body (its items are the parser's business)
 * @returns the items read (pages' `value` lengths)
 * @throws {GraphError} on a failed page, a page without a `value` array or a refused link
 */
export async function pageCollectionElsewhere(
  client: GraphClient,
  req: GraphRequest,
  parse: (body: ArrayBuffer) => Promise<ParsedPage>,
): Promise<number> {
  const endpoint = graphEndpointOf(req.path);
  const loop = new PageLoopGuard(client.limits);
  const noop = () => {};
  let url: string | undefined;
  let items = 0;
  let attempt = 1;
  let pending = getGraphBytes(client, req, url);
  let ahead: Promise<{ body: ArrayBuffer; clientRequestId: string }> | null = null;
  try {
    for (;;) {
      const { body, clientRequestId } = await pending;
      const head = readPageHead(new Uint8Array(body));
      if (head !== null) {
        // the same checks as below, before the request
        checkPageSkeleton(client, endpoint, {
          type: "object",
          items: head.empty ? 0 : 1,
          nextLink: head.nextLink,
        }, loop);
        ahead = getGraphBytes(client, req, head.nextLink);
        ahead.catch(noop); // surfaced when awaited; not unhandled if this page fails
      }
      const parsed = await parse(body);
      if (!parsed.ok) {
        if (ahead !== null) {
          loop.undo();
          await ahead.catch(noop);
          ahead = null;
        }
        if (attempt <= client.retry.transientRetries) {
          client.stats.retries++;
          const delay = client.retry.transientRetryDelayMs * attempt++;
          if (delay > 0) await new Promise((r) => setTimeout(r, delay));
          pending = getGraphBytes(client, req, url);
          continue;
        }
        throw new GraphError(
          {
            endpoint: graphEndpointOf(url ?? req.path),
            status: 200,
            clientRequestId,
            detail: parsed.detail,
            attempts: attempt,
          },
          { cause: redactedCause(new SyntaxError("not valid JSON"), client) },
        );
      }
      const page = parsed.page;
      if (head !== null) {
        if (page.items === null || page.nextLink !== head.nextLink || (page.items === 0) !== head.empty) {
          throw new GraphError({
            endpoint,
            status: 200,
            detail: "the page's head and its whole body disagree (a member given twice?)",
          });
        }
        url = head.nextLink;
      } else url = checkPageSkeleton(client, endpoint, page, loop);
      items += page.items ?? 0;
      if (url === undefined) return items;
      pending = ahead ?? getGraphBytes(client, req, url);
      ahead = null;
      attempt = 1;
    }
  } finally {
    // If this stopped early, let the read-ahead request finish rather than leak it.
    await ahead?.catch(noop);
  }
}

/**
 * Refuses a URL the client would send its token to (a nextLink from a response or from a
 * checkpoint file) unless it is on exactly the client's Graph origin (scheme, host, port).
 *
 * @param what where the URL came from, for the message (e.g. `@odata.nextLink`)
 * @throws {GraphError} (refused) naming the origin, with the URL redacted
 */
export function checkGraphUrl(
  client: GraphClient,
  endpoint: GraphErrorDetails["endpoint"],
  url: string,
  what: string,
): void {
  const origin = new URL(client.endpoint.root).origin;
  if (sameOrigin(url, origin)) return;
  let shown = "an unreadable URL";
  try {
    shown = new URL(url).origin;
  } catch { /* keep */ }
  throw new GraphError({
    endpoint,
    status: 200,
    refused: client.redact(`${what} points to ${shown}, not the Graph origin ${origin}`),
  });
}
