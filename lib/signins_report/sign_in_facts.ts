/**
 * What one logical sign-in says about MFA, derived with the classifiers: its event type, whether
 * MFA was required (and by what), how the MFA step ended, which methods were tried, whether a
 * passwordless or phishing-resistant credential was used, and whether the user was challenged.
 * Pure; classifications are memoised per distinct raw value.
 *
 * Rules (each decided on the row that ended the logical sign-in, with the steps of all its rows):
 * - **MFA outcome**: the first of `status.additionalDetails`, the steps' result details (newest
 *   first) and, for error bucket `mfaFailed`, `status.failureReason` that classifies as satisfied
 *   or denied. An `mfaFailed` row with no recognised reason is denied `challengeNotPassed`
 *   (`telecomLimitReached` for 50088). An MFA interrupt no row completed is `abandoned`. MFA
 *   required but the sign-in failed before the MFA step (bad password, blocked) is `notReached`;
 *   required and successful with no recognised MFA result is `unknown` (raw text kept).
 * - **MFA required**: `authenticationRequirement` is multifactor, or the outcome is satisfied,
 *   denied or abandoned (a "skipped" result means a requirement existed). Single-factor
 *   otherwise; `unknown` when the requirement is missing or not recognised.
 * - **Challenged**: the user answered (or was asked for) a second factor in this sign-in: a
 *   denial, a satisfied result with a prompt or an external provider, a renewal after the
 *   earlier MFA expired, an unknown result with a second-factor step, or an interactive MFA
 *   interrupt left unanswered.
 *
 * @module
 */
import {
  AUTH_METHODS,
  type AuthMethodId,
  classifyAuthenticationRequirement,
  classifyAuthMethod,
  classifyErrorCode,
  classifyMfaResult,
  classifySignInEventType,
  classifyUserType,
  ERROR_CODE_BUCKETS,
  type ErrorCodeBucket,
  isExternalUserPrincipalName,
  isLegacyClientApp,
  MFA_SATISFIED,
  type MfaDeniedReason,
  type MfaResult,
  type MfaSatisfiedHow,
  type SignInEventType,
  type SignInOutcome,
  type UserType,
} from "../classify/mod.ts";
import type { LogicalSignIn, SignIn } from "../signins/mod.ts";
import { memoText } from "./_memo.ts";
import { classifyRequirementProvider, type RequirementSource } from "./requirement_source.ts";

/** Whether MFA was required. */
export type MfaRequirementState = "required" | "notRequired" | "unknown";

/** How the MFA part of a sign-in ended. */
export type MfaOutcome =
  | { readonly kind: "satisfied"; readonly how: MfaSatisfiedHow }
  | { readonly kind: "denied"; readonly reason: MfaDeniedReason; readonly detail: string | null }
  | { readonly kind: "abandoned" }
  | { readonly kind: "notReached" }
  | { readonly kind: "none" }
  | { readonly kind: "unknown"; readonly raw: string };

/** Passwordless credential groups of the report. */
export const PASSWORDLESS_GROUPS = {
  fido2: { label: "FIDO2 security key or passkey" },
  windowsHello: { label: "Windows Hello for Business" },
  phoneSignIn: { label: "Microsoft Authenticator phone sign-in" },
  otherPasswordless: { label: "Other passwordless (certificate, platform credential, TAP, QR code)" },
} as const;

/** A {@linkcode PASSWORDLESS_GROUPS} id. */
export type PasswordlessGroup = keyof typeof PASSWORDLESS_GROUPS;

/** The method id used in method tables: a canonical method, or `unknown`. */
export type MethodKey = AuthMethodId | "unknown";

/** One authentication step as counted. */
export interface StepFact {
  /** Canonical method id, or `unknown`. */
  readonly method: MethodKey;
  /** The method as written (for unknown methods). */
  readonly raw: string;
  /** Whether the step succeeded (`null`: not recorded). */
  readonly succeeded: boolean | null;
}

