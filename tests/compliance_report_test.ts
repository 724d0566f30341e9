/**
 * End-to-end tests of `compliance-report` against the local Graph server on the sample tenant
 * (seed 1, 40 users, 2 days of sign-ins ending 2026-11-20T12:00:00Z). The task runs as a
 * subprocess with exactly its deno.json permissions. Expected values are worked out here from
 * the tenant's raw Graph JSON, with the method facts written out as literal lists.
 */
import assert from "node:assert/strict";
import { runDenoTask } from "./_run_task.ts";
import { childElements, parseXml, textOf } from "../dev/testing/xml_reader.ts";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant, type GraphDataset, type GraphObject } from "../dev/sample/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runTask(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runDenoTask("compliance-report", args, { env });
}

async function withServer<T>(dataset: GraphDataset, fn: (url: string) => Promise<T>): Promise<T> {
  const server = await startGraphServer({ dataset });
  try {
    return await fn(server.url);
  } finally {
    await server.close();
  }
}

const NOW = "2026-11-20T12:00:00Z";
const WINDOW = ["--now", NOW, "--days", "2"];
const POLICIES = `${ROOT}testdata/compliance`;
const ds = generateSampleTenant({ seed: 1, users: 40, days: 2 });
const EXCLUDED = ["bg-admin-01@contoso.example", "bg-admin-02@contoso.example"];

// Method facts, written out (not taken from the code under test).
const PHISHING_RESISTANT = [
  "fido2SecurityKey",
  "windowsHelloForBusiness",
  "passKeyDeviceBound",
  "passKeyDeviceBoundAuthenticator",
  "passKeyDeviceBoundWindowsHello",
  "passKeySynced",
  "macOsSecureEnclaveKey",
];
const PHONE = ["mobilePhone", "alternateMobilePhone", "officePhone"];
const NOT_MFA = [
  "appPassword",
  "email",
  "temporaryAccessPass",
  "securityQuestion",
  "qrCode",
  "quantumEntanglementKey",
];
const LEGACY_CLIENTS = [
  "IMAP4",
  "POP3",
  "SMTP",
  "Authenticated SMTP",
  "Exchange ActiveSync",
  "Other clients",
];

