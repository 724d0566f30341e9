/**
 * The HTML `registration-report`: the Markdown report's parts translated by
 * `lib/report/html.ts`, with the answers-first block drawn natively. Pure.
 *
 * @module
 */
import { htmlReport } from "../report/html.ts";
import type { RegistrationSummary } from "./aggregate.ts";
import { type RegistrationMarkdownOptions, registrationMarkdownParts } from "./report_markdown.ts";

/**
 * Renders the report as one self-contained HTML page; `extraSections` (Markdown) go at the end
 * (the per-user MFA section).
 *
 * @example
 * ```ts
 * import { renderRegistrationHtml } from "./report_html.ts";
 * import { createRegistrationTally } from "./aggregate.ts";
 * import { DEFAULT_SCOPE } from "./scope.ts";
 * import assert from "node:assert/strict";
 * const s = createRegistrationTally({ semantics: "modern", source: "registration-report", scope: DEFAULT_SCOPE }).summary();
 * const html = renderRegistrationHtml(s, { generatedAt: new Date("2026-11-20T12:00:00Z") });
 * assert.match(html, /<h1 id="mfa-registration-report">MFA registration report<\/h1>/);
 * assert.match(html, /Generated 2026-11-20T12:00:00Z/);
 * ```
 */
export function renderRegistrationHtml(
  s: RegistrationSummary,
  options: RegistrationMarkdownOptions,
  extraSections: readonly string[] = [],
): string {
  const parts = registrationMarkdownParts(s, options);
  return htmlReport({ title: "MFA registration report", ...parts, body: [...parts.body, ...extraSections] });
}
