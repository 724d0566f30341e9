/**
 * The collections the local Graph server serves: where their items come from, their page
 * sizes, the `$filter` forms each accepts, and how v1.0 differs from beta.
 *
 * @module
 */
import type { GraphDataset, GraphObject, LazyCollection } from "../sample/dataset.ts";
import type { FilterRules } from "./filter.ts";

/** Collection names. */
export const SERVER_COLLECTIONS = [
  "users",
  "registrationDetails",
  "authenticationMethods",
  "conditionalAccessPolicies",
  "signIns",
] as const;

/** One of {@linkcode SERVER_COLLECTIONS}. */
export type ServerCollection = typeof SERVER_COLLECTIONS[number];

/** Per-collection behaviour. */
export interface CollectionSpec {
  /** Default page size (no `$top`). */
  defaultPage: number;
  /** Largest `$top` accepted. */
  maxTop: number;
  /** Accepted `$filter` forms. */
  rules: FilterRules;
  /** Needs Entra ID P1/P2 (403 licence otherwise). */
  premium: boolean;
  /** `$select` accepted. */
  select: boolean;
}

const NO_FILTER: FilterRules = { eq: [], startsWith: [], range: [], any: [] };

/** Behaviour of each collection. */
export const COLLECTION_SPECS: Readonly<Record<ServerCollection, CollectionSpec>> = {
  users: {
    defaultPage: 100,
    maxTop: 999,
    premium: false,
    select: true,
    rules: {
      eq: ["id", "userPrincipalName", "userType", "accountEnabled", "mail", "displayName"],
      startsWith: ["userPrincipalName", "displayName", "mail"],
      range: ["createdDateTime"],
      any: [],
    },
  },
  registrationDetails: {
    defaultPage: 1000,
    maxTop: 999,
    premium: true,
    select: true,
    rules: {
      eq: [
        "id",
        "userPrincipalName",
        "userDisplayName",
        "userType",
        "isAdmin",
        "isMfaRegistered",
        "isMfaCapable",
        "isSsprRegistered",
        "isSsprEnabled",
        "isSsprCapable",
        "isPasswordlessCapable",
        "isSystemPreferredAuthenticationMethodEnabled",
      ],
      startsWith: ["userPrincipalName", "userDisplayName"],
      range: [],
      any: ["methodsRegistered"],
    },
  },
  authenticationMethods: { defaultPage: 1000, maxTop: 1000, premium: false, select: false, rules: NO_FILTER },
  conditionalAccessPolicies: {
    defaultPage: 1000,
    maxTop: 1000,
    premium: false,
    select: true,
    rules: NO_FILTER,
  },
  signIns: {
    defaultPage: 1000,
    maxTop: 1000,
    premium: true,
    select: false,
    rules: {
      eq: [
        "id",
        "userId",
        "appId",
        "userPrincipalName",
        "userDisplayName",
        "appDisplayName",
        "correlationId",
        "clientAppUsed",
        "conditionalAccessStatus",
        "ipAddress",
        "resourceId",
        "resourceDisplayName",
        "status/errorCode",
        "location/countryOrRegion",
        "authenticationRequirement",
      ],
      startsWith: ["userPrincipalName", "userDisplayName", "appDisplayName", "ipAddress"],
      range: ["createdDateTime"],
      any: ["signInEventTypes"],
    },
  },
};

/** signIn properties present in v1.0 (the rest are beta-only). */
export const V1_SIGN_IN_PROPERTIES: ReadonlySet<string> = new Set([
  "id",
  "createdDateTime",
  "appDisplayName",
  "appId",
  "appliedConditionalAccessPolicies",
  "authenticationAppDeviceDetails",
  "clientAppUsed",
  "conditionalAccessStatus",
  "correlationId",
  "deviceDetail",
  "homeTenantId",
  "ipAddress",
  "isInteractive",
  "location",
  "resourceDisplayName",
  "resourceId",
  "resourceTenantId",
  "riskDetail",
  "riskEventTypes",
  "riskEventTypes_v2",
  "riskLevelAggregated",
  "riskLevelDuringSignIn",
  "riskState",
  "servicePrincipalId",
  "servicePrincipalName",
  "status",
  "userAgent",
  "userDisplayName",
  "userId",
  "userPrincipalName",
]);

/**
 * A sign-in's event types: beta `signInEventTypes` when present, else from `isInteractive`.
 *
 * @example
 * ```ts
 * import { signInEventTypesOf } from "./collections.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(signInEventTypesOf({ signInEventTypes: ["servicePrincipal"] }), ["servicePrincipal"]);
 * assert.deepEqual(signInEventTypesOf({ isInteractive: false }), ["nonInteractiveUser"]);
 * assert.deepEqual(signInEventTypesOf({}), ["interactiveUser"]);
 * ```
 */
export function signInEventTypesOf(signIn: GraphObject): string[] {
  const t = signIn.signInEventTypes;
  if (Array.isArray(t) && t.length > 0) return t.filter((x): x is string => typeof x === "string");
  return [signIn.isInteractive === false ? "nonInteractiveUser" : "interactiveUser"];
}

