// Private: sign-in scenarios. Filler scenarios are drawn at random per user; the catalogue is a
// fixed list emitted once per tenant so that every outcome, enum member and edge case appears.

import type { GraphObject } from "./dataset.ts";
import type { Prng } from "./prng.ts";
import { SAMPLE_TENANT } from "./tenant.ts";
import { type RosterTag, rosterUser, type UserPlan } from "./_user_plan.ts";
import {
  type AppOnlyEvent,
  type AuthStep,
  NO_RISK,
  renderAppOnlyEvent,
  renderUserEvent,
  type RiskSpec,
  type UserEvent,
} from "./_sign_in_event.ts";
import {
  APPS,
  DATACENTER,
  DEVICE_KINDS,
  HOME_PLACES,
  INTERACTIVE_APPS,
  ipIn,
  LEGACY_CLIENTS,
  MANAGED_IDENTITIES,
  NON_INTERACTIVE_APPS,
  RISKY_PLACES,
  type SampleApp,
  type SamplePlace,
  SERVICE_PRINCIPALS,
} from "./_world.ts";

/** Where scenarios write rows: one time window (an hour) of the sign-in log. */
export interface Emitter {
  rng: Prng;
  plans: readonly UserPlan[];
  startMs: number;
  spanMs: number;
  rows: GraphObject[];
  /** Probability that a row is delivered twice (same id). */
  duplicateRate: number;
}

// ---------------------------------------------------------------------------------------------
// Phrases as Graph writes them in status.additionalDetails / authenticationStepResultDetail.

export const SATISFIED = {
  cloud: "MFA completed in the cloud",
  expired: "MFA requirement has expired due to the policies configured on tenant",
  registration: "MFA registration prompted",
  claim: "MFA requirement satisfied by claim in the token",
  external: "MFA requirement satisfied by claim provided by external provider",
  strong: "MFA requirement satisfied by strong authentication",
  broker: "MFA requirement skipped as flow exercised was Windows broker logon flow",
  appPassword: "MFA requirement skipped due to app password",
  location: "MFA requirement skipped due to location",
  registeredDevice: "MFA requirement skipped due to registered device",
  rememberedDevice: "MFA requirement skipped due to remembered device",
  success: "MFA successfully completed",
  redirect: "Redirected to external provider for multi-factor authentication",
  azureAd: "MFA completed in Azure AD",
} as const;

const MFA_REQUIRED = "MFA required in Azure AD";
const FIRST_FACTOR_CLAIM = "First factor requirement satisfied by claim in the token";

/** Denied reasons and the method label the catalogue shows them with. */
export const DENIED: readonly (readonly [string, string | null])[] = [
  ["authentication in-progress", "Mobile app notification"],
  ["duplicate authentication attempt", "Mobile app notification"],
  ["entered incorrect code too many times", "Text message"],
  ["invalid authentication", "OATH verification code"],
  ["invalid mobile app verification code", "Mobile app verification code"],
  ["misconfiguration", "Mobile app notification"],
  ["phone call went to voicemail", "Phone call"],
  ["phone number has an invalid format", "Text message"],
  ["service error", "Mobile app notification"],
  ["unable to reach the user's phone", "Phone call"],
  ["unable to send the mobile app notification to the device", "Mobile app notification"],
  ["unable to send the mobile app notification", "Mobile app notification"],
  ["user declined the authentication", "Mobile app notification"],
  ["user did not respond to mobile app notification", "Mobile app notification"],
  ["user does not have any verification methods registered", null],
  ["user entered incorrect code", "Text message"],
  ["user entered incorrect PIN", "Phone call"],
  ["user hung up the phone call without succeeding the authentication", "Phone call"],
  ["user is blocked", "Mobile app notification"],
  ["user never entered the verification code", "Text message"],
  ["user not found", null],
  ["verification code already used once", "OATH verification code"],
];

const denied = (reason: string) => `MFA denied; ${reason}`;

const DENIED_BY_LABEL: Readonly<Record<string, readonly string[]>> = {
  "Mobile app notification": [
    "user declined the authentication",
    "user did not respond to mobile app notification",
    "user did not respond to mobile app notification",
    "unable to send the mobile app notification to the device",
    "duplicate authentication attempt",
    "authentication in-progress",
  ],
  "Mobile app verification code": ["invalid mobile app verification code"],
  "Text message": ["user entered incorrect code", "user never entered the verification code"],
  "Phone call": ["unable to reach the user's phone", "phone call went to voicemail"],
  "OATH verification code": ["user entered incorrect code", "verification code already used once"],
};

// ---------------------------------------------------------------------------------------------
// Building blocks.

const EXCHANGE_LEGACY: SampleApp = {
  appId: "0a000002-5a3e-4e00-8000-00000000c002",
  appDisplayName: "Office 365 Exchange Online",
  resourceId: "0a000002-5a3e-4e00-8000-00000000c002",
  resourceDisplayName: "Office 365 Exchange Online",
  clientAppUsed: "Browser",
  authenticationProtocol: "ropc",
};

function pickTime(e: Emitter, lead = 120): number {
  const span = Math.max(1, Math.floor(e.spanMs / 1000) - lead - 1);
  return e.startMs + (lead + Math.floor(e.rng.next() * span)) * 1000;
}

function passwordOk(before: number): AuthStep {
  return {
    method: "Password",
    detail: "Password in the cloud",
    succeeded: true,
    result: "Correct password",
    requirement: "Primary authentication",
    before,
  };
}

function step(
  method: string | null,
  result: string,
  succeeded = true,
  detail: string | null = null,
): AuthStep {
  return { method, detail, succeeded, result, requirement: "Multifactor authentication", before: 0 };
}

function travelPlace(e: Emitter, user: UserPlan): SamplePlace {
  return e.rng.chance(0.9) ? user.home : e.rng.pick(HOME_PLACES);
}

export function baseEvent(e: Emitter, user: UserPlan, interactive: boolean, app?: SampleApp): UserEvent {
  const rng = e.rng;
  const chosen = app ?? rng.weighted(interactive ? INTERACTIVE_APPS : NON_INTERACTIVE_APPS);
  const place = travelPlace(e, user);
  const guest = user.homeTenantId !== SAMPLE_TENANT.tenantId;
  const prt = !interactive && DEVICE_KINDS[user.device].trustType.endsWith("joined") &&
    (chosen === APPS.broker || chosen === APPS.windowsSignIn);
  const atHq = place === HOME_PLACES[0] && !guest;
  return {
    user,
    eventTypes: [interactive ? "interactiveUser" : "nonInteractiveUser"],
    interactive,
    app: chosen,
    clientAppUsed: chosen.clientAppUsed,
    legacy: false,
    device: user.device,
    place,
    ip: ipIn(place, rng),
    errorCode: 0,
    additionalDetails: null,
    requirement: "singleFactorAuthentication",
    requirementPolicies: [],
    steps: [],
    mfa: "none",
    strong: false,
    caNotEvaluated: false,
    risk: NO_RISK,
    crossTenantAccessType: guest ? "b2bCollaboration" : "none",
    homeTenantId: user.homeTenantId,
    resourceTenantId: SAMPLE_TENANT.tenantId,
    tokenIssuerType: "AzureAD",
    tokenIssuerName: "",
    incomingTokenType: interactive ? "none" : prt ? "primaryRefreshToken" : "refreshToken",
    authenticationProtocol: interactive ? chosen.authenticationProtocol : "none",
    clientCredentialType: "none",
    networkLocationDetails: atHq ? [{ networkType: "namedNetwork", networkNames: ["Contoso HQ"] }] : [],
    flaggedForReview: false,
  };
}

