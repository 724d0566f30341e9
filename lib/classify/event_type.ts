/**
 * Classifier for the kind of sign-in: beta `signInEventTypes` members, Log Analytics table
 * names (`SigninLogs`, `AADNonInteractiveUserSignInLogs`, …) and the portal download kinds and
 * file-name prefixes ("interactive", "NonInteractiveSignIns", "MSISignIns", …).
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * The four kinds of sign-in, with every spelling Graph, Log Analytics and the portal use.
 * `table` is the Log Analytics table.
 *
 * @example Reading the table
 * ```ts
 * import { SIGN_IN_EVENT_TYPES } from "./event_type.ts";
 * import assert from "node:assert/strict";
 * assert.equal(SIGN_IN_EVENT_TYPES.interactiveUser.label, "Interactive user");
 * ```
 */
export const SIGN_IN_EVENT_TYPES = {
  interactiveUser: {
    label: "Interactive user",
    table: "SigninLogs",
    aliases: ["SigninLogs", "SignInLogs", "interactive", "InteractiveSignIns", "Interactive user sign-ins"],
  },
  nonInteractiveUser: {
    label: "Non-interactive user",
    table: "AADNonInteractiveUserSignInLogs",
    aliases: [
      "AADNonInteractiveUserSignInLogs",
      "NonInteractiveUserSignInLogs",
      "noninteractive",
      "NonInteractiveSignIns",
      "Non-interactive user sign-ins",
    ],
  },
  servicePrincipal: {
    label: "Service principal",
    table: "AADServicePrincipalSignInLogs",
    aliases: [
      "AADServicePrincipalSignInLogs",
      "ServicePrincipalSignInLogs",
      "application",
      "ApplicationSignIns",
      "Service principal sign-ins",
    ],
  },
  managedIdentity: {
    label: "Managed identity",
    table: "AADManagedIdentitySignInLogs",
    aliases: [
      "AADManagedIdentitySignInLogs",
      "ManagedIdentitySignInLogs",
      "msi",
      "MSISignIns",
      "Managed identity sign-ins",
    ],
  },
} as const satisfies EnumTable;

/** A SignInEventType id (stable, camelCase). */
export type SignInEventType = keyof typeof SIGN_IN_EVENT_TYPES;

/**
 * Every {@linkcode SignInEventType} id in table order (Graph is read with one call each).
 *
 * @example
 * ```ts
 * import { SIGN_IN_EVENT_TYPE_IDS } from "./event_type.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(SIGN_IN_EVENT_TYPE_IDS, ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"]);
 * ```
 */
export const SIGN_IN_EVENT_TYPE_IDS = Object.keys(SIGN_IN_EVENT_TYPES) as [
  SignInEventType,
  ...SignInEventType[],
];

const signInEventTypeEnum = defineEnum(SIGN_IN_EVENT_TYPES);

/** Type guard for {@linkcode SignInEventType} (exact ids only). */
export const isSignInEventType: (v: unknown) => v is SignInEventType = signInEventTypeEnum.is;

/**
 * Classifies a sign-in event type: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifySignInEventType } from "./event_type.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifySignInEventType("nonInteractiveUser"), { kind: "known", id: "nonInteractiveUser" });
 * assert.deepEqual(classifySignInEventType("AADNonInteractiveUserSignInLogs"), { kind: "known", id: "nonInteractiveUser" });
 * assert.deepEqual(classifySignInEventType("non-interactive"), { kind: "known", id: "nonInteractiveUser" });
 * assert.deepEqual(classifySignInEventType("MSISignIns"), { kind: "known", id: "managedIdentity" });
 * assert.equal(classifySignInEventType("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifySignInEventType: (raw: unknown) => Classified<SignInEventType> =
  signInEventTypeEnum.classify;

/** Human label of a {@linkcode SignInEventType} (or `"unknown"`). */
export const labelSignInEventType: (id: SignInEventType | "unknown") => string = signInEventTypeEnum.label;
