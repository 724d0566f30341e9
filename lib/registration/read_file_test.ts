import assert from "node:assert/strict";
import { openRegistrationFile } from "./read_file.ts";
import { isRegistered } from "./semantics.ts";

const DATA = new URL("../../testdata/registration/", import.meta.url).pathname;

Deno.test("openRegistrationFile() reads an MSOnline CSV export with a #TYPE line and every cell form", async () => {
  const f = await openRegistrationFile(`${DATA}msonline_export.csv`);
  assert.equal(f.source, "msonline-csv");
  assert.equal(f.format, "csv");
  const recs = await Array.fromAsync(f.records);
  const byUpn = new Map(recs.map((r) => [r.userPrincipalName, r]));
  assert.equal(recs.length, 7);
  assert.deepEqual(byUpn.get("adele.vance@contoso.example")?.methods.map((m) => m.id), [
    "sms",
    "authenticatorPush",
  ]);
  assert.deepEqual(byUpn.get("megan.bowen@contoso.example")?.methods.map((m) => m.id), [
    "softwareOtp",
    "voiceMobile",
  ]);
  assert.deepEqual(byUpn.get("lee.gu@contoso.example")?.methods, []);
  assert.equal(byUpn.get("former.employee@contoso.example")?.accountEnabled, false);
  assert.equal(byUpn.get("nestor.wilke_fabrikam.example#EXT#@contoso.example")?.userType, "guest");
  const quinn = byUpn.get("quinn.quantum@contoso.example");
  assert.ok(quinn);
  assert.equal(isRegistered(quinn, "msonline"), true);
  assert.equal(isRegistered(quinn, "modern"), false);
});

Deno.test("openRegistrationFile() reads a registration CSV with the admin center's column titles", async () => {
  const f = await openRegistrationFile(`${DATA}registration_export.csv`);
  assert.equal(f.source, "registration-export");
  const recs = await Array.fromAsync(f.records);
  assert.deepEqual(recs.map((r) => [r.userPrincipalName, r.isAdmin, r.isMfaRegistered, r.isMfaCapable]), [
    ["a1@contoso.example", true, true, true],
    ["g1_fabrikam.example#EXT#@contoso.example", false, false, false],
    ["a2@contoso.example", true, true, true],
    ["m3@contoso.example", false, true, false],
  ]);
  assert.equal(recs[0]?.defaultMethod?.id, "authenticatorPush");
  assert.deepEqual(recs[0]?.methods.map((m) => m.id), ["mobilePhone", "authenticatorPush"]);
});

Deno.test("openRegistrationFile() reads PascalCase JSON (Get-MgReport… | ConvertTo-Json)", async () => {
  const f = await openRegistrationFile(`${DATA}registration_export_pascal.json`);
  assert.equal(f.format, "json");
  assert.equal(f.source, "registration-export");
  const recs = await Array.fromAsync(f.records);
  assert.deepEqual(
    recs.map((r) => [r.id, r.userType, r.isMfaRegistered, r.defaultMethod?.id, r.systemPreferredEnabled]),
    [
      ["11111111-0000-4000-8000-000000000001", "member", true, "authenticatorPush", true],
      ["11111111-0000-4000-8000-000000000002", "guest", false, "none", false],
    ],
  );
});

const ERROR_CASES: { file: string; message: RegExp }[] = [
  {
    file: "registration_export_malformed.json",
    message:
      /^InputError: .*registration_export_malformed\.json:3:65: Cannot parse JSON: expected a value, got "t"$/,
  },
  {
    file: "registration_export_bad_boolean.csv",
    message:
      /^InputError: .*registration_export_bad_boolean\.csv:3: column "IsAdmin": Cannot read registration data: expected true or false, got "maybe"$/,
  },
  {
    file: "registration_export_short_row.csv",
    message:
      /^InputError: .*registration_export_short_row\.csv:3: Cannot read registration data: expected 3 fields as in the header, got 2$/,
  },
  {
    file: "msonline_lost_methods.csv",
    message:
      /^InputError: .*msonline_lost_methods\.csv:3: column "StrongAuthenticationMethods": .*type name "System\.Collections/,
  },
  {
    file: "exclusions.txt",
    message: /:1: Cannot read registration data: expected a UserPrincipalName column/,
  },
];

Deno.test("openRegistrationFile() maps each malformed file to a one-line error naming the line and column", async (t) => {
  for (const c of ERROR_CASES) {
    await t.step(c.file, async () => {
      await assert.rejects(async () => {
        const f = await openRegistrationFile(`${DATA}${c.file}`);
        for await (const _ of f.records) { /* drain */ }
      }, (e: Error) => {
        assert.match(`${e.name}: ${e.message}`, c.message);
        assert.equal(e.message.includes("\n"), false);
        return true;
      });
    });
  }
});
