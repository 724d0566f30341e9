/**
 * End-to-end tests of `--from FILE` (offline input) for the registration tasks: a JSON, NDJSON
 * and CSV export of userRegistrationDetails, an MSOnline Get-MsolUser CSV, and malformed files.
 */
import assert from "node:assert/strict";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { lines, runRegistrationTask, sortedUpns } from "./_registration_helpers.ts";

const ds = generateSampleTenant({ seed: 1, users: 60, days: 1, signInsPerUserPerDay: 0 });
type Row = Record<string, unknown>;
// An export has no accountEnabled: every user is kept (and the task says so).
const registered = sortedUpns(
  ds.registrationDetails.filter((r) => r.isMfaRegistered === true).map((r) => r.userPrincipalName as string),
);
const DATA = "testdata/registration";

function csvField(v: unknown): string {
  const s = Array.isArray(v) ? v.join(";") : v === undefined || v === null ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function withExports(fn: (files: { json: string; ndjson: string; csv: string }) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "emt-registration-from-" });
  try {
    const json = `${dir}/registration.json`,
      ndjson = `${dir}/registration.ndjson`,
      csv = `${dir}/registration.csv`;
    await Deno.writeTextFile(json, JSON.stringify(ds.registrationDetails, null, 2));
    await Deno.writeTextFile(ndjson, ds.registrationDetails.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const cols = [
      "Id",
      "UserPrincipalName",
      "UserDisplayName",
      "UserType",
      "IsAdmin",
      "IsMfaRegistered",
      "IsMfaCapable",
      "MethodsRegistered",
    ];
    const key = (c: string) => c[0]!.toLowerCase() + c.slice(1);
    await Deno.writeTextFile(
      csv,
      "\uFEFF" + [
        cols.join(","),
        ...ds.registrationDetails.map((r: Row) => cols.map((c) => csvField(r[key(c)])).join(",")),
      ].join("\r\n") + "\r\n",
    );
    await fn({ json, ndjson, csv });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("registered-users --from reads JSON, NDJSON and CSV exports of userRegistrationDetails", async () => {
  await withExports(async (f) => {
    const runs = await Promise.all(
      [f.json, f.ndjson, f.csv].map((file) => runRegistrationTask("registered-users", ["--from", file])),
    );
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), registered);
      assert.match(r.stderr, /have no known enabled state and are kept/);
      assert.match(r.stderr, /source: userRegistrationDetails export file/);
    }
  });
});

Deno.test("--from an MSOnline CSV reproduces the old one-liners under both semantics", async () => {
  const file = `${DATA}/msonline_export.csv`;
  const [reg, unreg, regModern, unregModern, all] = await Promise.all([
    runRegistrationTask("registered-users", ["--from", file, "--semantics", "msonline"]),
    runRegistrationTask("unregistered-users", ["--from", file, "--semantics", "msonline"]),
    runRegistrationTask("registered-users", ["--from", file]),
    runRegistrationTask("unregistered-users", ["--from", file]),
    runRegistrationTask("registered-users", [
      "--from",
      file,
      "--semantics",
      "msonline",
      "--include-disabled",
    ]),
  ]);
  for (const r of [reg, unreg, regModern, unregModern, all]) assert.equal(r.code, 0, r.stderr);
  // Read from the fixture by hand: former.employee is blocked (disabled); quinn's method is unknown today.
  assert.deepEqual(lines(reg.stdout), [
    "adele.vance@contoso.example",
    "megan.bowen@contoso.example",
    "nestor.wilke_fabrikam.example#EXT#@contoso.example",
    "quinn.quantum@contoso.example",
  ]);
  assert.deepEqual(lines(unreg.stdout), ["lee.gu@contoso.example", "svc-backup@contoso.example"]);
  assert.deepEqual(lines(regModern.stdout), [
    "adele.vance@contoso.example",
    "megan.bowen@contoso.example",
    "nestor.wilke_fabrikam.example#EXT#@contoso.example",
  ]);
  assert.deepEqual(lines(unregModern.stdout), [
    "lee.gu@contoso.example",
    "quinn.quantum@contoso.example",
    "svc-backup@contoso.example",
  ]);
  assert.ok(lines(all.stdout).includes("former.employee@contoso.example"));
  assert.match(reg.stderr, /source: MSOnline Get-MsolUser CSV export/);
});

Deno.test("--from a registration CSV with the admin center's column titles feeds the report", async () => {
  const r = await runRegistrationTask("registration-report", [
    "--from",
    `${DATA}/registration_export.csv`,
    "--format",
    "json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  // Four rows in the fixture: a1 (admin, phone + push), g1 (guest, email), a2 (admin, FIDO2), m3 (office phone, not capable).
  assert.deepEqual(
    [doc.totals.inScope, doc.totals.mfaRegistered, doc.totals.mfaCapable, doc.totals.passwordlessCapable],
    [4, 3, 2, 1],
  );
  assert.deepEqual(doc.admins.withoutMfa, []);
  assert.deepEqual(doc.admins.withoutPhishingResistant, ["a1@contoso.example"]);
  assert.deepEqual(doc.phoneOnlyUsers, ["m3@contoso.example"]);
  assert.deepEqual(doc.freshness, {
    oldest: "2026-11-19T23:00:00Z",
    newest: "2026-11-20T08:30:00Z",
    missing: 0,
  });
});

Deno.test("a malformed input file gives exit 1 and one error line naming the line and column", async () => {
  const CASES: { args: string[]; message: RegExp }[] = [
    {
      args: ["--from", `${DATA}/registration_export_malformed.json`],
      message:
        /^error: testdata\/registration\/registration_export_malformed\.json:3:65: Cannot parse JSON: expected a value, got "t"$/,
    },
    {
      args: ["--from", `${DATA}/registration_export_bad_boolean.csv`],
      message:
        /^error: testdata\/registration\/registration_export_bad_boolean\.csv:3: column "IsAdmin": Cannot read registration data: expected true or false, got "maybe"$/,
    },
    {
      args: ["--from", `${DATA}/msonline_lost_methods.csv`],
      message:
        /^error: testdata\/registration\/msonline_lost_methods\.csv:3: column "StrongAuthenticationMethods": Cannot read registration data: got the \.NET type name/,
    },
    {
      args: ["--from", `${DATA}/msonline_export.csv`, "--exclude", `${DATA}/exclusions_bad.txt`],
      message:
        /^error: testdata\/registration\/exclusions_bad\.txt:2:3: Cannot read the exclusion list: expected one UPN or object id per line/,
    },
    {
      args: ["--from", `${DATA}/does-not-exist.csv`],
      message: /^error: testdata\/registration\/does-not-exist\.csv: Cannot open the file: /,
    },
  ];
  const runs = await Promise.all(CASES.map((c) => runRegistrationTask("registered-users", c.args)));
  for (const [i, c] of CASES.entries()) {
    const r = runs[i]!;
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, "");
    const errs = lines(r.stderr).filter((l) => l.startsWith("error:"));
    assert.equal(errs.length, 1, r.stderr);
    assert.match(errs[0]!, c.message);
  }
});
