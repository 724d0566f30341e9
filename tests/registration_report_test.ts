/**
 * End-to-end tests of `deno task registration-report` against the local Graph server. The
 * expected numbers are counted here from the sample tenant's raw Graph JSON.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { lines, runRegistrationTask, sortedUpns } from "./_registration_helpers.ts";

const ds = generateSampleTenant({ seed: 1, users: 60, days: 1, signInsPerUserPerDay: 0 });
type Row = Record<string, unknown>;
const users = new Map(ds.users.map((u) => [u.id as string, u]));
const inScope = ds.registrationDetails.filter((r) => users.get(r.id as string)?.accountEnabled === true);
const count = (pred: (r: Row) => boolean) => inScope.filter(pred).length;
const has = (r: Row, m: string) => (r.methodsRegistered as string[]).includes(m);
const MSONLINE_METHODS = [
  "mobilePhone",
  "alternateMobilePhone",
  "officePhone",
  "microsoftAuthenticatorPush",
  "softwareOneTimePasscode",
];

async function withServer(premium: boolean, fn: (url: string) => Promise<void>) {
  const server = await startGraphServer({ dataset: ds, premium });
  try {
    await fn(server.url);
  } finally {
    await server.close();
  }
}

Deno.test("registration-report --format json has the totals, admins and method counts the dataset says", async () => {
  await withServer(true, async (url) => {
    const [modern, msonline] = await Promise.all([
      runRegistrationTask("registration-report", ["--graph-url", url, "--budget", "0", "--format", "json"]),
      runRegistrationTask("registration-report", [
        "--graph-url",
        url,
        "--budget",
        "0",
        "--out",
        "-",
        "--format",
        "json",
        "--semantics",
        "msonline",
      ]),
    ]);
    assert.equal(modern.code, 0, modern.stderr);
    assert.equal(msonline.code, 0, msonline.stderr);
    const doc = JSON.parse(modern.stdout);
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.source, "registration-report");
    assert.equal(doc.totals.seen, ds.registrationDetails.length);
    assert.equal(doc.totals.inScope, inScope.length);
    assert.equal(doc.totals.mfaRegistered, count((r) => r.isMfaRegistered === true));
    assert.equal(doc.totals.mfaCapable, count((r) => r.isMfaCapable === true));
    assert.equal(doc.totals.passwordlessCapable, count((r) => r.isPasswordlessCapable === true));
    assert.equal(doc.byUserType.guest.users, count((r) => r.userType === "guest"));
    assert.deepEqual(
      doc.admins.withoutMfa,
      sortedUpns(
        inScope.filter((r) => r.isAdmin === true && r.isMfaRegistered !== true).map((r) =>
          r.userPrincipalName as string
        ),
      ),
    );
    assert.ok(doc.admins.withoutMfa.length > 0);
    assert.equal(doc.methods.mobilePhone, count((r) => has(r, "mobilePhone")));
    assert.equal(doc.methods.fido2SecurityKey, count((r) => has(r, "fido2SecurityKey")));
    assert.equal(doc.methods.authenticatorPush, count((r) => has(r, "microsoftAuthenticatorPush")));
    assert.equal(doc.unknownMethods.quantumEntanglementKey, count((r) => has(r, "quantumEntanglementKey")));
    assert.equal(doc.exclusions.byReason.disabled, ds.users.filter((u) => u.accountEnabled === false).length);
    const times = inScope.map((r) => r.lastUpdatedDateTime as string).sort();
    assert.deepEqual([doc.freshness.oldest, doc.freshness.newest], [times[0], times.at(-1)]);

    const old = JSON.parse(msonline.stdout);
    assert.equal(old.semantics, "msonline");
    assert.equal(old.totals.mfaRegistered, count((r) => MSONLINE_METHODS.some((m) => has(r, m))));
    assert.equal(old.totals.mfaRegistered, doc.totals.msonlineRegistered);
  });
});

Deno.test("registration-report Markdown names admins without MFA and lists the exclusions and why", async () => {
  await withServer(true, async (url) => {
    const r = await runRegistrationTask("registration-report", [
      "--graph-url",
      url,
      "--budget",
      "0",
      "--exclude",
      "testdata/registration/exclusions.txt",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const md = r.stdout;
    for (
      const h of [
        "# MFA registration report",
        "## Coverage",
        "## Admins without MFA",
        "## Admins without a phishing-resistant method",
        "## Users whose only MFA method is SMS or voice",
        "## Method popularity",
        "## Default MFA method",
        "## System-preferred MFA",
        "## Data freshness",
        "## Exclusions",
      ]
    ) assert.ok(md.includes(`\n${h}\n`) || md.startsWith(`${h}\n`), h);
    assert.match(md, /```mermaid\npie showData\n/);
    const adminsSection = md.slice(
      md.indexOf("## Admins without MFA"),
      md.indexOf("## Admins without a phishing"),
    );
    const noMfaAdmins = inScope.filter((r) =>
      r.isAdmin === true && r.isMfaRegistered !== true && r.id !== "832f0f81-32b3-4bd8-8be8-efc9a4ab5d67"
    );
    for (const a of noMfaAdmins) {
      assert.ok(adminsSection.includes(`- ${a.userPrincipalName}`), String(a.userPrincipalName));
    }
    assert.ok(!adminsSection.includes("bg-admin-02"), "an excluded admin is not named");
    assert.match(
      md,
      /\| bg-admin-01@contoso\.example \| bg-admin-01@contoso\.example \| 2 \| break-glass 01: FIDO2 key in the safe \|/,
    );
    assert.match(
      md,
      /\| bg-admin-02@contoso\.example \| 832f0f81-32b3-4bd8-8be8-efc9a4ab5d67 \| 3 \| break-glass 02, listed by object id \|/,
    );
    // An entry that matches nobody is shown only as its line and a short prefix (it may not be a UPN at all).
    assert.match(md, /line 4 \(nobo…\)/);
    assert.doesNotMatch(md, /nobody\.here/);
  });
});

Deno.test("registration-report on a tenant without P1/P2 uses the per-user fallback and says admins are unknown", async () => {
  await withServer(false, async (url) => {
    const r = await runRegistrationTask("registration-report", [
      "--graph-url",
      url,
      "--budget",
      "0",
      "--format",
      "json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.source, "per-user-methods");
    assert.equal(doc.admins.known, false);
    assert.equal(doc.totals.inScope, inScope.length);
    assert.equal(doc.flagsDerived, inScope.length);

    const admins = await runRegistrationTask("registration-report", [
      "--graph-url",
      url,
      "--budget",
      "0",
      "--admins-only",
    ]);
    assert.equal(admins.code, 1);
    assert.equal(lines(admins.stderr).filter((l) => l.startsWith("error:")).length, 1);
    assert.match(admins.stderr, /error: Cannot list admins from per-user authentication methods/);
  });
});
