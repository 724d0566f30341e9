/**
 * JUnit XML (`--junit FILE`) so pipeline UIs (GitHub test reporters, Azure DevOps
 * `PublishTestResults@2`, GitLab) show each rule as a test: a passing rule is a passing test, a
 * failing `fail` rule a `<failure>`, a failing `warn` rule a `<skipped>` test whose message
 * starts with `warning:` (visible, but it does not fail the test run).
 *
 * Rule ids, descriptions and details can hold tenant data (user and policy names); every
 * value goes through {@linkcode escapeXmlText} / {@linkcode escapeXmlAttribute}, which also
 * replace characters XML 1.0 cannot carry at all.
 *
 * @module
 */
import { escapeInvisible } from "../cli/safe_text.ts";
import type { RuleResult } from "./evaluate.ts";
import { actualText, rowsText, thresholdText } from "./render_markdown.ts";
import type { ComplianceReportJson } from "./report_json.ts";

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function xmlSafe(text: string): string {
  let out = "";
  for (const ch of escapeInvisible(text)) out += isXmlChar(ch.codePointAt(0) as number) ? ch : "\uFFFD";
  return out;
}

/**
 * Escapes text content: `&`, `<`, `>`; bidi overrides, zero-width and other invisible
 * characters become `\u202E`-style text; characters not allowed in XML 1.0 (most control
 * characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
 *
 * @example Usage
 * ```ts
 * import { escapeXmlText } from "./junit.ts";
 * import assert from "node:assert/strict";
 * assert.equal(escapeXmlText("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
 * assert.equal(escapeXmlText("bell\u0007 \ud800"), "bell\ufffd \ufffd");
 * ```
 */
export function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/**
 * Escapes an attribute value (for double quotes): also `"` and `'`, and tab / line breaks as
 * character references so they survive attribute-value normalisation.
 *
 * @example Usage
 * ```ts
 * import { escapeXmlAttribute } from "./junit.ts";
 * import assert from "node:assert/strict";
 * assert.equal(escapeXmlAttribute(`x" onload='y'\n<&>`), "x&quot; onload=&apos;y&apos;&#10;&lt;&amp;&gt;");
 * ```
 */
export function escapeXmlAttribute(text: string): string {
  const map: Record<string, string> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&apos;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
  };
  return xmlSafe(text).replace(/[&<>"'\t\n\r]/g, (c) => map[c] ?? c);
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a).map(([k, v]) => ` ${k}="${escapeXmlAttribute(String(v))}"`).join("");
}

function body(r: RuleResult): string {
  const lines = [
    r.description,
    `threshold: ${thresholdText(r)}`,
    `actual: ${actualText(r)}`,
    `rows seen: ${rowsText(r)}`,
    ...(r.note === null ? [] : [r.evaluated ? r.note : `not evaluated: ${r.note}`]),
    ...r.detail,
  ];
  return lines.join("\n");
}

function message(r: RuleResult): string {
  const what = r.evaluated ? `actual ${actualText(r)}` : `not evaluated (${r.note ?? "no data"})`;
  return `${r.status === "warn" ? "warning: " : ""}${what}, threshold ${thresholdText(r)}`;
}

/**
 * Renders the JUnit XML document.
 *
 * @example Usage
 * ```ts
 * import { renderJunit } from "./junit.ts";
 * import assert from "node:assert/strict";
 * const xml = renderJunit({ generatedAt: "2026-11-20T12:00:00.000Z", policy: { file: "c.jsonc" },
 *   verdict: { status: "fail", pass: 0, warn: 0, fail: 1 },
 *   rules: [{ id: "admins", check: "adminsWithoutMfa", description: "Admins <without> MFA", severity: "fail",
 *     status: "fail", evaluated: true, onNoData: "fail", rows: 4, comparison: "atMost", unit: "users", threshold: 0,
 *     actual: 1, detail: ["a&b@contoso.example"], note: null }] });
 * assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
 * assert.match(xml, /<testcase classname="compliance\.adminsWithoutMfa" name="admins" time="0">/);
 * assert.match(xml, /<failure message="actual 1 user, threshold ≤ 0 users" type="fail">Admins &lt;without&gt; MFA\n/);
 * assert.match(xml, /a&amp;b@contoso\.example<\/failure>/);
 * ```
 */
export function renderJunit(
  doc: Pick<ComplianceReportJson, "generatedAt" | "verdict" | "rules"> & { policy: { file: string } },
): string {
  const n = doc.rules.length;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${
      attrs({
        name: "MFA compliance",
        tests: n,
        failures: doc.verdict.fail,
        errors: 0,
        skipped: doc.verdict.warn,
        time: 0,
      })
    }>`,
    `  <testsuite${
      attrs({
        name: `compliance-report (${doc.policy.file})`,
        tests: n,
        failures: doc.verdict.fail,
        errors: 0,
        skipped: doc.verdict.warn,
        time: 0,
        timestamp: doc.generatedAt.replace(/\.\d+Z$|Z$/, ""),
      })
    }>`,
    `    <properties>`,
    `      <property${attrs({ name: "policy", value: doc.policy.file })}/>`,
    `      <property${attrs({ name: "verdict", value: doc.verdict.status })}/>`,
    `    </properties>`,
  ];
  for (const r of doc.rules) {
    const open = `    <testcase${attrs({ classname: `compliance.${r.check}`, name: r.id, time: 0 })}`;
    switch (r.status) {
      case "pass":
        out.push(`${open}>`, `      <system-out>${escapeXmlText(body(r))}</system-out>`, `    </testcase>`);
        break;
      case "warn":
        out.push(
          `${open}>`,
          `      <skipped${attrs({ message: message(r) })}/>`,
          `      <system-out>${escapeXmlText(body(r))}</system-out>`,
          `    </testcase>`,
        );
        break;
      case "fail":
        out.push(
          `${open}>`,
          `      <failure${attrs({ message: message(r), type: r.severity })}>${
            escapeXmlText(body(r))
          }</failure>`,
          `    </testcase>`,
        );
        break;
    }
  }
  out.push(`  </testsuite>`, `</testsuites>`);
  return out.join("\n") + "\n";
}
