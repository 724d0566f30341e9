/**
 * The sign-in MFA report: logical sign-ins (from files or Graph, merged by lib/signins) are
 * classified with lib/classify and aggregated by a pure, incremental
 * {@linkcode SignInAggregator} into a {@linkcode SigninsReport} (also the versioned JSON
 * schema), rendered as Markdown, JSON or long-format CSV, optionally redacted.
 *
 * The report answers: was MFA required (by app, by user type, by what); how users completed
 * it (how it was satisfied, methods with success rates, passwordless share, no-prompt claims);
 * why they could not (denial reasons, error codes, methods); how many users were challenged
 * and how many failed (top users with their latest failure); the common problems with
 * admin-facing explanations; Conditional Access per policy (report-only included); event
 * types; errors; cross-tenant access; legacy authentication; risk; locations / OS / browsers;
 * what the legacy MFA Server reports become (fraud, blocks, bypasses, on-premises components);
 * and with registration data a per-user verdict.
 *
 * @example From NDJSON text to Markdown
 * ```ts
 * import { ReportPipeline, renderSigninsMarkdown, SignInAggregator } from "./mod.ts";
 * import { readSignInBatches } from "../signins/mod.ts";
 * import assert from "node:assert/strict";
 * const rows = [
 *   { id: "1", correlationId: "c1", userPrincipalName: "ana@contoso.example", createdDateTime: "2026-11-20T10:00:00Z",
 *     authenticationRequirement: "multiFactorAuthentication", status: { errorCode: 500121,
 *     additionalDetails: "MFA denied; user declined the authentication" } },
 * ];
 * const agg = new SignInAggregator();
 * const pipeline = new ReportPipeline(agg);
 * for await (const b of readSignInBatches(new Blob([rows.map((r) => JSON.stringify(r)).join("\n")]).stream())) {
 *   pipeline.pushAll(b);
 * }
 * pipeline.finish();
 * const report = agg.summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: pipeline.rows, badRows: 0,
 *   filteredOut: 0, merge: pipeline.mergeStats });
 * assert.equal(report.mfa.denied.userDeclined, 1);
 * assert.match(renderSigninsMarkdown(report), /User declined the authentication/);
 * ```
 *
 * @module
 */
export { SIGNINS_REPORT_SCHEMA_VERSION } from "./report.ts";
export type {
  CaPolicySummary,
  CappedList,
  FailedUser,
  MethodCounts,
  NamedCount,
  RegistrationJoin,
  ReportSource,
  RequirementCounts,
  SigninsReport,
  UserEvent,
  UserRef,
  UserVerdict,
  UserWithEvents,
} from "./report.ts";
export {
  classifyRequirementProvider,
  isRequirementSource,
  labelRequirementSource,
  REQUIREMENT_PROVIDERS,
  REQUIREMENT_SOURCES,
} from "./requirement_source.ts";
export type { RequirementSource } from "./requirement_source.ts";
export { eventTypeRawOf, PASSWORDLESS_GROUPS, signInFacts } from "./sign_in_facts.ts";
export type {
  MethodKey,
  MfaOutcome,
  MfaRequirementState,
  PasswordlessGroup,
  SignInFacts,
  StepFact,
} from "./sign_in_facts.ts";
export { decideVerdict, VERDICT_REASONS } from "./registration_verdict.ts";
export type {
  RegistrationFacts,
  UserSignInEvidence,
  Verdict,
  VerdictReason,
} from "./registration_verdict.ts";
export {
  BYPASS_LIKE,
  cappedCaveat,
  ON_PREMISES_ISSUERS,
  OTHER_POLICIES,
  SignInAggregator,
} from "./aggregator.ts";
export type { AggregatorOptions, RegistrationInput, ReportMeta } from "./aggregator.ts";
export { FUTURE_TOLERANCE_MS, ReportPipeline } from "./pipeline.ts";
export type { PipelineOptions } from "./pipeline.ts";
export { fileSource } from "./file_source.ts";
export { createRowFilter } from "./options.ts";
export type { ReportWindow, RowFilter } from "./options.ts";
export { graphFilters, graphSignInBatches } from "./graph_source.ts";
export type { GraphSourceOptions, GraphSourceStats } from "./graph_source.ts";
export { createRedactor, redactReport, truncateIp } from "./redact.ts";
export type { Redactor } from "./redact.ts";
export {
  MFA_SERVER_STATUS_NOTE,
  moreRows,
  renderSigninsMarkdown,
  signinsMarkdownParts,
} from "./render_markdown.ts";

export { renderSigninsHtml } from "./render_html.ts";
export { signinsSummary } from "./summary.ts";
export type { SigninsMarkdownOptions } from "./render_markdown.ts";
export { signinsReportJson } from "./render_json.ts";
export { SIGNINS_CSV_COLUMNS, signinsReportCsv } from "./render_csv.ts";
export { readLogAnalytics } from "./la_source.ts";
export {
  type CollectedSignIns,
  collectSignIns,
  type CollectSignInsDeps,
  type CollectSignInsInput,
  type CollectSignInsOptions,
  reportMetaOf,
} from "./collect.ts";
