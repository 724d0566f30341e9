/**
 * Layout `azure-diagnostics`: sign-in records sent by an Entra diagnostic setting — to an Event
 * Hub (batches `{"records": [ … ]}`) or to a storage account (`PT1H.json`, one record per line).
 * Each record is an envelope around the Graph `signIn` object (camelCase):
 *
 * ```json
 * { "time": "2024-05-01T10:00:03Z", "resourceId": "/tenants/…/providers/Microsoft.aadiam",
 *   "operationName": "Sign-in activity", "category": "SignInLogs", "tenantId": "…",
 *   "correlationId": "…", "properties": { "id": "…", "createdDateTime": "…", "status": {…}, … } }
 * ```
 *
 * The envelope maps to `properties`, with `time` standing in for a missing `createdDateTime`,
 * the envelope's `correlationId` for a missing one, and `category` giving the event type
 * (`SignInLogs` → interactiveUser, `NonInteractiveUserSignInLogs` → nonInteractiveUser, …).
 * The JSON record reader (lib/io/json_records.ts) finds the records; this file only maps them.
 *
 * @module
 */
import type { MapContext, MapResult } from "./sign_in.ts";
import { mapGraphSignIn } from "./map_graph.ts";
import { eventTypeFromTable } from "./map_log_analytics.ts";

/**
 * The diagnostic-setting categories that carry sign-ins.
 *
 * @example
 * ```ts
 * import { DIAGNOSTIC_SIGN_IN_CATEGORIES } from "./map_diagnostic.ts";
 * import assert from "node:assert/strict";
 * assert.ok(DIAGNOSTIC_SIGN_IN_CATEGORIES.includes("NonInteractiveUserSignInLogs"));
 * ```
 */
export const DIAGNOSTIC_SIGN_IN_CATEGORIES = [
  "SignInLogs",
  "NonInteractiveUserSignInLogs",
  "ServicePrincipalSignInLogs",
  "ManagedIdentitySignInLogs",
] as const;

/** `operationName` of every sign-in diagnostic record. */
const SIGN_IN_OPERATION = "Sign-in activity";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Whether a parsed record is a sign-in diagnostic record: an object `properties` and a
 * sign-in `category` or the `operationName` "Sign-in activity".
 *
 * @param o a parsed record
 * @returns true for a diagnostic envelope
 *
 * @example
 * ```ts
 * import { isDiagnosticSignInRecord } from "./map_diagnostic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isDiagnosticSignInRecord({ category: "SignInLogs", properties: {} }), true);
 * assert.equal(isDiagnosticSignInRecord({ id: "x", createdDateTime: "2024-05-01T10:00:00Z" }), false);
 * ```
 */
export function isDiagnosticSignInRecord(o: Record<string, unknown>): boolean {
  if (!isObject(o.properties)) return false;
  return o.operationName === SIGN_IN_OPERATION ||
    (DIAGNOSTIC_SIGN_IN_CATEGORIES as readonly unknown[]).includes(o.category);
}

/**
 * Maps one diagnostic record to a sign-in (through the Graph mapping of its `properties`).
 *
 * @param value the parsed record
 * @param ctx provenance and default event type
 * @param line 1-based line where the record starts
 * @returns the sign-in, or a bad-row reason
 *
 * @example `time` stands in for a missing createdDateTime
 * ```ts
 * import { mapDiagnosticSignIn } from "./map_diagnostic.ts";
 * import assert from "node:assert/strict";
 * const r = mapDiagnosticSignIn({
 *   time: "2024-05-01T10:00:03Z", operationName: "Sign-in activity", category: "NonInteractiveUserSignInLogs",
 *   properties: { id: "00000000-0000-4000-8000-000000000001", status: { errorCode: 0 } },
 * }, { source: { format: "azure-diagnostics", file: "PT1H.json" }, eventType: null }, 1);
 * assert.equal(r.kind, "signIn");
 * if (r.kind === "signIn") {
 *   assert.equal(r.signIn.createdDateTime, "2024-05-01T10:00:03Z");
 *   assert.equal(r.signIn.eventType, "nonInteractiveUser");
 * }
 * ```
 */
export function mapDiagnosticSignIn(value: unknown, ctx: MapContext, line: number): MapResult {
  if (!isObject(value)) return mapGraphSignIn(value, ctx, line);
  const props = value.properties;
  if (!isObject(props)) {
    return { kind: "bad", reason: 'not a sign-in diagnostic record: no object "properties"' };
  }
  const o: Record<string, unknown> = { ...props };
  if (o.createdDateTime == null && value.time != null) o.createdDateTime = value.time;
  if (o.correlationId == null && value.correlationId != null) o.correlationId = value.correlationId;
  const fromCategory = typeof value.category === "string" ? eventTypeFromTable(value.category) : null;
  if (o.signInEventTypes == null && fromCategory !== null) o.signInEventTypes = [fromCategory];
  return mapGraphSignIn(o, ctx, line);
}
