/**
 * Classifier for the beta sign-in `authenticationProtocol` (Graph `protocolType`), evolvable
 * members included, and the portal's "Authentication Protocol" column.
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Members of the Graph `protocolType` enum, with a `legacy` flag for the flows that send a password
 * (ROPC) or are easily phished (device code).
 *
 * @example Reading the table
 * ```ts
 * import { PROTOCOL_TYPES } from "./protocol.ts";
 * import assert from "node:assert/strict";
 * assert.equal(PROTOCOL_TYPES.none.label, "None");
 * ```
 */
export const PROTOCOL_TYPES = {
  none: { label: "None", legacy: false },
  oAuth2: { label: "OAuth 2.0", legacy: false },
  ropc: { label: "Resource owner password credentials (ROPC)", legacy: true, aliases: ["ROPC"] },
  wsFederation: { label: "WS-Federation", legacy: false },
  saml20: { label: "SAML 2.0", legacy: false },
  deviceCode: { label: "Device code flow", legacy: true, aliases: ["Device code"] },
  authenticationTransfer: { label: "Authentication transfer", legacy: false },
  nativeAuth: { label: "Native authentication", legacy: false },
  implicitAccessTokenAndGetResponseMode: {
    label: "Implicit flow (access token, GET response)",
    legacy: false,
  },
  implicitIdTokenAndGetResponseMode: { label: "Implicit flow (ID token, GET response)", legacy: false },
  implicitAccessTokenAndPostResponseMode: {
    label: "Implicit flow (access token, POST response)",
    legacy: false,
  },
  implicitIdTokenAndPostResponseMode: { label: "Implicit flow (ID token, POST response)", legacy: false },
  authorizationCodeWithoutPkce: { label: "Authorization code without PKCE", legacy: false },
  authorizationCodeWithPkce: { label: "Authorization code with PKCE", legacy: false },
  clientCredentials: { label: "Client credentials", legacy: false },
  refreshTokenGrant: { label: "Refresh token grant", legacy: false },
  encryptedAuthorizeResponse: { label: "Encrypted authorize response", legacy: false },
  directUserGrant: { label: "Direct user grant", legacy: false },
  kerberos: { label: "Kerberos", legacy: false },
  prtGrant: { label: "Primary Refresh Token grant", legacy: false },
  seamlessSso: { label: "Seamless single sign-on", legacy: false },
  prtBrokerBased: { label: "Primary Refresh Token (broker)", legacy: false },
  prtNonBrokerBased: { label: "Primary Refresh Token (no broker)", legacy: false },
  onBehalfOf: { label: "On-behalf-of flow", legacy: false },
  samlOnBehalfOf: { label: "SAML on-behalf-of flow", legacy: false },
} as const satisfies EnumTable;

/** A ProtocolType id (stable, camelCase). */
export type ProtocolType = keyof typeof PROTOCOL_TYPES;

const protocolTypeEnum = defineEnum(PROTOCOL_TYPES);

/** Type guard for {@linkcode ProtocolType} (exact ids only). */
export const isProtocolType: (v: unknown) => v is ProtocolType = protocolTypeEnum.is;

/**
 * Classifies a authentication protocol: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyProtocolType } from "./protocol.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyProtocolType("ROPC"), { kind: "known", id: "ropc" });
 * assert.deepEqual(classifyProtocolType("Device code flow"), { kind: "known", id: "deviceCode" });
 * assert.equal(classifyProtocolType("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyProtocolType: (raw: unknown) => Classified<ProtocolType> = protocolTypeEnum.classify;

/** Human label of a {@linkcode ProtocolType} (or `"unknown"`). */
export const labelProtocolType: (id: ProtocolType | "unknown") => string = protocolTypeEnum.label;
