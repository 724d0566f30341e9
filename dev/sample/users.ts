/**
 * `/users` objects of the sample tenant.
 *
 * @module
 */

import type { GraphObject } from "./dataset.ts";
import { resolveSampleOptions, type SampleTenantOptions } from "./options.ts";
import { planUsers, type UserPlan } from "./_user_plan.ts";
import { isoSeconds } from "./_time.ts";

/** The `/users` item for a plan. */
export function _userObject(plan: UserPlan): GraphObject {
  return {
    id: plan.id,
    userPrincipalName: plan.upn,
    displayName: plan.displayName,
    userType: plan.userType === "guest" ? "Guest" : "Member",
    accountEnabled: plan.accountEnabled,
    mail: plan.mail,
    createdDateTime: isoSeconds(plan.createdMs),
  };
}

/**
 * Generates the tenant's `/users` items: members, guests (`#EXT#` UPNs from
 * `fabrikam.example`), admins, disabled, service (`svc-…`) and break-glass accounts, and a
 * few hostile display names. The same options always give the same users; user `i` depends
 * only on the seed and `i`, so a bigger tenant starts with the users of a smaller one.
 *
 * @param options seed and size (see {@linkcode SampleTenantOptions}); `days` and
 *   `signInsPerUserPerDay` are ignored
 * @returns `options.users` objects with id, userPrincipalName, displayName, userType
 *   (`"Member"`/`"Guest"` as Graph spells it on `/users`), accountEnabled, mail, createdDateTime
 *
 * @example Generating users
 * ```ts
 * import { generateUsers } from "./users.ts";
 * import assert from "node:assert/strict";
 * const users = generateUsers({ seed: 7, users: 40 });
 * assert.equal(users.length, 40);
 * assert.ok(users.some((u) => String(u.userPrincipalName).includes("#EXT#@contoso.example")));
 * assert.deepEqual(generateUsers({ seed: 7, users: 40 }), users);
 * ```
 */
export function generateUsers(options: SampleTenantOptions = {}): GraphObject[] {
  return planUsers(resolveSampleOptions(options)).map(_userObject);
}
