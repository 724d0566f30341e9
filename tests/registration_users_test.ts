/**
 * End-to-end tests of `deno task registered-users` / `unregistered-users` against the local
 * Graph server serving a small sample tenant. Every expected UPN list is worked out here from
 * the dataset's raw Graph JSON, not with lib/registration.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { lines, runRegistrationTask, sortedUpns } from "./_registration_helpers.ts";

const ds = generateSampleTenant({ seed: 1, users: 60, days: 1, signInsPerUserPerDay: 0 });
type Row = Record<string, unknown>;
const users = new Map(ds.users.map((u) => [u.id as string, u]));
const enabled = (id: unknown) => users.get(id as string)?.accountEnabled === true;
const methodsOf = (r: Row) => r.methodsRegistered as string[];
const upnsWhere = (pred: (r: Row) => boolean) =>
  sortedUpns(ds.registrationDetails.filter(pred).map((r) => r.userPrincipalName as string));

/** What MSOnline's StrongAuthenticationMethods could hold, as methodsRegistered values. */
const MSONLINE_METHODS = new Set([
  "mobilePhone",
  "alternateMobilePhone",
  "officePhone",
  "microsoftAuthenticatorPush",
  "softwareOneTimePasscode",
]);
const FIDO2_METHODS = new Set([
  "fido2SecurityKey",
  "passKeyDeviceBound",
  "passKeyDeviceBoundAuthenticator",
  "passKeyDeviceBoundWindowsHello",
  "passKeySynced",
]);
const PHONE_METHODS = new Set(["mobilePhone", "alternateMobilePhone", "officePhone"]);
/** `/authentication/methods` types that are a second factor. */
const MFA_ODATA_TYPES = new Set(
  [
    "phoneAuthenticationMethod",
    "microsoftAuthenticatorAuthenticationMethod",
    "passwordlessMicrosoftAuthenticatorAuthenticationMethod",
    "softwareOathAuthenticationMethod",
    "hardwareOathAuthenticationMethod",
    "fido2AuthenticationMethod",
    "windowsHelloForBusinessAuthenticationMethod",
    "platformCredentialAuthenticationMethod",
    "x509CertificateAuthenticationMethod",
    "externalAuthenticationMethod",
  ].map((t) => `#microsoft.graph.${t}`),
);

const modernRegistered = upnsWhere((r) => enabled(r.id) && r.isMfaRegistered === true);
const modernUnregistered = upnsWhere((r) => enabled(r.id) && r.isMfaRegistered !== true);
const msonlineRegistered = upnsWhere((r) =>
  enabled(r.id) && methodsOf(r).some((m) => MSONLINE_METHODS.has(m))
);
const msonlineUnregistered = upnsWhere((r) =>
  enabled(r.id) && !methodsOf(r).some((m) => MSONLINE_METHODS.has(m))
);

async function withServer(
  premium: boolean,
  fn: (url: string, server: Awaited<ReturnType<typeof startGraphServer>>) => Promise<void>,
) {
  const server = await startGraphServer({ dataset: ds, premium, recordLimit: 10_000 });
  try {
    await fn(server.url, server);
  } finally {
    await server.close();
  }
}

function graph(url: string): string[] {
  return ["--graph-url", url, "--budget", "0"];
}

Deno.test("the sample tenant exercises both semantics and disabled accounts", () => {
  assert.ok(modernRegistered.length > 10 && modernUnregistered.length > 3);
  assert.notDeepEqual(modernRegistered, msonlineRegistered);
  assert.ok(ds.users.some((u) => u.accountEnabled === false));
});

Deno.test("registered-users and unregistered-users print the dataset's UPNs, sorted, one per line, under both semantics", async () => {
  await withServer(true, async (url) => {
    const CASES: { task: "registered-users" | "unregistered-users"; semantics: string; want: string[] }[] = [
      { task: "registered-users", semantics: "modern", want: modernRegistered },
      { task: "unregistered-users", semantics: "modern", want: modernUnregistered },
      { task: "registered-users", semantics: "msonline", want: msonlineRegistered },
      { task: "unregistered-users", semantics: "msonline", want: msonlineUnregistered },
    ];
    const runs = await Promise.all(
      CASES.map((c) => runRegistrationTask(c.task, [...graph(url), "--semantics", c.semantics])),
    );
    for (const [i, c] of CASES.entries()) {
      const r = runs[i]!;
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), c.want, `${c.task} --semantics ${c.semantics}`);
      assert.match(r.stderr, /Enabled accounts only: \d+ disabled account\(s\) left out/);
    }
  });
});

