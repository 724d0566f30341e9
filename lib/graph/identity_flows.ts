/**
 * The sign-in flows Entra documents, over plain HTTP (no SDK): client credentials with a secret,
 * with a certificate's signed assertion, or with a federated assertion (a token file re-read per
 * request, GitHub Actions' or Azure Pipelines' OIDC endpoint); managed identity (IMDS, App
 * Service / Functions, Cloud Shell); device code (with refresh-token renewal); and the Azure
 * CLI's `az account get-access-token`. Each returns a {@linkcode TokenSource}: a function that
 * gets a fresh token and its expiry. Secrets, assertions and tokens are added to the secret
 * registry as soon as they are known.
 *
 * @module
 */
import type { AuthConfig, FederatedSource, ManagedIdentitySource } from "./auth_config.ts";
import { GraphAuthError } from "../errors.ts";
import { loadCertificateCredential, signClientAssertion } from "./client_assertion.ts";
import { GRAPH_CLOUDS, type GraphEndpoint } from "./cloud.ts";
import {
  identityFetch,
  type IdentityHttpOptions,
  isPermissionError,
  oauthErrorReason,
  oneLine,
} from "./identity_http.ts";
import { registerSecret } from "./secret_registry.ts";
import { parseLocalDateTime } from "../time/http_date.ts";

/** A token and when it expires. */
export interface AcquiredToken {
  /** The bearer token. */
  token: string;
  /** Expiry, epoch ms. */
  expiresAt: number;
}

/** Gets a new token (no caching; see token_cache.ts). */
export type TokenSource = () => Promise<AcquiredToken>;

/** Settings of the flows. */
export interface FlowOptions {
  /** Where the device-code instructions go (default: stderr). */
  onDeviceCodePrompt?: (message: string) => void;
  /** Limits of identity requests (tests shorten them). */
  http?: IdentityHttpOptions;
  /** Clock, epoch ms. */
  now?: () => number;
}

/** The Azure CLI's public client id, the Azure SDKs' default for device code. */
export const DEVELOPER_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
/** Assumed lifetime when an answer carries no expiry (then it is renewed after 5 minutes). */
const UNKNOWN_LIFETIME_MS = 10 * 60_000;
/** Largest certificate or federated-token file read. */
const MAX_FILE_BYTES = 64 * 1024;
/** Time-out of `az account get-access-token`. */
const AZ_TIMEOUT_MS = 60_000;

const TENANT_RE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;

/** The client-credentials form that signs in with a client assertion (a certificate or a federated token). */
function assertionGrant(clientId: string, assertion: string, scope: string): Record<string, string> {
  return {
    grant_type: "client_credentials",
    client_id: clientId,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
    scope,
  };
}

/**
 * The token endpoint of a tenant on an authority host.
 *
 * @throws {GraphAuthError} for a tenant that is neither a GUID nor a domain-like name
 *
 * @example
 * ```ts
 * import { tokenEndpointOf } from "./identity_flows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tokenEndpointOf("https://login.microsoftonline.com", "contoso.example"),
 *   "https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token");
 * assert.throws(() => tokenEndpointOf("https://login.microsoftonline.com", "a/b"), /tenant/);
 * ```
 */
export function tokenEndpointOf(authority: string, tenant: string, path = "token"): string {
  if (!TENANT_RE.test(tenant)) {
    throw new GraphAuthError(
      `Cannot sign in: the tenant ${JSON.stringify(oneLine(tenant, 80))} is neither a GUID nor a domain name`,
    );
  }
  return `${authority.replace(/\/+$/, "")}/${tenant}/oauth2/v2.0/${path}`;
}

function expiryOf(json: Record<string, unknown>, now: number): number {
  const num = (
    v: unknown,
  ) => (typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN);
  const on = num(json.expires_on);
  if (Number.isFinite(on) && on > 1e9) return on * 1000;
  const inSec = num(json.expires_in);
  if (Number.isFinite(inSec) && inSec > 0) return now + inSec * 1000;
  return now + UNKNOWN_LIFETIME_MS;
}

function tokenOf(what: string, json: Record<string, unknown> | undefined, field = "access_token"): string {
  const t = json?.[field];
  if (typeof t !== "string" || t.trim() === "") {
    throw new GraphAuthError(`Cannot sign in with ${what}: the answer has no ${field}`);
  }
  registerSecret(t);
  return t;
}

