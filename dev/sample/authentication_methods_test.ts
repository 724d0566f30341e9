import assert from "node:assert/strict";
import { generateAuthenticationMethods, UNKNOWN_METHOD_ODATA_TYPE } from "./authentication_methods.ts";
import { generateRegistrationDetails } from "./registration_details.ts";

const OPTIONS = { seed: 5, users: 150 };
const BY_USER = generateAuthenticationMethods(OPTIONS);
const REGISTRATION = generateRegistrationDetails(OPTIONS);
const T = "#microsoft.graph.";

// The method item each methodsRegistered value must produce (security questions and app
// passwords have no item on /authentication/methods).
const EXPECTED_TYPE: Record<string, string[]> = {
  mobilePhone: ["phoneAuthenticationMethod"],
  alternateMobilePhone: ["phoneAuthenticationMethod"],
  officePhone: ["phoneAuthenticationMethod"],
  email: ["emailAuthenticationMethod"],
  microsoftAuthenticatorPush: ["microsoftAuthenticatorAuthenticationMethod"],
  microsoftAuthenticatorPasswordless: [
    "passwordlessMicrosoftAuthenticatorAuthenticationMethod",
    "microsoftAuthenticatorAuthenticationMethod",
  ],
  softwareOneTimePasscode: ["softwareOathAuthenticationMethod"],
  hardwareOneTimePasscode: ["hardwareOathAuthenticationMethod"],
  windowsHelloForBusiness: ["windowsHelloForBusinessAuthenticationMethod"],
  fido2SecurityKey: ["fido2AuthenticationMethod"],
  passKeyDeviceBound: ["fido2AuthenticationMethod"],
  passKeyDeviceBoundAuthenticator: ["fido2AuthenticationMethod"],
  passKeyDeviceBoundWindowsHello: ["fido2AuthenticationMethod"],
  passKeySynced: ["fido2AuthenticationMethod"],
  macOsSecureEnclaveKey: ["platformCredentialAuthenticationMethod"],
  temporaryAccessPass: ["temporaryAccessPassAuthenticationMethod"],
  externalAuthMethod: ["externalAuthenticationMethod"],
  qrCode: ["qrCodePinAuthenticationMethod"],
};
const PHONE_TYPE: Record<string, string> = {
  mobilePhone: "mobile",
  alternateMobilePhone: "alternateMobile",
  officePhone: "office",
};

Deno.test("generateAuthenticationMethods() lists every user, starting with the password", () => {
  assert.deepEqual(Object.keys(BY_USER).sort(), REGISTRATION.map((r) => String(r.id)).sort());
  for (const list of Object.values(BY_USER)) {
    assert.equal(list[0]?.["@odata.type"], `${T}passwordAuthenticationMethod`);
    assert.equal(list.filter((m) => m["@odata.type"] === `${T}passwordAuthenticationMethod`).length, 1);
    for (const m of list) assert.equal(typeof m.id, "string");
  }
});

Deno.test("generateAuthenticationMethods() matches methodsRegistered", async (t) => {
  for (const r of REGISTRATION) {
    const list = BY_USER[String(r.id)] ?? [];
    const types = list.map((m) => String(m["@odata.type"]).replace(T, ""));
    const registered = r.methodsRegistered as string[];
    for (const value of registered) {
      const expected = EXPECTED_TYPE[value];
      if (expected === undefined) continue; // securityQuestion, appPassword, unknown values
      assert.ok(
        expected.some((x) => types.includes(x)),
        `${value} of ${r.userPrincipalName} has no ${expected}`,
      );
      const phoneType = PHONE_TYPE[value];
      if (phoneType !== undefined) assert.ok(list.some((m) => m.phoneType === phoneType));
    }
    for (const type of types) {
      if (type === "passwordAuthenticationMethod" || `${T}${type}` === UNKNOWN_METHOD_ODATA_TYPE) continue;
      assert.ok(
        registered.some((v) => EXPECTED_TYPE[v]?.includes(type)),
        `${type} of ${r.userPrincipalName} is not explained by ${JSON.stringify(registered)}`,
      );
    }
  }
  await t.step("phone numbers are in the fictional +1 555 0100-0199 range", () => {
    const phones = Object.values(BY_USER).flat().filter((m) =>
      m["@odata.type"] === `${T}phoneAuthenticationMethod`
    );
    assert.ok(phones.length > 0);
    for (const p of phones) assert.match(String(p.phoneNumber), /^\+1 555 01\d\d$/);
    const types = new Set(phones.map((p) => p.phoneType));
    assert.deepEqual([...types].sort(), ["alternateMobile", "mobile", "office"]);
  });
  await t.step(
    "a user has a method type the toolkit doesn't know, with an unknown registration value",
    () => {
      const withUnknown = Object.entries(BY_USER)
        .filter(([, l]) => l.some((m) => m["@odata.type"] === UNKNOWN_METHOD_ODATA_TYPE))
        .map(([id]) => id);
      assert.ok(withUnknown.length > 0);
      const accounted = new Set([...Object.keys(EXPECTED_TYPE), "securityQuestion", "appPassword"]);
      for (const id of withUnknown) {
        const row = REGISTRATION.find((r) => r.id === id);
        assert.ok((row?.methodsRegistered as string[]).some((v) => !accounted.has(v)));
      }
    },
  );
});

Deno.test("generateAuthenticationMethods() is deterministic", () => {
  assert.deepEqual(generateAuthenticationMethods(OPTIONS), BY_USER);
});
