/**
 * A local identity provider for tests (test scaffolding, beside dev/graph_server): loopback
 * HTTPS (certificate from test_ca.ts) speaking the Entra v2.0 endpoints the toolkit's sign-in
 * flows use, with Entra's error shapes and AADSTS codes:
 *
 * - `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /common/discovery/instance`
 * - `POST /{tenant}/oauth2/v2.0/token`: client credentials with a secret (checked), a
 *   certificate assertion (signature against the registered certificate's key, `x5t#S256`,
 *   `aud`, `iss` = `sub` = client id, `exp`/`nbf`), or a federated assertion (signed by one of
 *   this server's issuers; issuer/subject/audience against the app's federated credentials,
 *   expiry); device code and refresh token grants
 * - `POST /{tenant}/oauth2/v2.0/devicecode` (approved after `pendingPolls` polls)
 * - managed identity: IMDS `GET /metadata/identity/oauth2/token` (`Metadata: true`), App Service
 *   `GET /msi/token` (`X-IDENTITY-HEADER`)
 * - CI OIDC: GitHub Actions `GET /github/oidc?audience=…`, Azure Pipelines `POST /ado/oidc`
 *
 * Access tokens are opaque and remembered; {@linkcode IdentityServer.acceptsToken} tells the local
 * Graph server which are valid (pass it as its `acceptToken`).
 *
 * @module
 */
import { certificateSpki } from "../../lib/graph/der.ts";
import { base64url, parsePem } from "../../lib/graph/client_assertion.ts";

/** An app registration. */
export interface IdentityApp {
  /** Application (client) id. */
  clientId: string;
  /** Its client secret, if it has one. */
  secret?: string;
  /** Its registered certificate (PEM), if it has one. */
  certificatePem?: string;
  /** Federated identity credentials. */
  federated?: readonly { issuer: string; subject: string; audience: string }[];
  /** Public client (device code) allowed. */
  publicClient?: boolean;
}

/** Server settings. */
export interface IdentityServerOptions {
  /** TLS certificate and key (PEM). */
  cert: string;
  key: string;
  /** The one tenant served (GUID). */
  tenantId: string;
  /** App registrations. */
  apps: readonly IdentityApp[];
  /** Managed identity: its client id, and the App Service header secret. */
  managedIdentity?: { clientId: string; identityHeader: string };
  /** GitHub Actions OIDC: the request token the runner would hold, and the subject issued. */
  github?: { requestToken: string; subject: string };
  /** Azure Pipelines OIDC: System.AccessToken, the service connection id, the subject issued. */
  azureDevOps?: { accessToken: string; serviceConnectionId: string; subject: string; issuer: string };
  /** Polls answered `authorization_pending` before a device code is approved (default 1). */
  pendingPolls?: number;
  /** `expires_in` of access tokens, seconds (default 3600); tokens really expire then. */
  tokenLifetimeSeconds?: number;
  /** Graph resources tokens may be issued for (default the global Graph). */
  resources?: readonly string[];
}

/** A running identity provider. */
export interface IdentityServer {
  /** `https://127.0.0.1:PORT` (use as `AZURE_AUTHORITY_HOST`). */
  url: string;
  /** Issuer of the GitHub tokens it mints. */
  githubIssuer: string;
  /** Whether a bearer token was issued here and is unexpired. */
  acceptsToken(token: string): boolean;
  /** Mints a federated token (as a Kubernetes token file would hold) from one of its issuers. */
  mintFederatedToken(
    claims: { issuer: string; subject: string; audience: string; lifetimeSeconds?: number },
  ): Promise<string>;
  /** Issues an access token directly (what `az account get-access-token` would print). */
  issueToken(lifetimeSeconds?: number): { token: string; expiresOn: number };
  /** Counters. */
  stats: { tokens: number; requests: Record<string, number>; errors: string[] };
  /** Stops the server. */
  close(): Promise<void>;
}

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

