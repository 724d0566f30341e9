/**
 * Resumable, concurrent export of raw Graph sign-ins to NDJSON (`signins-export`), and the
 * window / event-type options it shares with `signins-report`.
 *
 * @example Window and event types from option values
 * ```ts
 * import { parseEventTypes, resolveSignInWindow } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const w = resolveSignInWindow({ days: "30" }, new Date("2026-12-01T00:00:00Z"));
 * assert.equal(w.from.toISOString(), "2026-11-01T00:00:00.000Z");
 * assert.deepEqual(parseEventTypes("interactive,serviceprincipal"), ["interactiveUser", "servicePrincipal"]);
 * ```
 *
 * @module
 */
export * from "./window_options.ts";
export * from "./slices.ts";
export * from "./owner.ts";
export * from "./state.ts";
export * from "./failure_policy.ts";
export * from "./page_timeout.ts";
export * from "./progress.ts";
export * from "./work_file.ts";
export * from "./export_lock.ts";
export * from "./exporter.ts";