function requireMfa(ev: UserEvent): void {
  ev.requirement = "multiFactorAuthentication";
  ev.requirementPolicies = ev.user.perUserMfa
    ? [{ requirementProvider: "user", detail: "Per-user MFA" }]
    : [{ requirementProvider: "multiConditionalAccess", detail: "Conditional Access" }];
}

function mfaDone(
  ev: UserEvent,
  label: string | null,
  phrase: string,
  detail: string | null = null,
  rng?: Prng,
): UserEvent {
  requireMfa(ev);
  ev.mfa = "done";
  ev.additionalDetails = phrase;
  ev.steps = [passwordOk(rng === undefined ? 12 : rng.int(6, 40)), step(label, phrase, true, detail)];
  return ev;
}

function passwordlessDone(ev: UserEvent, label: string, detail: string | null, strong: boolean): UserEvent {
  requireMfa(ev);
  ev.mfa = "done";
  ev.strong = strong;
  ev.additionalDetails = SATISFIED.strong;
  ev.steps = [{
    method: label,
    detail,
    succeeded: true,
    result: SATISFIED.strong,
    requirement: "Primary authentication",
    before: 0,
  }];
  if (label === "Windows Hello for Business") ev.incomingTokenType = "primaryRefreshToken";
  return ev;
}

function claimed(ev: UserEvent, single: boolean): UserEvent {
  ev.mfa = "claim";
  const first: AuthStep = {
    method: "Previously satisfied",
    detail: null,
    succeeded: true,
    result: FIRST_FACTOR_CLAIM,
    requirement: "Primary authentication",
    before: 0,
  };
  if (single) {
    ev.requirement = "singleFactorAuthentication";
    ev.steps = [first];
    return ev;
  }
  requireMfa(ev);
  ev.additionalDetails = SATISFIED.claim;
  ev.steps = [first, step("Previously satisfied", SATISFIED.claim)];
  return ev;
}

function skipped(ev: UserEvent, phrase: string, method: string | null): UserEvent {
  requireMfa(ev);
  ev.mfa = "skipped";
  ev.additionalDetails = phrase;
  ev.steps = [passwordOk(2), step(method, phrase)];
  return ev;
}

function deniedMfa(ev: UserEvent, label: string | null, reason: string, code = 500121): UserEvent {
  requireMfa(ev);
  ev.mfa = "failed";
  ev.errorCode = code;
  ev.additionalDetails = denied(reason);
  ev.steps = [passwordOk(20), step(label, denied(reason), false)];
  return ev;
}

function primaryFailure(ev: UserEvent, code: number, result: string): UserEvent {
  ev.errorCode = code;
  ev.caNotEvaluated = true;
  ev.mfa = "none";
  ev.steps = [{
    method: "Password",
    detail: "Password in the cloud",
    succeeded: false,
    result,
    requirement: "Primary authentication",
    before: 0,
  }];
  return ev;
}

function singleFactor(ev: UserEvent): UserEvent {
  ev.requirement = "singleFactorAuthentication";
  ev.mfa = "none";
  ev.steps = [passwordOk(0)];
  return ev;
}

/** A copy of `ev` as the interrupt row logged before MFA completes. */
function interruptOf(ev: UserEvent, code = 50074): UserEvent {
  const pre: UserEvent = { ...ev, steps: [passwordOk(0)], errorCode: code, mfa: "pending", strong: false };
  requireMfa(pre);
  pre.additionalDetails = MFA_REQUIRED;
  return pre;
}

function legacyEvent(e: Emitter, user: UserPlan, client: string, place?: SamplePlace): UserEvent {
  const ev = baseEvent(e, user, true, EXCHANGE_LEGACY);
  ev.clientAppUsed = client;
  ev.legacy = true;
  ev.device = "legacyClient";
  ev.authenticationProtocol = "ropc";
  ev.networkLocationDetails = [];
  if (place !== undefined) {
    ev.place = place;
    ev.ip = ipIn(place, e.rng);
  }
  return singleFactor(ev);
}

function withRisk(e: Emitter, ev: UserEvent, risk: RiskSpec): UserEvent {
  const place = e.rng.pick(RISKY_PLACES);
  ev.place = place;
  ev.ip = ipIn(place, e.rng);
  ev.risk = risk;
  ev.networkLocationDetails = [];
  if (risk.levelDuringSignIn === "medium" || risk.levelDuringSignIn === "high") {
    ev.requirementPolicies = [...ev.requirementPolicies, {
      requirementProvider: "riskBasedPolicy",
      detail: "Risk-based Conditional Access",
    }];
  }
  return ev;
}

function risk(
  levelDuringSignIn: string,
  state: string,
  detail: string,
  eventTypes: string[],
  levelAggregated = levelDuringSignIn,
): RiskSpec {
  return { levelDuringSignIn, levelAggregated, state, detail, eventTypes };
}

/** Emits events sharing one correlationId; the last at `t`, earlier ones seconds before. */
export function emitChain(e: Emitter, events: readonly UserEvent[], t = pickTime(e)): void {
  const rng = e.rng;
  const correlationId = rng.uuid();
  let time = t;
  const times: number[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    times[i] = time;
    time -= rng.int(3, 35) * 1000;
  }
  for (let i = 0; i < events.length; i++) {
    const ev = events[i] as UserEvent;
    const row = renderUserEvent(ev, rng.uuid(), correlationId, times[i] as number, rng);
    e.rows.push(row);
    if (e.duplicateRate > 0 && rng.chance(e.duplicateRate)) e.rows.push(structuredClone(row));
  }
}

function emitOne(e: Emitter, ev: UserEvent): GraphObject {
  emitChain(e, [ev]);
  return e.rows[e.rows.length - 1] as GraphObject;
}

function emitAppOnly(e: Emitter, ev: AppOnlyEvent): void {
  const rng = e.rng;
  e.rows.push(renderAppOnlyEvent(ev, rng.uuid(), rng.uuid(), pickTime(e, 1), rng));
}

// ---------------------------------------------------------------------------------------------
// Which method a user completes MFA with.

type MfaChoice =
  | { kind: "passwordless"; label: string; detail: string | null; strong: boolean }
  | { kind: "second"; label: string; detail: string | null }
  | { kind: "external" };

