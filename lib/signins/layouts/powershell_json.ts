/**
 * Layout: Graph PowerShell SDK output, `Get-MgAuditLogSignIn … | ConvertTo-Json -Depth 10` (also
 * `Get-MgBetaAuditLogSignIn`). See map_powershell.ts for the mapping.
 *
 * @module
 */
import type { SignInLayout } from "./layout.ts";
import { isDotNetTypeName } from "../map_powershell.ts";

/** Graph PowerShell SDK JSON. */
export const POWERSHELL_JSON_LAYOUT = {
  id: "graph-powershell-json",
  format: "graph-powershell-json",
  label: "Graph PowerShell SDK JSON (ConvertTo-Json)",
  producedBy: "`Get-MgAuditLogSignIn` / `Get-MgBetaAuditLogSignIn` | `ConvertTo-Json -Depth 10`",
  detectedBy:
    "PascalCase `CreatedDateTime`/`Id` with an `AdditionalProperties` key, a nested PascalCase object (`Status.ErrorCode`) or a .NET type name",
  timeColumns: ["CreatedDateTime"],
  dateCulture: "ISO 8601 (PowerShell 7); `/Date(ms)/` (Windows PowerShell 5.1)",
  limits:
    "refused when ConvertTo-Json's default -Depth 2 cut nested objects to .NET type names; v1.0 cmdlet: beta fields only in AdditionalProperties",
  keyFields: [{ column: "Status", without: "sign-in failures and MFA results cannot be counted" }],
} as const satisfies SignInLayout;

/**
 * Whether a JSON record is a Graph PowerShell SDK object (checked after the Log Analytics test).
 *
 * @param o the first record
 * @returns true for PascalCase sign-ins with PowerShell's marks
 *
 * @example
 * ```ts
 * import { isPowerShellRecord } from "./powershell_json.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isPowerShellRecord({ Id: "1", AdditionalProperties: {} }), true);
 * assert.equal(isPowerShellRecord({ Id: "1", Status: { ErrorCode: 0 } }), true);
 * assert.equal(isPowerShellRecord({ Id: "1", Status: "Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus" }), true);
 * assert.equal(isPowerShellRecord({ id: "1", status: { errorCode: 0 } }), false);
 * ```
 */
export function isPowerShellRecord(o: Record<string, unknown>): boolean {
  if (!("Id" in o || "CreatedDateTime" in o || "CorrelationId" in o)) return false;
  if ("AdditionalProperties" in o) return true;
  for (const v of Object.values(o)) {
    if (isDotNetTypeName(v)) return true;
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const k = Object.keys(v)[0];
      if (k !== undefined && /^[A-Z]/.test(k)) return true;
    }
  }
  return false;
}