/** Everything the report counts about one logical sign-in. */
export interface SignInFacts {
  /** Event type id, or `unknown`. */
  readonly eventType: SignInEventType | "unknown";
  /** The event type as the source gave it (`null`: not given). */
  readonly eventTypeRaw: string | null;
  /** A user sign-in: not a service principal or managed identity, and a user is named or the event type is a user's. */
  readonly isUser: boolean;
  /** Interactive user sign-in. */
  readonly interactive: boolean;
  /** Lower-cased UPN (else user id); `null` when neither is given. */
  readonly userKey: string | null;
  /**
   * A small number for the UPN (else user id) as written, the same for every sign-in of this
   * process that writes it alike (for tables indexed by user); -1 when not given or beyond the
   * numbered texts.
   */
  readonly userKeyId: number;
  /** Member, guest, external or unknown. */
  readonly userType: UserType | "unknown";
  /** Error-code bucket of the final row. */
  readonly errorBucket: ErrorCodeBucket | "unknown";
  /** Success, failed, interrupted (never completed) or unknown. */
  readonly outcome: SignInOutcome | "unknown";
  /** Whether MFA was required. */
  readonly requirement: MfaRequirementState;
  /** `authenticationRequirement` as given (`null`: absent). */
  readonly requirementRaw: string | null;
  /** Requirement sources named by `authenticationRequirementPolicies` (ids; duplicates removed). */
  readonly requirementSources: readonly RequirementSource[];
  /** Requirement providers not recognised, as written. */
  readonly unknownRequirementProviders: readonly string[];
  /** How the MFA part ended. */
  readonly mfa: MfaOutcome;
  /** The user was asked for a second factor in this sign-in. */
  readonly challenged: boolean;
  /** Authentication steps that name a method (claims and "none" left out). */
  readonly steps: readonly StepFact[];
  /** Steps saying an earlier MFA claim was reused ("Previously satisfied"). */
  readonly claimSteps: number;
  /** The method of the failed second-factor step of a denial; `null` when not recorded. */
  readonly deniedMethod: MethodKey | null;
  /** Passwordless credential that succeeded in this sign-in, if any. */
  readonly passwordless: PasswordlessGroup | null;
  /** A phishing-resistant method succeeded. */
  readonly phishingResistant: boolean;
  /** A second factor that is not phishing-resistant succeeded. */
  readonly weakSecondFactor: boolean;
  /** Legacy authentication client (`undefined`: client app not given or not recognised). */
  readonly legacy: boolean | undefined;
}

const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_SOURCES: readonly RequirementSource[] = Object.freeze([]);

/** An MFA result text's class, and the outcome it decides (see {@linkcode decided}). */
interface ResultText {
  readonly result: MfaResult;
  readonly decided: MfaOutcome | null;
}
/** A result text's {@linkcode ResultText} (`null` read as `""` for a denial's detail). */
const resultTextOf = memoText((s): ResultText => {
  const result = classifyMfaResult(s);
  return { result, decided: decided(result, s ?? "") };
});

/** What the steps of a method text count: its class, and the facts it shares with every step like it. */
interface MethodText {
  /** A claim ("Previously satisfied"), a method step, or neither (counted nowhere). */
  readonly kind: "claim" | "step" | "none";
  readonly method: MethodKey;
  /** Its step facts by `succeeded`: true, false, null. */
  readonly stepTrue: StepFact;
  readonly stepFalse: StepFact;
  readonly stepNull: StepFact;
  /** The method's passwordless group (a known method's, else null). */
  readonly passwordless: PasswordlessGroup | null;
  readonly phishingResistant: boolean;
  readonly mfaCapable: boolean;
}
const methodTextOf = memoText((raw): MethodText => {
  const c = classifyAuthMethod(raw);
  const kind = c.kind === "previouslySatisfied"
    ? "claim"
    : c.kind === "method" || c.kind === "unknown"
    ? "step"
    : "none";
  const method: MethodKey = c.kind === "method" ? c.id : "unknown";
  const step = (succeeded: boolean | null): StepFact => Object.freeze({ method, raw: raw!, succeeded });
  const info = method === "unknown" ? null : AUTH_METHODS[method];
  return {
    kind,
    method,
    stepTrue: step(true),
    stepFalse: step(false),
    stepNull: step(null),
    passwordless: method === "unknown" ? null : passwordlessGroupOf(method),
    phishingResistant: info !== null && info.phishingResistant,
    mfaCapable: info !== null && info.mfaCapable,
  };
});
const eventTypeOf = memoText((s) => classifySignInEventType(s));
const requirementOf = memoText((s) => classifyAuthenticationRequirement(s));
const legacyOf = memoText((s) => (s === null ? undefined : isLegacyClientApp(s)));
const providerOf = memoText((s) => classifyRequirementProvider(s));
/** A user key and its number ({@linkcode SignInFacts.userKeyId}). */
interface UserKey {
  readonly key: string;
  readonly id: number;
}
const NO_USER_KEY: UserKey | null = null;
/** Texts numbered by {@linkcode userKeyOf} (as many as it caches). */
const USER_KEYS_NUMBERED = 1 << 14;
let userKeysNumbered = 0;
/**
 * A user's key (the UPN, else the id, lower-cased: a guest's `#EXT#` UPN is a new string each
 * time otherwise) and a number per distinct text (-1 beyond the texts the memo keeps).
 */
