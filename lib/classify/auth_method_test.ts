import assert from "node:assert/strict";
import {
  AUTH_METHODS,
  AUTH_NON_METHODS,
  type AuthMethodClass,
  authMethodClassId,
  authMethodInfo,
  classifyAuthMethod,
  isAuthMethodId,
  labelAuthMethod,
} from "./auth_method.ts";

const m = (id: string): AuthMethodClass => ({ kind: "method", id } as AuthMethodClass);

const CASES: { input: unknown; expected: AuthMethodClass }[] = [
  // MSOnline StrongAuthenticationMethods MethodType
  { input: "OneWaySMS", expected: m("sms") },
  { input: "TwoWayVoiceMobile", expected: m("voiceMobile") },
  { input: "TwoWayVoiceOffice", expected: m("voiceOffice") },
  { input: "TwoWayVoiceAlternateMobile", expected: m("voiceAlternateMobile") },
  { input: "PhoneAppOTP", expected: m("softwareOtp") },
  { input: "PhoneAppNotification", expected: m("authenticatorPush") },
  // userDefaultAuthenticationMethod / defaultMfaMethodType
  { input: "push", expected: m("authenticatorPush") },
  { input: "oath", expected: m("oathOtp") },
  { input: "voiceAlternateMobile", expected: m("voiceAlternateMobile") },
  { input: "officePhone", expected: m("officePhone") },
  { input: "softwareOneTimePasscode", expected: m("softwareOtp") },
  { input: "none", expected: { kind: "none" } },
  // authenticationMethodsUsed
  { input: "SMS", expected: m("sms") },
  { input: "Authenticator App", expected: m("authenticatorApp") },
  { input: "App Verification code", expected: m("softwareOtp") },
  { input: "FIDO", expected: m("fido2") },
  { input: "PTA", expected: m("password") },
  { input: "PHS", expected: m("password") },
  // @odata.type, with and without the namespace
  { input: "#microsoft.graph.phoneAuthenticationMethod", expected: m("phone") },
  { input: "microsoft.graph.qrCodePinAuthenticationMethod", expected: m("qrCode") },
  { input: "temporaryAccessPassAuthenticationMethod", expected: m("temporaryAccessPass") },
  { input: "#microsoft.graph.hardwareOathAuthenticationMethod", expected: m("hardwareOtp") },
  // portal / authenticationDetails, odd spacing
  { input: "  passkey (device-bound) ", expected: m("passkeyDeviceBound") },
  { input: "Phone\u00a0call (Office phone)", expected: m("voiceOffice") },
  // not methods
  { input: "Satisfied by token", expected: { kind: "previouslySatisfied" } },
  { input: "Claim in the token", expected: { kind: "previouslySatisfied" } },
  // unknown
  { input: "unknownFutureValue", expected: { kind: "unknown", raw: "unknownFutureValue" } },
  { input: "Carrier pigeon", expected: { kind: "unknown", raw: "Carrier pigeon" } },
  { input: "#microsoft.graph.", expected: { kind: "unknown", raw: "#microsoft.graph." } },
  { input: 3, expected: { kind: "unknown", raw: 3 } },
];

Deno.test("classifyAuthMethod() maps every spelling to one canonical method", async (t) => {
  for (const c of CASES) {
    await t.step(JSON.stringify(c.input), () => assert.deepEqual(classifyAuthMethod(c.input), c.expected));
  }
});

// Expected facts worked out from Microsoft's method documentation, not read from the table.
const FACTS: { id: string; mfa: boolean; phish: boolean; pwless: boolean; msonline: boolean }[] = [
  { id: "password", mfa: false, phish: false, pwless: false, msonline: false },
  { id: "email", mfa: false, phish: false, pwless: false, msonline: false },
  { id: "securityQuestion", mfa: false, phish: false, pwless: false, msonline: false },
  { id: "appPassword", mfa: false, phish: false, pwless: false, msonline: false },
  { id: "sms", mfa: true, phish: false, pwless: false, msonline: true },
  { id: "voiceOffice", mfa: true, phish: false, pwless: false, msonline: true },
  { id: "authenticatorPush", mfa: true, phish: false, pwless: false, msonline: true },
  { id: "softwareOtp", mfa: true, phish: false, pwless: false, msonline: true },
  { id: "authenticatorPasswordless", mfa: true, phish: false, pwless: true, msonline: false },
  { id: "fido2SecurityKey", mfa: true, phish: true, pwless: true, msonline: false },
  { id: "passkeySynced", mfa: true, phish: true, pwless: true, msonline: false },
  { id: "windowsHelloForBusiness", mfa: true, phish: true, pwless: true, msonline: false },
  { id: "platformCredential", mfa: true, phish: true, pwless: true, msonline: false },
  { id: "temporaryAccessPass", mfa: false, phish: false, pwless: true, msonline: false },
];

Deno.test("AUTH_METHODS carries the MFA facts of each method", async (t) => {
  for (const f of FACTS) {
    await t.step(f.id, () => {
      assert.ok(isAuthMethodId(f.id));
      const info = AUTH_METHODS[f.id as keyof typeof AUTH_METHODS];
      assert.deepEqual(
        [info.mfaCapable, info.phishingResistant, info.passwordless, info.msonline],
        [f.mfa, f.phish, f.pwless, f.msonline],
      );
    });
  }
});

Deno.test("AUTH_METHODS: msonline methods are phone, SMS, voice, Authenticator app or OTP", () => {
  for (const [id, info] of Object.entries(AUTH_METHODS)) {
    if (info.msonline) {
      assert.ok(["phone", "microsoftAuthenticator", "oath"].includes(info.family), id);
      assert.ok(info.mfaCapable, id);
    }
    if (info.phishingResistant) assert.ok(info.mfaCapable, id);
  }
});

Deno.test("classifyAuthMethod() maps every listed spelling back to its own id", async (t) => {
  for (const [id, info] of Object.entries(AUTH_METHODS)) {
    for (const s of [id, info.label, ...info.aliases]) {
      await t.step(s, () => assert.deepEqual(classifyAuthMethod(s), { kind: "method", id }));
    }
  }
  for (const [kind, info] of Object.entries(AUTH_NON_METHODS)) {
    for (const s of [kind, ...info.aliases]) {
      await t.step(s, () => assert.deepEqual(classifyAuthMethod(s), { kind }));
    }
  }
});

Deno.test("authMethodInfo(), authMethodClassId() and labelAuthMethod() read a classification", () => {
  assert.equal(authMethodInfo(classifyAuthMethod("FIDO2 security key"))?.family, "fido2");
  assert.equal(authMethodInfo({ kind: "none" }), undefined);
  assert.equal(authMethodClassId(classifyAuthMethod("Previously satisfied")), "previouslySatisfied");
  assert.equal(authMethodClassId(classifyAuthMethod(null)), "unknown");
  assert.equal(labelAuthMethod("previouslySatisfied"), "Previously satisfied (token claim)");
  assert.equal(labelAuthMethod("windowsHelloForBusiness"), "Windows Hello for Business");
  assert.equal(labelAuthMethod("unknown"), "Unknown method");
});
