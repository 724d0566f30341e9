/**
 * Output primitives every task uses: escaped Markdown (tables, lists, Mermaid charts),
 * formula-safe CSV, JSON/NDJSON, and atomic file output.
 *
 * @example Build a small report
 * ```ts
 * import { markdownDocument, markdownHeading, markdownTable } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const md = markdownDocument([markdownHeading(1, "MFA"), markdownTable(["User"], [["<b>"]])]);
 * assert.equal(md, "# MFA\n\n| User |\n| :--- |\n| &lt;b&gt; |\n");
 * ```
 *
 * @module
 */
export {
  adviceMarkdown,
  BAR_LABEL_MAX,
  escapeMarkdown,
  formatNumber,
  formatPercent,
  markdownCallout,
  markdownDocument,
  markdownHeading,
  markdownList,
  markdownTable,
  mermaidBar,
  mermaidPie,
  PIE_LABEL_MAX,
  PIE_MAX_SLICES,
  pieSlices,
} from "./markdown.ts";
export type { Align, Cell, TableOptions, TrustedMarkdown } from "./markdown.ts";
export {
  fig,
  headingSlug,
  lineTo,
  reportMarkdown,
  SUMMARY_HEADING,
  summaryLineText,
  summaryMarkdown,
} from "./summary.ts";
export type { ReportParts, ReportSummary, SummaryFigure, SummaryLine, SummaryPart } from "./summary.ts";
export { csvRecord, FORMULA_START, toCsv } from "./csv.ts";
export type { CsvOptions, CsvValue } from "./csv.ts";
export { toJson, toNdjsonLine } from "./json.ts";
export { checkOutputTarget, openOutput, replaceFile, writeOutput, writeTextFileAtomic } from "./output.ts";
export type { OutputOptions, OutputSink, OutputTargetKind } from "./output.ts";
export { formatFromPath, isOutputFormat, OUTPUT_FORMAT, parseOutputFormat } from "./format.ts";
export type { OutputFormat } from "./format.ts";
export { byCountThenKey, CountMap, OVERFLOW_KEY } from "./count_map.ts";
export type { CountEntry, CountRecord, OverflowKey } from "./count_map.ts";
