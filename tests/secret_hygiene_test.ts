/**
 * Secret hygiene: every Graph-reading task runs, through its own deno.json entry, with a canary
 * client secret and a canary access token in the environment while the local Graph server (or a
 * stub on 127.0.0.1) makes it fail: 401 (token rejected), 403 (access denied), 500 (with the
 * request's Authorization header echoed back in the error body, as a misbehaving proxy might),
 * a body cut mid-JSON, the token echoed back in the `request-id` response header, in the error
 * body's `innerError.request-id` and inside an `@odata.nextLink`, and the sign-in flows against the local identity provider (a rejected client
 * secret, a rejected certificate assertion, a federated token refused as expired, and a Graph
 * server that refuses the provider's token) — each with and without
 * `--verbose` (stack traces and causes). The canaries must never appear, raw or encoded
 * (base64, base64url, URL-encoding), in stdout, stderr, the `--out` folder (reports, state
 * files) or HOME/TMPDIR. The tenant id and client id may appear; a secret never.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { createTestPki, startIdentityServer, type TestPki } from "../dev/identity_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { listTree, mapLimit, runTaskGuarded, type TaskRow, tasksUnderTest } from "./_task_table.ts";

const CANARY_SECRET = "canary-secret-Q7vX2mZ9pL4wK8rT";
const CANARY_TOKEN = "canary-token-H3nB6yU1cF5dJ0sE";
const TENANT_ID = "00000000-0000-4000-8000-00000000c0de";
const CLIENT_ID = "00000000-0000-4000-8000-0000000a11ce";

/**
 * Every form in which a canary could leak: as is, its distinctive tail alone, JSON- and
 * URL-encoded, and base64/base64url at each of the three alignments it can take inside a longer
 * encoded string (e.g. `Basic base64(id:secret)`).
 */
function leakForms(canary: string): string[] {
  const forms = new Set<string>([
    canary,
    canary.slice(-16),
    encodeURIComponent(canary),
    JSON.stringify(canary),
  ]);
  for (let shift = 0; shift < 3; shift++) {
    const b64 = btoa("x".repeat(shift) + canary);
    // skip the characters that depend on the prefix, and the padded end
    const core = b64.slice(Math.ceil((shift * 4) / 3) + 2, -4);
    forms.add(core);
    forms.add(core.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return [...forms].filter((f) => f.length >= 12);
}

const FORMS = [...leakForms(CANARY_SECRET), ...leakForms(CANARY_TOKEN)];

/** Which canary forms a text contains. */
function leaks(text: string): string[] {
  return FORMS.filter((f) => text.includes(f));
}

Deno.test("leakForms() finds a canary hidden in base64 at any alignment and in URL encoding", () => {
  const CASES = [
    `Authorization: Basic ${btoa(`${CLIENT_ID}:${CANARY_SECRET}`)}`,
    `Authorization: Basic ${btoa(`a:${CANARY_SECRET}`)}`,
    `Authorization: Basic ${btoa(`ab:${CANARY_SECRET}`)}`,
    `client_secret=${encodeURIComponent(CANARY_SECRET)}&x=1`,
    `token ${CANARY_TOKEN.slice(-16)}…`,
  ];
  for (const text of CASES) assert.ok(leaks(text).length > 0, text);
  assert.deepEqual(leaks(`tenant ${TENANT_ID}, app ${CLIENT_ID}, Authorization: Bearer [redacted]`), []);
});

/** A failure to force. */
interface Scenario {
  name: string;
  /** Extra environment (the canary token is always set unless `env` replaces it). */
  env: Record<string, string>;
  /** Starts the server the task talks to; returns its base URL, a closer, and environment to add. */
  server: () => Promise<{ url: string; close(): Promise<void>; env?: Record<string, string> }>;
}

const dataset = generateSampleTenant({ seed: 7, users: 30, days: 1, signInsPerUserPerDay: 1 });

function graphServer(options: Omit<Parameters<typeof startGraphServer>[0], "dataset">) {
  return async () => {
    const s = await startGraphServer({ dataset, ...options });
    return { url: s.url, close: () => s.close() };
  };
}

/** A stub that answers every request with 500 and echoes the request's headers in the message. */
function echoing500() {
  return () => {
    const ac = new AbortController();
    const { promise, resolve } = Promise.withResolvers<number>();
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: (a) => resolve(a.port) },
      (req) => {
        const headers = [...req.headers].map(([k, v]) => `${k}: ${v}`).join("; ");
        return Response.json(
          {
            error: {
              code: "InternalServerError",
              message: `Upstream failure for ${req.url} (${headers})`,
              innerError: {
                "request-id": "00000000-0000-4000-8000-000000000500",
                date: "2024-05-06T00:00:00",
              },
            },
          },
          { status: 500, headers: { "request-id": "00000000-0000-4000-8000-000000000500" } },
        );
      },
    );
    return promise.then((port) => ({
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        ac.abort();
        await server.finished;
      },
    }));
  };
}

