/**
 * The Markdown report: the verdict table first (rule, check, severity, threshold, actual,
 * status), the findings of every rule that did not pass, "what changed" since the baseline,
 * the scope, the Conditional Access policies, then the registration and sign-in reports as
 * sections. Also the short verdict for a CI job summary (GitHub `GITHUB_STEP_SUMMARY`,
 * Azure DevOps `##vso[task.uploadsummary]`). Every value from the tenant is escaped.
 *
 * @module
 */
import {
  escapeMarkdown,
  formatNumber,
  markdownCallout,
  markdownDocument,
  markdownHeading,
  markdownList,
  markdownTable,
  reportMarkdown,
  type ReportParts,
} from "../report/mod.ts";
import { complianceSummary } from "./summary.ts";
import { REGISTRATION_SEMANTICS } from "../registration/mod.ts";
import type { BaselineChanges } from "./baseline.ts";
import { CA_POLICY_STATES } from "./ca_policy.ts";
import { COMPLIANCE_CHECKS, type FactSource, RULE_STATUSES, type RuleStatus } from "./checks.ts";
import type { RuleResult } from "./evaluate.ts";
import { type ComplianceReportJson, RATE_METRICS } from "./report_json.ts";

/** Options of {@linkcode renderComplianceMarkdown}. */
export interface ComplianceMarkdownOptions {
  /** The registration report's Markdown (from `renderRegistrationMarkdown`), shown one level down. */
  registrationMarkdown?: string;
  /** The sign-in report's Markdown (from `renderSigninsMarkdown`), shown one level down. */
  signInsMarkdown?: string;
  /** Items listed per finding before "… and N more". @default 50 */
  listLimit?: number;
}

const UNIT_TEXT: Record<RuleResult["unit"], [string, string]> = {
  percent: ["%", "%"],
  users: [" user", " users"],
  signIns: [" sign-in", " sign-ins"],
  policies: [" policy", " policies"],
  days: [" day", " days"],
};

function withUnit(n: number, unit: RuleResult["unit"]): string {
  const [one, many] = UNIT_TEXT[unit];
  if (unit === "percent") return `${n.toFixed(2).replace(/\.?0+$/, "")}${one}`;
  return `${formatNumber(n)}${n === 1 ? one : many}`;
}

/**
 * The threshold as text: `≥ 95%`, `≤ 0 users`, `all 3 policies`.
 *
 * @example Usage
 * ```ts
 * import { thresholdText } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(thresholdText({ check: "mfaRegisteredPercent", comparison: "atLeast", unit: "percent", threshold: 97.5 }), "≥ 97.5%");
 * assert.equal(thresholdText({ check: "adminsWithoutMfa", comparison: "atMost", unit: "users", threshold: 0 }), "≤ 0 users");
 * assert.equal(thresholdText({ check: "caPoliciesEnabled", comparison: "atLeast", unit: "policies", threshold: 3 }), "all 3 policies");
 * ```
 */
export function thresholdText(r: Pick<RuleResult, "check" | "comparison" | "unit" | "threshold">): string {
  if (r.check === "caPoliciesEnabled") return `all ${withUnit(r.threshold, r.unit)}`;
  return `${r.comparison === "atLeast" ? "≥" : "≤"} ${withUnit(r.threshold, r.unit)}`;
}

/**
 * The actual value as text: `93.33%`, `2 users`, `2 of 3 policies`, `not evaluated (no data)`.
 *
 * @example Usage
 * ```ts
 * import { actualText } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(actualText({ check: "mfaCapablePercent", unit: "percent", threshold: 95, actual: 93.3 }), "93.3%");
 * assert.equal(actualText({ check: "caPoliciesEnabled", unit: "policies", threshold: 3, actual: 2 }), "2 of 3 policies");
 * assert.equal(actualText({ check: "legacyAuthSucceeded", unit: "signIns", threshold: 0, actual: null }), "not evaluated (no data)");
 * ```
 */
export function actualText(r: Pick<RuleResult, "check" | "unit" | "threshold" | "actual">): string {
  if (r.actual === null) return "not evaluated (no data)";
  if (r.check === "caPoliciesEnabled") return `${formatNumber(r.actual)} of ${withUnit(r.threshold, r.unit)}`;
  return withUnit(r.actual, r.unit);
}

/**
 * A status with its mark: `✅ pass`, `⚠️ warn`, `❌ fail`.
 *
 * @example Usage
 * ```ts
 * import { statusText } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(statusText("fail"), "❌ fail");
 * ```
 */
