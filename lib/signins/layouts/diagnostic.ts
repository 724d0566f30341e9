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
  id: "azure-diagnostics",
  format: "azure-diagnostics",
  label: "diagnostic-settings record (Event Hub / storage PT1H.json)",
  producedBy: "Entra diagnostic settings → Event Hub (`{records:[…]}`) or storage account (PT1H.json)",
  detectedBy:
    'a `properties` object with a sign-in `category` (SignInLogs, …) or `operationName` "Sign-in activity" (map_diagnostic.ts)',
  timeColumns: ["properties.createdDateTime", "time"],
  dateCulture: "ISO 8601 UTC",
  limits: "event type from `category` (SignInLogs, NonInteractiveUserSignInLogs, …)",
} as const satisfies SignInLayout;
