/**
 * Streaming aggregation for the registration report: feed every record with its scope
 * decision, read a {@linkcode RegistrationSummary}. Memory holds counters plus the UPN lists
 * the report names (admins without MFA, SMS/voice-only users, excluded accounts).
 *
 * @module
 */
import type { AuthMethodId } from "../classify/mod.ts";
import { parseDateTimeMs } from "../signins/date_time.ts";
import { type ExclusionList, type UnmatchedExclusion, unmatchedExclusions } from "./exclusions.ts";
import type { RegistrationRecord, RegistrationSource } from "./record.ts";
import type { OutOfScopeReason, RegistrationScope, ScopeDecision, UserTypeFilter } from "./scope.ts";
import { registrationFlags, type RegistrationSemantics } from "./semantics.ts";
import { compareUpn } from "./sort.ts";

/** Coverage counters of a group of users. */
export interface CoverageCounts {
  /** Users in the group. */
  users: number;
  /** MFA-registered under the chosen semantics. */
  mfaRegistered: number;
  /** Registered under the other semantics' rules: MSOnline-era methods. */
  msonlineRegistered: number;
  /** MFA-capable (registered and allowed by policy). */
  mfaCapable: number;
  /** Passwordless-capable. */
  passwordlessCapable: number;
  /** With a phishing-resistant method. */
  phishingResistant: number;
  /** Whose only MFA methods are SMS / voice. */
  phoneOnly: number;
}

/** Group keys of {@linkcode RegistrationSummary.byUserType}. */
export type UserTypeGroup = "member" | "guest" | "unknown";

/** An excluded account that was found. */
export interface ExcludedAccount {
  /** The account's UPN. */
  userPrincipalName: string;
  /** The list entry that matched (UPN or object id). */
  value: string;
  /** Reason written in the list, or "". */
  reason: string;
  /** Line in the list. */
  line: number;
}

/** Everything the report shows. */
export interface RegistrationSummary {
  /** Chosen semantics. */
  semantics: RegistrationSemantics;
  /** Where the records came from. */
  source: RegistrationSource;
  /** The scope options. */
  scope: {
    userType: UserTypeFilter;
    adminsOnly: boolean;
    includeDisabled: boolean;
    excludeFile: string | null;
  };
  /** Records read, in-scope users and their coverage. */
  totals: Omit<CoverageCounts, "users"> & { seen: number; inScope: number };
  /** Coverage per user type (in-scope users). */
  byUserType: Record<UserTypeGroup, CoverageCounts>;
  /** Admins (in scope); `known` is false when the source does not say who is an admin. */
  admins: { known: boolean; total: number; withoutMfa: string[]; withoutPhishingResistant: string[] };
  /** In-scope users whose only MFA methods are SMS / voice, sorted. */
  phoneOnlyUsers: string[];
  /** Canonical method id → in-scope users with it (most used first). */
  methods: Partial<Record<AuthMethodId, number>>;
  /** Method values no table knows → in-scope users with them. */
  unknownMethods: Record<string, number>;
  /** Default MFA method → in-scope users (`notReported` when the source has none). */
  defaultMethods: Record<string, number>;
  /** System-preferred MFA per in-scope user. */
  systemPreferred: { enabled: number; disabled: number; unknown: number };
  /** `lastUpdatedDateTime` range of in-scope records (report freshness). */
  freshness: { oldest: string | null; newest: string | null; missing: number };
  /** Out-of-scope counts by reason, the excluded accounts found, list entries that matched nobody. */
  exclusions: {
    byReason: Partial<Record<OutOfScopeReason, number>>;
    excluded: ExcludedAccount[];
    /** Line and short escaped prefix only: the raw entry is never copied into a report. */
    unmatched: UnmatchedExclusion[];
  };
  /** In-scope users whose enabled state is unknown. */
  enabledUnknown: number;
  /** In-scope users whose capable/passwordless flags were derived from methods (no Graph booleans). */
  flagsDerived: number;
}

