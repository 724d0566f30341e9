/**
 * Choosing how to sign in to Graph from flags and the environment variable names Azure SDK
 * users know (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`,
 * `AZURE_CLIENT_CERTIFICATE_PATH`, `AZURE_FEDERATED_TOKEN_FILE`), plus `GRAPH_ACCESS_TOKEN`
 * for a ready-made bearer token. Pure: the caller passes the environment in.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { isLoopbackUrl } from "./cloud.ts";

/** `--auth` values. */
export const AUTH_MODES = [
  "token",
  "client-secret",
  "client-certificate",
  "workload-identity",
  "managed-identity",
  "azure-cli",
  "device-code",
  "none",
] as const;

/** One of {@linkcode AUTH_MODES}. */
export type AuthMode = typeof AUTH_MODES[number];

/**
 * Whether a value is an `--auth` mode.
 *
 * @example
 * ```ts
 * import { isAuthMode } from "./auth_config.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isAuthMode("azure-cli"), true);
 * assert.equal(isAuthMode("password"), false);
 * ```
 */
export function isAuthMode(value: unknown): value is AuthMode {
  return typeof value === "string" && (AUTH_MODES as readonly string[]).includes(value);
}

/** Environment variables read for auth (the Azure SDKs' names), in the order they are considered. */
export const AUTH_ENV_NAMES = [
  "GRAPH_ACCESS_TOKEN",
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN",
  "AZURE_FEDERATED_TOKEN_FILE",
  "AZURE_AUTHORITY_HOST",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "SYSTEM_OIDCREQUESTURI",
  "SYSTEM_ACCESSTOKEN",
  "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "IMDS_ENDPOINT",
  "MSI_ENDPOINT",
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
  "GRAPH_BASE_URL",
] as const;

/** Where the default managed-identity endpoint (IMDS) listens. */
export const IMDS_HOST = "http://169.254.169.254";

/** The environment as far as auth is concerned. */
export type AuthEnv = Readonly<Partial<Record<string, string | undefined>>>;

/** Where a workload-identity sign-in gets its federated assertion (re-fetched per token request). */
export type FederatedSource =
  /** A file a platform keeps fresh (AKS: `AZURE_FEDERATED_TOKEN_FILE`), re-read each time. */
  | { kind: "file"; path: string }
  /** GitHub Actions' OIDC request endpoint (`permissions: id-token: write`). */
  | { kind: "github-actions"; requestUrl: string; requestToken: string }
  /** Azure Pipelines' OIDC endpoint of a service connection. */
  | { kind: "azure-pipelines"; requestUri: string; accessToken: string; serviceConnectionId: string };

/** Which managed-identity endpoint answers. */
export type ManagedIdentitySource =
  /** App Service / Functions: `IDENTITY_ENDPOINT` + `IDENTITY_HEADER`. */
  | { kind: "app-service"; endpoint: string; header: string }
  /** Cloud Shell: `MSI_ENDPOINT`. */
  | { kind: "cloud-shell"; endpoint: string }
  /** The VM instance metadata service (`AZURE_POD_IDENTITY_AUTHORITY_HOST` overrides its host). */
  | { kind: "imds"; host: string };

/** How to get a token. Secrets stay inside; {@linkcode describeAuthConfig} prints a safe summary. */
export type AuthConfig =
  | { kind: "token"; token: string }
  | {
    kind: "client-secret";
    tenantId: string;
    clientId: string;
    clientSecret: string;
    /** `AZURE_AUTHORITY_HOST` (default: the cloud's sign-in host). */
    authorityHost?: string;
  }
  | {
    kind: "client-certificate";
    tenantId: string;
    clientId: string;
    certificatePath: string;
    certificatePassword?: string;
    /** `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN`: send the certificates as `x5c`. */
    sendCertificateChain?: true;
    authorityHost?: string;
  }
  | {
    kind: "workload-identity";
    tenantId: string;
    clientId: string;
    assertion: FederatedSource;
    authorityHost?: string;
  }
  | { kind: "managed-identity"; clientId?: string; source: ManagedIdentitySource }
  | { kind: "azure-cli"; tenantId?: string }
  | { kind: "device-code"; tenantId?: string; clientId?: string; authorityHost?: string }
  | { kind: "none" };

