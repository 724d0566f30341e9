/**
 * `/users/{id}/authentication/requirements` (Graph beta `strongAuthenticationRequirements`) of
 * the sample tenant: each user's legacy per-user MFA state.
 *
 * @module
 */

import type { GraphObject } from "./dataset.ts";
import { resolveSampleOptions, type SampleTenantOptions } from "./options.ts";
import { planUsers, type UserPlan } from "./_user_plan.ts";
import { createPrng } from "./prng.ts";
import { hasAny, MFA_METHODS } from "./_methods.ts";

const STREAM_PER_USER_MFA = 0x9f3a;

/**
 * A value Graph does not document yet (the sample's one account with it shows the unknown
 * bucket); with `Prefer: include-unknown-enum-members` Graph sends new members by name.
 */
export const UNKNOWN_PER_USER_MFA_STATE = "requiredOnNextSignIn";

/**
 * The per-user MFA state of a plan: users the sign-ins show with per-user MFA are `enforced`
 * once registered (Microsoft moves them there on registration), `enabled` while not registered,
 * and a quarter of them stay `enabled` after an admin re-enabled them (Microsoft's docs: a
 * re-enabled user who does not re-register stays enabled); every other user is `disabled`; the
 * roster's account with an unknown method type carries a state Graph may add later.
 */
export function _perUserMfaState(plan: UserPlan, seed: number): string {
  if (plan.tag === "unknownMethod") return UNKNOWN_PER_USER_MFA_STATE;
  if (!plan.perUserMfa) return "disabled";
  if (!hasAny(plan.methods, MFA_METHODS)) return "enabled";
  return createPrng(seed, STREAM_PER_USER_MFA, plan.index).chance(0.25) ? "enabled" : "enforced";
}

/** The `/users/{id}/authentication/requirements` body of a plan. */
export function _perUserMfaRequirements(plan: UserPlan, seed: number): GraphObject {
  return { perUserMfaState: _perUserMfaState(plan, seed) };
}

/**
 * Generates every user's `strongAuthenticationRequirements` object, keyed by user id.
 *
 * @param options seed and size (see {@linkcode SampleTenantOptions})
 * @returns user id → `{ perUserMfaState }`
 *
 * @example
 * ```ts
 * import { generatePerUserMfaRequirements } from "./per_user_mfa.ts";
 * import assert from "node:assert/strict";
 * const r = generatePerUserMfaRequirements({ seed: 1, users: 200 });
 * const states = new Set(Object.values(r).map((o) => o.perUserMfaState));
 * assert.ok(states.has("disabled") && states.has("enforced"));
 * assert.equal(Object.keys(r).length, 200);
 * ```
 */
export function generatePerUserMfaRequirements(
  options: SampleTenantOptions = {},
): Record<string, GraphObject> {
  const resolved = resolveSampleOptions(options);
  const out: Record<string, GraphObject> = {};
  for (const plan of planUsers(resolved)) out[plan.id] = _perUserMfaRequirements(plan, resolved.seed);
  return out;
}
