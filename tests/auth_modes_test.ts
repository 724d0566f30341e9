/**
 * Every `--auth` mode end to end, through the plain task entry (`deno task registered-users`,
 * so deno.json's permissions are in force), against the local identity provider
 * (dev/identity_server: loopback HTTPS with a test CA made here, trusted through `DENO_CERT`)
 * and the local Graph server, which accepts only tokens that provider issued. The expected UPN
 * list is worked out from the dataset's raw JSON. Wrong credentials give one `error:` line
 * naming the mode and the AADSTS code, without the secret. Long runs renew their token.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import {
  createTestPki,
  type IdentityServer,
  startIdentityServer,
  type TestPki,
} from "../dev/identity_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { runDenoTask, type TaskRun } from "./_run_task.ts";
import { lines, sortedUpns } from "./_registration_helpers.ts";

const TENANT = "00000000-0000-4000-8000-00000000aa01";
const APP = "00000000-0000-4000-8000-00000000a001";
const PUBLIC_APP = "00000000-0000-4000-8000-00000000a002";
const MI_CLIENT = "00000000-0000-4000-8000-00000000a003";
const SECRET = "idp-canary-secret-Zq81vN4kTbX0";
const GH_REQUEST_TOKEN = "gh-request-canary-Yt5sR2wP9mQx";
const ADO_ACCESS_TOKEN = "ado-access-canary-Kd7hL3nB6cVz";
const IDENTITY_HEADER = "msi-header-canary-Pf2gJ8rT4wEq";
const SERVICE_CONNECTION = "00000000-0000-4000-8000-00000000c001";
const AKS_ISSUER = "https://oidc.aks.contoso.example/00000000-0000-4000-8000-00000000d001/";
const AKS_SUBJECT = "system:serviceaccount:mfa:reporter";
const ADO_ISSUER = "https://vstoken.dev.azure.com/00000000-0000-4000-8000-00000000e001";
const GH_SUBJECT = "repo:contoso/mfa-reports:environment:prod";
const ADO_SUBJECT = "sc://contoso/mfa/graph-reader";
const EXCHANGE = "api://AzureADTokenExchange";
const CANARIES = [SECRET, GH_REQUEST_TOKEN, ADO_ACCESS_TOKEN, IDENTITY_HEADER];

const ds = generateSampleTenant({ seed: 5, users: 40, days: 1, signInsPerUserPerDay: 0 });
const enabled = new Set(ds.users.filter((u) => u.accountEnabled === true).map((u) => u.id));
const expected = sortedUpns(
  ds.registrationDetails.filter((r) => enabled.has(r.id) && r.isMfaRegistered === true).map((r) =>
    r.userPrincipalName as string
  ),
);

interface World {
  pki: TestPki;
  idp: IdentityServer;
  graphUrl: string;
  appCertPath: string;
  wrongCertPath: string;
  dir: string;
  close(): Promise<void>;
}

async function world(
  opts: { tokenLifetimeSeconds?: number; latencyMs?: number; dataset?: typeof ds; pageSize?: number } = {},
): Promise<World> {
  const pki = await createTestPki();
  const appCert = await pki.appCertificate("graph-reader");
  const wrongCert = await pki.appCertificate("someone-else");
  const idp = await startIdentityServer({
    cert: pki.serverCert,
    key: pki.serverKey,
    tenantId: TENANT,
    ...(opts.tokenLifetimeSeconds !== undefined ? { tokenLifetimeSeconds: opts.tokenLifetimeSeconds } : {}),
    apps: [
      {
        clientId: APP,
        secret: SECRET,
        certificatePem: appCert.certPem,
        federated: [
          { issuer: AKS_ISSUER, subject: AKS_SUBJECT, audience: EXCHANGE },
          { issuer: "https://token.actions.githubusercontent.com", subject: GH_SUBJECT, audience: EXCHANGE },
          { issuer: ADO_ISSUER, subject: ADO_SUBJECT, audience: EXCHANGE },
        ],
      },
      { clientId: PUBLIC_APP, publicClient: true },
    ],
    managedIdentity: { clientId: MI_CLIENT, identityHeader: IDENTITY_HEADER },
    github: { requestToken: GH_REQUEST_TOKEN, subject: GH_SUBJECT },
    azureDevOps: {
      accessToken: ADO_ACCESS_TOKEN,
      serviceConnectionId: SERVICE_CONNECTION,
      subject: ADO_SUBJECT,
      issuer: ADO_ISSUER,
    },
  });
  const graph = await startGraphServer({
    dataset: opts.dataset ?? ds,
    ...(opts.pageSize !== undefined ? { pageSize: opts.pageSize } : {}),
    acceptToken: idp.acceptsToken,
    recordLimit: 10_000,
    ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
  });
  const dir = await Deno.makeTempDir({ prefix: "auth-modes-" });
  return {
    pki,
    idp,
    graphUrl: graph.url,
    appCertPath: appCert.path,
    wrongCertPath: wrongCert.path,
    dir,
    close: async () => {
      await graph.close();
      await idp.close();
      await pki.remove();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The environment of a run: trust the test CA, point the authority host at the local provider. */
