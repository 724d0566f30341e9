/**
 * Classifier for `clientAppUsed` (the portal's "Client app"): modern clients versus the legacy
 * (basic) authentication protocols that cannot do MFA.
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Every `clientAppUsed` value, with `legacy: true` for the legacy-authentication clients Microsoft
 * lists (they send a password and cannot be asked for MFA).
 *
 * @example Reading the table
 * ```ts
 * import { CLIENT_APPS } from "./client_app.ts";
 * import assert from "node:assert/strict";
 * assert.equal(CLIENT_APPS.browser.label, "Browser");
 * ```
 */
export const CLIENT_APPS = {
  browser: { label: "Browser", legacy: false },
  mobileAppsAndDesktopClients: {
    label: "Mobile Apps and Desktop clients",
    legacy: false,
    aliases: ["Mobile apps and desktop client"],
  },
  exchangeActiveSync: {
    label: "Exchange ActiveSync",
    legacy: true,
    aliases: ["Exchange ActiveSync (supported)", "Exchange ActiveSync (unsupported)", "EAS"],
  },
  imap4: { label: "IMAP4", legacy: true, aliases: ["IMAP"] },
  pop3: { label: "POP3", legacy: true, aliases: ["POP"] },
  authenticatedSmtp: { label: "Authenticated SMTP", legacy: true, aliases: ["SMTP", "SMTP Auth"] },
  mapiOverHttp: { label: "MAPI Over HTTP", legacy: true },
  offlineAddressBook: { label: "Offline Address Book", legacy: true },
  otherClients: {
    label: "Other clients",
    legacy: true,
    aliases: ["Other clients; Older Office clients", "Older Office clients"],
  },
  exchangeWebServices: { label: "Exchange Web Services", legacy: true, aliases: ["EWS"] },
  autodiscover: { label: "AutoDiscover", legacy: true },
  exchangeOnlinePowerShell: {
    label: "Exchange Online PowerShell",
    legacy: true,
    aliases: ["Exchange Remote PowerShell"],
  },
  outlookAnywhere: {
    label: "Outlook Anywhere (RPC over HTTP)",
    legacy: true,
    aliases: ["Outlook Anywhere", "RPC over HTTP"],
  },
  reportingWebServices: { label: "Reporting Web Services", legacy: true },
  universalOutlook: { label: "Universal Outlook", legacy: true },
  outlookService: { label: "Outlook Service", legacy: true },
} as const satisfies EnumTable;

/** A ClientApp id (stable, camelCase). */
export type ClientApp = keyof typeof CLIENT_APPS;

const clientAppEnum = defineEnum(CLIENT_APPS);

/** Type guard for {@linkcode ClientApp} (exact ids only). */
export const isClientApp: (v: unknown) => v is ClientApp = clientAppEnum.is;

/**
 * Classifies a client app: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyClientApp } from "./client_app.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyClientApp("IMAP4"), { kind: "known", id: "imap4" });
 * assert.deepEqual(classifyClientApp("Mobile Apps and Desktop clients"), { kind: "known", id: "mobileAppsAndDesktopClients" });
 * assert.deepEqual(classifyClientApp("Outlook Anywhere (RPC over HTTP)"), { kind: "known", id: "outlookAnywhere" });
 * assert.equal(classifyClientApp("Telnet").kind, "unknown");
 * ```
 */
export const classifyClientApp: (raw: unknown) => Classified<ClientApp> = clientAppEnum.classify;

/** Human label of a {@linkcode ClientApp} (or `"unknown"`). */
export const labelClientApp: (id: ClientApp | "unknown") => string = clientAppEnum.label;

/**
 * Whether a `clientAppUsed` value is a legacy-authentication client: `true`, `false`, or
 * `undefined` when the value is not recognised.
 *
 * @param raw Any value.
 * @returns The legacy flag of the classified client app.
 *
 * @example Type guard
 * ```ts
 * import { isLegacyClientApp } from "./client_app.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isLegacyClientApp("Exchange ActiveSync"), true);
 * assert.equal(isLegacyClientApp("Browser"), false);
 * assert.equal(isLegacyClientApp("Telnet"), undefined);
 * ```
 */
export function isLegacyClientApp(raw: unknown): boolean | undefined {
  const c = classifyClientApp(raw);
  return c.kind === "known" ? CLIENT_APPS[c.id].legacy : undefined;
}
