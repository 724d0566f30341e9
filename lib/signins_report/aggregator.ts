/**
 * The incremental, pure aggregation behind the sign-in MFA report: feed logical sign-ins one at
 * a time with {@linkcode SignInAggregator.add}, then call {@linkcode SignInAggregator.summary}.
 * Memory grows with distinct users, apps, policies and values (each open-ended map is capped;
 * extra keys are pooled, never dropped), not with the number of sign-ins; per user only
 * counters, flags and the latest failure / fraud report / block are kept.
 *
 * The counting lives in the report sections (`sections/*.ts`, each with its counters, `add()`,
 * `summary()` and its Markdown renderer); this class derives each sign-in's facts once, hands
 * them to every section, and assembles the sections' parts into the report in its fixed order.
 *
 * @module
 */
import type { LogicalSignIn, MergeStats, SignIn } from "../signins/mod.ts";
import {
  type CappedList,
  type ReportSource,
  SIGNINS_REPORT_SCHEMA_VERSION,
  type SigninsReport,
} from "./report.ts";
import { type SignInFacts, signInFacts } from "./sign_in_facts.ts";
import { CompletionSection } from "./sections/completion.ts";
import { ConditionalAccessSection } from "./sections/conditional_access.ts";
import { CrossTenantSection } from "./sections/cross_tenant.ts";
import { ErrorsSection } from "./sections/errors.ts";
import { EventTypesSection } from "./sections/event_types.ts";
import { FailuresSection } from "./sections/failures.ts";
import { LegacyAuthSection } from "./sections/legacy_auth.ts";
import { MfaServerSection } from "./sections/mfa_server.ts";
import { PlacesSection } from "./sections/places.ts";
import { type RegistrationInput, registrationPart } from "./sections/registration.ts";
import { RequirementSection } from "./sections/requirement.ts";
import { RiskSection } from "./sections/risk.ts";
import { type SectionLimits, type SignInInput, summaryContext } from "./sections/section.ts";
import { UsersSection } from "./sections/users.ts";
import {
  restoreSection,
  sectionPooled,
  type SectionState,
  sectionState,
  type StateWalk,
  takeSectionState,
} from "./aggregator_state.ts";

export { BYPASS_LIKE, ON_PREMISES_ISSUERS } from "./sections/mfa_server.ts";
export { OTHER_POLICIES } from "./sections/conditional_access.ts";

/**
 * The report's sections by name, in report order: a source that counts sign-ins elsewhere (a Log
 * Analytics workspace) may feed each section from its own summary with
 * {@linkcode SignInAggregator.addCounted}.
 */
export const REPORT_SECTIONS = [
  "users",
  "requirement",
  "completion",
  "failures",
  "conditionalAccess",
  "eventTypes",
  "errors",
  "crossTenant",
  "legacyAuth",
  "risk",
  "places",
  "mfaServer",
] as const;

/** One of {@linkcode REPORT_SECTIONS}. */
export type ReportSectionName = typeof REPORT_SECTIONS[number];

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

export type { RegistrationInput } from "./sections/registration.ts";

/**
 * A {@linkcode SignInAggregator}'s state as plain data (structured-cloneable: it can cross a
 * worker boundary); see {@linkcode SignInAggregator.exportState}.
 */
export interface AggregatorState {
  /**
   * Each part's state: the {@linkcode AggregatorTotals}, then each section's in
   * {@linkcode REPORT_SECTIONS} order.
   */
  parts: SectionState[];
  /**
   * Whether some capped map pooled keys (or is full): merging this state is then not guaranteed
   * to give one pass's numbers.
   */
  pooled: boolean;
}

/** The aggregator's own counters, beside its sections. */
export interface AggregatorTotals {
  /** Logical sign-ins added. */
  signIns: number;
  /** The data window so far: earliest and latest time (ms), and their text as given. */
  minMs: number;
  maxMs: number;
  minText: string | null;
  maxText: string | null;
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
  readonly #verdictLimit: number;
  readonly #maxKeys: number;

