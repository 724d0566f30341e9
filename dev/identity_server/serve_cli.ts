/**
 * Runs the local identity provider and the local Graph server (sample tenant) together, so the
 * sign-in modes can be tried by hand through the real task entries. Prints the environment to
 * set (a test CA for `DENO_CERT`, `AZURE_AUTHORITY_HOST`, tenant, app, secret, certificate file,
 * a federated token file, managed-identity endpoints) and the Graph URL, then serves until stdin
 * closes or the process is killed; the temporary test PKI is removed at the end.
 *
 * Usage: `deno run --allow-net=127.0.0.1 --allow-read --allow-write --allow-run=openssl
 *   dev/identity_server/serve_cli.ts`, then in another shell e.g.
 *   `env $(cat FILE) deno task registered-users --auth client-secret --graph-url URL`.
 *
 * @module
 */
import { startGraphServer } from "../graph_server/mod.ts";
import { generateSampleTenant } from "../sample/mod.ts";
import { createTestPki, startIdentityServer } from "./mod.ts";

const TENANT = "00000000-0000-4000-8000-00000000dd01";
const APP = "00000000-0000-4000-8000-00000000d0a1";
const PUBLIC_APP = "00000000-0000-4000-8000-00000000d0a2";
const ISSUER = "https://oidc.local.contoso.example/";

async function main(): Promise<void> {
  const pki = await createTestPki();
  const cert = await pki.appCertificate("local-app");
  const secret = `local-${crypto.randomUUID()}`;
  const header = `hdr-${crypto.randomUUID()}`;
  const idp = await startIdentityServer({
    cert: pki.serverCert,
    key: pki.serverKey,
    tenantId: TENANT,
    apps: [
      {
        clientId: APP,
        secret,
        certificatePem: cert.certPem,
        federated: [{ issuer: ISSUER, subject: "local", audience: "api://AzureADTokenExchange" }],
      },
      { clientId: PUBLIC_APP, publicClient: true },
    ],
    managedIdentity: { clientId: APP, identityHeader: header },
  });
  const graph = await startGraphServer({
    dataset: generateSampleTenant({ seed: 1, users: 50, days: 2, signInsPerUserPerDay: 2 }),
    acceptToken: idp.acceptsToken,
  });
  const federated = `${pki.dir}/federated-token`;
  await Deno.writeTextFile(
    federated,
    await idp.mintFederatedToken({
      issuer: ISSUER,
      subject: "local",
      audience: "api://AzureADTokenExchange",
      lifetimeSeconds: 3600,
    }),
  );
  const env = {
    DENO_CERT: pki.caPath,
    AZURE_AUTHORITY_HOST: idp.url,
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: APP,
    AZURE_CLIENT_SECRET: secret,
    AZURE_CLIENT_CERTIFICATE_PATH: cert.path,
    AZURE_FEDERATED_TOKEN_FILE: federated,
    AZURE_POD_IDENTITY_AUTHORITY_HOST: idp.url,
    IDENTITY_ENDPOINT: `${idp.url}/msi/token`,
    IDENTITY_HEADER: header,
  };
  const envFile = `${pki.dir}/env`;
  await Deno.writeTextFile(envFile, Object.entries(env).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  console.log(`identity ${idp.url}`);
  console.log(`graph ${graph.url}`);
  console.log(`env ${envFile}`);
  console.log(`device-code client ${PUBLIC_APP}`);
  for await (const _ of Deno.stdin.readable) { /* serve until stdin closes */ }
  await graph.close();
  await idp.close();
  await pki.remove();
}

if (import.meta.main) await main();
