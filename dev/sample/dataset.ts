/**
 * The shape of a tenant's data as Microsoft Graph returns it. The sample-tenant generator
 * produces it and the local Graph-compatible server serves it. Every record is the raw JSON
 * object Graph would put in a collection's `value` array (camelCase, beta fields included),
 * so that code reading it is exercised on exactly what Graph sends.
 *
 * @module
 */

/** A JSON object as Graph returns it. */
export type GraphObject = Record<string, unknown>;

/**
 * A collection made on demand in buckets, newest first (the local server pages it without
 * holding it): see `dev/graph_server/lazy_sign_ins.ts`.
 */
export interface LazyCollection {
  /** Number of buckets; bucket 0 holds the newest rows. */
  readonly buckets: number;
  /** The first and last bucket that may hold rows with `createdDateTime` in [min, max] (ms). */
  range(bounds: { min: number; max: number } | undefined): [number, number];
  /** The rows of bucket `k`, newest first. */
  rows(k: number): readonly GraphObject[];
}

/** A whole tenant: directory, registration report, methods, CA policies and sign-ins. */
export interface GraphDataset {
  /** Tenant id (a GUID). */
  tenantId: string;
  /** Primary domain, e.g. `contoso.example`. */
  domain: string;
  /** `/users` items: id, userPrincipalName, displayName, userType, accountEnabled, mail, createdDateTime. */
  users: GraphObject[];
  /** `/reports/authenticationMethods/userRegistrationDetails` items (beta shape: includes `defaultMfaMethod`). */
  registrationDetails: GraphObject[];
  /** `/users/{id}/authentication/methods` items keyed by user id (each item has `@odata.type` and `id`). */
  authenticationMethods: Record<string, GraphObject[]>;
  /** `/identity/conditionalAccess/policies` items (id, displayName, state, conditions, grantControls, sessionControls). */
  conditionalAccessPolicies: GraphObject[];
  /** `/auditLogs/signIns` items (beta shape), newest first as Graph orders them. */
  signIns: GraphObject[];
  /**
   * `/users/{id}/authentication/requirements` objects (beta `strongAuthenticationRequirements`,
   * `{ perUserMfaState }`) keyed by user id; a user without one answers `disabled`.
   */
  perUserMfa?: Record<string, GraphObject>;
  /** When set, `/auditLogs/signIns` is served from it (made page by page) and `signIns` is not used. */
  signInLog?: LazyCollection;
}
