/**
 * `/reports/authenticationMethods/userRegistrationDetails` rows (beta shape) of the sample tenant.
 *
 * @module
 */

import type { GraphObject } from "./dataset.ts";
import { resolveSampleOptions, type SampleTenantOptions } from "./options.ts";
import { planUser, type UserPlan } from "./_user_plan.ts";
import { createPrng } from "./prng.ts";
import { isoSeconds } from "./_time.ts";
import {
  DEFAULT_MFA_METHOD,
  DISALLOWED_METHODS,
  hasAny,
  MFA_METHODS,
  PASSWORDLESS_METHODS,
  SSPR_METHODS,
  strongestSecondFactor,
} from "./_methods.ts";

const STREAM_REPORT = 0x4e90;

/** The userRegistrationDetails row for a plan; `nowMs` is the report time. */
export function _registrationDetail(plan: UserPlan, seed: number, nowMs: number): GraphObject {
  const methods = plan.methods;
  let mfaRegistered = false;
  let mfaAllowed = false;
  for (const m of methods) {
    if (MFA_METHODS.has(m)) {
      mfaRegistered = true;
      if (!DISALLOWED_METHODS.has(m)) mfaAllowed = true;
    }
  }
  const isMfaCapable = mfaRegistered && mfaAllowed && !plan.notCapable;
  const ssprEnabled = plan.kind === "member";
  const ssprRegistered = hasAny(methods, SSPR_METHODS);
  const strongest = strongestSecondFactor(methods);
  const preferred = plan.preferredOverride ?? strongest;
  const systemPreferred = plan.systemPreferredEnabled && strongest !== "none" ? [strongest] : [];
  const refreshedMs = nowMs - (createPrng(seed, STREAM_REPORT, plan.index).int(600, 6 * 3600)) * 1000;
  return {
    id: plan.id,
    userPrincipalName: plan.upn,
    userDisplayName: plan.displayName,
    userType: plan.userType,
    isAdmin: plan.isAdmin,
    isSsprRegistered: ssprRegistered,
    isSsprEnabled: ssprEnabled,
    isSsprCapable: ssprRegistered && ssprEnabled,
    isMfaRegistered: mfaRegistered,
    isMfaCapable,
    isPasswordlessCapable: !plan.notCapable && hasAny(methods, PASSWORDLESS_METHODS),
    methodsRegistered: [...methods],
    isSystemPreferredAuthenticationMethodEnabled: plan.systemPreferredEnabled,
    systemPreferredAuthenticationMethods: systemPreferred,
    userPreferredMethodForSecondaryAuthentication: preferred,
    lastUpdatedDateTime: isoSeconds(refreshedMs),
    defaultMfaMethod: DEFAULT_MFA_METHOD[preferred] ?? "none",
  };
}

/**
 * Generates one userRegistrationDetails row per user (beta shape, with `defaultMfaMethod`).
 * Rows cover every methodsRegistered value Graph is known to return plus one it isn't
 * (`quantumEntanglementKey`); `isMfaRegistered` is true exactly when an MFA method is
 * registered (email, security questions, app passwords, Temporary Access Pass and QR code
 * don't count); `isMfaCapable` is false for voice-only users (voice is off in the tenant's
 * policy) and a few users outside the policy's target group. Fast enough for 100,000 users.
 *
 * @param options seed, users and now (see {@linkcode SampleTenantOptions})
 * @returns `options.users` rows, in the same order as {@linkcode generateUsers}
 *
 * @example Registered versus capable
 * ```ts
 * import { generateRegistrationDetails } from "./registration_details.ts";
 * import assert from "node:assert/strict";
 * const rows = generateRegistrationDetails({ users: 40 });
 * const emailOnly = rows.find((r) => JSON.stringify(r.methodsRegistered) === '["email"]');
 * assert.equal(emailOnly?.isMfaRegistered, false);
 * assert.ok(rows.some((r) => r.isMfaRegistered === true && r.isMfaCapable === false));
 * ```
 */
export function generateRegistrationDetails(options: SampleTenantOptions = {}): GraphObject[] {
  const resolved = resolveSampleOptions(options);
  const rows = new Array<GraphObject>(resolved.users);
  for (let i = 0; i < resolved.users; i++) {
    rows[i] = _registrationDetail(planUser(resolved, i), resolved.seed, resolved.nowMs);
  }
  return rows;
}
