import assert from "node:assert/strict";
import {
  type AuthConfig,
  type AuthEnv,
  type AuthFlags,
  describeAuthConfig,
  resolveAuthConfig,
} from "./auth_config.ts";

const SP = { AZURE_TENANT_ID: "tenant-1", AZURE_CLIENT_ID: "app-1" };

Deno.test("resolveAuthConfig() picks the sign-in mode from flags and environment", async (t) => {
  const CASES: { name: string; env: AuthEnv; flags?: AuthFlags; want: AuthConfig }[] = [
    {
      name: "GRAPH_ACCESS_TOKEN wins over everything",
      env: { ...SP, GRAPH_ACCESS_TOKEN: "tok", AZURE_CLIENT_SECRET: "s" },
      want: { kind: "token", token: "tok" },
    },
    {
      name: "a 'Bearer ' prefix is dropped",
      env: { GRAPH_ACCESS_TOKEN: "Bearer tok" },
      want: { kind: "token", token: "tok" },
    },
    {
      name: "client secret",
      env: { ...SP, AZURE_CLIENT_SECRET: "s" },
      want: { kind: "client-secret", tenantId: "tenant-1", clientId: "app-1", clientSecret: "s" },
    },
    {
      name: "--tenant overrides AZURE_TENANT_ID",
      env: { ...SP, AZURE_CLIENT_SECRET: "s" },
      flags: { tenant: "contoso.example" },
      want: { kind: "client-secret", tenantId: "contoso.example", clientId: "app-1", clientSecret: "s" },
    },
    {
      name: "certificate with password",
      env: { ...SP, AZURE_CLIENT_CERTIFICATE_PATH: "/c.pem", AZURE_CLIENT_CERTIFICATE_PASSWORD: "p" },
      want: {
        kind: "client-certificate",
        tenantId: "tenant-1",
        clientId: "app-1",
        certificatePath: "/c.pem",
        certificatePassword: "p",
      },
    },
    {
      name: "certificate without password",
      env: { ...SP, AZURE_CLIENT_CERTIFICATE_PATH: "/c.pem" },
      want: {
        kind: "client-certificate",
        tenantId: "tenant-1",
        clientId: "app-1",
        certificatePath: "/c.pem",
      },
    },
    {
      name: "workload identity",
      env: { ...SP, AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" },
      want: {
        kind: "workload-identity",
        tenantId: "tenant-1",
        clientId: "app-1",
        assertion: { kind: "file", path: "/var/run/token" },
      },
    },
    {
      name: "managed identity, system-assigned",
      env: {},
      flags: { auth: "managed-identity" },
      want: { kind: "managed-identity", source: { kind: "imds", host: "http://169.254.169.254" } },
    },
    {
      name: "managed identity, user-assigned",
      env: { AZURE_CLIENT_ID: "mi-1" },
      flags: { auth: "managed-identity" },
      want: {
        kind: "managed-identity",
        clientId: "mi-1",
        source: { kind: "imds", host: "http://169.254.169.254" },
      },
    },
    { name: "Azure CLI", env: {}, flags: { auth: "azure-cli" }, want: { kind: "azure-cli" } },
    {
      name: "device code with tenant",
      env: { AZURE_TENANT_ID: "t" },
      flags: { auth: "device-code" },
      want: { kind: "device-code", tenantId: "t" },
    },
    {
      name: "explicit --auth beats the environment",
      env: { GRAPH_ACCESS_TOKEN: "tok" },
      flags: { auth: "azure-cli", tenant: "t" },
      want: { kind: "azure-cli", tenantId: "t" },
    },
    {
      name: "loopback --graph-url and nothing set → none",
      env: {},
      flags: { graphUrl: "http://127.0.0.1:1" },
      want: { kind: "none" },
    },
    {
      name: "blank variables are ignored",
      env: { GRAPH_ACCESS_TOKEN: "  " },
      flags: { auth: "none" },
      want: { kind: "none" },
    },
  ];
  for (const c of CASES) {
    await t.step(
      `${c.name} → ${c.want.kind}`,
      () => assert.deepEqual(resolveAuthConfig(c.env, c.flags), c.want),
    );
  }
});

Deno.test("resolveAuthConfig() names what is missing", async (t) => {
  const CASES: { env: AuthEnv; flags: AuthFlags; error: RegExp }[] = [
    { env: {}, flags: {}, error: /Cannot choose how to sign in to Graph: set GRAPH_ACCESS_TOKEN/ },
    { env: {}, flags: { graphUrl: "https://graph.microsoft.com" }, error: /Cannot choose how to sign in/ },
    { env: {}, flags: { auth: "token" }, error: /--auth token: GRAPH_ACCESS_TOKEN is not set/ },
    {
      env: { AZURE_CLIENT_ID: "c", AZURE_CLIENT_SECRET: "s" },
      flags: {},
      error: /AZURE_TENANT_ID is not set \(set AZURE_TENANT_ID or pass --tenant\)/,
    },
    {
      env: { AZURE_TENANT_ID: "t", AZURE_CLIENT_SECRET: "s" },
      flags: {},
      error: /AZURE_CLIENT_ID is not set/,
    },
    {
      env: SP,
      flags: { auth: "workload-identity" },
      error: /set AZURE_FEDERATED_TOKEN_FILE .*ACTIONS_ID_TOKEN_REQUEST_URL/,
    },
    {
      env: {},
      flags: { auth: "password" },
      error: /--auth "password": expected one of token, client-secret/,
    },
  ];
  for (const c of CASES) {
    await t.step(`${JSON.stringify(c.flags)} ${Object.keys(c.env).join(",")} → ${c.error.source}`, () => {
      assert.throws(
        () => resolveAuthConfig(c.env, c.flags),
        (e: Error) => e.name === "UsageError" && c.error.test(e.message),
      );
    });
  }
});

Deno.test("describeAuthConfig() never prints a secret", async (t) => {
  const CASES: AuthConfig[] = [
    { kind: "token", token: "SECRET-1" },
    { kind: "client-secret", tenantId: "t", clientId: "c", clientSecret: "SECRET-1" },
    {
      kind: "client-certificate",
      tenantId: "t",
      clientId: "c",
      certificatePath: "/c.pem",
      certificatePassword: "SECRET-1",
    },
  ];
  for (const c of CASES) {
    await t.step(
      `${c.kind} summary has no secret`,
      () => assert.equal(describeAuthConfig(c).includes("SECRET-1"), false),
    );
  }
});
