/**
 * Maps a Log Analytics / Sentinel row of `SigninLogs`, `AADNonInteractiveUserSignInLogs`,
 * `AADServicePrincipalSignInLogs` or `AADManagedIdentitySignInLogs` (PascalCase columns; nested
 * values as objects or as JSON text; `ResultType` as text) to a {@linkcode SignIn}.
 *
 * Time: `CreatedDateTime`, else `TimeGenerated` (ingestion time; the only time of many
 * `AADServicePrincipalSignInLogs` / `AADManagedIdentitySignInLogs` rows). See layouts/log_analytics.ts.
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
  nested,
  obj,
  requirementPolicies,
  str,
  strList,
} from "./_coerce.ts";

/**
 * Log Analytics table names and diagnostic categories → Graph `signInEventTypes` vocabulary.
 *
 * @example
 * ```ts
 * import { LA_EVENT_TYPE } from "./map_log_analytics.ts";
 * import assert from "node:assert/strict";
 * assert.equal(LA_EVENT_TYPE.AADManagedIdentitySignInLogs, "managedIdentity");
 * ```
 */
export const LA_EVENT_TYPE = {
  SigninLogs: "interactiveUser",
  SignInLogs: "interactiveUser",
  AADNonInteractiveUserSignInLogs: "nonInteractiveUser",
  NonInteractiveUserSignInLogs: "nonInteractiveUser",
  AADServicePrincipalSignInLogs: "servicePrincipal",
  ServicePrincipalSignInLogs: "servicePrincipal",
  AADManagedIdentitySignInLogs: "managedIdentity",
  ManagedIdentitySignInLogs: "managedIdentity",
} as const;

/**
 * The event type a Log Analytics table or diagnostic category stands for; an unknown name is
 * returned raw (so a new table shows up in reports instead of vanishing).
 *
 * @param name `Type` or `Category` column value
 * @returns Graph vocabulary (`interactiveUser`, …), the raw name, or null for empty input
 *
 * @example Table names
 * ```ts
 * import { eventTypeFromTable } from "./map_log_analytics.ts";
 * import assert from "node:assert/strict";
 * assert.equal(eventTypeFromTable("AADNonInteractiveUserSignInLogs"), "nonInteractiveUser");
 * assert.equal(eventTypeFromTable("SignInLogs"), "interactiveUser");
 * assert.equal(eventTypeFromTable("ADFSSignInLogs"), "ADFSSignInLogs");
 * ```
 */
export function eventTypeFromTable(name: unknown): string | null {
  const s = str(name);
  if (s === null) return null;
  return Object.hasOwn(LA_EVENT_TYPE, s) ? LA_EVENT_TYPE[s as keyof typeof LA_EVENT_TYPE] : s;
}

/**
 * Whether a JSON object looks like a Log Analytics row rather than a Graph object.
 *
 * @param o a parsed record
 * @returns true when it has `CreatedDateTime`, `TimeGenerated` or `ResultType`
 *
 * @example Telling LA rows from Graph objects
 * ```ts
 * import { isLogAnalyticsRecord } from "./map_log_analytics.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isLogAnalyticsRecord({ TimeGenerated: "2024-05-01T10:00:00Z", Id: "x" }), true);
 * assert.equal(isLogAnalyticsRecord({ createdDateTime: "2024-05-01T10:00:00Z", id: "x" }), false);
 * ```
 */
export function isLogAnalyticsRecord(o: Record<string, unknown>): boolean {
  return "CreatedDateTime" in o || "TimeGenerated" in o || "ResultType" in o;
}

const EMPTY: Record<string, unknown> = {};

/**
 * Maps one Log Analytics row (a JSON object keyed by column name; a CSV row is first turned
 * into such an object with `[UTC]` suffixes removed from the column names).
 *
 * @param value the parsed row
 * @param ctx provenance and default event type
 * @param line 1-based line where the row starts
 * @returns the sign-in, or a bad-row reason
 *
 * @example A non-interactive row with JSON stored as text
 * ```ts
 * import { mapLogAnalyticsSignIn } from "./map_log_analytics.ts";
 * import assert from "node:assert/strict";
 * const source = { format: "la-csv", file: "la.csv" } as const;
 * const r = mapLogAnalyticsSignIn({
 *   Id: "a1", CorrelationId: "c1", CreatedDateTime: "5/1/2024, 10:00:00.000 AM", ResultType: "50074",
 *   Status: '{"errorCode":50074,"failureReason":"Strong Authentication is required."}',
 *   Type: "AADNonInteractiveUserSignInLogs", ConditionalAccessPolicies: "[]",
 * }, { source, eventType: null }, 2);
 * assert.equal(r.kind, "signIn");
 * if (r.kind === "signIn") {
 *   assert.equal(r.signIn.createdDateTime, "2024-05-01T10:00:00.000Z");
 *   assert.equal(r.signIn.errorCode, 50074);
 *   assert.equal(r.signIn.failureReason, "Strong Authentication is required.");
 *   assert.equal(r.signIn.eventType, "nonInteractiveUser");
 *   assert.deepEqual(r.signIn.appliedConditionalAccessPolicies, []);
 * }
 * ```
 */
