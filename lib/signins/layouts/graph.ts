/**
 * Layout: Microsoft Graph `signIn` objects (v1.0 or beta), as NDJSON (`signins-export`), a
 * collection page `{"value":[…]}`, or the Entra portal's "Download JSON" array.
 *
 * @module
 */
import type { SignInLayout } from "./layout.ts";

/** Graph signIn JSON. */
export const GRAPH_LAYOUT = {
  id: "graph",
  format: "graph-json",
  label: "Graph signIn JSON",
  producedBy:
    "Graph API /auditLogs/signIns (v1.0/beta, `{value:[…]}` pages), `signins-export` (NDJSON), Entra portal Download JSON, Extractor-Suite-style page dumps",
  detectedBy: "camelCase `createdDateTime`, `id` or `correlationId` on the first record",
  timeColumns: ["createdDateTime"],
  dateCulture: "ISO 8601 UTC",
  limits:
    "v1.0 has no authenticationDetails (methods from mfaDetail only); CA policies missing without Policy.Read.*; portal download max 100,000 rows",
  keyFields: [{ column: "status", without: "sign-in failures and MFA results cannot be counted" }],
} as const satisfies SignInLayout;

/**
 * Whether a record is a Graph signIn object.
 *
 * @param o the first record
 * @returns true when it has camelCase `createdDateTime`, `id` or `correlationId`
 *
 * @example
 * ```ts
 * import { isGraphRecord } from "./graph.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isGraphRecord({ id: "1", createdDateTime: "2025-01-01T00:00:00Z" }), true);
 * assert.equal(isGraphRecord({ Id: "1" }), false);
 * ```
 */
export function isGraphRecord(o: Record<string, unknown>): boolean {
  return "createdDateTime" in o || "id" in o || "correlationId" in o;
}