function baseEnv(w: World): Record<string, string> {
  return {
    DENO_CERT: w.pki.caPath,
    NODE_EXTRA_CA_CERTS: w.pki.caPath,
    AZURE_AUTHORITY_HOST: w.idp.url,
    AZURE_TENANT_ID: TENANT,
  };
}

async function fakeAz(w: World): Promise<string> {
  const bin = `${w.dir}/bin`;
  await Deno.mkdir(bin, { recursive: true });
  const { token, expiresOn } = w.idp.issueToken();
  const json = JSON.stringify({
    accessToken: token,
    expiresOn: "2099-01-01 00:00:00.000000",
    expires_on: expiresOn,
    subscription: "00000000-0000-4000-8000-00000000f001",
    tenant: TENANT,
    tokenType: "Bearer",
  });
  // The documented contract: `az account get-access-token --resource … --output json` prints this JSON.
  await Deno.writeTextFile(
    `${bin}/az`,
    `#!/bin/sh\ncase "$*" in\n  "account get-access-token --resource https://graph.microsoft.com --output json --tenant ${TENANT}")\n` +
      `    printf '%s\\n' '${json}' ;;\n  *) echo "ERROR: Please run 'az login' to setup account." >&2; exit 1 ;;\nesac\n`,
  );
  await Deno.chmod(`${bin}/az`, 0o755);
  return `${bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`;
}

function run(w: World, mode: string, env: Record<string, string>, extra: string[] = []): Promise<TaskRun> {
  return runDenoTask("registered-users", [
    "--auth",
    mode,
    "--graph-url",
    w.graphUrl,
    "--budget",
    "0",
    ...extra,
  ], {
    env: { ...baseEnv(w), ...env },
  });
}

function assertNoCanary(r: TaskRun) {
  for (const c of CANARIES) {
    assert.ok(!r.stdout.includes(c) && !r.stderr.includes(c), `a secret leaked: ${r.stderr.slice(0, 300)}`);
  }
}

