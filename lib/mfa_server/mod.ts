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
export * from "./aggregate.ts";
export * from "./attention.ts";
export * from "./columns.ts";
export type { CsvDelimiter } from "../io/csv_records.ts";
export type { TextEncodingName } from "../io/decode.ts";
export * from "./reader.ts";
export * from "./render_csv.ts";
export * from "./render_json.ts";
export * from "./render_markdown.ts";
export * from "./successors.ts";
export * from "./timestamp.ts";
