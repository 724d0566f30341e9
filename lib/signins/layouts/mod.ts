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
 * assert.equal(detectJsonLayout({ Id: "1", Status: { ErrorCode: 0 }, AdditionalProperties: {} }), "powershell");
 * assert.equal(detectJsonLayout({ Id: "1", IsMfaRegistered: true, AdditionalProperties: {} }), null);
 * assert.equal(detectJsonLayout({ category: "SignInLogs", properties: { id: "1" } }), "diagnostic");
 * assert.equal(detectJsonLayout({ name: "x" }), null);
 * ```
 */
export function detectJsonLayout(o: Record<string, unknown>): JsonLayoutKind | null {
  if (isDiagnosticSignInRecord(o)) return "diagnostic";
  if (isLogAnalyticsRow(o)) return "log-analytics";
  // An `id` alone is no sign-in (registration exports have one too): a sign-in field must be there.
  if (!hasSignInField(o)) return null;
  if (isPowerShellRecord(o)) return "powershell";
  if (isGraphRecord(o)) return "graph";
  // PascalCase sign-in columns with no other mark: a Log Analytics projection.
  return "log-analytics";
}

/** Fields only a sign-in has, in Graph's spelling; PascalCase spellings are derived. */
const SIGN_IN_FIELDS = [
  "createdDateTime",
  "correlationId",
  "status",
  "appId",
  "appDisplayName",
  "ipAddress",
  "clientAppUsed",
  "conditionalAccessStatus",
  "authenticationDetails",
  "signInEventTypes",
  "resourceDisplayName",
] as const;
const SIGN_IN_KEYS: ReadonlySet<string> = new Set([
  ...SIGN_IN_FIELDS,
  ...SIGN_IN_FIELDS.map((f) => f[0]!.toUpperCase() + f.slice(1)),
  "IPAddress",
]);

/**
 * Whether a record carries a field only sign-ins have (not just an `id`).
 *
 * @param o a record
 * @returns true for e.g. `createdDateTime`, `status`, `CorrelationId`, `IPAddress`
 *
 * @example
 * ```ts
 * import { hasSignInField } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(hasSignInField({ Id: "1", IsMfaRegistered: true }), false);
 * assert.equal(hasSignInField({ Id: "1", IPAddress: "192.0.2.1" }), true);
 * ```
 */
export function hasSignInField(o: Record<string, unknown>): boolean {
  for (const k in o) if (SIGN_IN_KEYS.has(k)) return true;
  return false;
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
