/**
 * One canonical authentication-method id across every spelling Microsoft uses: the legacy
 * sign-in report names ("Phone call (Office phone)"), beta `authenticationDetails` strings
 * ("Mobile app notification", "Passkey (device-bound)"), `authenticationMethodsUsed`
 * ("SMS", "FIDO"), `methodsRegistered` ids, `/authentication/methods` `@odata.type`s (v1.0
 * and beta), MSOnline `StrongAuthenticationMethods` `MethodType`s (`PhoneAppOTP`, …),
 * `userDefaultAuthenticationMethod` and `defaultMfaMethodType` values.
 *
 * Each canonical method carries the facts MFA reports need: does it count for MFA, is it
 * phishing-resistant, is it passwordless, and would MSOnline have listed it.
 *
 * @module
 */
import { buildAliasIndex, defineEnum, isTableKey } from "./_enum.ts";
import { normalizeKey } from "./_normalize.ts";

/** Broad family of a method, for grouping in reports. */
export type AuthMethodFamily =
  | "password"
  | "phone"
  | "microsoftAuthenticator"
  | "oath"
  | "fido2"
  | "windowsHello"
  | "platformCredential"
  | "certificate"
  | "temporaryAccessPass"
  | "email"
  | "securityQuestion"
  | "appPassword"
  | "external"
  | "qrCode";

/** The facts every canonical method carries. */
export interface AuthMethodInfo {
  /** Human label. */
  readonly label: string;
  /** Broad family. */
  readonly family: AuthMethodFamily;
  /** Counts as a second factor (can satisfy an MFA requirement as a registered method). */
  readonly mfaCapable: boolean;
  /** Resists phishing (origin-bound key or certificate). */
  readonly phishingResistant: boolean;
  /** Signs the user in without a password. */
  readonly passwordless: boolean;
  /** MSOnline `StrongAuthenticationMethods` would have listed it (phone, SMS, voice, Authenticator app, OTP). */
  readonly msonline: boolean;
  /** Every other spelling that means this method. */
  readonly aliases: readonly string[];
}

/**
 * Every canonical authentication method. Judgement calls: a Temporary Access Pass satisfies
 * MFA while it is valid but is a bootstrap credential, so `mfaCapable` is false; certificates
 * count as MFA and phishing-resistant (true when the tenant's certificate policy binds them
 * as multifactor); a hardware OATH token was never an MSOnline `StrongAuthenticationMethod`,
 * while "OATH verification code" (hardware or software, Graph does not say) is counted with
 * the software code MSOnline listed as `PhoneAppOTP`.
 *
 * @example Reading the facts of a method
 * ```ts
 * import { AUTH_METHODS } from "./auth_method.ts";
 * import assert from "node:assert/strict";
 * assert.equal(AUTH_METHODS.fido2SecurityKey.phishingResistant, true);
 * assert.equal(AUTH_METHODS.email.mfaCapable, false);
 * assert.equal(AUTH_METHODS.sms.msonline, true);
 * ```
 */
