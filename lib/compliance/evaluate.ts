/**
 * Rule evaluation: each rule of a policy against the facts gives a {@linkcode RuleResult}
 * (threshold, actual value, pass/warn/fail and the offending users or policies). Pure.
 *
 * A rule with no data in scope (its source was not read, no users or admins in scope, no
 * sign-ins left in the window, no Conditional Access policies, a source that does not say who is
 * an admin) cannot be shown to hold: it is **not evaluated** (`evaluated: false`, `actual: null`,
 * a note saying why) and its status is the rule's `onNoData` outcome, `fail` unless the policy
 * says `warn`. A compliance gate never passes on data it did not see. Every result says how
 * many rows (users, sign-ins, policies) the rule saw.
 *
 * @module
 */
import {
  type CheckUnit,
  COMPLIANCE_CHECKS,
  type ComplianceCheck,
  type RuleSeverity,
  type RuleStatus,
  statusOfBreach,
} from "./checks.ts";
import { parseDateTimeMs } from "../signins/date_time.ts";
import type { CaPolicyFact } from "./ca_policy.ts";
import type { ComplianceFacts, ComplianceSignIns } from "./facts.ts";
import type {
  CompliancePolicy,
  ComplianceRule,
  NoDataOutcome,
  ReportOnlyBasis,
  RequiredCaPolicy,
} from "./policy.ts";

/** The outcome of one rule. */
export interface RuleResult {
  /** Rule id. */
  id: string;
  /** What it checks. */
  check: ComplianceCheck;
  /** Rule description. */
  description: string;
  /** `fail` or `warn`. */
  severity: RuleSeverity;
  /** `pass`; the severity when the rule does not hold; `onNoData` when it could not be evaluated. */
  status: RuleStatus;
  /** False when the rule had no data in scope ("not evaluated"; `actual` is null). */
  evaluated: boolean;
  /** What a not-evaluated rule does: `fail` or `warn`. */
  onNoData: NoDataOutcome;
  /** Rows the rule saw: in-scope users (admins for the admin checks), sign-ins in scope, or policies. */
  rows: number;
  /** `atLeast`: actual ≥ threshold passes; `atMost`: actual ≤ threshold passes. */
  comparison: "atLeast" | "atMost";
  /** Unit of threshold and actual. */
  unit: CheckUnit;
  /** The threshold (for `caPoliciesEnabled`: the number of required policies). */
  threshold: number;
  /** The measured value (percentages truncated to 2 decimals); null when it could not be measured. */
  actual: number | null;
  /** What is behind the value: offending users, missing policies, report-only ages (sorted). */
  detail: string[];
  /** Context: the numbers behind a percentage, or why the rule could not be evaluated. */
  note: string | null;
}

/** Counts of rule outcomes and the overall verdict. */
export interface ComplianceVerdict {
  /** `fail` if any rule failed, else `warn` if any warned, else `pass`. */
  status: RuleStatus;
  /** Rules passed. */
  pass: number;
  /** Rules with a warning. */
  warn: number;
  /** Rules failed. */
  fail: number;
}

const DAY_MS = 86_400_000;

function percentFloor(part: number, total: number): number {
  return Math.floor((part * 10_000) / total) / 100;
}

function missing(what: "registration" | "signIns" | "conditionalAccess"): string {
  switch (what) {
    case "registration":
      return "registration data was not read";
    case "signIns":
      return "sign-ins were not read";
    case "conditionalAccess":
      return "Conditional Access policies were not read";
  }
}

const ADMINS_UNKNOWN = "the registration source does not say who holds an admin role " +
  "(only Graph's registration report, which needs Entra ID P1/P2, does)";

function requiredLabel(r: RequiredCaPolicy): string {
  return r.match.kind === "id" ? `id ${r.match.id}` : JSON.stringify(r.match.name);
}