export function statusText(s: RuleStatus): string {
  return `${RULE_STATUSES[s].mark} ${RULE_STATUSES[s].label}`;
}

/**
 * The verdict table.
 *
 * @example Usage
 * ```ts
 * import { verdictTable } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * const md = verdictTable([{ id: "admins", check: "adminsWithoutMfa", description: "Admins | MFA", severity: "fail",
 *   status: "fail", evaluated: true, onNoData: "fail", rows: 5, comparison: "atMost", unit: "users", threshold: 0,
 *   actual: 2, detail: [], note: null }]);
 * assert.equal(md.split("\n")[2], "| admins | Admins \\| MFA | fail | ≤ 0 users | 2 users | 5 in-scope admins | ❌ fail |");
 * ```
 */
export function verdictTable(results: readonly RuleResult[]): string {
  return markdownTable(
    ["Rule", "Description", "Severity", "Threshold", "Actual", "Rows seen", "Status"],
    results.map((r) => [
      r.id,
      r.description,
      r.severity,
      thresholdText(r),
      actualText(r),
      rowsText(r),
      r.evaluated ? statusText(r.status) : `${statusText(r.status)} (no data)`,
    ]),
    { align: ["left", "left", "left", "right", "right", "right", "left"], empty: "_(no rules)_" },
  );
}

const ROW_UNIT: Record<FactSource, string> = {
  registration: "in-scope users",
  signIns: "sign-ins",
  conditionalAccess: "policies",
};

/**
 * How many rows a rule saw, with what they are.
 *
 * @example Usage
 * ```ts
 * import { rowsText } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(rowsText({ check: "legacyAuthSucceeded", rows: 1234 }), "1,234 sign-ins");
 * assert.equal(rowsText({ check: "adminsWithoutMfa", rows: 3 }), "3 in-scope admins");
 * ```
 */
export function rowsText(r: Pick<RuleResult, "check" | "rows">): string {
  const admins = r.check === "adminsWithoutMfa" || r.check === "adminsWithoutPhishingResistant";
  return `${formatNumber(r.rows)} ${
    admins ? "in-scope admins" : ROW_UNIT[COMPLIANCE_CHECKS[r.check].source]
  }`;
}

function verdictLine(doc: Pick<ComplianceReportJson, "verdict">): string {
  const v = doc.verdict;
  return `**Verdict: ${
    statusText(v.status)
  }** — ${v.pass} passed, ${v.warn} with a warning, ${v.fail} failed.`;
}

/**
 * Shifts every ATX heading down by `levels` (`# A` → `## A`), leaving fenced code (Mermaid
 * charts) alone, so a whole report can be nested as a section.
 *
 * @example Usage
 * ```ts
 * import { demoteHeadings } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(demoteHeadings("# T\n~~~mermaid\n# not a heading\n~~~\n## S\n"), "## T\n~~~mermaid\n# not a heading\n~~~\n### S\n");
 * ```
 */
export function demoteHeadings(markdown: string, levels = 1): string {
  let fence: string | null = null;
  return markdown.split("\n").map((line) => {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f !== null) {
      const marker = f[1] as string;
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return line;
    }
    const h = fence === null ? /^(#{1,6})(\s.*)?$/.exec(line) : null;
    if (h !== null) return "#".repeat(Math.min(6, (h[1] as string).length + levels)) + (h[2] ?? "");
    return line;
  }).join("\n");
}

function limited(items: readonly string[], limit: number): string {
  const shown = items.slice(0, limit);
  const more = items.length - shown.length;
  return markdownList(shown) +
    (more > 0 ? `\n${escapeMarkdown(`… and ${formatNumber(more)} more (the JSON lists them all).`)}\n` : "");
}

function findingsSection(results: readonly RuleResult[], limit: number): string[] {
  const open = results.filter((r) => r.status !== "pass");
  if (open.length === 0) return [];
  const out = [markdownHeading(2, "Findings")];
  for (const r of open) {
    out.push(markdownHeading(3, `${statusText(r.status)}: ${r.id}`));
    const lines = [`${r.description}: ${actualText(r)} (threshold ${thresholdText(r)}).`];
    if (r.note !== null) {
      lines.push(
        r.evaluated
          ? `${r.note}.`
          : `Not evaluated (${r.note}): ${
            r.onNoData === "fail" ? "this fails the run" : "a warning (onNoData: warn)"
          }.`,
      );
    }
    out.push(lines.map((l) => escapeMarkdown(l)).join("\n\n") + "\n");
    if (r.detail.length > 0) out.push(limited(r.detail, limit));
  }
  return out;
}

