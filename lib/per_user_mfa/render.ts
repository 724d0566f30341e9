/**
 * Outputs of `per-user-mfa`: UPNs one per line (MSOnline habit), CSV, JSON; and the counts by
 * state. Pure functions over {@linkcode PerUserMfaRow}s.
 *
 * @module
 */
import { PER_USER_MFA_STATES } from "../classify/per_user_mfa.ts";
import { toCsv, toJson } from "../report/mod.ts";
import { renderUpnList } from "../registration/user_rows.ts";
import type { PerUserMfaRow } from "./read.ts";

/** `--state` values: the Graph states and the unknown bucket. */
export const PER_USER_MFA_FILTERS = [...Object.keys(PER_USER_MFA_STATES), "unknown"] as readonly (
  | keyof typeof PER_USER_MFA_STATES
  | "unknown"
)[];

/** One of {@linkcode PER_USER_MFA_FILTERS}. */
export type PerUserMfaFilter = typeof PER_USER_MFA_FILTERS[number];

/** Users per state (every state present, 0 when none). */
export type PerUserMfaCounts = Record<PerUserMfaFilter, number>;

/** Schema version of the JSON output. */
export const PER_USER_MFA_SCHEMA_VERSION = 1;

/**
 * Users per state.
 *
 * @example
 * ```ts
 * import { countPerUserMfa } from "./render.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(countPerUserMfa([{ state: "enforced" }, { state: "unknown" }]),
 *   { disabled: 0, enabled: 0, enforced: 1, unknown: 1 });
 * ```
 */
export function countPerUserMfa(rows: readonly Pick<PerUserMfaRow, "state">[]): PerUserMfaCounts {
  const counts = Object.fromEntries(PER_USER_MFA_FILTERS.map((s) => [s, 0])) as PerUserMfaCounts;
  for (const r of rows) counts[r.state]++;
  return counts;
}

/**
 * The raw values behind the unknown bucket, with their counts (at most `limit`, most frequent first).
 *
 * @example
 * ```ts
 * import { unknownStates } from "./render.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(unknownStates([{ state: "unknown", rawState: "x" }, { state: "unknown", rawState: null }]),
 *   [["(none)", 1], ["x", 1]]);
 * ```
 */
export function unknownStates(
  rows: readonly Pick<PerUserMfaRow, "state" | "rawState">[],
  limit = 5,
): [string, number][] {
  const m = new Map<string, number>();
  for (const r of rows) {
    if (r.state !== "unknown") continue;
    const k = r.rawState ?? "(none)";
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
}

const CSV_HEADERS = [
  "userPrincipalName",
  "displayName",
  "userType",
  "accountEnabled",
  "perUserMfaState",
  "rawPerUserMfaState",
  "id",
] as const;

function byUpn(a: PerUserMfaRow, b: PerUserMfaRow): number {
  const x = a.userPrincipalName.toLowerCase(), y = b.userPrincipalName.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The UPNs, sorted, one per line (escaped so no value adds a line or a CI command).
 *
 * @example
 * ```ts
 * import { renderPerUserMfaText } from "./render.ts";
 * import assert from "node:assert/strict";
 * assert.equal(renderPerUserMfaText([{ userPrincipalName: "b@contoso.example" }, { userPrincipalName: "a@contoso.example" }]),
 *   "a@contoso.example\nb@contoso.example\n");
 * ```
 */
export function renderPerUserMfaText(rows: readonly Pick<PerUserMfaRow, "userPrincipalName">[]): string {
  return renderUpnList(rows.map((r) => r.userPrincipalName));
}

/**
 * CSV with one row per user (formula-safe cells).
 *
 * @example
 * ```ts
 * import { renderPerUserMfaCsv } from "./render.ts";
 * import assert from "node:assert/strict";
 * const csv = renderPerUserMfaCsv([{ id: "u1", userPrincipalName: "a@contoso.example", displayName: "=cmd",
 *   userType: "Member", accountEnabled: true, state: "enforced", rawState: "enforced" }]);
 * assert.match(csv, /^userPrincipalName,/);
 * assert.match(csv, /'=cmd/);
 * ```
 */
export function renderPerUserMfaCsv(rows: readonly PerUserMfaRow[], options: { bom?: boolean } = {}): string {
  return toCsv(
    CSV_HEADERS,
    [...rows].sort(byUpn).map((r) => [
      r.userPrincipalName,
      r.displayName,
      r.userType,
      r.accountEnabled === null ? "" : String(r.accountEnabled),
      r.state,
      r.rawState ?? "",
      r.id,
    ]),
    options,
  );
}

/**
 * The JSON document: what was asked, counts over every user read, and the users listed.
 *
 * @example
 * ```ts
 * import { renderPerUserMfaJson } from "./render.ts";
 * import assert from "node:assert/strict";
 * const doc = JSON.parse(renderPerUserMfaJson([], { states: ["enforced"], counts: { disabled: 2, enabled: 0, enforced: 0, unknown: 0 },
 *   usersRead: 2, generatedAt: new Date("2026-11-20T12:00:00Z") }));
 * assert.equal(doc.schemaVersion, 1);
 * assert.equal(doc.usersRead, 2);
 * assert.deepEqual(doc.users, []);
 * ```
 */
export function renderPerUserMfaJson(
  rows: readonly PerUserMfaRow[],
  meta: {
    states: readonly PerUserMfaFilter[];
    counts: PerUserMfaCounts;
    usersRead: number;
    generatedAt: Date;
  },
): string {
  return toJson({
    schemaVersion: PER_USER_MFA_SCHEMA_VERSION,
    generatedAt: meta.generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    source: "graph-beta-authentication-requirements",
    states: meta.states,
    usersRead: meta.usersRead,
    counts: meta.counts,
    users: [...rows].sort(byUpn).map((r) => ({
      id: r.id,
      userPrincipalName: r.userPrincipalName,
      displayName: r.displayName,
      userType: r.userType,
      accountEnabled: r.accountEnabled,
      perUserMfaState: r.state,
      rawPerUserMfaState: r.rawState,
    })),
  });
}
