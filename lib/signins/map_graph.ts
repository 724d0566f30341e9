/**
 * Maps a raw Graph `signIn` object (v1.0 or beta; NDJSON line, collection page item, portal JSON
 * download item) to a {@linkcode SignIn}. Also accepts the diagnostic-settings envelope
 * (`{category, properties: {…}}`, as written to storage accounts and Event Hubs).
 *
 * @module
 */
import type { MapContext, MapResult, SignIn } from "./sign_in.ts";
import { BadRowError } from "../errors.ts";
import {
  authDetails,
  bool,
  caPolicies,
  date,
  describe,
  int,
  mfaDetail,
  obj,
  requirementPolicies,
  str,
  strList,
} from "./_coerce.ts";
import { eventTypeFromTable } from "./map_log_analytics.ts";

const EMPTY: Record<string, unknown> = {};

/**
 * Maps one Graph-shaped sign-in object. Unknown enum values are kept raw; missing or null
 * fields become `null`; see the module docs of mod.ts for the coercion rule.
 *
 * @param value the parsed JSON value
 * @param ctx provenance and default event type
 * @param line 1-based line where the record starts
 * @returns the sign-in, or a bad-row reason (not an object; no id, correlationId or
 *   createdDateTime; a bad date or error code)
 *
 * @example A beta sign-in with a new enum value
 * ```ts
 * import { mapGraphSignIn } from "./map_graph.ts";
 * import assert from "node:assert/strict";
 * const source = { format: "graph-ndjson", file: "s.ndjson" } as const;
 * const r = mapGraphSignIn({
 *   id: "0001", createdDateTime: "2024-05-01T10:00:00Z", userPrincipalName: "ana@contoso.example",
 *   status: { errorCode: 0 }, conditionalAccessStatus: "someNewValue", signInEventTypes: ["interactiveUser"],
 * }, { source, eventType: null }, 1);
 * assert.equal(r.kind, "signIn");
 * if (r.kind === "signIn") {
 *   assert.equal(r.signIn.conditionalAccessStatus, "someNewValue");
 *   assert.equal(r.signIn.errorCode, 0);
 *   assert.equal(r.signIn.eventType, "interactiveUser");
 *   assert.equal(r.signIn.appliedConditionalAccessPolicies, null); // not in the source
 * }
 * assert.deepEqual(mapGraphSignIn(42, { source, eventType: null }, 2), { kind: "bad", reason: "expected a JSON object, got 42" });
 * ```
 */
export function mapGraphSignIn(value: unknown, ctx: MapContext, line: number): MapResult {
  let o = obj(value);
  if (o === null) return { kind: "bad", reason: `expected a JSON object, got ${describe(value)}` };
  let eventType: string | null = null;
  let envelopeTime: unknown = null;
  if (o.createdDateTime === undefined && typeof o.category === "string") {
    const props = obj(o.properties);
    if (props !== null) {
      eventType = eventTypeFromTable(o.category);
      envelopeTime = o.time;
      o = props;
    }
  }
  if (o.id == null && o.correlationId == null && o.createdDateTime == null) {
    return { kind: "bad", reason: "not a sign-in: no id, correlationId or createdDateTime" };
  }
  try {
    return { kind: "signIn", signIn: graphToSignIn(o, ctx, line, eventType, envelopeTime) };
  } catch (e) {
    if (e instanceof BadRowError) return { kind: "bad", reason: e.message };
    throw e;
  }
}

