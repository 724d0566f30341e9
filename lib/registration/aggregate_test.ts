import assert from "node:assert/strict";
import { createRegistrationTally } from "./aggregate.ts";
import { parseExclusionList } from "./exclusions.ts";
import { classifyDefaultMethod, classifyRegisteredMethods, type RegistrationRecord } from "./record.ts";
import { decideScope, DEFAULT_SCOPE } from "./scope.ts";

function rec(upn: string, over: Partial<RegistrationRecord> & { m?: string[] }): RegistrationRecord {
  const { m = [], ...rest } = over;
  return {
    id: upn.split("@")[0] as string,
    userPrincipalName: upn,
    displayName: "",
    userType: "member",
    isAdmin: false,
    accountEnabled: true,
    methods: classifyRegisteredMethods(m),
    isMfaRegistered: undefined,
    isMfaCapable: undefined,
    isPasswordlessCapable: undefined,
    defaultMethod: undefined,
    systemPreferredEnabled: undefined,
    lastUpdated: undefined,
    source: "registration-report",
    ...rest,
  };
}

// Six users, worked out by hand:
// admin1: admin, FIDO2 key            -> registered, capable, passwordless, phishing-resistant
// admin2: admin, SMS only              -> registered, capable, phone-only, not phishing-resistant
// admin3: admin, nothing               -> not registered
// m1:     member, push + office phone, Graph says capable false -> registered, not capable
// g1:     guest, email only            -> not registered
// bg:     excluded by the list (not counted)
// off:    disabled (not counted)
const RECORDS = [
  rec("admin1@contoso.example", {
    isAdmin: true,
    m: ["fido2SecurityKey"],
    isMfaRegistered: true,
    isMfaCapable: true,
    isPasswordlessCapable: true,
    lastUpdated: "2026-11-20T06:00:00Z",
    defaultMethod: classifyDefaultMethod("none"),
    systemPreferredEnabled: true,
  }),
  rec("Admin2@contoso.example", {
    isAdmin: true,
    m: ["mobilePhone"],
    isMfaRegistered: true,
    isMfaCapable: true,
    isPasswordlessCapable: false,
    lastUpdated: "2026-11-19T22:00:00Z",
    defaultMethod: classifyDefaultMethod("sms"),
    systemPreferredEnabled: false,
  }),
  rec("admin3@contoso.example", {
    isAdmin: true,
    m: [],
    isMfaRegistered: false,
    isMfaCapable: false,
    isPasswordlessCapable: false,
  }),
  rec("m1@contoso.example", {
    m: ["microsoftAuthenticatorPush", "officePhone"],
    isMfaRegistered: true,
    isMfaCapable: false,
    isPasswordlessCapable: false,
    defaultMethod: classifyDefaultMethod("push"),
  }),
  rec("g1@contoso.example", {
    userType: "guest",
    m: ["email"],
    isMfaRegistered: false,
    isMfaCapable: false,
    isPasswordlessCapable: false,
  }),
  rec("bg@contoso.example", { isAdmin: true, m: [] }),
  rec("off@contoso.example", { accountEnabled: false, m: ["mobilePhone"] }),
];

Deno.test("createRegistrationTally() counts coverage, admins, methods and exclusions as worked out by hand", () => {
  const scope = {
    ...DEFAULT_SCOPE,
    exclusions: parseExclusionList("bg # break-glass\nghost@contoso.example\n", "ex.txt"),
  };
  const tally = createRegistrationTally({ semantics: "modern", source: "registration-report", scope });
  for (const r of RECORDS) tally.add(r, decideScope(r, scope));
  const s = tally.summary();
  assert.deepEqual(s.totals, {
    seen: 7,
    inScope: 5,
    mfaRegistered: 3,
    msonlineRegistered: 2, // Admin2 (SMS), m1 (push, office phone)
    mfaCapable: 2,
    passwordlessCapable: 1,
    phishingResistant: 1,
    phoneOnly: 1,
  });
  assert.deepEqual(s.byUserType.guest, {
    users: 1,
    mfaRegistered: 0,
    msonlineRegistered: 0,
    mfaCapable: 0,
    passwordlessCapable: 0,
    phishingResistant: 0,
    phoneOnly: 0,
  });
  assert.equal(s.byUserType.member.users, 4);
  assert.deepEqual(s.admins, {
    known: true,
    total: 3,
    withoutMfa: ["admin3@contoso.example"],
    withoutPhishingResistant: ["Admin2@contoso.example", "admin3@contoso.example"],
  });
  assert.deepEqual(s.phoneOnlyUsers, ["Admin2@contoso.example"]);
  assert.deepEqual(s.methods, {
    authenticatorPush: 1,
    email: 1,
    fido2SecurityKey: 1,
    mobilePhone: 1,
    officePhone: 1,
  });
  assert.deepEqual(s.defaultMethods, { notReported: 2, authenticatorPush: 1, none: 1, sms: 1 });
  assert.deepEqual(s.systemPreferred, { enabled: 1, disabled: 1, unknown: 3 });
  assert.deepEqual(s.freshness, {
    oldest: "2026-11-19T22:00:00Z",
    newest: "2026-11-20T06:00:00Z",
    missing: 3,
  });
  assert.deepEqual(s.exclusions.byReason, { excluded: 1, disabled: 1 });
  assert.deepEqual(s.exclusions.excluded, [
    { userPrincipalName: "bg@contoso.example", value: "bg", reason: "break-glass", line: 1 },
  ]);
  assert.deepEqual(s.exclusions.unmatched, [{ preview: "ghos…", line: 2 }]);
  assert.equal(s.flagsDerived, 0);
});

Deno.test("createRegistrationTally() under msonline semantics does not count a FIDO2-only admin as registered", () => {
  const tally = createRegistrationTally({
    semantics: "msonline",
    source: "registration-report",
    scope: DEFAULT_SCOPE,
  });
  for (const r of RECORDS.slice(0, 3)) tally.add(r, decideScope(r, DEFAULT_SCOPE));
  const s = tally.summary();
  assert.equal(s.totals.mfaRegistered, 1);
  assert.deepEqual(s.admins.withoutMfa, ["admin1@contoso.example", "admin3@contoso.example"]);
});

Deno.test("createRegistrationTally() marks admins unknown when the source has no isAdmin", () => {
  const tally = createRegistrationTally({
    semantics: "modern",
    source: "per-user-methods",
    scope: DEFAULT_SCOPE,
  });
  const r = rec("a@contoso.example", { isAdmin: undefined, m: ["mobilePhone"], source: "per-user-methods" });
  tally.add(r, decideScope(r, DEFAULT_SCOPE));
  const s = tally.summary();
  assert.equal(s.admins.known, false);
  assert.equal(s.flagsDerived, 1);
  assert.equal(s.totals.mfaCapable, 1);
});
