/**
 * Time for the whole toolkit, in one place: every date text the toolkit reads (sign-in files in
 * any culture, ISO options, HTTP dates, the Azure CLI's local times) and durations for people.
 *
 * @example A duration in both styles
 * ```ts
 * import { formatDuration } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatDuration(185_000), "3m 05s");
 * assert.equal(formatDuration(185_000, { style: "approximate" }), "3 min");
 * ```
 *
 * @module
 */
export { DURATION_STYLES, formatDuration } from "./duration.ts";
export type { DurationStyle, FormatDurationOptions } from "./duration.ts";
export { parseHttpDate, parseLocalDateTime } from "./http_date.ts";
export {
  DATE_ORDERS,
  DateOrderDetector,
  dateOrderEvidence,
  fastIsoZ,
  formatReportTime,
  isDateOrder,
  parseDateTimeMs,
  parseIsoInstant,
  parseUtcDateTime,
} from "./date_time.ts";
export type { DateOrder, UtcDateTime } from "./date_time.ts";
