/**
 * The JSON output of `compliance-report` (`--json FILE`), schema version 1. It is also the
 * `--baseline` input of the next run, so it carries the per-user lists the diff needs.
 *
 * ```text
 * {
 *   "schemaVersion": 1,
 *   "generatedAt": "2026-11-20T12:00:00.000Z",
 *   "policy": { "file", "version", "semantics", "scope": { "excludeFile", "includeGuests", "includeDisabled" } },
 *   "verdict": { "status": "pass"|"warn"|"fail", "pass": n, "warn": n, "fail": n },
 *   "rules": [{ "id", "check", "description", "severity": "fail"|"warn", "status": "pass"|"warn"|"fail",
 *               "comparison": "atLeast"|"atMost", "unit": "percent"|"users"|"signIns"|"policies"|"days",
 *               "threshold": n, "actual": n|null, "detail": [string…], "note": string|null }],
 *   "registration": null | { …registration-report JSON fields (source, semantics, scope, totals, byUserType,
 *               admins, phoneOnlyUsers, methods, …),
 *               "rates": { "mfaRegistered", "mfaCapable", "phishingResistant", "phoneOnly" },   // % of in scope, or null
 *               "users": { "registered": [upn…], "notRegistered": [upn…] } },
 *   "signIns": null | { "window", "rows", "signIns", "userSignIns", "users",
 *               "legacyAuth": { "signIns", "succeeded", "users", "byClientApp", "topUsers" },
 *               "mfaDenied": { "<reason id>": n }, "fraud": { "signIns", "users": [{ "user", "count", "latest" }] } },
 *   "conditionalAccess": null | { "policies": [{ "id", "displayName", "state", "rawState", "createdDateTime", "modifiedDateTime" }] },
 *   "changes": null | { …see baseline.ts }
 * }
 * ```
 *
 * `null` sections were not read (no rule needed them). Rules keep the policy's order; user
 * lists are sorted by UPN (case-insensitive), policies by name then id, so two runs diff
 * line by line. Percentages are truncated (not rounded) to 2 decimals. Fields may be added
 * within version 1; removing or renaming one raises the version.
 *
 * @module
 */
import { formatReportTime } from "../time/date_time.ts";
import type { RegistrationSummary } from "../registration/mod.ts";
import type { BaselineChanges } from "./baseline.ts";
import type { CaPolicyFact } from "./ca_policy.ts";
import { type ComplianceVerdict, complianceVerdict, type RuleResult } from "./evaluate.ts";
import type { ComplianceFacts, ComplianceSignIns } from "./facts.ts";
import type { CompliancePolicy } from "./policy.ts";

/** Current schema version. */
export const COMPLIANCE_REPORT_SCHEMA_VERSION = 1;

/** Rates over in-scope users, in percent (truncated to 2 decimals); null with no one in scope. */
export interface RegistrationRates {
  /** Registered for MFA. */
  mfaRegistered: number | null;
  /** MFA-capable. */
  mfaCapable: number | null;
  /** With a phishing-resistant method. */
  phishingResistant: number | null;
  /** SMS/voice only. */
  phoneOnly: number | null;
}

/** The rate names, in output order. */
export const RATE_METRICS = {
  mfaRegistered: "Registered for MFA",
  mfaCapable: "MFA-capable",
  phishingResistant: "With a phishing-resistant method",
  phoneOnly: "SMS / voice only",
} as const satisfies Record<keyof RegistrationRates, string>;

/** The JSON document. */
export interface ComplianceReportJson {
  /** {@linkcode COMPLIANCE_REPORT_SCHEMA_VERSION}. */
  schemaVersion: number;
  /** Report time. */
  generatedAt: string;
  /** The policy read. */
  policy: Pick<CompliancePolicy, "file" | "version" | "semantics" | "scope">;
  /** Overall outcome. */
  verdict: ComplianceVerdict;
  /** One entry per rule, in policy order. */
  rules: RuleResult[];
  /** Registration facts, or null when not read. */
  registration:
    | (RegistrationSummary & {
      rates: RegistrationRates;
      users: { registered: string[]; notRegistered: string[] };
    })
    | null;
  /** Sign-in facts, or null when not read. */
  signIns: ComplianceSignIns | null;
  /** Conditional Access policies, or null when not read. */
  conditionalAccess: { policies: CaPolicyFact[] } | null;
  /** Changes since `--baseline`, or null. */
  changes: BaselineChanges | null;
}

function rate(part: number, total: number): number | null {
  return total === 0 ? null : Math.floor((part * 10_000) / total) / 100;
}

/**
 * Builds the JSON document (without `changes`; set it from {@linkcode diffBaseline}).
 *
 * @example Usage
 * ```ts
 * import { complianceReportJson } from "./report_json.ts";
 * import { parsePolicy } from "./policy.ts";
 * import assert from "node:assert/strict";
 * const policy = parsePolicy('{ "rules": [{ "id": "l", "check": "legacyAuthSucceeded", "threshold": 0 }] }', "c.jsonc");
 * const facts = { now: new Date("2026-11-20T12:00:00Z"), registration: null, signIns: null, conditionalAccess: null };
 * const doc = complianceReportJson(policy, facts, [{ id: "l", check: "legacyAuthSucceeded", description: "d",
 *   severity: "fail", status: "fail", evaluated: false, onNoData: "fail", rows: 0, comparison: "atMost", unit: "signIns",
 *   threshold: 0, actual: null, detail: [], note: "no data: sign-ins were not read" }]);
 * assert.equal(doc.schemaVersion, 1);
 * assert.deepEqual(doc.verdict, { status: "fail", pass: 0, warn: 0, fail: 1 });
 * assert.equal(doc.registration, null);
 * assert.equal(doc.changes, null);
 * ```
 */
export function complianceReportJson(
  policy: CompliancePolicy,
  facts: ComplianceFacts,
  results: RuleResult[],
): ComplianceReportJson {
  const reg = facts.registration;
  let registration: ComplianceReportJson["registration"] = null;
  if (reg !== null) {
    const t = reg.summary.totals;
    registration = {
      ...reg.summary,
      rates: {
        mfaRegistered: rate(t.mfaRegistered, t.inScope),
        mfaCapable: rate(t.mfaCapable, t.inScope),
        phishingResistant: rate(t.phishingResistant, t.inScope),
        phoneOnly: rate(t.phoneOnly, t.inScope),
      },
      users: { registered: reg.registeredUsers, notRegistered: reg.notRegisteredUsers },
    };
  }
  return {
    schemaVersion: COMPLIANCE_REPORT_SCHEMA_VERSION,
    generatedAt: formatReportTime(facts.now),
    policy: {
      file: policy.file,
      version: policy.version,
      semantics: policy.semantics,
      scope: { ...policy.scope },
    },
    verdict: complianceVerdict(results),
    rules: results,
    registration,
    signIns: facts.signIns,
    conditionalAccess: facts.conditionalAccess === null ? null : { policies: facts.conditionalAccess },
    changes: null,
  };
}