function matches(p: CaPolicyFact, r: RequiredCaPolicy): boolean {
  return r.match.kind === "id"
    ? p.id.toLowerCase() === r.match.id.toLowerCase()
    : p.displayName.trim().toLowerCase() === r.match.name.toLowerCase();
}

function reportOnlySince(
  p: CaPolicyFact,
  basis: ReportOnlyBasis,
): { at: string; field: ReportOnlyBasis } | null {
  const other: ReportOnlyBasis = basis === "createdDateTime" ? "modifiedDateTime" : "createdDateTime";
  for (const field of [basis, other]) {
    const at = p[field];
    if (at !== null && !Number.isNaN(parseDateTimeMs(at))) return { at, field };
  }
  return null;
}

interface Measured {
  threshold: number;
  /** Null: not evaluated (no data in scope). */
  actual: number | null;
  /** Rows the rule saw. */
  rows: number;
  detail: string[];
  note: string | null;
  /** Overrides the threshold comparison (percentages compare exactly, not on the truncated value). */
  holds?: boolean;
}

function noData(threshold: number, note: string): Measured {
  return { threshold, actual: null, rows: 0, detail: [], note: `no data: ${note}` };
}

function noUsers(seen: number): string {
  return seen === 0 ? "the registration source had no users" : `none of ${seen} users is in scope`;
}

function noSignIns(si: ComplianceSignIns): string {
  const parts = [`${si.rows} row(s) read`];
  if (si.filteredOut > 0) parts.push(`${si.filteredOut} outside the window or scope`);
  if (si.badRows > 0) parts.push(`${si.badRows} not understood`);
  return `no sign-ins in scope (${parts.join(", ")})`;
}

const NO_CA_POLICIES = "no Conditional Access policies were read (an empty export or tenant)";