Deno.test("every --auth mode signs in through the plain deno task entry and lists the right users", async (t) => {
  const w = await world();
  try {
    const federatedFile = `${w.dir}/federated-token`;
    const CASES: {
      name: string;
      mode: string;
      env: () => Promise<Record<string, string>>;
      prompt?: RegExp;
    }[] = [
      {
        name: "client secret",
        mode: "client-secret",
        env: () => Promise.resolve({ AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: SECRET }),
      },
      {
        name: "client certificate (PS256 assertion, x5t#S256)",
        mode: "client-certificate",
        env: () => Promise.resolve({ AZURE_CLIENT_ID: APP, AZURE_CLIENT_CERTIFICATE_PATH: w.appCertPath }),
      },
      {
        name: "workload identity from AZURE_FEDERATED_TOKEN_FILE",
        mode: "workload-identity",
        env: async () => {
          await Deno.writeTextFile(
            federatedFile,
            await w.idp.mintFederatedToken({ issuer: AKS_ISSUER, subject: AKS_SUBJECT, audience: EXCHANGE }),
          );
          return { AZURE_CLIENT_ID: APP, AZURE_FEDERATED_TOKEN_FILE: federatedFile };
        },
      },
      {
        name: "workload identity from GitHub Actions' OIDC endpoint",
        mode: "workload-identity",
        env: () =>
          Promise.resolve({
            AZURE_CLIENT_ID: APP,
            ACTIONS_ID_TOKEN_REQUEST_URL: `${w.idp.url}/github/oidc?api-version=2.0`,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: GH_REQUEST_TOKEN,
          }),
      },
      {
        name: "workload identity from Azure Pipelines' OIDC endpoint",
        mode: "workload-identity",
        env: () =>
          Promise.resolve({
            AZURE_CLIENT_ID: APP,
            SYSTEM_OIDCREQUESTURI: `${w.idp.url}/ado/oidc`,
            SYSTEM_ACCESSTOKEN: ADO_ACCESS_TOKEN,
            AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: SERVICE_CONNECTION,
          }),
      },
      {
        name: "managed identity via IMDS (AZURE_POD_IDENTITY_AUTHORITY_HOST)",
        mode: "managed-identity",
        env: () =>
          Promise.resolve({ AZURE_CLIENT_ID: MI_CLIENT, AZURE_POD_IDENTITY_AUTHORITY_HOST: w.idp.url }),
      },
      {
        name: "managed identity via App Service (IDENTITY_ENDPOINT)",
        mode: "managed-identity",
        env: () =>
          Promise.resolve({ IDENTITY_ENDPOINT: `${w.idp.url}/msi/token`, IDENTITY_HEADER: IDENTITY_HEADER }),
      },
      {
        name: "Azure CLI (a fake az first on PATH)",
        mode: "azure-cli",
        env: async () => ({ PATH: await fakeAz(w) }),
      },
      {
        name: "device code",
        mode: "device-code",
        env: () => Promise.resolve({ AZURE_CLIENT_ID: PUBLIC_APP }),
        prompt: /enter the code TESTCODE1/,
      },
    ];
    for (const c of CASES) {
      await t.step(`${c.mode}: ${c.name}`, async () => {
        const before = w.idp.stats.tokens;
        const r = await run(w, c.mode, await c.env());
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(lines(r.stdout), expected);
        assert.doesNotMatch(r.stderr, /Requires \w+ access|NotCapable|PermissionDenied/);
        if (c.prompt) assert.match(r.stderr, c.prompt);
        assert.ok(w.idp.stats.tokens > before || c.mode === "azure-cli", "the token came from the provider");
        assertNoCanary(r);
      });
    }
  } finally {
    await w.close();
  }
});