/** Options of {@linkcode createRegistrationTally}. */
export interface RegistrationTallyOptions {
  /** Semantics for "registered". */
  semantics: RegistrationSemantics;
  /** Source name, for the summary. */
  source: RegistrationSource;
  /** The scope the decisions were made with. */
  scope: RegistrationScope;
}

/** A streaming tally. */
export interface RegistrationTally {
  /** Adds one record and its scope decision. */
  add(record: RegistrationRecord, decision: ScopeDecision): void;
  /** The summary so far (sorted lists, sorted maps). */
  summary(): RegistrationSummary;
}

function emptyCounts(): CoverageCounts {
  return {
    users: 0,
    mfaRegistered: 0,
    msonlineRegistered: 0,
    mfaCapable: 0,
    passwordlessCapable: 0,
    phishingResistant: 0,
    phoneOnly: 0,
  };
}

function bump<K extends string>(m: Partial<Record<K, number>>, k: K): void {
  m[k] = (m[k] ?? 0) + 1;
}

function sortedByCount<K extends string>(m: Partial<Record<K, number>>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  const entries = Object.entries(m) as [K, number][];
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [k, v] of entries) out[k] = v;
  return out;
}

function exclusionFile(list: ExclusionList): string | null {
  return list.file === "" ? null : list.file;
}

/**
 * Creates a tally.
 *
 * @example Two members, one registered
 * ```ts
 * import { createRegistrationTally } from "./aggregate.ts";
 * import { DEFAULT_SCOPE } from "./scope.ts";
 * import { classifyRegisteredMethods } from "./record.ts";
 * import assert from "node:assert/strict";
 * const t = createRegistrationTally({ semantics: "modern", source: "registration-report", scope: DEFAULT_SCOPE });
 * const base = { id: "", displayName: "", userType: "member" as const, isAdmin: false, accountEnabled: true,
 *   isMfaCapable: undefined, isPasswordlessCapable: undefined, defaultMethod: undefined, systemPreferredEnabled: undefined,
 *   lastUpdated: undefined, source: "registration-report" as const };
 * t.add({ ...base, userPrincipalName: "a@contoso.example", methods: classifyRegisteredMethods(["mobilePhone"]), isMfaRegistered: true }, { kind: "in" });
 * t.add({ ...base, userPrincipalName: "b@contoso.example", methods: [], isMfaRegistered: false }, { kind: "in" });
 * const s = t.summary();
 * assert.equal(s.totals.inScope, 2);
 * assert.equal(s.totals.mfaRegistered, 1);
 * assert.deepEqual(s.phoneOnlyUsers, ["a@contoso.example"]);
 * assert.deepEqual(s.methods, { mobilePhone: 1 });
 * ```
 */
