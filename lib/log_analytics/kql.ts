/**
 * The KQL the toolkit sends to a Log Analytics workspace for the sign-in report: the sign-in
 * tables of the chosen event types, limited to a time slice by `CreatedDateTime` (the sign-in
 * time; `TimeGenerated` is ingestion time), projected to the columns the report reads (dynamic
 * columns as JSON text, so the four tables union into one schema), in time order.
 *
 * Every text this module can produce is checked by tests against the documented table schemas
 * and run by the local query endpoint (lib/la_server), whose interpreter accepts only the
 * operators used here.
 *
 * @module
 */
import type { SignInEventType } from "../classify/mod.ts";
import { LA_REPORT_COLUMNS, LA_SIGNIN_TABLES, type LaSignInTable } from "./schema.ts";

/** Which table holds which event type. */
export const LA_TABLE_OF_EVENT_TYPE: Readonly<Record<SignInEventType, LaSignInTable>> = {
  interactiveUser: "SigninLogs",
  nonInteractiveUser: "AADNonInteractiveUserSignInLogs",
  servicePrincipal: "AADServicePrincipalSignInLogs",
  managedIdentity: "AADManagedIdentitySignInLogs",
};

/** A half-open time slice `[from, to)`. */
export interface TimeSlice {
  /** Start (inclusive). */
  from: Date;
  /** End (exclusive). */
  to: Date;
}

/** A KQL datetime literal. */
export function kqlDateTime(d: Date): string {
  return `datetime(${d.toISOString()})`;
}

function tableQuery(table: LaSignInTable, slice: TimeSlice): string {
  const cols = Object.entries(LA_REPORT_COLUMNS[table]).map(([name, type]) =>
    type === "dynamic" ? `${name} = tostring(${name})` : name
  );
  return [
    `(${table}`,
    `    | where CreatedDateTime >= ${kqlDateTime(slice.from)} and CreatedDateTime < ${
      kqlDateTime(slice.to)
    }`,
    `    | project ${cols.join(", ")})`,
  ].join("\n");
}

/**
 * The query for one slice.
 *
 * @param eventTypes event types (one table each), at least one
 * @param slice the time slice
 * @returns the KQL text
 *
 * @example
 * ```ts
 * import { signInRowsQuery } from "./kql.ts";
 * import assert from "node:assert/strict";
 * const q = signInRowsQuery(["interactiveUser"], { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-20T00:00:00Z") });
 * assert.match(q, /^union\n\(SigninLogs\n/);
 * assert.match(q, /Status = tostring\(Status\)/);
 * assert.match(q, /\| sort by CreatedDateTime asc, Id asc$/);
 * ```
 */
export function signInRowsQuery(eventTypes: readonly SignInEventType[], slice: TimeSlice): string {
  const tables = LA_SIGNIN_TABLES.filter((t) => eventTypes.some((e) => LA_TABLE_OF_EVENT_TYPE[e] === t));
  if (tables.length === 0) throw new RangeError("Cannot build a query: expected at least one event type");
  return `union\n${
    tables.map((t) => tableQuery(t, slice)).join(",\n")
  }\n| sort by CreatedDateTime asc, Id asc`;
}
