/**
 * A count of what a {@linkcode GraphDataset} holds, read from its raw Graph fields.
 *
 * @module
 */

import { CountMap } from "../../lib/report/count_map.ts";
import type { GraphDataset, GraphObject } from "./dataset.ts";

/** What a dataset holds. Every count is read from the Graph objects, not from generator state. */
export interface DatasetSummary {
  /** `/users`: totals by userType (case-insensitive), disabled, `svc-` service accounts. */
  users: { total: number; members: number; guests: number; disabled: number; serviceAccounts: number };
  /** userRegistrationDetails flags. */
  registration: {
    total: number;
    admins: number;
    mfaRegistered: number;
    mfaCapable: number;
    passwordlessCapable: number;
    /** Rows with an empty methodsRegistered. */
    noMethods: number;
  };
  /** Authentication-method items by `@odata.type`. */
  authenticationMethods: { total: number; byType: Record<string, number> };
  /** Conditional Access policies by state. */
  conditionalAccessPolicies: { total: number; byState: Record<string, number> };
  /** Sign-ins. */
  signIns: {
    total: number;
    /** By `signInEventTypes` joined with ",". */
    byEventType: Record<string, number>;
    /** By `status.errorCode` (as a string key). */
    byErrorCode: Record<string, number>;
    /** Rows whose id appeared earlier (exact duplicate deliveries). */
    duplicateIds: number;
    /** correlationIds shared by more than one distinct id. */
    multiRowCorrelationIds: number;
    /** Earliest and latest createdDateTime, or null when there are no sign-ins. */
    from: string | null;
    to: string | null;
  };
}

function status(row: GraphObject): Record<string, unknown> {
  const s = row.status;
  return typeof s === "object" && s !== null ? s as Record<string, unknown> : {};
}

/**
 * Counts what a dataset holds (users by type, registrations, methods by type, policies by
 * state, sign-ins by event type and error code, duplicates, multi-row correlations). Handy for
 * demos and sanity checks; tests of other modules should compute their expectations from the
 * dataset themselves.
 *
 * @param ds the dataset
 * @returns the summary
 *
 * @example Counting a hand-made dataset
 * ```ts
 * import { describeDataset } from "./describe_dataset.ts";
 * import assert from "node:assert/strict";
 * const summary = describeDataset({
 *   tenantId: "00000000-0000-4000-8000-000000000001",
 *   domain: "contoso.example",
 *   users: [{ id: "u1", userType: "Member", accountEnabled: true, userPrincipalName: "a@contoso.example" }],
 *   registrationDetails: [],
 *   authenticationMethods: {},
 *   conditionalAccessPolicies: [],
 *   signIns: [
 *     { id: "s2", correlationId: "c", createdDateTime: "2026-11-20T10:00:05Z", signInEventTypes: ["interactiveUser"], status: { errorCode: 0 } },
 *     { id: "s1", correlationId: "c", createdDateTime: "2026-11-20T10:00:00Z", signInEventTypes: ["interactiveUser"], status: { errorCode: 50074 } },
 *     { id: "s1", correlationId: "c", createdDateTime: "2026-11-20T10:00:00Z", signInEventTypes: ["interactiveUser"], status: { errorCode: 50074 } },
 *   ],
 * });
 * assert.equal(summary.users.members, 1);
 * assert.equal(summary.signIns.byEventType.interactiveUser, 3);
 * assert.equal(summary.signIns.duplicateIds, 1);
 * assert.equal(summary.signIns.multiRowCorrelationIds, 1);
 * ```
 */
export function describeDataset(ds: GraphDataset): DatasetSummary {
  const users = { total: ds.users.length, members: 0, guests: 0, disabled: 0, serviceAccounts: 0 };
  for (const u of ds.users) {
    const type = String(u.userType).toLowerCase();
    if (type === "member") users.members++;
    else if (type === "guest") users.guests++;
    if (u.accountEnabled === false) users.disabled++;
    if (String(u.userPrincipalName).startsWith("svc-")) users.serviceAccounts++;
  }
  const registration = {
    total: ds.registrationDetails.length,
    admins: 0,
    mfaRegistered: 0,
    mfaCapable: 0,
    passwordlessCapable: 0,
    noMethods: 0,
  };
  for (const r of ds.registrationDetails) {
    if (r.isAdmin === true) registration.admins++;
    if (r.isMfaRegistered === true) registration.mfaRegistered++;
    if (r.isMfaCapable === true) registration.mfaCapable++;
    if (r.isPasswordlessCapable === true) registration.passwordlessCapable++;
    if (Array.isArray(r.methodsRegistered) && r.methodsRegistered.length === 0) registration.noMethods++;
  }
  const methodsByType = new CountMap(Infinity);
  let methodTotal = 0;
  for (const list of Object.values(ds.authenticationMethods)) {
    for (const m of list) {
      methodTotal++;
      methodsByType.add(String(m["@odata.type"]));
    }
  }
  const byState = new CountMap(Infinity);
  for (const p of ds.conditionalAccessPolicies) byState.add(String(p.state));
  const byEventType = new CountMap(Infinity);
  const byErrorCode = new CountMap(Infinity);
  const seen = new Set<string>();
  const idsByCorrelation = new Map<string, Set<string>>();
  let duplicateIds = 0;
  let from: string | null = null;
  let to: string | null = null;
  for (const s of ds.signIns) {
    const id = String(s.id);
    if (seen.has(id)) duplicateIds++;
    else seen.add(id);
    const types = Array.isArray(s.signInEventTypes)
      ? s.signInEventTypes.join(",")
      : String(s.signInEventTypes);
    byEventType.add(types);
    byErrorCode.add(String(status(s).errorCode));
    const created = String(s.createdDateTime);
    if (from === null || created < from) from = created;
    if (to === null || created > to) to = created;
    const correlationId = String(s.correlationId);
    let ids = idsByCorrelation.get(correlationId);
    if (ids === undefined) idsByCorrelation.set(correlationId, ids = new Set());
    ids.add(String(s.id));
  }
  let multiRowCorrelationIds = 0;
  for (const ids of idsByCorrelation.values()) if (ids.size > 1) multiRowCorrelationIds++;
  return {
    users,
    registration,
    authenticationMethods: { total: methodTotal, byType: methodsByType.toRecord() },
    conditionalAccessPolicies: { total: ds.conditionalAccessPolicies.length, byState: byState.toRecord() },
    signIns: {
      total: ds.signIns.length,
      byEventType: byEventType.toRecord(),
      byErrorCode: byErrorCode.toRecord(),
      duplicateIds,
      multiRowCorrelationIds,
      from,
      to,
    },
  };
}