export function createRegistrationTally(options: RegistrationTallyOptions): RegistrationTally {
  const totals = emptyCounts();
  let seen = 0;
  const byUserType: Record<UserTypeGroup, CoverageCounts> = {
    member: emptyCounts(),
    guest: emptyCounts(),
    unknown: emptyCounts(),
  };
  let adminsKnown = true;
  let adminTotal = 0;
  const adminsWithoutMfa: string[] = [];
  const adminsWithoutPr: string[] = [];
  const phoneOnlyUsers: string[] = [];
  const methods: Partial<Record<AuthMethodId, number>> = {};
  const unknownMethods: Record<string, number> = {};
  const defaultMethods: Record<string, number> = {};
  const systemPreferred = { enabled: 0, disabled: 0, unknown: 0 };
  let oldestMs = Infinity, newestMs = -Infinity;
  let oldest: string | null = null, newest: string | null = null;
  let missing = 0;
  const byReason: Partial<Record<OutOfScopeReason, number>> = {};
  const excluded: ExcludedAccount[] = [];
  const matchedEntries = new Set<number>();
  let enabledUnknown = 0;
  let flagsDerived = 0;

  const count = (c: CoverageCounts, f: ReturnType<typeof registrationFlags>) => {
    c.users++;
    if (f.registered) c.mfaRegistered++;
    if (f.msonlineRegistered) c.msonlineRegistered++;
    if (f.mfaCapable) c.mfaCapable++;
    if (f.passwordlessCapable) c.passwordlessCapable++;
    if (f.phishingResistant) c.phishingResistant++;
    if (f.phoneOnly) c.phoneOnly++;
  };

  return {
    add(record, decision) {
      seen++;
      if (decision.kind !== "in") {
        bump(byReason, decision.kind);
        if (decision.kind === "excluded") {
          matchedEntries.add(decision.entry.line);
          excluded.push({
            userPrincipalName: record.userPrincipalName,
            value: decision.entry.value,
            reason: decision.entry.reason,
            line: decision.entry.line,
          });
        }
        return;
      }
      const f = registrationFlags(record, options.semantics);
      count(totals, f);
      count(byUserType[record.userType === "external" ? "member" : record.userType], f);
      if (record.isAdmin === undefined) adminsKnown = false;
      else if (record.isAdmin) {
        adminTotal++;
        if (!f.registered) adminsWithoutMfa.push(record.userPrincipalName);
        if (!f.phishingResistant) adminsWithoutPr.push(record.userPrincipalName);
      }
      if (f.phoneOnly) phoneOnlyUsers.push(record.userPrincipalName);
      for (const m of record.methods) {
        if (m.id === "unknown") unknownMethods[m.raw] = (unknownMethods[m.raw] ?? 0) + 1;
        else bump(methods, m.id);
      }
      bump(defaultMethods, record.defaultMethod === undefined ? "notReported" : record.defaultMethod.id);
      if (record.systemPreferredEnabled === undefined) systemPreferred.unknown++;
      else if (record.systemPreferredEnabled) systemPreferred.enabled++;
      else systemPreferred.disabled++;
      const ms = record.lastUpdated === undefined ? NaN : parseDateTimeMs(record.lastUpdated);
      if (Number.isNaN(ms)) missing++;
      else {
        if (ms < oldestMs) [oldestMs, oldest] = [ms, record.lastUpdated as string];
        if (ms > newestMs) [newestMs, newest] = [ms, record.lastUpdated as string];
      }
      if (record.accountEnabled === undefined) enabledUnknown++;
      if (record.isMfaCapable === undefined || record.isPasswordlessCapable === undefined) flagsDerived++;
    },
    summary() {
      const { users: _, ...rest } = totals;
      return {
        semantics: options.semantics,
        source: options.source,
        scope: {
          userType: options.scope.userType,
          adminsOnly: options.scope.adminsOnly,
          includeDisabled: options.scope.includeDisabled,
          excludeFile: exclusionFile(options.scope.exclusions),
        },
        totals: { seen, inScope: totals.users, ...rest },
        byUserType: structuredClone(byUserType),
        admins: {
          known: adminsKnown,
          total: adminTotal,
          withoutMfa: [...adminsWithoutMfa].sort(compareUpn),
          withoutPhishingResistant: [...adminsWithoutPr].sort(compareUpn),
        },
        phoneOnlyUsers: [...phoneOnlyUsers].sort(compareUpn),
        methods: sortedByCount(methods),
        unknownMethods: sortedByCount(unknownMethods) as Record<string, number>,
        defaultMethods: sortedByCount(defaultMethods) as Record<string, number>,
        systemPreferred: { ...systemPreferred },
        freshness: { oldest, newest, missing },
        exclusions: {
          byReason: { ...byReason },
          excluded: [...excluded].sort((a, b) => compareUpn(a.userPrincipalName, b.userPrincipalName)),
          unmatched: unmatchedExclusions(options.scope.exclusions, matchedEntries),
        },
        enabledUnknown,
        flagsDerived,
      };
    },
  };
}