function graphToSignIn(
  o: Record<string, unknown>,
  ctx: MapContext,
  line: number,
  envelopeEventType: string | null,
  envelopeTime: unknown,
): SignIn {
  const status = obj(o.status) ?? EMPTY;
  const loc = obj(o.location) ?? EMPTY;
  const dev = obj(o.deviceDetail) ?? EMPTY;
  // Time: createdDateTime, else the diagnostic-settings envelope's `time` (layouts/diagnostic.ts).
  const created = date(o.createdDateTime, "createdDateTime") ?? date(envelopeTime, "time");
  const isInteractive = bool(o.isInteractive);
  const signInEventTypes = strList(o.signInEventTypes, "signInEventTypes");
  const eventType = signInEventTypes?.[0] ?? envelopeEventType ??
    (isInteractive === true ? "interactiveUser" : ctx.eventType);
  const lean = ctx.lean === true;
  return {
    id: str(o.id),
    correlationId: str(o.correlationId),
    originalRequestId: lean ? null : str(o.originalRequestId),
    uniqueTokenIdentifier: lean ? null : str(o.uniqueTokenIdentifier),
    sessionId: lean ? null : str(o.sessionId),
    createdDateTime: created?.iso ?? null,
    createdAtMs: created?.ms ?? null,
    userId: str(o.userId),
    userPrincipalName: str(o.userPrincipalName),
    userDisplayName: str(o.userDisplayName),
    userType: str(o.userType),
    clientAppUsed: str(o.clientAppUsed),
    isInteractive,
    eventType,
    signInEventTypes,
    authenticationRequirement: str(o.authenticationRequirement),
    authenticationRequirementPolicies: requirementPolicies(
      o.authenticationRequirementPolicies,
      "authenticationRequirementPolicies",
    ),
    authenticationDetails: authDetails(o.authenticationDetails, "authenticationDetails"),
    authenticationMethodsUsed: strList(o.authenticationMethodsUsed, "authenticationMethodsUsed"),
    mfaDetail: mfaDetail(o.mfaDetail, "mfaDetail"),
    authenticationProtocol: lean ? null : str(o.authenticationProtocol),
    userAgent: lean ? null : str(o.userAgent),
    appId: str(o.appId),
    appDisplayName: str(o.appDisplayName),
    resourceId: lean ? null : str(o.resourceId),
    resourceDisplayName: lean ? null : str(o.resourceDisplayName),
    servicePrincipalId: lean ? null : str(o.servicePrincipalId),
    servicePrincipalName: lean ? null : str(o.servicePrincipalName),
    ipAddress: str(o.ipAddress),
    city: str(loc.city),
    state: str(loc.state),
    countryOrRegion: str(loc.countryOrRegion),
    deviceId: str(dev.deviceId),
    os: str(dev.operatingSystem),
    browser: str(dev.browser),
    isCompliant: bool(dev.isCompliant),
    isManaged: bool(dev.isManaged),
    trustType: str(dev.trustType),
    errorCode: int(status.errorCode, "status.errorCode"),
    failureReason: str(status.failureReason),
    additionalDetails: str(status.additionalDetails),
    resultStatus: null,
    conditionalAccessStatus: str(o.conditionalAccessStatus),
    appliedConditionalAccessPolicies: caPolicies(
      o.appliedConditionalAccessPolicies,
      "appliedConditionalAccessPolicies",
      ctx.caPolicies,
    ),
    crossTenantAccessType: str(o.crossTenantAccessType),
    homeTenantId: str(o.homeTenantId),
    resourceTenantId: str(o.resourceTenantId),
    homeTenantName: str(o.homeTenantName),
    tokenIssuerType: str(o.tokenIssuerType),
    tokenIssuerName: lean ? null : str(o.tokenIssuerName),
    incomingTokenType: lean ? null : str(o.incomingTokenType),
    clientCredentialType: lean ? null : str(o.clientCredentialType),
    riskLevelDuringSignIn: str(o.riskLevelDuringSignIn),
    riskLevelAggregated: str(o.riskLevelAggregated),
    riskState: str(o.riskState),
    riskDetail: lean ? null : str(o.riskDetail),
    riskEventTypes: lean
      ? null
      : strList(o.riskEventTypes_v2, "riskEventTypes_v2") ?? strList(o.riskEventTypes, "riskEventTypes"),
    source: ctx.source,
    sourceLine: line,
  };
}
