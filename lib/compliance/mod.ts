/**
 * Compliance as code: a JSONC policy of rules (MFA registration and capability rates, admins
 * without MFA or without a phishing-resistant method, SMS/voice-only users, legacy-auth
 * successes, fraud reports, required Conditional Access policies, report-only age), evaluated
 * on facts read once from Graph or files, rendered as a Markdown verdict table with the
 * underlying reports, JSON (schema version 1, also the next run's `--baseline`) and JUnit XML.
 * Policy parsing, evaluation, diffing and rendering are pure; `collect.ts` and `run.ts` do the
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
export * from "../io/jsonc.ts";
export * from "./checks.ts";
export * from "./ca_policy.ts";
export * from "./policy.ts";
export * from "./facts.ts";
export * from "./evaluate.ts";
export * from "./report_json.ts";
export * from "./baseline.ts";
export * from "./render_markdown.ts";
export * from "./junit.ts";
export * from "./ci.ts";
export * from "./cli.ts";
export * from "./collect.ts";
export * from "./run.ts";