const TOKEN_ENV = { GRAPH_ACCESS_TOKEN: CANARY_TOKEN, AZURE_CLIENT_SECRET: CANARY_SECRET };

/**
 * The local identity provider (HTTPS, test CA) knowing the app with `secret` and `certPem`, plus a
 * Graph server that accepts only the provider's tokens when `acceptIdp`, else none. The env points
 * the task at the provider and trusts its CA.
 */
function identityProvider(
  options: {
    secret: string;
    acceptIdp: boolean;
    extraEnv?: (pki: TestPki, mint: MintFn) => Promise<Record<string, string>>;
  },
) {
  return async () => {
    const pki = await createTestPki();
    const cert = await pki.appCertificate("hygiene-app");
    const idp = await startIdentityServer({
      cert: pki.serverCert,
      key: pki.serverKey,
      tenantId: TENANT_ID,
      apps: [{
        clientId: CLIENT_ID,
        secret: options.secret,
        certificatePem: cert.certPem,
        federated: [{
          issuer: FED_ISSUER,
          subject: "system:serviceaccount:a:b",
          audience: "api://AzureADTokenExchange",
        }],
      }],
    });
    const graph = await startGraphServer({
      dataset,
      ...(options.acceptIdp ? { acceptToken: idp.acceptsToken } : { token: "some-other-token" }),
    });
    const extra = options.extraEnv ? await options.extraEnv(pki, (c) => idp.mintFederatedToken(c)) : {};
    return {
      url: graph.url,
      env: {
        DENO_CERT: pki.caPath,
        AZURE_AUTHORITY_HOST: idp.url,
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        ...extra,
      },
      close: async () => {
        await graph.close();
        await idp.close();
        await pki.remove();
      },
    };
  };
}
type MintFn = (
  c: { issuer: string; subject: string; audience: string; lifetimeSeconds?: number },
) => Promise<string>;
const FED_ISSUER = "https://oidc.aks.contoso.example/";

const SCENARIOS: readonly Scenario[] = [
  { name: "401: the token is rejected", env: TOKEN_ENV, server: graphServer({ token: "some-other-token" }) },
  {
    name: "403: access denied",
    env: TOKEN_ENV,
    server: graphServer({ token: CANARY_TOKEN, faults: () => ({ kind: "accessDenied" }) }),
  },
  {
    name: "401: the token expired mid-run",
    env: TOKEN_ENV,
    server: graphServer({
      token: CANARY_TOKEN,
      faults: (r) => r.n > 1 ? { kind: "tokenExpired" } : undefined,
    }),
  },
  { name: "500 echoing the request headers", env: TOKEN_ENV, server: echoing500() },
  {
    name: "a response cut mid-JSON",
    env: TOKEN_ENV,
    server: graphServer({ token: CANARY_TOKEN, faults: () => ({ kind: "truncatedJson" }) }),
  },
  // A server that echoes the live token (issue #14 item 2): in the request-id response header,
  // in the error body's innerError.request-id, inside a refused @odata.nextLink.
  ...(["requestIdHeader", "innerError", "nextLink"] as const).map((where): Scenario => ({
    name: `the token echoed back (${where})`,
    env: TOKEN_ENV,
    server: graphServer({ token: CANARY_TOKEN, faults: () => ({ kind: "echoToken", where }) }),
  })),
  {
    name: "client secret rejected by the identity provider (AADSTS7000215)",
    env: { AZURE_CLIENT_SECRET: CANARY_SECRET },
    server: identityProvider({ secret: "the-registered-secret-value", acceptIdp: true }),
  },
  {
    name: "client secret accepted, the provider's token rejected by Graph (401)",
    env: { AZURE_CLIENT_SECRET: CANARY_SECRET },
    server: identityProvider({ secret: CANARY_SECRET, acceptIdp: false }),
  },
  {
    name: "certificate assertion rejected (wrong certificate, AADSTS700027)",
    env: {},
    server: identityProvider({
      secret: "unused-secret-value",
      acceptIdp: true,
      extraEnv: async (pki) => {
        // a key pair the provider does not know
        const other = await pki.appCertificate("other");
        return { AZURE_CLIENT_CERTIFICATE_PATH: other.path };
      },
    }),
  },
  {
    name: "federated token refused as expired (AADSTS700024)",
    env: {},
    server: identityProvider({
      secret: "unused-secret-value",
      acceptIdp: true,
      extraEnv: async (pki, mint) => {
        const file = `${pki.dir}/federated`;
        await Deno.writeTextFile(
          file,
          await mint({
            issuer: FED_ISSUER,
            subject: "system:serviceaccount:a:b",
            audience: "api://AzureADTokenExchange",
            lifetimeSeconds: -60,
          }),
        );
        return { AZURE_FEDERATED_TOKEN_FILE: file };
      },
    }),
  },
];

