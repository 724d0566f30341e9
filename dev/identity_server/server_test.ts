import assert from "node:assert/strict";
import { loadCertificateCredential, signClientAssertion } from "../../lib/graph/client_assertion.ts";
import { createTestPki, startIdentityServer } from "./mod.ts";

const TENANT = "00000000-0000-4000-8000-00000000cc01";
const APP = "00000000-0000-4000-8000-00000000c0a1";

async function setup() {
  const pki = await createTestPki();
  const cert = await pki.appCertificate("server-test-app");
  const idp = await startIdentityServer({
    cert: pki.serverCert,
    key: pki.serverKey,
    tenantId: TENANT,
    apps: [{ clientId: APP, secret: "server-test-secret", certificatePem: cert.certPem }],
    managedIdentity: { clientId: "mi", identityHeader: "hdr-value-123" },
  });
  const client = Deno.createHttpClient({ caCerts: [pki.caPem] });
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${idp.url}${path}`, { headers, client }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  const token = (form: Record<string, string>) =>
    fetch(`${idp.url}/${TENANT}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams(form),
      client,
    })
      .then(async (r) => ({ status: r.status, body: await r.json() }));
  return {
    pki,
    idp,
    cert,
    get,
    token,
    async [Symbol.asyncDispose]() {
      client.close();
      await idp.close();
      await pki.remove();
    },
  };
}

Deno.test("the identity server publishes OpenID configuration and instance discovery for its origin", async () => {
  await using s = await setup();
  const oidc = await s.get(`/${TENANT}/v2.0/.well-known/openid-configuration`);
  assert.equal(oidc.status, 200);
  assert.equal(oidc.body.token_endpoint, `${s.idp.url}/${TENANT}/oauth2/v2.0/token`);
  const disc = await s.get("/common/discovery/instance?api-version=1.1");
  assert.equal(disc.body.metadata[0].preferred_network, new URL(s.idp.url).host);
});

Deno.test("the identity server checks what Entra checks, with Entra's codes", async (t) => {
  await using s = await setup();
  const aud = `${s.idp.url}/${TENANT}/oauth2/v2.0/token`;
  const cred = await loadCertificateCredential(await Deno.readTextFile(s.cert.path), "app.pem");
  const scope = "https://graph.microsoft.com/.default";
  const assertion = (o: { aud?: string; now?: number } = {}) =>
    signClientAssertion(cred, APP, o.aud ?? aud, o.now !== undefined ? { now: o.now } : {});
  const base = {
    grant_type: "client_credentials",
    client_id: APP,
    scope,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
  };
  const CASES: {
    name: string;
    form: () => Promise<Record<string, string>>;
    status: number;
    code?: number;
  }[] = [
    {
      name: "a good assertion",
      form: async () => ({ ...base, client_assertion: await assertion() }),
      status: 200,
    },
    {
      name: "an assertion for another audience",
      form: async () => ({
        ...base,
        client_assertion: await assertion({ aud: "https://login.microsoftonline.com/x" }),
      }),
      status: 401,
      code: 700212,
    },
    {
      name: "an expired assertion",
      form: async () => ({ ...base, client_assertion: await assertion({ now: Date.now() - 3_600_000 }) }),
      status: 401,
      code: 700024,
    },
    {
      name: "a tampered assertion",
      form: async () => {
        const [h, p, sig] = (await assertion()).split(".");
        const claims = JSON.parse(atob(p!.replaceAll("-", "+").replaceAll("_", "/")));
        const forged = btoa(JSON.stringify({ ...claims, exp: claims.exp + 1 })).replaceAll("+", "-")
          .replaceAll("/", "_").replace(/=+$/, "");
        return { ...base, client_assertion: `${h}.${forged}.${sig}` };
      },
      status: 401,
      code: 700027,
    },
    {
      name: "a wrong scope",
      form: async () => ({
        ...base,
        scope: "https://evil.example/.default",
        client_assertion: await assertion(),
      }),
      status: 400,
      code: 70011,
    },
    {
      name: "neither secret nor assertion",
      form: () => Promise.resolve({ grant_type: "client_credentials", client_id: APP, scope }),
      status: 401,
      code: 7000218,
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, async () => {
      const r = await s.token(await c.form());
      assert.equal(r.status, c.status, JSON.stringify(r.body));
      if (c.code === undefined) assert.ok(s.idp.acceptsToken(r.body.access_token));
      else {
        assert.deepEqual(r.body.error_codes, [c.code]);
        assert.match(r.body.error_description, new RegExp(`^AADSTS${c.code}: `));
      }
    });
  }
});

Deno.test("the identity server's managed-identity endpoints want their headers", async () => {
  await using s = await setup();
  const resource = "resource=https%3A%2F%2Fgraph.microsoft.com";
  assert.equal(
    (await s.get(`/metadata/identity/oauth2/token?api-version=2018-02-01&${resource}`)).status,
    400,
  );
  const ok = await s.get(`/metadata/identity/oauth2/token?api-version=2018-02-01&${resource}`, {
    Metadata: "true",
  });
  assert.equal(ok.status, 200);
  assert.match(ok.body.expires_on, /^\d{10}$/);
  assert.equal((await s.get(`/msi/token?api-version=2019-08-01&${resource}`)).status, 401);
  const app = await s.get(`/msi/token?api-version=2019-08-01&${resource}`, {
    "X-IDENTITY-HEADER": "hdr-value-123",
  });
  assert.ok(s.idp.acceptsToken(app.body.access_token));
});
