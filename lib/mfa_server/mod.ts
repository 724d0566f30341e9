/**
 * Azure MFA Server activity exports: a streaming reader (CSV in any column order and several
 * languages, UTF-8/UTF-16, or a plain list of call-result codes), aggregation into outcome,
 * channel, code, user, event and per-day counts, and Markdown / JSON / CSV renderers. Also the
 * five retired MFA Server portal reports and where their data lives in Microsoft Entra today.
 *
 * @example Read, summarise, render
 * ```ts
 * import { mfaServerReportJson, readMfaServerActivity, renderMfaServerMarkdown, summarizeMfaServerActivity } from "./mod.ts";
 * import assert from "node:assert/strict";
 * async function* bytes() {
 *   yield new TextEncoder().encode("Username;Résultat\r\nalice@contoso.example;FAILED_PHONE_APP_DENIED\r\n");
 * }
 * const summary = await summarizeMfaServerActivity(readMfaServerActivity(bytes(), { file: "fr.csv" }));
 * assert.equal(summary.totals.denied, 1);
 * assert.equal(summary.users.topDenied[0]!.user, "alice@contoso.example");
 * assert.equal(mfaServerReportJson(summary).channels.mobileApp, 1);
 * assert.match(renderMfaServerMarkdown(summary), /## Users with the most denials/);
 * ```
 *
 * @module
 */
export { createMfaServerTally, OTHER_UNKNOWN, summarizeMfaServerActivity } from "./aggregate.ts";
export type {
  MfaServerEvent,
  MfaServerFileSummary,
  MfaServerGroupSummary,
  MfaServerMore,
  MfaServerRankedUser,
  MfaServerSummary,
  MfaServerTally,
  MfaServerTallyOptions,
  OutcomeCounts,
} from "./aggregate.ts";
export { attentionOf, MFA_SERVER_ATTENTION } from "./attention.ts";
export type { MfaServerAttention, MfaServerEventKind } from "./attention.ts";
export { locateMfaServerColumns, MFA_SERVER_COLUMNS, normaliseHeader } from "./columns.ts";
export type { ColumnPosition, MfaServerColumn, MfaServerColumnMap } from "./columns.ts";
export type { CsvDelimiter } from "../io/csv_records.ts";
export type { TextEncodingName } from "../io/decode.ts";
export { readMfaServerActivity, readMfaServerActivityFile } from "./reader.ts";
export type {
  MfaServerBadRecord,
  MfaServerHeaderRecord,
  MfaServerInputFormat,
  MfaServerRecord,
  MfaServerRowRecord,
  ReadMfaServerOptions,
} from "./reader.ts";
export { MFA_SERVER_CSV_HEADERS, mfaServerCodesCsv } from "./render_csv.ts";
export { MFA_SERVER_REPORT_SCHEMA_VERSION, mfaServerReportJson } from "./render_json.ts";
export type { MfaServerReportJson } from "./render_json.ts";
export { mfaServerMarkdownParts, renderMfaServerMarkdown } from "./render_markdown.ts";

export { renderMfaServerHtml } from "./render_html.ts";
export { mfaServerSummary } from "./summary.ts";
export type { MfaServerMarkdownOptions } from "./render_markdown.ts";
export { MFA_SERVER_PORTAL_REPORTS } from "./successors.ts";
export type { MfaServerPortalReport, MfaServerSuccessor } from "./successors.ts";
export { parseMfaServerTimestamp } from "./timestamp.ts";
export type { MfaServerTimestamp } from "./timestamp.ts";
