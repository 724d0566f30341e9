/**
 * Classifier for the "MFA required" column of the legacy sign-in activity report (Yes / No),
 * also accepting booleans and true/false strings.
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Whether MFA was required for a sign-in.
 *
 * @example Reading the table
 * ```ts
 * import { MFA_REQUIRED } from "./mfa_required.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_REQUIRED.required.label, "MFA required");
 * ```
 */
export const MFA_REQUIRED = {
  required: { label: "MFA required", aliases: ["Yes", "true", "Y"] },
  notRequired: { label: "MFA not required", aliases: ["No", "false", "N"] },
} as const satisfies EnumTable;

/** A MfaRequired id (stable, camelCase). */
export type MfaRequired = keyof typeof MFA_REQUIRED;

const mfaRequiredEnum = defineEnum(MFA_REQUIRED);

/** Type guard for {@linkcode MfaRequired} (exact ids only). */
export const isMfaRequired: (v: unknown) => v is MfaRequired = mfaRequiredEnum.is;

/**
 * Classifies a "MFA required" value: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyMfaRequired } from "./mfa_required.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyMfaRequired("Yes"), { kind: "known", id: "required" });
 * assert.deepEqual(classifyMfaRequired("no"), { kind: "known", id: "notRequired" });
 * assert.deepEqual(classifyMfaRequired(true), { kind: "known", id: "required" });
 * assert.equal(classifyMfaRequired("maybe").kind, "unknown");
 * ```
 */
export function classifyMfaRequired(raw: unknown): Classified<MfaRequired> {
  if (typeof raw === "boolean") return { kind: "known", id: raw ? "required" : "notRequired" };
  return mfaRequiredEnum.classify(raw);
}

/** Human label of a {@linkcode MfaRequired} (or `"unknown"`). */
export const labelMfaRequired: (id: MfaRequired | "unknown") => string = mfaRequiredEnum.label;
