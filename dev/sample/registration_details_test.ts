import assert from "node:assert/strict";
import enums from "../../testdata/sample/graph-enums.json" with { type: "json" };
import { generateRegistrationDetails } from "./registration_details.ts";
import { generateUsers } from "./users.ts";

const OPTIONS = { seed: 21, users: 300 };
const ROWS = generateRegistrationDetails(OPTIONS);
const KNOWN: readonly string[] = enums.enums.methodsRegistered.members;
// Registered methods that are not MFA methods (Graph: email, security questions, app passwords and
// Temporary Access Pass are not; QR code + PIN is a single-factor sign-in method).
const NOT_MFA = new Set(["email", "securityQuestion", "appPassword", "temporaryAccessPass", "qrCode"]);
const PASSWORDLESS = new Set([
  "microsoftAuthenticatorPasswordless",
  "windowsHelloForBusiness",
  "fido2SecurityKey",
  "passKeyDeviceBound",
  "passKeyDeviceBoundAuthenticator",
  "passKeyDeviceBoundWindowsHello",
  "passKeySynced",
  "macOsSecureEnclaveKey",
]);
const PHISHING_RESISTANT = new Set(
  [...PASSWORDLESS].filter((m) => m !== "microsoftAuthenticatorPasswordless"),
);

const methodsOf = (r: Record<string, unknown>) => r.methodsRegistered as string[];

Deno.test("generateRegistrationDetails() returns one beta-shaped row per user, in user order", () => {
  const users = generateUsers(OPTIONS);
  assert.equal(ROWS.length, users.length);
  const FIELDS: Record<string, string> = {
    id: "string",
    userPrincipalName: "string",
    userDisplayName: "string",
    userType: "string",
    isAdmin: "boolean",
    isMfaRegistered: "boolean",
    isMfaCapable: "boolean",
    isSsprRegistered: "boolean",
    isSsprEnabled: "boolean",
    isSsprCapable: "boolean",
    isPasswordlessCapable: "boolean",
    isSystemPreferredAuthenticationMethodEnabled: "boolean",
    userPreferredMethodForSecondaryAuthentication: "string",
    defaultMfaMethod: "string",
    lastUpdatedDateTime: "string",
  };
  ROWS.forEach((r, i) => {
    assert.equal(r.id, users[i]?.id);
    assert.equal(r.userPrincipalName, users[i]?.userPrincipalName);
    assert.equal(r.userDisplayName, users[i]?.displayName);
    assert.equal(r.userType, String(users[i]?.userType).toLowerCase());
    for (const [field, type] of Object.entries(FIELDS)) {
      assert.equal(typeof r[field], type, `${field} of row ${i}`);
    }
    assert.ok(Array.isArray(r.methodsRegistered));
    assert.ok(Array.isArray(r.systemPreferredAuthenticationMethods));
  });
});

Deno.test("generateRegistrationDetails() keeps the flags consistent with methodsRegistered", async (t) => {
  await t.step("isMfaRegistered is true exactly when a known MFA method is registered", () => {
    for (const r of ROWS) {
      const expected = methodsOf(r).some((m) => KNOWN.includes(m) && !NOT_MFA.has(m));
      assert.equal(r.isMfaRegistered, expected, JSON.stringify(methodsOf(r)));
    }
  });
  await t.step("isMfaCapable implies isMfaRegistered, and some registered users are not capable", () => {
    for (const r of ROWS) if (r.isMfaCapable) assert.equal(r.isMfaRegistered, true);
    assert.ok(ROWS.some((r) => r.isMfaRegistered && !r.isMfaCapable));
  });
  await t.step("isSsprCapable is isSsprRegistered and isSsprEnabled", () => {
    for (const r of ROWS) {
      assert.equal(r.isSsprCapable, r.isSsprRegistered === true && r.isSsprEnabled === true);
    }
  });
  await t.step("isPasswordlessCapable only with a passwordless method", () => {
    for (const r of ROWS) {
      if (r.isPasswordlessCapable) assert.ok(methodsOf(r).some((m) => PASSWORDLESS.has(m)));
    }
    assert.ok(ROWS.some((r) => r.isPasswordlessCapable === true));
  });
  await t.step("preferred and system-preferred methods use Graph's value sets", () => {
    const preferred = new Set(enums.enums.userDefaultAuthenticationMethod.members);
    const defaults = new Set(enums.enums.defaultMfaMethodType.members);
    for (const r of ROWS) {
      assert.ok(preferred.has(String(r.userPreferredMethodForSecondaryAuthentication)));
      assert.ok(defaults.has(String(r.defaultMfaMethod)));
      for (const m of r.systemPreferredAuthenticationMethods as string[]) assert.ok(preferred.has(m));
    }
  });
});

Deno.test("generateRegistrationDetails() covers every registration situation", async (t) => {
  const only = (r: Record<string, unknown>, ...ms: string[]) =>
    methodsOf(r).length === ms.length && ms.every((m) => methodsOf(r).includes(m));
  const CASES: { name: string; test: (r: Record<string, unknown>) => boolean }[] = [
    { name: "unregistered", test: (r) => methodsOf(r).length === 0 },
    { name: "SMS only", test: (r) => only(r, "mobilePhone") },
    {
      name: "voice only",
      test: (r) =>
        methodsOf(r).length > 0 &&
        methodsOf(r).every((m) => m === "officePhone" || m === "alternateMobilePhone"),
    },
    { name: "email only (not MFA-registered)", test: (r) => only(r, "email") && r.isMfaRegistered === false },
    { name: "phishing-resistant", test: (r) => methodsOf(r).some((m) => PHISHING_RESISTANT.has(m)) },
    { name: "admin with MFA", test: (r) => r.isAdmin === true && r.isMfaRegistered === true },
    { name: "admin without MFA", test: (r) => r.isAdmin === true && r.isMfaRegistered === false },
    {
      name: "admin with a phishing-resistant method",
      test: (r) => r.isAdmin === true && methodsOf(r).some((m) => PHISHING_RESISTANT.has(m)),
    },
    { name: "guest", test: (r) => r.userType === "guest" },
    { name: "an unknown methodsRegistered value", test: (r) => methodsOf(r).some((m) => !KNOWN.includes(m)) },
  ];
  for (const c of CASES) await t.step(c.name, () => assert.ok(ROWS.some(c.test)));
  for (const member of KNOWN) {
    await t.step(
      `methodsRegistered member ${member}`,
      () => assert.ok(ROWS.some((r) => methodsOf(r).includes(member))),
    );
  }
});

Deno.test("generateRegistrationDetails() is deterministic per seed", () => {
  assert.deepEqual(generateRegistrationDetails(OPTIONS), ROWS);
  assert.notDeepEqual(generateRegistrationDetails({ ...OPTIONS, seed: 22 }), ROWS);
});
