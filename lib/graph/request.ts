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
import { graphEndpointOf, GraphError, type GraphErrorDetails } from "./graph_error.ts";
import { GraphAuthError } from "./token_provider.ts";

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

function failureOf(e: unknown, endpoint: GraphErrorDetails["endpoint"], crid: string, client: GraphClient) {
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
    if (requestId) details.requestId = requestId;
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
            detail: bytes ? `not valid JSON: ${(e as Error).message}, ${bytes} bytes` : "empty body",
          },
        };
      }
    } catch (e) {
      if (e instanceof GraphAuthError) {
        throw new GraphAuthError(client.redact(e.message), { cause: e.cause }); // retrying will not help
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
    throw new GraphError(failure.details, { cause });
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
  const origin = new URL(client.endpoint.root).origin;
  const endpoint = graphEndpointOf(req.path);
  const noop = () => {};
  let pending: Promise<unknown> = getGraphJson(client, req);
  try {
    for (;;) {
      const body = await pending as Record<string, unknown> | null;
      const value = body?.value;
      if (!Array.isArray(value)) {
        throw new GraphError({
          endpoint,
          status: 200,
          detail: `expected a collection with a "value" array, got ${body === null ? "null" : typeof body}`,
        });
      }
      const link = body?.["@odata.nextLink"];
      if (typeof link !== "string" || link === "") {
        for (const item of value) yield item as GraphItem;
        return;
      }
      let linkOrigin = "";
      try {
        linkOrigin = new URL(link).origin;
      } catch { /* not a URL */ }
      if (linkOrigin !== origin) {
        throw new GraphError({
          endpoint,
          status: 200,
          detail: `@odata.nextLink points to ${JSON.stringify(link)}, not the Graph host ${origin}`,
        });
      }
      pending = getGraphJson(client, req, link);
      pending.catch(noop); // surfaced by the await above; not unhandled if the caller stops early
      for (const item of value) yield item as GraphItem;
    }
  } finally {
    // If the caller stopped early, let the read-ahead request finish rather than leak it.
    await pending.catch(noop);
  }
}