export const AUTH_METHODS = {
  password: {
    label: "Password",
    family: "password",
    mfaCapable: false,
    phishingResistant: false,
    passwordless: false,
    msonline: false,
    aliases: [
      "passwordAuthenticationMethod",
      "PTA",
      "PHS",
      "Pass-through Authentication",
      "Password Hash Sync",
      "Password in the cloud",
    ],
  },
  sms: {
    label: "Text message (SMS)",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: ["Text message", "SMS", "OneWaySMS", "TwoWaySMS", "SMS verification code", "SMS sign-in"],
  },
  voiceMobile: {
    label: "Phone call (authentication phone)",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: ["Phone call (Authentication phone)", "TwoWayVoiceMobile", "Voice call (authentication phone)"],
  },
  voiceAlternateMobile: {
    label: "Phone call (alternate authentication phone)",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: ["Phone call (Alternate authentication phone)", "TwoWayVoiceAlternateMobile"],
  },
  voiceOffice: {
    label: "Phone call (office phone)",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: ["Phone call (Office phone)", "TwoWayVoiceOffice"],
  },
  voice: {
    label: "Phone call",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: ["Voice", "Phone call", "Voice call"],
  },
  mobilePhone: {
    label: "Mobile phone (SMS or call)",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: [],
  },
  alternateMobilePhone: {
    label: "Alternate mobile phone (call)",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: [],
  },
  officePhone: {
    label: "Office phone (call)",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: [],
  },
  phone: {
    label: "Phone (SMS or call)",
    family: "phone",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: ["phoneAuthenticationMethod", "Phone number"],
  },
  authenticatorPush: {
    label: "Microsoft Authenticator notification",
    family: "microsoftAuthenticator",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: [
      "Mobile app notification",
      "microsoftAuthenticatorPush",
      "PhoneAppNotification",
      "push",
      "Authenticator push notification",
    ],
  },
  authenticatorApp: {
    label: "Microsoft Authenticator app",
    family: "microsoftAuthenticator",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: [
      "microsoftAuthenticatorAuthenticationMethod",
      "Microsoft Authenticator App",
      "Authenticator App",
      "Microsoft Authenticator",
    ],
  },
  authenticatorPasswordless: {
    label: "Microsoft Authenticator passwordless sign-in",
    family: "microsoftAuthenticator",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: true,
    msonline: false,
    aliases: [
      "microsoftAuthenticatorPasswordless",
      "passwordlessMicrosoftAuthenticatorAuthenticationMethod",
      "Passwordless phone sign-in",
      "Phone sign-in",
      "Microsoft Authenticator (passwordless)",
    ],
  },
  softwareOtp: {
    label: "Software OATH code (authenticator app)",
    family: "oath",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: [
      "softwareOneTimePasscode",
      "softwareOathAuthenticationMethod",
      "Software OATH token",
      "PhoneAppOTP",
      "Mobile app verification code",
      "App verification code",
    ],
  },
  hardwareOtp: {
    label: "Hardware OATH token",
    family: "oath",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: false,
    aliases: ["hardwareOneTimePasscode", "hardwareOathAuthenticationMethod", "Hardware OATH token"],
  },
  oathOtp: {
    label: "OATH verification code (hardware or software)",
    family: "oath",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: true,
    aliases: ["oath", "OATH verification code", "OATH token"],
  },
  fido2: {
    label: "FIDO2 security key or passkey",
    family: "fido2",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: ["fido2AuthenticationMethod", "FIDO", "FIDO2", "Passkey", "Passkey (FIDO2)"],
  },
  fido2SecurityKey: {
    label: "FIDO2 security key",
    family: "fido2",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: ["FIDO2 security key"],
  },
  passkeyDeviceBound: {
    label: "Passkey (device-bound)",
    family: "fido2",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: ["passKeyDeviceBound"],
  },
  passkeyAuthenticator: {
    label: "Passkey in Microsoft Authenticator",
    family: "fido2",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: ["passKeyDeviceBoundAuthenticator", "Passkey (Microsoft Authenticator)"],
  },
  passkeyWindowsHello: {
    label: "Passkey in Windows Hello",
    family: "fido2",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: ["passKeyDeviceBoundWindowsHello", "Passkey (Windows Hello)"],
  },
  passkeySynced: {
    label: "Passkey (synced)",
    family: "fido2",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: ["passKeySynced", "Synced passkey"],
  },
  windowsHelloForBusiness: {
    label: "Windows Hello for Business",
    family: "windowsHello",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: ["windowsHelloForBusinessAuthenticationMethod", "WHfB"],
  },
  platformCredential: {
    label: "Platform Credential for macOS",
    family: "platformCredential",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: ["platformCredentialAuthenticationMethod", "macOsSecureEnclaveKey", "macOS Platform Credential"],
  },
  certificate: {
    label: "Certificate (X.509)",
    family: "certificate",
    mfaCapable: true,
    phishingResistant: true,
    passwordless: true,
    msonline: false,
    aliases: [
      "X.509 Certificate",
      "x509Certificate",
      "x509CertificateAuthenticationMethod",
      "Certificate-based authentication",
      "Certificate",
    ],
  },
  temporaryAccessPass: {
    label: "Temporary Access Pass",
    family: "temporaryAccessPass",
    mfaCapable: false,
    phishingResistant: false,
    passwordless: true,
    msonline: false,
    aliases: ["temporaryAccessPassAuthenticationMethod", "TAP"],
  },
  email: {
    label: "Email one-time code",
    family: "email",
    mfaCapable: false,
    phishingResistant: false,
    passwordless: false,
    msonline: false,
    aliases: ["emailAuthenticationMethod", "Email verification code", "Email OTP", "Email"],
  },
  securityQuestion: {
    label: "Security questions",
    family: "securityQuestion",
    mfaCapable: false,
    phishingResistant: false,
    passwordless: false,
    msonline: false,
    aliases: ["Security question", "securityQuestions"],
  },
  appPassword: {
    label: "App password",
    family: "appPassword",
    mfaCapable: false,
    phishingResistant: false,
    passwordless: false,
    msonline: false,
    aliases: ["App passwords"],
  },
  externalAuthMethod: {
    label: "External authentication method",
    family: "external",
    mfaCapable: true,
    phishingResistant: false,
    passwordless: false,
    msonline: false,
    aliases: ["externalAuthenticationMethod", "External MFA"],
  },
  qrCode: {
    label: "QR code with PIN",
    family: "qrCode",
    mfaCapable: false,
    phishingResistant: false,
    passwordless: true,
    msonline: false,
    aliases: ["qrCodePinAuthenticationMethod", "QR code", "QR code PIN"],
  },
} as const satisfies Record<string, AuthMethodInfo>;

