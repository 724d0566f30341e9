/**
 * Time for the whole toolkit: durations for people.
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
