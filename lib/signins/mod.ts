/**
 * Sign-in ingestion: every sign-in source becomes one typed {@linkcode SignIn} record, streamed,
 * then a {@linkcode SignInMerger} folds the rows of one logical sign-in together.
 *
 * **Sources** (auto-detected from the first bytes / the CSV header; override with `inputFormat`):
 * `graph-ndjson` (one raw Graph object per line, what `signins-export` writes), `graph-json`
 * (`{"value":[…]}` pages, or objects one after another), `portal-json` (the portal's JSON
 * download, one large array), `portal-csv` (the portal's CSV download, joined with its
 * `…_AuthDetails_…` file), `la-json` and `la-csv` (Log Analytics / Sentinel exports of the four
 * sign-in tables, also `az monitor log-analytics query -o json`), `azure-diagnostics`
 * (diagnostic-settings records), `graph-powershell-json` and `powershell-csv` (Graph PowerShell SDK
 * output). Each layout is described as data in `layouts/` (producer, detection, time column with
 * fallbacks, date culture, limits); a first record no layout matches refuses the file.
 * Bytes, encodings, CSV and JSON records come from the one input layer, lib/io.
 *
 * **Values are kept raw**: enum-like strings are copied as written (classification happens later);
 * anything missing, `null` or `""` becomes `null`. Coercion rule: numbers/booleans where text
 * belongs become text; "true"/"False"/"yes"/"1" where a boolean belongs become booleans; a value
 * that cannot be coerced (an object where text belongs) becomes `null`. Strict fields: a
 * `createdDateTime` that is not a date, an `errorCode` that is not an integer, nested JSON text
 * that does not parse, a CSV row with the wrong number of fields, and a record that is not an
 * object or has none of id / correlationId / createdDateTime make the row **bad**: it is counted
 * in {@linkcode ReadStats} (`badRows`, first reasons in `badRowSamples`), never silently dropped.
 *
 * **Errors** (`InputError` from lib/cli/errors.ts, exit code 1): bytes invalid in the detected encoding and
 * UTF-16 without BOM (named by byte), a JSON file that ends inside a string/object (line and
 * byte), a CSV quote never closed (line), an unknown CSV header.
 *
 * **Memory**: one 1 MiB read buffer, one unfinished record (≤ `maxRecordChars`), the merge buffer
 * (rows within `horizonMinutes`, ≤ `maxBufferedRows`), ~16 bytes per distinct id for duplicate
 * detection, and — for the portal CSV only — the AuthDetails file as a map by Request ID.
 *
 * @example Reading and merging a Graph export
 * ```ts
 * import { createMergeStats, createReadStats, readSignInBatches, SignInMerger } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const lines = [
 *   { id: "r1", correlationId: "c1", userId: "u1", createdDateTime: "2024-05-01T10:00:05Z", status: { errorCode: 0 } },
 *   { id: "r0", correlationId: "c1", userId: "u1", createdDateTime: "2024-05-01T10:00:00Z", status: { errorCode: 50074 } },
 *   { id: "r0", correlationId: "c1", userId: "u1", createdDateTime: "2024-05-01T10:00:00Z", status: { errorCode: 50074 } },
 * ].map((o) => JSON.stringify(o)).join("\n") + "\n";
 * const readStats = createReadStats(), mergeStats = createMergeStats();
 * const merger = new SignInMerger({ stats: mergeStats });
 * const logical = [];
 * for await (const batch of readSignInBatches(new Blob([lines]).stream(), { fileName: "export.ndjson", stats: readStats })) {
 *   for (const row of batch) logical.push(...merger.push(row));
 * }
 * logical.push(...merger.flush());
 * assert.equal(readStats.format, "graph-ndjson");
 * assert.equal(logical.length, 1);
 * assert.equal(logical[0]?.signIn.id, "r1");
 * assert.equal(logical[0]?.interrupted, true);
 * assert.equal(mergeStats.duplicatesDropped, 1);
 * ```
 *
 * @module
 */
