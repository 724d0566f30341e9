/**
 * The facts the rules are evaluated on: the registration summary plus the per-user lists the
 * baseline diff needs, a digest of the sign-in report, and the Conditional Access policies.
 * Built by pure, streaming collectors; the I/O that feeds them is in `collect.ts`.
 *
 * @module
 */
import {
  compareUpn,
  createRegistrationTally,
  decideScope,
  registrationFlags,
  type RegistrationRecord,
  type RegistrationScope,
  type RegistrationSemantics,
  type RegistrationSource,
  type RegistrationSummary,
} from "../registration/mod.ts";
import type { SigninsReport } from "../signins_report/mod.ts";
import type { CaPolicyFact } from "./ca_policy.ts";

/** Registration facts: the report's summary and who is (not) registered, in scope. */
export interface ComplianceRegistration {
  /** The registration summary (totals, admins, SMS/voice-only users, …). */
  summary: RegistrationSummary;
  /** In-scope users registered for MFA (chosen semantics), sorted by UPN. */
  registeredUsers: string[];
  /** In-scope users not registered, sorted by UPN. */
  notRegisteredUsers: string[];
}

/** What the rules and the report use of the sign-in report. */
export interface ComplianceSignIns {
  /** The window read. */
  window: SigninsReport["window"];
  /** Input rows read (good rows). */
  rows: number;
  /** Rows that could not be understood. */
  badRows: number;
  /** Rows left out by the window, event types or the policy's scope. */
  filteredOut: number;
  /** Logical sign-ins. */
  signIns: number;
  /** Logical sign-ins of users. */
  userSignIns: number;
  /** Distinct users. */
  users: number;
  /** Legacy authentication. */
  legacyAuth: {
    signIns: number;
    succeeded: number;
    users: number;
    byClientApp: { clientApp: string; signIns: number; succeeded: number }[];
    topUsers: { user: string; signIns: number; succeeded: number }[];
  };
  /** MFA denied: reason id → sign-ins (reasons with a count only, most first). */
  mfaDenied: Record<string, number>;
  /** MFA denied because the user reported fraud. */
  fraud: { signIns: number; users: { user: string; count: number; latest: string | null }[] };
}

/** Everything the rules look at. `null` = not read (no rule needed it). */
export interface ComplianceFacts {
  /** The report clock (report-only ages are measured to it). */
  now: Date;
  /** Registration facts. */
  registration: ComplianceRegistration | null;
  /** Sign-in facts. */
  signIns: ComplianceSignIns | null;
  /** Conditional Access policies, sorted by name then id. */
  conditionalAccess: CaPolicyFact[] | null;
}

/** A streaming collector of {@linkcode ComplianceRegistration}. */
export interface RegistrationCollector {
  /** Adds one record (the scope is decided here). */
  add(record: RegistrationRecord): void;
  /** The facts so far. */
  facts(): ComplianceRegistration;
}

/**
 * Creates a collector: the registration tally plus the sorted per-user lists.
 *
 * @example Usage
 * ```ts
 * import { createRegistrationCollector } from "./facts.ts";
 * import { DEFAULT_SCOPE, registrationRecordFromRow } from "../registration/mod.ts";
 * import assert from "node:assert/strict";
 * const c = createRegistrationCollector({ semantics: "modern", source: "registration-export", scope: DEFAULT_SCOPE });
 * for (const [upn, methods] of [["b@contoso.example", ["mobilePhone"]], ["a@contoso.example", []]] as const) {
 *   const r = registrationRecordFromRow({ userPrincipalName: upn, methodsRegistered: [...methods], userType: "member" },
 *     { source: "registration-export", accountEnabled: true });
 *   if (r.kind === "record") c.add(r.record);
 * }
 * const f = c.facts();
 * assert.deepEqual(f.registeredUsers, ["b@contoso.example"]);
 * assert.deepEqual(f.notRegisteredUsers, ["a@contoso.example"]);
 * assert.equal(f.summary.totals.inScope, 2);
 * ```
 */
export function createRegistrationCollector(options: {
  semantics: RegistrationSemantics;
  source: RegistrationSource;
  scope: RegistrationScope;
}): RegistrationCollector {
  const tally = createRegistrationTally(options);
  const registered: string[] = [];
  const notRegistered: string[] = [];
  return {
    add(record) {
      const decision = decideScope(record, options.scope);
      tally.add(record, decision);
      if (decision.kind !== "in") return;
      (registrationFlags(record, options.semantics).registered ? registered : notRegistered)
        .push(record.userPrincipalName);
    },
    facts() {
      return {
        summary: tally.summary(),
        registeredUsers: [...registered].sort(compareUpn),
        notRegisteredUsers: [...notRegistered].sort(compareUpn),
      };
    },
  };
}

/**
 * The sign-in digest of a sign-in report.
 *
 * @example Usage
 * ```ts
 * import { signInDigest } from "./facts.ts";
 * import { SignInAggregator } from "../signins_report/mod.ts";
 * import assert from "node:assert/strict";
 * const report = new SignInAggregator().summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 0,
 *   badRows: 0, filteredOut: 0, merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 } });
 * const d = signInDigest(report);
 * assert.equal(d.legacyAuth.succeeded, 0);
 * assert.deepEqual(d.mfaDenied, {});
 * assert.equal(d.fraud.signIns, 0);
 * ```
 */
export function signInDigest(report: SigninsReport): ComplianceSignIns {
  const denied = Object.entries(report.mfa.denied as Record<string, number>).filter(([, n]) => n > 0);
  denied.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    window: { ...report.window },
    rows: report.totals.rows,
    badRows: report.totals.badRows,
    filteredOut: report.totals.filteredOut,
    signIns: report.totals.signIns,
    userSignIns: report.totals.userSignIns,
    users: report.totals.users,
    legacyAuth: {
      signIns: report.legacyAuth.signIns,
      succeeded: report.legacyAuth.succeeded,
      users: report.legacyAuth.users,
      byClientApp: report.legacyAuth.byClientApp.map((c) => ({ ...c })),
      topUsers: report.legacyAuth.topUsers.map((u) => ({
        user: u.user,
        signIns: u.signIns,
        succeeded: u.succeeded,
      })),
    },
    mfaDenied: Object.fromEntries(denied),
    fraud: {
      signIns: report.mfa.denied.fraudReported ?? 0,
      users: report.legacyMfaServer.fraud.users.map((u) => ({
        user: u.user,
        count: u.count,
        latest: u.latest.at,
      })),
    },
  };
}
