import assert from "node:assert/strict";
import { createTestPki, startIdentityServer } from "../../dev/identity_server/mod.ts";
import type { AuthConfig } from "./auth_config.ts";
import { resolveGraphEndpoint } from "./cloud.ts";
import { createTokenSource } from "./identity_flows.ts";
import { GraphAuthError } from "../errors.ts";

const TENANT = "00000000-0000-4000-8000-00000000bb01";
const APP = "00000000-0000-4000-8000-00000000b001";
const PUBLIC_APP = "00000000-0000-4000-8000-00000000b002";
const ISSUER = "https://oidc.contoso.example/";
const endpoint = resolveGraphEndpoint("global");

async function setup() {
  const pki = await createTestPki();
  const idp = await startIdentityServer({
    cert: pki.serverCert,
    key: pki.serverKey,
    tenantId: TENANT,
    apps: [
      {
        clientId: APP,
        federated: [{ issuer: ISSUER, subject: "s", audience: "api://AzureADTokenExchange" }],
      },
      { clientId: PUBLIC_APP, publicClient: true },
    ],
  });
  const client = Deno.createHttpClient({ caCerts: [pki.caPem] });
  return {
    pki,
    idp,
    http: { client, retryDelayMs: 1 },
    async [Symbol.asyncDispose]() {
      client.close();
      await idp.close();
      await pki.remove();
    },
  };
}

Deno.test("device code: one prompt, then renewal with the refresh token", async () => {
  await using s = await setup();
  const prompts: string[] = [];
  const config: AuthConfig = {
    kind: "device-code",
    tenantId: TENANT,
    clientId: PUBLIC_APP,
    authorityHost: s.idp.url,
  };
  const source = createTokenSource(config, endpoint, {
    http: s.http,
    onDeviceCodePrompt: (m) => prompts.push(m),
  });
  const first = await source();
  const second = await source();
  assert.ok(s.idp.acceptsToken(first.token) && s.idp.acceptsToken(second.token));
  assert.notEqual(first.token, second.token);
  assert.equal(prompts.length, 1);
  assert.match(prompts[0] as string, /enter the code TESTCODE1/);
  assert.equal(s.idp.stats.requests[`/${TENANT}/oauth2/v2.0/devicecode`], 1);
  assert.ok(first.expiresAt > Date.now() + 3_000_000);
});

Deno.test("workload identity re-reads the federated token file for every token request", async () => {
  await using s = await setup();
  const file = `${s.pki.dir}/federated`;
  const mint = (lifetimeSeconds: number) =>
    s.idp.mintFederatedToken({
      issuer: ISSUER,
      subject: "s",
      audience: "api://AzureADTokenExchange",
      lifetimeSeconds,
    });
  await Deno.writeTextFile(file, await mint(600));
  const config: AuthConfig = {
    kind: "workload-identity",
    tenantId: TENANT,
    clientId: APP,
    assertion: { kind: "file", path: file },
    authorityHost: s.idp.url,
  };
  const source = createTokenSource(config, endpoint, { http: s.http });
  assert.ok(s.idp.acceptsToken((await source()).token));
  await Deno.writeTextFile(file, await mint(-60)); // the platform wrote an (already expired) new one
  await assert.rejects(
    () => source(),
    (e: Error) => e instanceof GraphAuthError && /--auth workload-identity: AADSTS700024/.test(e.message),
  );
});

Deno.test("managed identity (IMDS) retries 410 while the endpoint is updating, with the Metadata header", async () => {
  let n = 0;
  const seen: (string | null)[] = [];
  const ac = new AbortController();
  const { promise, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: (a) => resolve(a.port) },
    (req) => {
      seen.push(req.headers.get("metadata"));
      const u = new URL(req.url);
      if (++n < 3) return new Response("updating", { status: 410 });
      return Response.json({
        access_token: `mi-token-${u.searchParams.get("resource")}-${u.searchParams.get("client_id")}`,
        expires_on: "2000000000",
        resource: u.searchParams.get("resource"),
        token_type: "Bearer",
      });
    },
  );
  try {
    const port = await promise;
    const config: AuthConfig = {
      kind: "managed-identity",
      clientId: "mi-1",
      source: { kind: "imds", host: `http://127.0.0.1:${port}` },
    };
    const t = await createTokenSource(config, endpoint, { http: { retryDelayMs: 1 } })();
    assert.equal(t.token, "mi-token-https://graph.microsoft.com-mi-1");
    assert.equal(t.expiresAt, 2_000_000_000_000);
    assert.deepEqual(seen, ["true", "true", "true"]);
  } finally {
    ac.abort();
    await server.finished;
  }
});
