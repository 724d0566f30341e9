/**
 * Classifiers for the token fields of beta sign-ins: `incomingTokenType` (the token the client
 * presented; documentation examples also show display strings such as "Primary Refresh Token")
 * and `tokenIssuerType` (PascalCase in Graph, matched case-insensitively).
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Members of the Graph `incomingTokenType` enum, evolvable ones included.
 *
 * @example Reading the table
 * ```ts
 * import { INCOMING_TOKEN_TYPES } from "./token.ts";
 * import assert from "node:assert/strict";
 * assert.equal(INCOMING_TOKEN_TYPES.none.label, "None");
 * ```
 */
export const INCOMING_TOKEN_TYPES = {
  none: { label: "None" },
  primaryRefreshToken: { label: "Primary Refresh Token", aliases: ["PRT"] },
  saml11: { label: "SAML 1.1" },
  saml20: { label: "SAML 2.0" },
  remoteDesktopToken: { label: "Remote Desktop token" },
  refreshToken: { label: "Refresh token" },
} as const satisfies EnumTable;

/** A IncomingTokenType id (stable, camelCase). */
export type IncomingTokenType = keyof typeof INCOMING_TOKEN_TYPES;

const incomingTokenTypeEnum = defineEnum(INCOMING_TOKEN_TYPES);

/** Type guard for {@linkcode IncomingTokenType} (exact ids only). */
export const isIncomingTokenType: (v: unknown) => v is IncomingTokenType = incomingTokenTypeEnum.is;

/**
 * Classifies a incoming token type: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyIncomingTokenType } from "./token.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyIncomingTokenType("Primary Refresh Token"), { kind: "known", id: "primaryRefreshToken" });
 * assert.deepEqual(classifyIncomingTokenType("SAML 2.0"), { kind: "known", id: "saml20" });
 * assert.equal(classifyIncomingTokenType("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyIncomingTokenType: (raw: unknown) => Classified<IncomingTokenType> =
  incomingTokenTypeEnum.classify;

/**
 * Human label of a {@linkcode IncomingTokenType} (or `"unknown"`).
 *
 * @example Human labels
 * ```ts
 * import { labelIncomingTokenType } from "./token.ts";
 * import assert from "node:assert/strict";
 * assert.equal(labelIncomingTokenType("none"), "None");
 * assert.equal(labelIncomingTokenType("unknown"), "Unknown");
 * ```
 */
export const labelIncomingTokenType: (id: IncomingTokenType | "unknown") => string =
  incomingTokenTypeEnum.label;

/**
 * Members of the Graph `tokenIssuerType` enum (ids in camelCase; Graph spells them in PascalCase),
 * evolvable ones included.
 *
 * @example Reading the table
 * ```ts
 * import { TOKEN_ISSUER_TYPES } from "./token.ts";
 * import assert from "node:assert/strict";
 * assert.equal(TOKEN_ISSUER_TYPES.azureAd.label, "Microsoft Entra ID");
 * ```
 */
export const TOKEN_ISSUER_TYPES = {
  azureAd: { label: "Microsoft Entra ID", aliases: ["AzureAD", "Azure AD"] },
  adFederationServices: { label: "AD FS", aliases: ["ADFederationServices", "AD Federation Services"] },
  azureAdBackupAuth: {
    label: "Microsoft Entra backup authentication service",
    aliases: ["AzureADBackupAuth"],
  },
  adFederationServicesMfaAdapter: { label: "AD FS MFA adapter", aliases: ["ADFederationServicesMFAAdapter"] },
  npsExtension: { label: "NPS extension", aliases: ["NPSExtension"] },
} as const satisfies EnumTable;

/** A TokenIssuerType id (stable, camelCase). */
export type TokenIssuerType = keyof typeof TOKEN_ISSUER_TYPES;

const tokenIssuerTypeEnum = defineEnum(TOKEN_ISSUER_TYPES);

/** Type guard for {@linkcode TokenIssuerType} (exact ids only). */
export const isTokenIssuerType: (v: unknown) => v is TokenIssuerType = tokenIssuerTypeEnum.is;

/**
 * Classifies a token issuer type: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyTokenIssuerType } from "./token.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyTokenIssuerType("AzureAD"), { kind: "known", id: "azureAd" });
 * assert.deepEqual(classifyTokenIssuerType("ADFEDERATIONSERVICESMFAADAPTER"), { kind: "known", id: "adFederationServicesMfaAdapter" });
 * assert.equal(classifyTokenIssuerType("UnknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyTokenIssuerType: (raw: unknown) => Classified<TokenIssuerType> =
  tokenIssuerTypeEnum.classify;

/** Human label of a {@linkcode TokenIssuerType} (or `"unknown"`). */
export const labelTokenIssuerType: (id: TokenIssuerType | "unknown") => string = tokenIssuerTypeEnum.label;
