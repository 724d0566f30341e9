/**
 * The HTML MFA Server activity report: the Markdown report's parts translated by
 * `lib/report/html.ts`, with the answers-first block drawn natively. Pure.
 *
 * @module
 */
import { htmlReport } from "../report/html.ts";
import type { MfaServerSummary } from "./aggregate.ts";
import { type MfaServerMarkdownOptions, mfaServerMarkdownParts } from "./render_markdown.ts";

/**
 * Renders the report as one self-contained HTML page.
 *
 * @example
 * ```ts
 * import { renderMfaServerHtml } from "./render_html.ts";
 * import { createMfaServerTally } from "./aggregate.ts";
 * import assert from "node:assert/strict";
 * const html = renderMfaServerHtml(createMfaServerTally({ top: 10 }).summary());
 * assert.match(html, /<h1 id="mfa-server-activity-report">/);
 * ```
 */
export function renderMfaServerHtml(s: MfaServerSummary, options: MfaServerMarkdownOptions = {}): string {
  return htmlReport({
    title: options.title ?? "MFA Server activity report",
    ...mfaServerMarkdownParts(s, options),
  });
}
