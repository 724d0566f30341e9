import assert from "node:assert/strict";
import { classifyRegisteredMethods, type RegistrationSource } from "./record.ts";
import { isRegistered } from "./semantics.ts";

const CASES: {
  name: string;
  methods: string[];
  isMfaRegistered?: boolean;
  source?: RegistrationSource;
  modern: boolean;
  msonline: boolean;
}[] = [
  {
    name: "Graph says registered, phone",
    methods: ["mobilePhone"],
    isMfaRegistered: true,
    modern: true,
    msonline: true,
  },
  {
    name: "Graph says registered, passkey only",
    methods: ["passKeySynced"],
    isMfaRegistered: true,
    modern: true,
    msonline: false,
  },
  {
    name: "Graph says not registered, email only",
    methods: ["email"],
    isMfaRegistered: false,
    modern: false,
    msonline: false,
  },
  {
    name: "Graph's flag wins over the methods",
    methods: ["mobilePhone"],
    isMfaRegistered: false,
    modern: false,
    msonline: true,
  },
  {
    name: "no flag: derived from Windows Hello",
    methods: ["windowsHelloForBusiness"],
    modern: true,
    msonline: false,
  },
  {
    name: "no flag: derived from Authenticator app OTP",
    methods: ["PhoneAppOTP"],
    modern: true,
    msonline: true,
  },
  {
    name: "no flag: hardware OATH token",
    methods: ["hardwareOneTimePasscode"],
    modern: true,
    msonline: false,
  },
  { name: "no flag, no methods", methods: [], modern: false, msonline: false },
  {
    name: "MSOnline export with an unknown method",
    methods: ["FutureStrongMethod"],
    source: "msonline-csv",
    modern: false,
    msonline: true,
  },
];

Deno.test("isRegistered() maps each user to registered or not under both semantics", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const r = {
        methods: classifyRegisteredMethods(c.methods),
        source: c.source ?? "registration-report",
        isMfaRegistered: c.isMfaRegistered,
      };
      assert.equal(isRegistered(r, "modern"), c.modern, "modern");
      assert.equal(isRegistered(r, "msonline"), c.msonline, "msonline");
    });
  }
});