async function readSmallFile(what: string, path: string, label: string): Promise<string> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    throw new GraphAuthError(
      `Cannot sign in with ${what}: cannot read ${label} ${path} (${(e as Error).name})`,
      {
        cause: e,
      },
    );
  }
  try {
    const buf = new Uint8Array(MAX_FILE_BYTES + 1);
    let n = 0;
    for (;;) {
      const r = await file.read(buf.subarray(n));
      if (r === null) break;
      n += r;
      if (n > MAX_FILE_BYTES) {
        throw new GraphAuthError(
          `Cannot sign in with ${what}: ${label} ${path} is larger than ${MAX_FILE_BYTES} bytes`,
        );
      }
    }
    return new TextDecoder().decode(buf.subarray(0, n));
  } finally {
    file.close();
  }
}

/** POSTs a client-credentials (or other) form to a token endpoint and reads the token. */
async function postTokenForm(
  what: string,
  url: string,
  form: Record<string, string>,
  options: FlowOptions,
): Promise<{ acquired: AcquiredToken; json: Record<string, unknown> }> {
  const now = options.now ?? Date.now;
  const res = await identityFetch(what, url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  }, options.http);
  if (res.status !== 200 || res.json === undefined) {
    throw new GraphAuthError(`Cannot sign in with ${what}: ${oauthErrorReason(res.status, res.json)}`);
  }
  return {
    acquired: { token: tokenOf(what, res.json), expiresAt: expiryOf(res.json, now()) },
    json: res.json,
  };
}

/** Reads a federated assertion from its source (once per token request). */
async function federatedAssertion(
  what: string,
  source: FederatedSource,
  audience: string,
  options: FlowOptions,
): Promise<string> {
  let jwt: unknown;
  switch (source.kind) {
    case "file":
      jwt = (await readSmallFile(what, source.path, "the federated token file")).trim();
      break;
    case "github-actions": {
      const u = new URL(source.requestUrl);
      u.searchParams.set("audience", audience);
      const res = await identityFetch(`${what} (GitHub Actions OIDC)`, u.href, {
        method: "GET",
        headers: { Authorization: `bearer ${source.requestToken}` },
      }, options.http);
      if (res.status !== 200) {
        throw new GraphAuthError(
          `Cannot sign in with ${what}: GitHub's OIDC endpoint answered ${
            oauthErrorReason(res.status, res.json)
          }; ` +
            "does the job have `permissions: id-token: write`?",
        );
      }
      jwt = res.json?.value;
      break;
    }
    case "azure-pipelines": {
      const u = new URL(source.requestUri);
      u.searchParams.set("api-version", "7.1");
      u.searchParams.set("serviceConnectionId", source.serviceConnectionId);
      const res = await identityFetch(`${what} (Azure Pipelines OIDC)`, u.href, {
        method: "POST",
        headers: { Authorization: `Bearer ${source.accessToken}`, "Content-Type": "application/json" },
        body: "{}",
      }, options.http);
      if (res.status !== 200) {
        throw new GraphAuthError(
          `Cannot sign in with ${what}: the Azure Pipelines OIDC endpoint answered ` +
            `${
              oauthErrorReason(res.status, res.json)
            }; is SYSTEM_ACCESSTOKEN mapped and the service connection id right?`,
        );
      }
      jwt = res.json?.oidcToken;
      break;
    }
  }
  if (typeof jwt !== "string" || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(jwt)) {
    throw new GraphAuthError(
      `Cannot sign in with ${what}: the federated token (${source.kind}) is not a JWT`,
    );
  }
  registerSecret(jwt);
  return jwt;
}

/** Resource (not scope) for managed identity and the Azure CLI: the Graph root. */
function resourceOf(endpoint: GraphEndpoint): string {
  return endpoint.scope.replace(/\/\.default$/, "");
}