/** Flags that influence auth. */
export interface AuthFlags {
  /** `--auth` */
  auth?: string;
  /** `--tenant` (overrides `AZURE_TENANT_ID`) */
  tenant?: string;
  /** `--graph-url` / `GRAPH_BASE_URL`; a loopback URL with nothing else set means no auth. */
  graphUrl?: string;
}

function val(env: AuthEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
}

function need(env: AuthEnv, mode: AuthMode, name: string, override?: string): string {
  const v = override ?? val(env, name);
  if (v === undefined) {
    const how = name === "AZURE_TENANT_ID" ? `set ${name} or pass --tenant` : `set ${name}`;
    throw new UsageError(`Cannot use --auth ${mode}: ${name} is not set (${how})`);
  }
  return v;
}

/**
 * Picks the sign-in mode. With `--auth` the mode is checked for its variables; without it the
 * first that applies wins: `GRAPH_ACCESS_TOKEN`, then `AZURE_CLIENT_SECRET`, then
 * `AZURE_CLIENT_CERTIFICATE_PATH`, then `AZURE_FEDERATED_TOKEN_FILE`, then `none` for a
 * loopback `--graph-url`.
 *
 * @throws {UsageError} naming the missing variable or the choices
 *
 * @example Client secret from the environment
 * ```ts
 * import { resolveAuthConfig } from "./auth_config.ts";
 * import assert from "node:assert/strict";
 * const c = resolveAuthConfig({ AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c", AZURE_CLIENT_SECRET: "s" }, {});
 * assert.equal(c.kind, "client-secret");
 * assert.throws(() => resolveAuthConfig({}, { auth: "client-secret" }), /AZURE_TENANT_ID/);
 * ```
 */
export function resolveAuthConfig(env: AuthEnv, flags: AuthFlags = {}): AuthConfig {
  const tenant = flags.tenant?.trim() || undefined;
  const tenantOf = () => tenant ?? val(env, "AZURE_TENANT_ID");
  let mode: AuthMode;
  if (flags.auth !== undefined) {
    if (!isAuthMode(flags.auth)) {
      throw new UsageError(
        `Cannot use --auth ${JSON.stringify(flags.auth)}: expected one of ${AUTH_MODES.join(", ")}`,
      );
    }
    mode = flags.auth;
  } else if (val(env, "GRAPH_ACCESS_TOKEN")) mode = "token";
  else if (val(env, "AZURE_CLIENT_SECRET")) mode = "client-secret";
  else if (val(env, "AZURE_CLIENT_CERTIFICATE_PATH")) mode = "client-certificate";
  else if (val(env, "AZURE_FEDERATED_TOKEN_FILE")) mode = "workload-identity";
  else if (flags.graphUrl && isLoopbackUrl(flags.graphUrl)) mode = "none";
  else {
    throw new UsageError(
      "Cannot choose how to sign in to Graph: set GRAPH_ACCESS_TOKEN, or AZURE_TENANT_ID + AZURE_CLIENT_ID + " +
        "AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_FEDERATED_TOKEN_FILE), " +
        "or pass --auth managed-identity|azure-cli|device-code",
    );
  }
  const authority = authorityHostOf(env);
  const withAuthority = authority !== undefined ? { authorityHost: authority } : {};
  switch (mode) {
    case "token":
      return { kind: "token", token: need(env, mode, "GRAPH_ACCESS_TOKEN").replace(/^Bearer\s+/i, "") };
    case "client-secret":
      return {
        kind: "client-secret",
        tenantId: need(env, mode, "AZURE_TENANT_ID", tenant),
        clientId: need(env, mode, "AZURE_CLIENT_ID"),
        clientSecret: need(env, mode, "AZURE_CLIENT_SECRET"),
        ...withAuthority,
      };
    case "client-certificate": {
      const password = val(env, "AZURE_CLIENT_CERTIFICATE_PASSWORD");
      const chain = /^(true|1)$/i.test(val(env, "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN") ?? "");
      return {
        kind: "client-certificate",
        tenantId: need(env, mode, "AZURE_TENANT_ID", tenant),
        clientId: need(env, mode, "AZURE_CLIENT_ID"),
        certificatePath: need(env, mode, "AZURE_CLIENT_CERTIFICATE_PATH"),
        ...(password !== undefined ? { certificatePassword: password } : {}),
        ...(chain ? { sendCertificateChain: true as const } : {}),
        ...withAuthority,
      };
    }
    case "workload-identity":
      return {
        kind: "workload-identity",
        tenantId: need(env, mode, "AZURE_TENANT_ID", tenant),
        clientId: need(env, mode, "AZURE_CLIENT_ID"),
        assertion: federatedSourceOf(env),
        ...withAuthority,
      };
    case "managed-identity": {
      const clientId = val(env, "AZURE_CLIENT_ID");
      return {
        kind: "managed-identity",
        ...(clientId !== undefined ? { clientId } : {}),
        source: managedIdentitySourceOf(env),
      };
    }
    case "azure-cli": {
      const tenantId = tenantOf();
      return { kind: "azure-cli", ...(tenantId !== undefined ? { tenantId } : {}) };
    }
    case "device-code": {
      const tenantId = tenantOf();
      const clientId = val(env, "AZURE_CLIENT_ID");
      return {
        kind: "device-code",
        ...(tenantId !== undefined ? { tenantId } : {}),
        ...(clientId !== undefined ? { clientId } : {}),
        ...withAuthority,
      };
    }
    case "none":
      return { kind: "none" };
  }
}

