/**
 * The KQL the toolkit sends to a Log Analytics workspace for the sign-in report: the sign-in
 * tables of the chosen event types, limited to a time slice by `CreatedDateTime` (the sign-in
 * time; `TimeGenerated` is ingestion time), projected to the columns the report reads (dynamic
 * columns as JSON text, so the four tables union into one schema), optionally filtered by user and
 * app; the sign-ins of one row each counted in parts (see `LA_COUNTED_PARTS`), the others returned
 * as rows in time order.
 *
 * Every text this module can produce is checked by tests against the documented table schemas
 * and run by the local query endpoint (dev/la_server), whose interpreter accepts only the
 * operators used here.
 *
 * @module
 */
import type { SignInEventType } from "../classify/mod.ts";
import { INTERRUPT_ERROR_CODE } from "../signins/merge.ts";
import { LA_REPORT_COLUMNS, LA_SIGNIN_TABLES, type LaSignInTable } from "./schema.ts";
import { STEP_TIMES_KQL } from "./step_times.ts";

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

/** Rows asked for by `--user` and `--app`, pushed down as `where` clauses. */
export interface LaRowFilter {
  /** UPN or user id, case-insensitive (a table that names no user has no such rows). */
  user?: string;
  /** Application id or display name, case-insensitive. */
  app?: string;
}

/**
 * Any text as a KQL string literal: obfuscated (`h"…"`, which Kusto keeps out of its logs: a UPN is
 * personal data), with `\` and `"` escaped, so no value can end the literal or change the query.
 *
 * @param value the text
 * @returns the literal
 * @throws {RangeError} for a control character (a line break, NUL…: no UPN or app name has one)
 *
 * @example
 * ```ts
 * import { kqlString } from "./kql.ts";
 * import assert from "node:assert/strict";
 * assert.equal(kqlString('a" or 1==1 or "\\'), 'h"a\\" or 1==1 or \\"\\\\"');
 * assert.throws(() => kqlString("a\nb"), RangeError);
 * ```
 */
