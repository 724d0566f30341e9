import assert from "node:assert/strict";
import { registrationRecordFromRow, splitMethodList } from "./from_row.ts";

const SPLIT_CASES: { name: string; cell: unknown; want: string[] | RegExp }[] = [
  { name: "semicolons", cell: "OneWaySMS;PhoneAppNotification", want: ["OneWaySMS", "PhoneAppNotification"] },
  {
    name: "PowerShell array display",
    cell: "{PhoneAppOTP, TwoWayVoiceMobile}",
    want: ["PhoneAppOTP", "TwoWayVoiceMobile"],
  },
  { name: "empty braces", cell: "{}", want: [] },
  { name: "empty cell", cell: "", want: [] },
  { name: "null", cell: null, want: [] },
  { name: "JSON array text", cell: '["mobilePhone","email"]', want: ["mobilePhone", "email"] },
  { name: "JSON array", cell: ["fido2SecurityKey"], want: ["fido2SecurityKey"] },
  {
    name: "ConvertTo-Json objects",
    cell: [{ MethodType: "OneWaySMS", IsDefault: true }],
    want: ["OneWaySMS"],
  },
  {
    name: "commas and spaces",
    cell: "mobilePhone, microsoftAuthenticatorPush",
    want: ["mobilePhone", "microsoftAuthenticatorPush"],
  },
  { name: "System.Object[]", cell: "System.Object[]", want: /type name "System\.Object\[\]"/ },
  {
    name: "generic list type name",
    cell: "System.Collections.Generic.List`1[Microsoft.Online.Administration.StrongAuthenticationMethod]",
    want: /type name/,
  },
  {
    name: "MSOnline element type name",
    cell: "Microsoft.Online.Administration.StrongAuthenticationMethod",
    want: /type name/,
  },
  { name: "a number", cell: 7, want: /expected a list of method names/ },
];

Deno.test("splitMethodList() maps each cell form to method names or a type-name error", async (t) => {
  for (const c of SPLIT_CASES) {
    await t.step(c.name, () => {
      if (c.want instanceof RegExp) assert.throws(() => splitMethodList(c.cell), c.want);
      else assert.deepEqual(splitMethodList(c.cell), c.want);
    });
  }
});

const INVALID_CASES: { name: string; row: Record<string, unknown>; field: string; detail: RegExp }[] = [
  {
    name: "no UPN",
    row: { isMfaRegistered: true },
    field: "userPrincipalName",
    detail: /expected a user principal name/,
  },
  {
    name: "blank UPN",
    row: { userPrincipalName: "  " },
    field: "userPrincipalName",
    detail: /expected a user principal name/,
  },
  {
    name: "bad boolean",
    row: { userPrincipalName: "a@contoso.example", isAdmin: "maybe" },
    field: "isAdmin",
    detail: /expected true or false, got "maybe"/,
  },
  {
    name: "object as UPN",
    row: { userPrincipalName: { a: 1 } },
    field: "userPrincipalName",
    detail: /expected text/,
  },
  {
    name: "methods lost on export",
    row: { userPrincipalName: "a@contoso.example", methodsRegistered: "System.String[]" },
    field: "methodsRegistered",
    detail: /type name/,
  },
];

Deno.test("registrationRecordFromRow() maps malformed rows to invalid with the field and what was expected", async (t) => {
  for (const c of INVALID_CASES) {
    await t.step(c.name, () => {
      const r = registrationRecordFromRow(c.row, { source: "registration-export" });
      assert.equal(r.kind, "invalid");
      if (r.kind === "invalid") {
        assert.equal(r.field, c.field);
        assert.match(r.detail, c.detail);
      }
    });
  }
});

Deno.test("registrationRecordFromRow() maps BlockCredential to accountEnabled and ignores Graph flags on MSOnline rows", () => {
  const r = registrationRecordFromRow(
    {
      userPrincipalName: "x@contoso.example",
      blockCredential: "True",
      isMfaRegistered: true,
      strongAuthenticationMethods: "",
    },
    { source: "msonline-csv", accountEnabled: true },
  );
  assert.equal(r.kind, "record");
  if (r.kind === "record") {
    assert.equal(r.record.accountEnabled, false);
    assert.equal(r.record.isMfaRegistered, undefined);
    assert.deepEqual(r.record.methods, []);
  }
});
