/**
 * The HTML sign-in MFA report: the Markdown report's parts translated by
 * `lib/report/html.ts` (so wording and numbers are the Markdown's), with the answers-first
 * block drawn natively (its figures tagged for tests). Pure: report in, text out.
 *
 * @module
 */
import { htmlReport } from "../report/html.ts";
import type { SigninsReport } from "./report.ts";
import { type SigninsMarkdownOptions, signinsMarkdownParts } from "./render_markdown.ts";

/**
 * Renders the report as one self-contained HTML page.
 *
 * @example Hostile names stay text
 * ```ts
 * import { SignInAggregator } from "./aggregator.ts";
 * import { renderSigninsHtml } from "./render_html.ts";
 * import assert from "node:assert/strict";
 * const report = new SignInAggregator().summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 0,
 *   badRows: 0, filteredOut: 0, merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 } });
 * const html = renderSigninsHtml(report, { title: "<script>x</script>" });
 * assert.match(html, /<title>&lt;script&gt;x&lt;\/script&gt;<\/title>/);
 * assert.match(html, /No sign-ins in the input/);
 * assert.doesNotMatch(html, /<svg/);
 * ```
 */
export function renderSigninsHtml(report: SigninsReport, options: SigninsMarkdownOptions = {}): string {
  const p = signinsMarkdownParts(report, options);
  return htmlReport({ title: options.title ?? "Sign-in MFA report", ...p });
}
