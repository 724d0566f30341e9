/**
 * The report as JSON (`--format json`): the {@linkcode SigninsReport} document itself, whose
 * interface (in report.ts) is the documented schema, versioned by `schemaVersion`.
 *
 * @module
 */
import { toJson } from "../report/mod.ts";
import type { SigninsReport } from "./report.ts";

/**
 * Renders the report as pretty-printed JSON (keys in the document's order, newline at the end).
 *
 * @param report the report
 * @returns JSON text
 *
 * @example
 * ```ts
 * import { SignInAggregator } from "./aggregator.ts";
 * import { signinsReportJson } from "./render_json.ts";
 * import assert from "node:assert/strict";
 * const report = new SignInAggregator().summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 0,
 *   badRows: 0, filteredOut: 0, merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 } });
 * const j = JSON.parse(signinsReportJson(report));
 * assert.equal(j.schemaVersion, 1);
 * assert.deepEqual(Object.keys(j.mfa).slice(0, 3), ["scope", "required", "notRequired"]);
 * ```
 */
export function signinsReportJson(report: SigninsReport): string {
  return toJson(report);
}