/** Resolved route: which collection, its items and `@odata.context` fragment. */
export interface CollectionRoute {
  /** Collection. */
  collection: ServerCollection;
  /** Items in Graph order. */
  items: readonly GraphObject[];
  /** `@odata.context` fragment after `$metadata#`. */
  context: string;
  /** Served page by page from this instead of `items` (the sample's sign-in log). */
  lazy?: LazyCollection;
}

/** Outcome of routing a path. */
export type RouteResult = { kind: "ok"; route: CollectionRoute } | { kind: "notFound"; message: string };

/**
 * Finds the collection for a path (after the version prefix).
 *
 * @example
 * ```ts
 * import { routeCollection } from "./collections.ts";
 * import assert from "node:assert/strict";
 * const ds = { tenantId: "t", domain: "contoso.example", users: [{ id: "u1", userPrincipalName: "a@contoso.example" }],
 *   registrationDetails: [], authenticationMethods: { u1: [{ id: "m1" }] }, conditionalAccessPolicies: [], signIns: [] };
 * const r = routeCollection(ds, "/users/a@contoso.example/authentication/methods");
 * assert.equal(r.kind, "ok");
 * if (r.kind === "ok") assert.equal(r.route.items.length, 1);
 * assert.equal(routeCollection(ds, "/groups").kind, "notFound");
 * ```
 */
export function routeCollection(dataset: GraphDataset, path: string): RouteResult {
  const p = path.replace(/\/+$/, "");
  const lower = p.toLowerCase();
  if (lower === "/users") {
    return { kind: "ok", route: { collection: "users", items: dataset.users, context: "users" } };
  }
  if (lower === "/reports/authenticationmethods/userregistrationdetails") {
    return {
      kind: "ok",
      route: {
        collection: "registrationDetails",
        items: dataset.registrationDetails,
        context: "reports/authenticationMethods/userRegistrationDetails",
      },
    };
  }
  if (lower === "/auditlogs/signins") {
    return {
      kind: "ok",
      route: {
        collection: "signIns",
        items: dataset.signIns,
        context: "auditLogs/signIns",
        ...(dataset.signInLog ? { lazy: dataset.signInLog } : {}),
      },
    };
  }
  if (lower === "/identity/conditionalaccess/policies") {
    return {
      kind: "ok",
      route: {
        collection: "conditionalAccessPolicies",
        items: dataset.conditionalAccessPolicies,
        context: "identity/conditionalAccess/policies",
      },
    };
  }
  const m = /^\/users\/([^/]+)\/authentication\/methods$/i.exec(p);
  if (m) {
    let key: string;
    try {
      key = decodeURIComponent(m[1] as string);
    } catch {
      return { kind: "notFound", message: `Resource '${m[1]}' does not exist.` };
    }
    const user = findUser(dataset, key);
    if (!user || typeof user.id !== "string") {
      return {
        kind: "notFound",
        message:
          `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
      };
    }
    return {
      kind: "ok",
      route: {
        collection: "authenticationMethods",
        items: dataset.authenticationMethods[user.id] ?? [],
        context: `users('${user.id}')/authentication/methods`,
      },
    };
  }
  const seg = p.split("/").filter((s) => s !== "")[0] ?? "";
  return { kind: "notFound", message: `Resource not found for the segment '${seg}'.` };
}

/** Each users array's index: id and lower-case UPN → user (built once per array). */
const USER_INDEX = new WeakMap<readonly GraphObject[], Map<string, GraphObject>>();

/**
 * The user whose id, or UPN (any case), is `key`; looked up in an index built once per users
 * array, so per-user calls over a 100,000-user tenant stay cheap.
 *
 * @example
 * ```ts
 * import { findUser } from "./collections.ts";
 * import assert from "node:assert/strict";
 * const ds = { tenantId: "t", domain: "contoso.example", users: [{ id: "u1", userPrincipalName: "A@contoso.example" }],
 *   registrationDetails: [], authenticationMethods: {}, conditionalAccessPolicies: [], signIns: [] };
 * assert.equal(findUser(ds, "a@contoso.example")?.id, "u1");
 * assert.equal(findUser(ds, "u1")?.id, "u1");
 * assert.equal(findUser(ds, "u2"), undefined);
 * ```
 */
export function findUser(dataset: GraphDataset, key: string): GraphObject | undefined {
  let index = USER_INDEX.get(dataset.users);
  if (index === undefined) {
    index = new Map();
    for (const u of dataset.users) {
      if (typeof u.userPrincipalName === "string") index.set(`upn:${u.userPrincipalName.toLowerCase()}`, u);
    }
    // ids win over UPNs that happen to look like one
    for (const u of dataset.users) if (typeof u.id === "string") index.set(`id:${u.id}`, u);
    USER_INDEX.set(dataset.users, index);
  }
  return index.get(`id:${key}`) ?? index.get(`upn:${key.toLowerCase()}`);
}
