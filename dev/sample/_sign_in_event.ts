// Private: the sign-in event model of the generator, Conditional Access evaluation, and the
// rendering of an event as a Graph beta signIn object.

import type { GraphObject } from "./dataset.ts";
import type { Prng } from "./prng.ts";
import { isoSeconds } from "./_time.ts";
import { SAMPLE_TENANT } from "./tenant.ts";
import { SAMPLE_CA_POLICIES, type SampleCaPolicyKey } from "./conditional_access_policies.ts";
import type { UserPlan } from "./_user_plan.ts";
import { PHISHING_RESISTANT_METHODS } from "./_methods.ts";
import {
  DEVICE_KINDS,
  type DeviceKindName,
  failureReasonFor,
  type SampleApp,
  type SampleDeviceKind,
  type SampleManagedIdentity,
  type SamplePlace,
  type SampleServicePrincipal,
} from "./_world.ts";

/** How the MFA requirement of a user sign-in ended (drives CA results). */
export type MfaState = "done" | "claim" | "skipped" | "pending" | "failed" | "none";

export interface AuthStep {
  method: string | null;
  detail: string | null;
  succeeded: boolean;
  result: string;
  requirement: string;
  /** Seconds before the row's createdDateTime. */
  before: number;
}

export interface RiskSpec {
  levelDuringSignIn: string;
  levelAggregated: string;
  state: string;
  detail: string;
  eventTypes: string[];
}

export const NO_RISK: RiskSpec = {
  levelDuringSignIn: "none",
  levelAggregated: "none",
  state: "none",
  detail: "none",
  eventTypes: [],
};

export interface UserEvent {
  user: UserPlan;
  eventTypes: string[];
  interactive: boolean;
  app: SampleApp;
  clientAppUsed: string;
  legacy: boolean;
  device: DeviceKindName;
  place: SamplePlace;
  ip: string;
  errorCode: number;
  additionalDetails: string | null;
  requirement: string;
  requirementPolicies: { requirementProvider: string; detail: string }[];
  steps: AuthStep[];
  mfa: MfaState;
  /** A phishing-resistant method was used. */
  strong: boolean;
  /** Primary authentication failed or the account is unusable: CA wasn't evaluated. */
  caNotEvaluated: boolean;
  risk: RiskSpec;
  crossTenantAccessType: string;
  homeTenantId: string;
  resourceTenantId: string;
  tokenIssuerType: string;
  tokenIssuerName: string;
  incomingTokenType: string;
  authenticationProtocol: string;
  clientCredentialType: string;
  networkLocationDetails: { networkType: string; networkNames: string[] }[];
  caStatusOverride?: string;
  policyOverrides?: Partial<Record<SampleCaPolicyKey, string>>;
  flaggedForReview: boolean;
  /** Blanks app, resource and client fields, as on-premises MFA rows (NPS, AD FS) do. */
  onPremises?: true;
}

export interface AppOnlyEvent {
  kind: "servicePrincipal" | "managedIdentity";
  sp: SampleServicePrincipal | SampleManagedIdentity;
  errorCode: number;
  clientCredentialType: string;
  place: SamplePlace;
  ip: string;
}

const ENFORCED: ReadonlySet<SampleCaPolicyKey> = new Set(
  (Object.keys(SAMPLE_CA_POLICIES) as SampleCaPolicyKey[]).filter((k) =>
    SAMPLE_CA_POLICIES[k].state === "enabled"
  ),
);

const POLICY_KEYS = Object.keys(SAMPLE_CA_POLICIES) as SampleCaPolicyKey[];

function notEvaluatedResult(key: SampleCaPolicyKey): string {
  const state = SAMPLE_CA_POLICIES[key].state;
  return state === "disabled" ? "notEnabled" : state === "enabled" ? "notApplied" : "reportOnlyNotApplied";
}

