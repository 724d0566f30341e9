/**
 * Classifier for `managedServiceIdentity.msiType` of managed-identity sign-ins (Graph
 * `msiType`) and the portal's "Managed Identity type" column.
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Members of the Graph `msiType` enum.
 *
 * @example Reading the table
 * ```ts
 * import { MSI_TYPES } from "./managed_identity.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MSI_TYPES.none.label, "None");
 * ```
 */
export const MSI_TYPES = {
  none: { label: "None" },
  userAssigned: { label: "User-assigned" },
  systemAssigned: { label: "System-assigned" },
} as const satisfies EnumTable;

/** A MsiType id (stable, camelCase). */
export type MsiType = keyof typeof MSI_TYPES;

const msiTypeEnum = defineEnum(MSI_TYPES);

/** Type guard for {@linkcode MsiType} (exact ids only). */
export const isMsiType: (v: unknown) => v is MsiType = msiTypeEnum.is;

/**
 * Classifies a managed identity type: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyMsiType } from "./managed_identity.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyMsiType("User assigned"), { kind: "known", id: "userAssigned" });
 * assert.equal(classifyMsiType("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyMsiType: (raw: unknown) => Classified<MsiType> = msiTypeEnum.classify;

/** Human label of a {@linkcode MsiType} (or `"unknown"`). */
export const labelMsiType: (id: MsiType | "unknown") => string = msiTypeEnum.label;
