/**
 * End-to-end tests of the `signins-report` task. The task runs as a subprocess with exactly the
 * permission flags of its deno.json entry (`deno task signins-report`), a cleared
 * environment and no TTY.
 *
 * The fixtures in testdata/signins_report/ hold one small hand-made scenario in every source
 * format ("six_signins": 7 rows). Worked out by hand:
 * - r1 (Ana, 50074 "MFA required") then r2 (Ana, same correlation id, 30 s later, success,
 *   "MFA successfully completed", push approved): one logical sign-in, MFA satisfied;
 * - r3 (Bo, 500121 "user declined", push failed) and an exact copy of it: one sign-in, denied;
 * - r5 (Cy, IMAP4, single factor, success) and an exact copy: one sign-in, legacy auth;
 * - r7 (Dee, guest, non-interactive, "satisfied by claim in the token", CA status
 *   "quantumStatus", policy result "reportOnlyFutureThing"): unknown values kept.
 * So: 7 rows, 2 duplicates dropped, 1 row merged, 4 logical sign-ins, 4 users; MFA required 3
 * (Ana, Bo, Dee), single factor 1 (Cy); methods: Password 3 attempts (Ana's password step
 * appears in both of her rows but is the same step), push 2 attempts (1 ok, 1 failed).
 */
import assert from "node:assert/strict";
import { runDenoTask, type TaskRun } from "./_run_task.ts";
import { generateSignIns } from "../dev/sample/mod.ts";
import { startGraphServer } from "../dev/graph_server/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const FIX = `${ROOT}testdata/signins_report`;
const GOLDEN = `${FIX}/sample_tenant.md`;

type Run = TaskRun;

/** Runs `deno task signins-report` (its deno.json permissions) from `cwd`. */
function run(args: string[], cwd = ROOT): Promise<Run> {
  return runDenoTask("signins-report", args, { cwd });
}

// deno-lint-ignore no-explicit-any
type Json = any;

