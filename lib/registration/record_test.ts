import assert from "node:assert/strict";
import { classifyRegisteredMethods, methodFacts, type RegistrationSource } from "./record.ts";

const CASES: {
  name: string;
  methods: string[];
  source?: RegistrationSource;
  want: {
    mfa: boolean;
    msonline: boolean;
    passwordless: boolean;
    phishingResistant: boolean;
    phoneOnly: boolean;
  };
}[] = [
  {
    name: "no methods",
    methods: [],
    want: { mfa: false, msonline: false, passwordless: false, phishingResistant: false, phoneOnly: false },
  },
  {
    name: "email and security questions only (not MFA)",
    methods: ["email", "securityQuestion"],
    want: { mfa: false, msonline: false, passwordless: false, phishingResistant: false, phoneOnly: false },
  },
  {
    name: "SMS and office phone (phone only)",
    methods: ["mobilePhone", "officePhone"],
    want: { mfa: true, msonline: true, passwordless: false, phishingResistant: false, phoneOnly: true },
  },
  {
    name: "phone plus Authenticator push",
    methods: ["mobilePhone", "microsoftAuthenticatorPush"],
    want: { mfa: true, msonline: true, passwordless: false, phishingResistant: false, phoneOnly: false },
  },
  {
    name: "FIDO2 key only (MSOnline never listed it)",
    methods: ["fido2SecurityKey"],
    want: { mfa: true, msonline: false, passwordless: true, phishingResistant: true, phoneOnly: false },
  },
  {
    name: "Temporary Access Pass only (passwordless bootstrap, not MFA)",
    methods: ["temporaryAccessPass"],
    want: { mfa: false, msonline: false, passwordless: false, phishingResistant: false, phoneOnly: false },
  },
  {
    name: "an unknown method from Graph counts for nothing",
    methods: ["quantumEntanglementKey"],
    want: { mfa: false, msonline: false, passwordless: false, phishingResistant: false, phoneOnly: false },
  },
  {
    name: "an unknown method an MSOnline export listed counts under MSOnline",
    methods: ["FutureStrongMethod"],
    source: "msonline-csv",
    want: { mfa: false, msonline: true, passwordless: false, phishingResistant: false, phoneOnly: false },
  },
];

Deno.test("methodFacts() maps registered methods to MFA, MSOnline, passwordless, phishing-resistant and phone-only facts", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const facts = methodFacts({
        methods: classifyRegisteredMethods(c.methods),
        source: c.source ?? "registration-report",
      });
      assert.deepEqual(facts, c.want);
    });
  }
});

Deno.test("classifyRegisteredMethods() drops the password, blanks and duplicates and keeps unknown values raw", () => {
  const got = classifyRegisteredMethods([
    "#microsoft.graph.passwordAuthenticationMethod",
    "",
    "OneWaySMS",
    "TwoWaySMS",
    "newThing",
    "NEWTHING",
    "PhoneAppNotification",
  ]);
  assert.deepEqual(got, [
    { id: "sms", raw: "OneWaySMS" },
    { id: "unknown", raw: "newThing" },
    { id: "authenticatorPush", raw: "PhoneAppNotification" },
  ]);
});
