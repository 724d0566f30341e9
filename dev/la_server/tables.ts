/**
 * The sample tenant's Graph sign-ins as rows of the four Log Analytics sign-in tables, the way
 * Entra's diagnostic settings write them (PascalCase columns; `SigninLogs` keeps nested values as
 * dynamic objects, the other tables as JSON text; `ResultType` as text), limited to the columns
 * of lib/log_analytics/schema.ts plus `TimeGenerated`.
 *
 * @module
 */
import type { GraphObject } from "../sample/dataset.ts";
import { LA_REPORT_COLUMNS, LA_SIGNIN_TABLES, type LaSignInTable } from "../../lib/log_analytics/schema.ts";
import { type KqlColumn, type KqlSource, type KqlTable, rowShape } from "./kql_interpreter.ts";
import { signInEventTypesOf } from "../graph_server/collections.ts";
import { LazySignInLog } from "../graph_server/lazy_sign_ins.ts";
import { resolveSampleOptions, type SampleTenantOptions } from "../sample/options.ts";
import { planUsers } from "../sample/_user_plan.ts";

/** Rows per table. */
export type LaRows = Record<LaSignInTable, Record<string, unknown>[]>;

/**
 * The table a sign-in lands in: the one of its event type, read as the local Graph server reads it
 * (`signInEventTypes`, else `isInteractive`), so the workspace holds exactly the rows Graph's four
 * event-type cursors return. A sign-in of an event type outside the four (`unknownFutureValue`, a
 * type Entra added later) is in none of these tables, as it is in none of Graph's four cursors.
 */
function tableOf(s: GraphObject): LaSignInTable | null {
  const types = signInEventTypesOf(s);
  if (types.includes("managedIdentity")) return "AADManagedIdentitySignInLogs";
  if (types.includes("servicePrincipal")) return "AADServicePrincipalSignInLogs";
  if (types.includes("nonInteractiveUser")) return "AADNonInteractiveUserSignInLogs";
  if (types.includes("interactiveUser")) return "SigninLogs";
  return null;
}

/** Per table: an empty row of its columns, and the columns with their types. */
const LAYOUTS = Object.fromEntries(LA_SIGNIN_TABLES.map((t) => [t, {
  shape: rowShape(["TimeGenerated", ...Object.keys(LA_REPORT_COLUMNS[t])]),
  cols: Object.entries(LA_REPORT_COLUMNS[t]),
}])) as Record<LaSignInTable, { shape: Record<string, unknown>; cols: [string, string][] }>;

const json = (v: unknown) => v === undefined || v === null ? null : JSON.stringify(v);

/**
 * One Graph sign-in as a row of its table.
 *
 * @param s a Graph beta `signIn` object
 * @returns the table and the row; `null` for an event type outside the four tables
 *
 * @example
 * ```ts
 * import { laRowOf } from "./tables.ts";
 * import assert from "node:assert/strict";
 * const r = laRowOf({ id: "1", createdDateTime: "2026-11-20T10:00:00Z", signInEventTypes: ["nonInteractiveUser"],
 *   status: { errorCode: 50074 } })!;
 * assert.equal(r.table, "AADNonInteractiveUserSignInLogs");
 * assert.equal(r.row.ResultType, "50074");
 * assert.equal(r.row.Status, '{"errorCode":50074}');
 * assert.equal(laRowOf({ id: "2", isInteractive: false, signInEventTypes: ["unknownFutureValue"] }), null);
 * ```
 */
export function laRowOf(s: GraphObject): { table: LaSignInTable; row: Record<string, unknown> } | null {
  const table = tableOf(s);
  if (table === null) return null;
  const status = (s.status ?? {}) as Record<string, unknown>;
  const location = (s.location ?? null) as Record<string, unknown> | null;
  const code = status.errorCode;
  const all: Record<string, unknown> = {
    TimeGenerated: s.createdDateTime ?? null,
    Id: s.id ?? null,
    CorrelationId: s.correlationId ?? null,
    CreatedDateTime: s.createdDateTime ?? null,
    Type: table,
    UserId: s.userId ?? null,
    UserPrincipalName: s.userPrincipalName ?? null,
    UserDisplayName: s.userDisplayName ?? null,
    UserType: s.userType ?? null,
    ClientAppUsed: s.clientAppUsed ?? null,
    IsInteractive: typeof s.isInteractive === "boolean" ? s.isInteractive : null,
    SignInEventTypes: json(s.signInEventTypes),
    AuthenticationRequirement: s.authenticationRequirement ?? null,
    AuthenticationRequirementPolicies: json(s.authenticationRequirementPolicies),
    AuthenticationDetails: json(s.authenticationDetails),
    AuthenticationMethodsUsed: json(s.authenticationMethodsUsed),
    MfaDetail: s.mfaDetail ?? null,
    AppId: s.appId ?? null,
    AppDisplayName: s.appDisplayName ?? null,
    IPAddress: s.ipAddress ?? null,
    Location: location?.countryOrRegion ?? null,
    LocationDetails: location,
    DeviceDetail: s.deviceDetail ?? null,
    ResultType: typeof code === "number" ? String(code) : null,
    ResultDescription: status.failureReason ?? null,
    Status: s.status ?? null,
    ConditionalAccessStatus: s.conditionalAccessStatus ?? null,
    ConditionalAccessPolicies: s.appliedConditionalAccessPolicies ?? null,
    CrossTenantAccessType: s.crossTenantAccessType ?? null,
    HomeTenantId: s.homeTenantId ?? null,
    HomeTenantName: s.homeTenantName ?? null,
    ResourceTenantId: s.resourceTenantId ?? null,
    TokenIssuerType: s.tokenIssuerType ?? null,
    RiskLevelDuringSignIn: s.riskLevelDuringSignIn ?? null,
    RiskLevelAggregated: s.riskLevelAggregated ?? null,
    RiskState: s.riskState ?? null,
  };
  const { shape, cols } = LAYOUTS[table];
  // copied from one object per table: every row of a table shares one layout (fast properties)
  const row: Record<string, unknown> = { ...shape };
  row.TimeGenerated = all.TimeGenerated;
  for (const [name, type] of cols) {
    const v = all[name] ?? null;
    // dynamic columns hold objects; string columns hold nested values as JSON text
    row[name] = type === "string" && v !== null && typeof v === "object" ? JSON.stringify(v) : v;
  }
  return { table, row };
}