function pointsText(n: number | null): string {
  if (n === null) return "n/a";
  return `${n > 0 ? "+" : ""}${n.toFixed(2)} pp`;
}

function rateText(n: number | null): string {
  return n === null ? "n/a" : `${n.toFixed(2)}%`;
}

function changesSection(c: BaselineChanges, limit: number): string[] {
  const out = [
    markdownHeading(2, "What changed since the baseline"),
    escapeMarkdown(`Baseline: ${c.baseline.file}, generated ${c.baseline.generatedAt}.`) + "\n",
  ];
  if (c.caveats.length > 0) out.push(markdownCallout("note", c.caveats));
  out.push(markdownHeading(3, "Rules"));
  out.push(markdownTable(
    ["Rule", "Before", "After", "Actual before", "Actual after"],
    c.rules.map((r) => [
      r.id,
      r.before === null ? "(new rule)" : statusText(r.before),
      r.after === null ? "(removed)" : statusText(r.after),
      r.beforeActual === null ? "n/a" : formatNumber(r.beforeActual),
      r.afterActual === null ? "n/a" : formatNumber(r.afterActual),
    ]),
    { align: ["left", "left", "left", "right", "right"], empty: "_No rule changed._" },
  ));
  if (c.rates.length > 0) {
    out.push(markdownHeading(3, "Rates"));
    out.push(markdownTable(
      ["In-scope users", "Before", "After", "Change"],
      c.rates.map((
        r,
      ) => [RATE_METRICS[r.metric], rateText(r.before), rateText(r.after), pointsText(r.changePoints)]),
      { align: ["left", "right", "right", "right"] },
    ));
    out.push(escapeMarkdown(`${c.usersAdded} user(s) came into scope, ${c.usersRemoved} left it.`) + "\n");
  }
  const lists: [string, string[]][] = [
    ["Users who lost MFA registration", c.lostMfaRegistration],
    ["Users newly registered for MFA", c.newlyRegistered],
    ["New admins without MFA", c.newAdminsWithoutMfa],
    ["Admins no longer without MFA", c.resolvedAdminsWithoutMfa],
    ["New admins without a phishing-resistant method", c.newAdminsWithoutPhishingResistant],
    ["Admins no longer without a phishing-resistant method", c.resolvedAdminsWithoutPhishingResistant],
  ];
  for (const [title, list] of lists) {
    out.push(markdownHeading(3, `${title} (${list.length})`));
    out.push(list.length === 0 ? "_None._\n" : limited(list, limit));
  }
  return out;
}

function scopeSection(doc: ComplianceReportJson): string[] {
  const s = doc.policy.scope;
  const items = [
    `Policy file: ${doc.policy.file}`,
    `Registered means: ${REGISTRATION_SEMANTICS[doc.policy.semantics].label}`,
    s.includeGuests ? "Guests are counted." : "Guests are left out (scope.includeGuests is false).",
    s.includeDisabled ? "Disabled accounts are counted." : "Disabled accounts are left out.",
  ];
  const reg = doc.registration;
  if (s.excludeFile !== null) {
    const n = reg?.exclusions.excluded.length;
    items.push(
      `Excluded on purpose (${s.excludeFile}): ${n === undefined ? "list read" : `${n} account(s)`}` +
        (reg !== null && reg.exclusions.unmatched.length > 0
          ? `; ${reg.exclusions.unmatched.length} ${
            reg.exclusions.unmatched.length === 1 ? "entry matches" : "entries match"
          } no user`
          : ""),
    );
  }
  const out = [markdownHeading(2, "Scope"), markdownList(items)];
  if (reg !== null && reg.exclusions.excluded.length > 0) {
    out.push(markdownTable(
      ["Excluded account", "Reason", "Line"],
      reg.exclusions.excluded.map((e) => [e.userPrincipalName, e.reason, e.line]),
    ));
  }
  return out;
}

function caSection(doc: ComplianceReportJson): string[] {
  if (doc.conditionalAccess === null) return [];
  return [
    markdownHeading(2, "Conditional Access policies"),
    markdownTable(
      ["Policy", "Id", "State", "Created", "Modified"],
      doc.conditionalAccess.policies.map((p) => [
        p.displayName,
        p.id,
        p.state === "unknown" ? `unknown (${p.rawState ?? "none"})` : CA_POLICY_STATES[p.state].label,
        p.createdDateTime,
        p.modifiedDateTime,
      ]),
      { empty: "_No policies._" },
    ),
  ];
}

