/**
 * The "answers first" block every report opens with: one line per question the report answers
 * (numbered like its section), then the biggest risks found, each line linking to the section
 * with the detail. Built by each report area from its summary (pure), rendered here as
 * Markdown and by `html.ts` as HTML (where every figure carries `data-metric`, so a browser
 * test can read it back and compare it with the JSON output).
 *
 * @module
 */
import { escapeMarkdown, formatNumber, markdownDocument } from "./markdown.ts";

/** A figure inside a summary line: shown with thousands separators, tagged for tests. */
export interface SummaryFigure {
  /** Stable id (a JSON path of the report, e.g. `mfa.required`). */
  metric: string;
  /** The value. */
  value: number;
}

/** One part of a summary line: plain text (escaped when rendered) or a figure. */
export type SummaryPart = string | SummaryFigure;

/** One line of the summary. */
export interface SummaryLine {
  /** Lead-in (the question, or the risk's name), linked to `anchor`. */
  label: string;
  /** Anchor of the section with the detail (a heading's slug, see {@linkcode headingSlug}). */
  anchor: string;
  /** The answer. */
  parts: SummaryPart[];
}

/** The block. */
export interface ReportSummary {
  /** Lines that must come first (an empty window), shown as a warning. */
  caveats: string[];
  /** One line per question. */
  answers: SummaryLine[];
  /** The biggest risks found (at most three), most serious first; empty when none was found. */
  risks: SummaryLine[];
  /** What to say when no risk was found. @default "None of the risks this report looks for was found." */
  noRisks?: string;
}

/** The heading of the block (its anchor is `answers-first`). */
export const SUMMARY_HEADING = "Answers first";

/**
 * The anchor GitHub gives a heading (and the HTML report gives its `id`): the heading's text
 * as shown, lower-cased, punctuation other than `-` and `_` dropped, spaces to `-`.
 *
 * @example
 * ```ts
 * import { headingSlug } from "./summary.ts";
 * import assert from "node:assert/strict";
 * assert.equal(headingSlug("1. Was MFA required?"), "1-was-mfa-required");
 * assert.equal(headingSlug("❌ fail: admins-without-mfa"), "-fail-admins-without-mfa");
 * ```
 */
export function headingSlug(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, "").replace(/ /g, "-");
}

/** A figure part. */
export function fig(metric: string, value: number): SummaryFigure {
  return { metric, value };
}

/**
 * A summary line whose label links to the report's heading `heading`.
 *
 * @example
 * ```ts
 * import { fig, lineTo } from "./summary.ts";
 * import assert from "node:assert/strict";
 * const l = lineTo("Admins without MFA", "Admins without MFA", [fig("admins", 2), " admins."]);
 * assert.equal(l.anchor, "admins-without-mfa");
 * ```
 */
export function lineTo(heading: string, label: string, parts: SummaryPart[]): SummaryLine {
  return { label, anchor: headingSlug(heading), parts };
}

/** The text of a line, figures formatted (for plain text and tests). */
export function summaryLineText(line: SummaryLine): string {
  return line.parts.map((p) => (typeof p === "string" ? p : formatNumber(p.value))).join("");
}

function partsMarkdown(parts: readonly SummaryPart[]): string {
  return parts.map((p) => (typeof p === "string" ? escapeMarkdown(p) : `**${formatNumber(p.value)}**`)).join(
    "",
  );
}

function lineMarkdown(line: SummaryLine): string {
  return `- [${escapeMarkdown(line.label)}](#${line.anchor}): ${partsMarkdown(line.parts)}`;
}

/**
 * The block in Markdown: a heading, the caveats as a warning, the answers, the risks.
 *
 * @example
 * ```ts
 * import { fig, summaryMarkdown } from "./summary.ts";
 * import assert from "node:assert/strict";
 * const md = summaryMarkdown({ caveats: [], risks: [], answers: [
 *   { label: "1. Was MFA required?", anchor: "1-was-mfa-required", parts: ["in ", fig("mfa.required", 1200), " <b>"] },
 * ] });
 * assert.match(md, /- \[1\\. Was MFA required\?\]\(#1-was-mfa-required\): in \*\*1,200\*\* &lt;b&gt;/);
 * ```
 */
export function summaryMarkdown(s: ReportSummary): string {
  const out = [`## ${SUMMARY_HEADING}\n`];
  if (s.caveats.length > 0) {
    out.push(`> [!WARNING]\n> ${s.caveats.map(escapeMarkdown).join("\n>\n> ")}\n`);
  }
  if (s.answers.length > 0) out.push(s.answers.map(lineMarkdown).join("\n") + "\n");
  out.push(
    "**Biggest risks found**\n",
    s.risks.length > 0
      ? s.risks.map(lineMarkdown).join("\n") + "\n"
      : `${escapeMarkdown(s.noRisks ?? "None of the risks this report looks for was found.")}\n`,
  );
  return out.join("\n");
}

/**
 * A report's Markdown in three parts, for the Markdown renderer ({@linkcode reportMarkdown}) and
 * the HTML one (`htmlReport` in `html.ts`).
 */
export interface ReportParts {
  /** Title and the lines before the answers-first block (Markdown blocks). */
  head: string[];
  /** The answers-first block. */
  summary: ReportSummary;
  /** Everything after it (Markdown blocks). */
  body: string[];
}

/**
 * The Markdown document of a report's parts: head, answers-first block, body.
 *
 * @example
 * ```ts
 * import { reportMarkdown } from "./summary.ts";
 * import assert from "node:assert/strict";
 * const md = reportMarkdown({ head: ["# R"], summary: { caveats: [], risks: [], answers: [] }, body: ["## S"] });
 * assert.match(md, /^# R\n\n## Answers first\n[\s\S]*\n## S\n$/);
 * ```
 */
export function reportMarkdown(p: ReportParts): string {
  return markdownDocument([...p.head, summaryMarkdown(p.summary), ...p.body]);
}
