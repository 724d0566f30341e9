/**
 * A local, in-process, Graph-compatible HTTP server (127.0.0.1 only) that serves a
 * {@linkcode GraphDataset} on v1.0 and beta paths with Graph's JSON shapes, `@odata.context`,
 * opaque `$skiptoken` paging, `$top`, `$select`, the `$filter` forms the client sends, Graph-style
 * errors, and optional throttling, latency, licence/permission behaviour and injected faults.
 * The demo and the tests read "Graph" through it.
 *
 * @module
 */
import type { GraphDataset, GraphObject } from "../sample/dataset.ts";
import {
  COLLECTION_SPECS,
  type CollectionRoute,
  routeCollection,
  signInEventTypesOf,
  V1_SIGN_IN_PROPERTIES,
} from "./collections.ts";
import { type Fault, faultFor, type FaultKind, type FaultPlan } from "./faults.ts";
import { parseFilter } from "./filter.ts";
import { GRAPH_ERROR_REPLIES, type GraphErrorReply, odataErrorBody } from "./odata_error.ts";

/** Server settings. */
export interface GraphServerOptions {
  /** What to serve. */
  dataset: GraphDataset;
  /** Port on 127.0.0.1 (default 0: a free port). */
  port?: number;
  /** Largest page the server returns, whatever `$top` says (default: Graph's per collection). */
  pageSize?: number;
  /** Expected bearer token; when set, other or missing tokens get 401 InvalidAuthenticationToken. */
  token?: string;
  /**
   * Accepts a bearer token (e.g. the local identity server's `acceptsToken`); when set (alone or
   * with `token`), a token neither matches gets 401 InvalidAuthenticationToken.
   */
  acceptToken?: (token: string) => boolean;
  /**
   * Throttling: more than `requests` arriving in any `windowMs` → 429 with Retry-After (sent at
   * once, without `latencyMs`; requests that got a 429 do not count).
   */
  throttle?: { requests: number; windowMs: number; retryAfterSeconds?: number };
  /** Faults injected into chosen requests. */
  faults?: FaultPlan;
  /** Delay before each response, ms. */
  latencyMs?: number;
  /** Tenant has Entra ID P1/P2 (default true); false → sign-ins and registration details 403. */
  premium?: boolean;
  /** App has Policy.Read.All (default true); false → `appliedConditionalAccessPolicies` left out. */
  caVisible?: boolean;
  /** How many requests to keep in `stats.recorded` (default 1000; older ones dropped). */
  recordLimit?: number;
  /** Serialise every beta sign-in at start so pages are served from the cache (for benchmarks). */
  warm?: boolean;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  /** 1-based request number. */
  n: number;
  /** HTTP method. */
  method: string;
  /** Full URL. */
  url: string;
  /** Request headers, lowercase names. */
  headers: Record<string, string>;
  /** Status sent. */
  status: number;
  /** Injected fault, if any. */
  fault?: FaultKind;
  /** Items in the page sent. */
  items: number;
  /** `request-id` sent back. */
  requestId: string;
  /** When it arrived (`performance.now()`, ms). */
  at: number;
}

/** Server counters. */
export interface GraphServerStats {
  /** Requests received. */
  requests: number;
  /** Responses by status. */
  byStatus: Record<number, number>;
  /** Faults injected. */
  faults: number;
  /** 429s sent by the throttle (not by faults). */
  throttled: number;
  /** Items sent in pages. */
  items: number;
  /** The last `recordLimit` requests. */
  recorded: RecordedRequest[];
}

/** A running server. */
export interface GraphServer {
  /** Base URL without version, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Counters and recorded requests. */
  stats: GraphServerStats;
  /** Stops the server. */
  close(): Promise<void>;
}

const JSON_TYPE =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
const encoder = new TextEncoder();

/** A page position, as a `$skiptoken` carries it. */
export interface PageQuery {
  /** `$filter` of the first request ("" for none). */
  filter: string;
  /** `$select` of the first request ("" for none). */
  select: string;
  /** `$top` of the first request. */
  top: number | undefined;
  /** Index of the page's first item. */
  offset: number;
}

