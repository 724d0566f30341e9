/**
 * The whole sample tenant as one {@linkcode GraphDataset}.
 *
 * @module
 */

import type { GraphDataset, GraphObject } from "./dataset.ts";
import { resolveSampleOptions, type SampleTenantOptions } from "./options.ts";
import { planUsers } from "./_user_plan.ts";
import { SAMPLE_TENANT } from "./tenant.ts";
import { _userObject } from "./users.ts";
import { _registrationDetail } from "./registration_details.ts";
import { _authenticationMethods } from "./authentication_methods.ts";
import { _breakGlassIds, _caPolicies } from "./conditional_access_policies.ts";
import { _signInStream } from "./sign_ins.ts";
import { _perUserMfaRequirements } from "./per_user_mfa.ts";

/**
 * Generates a deterministic sample tenant on `contoso.example`: users, registration details,
 * per-user authentication methods, Conditional Access policies and sign-ins, each exactly as
 * the matching generator (`generateUsers`, `generateRegistrationDetails`,
 * `generateAuthenticationMethods`, `generateConditionalAccessPolicies`, `generateSignIns`)
 * returns it for the same options. Never uses `Math.random`: the same options always give a
 * deep-equal dataset. About 40 users and 30 days make a few thousand sign-ins in well under a
 * second; for big logs stream `generateSignIns` instead.
 *
 * @param options seed, size, window (see {@linkcode SampleTenantOptions})
 * @returns the dataset
 * @throws {RangeError} when an option is out of range
 *
 * @example A small tenant
 * ```ts
 * import { generateSampleTenant } from "./sample_tenant.ts";
 * import assert from "node:assert/strict";
 * const ds = generateSampleTenant({ seed: 3, users: 40, days: 3 });
 * assert.equal(ds.domain, "contoso.example");
 * assert.equal(ds.users.length, 40);
 * assert.equal(ds.registrationDetails.length, 40);
 * const ids = new Set(ds.users.map((u) => u.id));
 * for (const s of ds.signIns) assert.ok(s.userId === "" || ids.has(s.userId));
 * assert.deepEqual(generateSampleTenant({ seed: 3, users: 40, days: 3 }), ds);
 * ```
 */
export function generateSampleTenant(options: SampleTenantOptions = {}): GraphDataset {
  const resolved = resolveSampleOptions(options);
  const plans = planUsers(resolved);
  const authenticationMethods: Record<string, GraphObject[]> = {};
  const perUserMfa: Record<string, GraphObject> = {};
  for (const plan of plans) {
    authenticationMethods[plan.id] = _authenticationMethods(plan, resolved.seed);
    perUserMfa[plan.id] = _perUserMfaRequirements(plan, resolved.seed);
  }
  return {
    tenantId: SAMPLE_TENANT.tenantId,
    domain: SAMPLE_TENANT.domain,
    users: plans.map(_userObject),
    registrationDetails: plans.map((p) => _registrationDetail(p, resolved.seed, resolved.nowMs)),
    authenticationMethods,
    conditionalAccessPolicies: _caPolicies(_breakGlassIds(plans), resolved.nowMs),
    signIns: [..._signInStream(resolved, plans)],
    perUserMfa,
  };
}
