// Private: what the sample tenant's authentication-methods policy makes of each
// methodsRegistered value. Values not listed here (unknown to the generator) count for nothing.

/** methodsRegistered values that are MFA methods. */
export const MFA_METHODS: ReadonlySet<string> = new Set([
  "mobilePhone",
  "alternateMobilePhone",
  "officePhone",
  "microsoftAuthenticatorPush",
  "microsoftAuthenticatorPasswordless",
  "softwareOneTimePasscode",
  "hardwareOneTimePasscode",
  "windowsHelloForBusiness",
  "fido2SecurityKey",
  "passKeyDeviceBound",
  "passKeyDeviceBoundAuthenticator",
  "passKeyDeviceBoundWindowsHello",
  "passKeySynced",
  "macOsSecureEnclaveKey",
  "externalAuthMethod",
]);

/** MFA methods the tenant's policy does not allow (office and alternate phones are off; mobile phone stays on). */
export const DISALLOWED_METHODS: ReadonlySet<string> = new Set(["officePhone", "alternateMobilePhone"]);

/** Passwordless (and phishing-resistant or phone sign-in) methods. */
export const PASSWORDLESS_METHODS: ReadonlySet<string> = new Set([
  "microsoftAuthenticatorPasswordless",
  "windowsHelloForBusiness",
  "fido2SecurityKey",
  "passKeyDeviceBound",
  "passKeyDeviceBoundAuthenticator",
  "passKeyDeviceBoundWindowsHello",
  "passKeySynced",
  "macOsSecureEnclaveKey",
]);

/** Phishing-resistant methods (FIDO2, passkeys, WHfB, platform credential). */
export const PHISHING_RESISTANT_METHODS: ReadonlySet<string> = new Set([
  "windowsHelloForBusiness",
  "fido2SecurityKey",
  "passKeyDeviceBound",
  "passKeyDeviceBoundAuthenticator",
  "passKeyDeviceBoundWindowsHello",
  "passKeySynced",
  "macOsSecureEnclaveKey",
]);

/** Methods that count for self-service password reset. */
export const SSPR_METHODS: ReadonlySet<string> = new Set([
  "mobilePhone",
  "alternateMobilePhone",
  "officePhone",
  "email",
  "securityQuestion",
  "microsoftAuthenticatorPush",
  "softwareOneTimePasscode",
  "hardwareOneTimePasscode",
]);

export function hasAny(methods: readonly string[], set: ReadonlySet<string>): boolean {
  for (const m of methods) if (set.has(m)) return true;
  return false;
}

/** systemPreferredAuthenticationMethods / userPreferred value: the strongest of push, oath, sms, voice. */
export function strongestSecondFactor(methods: readonly string[]): string {
  if (methods.includes("microsoftAuthenticatorPush")) return "push";
  if (methods.includes("softwareOneTimePasscode") || methods.includes("hardwareOneTimePasscode")) {
    return "oath";
  }
  if (methods.includes("mobilePhone")) return "sms";
  if (methods.includes("alternateMobilePhone")) return "voiceAlternateMobile";
  if (methods.includes("officePhone")) return "voiceOffice";
  return "none";
}

/** beta defaultMfaMethod for a userPreferredMethodForSecondaryAuthentication value. */
export const DEFAULT_MFA_METHOD: Readonly<Record<string, string>> = {
  push: "microsoftAuthenticatorPush",
  oath: "softwareOneTimePasscode",
  sms: "mobilePhone",
  voiceMobile: "mobilePhone",
  voiceAlternateMobile: "alternateMobilePhone",
  voiceOffice: "officePhone",
  none: "none",
  unknownFutureValue: "unknownFutureValue",
};