function measure(rule: ComplianceRule, facts: ComplianceFacts): Measured {
  const reg = facts.registration;
  const si = facts.signIns;
  const ca = facts.conditionalAccess;
  switch (rule.check) {
    case "mfaRegisteredPercent":
    case "mfaCapablePercent": {
      if (reg === null) return noData(rule.threshold, missing("registration"));
      const t = reg.summary.totals;
      const part = rule.check === "mfaRegisteredPercent" ? t.mfaRegistered : t.mfaCapable;
      if (t.inScope === 0) return noData(rule.threshold, noUsers(reg.summary.totals.seen));
      return {
        threshold: rule.threshold,
        actual: percentFloor(part, t.inScope),
        rows: t.inScope,
        detail: [],
        note: `${part} of ${t.inScope} in-scope users`,
        holds: part * 100 - rule.threshold * t.inScope >= -1e-9 * t.inScope,
      };
    }
    case "adminsWithoutMfa":
    case "adminsWithoutPhishingResistant": {
      if (reg === null) return noData(rule.threshold, missing("registration"));
      const a = reg.summary.admins;
      if (reg.summary.totals.inScope === 0) return noData(rule.threshold, noUsers(reg.summary.totals.seen));
      if (!a.known) return noData(rule.threshold, ADMINS_UNKNOWN);
      if (a.total === 0) {
        return noData(
          rule.threshold,
          `no admins in scope among ${reg.summary.totals.inScope} in-scope users (every tenant has one)`,
        );
      }
      const list = rule.check === "adminsWithoutMfa" ? a.withoutMfa : a.withoutPhishingResistant;
      return {
        threshold: rule.threshold,
        actual: list.length,
        rows: a.total,
        detail: [...list],
        note: `${a.total} in-scope admins`,
      };
    }
    case "phoneOnlyUsers": {
      if (reg === null) return noData(rule.threshold, missing("registration"));
      if (reg.summary.totals.inScope === 0) return noData(rule.threshold, noUsers(reg.summary.totals.seen));
      return {
        threshold: rule.threshold,
        actual: reg.summary.phoneOnlyUsers.length,
        rows: reg.summary.totals.inScope,
        detail: [...reg.summary.phoneOnlyUsers],
        note: `${reg.summary.totals.inScope} in-scope users`,
      };
    }
    case "legacyAuthSucceeded": {
      if (si === null) return noData(rule.threshold, missing("signIns"));
      if (si.signIns === 0) return noData(rule.threshold, noSignIns(si));
      const users = si.legacyAuth.topUsers.filter((u) => u.succeeded > 0)
        .sort((a, b) => b.succeeded - a.succeeded || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0))
        .map((u) => `${u.user}: ${u.succeeded} successful`);
      return {
        threshold: rule.threshold,
        actual: si.legacyAuth.succeeded,
        rows: si.signIns,
        detail: users,
        note: `${si.legacyAuth.signIns} legacy-authentication sign-ins in ${windowText(si.window)}`,
      };
    }
    case "mfaDeniedFraud": {
      if (si === null) return noData(rule.threshold, missing("signIns"));
      if (si.signIns === 0) return noData(rule.threshold, noSignIns(si));
      const users = [...si.fraud.users]
        .sort((a, b) => b.count - a.count || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0))
        .map((u) => `${u.user}: ${u.count}${u.latest === null ? "" : ` (latest ${u.latest})`}`);
      return {
        threshold: rule.threshold,
        actual: si.fraud.signIns,
        rows: si.signIns,
        detail: users,
        note: `${si.userSignIns} user sign-ins in ${windowText(si.window)}`,
      };
    }
    case "caPoliciesEnabled": {
      const threshold = rule.policies.length;
      if (ca === null) return noData(threshold, missing("conditionalAccess"));
      if (ca.length === 0) return noData(threshold, NO_CA_POLICIES);
      let ok = 0;
      const detail: string[] = [];
      for (const req of rule.policies) {
        const found = ca.filter((p) => matches(p, req));
        if (found.some((p) => p.state === req.state)) {
          ok++;
          continue;
        }
        if (found.length === 0) detail.push(`${requiredLabel(req)}: not found (expected ${req.state})`);
        else {
          const states = [...new Set(found.map((p) => p.rawState ?? p.state))].sort().join(", ");
          detail.push(`${requiredLabel(req)}: ${states} (expected ${req.state})`);
        }
      }
      return { threshold, actual: ok, rows: ca.length, detail, note: `${ca.length} policies in the tenant` };
    }
    case "caReportOnlyDays": {
      if (ca === null) return noData(rule.threshold, missing("conditionalAccess"));
      if (ca.length === 0) return noData(rule.threshold, NO_CA_POLICIES);
      const aged: { name: string; days: number | null; text: string }[] = [];
      for (const p of ca) {
        if (p.state !== "enabledForReportingButNotEnforced") continue;
        const name = JSON.stringify(p.displayName || p.id);
        const since = reportOnlySince(p, rule.basis);
        if (since === null) {
          aged.push({
            name,
            days: null,
            text: `${name}: age unknown (no createdDateTime or modifiedDateTime)`,
          });
          continue;
        }
        const days = Math.max(0, Math.floor((facts.now.getTime() - parseDateTimeMs(since.at)) / DAY_MS));
        aged.push({ name, days, text: `${name}: ${days} days (${since.field} ${since.at})` });
      }
      aged.sort((a, b) =>
        (b.days ?? -1) - (a.days ?? -1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
      );
      const known = aged.flatMap((a) => a.days === null ? [] : [a.days]);
      return {
        threshold: rule.threshold,
        actual: known.length === 0 ? 0 : Math.max(...known),
        rows: ca.length,
        detail: aged.map((a) => a.text),
        note: `${aged.length} report-only ${
          aged.length === 1 ? "policy" : "policies"
        }, measured from ${rule.basis}`,
      };
    }
  }
}

function windowText(w: { from: string | null; to: string | null }): string {
  return w.from === null && w.to === null ? "the input" : `${w.from ?? "…"} – ${w.to ?? "…"}`;
}

