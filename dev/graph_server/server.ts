/**
 * A local, in-process, Graph-compatible HTTP server (127.0.0.1 only) that serves a
 * {@linkcode GraphDataset} on v1.0 and beta paths with Graph's JSON shapes, `@odata.context`,
 * opaque `$skiptoken` paging, `$top`, `$select`, the `$filter` forms the client sends, Graph-style
 * errors, and optional throttling, latency, licence/permission behaviour and injected faults.
 * The demo and the tests read "Graph" through it.
 *
 * This file holds the settings, the counters and the request loop; the parts live beside it:
 * `router.ts` (method, version, path, query options), `collection_page.ts` with one handler per
 * resource family under `handlers/`, `fault_apply.ts` (every injected fault), `throttle.ts`,
 * `reply.ts` and `skip_token.ts`.
 *
 * @module
 */
import type { GraphDataset } from "../sample/dataset.ts";
import { CollectionPages } from "./collection_page.ts";
import { faultInstead, faultReply, toResponse } from "./fault_apply.ts";
import { type Fault, faultFor, type FaultKind, type FaultPlan } from "./faults.ts";
import { GRAPH_ERROR_REPLIES, odataErrorBody } from "./odata_error.ts";
import { errorReply, HttpReply, JSON_TYPE, type ReplyIds } from "./reply.ts";
import { routeRequest } from "./router.ts";
import { createThrottle } from "./throttle.ts";

export { decodeSkipToken, encodeSkipToken, type PageQuery } from "./skip_token.ts";

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
  /**
   * App has Policy.Read.All (default true); false → `appliedConditionalAccessPolicies` left out
   * and `/users/{id}/authentication/requirements` answers 403.
   */
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
  const recordLimit = options.recordLimit ?? 1000;
  const stats: GraphServerStats = {
    requests: 0,
    byStatus: {},
    faults: 0,
    throttled: 0,
    items: 0,
    recorded: [],
  };
  const throttled = createThrottle(options.throttle);
  const pages = new CollectionPages({ caVisible: options.caVisible ?? true, pageSize: options.pageSize });
  if (options.warm) pages.warm({ collection: "signIns", items: dataset.signIns, context: "" }, "beta");
  let origin = "";

  /** The reply to a request that reached the server's logic (fault, throttle, token, route, page). */
  const handle = (
    req: Request,
    ids: ReplyIds,
    n: number,
    fault: Fault | undefined,
    retryAfter: number | undefined,
  ): HttpReply | { reply: HttpReply; items: number } => {
    const faulted = fault && faultReply(fault, req, ids, n);
    if (faulted) return faulted;
    if (retryAfter !== undefined) {
      stats.throttled++;
      return errorReply({ ...GRAPH_ERROR_REPLIES.throttled, retryAfterSeconds: retryAfter }, ids);
    }
    const refused = tokenReply(req, options, ids);
    if (refused) return refused;
    const routed = routeRequest(req, dataset, { premium, policyRead: options.caVisible ?? true });
    if (routed.kind === "error") return errorReply(routed.error, ids);
    if (routed.kind === "entity") {
      const context = `${origin}/${routed.version}/$metadata#${routed.context}`;
      return new HttpReply(200, JSON.stringify({ "@odata.context": context, ...routed.body }));
    }
    return pages.serve(routed.page, origin, ids);
  };

  const count = (rec: RecordedRequest, status: number) => {
    rec.status = status;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  };

  const handler = async (req: Request): Promise<Response> => {
    const n = ++stats.requests;
    const ids: ReplyIds = {
      requestId: crypto.randomUUID(),
      crid: req.headers.get("client-request-id") ?? crypto.randomUUID(),
    };
    const url = new URL(req.url);
    const rec = recordOf(req, n, ids.requestId);
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
    const instead = await faultInstead(fault, req, ids);
    if (instead) {
      if (instead.status !== undefined) count(rec, instead.status);
      return instead.response;
    }
    const out = handle(req, ids, n, fault, retryAfter);
    const reply = out instanceof HttpReply ? out : out.reply;
    if (!(out instanceof HttpReply)) {
      rec.items = out.items;
      stats.items += out.items;
    }
    count(rec, reply.status);
    return toResponse(req, reply, ids, fault);
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

/** The 401 for a missing or refused bearer token, when the server checks tokens. */
function tokenReply(
  req: Request,
  options: Pick<GraphServerOptions, "token" | "acceptToken">,
  ids: ReplyIds,
): HttpReply | undefined {
  if (options.token === undefined && options.acceptToken === undefined) return undefined;
  const auth = req.headers.get("authorization");
  if (!auth) return errorReply(GRAPH_ERROR_REPLIES.tokenMissing, ids);
  const bearer = /^Bearer (\S+)$/.exec(auth)?.[1];
  const ok = bearer !== undefined &&
    (bearer === options.token || (options.acceptToken?.(bearer) ?? false));
  return ok ? undefined : errorReply(GRAPH_ERROR_REPLIES.tokenInvalid, ids);
}

/** A new record of request number `n` (status and items filled in when answered). */
function recordOf(req: Request, n: number, requestId: string): RecordedRequest {
  return {
    n,
    method: req.method,
    url: req.url,
    headers: Object.fromEntries(req.headers),
    status: 0,
    items: 0,
    requestId,
    at: performance.now(),
  };
}
