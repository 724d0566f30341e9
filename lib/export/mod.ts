/**
 * Resumable, concurrent export of raw Graph sign-ins to NDJSON (`signins-export`). Its window and
 * event-type options are the shared ones of lib/options.
 *
 * @example Slices of a window
 * ```ts
 * import { planSlices } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const slices = planSlices({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-02T00:00:00Z") }, ["interactiveUser"]);
 * assert.ok(slices.length >= 1);
 * ```
 *
 * @module
 */
export {
  DEFAULT_SLICE_POLICY,
  firstPageSplit,
  floorToSecond,
  planSlices,
  sliceFilter,
  splitRange,
} from "./slices.ts";
export type { FirstPageFacts, SlicePolicy, SliceRange, SliceSpec } from "./slices.ts";
export { ownerEventType } from "./owner.ts";
export {
  EXPORT_STATE_FORMAT,
  EXPORT_STATE_VERSION,
  exportPaths,
  newExportState,
  newSliceState,
  parseExportState,
  sliceSpecOf,
  STATE_NUMBER_LIMITS,
} from "./state.ts";
export type { ExportPaths, ExportSliceState, ExportState } from "./state.ts";
export { isPageTimeout, pageFailureAction } from "./failure_policy.ts";
export type { PageFailureAction, PageFailureContext } from "./failure_policy.ts";
export { timeoutFetch } from "./page_timeout.ts";
export type { FetchFunction } from "./page_timeout.ts";
export { EXPORT_OUTCOMES, formatExportProgress, formatExportSummary } from "./progress.ts";
export type { BudgetWindowUse, ExportOutcome, ExportProgress, ExportSummary } from "./progress.ts";
export { gzipFileAtomic, pathExists, readTextIfExists, removeIfExists, WorkFile } from "./work_file.ts";
export { acquireExportLock, checkExportTarget } from "./export_lock.ts";
export { runSignInsExport } from "./exporter.ts";
export type { SignInsExportOptions, SignInsExportResult } from "./exporter.ts";
