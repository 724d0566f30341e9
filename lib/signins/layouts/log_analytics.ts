/**
 * Layouts: Log Analytics / Sentinel sign-in tables (`SigninLogs`, `AADNonInteractiveUserSignInLogs`,
 * `AADServicePrincipalSignInLogs`, `AADManagedIdentitySignInLogs`) exported from the portal
 * (CSV/JSON), by `az monitor log-analytics query -o json` (flat objects, every value text, a
 * `TableName` key) or by the Logs API. PascalCase columns; JSON columns as objects or JSON text.
 *
 * Time: `CreatedDateTime`, else `TimeGenerated` (ingestion time, up to minutes later). The SP and
 * MI tables had no `CreatedDateTime` in older schemas, so their rows often carry only
 * `TimeGenerated`.
 *
 * @module
 */
import type { SignInLayout } from "./layout.ts";

const COMMON = {
  dateCulture: "ISO 8601 UTC (JSON); `5/1/2024, 10:15:30.123 AM` UTC, month-first (portal CSV export)",
  timeColumns: ["CreatedDateTime", "TimeGenerated"],
} as const;

/** The four tables, one layout each (JSON and CSV share the mapping). */
export const LA_LAYOUTS = [
  {
    ...COMMON,
    id: "la-signinlogs",
    format: "la-json",
    label: "Log Analytics SigninLogs",
    producedBy: "Log Analytics / Sentinel `SigninLogs` (portal export, az CLI, Logs API)",
    detectedBy: "`TimeGenerated`, `ResultType` or `TableName`; `Type` = SigninLogs",
    limits: "Logs API max 500,000 rows / ~100 MiB per query; several rows per MFA sign-in (merged)",
    keyFields: [{ column: "ResultType", without: "sign-in failures cannot be counted" }],
  },
  {
    ...COMMON,
    id: "la-noninteractive",
    format: "la-json",
    label: "Log Analytics AADNonInteractiveUserSignInLogs",
    producedBy: "Log Analytics / Sentinel `AADNonInteractiveUserSignInLogs`",
    detectedBy: "as SigninLogs; `Type` = AADNonInteractiveUserSignInLogs",
    limits: "Status, DeviceDetail, LocationDetails, ConditionalAccessPolicies are JSON text",
  },
  {
    ...COMMON,
    id: "la-service-principal",
    format: "la-json",
    label: "Log Analytics AADServicePrincipalSignInLogs",
    producedBy: "Log Analytics / Sentinel `AADServicePrincipalSignInLogs`",
    detectedBy: "as SigninLogs; `Type` = AADServicePrincipalSignInLogs",
    limits: "no user, no MFA; time often `TimeGenerated` only",
  },
  {
    ...COMMON,
    id: "la-managed-identity",
    format: "la-json",
    label: "Log Analytics AADManagedIdentitySignInLogs",
    producedBy: "Log Analytics / Sentinel `AADManagedIdentitySignInLogs`",
    detectedBy: "as SigninLogs; `Type` = AADManagedIdentitySignInLogs",
    limits: "no user, no MFA; time often `TimeGenerated` only",
  },
] as const satisfies readonly SignInLayout[];

/**
 * Whether a JSON record is a Log Analytics row.
 *
 * @param o the first record
 * @returns true with `TimeGenerated`, `ResultType`, `TableName` (az CLI) or a sign-in table `Type`
 *
 * @example
 * ```ts
 * import { isLogAnalyticsRow } from "./log_analytics.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isLogAnalyticsRow({ TableName: "PrimaryResult", Id: "1" }), true);
 * assert.equal(isLogAnalyticsRow({ TimeGenerated: "2025-01-01T00:00:00Z" }), true);
 * assert.equal(isLogAnalyticsRow({ Id: "1", CreatedDateTime: "2025-01-01T00:00:00Z" }), false);
 * ```
 */
export function isLogAnalyticsRow(o: Record<string, unknown>): boolean {
  return "TimeGenerated" in o || "ResultType" in o || "TableName" in o ||
    (typeof o.Type === "string" && /SignInLogs$/i.test(o.Type));
}