function b64url(s: string): string {
  const bytes = encoder.encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function unb64url(s: string): string {
  const bin = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/**
 * Encodes a page position as an opaque `$skiptoken` (base64url; no braces or reserved characters).
 *
 * @example
 * ```ts
 * import { decodeSkipToken, encodeSkipToken } from "./server.ts";
 * import assert from "node:assert/strict";
 * const q = { filter: "userPrincipalName eq 'o''brien@contoso.example'", select: "", top: 5, offset: 10 };
 * const t = encodeSkipToken(q);
 * assert.match(t, /^[A-Za-z0-9_-]+$/);
 * assert.deepEqual(decodeSkipToken(t), q);
 * assert.equal(decodeSkipToken("nope"), undefined);
 * ```
 */
export function encodeSkipToken(q: PageQuery): string {
  return b64url(JSON.stringify([q.filter, q.select, q.top ?? null, q.offset]));
}

/** Decodes {@linkcode encodeSkipToken}; undefined when the token is not one. */
export function decodeSkipToken(token: string): PageQuery | undefined {
  try {
    const v = JSON.parse(unb64url(token));
    if (
      Array.isArray(v) && v.length === 4 && typeof v[0] === "string" && typeof v[1] === "string" &&
      (v[2] === null || Number.isInteger(v[2])) && Number.isInteger(v[3]) && v[3] >= 0
    ) {
      return { filter: v[0], select: v[1], top: v[2] ?? undefined, offset: v[3] };
    }
  } catch { /* fall through */ }
  return undefined;
}

const COMMA = 0x2c;
const TAIL = encoder.encode("]}");

/** head + items joined with commas + tail, as one byte array. */
function joinJson(head: Uint8Array, items: readonly Uint8Array[], tail: Uint8Array): Uint8Array<ArrayBuffer> {
  let length = head.length + tail.length + Math.max(0, items.length - 1);
  for (const it of items) length += it.length;
  const out = new Uint8Array(length);
  out.set(head, 0);
  let at = head.length;
  items.forEach((it, i) => {
    if (i > 0) out[at++] = COMMA;
    out.set(it, at);
    at += it.length;
  });
  out.set(tail, at);
  return out;
}

class HttpReply {
  constructor(
    readonly status: number,
    readonly body: string | Uint8Array<ArrayBuffer>,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * Starts the server on 127.0.0.1.
 *
 * @example Paging users three at a time
 * ```ts
 * import { startGraphServer } from "./server.ts";
 * import assert from "node:assert/strict";
 * const users = Array.from({ length: 7 }, (_, i) => ({ id: `u${i}`, userPrincipalName: `user${i}@contoso.example` }));
 * const server = await startGraphServer({ dataset: { tenantId: "t", domain: "contoso.example", users,
 *   registrationDetails: [], authenticationMethods: {}, conditionalAccessPolicies: [], signIns: [] }, pageSize: 3 });
 * try {
 *   let url: string | undefined = `${server.url}/v1.0/users?$select=id`;
 *   const ids: unknown[] = [];
 *   while (url) {
 *     const page = await (await fetch(url)).json();
 *     for (const u of page.value) ids.push(u.id);
 *     url = page["@odata.nextLink"];
 *   }
 *   assert.deepEqual(ids, users.map((u) => u.id));
 *   assert.equal(server.stats.requests, 3);
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export function startGraphServer(options: GraphServerOptions): Promise<GraphServer> {
  const { dataset } = options;
  const premium = options.premium ?? true;
  const caVisible = options.caVisible ?? true;
  const recordLimit = options.recordLimit ?? 1000;
  const stats: GraphServerStats = {
    requests: 0,
    byStatus: {},
    faults: 0,
    throttled: 0,
    items: 0,
    recorded: [],
  };
  const sent: number[] = [];
  const filtered = new Map<string, GraphObject[]>();
  // createdDateTime (ms) of each item of a collection, when the collection is newest first
  // (as Graph serves sign-ins): a date-range filter then only looks at the items in range.
  const newestFirstIndex = new WeakMap<readonly GraphObject[], Float64Array | null>();
  const newestFirstSlice = (
    all: readonly GraphObject[],
    b: { min: number; max: number },
  ): readonly GraphObject[] => {
    let index = newestFirstIndex.get(all);
    if (index === undefined) {
      index = new Float64Array(all.length);
      for (let k = 0; k < all.length; k++) {
        const v = all[k]?.createdDateTime;
        const ms = typeof v === "string" ? Date.parse(v) : NaN;
        if (Number.isNaN(ms) || (k > 0 && ms > (index[k - 1] as number))) {
          index = null;
          break;
        }
        index[k] = ms;
      }
      newestFirstIndex.set(all, index);
    }
    if (index === null) return all;
    // First position with ms ≤ max, and first with ms < min (descending order).
    const firstAtOrBelow = (x: number, strict: boolean) => {
      let lo = 0;
      let hi = index.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const v = index[mid] as number;
        if (strict ? v < x : v <= x) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    return all.slice(firstAtOrBelow(b.max, false), firstAtOrBelow(b.min, true));
  };
  let origin = "";

  const errorReply = (e: GraphErrorReply, requestId: string, crid: string): HttpReply => {
    const headers: Record<string, string> = {};
    if (e.retryAfterSeconds !== undefined) headers["Retry-After"] = String(e.retryAfterSeconds);
    return new HttpReply(e.status, odataErrorBody(e.code, e.message, requestId, crid, new Date()), headers);
  };
  const badRequest = (message: string) => ({ status: 400, code: "BadRequest", message });

  const throttled = (): number | undefined => {
    const t = options.throttle;
    if (!t) return undefined;
    const now = performance.now();
    while (sent.length > 0 && (sent[0] as number) <= now - t.windowMs) sent.shift();
    if (sent.length >= t.requests) {
      return t.retryAfterSeconds ?? Math.max(1, Math.ceil(((sent[0] as number) + t.windowMs - now) / 1000));
    }
    sent.push(now);
    return undefined;
  };

  const transformer = (route: CollectionRoute, version: string, select: string[]) => {
    const steps: ((o: GraphObject) => GraphObject)[] = [];
    if (route.collection === "signIns") {
      if (version === "v1.0") {
        steps.push((o) => {
          const out: GraphObject = {};
          for (const k in o) if (V1_SIGN_IN_PROPERTIES.has(k)) out[k] = o[k];
          return out;
        });
      }
      if (!caVisible) {
        steps.push((o) => {
          if (!Object.hasOwn(o, "appliedConditionalAccessPolicies")) return o;
          const { appliedConditionalAccessPolicies: _, ...rest } = o;
          return rest;
        });
      }
    }
    if (route.collection === "registrationDetails" && version === "v1.0") {
      steps.push((o) => {
        if (!Object.hasOwn(o, "defaultMfaMethod")) return o;
        const { defaultMfaMethod: _, ...rest } = o;
        return rest;
      });
    }
    if (select.length > 0) {
      steps.push((o) => {
        const out: GraphObject = {};
        for (const k of select) if (Object.hasOwn(o, k)) out[k] = o[k];
        return out;
      });
    }
    return steps.length === 0 ? undefined : (o: GraphObject) => steps.reduce((acc, f) => f(acc), o);
  };

  // Each item's JSON as UTF-8 bytes, per output variant (collection, version, $select), computed once.
  const itemJson = new Map<string, WeakMap<GraphObject, Uint8Array>>();
  const serialiseItems = (
    route: CollectionRoute,
    version: string,
    select: string[],
    page: readonly GraphObject[],
  ) => {
    const key = `${route.collection}|${version}|${select.join(",")}`;
    let cache = itemJson.get(key);
    if (!cache) itemJson.set(key, cache = new WeakMap());
    const t = transformer(route, version, select);
    return page.map((o) => {
      let json = cache.get(o);
      if (json === undefined) {
        json = encoder.encode(JSON.stringify(t ? t(o) : o));
        cache.set(o, json);
      }
      return json;
    });
  };
  if (options.warm) {
    serialiseItems(
      { collection: "signIns", items: dataset.signIns, context: "" },
      "beta",
      [],
      dataset.signIns,
    );
  }

  const servePage = (
    route: CollectionRoute,
    version: string,
    path: string,
    q: PageQuery,
    requestId: string,
    crid: string,
  ): HttpReply | { reply: HttpReply; items: number } => {
    const spec = COLLECTION_SPECS[route.collection];
    if (q.filter !== "" && route.collection !== "signIns" && spec.rules.eq.length === 0) {
      return errorReply(
        badRequest(`Invalid filter clause: $filter is not supported on this resource.`),
        requestId,
        crid,
      );
    }
    if (q.select !== "" && !spec.select) {
      return errorReply(
        badRequest("Query option '$select' is not allowed on this resource."),
        requestId,
        crid,
      );
    }
    if (q.top !== undefined && (q.top < 1 || q.top > spec.maxTop)) {
      return errorReply(
        badRequest(
          `Invalid page size specified: '${q.top}'. Must be between 1 and ${spec.maxTop} inclusive.`,
        ),
        requestId,
        crid,
      );
    }
    const select = q.select === "" ? [] : q.select.split(",").map((s) => s.trim()).filter((s) => s !== "");
    for (const s of select) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) {
        return errorReply(
          badRequest(`Parsing OData Select and Expand failed: Term '${s}' is not valid.`),
          requestId,
          crid,
        );
      }
    }
    const key = `${version}|${path.toLowerCase()}|${q.filter}`;
    let items = filtered.get(key);
    if (items) {
      // Least recently used goes first: keep the filters of the cursors still paging.
      filtered.delete(key);
      filtered.set(key, items);
    } else {
      let matches: ((o: GraphObject) => boolean) | undefined;
      let eventFilter = false;
      let parsedBounds: Record<string, { min: number; max: number }> | undefined;
      if (q.filter !== "") {
        const parsed = parseFilter(q.filter, spec.rules);
        if (parsed.kind === "error") return errorReply(badRequest(parsed.message), requestId, crid);
        matches = parsed.filter.matches;
        parsedBounds = parsed.filter.dateBounds;
        eventFilter = parsed.filter.anyProperties.includes("signInEventTypes");
        if (eventFilter && version === "v1.0") {
          return errorReply(
            badRequest(
              "Invalid filter clause: Could not find a property named 'signInEventTypes' on type 'microsoft.graph.signIn'.",
            ),
            requestId,
            crid,
          );
        }
      }
      const m = matches;
      const interactiveOnly = route.collection === "signIns" && !eventFilter;
      const bounds = parsedBounds?.createdDateTime;
      const candidates = bounds ? newestFirstSlice(route.items, bounds) : route.items;
      items = candidates.filter((o) =>
        (!interactiveOnly || signInEventTypesOf(o).includes("interactiveUser")) && (m === undefined || m(o))
      );
      if (filtered.size >= 64) filtered.delete(filtered.keys().next().value as string);
      filtered.set(key, items);
    }
    const size = Math.min(q.top ?? spec.defaultPage, options.pageSize ?? spec.maxTop);
    const page = items.slice(q.offset, q.offset + size);
    const value = serialiseItems(route, version, select, page);
    const context = `${origin}/${version}/$metadata#${route.context}${
      select.length ? `(${select.join(",")})` : ""
    }`;
    let head = `{"@odata.context":${JSON.stringify(context)},`;
    if (q.offset + size < items.length) {
      const next = `${origin}/${version}${path}?$skiptoken=${
        encodeSkipToken({ ...q, offset: q.offset + size })
      }`;
      head += `"@odata.nextLink":${JSON.stringify(next)},`;
    }
    const body = joinJson(encoder.encode(`${head}"value":[`), value, TAIL);
    return { reply: new HttpReply(200, body), items: page.length };
  };

  const handle = (
    req: Request,
    requestId: string,
    crid: string,
    fault: Fault | undefined,
    retryAfter: number | undefined,
  ) => {
    if (fault) {
      switch (fault.kind) {
        case "throttled":
        case "serviceUnavailable":
        case "gatewayTimeout": {
          const base = GRAPH_ERROR_REPLIES[fault.kind];
          if (fault.retryAfterHeader !== undefined) {
            const r = errorReply(base, requestId, crid);
            return new HttpReply(r.status, r.body, { ...r.headers, "Retry-After": fault.retryAfterHeader });
          }
          const ra = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
          return errorReply(ra === null ? base : { ...base, retryAfterSeconds: ra }, requestId, crid);
        }
        case "echoToken": {
          const token = (req.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
          if (fault.where === "nextLink") {
            const link = `http://127.0.0.1:1/v1.0/users?$skiptoken=${token}`;
            return new HttpReply(200, JSON.stringify({ value: [], "@odata.nextLink": link }));
          }
          const e = GRAPH_ERROR_REPLIES.accessDenied;
          if (fault.where === "innerError") {
            return new HttpReply(e.status, odataErrorBody(e.code, e.message, token, crid, new Date()));
          }
          return new HttpReply(e.status, odataErrorBody(e.code, e.message, requestId, crid, new Date()), {
            "request-id": token,
          });
        }
        case "endlessEmptyPages": {
          const u = new URL(req.url);
          const link = `${u.origin}${u.pathname}?$skiptoken=empty${stats.requests}`;
          return new HttpReply(200, JSON.stringify({ value: [], "@odata.nextLink": link }));
        }
        case "redirect":
          return new HttpReply(fault.status ?? 302, "", { Location: fault.location });
        case "hang":
        case "gzipBomb":
        case "repeatNextLink":
          break; // handled in handler() / respond()
        case "tokenExpired":
        case "licenceRequired":
        case "accessDenied":
          return errorReply(GRAPH_ERROR_REPLIES[fault.kind], requestId, crid);
        case "connectionReset":
        case "truncatedJson":
          break; // applied to the normal response
      }
    }
    if (retryAfter !== undefined) {
      stats.throttled++;
      return errorReply({ ...GRAPH_ERROR_REPLIES.throttled, retryAfterSeconds: retryAfter }, requestId, crid);
    }
    if (options.token !== undefined || options.acceptToken !== undefined) {
      const auth = req.headers.get("authorization");
      if (!auth) return errorReply(GRAPH_ERROR_REPLIES.tokenMissing, requestId, crid);
      const bearer = /^Bearer (\S+)$/.exec(auth)?.[1];
      const ok = bearer !== undefined &&
        (bearer === options.token || (options.acceptToken?.(bearer) ?? false));
      if (!ok) return errorReply(GRAPH_ERROR_REPLIES.tokenInvalid, requestId, crid);
    }
    if (req.method !== "GET") {
      return errorReply(
        {
          status: 405,
          code: "Request_BadRequest",
          message: `The HTTP method '${req.method}' is not allowed.`,
        },
        requestId,
        crid,
      );
    }
    const url = new URL(req.url);
    const vm = /^\/(v1\.0|beta)(\/.*)?$/.exec(url.pathname);
    if (!vm) {
      return errorReply(
        { status: 404, code: "Request_ResourceNotFound", message: "Invalid version: expected v1.0 or beta." },
        requestId,
        crid,
      );
    }
    const version = vm[1] as string;
    const path = vm[2] ?? "/";
    const routed = routeCollection(dataset, path);
    if (routed.kind === "notFound") {
      return errorReply(
        { status: 404, code: "Request_ResourceNotFound", message: routed.message },
        requestId,
        crid,
      );
    }
    const route = routed.route;
    if (COLLECTION_SPECS[route.collection].premium && !premium) {
      return errorReply(GRAPH_ERROR_REPLIES.licenceRequired, requestId, crid);
    }
    for (const k of url.searchParams.keys()) {
      if (k.startsWith("$") && !["$filter", "$select", "$top", "$skiptoken"].includes(k)) {
        return errorReply(
          badRequest(`Query option '${k}' is not supported by this server.`),
          requestId,
          crid,
        );
      }
    }
    let q: PageQuery;
    const skip = url.searchParams.get("$skiptoken");
    if (skip !== null) {
      const d = decodeSkipToken(skip);
      if (!d) return errorReply(badRequest("Invalid $skiptoken value."), requestId, crid);
      q = d;
    } else {
      const topRaw = url.searchParams.get("$top");
      let top: number | undefined;
      if (topRaw !== null) {
        top = Number(topRaw);
        if (!/^\d+$/.test(topRaw)) {
          return errorReply(badRequest(`Invalid value '${topRaw}' for $top.`), requestId, crid);
        }
      }
      q = {
        filter: (url.searchParams.get("$filter") ?? "").trim(),
        select: (url.searchParams.get("$select") ?? "").trim(),
        top,
        offset: 0,
      };
    }
    return servePage(route, version, path, q, requestId, crid);
  };

  const respond = (
    req: Request,
    reply: HttpReply,
    requestId: string,
    crid: string,
    fault: Fault | undefined,
  ): Response => {
    if (fault?.kind === "repeatNextLink" && reply.status === 200) {
      // The normal page, pointing back to itself.
      const text = typeof reply.body === "string" ? reply.body : new TextDecoder().decode(reply.body);
      reply = new HttpReply(
        200,
        JSON.stringify({ ...JSON.parse(text), "@odata.nextLink": req.url }),
        reply.headers,
      );
    }
    const headers = new Headers({
      "content-type": JSON_TYPE,
      "request-id": requestId,
      "client-request-id": crid,
    });
    for (const [k, v] of Object.entries(reply.headers)) headers.set(k, v);
    // The body's innerError.request-id is then the only request id the client sees.
    if (fault?.kind === "echoToken" && fault.where === "innerError") headers.delete("request-id");
    if (reply.status >= 300 && reply.status < 400) {
      return new Response(null, { status: reply.status, headers });
    }
    const bytes = typeof reply.body === "string" ? encoder.encode(reply.body) : reply.body;
    if (fault?.kind === "truncatedJson") {
      return new Response(bytes.subarray(0, Math.floor(bytes.length / 2)), { status: reply.status, headers });
    }
    if (fault?.kind === "connectionReset") {
      const half = bytes.subarray(0, Math.floor(bytes.length / 2));
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(half);
        },
        pull(c) {
          c.error(new Error("injected connection reset"));
        },
      });
      return new Response(stream, { status: reply.status, headers });
    }
    return new Response(bytes, { status: reply.status, headers });
  };

  // The compressed bomb per decoded size, made once.
  const bombs = new Map<number, Promise<Uint8Array<ArrayBuffer>>>();
  const bomb = (decoded: number) => {
    let b = bombs.get(decoded);
    if (!b) {
      const chunk = new Uint8Array(1 << 20).fill(0x20);
      let left = decoded;
      const source = new ReadableStream<BufferSource>({
        pull(c) {
          if (left <= 0) return c.close();
          const n = Math.min(left, chunk.length);
          left -= n;
          c.enqueue(chunk.subarray(0, n));
        },
      });
      b = new Response(source.pipeThrough(new CompressionStream("gzip"))).arrayBuffer().then((x) =>
        new Uint8Array(x)
      );
      bombs.set(decoded, b);
    }
    return b;
  };

  const handler = async (req: Request): Promise<Response> => {
    const n = ++stats.requests;
    const requestId = crypto.randomUUID();
    const crid = req.headers.get("client-request-id") ?? crypto.randomUUID();
    const url = new URL(req.url);
    const rec: RecordedRequest = {
      n,
      method: req.method,
      url: req.url,
      headers: Object.fromEntries(req.headers),
      status: 0,
      items: 0,
      requestId,
      at: performance.now(),
    };
    stats.recorded.push(rec);
    if (stats.recorded.length > recordLimit) stats.recorded.shift();
    // Throttling is decided on arrival, as Graph's gateway does; a 429 comes back at once.
    const retryAfter = throttled();
    if (options.latencyMs && retryAfter === undefined) {
      await new Promise((r) => setTimeout(r, options.latencyMs));
    }
    const path = url.pathname.replace(/^\/(v1\.0|beta)/, "");
    const fault = faultFor(options.faults, { n, url, path, headers: req.headers });
    if (fault) {
      stats.faults++;
      rec.fault = fault.kind;
    }
    if (fault?.kind === "hang") {
      // Never answers; the client's time-out ends the request (the server sees the abort).
      await new Promise<void>((resolve) =>
        req.signal.addEventListener("abort", () => resolve(), { once: true })
      );
      return new Response(null, { status: 499 });
    }
    if (fault?.kind === "gzipBomb") {
      rec.status = 200;
      stats.byStatus[200] = (stats.byStatus[200] ?? 0) + 1;
      return new Response(await bomb(fault.decodedBytes), {
        status: 200,
        headers: { "content-type": JSON_TYPE, "content-encoding": "gzip", "request-id": requestId },
      });
    }
    const out = handle(req, requestId, crid, fault, retryAfter);
    const reply = out instanceof HttpReply ? out : out.reply;
    if (!(out instanceof HttpReply)) {
      rec.items = out.items;
      stats.items += out.items;
    }
    rec.status = reply.status;
    stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
    return respond(req, reply, requestId, crid, fault);
  };

  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port ?? 0,
      onListen: (addr) => {
        origin = `http://127.0.0.1:${addr.port}`;
        resolve({
          url: origin,
          stats,
          close: async () => {
            await server.shutdown();
          },
        });
      },
      onError: (e) => {
        const message = e instanceof Error ? e.message : String(e);
        return new Response(
          odataErrorBody("InternalServerError", message, crypto.randomUUID(), "", new Date()),
          {
            status: 500,
            headers: { "content-type": JSON_TYPE },
          },
        );
      },
    }, handler);
  });
}