export function kqlString(value: string): string {
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
    throw new RangeError(`Cannot put ${JSON.stringify(value)} in a query: it holds a control character`);
  }
  return `h"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** The filter's clause for a table (`null`: no row of the table can match). */
function filterClause(table: LaSignInTable, f: LaRowFilter): string | null {
  const cols = LA_REPORT_COLUMNS[table];
  const parts: string[] = [];
  if (f.user !== undefined) {
    if (!("UserPrincipalName" in cols)) return null;
    const u = kqlString(f.user);
    parts.push(`(UserPrincipalName =~ ${u} or UserId =~ ${u})`);
  }
  if (f.app !== undefined) {
    const a = kqlString(f.app);
    parts.push("AppDisplayName" in cols ? `(AppId =~ ${a} or AppDisplayName =~ ${a})` : `AppId =~ ${a}`);
  }
  return parts.join(" and ");
}

/**
 * A share of a slice's sign-ins: those whose share key hashes to `k` modulo `n` (`hash(key, n) ==
 * k`). The share key keeps every group the push-down queries form inside one share: it is the
 * merge's user (`UserKey`: the user id, else the UPN) and, for a row without one (service
 * principals, managed identities, a user row naming no user), its correlation id, so a
 * (correlation id, user) pair never spans two shares. Kusto's `hash(x, n)` is the 64-bit hash's
 * remainder (0 … n − 1), so with `n` a power of two share `k` of `n` is shares `k` and `k + n` of
 * `2n` (a share too large is split in two).
 */
export interface LaShare {
  /** Which share, `0 ≤ k < n`. */
  k: number;
  /** How many shares (a power of two). */
  n: number;
}

/**
 * A table's share clause (see {@linkcode LaShare}).
 *
 * @example
 * ```ts
 * import { shareClause } from "./kql.ts";
 * import assert from "node:assert/strict";
 * assert.equal(shareClause("AADServicePrincipalSignInLogs", { k: 1, n: 4 }), "hash(CorrelationId, 4) == 1");
 * assert.match(shareClause("SigninLogs", { k: 0, n: 2 }), /^hash\(iff\(isnotempty\(UserId\), UserId, iff\(/);
 * ```
 */
export function shareClause(table: LaSignInTable, share: LaShare): string {
  if (!Number.isSafeInteger(share.n) || !Number.isSafeInteger(share.k) || share.k < 0 || share.k >= share.n) {
    throw new RangeError(`Cannot build a query: expected a share 0 ≤ k < n, got ${share.k} of ${share.n}`);
  }
  const key = "UserId" in LA_REPORT_COLUMNS[table]
    ? "iff(isnotempty(UserId), UserId, iff(isnotempty(UserPrincipalName), UserPrincipalName, CorrelationId))"
    : "CorrelationId";
  return `hash(${key}, ${share.n}) == ${share.k}`;
}

/** The merge's user: the user id, else the UPN, else none (service principals, managed identities). */
function userKeyOf(table: LaSignInTable): string {
  return "UserId" in LA_REPORT_COLUMNS[table]
    ? "UserKey = iff(isnotempty(UserId), UserId, UserPrincipalName)"
    : 'UserKey = ""';
}

/**
 * A table's rows of a time range (by `CreatedDateTime`), with the filter's and the share's
 * clauses, then `tail` (further operators), as a union branch.
 */
function scanQuery(
  table: LaSignInTable,
  range: TimeSlice,
  filter: LaRowFilter,
  share: LaShare | undefined,
  tail: readonly string[],
): string {
  const clause = filterClause(table, filter);
  return [
    `(${table}`,
    `    | where CreatedDateTime >= ${kqlDateTime(range.from)} and CreatedDateTime < ${
      kqlDateTime(range.to)
    }`,
    // before the merge, as a file run filters rows before merging them
    ...(clause !== null && clause !== "" ? [`    | where ${clause}`] : []),
    ...(share !== undefined ? [`    | where ${shareClause(table, share)}`] : []),
    ...tail.map((t) => `    | ${t}`),
  ].join("\n") + ")";
}

function tableQuery(
  table: LaSignInTable,
  slice: TimeSlice,
  userKey = false,
  filter: LaRowFilter = {},
  share?: LaShare,
): string {
  const cols = Object.entries(LA_REPORT_COLUMNS[table]).map(([name, type]) =>
    type === "dynamic" ? `${name} = tostring(${name})` : name
  );
  if (userKey) cols.push(userKeyOf(table));
  return scanQuery(table, slice, filter, share, [`project ${cols.join(", ")}`]);
}

/**
 * How far around a slice the push-down queries look for the other rows of a sign-in (an interrupt
 * and its completion, duplicate copies): more than the merge horizon (10 minutes), so a sign-in
 * across a slice boundary is still recognised as one.
 */
export const NEIGHBOUR_MS = 3_600_000;

/**
 * Step members inside `AuthenticationDetails` the report does not read for a sign-in of one row
 * (time, method detail, step requirement, and the per-request sequence numbers some workspaces
 * add: they would make every MFA sign-in its own key), removed with the comma that joins them:
 * first members followed by a comma, then last members after one, then a sole member. Values are
 * JSON strings (with escapes), numbers, `null` or booleans. RE2 syntax inside a KQL string
 * literal, where `\\` stands for one backslash.
 */
const STEP_NOISE_RE = (() => {
  const member = String
    .raw`"(?:authenticationStepDateTime|authenticationMethodDetail|authenticationStepRequirement|RequestSequence|StatusSequence)" *: *(?:"(?:[^"\\\\]|\\\\.)*"|-?[0-9][0-9.eE+-]*|null|true|false)`;
  return [`${member} *, *`, ` *, *${member}`, member];
})();

/** Nested columns and the fields of them the report reads (lib/signins/map_log_analytics.ts → report). */
const SLIM: Readonly<Record<string, readonly string[]>> = {
  DeviceDetail: ["operatingSystem", "browser"],
  LocationDetails: ["city", "state", "countryOrRegion"],
  Status: ["errorCode", "failureReason", "additionalDetails"],
};

/** Interrupt error codes as `ResultType` text (the merge's interrupt codes). */
export const INTERRUPT_RESULT_TYPES: readonly string[] = Object.values(INTERRUPT_ERROR_CODE).map(String);

/**
 * Columns the whole-sign-in summary groups by: every report column except the per-row identifiers,
 * time and IP address (the IP address is kept for failed sign-ins only, as `EventIp`: the report
 * shows it with a user's latest failure).
 */
export function groupColumns(tables: readonly LaSignInTable[]): string[] {
  const skip = new Set(["Id", "CorrelationId", "CreatedDateTime", "IPAddress"]);
  const out: string[] = [];
  for (const t of tables) {
    for (const c of Object.keys(LA_REPORT_COLUMNS[t])) if (!skip.has(c) && !out.includes(c)) out.push(c);
  }
  return out;
}

/**
 * The parts the counting query summarizes sign-ins into, each by only the columns its report
 * sections read (lib/signins_report/la_source.ts names the sections), so a part returns one row
 * per distinct combination of a few values rather than of every value:
 * - `user`: the user, the app and every column the MFA classification reads (the per-user
 *   numbers, requirement, methods, failures, legacy authentication, token issuers); failed
 *   sign-ins keep their IP address (`EventIp`);
 * - `conditionalAccess`: the CA status and policy results;
 * - `places`: location and device;
 * - `outcome`: event type, result code, tenants and risk.
 *
 * `whole` is every column at once, for when the toolkit must see whole sign-ins (a row filter it
 * cannot push down).
 */
export const LA_COUNTED_PARTS = {
  user: {
    columns: [
      "UserId",
      "UserPrincipalName",
      "UserDisplayName",
      "UserType",
      "Type",
      "IsInteractive",
      "SignInEventTypes",
      "ResultType",
      "ResultDescription",
      "Status",
      "AuthenticationRequirement",
      "AuthenticationRequirementPolicies",
      "AuthenticationDetails",
      "AuthenticationMethodsUsed",
      "MfaDetail",
      "ClientAppUsed",
      "TokenIssuerType",
      "AppId",
      "AppDisplayName",
    ],
    status: ["errorCode", "failureReason", "additionalDetails"],
    eventIp: true,
  },
  conditionalAccess: {
    columns: ["ConditionalAccessStatus", "ConditionalAccessPolicies"],
    status: [],
    eventIp: false,
  },
  places: { columns: ["Location", "LocationDetails", "DeviceDetail"], status: [], eventIp: false },
  outcome: {
    columns: [
      "Type",
      "IsInteractive",
      "SignInEventTypes",
      "ResultType",
      "Status",
      "HomeTenantId",
      "HomeTenantName",
      "ResourceTenantId",
      "CrossTenantAccessType",
      "RiskLevelDuringSignIn",
      "RiskLevelAggregated",
      "RiskState",
    ],
    status: ["errorCode"],
    eventIp: false,
  },
  whole: { columns: null, status: ["errorCode", "failureReason", "additionalDetails"], eventIp: true },
} as const satisfies Record<
  string,
  { columns: readonly string[] | null; status: readonly string[]; eventIp: boolean }
>;

/**
 * The `Part` of a result's dictionary rows. Columns that carry keys of the dictionary (values
 * repeated across many rows, sent once: the keyed tuples of the counted parts, and
 * {@linkcode mergeDictionaryColumns}) hold each value's key (`hash(value, 2^53)`; the rows to
 * merge number their keyed columns' values instead: 1, 2, …); the result carries every distinct
 * value once, in rows with this `Part`, `DictKey` (the key) and `DictValue` (the text), sent as
 * `Part = "d"` with `Key` and `Text` ({@linkcode COUNTED_PART_SENT},
 * {@linkcode COUNTED_DICTIONARY_SHARED}); lib/log_analytics/dictionary.ts names them back and puts
 * the values back (and refuses a result whose dictionary gives one key two values: a hash
 * collision is never read as a match).
 */
export const LA_DICTIONARY_PART = "dictionary";

/**
 * A tuple: one column of a result standing for several columns' values, the JSON array of them
 * (`tostring(pack_array(…))`); keyed, the column carries the array's key (`hash()`) and the array
 * itself comes once per result in the dictionary; lib/log_analytics/dictionary.ts puts the values
 * back into their columns.
 */
export interface LaTuple {
  /** The column that carries the array or its key. */
  column: string;
  /** The columns whose values the array holds, in its order. */
  columns: readonly string[];
  /** Sent as a key of the dictionary (false: the array's text itself, a value no other row repeats). */
  keyed: boolean;
  /**
   * Columns of it held in the array as keys of the dictionary (JSON text: inside the array's text
   * it would be escaped again, and its few values are sent once each).
   */
  keys: readonly string[];
}

/** Columns of JSON text: in a tuple, as keys of the dictionary (see {@linkcode LaTuple.keys}). */
export const JSON_TEXT_COLUMNS: readonly string[] = [
  "Status",
  "AuthenticationRequirementPolicies",
  "AuthenticationDetails",
  "MfaDetail",
  "LocationDetails",
  "DeviceDetail",
  "ConditionalAccessPolicies",
];

/** The user's columns: one tuple (a user's values repeat together). */
export const USER_TUPLE_COLUMNS: readonly string[] = [
  "UserId",
  "UserPrincipalName",
  "UserDisplayName",
  "UserType",
];

/**
 * A set of columns as tuples: the user's (`UserTuple`), and the rest (`FactsTuple`), keyed unless
 * each value is a row's own (a part summarized by its one tuple, `Facts`: a key and a dictionary
 * row per row would only add bytes).
 */
function tuplesOf(columns: readonly string[], keyed = true): LaTuple[] {
  const user = USER_TUPLE_COLUMNS.filter((c) => columns.includes(c));
  const rest = columns.filter((c) => !user.includes(c));
  const tuples = [
    ...(user.length > 0 ? [{ column: "UserTuple", columns: user }] : []),
    ...(rest.length > 0 ? [{ column: "FactsTuple", columns: rest }] : []),
  ];
  // an array's text has a column of its own (a key is a long: one name, one type in the union)
  const keys = (t: { columns: readonly string[] }) => t.columns.filter((c) => JSON_TEXT_COLUMNS.includes(c));
  return keyed || tuples.length > 1
    ? tuples.map((t) => ({ ...t, keyed: true, keys: keys(t) }))
    : tuples.map((t) => ({
      column: t.column === "FactsTuple" ? "Facts" : "User",
      columns: t.columns,
      keyed: false,
      keys: keys(t),
    }));
}

/**
 * The app's columns in a counted part's keyed tuples: a tuple of their own (`AppTuple`), apart from
 * the outcome's (`FactsTuple`). One tuple of both has a value per app × outcome met, and a user
 * share's result carries every value its groups use, so those values came again in every share;
 * two tuples have far fewer values between them (measured on the 1,000-user sample's counting
 * result: 1,233 values, 0.31 MB, against 39 + 519, 0.09 MB; the groups' second key, 0.06 MB).
 */
export const COUNTED_APP_COLUMNS: readonly string[] = [
  "AppId",
  "AppDisplayName",
  "ClientAppUsed",
  "Type",
  "IsInteractive",
  "SignInEventTypes",
  "TokenIssuerType",
];

/**
 * Columns of the counting result that its branches share, so that no row carries a null for each
 * column only another branch fills (a union's rows have every branch's columns): `Key`, a long (a
 * part's `UserTuple` key, the dictionary's `DictKey`), and `Text`, a string (a part's `EventIp`, or
 * its one tuple sent as text, `Facts`; the dictionary's `DictValue`). Measured on the 1,000-user
 * sample's counting result: each of its 29,422 user groups carried three nulls, 15 bytes, 0.44 MB
 * in all. lib/log_analytics/dictionary.ts names them back.
 */
export const COUNTED_SHARED_COLUMNS = ["Key", "Text"] as const;

/** What {@linkcode COUNTED_SHARED_COLUMNS} stand for in a branch of the counting result. */
export type LaSharedNames = Partial<Record<typeof COUNTED_SHARED_COLUMNS[number], string>>;

/** The dictionary's columns in the counting result's shared ones. */
export const COUNTED_DICTIONARY_SHARED: Readonly<LaSharedNames> = { Key: "DictKey", Text: "DictValue" };

/**
 * What the shared columns stand for in a counted part's rows (see
 * {@linkcode COUNTED_SHARED_COLUMNS}).
 *
 * @param tuples the part's tuples ({@linkcode countedTuples})
 * @param eventIp whether the part keeps a failure's IP address
 * @returns the part's column of each shared one it fills
 *
 * @example
 * ```ts
 * import { countedSharedNames, countedTuples } from "./kql.ts";
 * import assert from "node:assert/strict";
 * const t = countedTuples(["interactiveUser"], "parts");
 * assert.deepEqual(countedSharedNames(t.user!, true), { Key: "UserTuple", Text: "EventIp" });
 * assert.deepEqual(countedSharedNames(t.places!, false), { Text: "Facts" });
 * ```
 */
export function countedSharedNames(tuples: readonly LaTuple[], eventIp: boolean): LaSharedNames {
  const out: LaSharedNames = {};
  if (tuples.some((t) => t.keyed && t.column === "UserTuple")) out.Key = "UserTuple";
  if (eventIp) out.Text = "EventIp";
  else if (tuples.length === 1 && !tuples[0]!.keyed) out.Text = tuples[0]!.column;
  return out;
}

/**
 * A counting result's `Part` as sent: a keyed part's (its user groups, most of the rows) empty,
 * the others' one letter (measured on the 1,000-user sample: `"user"` on each of 29,422 rows,
 * 0.21 MB). lib/log_analytics/dictionary.ts names them back.
 */
export const COUNTED_PART_SENT: Readonly<Record<LaCountedPart | typeof LA_DICTIONARY_PART, string>> = {
  user: "",
  whole: "",
  conditionalAccess: "c",
  places: "p",
  outcome: "o",
  dictionary: "d",
};

/** KQL that puts a branch's columns in the shared ones (see {@linkcode COUNTED_SHARED_COLUMNS}). */
function toShared(names: Readonly<LaSharedNames>): string[] {
  const pairs = Object.entries(names);
  if (pairs.length === 0) return [];
  return [
    `| extend ${pairs.map(([s, c]) => `${s} = ${c}`).join(", ")} | project-away ${
      pairs.map(([, c]) => c).join(", ")
    }`,
  ];
}

/**
 * The tuples of a counted part (see {@linkcode tuplesOf}); a keyed `FactsTuple` with the app's
 * columns apart ({@linkcode COUNTED_APP_COLUMNS}).
 */
function partTuples(part: LaCountedPart, all: readonly string[]): LaTuple[] {
  return tuplesOf(partColumns(part, all), LA_COUNTED_PARTS[part].eventIp).flatMap((t) => {
    if (!t.keyed || t.column !== "FactsTuple") return [t];
    const app = t.columns.filter((c) => COUNTED_APP_COLUMNS.includes(c));
    const rest = t.columns.filter((c) => !app.includes(c));
    if (app.length === 0 || rest.length === 0) return [t];
    const keys = (cs: readonly string[]) => cs.filter((c) => JSON_TEXT_COLUMNS.includes(c));
    return [
      { column: "AppTuple", columns: app, keyed: true, keys: keys(app) },
      { column: "FactsTuple", columns: rest, keyed: true, keys: keys(rest) },
    ];
  });
}

/**
 * A value's key in the dictionary: its hash modulo 2^53 (`hash(x, 9007199254740992)`: a whole
 * number a JSON reader holds exactly, at most 16 digits on the wire where a 64-bit hash takes up to
 * 20; a client reading JSON numbers as doubles tells 64-bit keys apart no better). A collision
 * refuses the result (lib/log_analytics/dictionary.ts).
 */
function keyOf(column: string): string {
  return `hash(${column}, 9007199254740992)`;
}

/**
 * Values (`DictValue`) numbered in `DictKey`, 1, 2, …, the most used first (the end of a `let`): a
 * key of a few digits where a hash takes 16, and no two values share one.
 */
const NUMBERED =
  "| summarize Uses = count() by DictValue | sort by Uses desc, DictValue asc | extend DictKey = row_number();";

/** A tuple's array as a KQL expression (JSON text). */
function packed(t: LaTuple): string {
  return `${t.column} = tostring(pack_array(${
    t.columns.map((c) => t.keys.includes(c) ? keyOf(c) : c).join(", ")
  }))`;
}

/**
 * The columns of the rows to merge that carry keys of the dictionary: the tuples, and the steps
 * with their times blanked (see lib/log_analytics/step_times.ts); the per-row identifiers, time,
 * IP address and step times travel as they are. The query keys them (numbers their values: 1, 2,
 * … in their order) and the client reads them back from this one list.
 *
 * @example
 * ```ts
 * import { mergeDictionaryColumns } from "./kql.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(mergeDictionaryColumns(["interactiveUser"]), ["UserTuple", "OutcomeTuple", "FactsTuple", "AuthenticationDetails"]);
 * ```
 */
export function mergeDictionaryColumns(
  eventTypes: readonly SignInEventType[],
  filter: LaRowFilter = {},
): string[] {
  const steps = groupColumns(tablesOf(eventTypes, filter)).includes("AuthenticationDetails");
  return [
    ...mergeTuples(eventTypes, filter).map((t) => t.column),
    ...(steps ? ["AuthenticationDetails"] : []),
  ];
}

/**
 * What the shared columns ({@linkcode COUNTED_SHARED_COLUMNS}) stand for in the rows of the
 * rows-to-merge result (its dictionary rows: {@linkcode COUNTED_DICTIONARY_SHARED}, `Part` as in
 * {@linkcode COUNTED_PART_SENT}): a row's `UserTuple` and `IPAddress`, so neither a row nor a
 * dictionary row carries a null for the other's (measured on the 1,000-user sample: 3,935 rows
 * and 2,024 dictionary rows, 0.08 MB of 1.28 with the dictionary's `Part`).
 *
 * @example
 * ```ts
 * import { mergeSharedNames } from "./kql.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(mergeSharedNames(["interactiveUser"]), { Key: "UserTuple", Text: "IPAddress" });
 * assert.deepEqual(mergeSharedNames(["servicePrincipal"]), { Text: "IPAddress" });
 * ```
 */
export function mergeSharedNames(
  eventTypes: readonly SignInEventType[],
  filter: LaRowFilter = {},
): LaSharedNames {
  const user = mergeTuples(eventTypes, filter).some((t) => t.column === "UserTuple");
  return user ? { Key: "UserTuple", Text: "IPAddress" } : { Text: "IPAddress" };
}

/** Columns of the rows to merge that travel as they are (one value per row). */
const MERGE_ROW_COLUMNS = ["Id", "CorrelationId", "CreatedDateTime", "IPAddress"];

/**
 * The prefix of the columns that carry a pair's second row's values (see
 * {@linkcode mergePairColumns}).
 */
export const MERGE_PAIR_PREFIX = "Pair";

/**
 * The columns in which the two rows of a pair sent as one row of the rows to merge may differ (an
 * interrupt and its completion: time, outcome, steps): the second row's values come in the same
 * columns prefixed with {@linkcode MERGE_PAIR_PREFIX}; the two share every other value.
 *
 * @example
 * ```ts
 * import { mergePairColumns } from "./kql.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(mergePairColumns(["interactiveUser"]), ["CreatedDateTime", "OutcomeTuple", "AuthenticationDetails", "StepTimes"]);
 * assert.deepEqual(mergePairColumns(["servicePrincipal"]), ["CreatedDateTime", "OutcomeTuple"]);
 * ```
 */
export function mergePairColumns(eventTypes: readonly SignInEventType[], filter: LaRowFilter = {}): string[] {
  const steps = groupColumns(tablesOf(eventTypes, filter)).includes("AuthenticationDetails");
  return ["CreatedDateTime", "OutcomeTuple", ...(steps ? ["AuthenticationDetails", "StepTimes"] : [])];
}

/** A part of {@linkcode LA_COUNTED_PARTS}. */
export type LaCountedPart = keyof typeof LA_COUNTED_PARTS;

/** How the counting query splits sign-ins: into parts (fewest rows), or whole. */
export type LaCountingMode = "parts" | "whole";

/** The parts of a mode. */
export function countedPartsOf(mode: LaCountingMode): LaCountedPart[] {
  return mode === "whole" ? ["whole"] : ["user", "conditionalAccess", "places", "outcome"];
}

/**
 * The tuples the rows of each counted part carry (see {@linkcode LaTuple}): the user's columns,
 * the app's ({@linkcode COUNTED_APP_COLUMNS}, in a keyed part) and the part's other columns.
 *
 * @example
 * ```ts
 * import { countedTuples } from "./kql.ts";
 * import assert from "node:assert/strict";
 * const t = countedTuples(["interactiveUser"], "parts");
 * assert.deepEqual(t.user!.map((x) => x.column), ["UserTuple", "AppTuple", "FactsTuple"]);
 * assert.deepEqual(t.places, [{ column: "Facts", columns: ["Location", "LocationDetails", "DeviceDetail"], keyed: false, keys: ["LocationDetails", "DeviceDetail"] }]);
 * ```
 */
export function countedTuples(
  eventTypes: readonly SignInEventType[],
  mode: LaCountingMode = "parts",
  filter: LaRowFilter = {},
): Partial<Record<LaCountedPart, LaTuple[]>> {
  const all = groupColumns(tablesOf(eventTypes, filter));
  return Object.fromEntries(countedPartsOf(mode).map((p) => [p, partTuples(p, all)]));
}

/**
 * The outcome of a row to merge (requirement, methods, result, CA): a tuple of its own there. Each
 * row to merge is its own sign-in row, so one tuple of every other value would have nearly a
 * value per row (app × place × outcome); two tuples have far fewer values between them (measured
 * on the 1,000-user sample: 587 + 524 values instead of 3,103, 0.89 MB instead of 2.07 MB with
 * the key each row carries). The counted groups keep one: a user's groups repeat their values.
 */
export const MERGE_OUTCOME_COLUMNS: readonly string[] = [
  "AuthenticationRequirement",
  "AuthenticationRequirementPolicies",
  "AuthenticationMethodsUsed",
  "MfaDetail",
  "ResultType",
  "ResultDescription",
  "Status",
  "ConditionalAccessStatus",
  "ConditionalAccessPolicies",
];

/**
 * The tuples the rows to merge carry (see {@linkcode LaTuple}): every column but the per-row
 * ones and the steps, the user's, the outcome ({@linkcode MERGE_OUTCOME_COLUMNS}) and the rest.
 *
 * @example
 * ```ts
 * import { mergeTuples } from "./kql.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(mergeTuples(["servicePrincipal"]).map((t) => t.column), ["OutcomeTuple", "FactsTuple"]);
 * ```
 */
export function mergeTuples(eventTypes: readonly SignInEventType[], filter: LaRowFilter = {}): LaTuple[] {
  const columns = groupColumns(tablesOf(eventTypes, filter)).filter((c) => c !== "AuthenticationDetails");
  const outcome = columns.filter((c) => MERGE_OUTCOME_COLUMNS.includes(c));
  const rest = tuplesOf(columns.filter((c) => !outcome.includes(c)));
  const keys = outcome.filter((c) => JSON_TEXT_COLUMNS.includes(c));
  return [
    ...rest.filter((t) => t.column === "UserTuple"),
    ...(outcome.length > 0 ? [{ column: "OutcomeTuple", columns: outcome, keyed: true, keys }] : []),
    ...rest.filter((t) => t.column !== "UserTuple"),
  ];
}

function tablesOf(eventTypes: readonly SignInEventType[], filter: LaRowFilter = {}): LaSignInTable[] {
  const tables = LA_SIGNIN_TABLES.filter((t) => eventTypes.some((e) => LA_TABLE_OF_EVENT_TYPE[e] === t));
  if (tables.length === 0) throw new RangeError("Cannot build a query: expected at least one event type");
  // a table whose rows cannot match the filter (no user column for a user) is left out
  const left = tables.filter((t) => filterClause(t, filter) !== null);
  if (left.length === 0) {
    throw new RangeError(
      "Cannot build a query for one user: the chosen tables (service principals, managed identities) name no user",
    );
  }
  return left;
}

/**
 * The shared head of the two push-down queries: the rows asked for, whole (`Rows`: the slice's, or
 * those of `rows`, a part of it), the (correlation id, user) pairs of more than one row with an
 * interrupt or without a result code over the slice and its neighbours (`Merged`, their rows
 * counted in `PairRows`: their rows may fold into one sign-in; a pair of one row is one sign-in, an
 * interrupt alone included), ids seen more than once (`Copies`), and the rows asked for that are
 * neither (`Single`: each is one sign-in on its own). `Merged` and `Copies` read a few columns
 * over the whole slice and its neighbourhood (or window), so the `Single` of each part of a slice
 * is exactly the slice's `Single` in that part, and only the rows asked for are read whole.
 *
 * With a `share`, `Rows` and `Merged` hold that share's rows only ({@linkcode LaShare}): a pair
 * lies in one share, so `Merged` is the slice's pairs of that share; `Copies` is counted over every
 * share (copies of one id naming different users fall in two shares, and neither may be counted as
 * a sign-in of its own).
 */
function head(
  eventTypes: readonly SignInEventType[],
  slice: TimeSlice,
  filter: LaRowFilter,
  window: TimeSlice,
  share?: LaShare,
  rows: TimeSlice = slice,
): string {
  const pad = (t: TimeSlice) => ({
    from: new Date(t.from.getTime() - NEIGHBOUR_MS),
    to: new Date(t.to.getTime() + NEIGHBOUR_MS),
  });
  if (rows.from < slice.from || rows.to > slice.to) {
    throw new RangeError("Cannot build a query: expected the rows' time range inside the slice");
  }
  const codes = INTERRUPT_RESULT_TYPES.map((c) => `"${c}"`).join(", ");
  const tables = tablesOf(eventTypes, filter);
  // Copies of one id may be delivered days apart: they are looked for over the whole window (the
  // toolkit's merge remembers every id), unless the slice is the window; and over every share.
  const wide = window.from < slice.from || window.to > slice.to;
  const all = pad(wide ? window : slice);
  return [
    "let Rows = union",
    tables.map((t) => tableQuery(t, rows, true, filter, share)).join(",\n") + ";",
    // the pairs' rows over the slice and its neighbours (a few columns): a pair with one row is one
    // sign-in whatever its code (a lone interrupt: counted as one)
    "let Pairs = union",
    tables.map((t) =>
      scanQuery(t, pad(slice), filter, share, [`project CorrelationId, ${userKeyOf(t)}, ResultType`])
    ).join(",\n") + ";",
    `let Merged = Pairs | join kind=leftsemi (Pairs | where ResultType in (${codes}) or isempty(ResultType) | summarize by CorrelationId, UserKey) on CorrelationId, UserKey`,
    "    | summarize PairRows = count() by CorrelationId, UserKey | where PairRows > 1;",
    "let Ids = union",
    tables.map((t) => scanQuery(t, all, filter, undefined, ["project Id"])).join(",\n") + ";",
    "let Copies = Ids | summarize Copies = count() by Id | where Copies > 1;",
    "let Single = Rows",
    "    | join kind=leftanti Merged on CorrelationId, UserKey",
    "    | join kind=leftanti Copies on Id;",
  ].join("\n");
}

/** Columns the user part's fallback blanking reads (a table set without them skips that line). */
const FALLBACK_COLUMNS = [
  "UserId",
  "UserPrincipalName",
  "AppId",
  "AppDisplayName",
  "ResultDescription",
  "Status",
];

/** The name of a part's slimmed rows (a `let`). */
function partRowsName(part: LaCountedPart): string {
  return `${part[0]!.toUpperCase()}${part.slice(1)}Rows`;
}

/** Columns of a part (of those the chosen tables have). */
function partColumns(part: LaCountedPart, all: readonly string[]): string[] {
  const spec = LA_COUNTED_PARTS[part];
  return spec.columns === null ? [...all] : spec.columns.filter((c) => all.includes(c));
}

/** A part's `Single` rows cut to what it reads, as a `let` statement. */
function partRows(part: LaCountedPart, all: readonly string[]): string {
  const spec = LA_COUNTED_PARTS[part];
  const columns = partColumns(part, all);
  const slim: Record<string, readonly string[]> = { ...SLIM, Status: spec.status };
  return [
    `let ${partRowsName(part)} = Single`,
    // step members the report does not read would make every MFA sign-in its own key
    ...(columns.includes("AuthenticationDetails")
      ? STEP_NOISE_RE.map((re) =>
        `| extend AuthenticationDetails = replace_regex(AuthenticationDetails, '${re}', '')`
      )
      : []),
    // fallbacks the report reads only when the value before them is empty (the user id after the
    // UPN, the app id after its name, ResultDescription after Status.failureReason): blanked
    // otherwise, so they add no bytes (not for whole sign-ins: a row filter may read the user id)
    ...(part === "user"
      ? [
        '| extend UserId = iff(isnotempty(UserPrincipalName), "", UserId)',
        '| extend AppId = iff(isnotempty(AppDisplayName), "", AppId)',
        '| extend ResultDescription = iff(isnotempty(tostring(parse_json(Status).failureReason)), "", ResultDescription)',
      ].filter((x) => FALLBACK_COLUMNS.every((c) => !x.includes(c) || columns.includes(c)))
      : []),
    // nested values cut to the fields the report reads (fewer bytes, fewer distinct keys)
    ...Object.entries(slim).filter(([c]) => columns.includes(c)).map(([c, fields]) =>
      `| extend ${c} = tostring(bag_pack(${fields.map((f) => `"${f}", parse_json(${c}).${f}`).join(", ")}))`
    ),
    ...(spec.eventIp ? ['| extend EventIp = iff(ResultType == "0", "", IPAddress)'] : []),
    // the part's values as tuples (one key each in the result, the values once in its dictionary)
    `| extend ${partTuples(part, all).map(packed).join(", ")}`,
    ";",
  ].join("\n");
}

/** The name of a part's groups (a `let`). */
function partGroupsName(part: LaCountedPart): string {
  return partRowsName(part).replace(/Rows$/, "Groups");
}

/**
 * One part's summary of its rows, as a `let`: by its tuples' texts, `EventIp`, and the JSON-text
 * columns a tuple holds as keys (one value per tuple text: they add no group, and the dictionary
 * reads its values from the groups, not from every row).
 */
function partGroups(part: LaCountedPart, all: readonly string[]): string {
  const spec = LA_COUNTED_PARTS[part];
  const tuples = partTuples(part, all);
  const by = [
    ...tuples.map((t) => t.column),
    ...(spec.eventIp ? ["EventIp"] : []),
    ...tuples.flatMap((t) => t.keys),
  ];
  return [
    `let ${partGroupsName(part)} = ${partRowsName(part)}`,
    `| summarize SignIns = count(), FirstTime = min(CreatedDateTime), LastTime = max(CreatedDateTime) by ${
      by.join(", ")
    };`,
  ].join("\n");
}

/**
 * One part's groups as the result carries them, tagged with its name in `Part`: keyed tuples as
 * keys of the dictionary; `LastTime` null when it is `FirstTime` (a group of one sign-in, or of
 * sign-ins at one time).
 */
function partQuery(part: LaCountedPart, all: readonly string[]): string {
  const tuples = partTuples(part, all);
  const keyed = tuples.filter((t) => t.keyed).map((t) => t.column);
  const keys = tuples.flatMap((t) => t.keys);
  return [
    partGroupsName(part),
    ...(keys.length > 0 ? [`| project-away ${keys.join(", ")}`] : []),
    // each keyed tuple's number (see `CountedValues`)
    ...keyed.map((c) =>
      `| lookup (CountedValues | project ${c} = DictValue, ${c}Key = DictKey) on ${c} | extend ${c} = ${c}Key | project-away ${c}Key`
    ),
    "| extend LastTime = iff(LastTime == FirstTime, datetime(null), LastTime)",
    `| extend Part = "${COUNTED_PART_SENT[part]}"`,
    ...toShared(countedSharedNames(tuples, LA_COUNTED_PARTS[part].eventIp)),
  ].join("\n");
}

/**
 * The dictionary branch of a result: every distinct value of the dictionary columns of some
 * sources, once, as `DictKey` = its key, `DictValue = value`, `Part = "dictionary"`.
 */
function dictionaryQuery(
  sources: readonly { name: string; columns: readonly string[] }[],
  numbered: string | null = null,
): string | null {
  const branches = [
    ...(numbered === null ? [] : [`(${numbered} | project DictKey, DictValue)`]),
    ...sources.flatMap(({ name, columns }) =>
      columns.map((c) => `(${name} | project DictKey = ${keyOf(c)}, DictValue = ${c})`)
    ),
  ];
  if (branches.length === 0) return null;
  return [
    `union ${branches.join(",\n    ")}`,
    "| summarize by DictKey, DictValue",
    `| extend Part = "${COUNTED_PART_SENT.dictionary}"`,
    ...toShared(COUNTED_DICTIONARY_SHARED),
  ].join("\n");
}

/**
 * The counting query for a slice: the sign-ins that are one row each, summarized in parts (see
 * {@linkcode LA_COUNTED_PARTS}; in `whole` mode by every value the report reads), so what comes
 * back grows with distinct keys, not with sign-ins. Each row names its part in `Part`; its values
 * come as tuples ({@linkcode LaTuple}, {@linkcode LA_DICTIONARY_PART}): keys, with a
 * dictionary. `share` counts one share of the slice's sign-ins ({@linkcode LaShare}); `rows`
 * counts those of part of the slice (each decided against the whole slice's neighbourhood, as
 * {@linkcode mergeRowsQuery}'s `rows`): the shares and parts add up to the slice's count.
 *
 * @example
 * ```ts
 * import { groupedSignInsQuery } from "./kql.ts";
 * import assert from "node:assert/strict";
 * const q = groupedSignInsQuery(["interactiveUser"], { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-20T00:00:00Z") });
 * assert.match(q, /\| extend Facts = tostring\(pack_array\(ConditionalAccessStatus, hash\(ConditionalAccessPolicies, 9007199254740992\)\)\)\n/);
 * assert.match(q, /\| summarize SignIns = count\(\), FirstTime = min\(CreatedDateTime\), LastTime = max\(CreatedDateTime\) by UserTuple, AppTuple, FactsTuple, EventIp, Status, /);
 * assert.match(q, /datetime\(2026-11-18T23:00:00.000Z\)/); // neighbours an hour before the slice
 * ```
 */
export function groupedSignInsQuery(
  eventTypes: readonly SignInEventType[],
  slice: TimeSlice,
  mode: LaCountingMode = "parts",
  filter: LaRowFilter = {},
  window: TimeSlice = slice,
  share?: LaShare,
  rows: TimeSlice = slice,
): string {
  const all = groupColumns(tablesOf(eventTypes, filter));
  const names = countedPartsOf(mode);
  const parts = names.map((p) => partQuery(p, all));
  // the keyed tuples' values numbered (1, 2, … in their order: a key of a few digits where a hash
  // takes 16); the JSON-text values inside them keep their hashes
  const keyed = names.flatMap((p) =>
    partTuples(p, all).filter((t) => t.keyed).map((t) =>
      `(${partGroupsName(p)} | project DictValue = ${t.column})`
    )
  );
  const dictionary = dictionaryQuery(
    names.map((p) => ({
      name: partGroupsName(p),
      columns: partTuples(p, all).flatMap((t) => t.keys).filter((c, i, a) => a.indexOf(c) === i),
    })),
    keyed.length > 0 ? "CountedValues" : null,
  );
  if (dictionary !== null) parts.push(dictionary);
  return [
    head(eventTypes, slice, filter, window, share, rows),
    ...names.flatMap((p) => [partRows(p, all), partGroups(p, all)]),
    ...(keyed.length > 0
      ? [
        `let CountedValues = union ${keyed.join(", ")}`,
        NUMBERED,
      ]
      : []),
    `union\n${parts.map((p) => `(${p.replaceAll("\n", "\n    ")})`).join(",\n")}`,
  ].join("\n");
}

/**
 * The row query for a slice: the rows that may fold into one sign-in with others (an interrupt
 * and what follows it under the same correlation id and user, duplicate copies), in time order,
 * for the toolkit's merge — the same merge a file run uses. Each row's identifiers, time and IP
 * address come as they are; its other values as tuples ({@linkcode LaTuple}) and its steps with
 * their times blanked (the times in `StepTimes`: lib/log_analytics/step_times.ts), keys of values
 * sent once each in the result's dictionary ({@linkcode mergeDictionaryColumns}). Two rows alone
 * under their correlation id and user, alike but for their time, outcome and steps (most often an
 * interrupt and its completion), come as one row, the second's own values in the columns of
 * {@linkcode mergePairColumns} (their shared values and keys sent once: measured on the 1,000-user
 * sample, 3,597 pairs, 2.09 MB → 1.62 MB). `rows` picks a part of the slice (the
 * rows of a slice too many for one result are read in parts, each decided against the whole
 * slice's neighbourhood, so the parts add up to exactly the slice's rows that were not counted).
 *
 * @example
 * ```ts
 * import { mergeRowsQuery } from "./kql.ts";
 * import assert from "node:assert/strict";
 * const q = mergeRowsQuery(["interactiveUser"], { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-20T00:00:00Z") });
 * assert.match(q, /\| join kind=leftanti \(Single \| project Id\) on Id\n(\| extend .*\n)+\| project Id, CorrelationId, CreatedDateTime, IPAddress, AuthenticationDetails, StepTimes, UserTuple = tostring\(pack_array\(UserId, /);
 * assert.match(q, /\(Unpaired \| join kind=leftsemi Copies on Id \| extend SentId = Id \| extend Key = UserTuple, Text = IPAddress \| project-away UserTuple, IPAddress\)/);
 * // the keyed columns' values numbered, each column's value replaced by its number
 * assert.match(q, /\| summarize Uses = count\(\) by DictValue \| sort by Uses desc, DictValue asc \| extend DictKey = row_number\(\);\n/);
 * assert.match(q, /\| lookup \(MergeValues \| project UserTuple = DictValue, UserTupleKey = DictKey\) on UserTuple \| extend UserTuple = UserTupleKey \| project-away UserTupleKey\n/);
 * assert.match(q, /\(Unpaired \| join kind=leftanti Copies on Id \| extend SentId = "" \| extend Key/); // an id seen once: not sent
 * // two rows alone under their correlation id and user: one row
 * assert.match(q, /\| summarize PairN = count\(\), arg_min\(CreatedDateTime, OutcomeTuple, AuthenticationDetails, StepTimes\), arg_max\(PairCreatedDateTime, PairOutcomeTuple, PairAuthenticationDetails, PairStepTimes\) by CorrelationId, UserKey, UserTuple, FactsTuple, IPAddress\n/);
 * assert.match(q, /\| extend Part = "d" \| extend Key = DictKey, Text = DictValue \| project-away DictKey, DictValue\)\n\| sort by CreatedDateTime asc, Id asc\n\| extend Id = SentId\n\| project-away SentId$/);
 * ```
 */
export function mergeRowsQuery(
  eventTypes: readonly SignInEventType[],
  slice: TimeSlice,
  filter: LaRowFilter = {},
  rows: TimeSlice = slice,
  window: TimeSlice = slice,
): string {
  if (rows.from < slice.from || rows.to > slice.to) {
    throw new RangeError("Cannot build a query: expected the rows' time range inside the slice");
  }
  const inSlice = `CreatedDateTime >= ${kqlDateTime(rows.from)} and CreatedDateTime < ${
    kqlDateTime(rows.to)
  }`;
  const columns = groupColumns(tablesOf(eventTypes, filter));
  const tuples = mergeTuples(eventTypes, filter);
  const steps = columns.includes("AuthenticationDetails");
  const keyed = mergeDictionaryColumns(eventTypes, filter);
  const inTuples = tuples.flatMap((t) => t.keys);
  const pair = mergePairColumns(eventTypes, filter);
  const second = (c: string) => `${MERGE_PAIR_PREFIX}${c}`;
  // the columns the two rows of a pair share (the group's key) besides their correlation id and user
  const shared = [...tuples.map((t) => t.column).filter((c) => !pair.includes(c)), "IPAddress"];
  const rowsShared = toShared(mergeSharedNames(eventTypes, filter)).join(" ");
  return [
    head(eventTypes, slice, filter, window, undefined, rows),
    "let MergeRows = Rows",
    `| where ${inSlice}`,
    "| join kind=leftanti (Single | project Id) on Id",
    // nested values cut to the fields the report and the merge read (the steps stay whole: the
    // merge tells steps apart by their time and detail)
    ...Object.entries(SLIM).filter(([c]) => columns.includes(c)).map(([c, fields]) =>
      `| extend ${c} = tostring(bag_pack(${fields.map((f) => `"${f}", parse_json(${c}).${f}`).join(", ")}))`
    ),
    // the step times apart (in order, joined by commas), the steps with their times blanked, when
    // every occurrence of the member's name is a member with a time of plain characters; else the
    // steps stay whole (lib/log_analytics/step_times.ts puts the times back)
    ...(steps ? STEP_TIMES_KQL : []),
    `| project ${
      [
        ...MERGE_ROW_COLUMNS,
        ...(steps ? ["AuthenticationDetails", "StepTimes"] : []),
        ...tuples.map(packed),
        ...inTuples,
        "UserKey",
      ].join(", ")
    };`,
    // The keyed columns' values numbered (1, 2, …, the most used first: a key of a few digits
    // where a hash takes 16, and no two values share one); the values in the tuples keep their hashes
    // (the numbers are below any of them but a few: a shared key refuses the result, never misreads)
    `let MergeValues = union ${keyed.map((c) => `(MergeRows | project DictValue = ${c})`).join(", ")}`,
    NUMBERED,
    `let KeyedRows = MergeRows${inTuples.length > 0 ? ` | project-away ${inTuples.join(", ")}` : ""}`,
    ...keyed.map((c, i) =>
      `| lookup (MergeValues | project ${c} = DictValue, ${c}Key = DictKey) on ${c} | extend ${c} = ${c}Key | project-away ${c}Key${
        i === keyed.length - 1 ? ";" : ""
      }`
    ),
    // Two rows alone under their correlation id and user (in the slice and its neighbours), both
    // here, neither a copy, at two times, alike but for their time, outcome and steps: one row,
    // the second's values in `Pair…` columns (lib/log_analytics/dictionary.ts makes the two rows
    // again; their correlation id is not sent: no other row shares it within the merge horizon)
    "let Paired = KeyedRows",
    "| where isnotempty(CorrelationId)",
    "| join kind=leftanti Copies on Id",
    "| join kind=leftsemi (Merged | where PairRows == 2) on CorrelationId, UserKey",
    `| extend ${pair.map((c) => `${second(c)} = ${c}`).join(", ")}`,
    `| summarize PairN = count(), arg_min(${pair.join(", ")}), arg_max(${
      pair.map(second).join(", ")
    }) by CorrelationId, UserKey, ${shared.join(", ")}`,
    `| where PairN == 2 and CreatedDateTime < ${second("CreatedDateTime")};`,
    "let Unpaired = KeyedRows | join kind=leftanti Paired on CorrelationId, UserKey | project-away UserKey;",
    "union",
    // the id only where the merge reads it: a copy's (a row seen once needs none; the toolkit reads
    // an empty id as none), the rows still sorted by the id itself
    // (each branch's columns in the shared ones: see `mergeSharedNames`)
    ...[["leftanti", '""'], ["leftsemi", "Id"]].map(([kind, id]) =>
      `(Unpaired | join kind=${kind} Copies on Id | extend SentId = ${id} ${rowsShared}),`
    ),
    `(Paired | extend SentId = "" | project-away PairN, CorrelationId, UserKey ${rowsShared}),`,
    [
      `(union (MergeValues | project DictKey, DictValue)${
        inTuples.map((c) => `,\n        (MergeRows | project DictKey = ${keyOf(c)}, DictValue = ${c})`).join(
          "",
        )
      }`,
      "    | summarize by DictKey, DictValue",
      `    | extend Part = "${COUNTED_PART_SENT.dictionary}" ${
        toShared(COUNTED_DICTIONARY_SHARED).join(" ")
      })`,
    ].join("\n"),
    "| sort by CreatedDateTime asc, Id asc",
    "| extend Id = SentId",
    "| project-away SentId",
  ].join("\n");
}