  /** The aggregator's own counters: the first part of its state, written and read as a section's. */
  readonly #totals: AggregatorTotals = {
    signIns: 0,
    minMs: Infinity,
    maxMs: -Infinity,
    minText: null,
    maxText: null,
  };

  // The report's sections, each with its counters and its renderer (sections/*.ts).
  readonly #users: UsersSection = new UsersSection();
  readonly #requirement: RequirementSection;
  readonly #completion: CompletionSection;
  readonly #failures: FailuresSection;
  readonly #conditionalAccess: ConditionalAccessSection;
  readonly #eventTypes: EventTypesSection;
  readonly #errors: ErrorsSection;
  readonly #crossTenant: CrossTenantSection;
  readonly #legacyAuth: LegacyAuthSection;
  readonly #risk: RiskSection;
  readonly #places: PlacesSection;
  readonly #mfaServer: MfaServerSection;

  /** The options it was made with (a copy of it elsewhere, e.g. in a worker, uses the same). */
  readonly options: AggregatorOptions;

  constructor(options: AggregatorOptions = {}) {
    this.options = { ...options };
    this.#top = options.top ?? 10;
    const maxKeys = options.maxKeys ?? 10_000;
    this.#maxKeys = maxKeys;
    this.#verdictLimit = options.verdictLimit ?? 200;
    const limits: SectionLimits = { maxKeys, small: Math.min(maxKeys, 1000) };
    this.#requirement = new RequirementSection(limits);
    this.#completion = new CompletionSection(limits);
    this.#failures = new FailuresSection(limits);
    this.#conditionalAccess = new ConditionalAccessSection(limits);
    this.#eventTypes = new EventTypesSection(limits);
    this.#errors = new ErrorsSection(limits);
    this.#crossTenant = new CrossTenantSection(limits);
    this.#legacyAuth = new LegacyAuthSection(limits);
    this.#risk = new RiskSection(limits);
    this.#places = new PlacesSection(limits);
    this.#mfaServer = new MfaServerSection(limits);
  }

  /** Logical sign-ins added so far. */
  get signIns(): number {
    return this.#totals.signIns;
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
    this.#totals.signIns++;
    this.#seen(s);
    for (let i = 0; i < l.interruptions.length; i++) this.#seen(l.interruptions[i]!);
    const user = f.isUser && f.userKey !== null ? this.#users.record(s, f.userKey, f.userKeyId) : null;
    // Without a user id the sign-in still counts (methods, MFA); per-user numbers go to a
    // throw-away record.
    const account = f.isUser ? user ?? this.#users.anonymous(s) : null;
    const input: SignInInput = { l, s, f, success: f.outcome === "success", user, account };
    // One call site per section (monomorphic), in the order of the report.
    this.#users.add(input);
    this.#requirement.add(input);
    this.#completion.add(input);
    this.#failures.add(input);
    this.#conditionalAccess.add(input);
    this.#eventTypes.add(input);
    this.#errors.add(input);
    this.#crossTenant.add(input);
    this.#legacyAuth.add(input);
    this.#risk.add(input);
    this.#places.add(input);
    this.#mfaServer.add(input);
    return f;
  }

  /**
   * Adds `count` sign-ins counted elsewhere, alike in every field `sections` read (one row each:
   * nothing to merge), to those sections only. The part that feeds `users` is the one that counts
   * the sign-ins and widens the data window; the sign-ins' other parts, fed to the other sections,
   * may come in other groups (each section's numbers depend only on the fields it reads).
   *
   * @param first one of them, dated at the group's first time
   * @param last the same dated at the group's last time (the one the sections see: a user's
   *   latest failure is the latest of the group's)
   * @param count how many sign-ins
   * @param sections the sections to feed @default every section
   * @param interrupted whether they are interrupts (a lone interrupt is a sign-in of one row: the
   *   merge gives it as interrupted and not completed) @default false
   *
   * @example One part counted, the other parts elsewhere
   * ```ts
   * import { SignInAggregator } from "./aggregator.ts";
   * import assert from "node:assert/strict";
   * const s = {
   *   eventType: "interactiveUser", signInEventTypes: null, isInteractive: true, userId: null, userDisplayName: null,
   *   userPrincipalName: "ana@contoso.example", userType: "member", authenticationRequirement: "singleFactorAuthentication",
   *   authenticationRequirementPolicies: null, authenticationDetails: null, authenticationMethodsUsed: null,
   *   mfaDetail: null, failureReason: null, additionalDetails: null, errorCode: 0, clientAppUsed: "Browser",
   *   appId: null, appDisplayName: "Office 365", ipAddress: null, city: null, state: null, countryOrRegion: null,
   *   os: null, browser: null, conditionalAccessStatus: null, appliedConditionalAccessPolicies: null,
   *   crossTenantAccessType: null, homeTenantId: null, resourceTenantId: null, homeTenantName: null,
   *   tokenIssuerType: null, riskLevelDuringSignIn: null, riskLevelAggregated: null, riskState: null,
   *   createdDateTime: "2026-11-20T10:00:00Z", createdAtMs: Date.parse("2026-11-20T10:00:00Z"),
   * } as never;
   * const a = new SignInAggregator();
   * a.addCounted(s, s, 40, ["users", "eventTypes"]);
   * assert.equal(a.signIns, 40);
   * a.addCounted(s, s, 40, ["errors"]);
   * assert.equal(a.signIns, 40);
   * ```
   */
  addCounted(
    first: SignIn,
    last: SignIn,
    count: number,
    sections: readonly ReportSectionName[] = REPORT_SECTIONS,
    interrupted = false,
  ): void {
    const l: LogicalSignIn = {
      signIn: last,
      rows: 1,
      interrupted,
      completed: !interrupted,
      interruptions: [],
    };
    const f = signInFacts(l);
    const has = (n: ReportSectionName) => sections.includes(n);
    if (has("users")) {
      this.#totals.signIns += count;
      this.#seen(first);
      this.#seen(last);
    }
    const user = f.isUser && f.userKey !== null ? this.#users.record(last, f.userKey) : null;
    const account = f.isUser ? user ?? this.#users.anonymous(last) : null;
    const input: SignInInput = { l, s: last, f, success: f.outcome === "success", user, account };
    if (has("users")) this.#users.add(input, count);
    if (has("requirement")) this.#requirement.add(input, count);
    if (has("completion")) this.#completion.add(input, count);
    if (has("failures")) this.#failures.add(input, count);
    if (has("conditionalAccess")) this.#conditionalAccess.add(input, count);
    if (has("eventTypes")) this.#eventTypes.add(input, count);
    if (has("errors")) this.#errors.add(input, count);
    if (has("crossTenant")) this.#crossTenant.add(input, count);
    if (has("legacyAuth")) this.#legacyAuth.add(input, count);
    if (has("risk")) this.#risk.add(input, count);
    if (has("places")) this.#places.add(input, count);
    if (has("mfaServer")) this.#mfaServer.add(input, count);
  }

  /**
   * Adds the state of an aggregator that counted the sign-ins that came after this one's (e.g. a
   * worker over a later part of the input): afterwards this aggregator reports what one
   * aggregator fed both parts in order would (see `ReportSection` in sections/section.ts for the key caps).
   * `other` must not be used afterwards.
   *
   * @param other an aggregator with the same options
   */
  merge(other: SignInAggregator): void {
    this.#totals.signIns += other.#totals.signIns;
    if (other.#totals.minMs < this.#totals.minMs) {
      this.#totals.minMs = other.#totals.minMs;
      this.#totals.minText = other.#totals.minText;
    }
    if (other.#totals.maxMs > this.#totals.maxMs) {
      this.#totals.maxMs = other.#totals.maxMs;
      this.#totals.maxText = other.#totals.maxText;
    }
    this.#users.merge(other.#users);
    this.#requirement.merge(other.#requirement);
    this.#completion.merge(other.#completion);
    this.#failures.merge(other.#failures);
    this.#conditionalAccess.merge(other.#conditionalAccess);
    this.#eventTypes.merge(other.#eventTypes);
    this.#errors.merge(other.#errors);
    this.#crossTenant.merge(other.#crossTenant);
    this.#legacyAuth.merge(other.#legacyAuth);
    this.#risk.merge(other.#risk);
    this.#places.merge(other.#places);
    this.#mfaServer.merge(other.#mfaServer);
  }

  /** What the state holds: the totals, then the sections in {@linkcode REPORT_SECTIONS} order. */
  #parts(): object[] {
    return [
      this.#totals,
      this.#users,
      this.#requirement,
      this.#completion,
      this.#failures,
      this.#conditionalAccess,
      this.#eventTypes,
      this.#errors,
      this.#crossTenant,
      this.#legacyAuth,
      this.#risk,
      this.#places,
      this.#mfaServer,
    ];
  }

  /**
   * The state as plain data, for {@linkcode SignInAggregator.fromState} (e.g. in another thread).
   * The state shares nothing with this aggregator.
   *
   * @returns the state
   */
  exportState(): AggregatorState {
    const walk = this.#walk();
    const parts = this.#parts().map((s) => sectionState(s, walk));
    return { parts, pooled: walk.pooled };
  }

  /**
   * {@linkcode SignInAggregator.exportState}'s state made of this aggregator's own containers,
   * not a copy of them: this aggregator must not be used afterwards (a worker's, whose state
   * the structured clone that sends it copies anyway).
   *
   * @returns the state (the same data as `exportState()`'s)
   *
   * @example
   * ```ts
   * import { SignInAggregator } from "./aggregator.ts";
   * import assert from "node:assert/strict";
   * assert.deepEqual(new SignInAggregator().takeState(), new SignInAggregator().exportState());
   * ```
   */
  takeState(): AggregatorState {
    const walk = this.#walk();
    const parts = this.#parts().map((s) => takeSectionState(s, walk));
    return { parts, pooled: walk.pooled };
  }

  /**
   * Whether some capped map pooled keys (or is full): `exportState().pooled`, without writing
   * the state (an aggregator merged in its own thread).
   *
   * @returns whether merging this aggregator may not give one pass's numbers
   *
   * @example
   * ```ts
   * import { SignInAggregator } from "./aggregator.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new SignInAggregator().pooled(), false);
   * ```
   */
  pooled(): boolean {
    const walk = this.#walk();
    return this.#parts().some((s) => sectionPooled(s, walk));
  }

  /** A walk of this aggregator's state (the per-user records are never capped). */
  #walk(): StateWalk {
    return {
      memo: new Map(),
      pooled: false,
      maxKeys: this.#maxKeys,
      uncapped: new Set([this.#users.records]),
    };
  }

  /**
   * An aggregator in the state of {@linkcode SignInAggregator.exportState}. The state is used
   * up: its containers become the aggregator's (give it a copy, e.g. a structured clone, to keep
   * it).
   *
   * @param state the state (used up)
   * @param options the options of the aggregator that exported it
   * @returns the aggregator
   *
   * @example A round trip gives the same report
   * ```ts
   * import { SignInAggregator } from "./aggregator.ts";
   * import assert from "node:assert/strict";
   * const a = new SignInAggregator();
   * const b = SignInAggregator.fromState(structuredClone(a.exportState()));
   * const meta = { generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 0, badRows: 0, filteredOut: 0,
   *   merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 } };
   * assert.deepEqual(b.summary(meta), a.summary(meta));
   * ```
   */
  static fromState(state: AggregatorState, options: AggregatorOptions = {}): SignInAggregator {
    const a = new SignInAggregator(options);
    const memo = new Map<object, unknown>();
    const parts = a.#parts();
    if (state.parts.length !== parts.length) {
      throw new RangeError("Cannot restore the aggregator: wrong sections");
    }
    for (let i = 0; i < parts.length; i++) restoreSection(parts[i]!, state.parts[i]!, memo);
    return a;
  }

  /** Widens the data window to a row's time. */
  #seen(s: SignIn): void {
    const t = s.createdAtMs;
    if (t === null) return;
    if (t < this.#totals.minMs) {
      this.#totals.minMs = t;
      this.#totals.minText = s.createdDateTime;
    }
    if (t > this.#totals.maxMs) {
      this.#totals.maxMs = t;
      this.#totals.maxText = s.createdDateTime;
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
    const users = [...this.#users.records.values()];
    const capped: CappedList[] = [];
    const ctx = summaryContext(this.#top, users, capped);
    const window = meta.window !== undefined
      ? { from: meta.window.from, to: meta.window.to, basis: "requested" as const }
      : { from: this.#totals.minText, to: this.#totals.maxText, basis: "data" as const };
    const { methods, unknownMethods, ...completion } = this.#completion.summary();
    const failures = this.#failures.summary();
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
        signIns: this.#totals.signIns,
        interruptedIncomplete: meta.merge.interruptedIncomplete,
        userSignIns: this.#users.userSignIns,
        userSignInsWithoutUser: this.#users.userSignInsWithoutUser,
        users: users.length,
      },
      mfa: {
        scope: "userSignIns",
        ...this.#requirement.summary(ctx),
        satisfied: completion.satisfied,
        denied: failures.denied,
        deniedOtherTexts: failures.deniedOtherTexts,
        abandoned: failures.abandoned,
        notReached: failures.notReached,
        unknownResult: failures.unknownResult,
        unknownResultTexts: failures.unknownResultTexts,
        unrecognisedTexts: failures.unrecognisedTexts,
        noPrompt: completion.noPrompt,
        passwordless: completion.passwordless,
        deniedByMethod: failures.deniedByMethod,
        deniedErrorCodes: failures.deniedErrorCodes,
      },
      methods,
      unknownMethods,
      conditionalAccess: this.#conditionalAccess.summary(ctx),
      ...this.#eventTypes.summary(),
      ...this.#errors.summary(ctx),
      users: this.#users.summary(ctx),
      crossTenant: this.#crossTenant.summary(ctx),
      legacyAuth: this.#legacyAuth.summary(ctx),
      risk: this.#risk.summary(),
      ...this.#places.summary(ctx),
      legacyMfaServer: this.#mfaServer.summary(ctx),
      registration: registration === undefined
        ? null
        : registrationPart(registration, this.#verdictLimit, ctx),
      capped,
      caveats: [],
    };
    report.caveats = caveatsOf(report, meta);
    return report;
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
