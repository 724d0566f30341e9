/**
 * Classifier for `phoneAuthenticationMethod.phoneType` (Graph `phoneType`), with the matching
 * registered-method id of `auth_method.ts`.
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Members of the Graph `phoneType` enum; `method` is the canonical id of the registered phone.
 *
 * @example Reading the table
 * ```ts
 * import { PHONE_TYPES } from "./phone_type.ts";
 * import assert from "node:assert/strict";
 * assert.equal(PHONE_TYPES.mobile.label, "Mobile phone");
 * ```
 */
export const PHONE_TYPES = {
  mobile: { label: "Mobile phone", method: "mobilePhone" },
  alternateMobile: { label: "Alternate mobile phone", method: "alternateMobilePhone" },
  office: { label: "Office phone", method: "officePhone" },
} as const satisfies EnumTable;

/** A PhoneType id (stable, camelCase). */
export type PhoneType = keyof typeof PHONE_TYPES;

const phoneTypeEnum = defineEnum(PHONE_TYPES);

/** Type guard for {@linkcode PhoneType} (exact ids only). */
export const isPhoneType: (v: unknown) => v is PhoneType = phoneTypeEnum.is;

/**
 * Classifies a phone type: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyPhoneType } from "./phone_type.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyPhoneType("Mobile"), { kind: "known", id: "mobile" });
 * assert.deepEqual(classifyPhoneType("alternateMobile"), { kind: "known", id: "alternateMobile" });
 * assert.equal(classifyPhoneType("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyPhoneType: (raw: unknown) => Classified<PhoneType> = phoneTypeEnum.classify;

/** Human label of a {@linkcode PhoneType} (or `"unknown"`). */
export const labelPhoneType: (id: PhoneType | "unknown") => string = phoneTypeEnum.label;