/**
 * Evaluates every rule of a policy, in the policy's order.
 *
 * @example An admin without MFA breaks a "0 admins" rule; 1 of 2 registered misses 90 %; a rule without data fails
 * ```ts
 * import { evaluateRules } from "./evaluate.ts";
 * import { parsePolicy } from "./policy.ts";
 * import { createRegistrationCollector } from "./facts.ts";
 * import { DEFAULT_SCOPE, registrationRecordFromRow } from "../registration/mod.ts";
 * import assert from "node:assert/strict";
 * const policy = parsePolicy(`{ "rules": [
 *   { "id": "admins", "check": "adminsWithoutMfa", "threshold": 0 },
 *   { "id": "registered", "check": "mfaRegisteredPercent", "threshold": 90, "severity": "warn" },
 *   { "id": "legacy", "check": "legacyAuthSucceeded", "threshold": 0, "severity": "warn" } ] }`, "c.jsonc");
 * const c = createRegistrationCollector({ semantics: "modern", source: "registration-report", scope: DEFAULT_SCOPE });
 * for (const [upn, isAdmin, reg] of [["ana@contoso.example", true, false], ["bo@contoso.example", false, true]] as const) {
 *   const r = registrationRecordFromRow({ userPrincipalName: upn, isAdmin, isMfaRegistered: reg, methodsRegistered: [],
 *     userType: "member" }, { source: "registration-report", accountEnabled: true });
 *   if (r.kind === "record") c.add(r.record);
 * }
 * const results = evaluateRules(policy, { now: new Date("2026-11-20T12:00:00Z"), registration: c.facts(),
 *   signIns: null, conditionalAccess: null });
 * assert.deepEqual(results.map((r) => [r.id, r.status, r.actual, r.rows]), [["admins", "fail", 1, 1],
 *   ["registered", "warn", 50, 2], ["legacy", "fail", null, 0]]);
 * assert.deepEqual(results[0]?.detail, ["ana@contoso.example"]);
 * assert.equal(results[2]?.evaluated, false);
 * assert.equal(results[2]?.note, "no data: sign-ins were not read");
 * ```
 */
export function evaluateRules(policy: Pick<CompliancePolicy, "rules">, facts: ComplianceFacts): RuleResult[] {
  return policy.rules.map((rule) => {
    const info = COMPLIANCE_CHECKS[rule.check];
    const m = measure(rule, facts);
    const evaluated = m.actual !== null;
    const holds = m.actual === null
      ? false
      : m.holds ?? (info.comparison === "atLeast" ? m.actual >= m.threshold : m.actual <= m.threshold);
    return {
      id: rule.id,
      check: rule.check,
      description: rule.description,
      severity: rule.severity,
      status: !evaluated ? rule.onNoData : holds ? "pass" : statusOfBreach(rule.severity),
      evaluated,
      onNoData: rule.onNoData,
      rows: m.rows,
      comparison: info.comparison,
      unit: info.unit,
      threshold: m.threshold,
      actual: m.actual,
      detail: m.detail,
      note: m.note,
    };
  });
}

/**
 * Counts outcomes and gives the overall verdict.
 *
 * @example Usage
 * ```ts
 * import { complianceVerdict } from "./evaluate.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(complianceVerdict([{ status: "pass" }, { status: "warn" }]), { status: "warn", pass: 1, warn: 1, fail: 0 });
 * assert.equal(complianceVerdict([{ status: "warn" }, { status: "fail" }]).status, "fail");
 * assert.equal(complianceVerdict([]).status, "pass");
 * ```
 */
export function complianceVerdict(results: readonly Pick<RuleResult, "status">[]): ComplianceVerdict {
  const v = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) v[r.status]++;
  return { status: v.fail > 0 ? "fail" : v.warn > 0 ? "warn" : "pass", ...v };
}