export { INPUT_FORMAT, isInputFormat } from "./sign_in.ts";
export type {
  AppliedConditionalAccessPolicy,
  AuthenticationDetail,
  AuthenticationRequirementPolicy,
  InputFormat,
  MapContext,
  MapResult,
  MfaDetail,
  SignIn,
  SignInSource,
} from "./sign_in.ts";
export { DATE_ORDERS, isDateOrder } from "../time/date_time.ts";
export type { DateOrder, UtcDateTime } from "../time/date_time.ts";
export { decodeText, TEXT_ENCODING, TEXT_ENCODING_LABEL, TextChunkDecoder } from "../io/decode.ts";
export type { DecodeTextOptions, TextChunkDecoderOptions, TextEncodingName } from "../io/decode.ts";
export { JsonRecordSplitter } from "../io/json_records.ts";
export type { JsonRecordSplitterOptions, JsonRecordText } from "../io/json_records.ts";
export { CSV_DELIMITERS, CsvRecordParser, detectCsvDelimiter, parseCsvRecords } from "../io/csv_records.ts";
export type {
  CsvDelimiter,
  CsvRecord,
  CsvRecordParserOptions,
  ParseCsvRecordsOptions,
} from "../io/csv_records.ts";
export { sameStrings } from "./_ca_policy_table.ts";
export { mapGraphSignIn } from "./map_graph.ts";
export {
  DIAGNOSTIC_SIGN_IN_CATEGORIES,
  isDiagnosticSignInRecord,
  mapDiagnosticSignIn,
} from "./map_diagnostic.ts";
export {
  eventTypeFromTable,
  isLogAnalyticsRecord,
  LA_EVENT_TYPE,
  mapLogAnalyticsSignIn,
} from "./map_log_analytics.ts";
export {
  csvHeaderKind,
  normalizeHeader,
  parsePortalLocation,
  PORTAL_AUTH_DETAILS_COLUMN,
  PORTAL_CSV_COLUMN,
  PortalAuthDetailsCollector,
  PortalCsvMapper,
  portalEventTypeFromFileName,
} from "./map_portal_csv.ts";
export type { CsvHeaderKind, PortalCsvField } from "./map_portal_csv.ts";
export {
  DepthCutError,
  depthCutMessage,
  isDotNetTypeName,
  mapPowerShellSignIn,
  MAX_ROWS_BEFORE_DATE_ORDER,
  PowerShellCsvMapper,
  powerShellToGraph,
} from "./map_powershell.ts";
export type { CsvRowResult, MissingField } from "./map_powershell.ts";
export {
  detectJsonLayout,
  DIAGNOSTIC_LAYOUT,
  firstKeys,
  GRAPH_LAYOUT,
  hasSignInField,
  isGraphRecord,
  isLogAnalyticsRow,
  isPowerShellCsvHeader,
  isPowerShellRecord,
  JSON_LAYOUTS_TRIED,
  LA_LAYOUTS,
  laLayoutOfTable,
  LAYOUTS,
  PORTAL_CSV_LAYOUT,
  POWERSHELL_CSV_LAYOUT,
  POWERSHELL_JSON_LAYOUT,
} from "./layouts/mod.ts";
export type { JsonLayoutKind, SignInLayout } from "./layouts/mod.ts";
export { readSignInBatches } from "./read_sign_ins.ts";
export { findAuthDetailsSibling } from "./auth_details_sibling.ts";
export { createReadStats } from "./read_stats.ts";
export { newNdjsonRangeShared, planNdjsonRanges, readNdjsonRange } from "./read_ndjson_range.ts";
export type { SignInInput } from "./read_sign_ins.ts";
export type { AuthDetailsStats, BadRowSample, ReadStats } from "./read_stats.ts";
export type { ReadSignInsOptions } from "./read_options.ts";
export type {
  NdjsonRangeOptions,
  NdjsonRangePlan,
  NdjsonRangeResult,
  NdjsonRangeShared,
} from "./read_ndjson_range.ts";
export {
  checkReadOutcome,
  DEFAULT_MAX_BAD_ROWS,
  describeMaxBadRows,
  parseMaxBadRows,
} from "./read_outcome.ts";
export type { MaxBadRows, ReadOutcome } from "./read_outcome.ts";
export { createMergeStats, INTERRUPT_ERROR_CODE, isInterruptRow, SignInMerger } from "./merge.ts";
export type {
  InterruptErrorCode,
  LogicalSignIn,
  MergeOptions,
  MergerSnapshot,
  MergerSnapshotGroup,
  MergeStats,
} from "./merge.ts";
export { DisjointIdHashes, disjointIdHashes } from "./_id_set.ts";
