/**
 * One sign-in source: `signins-report` and `compliance-report` read sign-ins through the same
 * code (lib/signins_report/collect.ts), so on the same files their numbers agree. Both tasks run
 * through `deno task` (their own permissions) on files with rows that cannot be understood
 * (allowed by the same `--max-bad-rows`), an undated row, a future-dated row, legacy
 * authentication and fraud reports; every number compliance reports is held against the
 * sign-in report's.
 */
import assert from "node:assert/strict";
import { runDenoTask } from "./_run_task.ts";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";

const NOW = "2026-11-20T12:00:00Z";

interface Row {
  i: number;
  at: string | null;
  upn: string;
  userType?: string;
  clientApp: string;
  errorCode: number;
  details?: string;
}

function signIn(r: Row): string {
  return JSON.stringify({
    id: `00000000-0000-4000-8000-${String(r.i).padStart(12, "0")}`,
    correlationId: `00000000-0000-4000-9000-${String(r.i).padStart(12, "0")}`,
    ...(r.at !== null ? { createdDateTime: r.at } : {}),
    userPrincipalName: r.upn,
    userId: `00000000-0000-4000-8000-1${r.upn.length.toString().padStart(11, "0")}`,
    userType: r.userType ?? "Member",
    clientAppUsed: r.clientApp,
    isInteractive: true,
    authenticationRequirement: "multiFactorAuthentication",
    status: { errorCode: r.errorCode, ...(r.details !== undefined ? { additionalDetails: r.details } : {}) },
  });
}

/** Two files: legacy and modern sign-ins, fraud, a guest, and rows of every awkward kind. */
function files(): Record<string, string> {
  const a: string[] = [];
  const b: string[] = [];
  const users = ["ana@contoso.example", "ben@contoso.example", "chloe@contoso.example"];
  for (let i = 1; i <= 24; i++) {
    const upn = users[i % users.length]!;
    const at = `2026-11-20T0${i % 10}:${String(i).padStart(2, "0")}:00Z`;
    const legacy = i % 4 === 0;
    const fraud = i % 7 === 0;
    (i % 2 === 0 ? a : b).push(signIn({
      i,
      at,
      upn,
      clientApp: legacy ? (i % 8 === 0 ? "IMAP4" : "Authenticated SMTP") : "Browser",
      errorCode: fraud ? 500121 : legacy && i % 3 === 0 ? 50126 : 0,
      ...(fraud ? { details: "MFA denied; user reported fraud" } : {}),
    }));
  }
  a.push(
    signIn({
      i: 100,
      at: NOW,
      upn: "guest_fabrikam.example#EXT#@contoso.example",
      userType: "Guest",
      clientApp: "IMAP4",
      errorCode: 0,
    }),
  );
  a.push(signIn({ i: 101, at: null, upn: "ana@contoso.example", clientApp: "POP3", errorCode: 0 }));
  a.push(
    signIn({
      i: 102,
      at: "2026-11-25T00:00:00Z",
      upn: "ben@contoso.example",
      clientApp: "Browser",
      errorCode: 0,
    }),
  );
  a.push('{"id": 5, "createdDateTime": "not a date"}');
  b.push('{"id": 6, "createdDateTime": "not a date either"}');
  b.push("this is not JSON");
  return { "a.ndjson": a.join("\n") + "\n", "b.ndjson": b.join("\n") + "\n" };
}

const POLICY = `{
  "scope": { "includeGuests": true },
  "rules": [
    { "id": "legacy", "check": "legacyAuthSucceeded", "threshold": 1000 },
    { "id": "fraud", "check": "mfaDeniedFraud", "threshold": 1000 },
  ],
}`;

interface SigninsJson {
  totals: {
    rows: number;
    badRows: number;
    filteredOut: number;
    signIns: number;
    userSignIns: number;
    users: number;
  };
  legacyAuth: { signIns: number; succeeded: number; users: number; byClientApp: unknown[] };
  mfa: { denied: Record<string, number> };
  legacyMfaServer: { fraud: { users: { user: string; count: number }[] } };
}

interface ComplianceJson {
  signIns: {
    rows: number;
    badRows: number;
    filteredOut: number;
    signIns: number;
    userSignIns: number;
    users: number;
    legacyAuth: { signIns: number; succeeded: number; users: number; byClientApp: unknown[] };
    mfaDenied: Record<string, number>;
    fraud: { signIns: number; users: { user: string; count: number }[] };
  };
  rules: { id: string; actual: number | null; rows: number }[];
}

