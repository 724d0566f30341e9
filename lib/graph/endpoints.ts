/**
 * The Graph collections the toolkit reads, each as an async generator of raw JSON objects
 * (exactly what Graph put in `value`; unknown enum members and beta-only fields kept).
 *
 * @module
 */
import type { GraphClient } from "./client.ts";
import {
  andFilters,
  createdDateTimeFilter,
  mfaRegisteredFilter,
  selectParam,
  signInEventTypeFilter,
  topParam,
  upnStartsWithFilter,
} from "./odata_filter.ts";
import type { SignInEventType } from "../classify/event_type.ts";
import { GraphError } from "../errors.ts";
import { getGraphJson, type GraphItem, type GraphRequest, pageCollection } from "./request.ts";

/** Properties read from `/users`. */
export const USER_SELECT = [
  "id",
  "userPrincipalName",
  "displayName",
  "userType",
  "accountEnabled",
  "mail",
] as const;

/** Options for {@linkcode listUsers}. */
export interface ListUsersOptions {
  /** Only users whose UPN starts with this (escaped for you). */
  upnStartsWith?: string;
  /** An extra `$filter` clause, and-ed (build it with the odata_filter helpers). */
  filter?: string;
  /** Properties to read (default {@linkcode USER_SELECT}). */
  select?: readonly string[];
  /** Page size, 1–999 (default 999). */
  top?: number;
}

/**
 * `GET /v1.0/users` with `$select`.
 *
 * @throws {GraphError} while iterating; {@linkcode RangeError} for a bad `top`/`select`
 */
export function listUsers(client: GraphClient, options: ListUsersOptions = {}): AsyncGenerator<GraphItem> {
  const filter = andFilters(
    options.upnStartsWith !== undefined ? upnStartsWithFilter(options.upnStartsWith) : undefined,
    options.filter,
  );
  return pageCollection(client, {
    version: "v1.0",
    path: "/users",
    query: {
      $select: selectParam(options.select ?? USER_SELECT),
      $top: topParam(options.top ?? 999, 999),
      $filter: filter,
    },
  });
}

/** Options for {@linkcode listRegistrationDetails}. */
export interface ListRegistrationDetailsOptions {
  /** Only users with (true) or without (false) an MFA method registered. */
  mfaRegistered?: boolean;
  /** Only users whose UPN starts with this. */
  upnStartsWith?: string;
  /** An extra `$filter` clause, and-ed. */
  filter?: string;
  /** Read from beta so rows include `defaultMfaMethod` (default false: v1.0). */
  includeDefaultMfaMethod?: boolean;
  /** Page size, 1–999 (default 999). */
  top?: number;
}

/**
 * `GET /reports/authenticationMethods/userRegistrationDetails` (v1.0, or beta for
 * `defaultMfaMethod`). Needs Entra ID P1/P2 and AuditLog.Read.All.
 *
 * @throws {GraphError} while iterating
 */
export function listRegistrationDetails(
  client: GraphClient,
  options: ListRegistrationDetailsOptions = {},
): AsyncGenerator<GraphItem> {
  const filter = andFilters(
    options.mfaRegistered !== undefined ? mfaRegisteredFilter(options.mfaRegistered) : undefined,
    options.upnStartsWith !== undefined ? upnStartsWithFilter(options.upnStartsWith) : undefined,
    options.filter,
  );
  return pageCollection(client, {
    version: options.includeDefaultMfaMethod ? "beta" : "v1.0",
    path: "/reports/authenticationMethods/userRegistrationDetails",
    query: { $filter: filter, $top: topParam(options.top ?? 999, 999) },
  });
}

/**
 * `GET /v1.0/users/{id}/authentication/methods`: the fallback for tenants without P1/P2.
 * One call per user, in the same throttling budget as the reports.
 *
 * @throws {GraphError} while iterating; {@linkcode RangeError} for an empty id
 */
export function listAuthenticationMethods(client: GraphClient, userId: string): AsyncGenerator<GraphItem> {
  if (userId === "") throw new RangeError('Cannot list authentication methods: expected a user id, got ""');
  return pageCollection(client, {
    version: "v1.0",
    path: `/users/${encodeURIComponent(userId)}/authentication/methods`,
  });
}