const userKeyOf = memoText(
  (s) =>
    s === null ? NO_USER_KEY : {
      key: s.toLowerCase(),
      id: userKeysNumbered < USER_KEYS_NUMBERED ? userKeysNumbered++ : -1,
    },
  USER_KEYS_NUMBERED,
);
const userTypeOf = memoText((s) => {
  const c = classifyUserType(s);
  return c.kind === "known" ? c.id : "unknown";
});

const bucketCache = new Map<number, ErrorCodeBucket | "unknown">();
function bucketOf(code: number | null): ErrorCodeBucket | "unknown" {
  if (code === null) return "unknown";
  let b = bucketCache.get(code);
  if (b === undefined) {
    const c = classifyErrorCode(code);
    b = c.kind;
    if (bucketCache.size < 4096) bucketCache.set(code, b);
  }
  return b;
}

function outcomeOf(bucket: ErrorCodeBucket | "unknown"): SignInOutcome | "unknown" {
  return bucket === "unknown" ? "unknown" : ERROR_CODE_BUCKETS[bucket].outcome;
}

function userTypeWithUpn(t: UserType | "unknown", upn: string | null): UserType | "unknown" {
  return t !== "guest" && upn !== null && upn.includes("#") && isExternalUserPrincipalName(upn)
    ? "external"
    : t;
}

/**
 * The event type a sign-in row states: `eventType`, else the first `signInEventTypes` entry,
 * else `isInteractive` (interactiveUser / nonInteractiveUser); `null` when none says.
 *
 * @param s the row
 * @returns the raw event type
 *
 * @example
 * ```ts
 * import { eventTypeRawOf } from "./sign_in_facts.ts";
 * import assert from "node:assert/strict";
 * assert.equal(eventTypeRawOf({ eventType: null, signInEventTypes: ["servicePrincipal"], isInteractive: null }), "servicePrincipal");
 * assert.equal(eventTypeRawOf({ eventType: null, signInEventTypes: null, isInteractive: false }), "nonInteractiveUser");
 * assert.equal(eventTypeRawOf({ eventType: null, signInEventTypes: [], isInteractive: null }), null);
 * ```
 */
export function eventTypeRawOf(
  s: Pick<SignIn, "eventType" | "signInEventTypes" | "isInteractive">,
): string | null {
  if (s.eventType !== null) return s.eventType;
  const list = s.signInEventTypes;
  if (list !== null && list.length > 0) return list[0]!;
  if (s.isInteractive === true) return "interactiveUser";
  if (s.isInteractive === false) return "nonInteractiveUser";
  return null;
}

function decided(r: MfaResult, text: string): MfaOutcome | null {
  if (r.kind === "satisfied") return Object.freeze({ kind: "satisfied", how: r.how });
  if (r.kind === "denied") {
    return Object.freeze({ kind: "denied", reason: r.reason, detail: r.reason === "other" ? text : null });
  }
  return null;
}

/** The requirement sources a list of requirement policies names, and the providers not recognised. */
interface RequirementPoliciesFacts {
  readonly known: readonly RequirementSource[];
  readonly unknown: readonly string[];
}

