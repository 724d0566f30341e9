/**
 * Classifier for `networkLocationDetails[].networkType` of beta sign-ins (Graph `networkType`).
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Members of the Graph `networkType` enum.
 *
 * @example Reading the table
 * ```ts
 * import { NETWORK_TYPES } from "./network.ts";
 * import assert from "node:assert/strict";
 * assert.equal(NETWORK_TYPES.intranet.label, "Intranet");
 * ```
 */
export const NETWORK_TYPES = {
  intranet: { label: "Intranet" },
  extranet: { label: "Extranet" },
  namedNetwork: { label: "Named network" },
  trusted: { label: "Trusted IPs (per-user MFA)" },
  trustedNamedLocation: { label: "Trusted named location" },
} as const satisfies EnumTable;

/** A NetworkType id (stable, camelCase). */
export type NetworkType = keyof typeof NETWORK_TYPES;

const networkTypeEnum = defineEnum(NETWORK_TYPES);

/** Type guard for {@linkcode NetworkType} (exact ids only). */
export const isNetworkType: (v: unknown) => v is NetworkType = networkTypeEnum.is;

/**
 * Classifies a network type: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyNetworkType } from "./network.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyNetworkType("Named network"), { kind: "known", id: "namedNetwork" });
 * assert.equal(classifyNetworkType("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyNetworkType: (raw: unknown) => Classified<NetworkType> = networkTypeEnum.classify;

/** Human label of a {@linkcode NetworkType} (or `"unknown"`). */
export const labelNetworkType: (id: NetworkType | "unknown") => string = networkTypeEnum.label;
