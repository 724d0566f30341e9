/**
 * The "answers first" block of the compliance report: the verdict, then the rules that failed
 * (then those with a warning), most serious first, each linking to its finding. Pure. Every
 * figure's metric id is a path into the JSON output (`rules.2.actual`).
 *
 * @module
 */
import { fig, headingSlug, lineTo, type ReportSummary, type SummaryLine } from "../report/mod.ts";
import { RULE_STATUSES } from "./checks.ts";
import type { ComplianceReportJson } from "./report_json.ts";
import { statusText, thresholdText } from "./render_markdown.ts";

/**
 * The anchor of a rule's finding heading (`❌ fail: rule-id` → `-fail-rule-id`; emoji and
 * their variation selectors are dropped, as on GitHub).
 */
export function findingAnchor(heading: string): string {
  return headingSlug(heading.replace(/[\uFE0E\uFE0F]/g, ""));
}

/**
 * The block for a compliance report.
 *
 * @example
 * ```ts
 * import { complianceSummary } from "./summary.ts";
 * import assert from "node:assert/strict";
 * const b = complianceSummary({ generatedAt: "2026-11-20T12:00:00Z", policy: { file: "c.jsonc" },
 *   verdict: { status: "pass", pass: 0, warn: 0, fail: 0 }, rules: [] } as never);
 * assert.equal(b.answers[0]!.anchor, "verdict");
 * assert.deepEqual(b.risks, []);
 * ```
 */
export function complianceSummary(doc: ComplianceReportJson): ReportSummary {
  const v = doc.verdict;
  const answers: SummaryLine[] = [lineTo("Verdict", "1. Does the tenant meet the policy?", [
    `${v.status === "pass" ? "yes" : v.status === "warn" ? "yes, with warnings" : "no"} (${
      RULE_STATUSES[v.status].label
    }): `,
    fig("verdict.pass", v.pass),
    " rules passed, ",
    fig("verdict.warn", v.warn),
    " with a warning, ",
    fig("verdict.fail", v.fail),
    " failed.",
  ])];
  const order = { fail: 0, warn: 1, pass: 2 } as const;
  const open = doc.rules.map((r, i) => [r, i] as const).filter(([r]) => r.status !== "pass")
    .sort((a, b) => order[a[0].status] - order[b[0].status] || a[1] - b[1]);
  const risks = open.slice(0, 3).map(([r, i]): SummaryLine => ({
    label: `${RULE_STATUSES[r.status].label}: ${r.id}`,
    anchor: findingAnchor(`${statusText(r.status)}: ${r.id}`),
    parts: r.actual === null ? [`${r.description}: not evaluated (${r.note ?? "no data"}).`] : [
      `${r.description}: actual `,
      fig(`rules.${i}.actual`, r.actual),
      `${r.unit === "percent" ? "%" : ""}, threshold ${thresholdText(r)}.`,
    ],
  }));
  return { caveats: [], answers, risks, noRisks: "Every rule passed." };
}