export function mapLogAnalyticsSignIn(value: unknown, ctx: MapContext, line: number): MapResult {
  const o = obj(value);
  if (o === null) return { kind: "bad", reason: `expected a JSON object, got ${describe(value)}` };
  if (o.Id == null && o.CorrelationId == null && o.CreatedDateTime == null && o.TimeGenerated == null) {
    return {
      kind: "bad",
      reason: "not a sign-in row: no Id, CorrelationId, CreatedDateTime or TimeGenerated",
    };
  }
  try {
    return { kind: "signIn", signIn: laToSignIn(o, ctx, line) };
  } catch (e) {
    if (e instanceof BadRowError) return { kind: "bad", reason: e.message };
    throw e;
  }
}

function laToSignIn(o: Record<string, unknown>, ctx: MapContext, line: number): SignIn {
  const status = obj(nested(o.Status, "Status")) ?? EMPTY;
  const loc = obj(nested(o.LocationDetails, "LocationDetails")) ?? EMPTY;
  const dev = obj(nested(o.DeviceDetail, "DeviceDetail")) ?? EMPTY;
  const created = date(o.CreatedDateTime, "CreatedDateTime") ?? date(o.TimeGenerated, "TimeGenerated");
  const resultType = int(o.ResultType, "ResultType");
  const resourceIdentity = str(o.ResourceIdentity);
  const resourceIdColumn = str(o.ResourceId);
  const location = str(o.Location);
  const ca = "ConditionalAccessPolicies" in o
    ? o.ConditionalAccessPolicies
    : o.AppliedConditionalAccessPolicies;
  return {
    id: str(o.Id),
    correlationId: str(o.CorrelationId),
    originalRequestId: str(o.OriginalRequestId),
    uniqueTokenIdentifier: str(o.UniqueTokenIdentifier),
    sessionId: str(o.SessionId),
    createdDateTime: created?.iso ?? null,
    createdAtMs: created?.ms ?? null,
    userId: str(o.UserId),
    userPrincipalName: str(o.UserPrincipalName),
    userDisplayName: str(o.UserDisplayName),
    userType: str(o.UserType),
    clientAppUsed: str(o.ClientAppUsed),
    isInteractive: bool(o.IsInteractive),
    eventType: eventTypeFromTable(o.Type) ?? eventTypeFromTable(o.Category) ?? ctx.eventType,
    signInEventTypes: strList(o.SignInEventTypes, "SignInEventTypes"),
    authenticationRequirement: str(o.AuthenticationRequirement),
    authenticationRequirementPolicies: requirementPolicies(
      o.AuthenticationRequirementPolicies,
      "AuthenticationRequirementPolicies",
    ),
    authenticationDetails: authDetails(o.AuthenticationDetails, "AuthenticationDetails"),
    authenticationMethodsUsed: strList(o.AuthenticationMethodsUsed, "AuthenticationMethodsUsed"),
    mfaDetail: mfaDetail(o.MfaDetail, "MfaDetail"),
    authenticationProtocol: str(o.AuthenticationProtocol),
    userAgent: str(o.UserAgent),
    appId: str(o.AppId),
    appDisplayName: str(o.AppDisplayName),
    // In these tables `ResourceId` is usually the Azure resource path of the tenant
    // ("/tenants/…/providers/Microsoft.aadiam"); the resource application id is `ResourceIdentity`.
    resourceId: resourceIdentity ?? (resourceIdColumn?.startsWith("/") ? null : resourceIdColumn),
    resourceDisplayName: str(o.ResourceDisplayName),
    servicePrincipalId: str(o.ServicePrincipalId),
    servicePrincipalName: str(o.ServicePrincipalName),
    ipAddress: str(o.IPAddress) ?? str(o.IpAddress),
    city: str(loc.city),
    state: str(loc.state),
    countryOrRegion: str(loc.countryOrRegion) ??
      (location !== null && location.length === 2 ? location : null),
    deviceId: str(dev.deviceId),
    os: str(dev.operatingSystem),
    browser: str(dev.browser),
    isCompliant: bool(dev.isCompliant),
    isManaged: bool(dev.isManaged),
    trustType: str(dev.trustType),
    errorCode: resultType ?? int(status.errorCode, "Status.errorCode"),
    failureReason: str(status.failureReason) ?? str(o.ResultDescription),
    additionalDetails: str(status.additionalDetails),
    resultStatus: null,
    conditionalAccessStatus: str(o.ConditionalAccessStatus),
    appliedConditionalAccessPolicies: caPolicies(ca, "ConditionalAccessPolicies", ctx.caPolicies),
    crossTenantAccessType: str(o.CrossTenantAccessType),
    homeTenantId: str(o.HomeTenantId),
    resourceTenantId: str(o.ResourceTenantId),
    homeTenantName: str(o.HomeTenantName),
    tokenIssuerType: str(o.TokenIssuerType),
    tokenIssuerName: str(o.TokenIssuerName),
    incomingTokenType: str(o.IncomingTokenType),
    clientCredentialType: str(o.ClientCredentialType),
    riskLevelDuringSignIn: str(o.RiskLevelDuringSignIn),
    riskLevelAggregated: str(o.RiskLevelAggregated),
    riskState: str(o.RiskState),
    riskDetail: str(o.RiskDetail),
    riskEventTypes: strList(o.RiskEventTypes_V2, "RiskEventTypes_V2") ??
      strList(o.RiskEventTypes, "RiskEventTypes"),
    source: ctx.source,
    sourceLine: line,
  };
}
