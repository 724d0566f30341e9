/**
 * Every accepted sign-in layout, as data (see layout.ts), and the detection of a JSON record's
 * layout. Detection order for JSON: diagnostic-settings envelope, Log Analytics row, Graph
 * PowerShell SDK object, Graph signIn object; a record none of them matches is refused.
 *
 * @module
 */
import type { SignInLayout } from "./layout.ts";
import { GRAPH_LAYOUT, isGraphRecord } from "./graph.ts";
import { DIAGNOSTIC_LAYOUT } from "./diagnostic.ts";
import { isDiagnosticSignInRecord } from "../map_diagnostic.ts";
import { isLogAnalyticsRow, LA_LAYOUTS } from "./log_analytics.ts";
import { isPowerShellRecord, POWERSHELL_JSON_LAYOUT } from "./powershell_json.ts";
import { POWERSHELL_CSV_LAYOUT } from "./powershell_csv.ts";
import { PORTAL_CSV_LAYOUT } from "./portal_csv.ts";

export * from "./layout.ts";
export * from "./graph.ts";
export * from "./diagnostic.ts";
export * from "./log_analytics.ts";
export * from "./powershell_json.ts";
export * from "./powershell_csv.ts";
export * from "./portal_csv.ts";

/**
 * All layouts (README's table of accepted inputs is this list).
 *
 * @example
 * ```ts
 * import { LAYOUTS } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.ok(LAYOUTS.every((l) => l.timeColumns.length > 0));
 * ```
 */
export const LAYOUTS: readonly SignInLayout[] = [
  GRAPH_LAYOUT,
  DIAGNOSTIC_LAYOUT,
  ...LA_LAYOUTS,
  POWERSHELL_JSON_LAYOUT,
  PORTAL_CSV_LAYOUT,
  POWERSHELL_CSV_LAYOUT,
];

/** The JSON layouts tried, in order, for refusal messages. */
export const JSON_LAYOUTS_TRIED =
  "diagnostic-settings record (azure-diagnostics), Log Analytics row (la-json), Graph PowerShell SDK object (graph-powershell-json), Graph signIn object (graph-json)";

/** Which mapping a JSON record needs. */
export type JsonLayoutKind = "diagnostic" | "log-analytics" | "powershell" | "graph";

/**
 * The layout of a JSON record, or null when none matches.
 *
 * @param o the first object record of a file
 * @returns the kind of mapping it needs
 *
 * @example
 * ```ts
 * import { detectJsonLayout } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(detectJsonLayout({ id: "1", createdDateTime: "2025-01-01T00:00:00Z" }), "graph");
 * assert.equal(detectJsonLayout({ TimeGenerated: "2025-01-01T00:00:00Z", Type: "AADServicePrincipalSignInLogs" }), "log-analytics");
 * assert.equal(detectJsonLayout({ Id: "1", AdditionalProperties: {} }), "powershell");
 * assert.equal(detectJsonLayout({ category: "SignInLogs", properties: { id: "1" } }), "diagnostic");
 * assert.equal(detectJsonLayout({ name: "x" }), null);
 * ```
 */
export function detectJsonLayout(o: Record<string, unknown>): JsonLayoutKind | null {
  if (isDiagnosticSignInRecord(o)) return "diagnostic";
  if (isLogAnalyticsRow(o)) return "log-analytics";
  if (isPowerShellRecord(o)) return "powershell";
  if (isGraphRecord(o)) return "graph";
  // PascalCase sign-in columns with no other mark: a Log Analytics projection.
  if ("CreatedDateTime" in o || "CorrelationId" in o || "Id" in o) return "log-analytics";
  return null;
}

/**
 * The Log Analytics layout of a table name (`Type` column), or null.
 *
 * @param table e.g. `AADServicePrincipalSignInLogs`
 * @returns the layout
 *
 * @example
 * ```ts
 * import { laLayoutOfTable } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(laLayoutOfTable("AADManagedIdentitySignInLogs")?.id, "la-managed-identity");
 * ```
 */
export function laLayoutOfTable(table: unknown): SignInLayout | null {
  if (typeof table !== "string") return null;
  const i = [
    "signinlogs",
    "aadnoninteractiveusersigninlogs",
    "aadserviceprincipalsigninlogs",
    "aadmanagedidentitysigninlogs",
  ].indexOf(table.toLowerCase());
  return i < 0 ? null : LA_LAYOUTS[i]!;
}