/** A URL from the environment that a credential is sent to: https, or http to loopback/IMDS only. */
function endpointUrl(name: string, value: string, mode: string, httpHosts: readonly string[]): URL {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`Cannot use --auth ${mode}: ${name} is not an absolute URL`);
  }
  const loopback = isLoopbackUrl(u.href) || httpHosts.includes(u.hostname);
  if (
    u.username || u.password || u.hash || !(u.protocol === "https:" || (u.protocol === "http:" && loopback))
  ) {
    throw new UsageError(
      `Cannot use --auth ${mode}: ${name} must be an https URL (http only to the local machine), ` +
        `without user info or fragment`,
    );
  }
  return u;
}

/**
 * `AZURE_AUTHORITY_HOST` as scheme://host[:port][/path] without a trailing slash (https only,
 * no query), or undefined when unset.
 */
function authorityHostOf(env: AuthEnv): string | undefined {
  const v = val(env, "AZURE_AUTHORITY_HOST");
  if (v === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new UsageError(
      `Cannot use AZURE_AUTHORITY_HOST ${JSON.stringify(v)}: expected an absolute https URL`,
    );
  }
  if (u.protocol !== "https:" || u.username || u.password || u.search || u.hash) {
    throw new UsageError(
      `Cannot use AZURE_AUTHORITY_HOST ${
        JSON.stringify(v)
      }: expected https://host[:port] without query or user info`,
    );
  }
  return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
}