/** Per-policy results for a user sign-in. */
export function evaluateCa(ev: UserEvent): Record<SampleCaPolicyKey, string> {
  const out = {} as Record<SampleCaPolicyKey, string>;
  for (const k of POLICY_KEYS) out[k] = notEvaluatedResult(k);
  if (!ev.caNotEvaluated) {
    const u = ev.user;
    const bg = u.kind === "breakGlass";
    const svc = u.kind === "service";
    const admin = u.isAdmin && !bg;
    const modern = !ev.legacy;
    const mfaOk = ev.mfa === "done" || ev.mfa === "claim" || ev.mfa === "skipped";
    const mfaResult = mfaOk ? "success" : "failure";
    const device: SampleDeviceKind = DEVICE_KINDS[ev.device];
    const member = u.userType === "member" && ev.homeTenantId === SAMPLE_TENANT.tenantId;
    if (admin && modern) out.adminMfa = mfaResult;
    if (!bg && !svc && !u.caExcluded && modern) out.allUsersMfa = mfaResult;
    if (ev.legacy && !svc && !bg) out.blockLegacy = "failure";
    if (member && modern && !svc && !bg) {
      out.compliantDeviceReportOnly = device.isCompliant ? "reportOnlySuccess" : "reportOnlyFailure";
    }
    const risky = ev.risk.levelDuringSignIn === "medium" || ev.risk.levelDuringSignIn === "high";
    if (risky && modern && !bg) out.riskyMfa = mfaResult;
    if (member && ev.interactive && modern && !svc && !bg) out.signInFrequency = "success";
    if (admin && modern) {
      out.phishingResistantAdminsReportOnly = ev.strong
        ? "reportOnlySuccess"
        : ev.mfa === "pending" || u.methods.some((m) => PHISHING_RESISTANT_METHODS.has(m))
        ? "reportOnlyInterrupted"
        : "reportOnlyFailure";
    }
    if (ev.app.azureManagement === true && modern && !bg) {
      out.azureManagementDevice = device.isCompliant || device.trustType === "Hybrid Azure AD joined"
        ? "success"
        : "failure";
    }
  }
  if (ev.policyOverrides !== undefined) {
    for (const k of POLICY_KEYS) {
      const v = ev.policyOverrides[k];
      if (v !== undefined) out[k] = v;
    }
  }
  return out;
}

/** conditionalAccessStatus from per-policy results. */
export function caStatus(results: Record<SampleCaPolicyKey, string>, notEvaluated: boolean): string {
  if (notEvaluated) return "notApplied";
  let success = false;
  for (const k of ENFORCED) {
    if (results[k] === "failure") return "failure";
    if (results[k] === "success") success = true;
  }
  return success ? "success" : "notApplied";
}

const METHODS_USED: Readonly<Record<string, string>> = {
  "Password": "Password",
  "Text message": "SMS",
  "Mobile app notification": "Authenticator App",
  "Passwordless phone sign-in": "Authenticator App",
  "Microsoft Authenticator App": "Authenticator App",
  "Mobile app verification code": "App Verification code",
  "OATH verification code": "App Verification code",
  "Software OATH token": "App Verification code",
  "FIDO2 security key": "FIDO",
  "Passkey (device-bound)": "FIDO",
};

const LEGACY_MFA_LABEL: Readonly<Record<string, string>> = {
  "Phone call": "Phone call (Authentication phone)",
  "Voice": "Phone call (Alternate authentication phone)",
  "OATH verification code": "Mobile app verification code",
};

const V1_RISK_EVENT_TYPES: ReadonlySet<string> = new Set([
  "unlikelyTravel",
  "anonymizedIPAddress",
  "maliciousIPAddress",
  "unfamiliarFeatures",
  "malwareInfectedIPAddress",
  "suspiciousIPAddress",
  "leakedCredentials",
  "investigationsThreatIntelligence",
  "generic",
  "adminConfirmedUserCompromised",
  "mcasImpossibleTravel",
  "mcasSuspiciousInboxManipulationRules",
  "investigationsThreatIntelligenceSigninLinked",
  "maliciousIPAddressValidCredentialsBlockedIP",
]);

/** Step methods that reuse an earlier MFA claim: no mfaDetail for them. */
const REUSED_CLAIM: ReadonlySet<string> = new Set([
  "Previously satisfied",
  "Satisfied by token",
  "Claim in the token",
]);