const PASSWORDLESS_CHOICES: readonly (readonly [string, string, string | null, boolean])[] = [
  ["fido2SecurityKey", "FIDO2 security key", "YubiKey 5 NFC", true],
  ["passKeyDeviceBoundAuthenticator", "Passkey (device-bound)", "Microsoft Authenticator - iOS", true],
  ["passKeyDeviceBound", "Passkey (device-bound)", "Contoso Security Key Passkey", true],
  ["passKeyDeviceBoundWindowsHello", "Passkey (device-bound)", "Windows Hello", true],
  ["passKeySynced", "Passkey (synced)", "iCloud Keychain", true],
  ["macOsSecureEnclaveKey", "Passkey (device-bound)", "Platform credential for macOS", true],
  ["windowsHelloForBusiness", "Windows Hello for Business", null, true],
  ["microsoftAuthenticatorPasswordless", "Passwordless phone sign-in", null, false],
];

function chooseMfa(user: UserPlan, rng: Prng): MfaChoice | null {
  if (user.notCapable) return null;
  const m = user.methods;
  const windows = DEVICE_KINDS[user.device].operatingSystem === "Windows10";
  const options = PASSWORDLESS_CHOICES.filter(([method]) =>
    m.includes(method) && (method !== "windowsHelloForBusiness" || windows) &&
    (method !== "macOsSecureEnclaveKey" || user.device === "mac")
  );
  if (options.length > 0 && rng.chance(0.75)) {
    const [, label, detail, strong] = rng.pick(options);
    return { kind: "passwordless", label, detail, strong };
  }
  if (m.includes("microsoftAuthenticatorPush")) {
    return {
      kind: "second",
      label: rng.chance(0.9) ? "Mobile app notification" : "Mobile app verification code",
      detail: null,
    };
  }
  if (m.includes("softwareOneTimePasscode") || m.includes("hardwareOneTimePasscode")) {
    return { kind: "second", label: "OATH verification code", detail: null };
  }
  if (m.includes("mobilePhone")) {
    return { kind: "second", label: rng.chance(0.85) ? "Text message" : "Phone call", detail: null };
  }
  if (m.includes("externalAuthMethod")) return { kind: "external" };
  if (options.length > 0) {
    const [, label, detail, strong] = rng.pick(options);
    return { kind: "passwordless", label, detail, strong };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Filler scenarios.

const COMPLETED_PHRASES = [[SATISFIED.success, 6], [SATISFIED.cloud, 3], [SATISFIED.azureAd, 1]] as const;

type MemberScenario =
  | "complete"
  | "claim"
  | "remembered"
  | "registeredDevice"
  | "location"
  | "denied"
  | "wrongPassword"
  | "kmsi"
  | "risky"
  | "expired"
  | "legacy"
  | "outbound"
  | "onPremises"
  | "azurePortal";

const MEMBER_INTERACTIVE: readonly (readonly [MemberScenario, number])[] = [
  ["complete", 50],
  ["claim", 22],
  ["remembered", 3],
  ["registeredDevice", 2],
  ["location", 1],
  ["denied", 5],
  ["wrongPassword", 4],
  ["kmsi", 2],
  ["risky", 1.5],
  ["expired", 1],
  ["legacy", 1.5],
  ["outbound", 1],
  ["onPremises", 0.7],
];

const ADMIN_INTERACTIVE: readonly (readonly [MemberScenario, number])[] = [...MEMBER_INTERACTIVE, [
  "azurePortal",
  12,
]];

/** The rows of a completed MFA sign-in: sometimes an interrupt row first, then the completion. */
function completion(e: Emitter, ev: UserEvent, choice: MfaChoice): UserEvent[] {
  const rng = e.rng;
  if (choice.kind === "passwordless") {
    return [passwordlessDone(ev, choice.label, choice.detail, choice.strong)];
  }
  if (choice.kind === "external") {
    const done = mfaDone(ev, null, SATISFIED.external, null, rng);
    done.steps = [
      passwordOk(30),
      step("External authentication method", SATISFIED.external, true, "Northwind MFA"),
    ];
    return [{ ...interruptOf(done, 50158), additionalDetails: SATISFIED.redirect }, done];
  }
  const done = mfaDone(ev, choice.label, rng.weighted(COMPLETED_PHRASES), choice.detail, rng);
  return rng.chance(0.35) ? [interruptOf(done, rng.chance(0.8) ? 50074 : 50076), done] : [done];
}

function completeWith(e: Emitter, ev: UserEvent, choice: MfaChoice): void {
  emitChain(e, completion(e, ev, choice));
}

/** The second-factor label a user would use when not signing in passwordless, if any. */
function secondFactorLabel(user: UserPlan, choice: MfaChoice): string | null {
  if (choice.kind === "second") return choice.label;
  if (user.methods.includes("microsoftAuthenticatorPush")) return "Mobile app notification";
  if (user.methods.includes("mobilePhone")) return "Text message";
  return null;
}

function deniedReasons(label: string): readonly string[] {
  return DENIED_BY_LABEL[label] ?? DENIED_BY_LABEL["Mobile app notification"] as readonly string[];
}

function memberInteractive(e: Emitter, user: UserPlan, choice: MfaChoice): void {
  const rng = e.rng;
  const scenario = rng.weighted(user.isAdmin ? ADMIN_INTERACTIVE : MEMBER_INTERACTIVE);
  const ev = baseEvent(e, user, true);
  switch (scenario) {
    case "complete":
      return completeWith(e, ev, choice);
    case "claim":
      emitOne(e, claimed(ev, false));
      return;
    case "remembered":
      emitOne(e, skipped(ev, SATISFIED.rememberedDevice, "Previously satisfied"));
      return;
    case "registeredDevice":
      emitOne(e, skipped(ev, SATISFIED.registeredDevice, "Previously satisfied"));
      return;
    case "location": {
      const hq = HOME_PLACES[0] as SamplePlace;
      ev.place = hq;
      ev.ip = ipIn(hq, rng);
      ev.networkLocationDetails = [{ networkType: "trustedNamedLocation", networkNames: ["Contoso HQ"] }];
      emitOne(e, skipped(ev, SATISFIED.location, null));
      return;
    }
    case "denied": {
      const label = secondFactorLabel(user, choice);
      if (label === null) return completeWith(e, ev, choice);
      const no = deniedMfa(ev, label, rng.pick(deniedReasons(label)));
      if (rng.chance(0.3)) emitChain(e, [interruptOf(no), no]);
      else emitOne(e, no);
      return;
    }
    case "wrongPassword": {
      const rows = rng.int(1, 3);
      for (let i = 0; i < rows; i++) {
        const bad = baseEvent(e, user, true, ev.app);
        emitOne(
          e,
          primaryFailure(
            bad,
            50126,
            "Invalid username or password or Invalid on-premise username or password.",
          ),
        );
      }
      return;
    }
    case "kmsi":
      ev.errorCode = 50140;
      ev.caNotEvaluated = true;
      ev.steps = [passwordOk(0)];
      emitOne(e, ev);
      return;
    case "risky": {
      const level = rng.chance(0.7) ? "medium" : "high";
      const types = [rng.pick(["unfamiliarFeatures", "anonymizedIPAddress", "unlikelyTravel"])];
      withRisk(e, ev, risk(level, "remediated", "userPassedMFADrivenByRiskBasedPolicy", types, "low"));
      if (choice.kind === "second" && rng.chance(0.3)) {
        deniedMfa(ev, choice.label, "user declined the authentication");
        ev.risk = risk(level, "atRisk", "none", types);
        ev.requirementPolicies.push({
          requirementProvider: "riskBasedPolicy",
          detail: "Risk-based Conditional Access",
        });
        emitOne(e, ev);
        return;
      }
      const chain = completion(e, ev, choice);
      for (const x of chain) {
        x.requirementPolicies = [...x.requirementPolicies, {
          requirementProvider: "riskBasedPolicy",
          detail: "Risk-based Conditional Access",
        }];
      }
      emitChain(e, chain);
      return;
    }
    case "expired": {
      ev.app = rng.pick([APPS.office, APPS.outlookWeb]);
      const label = secondFactorLabel(user, choice);
      if (label === null) return completeWith(e, ev, choice);
      emitOne(e, mfaDone(ev, label, SATISFIED.expired, null, rng));
      return;
    }
    case "legacy":
      emitOne(e, legacyEvent(e, user, rng.pick(["IMAP4", "POP3", "Exchange ActiveSync", "Other clients"])));
      return;
    case "outbound":
      claimed(ev, false);
      ev.resourceTenantId = SAMPLE_TENANT.guestTenantId;
      ev.crossTenantAccessType = rng.chance(0.8) ? "b2bCollaboration" : "b2bDirectConnect";
      ev.caNotEvaluated = true;
      ev.app = ev.crossTenantAccessType === "b2bDirectConnect" ? APPS.teams : APPS.office;
      emitOne(e, ev);
      return;
    case "onPremises": {
      const nps = rng.chance(0.5);
      ev.onPremises = true;
      ev.tokenIssuerType = nps ? "NPSExtension" : "ADFederationServicesMFAAdapter";
      ev.tokenIssuerName = nps ? "" : "sts.contoso.example";
      ev.caNotEvaluated = true;
      ev.networkLocationDetails = [];
      const label = secondFactorLabel(user, choice);
      if (label === null) return completeWith(e, ev, choice);
      if (rng.chance(0.2)) deniedMfa(ev, label, rng.pick(deniedReasons(label)));
      else mfaDone(ev, label, SATISFIED.success, null, rng);
      ev.requirementPolicies = [{ requirementProvider: "user", detail: "Per-user MFA" }];
      emitOne(e, ev);
      return;
    }
    case "azurePortal":
      ev.app = rng.chance(0.85) ? APPS.azurePortal : APPS.azureCli;
      if (ev.app === APPS.azureCli) ev.authenticationProtocol = "deviceCode";
      return completeWith(e, ev, choice);
  }
}

const NON_INTERACTIVE: readonly (readonly [string, number])[] = [
  ["claim", 78],
  ["single", 10],
  ["broker", 3],
  ["registeredDevice", 2],
  ["revoked", 2],
  ["expired", 2],
  ["interrupt", 2],
  ["noSso", 1],
];

function memberNonInteractive(e: Emitter, user: UserPlan): void {
  const rng = e.rng;
  const ev = baseEvent(e, user, false);
  switch (rng.weighted(NON_INTERACTIVE)) {
    case "claim":
      claimed(ev, false);
      break;
    case "single":
      claimed(ev, true);
      break;
    case "broker":
      ev.app = APPS.broker;
      skipped(ev, SATISFIED.broker, null);
      ev.steps = [step(null, SATISFIED.broker)];
      break;
    case "registeredDevice":
      skipped(ev, SATISFIED.registeredDevice, "Previously satisfied");
      ev.steps = [step("Previously satisfied", SATISFIED.registeredDevice)];
      break;
    case "revoked":
      ev.errorCode = 50173;
      ev.caNotEvaluated = true;
      break;
    case "expired":
      requireMfa(ev);
      ev.mfa = "pending";
      ev.errorCode = 50078;
      break;
    case "interrupt":
      requireMfa(ev);
      ev.mfa = "pending";
      ev.errorCode = 50076;
      ev.additionalDetails = MFA_REQUIRED;
      break;
    default:
      ev.errorCode = 50058;
      ev.caNotEvaluated = true;
  }
  emitOne(e, ev);
}

function unregisteredMember(e: Emitter, user: UserPlan, interactive: boolean): void {
  const rng = e.rng;
  const ev = baseEvent(e, user, interactive);
  if (!interactive) {
    requireMfa(ev);
    ev.mfa = "pending";
    ev.errorCode = rng.chance(0.7) ? 50076 : 50079;
    ev.additionalDetails = MFA_REQUIRED;
    emitOne(e, ev);
    return;
  }
  const r = rng.next();
  if (r < 0.7) {
    requireMfa(ev);
    ev.mfa = "pending";
    ev.errorCode = 50079;
    ev.steps = [passwordOk(0)];
    emitOne(e, ev);
  } else if (r < 0.8) {
    emitOne(
      e,
      primaryFailure(ev, 50126, "Invalid username or password or Invalid on-premise username or password."),
    );
  } else {
    const done = mfaDone(ev, "Text message", SATISFIED.registration, null, rng);
    emitChain(e, [interruptOf(done, 50079), done]);
  }
}

/** A guest whose MFA claim comes from the home tenant (inbound trust). */
function guestExternal(ev: UserEvent): UserEvent {
  requireMfa(ev);
  ev.mfa = "claim";
  ev.additionalDetails = SATISFIED.external;
  const primary = ev.user.methods.includes("email")
    ? { ...passwordOk(25), method: "Email verification code", detail: null, result: "Correct code" }
    : { ...passwordOk(25), method: "Claim in the token", detail: null, result: FIRST_FACTOR_CLAIM };
  ev.steps = [primary, step("Claim in the token", SATISFIED.external)];
  return ev;
}

function guestEvent(e: Emitter, user: UserPlan, interactive: boolean): void {
  const rng = e.rng;
  const ev = baseEvent(e, user, interactive, interactive ? rng.pick([APPS.teams, APPS.office]) : APPS.teams);
  if (!interactive) {
    emitOne(e, claimed(ev, false));
    return;
  }
  const r = rng.next();
  if (r < 0.6) {
    emitOne(e, guestExternal(ev));
  } else if (r < 0.75 && user.methods.includes("mobilePhone")) {
    emitChain(e, [interruptOf(mfaDone(ev, "Text message", SATISFIED.success, null, rng)), ev]);
  } else if (r < 0.95) {
    emitOne(e, claimed(ev, false));
  } else {
    emitOne(
      e,
      primaryFailure(ev, 50126, "Invalid username or password or Invalid on-premise username or password."),
    );
  }
}

function serviceAccountEvent(e: Emitter, user: UserPlan): void {
  const rng = e.rng;
  if (user.methods.includes("appPassword")) {
    const ev = legacyEvent(e, user, "SMTP");
    ev.place = user.home;
    ev.ip = ipIn(user.home, rng);
    skipped(ev, SATISFIED.appPassword, null);
    ev.requirementPolicies = [{ requirementProvider: "user", detail: "Per-user MFA" }];
    emitOne(e, ev);
    return;
  }
  if (rng.chance(0.2)) {
    emitOne(e, legacyEvent(e, user, "Other clients", user.home));
    return;
  }
  const ev = baseEvent(e, user, true, APPS.office);
  ev.clientAppUsed = "Mobile Apps and Desktop clients";
  ev.authenticationProtocol = "ropc";
  ev.networkLocationDetails = [];
  if (rng.chance(0.08)) {
    emitOne(
      e,
      primaryFailure(ev, 50126, "Invalid username or password or Invalid on-premise username or password."),
    );
  } else emitOne(e, singleFactor(ev));
}

function breakGlassEvent(e: Emitter, user: UserPlan): void {
  const ev = baseEvent(e, user, true, APPS.azurePortal);
  if (user.methods.includes("fido2SecurityKey")) {
    emitOne(e, passwordlessDone(ev, "FIDO2 security key", "YubiKey 5 NFC", true));
  } else emitOne(e, singleFactor(ev));
}

function disabledEvent(e: Emitter, user: UserPlan): void {
  const ev = baseEvent(e, user, e.rng.chance(0.3));
  ev.errorCode = 50057;
  ev.caNotEvaluated = true;
  emitOne(e, ev);
}

/** One random sign-in event of `user`. */
export function fillerUserEvent(e: Emitter, user: UserPlan): void {
  const rng = e.rng;
  if (!user.accountEnabled) return disabledEvent(e, user);
  if (user.kind === "service") return serviceAccountEvent(e, user);
  if (user.kind === "breakGlass") return breakGlassEvent(e, user);
  const interactive = rng.chance(0.3);
  if (user.userType === "guest") return guestEvent(e, user, interactive);
  if (user.caExcluded) {
    const ev = baseEvent(e, user, interactive);
    emitOne(e, interactive ? singleFactor(ev) : claimed(ev, true));
    return;
  }
  const choice = chooseMfa(user, rng);
  if (choice === null) return unregisteredMember(e, user, interactive);
  if (interactive) memberInteractive(e, user, choice);
  else memberNonInteractive(e, user);
}

/** One random service-principal or managed-identity sign-in. */
export function fillerAppOnlyEvent(e: Emitter): void {
  const rng = e.rng;
  if (rng.chance(0.6)) {
    const sp = rng.pick(SERVICE_PRINCIPALS);
    const failed = sp.credential === "clientSecret" && rng.chance(0.05);
    emitAppOnly(e, {
      kind: "servicePrincipal",
      sp,
      errorCode: failed ? 7000215 : 0,
      clientCredentialType: sp.credential,
      place: DATACENTER,
      ip: ipIn(DATACENTER, rng),
    });
    return;
  }
  const mi = rng.pick(MANAGED_IDENTITIES);
  emitAppOnly(e, {
    kind: "managedIdentity",
    sp: mi,
    errorCode: 0,
    clientCredentialType: "managedIdentity",
    place: DATACENTER,
    ip: ipIn(DATACENTER, rng),
  });
}

// ---------------------------------------------------------------------------------------------
// The coverage catalogue: every item runs once per tenant.

type Item = (e: Emitter) => void;

function who(e: Emitter, tag: RosterTag): UserPlan {
  return rosterUser(e.plans, tag);
}

function interactiveOf(e: Emitter, tag: RosterTag, app?: SampleApp): UserEvent {
  const user = who(e, tag);
  const ev = baseEvent(e, user, true, app);
  ev.place = user.home;
  ev.ip = ipIn(user.home, e.rng);
  return ev;
}

const PUSH_USERS: readonly RosterTag[] = [
  "hostileMarkup",
  "hostileNewline",
  "nonAsciiLatin",
  "nonAsciiHangul",
  "macUser",
];
const PHONE_USERS: readonly RosterTag[] = [
  "adminSms",
  "hostileBacktick",
  "nonAsciiHangul",
  "passwordlessPhone",
];
const OATH_USERS: readonly RosterTag[] = ["alternateOath", "hardwareExternal"];
const NO_METHOD_USERS: readonly RosterTag[] = ["emailOnly", "hostileFormula"];

function userForLabel(label: string | null, i: number): RosterTag {
  const list = label === null
    ? NO_METHOD_USERS
    : label === "Text message" || label === "Phone call"
    ? PHONE_USERS
    : label === "OATH verification code"
    ? OATH_USERS
    : PUSH_USERS;
  return list[i % list.length] as RosterTag;
}

function codeRow(tag: RosterTag, code: number, edit?: (ev: UserEvent, e: Emitter) => void): Item {
  return (e) => {
    const ev = interactiveOf(e, tag);
    ev.errorCode = code;
    ev.steps = [passwordOk(0)];
    edit?.(ev, e);
    emitOne(e, ev);
  };
}

const SATISFIED_ITEMS: readonly Item[] = [
  (e) => emitOne(e, mfaDone(interactiveOf(e, "adminSms"), "Text message", SATISFIED.cloud, null, e.rng)),
  (e) =>
    emitOne(
      e,
      mfaDone(interactiveOf(e, "nonAsciiHangul", APPS.office), "Mobile app notification", SATISFIED.expired),
    ),
  (e) => {
    const done = mfaDone(
      interactiveOf(e, "emailOnly", APPS.mySignins),
      "Text message",
      SATISFIED.registration,
    );
    emitChain(e, [interruptOf(done, 50079), done]);
  },
  (e) => emitOne(e, claimed(baseEvent(e, who(e, "hostileMarkup"), false), false)),
  (e) => emitOne(e, guestExternal(interactiveOf(e, "guestFabrikam", APPS.teams))),
  (e) =>
    emitOne(
      e,
      passwordlessDone(
        interactiveOf(e, "adminStrong", APPS.azurePortal),
        "FIDO2 security key",
        "YubiKey 5 NFC",
        true,
      ),
    ),
  (e) => {
    const ev = baseEvent(e, who(e, "nonAsciiHangul"), false, APPS.broker);
    skipped(ev, SATISFIED.broker, null);
    ev.steps = [step(null, SATISFIED.broker)];
    emitOne(e, ev);
  },
  (e) => serviceAccountEvent(e, who(e, "svcSmtp")),
  (e) => {
    const ev = interactiveOf(e, "hostileBacktick");
    const hq = HOME_PLACES[0] as SamplePlace;
    ev.place = hq;
    ev.ip = ipIn(hq, e.rng);
    ev.networkLocationDetails = [{ networkType: "trustedNamedLocation", networkNames: ["Contoso HQ"] }];
    emitOne(e, skipped(ev, SATISFIED.location, null));
  },
  (e) =>
    emitOne(
      e,
      skipped(interactiveOf(e, "nonAsciiLatin"), SATISFIED.registeredDevice, "Previously satisfied"),
    ),
  (e) =>
    emitOne(
      e,
      skipped(interactiveOf(e, "hostileNewline"), SATISFIED.rememberedDevice, "Previously satisfied"),
    ),
  (e) =>
    emitOne(
      e,
      passwordlessDone(interactiveOf(e, "passwordlessPhone"), "Passwordless phone sign-in", null, false),
    ),
  (e) => emitOne(e, mfaDone(interactiveOf(e, "hostileMarkup"), "Mobile app notification", SATISFIED.success)),
  // External MFA: 50158 redirect, then completion.
  (e) => completeWith(e, interactiveOf(e, "hardwareExternal"), { kind: "external" }),
];

const DENIED_ITEMS: readonly Item[] = DENIED.map(([reason, label], i): Item => (e) => {
  const ev = deniedMfa(interactiveOf(e, userForLabel(label, i)), label, reason);
  if (i % 4 === 0) emitChain(e, [interruptOf(ev), ev]);
  else emitOne(e, ev);
});

/** Rows for each authentication method label the toolkit should know, plus an unknown one. */
const METHOD_ITEMS: readonly Item[] = [
  (e) => emitOne(e, mfaDone(interactiveOf(e, "alternateOath"), "Voice", SATISFIED.success, null)),
  (e) => emitOne(e, mfaDone(interactiveOf(e, "hostileBacktick"), "Phone call", SATISFIED.success, null)),
  (e) =>
    emitOne(e, mfaDone(interactiveOf(e, "nonAsciiLatin"), "Mobile app verification code", SATISFIED.success)),
  (e) => emitOne(e, mfaDone(interactiveOf(e, "macUser"), "Microsoft Authenticator App", SATISFIED.success)),
  (e) => emitOne(e, mfaDone(interactiveOf(e, "alternateOath"), "OATH verification code", SATISFIED.success)),
  (e) => emitOne(e, mfaDone(interactiveOf(e, "alternateOath"), "Software OATH token", SATISFIED.success)),
  (e) =>
    emitOne(
      e,
      passwordlessDone(
        interactiveOf(e, "adminStrong"),
        "Passkey (device-bound)",
        "Microsoft Authenticator - iOS",
        true,
      ),
    ),
  (e) =>
    emitOne(
      e,
      passwordlessDone(interactiveOf(e, "qrPasskey"), "Passkey (device-bound)", "Windows Hello", true),
    ),
  (e) =>
    emitOne(
      e,
      passwordlessDone(
        interactiveOf(e, "adminWhfb", APPS.windowsSignIn),
        "Windows Hello for Business",
        null,
        true,
      ),
    ),
  (e) =>
    emitOne(e, passwordlessDone(interactiveOf(e, "macUser"), "Passkey (synced)", "iCloud Keychain", true)),
  (e) => {
    const ev = interactiveOf(e, "tapOnly", APPS.mySignins);
    requireMfa(ev);
    ev.mfa = "done";
    ev.additionalDetails = SATISFIED.strong;
    ev.steps = [{
      method: "Temporary Access Pass",
      detail: null,
      succeeded: true,
      result: SATISFIED.strong,
      requirement: "Primary authentication",
      before: 0,
    }];
    emitOne(e, ev);
  },
  (e) => emitOne(e, guestExternal(interactiveOf(e, "guestOtp", APPS.teams))),
  (e) => {
    const ev = interactiveOf(e, "adminStrong", APPS.azurePortal);
    passwordlessDone(ev, "X.509 Certificate", "CN=megan.bowen", true);
    emitOne(e, ev);
  },
  (e) => {
    const ev = baseEvent(e, who(e, "adminWhfb"), false, APPS.teams);
    requireMfa(ev);
    ev.mfa = "claim";
    ev.additionalDetails = SATISFIED.claim;
    ev.steps = [step("Satisfied by token", SATISFIED.claim)];
    emitOne(e, ev);
  },
  (e) => {
    const ev = mfaDone(interactiveOf(e, "unknownMethod"), "Quantum entanglement token", SATISFIED.success);
    emitOne(e, ev);
  },
];

const ERROR_ITEMS: readonly Item[] = [
  // Password spray over POP3 from an unusual place, ending in a lockout.
  (e) => {
    const place = RISKY_PLACES[1] as SamplePlace;
    for (const tag of ["hostileFormula", "ssprOnly", "hostileBacktick"] as const) {
      const ev = legacyEvent(e, who(e, tag), "POP3", place);
      ev.risk = risk("high", "atRisk", "none", ["passwordSpray"]);
      emitOne(
        e,
        primaryFailure(ev, 50126, "Invalid username or password or Invalid on-premise username or password."),
      );
    }
    const lock = legacyEvent(e, who(e, "hostileFormula"), "POP3", place);
    emitOne(e, primaryFailure(lock, 50053, "Account locked"));
  },
  codeRow("svcBackup", 50055, (ev) => primaryFailure(ev, 50055, "Password expired")),
  (e) => disabledEvent(e, who(e, "disabledFormer")),
  (e) => disabledEvent(e, who(e, "disabledContractor")),
  (e) => {
    const ev = baseEvent(e, who(e, "hostileNewline"), false);
    ev.errorCode = 50058;
    ev.caNotEvaluated = true;
    emitOne(e, ev);
  },
  codeRow("ssprOnly", 50072, (ev) => {
    requireMfa(ev);
    ev.mfa = "pending";
  }),
  // 50074 -> 0 pairs (push and SMS) and a 50076 -> 0 pair.
  (e) =>
    emitChain(
      e,
      (() => {
        const done = mfaDone(interactiveOf(e, "hostileMarkup"), "Mobile app notification", SATISFIED.success);
        return [interruptOf(done), done];
      })(),
    ),
  (e) =>
    emitChain(
      e,
      (() => {
        const done = mfaDone(interactiveOf(e, "adminSms"), "Text message", SATISFIED.success);
        return [interruptOf(done), done];
      })(),
    ),
  (e) =>
    emitChain(
      e,
      (() => {
        const done = mfaDone(interactiveOf(e, "nonAsciiLatin"), "Mobile app notification", SATISFIED.cloud);
        return [interruptOf(done, 50076), done];
      })(),
    ),
  (e) => {
    const ev = baseEvent(e, who(e, "hostileMarkup"), false, APPS.outlookDesktop);
    requireMfa(ev);
    ev.mfa = "pending";
    ev.errorCode = 50078;
    emitOne(e, ev);
  },
  codeRow("adminNoMfa", 50079, (ev) => {
    requireMfa(ev);
    ev.mfa = "pending";
  }),
  (e) => {
    const ev = mfaDone(
      interactiveOf(e, "nonAsciiHangul"),
      "Mobile app notification",
      denied("service error"),
    );
    ev.mfa = "failed";
    ev.errorCode = 50087;
    ev.steps = [passwordOk(10), step("Mobile app notification", denied("service error"), false)];
    emitOne(e, ev);
  },
  (e) => {
    const ev = interactiveOf(e, "adminSms");
    requireMfa(ev);
    ev.mfa = "failed";
    ev.errorCode = 50088;
    ev.steps = [passwordOk(10), step("Phone call", "Limit on telecom MFA calls reached", false)];
    emitOne(e, ev);
  },
  codeRow("adminWhfb", 50097, (ev) => {
    ev.caNotEvaluated = true;
  }),
  codeRow("adminWhfb", 50155, (ev) => {
    ev.caNotEvaluated = true;
  }),
  codeRow("ssprOnly", 50125, (ev) => {
    ev.caNotEvaluated = true;
  }),
  codeRow(
    "hostileFormula",
    50126,
    (ev) =>
      primaryFailure(ev, 50126, "Invalid username or password or Invalid on-premise username or password."),
  ),
  codeRow("adminWhfb", 50131, (ev) => {
    passwordlessDone(ev, "Windows Hello for Business", null, true);
    ev.errorCode = 50131;
    ev.app = APPS.azurePortal;
    ev.device = "personalWindows";
  }),
  codeRow("nonAsciiHangul", 50140, (ev) => {
    ev.caNotEvaluated = true;
  }),
  (e) => {
    const ev = baseEvent(e, who(e, "nonAsciiLatin"), false);
    ev.errorCode = 50173;
    ev.caNotEvaluated = true;
    emitOne(e, ev);
  },
  (e) => {
    const ev = mfaDone(interactiveOf(e, "adminSms", APPS.azurePortal), "Text message", SATISFIED.success);
    ev.device = "personalWindows";
    emitOne(e, ev); // the device policy fails: 53000
  },
  codeRow("adminWhfb", 53001, (ev) => {
    passwordlessDone(ev, "Windows Hello for Business", null, true);
    ev.errorCode = 53001;
    ev.app = APPS.azurePortal;
    ev.device = "linux";
  }),
  codeRow("hostileMarkup", 53002, (ev) => {
    claimed(ev, false);
    ev.errorCode = 53002;
    ev.device = "android";
    ev.policyOverrides = { compliantDeviceReportOnly: "reportOnlyFailure" };
    ev.caStatusOverride = "failure";
  }),
  (e) => emitOne(e, legacyEvent(e, who(e, "hostileMarkup"), "IMAP4")),
  (e) => emitOne(e, legacyEvent(e, who(e, "nonAsciiHangul"), "Exchange ActiveSync")),
  (e) => {
    const ev = interactiveOf(e, "adminNoMfa");
    withRisk(e, ev, risk("medium", "atRisk", "none", ["unfamiliarFeatures"]));
    requireMfa(ev);
    ev.mfa = "pending";
    ev.errorCode = 53004;
    ev.steps = [passwordOk(0)];
    emitOne(e, ev);
  },
  codeRow("guestFabrikam", 90072, (ev) => {
    ev.caNotEvaluated = true;
  }),
  codeRow("guestRegistered", 530032, (ev) => {
    ev.caNotEvaluated = true;
    ev.risk = risk("hidden", "atRisk", "hidden", [], "hidden");
  }),
  (e) => {
    const ev = legacyEvent(e, who(e, "ssprOnly"), "Other clients");
    ev.errorCode = 530035;
    ev.caNotEvaluated = true;
    emitOne(e, ev);
  },
  // Legacy successes by service accounts (excluded from the block).
  (e) => emitOne(e, legacyEvent(e, who(e, "svcBackup"), "Other clients")),
  // An error code nobody knows.
  codeRow("hostileBacktick", 999999, (ev) => {
    ev.additionalDetails = "Something new happened";
    ev.caNotEvaluated = true;
  }),
];

function appOnly(kind: AppOnlyEvent["kind"], index: number, errorCode = 0, credential?: string): Item {
  return (e) => {
    const sp = kind === "servicePrincipal" ? SERVICE_PRINCIPALS[index] : MANAGED_IDENTITIES[index];
    if (sp === undefined) return;
    const cred = credential ??
      (kind === "servicePrincipal"
        ? (sp as (typeof SERVICE_PRINCIPALS)[number]).credential
        : "managedIdentity");
    emitAppOnly(e, {
      kind,
      sp,
      errorCode,
      clientCredentialType: cred,
      place: DATACENTER,
      ip: ipIn(DATACENTER, e.rng),
    });
  };
}

const APP_ONLY_ITEMS: readonly Item[] = [
  appOnly("servicePrincipal", 0),
  appOnly("servicePrincipal", 0, 7000215),
  appOnly("servicePrincipal", 1),
  appOnly("servicePrincipal", 2),
  appOnly("servicePrincipal", 3),
  appOnly("servicePrincipal", 3, 0, "unknownFutureValue"),
  appOnly("managedIdentity", 0),
  appOnly("managedIdentity", 1),
];

const RISK_ITEMS: readonly Item[] = [
  (e) => {
    const ev = withRisk(
      e,
      interactiveOf(e, "nonAsciiLatin"),
      risk("low", "atRisk", "none", ["unfamiliarFeatures"]),
    );
    emitOne(e, claimed(ev, false));
  },
  (e) => {
    const ev = withRisk(
      e,
      interactiveOf(e, "hostileMarkup"),
      risk("medium", "remediated", "userPassedMFADrivenByRiskBasedPolicy", ["anonymizedIPAddress"], "low"),
    );
    emitOne(e, mfaDone(ev, "Mobile app notification", SATISFIED.success));
  },
  (e) => {
    const ev = withRisk(
      e,
      interactiveOf(e, "adminSms"),
      risk("high", "confirmedCompromised", "adminConfirmedSigninCompromised", [
        "unlikelyTravel",
        "maliciousIPAddress",
      ]),
    );
    ev.flaggedForReview = true;
    emitOne(e, deniedMfa(ev, "Text message", "user never entered the verification code"));
  },
  (e) => {
    const ev = withRisk(
      e,
      interactiveOf(e, "nonAsciiHangul"),
      risk("medium", "dismissed", "adminDismissedAllRiskForUser", ["unfamiliarFeatures"], "none"),
    );
    emitOne(e, mfaDone(ev, "Mobile app notification", SATISFIED.success));
  },
  (e) => {
    const ev = withRisk(
      e,
      interactiveOf(e, "macUser"),
      risk("medium", "confirmedSafe", "adminConfirmedSigninSafe", ["unlikelyTravel"], "none"),
    );
    emitOne(e, mfaDone(ev, "Mobile app notification", SATISFIED.success));
  },
  (e) => {
    const ev = withRisk(
      e,
      interactiveOf(e, "hostileNewline"),
      risk("high", "dismissed", "m365DAdminDismissedDetection", ["suspiciousAPITraffic"], "low"),
    );
    emitOne(e, mfaDone(ev, "Mobile app notification", SATISFIED.success));
  },
  (e) => {
    const ev = withRisk(
      e,
      interactiveOf(e, "hostileBacktick"),
      risk("low", "remediated", "userPerformedSecuredPasswordReset", ["leakedCredentials"], "none"),
    );
    emitOne(e, mfaDone(ev, "Text message", SATISFIED.success));
  },
  (e) => {
    const ev = withRisk(
      e,
      interactiveOf(e, "guestRegistered"),
      risk("hidden", "none", "hidden", [], "hidden"),
    );
    emitOne(e, mfaDone(ev, "Text message", SATISFIED.success));
  },
];

const CROSS_TENANT_ITEMS: readonly Item[] = [
  (e) => {
    const ev = claimed(interactiveOf(e, "guestRegistered"), false);
    ev.crossTenantAccessType = "b2bCollaboration,serviceProvider";
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "guestFabrikam", APPS.azurePortal), false);
    ev.crossTenantAccessType = "microsoftSupport";
    ev.device = "personalWindows";
    ev.policyOverrides = { azureManagementDevice: "notApplied" };
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(baseEvent(e, who(e, "guestOtp"), false, APPS.teams), false);
    ev.crossTenantAccessType = "passthrough";
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "nonAsciiHangul", APPS.teams), false);
    ev.resourceTenantId = SAMPLE_TENANT.guestTenantId;
    ev.crossTenantAccessType = "b2bDirectConnect";
    ev.caNotEvaluated = true;
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "hostileMarkup", APPS.office), false);
    ev.resourceTenantId = SAMPLE_TENANT.partnerTenantId;
    ev.crossTenantAccessType = "b2bCollaboration";
    ev.caNotEvaluated = true;
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "guestFabrikam"), false);
    ev.crossTenantAccessType = "unknownFutureValue";
    emitOne(e, ev);
  },
];

