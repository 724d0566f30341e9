/**
 * Choosing how to sign in to Graph from flags and the environment variable names Azure SDK
 * users know (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`,
 * `AZURE_CLIENT_CERTIFICATE_PATH`, `AZURE_FEDERATED_TOKEN_FILE`), plus `GRAPH_ACCESS_TOKEN`
 * for a ready-made bearer token. Pure: the caller passes the environment in.
 *
 * @module
 */
import { UsageError } from "../cli/errors.ts";
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

/** Environment variables read for auth, in the order they are considered. */
export const AUTH_ENV_NAMES = [
  "GRAPH_ACCESS_TOKEN",
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "AZURE_FEDERATED_TOKEN_FILE",
  "GRAPH_BASE_URL",
] as const;

/** The environment as far as auth is concerned. */
export type AuthEnv = Readonly<Partial<Record<string, string | undefined>>>;

/** How to get a token. Secrets stay inside; {@linkcode describeAuthConfig} prints a safe summary. */
export type AuthConfig =
  | { kind: "token"; token: string }
  | { kind: "client-secret"; tenantId: string; clientId: string; clientSecret: string }
  | {
    kind: "client-certificate";
    tenantId: string;
    clientId: string;
    certificatePath: string;
    certificatePassword?: string;
  }
  | { kind: "workload-identity"; tenantId: string; clientId: string; tokenFilePath: string }
  | { kind: "managed-identity"; clientId?: string }
  | { kind: "azure-cli"; tenantId?: string }
  | { kind: "device-code"; tenantId?: string; clientId?: string }
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
  switch (mode) {
    case "token":
      return { kind: "token", token: need(env, mode, "GRAPH_ACCESS_TOKEN").replace(/^Bearer\s+/i, "") };
    case "client-secret":
      return {
        kind: "client-secret",
        tenantId: need(env, mode, "AZURE_TENANT_ID", tenant),
        clientId: need(env, mode, "AZURE_CLIENT_ID"),
        clientSecret: need(env, mode, "AZURE_CLIENT_SECRET"),
      };
    case "client-certificate": {
      const password = val(env, "AZURE_CLIENT_CERTIFICATE_PASSWORD");
      return {
        kind: "client-certificate",
        tenantId: need(env, mode, "AZURE_TENANT_ID", tenant),
        clientId: need(env, mode, "AZURE_CLIENT_ID"),
        certificatePath: need(env, mode, "AZURE_CLIENT_CERTIFICATE_PATH"),
        ...(password !== undefined ? { certificatePassword: password } : {}),
      };
    }
    case "workload-identity":
      return {
        kind: "workload-identity",
        tenantId: need(env, mode, "AZURE_TENANT_ID", tenant),
        clientId: need(env, mode, "AZURE_CLIENT_ID"),
        tokenFilePath: need(env, mode, "AZURE_FEDERATED_TOKEN_FILE"),
      };
    case "managed-identity": {
      const clientId = val(env, "AZURE_CLIENT_ID");
      return { kind: "managed-identity", ...(clientId !== undefined ? { clientId } : {}) };
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
      };
    }
    case "none":
      return { kind: "none" };
  }
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
      return `workload identity for app ${config.clientId} in tenant ${config.tenantId}`;
    case "managed-identity":
      return config.clientId ? `managed identity ${config.clientId}` : "system-assigned managed identity";
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
