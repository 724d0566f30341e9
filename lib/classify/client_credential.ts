/**
 * Classifier for `clientCredentialType` of beta sign-ins (service-principal and managed-identity
 * rows: how the app proved its identity) and the portal's "Client credential type" column.
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Members of the Graph `clientCredentialType` enum.
 *
 * @example Reading the table
 * ```ts
 * import { CLIENT_CREDENTIAL_TYPES } from "./client_credential.ts";
 * import assert from "node:assert/strict";
 * assert.equal(CLIENT_CREDENTIAL_TYPES.none.label, "None");
 * ```
 */
export const CLIENT_CREDENTIAL_TYPES = {
  none: { label: "None" },
  clientSecret: { label: "Client secret" },
  clientAssertion: { label: "Client assertion" },
  federatedIdentityCredential: { label: "Federated identity credential" },
  managedIdentity: { label: "Managed identity" },
  certificate: { label: "Certificate" },
} as const satisfies EnumTable;

/** A ClientCredentialType id (stable, camelCase). */
export type ClientCredentialType = keyof typeof CLIENT_CREDENTIAL_TYPES;

const clientCredentialTypeEnum = defineEnum(CLIENT_CREDENTIAL_TYPES);

/** Type guard for {@linkcode ClientCredentialType} (exact ids only). */
export const isClientCredentialType: (v: unknown) => v is ClientCredentialType = clientCredentialTypeEnum.is;

/**
 * Classifies a client credential type: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyClientCredentialType } from "./client_credential.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyClientCredentialType("Client secret"), { kind: "known", id: "clientSecret" });
 * assert.deepEqual(classifyClientCredentialType("federatedIdentityCredential"), { kind: "known", id: "federatedIdentityCredential" });
 * assert.equal(classifyClientCredentialType("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyClientCredentialType: (raw: unknown) => Classified<ClientCredentialType> =
  clientCredentialTypeEnum.classify;

/**
 * Human label of a {@linkcode ClientCredentialType} (or `"unknown"`).
 *
 * @example Human labels
 * ```ts
 * import { labelClientCredentialType } from "./client_credential.ts";
 * import assert from "node:assert/strict";
 * assert.equal(labelClientCredentialType("none"), "None");
 * assert.equal(labelClientCredentialType("unknown"), "Unknown");
 * ```
 */
export const labelClientCredentialType: (id: ClientCredentialType | "unknown") => string =
  clientCredentialTypeEnum.label;