Deno.test("one sign-in source: signins-report and compliance-report agree on the same files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const paths: string[] = [];
    for (const [name, text] of Object.entries(files())) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
      paths.push(`${dir}/${name}`);
    }
    await Deno.writeTextFile(`${dir}/policy.jsonc`, POLICY);
    const common = ["--now", NOW, "--max-bad-rows", "5"];

    const sr = await runDenoTask("signins-report", ["--from", ...paths, ...common, "--format", "json"]);
    assert.equal(sr.code, 0, sr.stderr);
    const report = JSON.parse(sr.stdout) as SigninsJson;
    const cr = await runDenoTask("compliance-report", [
      "--policy",
      `${dir}/policy.jsonc`,
      "--signins-from",
      ...paths,
      ...common,
      "--json",
      `${dir}/c.json`,
      "--out",
      `${dir}/c.md`,
    ]);
    assert.equal(cr.code, 0, cr.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/c.json`)) as ComplianceJson;
    const s = doc.signIns;

    // the data has every awkward kind of row, so the comparison below means something
    assert.equal(report.totals.badRows, 4, "3 unreadable rows + 1 future-dated row");
    assert.ok(report.totals.rows > 20);
    assert.ok(report.legacyAuth.succeeded > 0 && report.legacyAuth.succeeded < report.legacyAuth.signIns);
    assert.ok((report.mfa.denied.fraudReported ?? 0) > 0);

    assert.deepEqual(
      {
        rows: s.rows,
        badRows: s.badRows,
        filteredOut: s.filteredOut,
        signIns: s.signIns,
        userSignIns: s.userSignIns,
        users: s.users,
      },
      {
        rows: report.totals.rows,
        badRows: report.totals.badRows,
        filteredOut: report.totals.filteredOut,
        signIns: report.totals.signIns,
        userSignIns: report.totals.userSignIns,
        users: report.totals.users,
      },
    );
    assert.deepEqual(
      {
        signIns: s.legacyAuth.signIns,
        succeeded: s.legacyAuth.succeeded,
        users: s.legacyAuth.users,
        byClientApp: s.legacyAuth.byClientApp,
      },
      {
        signIns: report.legacyAuth.signIns,
        succeeded: report.legacyAuth.succeeded,
        users: report.legacyAuth.users,
        byClientApp: report.legacyAuth.byClientApp,
      },
    );
    const denied = Object.fromEntries(Object.entries(report.mfa.denied).filter(([, n]) => n > 0));
    assert.deepEqual(s.mfaDenied, denied);
    assert.equal(s.fraud.signIns, report.mfa.denied.fraudReported);
    assert.deepEqual(
      s.fraud.users.map((u) => [u.user, u.count]),
      report.legacyMfaServer.fraud.users.map((u) => [u.user, u.count]),
    );
    const actual = Object.fromEntries(doc.rules.map((r) => [r.id, r.actual]));
    assert.deepEqual(actual, { legacy: report.legacyAuth.succeeded, fraud: report.mfa.denied.fraudReported });

    // the same warnings: the undated and the future-dated row
    for (const stderr of [sr.stderr, cr.stderr]) {
      assert.match(stderr, /1 row\(s\) have no createdDateTime/);
      assert.match(stderr, /1 row\(s\) are dated more than a day after the report clock/);
    }

    // without --max-bad-rows, both refuse the same file the same way (3 of 14 rows bad > 1%)
    const srStrict = await runDenoTask("signins-report", [
      "--from",
      paths[1]!,
      "--now",
      NOW,
      "--format",
      "json",
    ]);
    const crStrict = await runDenoTask("compliance-report", [
      "--policy",
      `${dir}/policy.jsonc`,
      "--signins-from",
      paths[1]!,
      "--now",
      NOW,
    ]);
    assert.equal(srStrict.code, 1, srStrict.stderr);
    assert.equal(crStrict.code, 1, crStrict.stderr);
    const line = (t: string) => t.split("\n").find((l) => l.includes(paths[1]!)) ?? "";
    assert.match(line(srStrict.stderr), /b\.ndjson/);
    assert.equal(
      line(srStrict.stderr).replace(/^.*?b\.ndjson/, ""),
      line(crStrict.stderr).replace(/^.*?b\.ndjson/, ""),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("one sign-in source: the same over Graph, with items that cannot be read", async () => {
  const dataset = generateSampleTenant({ seed: 1, users: 30, days: 2 });
  dataset.signIns.unshift({
    id: 5,
    createdDateTime: "2026-11-20T01:00:00Z",
    signInEventTypes: ["interactiveUser"],
    isInteractive: true,
    status: { errorCode: "not a number" },
  });
  const server = await startGraphServer({ dataset });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/policy.jsonc`, POLICY);
    const common = ["--graph-url", server.url, "--auth", "none", "--now", NOW, "--days", "2"];
    const sr = await runDenoTask("signins-report", [...common, "--format", "json"]);
    assert.equal(sr.code, 0, sr.stderr);
    const report = JSON.parse(sr.stdout) as SigninsJson & { sources: { kind: string; file?: string }[] };
    const cr = await runDenoTask("compliance-report", [
      "--policy",
      `${dir}/policy.jsonc`,
      ...common,
      "--json",
      `${dir}/c.json`,
      "--out",
      `${dir}/c.md`,
    ]);
    assert.equal(cr.code, 0, cr.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/c.json`)) as ComplianceJson;
    const md = await Deno.readTextFile(`${dir}/c.md`);
    const s = doc.signIns;
    assert.equal(report.totals.badRows, 1);
    assert.ok(report.totals.rows > 0);
    assert.deepEqual(
      [s.rows, s.badRows, s.filteredOut, s.signIns, s.userSignIns, s.users],
      [
        report.totals.rows,
        report.totals.badRows,
        report.totals.filteredOut,
        report.totals.signIns,
        report.totals.userSignIns,
        report.totals.users,
      ],
    );
    assert.deepEqual(
      [s.legacyAuth.signIns, s.legacyAuth.succeeded, s.legacyAuth.users],
      [report.legacyAuth.signIns, report.legacyAuth.succeeded, report.legacyAuth.users],
    );
    // the unreadable item is its own source in both
    assert.ok(report.sources.some((x) => x.file === "(Graph items that could not be read)"));
    assert.match(md, /\(Graph items that could not be read\)/);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