function mfaDetailOf(ev: UserEvent): GraphObject | null {
  const step = ev.steps.find((s) =>
    s.requirement === "Multifactor authentication" && s.method !== null && !REUSED_CLAIM.has(s.method)
  );
  if (step === undefined || step.method === null) return null;
  const phone = step.method === "Text message" || step.method === "Phone call" || step.method === "Voice";
  return {
    authMethod: LEGACY_MFA_LABEL[step.method] ?? step.method,
    authDetail: phone ? `+X XXXXXXXX${String(ev.user.phoneSuffix).padStart(2, "0")}` : null,
  };
}

// Sub-objects that are the same on many rows are shared and frozen (fewer allocations when
// streaming millions of rows; a consumer that tries to modify one gets a TypeError).

const PROCESSING_DETAILS = Object.freeze([
  Object.freeze({ key: "Legacy TLS (TLS 1.0, 1.1, 3DES)", value: "False" }),
  Object.freeze({ key: "Is CAE Token", value: "False" }),
]);

const NO_MSI = Object.freeze({
  msiType: "none",
  associatedResourceId: null,
  federatedTokenId: null,
  federatedTokenIssuer: null,
});

const APPLIED_CACHE = new Map<string, Readonly<GraphObject>>();

function appliedPolicy(key: SampleCaPolicyKey, result: string): Readonly<GraphObject> {
  const cacheKey = `${key}|${result}`;
  let entry = APPLIED_CACHE.get(cacheKey);
  if (entry === undefined) {
    const p = SAMPLE_CA_POLICIES[key];
    entry = Object.freeze({
      id: p.id,
      displayName: p.displayName,
      enforcedGrantControls: Object.freeze([...p.enforcedGrantControls]),
      enforcedSessionControls: Object.freeze([...p.enforcedSessionControls]),
      result,
    });
    APPLIED_CACHE.set(cacheKey, entry);
  }
  return entry;
}

const LOCATION_CACHE = new WeakMap<SamplePlace, Readonly<GraphObject>>();

function locationOf(place: SamplePlace): Readonly<GraphObject> {
  let loc = LOCATION_CACHE.get(place);
  if (loc === undefined) {
    loc = Object.freeze({
      city: place.city,
      state: place.state,
      countryOrRegion: place.countryOrRegion,
      geoCoordinates: Object.freeze({ altitude: null, latitude: place.latitude, longitude: place.longitude }),
    });
    LOCATION_CACHE.set(place, loc);
  }
  return loc;
}