function requirementPoliciesFacts(
  policies: SignIn["authenticationRequirementPolicies"] & object,
): RequirementPoliciesFacts {
  const known: RequirementSource[] = [];
  const unknown: string[] = [];
  for (const p of policies) {
    if (p.requirementProvider === null) continue;
    const c = providerOf(p.requirementProvider);
    if (c.kind === "known") {
      if (!known.includes(c.id)) known.push(c.id);
    } else if (!unknown.includes(p.requirementProvider)) unknown.push(p.requirementProvider);
  }
  return { known: Object.freeze(known), unknown: Object.freeze(unknown) };
}

/** Frozen lists of requirement policies (the reader shares one per distinct value) and their facts. */
const policiesFacts = new Map<object, RequirementPoliciesFacts>();
const POLICY_LISTS_CACHED = 4096;

/** {@linkcode requirementPoliciesFacts}, once per frozen list. */
function requirementPoliciesOf(
  policies: SignIn["authenticationRequirementPolicies"] & object,
): RequirementPoliciesFacts {
  let f = policiesFacts.get(policies);
  if (f !== undefined) return f;
  f = requirementPoliciesFacts(policies);
  // a frozen list (and its frozen entries) cannot change: its facts hold for every sign-in that has it
  if (
    policiesFacts.size < POLICY_LISTS_CACHED && Object.isFrozen(policies) &&
    policies.every((p) => Object.isFrozen(p))
  ) policiesFacts.set(policies, f);
  return f;
}

/** The outcomes that are the same for every sign-in (frozen, shared). */
const ABANDONED: MfaOutcome = Object.freeze({ kind: "abandoned" });
const NOT_REACHED: MfaOutcome = Object.freeze({ kind: "notReached" });
const NO_MFA: MfaOutcome = Object.freeze({ kind: "none" });
const TELECOM_LIMIT: MfaOutcome = Object.freeze({
  kind: "denied",
  reason: "telecomLimitReached",
  detail: null,
});
const CHALLENGE_NOT_PASSED: MfaOutcome = Object.freeze({
  kind: "denied",
  reason: "challengeNotPassed",
  detail: null,
});

function passwordlessGroupOf(id: AuthMethodId): PasswordlessGroup | null {
  const info = AUTH_METHODS[id];
  if (!info.passwordless) return null;
  if (info.family === "fido2") return "fido2";
  if (info.family === "windowsHello") return "windowsHello";
  if (id === "authenticatorPasswordless") return "phoneSignIn";
  return "otherPasswordless";
}

/** What {@linkcode stepsOf} found besides the steps (one sign-in at a time). */
let claimsFound = 0;
let secondFactorTried = false;
let deniedStep: MethodKey | null = null;
let passwordlessFound: PasswordlessGroup | null = null;
let phishingResistantFound = false;
let weakSecondFactorFound = false;

/** Counts one step of a method text with its `succeeded` (see {@linkcode stepsOf}). */
function addStep(steps: StepFact[], raw: string, succeeded: boolean | null, success: boolean): void {
  const t = methodTextOf(raw);
  if (t.kind !== "step") {
    if (t.kind === "claim") claimsFound++;
    return;
  }
  steps.push(succeeded === true ? t.stepTrue : succeeded === false ? t.stepFalse : t.stepNull);
  const method = t.method;
  if (method === "password") return;
  secondFactorTried = true;
  if (succeeded === false) deniedStep = method;
  if (succeeded !== true || !success || method === "unknown") return;
  passwordlessFound ??= t.passwordless;
  if (t.phishingResistant) phishingResistantFound = true;
  else if (t.mfaCapable) weakSecondFactorFound = true;
}

/**
 * The steps of a sign-in that name a method, in order; the claims, whether a second factor was
 * tried, the last failed one, and what the successful steps of a successful sign-in say are left
 * in the variables above.
 */