Deno.test("a wrong secret, a wrong certificate and an expired assertion each fail with one line naming mode and AADSTS code", async (t) => {
  const w = await world();
  try {
    const expiredFile = `${w.dir}/expired-token`;
    await Deno.writeTextFile(
      expiredFile,
      await w.idp.mintFederatedToken({
        issuer: AKS_ISSUER,
        subject: AKS_SUBJECT,
        audience: EXCHANGE,
        lifetimeSeconds: -120,
      }),
    );
    const CASES: { mode: string; env: Record<string, string>; code: string }[] = [
      {
        mode: "client-secret",
        env: { AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: `${SECRET}-wrong` },
        code: "AADSTS7000215",
      },
      {
        mode: "client-certificate",
        env: { AZURE_CLIENT_ID: APP, AZURE_CLIENT_CERTIFICATE_PATH: w.wrongCertPath },
        code: "AADSTS700027",
      },
      {
        mode: "workload-identity",
        env: { AZURE_CLIENT_ID: APP, AZURE_FEDERATED_TOKEN_FILE: expiredFile },
        code: "AADSTS700024",
      },
      {
        mode: "client-secret",
        env: { AZURE_CLIENT_ID: "00000000-0000-4000-8000-0000000000ff", AZURE_CLIENT_SECRET: SECRET },
        code: "AADSTS700016",
      },
    ];
    await t.step("azure-cli without az login → az's own one-line error", async () => {
      // the fake az answers only for the right tenant; for another it prints the CLI's not-logged-in error
      const r = await run(w, "azure-cli", { PATH: await fakeAz(w) }, ["--tenant", "contoso.example"]);
      assert.equal(r.code, 1, r.stderr);
      const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
      assert.deepEqual(errors, [
        "error: Cannot sign in with --auth azure-cli: az exited with 1: ERROR: Please run 'az login' to setup account.",
      ]);
    });
    await t.step(
      "managed-identity with a wrong IDENTITY_HEADER → one line with the endpoint's answer",
      async () => {
        const r = await run(w, "managed-identity", {
          IDENTITY_ENDPOINT: `${w.idp.url}/msi/token`,
          IDENTITY_HEADER: "wrong-header-value",
        });
        assert.equal(r.code, 1, r.stderr);
        const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
        assert.equal(errors.length, 1, r.stderr);
        assert.match(errors[0] as string, /--auth managed-identity \(app-service\): .*HTTP 401/);
        assert.ok(!r.stderr.includes("wrong-header-value"));
      },
    );
    for (const c of CASES) {
      await t.step(`${c.mode} → ${c.code}`, async () => {
        const r = await run(w, c.mode, c.env);
        assert.equal(r.code, 1, r.stderr);
        assert.equal(r.stdout, "");
        const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
        assert.equal(errors.length, 1, r.stderr);
        assert.match(errors[0] as string, new RegExp(`--auth ${c.mode}\\b.*${c.code}`));
        assert.doesNotMatch(r.stderr, /Trace ID|^\s+at /m);
        assertNoCanary(r);
        assert.ok(!r.stderr.includes(`${SECRET}-wrong`));
      });
    }
  } finally {
    await w.close();
  }
});

const withSignIns = generateSampleTenant({
  seed: 6,
  users: 30,
  days: 3,
  signInsPerUserPerDay: 2,
  now: new Date("2024-05-06T00:00:00Z"),
});

Deno.test("long runs renew their token before it expires and keep going (export, per-user fallback)", async (t) => {
  // Tokens live 301 s: with renewal at < 5 min left, a run renews after 1 s, again and again.
  const w = await world({ tokenLifetimeSeconds: 301, latencyMs: 300, dataset: withSignIns, pageSize: 10 });
  try {
    const env = { ...baseEnv(w), AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: SECRET };
    const common = ["--auth", "client-secret", "--graph-url", w.graphUrl, "--budget", "0"];
    await t.step("registered-users --source per-user-methods", async () => {
      const before = w.idp.stats.tokens;
      const r = await runDenoTask("registered-users", [...common, "--source", "per-user-methods"], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(lines(r.stdout).length > 0);
      assert.ok(w.idp.stats.tokens - before >= 2, `tokens acquired: ${w.idp.stats.tokens - before}`);
    });
    await t.step("signins-export", async () => {
      const before = w.idp.stats.tokens;
      const out = `${w.dir}/signins.ndjson`;
      const r = await runDenoTask("signins-export", [
        ...common,
        "--since",
        "2024-05-03T00:00:00Z",
        "--until",
        "2024-05-06T00:00:00Z",
        "--concurrency",
        "2",
        "--page-size",
        "10",
        "--out",
        out,
      ], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout + r.stderr, /signins-export complete/);
      const want = new Set(
        withSignIns.signIns.filter((s) => {
          const at = Date.parse(s.createdDateTime as string);
          const types = s.signInEventTypes as string[];
          return at >= Date.parse("2024-05-03T00:00:00Z") && at < Date.parse("2024-05-06T00:00:00Z") &&
            types.some((x) => x === "interactiveUser" || x === "nonInteractiveUser");
        }).map((s) => s.id as string),
      );
      const got = lines(await Deno.readTextFile(out)).map((l) => JSON.parse(l).id as string);
      assert.deepEqual(got.sort(), [...want].sort());
      assert.ok(w.idp.stats.tokens - before >= 2, `tokens acquired: ${w.idp.stats.tokens - before}`);
      assert.doesNotMatch(r.stderr, /401/);
    });
  } finally {
    await w.close();
  }
});