/** A canonical authentication-method id. */
export type AuthMethodId = keyof typeof AUTH_METHODS;

const authMethodIdEnum = defineEnum(AUTH_METHODS);

/**
 * Values that appear where a method is expected but are not methods: `previouslySatisfied`
 * ("Satisfied by token", "Previously satisfied", "Claim in the token": an earlier MFA was
 * reused) and `none` (no default method, `"none"`).
 *
 * @example Reading the table
 * ```ts
 * import { AUTH_NON_METHODS } from "./auth_method.ts";
 * import assert from "node:assert/strict";
 * assert.equal(AUTH_NON_METHODS.previouslySatisfied.label, "Previously satisfied (token claim)");
 * ```
 */
export const AUTH_NON_METHODS = {
  previouslySatisfied: {
    label: "Previously satisfied (token claim)",
    aliases: [
      "Satisfied by token",
      "Previously satisfied",
      "Claim in the token",
      "Satisfied by claim in the token",
    ],
  },
  none: { label: "No method", aliases: ["None", "No default method", "notSet"] },
} as const;

/** A non-method value. */
export type AuthNonMethod = keyof typeof AUTH_NON_METHODS;

/** What {@linkcode classifyAuthMethod} returns. */
export type AuthMethodClass =
  | { readonly kind: "method"; readonly id: AuthMethodId }
  | { readonly kind: "previouslySatisfied" }
  | { readonly kind: "none" }
  | { readonly kind: "unknown"; readonly raw: unknown };

const INDEX = buildAliasIndex<AuthMethodId | AuthNonMethod>([
  ...Object.entries(AUTH_METHODS).map(([id, m]) => [id as AuthMethodId, [m.label, ...m.aliases]] as const),
  ...Object.entries(AUTH_NON_METHODS).map(([id, m]) => [id as AuthNonMethod, m.aliases] as const),
]);

