/**
 * Classifier for `authenticationRequirement` of beta sign-ins (a plain string, not a Graph
 * enum) and the portal's "Authentication requirement" column. `singleFactorAuthentication` does
 * not prove there was no MFA: an earlier MFA claim may have been reused (check the MFA result).
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * The two authentication requirements of a sign-in.
 *
 * @example Reading the table
 * ```ts
 * import { AUTHENTICATION_REQUIREMENTS } from "./authentication_requirement.ts";
 * import assert from "node:assert/strict";
 * assert.equal(AUTHENTICATION_REQUIREMENTS.singleFactorAuthentication.label, "Single-factor authentication");
 * ```
 */
export const AUTHENTICATION_REQUIREMENTS = {
  singleFactorAuthentication: { label: "Single-factor authentication" },
  multiFactorAuthentication: {
    label: "Multifactor authentication",
    aliases: ["Multi-factor authentication", "MFA"],
  },
} as const satisfies EnumTable;

/** A AuthenticationRequirement id (stable, camelCase). */
export type AuthenticationRequirement = keyof typeof AUTHENTICATION_REQUIREMENTS;

const authenticationRequirementEnum = defineEnum(AUTHENTICATION_REQUIREMENTS);

/**
 * Type guard for {@linkcode AuthenticationRequirement} (exact ids only).
 *
 * @example Type guard
 * ```ts
 * import { isAuthenticationRequirement } from "./authentication_requirement.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isAuthenticationRequirement("multiFactorAuthentication"));
 * assert.ok(!isAuthenticationRequirement("MFA"));
 * ```
 */
export const isAuthenticationRequirement: (v: unknown) => v is AuthenticationRequirement =
  authenticationRequirementEnum.is;

/**
 * Classifies a authentication requirement: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyAuthenticationRequirement } from "./authentication_requirement.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyAuthenticationRequirement("Multifactor authentication"), { kind: "known", id: "multiFactorAuthentication" });
 * assert.deepEqual(classifyAuthenticationRequirement("singleFactorAuthentication"), { kind: "known", id: "singleFactorAuthentication" });
 * assert.equal(classifyAuthenticationRequirement("twoFactor").kind, "unknown");
 * ```
 */
export const classifyAuthenticationRequirement: (raw: unknown) => Classified<AuthenticationRequirement> =
  authenticationRequirementEnum.classify;

/**
 * Human label of a {@linkcode AuthenticationRequirement} (or `"unknown"`).
 *
 * @example Human labels
 * ```ts
 * import { labelAuthenticationRequirement } from "./authentication_requirement.ts";
 * import assert from "node:assert/strict";
 * assert.equal(labelAuthenticationRequirement("singleFactorAuthentication"), "Single-factor authentication");
 * assert.equal(labelAuthenticationRequirement("unknown"), "Unknown");
 * ```
 */
export const labelAuthenticationRequirement: (id: AuthenticationRequirement | "unknown") => string =
  authenticationRequirementEnum.label;