/** Options for {@linkcode listSignIns}. */
export interface ListSignInsOptions {
  /** Inclusive start (`createdDateTime ge`). */
  from?: Date;
  /** Exclusive end (`createdDateTime lt`). */
  to?: Date;
  /**
   * Event type to read. Without it Graph returns interactive sign-ins only (that is how the
   * API behaves); read each type with its own call.
   */
  eventType?: SignInEventType;
  /** An extra `$filter` clause, and-ed (e.g. `eqFilter("appId", …)`). */
  filter?: string;
  /** Page size, 1–1000 (default: Graph's, 1000). */
  top?: number;
}

/**
 * `GET /beta/auditLogs/signIns` for a time window and one event type. Needs Entra ID P1/P2
 * and AuditLog.Read.All; without Policy.Read.All, items lack `appliedConditionalAccessPolicies`.
 *
 * @throws {GraphError} while iterating; {@linkcode RangeError} when `from` is not before `to`
 */
export function listSignIns(
  client: GraphClient,
  options: ListSignInsOptions = {},
): AsyncGenerator<GraphItem> {
  return pageCollection(client, signInsRequest(options));
}

/**
 * The first request of {@linkcode listSignIns} (for a pager of its own, e.g.
 * `pageCollectionElsewhere` in request.ts).
 *
 * @throws {RangeError} when `from` is not before `to`
 *
 * @example
 * ```ts
 * import { signInsRequest } from "./endpoints.ts";
 * import assert from "node:assert/strict";
 * const r = signInsRequest({ eventType: "interactiveUser" });
 * assert.equal(r.path, "/auditLogs/signIns");
 * assert.equal(r.query?.$filter, "signInEventTypes/any(t: t eq 'interactiveUser')");
 * ```
 */
export function signInsRequest(options: ListSignInsOptions = {}): GraphRequest {
  if (options.from && options.to && !(options.from.getTime() < options.to.getTime())) {
    throw new RangeError(
      `Cannot list sign-ins: expected from before to, got ${options.from.toISOString()} and ${options.to.toISOString()}`,
    );
  }
  const range: { from?: Date; to?: Date } = {};
  if (options.from) range.from = options.from;
  if (options.to) range.to = options.to;
  const filter = andFilters(
    createdDateTimeFilter(range),
    options.eventType !== undefined ? signInEventTypeFilter(options.eventType) : undefined,
    options.filter,
  );
  return {
    version: "beta",
    path: "/auditLogs/signIns",
    query: { $filter: filter, $top: options.top !== undefined ? topParam(options.top, 1000) : undefined },
  };
}

/**
 * `GET /v1.0/identity/conditionalAccess/policies`. Needs Policy.Read.All.
 *
 * @throws {GraphError} while iterating
 */
export function listConditionalAccessPolicies(client: GraphClient): AsyncGenerator<GraphItem> {
  return pageCollection(client, { version: "v1.0", path: "/identity/conditionalAccess/policies" });
}

/**
 * `GET /beta/users/{id}/authentication/requirements`: the user's legacy per-user MFA state
 * (`strongAuthenticationRequirements`, `{ perUserMfaState }`; beta only). Needs Policy.Read.All
 * (delegated: Global Reader or Authentication Policy Administrator). One call per user, taken
 * from the client's request budget like `/authentication/methods`.
 *
 * @returns the object Graph sent (`@odata.context` included)
 * @throws {GraphError} for a failed call or a body that is not a JSON object;
 *   {@linkcode RangeError} for an empty id
 */
export async function getPerUserMfaRequirements(client: GraphClient, userId: string): Promise<GraphItem> {
  if (userId === "") throw new RangeError('Cannot read per-user MFA state: expected a user id, got ""');
  const body = await getGraphJson(client, {
    version: "beta",
    path: `/users/${encodeURIComponent(userId)}/authentication/requirements`,
  });
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new GraphError({
      endpoint: "perUserMfa",
      status: 200,
      detail: `expected a JSON object, got ${
        body === null ? "null" : Array.isArray(body) ? "an array" : typeof body
      }`,
    });
  }
  return body as GraphItem;
}