interface Result {
  task: TaskRow;
  scenario: Scenario;
  verbose: boolean;
  code: number;
  stderr: string;
  found: string[];
  timedOut: boolean;
  ms: number;
}

async function runScenario(task: TaskRow, scenario: Scenario, verbose: boolean): Promise<Result> {
  const server = await scenario.server();
  const outDir = await Deno.makeTempDir({ prefix: "canary-out-" });
  const home = await Deno.makeTempDir({ prefix: "canary-home-" });
  try {
    const args = [
      ...task.graph!(server.url),
      ...task.out(`${outDir}/report.${task.outFormats[0]}`),
      ...(verbose ? ["--verbose"] : []),
    ];
    const run = await runTaskGuarded(task.name, args, {
      env: { ...scenario.env, ...server.env },
      home,
      timeoutMs: 60_000,
    });
    const found: string[] = [];
    const where = (label: string, text: string) => {
      for (const f of leaks(text)) found.push(`${label} contains ${JSON.stringify(f)}`);
    };
    where("stdout", run.stdout);
    where("stderr", run.stderr);
    for (const [label, dir] of [["--out folder", outDir], ["HOME/TMPDIR", home]] as const) {
      for (const rel of await listTree(dir)) {
        where(`${label} file ${rel}`, await Deno.readTextFile(`${dir}/${rel}`));
      }
    }
    return {
      task,
      scenario,
      verbose,
      code: run.code,
      stderr: run.stderr,
      found,
      timedOut: run.timedOut,
      ms: run.ms,
    };
  } finally {
    await server.close();
    await Deno.remove(outDir, { recursive: true });
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("secret hygiene: canary secrets never leave the process when Graph calls fail", async (t) => {
  const tasks = (await tasksUnderTest()).filter((task) => task.graph !== undefined);
  assert.ok(tasks.length >= 3, "the Graph-reading tasks are in deno.json");
  const jobs = tasks.flatMap((task) =>
    SCENARIOS.flatMap((scenario) => [false, true].map((verbose) => ({ task, scenario, verbose })))
  );
  const results = await mapLimit(jobs, 3, (j) => runScenario(j.task, j.scenario, j.verbose));
  for (const r of results) {
    await t.step(`${r.task.name}: ${r.scenario.name}${r.verbose ? " (--verbose)" : ""}`, () => {
      assert.deepEqual(r.found, [], r.stderr.slice(0, 600));
      assert.equal(r.timedOut, false, `the run hung (killed after ${Math.round(r.ms)} ms)`);
      assert.notEqual(r.code, 0, `the run should fail; stderr: ${r.stderr.slice(0, 300)}`);
      assert.match(r.stderr, /^error: /m, "a failed run says why");
      if (!r.verbose) assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace without --verbose");
    });
  }
  // the sign-in failures name the mode and Entra's code (ids may be shown; the secret not)
  for (const r of results.filter((r) => /AADSTS/.test(r.scenario.name))) {
    const code = /(AADSTS\d+)/.exec(r.scenario.name)?.[1] as string;
    assert.match(r.stderr, new RegExp(`^error: .*--auth [a-z-]+.*${code}`, "m"), r.stderr.slice(0, 400));
  }
});
