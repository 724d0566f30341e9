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
import {
  interned,
  type KqlColumn,
  type KqlPrefilter,
  type KqlSource,
  type KqlTable,
  rowShape,
} from "./kql_interpreter.ts";
import { type ColumnSegment, ColumnTable } from "./column_store.ts";
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

type Get = (s: GraphObject, table: LaSignInTable) => unknown;
const statusOf = (s: GraphObject) => (s.status ?? {}) as Record<string, unknown>;
const locationOf = (s: GraphObject) => (s.location ?? null) as Record<string, unknown> | null;

/** Each column's value of a Graph sign-in (before a string column turns an object into JSON). */
const GET: Readonly<Record<string, Get>> = {
  TimeGenerated: (s) => s.createdDateTime,
  Id: (s) => s.id,
  CorrelationId: (s) => s.correlationId,
  CreatedDateTime: (s) => s.createdDateTime,
  Type: (_, table) => table,
  UserId: (s) => s.userId,
  UserPrincipalName: (s) => s.userPrincipalName,
  UserDisplayName: (s) => s.userDisplayName,
  UserType: (s) => s.userType,
  ClientAppUsed: (s) => s.clientAppUsed,
  IsInteractive: (s) => typeof s.isInteractive === "boolean" ? s.isInteractive : null,
  SignInEventTypes: (s) => json(s.signInEventTypes),
  AuthenticationRequirement: (s) => s.authenticationRequirement,
  AuthenticationRequirementPolicies: (s) => json(s.authenticationRequirementPolicies),
  AuthenticationDetails: (s) => json(s.authenticationDetails),
  AuthenticationMethodsUsed: (s) => json(s.authenticationMethodsUsed),
  MfaDetail: (s) => s.mfaDetail,
  AppId: (s) => s.appId,
  AppDisplayName: (s) => s.appDisplayName,
  IPAddress: (s) => s.ipAddress,
  Location: (s) => locationOf(s)?.countryOrRegion,
  LocationDetails: (s) => locationOf(s),
  DeviceDetail: (s) => s.deviceDetail,
  ResultType: (s) => {
    const code = statusOf(s).errorCode;
    return typeof code === "number" ? String(code) : null;
  },
  ResultDescription: (s) => statusOf(s).failureReason,
  Status: (s) => s.status,
  ConditionalAccessStatus: (s) => s.conditionalAccessStatus,
  ConditionalAccessPolicies: (s) => s.appliedConditionalAccessPolicies,
  CrossTenantAccessType: (s) => s.crossTenantAccessType,
  HomeTenantId: (s) => s.homeTenantId,
  HomeTenantName: (s) => s.homeTenantName,
  ResourceTenantId: (s) => s.resourceTenantId,
  TokenIssuerType: (s) => s.tokenIssuerType,
  RiskLevelDuringSignIn: (s) => s.riskLevelDuringSignIn,
  RiskLevelAggregated: (s) => s.riskLevelAggregated,
  RiskState: (s) => s.riskState,
};

/** A pass that reads at most this many columns of a table is given rows of those columns only. */
const NARROW_COLUMNS = 4;

/**
 * Per table: an empty row of its columns (`TimeGenerated` first), and the columns with their
 * types and values.
 */
const LAYOUTS = Object.fromEntries(LA_SIGNIN_TABLES.map((t) => {
  const cols: [string, string, Get][] = [["TimeGenerated", "datetime", GET.TimeGenerated!]];
  for (const [name, type] of Object.entries(LA_REPORT_COLUMNS[t])) {
    cols.push([name, type, GET[name] ?? (() => null)]);
  }
  return [t, { shape: rowShape(cols.map(([n]) => n)), cols }];
})) as Record<LaSignInTable, { shape: Record<string, unknown>; cols: [string, string, Get][] }>;

/**
 * Columns of mostly distinct texts (ids, times, texts with step times), held as templates and
 * tokens when whole hours are kept (`ColumnTable`); `CreatedDateTime` is read from
 * `TimeGenerated`, its twin.
 */
const TEMPLATED: ReadonlySet<string> = new Set([
  "TimeGenerated",
  "Id",
  "CorrelationId",
  "AuthenticationDetails",
]);

/** Per table: the indexes of `TimeGenerated` and of the columns in `columns`, in layout order. */
function indexesOf(t: LaSignInTable, columns: ReadonlySet<string>): number[] {
  const out: number[] = [];
  LAYOUTS[t].cols.forEach(([name], i) => {
    if (name === "TimeGenerated" || columns.has(name)) out.push(i);
  });
  return out;
}