/**
 * Graph sign-ins as the four tables' rows.
 *
 * @param signIns Graph beta `signIn` objects
 * @returns rows per table (every table present, maybe empty); a sign-in of an event type outside
 *   the four tables is left out
 */
export function laRows(signIns: Iterable<GraphObject>): LaRows {
  const out = Object.fromEntries(LA_SIGNIN_TABLES.map((t) => [t, []])) as unknown as LaRows;
  for (const s of signIns) {
    const r = laRowOf(s);
    if (r !== null) out[r.table].push(r.row);
  }
  return out;
}

/**
 * The tables as the interpreter takes them (columns of lib/log_analytics/schema.ts plus
 * `TimeGenerated`).
 */
export function laTables(rows: LaRows): Record<string, KqlTable> {
  const out: Record<string, KqlTable> = {};
  for (const t of LA_SIGNIN_TABLES) out[t] = { columns: columnsOf(t), rows: rows[t] };
  return out;
}

function columnsOf(t: LaSignInTable): KqlColumn[] {
  return [
    { name: "TimeGenerated", type: "datetime" },
    ...Object.entries(LA_REPORT_COLUMNS[t]).map(([name, type]) => ({ name, type })),
  ];
}

/**
 * The sample tenant's four tables without holding them: each pass generates the sign-ins hour by
 * hour (`LazySignInLog`: each hour made on its own from the seed) and maps them to rows, so
 * memory holds a few hours of rows whatever the tenant's size; a query's first `where` on
 * `CreatedDateTime` generates only the hours it covers (one hour of slack each side). The rows
 * and their order are exactly `laTables(laRows(generateSampleTenant(options).signIns))`.
 *
 * @param options the sample tenant's options
 * @param cachedRows rows of the hours last read kept (the four tables of a query read the same
 *   hours, and a slice's two queries too)
 * @returns the tables as the interpreter streams them
 *
 * @example The same rows as the materialised tables
 * ```ts
 * import { lazyLaTables, laRows, laTables } from "./tables.ts";
 * import { generateSampleTenant } from "../sample/mod.ts";
 * import assert from "node:assert/strict";
 * const o = { users: 40, days: 2, now: new Date("2026-11-20T12:00:00Z") };
 * const lazy = lazyLaTables(o), whole = laTables(laRows(generateSampleTenant(o).signIns));
 * for (const [name, t] of Object.entries(whole)) assert.deepEqual([...lazy[name]!.rows], t.rows);
 * const from = Date.parse("2026-11-19T10:00:00Z"), to = Date.parse("2026-11-19T11:00:00Z");
 * const some = [...lazy.SigninLogs!.scan!("CreatedDateTime", from, to)!];
 * assert.ok(some.length < whole.SigninLogs!.rows.length);
 * assert.deepEqual(some.filter((r) => Date.parse(String(r.CreatedDateTime)) >= from &&
 *   Date.parse(String(r.CreatedDateTime)) < to), whole.SigninLogs!.rows.filter((r) =>
 *   Date.parse(String(r.CreatedDateTime)) >= from && Date.parse(String(r.CreatedDateTime)) < to));
 * ```
 */
export function lazyLaTables(options: SampleTenantOptions, cachedRows = 200_000): Record<string, KqlSource> {
  const resolved = resolveSampleOptions(options);
  const log = new LazySignInLog(resolved, planUsers(resolved), 1);
  // the hours last read (most recent last), while they hold at most `cachedRows` rows together
  const cache = new Map<number, { rows: LaRows; count: number }>();
  let held = 0;
  const hour = (k: number): LaRows => {
    const hit = cache.get(k);
    if (hit !== undefined) {
      cache.delete(k);
      cache.set(k, hit);
      return hit.rows;
    }
    const rows = laRows(log.rows(k));
    const count = LA_SIGNIN_TABLES.reduce((n, t) => n + rows[t].length, 0);
    cache.set(k, { rows, count });
    held += count;
    for (const [old, entry] of cache) {
      if (held <= cachedRows || old === k) break;
      cache.delete(old);
      held -= entry.count;
    }
    return rows;
  };
  function* pass(t: LaSignInTable, [first, last]: [number, number]) {
    for (let k = first; k <= last; k++) yield* hour(k)[t];
  }
  const out: Record<string, KqlSource> = {};
  for (const t of LA_SIGNIN_TABLES) {
    out[t] = {
      columns: columnsOf(t),
      rows: { [Symbol.iterator]: () => pass(t, log.range(undefined)) },
      scan: (column, min, max) => {
        if (column !== "CreatedDateTime") return undefined;
        const [first, last] = log.range({ min: Math.max(min, 0), max: Math.min(max, 8.64e15) });
        return pass(t, [first, last]);
      },
    };
  }
  return out;
}
