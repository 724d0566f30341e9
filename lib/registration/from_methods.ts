/**
 * The fallback for tenants without Entra ID P1/P2: a `/users` item plus that user's
 * `/authentication/methods` items, turned into a {@linkcode RegistrationRecord}. Graph's
 * booleans (`isMfaRegistered`, `isMfaCapable`, `isPasswordlessCapable`) and `isAdmin` are not
 * available this way; the flags are derived from the methods without the tenant's policy.
 *
 * @module
 */
import { classifyPhoneType, PHONE_TYPES } from "../classify/mod.ts";
import type { RowResult } from "./from_row.ts";
import { classifyRegisteredMethods, type RegistrationRecord, userTypeOf } from "./record.ts";

function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

/**
 * The method spelling of one `/authentication/methods` item: its `@odata.type`, or for a phone
 * its `phoneType` (`mobile` → `mobilePhone`, `alternateMobile` → `alternateMobilePhone`,
 * `office` → `officePhone`) as the registration report names them.
 *
 * @example
 * ```ts
 * import { methodSpellingOf } from "./from_methods.ts";
 * import assert from "node:assert/strict";
 * assert.equal(methodSpellingOf({ "@odata.type": "#microsoft.graph.phoneAuthenticationMethod", phoneType: "office" }), "officePhone");
 * assert.equal(methodSpellingOf({ "@odata.type": "#microsoft.graph.fido2AuthenticationMethod" }), "#microsoft.graph.fido2AuthenticationMethod");
 * assert.equal(methodSpellingOf({ id: "x" }), "");
 * ```
 */
export function methodSpellingOf(item: Record<string, unknown>): string {
  const type = text(item["@odata.type"]);
  if (/phoneAuthenticationMethod$/i.test(type)) {
    const p = classifyPhoneType(item.phoneType);
    if (p.kind === "known") return PHONE_TYPES[p.id].method;
  }
  return type;
}

/**
 * Builds the record of one user from `/users` and `/users/{id}/authentication/methods`.
 * Never throws; a user without a UPN is `invalid`.
 *
 * @example A user with a phone and a FIDO2 key
 * ```ts
 * import { registrationRecordFromMethods } from "./from_methods.ts";
 * import assert from "node:assert/strict";
 * const r = registrationRecordFromMethods(
 *   { id: "u1", userPrincipalName: "megan@contoso.example", displayName: "Megan", userType: "Member", accountEnabled: true },
 *   [
 *     { "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", id: "p" },
 *     { "@odata.type": "#microsoft.graph.phoneAuthenticationMethod", phoneType: "mobile" },
 *     { "@odata.type": "#microsoft.graph.fido2AuthenticationMethod" },
 *   ],
 * );
 * assert.equal(r.kind, "record");
 * if (r.kind === "record") {
 *   assert.deepEqual(r.record.methods.map((m) => m.id), ["mobilePhone", "fido2"]);
 *   assert.equal(r.record.isMfaRegistered, undefined);
 *   assert.equal(r.record.userType, "member");
 * }
 * ```
 */
export function registrationRecordFromMethods(
  user: Record<string, unknown>,
  methods: readonly Record<string, unknown>[],
): RowResult {
  const upn = text(user.userPrincipalName);
  if (upn === "") {
    return {
      kind: "invalid",
      field: "userPrincipalName",
      detail: `expected a user principal name on user ${JSON.stringify(user.id ?? null)}`,
    };
  }
  const record: RegistrationRecord = {
    id: text(user.id),
    userPrincipalName: upn,
    displayName: text(user.displayName),
    userType: userTypeOf(user.userType),
    isAdmin: undefined,
    accountEnabled: typeof user.accountEnabled === "boolean" ? user.accountEnabled : undefined,
    methods: classifyRegisteredMethods(methods.map(methodSpellingOf)),
    isMfaRegistered: undefined,
    isMfaCapable: undefined,
    isPasswordlessCapable: undefined,
    defaultMethod: undefined,
    systemPreferredEnabled: undefined,
    lastUpdated: undefined,
    source: "per-user-methods",
  };
  return { kind: "record", record };
}