const TOKEN_ITEMS: readonly Item[] = [
  (e) => {
    const ev = mfaDone(interactiveOf(e, "adminSms"), "Text message", SATISFIED.success);
    ev.onPremises = true;
    ev.tokenIssuerType = "NPSExtension";
    ev.caNotEvaluated = true;
    ev.requirementPolicies = [{ requirementProvider: "user", detail: "Per-user MFA" }];
    emitOne(e, ev);
  },
  (e) => {
    const ev = mfaDone(interactiveOf(e, "hostileMarkup"), "Mobile app notification", SATISFIED.success);
    ev.onPremises = true;
    ev.tokenIssuerType = "ADFederationServicesMFAAdapter";
    ev.tokenIssuerName = "sts.contoso.example";
    ev.incomingTokenType = "saml11";
    ev.caNotEvaluated = true;
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "nonAsciiLatin", APPS.intranet), false);
    ev.tokenIssuerType = "ADFederationServices";
    ev.tokenIssuerName = "sts.contoso.example";
    ev.incomingTokenType = "saml20";
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "macUser"), false);
    ev.tokenIssuerType = "AzureADBackupAuth";
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "hostileNewline"), false);
    ev.tokenIssuerType = "UnknownFutureValue";
    ev.incomingTokenType = "unknownFutureValue";
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(baseEvent(e, who(e, "adminWhfb"), false, APPS.remoteDesktop), false);
    ev.incomingTokenType = "remoteDesktopToken";
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(baseEvent(e, who(e, "adminWhfb"), false, APPS.windowsSignIn), false);
    ev.incomingTokenType = "primaryRefreshToken";
    ev.authenticationProtocol = "oAuth2";
    emitOne(e, ev);
  },
  (e) => emitOne(e, claimed(interactiveOf(e, "nonAsciiHangul", APPS.payroll), false)),
  (e) => {
    const ev = mfaDone(
      interactiveOf(e, "adminStrong", APPS.azureCli),
      "Mobile app notification",
      SATISFIED.success,
    );
    ev.authenticationProtocol = "deviceCode";
    emitOne(e, ev);
  },
  (e) =>
    emitOne(
      e,
      passwordlessDone(
        baseEvent(e, who(e, "breakGlass1"), true, APPS.azurePortal),
        "FIDO2 security key",
        "YubiKey 5 NFC",
        true,
      ),
    ),
  (e) => emitOne(e, singleFactor(baseEvent(e, who(e, "breakGlass2"), true, APPS.azurePortal))),
];