async function managedIdentityToken(
  what: string,
  source: ManagedIdentitySource,
  clientId: string | undefined,
  resource: string,
  options: FlowOptions,
): Promise<AcquiredToken> {
  const now = options.now ?? Date.now;
  let res;
  switch (source.kind) {
    case "app-service": {
      const u = new URL(source.endpoint);
      u.searchParams.set("api-version", "2019-08-01");
      u.searchParams.set("resource", resource);
      if (clientId) u.searchParams.set("client_id", clientId);
      res = await identityFetch(what, u.href, {
        method: "GET",
        headers: { "X-IDENTITY-HEADER": source.header },
      }, options.http);
      break;
    }
    case "cloud-shell": {
      const body = new URLSearchParams({ resource, ...(clientId ? { client_id: clientId } : {}) });
      res = await identityFetch(what, source.endpoint, {
        method: "POST",
        headers: { Metadata: "true", "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
      }, options.http);
      break;
    }
    case "imds": {
      const u = new URL(`${source.host}/metadata/identity/oauth2/token`);
      u.searchParams.set("api-version", "2018-02-01");
      u.searchParams.set("resource", resource);
      if (clientId) u.searchParams.set("client_id", clientId);
      res = await identityFetch(what, u.href, { method: "GET", headers: { Metadata: "true" } }, {
        timeoutMs: 10_000,
        retryStatuses: [404, 410],
        ...options.http,
      });
      break;
    }
  }
  if (res.status !== 200 || res.json === undefined) {
    throw new GraphAuthError(
      `Cannot sign in with ${what} (${source.kind}): ${oauthErrorReason(res.status, res.json)}`,
    );
  }
  return { token: tokenOf(what, res.json), expiresAt: expiryOf(res.json, now()) };
}

/** Runs `az account get-access-token` for the Graph resource. */
async function azureCliToken(
  what: string,
  resource: string,
  tenantId: string | undefined,
  options: FlowOptions,
): Promise<AcquiredToken> {
  const args = ["account", "get-access-token", "--resource", resource, "--output", "json"];
  if (tenantId) args.push("--tenant", tenantId);
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("az", {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(AZ_TIMEOUT_MS),
    }).output();
  } catch (e) {
    const denied = isPermissionError(e);
    const why = e instanceof Deno.errors.NotFound
      ? "the Azure CLI (az) is not on PATH"
      : denied
      ? "running az is not permitted (the task entry grants --allow-run=az)"
      : e instanceof DOMException && e.name === "AbortError"
      ? `az did not answer within ${AZ_TIMEOUT_MS / 1000} s`
      : `cannot run az (${e instanceof Error ? e.name : String(e)})`;
    throw new GraphAuthError(`Cannot sign in with ${what}: ${why}`, { cause: e });
  }
  const text = (b: Uint8Array) => new TextDecoder().decode(b.subarray(0, 256 * 1024));
  if (out.code !== 0) {
    const line = text(out.stderr).split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "") ?? "";
    const hint = /az login/i.test(line) ? "" : "; is `az login` done?";
    throw new GraphAuthError(
      `Cannot sign in with ${what}: az exited with ${out.code}: ${oneLine(line)}${hint}`,
    );
  }
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text(out.stdout));
  } catch { /* below */ }
  const token = tokenOf(what, json, "accessToken");
  const now = (options.now ?? Date.now)();
  let expiresAt = now + UNKNOWN_LIFETIME_MS;
  if (typeof json?.expires_on === "number" && json.expires_on > 1e9) expiresAt = json.expires_on * 1000;
  else if (typeof json?.expiresOn === "string") {
    const local = parseLocalDateTime(json.expiresOn);
    if (!Number.isNaN(local)) expiresAt = local;
  }
  return { token, expiresAt };
}

/** Device code: prompt, poll, then renew with the refresh token while it works. */
function deviceCodeSource(
  what: string,
  authority: string,
  tenant: string,
  clientId: string,
  scope: string,
  options: FlowOptions,
): TokenSource {
  let refreshToken: string | undefined;
  const tokenUrl = tokenEndpointOf(authority, tenant);
  const keepRefresh = (json: Record<string, unknown>) => {
    if (typeof json.refresh_token === "string" && json.refresh_token !== "") {
      refreshToken = json.refresh_token;
      registerSecret(refreshToken);
    }
  };
  return async () => {
    const now = options.now ?? Date.now;
    if (refreshToken !== undefined) {
      try {
        const r = await postTokenForm(what, tokenUrl, {
          grant_type: "refresh_token",
          client_id: clientId,
          refresh_token: refreshToken,
          scope,
        }, options);
        keepRefresh(r.json);
        return r.acquired;
      } catch {
        refreshToken = undefined; // fall back to a new device code
      }
    }
    const start = await identityFetch(what, tokenEndpointOf(authority, tenant, "devicecode"), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: clientId, scope }).toString(),
    }, options.http);
    const j = start.json;
    if (start.status !== 200 || typeof j?.device_code !== "string") {
      throw new GraphAuthError(`Cannot sign in with ${what}: ${oauthErrorReason(start.status, j)}`);
    }
    registerSecret(j.device_code);
    const message = typeof j.message === "string"
      ? oneLine(j.message, 400)
      : `To sign in, open ${oneLine(String(j.verification_uri ?? ""), 200)} and enter the code ${
        oneLine(String(j.user_code ?? ""), 40)
      }`;
    (options.onDeviceCodePrompt ?? ((m: string) => console.error(m)))(message);
    const interval = Math.min(60, Math.max(1, Number(j.interval) || 5));
    const expiresIn = Math.min(3600, Math.max(1, Number(j.expires_in) || 900));
    const deadline = now() + expiresIn * 1000;
    let wait = interval;
    while (now() < deadline) {
      await new Promise((r) => setTimeout(r, wait * 1000));
      const res = await identityFetch(what, tokenUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "urn:ietf:params:oauth:grant-type:device_code",
          client_id: clientId,
          device_code: j.device_code,
        }).toString(),
      }, options.http);
      if (res.status === 200 && res.json !== undefined) {
        keepRefresh(res.json);
        return { token: tokenOf(what, res.json), expiresAt: expiryOf(res.json, now()) };
      }
      const err = res.json?.error;
      if (err === "authorization_pending") continue;
      if (err === "slow_down") {
        wait += 5;
        continue;
      }
      throw new GraphAuthError(`Cannot sign in with ${what}: ${oauthErrorReason(res.status, res.json)}`);
    }
    throw new GraphAuthError(`Cannot sign in with ${what}: the device code expired before sign-in finished`);
  };
}

