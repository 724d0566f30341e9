/**
 * Compliance as code: a JSONC policy of rules (MFA registration and capability rates, admins
 * without MFA or without a phishing-resistant method, SMS/voice-only users, legacy-auth
 * successes, fraud reports, required Conditional Access policies, report-only age), evaluated
 * on facts read once from Graph or files, rendered as a Markdown verdict table with the
 * underlying reports, JSON (schema version 1, also the next run's `--baseline`) and JUnit XML.
 * Policy parsing, evaluation, diffing and rendering are pure; `collect.ts` (and the command, lib/commands/compliance_report.ts) do the
 * I/O.
 *
 * @example From a policy and facts to a verdict
 * ```ts
 * import { complianceReportJson, evaluateRules, parsePolicy, renderJunit } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const policy = parsePolicy(`{
 *   "rules": [
 *     // report-only policies must not linger
 *     { "id": "report-only-age", "check": "caReportOnlyDays", "threshold": 30, "severity": "warn" },
 *   ],
 * }`, "compliance.jsonc");
 * const facts = { now: new Date("2026-11-20T12:00:00Z"), registration: null, signIns: null, conditionalAccess: [
 *   { id: "p1", displayName: "Require compliant device", state: "enabledForReportingButNotEnforced" as const,
 *     rawState: "enabledForReportingButNotEnforced", createdDateTime: "2026-09-21T12:00:00Z", modifiedDateTime: null },
 * ] };
 * const results = evaluateRules(policy, facts);
 * assert.deepEqual([results[0]?.status, results[0]?.actual], ["warn", 60]);
 * const doc = complianceReportJson(policy, facts, results);
 * assert.equal(doc.verdict.status, "warn");
 * assert.match(renderJunit(doc), /<skipped message="warning: actual 60 days, threshold ≤ 30 days"\/>/);
 * ```
 *
 * @module
 */
export {
  COMPLIANCE_CHECKS,
  isComplianceCheck,
  isRuleSeverity,
  isRuleStatus,
  RULE_SEVERITIES,
  RULE_STATUSES,
  statusOfBreach,
} from "./checks.ts";
export type { CheckUnit, ComplianceCheck, FactSource, RuleSeverity, RuleStatus } from "./checks.ts";
export {
  CA_POLICY_STATES,
  caPolicyFromGraph,
  classifyCaPolicyState,
  compareCaPolicies,
  isCaPolicyState,
} from "./ca_policy.ts";
export type { CaPolicyFact, CaPolicyState } from "./ca_policy.ts";
export { NO_DATA_OUTCOMES, parsePolicy, POLICY_VERSION, policyNeeds, REPORT_ONLY_BASES } from "./policy.ts";
export type {
  CompliancePolicy,
  ComplianceRule,
  NoDataOutcome,
  ReportOnlyBasis,
  RequiredCaPolicy,
  ThresholdCheck,
} from "./policy.ts";
export { isInsideFolder, policyRelativePath, resolvePolicyPath } from "./policy_path.ts";
export { createRegistrationCollector, signInDigest } from "./facts.ts";
export type {
  ComplianceFacts,
  ComplianceRegistration,
  ComplianceSignIns,
  RegistrationCollector,
} from "./facts.ts";
export { complianceVerdict, evaluateRules } from "./evaluate.ts";
export type { ComplianceVerdict, RuleResult } from "./evaluate.ts";
export { COMPLIANCE_REPORT_SCHEMA_VERSION, complianceReportJson, RATE_METRICS } from "./report_json.ts";
export type { ComplianceReportJson, RegistrationRates } from "./report_json.ts";
export { diffBaseline, parseBaseline } from "./baseline.ts";
export type { BaselineChanges, BaselineDoc } from "./baseline.ts";
export {
  actualText,
  complianceMarkdownParts,
  demoteHeadings,
  renderComplianceMarkdown,
  rowsText,
  statusText,
  stepSummaryMarkdown,
  thresholdText,
  verdictTable,
} from "./render_markdown.ts";
export type { ComplianceMarkdownOptions } from "./render_markdown.ts";
export { renderComplianceHtml } from "./render_html.ts";
export { complianceSummary, findingAnchor } from "./summary.ts";
export { escapeXmlAttribute, escapeXmlText, renderJunit } from "./junit.ts";
export {
  appendStepSummary,
  azureUploadSummaryCommand,
  CI_ENV_NAMES,
  ciEnvironmentOf,
  readCiEnvironment,
} from "./ci.ts";
export type { CiEnvironment } from "./ci.ts";
export { collectFacts, parseCaPoliciesExport, registrationScopeOf, signInScopeFilter } from "./collect.ts";
export type { CollectedFacts, CollectHooks, CollectOptions } from "./collect.ts";