function stepsOf(s: SignIn, outcome: SignInOutcome | "unknown"): StepFact[] {
  const steps: StepFact[] = [];
  claimsFound = 0;
  secondFactorTried = false;
  deniedStep = null;
  passwordlessFound = null;
  phishingResistantFound = false;
  weakSecondFactorFound = false;
  const success = outcome === "success";
  const details = s.authenticationDetails;
  if (details !== null) {
    for (let i = 0; i < details.length; i++) {
      const d = details[i]!;
      if (d.method !== null) addStep(steps, d.method, d.succeeded, success);
    }
    return steps;
  }
  // No step detail (v1.0 Graph, portal CSV without its AuthDetails file): the MFA method of
  // mfaDetail, else the methods used, each with the sign-in's outcome.
  const ok = success ? true : outcome === "failed" ? false : null;
  if (s.mfaDetail?.authMethod != null) addStep(steps, s.mfaDetail.authMethod, ok, success);
  else {
    const names = s.authenticationMethodsUsed ?? NO_STRINGS;
    for (let i = 0; i < names.length; i++) addStep(steps, names[i]!, ok, success);
  }
  return steps;
}

function mfaOutcomeOf(
  l: LogicalSignIn,
  bucket: ErrorCodeBucket | "unknown",
  outcome: SignInOutcome | "unknown",
  multi: boolean,
): MfaOutcome {
  const s = l.signIn;
  const mainText = resultTextOf(s.additionalDetails);
  const main = mainText.result;
  const first = mainText.decided;
  // A sign-in that succeeded was not denied: "Authentication in progress" and the like on a
  // successful row are progress notes, not the outcome.
  if (first !== null && !(first.kind === "denied" && outcome === "success")) return first;
  const details = s.authenticationDetails;
  if (details !== null) {
    for (let i = details.length - 1; i >= 0; i--) {
      const step = details[i]!;
      const text = step.resultDetail;
      if (text === null) continue;
      const d = resultTextOf(text).decided;
      // A step that succeeded is not a denial, whatever its text ("Authentication in progress"
      // on a password step that succeeded).
      if (d !== null && !(d.kind === "denied" && step.succeeded === true)) return d;
    }
  }
  if (bucket === "mfaFailed") {
    const f = resultTextOf(s.failureReason).decided;
    if (f !== null && f.kind === "denied") return f;
    return s.errorCode === 50088 ? TELECOM_LIMIT : CHALLENGE_NOT_PASSED;
  }
  if (
    !l.completed &&
    (bucket === "mfaRequiredInterrupt" || bucket === "externalChallengeInterrupt" ||
      main.kind === "interrupted")
  ) {
    return ABANDONED;
  }
  if (main.kind === "notRequired") return NO_MFA;
  if (!multi) return NO_MFA;
  if (outcome === "success") {
    return { kind: "unknown", raw: s.additionalDetails ?? "(no MFA result recorded)" };
  }
  return NOT_REACHED;
}

/**
 * Derives the report facts of one logical sign-in.
 *
 * @param l a logical sign-in from `SignInMerger`
 * @returns its facts
 *
 * @example An interrupt completed by a push approval
 * ```ts
 * import { signInFacts } from "./sign_in_facts.ts";
 * import assert from "node:assert/strict";
 * const signIn = {
 *   eventType: "interactiveUser", signInEventTypes: null, isInteractive: true, userPrincipalName: "Ana@Contoso.example",
 *   userId: null, userType: "member", errorCode: 0, additionalDetails: "MFA successfully completed",
 *   failureReason: null, authenticationRequirement: "multiFactorAuthentication", mfaDetail: null,
 *   authenticationRequirementPolicies: [{ requirementProvider: "multiConditionalAccess", detail: null }],
 *   authenticationMethodsUsed: null, clientAppUsed: "Browser",
 *   authenticationDetails: [
 *     { method: "Password", detail: null, stepRequirement: null, succeeded: true, resultDetail: "Correct password", dateTime: null },
 *     { method: "Mobile app notification", detail: null, stepRequirement: null, succeeded: true, resultDetail: "MFA successfully completed", dateTime: null },
 *   ],
 * };
 * const f = signInFacts({ signIn: signIn as never, rows: 2, interrupted: true, completed: true, interruptions: [] });
 * assert.equal(f.userKey, "ana@contoso.example");
 * assert.equal(f.requirement, "required");
 * assert.deepEqual(f.requirementSources, ["conditionalAccess"]);
 * assert.deepEqual(f.mfa, { kind: "satisfied", how: "successfullyCompleted" });
 * assert.equal(f.challenged, true);
 * assert.deepEqual(f.steps.map((s) => s.method), ["password", "authenticatorPush"]);
 * assert.equal(f.weakSecondFactor, true);
 * assert.equal(f.legacy, false);
 * ```
 */