/** Renders a user sign-in event as a Graph beta signIn object. */
export function renderUserEvent(
  ev: UserEvent,
  id: string,
  correlationId: string,
  timeMs: number,
  rng: Prng,
): GraphObject {
  const u = ev.user;
  const results = evaluateCa(ev);
  let errorCode = ev.errorCode;
  if (errorCode === 0 && !ev.caNotEvaluated) {
    if (results.blockLegacy === "failure") errorCode = 53003;
    else if (results.azureManagementDevice === "failure") errorCode = 53000;
  }
  const status = ev.caStatusOverride ?? caStatus(results, ev.caNotEvaluated);
  const applied = POLICY_KEYS.map((k) => appliedPolicy(k, results[k]));
  const device = DEVICE_KINDS[ev.device];
  const methodsUsed: string[] = [];
  for (const s of ev.steps) {
    if (!s.succeeded || s.method === null) continue;
    const label = METHODS_USED[s.method];
    if (label !== undefined && !methodsUsed.includes(label)) methodsUsed.push(label);
  }
  const onPrem = ev.onPremises === true;
  const guestHome = ev.homeTenantId !== SAMPLE_TENANT.tenantId;
  return {
    id,
    createdDateTime: isoSeconds(timeMs),
    userDisplayName: u.displayName,
    userPrincipalName: u.upn,
    userId: u.id,
    appId: onPrem ? "" : ev.app.appId,
    appDisplayName: onPrem ? "" : ev.app.appDisplayName,
    ipAddress: ev.ip,
    ipAddressFromResourceProvider: null,
    clientAppUsed: onPrem ? "" : ev.clientAppUsed,
    userAgent: onPrem ? "" : device.userAgent,
    correlationId,
    conditionalAccessStatus: status,
    originalRequestId: id,
    isInteractive: ev.interactive,
    tokenIssuerName: ev.tokenIssuerName,
    tokenIssuerType: ev.tokenIssuerType,
    clientCredentialType: ev.clientCredentialType,
    processingTimeInMilliseconds: rng.int(40, 900),
    riskDetail: ev.risk.detail,
    riskLevelAggregated: ev.risk.levelAggregated,
    riskLevelDuringSignIn: ev.risk.levelDuringSignIn,
    riskState: ev.risk.state,
    riskEventTypes: ev.risk.eventTypes.map((t) => V1_RISK_EVENT_TYPES.has(t) ? t : "unknownFutureValue"),
    riskEventTypes_v2: [...ev.risk.eventTypes],
    resourceDisplayName: onPrem ? "" : ev.app.resourceDisplayName,
    resourceId: onPrem ? "" : ev.app.resourceId,
    resourceTenantId: ev.resourceTenantId,
    homeTenantId: ev.homeTenantId,
    homeTenantName: guestHome ? "" : SAMPLE_TENANT.displayName,
    authenticationMethodsUsed: methodsUsed,
    authenticationRequirement: ev.requirement,
    signInIdentifier: u.upn,
    signInIdentifierType: "userPrincipalName",
    servicePrincipalName: "",
    servicePrincipalId: "",
    userType: u.userType,
    flaggedForReview: ev.flaggedForReview,
    isTenantRestricted: false,
    autonomousSystemNumber: ev.place.asn,
    crossTenantAccessType: ev.crossTenantAccessType,
    servicePrincipalCredentialKeyId: "",
    servicePrincipalCredentialThumbprint: "",
    uniqueTokenIdentifier: rng.base64url(22),
    incomingTokenType: ev.incomingTokenType,
    authenticationProtocol: ev.authenticationProtocol,
    resourceServicePrincipalId: onPrem ? "" : ev.app.resourceId,
    signInTokenProtectionStatus: "none",
    originalTransferMethod: "none",
    isThroughGlobalSecureAccess: false,
    globalSecureAccessIpAddress: "",
    sessionId: ev.interactive ? "" : correlationId,
    appOwnerTenantId: SAMPLE_TENANT.tenantId,
    resourceOwnerTenantId: ev.resourceTenantId,
    mfaDetail: mfaDetailOf(ev),
    status: {
      errorCode,
      failureReason: failureReasonFor(errorCode, ev.app.resourceId),
      additionalDetails: ev.additionalDetails,
    },
    deviceDetail: {
      deviceId: u.device === ev.device ? u.deviceId : "",
      displayName: u.device === ev.device ? u.deviceName : "",
      operatingSystem: device.operatingSystem,
      browser: device.browser,
      isCompliant: device.isCompliant,
      isManaged: device.isManaged,
      trustType: device.trustType,
      browserId: "",
    },
    location: locationOf(ev.place),
    appliedConditionalAccessPolicies: applied,
    authenticationContextClassReferences: [],
    authenticationProcessingDetails: PROCESSING_DETAILS,
    networkLocationDetails: ev.networkLocationDetails.map((n) => ({
      ...n,
      networkNames: [...n.networkNames],
    })),
    authenticationDetails: ev.steps.map((s) => ({
      authenticationStepDateTime: isoSeconds(timeMs - s.before * 1000),
      authenticationMethod: s.method,
      authenticationMethodDetail: s.detail,
      succeeded: s.succeeded,
      authenticationStepResultDetail: s.result,
      authenticationStepRequirement: s.requirement,
    })),
    authenticationRequirementPolicies: ev.requirementPolicies.map((p) => ({ ...p })),
    sessionLifetimePolicies: [],
    signInEventTypes: [...ev.eventTypes],
    managedServiceIdentity: NO_MSI,
    authenticationAppDeviceDetails: null,
    authenticationAppPolicyEvaluationDetails: [],
    appliedEventListeners: [],
    privateLinkDetails: null,
  };
}