/** A column's type in a table (undefined: the table has no such column). */
function typeOf(t: LaSignInTable, column: string): string | undefined {
  return LAYOUTS[t].cols.find(([name]) => name === column)?.[1];
}

const json = (v: unknown) => v === undefined || v === null ? null : interned(JSON.stringify(v));

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
  const { shape, cols } = LAYOUTS[table];
  // copied from one object per table: every row of a table shares one layout (fast properties)
  const row: Record<string, unknown> = { ...shape };
  for (let i = 0; i < cols.length; i++) {
    const [name, type, get] = cols[i]!;
    row[name] = cell(type, get(s, table));
  }
  return { table, row };
}

/** A value as its column holds it: string columns hold nested values as JSON text. */
function cell(type: string, value: unknown): unknown {
  const v = value ?? null;
  return type === "string" && v !== null && typeof v === "object" ? interned(JSON.stringify(v)) : v;
}

/**
 * Some columns of a sign-in's row (`TimeGenerated` always): the values `laRowOf` gives them, the
 * other columns absent.
 */
function narrowRowOf(
  s: GraphObject,
  table: LaSignInTable,
  columns: ReadonlySet<string>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, type, get] of LAYOUTS[table].cols) {
    if (name === "TimeGenerated" || columns.has(name)) row[name] = cell(type, get(s, table));
  }
  return row;
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
 * and their order are exactly `laTables(laRows(generateSampleTenant(options).signIns))`. A pass with a
 * prefilter (a share's hash, `KqlPrefilter`) makes each sign-in first as the few columns the
 * prefilter reads and whole only when kept.
 *
 * @param options the sample tenant's options
 * @param cachedRows rows of the hours last read kept (the four tables of a query read the same
 *   hours, and a slice's two queries too)
 * @param cachedNarrowRows rows of passes that read at most a few columns (`NARROW_COLUMNS`) kept,
 *   made of those columns only: a union's four passes over the whole window's ids make each hour
 *   once
 * @param keptRows rows of whole hours kept for the server's life (the hours first made, until
 *   they hold this many rows), as columns (`ColumnTable`: ~0.25 KB a row, where rows as objects
 *   took ~1.1 KB of heap), on top of the hours last read: every later pass over a kept hour,
 *   whole, narrow or a share's, makes its rows from them (a narrow pass only its columns, a share
 *   first the columns its prefilter reads) instead of making the hour again, so a query's cost
 *   follows what it reads, not the generator's (a share of a 30-day slice made every hour of it
 *   again). 0 (the default) keeps none.
 * @param made counts the hours asked of the sample's generator (by a whole pass, a narrow one or
 *   a share's) and the time it took, ms
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
export function lazyLaTables(
  options: SampleTenantOptions,
  cachedRows = 200_000,
  cachedNarrowRows = 12_000_000,
  keptRows = 0,
  made: { hours: number; ms: number } = { hours: 0, ms: 0 },
): Record<string, KqlSource> {
  const resolved = resolveSampleOptions(options);
  const lazyLog = new LazySignInLog(resolved, planUsers(resolved), 1);
  // per hour made, per table: its rows and their least and greatest time (for `count`)
  const sizes = new Map<number, Record<LaSignInTable, { n: number; min: number; max: number }>>();
  const log = {
    range: (bounds: { min: number; max: number } | undefined) => lazyLog.range(bounds),
    rows: (k: number) => {
      const t0 = performance.now();
      const rows = lazyLog.rows(k);
      made.hours++;
      made.ms += performance.now() - t0;
      if (!sizes.has(k)) {
        const size = Object.fromEntries(
          LA_SIGNIN_TABLES.map((t) => [t, { n: 0, min: Infinity, max: -Infinity }]),
        ) as Record<LaSignInTable, { n: number; min: number; max: number }>;
        for (const s of rows) {
          const t = tableOf(s);
          if (t === null) continue;
          const at = size[t], ms = Date.parse(String(s.createdDateTime));
          // a time that is not one (NaN) makes the hour's count unknown
          at.n++, at.min = Number.isNaN(ms) ? NaN : Math.min(at.min, ms), at.max = Math.max(at.max, ms);
        }
        sizes.set(k, size);
      }
      return rows;
    },
  };
  // whole hours kept for good as columns, the first made, while they hold fewer than `keptRows` rows
  const stores = Object.fromEntries(
    LA_SIGNIN_TABLES.map((t) => [t, new ColumnTable(LAYOUTS[t].cols.map(([name]) => name), TEMPLATED)]),
  ) as Record<LaSignInTable, ColumnTable>;
  const wholeIndexes = Object.fromEntries(
    LA_SIGNIN_TABLES.map((t) => [t, LAYOUTS[t].cols.map((_, i) => i)]),
  ) as Record<LaSignInTable, number[]>;
  const kept = new Map<number, Record<LaSignInTable, ColumnSegment>>();
  let keptHeld = 0;
  // the hours last read (most recent last), while they hold at most `cachedRows` rows together
  const cache = new Map<number, { rows: LaRows; count: number }>();
  let held = 0;
  /** Hour `k`'s columns when it is kept, or when there is room to keep it (then made). */
  const keptHour = (k: number): Record<LaSignInTable, ColumnSegment> | undefined => {
    const hit = kept.get(k);
    if (hit !== undefined || keptHeld >= keptRows) return hit;
    const rows = cache.get(k)?.rows ?? laRows(log.rows(k));
    const segments = Object.fromEntries(
      LA_SIGNIN_TABLES.map((t) => [t, stores[t].store(rows[t])]),
    ) as Record<LaSignInTable, ColumnSegment>;
    kept.set(k, segments);
    keptHeld += LA_SIGNIN_TABLES.reduce((n, t) => n + rows[t].length, 0);
    return segments;
  };
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
  // Passes that read a few columns (the whole window's ids): rows of those columns only, made for
  // the four tables at once (a union reads the tables one after the other: without this each
  // table's pass would make every hour again) and kept until each table's pass has read its rows
  // of the hour, while they hold at most `cachedNarrowRows`.
  type NarrowHour = { rows: LaRows; count: number; unread: Set<LaSignInTable> };
  const narrow = new Map<string, { hours: Map<number, NarrowHour>; held: number }>();
  const narrowHour = (k: number, columns: ReadonlySet<string>, t: LaSignInTable): LaRows[LaSignInTable] => {
    const whole = keptRows > 0 ? cache.get(k)?.rows : undefined;
    if (whole !== undefined) return whole[t];
    const key = [...columns].sort().join(",");
    let c = narrow.get(key);
    if (c === undefined) narrow.set(key, c = { hours: new Map(), held: 0 });
    const hit = c.hours.get(k);
    if (hit !== undefined && hit.unread.has(t)) {
      hit.unread.delete(t);
      if (hit.unread.size === 0) c.hours.delete(k), c.held -= hit.count;
      return hit.rows[t];
    }
    if (hit !== undefined) c.hours.delete(k), c.held -= hit.count;
    const full = cache.get(k)?.rows;
    const rows = Object.fromEntries(LA_SIGNIN_TABLES.map((t) => [t, []])) as unknown as LaRows;
    if (full !== undefined) { for (const t of LA_SIGNIN_TABLES) rows[t] = full[t]; }
    else {
      for (const s of log.rows(k)) {
        const table = tableOf(s);
        if (table !== null) rows[table].push(narrowRowOf(s, table, columns));
      }
    }
    const count = LA_SIGNIN_TABLES.reduce((n, t) => n + rows[t].length, 0);
    c.hours.set(k, { rows, count, unread: new Set(LA_SIGNIN_TABLES.filter((x) => x !== t)) });
    c.held += count;
    for (const [old, entry] of c.hours) {
      if (c.held <= cachedNarrowRows || old === k) break;
      c.hours.delete(old);
      c.held -= entry.count;
    }
    return rows[t];
  };
  // Passes with a prefilter (a share of the rows: lib/log_analytics/kql.ts `shareClause`): each
  // sign-in is first made as the few columns the prefilter reads, and whole only when it is kept.
  // The tables whose columns the prefilter reads with the same types (the two user tables, the two
  // app-only ones) are filtered alike from one making of the hour, their rows kept (under the
  // prefilter's key, at most `cachedRows`) until their own pass reads them.
  type FilteredHour = { rows: LaRows; skipped: Record<LaSignInTable, number>; count: number };
  let filtered: { key: string; hours: Map<number, FilteredHour>; held: number } | undefined;
  const filteredHour = (k: number, t: LaSignInTable, pf: KqlPrefilter): LaRows[LaSignInTable] => {
    const segment = keptHour(k)?.[t];
    if (segment !== undefined) {
      // the prefilter's columns first, the row whole only when kept
      const probe = stores[t].reader(segment, indexesOf(t, new Set(pf.columns.keys())));
      const whole = stores[t].reader(segment, wholeIndexes[t]);
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < segment.length; i++) if (pf.keep(probe(i))) rows.push(whole(i));
      pf.skipped(segment.length - rows.length);
      return rows;
    }
    const whole = keptRows > 0 ? cache.get(k)?.rows : undefined;
    if (whole !== undefined) {
      const rows = whole[t].filter(pf.keep);
      pf.skipped(whole[t].length - rows.length);
      return rows;
    }
    if (filtered?.key !== pf.key) filtered = { key: pf.key, hours: new Map(), held: 0 };
    const c = filtered;
    let hit = c.hours.get(k);
    if (hit === undefined || hit.rows[t] === undefined) {
      const alike = LA_SIGNIN_TABLES.filter((x) =>
        x === t ||
        (hit?.rows[x] === undefined && [...pf.columns].every(([name, type]) => typeOf(x, name) === type))
      );
      const rows = {} as LaRows, skipped = {} as Record<LaSignInTable, number>;
      for (const x of alike) rows[x] = [], skipped[x] = 0;
      const probe = new Set(pf.columns.keys());
      for (const s of log.rows(k)) {
        const table = tableOf(s);
        if (table === null || rows[table] === undefined) continue;
        if (pf.keep(narrowRowOf(s, table, probe))) rows[table].push(laRowOf(s)!.row);
        else skipped[table]++;
      }
      const count = alike.reduce((n, x) => n + rows[x].length, 0);
      if (hit !== undefined) c.held -= hit.count;
      hit = {
        rows: { ...hit?.rows, ...rows },
        skipped: { ...hit?.skipped, ...skipped },
        count: (hit?.count ?? 0) + count,
      };
      c.hours.set(k, hit);
      c.held += hit.count;
      for (const [old, entry] of c.hours) {
        if (c.held <= cachedRows || old === k) break;
        c.hours.delete(old);
        c.held -= entry.count;
      }
    }
    const rows = hit.rows[t];
    pf.skipped(hit.skipped[t]);
    // read once: the other tables' rows stay until their pass
    delete (hit.rows as Partial<LaRows>)[t];
    hit.count -= rows.length;
    c.held -= rows.length;
    if (LA_SIGNIN_TABLES.every((x) => hit!.rows[x] === undefined)) c.hours.delete(k);
    return rows;
  };
  function* filteredPass(t: LaSignInTable, [first, last]: [number, number], pf: KqlPrefilter) {
    for (let k = first; k <= last; k++) yield* filteredHour(k, t, pf);
  }
  function* pass(t: LaSignInTable, [first, last]: [number, number], columns?: ReadonlySet<string>) {
    const few = columns !== undefined && columns.size <= NARROW_COLUMNS;
    const indexes = few ? indexesOf(t, columns) : undefined;
    for (let k = first; k <= last; k++) {
      const segment = keptHour(k)?.[t];
      if (segment !== undefined) yield* stores[t].rows(segment, indexes);
      else yield* few ? narrowHour(k, columns, t) : hour(k)[t];
    }
  }
  const out: Record<string, KqlSource> = {};
  for (const t of LA_SIGNIN_TABLES) {
    out[t] = {
      columns: columnsOf(t),
      rows: { [Symbol.iterator]: () => pass(t, log.range(undefined)) },
      scan: (column, min, max, columns, prefilter) => {
        if (column !== "CreatedDateTime") return undefined;
        const [first, last] = log.range({ min: Math.max(min, 0), max: Math.min(max, 8.64e15) });
        return prefilter !== undefined
          ? filteredPass(t, [first, last], prefilter)
          : pass(t, [first, last], columns);
      },
      // the rows of the hours made so far (`TimeGenerated` and `CreatedDateTime` are both the
      // sign-in's time): an hour not made yet counts 0, one only partly within `within` 0
      count: (column, min, max, within) => {
        if (column !== "CreatedDateTime") return 0;
        if (
          within !== undefined && within.column !== "TimeGenerated" && within.column !== "CreatedDateTime"
        ) {
          return 0;
        }
        const lo = within?.min ?? -Infinity, hi = within?.max ?? Infinity;
        const [first, last] = log.range({ min: Math.max(min, 0), max: Math.min(max, 8.64e15) });
        let n = 0;
        for (let k = first; k <= last; k++) {
          const at = sizes.get(k)?.[t];
          if (at !== undefined && at.n > 0 && at.min >= lo && at.max < hi) n += at.n;
        }
        return n;
      },
    };
  }
  return out;
}
