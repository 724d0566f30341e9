/**
 * Layout: Entra diagnostic-settings records, as streamed to an Event Hub (`{"records":[…]}`)
 * or written to a storage account (`…/PT1H.json`, one record per line): an envelope
 * `{time, resourceId, operationName, category, properties:{…}}` around a Graph-shaped sign-in.
 *
 * @module
 */
import type { SignInLayout } from "./layout.ts";

/** Diagnostic-settings record. */
export const DIAGNOSTIC_LAYOUT = {
  id: "diagnostic-settings",
  format: "graph-json",
  label: "diagnostic-settings record (Event Hub / storage PT1H.json)",
  producedBy: "Entra diagnostic settings → Event Hub (`{records:[…]}`) or storage account (PT1H.json)",
  detectedBy: "`category` text and a `properties` object, no `createdDateTime` at the top",
  timeColumns: ["properties.createdDateTime", "time"],
  dateCulture: "ISO 8601 UTC",
  limits: "event type from `category` (SignInLogs, NonInteractiveUserSignInLogs, …)",
} as const satisfies SignInLayout;

/**
 * Whether a record is a diagnostic-settings envelope.
 *
 * @param o the first record
 * @returns true for `{category: "…", properties: {…}}` without a top-level createdDateTime
 *
 * @example
 * ```ts
 * import { isDiagnosticRecord } from "./diagnostic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isDiagnosticRecord({ time: "2025-01-01T00:00:00Z", category: "SignInLogs", properties: {} }), true);
 * assert.equal(isDiagnosticRecord({ category: "x" }), false);
 * ```
 */
export function isDiagnosticRecord(o: Record<string, unknown>): boolean {
  const p = o.properties;
  return o.createdDateTime === undefined && typeof o.category === "string" && typeof p === "object" &&
    p !== null && !Array.isArray(p);
}