Deno.test("registered-users falls back to per-user methods when the tenant has no P1/P2 licence", async () => {
  await withServer(false, async (url, server) => {
    const r = await runRegistrationTask("registered-users", graph(url));
    assert.equal(r.code, 0, r.stderr);
    const want = sortedUpns(
      ds.users.filter((u) =>
        u.accountEnabled === true &&
        (ds.authenticationMethods[u.id as string] ?? []).some((m) =>
          MFA_ODATA_TYPES.has(m["@odata.type"] as string)
        )
      ).map((u) => u.userPrincipalName as string),
    );
    assert.deepEqual(lines(r.stdout), want);
    assert.match(
      r.stderr,
      /no Entra ID P1\/P2 licence .* falling back to \/users and per-user \/authentication\/methods/,
    );
    const methodCalls = server.stats.recorded.filter((q) => /\/authentication\/methods/.test(q.url)).length;
    assert.equal(
      methodCalls,
      ds.users.filter((u) => u.accountEnabled === true).length,
      "one call per enabled user",
    );
  });
});

Deno.test("--source registration-report on a tenant without P1/P2 fails with one line naming the licence and the fallback", async () => {
  await withServer(false, async (url) => {
    const r = await runRegistrationTask("unregistered-users", [
      ...graph(url),
      "--source",
      "registration-report",
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    const err = lines(r.stderr).filter((l) => l.startsWith("error:"));
    assert.equal(err.length, 1);
    assert.match(err[0]!, /Entra ID P1 or P2 .*--source per-user-methods/);
  });
});

Deno.test("the filters select the users the dataset says", async () => {
  await withServer(true, async (url) => {
    const CASES: {
      name: string;
      task: "registered-users" | "unregistered-users";
      args: string[];
      want: string[];
    }[] = [
      {
        name: "--user-type guest",
        task: "registered-users",
        args: ["--user-type", "guest"],
        want: upnsWhere((r) => enabled(r.id) && r.isMfaRegistered === true && r.userType === "guest"),
      },
      {
        name: "--admins-only",
        task: "unregistered-users",
        args: ["--admins-only"],
        want: upnsWhere((r) => enabled(r.id) && r.isMfaRegistered !== true && r.isAdmin === true),
      },
      {
        name: "--include-disabled",
        task: "registered-users",
        args: ["--include-disabled"],
        want: upnsWhere((r) => r.isMfaRegistered === true),
      },
      {
        name: "--exclude",
        task: "unregistered-users",
        args: ["--exclude", "testdata/registration/exclusions.txt"],
        want: upnsWhere((r) =>
          enabled(r.id) && r.isMfaRegistered !== true &&
          r.userPrincipalName !== "bg-admin-01@contoso.example" &&
          r.id !== "832f0f81-32b3-4bd8-8be8-efc9a4ab5d67"
        ),
      },
      {
        name: "--method fido2",
        task: "registered-users",
        args: ["--method", "fido2"],
        want: upnsWhere((r) =>
          enabled(r.id) && r.isMfaRegistered === true && methodsOf(r).some((m) => FIDO2_METHODS.has(m))
        ),
      },
      {
        name: "--without-method phone",
        task: "registered-users",
        args: ["--without-method", "phone"],
        want: upnsWhere((r) =>
          enabled(r.id) && r.isMfaRegistered === true && !methodsOf(r).some((m) => PHONE_METHODS.has(m))
        ),
      },
    ];
    const runs = await Promise.all(CASES.map((c) => runRegistrationTask(c.task, [...graph(url), ...c.args])));
    for (const [i, c] of CASES.entries()) {
      const r = runs[i]!;
      assert.equal(r.code, 0, `${c.name}: ${r.stderr}`);
      assert.ok(c.want.length > 0, `${c.name}: the sample tenant should have such users`);
      assert.deepEqual(lines(r.stdout), c.want, c.name);
    }
    const ex = runs[3]!;
    assert.match(ex.stderr, /2 account\(s\) left out as listed in testdata\/registration\/exclusions\.txt/);
    assert.match(
      ex.stderr,
      /warning: 1 --exclude entry matches no user: line 4 \(nobo…\)\n/,
    );
  });
});

Deno.test("--format json, csv, ndjson and md give per-user rows with the useful columns; --out writes a file", async () => {
  await withServer(true, async (url) => {
    const dir = await Deno.makeTempDir({ prefix: "emt-registration-" });
    try {
      const [json, csv, ndjson, md, out] = await Promise.all([
        runRegistrationTask("unregistered-users", [...graph(url), "--format", "json"]),
        runRegistrationTask("unregistered-users", [...graph(url), "--format", "csv", "--bom"]),
        runRegistrationTask("unregistered-users", [...graph(url), "--format", "ndjson"]),
        runRegistrationTask("unregistered-users", [...graph(url), "--format", "md"]),
        runRegistrationTask("registered-users", [...graph(url), "--out", `${dir}/registered.txt`]),
      ]);
      for (const r of [json, csv, ndjson, md, out]) assert.equal(r.code, 0, r.stderr);

      const doc = JSON.parse(json.stdout);
      assert.equal(doc.schemaVersion, 1);
      assert.equal(doc.count, modernUnregistered.length);
      assert.deepEqual(doc.users.map((u: Row) => u.userPrincipalName), modernUnregistered);
      const bg = doc.users.find((u: Row) => u.userPrincipalName === "bg-admin-02@contoso.example");
      assert.deepEqual(
        {
          isAdmin: bg.isAdmin,
          accountEnabled: bg.accountEnabled,
          mfaRegistered: bg.mfaRegistered,
          methods: bg.methodsRegistered,
        },
        { isAdmin: true, accountEnabled: true, mfaRegistered: false, methods: [] },
      );

      assert.ok(
        csv.stdout.startsWith(
          "\uFEFFUserPrincipalName,DisplayName,UserType,Admin,Enabled,MethodsRegistered,",
        ),
      );
      assert.equal(csv.stdout.split("\r\n").filter((l) => l !== "").length, modernUnregistered.length + 1);

      const nd = lines(ndjson.stdout).map((l) => JSON.parse(l));
      assert.deepEqual(nd.map((u) => u.userPrincipalName), modernUnregistered);

      assert.match(md.stdout, /^# Users not registered for MFA\n/);
      assert.match(
        md.stdout,
        new RegExp(
          `${modernUnregistered.length} of ${
            modernUnregistered.length + modernRegistered.length
          } in-scope users`,
        ),
      );

      assert.equal(out.stdout, "");
      assert.deepEqual(lines(await Deno.readTextFile(`${dir}/registered.txt`)), modernRegistered);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("bad command lines exit 2 with one error line", async () => {
  const CASES: { args: string[]; message: RegExp }[] = [
    {
      args: ["--from", "x.csv", "--source", "per-user-methods"],
      message: /Cannot use --from with --source per-user-methods/,
    },
    {
      args: ["--method", "carrier-pigeon"],
      message: /Cannot use --method "carrier-pigeon": expected a method/,
    },
    {
      args: ["--format", "xml"],
      message: /Cannot use --format "xml": expected one of text, md, csv, json, ndjson/,
    },
    { args: ["--semantics", "legacy"], message: /--semantics/ },
  ];
  const runs = await Promise.all(CASES.map((c) => runRegistrationTask("registered-users", c.args)));
  for (const [i, c] of CASES.entries()) {
    const r = runs[i]!;
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(lines(r.stderr).filter((l) => l.startsWith("error:")).length, 1);
    assert.match(r.stderr, c.message);
  }
});

Deno.test("--help works under the tasks' narrow permissions and exits 0", async () => {
  const runs = await Promise.all(
    (["registered-users", "unregistered-users", "registration-report"] as const).map((t) =>
      runRegistrationTask(t, ["--help"])
    ),
  );
  for (const r of runs) {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: deno task [a-z-]+ \[options\]\n/);
    assert.match(r.stdout, /--semantics <kind>/);
    assert.equal(r.stderr, "");
  }
});
