/**
 * Resumable, concurrent export of raw Graph sign-ins to NDJSON (`signins-export`), and the
 * window / event-type options it shares with `signins-report`.
 *
 * @example Window and event types from option values
 * ```ts
 * import { resolveSignInWindow } from "./mod.ts";
 * import { parseEventTypes } from "./window_options.ts";
 * import assert from "node:assert/strict";
 * const w = resolveSignInWindow({ days: "30" }, new Date("2026-12-01T00:00:00Z"));
 * assert.equal(w.from.toISOString(), "2026-11-01T00:00:00.000Z");
 * assert.deepEqual(parseEventTypes("interactive,serviceprincipal"), ["interactiveUser", "servicePrincipal"]);
 * ```
 *
 * @module
 */
export {
  addSignInWindowOptions,
  DEFAULT_WINDOW_DAYS,
  EVENT_TYPE_ALIASES,
  isEventTypeAlias,
  MAX_WINDOW_DAYS,
  parseInstant,
  resolveSignInWindow,
} from "./window_options.ts";
export type { EventTypeAlias, SignInWindow, WindowOptionValues } from "./window_options.ts";
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
