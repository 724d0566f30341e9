/**
 * Test helper (private): a complete {@linkcode SignIn} with every field null unless given, for
 * the tests of this folder and of lib/signins_report.
 *
 * @module
 */
import type { SignIn } from "../../lib/signins/sign_in.ts";

const SOURCE = { format: "graph-ndjson", file: "test.ndjson" } as const;

/**
 * A sign-in row: every property `null` except those given.
 *
 * @example
 * ```ts
 * import { testSignIn } from "./test_sign_in.ts";
 * import assert from "node:assert/strict";
 * assert.equal(testSignIn({ id: "x" }).userPrincipalName, null);
 * ```
 */
export function testSignIn(fields: Partial<SignIn>): SignIn {
  const at = fields.createdDateTime ?? null;
  return {
    id: null,
    correlationId: null,
    originalRequestId: null,
    uniqueTokenIdentifier: null,
    sessionId: null,
    createdDateTime: at,
    createdAtMs: at === null ? null : Date.parse(at),
    userId: null,
    userPrincipalName: null,
    userDisplayName: null,
    userType: null,
    clientAppUsed: null,
    isInteractive: null,
    eventType: null,
    signInEventTypes: null,
    authenticationRequirement: null,
    authenticationRequirementPolicies: null,
    authenticationDetails: null,
    authenticationMethodsUsed: null,
    mfaDetail: null,
    authenticationProtocol: null,
    userAgent: null,
    appId: null,
    appDisplayName: null,
    resourceId: null,
    resourceDisplayName: null,
    servicePrincipalId: null,
    servicePrincipalName: null,
    ipAddress: null,
    city: null,
    state: null,
    countryOrRegion: null,
    deviceId: null,
    os: null,
    browser: null,
    isCompliant: null,
    isManaged: null,
    trustType: null,
    errorCode: null,
    failureReason: null,
    additionalDetails: null,
    resultStatus: null,
    conditionalAccessStatus: null,
    appliedConditionalAccessPolicies: null,
    crossTenantAccessType: null,
    homeTenantId: null,
    resourceTenantId: null,
    homeTenantName: null,
    tokenIssuerType: null,
    tokenIssuerName: null,
    incomingTokenType: null,
    clientCredentialType: null,
    riskLevelDuringSignIn: null,
    riskLevelAggregated: null,
    riskState: null,
    riskDetail: null,
    riskEventTypes: null,
    source: SOURCE,
    sourceLine: 1,
    ...fields,
  };
}
