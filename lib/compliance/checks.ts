/**
 * What a compliance rule can check, with the data each check needs, the way its threshold is
 * compared, and its default description; plus rule severities and statuses.
 *
 * @module
 */
import { isTableKey } from "../classify/_enum.ts";

/** Where a check's facts come from. */
export type FactSource = "registration" | "signIns" | "conditionalAccess";

/** The unit of a check's threshold and actual value. */
export type CheckUnit = "percent" | "users" | "signIns" | "policies" | "days";

/**
 * Every check. `comparison` says how `actual` is held against `threshold`: `atLeast`
 * (actual ≥ threshold) or `atMost` (actual ≤ threshold). `params` is the shape of the rule's
 * parameters: a percentage, a count, a number of days, or a list of required policies.
 */
export const COMPLIANCE_CHECKS = {
  mfaRegisteredPercent: {
    source: "registration",
    comparison: "atLeast",
    unit: "percent",
    params: "percent",
    description: "Share of in-scope users registered for MFA",
  },
  mfaCapablePercent: {
    source: "registration",
    comparison: "atLeast",
    unit: "percent",
    params: "percent",
    description: "Share of in-scope users MFA-capable (registered and allowed by the methods policy)",
  },
  adminsWithoutMfa: {
    source: "registration",
    comparison: "atMost",
    unit: "users",
    params: "count",
    description: "In-scope admins not registered for MFA",
  },
  adminsWithoutPhishingResistant: {
    source: "registration",
    comparison: "atMost",
    unit: "users",
    params: "count",
    description:
      "In-scope admins without a phishing-resistant method (FIDO2, passkey, Windows Hello, certificate)",
  },
  phoneOnlyUsers: {
    source: "registration",
    comparison: "atMost",
    unit: "users",
    params: "count",
    description: "In-scope users whose only MFA methods are SMS / voice calls",
  },
  legacyAuthSucceeded: {
    source: "signIns",
    comparison: "atMost",
    unit: "signIns",
    params: "count",
    description: "Successful legacy-authentication sign-ins (IMAP, POP, SMTP, ActiveSync, other clients)",
  },
  mfaDeniedFraud: {
    source: "signIns",
    comparison: "atMost",
    unit: "signIns",
    params: "count",
    description: "Sign-ins with MFA denied because the user reported fraud",
  },
  caPoliciesEnabled: {
    source: "conditionalAccess",
    comparison: "atLeast",
    unit: "policies",
    params: "policies",
    description: "Required Conditional Access policies in the required state",
  },
  caReportOnlyDays: {
    source: "conditionalAccess",
    comparison: "atMost",
    unit: "days",
    params: "days",
    description: "Days the oldest report-only Conditional Access policy has been left in report-only",
  },
} as const satisfies Record<string, {
  source: FactSource;
  comparison: "atLeast" | "atMost";
  unit: CheckUnit;
  params: "percent" | "count" | "days" | "policies";
  description: string;
}>;

/** A check id. */
export type ComplianceCheck = keyof typeof COMPLIANCE_CHECKS;

/** Type guard for {@linkcode ComplianceCheck} (exact ids). */
export const isComplianceCheck = (v: unknown): v is ComplianceCheck => isTableKey(COMPLIANCE_CHECKS, v);

/** Rule severities: a failing `fail` rule makes the run exit 3; a failing `warn` rule does not. */
export const RULE_SEVERITIES = {
  fail: { label: "fail" },
  warn: { label: "warn" },
} as const;

/** A severity. */
export type RuleSeverity = keyof typeof RULE_SEVERITIES;

/** Type guard for {@linkcode RuleSeverity} (exact ids). */
export const isRuleSeverity = (v: unknown): v is RuleSeverity => isTableKey(RULE_SEVERITIES, v);

/** Rule outcomes, with the mark the Markdown shows. */
export const RULE_STATUSES = {
  pass: { label: "pass", mark: "✅" },
  warn: { label: "warn", mark: "⚠️" },
  fail: { label: "fail", mark: "❌" },
} as const;

/** A rule outcome. */
export type RuleStatus = keyof typeof RULE_STATUSES;

/** Type guard for {@linkcode RuleStatus} (exact ids). */
export const isRuleStatus = (v: unknown): v is RuleStatus => isTableKey(RULE_STATUSES, v);

/**
 * The status of a rule that did not hold: its severity (`fail` or `warn`).
 *
 * @example Usage
 * ```ts
 * import { statusOfBreach } from "./checks.ts";
 * import assert from "node:assert/strict";
 * assert.equal(statusOfBreach("warn"), "warn");
 * assert.equal(statusOfBreach("fail"), "fail");
 * ```
 */
export function statusOfBreach(severity: RuleSeverity): RuleStatus {
  switch (severity) {
    case "fail":
      return "fail";
    case "warn":
      return "warn";
  }
}