const UNKNOWN_ITEMS: readonly Item[] = [
  (e) => {
    const ev = claimed(interactiveOf(e, "hostileMarkup"), false);
    ev.caStatusOverride = "somethingNew";
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "nonAsciiLatin"), false);
    ev.caStatusOverride = "unknownFutureValue";
    ev.policyOverrides = {
      compliantDeviceReportOnly: "reportOnlyFutureThing",
      riskyMfa: "unknown",
      geoBlock: "unknownFutureValue",
    };
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(baseEvent(e, who(e, "nonAsciiHangul"), false), false);
    ev.eventTypes = ["unknownFutureValue"];
    emitOne(e, ev);
  },
  (e) => {
    const ev = claimed(interactiveOf(e, "hostileBacktick"), false);
    ev.requirement = "quantumFactorAuthentication";
    emitOne(e, ev);
  },
];

/** Duplicated deliveries: the same row (same id) twice. */
const DUPLICATE_ITEMS: readonly Item[] = [
  (e) => {
    const row = emitOne(
      e,
      mfaDone(interactiveOf(e, "hostileMarkup"), "Mobile app notification", SATISFIED.success),
    );
    e.rows.push(structuredClone(row));
  },
  (e) => {
    const row = emitOne(e, claimed(baseEvent(e, who(e, "nonAsciiLatin"), false), false));
    e.rows.push(structuredClone(row));
  },
];

/** Every catalogue item, in a fixed order. */
export const CATALOGUE: readonly Item[] = [
  ...SATISFIED_ITEMS,
  ...DENIED_ITEMS,
  ...METHOD_ITEMS,
  ...ERROR_ITEMS,
  ...APP_ONLY_ITEMS,
  ...RISK_ITEMS,
  ...CROSS_TENANT_ITEMS,
  ...TOKEN_ITEMS,
  ...UNKNOWN_ITEMS,
  ...DUPLICATE_ITEMS,
  ...LEGACY_CLIENTS.map((client): Item => (e) => emitOne(e, legacyEvent(e, who(e, "adminWhfb"), client))),
];
