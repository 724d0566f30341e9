/**
 * The local Graph server's router: the method, the version (`v1.0` or `beta`), the path to a
 * collection (via {@linkcode routeCollection}), the licence it needs, the query options
 * (`$filter`, `$select`, `$top`, `$skiptoken` only) and the page position they give.
 *
 * @module
 */
import type { GraphDataset } from "../sample/dataset.ts";
import type { PageRequest } from "./collection_page.ts";
import type { GraphObject } from "../sample/dataset.ts";
import { COLLECTION_SPECS, findUser, routeCollection } from "./collections.ts";
import { GRAPH_ERROR_REPLIES, type GraphErrorReply } from "./odata_error.ts";
import { badRequest } from "./reply.ts";
import { decodeSkipToken, type PageQuery } from "./skip_token.ts";

const QUERY_OPTIONS: readonly string[] = ["$filter", "$select", "$top", "$skiptoken"];

/** A routed request: a collection page, a single object (with its `@odata.context` fragment), or an error. */
export type RouteOutcome =
  | { kind: "page"; page: PageRequest }
  | { kind: "entity"; version: string; context: string; body: GraphObject }
  | { kind: "error"; error: GraphErrorReply };

const REQUIREMENTS_PATH = /^\/users\/([^/]+)\/authentication\/requirements\/?$/i;

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
  settings: { premium: boolean; policyRead?: boolean },
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
  const requirements = REQUIREMENTS_PATH.exec(path);
  if (requirements) return requirementsOf(dataset, version, requirements[1] as string, settings);
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

/**
 * `GET /beta/users/{id | userPrincipalName}/authentication/requirements`: the user's
 * `strongAuthenticationRequirements` (beta only; needs Policy.Read.All, simulated by the
 * server's `caVisible`); a user the dataset has no entry for is `disabled`, Graph's default.
 */
function requirementsOf(
  dataset: GraphDataset,
  version: string,
  rawKey: string,
  settings: { policyRead?: boolean },
): RouteOutcome {
  const error = (e: GraphErrorReply): RouteOutcome => ({ kind: "error", error: e });
  if (version !== "beta") {
    return error({
      status: 400,
      code: "BadRequest",
      message: "Resource not found for the segment 'requirements'.",
    });
  }
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    return error({
      status: 404,
      code: "Request_ResourceNotFound",
      message: `Resource '${rawKey}' does not exist.`,
    });
  }
  const user = findUser(dataset, key);
  if (!user || typeof user.id !== "string") {
    return error({
      status: 404,
      code: "Request_ResourceNotFound",
      message:
        `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
    });
  }
  if (settings.policyRead === false) return error(GRAPH_ERROR_REPLIES.accessDenied);
  return {
    kind: "entity",
    version,
    context: `users('${user.id}')/authentication/requirements/$entity`,
    body: dataset.perUserMfa?.[user.id] ?? { perUserMfaState: "disabled" },
  };
}