/** Renders a service-principal or managed-identity sign-in. */
export function renderAppOnlyEvent(
  ev: AppOnlyEvent,
  id: string,
  correlationId: string,
  timeMs: number,
  rng: Prng,
): GraphObject {
  const msi = ev.kind === "managedIdentity" ? ev.sp as SampleManagedIdentity : undefined;
  const certificate = ev.clientCredentialType === "certificate";
  return {
    id,
    createdDateTime: isoSeconds(timeMs),
    userDisplayName: "",
    userPrincipalName: "",
    userId: "",
    appId: ev.sp.appId,
    appDisplayName: ev.sp.name,
    ipAddress: ev.ip,
    ipAddressFromResourceProvider: null,
    clientAppUsed: "",
    userAgent: "",
    correlationId,
    conditionalAccessStatus: "notApplied",
    originalRequestId: id,
    isInteractive: false,
    tokenIssuerName: "",
    tokenIssuerType: "AzureAD",
    clientCredentialType: ev.clientCredentialType,
    processingTimeInMilliseconds: rng.int(20, 300),
    riskDetail: "none",
    riskLevelAggregated: "none",
    riskLevelDuringSignIn: "none",
    riskState: "none",
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: ev.sp.resource[1],
    resourceId: ev.sp.resource[0],
    resourceTenantId: SAMPLE_TENANT.tenantId,
    homeTenantId: SAMPLE_TENANT.tenantId,
    homeTenantName: SAMPLE_TENANT.displayName,
    authenticationMethodsUsed: [],
    authenticationRequirement: "singleFactorAuthentication",
    signInIdentifier: "",
    signInIdentifierType: null,
    servicePrincipalName: ev.sp.name,
    servicePrincipalId: ev.sp.id,
    userType: null,
    flaggedForReview: false,
    isTenantRestricted: false,
    autonomousSystemNumber: ev.place.asn,
    crossTenantAccessType: "none",
    servicePrincipalCredentialKeyId: msi === undefined ? `5c${ev.sp.id.slice(2)}` : "",
    servicePrincipalCredentialThumbprint: certificate ? "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567" : "",
    uniqueTokenIdentifier: rng.base64url(22),
    incomingTokenType: "none",
    authenticationProtocol: "none",
    resourceServicePrincipalId: ev.sp.resource[0],
    signInTokenProtectionStatus: "none",
    originalTransferMethod: "none",
    isThroughGlobalSecureAccess: false,
    globalSecureAccessIpAddress: "",
    sessionId: "",
    appOwnerTenantId: SAMPLE_TENANT.tenantId,
    resourceOwnerTenantId: SAMPLE_TENANT.tenantId,
    mfaDetail: null,
    status: {
      errorCode: ev.errorCode,
      failureReason: failureReasonFor(ev.errorCode, ev.sp.resource[0]),
      additionalDetails: null,
    },
    deviceDetail: {
      deviceId: "",
      displayName: "",
      operatingSystem: "",
      browser: "",
      isCompliant: false,
      isManaged: false,
      trustType: "",
      browserId: "",
    },
    location: locationOf(ev.place),
    appliedConditionalAccessPolicies: [],
    authenticationContextClassReferences: [],
    authenticationProcessingDetails: [],
    networkLocationDetails: [],
    authenticationDetails: [],
    authenticationRequirementPolicies: [],
    sessionLifetimePolicies: [],
    signInEventTypes: [ev.kind],
    managedServiceIdentity: {
      msiType: msi?.msiType ?? "none",
      associatedResourceId: msi?.associatedResourceId ?? null,
      federatedTokenId: null,
      federatedTokenIssuer: null,
    },
    authenticationAppDeviceDetails: null,
    authenticationAppPolicyEvaluationDetails: [],
    appliedEventListeners: [],
    privateLinkDetails: null,
  };
}
