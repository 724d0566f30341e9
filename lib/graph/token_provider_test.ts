import assert from "node:assert/strict";
import { HttpMethod, RequestInformation } from "@microsoft/kiota-abstractions";
import type { TokenSource } from "./identity_flows.ts";
import type { AuthConfig } from "./auth_config.ts";
import { resolveGraphEndpoint } from "./cloud.ts";
import { createAuthenticationProvider, HostBoundTokenProvider } from "./token_provider.ts";
import { GraphAuthError } from "../errors.ts";

async function authHeader(provider: Awaited<ReturnType<typeof createAuthenticationProvider>>, url: string) {
  const ri = new RequestInformation(HttpMethod.GET, url);
  await provider.authenticateRequest(ri);
  return ri.headers.get("Authorization")?.values().next().value;
}

Deno.test("credential-based providers ask for the cloud's Graph scope and bind the token to its host", async (t) => {
  const CASES: { cloud: string; graphUrl?: string; allowed: string; denied: string; scope: string }[] = [
    {
      cloud: "global",
      allowed: "https://graph.microsoft.com/v1.0/users",
      denied: "https://graph.microsoft.us/v1.0/users",
      scope: "https://graph.microsoft.com/.default",
    },
    {
      cloud: "usgov",
      allowed: "https://graph.microsoft.us/beta/auditLogs/signIns",
      denied: "https://graph.microsoft.com/beta/auditLogs/signIns",
      scope: "https://graph.microsoft.us/.default",
    },
    {
      cloud: "china",
      graphUrl: "http://127.0.0.1:8787",
      allowed: "http://127.0.0.1:8787/v1.0/users",
      denied: "https://microsoftgraph.chinacloudapi.cn/v1.0/users",
      scope: "https://microsoftgraph.chinacloudapi.cn/.default",
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.cloud} ${c.graphUrl ?? ""}`, async () => {
      const scopes: string[][] = [];
      const config: AuthConfig = { kind: "client-secret", tenantId: "t", clientId: "c", clientSecret: "s" };
      const p = await createAuthenticationProvider(config, resolveGraphEndpoint(c.cloud, c.graphUrl), {
        tokenSource: (_config, endpoint) => () => {
          scopes.push([endpoint.scope]);
          return Promise.resolve({ token: "cred-token", expiresAt: Date.now() + 3_600_000 });
        },
      });
      assert.equal(await authHeader(p, c.allowed), "Bearer cred-token");
      assert.equal(await authHeader(p, c.denied), undefined);
      assert.deepEqual(scopes, [[c.scope]]);
    });
  }
});

Deno.test("HostBoundTokenProvider refuses an empty host list and plain http to a non-loopback host", async () => {
  assert.throws(
    () => new HostBoundTokenProvider(() => Promise.resolve("t"), []),
    /at least one allowed host/,
  );
  const p = new HostBoundTokenProvider(() => Promise.resolve("t"), ["graph.contoso.example"]);
  await assert.rejects(() => p.getAuthorizationToken("http://graph.contoso.example/v1.0/users"), /https/);
  assert.equal(await p.getAuthorizationToken("https://user@graph.contoso.example/v1.0/users"), "");
});

Deno.test("the none mode sends no Authorization header", async () => {
  const p = await createAuthenticationProvider(
    { kind: "none" },
    resolveGraphEndpoint("global", "http://127.0.0.1:1"),
  );
  assert.equal(await authHeader(p, "http://127.0.0.1:1/v1.0/users"), undefined);
});

Deno.test("a credential that fails gives a GraphAuthError without the secret", async () => {
  const source: TokenSource = () =>
    Promise.reject(new Error("AADSTS7000215: Invalid client secret provided.\n Trace ID: x"));
  const p = await createAuthenticationProvider(
    { kind: "client-secret", tenantId: "t", clientId: "c", clientSecret: "SECRET-9" },
    resolveGraphEndpoint("global"),
    { tokenSource: () => source },
  );
  const ri = new RequestInformation(HttpMethod.GET, "https://graph.microsoft.com/v1.0/users");
  await assert.rejects(
    () => p.authenticateRequest(ri),
    (e: Error) =>
      e instanceof GraphAuthError &&
      e.message ===
        "Cannot get a Graph token for graph.microsoft.com: AADSTS7000215: Invalid client secret provided. Trace ID: x",
  );
});

Deno.test("a token goes only to the exact Graph origin: not another port or scheme of the same host", async () => {
  const p = await createAuthenticationProvider(
    { kind: "token", token: "exact-origin-token" },
    resolveGraphEndpoint("global", "http://127.0.0.1:8787"),
  );
  assert.equal(await authHeader(p, "http://127.0.0.1:8787/v1.0/users"), "Bearer exact-origin-token");
  assert.equal(await authHeader(p, "http://127.0.0.1:8788/v1.0/users"), undefined);
  assert.equal(await authHeader(p, "https://127.0.0.1:8787/v1.0/users"), undefined);
  assert.equal(await authHeader(p, "http://localhost:8787/v1.0/users"), undefined);
});
