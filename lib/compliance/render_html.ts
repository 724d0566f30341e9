/**
 * The HTML compliance report (`--format html`): the Markdown report's parts (with the nested
 * registration and sign-in reports) translated by `lib/report/html.ts`, with the answers-first
 * block drawn natively. Pure.
 *
 * @module
 */
import { htmlReport } from "../report/html.ts";
import { type ComplianceMarkdownOptions, complianceMarkdownParts } from "./render_markdown.ts";
import type { ComplianceReportJson } from "./report_json.ts";

/**
 * Renders the report as one self-contained HTML page.
 *
 * @example A description stays text
 * ```ts
 * import { renderComplianceHtml } from "./render_html.ts";
 * import { complianceReportJson } from "./report_json.ts";
 * import { parsePolicy } from "./policy.ts";
 * import assert from "node:assert/strict";
 * const policy = parsePolicy('{ "rules": [{ "id": "l", "check": "legacyAuthSucceeded", "threshold": 0 }] }', "c.jsonc");
 * const facts = { now: new Date("2026-11-20T12:00:00Z"), registration: null, signIns: null, conditionalAccess: null };
 * const doc = complianceReportJson(policy, facts, [{ id: "l", check: "legacyAuthSucceeded", description: "d <b>",
 *   severity: "fail", status: "fail", evaluated: false, onNoData: "fail", rows: 0, comparison: "atMost", unit: "signIns",
 *   threshold: 0, actual: null, detail: [], note: "no data: sign-ins were not read" }]);
 * const html = renderComplianceHtml(doc);
 * assert.match(html, /Generated 2026-11-20T12:00:00Z from policy c\.jsonc/);
 * assert.match(html, /<a href="#-fail-l">fail: l<\/a>: d &lt;b&gt;: not evaluated/);
 * ```
 */
export function renderComplianceHtml(
  doc: ComplianceReportJson,
  options: ComplianceMarkdownOptions = {},
): string {
  return htmlReport({ title: "MFA compliance report", ...complianceMarkdownParts(doc, options) });
}