function b64urlDecode(s: string): Uint8Array<ArrayBuffer> {
  const b = s.replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(atob(b + "=".repeat((4 - (b.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

interface Jwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  input: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

function parseJwt(jwt: string): Jwt | undefined {
  const parts = jwt.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const dec = (s: string) => JSON.parse(new TextDecoder().decode(b64urlDecode(s)));
    return {
      header: dec(parts[0] as string),
      payload: dec(parts[1] as string),
      input: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
      signature: b64urlDecode(parts[2] as string),
    };
  } catch {
    return undefined;
  }
}

/**
 * Starts the identity provider on 127.0.0.1 (HTTPS).
 *
 * @example
 * ```ts ignore
 * const pki = await createTestPki();
 * const idp = await startIdentityServer({ cert: pki.serverCert, key: pki.serverKey, tenantId, apps: [...] });
 * ```
 */
export async function startIdentityServer(options: IdentityServerOptions): Promise<IdentityServer> {
  const tenant = options.tenantId;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const resources = options.resources ?? ["https://graph.microsoft.com"];
  const issued = new Map<string, number>(); // token → expiry (ms)
  const refreshTokens = new Set<string>();
  const devices = new Map<string, { clientId: string; polls: number }>();
  const stats = { tokens: 0, requests: {} as Record<string, number>, errors: [] as string[] };
  const issuerKey = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    false,
    ["sign", "verify"],
  );
  const appCerts = new Map<string, { x5tS256: string; key256: CryptoKey; keyPss: CryptoKey }>();
  for (const app of options.apps) {
    const pem = app.certificatePem
      ? parsePem(app.certificatePem).find((b) => b.label === "CERTIFICATE")
      : undefined;
    if (!pem) continue;
    const spki = certificateSpki(pem.der);
    appCerts.set(app.clientId, {
      x5tS256: base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", pem.der))),
      key256: await crypto.subtle.importKey(
        "spki",
        spki,
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
        false,
        [
          "verify",
        ],
      ),
      keyPss: await crypto.subtle.importKey("spki", spki, { name: "RSA-PSS", hash: "SHA-256" }, false, [
        "verify",
      ]),
    });
  }

  const newToken = (seconds = lifetime) => {
    const token = `idp.${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
    issued.set(token, Date.now() + seconds * 1000);
    stats.tokens++;
    return token;
  };
  const json = (status: number, body: unknown) => Response.json(body, { status });
  const aadError = (status: number, error: string, code: number, text: string) => {
    stats.errors.push(`AADSTS${code}`);
    return json(status, {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: 00000000-0000-4000-8000-000000000001 ` +
        `Correlation ID: 00000000-0000-4000-8000-000000000002 Timestamp: 2026-01-01 00:00:00Z`,
      error_codes: [code],
      timestamp: "2026-01-01 00:00:00Z",
      trace_id: "00000000-0000-4000-8000-000000000001",
      correlation_id: "00000000-0000-4000-8000-000000000002",
    });
  };
  const tokenReply = (extra: Record<string, unknown> = {}) =>
    json(200, {
      token_type: "Bearer",
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: newToken(),
      ...extra,
    });

  const signJwt = async (payload: Record<string, unknown>) => {
    const input = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "idp-test" }))}.${
      base64url(JSON.stringify(payload))
    }`;
    const sig = await crypto.subtle.sign(
      "RSASSA-PKCS1-v1_5",
      issuerKey.privateKey,
      new TextEncoder().encode(input),
    );
    return `${input}.${base64url(new Uint8Array(sig))}`;
  };
  const mintFederatedToken = (
    c: { issuer: string; subject: string; audience: string; lifetimeSeconds?: number },
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const life = c.lifetimeSeconds ?? 600;
    return signJwt({
      iss: c.issuer,
      sub: c.subject,
      aud: c.audience,
      iat: now + Math.min(0, life),
      nbf: now + Math.min(0, life) - 60,
      exp: now + life,
      jti: crypto.randomUUID(),
    });
  };

  let origin = "";
  const tokenPath = `/${tenant}/oauth2/v2.0/token`;

  const scopeOk = (scope: string | null) => {
    const s = (scope ?? "").split(" ").filter((x) => x !== "offline_access");
    return s.length === 1 && resources.some((r) => s[0] === `${r}/.default`);
  };

  const clientCredentials = async (form: URLSearchParams) => {
    const clientId = form.get("client_id") ?? "";
    const app = options.apps.find((a) => a.clientId === clientId);
    if (!app) {
      return aadError(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
      );
    }
    if (!scopeOk(form.get("scope"))) {
      return aadError(400, "invalid_scope", 70011, "The provided value for scope is not valid.");
    }
    const secret = form.get("client_secret");
    const assertion = form.get("client_assertion");
    if (secret !== null) {
      if (app.secret === undefined || secret !== app.secret) {
        return aadError(
          401,
          "invalid_client",
          7000215,
          "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
        );
      }
      return tokenReply();
    }
    if (assertion === null || form.get("client_assertion_type") !== ASSERTION_TYPE) {
      return aadError(
        401,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const jwt = parseJwt(assertion);
    if (!jwt) return aadError(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
    const now = Date.now() / 1000;
    const p = jwt.payload;
    const timeOk = typeof p.exp === "number" && p.exp > now &&
      (typeof p.nbf !== "number" || p.nbf <= now + 300);
    if (p.iss === clientId) {
      // certificate assertion
      const reg = appCerts.get(clientId);
      const thumb = jwt.header["x5t#S256"];
      if (!reg || thumb !== reg.x5tS256) {
        return aadError(
          401,
          "invalid_client",
          700027,
          `Client assertion failed signature validation. (Reason: The key was not found., Thumbprint of key used by client: '${
            String(thumb).slice(0, 64)
          }')`,
        );
      }
      const alg = jwt.header.alg;
      const valid = alg === "PS256"
        ? await crypto.subtle.verify(
          { name: "RSA-PSS", saltLength: 32 },
          reg.keyPss,
          jwt.signature,
          jwt.input,
        )
        : alg === "RS256"
        ? await crypto.subtle.verify("RSASSA-PKCS1-v1_5", reg.key256, jwt.signature, jwt.input)
        : false;
      if (!valid) {
        return aadError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
      }
      if (p.sub !== clientId) {
        return aadError(401, "invalid_client", 700023, "Client assertion subject is not the client id.");
      }
      if (p.aud !== `${origin}${tokenPath}`) {
        return aadError(
          401,
          "invalid_client",
          700212,
          "No matching federated identity record found for presented assertion audience.",
        );
      }
      if (typeof p.jti !== "string" || p.jti === "") {
        return aadError(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
      }
      if (!timeOk) {
        return aadError(
          401,
          "invalid_client",
          700024,
          "Client assertion is not within its valid time range.",
        );
      }
      return tokenReply();
    }
    // federated assertion: must be signed by this server's issuer key
    const signed = jwt.header.alg === "RS256" &&
      await crypto.subtle.verify("RSASSA-PKCS1-v1_5", issuerKey.publicKey, jwt.signature, jwt.input);
    if (!signed) {
      return aadError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
    }
    if (!timeOk) {
      return aadError(
        400,
        "invalid_client",
        700024,
        "Client assertion is not within its valid time range. Current time: now, assertion valid until: then.",
      );
    }
    const fic = app.federated?.find((f) => f.issuer === p.iss);
    if (!fic) {
      return aadError(
        400,
        "invalid_request",
        700211,
        `No matching federated identity record found for presented assertion issuer '${
          String(p.iss).slice(0, 200)
        }'.`,
      );
    }
    if (fic.subject !== p.sub) {
      return aadError(
        400,
        "invalid_client",
        700213,
        `No matching federated identity record found for presented assertion subject '${
          String(p.sub).slice(0, 200)
        }'.`,
      );
    }
    if (fic.audience !== p.aud) {
      return aadError(
        400,
        "invalid_client",
        700212,
        "No matching federated identity record found for presented assertion audience.",
      );
    }
    return tokenReply();
  };

  const handle = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    stats.requests[path] = (stats.requests[path] ?? 0) + 1;
    if (req.method === "GET" && path === `/${tenant}/v2.0/.well-known/openid-configuration`) {
      return json(200, {
        issuer: `${origin}/${tenant}/v2.0`,
        token_endpoint: `${origin}${tokenPath}`,
        authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${origin}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: [
          "client_secret_post",
          "private_key_jwt",
          "client_secret_basic",
        ],
      });
    }
    if (req.method === "GET" && path === "/common/discovery/instance") {
      const host = new URL(origin).host;
      return json(200, {
        tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    if (req.method === "POST" && path.startsWith("/") && path.endsWith("/oauth2/v2.0/token")) {
      if (path !== tokenPath && !path.startsWith("/organizations/")) {
        return aadError(
          400,
          "invalid_request",
          90002,
          `Tenant '${path.split("/")[1]?.slice(0, 80)}' not found.`,
        );
      }
      const form = new URLSearchParams(await req.text());
      const grant = form.get("grant_type");
      if (grant === "client_credentials") return await clientCredentials(form);
      if (grant === "urn:ietf:params:oauth:grant-type:device_code") {
        const d = devices.get(form.get("device_code") ?? "");
        if (!d || d.clientId !== form.get("client_id")) {
          return aadError(400, "bad_verification_code", 70019, "Verification code expired.");
        }
        if (d.polls++ < (options.pendingPolls ?? 1)) {
          return json(400, {
            error: "authorization_pending",
            error_description: "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.",
            error_codes: [70016],
          });
        }
        devices.delete(form.get("device_code") ?? "");
        const rt = `rt.${base64url(crypto.getRandomValues(new Uint8Array(24)))}`;
        refreshTokens.add(rt);
        return tokenReply({ refresh_token: rt, scope: form.get("scope") ?? "" });
      }
      if (grant === "refresh_token") {
        const rt = form.get("refresh_token") ?? "";
        if (!refreshTokens.delete(rt)) {
          return aadError(400, "invalid_grant", 70008, "The provided refresh token has expired.");
        }
        const next = `rt.${base64url(crypto.getRandomValues(new Uint8Array(24)))}`;
        refreshTokens.add(next);
        return tokenReply({ refresh_token: next });
      }
      return aadError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    if (req.method === "POST" && path.endsWith("/oauth2/v2.0/devicecode")) {
      const form = new URLSearchParams(await req.text());
      const app = options.apps.find((a) => a.clientId === form.get("client_id"));
      if (!app?.publicClient) {
        return aadError(
          401,
          "invalid_client",
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
      }
      if (!scopeOk(form.get("scope"))) {
        return aadError(400, "invalid_scope", 70011, "The provided value for scope is not valid.");
      }
      const code = `dc.${base64url(crypto.getRandomValues(new Uint8Array(24)))}`;
      devices.set(code, { clientId: app.clientId, polls: 0 });
      const userCode = "TESTCODE1";
      return json(200, {
        device_code: code,
        user_code: userCode,
        verification_uri: `${origin}/devicelogin`,
        expires_in: 900,
        interval: 1,
        message:
          `To sign in, use a web browser to open the page ${origin}/devicelogin and enter the code ${userCode} to authenticate.`,
      });
    }
    const mi = options.managedIdentity;
    const miReply = (resource: string | null, clientId: string | null) => {
      if (!mi) return json(400, { error: "invalid_request", error_description: "Identity not found" });
      if (clientId !== null && clientId !== mi.clientId) {
        return json(400, { error: "invalid_request", error_description: "Identity not found" });
      }
      if (!resources.includes(resource ?? "")) {
        return json(400, {
          error: "invalid_resource",
          error_description: "AADSTS500011: The resource principal was not found.",
        });
      }
      const token = newToken();
      const expiresOn = Math.floor(Date.now() / 1000) + lifetime;
      return json(200, {
        access_token: token,
        expires_on: String(expiresOn),
        expires_in: String(lifetime),
        resource,
        token_type: "Bearer",
        client_id: mi.clientId,
      });
    };
    if (req.method === "GET" && path === "/metadata/identity/oauth2/token") {
      if (req.headers.get("metadata") !== "true") {
        return json(400, {
          error: "invalid_request",
          error_description: "Required metadata header not specified",
        });
      }
      return miReply(url.searchParams.get("resource"), url.searchParams.get("client_id"));
    }
    if (req.method === "GET" && path === "/msi/token") {
      if (!mi || req.headers.get("x-identity-header") !== mi.identityHeader) {
        return json(401, { statusCode: 401, message: "Unauthorized: missing or wrong X-IDENTITY-HEADER" });
      }
      return miReply(url.searchParams.get("resource"), url.searchParams.get("client_id"));
    }
    if (req.method === "GET" && path === "/github/oidc") {
      const gh = options.github;
      if (!gh || req.headers.get("authorization") !== `bearer ${gh.requestToken}`) {
        return json(401, { message: "Bad credentials" });
      }
      const value = await mintFederatedToken({
        issuer: GITHUB_ISSUER,
        subject: gh.subject,
        audience: url.searchParams.get("audience") ?? "",
      });
      return json(200, { count: value.length, value });
    }
    if (req.method === "POST" && path === "/ado/oidc") {
      const ado = options.azureDevOps;
      if (!ado || req.headers.get("authorization") !== `Bearer ${ado.accessToken}`) {
        return json(401, { message: "TF400813: The user is not authorized to access this resource." });
      }
      if (url.searchParams.get("serviceConnectionId") !== ado.serviceConnectionId) {
        return json(404, { message: "Service connection not found." });
      }
      const oidcToken = await mintFederatedToken({
        issuer: ado.issuer,
        subject: ado.subject,
        audience: "api://AzureADTokenExchange",
      });
      return json(200, { oidcToken });
    }
    return json(404, {
      error: "not_found",
      error_description: `No route for ${req.method} ${path.slice(0, 100)}`,
    });
  };

  const ac = new AbortController();
  const { promise, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: options.cert,
    key: options.key,
    signal: ac.signal,
    onListen: (a) => resolve(a.port),
  }, handle);
  const port = await promise;
  origin = `https://127.0.0.1:${port}`;
  return {
    url: origin,
    githubIssuer: GITHUB_ISSUER,
    acceptsToken: (t) => {
      const exp = issued.get(t);
      return exp !== undefined && exp > Date.now();
    },
    mintFederatedToken,
    issueToken: (seconds = lifetime) => ({
      token: newToken(seconds),
      expiresOn: Math.floor(Date.now() / 1000) + seconds,
    }),
    stats,
    close: async () => {
      ac.abort();
      await server.finished;
    },
  };
}
