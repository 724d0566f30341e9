/**
 * The incremental, pure aggregation behind the sign-in MFA report: feed logical sign-ins one at
 * a time with {@linkcode SignInAggregator.add}, then call {@linkcode SignInAggregator.summary}.
 * Memory grows with distinct users, apps, policies and values (each open-ended map is capped;
 * extra keys are pooled, never dropped), not with the number of sign-ins; per user only
 * counters, flags and the latest failure / fraud report / block are kept.
 *
 * @module
 */
import {
  CA_POLICY_RESULTS,
  CA_STATUSES,
  type CaPolicyResult,
  classifyCaGrantControl,
  classifyCaPolicyResult,
  classifyCaSessionControl,
  classifyCaStatus,
  classifyClientApp,
  classifyCrossTenantAccessType,
  classifyMfaResult,
  classifyRiskLevel,
  classifyRiskState,
  classifyTenancy,
  classifyTokenIssuerType,
  CROSS_TENANT_ACCESS_TYPES,
  ERROR_CODE_BUCKETS,
  type ErrorCodeBucket,
  errorCodeMeaning,
  labelClientApp,
  labelMfaResult,
  MFA_DENIED,
  MFA_SATISFIED,
  type MfaDeniedReason,
  type MfaSatisfiedHow,
  RISK_LEVELS,
  RISK_STATES,
  SIGN_IN_EVENT_TYPES,
  TOKEN_ISSUER_TYPES,
  type TokenIssuerType,
  USER_TYPES,
} from "../classify/mod.ts";
import type { LogicalSignIn, MergeStats, SignIn } from "../signins/mod.ts";
import { memoText } from "./_memo.ts";
import { CountMap, OVERFLOW_KEY } from "./count_map.ts";
import { decideVerdict, type RegistrationFacts } from "./registration_verdict.ts";
import {
  type CaPolicySummary,
  type CappedList,
  type FailedUser,
  type MethodCounts,
  type NamedCount,
  type RegistrationJoin,
  type ReportSource,
  type RequirementCounts,
  SIGNINS_REPORT_SCHEMA_VERSION,
  type SigninsReport,
  type UserEvent,
  type UserVerdict,
  type UserWithEvents,
} from "./report.ts";
import { REQUIREMENT_SOURCES } from "./requirement_source.ts";
import { type MfaOutcome, PASSWORDLESS_GROUPS, type SignInFacts, signInFacts } from "./sign_in_facts.ts";

/** MFA results that let a user through with no second factor checked in this sign-in. */
export const BYPASS_LIKE: readonly MfaSatisfiedHow[] = [
  "skippedLocation",
  "skippedRegisteredDevice",
  "skippedRememberedDevice",
  "skippedAppPassword",
  "skippedWindowsBrokerLogon",
  "satisfiedByClaimInToken",
];

/** Bits of {@linkcode BYPASS_LIKE} that are true skips (not the reused claim). */
const SKIPPED_MASK = BYPASS_LIKE.reduce((m, how, i) => how.startsWith("skipped") ? m | (1 << i) : m, 0);

/** Token issuer types of on-premises MFA components (AD FS, its MFA adapter, the NPS extension). */
export const ON_PREMISES_ISSUERS: readonly TokenIssuerType[] = [
  "adFederationServices",
  "adFederationServicesMfaAdapter",
  "npsExtension",
];

/** Options of {@linkcode SignInAggregator}. */
export interface AggregatorOptions {
  /** Entries in each "top" list. @default 10 */
  top?: number;
  /** Distinct keys per open-ended map (apps, locations, raw values …). @default 10000 */
  maxKeys?: number;
  /** Users listed in the registration verdict. @default 200 */
  verdictLimit?: number;
}

/** What the caller knows besides the sign-ins: inputs, window, read and merge counters. */
export interface ReportMeta {
  /** Report time, ISO 8601. */
  generatedAt: string;
  /** Requested window; omit to report the data's first and last sign-in. */
  window?: { from: string | null; to: string | null };
  /** Inputs. */
  sources: ReportSource[];
  /** Good rows read. */
  rows: number;
  /** Bad rows (including `futureRows`). */
  badRows: number;
  /** Of `badRows`: rows dated more than a day after the report clock. @default 0 */
  futureRows?: number;
  /** Rows left out by filters. */
  filteredOut: number;
  /** Merge counters (the conflict counters default to 0). */
  merge:
    & Pick<MergeStats, "duplicatesDropped" | "rowsMerged" | "interruptedIncomplete">
    & Partial<Pick<MergeStats, "duplicateConflicts" | "conflictsKeptFirst">>;
  /** Whether Graph was the source (changes the "CA detail not visible" advice). */
  caHiddenAdvice?: string;
  /** Extra caveats, printed after the standard ones. */
  caveats?: string[];
}

/** Registration data for the verdict: records and where they came from. */
export interface RegistrationInput {
  /** File name or source label. */
  source: string;
  /** The records. */
  records: Iterable<RegistrationFacts>;
}

interface Event {
  atMs: number;
  at: string | null;
  result: string;
  label: string;
  app: string | null;
  errorCode: number | null;
  ip: string | null;
}

interface UserAgg {
  user: string;
  displayName: string | null;
  signIns: number;
  required: boolean;
  challenged: boolean;
  satisfied: number;
  performed: boolean;
  passedChallenge: boolean;
  denied: number;
  abandoned: number;
  bypassMask: number;
  onPremMask: number;
  legacy: number;
  legacySucceeded: number;
  phishingResistant: boolean;
  latestFailure: Event | null;
  fraud: number;
  fraudLatest: Event | null;
  blocked: number;
  blockedLatest: Event | null;
}

interface PolicyAgg {
  displayName: string;
  results: Record<CaPolicyResult | "unknown", number>;
  unknownResults: CountMap;
  grant: Set<string>;
  session: Set<string>;
  /** The last known result text and its id (consecutive sign-ins repeat them). */
  lastResultRaw: string | null;
  lastResultId: string;
  /** The last control lists seen (only a different list is classified again). */
  lastGrant: readonly string[];
  lastSession: readonly string[];
}

const NO_CONTROLS: readonly string[] = Object.freeze([]);

/** Display name of the row that pools Conditional Access policies beyond the distinct-key cap. */
export const OTHER_POLICIES = "(other policies)";