/**
 * The token source of a credential-based config. Files are read and keys imported on the first
 * call, not here.
 *
 * @throws {TypeError} for `token` and `none`, which need none
 */
export function createTokenSource(
  config: AuthConfig,
  endpoint: GraphEndpoint,
  options: FlowOptions = {},
): TokenSource {
  const what = `--auth ${config.kind}`;
  const authority = ("authorityHost" in config ? config.authorityHost : undefined) ?? endpoint.authorityHost;
  const scope = endpoint.scope;
  switch (config.kind) {
    case "client-secret": {
      registerSecret(config.clientSecret);
      const url = tokenEndpointOf(authority, config.tenantId);
      return async () =>
        (await postTokenForm(what, url, {
          grant_type: "client_credentials",
          client_id: config.clientId,
          client_secret: config.clientSecret,
          scope,
        }, options)).acquired;
    }
    case "client-certificate": {
      registerSecret(config.certificatePassword);
      const url = tokenEndpointOf(authority, config.tenantId);
      let loaded: ReturnType<typeof loadCertificateCredential> | undefined;
      return async () => {
        loaded ??= readSmallFile(what, config.certificatePath, "the certificate file").then((pem) =>
          loadCertificateCredential(pem, config.certificatePath, config.certificatePassword).catch((e) => {
            throw new GraphAuthError(`Cannot sign in with ${what}: ${oneLine((e as Error).message)}`, {
              cause: e,
            });
          })
        );
        loaded.catch(() => (loaded = undefined));
        const assertion = await signClientAssertion(await loaded, config.clientId, url, {
          ...(config.sendCertificateChain ? { sendChain: true } : {}),
          ...(options.now ? { now: options.now() } : {}),
        });
        registerSecret(assertion);
        return (await postTokenForm(what, url, assertionGrant(config.clientId, assertion, scope), options))
          .acquired;
      };
    }
    case "workload-identity": {
      const url = tokenEndpointOf(authority, config.tenantId);
      if (config.assertion.kind === "github-actions") registerSecret(config.assertion.requestToken);
      if (config.assertion.kind === "azure-pipelines") registerSecret(config.assertion.accessToken);
      const audience = GRAPH_CLOUDS[endpoint.cloud].exchangeAudience;
      return async () => {
        const assertion = await federatedAssertion(what, config.assertion, audience, options);
        return (await postTokenForm(what, url, assertionGrant(config.clientId, assertion, scope), options))
          .acquired;
      };
    }
    case "managed-identity":
      if (config.source.kind === "app-service") registerSecret(config.source.header);
      return () => managedIdentityToken(what, config.source, config.clientId, resourceOf(endpoint), options);
    case "azure-cli":
      return () => azureCliToken(what, resourceOf(endpoint), config.tenantId, options);
    case "device-code":
      return deviceCodeSource(
        what,
        authority,
        config.tenantId ?? "organizations",
        config.clientId ?? DEVELOPER_CLIENT_ID,
        `${scope} offline_access`,
        options,
      );
    case "token":
    case "none":
      throw new TypeError(`Cannot create a token source for --auth ${config.kind}: it needs none`);
  }
}