function sortUpns(list: Iterable<string>): string[] {
  return [...list].sort((a, b) => {
    const x = a.toLowerCase(), y = b.toLowerCase();
    return x !== y ? (x < y ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** What the policy's scope covers in a dataset, and the figures the rules measure. */
function expected(d: GraphDataset) {
  const enabled = new Set(d.users.filter((u) => u.accountEnabled === true).map((u) => u.id));
  const inScope = d.registrationDetails.filter((r) =>
    enabled.has(r.id) && r.userType === "member" &&
    !EXCLUDED.includes(String(r.userPrincipalName).toLowerCase())
  );
  const upn = (r: GraphObject) => r.userPrincipalName as string;
  const methods = (r: GraphObject) => r.methodsRegistered as string[];
  const registered = inScope.filter((r) => r.isMfaRegistered === true);
  const capable = inScope.filter((r) => r.isMfaCapable === true);
  const admins = inScope.filter((r) => r.isAdmin === true);
  const phoneOnly = inScope.filter((r) => {
    const mfa = methods(r).filter((m) => !NOT_MFA.includes(m));
    return mfa.length > 0 && mfa.every((m) => PHONE.includes(m));
  });
  const scopeUpns = new Set(inScope.map((r) => upn(r).toLowerCase()));
  const from = Date.parse(NOW) - 2 * 86_400_000;
  const legacyIds = new Set(
    d.signIns.filter((s) =>
      LEGACY_CLIENTS.includes(s.clientAppUsed as string) && (s.status as GraphObject).errorCode === 0 &&
      Date.parse(s.createdDateTime as string) >= from &&
      !EXCLUDED.includes(String(s.userPrincipalName).toLowerCase()) && s.userType !== "guest"
    ).map((s) => s.id),
  );
  const reportOnlyDays = d.conditionalAccessPolicies
    .filter((p) => p.state === "enabledForReportingButNotEnforced")
    .map((p) => Math.floor((Date.parse(NOW) - Date.parse(p.createdDateTime as string)) / 86_400_000));
  return {
    inScope: inScope.length,
    registeredPercent: Math.floor((registered.length * 10_000) / inScope.length) / 100,
    capablePercent: Math.floor((capable.length * 10_000) / inScope.length) / 100,
    registered: sortUpns(registered.map(upn)),
    notRegistered: sortUpns(inScope.filter((r) => r.isMfaRegistered !== true).map(upn)),
    adminsWithoutMfa: sortUpns(admins.filter((r) => r.isMfaRegistered !== true).map(upn)),
    adminsWithoutPr: sortUpns(
      admins.filter((r) => !methods(r).some((m) => PHISHING_RESISTANT.includes(m))).map(upn),
    ),
    phoneOnly: sortUpns(phoneOnly.map(upn)),
    legacySucceeded: legacyIds.size,
    reportOnlyMaxDays: Math.max(...reportOnlyDays),
    policyState: (name: string) => d.conditionalAccessPolicies.find((p) => p.displayName === name)?.state,
    scopeUpns,
  };
}

type RuleJson = {
  id: string;
  status: string;
  threshold: number;
  actual: number | null;
  detail: string[];
  evaluated: boolean;
  rows: number;
};
const byId = (doc: { rules: RuleJson[] }) => Object.fromEntries(doc.rules.map((r) => [r.id, r]));

/** The sample tenant plus two fraud reports by one in-scope member (the sample has none). */
function withFraud(d: GraphDataset, user: string): GraphDataset {
  const copy = structuredClone(d);
  const base = copy.signIns.find((s) =>
    s.userPrincipalName === user && (s.status as GraphObject).errorCode === 500121
  );
  assert.ok(base, `no MFA-denied sign-in of ${user} to copy`);
  for (const n of [1, 2]) {
    const row = structuredClone(base);
    row.id = row.originalRequestId = `f0000000-0000-4000-8000-00000000000${n}`;
    row.correlationId = `fc000000-0000-4000-8000-00000000000${n}`;
    row.createdDateTime = `2026-11-20T0${n}:00:00Z`;
    row.status = {
      errorCode: 500121,
      failureReason: "Authentication failed during strong authentication request.",
      additionalDetails: "MFA denied; user reported fraud",
    };
    for (const step of (row.authenticationDetails as GraphObject[] | null) ?? []) {
      if (step.succeeded === false) step.authenticationStepResultDetail = "MFA denied; user reported fraud";
    }
    copy.signIns.unshift(row);
  }
  return copy;
}

Deno.test("compliance-report: a passing policy exits 0 (a warning allowed) with the dataset's figures, and appends to GITHUB_STEP_SUMMARY", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const summary = `${dir}/summary.md`;
    await Deno.writeTextFile(summary, "# Earlier step\n");
    const run = await withServer(ds, (url) =>
      runTask(
        [
          "--policy",
          `${POLICIES}/passing.jsonc`,
          "--graph-url",
          url,
          "--auth",
          "none",
          "--budget",
          "0",
          ...WINDOW,
          "--out",
          `${dir}/report.md`,
          "--json",
          `${dir}/report.json`,
        ],
        { GITHUB_STEP_SUMMARY: summary },
      ));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /Verdict: warn: 8 passed, 1 warning\(s\) \(admins-phishing-resistant\), 0 failed/,
    );
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/report.json`));
    const e = expected(ds);
    const r = byId(doc);
    assert.equal(doc.schemaVersion, 1);
    assert.deepEqual(doc.verdict, { status: "warn", pass: 8, warn: 1, fail: 0 });
    assert.deepEqual(doc.rules.map((x: RuleJson) => [x.id, x.status]), [
      ["registered", "pass"],
      ["capable", "pass"],
      ["admins-mfa", "pass"],
      ["admins-phishing-resistant", "warn"],
      ["phone-only", "pass"],
      ["legacy", "pass"],
      ["fraud", "pass"],
      ["ca-required", "pass"],
      ["report-only-age", "pass"],
    ]);
    assert.equal(doc.registration.totals.inScope, e.inScope);
    for (const x of doc.rules as RuleJson[]) {
      assert.ok(x.evaluated === true && x.rows > 0, `${x.id} saw data`);
    }
    assert.equal(r.registered?.rows, e.inScope);
    assert.equal(r.registered?.actual, e.registeredPercent);
    assert.equal(r.capable?.actual, e.capablePercent);
    assert.deepEqual(r["admins-mfa"]?.detail, e.adminsWithoutMfa);
    assert.equal(r["admins-mfa"]?.actual, e.adminsWithoutMfa.length);
    assert.deepEqual(r["admins-phishing-resistant"]?.detail, e.adminsWithoutPr);
    assert.deepEqual(r["phone-only"]?.detail, e.phoneOnly);
    assert.equal(r.legacy?.actual, e.legacySucceeded);
    assert.equal(r.fraud?.actual, 0);
    assert.deepEqual([r["ca-required"]?.actual, r["ca-required"]?.threshold], [5, 5]);
    assert.equal(r["report-only-age"]?.actual, e.reportOnlyMaxDays);
    assert.deepEqual(doc.registration.users.registered, e.registered);
    assert.deepEqual(doc.registration.users.notRegistered, e.notRegistered);
    assert.deepEqual(
      doc.registration.exclusions.excluded.map((x: { userPrincipalName: string }) => x.userPrincipalName),
      EXCLUDED,
    );

    const md = await Deno.readTextFile(`${dir}/report.md`);
    assert.match(md, /^# MFA compliance report\n/);
    assert.ok(md.indexOf("## Verdict") < md.indexOf("## MFA registration report"));
    assert.ok(md.indexOf("## MFA registration report") < md.indexOf("## Sign-in MFA report"));
    assert.ok(
      md.includes(
        `| registered | Share of in-scope users registered for MFA | fail | ≥ 80% | ${e.registeredPercent}% | ${e.inScope} in-scope users | ✅ pass |`,
      ),
    );
    const step = await Deno.readTextFile(summary);
    assert.ok(step.startsWith("# Earlier step\n\n## MFA compliance: ⚠️ warn\n"), step.slice(0, 200));
    assert.ok(step.includes("| admins-phishing-resistant |"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compliance-report: a violated policy exits 3 with exactly the right rules failed; JUnit parses back; TF_BUILD uploads the summary", async () => {
  const dir = await Deno.makeTempDir();
  const fraudUser = "hostile.markup@contoso.example";
  const tenant = withFraud(ds, fraudUser);
  try {
    const run = await withServer(tenant, (url) =>
      runTask(
        [
          "--policy",
          `${POLICIES}/violated.jsonc`,
          "--graph-url",
          url,
          "--auth",
          "none",
          "--budget",
          "0",
          ...WINDOW,
          "--out",
          `${dir}/report.md`,
          "--json",
          `${dir}/report.json`,
          "--junit",
          `${dir}/junit.xml`,
        ],
        { TF_BUILD: "True" },
      ));
    assert.equal(run.code, 3, run.stderr);
    assert.equal(run.stdout, `##vso[task.uploadsummary]${dir}/report.md\n`);
    const e = expected(tenant);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/report.json`));
    const r = byId(doc);
    assert.deepEqual(doc.rules.map((x: RuleJson) => [x.id, x.status]), [
      ["registered", "warn"],
      ["admins-mfa", "fail"],
      ["legacy", "fail"],
      ["fraud", "fail"],
      ["ca-required", "fail"],
      ["report-only-age", "fail"],
    ]);
    assert.equal(r.registered?.actual, e.registeredPercent);
    assert.deepEqual(r["admins-mfa"]?.detail, e.adminsWithoutMfa);
    assert.equal(r.legacy?.actual, e.legacySucceeded);
    assert.equal(r.fraud?.actual, 2);
    assert.deepEqual(r.fraud?.detail, [`${fraudUser}: 2 (latest 2026-11-20T02:00:00Z)`]);
    assert.equal(e.policyState("Block access from outside allowed countries"), "disabled");
    assert.deepEqual(r["ca-required"]?.detail, [
      "id ca000009-5a3e-4e00-8000-0000000ca009: disabled (expected enabled)",
      "\"Evil <policy> & 'quotes' ]]> |pipe|\": not found (expected enabled)",
    ]);
    assert.equal(r["report-only-age"]?.actual, e.reportOnlyMaxDays);

    const suites = parseXml(await Deno.readTextFile(`${dir}/junit.xml`));
    const suite = childElements(suites, "testsuite")[0];
    assert.ok(suite);
    const cases = childElements(suite, "testcase");
    assert.deepEqual(cases.map((c) => c.attributes.name), doc.rules.map((x: RuleJson) => x.id));
    const failed = cases.filter((c) => childElements(c, "failure").length > 0).map((c) => c.attributes.name);
    assert.deepEqual(failed, ["admins-mfa", "legacy", "fraud", "ca-required", "report-only-age"]);
    assert.deepEqual(
      cases.filter((c) => childElements(c, "skipped").length > 0).map((c) => c.attributes.name),
      ["registered"],
    );
    assert.deepEqual([suites.attributes.tests, suites.attributes.failures, suites.attributes.skipped], [
      "6",
      "5",
      "1",
    ]);
    const adminFailure = childElements(cases[1]!, "failure")[0]!;
    assert.ok(textOf(adminFailure).startsWith('Admins <b>without</b> MFA & "friends"\uFFFD\n'));
    assert.ok(
      textOf(childElements(cases[4]!, "failure")[0]!).includes(
        "\"Evil <policy> & 'quotes' ]]> |pipe|\": not found",
      ),
    );

    const md = await Deno.readTextFile(`${dir}/report.md`);
    assert.ok(md.includes('| admins-mfa | Admins &lt;b&gt;without&lt;/b&gt; MFA &amp; "friends"  | fail |'));
    assert.ok(!md.includes("<policy>"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Tenant B: three registered members lose every method, one member registers, one unregistered member becomes an admin. */
function changedTenant(a: GraphDataset): GraphDataset {
  const b = structuredClone(a);
  const inScope = new Set(expected(a).scopeUpns);
  const members = b.registrationDetails
    .filter((r) => inScope.has(String(r.userPrincipalName).toLowerCase()) && r.isAdmin !== true)
    .sort((x, y) => String(x.userPrincipalName).localeCompare(String(y.userPrincipalName)));
  const registered = members.filter((r) => r.isMfaRegistered === true);
  const unregistered = members.filter((r) => r.isMfaRegistered !== true);
  assert.ok(registered.length >= 3 && unregistered.length >= 2);
  for (const r of registered.slice(0, 3)) {
    Object.assign(r, {
      isMfaRegistered: false,
      isMfaCapable: false,
      isPasswordlessCapable: false,
      methodsRegistered: [],
    });
  }
  Object.assign(unregistered[0]!, {
    isMfaRegistered: true,
    isMfaCapable: true,
    methodsRegistered: ["microsoftAuthenticatorPush"],
  });
  unregistered[1]!.isAdmin = true;
  return b;
}

Deno.test("compliance-report --baseline lists exactly the users changed between two tenants", async () => {
  const dir = await Deno.makeTempDir();
  const a = ds, b = changedTenant(ds);
  try {
    const args = (
      url: string,
    ) => [
      "--policy",
      `${POLICIES}/passing.jsonc`,
      "--graph-url",
      url,
      "--auth",
      "none",
      "--budget",
      "0",
      ...WINDOW,
    ];
    const first = await withServer(
      a,
      (url) => runTask([...args(url), "--json", `${dir}/a.json`, "--out", `${dir}/a.md`]),
    );
    assert.equal(first.code, 0, first.stderr);
    const second = await withServer(
      b,
      (url) =>
        runTask([
          ...args(url),
          "--baseline",
          `${dir}/a.json`,
          "--json",
          `${dir}/b.json`,
          "--out",
          `${dir}/b.md`,
        ]),
    );
    const ea = expected(a), eb = expected(b);
    // Tenant B has one more admin without MFA than the passing policy's threshold of 1 allows.
    assert.equal(eb.adminsWithoutMfa.length, 2);
    assert.equal(second.code, 3, second.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/b.json`));
    const c = doc.changes;
    const lower = (l: string[]) => new Set(l.map((u) => u.toLowerCase()));
    const aReg = lower(ea.registered), bReg = lower(eb.registered);
    assert.deepEqual(c.lostMfaRegistration, eb.notRegistered.filter((u) => aReg.has(u.toLowerCase())));
    assert.deepEqual(c.newlyRegistered, eb.registered.filter((u) => !aReg.has(u.toLowerCase())));
    assert.equal(c.lostMfaRegistration.length, 3);
    assert.equal(c.newlyRegistered.length, 1);
    assert.ok(c.lostMfaRegistration.every((u: string) => !bReg.has(u.toLowerCase())));
    const aAdmins = lower(ea.adminsWithoutMfa);
    assert.deepEqual(c.newAdminsWithoutMfa, eb.adminsWithoutMfa.filter((u) => !aAdmins.has(u.toLowerCase())));
    assert.equal(c.newAdminsWithoutMfa.length, 1);
    assert.deepEqual(c.resolvedAdminsWithoutMfa, []);
    assert.deepEqual([c.usersAdded, c.usersRemoved], [0, 0]);
    // Rule changes, worked out from the two JSON documents: every rule whose status or actual value differs.
    const before = byId(JSON.parse(await Deno.readTextFile(`${dir}/a.json`)));
    assert.deepEqual(
      c.rules,
      doc.rules.filter((x: RuleJson) =>
        before[x.id]?.status !== x.status || before[x.id]?.actual !== x.actual
      ).map((
        x: RuleJson,
      ) => ({
        id: x.id,
        before: before[x.id]?.status,
        after: x.status,
        beforeActual: before[x.id]?.actual,
        afterActual: x.actual,
      })),
    );
    assert.deepEqual(c.rules.find((x: { id: string }) => x.id === "admins-mfa"), {
      id: "admins-mfa",
      before: "pass",
      after: "fail",
      beforeActual: 1,
      afterActual: 2,
    });
    const registeredRate = c.rates.find((x: { metric: string }) => x.metric === "mfaRegistered");
    assert.equal(
      registeredRate.changePoints,
      Math.round((eb.registeredPercent - ea.registeredPercent) * 100) / 100,
    );
    const md = await Deno.readTextFile(`${dir}/b.md`);
    const section = md.slice(md.indexOf("### Users who lost MFA registration (3)"));
    for (const u of c.lostMfaRegistration) assert.ok(section.includes(`- ${u.replaceAll("_", "\\_")}\n`), u);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compliance-report reads registration, sign-ins and policies from files, with the Graph run's figures", async () => {
  const dir = await Deno.makeTempDir();
  const tenant = withFraud(ds, "hostile.markup@contoso.example");
  try {
    await Deno.writeTextFile(`${dir}/registration.json`, JSON.stringify(tenant.registrationDetails));
    await Deno.writeTextFile(
      `${dir}/signins.ndjson`,
      tenant.signIns.map((s) => JSON.stringify(s)).join("\n") + "\n",
    );
    await Deno.writeTextFile(`${dir}/ca.json`, JSON.stringify({ value: tenant.conditionalAccessPolicies }));
    const run = await runTask([
      "--policy",
      `${POLICIES}/violated.jsonc`,
      "--registration-from",
      `${dir}/registration.json`,
      "--signins-from",
      `${dir}/signins.ndjson`,
      "--ca-policies-from",
      `${dir}/ca.json`,
      ...WINDOW,
      "--json",
      `${dir}/r.json`,
    ]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /^# MFA compliance report\n/);
    const r = byId(JSON.parse(await Deno.readTextFile(`${dir}/r.json`)));
    const e = expected(tenant);
    assert.equal(r.legacy?.actual, e.legacySucceeded);
    assert.equal(r.fraud?.actual, 2);
    assert.equal(r["report-only-age"]?.actual, e.reportOnlyMaxDays);
    assert.equal(r["ca-required"]?.actual, 1);
    // The export has no accountEnabled: disabled accounts stay in scope, so only admins are compared.
    assert.deepEqual(
      r["admins-mfa"]?.detail,
      sortUpns(
        tenant.registrationDetails.filter((x) =>
          x.userType === "member" && x.isAdmin === true && x.isMfaRegistered !== true &&
          !EXCLUDED.includes(String(x.userPrincipalName))
        ).map((x) => x.userPrincipalName as string),
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compliance-report exit codes for usage and policy errors", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/bad.jsonc`,
      '{\n  "rules": [\n    { "id": "x", "check": "mfaCapablePercent", "threshold": "abc" }\n  ]\n}\n',
    );
    const CASES = [
      {
        name: "no --policy",
        args: [],
        code: 2,
        stderr: /Cannot run compliance-report: expected --policy FILE/,
      },
      {
        name: "unknown option",
        args: ["--policy", "x", "--treshold", "1"],
        code: 2,
        stderr: /unknown option '--treshold'/,
      },
      {
        name: "bad --days",
        args: ["--policy", "x", "--days", "0"],
        code: 2,
        stderr: /Cannot use --days "0"/,
      },
      {
        name: "bad policy value",
        args: ["--policy", `${dir}/bad.jsonc`, "--check-policy"],
        code: 1,
        stderr:
          /bad\.jsonc:3:61: Cannot use the compliance policy: rules\[0\]\.threshold: expected a number from 0 to 100, got "abc"/,
      },
      {
        name: "missing policy file",
        args: ["--policy", `${dir}/none.jsonc`],
        code: 1,
        stderr: /none\.jsonc: Cannot read the compliance policy/,
      },
      {
        name: "the example policy is valid",
        args: ["--policy", "examples/compliance.jsonc", "--check-policy"],
        code: 0,
        stderr: /examples\/compliance\.jsonc: valid; 9 rule\(s\)/,
      },
    ];
    for (const c of CASES) {
      await t.step(c.name, async () => {
        const run = await runTask(c.args);
        assert.equal(run.code, c.code, run.stderr);
        assert.match(run.stderr, c.stderr);
        assert.equal(run.stdout, "");
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
