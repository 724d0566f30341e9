/**
 * Classifier for the user type of a sign-in or user (`userType`: Member / Guest), plus
 * "external" for accounts whose UPN carries `#EXT#` (invited from another tenant).
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * User types. `external` is not a Graph `signInUserType` member: it marks a `#EXT#` account
 * that is not a guest (for example an external member of a multi-tenant organization).
 *
 * @example Reading the table
 * ```ts
 * import { USER_TYPES } from "./user_type.ts";
 * import assert from "node:assert/strict";
 * assert.equal(USER_TYPES.member.label, "Member");
 * ```
 */
export const USER_TYPES = {
  member: { label: "Member" },
  guest: { label: "Guest" },
  external: { label: "External user", aliases: ["External"] },
} as const satisfies EnumTable;

/** A UserType id (stable, camelCase). */
export type UserType = keyof typeof USER_TYPES;

const userTypeEnum = defineEnum(USER_TYPES);

/** Type guard for {@linkcode UserType} (exact ids only). */
export const isUserType: (v: unknown) => v is UserType = userTypeEnum.is;

/**
 * Classifies a user type: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 * With a UPN containing `#EXT#`, a member or unknown type becomes `external` (a guest stays a guest).
 *
 * @param raw Any value.
 * @param userPrincipalName The account's UPN, if known.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyUserType } from "./user_type.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyUserType("Member"), { kind: "known", id: "member" });
 * assert.deepEqual(classifyUserType("guest"), { kind: "known", id: "guest" });
 * assert.equal(classifyUserType("unknownFutureValue").kind, "unknown");
 * assert.deepEqual(classifyUserType("Member", "lee_fabrikam.example#EXT#@contoso.example"), { kind: "known", id: "external" });
 * ```
 */
export function classifyUserType(raw: unknown, userPrincipalName?: unknown): Classified<UserType> {
  const c = userTypeEnum.classify(raw);
  if (!isExternalUserPrincipalName(userPrincipalName)) return c;
  if (c.kind === "known" && c.id === "guest") return c;
  return { kind: "known", id: "external" };
}

/**
 * Whether a UPN is that of an account invited from another tenant (`…#EXT#@tenant`).
 *
 * @param userPrincipalName Any value.
 * @returns `true` when it is a string containing `#EXT#` (any case).
 *
 * @example Type guard
 * ```ts
 * import { isExternalUserPrincipalName } from "./user_type.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isExternalUserPrincipalName("lee_fabrikam.example#EXT#@contoso.example"));
 * assert.ok(!isExternalUserPrincipalName("adele@contoso.example"));
 * assert.ok(!isExternalUserPrincipalName(null));
 * ```
 */
export function isExternalUserPrincipalName(userPrincipalName: unknown): boolean {
  return typeof userPrincipalName === "string" && /#ext#/i.test(userPrincipalName);
}

/** Human label of a {@linkcode UserType} (or `"unknown"`). */
export const labelUserType: (id: UserType | "unknown") => string = userTypeEnum.label;
