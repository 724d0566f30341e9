/**
 * The local Graph server's router: the method, the version (`v1.0` or `beta`), the path to a
 * collection (via {@linkcode routeCollection}), the licence it needs, the query options
 * (`$filter`, `$select`, `$top`, `$skiptoken` only) and the page position they give.
 *
 * @module
 */
import type { GraphDataset } from "../sample/dataset.ts";
import type { PageRequest } from "./collection_page.ts";
import { COLLECTION_SPECS, routeCollection } from "./collections.ts";
import { GRAPH_ERROR_REPLIES, type GraphErrorReply } from "./odata_error.ts";
import { badRequest } from "./reply.ts";
import { decodeSkipToken, type PageQuery } from "./skip_token.ts";

const QUERY_OPTIONS: readonly string[] = ["$filter", "$select", "$top", "$skiptoken"];

/** A routed request, or the error Graph sends for it. */
export type RouteOutcome = { kind: "page"; page: PageRequest } | { kind: "error"; error: GraphErrorReply };

/**
 * Routes `req` to a collection page of `dataset`.
 *
 * @example
 * ```ts
 * import { routeRequest } from "./router.ts";
 * import assert from "node:assert/strict";
 * const dataset = { tenantId: "t", domain: "contoso.example", users: [], registrationDetails: [],
 *   authenticationMethods: {}, conditionalAccessPolicies: [], signIns: [] };
 * const r = routeRequest(new Request("http://127.0.0.1/beta/users?$top=5"), dataset, { premium: true });
 * assert.ok(r.kind === "page" && r.page.version === "beta" && r.page.q.top === 5);
 * const bad = routeRequest(new Request("http://127.0.0.1/v2/users"), dataset, { premium: true });
 * assert.ok(bad.kind === "error" && bad.error.status === 404);
 * ```
 */
export function routeRequest(
  req: Request,
  dataset: GraphDataset,
  settings: { premium: boolean },
): RouteOutcome {
  const error = (e: GraphErrorReply): RouteOutcome => ({ kind: "error", error: e });
  if (req.method !== "GET") {
    return error({
      status: 405,
      code: "Request_BadRequest",
      message: `The HTTP method '${req.method}' is not allowed.`,
    });
  }
  const url = new URL(req.url);
  const vm = /^\/(v1\.0|beta)(\/.*)?$/.exec(url.pathname);
  if (!vm) {
    return error({
      status: 404,
      code: "Request_ResourceNotFound",
      message: "Invalid version: expected v1.0 or beta.",
    });
  }
  const version = vm[1] as string;
  const path = vm[2] ?? "/";
  const routed = routeCollection(dataset, path);
  if (routed.kind === "notFound") {
    return error({ status: 404, code: "Request_ResourceNotFound", message: routed.message });
  }
  const route = routed.route;
  if (COLLECTION_SPECS[route.collection].premium && !settings.premium) {
    return error(GRAPH_ERROR_REPLIES.licenceRequired);
  }
  for (const k of url.searchParams.keys()) {
    if (k.startsWith("$") && !QUERY_OPTIONS.includes(k)) {
      return error(badRequest(`Query option '${k}' is not supported by this server.`));
    }
  }
  const q = pageQueryOf(url.searchParams);
  if ("error" in q) return error(badRequest(q.error));
  return { kind: "page", page: { route, version, path, q } };
}

/** The page position: from `$skiptoken`, or the first page of `$filter`, `$select`, `$top`. */
function pageQueryOf(params: URLSearchParams): PageQuery | { error: string } {
  const skip = params.get("$skiptoken");
  if (skip !== null) return decodeSkipToken(skip) ?? { error: "Invalid $skiptoken value." };
  const topRaw = params.get("$top");
  let top: number | undefined;
  if (topRaw !== null) {
    top = Number(topRaw);
    if (!/^\d+$/.test(topRaw)) return { error: `Invalid value '${topRaw}' for $top.` };
  }
  return {
    filter: (params.get("$filter") ?? "").trim(),
    select: (params.get("$select") ?? "").trim(),
    top,
    offset: 0,
  };
}
