import assert from "node:assert/strict";
import { parseExclusionList } from "./exclusions.ts";
import { classifyRegisteredMethods, type RegistrationRecord } from "./record.ts";
import { decideScope, DEFAULT_SCOPE, parseMethodSelector, type RegistrationScope } from "./scope.ts";

type R = Pick<
  RegistrationRecord,
  "id" | "userPrincipalName" | "userType" | "isAdmin" | "accountEnabled" | "methods"
>;
const base: R = {
  id: "u-1",
  userPrincipalName: "a@contoso.example",
  userType: "member",
  isAdmin: false,
  accountEnabled: true,
  methods: classifyRegisteredMethods(["mobilePhone", "fido2SecurityKey"]),
};
const list = parseExclusionList("U-1 # break-glass\n", "ex.txt");
const fido2 = parseMethodSelector("fido2")!;
const tap = parseMethodSelector("temporaryAccessPass")!;

const CASES: { name: string; record: Partial<R>; scope: Partial<RegistrationScope>; want: string }[] = [
  { name: "enabled member, default scope", record: {}, scope: {}, want: "in" },
  { name: "disabled, default scope", record: { accountEnabled: false }, scope: {}, want: "disabled" },
  {
    name: "disabled, --include-disabled",
    record: { accountEnabled: false },
    scope: { includeDisabled: true },
    want: "in",
  },
  { name: "enabled state unknown is kept", record: { accountEnabled: undefined }, scope: {}, want: "in" },
  {
    name: "excluded by object id beats disabled",
    record: { accountEnabled: false },
    scope: { exclusions: list },
    want: "excluded",
  },
  {
    name: "guest with --user-type member",
    record: { userType: "guest" },
    scope: { userType: "member" },
    want: "userType",
  },
  {
    name: "unknown type with --user-type guest",
    record: { userType: "unknown" },
    scope: { userType: "guest" },
    want: "userType",
  },
  { name: "non-admin with --admins-only", record: {}, scope: { adminsOnly: true }, want: "notAdmin" },
  { name: "admin with --admins-only", record: { isAdmin: true }, scope: { adminsOnly: true }, want: "in" },
  {
    name: "admin unknown with --admins-only",
    record: { isAdmin: undefined },
    scope: { adminsOnly: true },
    want: "adminUnknown",
  },
  {
    name: "--method fido2 family matches a FIDO2 key",
    record: {},
    scope: { withMethods: [fido2] },
    want: "in",
  },
  { name: "--method temporaryAccessPass", record: {}, scope: { withMethods: [tap] }, want: "withMethod" },
  { name: "--without-method fido2", record: {}, scope: { withoutMethods: [fido2] }, want: "withoutMethod" },
];

Deno.test("decideScope() maps each user and scope to in or the reason it is left out", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      assert.equal(decideScope({ ...base, ...c.record }, { ...DEFAULT_SCOPE, ...c.scope }).kind, c.want);
    });
  }
});

const SELECTOR_CASES: { input: string; want: unknown }[] = [
  { input: "phone", want: { kind: "family", family: "phone" } },
  { input: "FIDO2", want: { kind: "family", family: "fido2" } },
  { input: "mobilePhone", want: { kind: "method", id: "mobilePhone" } },
  { input: "OneWaySMS", want: { kind: "method", id: "sms" } },
  {
    input: "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod",
    want: { kind: "method", id: "windowsHelloForBusiness" },
  },
  { input: "nonsense", want: undefined },
];

Deno.test("parseMethodSelector() maps method spellings and family names to selectors", async (t) => {
  for (const c of SELECTOR_CASES) {
    await t.step(c.input, () => assert.deepEqual(parseMethodSelector(c.input), c.want));
  }
});
