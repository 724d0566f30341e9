/**
 * Feeds a report pipeline from a Log Analytics workspace: counted groups go straight to the
 * sections their part feeds (with their multiplicity as a weight), rows that may merge go through
 * the same merge as a file run; `--user` / `--app` are pushed down into the queries. Shared by `signins-report --source log-analytics` and `compliance-report --signins-workspace`.
 *
 * @module
 */
import type { SignInEventType } from "../classify/mod.ts";
import {
  createLaClient,
  createLaSourceStats,
  type LaClientConfig,
  type LaCountedPart,
  type LaRowFilter,
  laSignInBatches,
  type LaSourceStats,
} from "../log_analytics/mod.ts";
import { REPORT_SECTIONS, type ReportSectionName } from "./aggregator.ts";
import type { ReportPipeline } from "./pipeline.ts";
import type { ReportSource } from "./report.ts";
import type { ReportWindow } from "./options.ts";

/**
 * The report sections each counted part of the sign-ins feeds (lib/log_analytics/kql.ts
 * `LA_COUNTED_PARTS` lists the columns of each): every section is fed by exactly one part, and
 * reads only that part's columns, so the parts add up to the numbers of whole sign-ins.
 */
export const SECTIONS_OF_PART: Readonly<Record<LaCountedPart, readonly ReportSectionName[]>> = {
  user: ["users", "requirement", "completion", "failures", "legacyAuth", "mfaServer"],
  conditionalAccess: ["conditionalAccess"],
  places: ["places"],
  outcome: ["eventTypes", "errors", "crossTenant", "risk"],
  whole: REPORT_SECTIONS,
};

/**
 * Reads the window into the pipeline (not finished: the caller calls `finish`).
 *
 * @param config client settings
 * @param pipeline where sign-ins go
 * @param window the report window
 * @param eventTypes tables to read
 * @param progress told the rows pushed so far, after each slice
 * @param filter `--user` / `--app`, pushed down into the queries
 * @returns the report's source entry
 * @throws {LaQueryError} when a slice cannot be had complete
 */
export async function readLogAnalytics(
  config: LaClientConfig,
  pipeline: ReportPipeline,
  window: ReportWindow,
  eventTypes: SignInEventType[],
  progress?: (rows: number) => void,
  filter: LaRowFilter = {},
): Promise<Extract<ReportSource, { kind: "log-analytics" }>> {
  const la = await createLaClient(config);
  const ls: LaSourceStats = createLaSourceStats();
  for await (
    const slice of laSignInBatches(la, {
      window,
      eventTypes,
      // a row filter needs whole sign-ins
      counting: pipeline.filters ? "whole" : "parts",
      filter,
    }, ls)
  ) {
    for (const c of slice.counted) pipeline.pushCounted(c.first, c.last, c.count, SECTIONS_OF_PART[c.part]);
    pipeline.pushAll(slice.rows);
    progress?.(pipeline.rows);
  }
  return {
    kind: "log-analytics",
    url: la.endpoint.root,
    workspace: config.workspace,
    eventTypes,
    queries: la.stats.requests,
    slices: ls.slices,
    splits: ls.splits,
    rows: ls.rows,
    groupRows: ls.groupRows,
    dictionaryRows: ls.dictionaryRows,
    groupedSignIns: ls.groupedSignIns,
    bytes: la.stats.bytes,
    badRows: ls.badRows,
    badRowSamples: ls.badRowSamples,
  };
}
