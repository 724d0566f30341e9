/**
 * Layout: Graph PowerShell SDK sign-ins through `Select-Object … | Export-Csv` (Windows
 * PowerShell 5.1 starts the file with a `#TYPE …` line unless `-NoTypeInformation`). Columns are
 * the selected property names, nested ones flattened by calculated properties named with dots
 * (`Status.ErrorCode`); an object left as is becomes its .NET type name, which carries nothing.
 * Dates are in the exporting machine's culture: the day/month order is found from the file.
 *
 * @module
 */
import type { SignInLayout } from "./layout.ts";

/** PowerShell Export-Csv. */
export const POWERSHELL_CSV_LAYOUT = {
  id: "powershell-csv",
  format: "powershell-csv",
  label: "PowerShell Export-Csv of Graph SDK sign-ins",
  producedBy: "`Get-MgAuditLogSignIn … | Select-Object … | Export-Csv` (PowerShell 5.1 or 7)",
  detectedBy:
    "a `#TYPE` first line, dotted PascalCase columns (`Status.ErrorCode`), or `CreatedDateTime` without Log Analytics columns",
  timeColumns: ["CreatedDateTime"],
  dateCulture:
    "the exporting culture: `3/12/2025 7:22:01 AM` or `15/11/2025 3:55:59 AM` (order from the file: a value > 12 decides; else `--date-order dmy|mdy`), `12.03.2025 07:22:01` (day-first); read as UTC",
  limits:
    "only the selected columns; objects left as .NET type names are missing; rows buffered (≤ 100,000) until the date order is decided",
  keyFields: [
    { column: "Status.ErrorCode", without: "sign-in failures cannot be counted" },
    { column: "Status.AdditionalDetails", without: "MFA results cannot be classified" },
    { column: "UserPrincipalName", without: "users cannot be told apart (user id used when present)" },
    { column: "AuthenticationDetails", without: "authentication methods and MFA steps cannot be counted" },
    { column: "AppliedConditionalAccessPolicies", without: "Conditional Access per policy cannot be shown" },
  ],
} as const satisfies SignInLayout;

/**
 * Whether a CSV header is a PowerShell export.
 *
 * @param names the header names (trimmed, BOM removed)
 * @param typeLine whether the file started with a `#TYPE` line
 * @returns true for the marks in {@linkcode POWERSHELL_CSV_LAYOUT}.detectedBy
 *
 * @example
 * ```ts
 * import { isPowerShellCsvHeader } from "./powershell_csv.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isPowerShellCsvHeader(["CreatedDateTime", "UserPrincipalName", "Status.ErrorCode"], false), true);
 * assert.equal(isPowerShellCsvHeader(["CreatedDateTime", "Id"], false), true);
 * assert.equal(isPowerShellCsvHeader(["TimeGenerated", "CreatedDateTime", "ResultType"], false), false);
 * ```
 */
export function isPowerShellCsvHeader(names: readonly string[], typeLine: boolean): boolean {
  if (typeLine) return true;
  const set = new Set(names);
  if (set.has("TimeGenerated") || set.has("ResultType") || set.has("TenantId") || set.has("Type")) {
    return false;
  }
  if (names.some((n) => /^[A-Z][A-Za-z0-9]*\.[A-Z]/.test(n))) return true;
  return set.has("CreatedDateTime");
}