async function runJson(args: string[]): Promise<Json> {
  const r = await run([...args, "--format", "json", "--now", "2026-11-20T14:00:00Z"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const nonZero = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0));

/** The hand-worked numbers of the six_signins scenario (see the module comment). */
function assertSixSignIns(j: Json, opts: { caDetail: boolean }): void {
  assert.equal(j.schemaVersion, 1);
  assert.deepEqual(j.window, { from: "2026-11-20T10:00:00Z", to: "2026-11-20T13:00:00Z", basis: "data" });
  assert.deepEqual(j.totals, {
    rows: 7,
    badRows: 0,
    futureRows: 0,
    duplicateConflicts: 0,
    conflictsKeptFirst: 0,
    filteredOut: 0,
    duplicatesDropped: 2,
    rowsMerged: 1,
    signIns: 4,
    interruptedIncomplete: 0,
    userSignIns: 4,
    userSignInsWithoutUser: 0,
    users: 4,
  });
  assert.equal(j.mfa.required, 3);
  assert.equal(j.mfa.notRequired, 1);
  assert.equal(j.mfa.requirementUnknown, 0);
  assert.deepEqual(nonZero(j.mfa.satisfied), { satisfiedByClaimInToken: 1, successfullyCompleted: 1 });
  assert.deepEqual(nonZero(j.mfa.denied), { userDeclined: 1 });
  assert.equal(j.mfa.noPrompt.claimInToken, 1);
  assert.deepEqual(j.methods, {
    password: { attempts: 3, succeeded: 3, failed: 0 },
    authenticatorPush: { attempts: 2, succeeded: 1, failed: 1 },
  });
  assert.deepEqual(j.mfa.deniedByMethod, { authenticatorPush: 1 });
  assert.deepEqual(j.mfa.deniedErrorCodes, [{ code: 500121, count: 1 }]);
  assert.deepEqual(nonZero(j.conditionalAccess.status), {
    success: 1,
    failure: 1,
    notApplied: 1,
    unknown: 1,
  });
  assert.deepEqual(j.conditionalAccess.unknownStatus, { quantumStatus: 1 });
  if (opts.caDetail) {
    assert.equal(j.conditionalAccess.detail, "visible");
    assert.equal(j.conditionalAccess.policies.length, 1);
    const p = j.conditionalAccess.policies[0];
    assert.deepEqual([p.id, p.displayName], [
      "ca000002-5a3e-4e00-8000-0000000ca002",
      "Require MFA for all users",
    ]);
    assert.deepEqual(nonZero(p.results), { success: 1, failure: 1, notApplied: 1, unknown: 1 });
    assert.deepEqual(p.unknownResults, { reportOnlyFutureThing: 1 });
    assert.deepEqual(p.grantControls, ["mfa"]);
  } else {
    assert.equal(j.conditionalAccess.detail, "hidden");
    assert.deepEqual(j.conditionalAccess.policies, []);
  }
  assert.deepEqual(nonZero(j.eventTypes), { interactiveUser: 3, nonInteractiveUser: 1 });
  assert.deepEqual(nonZero(j.errors), { success: 3, mfaFailed: 1 });
  assert.deepEqual(j.users.total, 4);
  assert.equal(j.users.challenged, 2); // Ana (push approved), Bo (denied)
  assert.equal(j.users.completedMfa, 1); // Ana
  assert.equal(j.users.failedMfa, 1); // Bo
  assert.equal(j.users.topFailed[0].user, "bo@contoso.example");
  assert.equal(j.users.topFailed[0].latestFailure.result, "denied.userDeclined");
  assert.equal(j.users.topFailed[0].latestFailure.at, "2026-11-20T11:00:00Z");
  assert.equal(j.legacyAuth.signIns, 1);
  assert.equal(j.legacyAuth.succeeded, 1);
  assert.deepEqual(j.legacyAuth.byClientApp, [{ clientApp: "IMAP4", signIns: 1, succeeded: 1 }]);
  assert.equal(j.mfa.byUserType.member.signIns, 3);
  assert.equal(j.mfa.byUserType.guest.signIns, 1);
}

const FORMATS: { name: string; files: string[]; format: string; caDetail: boolean }[] = [
  { name: "Graph NDJSON", files: ["six_signins.ndjson"], format: "graph-ndjson", caDetail: true },
  { name: "Graph JSON page", files: ["six_signins_page.json"], format: "graph-json", caDetail: true },
  { name: "portal JSON array", files: ["six_signins_portal.json"], format: "portal-json", caDetail: true },
  { name: "Log Analytics JSON", files: ["six_signins_la.json"], format: "la-json", caDetail: true },
  { name: "Log Analytics CSV", files: ["six_signins_la.csv"], format: "la-csv", caDetail: true },
  {
    name: "Event Hub diagnostic batches ({records:[…]}, two appended)",
    files: ["six_signins_eventhub.json"],
    format: "azure-diagnostics",
    caDetail: true,
  },
  {
    name: "storage-account PT1H.json (one diagnostic record per line, time only)",
    files: ["PT1H.json"],
    format: "azure-diagnostics",
    caDetail: true,
  },
  {
    name: "portal CSV (interactive + AuthDetails, non-interactive)",
    files: [
      "InteractiveSignIns_2026-11-20_2026-11-21.csv",
      "NonInteractiveSignIns_2026-11-20_2026-11-21.csv",
    ],
    format: "portal-csv",
    caDetail: false,
  },
  {
    name: "Graph NDJSON in UTF-16 LE with BOM",
    files: ["utf16le_bom.ndjson"],
    format: "graph-ndjson",
    caDetail: true,
  },
];

for (const f of FORMATS) {
  Deno.test(`signins-report counts the hand-checked scenario from ${f.name}`, async () => {
    const j = await runJson(["--from", ...f.files.map((x) => `${FIX}/${x}`)]);
    assert.equal(j.sources[0].format, f.format);
    assertSixSignIns(j, { caDetail: f.caDetail });
  });
}

Deno.test("signins-report keeps unknown values, missing fields and bad rows visible", async () => {
  // odd_values.ndjson, by hand: o1 has only id + time (no user: not a user sign-in, error code
  // missing); o2 (eve) is full of values Graph may add later; o3 (fay) is denied for a reason not
  // in the table; o4 has errorCode "abc" (bad row); o5 (gil) succeeded under MFA with no MFA
  // result; o6 (hal) failed the password; o7 (ivy) is an MFA interrupt nobody completed.
  const r = await run(["--from", `${FIX}/odd_values.ndjson`, "--max-bad-rows", "1", "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: 1 row\(s\) could not be understood/);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(
    [j.totals.rows, j.totals.badRows, j.totals.signIns, j.totals.userSignIns, j.totals.users],
    [6, 1, 6, 5, 5],
  );
  assert.deepEqual(j.sources[0].badRowSamples, [{
    line: 4,
    reason: 'status.errorCode: expected an integer, got "abc"',
  }]);
  assert.deepEqual([j.mfa.required, j.mfa.notRequired, j.mfa.requirementUnknown], [4, 0, 1]);
  assert.deepEqual(j.mfa.unknownRequirementValues, { quantumFactorAuthentication: 1 });
  assert.deepEqual(j.mfa.unknownRequirementProviders, { quantumPolicy: 1 });
  assert.equal(j.mfa.denied.other, 1);
  assert.deepEqual(j.mfa.deniedOtherTexts, { "MFA denied; brand new reason": 1 });
  assert.deepEqual([j.mfa.abandoned, j.mfa.notReached, j.mfa.unknownResult], [1, 1, 1]);
  assert.deepEqual(j.methods, { unknown: { attempts: 1, succeeded: 1, failed: 0 } });
  assert.deepEqual(j.unknownMethods, { "Carrier pigeon": 1 });
  assert.deepEqual(j.unknownEventTypes, { "(not given)": 1, holographicUser: 1 });
  assert.deepEqual(nonZero(j.errors), {
    success: 2,
    mfaRequiredInterrupt: 1,
    mfaFailed: 1,
    primaryAuthFailed: 1,
    unknown: 1,
  });
  assert.deepEqual(j.crossTenant.unknownAccessTypes, { newFlag: 1 });
  assert.deepEqual(j.risk.unknownValues, { "riskLevelDuringSignIn: extreme": 1, "riskState: puzzled": 1 });
  assert.deepEqual(j.legacyMfaServer.unknownTokenIssuerTypes, { QuantumIdP: 1 });
  assert.deepEqual(j.legacyAuth.unknownClientApps, { "Carrier pigeon client": 1 });
  assert.deepEqual(j.conditionalAccess.policies[0].grantControls, ["unknown:RequireQuantum"]);
  assert.deepEqual([j.users.challenged, j.users.failedMfa, j.users.abandonedOnly], [2, 1, 1]);
  // and the Markdown shows them with their raw values
  const md = await run(["--from", `${FIX}/odd_values.ndjson`, "--max-bad-rows", "1"]);
  assert.match(md.stdout, /Unknown method: "Carrier pigeon" ×1/);
  assert.match(md.stdout, /Unknown event type: "\(not given\)" ×1, "holographicUser" ×1/);
  assert.match(md.stdout, /Unknown control "RequireQuantum"/);
});

const BROKEN: { name: string; file: string; message: RegExp }[] = [
  {
    name: "a truncated NDJSON file (names the byte and line)",
    file: "truncated.ndjson",
    message:
      /^error: .*truncated\.ndjson:2: Cannot parse JSON: the file ends at byte 2000 inside a string; .*line 2/,
  },
  {
    name: "a truncated JSON array (names the byte and line)",
    file: "truncated_portal.json",
    message: /^error: .*truncated_portal\.json:132: Cannot parse JSON: the file ends at byte 5000/,
  },
  {
    name: "Latin-1 bytes in a UTF-8 file (names the byte)",
    file: "latin1.ndjson",
    message: /^error: .*latin1\.ndjson \(byte 1625\): Cannot decode text: invalid UTF-8 byte 0xe1/,
  },
];

for (const b of BROKEN) {
  Deno.test(`signins-report fails with one clear line on ${b.name}, and writes nothing`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const r = await run(["--from", `${FIX}/${b.file}`, "--out", `${dir}/r.md`]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, b.message);
      assert.deepEqual(await Array.fromAsync(Deno.readDir(dir)), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("signins-report rejects bad options with exit code 2", async () => {
  const cases: [string[], RegExp][] = [
    [["--from", `${FIX}/six_signins.ndjson`, "--input-format", "xlsx"], /Cannot use --input-format "xlsx"/],
    [["--event-types", "batch"], /Cannot use --event-types "batch"/],
    [["--since", "yesterday"], /Cannot use --since "yesterday"/],
    [["--since", "2026-11-01", "--days", "2"], /Cannot use --since with --days/],
    [["--from", `${FIX}/six_signins.ndjson`, "--format", "xlsx"], /xlsx/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

Deno.test("signins-report filters file rows by window, user and event type", async () => {
  // Window 10:30–12:30 keeps r3, its copy and r5 and its copy (4 rows), leaves out r1, r2, r7.
  const w = await runJson([
    "--from",
    `${FIX}/six_signins.ndjson`,
    "--since",
    "2026-11-20T10:30:00Z",
    "--until",
    "2026-11-20T12:30:00Z",
  ]);
  assert.deepEqual(w.window, {
    from: "2026-11-20T10:30:00Z",
    to: "2026-11-20T12:30:00Z",
    basis: "requested",
  });
  assert.deepEqual([w.totals.rows, w.totals.filteredOut, w.totals.signIns], [7, 3, 2]);
  const u = await runJson(["--from", `${FIX}/six_signins.ndjson`, "--user", "ANA@contoso.example"]);
  assert.deepEqual([u.totals.signIns, u.totals.rowsMerged, u.mfa.satisfied.successfullyCompleted], [1, 1, 1]);
  const e = await runJson(["--from", `${FIX}/six_signins.ndjson`, "--event-types", "noninteractive"]);
  assert.deepEqual([e.totals.signIns, e.users.topFailed.length], [1, 0]);
});

Deno.test("signins-report --redact hashes users with the key file and truncates IP addresses", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const key = new TextEncoder().encode("contoso-example-redaction-key-0001");
    await Deno.writeFile(`${dir}/key`, key);
    const j = await runJson(["--from", `${FIX}/six_signins.ndjson`, "--redact-key-file", `${dir}/key`]);
    // Expected token computed independently with WebCrypto: HMAC-SHA-256(key, "bo@contoso.example").
    const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(
      await crypto.subtle.sign("HMAC", k, new TextEncoder().encode("bo@contoso.example")),
    );
    const hex = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
    const f = j.users.topFailed[0];
    assert.equal(f.user, `user-${hex.slice(0, 12)}`);
    assert.equal(f.displayName, null);
    assert.equal(f.latestFailure.ip, "203.0.113.0/24");
    assert.deepEqual(j.redaction, { method: "HMAC-SHA-256", key: "file", ip: "IPv4 /24, IPv6 /48" });
    const md = await run(["--from", `${FIX}/six_signins.ndjson`, "--redact"]);
    assert.equal(md.code, 0, md.stderr);
    assert.doesNotMatch(md.stdout, /contoso\.example|203\.0\.113\.77/);
    assert.match(md.stdout, /key: random for this run/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("signins-report writes CSV with one row per metric", async () => {
  const r = await run(["--from", `${FIX}/six_signins.ndjson`, "--format", "csv"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\r\n");
  assert.equal(lines[0], "section,key,label,count,succeeded,failed,users,detail");
  assert.ok(lines.includes("totals,signIns,Logical sign-ins,4,,,,"));
  assert.ok(lines.includes("methods,authenticatorPush,Microsoft Authenticator notification,2,1,1,,"));
  assert.ok(lines.includes("ca.status.unknownValue,quantumStatus,quantumStatus,1,,,,"));
});

Deno.test("signins-report --with-registration adds the per-user verdict", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Ana: registered (push only); Bo: not registered; Cy and Dee: no record.
    await Deno.writeTextFile(
      `${dir}/reg.json`,
      JSON.stringify([
        {
          id: "u-ana",
          userPrincipalName: "ana@contoso.example",
          isMfaRegistered: true,
          methodsRegistered: ["microsoftAuthenticatorPush"],
        },
        {
          id: "u-bo",
          userPrincipalName: "bo@contoso.example",
          isMfaRegistered: false,
          methodsRegistered: [],
        },
        {
          id: "u-zoe",
          userPrincipalName: "zoe@contoso.example",
          isMfaRegistered: true,
          methodsRegistered: ["fido2"],
        },
      ]),
    );
    const j = await runJson([
      "--from",
      `${FIX}/six_signins.ndjson`,
      "--with-registration",
      `${dir}/reg.json`,
    ]);
    const reg = j.registration;
    assert.deepEqual([reg.records, reg.matched, reg.unmatched, reg.registeredWithoutSignIns], [3, 2, 2, 1]);
    const by = Object.fromEntries(reg.users.map((u: Json) => [u.user, u.reasons]));
    assert.deepEqual(by["ana@contoso.example"], ["notPhishingResistant"]);
    assert.deepEqual(by["bo@contoso.example"], ["notRegistered", "mfaNotPerformed"]);
    assert.deepEqual(by["cy@contoso.example"], [
      "noRegistrationRecord",
      "mfaNotRequired",
      "legacyAuthSucceeded",
    ]);
    assert.deepEqual(
      by["dee_fabrikam.example#ext#@contoso.example"] ?? by["dee_fabrikam.example#EXT#@contoso.example"],
      [
        "noRegistrationRecord",
        "notPhishingResistant",
      ],
    );
    assert.deepEqual(reg.verdicts, { ok: 0, shortfall: 4 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function sixSignInsDataset(rows: Record<string, unknown>[]) {
  return {
    tenantId: "c0250000-7e57-4a11-9c0d-000000c02501",
    domain: "contoso.example",
    users: [],
    registrationDetails: [],
    authenticationMethods: {},
    conditionalAccessPolicies: [],
    signIns: rows,
  };
}

async function sixRows(): Promise<Record<string, unknown>[]> {
  return (await Deno.readTextFile(`${FIX}/six_signins.ndjson`)).trim().split("\n").map((l) => JSON.parse(l));
}

Deno.test("signins-report reads Graph (one cursor per event type) with the same result as the file", async () => {
  const server = await startGraphServer({ dataset: sixSignInsDataset(await sixRows()), pageSize: 2 });
  try {
    const j = await runJson([
      "--graph-url",
      server.url,
      "--auth",
      "none",
      "--since",
      "2026-11-20T00:00:00Z",
      "--until",
      "2026-11-21T00:00:00Z",
    ]);
    assert.equal(j.sources[0].kind, "graph");
    assert.deepEqual(j.sources[0].items, { interactiveUser: 6, nonInteractiveUser: 1 });
    assert.deepEqual(j.window, {
      from: "2026-11-20T00:00:00Z",
      to: "2026-11-21T00:00:00Z",
      basis: "requested",
    });
    assertSixSignIns({
      ...j,
      window: { from: "2026-11-20T10:00:00Z", to: "2026-11-20T13:00:00Z", basis: "data" },
    }, {
      caDetail: true,
    });
    const urls = server.stats.recorded.map((r) => decodeURIComponent(r.url));
    assert.ok(urls.every((u) => u.includes("/beta/auditLogs/signIns")));
    assert.ok(urls.some((u) => u.includes("signInEventTypes/any(t: t eq 'nonInteractiveUser')")));
    const f = await runJson([
      "--graph-url",
      server.url,
      "--auth",
      "none",
      "--days",
      "1",
      "--user",
      "bo@contoso.example",
    ]);
    assert.deepEqual(f.sources[0].filters, ["userPrincipalName eq 'bo@contoso.example'"]);
    assert.equal(f.totals.signIns, 1);
  } finally {
    await server.close();
  }
});

Deno.test("signins-report --with-registration reads the registration report from Graph", async () => {
  const dataset = {
    ...sixSignInsDataset(await sixRows()),
    users: [{ id: "u-ana", userPrincipalName: "ana@contoso.example", accountEnabled: true }],
    registrationDetails: [{
      id: "u-ana",
      userPrincipalName: "ana@contoso.example",
      userDisplayName: "Ana",
      userType: "member",
      isAdmin: false,
      isMfaRegistered: true,
      isMfaCapable: true,
      isPasswordlessCapable: false,
      methodsRegistered: ["microsoftAuthenticatorPush"],
    }],
  };
  const server = await startGraphServer({ dataset });
  try {
    const j = await runJson([
      "--graph-url",
      server.url,
      "--auth",
      "none",
      "--since",
      "2026-11-20",
      "--until",
      "2026-11-21",
      "--with-registration",
    ]);
    const reg = j.registration;
    assert.match(reg.source, /^Graph \(registration-report\)$/);
    assert.deepEqual([reg.records, reg.matched, reg.unmatched], [1, 1, 3]);
    const ana = reg.users.find((u: Json) => u.user === "ana@contoso.example");
    assert.deepEqual([ana.registered, ana.reasons], [true, ["notPhishingResistant"]]);
  } finally {
    await server.close();
  }
});

Deno.test("signins-report says 'CA detail not visible' when Graph hides the policies", async () => {
  const server = await startGraphServer({ dataset: sixSignInsDataset(await sixRows()), caVisible: false });
  try {
    const r = await run([
      "--graph-url",
      server.url,
      "--auth",
      "none",
      "--since",
      "2026-11-20",
      "--until",
      "2026-11-21",
      "--now",
      "2026-11-21T00:00:00Z",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: CA detail not visible: grant Policy\.Read\.All/);
    assert.match(r.stdout, /CA detail not visible: grant Policy\.Read\.All/);
  } finally {
    await server.close();
  }
});

Deno.test("signins-report names --from as the way out when the tenant has no premium licence", async () => {
  const server = await startGraphServer({ dataset: sixSignInsDataset([]), premium: false });
  try {
    const r = await run(["--graph-url", server.url, "--auth", "none"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: Cannot read sign-ins .*P1 or P2 licence.*--from FILE/);
  } finally {
    await server.close();
  }
});

Deno.test("signins-report golden Markdown of the sample tenant (UPDATE_GOLDEN=1 rewrites it)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines: string[] = [];
    for (const row of generateSignIns({ seed: 1, users: 40, days: 2 })) lines.push(JSON.stringify(row));
    await Deno.writeTextFile(`${dir}/sample_tenant.ndjson`, lines.join("\n") + "\n");
    const r = await run(["--from", "sample_tenant.ndjson", "--now", "2026-11-20T12:00:00Z"], dir);
    assert.equal(r.code, 0, r.stderr);
    if (Deno.env.get("UPDATE_GOLDEN") === "1") await Deno.writeTextFile(GOLDEN, r.stdout);
    assert.equal(r.stdout, await Deno.readTextFile(GOLDEN));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
