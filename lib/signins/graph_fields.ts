/**
 * The top-level keys of a Graph sign-in that `mapGraphSignIn` (map_graph.ts) reads, for the
 * WebAssembly scanner (`lib/io/wasm/json_scan.ts`) to hand over instead of the whole parsed
 * object, each with how its values travel: per-row values (ids, times, an envelope's `properties`) decoded each
 * time, repeated values (users, apps, status, device, location, …) interned, each Conditional
 * Access entry interned on its own, and each `authenticationDetails` step interned apart from its
 * time (its first member). Each key is a slot of map_graph.ts's builder (`GRAPH_SLOT`): the mapper
 * reads every key listed here and no other (map_graph_scanned_test.ts).
 *
 * @module
 */
import { FIELD_MODE, type FieldMode } from "../io/wasm/json_scan.ts";

const D = FIELD_MODE.direct, I = FIELD_MODE.intern, E = FIELD_MODE.elements, S = FIELD_MODE.steps;

/** Keys `mapGraphSignIn` (map_graph.ts) reads, and how the scanner hands their values over. */
export const GRAPH_SIGN_IN_FIELDS: Readonly<Record<string, FieldMode>> = Object.freeze({
  id: D,
  correlationId: D,
  createdDateTime: D,
  originalRequestId: D,
  uniqueTokenIdentifier: D,
  sessionId: D,
  authenticationDetails: S,
  // the diagnostic-settings envelope
  category: I,
  properties: D,
  time: D,
  status: I,
  location: I,
  deviceDetail: I,
  isInteractive: I,
  signInEventTypes: I,
  userId: I,
  userPrincipalName: I,
  userDisplayName: I,
  userType: I,
  clientAppUsed: I,
  authenticationRequirement: I,
  authenticationRequirementPolicies: I,
  authenticationMethodsUsed: I,
  mfaDetail: I,
  authenticationProtocol: I,
  userAgent: I,
  appId: I,
  appDisplayName: I,
  resourceId: I,
  resourceDisplayName: I,
  servicePrincipalId: I,
  servicePrincipalName: I,
  ipAddress: I,
  conditionalAccessStatus: I,
  appliedConditionalAccessPolicies: E,
  crossTenantAccessType: I,
  homeTenantId: I,
  resourceTenantId: I,
  homeTenantName: I,
  tokenIssuerType: I,
  tokenIssuerName: I,
  incomingTokenType: I,
  clientCredentialType: I,
  riskLevelDuringSignIn: I,
  riskLevelAggregated: I,
  riskState: I,
  riskDetail: I,
  riskEventTypes_v2: I,
  riskEventTypes: I,
});

/**
 * The keys `ReadSignInsOptions.lean` leaves unread (their sign-in fields null): the request ids
 * and descriptive extras that a summary such as the sign-ins report never reads.
 */
export const LEAN_SKIPPED_KEYS = [
  "originalRequestId",
  "uniqueTokenIdentifier",
  "sessionId",
  "authenticationProtocol",
  "clientCredentialType",
  "incomingTokenType",
  "resourceDisplayName",
  "resourceId",
  "riskDetail",
  "riskEventTypes_v2",
  "riskEventTypes",
  "servicePrincipalId",
  "servicePrincipalName",
  "tokenIssuerName",
  "userAgent",
] as const;

/** {@linkcode GRAPH_SIGN_IN_FIELDS} without {@linkcode LEAN_SKIPPED_KEYS} (the scanner skips their values). */
export const GRAPH_SIGN_IN_FIELDS_LEAN: Readonly<Record<string, FieldMode>> = Object.freeze(
  Object.fromEntries(
    Object.entries(GRAPH_SIGN_IN_FIELDS).filter(([k]) =>
      !(LEAN_SKIPPED_KEYS as readonly string[]).includes(k)
    ),
  ),
);