function federatedSourceOf(env: AuthEnv): FederatedSource {
  const mode = "workload-identity";
  const file = val(env, "AZURE_FEDERATED_TOKEN_FILE");
  if (file !== undefined) return { kind: "file", path: file };
  const ghUrl = val(env, "ACTIONS_ID_TOKEN_REQUEST_URL");
  if (ghUrl !== undefined) {
    return {
      kind: "github-actions",
      requestUrl: endpointUrl("ACTIONS_ID_TOKEN_REQUEST_URL", ghUrl, mode, []).href,
      requestToken: need(env, mode, "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
    };
  }
  const adoUri = val(env, "SYSTEM_OIDCREQUESTURI");
  if (adoUri !== undefined) {
    return {
      kind: "azure-pipelines",
      requestUri: endpointUrl("SYSTEM_OIDCREQUESTURI", adoUri, mode, []).href,
      accessToken: need(env, mode, "SYSTEM_ACCESSTOKEN"),
      serviceConnectionId: need(env, mode, "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"),
    };
  }
  throw new UsageError(
    "Cannot use --auth workload-identity: set AZURE_FEDERATED_TOKEN_FILE (Kubernetes), or run in GitHub " +
      "Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL), or in Azure Pipelines with " +
      "SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN and AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
  );
}

function managedIdentitySourceOf(env: AuthEnv): ManagedIdentitySource {
  const mode = "managed-identity";
  const identityEndpoint = val(env, "IDENTITY_ENDPOINT");
  const header = val(env, "IDENTITY_HEADER");
  if (identityEndpoint !== undefined && header !== undefined) {
    return {
      kind: "app-service",
      endpoint: endpointUrl("IDENTITY_ENDPOINT", identityEndpoint, mode, []).href,
      header,
    };
  }
  if (identityEndpoint !== undefined && val(env, "IMDS_ENDPOINT") !== undefined) {
    throw new UsageError(
      "Cannot use --auth managed-identity: IDENTITY_ENDPOINT and IMDS_ENDPOINT say Azure Arc, whose challenge " +
        "file this toolkit does not read; use GRAPH_ACCESS_TOKEN or a workload identity",
    );
  }
  const msi = val(env, "MSI_ENDPOINT");
  if (msi !== undefined) {
    return { kind: "cloud-shell", endpoint: endpointUrl("MSI_ENDPOINT", msi, mode, []).href };
  }
  const imds = val(env, "AZURE_POD_IDENTITY_AUTHORITY_HOST") ?? IMDS_HOST;
  const u = endpointUrl("AZURE_POD_IDENTITY_AUTHORITY_HOST", imds, mode, ["169.254.169.254"]);
  return { kind: "imds", host: `${u.origin}${u.pathname.replace(/\/+$/, "")}` };
}

/**
 * A summary safe to print (never a token or secret).
 *
 * @example
 * ```ts
 * import { describeAuthConfig } from "./auth_config.ts";
 * import assert from "node:assert/strict";
 * const s = describeAuthConfig({ kind: "client-secret", tenantId: "t1", clientId: "c1", clientSecret: "hunter2" });
 * assert.equal(s, "client secret for app c1 in tenant t1");
 * assert.equal(s.includes("hunter2"), false);
 * ```
 */
export function describeAuthConfig(config: AuthConfig): string {
  switch (config.kind) {
    case "token":
      return "access token from GRAPH_ACCESS_TOKEN";
    case "client-secret":
      return `client secret for app ${config.clientId} in tenant ${config.tenantId}`;
    case "client-certificate":
      return `client certificate ${config.certificatePath} for app ${config.clientId} in tenant ${config.tenantId}`;
    case "workload-identity":
      return `workload identity (${config.assertion.kind}) for app ${config.clientId} in tenant ${config.tenantId}`;
    case "managed-identity":
      return `${
        config.clientId ? `managed identity ${config.clientId}` : "system-assigned managed identity"
      } (${config.source.kind})`;
    case "azure-cli":
      return config.tenantId ? `Azure CLI sign-in (tenant ${config.tenantId})` : "Azure CLI sign-in";
    case "device-code":
      return config.tenantId ? `device code sign-in (tenant ${config.tenantId})` : "device code sign-in";
    case "none":
      return "no authentication";
  }
}

/**
 * Reads {@linkcode AUTH_ENV_NAMES} from the process environment, skipping (without a
 * permission prompt) any variable the process may not read.
 *
 * @example
 * ```ts
 * import { readAuthEnv } from "./auth_config.ts";
 * import assert from "node:assert/strict";
 * assert.equal(typeof readAuthEnv(), "object");
 * ```
 */
export function readAuthEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of AUTH_ENV_NAMES) {
    try {
      if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") continue;
      const v = Deno.env.get(name);
      if (v !== undefined) out[name] = v;
    } catch { /* not readable */ }
  }
  return out;
}
