/**
 * The report's description of one input file, from the reader's counters.
 *
 * @module
 */
import type { ReadStats } from "../signins/mod.ts";
import type { ReportSource } from "./report.ts";

/**
 * The `sources` entry of a file read.
 *
 * @param file the path as given
 * @param stats the reader's counters after reading
 * @returns the entry
 *
 * @example
 * ```ts
 * import { fileSource } from "./file_source.ts";
 * import { createReadStats } from "../signins/mod.ts";
 * import assert from "node:assert/strict";
 * const s = fileSource("a.csv", { ...createReadStats(), format: "powershell-csv", layout: "powershell-csv", missingFields: ["Status.ErrorCode: x"] });
 * assert.equal(s.kind === "file" && s.layout, "powershell-csv");
 * ```
 */
export function fileSource(file: string, stats: ReadStats): ReportSource {
  return {
    kind: "file",
    file,
    format: stats.format,
    encoding: stats.encoding,
    records: stats.records,
    badRows: stats.badRows,
    badRowSamples: stats.badRowSamples.map((s) => ({ line: s.line, reason: s.reason })),
    layout: stats.layout,
    missingFields: [...stats.missingFields],
    dateOrder: stats.dateOrder === null ? null : { ...stats.dateOrder },
  };
}