/** Type guard for {@linkcode AuthMethodId} (exact canonical ids only). */
export const isAuthMethodId: (v: unknown) => v is AuthMethodId = authMethodIdEnum.is;

/**
 * Classifies any spelling of an authentication method. `@odata.type` values may come with or
 * without `#microsoft.graph.`. Never throws; anything unrecognised (including
 * `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw A method name, id, MSOnline `MethodType` or `@odata.type`; any value.
 * @returns The canonical method, a non-method value, or unknown.
 *
 * @example One method, many spellings
 * ```ts
 * import { classifyAuthMethod } from "./auth_method.ts";
 * import assert from "node:assert/strict";
 * for (const s of ["Mobile app notification", "PhoneAppNotification", "microsoftAuthenticatorPush", "push"]) {
 *   assert.deepEqual(classifyAuthMethod(s), { kind: "method", id: "authenticatorPush" });
 * }
 * assert.deepEqual(classifyAuthMethod("#microsoft.graph.fido2AuthenticationMethod"), { kind: "method", id: "fido2" });
 * assert.deepEqual(classifyAuthMethod("Satisfied by token"), { kind: "previouslySatisfied" });
 * assert.deepEqual(classifyAuthMethod("unknownFutureValue"), { kind: "unknown", raw: "unknownFutureValue" });
 * ```
 */
export function classifyAuthMethod(raw: unknown): AuthMethodClass {
  if (typeof raw !== "string") return { kind: "unknown", raw };
  const id = INDEX.map.get(normalizeKey(raw.trim().replace(/^#?microsoft\.graph\./i, "")));
  if (id === undefined) return { kind: "unknown", raw };
  if (id === "previouslySatisfied" || id === "none") return { kind: id };
  return { kind: "method", id };
}

/**
 * The facts of a classified method, or `undefined` for a non-method or unknown value.
 *
 * @example Usage
 * ```ts
 * import { authMethodInfo, classifyAuthMethod } from "./auth_method.ts";
 * import assert from "node:assert/strict";
 * assert.equal(authMethodInfo(classifyAuthMethod("TwoWayVoiceOffice"))?.mfaCapable, true);
 * assert.equal(authMethodInfo(classifyAuthMethod("Previously satisfied")), undefined);
 * ```
 */
export function authMethodInfo(c: AuthMethodClass): AuthMethodInfo | undefined {
  return c.kind === "method" ? AUTH_METHODS[c.id] : undefined;
}

/**
 * Stable id of a classification: the canonical method id, `previouslySatisfied`, `none` or `unknown`.
 *
 * @example Usage
 * ```ts
 * import { authMethodClassId, classifyAuthMethod } from "./auth_method.ts";
 * import assert from "node:assert/strict";
 * assert.equal(authMethodClassId(classifyAuthMethod("OneWaySMS")), "sms");
 * assert.equal(authMethodClassId(classifyAuthMethod("carrier pigeon")), "unknown");
 * ```
 */
export function authMethodClassId(c: AuthMethodClass): AuthMethodId | AuthNonMethod | "unknown" {
  return c.kind === "method" ? c.id : c.kind;
}

/**
 * Human label of a method id, non-method value or `"unknown"`.
 *
 * @example Human labels
 * ```ts
 * import { labelAuthMethod } from "./auth_method.ts";
 * import assert from "node:assert/strict";
 * assert.equal(labelAuthMethod("voiceOffice"), "Phone call (office phone)");
 * assert.equal(labelAuthMethod("unknown"), "Unknown method");
 * ```
 */
export function labelAuthMethod(id: AuthMethodId | AuthNonMethod | "unknown"): string {
  if (isTableKey(AUTH_METHODS, id)) return AUTH_METHODS[id].label;
  if (isTableKey(AUTH_NON_METHODS, id)) return AUTH_NON_METHODS[id].label;
  return "Unknown method";
}