export function signInFacts(l: LogicalSignIn): SignInFacts {
  const s = l.signIn;
  const eventTypeRaw = eventTypeRawOf(s);
  const et = eventTypeOf(eventTypeRaw);
  const eventType = et.kind === "known" ? et.id : "unknown";
  const upn = s.userPrincipalName ?? s.userId;
  const userKeyed = userKeyOf(upn);
  const userKey = userKeyed === null ? null : userKeyed.key;
  // A user sign-in names a user, or says it is one (exports with the user columns blanked still
  // count their methods and MFA steps; they are left out of per-user numbers only).
  const isUser = eventType !== "servicePrincipal" && eventType !== "managedIdentity" &&
    (userKey !== null || eventType === "interactiveUser" || eventType === "nonInteractiveUser");
  const interactive = isUser &&
    (eventType === "interactiveUser" || (eventType === "unknown" && s.isInteractive === true));
  const bucket = bucketOf(s.errorCode);
  const outcome = outcomeOf(bucket);
  const req = requirementOf(s.authenticationRequirement);
  const multi = req.kind === "known" && req.id === "multiFactorAuthentication";
  const mfa = isUser ? mfaOutcomeOf(l, bucket, outcome, multi) : NO_MFA;
  let requirement: MfaRequirementState;
  if (multi || mfa.kind === "satisfied" || mfa.kind === "denied" || mfa.kind === "abandoned") {
    requirement = "required";
  } else if (req.kind === "known") requirement = "notRequired";
  else if (resultTextOf(s.additionalDetails).result.kind === "notRequired") requirement = "notRequired";
  else requirement = "unknown";

  let requirementSources: readonly RequirementSource[] = NO_SOURCES;
  let unknownRequirementProviders: readonly string[] = NO_STRINGS;
  const policies = s.authenticationRequirementPolicies;
  if (policies !== null && policies.length > 0) {
    const p = requirementPoliciesOf(policies);
    requirementSources = p.known;
    unknownRequirementProviders = p.unknown;
  }

  const steps = stepsOf(s, outcome);
  const claims = claimsFound;
  const passwordless = passwordlessFound;
  const phishingResistant = phishingResistantFound;
  const weakSecondFactor = weakSecondFactorFound;
  let deniedMethod = deniedStep;
  if (mfa.kind === "denied" && deniedMethod === null) {
    for (let i = steps.length - 1; i >= 0; i--) {
      if (steps[i]!.method !== "password") {
        deniedMethod = steps[i]!.method;
        break;
      }
    }
  }
  if (mfa.kind !== "denied") deniedMethod = null;

  let challenged: boolean;
  switch (mfa.kind) {
    case "denied":
      challenged = true;
      break;
    case "satisfied": {
      const evidence = MFA_SATISFIED[mfa.how].evidence;
      challenged = evidence === "prompted" || evidence === "external" ||
        (mfa.how === "expiredByTenantPolicy" && secondFactorTried);
      break;
    }
    case "unknown":
      challenged = secondFactorTried;
      break;
    case "abandoned":
      challenged = interactive;
      break;
    case "notReached":
    case "none":
      challenged = false;
      break;
  }

  return {
    eventType,
    eventTypeRaw,
    isUser,
    interactive,
    userKey,
    userKeyId: userKeyed === null ? -1 : userKeyed.id,
    userType: isUser ? userTypeWithUpn(userTypeOf(s.userType), s.userPrincipalName) : "unknown",
    errorBucket: bucket,
    outcome: l.interrupted && !l.completed ? "interrupted" : outcome,
    requirement: isUser ? requirement : "notRequired",
    requirementRaw: s.authenticationRequirement,
    requirementSources,
    unknownRequirementProviders,
    mfa,
    challenged,
    steps,
    claimSteps: claims,
    deniedMethod,
    passwordless,
    phishingResistant,
    weakSecondFactor,
    legacy: legacyOf(s.clientAppUsed),
  };
}