/**
 * Renders the whole report.
 *
 * @example Usage
 * ```ts
 * import { renderComplianceMarkdown } from "./render_markdown.ts";
 * import { complianceReportJson } from "./report_json.ts";
 * import { parsePolicy } from "./policy.ts";
 * import assert from "node:assert/strict";
 * const policy = parsePolicy('{ "rules": [{ "id": "fraud", "check": "mfaDeniedFraud", "threshold": 0 }] }', "c.jsonc");
 * const doc = complianceReportJson(policy, { now: new Date("2026-11-20T12:00:00Z"), registration: null, signIns: null,
 *   conditionalAccess: null }, [{ id: "fraud", check: "mfaDeniedFraud", description: "Fraud", severity: "fail",
 *   status: "fail", evaluated: true, onNoData: "fail", rows: 40, comparison: "atMost", unit: "signIns", threshold: 0,
 *   actual: 2, detail: ["lee@contoso.example: 2"], note: null }]);
 * const md = renderComplianceMarkdown(doc, { signInsMarkdown: "# Sign-in MFA report\n\n## 1. Was MFA required?\n" });
 * assert.match(md, /^# MFA compliance report\n/);
 * assert.match(md, /\| fraud \| Fraud \| fail \| ≤ 0 sign-ins \| 2 sign-ins \| 40 sign-ins \| ❌ fail \|/);
 * assert.match(md, /- lee@contoso\.example: 2/);
 * assert.match(md, /\n## Sign-in MFA report\n\n### 1\. Was MFA required\?\n/);
 * ```
 */
export function renderComplianceMarkdown(
  doc: ComplianceReportJson,
  options: ComplianceMarkdownOptions = {},
): string {
  return reportMarkdown(complianceMarkdownParts(doc, options));
}

/** The report's Markdown in parts, for the Markdown and the HTML renderers. */
export function complianceMarkdownParts(
  doc: ComplianceReportJson,
  options: ComplianceMarkdownOptions = {},
): ReportParts {
  const limit = options.listLimit ?? 50;
  return {
    head: [
      markdownHeading(1, "MFA compliance report"),
      escapeMarkdown(`Generated ${doc.generatedAt} from policy ${doc.policy.file}.`) + "\n",
      verdictLine(doc) + "\n",
    ],
    summary: complianceSummary(doc),
    body: [
      markdownHeading(2, "Verdict"),
      verdictTable(doc.rules),
      ...findingsSection(doc.rules, limit),
      ...(doc.changes === null ? [] : changesSection(doc.changes, limit)),
      ...scopeSection(doc),
      ...caSection(doc),
      ...(options.registrationMarkdown === undefined ? [] : [demoteHeadings(options.registrationMarkdown)]),
      ...(options.signInsMarkdown === undefined ? [] : [demoteHeadings(options.signInsMarkdown)]),
    ],
  };
}

/**
 * The short report for a CI job summary: heading, verdict line, verdict table, and the counts
 * of what changed when there is a baseline.
 *
 * @example Usage
 * ```ts
 * import { stepSummaryMarkdown } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * const md = stepSummaryMarkdown({ generatedAt: "2026-11-20T12:00:00.000Z", policy: { file: "c.jsonc" },
 *   verdict: { status: "pass", pass: 0, warn: 0, fail: 0 }, rules: [], changes: null });
 * assert.match(md, /^## MFA compliance: ✅ pass\n/);
 * assert.match(md, /_\(no rules\)_/);
 * ```
 */
export function stepSummaryMarkdown(
  doc: Pick<ComplianceReportJson, "generatedAt" | "verdict" | "rules" | "changes"> & {
    policy: { file: string };
  },
): string {
  const blocks = [
    markdownHeading(2, `MFA compliance: ${statusText(doc.verdict.status)}`),
    escapeMarkdown(`${doc.generatedAt}, policy ${doc.policy.file}.`) + " " + verdictLine(doc) + "\n",
    verdictTable(doc.rules),
  ];
  const c = doc.changes;
  if (c !== null) {
    blocks.push(
      escapeMarkdown(
        `Since ${c.baseline.generatedAt}: ${c.lostMfaRegistration.length} user(s) lost MFA registration, ` +
          `${c.newAdminsWithoutMfa.length} new admin(s) without MFA, ${c.rules.length} rule change(s).`,
      ) + "\n",
    );
  }
  return markdownDocument(blocks);
}
