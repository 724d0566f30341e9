/**
 * `/auditLogs/signIns` items (Graph beta shape) of the sample tenant, streamed newest first.
 *
 * @module
 */

import type { GraphObject } from "./dataset.ts";
import { type ResolvedSampleOptions, resolveSampleOptions, type SampleTenantOptions } from "./options.ts";
import { createPrng } from "./prng.ts";
import { planUsers, type UserPlan } from "./_user_plan.ts";
import { CATALOGUE, type Emitter, fillerAppOnlyEvent, fillerUserEvent } from "./_sign_in_scenarios.ts";

const HOUR_MS = 3_600_000;
const STREAM_SIGN_INS = 0x5161;
/** Relative sign-in volume per UTC hour of day. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 1, 1] as const;
const HOUR_WEIGHT_SUM = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
/** Share of events that are service-principal or managed-identity sign-ins. */
const APP_ONLY_SHARE = 0.1;
/** Share of filler rows Graph delivers twice. */
const DUPLICATE_RATE = 0.002;

function newestFirst(a: GraphObject, b: GraphObject): number {
  const x = a.createdDateTime as string;
  const y = b.createdDateTime as string;
  return x < y ? 1 : x > y ? -1 : 0;
}

function pickUser(e: Emitter, plans: readonly UserPlan[]): UserPlan {
  const rng = e.rng;
  let plan = plans[Math.floor(rng.next() * plans.length)] as UserPlan;
  // Break-glass accounts sign in rarely; disabled accounts only from stale clients.
  if (plan.kind === "breakGlass" && rng.chance(0.95)) {
    plan = plans[Math.floor(rng.next() * plans.length)] as UserPlan;
  } else if (!plan.accountEnabled && rng.chance(0.8)) {
    plan = plans[Math.floor(rng.next() * plans.length)] as UserPlan;
  } // Users who cannot do MFA give up soon: fewer attempts.
  else if (!plan.canMfa && plan.kind === "member" && rng.chance(0.7)) {
    plan = plans[Math.floor(rng.next() * plans.length)] as UserPlan;
  }
  return plan;
}

/** @internal Streams the sign-ins of resolved options over already-planned users. */
export function* _signInStream(
  options: ResolvedSampleOptions,
  plans: readonly UserPlan[],
): Generator<GraphObject> {
  const buckets = _signInBuckets(options);
  for (let k = 0; k < buckets; k++) yield* _signInBucket(options, plans, k);
}

/** @internal Hour buckets of the sign-in log (bucket 0 is the newest hour). */
export function _signInBuckets(options: ResolvedSampleOptions): number {
  return options.days * 24;
}

/**
 * @internal The sign-ins of hour bucket `k` (the hour ending `k` hours before now), newest
 * first. Each bucket depends only on the options, the plans and `k`, so any bucket can be made
 * on its own: `_signInStream` is every bucket in order.
 */
export function _signInBucket(
  options: ResolvedSampleOptions,
  plans: readonly UserPlan[],
  k: number,
): GraphObject[] {
  const buckets = _signInBuckets(options);
  const perDay = options.users * options.signInsPerUserPerDay;
  const catalogueSize = CATALOGUE.length;
  const startMs = options.nowMs - (k + 1) * HOUR_MS;
  const e: Emitter = {
    rng: createPrng(options.seed, STREAM_SIGN_INS, k),
    plans,
    startMs,
    spanMs: HOUR_MS,
    rows: [],
    duplicateRate: DUPLICATE_RATE,
  };
  // the catalogue entries of this hour, in catalogue order
  for (let next = 0; next < catalogueSize; next++) {
    if (Math.floor((next + 0.5) * buckets / catalogueSize) === k) {
      (CATALOGUE[next] as (e: Emitter) => void)(e);
    }
  }
  const weight = HOUR_WEIGHTS[new Date(startMs).getUTCHours()] as number;
  const count = Math.floor(perDay * weight / HOUR_WEIGHT_SUM + e.rng.next());
  for (let i = 0; i < count; i++) {
    if (e.rng.chance(APP_ONLY_SHARE)) fillerAppOnlyEvent(e);
    else fillerUserEvent(e, pickUser(e, plans));
  }
  e.rows.sort(newestFirst);
  return e.rows;
}

/**
 * Streams the tenant's sign-ins (Graph beta signIn objects), newest first, over `days` days
 * ending at `now`, without building the whole log: only one hour of rows is held at a time.
 * Yields exactly the rows of `generateSampleTenant(options).signIns`, in the same order.
 *
 * The log mixes random traffic (about `users × signInsPerUserPerDay` events a day; MFA
 * completions, token refreshes, failures, service principals, managed identities) with a fixed
 * catalogue that every tenant contains once: every MFA satisfied and denied reason, every
 * Conditional Access result (report-only included), interrupt→completion rows sharing a
 * correlationId, exact duplicates, legacy protocols, risky and cross-tenant sign-ins, on-premises
 * MFA (NPS, AD FS adapter) and a few values Graph may add later (unknown error code,
 * Conditional Access status, policy result, method, event type, …).
 *
 * @param options seed, size, window (see {@linkcode SampleTenantOptions})
 * @returns a generator of sign-in objects
 *
 * @example Streaming a week of sign-ins
 * ```ts
 * import { generateSignIns } from "./sign_ins.ts";
 * import assert from "node:assert/strict";
 * let count = 0;
 * let previous = "9999";
 * for (const row of generateSignIns({ users: 40, days: 7 })) {
 *   const created = String(row.createdDateTime);
 *   assert.ok(created <= previous, "newest first");
 *   previous = created;
 *   count++;
 * }
 * assert.ok(count > 500);
 * ```
 */
export function* generateSignIns(options: SampleTenantOptions = {}): Generator<GraphObject> {
  const resolved = resolveSampleOptions(options);
  yield* _signInStream(resolved, planUsers(resolved));
}