function newPolicyAgg(displayName: string): PolicyAgg {
  return {
    displayName,
    results: zeroRecord(keysOf(CA_POLICY_RESULTS)),
    unknownResults: new CountMap(100),
    grant: new Set(),
    session: new Set(),
    lastResultRaw: null,
    lastResultId: "unknown",
    lastGrant: NO_CONTROLS,
    lastSession: NO_CONTROLS,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const UNKNOWN_APP = "(unknown app)";
const OTHER_APPS = "(other apps)";

function zeroRecord<K extends string>(keys: readonly K[]): Record<K | "unknown", number> {
  const out = {} as Record<K | "unknown", number>;
  for (const k of keys) out[k] = 0;
  out.unknown = 0;
  return out;
}

function keysOf<T extends object>(t: T): (keyof T & string)[] {
  return Object.keys(t) as (keyof T & string)[];
}

function newRequirementCounts(): RequirementCounts {
  return { signIns: 0, required: 0, notRequired: 0, unknown: 0 };
}

function laterThan(e: Event | null, atMs: number): boolean {
  return e === null || atMs >= e.atMs;
}

function browserFamily(b: string): string {
  const i = b.search(/\s+v?\d/);
  return i > 0 ? b.slice(0, i) : b;
}

const grantOf = memoText((s) => {
  const c = classifyCaGrantControl(s);
  return c.kind === "known" ? c.id : `unknown:${s}`;
});
const sessionOf = memoText((s) => {
  const c = classifyCaSessionControl(s);
  return c.kind === "known" ? c.id : `unknown:${s}`;
});
const caResultOf = memoText((s) => classifyCaPolicyResult(s));
const caStatusOf = memoText((s) => classifyCaStatus(s));
const crossTenantOf = memoText((s) => classifyCrossTenantAccessType(s));
const riskLevelOf = memoText((s) => classifyRiskLevel(s));
const riskStateOf = memoText((s) => classifyRiskState(s));
const issuerOf = memoText((s) => classifyTokenIssuerType(s));
const clientAppOf = memoText((s) => classifyClientApp(s));
/** Whether an MFA result text is not recognised (unknown, or a denial whose reason is unknown). */
const unrecognisedOf = memoText((s) => {
  const r = classifyMfaResult(s);
  return r.kind === "unknown" || (r.kind === "denied" && r.reason === "other");
});

function mfaResultIdOf(m: MfaOutcome): string {
  switch (m.kind) {
    case "satisfied":
      return `satisfied.${m.how}`;
    case "denied":
      return `denied.${m.reason}`;
    case "abandoned":
    case "notReached":
    case "none":
    case "unknown":
      return m.kind;
  }
}

function mfaLabelOf(m: MfaOutcome): string {
  switch (m.kind) {
    case "satisfied":
      return labelMfaResult({ kind: "satisfied", how: m.how });
    case "denied":
      return m.reason === "other" && m.detail !== null
        ? `MFA denied: ${m.detail}`
        : `MFA denied: ${MFA_DENIED[m.reason].label}`;
    case "abandoned":
      return "MFA prompt left unanswered";
    case "notReached":
      return "Failed before the MFA step";
    case "none":
      return "No MFA";
    case "unknown":
      return "Unknown MFA result";
  }
}

/**
 * Aggregates logical sign-ins into a {@linkcode SigninsReport}.
 *
 * @example Two users, one denial
 * ```ts
 * import { SignInAggregator } from "./aggregator.ts";
 * import assert from "node:assert/strict";
 * const base = {
 *   eventType: "interactiveUser", signInEventTypes: null, isInteractive: true, userId: null, userDisplayName: null,
 *   userType: "member", authenticationRequirement: "multiFactorAuthentication", authenticationRequirementPolicies: null,
 *   authenticationDetails: null, authenticationMethodsUsed: null, mfaDetail: null, failureReason: null,
 *   clientAppUsed: "Browser", appId: null, appDisplayName: "Office 365", ipAddress: "192.0.2.1", city: null, state: null,
 *   countryOrRegion: null, os: null, browser: null, conditionalAccessStatus: "success",
 *   appliedConditionalAccessPolicies: null, crossTenantAccessType: null, homeTenantId: null, resourceTenantId: null,
 *   homeTenantName: null, tokenIssuerType: "AzureAD", riskLevelDuringSignIn: null, riskLevelAggregated: null,
 *   riskState: null, createdDateTime: "2026-11-20T10:00:00Z", createdAtMs: Date.parse("2026-11-20T10:00:00Z"),
 * };
 * const a = new SignInAggregator();
 * const one = (signIn: object) => ({ signIn: signIn as never, rows: 1, interrupted: false, completed: true, interruptions: [] });
 * a.add(one({ ...base, userPrincipalName: "ana@contoso.example", errorCode: 0, additionalDetails: "MFA successfully completed" }));
 * a.add(one({ ...base, userPrincipalName: "bo@contoso.example", errorCode: 500121,
 *   additionalDetails: "MFA denied; user declined the authentication" }));
 * const r = a.summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 2, badRows: 0, filteredOut: 0,
 *   merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 } });
 * assert.equal(r.totals.signIns, 2);
 * assert.equal(r.mfa.required, 2);
 * assert.equal(r.mfa.satisfied.successfullyCompleted, 1);
 * assert.equal(r.mfa.denied.userDeclined, 1);
 * assert.equal(r.users.challenged, 2);
 * assert.equal(r.users.failedMfa, 1);
 * assert.equal(r.users.topFailed[0]?.user, "bo@contoso.example");
 * ```
 */
export class SignInAggregator {
  readonly #top: number;
  readonly #maxKeys: number;
  readonly #verdictLimit: number;

  #signIns = 0;
  #userSignIns = 0;
  #minMs = Infinity;
  #maxMs = -Infinity;
  #minText: string | null = null;
  #maxText: string | null = null;

  readonly #users = new Map<string, UserAgg>();
  // MFA requirement
  #required = 0;
  #notRequired = 0;
  #reqUnknown = 0;
  readonly #unknownReqValues: CountMap;
  readonly #reqSources = zeroRecord([...keysOf(REQUIREMENT_SOURCES), "notStated" as const]);
  readonly #unknownProviders: CountMap;
  readonly #byApp = new Map<string, RequirementCounts>();
  readonly #byUserType = new Map<string, RequirementCounts>();
  // MFA outcomes
  readonly #satisfied = new Map<MfaSatisfiedHow, number>();
  readonly #denied = new Map<MfaDeniedReason, number>();
  readonly #deniedOther: CountMap;
  #abandoned = 0;
  #notReached = 0;
  #unknownResult = 0;
  readonly #unknownResultTexts: CountMap;
  readonly #unrecognisedTexts: CountMap;
  #userSignInsWithoutUser = 0;
  #claimInToken = 0;
  #strongAuth = 0;
  #satisfiedTotal = 0;
  #pwlEligible = 0;
  #pwlCount = 0;
  readonly #pwlGroups = { fido2: 0, windowsHello: 0, phoneSignIn: 0, otherPasswordless: 0 } satisfies Record<
    keyof typeof PASSWORDLESS_GROUPS,
    number
  >;
  readonly #deniedByMethod: CountMap;
  readonly #deniedCodes: CountMap;
  // methods
  readonly #methods = new Map<string, MethodCounts>();
  readonly #unknownMethods: CountMap;
  // CA
  readonly #caStatus = zeroRecord([...keysOf(CA_STATUSES), "notGiven" as const]);
  readonly #unknownCaStatus: CountMap;
  #caWithStatus = 0;
  #caWithDetail = 0;
  readonly #policies = new Map<string, PolicyAgg>();
  #policyOverflow: PolicyAgg | undefined;
  readonly #policySlots: { key: string; agg: PolicyAgg }[] = [];
  // event types, errors
  readonly #eventTypes = zeroRecord(keysOf(SIGN_IN_EVENT_TYPES));
  readonly #unknownEventTypes: CountMap;
  readonly #errors = zeroRecord(keysOf(ERROR_CODE_BUCKETS));
  readonly #errorCodes: CountMap;
  readonly #codeBuckets = new Map<string, ErrorCodeBucket | "unknown">();
  // cross-tenant
  readonly #tenancy = { sameTenant: 0, crossTenant: 0, unknown: 0 };
  readonly #accessTypes = zeroRecord(keysOf(CROSS_TENANT_ACCESS_TYPES));
  readonly #unknownAccessTypes: CountMap;
  #crossSucceeded = 0;
  readonly #homeTenants: CountMap;
  // legacy auth
  #legacy = 0;
  #legacySucceeded = 0;
  readonly #legacyClients = new Map<string, { signIns: number; succeeded: number }>();
  readonly #legacyApps: CountMap;
  readonly #unknownClientApps: CountMap;
  // risk
  readonly #riskDuring = zeroRecord(keysOf(RISK_LEVELS));
  readonly #riskAggregated = zeroRecord(keysOf(RISK_LEVELS));
  readonly #riskState = zeroRecord(keysOf(RISK_STATES));
  readonly #unknownRisk: CountMap;
  // places and devices
  readonly #locations: CountMap;
  readonly #os: CountMap;
  readonly #browsers: CountMap;
  // legacy MFA Server view
  #fraud = 0;
  #blocked = 0;
  readonly #bypass = new Map<MfaSatisfiedHow, number>();
  readonly #issuers = new Map<string, { signIns: number; succeeded: number }>();
  readonly #unknownIssuers: CountMap;

  /** @param options list sizes and map limits */
  constructor(options: AggregatorOptions = {}) {
    this.#top = options.top ?? 10;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#verdictLimit = options.verdictLimit ?? 200;
    const small = Math.min(this.#maxKeys, 1000);
    this.#unknownReqValues = new CountMap(small);
    this.#unknownProviders = new CountMap(small);
    this.#deniedOther = new CountMap(small);
    this.#unknownResultTexts = new CountMap(small);
    this.#unrecognisedTexts = new CountMap(small);
    this.#deniedByMethod = new CountMap(small);
    this.#deniedCodes = new CountMap(small);
    this.#unknownMethods = new CountMap(small);
    this.#unknownCaStatus = new CountMap(small);
    this.#unknownEventTypes = new CountMap(small);
    this.#errorCodes = new CountMap(this.#maxKeys);
    this.#unknownAccessTypes = new CountMap(small);
    this.#homeTenants = new CountMap(this.#maxKeys);
    this.#legacyApps = new CountMap(this.#maxKeys);
    this.#unknownClientApps = new CountMap(small);
    this.#unknownRisk = new CountMap(small);
    this.#locations = new CountMap(this.#maxKeys);
    this.#os = new CountMap(this.#maxKeys);
    this.#browsers = new CountMap(this.#maxKeys);
    this.#unknownIssuers = new CountMap(small);
  }

  /** Logical sign-ins added so far. */
  get signIns(): number {
    return this.#signIns;
  }

  /**
   * Adds one logical sign-in.
   *
   * @param l the logical sign-in
   * @returns its facts (for callers that want them, e.g. tests)
   */
  add(l: LogicalSignIn): SignInFacts {
    const f = signInFacts(l);
    const s = l.signIn;
    this.#signIns++;
    this.#seen(s);
    for (let i = 0; i < l.interruptions.length; i++) this.#seen(l.interruptions[i]!);
    // event type and errors
    this.#eventTypes[f.eventType]++;
    if (f.eventType === "unknown") this.#unknownEventTypes.add(f.eventTypeRaw ?? "(not given)");
    this.#errors[f.errorBucket]++;
    if (s.errorCode !== 0) {
      const key = s.errorCode === null ? "(none)" : String(s.errorCode);
      this.#errorCodes.add(key);
      if (!this.#codeBuckets.has(key) && this.#codeBuckets.size < this.#maxKeys) {
        this.#codeBuckets.set(key, f.errorBucket);
      }
    }
    const success = f.outcome === "success";
    this.#addCa(s);
    this.#addTenancy(s, success);
    this.#addRisk(s);
    this.#addPlaces(s);
    const user = f.isUser && f.userKey !== null ? this.#user(s, f.userKey) : null;
    this.#addIssuer(s, success, user);
    this.#addLegacy(s, f, success, user);
    if (f.isUser) {
      if (user === null) this.#userSignInsWithoutUser++;
      // Without a user id the sign-in still counts (methods, MFA); per-user numbers go to a
      // throw-away record.
      this.#addUserSignIn(s, f, user ?? this.#anonymous(s), success);
    }
    this.#addUnrecognisedTexts(l);
    return f;
  }

  /** A per-user record for a user sign-in that names no user; never listed or counted as a user. */
  #anonymous(s: SignIn): UserAgg {
    const u = this.#user(s, "\u0000anonymous");
    this.#users.delete("\u0000anonymous");
    return u;
  }

  /** Texts of additionalDetails and step results that no classifier recognises (each once per sign-in). */
  #addUnrecognisedTexts(l: LogicalSignIn): void {
    const seen = new Set<string>();
    const note = (t: string | null) => {
      if (t === null || seen.has(t)) return;
      seen.add(t);
      if (unrecognisedOf(t)) this.#unrecognisedTexts.add(t);
    };
    for (const s of [...l.interruptions, l.signIn]) {
      note(s.additionalDetails);
      const d = s.authenticationDetails;
      if (d !== null) { for (let i = 0; i < d.length; i++) note(d[i]!.resultDetail); }
    }
  }

  /** Widens the data window to a row's time. */
  #seen(s: SignIn): void {
    const t = s.createdAtMs;
    if (t === null) return;
    if (t < this.#minMs) {
      this.#minMs = t;
      this.#minText = s.createdDateTime;
    }
    if (t > this.#maxMs) {
      this.#maxMs = t;
      this.#maxText = s.createdDateTime;
    }
  }

  #user(s: SignIn, key: string): UserAgg {
    let u = this.#users.get(key);
    if (u === undefined) {
      u = {
        user: s.userPrincipalName ?? s.userId ?? key,
        displayName: s.userDisplayName,
        signIns: 0,
        required: false,
        challenged: false,
        satisfied: 0,
        performed: false,
        passedChallenge: false,
        denied: 0,
        abandoned: 0,
        bypassMask: 0,
        onPremMask: 0,
        legacy: 0,
        legacySucceeded: 0,
        phishingResistant: false,
        latestFailure: null,
        fraud: 0,
        fraudLatest: null,
        blocked: 0,
        blockedLatest: null,
      };
      this.#users.set(key, u);
    } else if (u.displayName === null && s.userDisplayName !== null) u.displayName = s.userDisplayName;
    return u;
  }

  #event(s: SignIn, m: MfaOutcome): Event {
    return {
      atMs: s.createdAtMs ?? -Infinity,
      at: s.createdDateTime,
      result: mfaResultIdOf(m),
      label: mfaLabelOf(m),
      app: s.appDisplayName ?? s.appId,
      errorCode: s.errorCode,
      ip: s.ipAddress,
    };
  }

  #addUserSignIn(s: SignIn, f: SignInFacts, u: UserAgg, success: boolean): void {
    this.#userSignIns++;
    u.signIns++;
    // requirement
    const app = s.appDisplayName ?? s.appId ?? UNKNOWN_APP;
    let byApp = this.#byApp.get(app);
    if (byApp === undefined) {
      const key = this.#byApp.size < this.#maxKeys ? app : OTHER_APPS;
      byApp = this.#byApp.get(key);
      if (byApp === undefined) this.#byApp.set(key, byApp = newRequirementCounts());
    }
    let byType = this.#byUserType.get(f.userType);
    if (byType === undefined) this.#byUserType.set(f.userType, byType = newRequirementCounts());
    byApp.signIns++;
    byType.signIns++;
    for (const raw of f.unknownRequirementProviders) this.#unknownProviders.add(raw);
    switch (f.requirement) {
      case "required":
        this.#required++;
        byApp.required++;
        byType.required++;
        u.required = true;
        if (f.requirementSources.length === 0 && f.unknownRequirementProviders.length === 0) {
          this.#reqSources.notStated++;
        }
        for (const src of f.requirementSources) this.#reqSources[src]++;
        if (f.unknownRequirementProviders.length > 0) this.#reqSources.unknown++;
        break;
      case "notRequired":
        this.#notRequired++;
        byApp.notRequired++;
        byType.notRequired++;
        break;
      case "unknown":
        this.#reqUnknown++;
        byApp.unknown++;
        byType.unknown++;
        this.#unknownReqValues.add(f.requirementRaw ?? "(not given)");
        break;
    }
    // methods
    for (const st of f.steps) {
      let m = this.#methods.get(st.method);
      if (m === undefined) this.#methods.set(st.method, m = { attempts: 0, succeeded: 0, failed: 0 });
      m.attempts++;
      if (st.succeeded === true) m.succeeded++;
      else if (st.succeeded === false) m.failed++;
      if (st.method === "unknown") this.#unknownMethods.add(st.raw);
    }
    if (f.interactive && success && s.authenticationDetails !== null && s.authenticationDetails.length > 0) {
      this.#pwlEligible++;
      if (f.passwordless !== null) {
        this.#pwlCount++;
        this.#pwlGroups[f.passwordless]++;
      }
    }
    if (f.phishingResistant) u.phishingResistant = true;
    if (f.challenged) u.challenged = true;
    // outcome
    const m = f.mfa;
    switch (m.kind) {
      case "satisfied": {
        this.#satisfied.set(m.how, (this.#satisfied.get(m.how) ?? 0) + 1);
        this.#satisfiedTotal++;
        u.satisfied++;
        if (m.how === "satisfiedByClaimInToken") this.#claimInToken++;
        if (m.how === "satisfiedByStrongAuthentication") this.#strongAuth++;
        const evidence = MFA_SATISFIED[m.how].evidence;
        if (evidence === "prompted" || evidence === "external" || evidence === "reused" || f.challenged) {
          u.performed = true;
        }
        if (f.challenged) u.passedChallenge = true;
        const b = BYPASS_LIKE.indexOf(m.how);
        if (b >= 0) {
          this.#bypass.set(m.how, (this.#bypass.get(m.how) ?? 0) + 1);
          u.bypassMask |= 1 << b;
        }
        break;
      }
      case "denied": {
        this.#denied.set(m.reason, (this.#denied.get(m.reason) ?? 0) + 1);
        if (m.reason === "other" && m.detail !== null) this.#deniedOther.add(m.detail);
        this.#deniedByMethod.add(f.deniedMethod ?? "notRecorded");
        this.#deniedCodes.add(s.errorCode === null ? "(none)" : String(s.errorCode));
        u.denied++;
        const at = s.createdAtMs ?? -Infinity;
        if (laterThan(u.latestFailure, at)) u.latestFailure = this.#event(s, m);
        if (m.reason === "fraudReported") {
          this.#fraud++;
          u.fraud++;
          if (laterThan(u.fraudLatest, at)) u.fraudLatest = this.#event(s, m);
        } else if (m.reason === "userBlocked") {
          this.#blocked++;
          u.blocked++;
          if (laterThan(u.blockedLatest, at)) u.blockedLatest = this.#event(s, m);
        }
        break;
      }
      case "abandoned":
        this.#abandoned++;
        u.abandoned++;
        break;
      case "notReached":
        this.#notReached++;
        break;
      case "unknown":
        this.#unknownResult++;
        this.#unknownResultTexts.add(m.raw);
        break;
      case "none":
        break;
    }
  }

  #addCa(s: SignIn): void {
    if (s.conditionalAccessStatus === null) this.#caStatus.notGiven++;
    else {
      this.#caWithStatus++;
      const c = caStatusOf(s.conditionalAccessStatus);
      if (c.kind === "known") this.#caStatus[c.id]++;
      else {
        this.#caStatus.unknown++;
        this.#unknownCaStatus.add(s.conditionalAccessStatus);
      }
    }
    const list = s.appliedConditionalAccessPolicies;
    if (list === null) return;
    this.#caWithDetail++;
    const slots = this.#policySlots;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      const key = p.id ?? p.displayName ?? "(no id)";
      // Sign-ins list the policies in the same order: try the policy seen at this position last time.
      let agg = i < slots.length && slots[i]!.key === key ? slots[i]!.agg : this.#policies.get(key);
      if (agg === undefined) {
        if (this.#policies.size >= this.#maxKeys) {
          // Beyond the memory cap: pooled in one "(other policies)" row, never dropped.
          agg = this.#policyOverflow ??= newPolicyAgg(OTHER_POLICIES);
        } else {
          agg = newPolicyAgg(p.displayName ?? key);
          this.#policies.set(key, agg);
        }
      } else if (p.displayName !== null && p.displayName !== agg.displayName) agg.displayName = p.displayName;
      if (i < slots.length) {
        const slot = slots[i]!;
        slot.key = key;
        slot.agg = agg;
      } else if (slots.length < 256) slots.push({ key, agg });
      let id: string;
      if (p.result !== null && p.result === agg.lastResultRaw) id = agg.lastResultId;
      else {
        const r = caResultOf(p.result);
        id = r.kind === "known" ? r.id : "unknown";
        if (r.kind === "unknown") agg.unknownResults.add(p.result ?? "(not given)");
        else {
          agg.lastResultRaw = p.result;
          agg.lastResultId = id;
        }
      }
      agg.results[id as CaPolicyResult | "unknown"]++;
      if (!sameList(p.enforcedGrantControls, agg.lastGrant)) {
        agg.lastGrant = p.enforcedGrantControls;
        for (const g of p.enforcedGrantControls) if (agg.grant.size < 50) agg.grant.add(grantOf(g));
      }
      if (!sameList(p.enforcedSessionControls, agg.lastSession)) {
        agg.lastSession = p.enforcedSessionControls;
        for (const g of p.enforcedSessionControls) if (agg.session.size < 50) agg.session.add(sessionOf(g));
      }
    }
  }

  #addTenancy(s: SignIn, success: boolean): void {
    const home = s.homeTenantId, resource = s.resourceTenantId;
    const t = home !== null && home === resource && home !== ""
      ? "sameTenant"
      : classifyTenancy(home, resource);
    this.#tenancy[t]++;
    if (t === "crossTenant") {
      if (success) this.#crossSucceeded++;
      this.#homeTenants.add(s.homeTenantName ?? s.homeTenantId ?? "(unknown)");
    }
    if (s.crossTenantAccessType === null) return;
    const c = crossTenantOf(s.crossTenantAccessType);
    if (c.kind === "unknown") {
      this.#accessTypes.unknown++;
      this.#unknownAccessTypes.add(s.crossTenantAccessType);
      return;
    }
    for (const flag of c.flags) this.#accessTypes[flag]++;
    if (c.unknownParts.length > 0) {
      this.#accessTypes.unknown++;
      for (const p of c.unknownParts) this.#unknownAccessTypes.add(p);
    }
  }

  #addRisk(s: SignIn): void {
    const level = (raw: string | null, into: Record<string, number>, field: string) => {
      if (raw === null) return;
      const c = riskLevelOf(raw);
      if (c.kind === "known") into[c.id]!++;
      else {
        into.unknown!++;
        this.#unknownRisk.add(`${field}: ${raw}`);
      }
    };
    level(s.riskLevelDuringSignIn, this.#riskDuring, "riskLevelDuringSignIn");
    level(s.riskLevelAggregated, this.#riskAggregated, "riskLevelAggregated");
    if (s.riskState !== null) {
      const c = riskStateOf(s.riskState);
      if (c.kind === "known") this.#riskState[c.id]++;
      else {
        this.#riskState.unknown++;
        this.#unknownRisk.add(`riskState: ${s.riskState}`);
      }
    }
  }

  #addPlaces(s: SignIn): void {
    let place = s.city ?? "";
    if (s.state !== null) place = place === "" ? s.state : `${place}, ${s.state}`;
    if (s.countryOrRegion !== null) {
      place = place === "" ? s.countryOrRegion : `${place}, ${s.countryOrRegion}`;
    }
    this.#locations.add(place === "" ? "(unknown)" : place);
    this.#os.add(s.os ?? "(unknown)");
    this.#browsers.add(s.browser === null ? "(unknown)" : browserFamily(s.browser));
  }

  #addIssuer(s: SignIn, success: boolean, u: UserAgg | null): void {
    if (s.tokenIssuerType === null) return;
    const c = issuerOf(s.tokenIssuerType);
    const id = c.kind === "known" ? c.id : "unknown";
    if (c.kind === "unknown") this.#unknownIssuers.add(s.tokenIssuerType);
    let agg = this.#issuers.get(id);
    if (agg === undefined) this.#issuers.set(id, agg = { signIns: 0, succeeded: 0 });
    agg.signIns++;
    if (success) agg.succeeded++;
    if (u !== null && c.kind === "known") {
      const bit = ON_PREMISES_ISSUERS.indexOf(c.id);
      if (bit >= 0) u.onPremMask |= 1 << bit;
    }
  }

  #addLegacy(s: SignIn, f: SignInFacts, success: boolean, u: UserAgg | null): void {
    if (f.legacy === undefined) {
      if (s.clientAppUsed !== null) this.#unknownClientApps.add(s.clientAppUsed);
      return;
    }
    if (!f.legacy) return;
    this.#legacy++;
    if (success) this.#legacySucceeded++;
    const c = clientAppOf(s.clientAppUsed);
    const key = c.kind === "known" ? labelClientApp(c.id) : s.clientAppUsed ?? "(unknown)";
    let agg = this.#legacyClients.get(key);
    if (agg === undefined) this.#legacyClients.set(key, agg = { signIns: 0, succeeded: 0 });
    agg.signIns++;
    if (success) agg.succeeded++;
    this.#legacyApps.add(s.appDisplayName ?? s.appId ?? UNKNOWN_APP);
    if (u !== null) {
      u.legacy++;
      if (success) u.legacySucceeded++;
    }
  }

  /**
   * The report so far.
   *
   * @param meta inputs, window, read and merge counters
   * @param registration registration data for the per-user verdict (`--with-registration`)
   * @returns the report (not redacted; see {@linkcode redactReport})
   */
  summary(meta: ReportMeta, registration?: RegistrationInput): SigninsReport {
    const top = this.#top;
    const users = [...this.#users.values()];
    const capped: CappedList[] = [];
    /** The first `top` of a ranked list; what is left out is recorded in `capped`. */
    const cap = <T>(list: string, label: string, all: T[], count: ((t: T) => number) | null): T[] => {
      if (all.length <= top) return all;
      const rest = all.slice(top);
      capped.push({
        list,
        label,
        shown: top,
        more: rest.length,
        moreCount: count === null ? null : rest.reduce((n, t) => n + count(t), 0),
        pooledAs: null,
      });
      return all.slice(0, top);
    };
    const recordOf = <K extends string>(keys: readonly K[], m: Map<K, number>): Record<K, number> => {
      const out = {} as Record<K, number>;
      for (const k of keys) out[k] = m.get(k) ?? 0;
      return out;
    };
    const named = (m: CountMap, list: string, label: string): NamedCount[] =>
      cap(list, label, m.entries(), (e) => e.count).map((e) => ({ name: e.key, count: e.count }));
    const event = (e: Event): UserEvent => ({
      at: e.at,
      result: e.result,
      label: e.label,
      app: e.app,
      errorCode: e.errorCode,
      ip: e.ip,
    });
    const byUser = (
      a: { user: string },
      b: { user: string },
    ) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0);
    const withEvents = (
      list: string,
      label: string,
      count: (u: UserAgg) => number,
      latest: (u: UserAgg) => Event | null,
    ): UserWithEvents[] =>
      cap(
        list,
        label,
        users.filter((u) => count(u) > 0 && latest(u) !== null)
          .sort((a, b) => count(b) - count(a) || latest(b)!.atMs - latest(a)!.atMs || byUser(a, b)),
        count,
      )
        .map((u) => ({
          user: u.user,
          displayName: u.displayName,
          count: count(u),
          latest: event(latest(u)!),
        }));

    // apps: top N by sign-ins, the rest pooled
    const apps = [...this.#byApp].filter(([app]) => app !== OTHER_APPS)
      .sort((a, b) => b[1].signIns - a[1].signIns || (a[0] < b[0] ? -1 : 1));
    const byApp = apps.slice(0, top).map(([app, c]) => ({ app, ...c }));
    const pooled = this.#byApp.get(OTHER_APPS);
    if (apps.length > top || pooled !== undefined) {
      const rest = newRequirementCounts();
      capped.push({
        list: "mfa.byApp",
        label: "Applications (MFA by application)",
        shown: byApp.length,
        more: pooled === undefined ? apps.length - top : null,
        moreCount: null,
        pooledAs: OTHER_APPS,
      });
      for (const [, c] of [...apps.slice(top), ...(pooled === undefined ? [] : [["", pooled] as const])]) {
        rest.signIns += c.signIns;
        rest.required += c.required;
        rest.notRequired += c.notRequired;
        rest.unknown += c.unknown;
      }
      byApp.push({ app: OTHER_APPS, ...rest });
    }
    const byUserType = {} as Record<string, RequirementCounts>;
    for (const k of [...keysOf(USER_TYPES), "unknown"]) {
      byUserType[k] = this.#byUserType.get(k) ?? newRequirementCounts();
    }

    const methods: Record<string, MethodCounts> = {};
    for (
      const [k, v] of [...this.#methods].sort((a, b) =>
        b[1].attempts - a[1].attempts || (a[0] < b[0] ? -1 : 1)
      )
    ) {
      methods[k] = { ...v };
    }

    const policies: CaPolicySummary[] = [...this.#policies].map(([id, p]) => {
      return {
        id,
        displayName: p.displayName,
        results: { ...p.results },
        unknownResults: p.unknownResults.toRecord(),
        grantControls: [...p.grant].sort(),
        sessionControls: [...p.session].sort(),
      };
    }).sort((a, b) =>
      (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0) || (a.id < b.id ? -1 : 1)
    );
    const overflow = this.#policyOverflow;
    if (overflow !== undefined) {
      const pooledResults = Object.values(overflow.results).reduce((n, v) => n + v, 0);
      capped.push({
        list: "conditionalAccess.policies",
        label: `Conditional Access policies (more than ${this.#maxKeys.toLocaleString("en-US")} distinct)`,
        shown: policies.length,
        more: null,
        moreCount: pooledResults,
        pooledAs: OTHER_POLICIES,
      });
      policies.push({
        id: OVERFLOW_KEY,
        displayName: OTHER_POLICIES,
        results: { ...overflow.results },
        unknownResults: overflow.unknownResults.toRecord(),
        grantControls: [...overflow.grant].sort(),
        sessionControls: [...overflow.session].sort(),
      });
    }

    const errorCodes = cap("errorCodes", "Error codes", this.#errorCodes.entries(), (e) => e.count).map(
      (e) => {
        const code = e.key === "(none)" || e.key === OVERFLOW_KEY ? null : Number(e.key);
        return {
          code,
          count: e.count,
          bucket: this.#codeBuckets.get(e.key) ?? "unknown",
          meaning: code === null
            ? (e.key === OVERFLOW_KEY ? OVERFLOW_KEY : null)
            : errorCodeMeaning(code) ?? null,
        };
      },
    );

    const failed = users.filter((u) => u.denied > 0 && u.latestFailure !== null)
      .sort((a, b) => b.denied - a.denied || b.latestFailure!.atMs - a.latestFailure!.atMs || byUser(a, b));
    const topFailed: FailedUser[] = cap("users.topFailed", "Users with denied MFA", failed, (u) => u.denied)
      .map((u) => ({
        user: u.user,
        displayName: u.displayName,
        failures: u.denied,
        successes: u.satisfied,
        latestFailure: event(u.latestFailure!),
      }));

    const legacyUsers = users.filter((u) => u.legacy > 0);
    const bypass: Record<string, { signIns: number; users: number }> = {};
    BYPASS_LIKE.forEach((how, i) => {
      bypass[how] = {
        signIns: this.#bypass.get(how) ?? 0,
        users: users.filter((u) => (u.bypassMask & (1 << i)) !== 0).length,
      };
    });
    const onPremises = {} as SigninsReport["legacyMfaServer"]["onPremises"];
    for (const id of [...keysOf(TOKEN_ISSUER_TYPES), "unknown" as const]) {
      const a = this.#issuers.get(id) ?? { signIns: 0, succeeded: 0 };
      const bit = id === "unknown" ? -1 : ON_PREMISES_ISSUERS.indexOf(id);
      onPremises[id] = {
        ...a,
        users: bit < 0 ? 0 : users.filter((u) => (u.onPremMask & (1 << bit)) !== 0).length,
      };
    }

    const window = meta.window !== undefined
      ? { from: meta.window.from, to: meta.window.to, basis: "requested" as const }
      : { from: this.#minText, to: this.#maxText, basis: "data" as const };
    const detail = this.#caWithDetail > 0 ? "visible" : this.#caWithStatus > 0 ? "hidden" : "undetermined";

    const report: SigninsReport = {
      schemaVersion: SIGNINS_REPORT_SCHEMA_VERSION,
      generatedAt: meta.generatedAt,
      window,
      sources: meta.sources,
      redaction: null,
      totals: {
        rows: meta.rows,
        badRows: meta.badRows,
        futureRows: meta.futureRows ?? 0,
        duplicateConflicts: meta.merge.duplicateConflicts ?? 0,
        conflictsKeptFirst: meta.merge.conflictsKeptFirst ?? 0,
        filteredOut: meta.filteredOut,
        duplicatesDropped: meta.merge.duplicatesDropped,
        rowsMerged: meta.merge.rowsMerged,
        signIns: this.#signIns,
        interruptedIncomplete: meta.merge.interruptedIncomplete,
        userSignIns: this.#userSignIns,
        userSignInsWithoutUser: this.#userSignInsWithoutUser,
        users: users.length,
      },
      mfa: {
        scope: "userSignIns",
        required: this.#required,
        notRequired: this.#notRequired,
        requirementUnknown: this.#reqUnknown,
        unknownRequirementValues: this.#unknownReqValues.toRecord(),
        requirementSources: { ...this.#reqSources },
        unknownRequirementProviders: this.#unknownProviders.toRecord(),
        byApp,
        byUserType: byUserType as SigninsReport["mfa"]["byUserType"],
        satisfied: recordOf(keysOf(MFA_SATISFIED), this.#satisfied),
        denied: recordOf(keysOf(MFA_DENIED), this.#denied),
        deniedOtherTexts: this.#deniedOther.toRecord(),
        abandoned: this.#abandoned,
        notReached: this.#notReached,
        unknownResult: this.#unknownResult,
        unknownResultTexts: this.#unknownResultTexts.toRecord(),
        unrecognisedTexts: this.#unrecognisedTexts.toRecord(),
        noPrompt: {
          claimInToken: this.#claimInToken,
          strongAuthentication: this.#strongAuth,
          satisfied: this.#satisfiedTotal,
        },
        passwordless: {
          eligible: this.#pwlEligible,
          passwordless: this.#pwlCount,
          byGroup: { ...this.#pwlGroups },
        },
        deniedByMethod: this.#deniedByMethod.toRecord(),
        deniedErrorCodes: this.#deniedCodes.entries().map((e) => ({
          code: e.key === "(none)" || e.key === OVERFLOW_KEY ? null : Number(e.key),
          count: e.count,
        })),
      },
      methods,
      unknownMethods: this.#unknownMethods.toRecord(),
      conditionalAccess: {
        status: { ...this.#caStatus },
        unknownStatus: this.#unknownCaStatus.toRecord(),
        detail,
        signInsWithDetail: this.#caWithDetail,
        policies,
      },
      eventTypes: { ...this.#eventTypes },
      unknownEventTypes: this.#unknownEventTypes.toRecord(),
      errors: { ...this.#errors },
      errorCodes,
      users: {
        total: users.length,
        challenged: users.filter((u) => u.challenged).length,
        completedMfa: users.filter((u) => u.passedChallenge).length,
        failedMfa: failed.length,
        abandonedOnly: users.filter((u) => u.abandoned > 0 && u.denied === 0).length,
        topFailed,
      },
      crossTenant: {
        tenancy: { ...this.#tenancy },
        accessTypes: { ...this.#accessTypes },
        unknownAccessTypes: this.#unknownAccessTypes.toRecord(),
        crossTenantSucceeded: this.#crossSucceeded,
        topHomeTenants: named(this.#homeTenants, "crossTenant.topHomeTenants", "Home tenants"),
      },
      legacyAuth: {
        signIns: this.#legacy,
        succeeded: this.#legacySucceeded,
        byClientApp: [...this.#legacyClients].map(([clientApp, v]) => ({ clientApp, ...v }))
          .sort((a, b) => b.signIns - a.signIns || (a.clientApp < b.clientApp ? -1 : 1)),
        topApps: named(
          this.#legacyApps,
          "legacyAuth.topApps",
          "Applications of legacy-authentication sign-ins",
        ),
        topUsers: cap(
          "legacyAuth.topUsers",
          "Users of legacy authentication",
          legacyUsers.sort((a, b) => b.legacy - a.legacy || byUser(a, b)),
          (u) => u.legacy,
        )
          .map((u) => ({
            user: u.user,
            displayName: u.displayName,
            signIns: u.legacy,
            succeeded: u.legacySucceeded,
          })),
        users: legacyUsers.length,
        unknownClientApps: this.#unknownClientApps.toRecord(),
      },
      risk: {
        duringSignIn: { ...this.#riskDuring },
        aggregated: { ...this.#riskAggregated },
        state: { ...this.#riskState },
        unknownValues: this.#unknownRisk.toRecord(),
      },
      locations: named(this.#locations, "locations", "Locations"),
      operatingSystems: named(this.#os, "operatingSystems", "Operating systems"),
      browsers: named(this.#browsers, "browsers", "Browsers"),
      legacyMfaServer: {
        fraud: {
          signIns: this.#fraud,
          users: withEvents(
            "legacyMfaServer.fraud.users",
            "Users who reported fraud",
            (u) => u.fraud,
            (u) => u.fraudLatest,
          ),
        },
        blocked: {
          signIns: this.#blocked,
          users: withEvents(
            "legacyMfaServer.blocked.users",
            "Blocked users",
            (u) => u.blocked,
            (u) => u.blockedLatest,
          ),
        },
        bypass,
        onPremises,
        unknownTokenIssuerTypes: this.#unknownIssuers.toRecord(),
      },
      registration: null,
      capped,
      caveats: [],
    };
    if (registration !== undefined) {
      const join = this.#join(registration, users);
      report.registration = join;
      if (join.unlisted > 0) {
        capped.push({
          list: "registration.users",
          label: "Users who fall short of the registration verdict",
          shown: join.users.length,
          more: join.unlisted,
          moreCount: null,
          pooledAs: null,
        });
      }
    }
    report.caveats = caveatsOf(report, meta);
    return report;
  }

  #join(input: RegistrationInput, users: UserAgg[]): RegistrationJoin {
    const byUpn = new Map<string, RegistrationFacts>();
    const byId = new Map<string, RegistrationFacts>();
    let records = 0;
    for (const r of input.records) {
      records++;
      byUpn.set(r.userPrincipalName.toLowerCase(), r);
      if (r.id !== "") byId.set(r.id.toLowerCase(), r);
    }
    const seen = new Set<RegistrationFacts>();
    const reasons: Record<string, number> = {};
    const shortfall: UserVerdict[] = [];
    let ok = 0, matched = 0;
    for (const u of users) {
      const key = u.user.toLowerCase();
      const rec = byUpn.get(key) ?? byId.get(key);
      if (rec !== undefined) {
        matched++;
        seen.add(rec);
      }
      const v = decideVerdict(rec, {
        mfaRequired: u.required,
        mfaPerformed: u.performed,
        bypassed: (u.bypassMask & SKIPPED_MASK) !== 0,
        phishingResistantUsed: u.phishingResistant,
        legacySucceeded: u.legacySucceeded > 0,
      });
      if (v.reasons.length === 0) {
        ok++;
        continue;
      }
      for (const r of v.reasons) reasons[r] = (reasons[r] ?? 0) + 1;
      shortfall.push({
        user: u.user,
        displayName: u.displayName,
        registered: v.registered,
        mfaRequired: u.required,
        mfaPerformed: u.performed,
        strength: v.strength,
        phishingResistantRegistered: v.phishingResistantRegistered,
        verdict: "shortfall",
        reasons: v.reasons,
      });
    }
    shortfall.sort((a, b) =>
      b.reasons.length - a.reasons.length || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0)
    );
    let registeredWithoutSignIns = 0;
    for (const r of byUpn.values()) if (!seen.has(r)) registeredWithoutSignIns++;
    return {
      source: input.source,
      records,
      matched,
      unmatched: users.length - matched,
      registeredWithoutSignIns,
      verdicts: { ok, shortfall: shortfall.length },
      reasons,
      users: shortfall.slice(0, this.#verdictLimit),
      unlisted: Math.max(0, shortfall.length - this.#verdictLimit),
    };
  }
}

function caveatsOf(r: SigninsReport, meta: ReportMeta): string[] {
  const out = [
    "Locations come from IP-address geolocation and are approximate.",
    "Authentication details of the most recent ~2 hours may still change as Entra finishes aggregating them; " +
    'the MFA result of a sign-in can move from "satisfied by claim in the token" to the actual method.',
  ];
  if (r.conditionalAccess.detail === "hidden") {
    out.push(meta.caHiddenAdvice ?? "CA detail not visible: the input carries no per-policy results.");
  } else if (r.conditionalAccess.detail === "undetermined" && r.totals.signIns > 0) {
    out.push(
      "CA detail not visible: the input carries neither the Conditional Access status nor policy results.",
    );
  } else if (r.conditionalAccess.signInsWithDetail < r.totals.signIns) {
    out.push(
      `CA detail not visible on ${r.totals.signIns - r.conditionalAccess.signInsWithDetail} sign-in(s): ` +
        "their source carries no per-policy results.",
    );
  }
  if (r.totals.badRows > 0) {
    out.push(
      `${r.totals.badRows} input row(s) could not be understood and are not counted` +
        (r.totals.futureRows > 0
          ? ` (${r.totals.futureRows} of them dated more than a day after the report clock).`
          : "."),
    );
  }
  if (r.totals.duplicateConflicts > 0) {
    out.push(
      `${r.totals.duplicateConflicts} sign-in id(s) appear more than once with different content: ` +
        "the more complete, then the later copy is counted" +
        (r.totals.conflictsKeptFirst > 0
          ? `; for ${r.totals.conflictsKeptFirst} the first copy had already been counted and was kept.`
          : "."),
    );
  }
  for (const c of r.capped) out.push(cappedCaveat(c));
  if (r.totals.userSignInsWithoutUser > 0) {
    out.push(
      `${r.totals.userSignInsWithoutUser} user sign-in(s) name no user (user id and UPN blank): their MFA results and methods are counted, but they are in no per-user number.`,
    );
  }
  if (Object.keys(r.mfa.unrecognisedTexts).length > 0) {
    out.push(
      'Some MFA result texts were not recognised; they are listed under "Unrecognised MFA result texts" and counted as unknown.',
    );
  }
  if (r.mfa.abandoned > 0) {
    out.push(
      "An MFA prompt counted as left unanswered may have been completed in a row outside the input or window.",
    );
  }
  return [...out, ...(meta.caveats ?? [])];
}

/**
 * The caveat of a capped list.
 *
 * @example Usage
 * ```ts
 * import { cappedCaveat } from "./aggregator.ts";
 * import assert from "node:assert/strict";
 * assert.equal(cappedCaveat({ list: "locations", label: "Locations", shown: 10, more: 3, moreCount: 7, pooledAs: null }),
 *   "Locations: the first 10 are listed; 3 more, with 7 sign-ins between them, are not (see the \"more\" row).");
 * assert.equal(cappedCaveat({ list: "mfa.byApp", label: "Apps", shown: 11, more: null, moreCount: null, pooledAs: "(other apps)" }),
 *   "Apps: the first 11 are listed; more are pooled in the \"(other apps)\" row.");
 * ```
 */
export function cappedCaveat(c: CappedList): string {
  const more = c.more === null ? "more" : `${c.more.toLocaleString("en-US")} more`;
  const count = c.moreCount === null
    ? ""
    : `, with ${c.moreCount.toLocaleString("en-US")} sign-ins between them,`;
  const where = c.pooledAs === null
    ? 'are not (see the "more" row)'
    : `are pooled in the "${c.pooledAs}" row`;
  return `${c.label}: the first ${c.shown.toLocaleString("en-US")} are listed; ${more}${count} ${where}.`;
}
