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

/**
 * GETs one Graph URL (a request, or an absolute URL such as a nextLink) and returns the
 * parsed JSON body. Connection failures and unparsable bodies are retried
 * (`client.retry.transientRetries` times); HTTP errors become a {@linkcode GraphError}.
 *
 * @throws {GraphError} for failed requests; {@linkcode GraphAuthError} when no token could be had
 */
export async function getGraphJson(
  client: GraphClient,
  req: GraphRequest,
  url?: string,
): Promise<unknown> {
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
        return JSON.parse(bytes ? decoder.decode(buf) : "");
      } catch (e) {
        cause = e;
        failure = {
          transient: true,
          details: {
            endpoint,
            status: 200,
            clientRequestId: crid,
            // Not the parser's message: it quotes the body, which is server text.
            detail: bytes ? `not valid JSON (${bytes} bytes)` : "empty body",
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
  const b = body as Record<string, unknown> | null;
  const value = b?.value;
  if (!Array.isArray(value)) {
    throw new GraphError({
      endpoint,
      status: 200,
      detail: `expected a collection with a "value" array, got ${b === null ? "null" : typeof b}`,
    });
  }
  const link = b?.["@odata.nextLink"];
  const nextLink = typeof link === "string" && link !== "" ? link : undefined;
  if (nextLink !== undefined) checkGraphUrl(client, endpoint, nextLink, "@odata.nextLink");
  try {
    loop.page(value.length, nextLink);
  } catch (e) {
    if (e instanceof GraphRefusal) throw new GraphError({ endpoint, status: 200, refused: e.message });
    throw e;
  }
  return { items: value as GraphItem[], nextLink };
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
