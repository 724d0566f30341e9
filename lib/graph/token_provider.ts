/**
 * Token providers bound to the hosts the user chose. A token is only ever attached to a
 * request whose host is in the allowed list (the Graph host of the chosen cloud, or the
 * `--graph-url` host); plain http only to loopback. `@azure/identity` is imported lazily, only
 * for the credential modes that need it, so static-token and local runs need no extra
 * permissions.
 *
 * @module
 */
import {
  type AccessTokenProvider,
  AllowedHostsValidator,
  AnonymousAuthenticationProvider,
  type AuthenticationProvider,
  BaseBearerTokenAuthenticationProvider,
  validateProtocol,
} from "@microsoft/kiota-abstractions";
import type { TokenCredential } from "@azure/core-auth";
import type { AuthConfig } from "./auth_config.ts";
import type { GraphEndpoint } from "./cloud.ts";

/**
 * Getting a token failed (bad credentials, no Azure CLI sign-in, unreachable identity
 * endpoint, http to a non-loopback host). Not retried by the pager.
 *
 * @example
 * ```ts
 * import { GraphAuthError } from "./token_provider.ts";
 * import assert from "node:assert/strict";
 * const e = new GraphAuthError("Cannot get a Graph token: no Azure CLI sign-in");
 * assert.equal(e.name, "GraphAuthError");
 * ```
 */
export class GraphAuthError extends Error {
  /** @param message one line, "Cannot get a Graph token: …" */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "GraphAuthError";
  }
}

/**
 * An AccessTokenProvider that asks `getToken` for a token only for requests to allowed hosts,
 * and returns "" (no Authorization header) for any other host.
 *
 * @example A static token goes to the chosen host only
 * ```ts
 * import { HostBoundTokenProvider } from "./token_provider.ts";
 * import assert from "node:assert/strict";
 * const p = new HostBoundTokenProvider(() => Promise.resolve("tok"), ["127.0.0.1", "127.0.0.1:8787"]);
 * assert.equal(await p.getAuthorizationToken("http://127.0.0.1:8787/v1.0/users"), "tok");
 * assert.equal(await p.getAuthorizationToken("https://evil.example/v1.0/users"), "");
 * ```
 */
export class HostBoundTokenProvider implements AccessTokenProvider {
  readonly #getToken: () => Promise<string>;
  readonly #validator: AllowedHostsValidator;

  /**
   * @param getToken returns a bearer token (without "Bearer ")
   * @param allowedHosts host names (and host:port entries); must not be empty
   * @throws {RangeError} for an empty host list (kiota would treat it as "all hosts")
   */
  constructor(getToken: () => Promise<string>, allowedHosts: readonly string[]) {
    if (allowedHosts.length === 0) {
      throw new RangeError("Cannot create a token provider: expected at least one allowed host, got none");
    }
    this.#getToken = getToken;
    this.#validator = new AllowedHostsValidator(new Set(allowedHosts));
  }

  /**
   * The token for an allowed URL, "" otherwise.
   *
   * @throws {GraphAuthError} when the token cannot be had, or the URL is plain http to a non-loopback host
   */
  async getAuthorizationToken(url?: string): Promise<string> {
    if (!url || !this.#validator.isUrlHostValid(url)) return "";
    try {
      validateProtocol(url);
      return await this.#getToken();
    } catch (e) {
      if (e instanceof GraphAuthError) throw e;
      const detail = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim();
      throw new GraphAuthError(`Cannot get a Graph token for ${new URL(url).host}: ${detail}`, { cause: e });
    }
  }

  /** The allowed-hosts validator. */
  getAllowedHostsValidator(): AllowedHostsValidator {
    return this.#validator;
  }
}

/** Builds an Azure credential for a config; replaceable in tests. */
export type CredentialFactory = (config: AuthConfig, endpoint: GraphEndpoint) => Promise<TokenCredential>;

/** Options for {@linkcode createAuthenticationProvider}. */
export interface AuthProviderOptions {
  /** Overrides how `@azure/identity` credentials are built (tests). */
  credentialFactory?: CredentialFactory;
  /** Where the device-code prompt goes (default: stderr). */
  onDeviceCodePrompt?: (message: string) => void;
}

/**
 * Creates the `@azure/identity` credential for a credential-based config, importing the
 * package only now.
 *
 * @throws {TypeError} for the `token` and `none` modes, which need no credential
 */
export async function createAzureCredential(
  config: AuthConfig,
  endpoint: GraphEndpoint,
  onDeviceCodePrompt: (message: string) => void = (m) => console.error(m),
): Promise<TokenCredential> {
  const identity = await import("@azure/identity");
  const authorityHost = endpoint.authorityHost;
  switch (config.kind) {
    case "client-secret":
      return new identity.ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, {
        authorityHost,
      });
    case "client-certificate":
      return new identity.ClientCertificateCredential(config.tenantId, config.clientId, {
        certificatePath: config.certificatePath,
        ...(config.certificatePassword !== undefined
          ? { certificatePassword: config.certificatePassword }
          : {}),
      }, { authorityHost });
    case "workload-identity":
      return new identity.WorkloadIdentityCredential({
        tenantId: config.tenantId,
        clientId: config.clientId,
        tokenFilePath: config.tokenFilePath,
        authorityHost,
      });
    case "managed-identity":
      return config.clientId
        ? new identity.ManagedIdentityCredential({ clientId: config.clientId })
        : new identity.ManagedIdentityCredential();
    case "azure-cli":
      return new identity.AzureCliCredential(config.tenantId ? { tenantId: config.tenantId } : {});
    case "device-code":
      return new identity.DeviceCodeCredential({
        ...(config.tenantId ? { tenantId: config.tenantId } : {}),
        ...(config.clientId ? { clientId: config.clientId } : {}),
        authorityHost,
        userPromptCallback: (info) => onDeviceCodePrompt(info.message),
      });
    case "token":
    case "none":
      throw new TypeError(`Cannot create an Azure credential for --auth ${config.kind}: it needs none`);
  }
}

/**
 * The kiota AuthenticationProvider for a config: anonymous for `none`, a host-bound static
 * token for `token`, and a host-bound `@azure/identity` credential otherwise.
 *
 * @example A static token, bound to a local server
 * ```ts
 * import { createAuthenticationProvider } from "./token_provider.ts";
 * import { resolveGraphEndpoint } from "./cloud.ts";
 * import { RequestInformation, HttpMethod } from "@microsoft/kiota-abstractions";
 * import assert from "node:assert/strict";
 * const p = await createAuthenticationProvider({ kind: "token", token: "t0k" }, resolveGraphEndpoint("global", "http://127.0.0.1:9"));
 * const ri = new RequestInformation(HttpMethod.GET, "http://127.0.0.1:9/v1.0/users");
 * await p.authenticateRequest(ri);
 * assert.deepEqual([...(ri.headers.get("Authorization") ?? [])], ["Bearer t0k"]);
 * ```
 */
export async function createAuthenticationProvider(
  config: AuthConfig,
  endpoint: GraphEndpoint,
  options: AuthProviderOptions = {},
): Promise<AuthenticationProvider> {
  switch (config.kind) {
    case "none":
      return new AnonymousAuthenticationProvider();
    case "token": {
      const token = config.token;
      return new BaseBearerTokenAuthenticationProvider(
        new HostBoundTokenProvider(() => Promise.resolve(token), endpoint.allowedHosts),
      );
    }
    default: {
      const credential = options.credentialFactory
        ? await options.credentialFactory(config, endpoint)
        : await createAzureCredential(config, endpoint, options.onDeviceCodePrompt).catch((e) => {
          throw identityPermissionError(config.kind, e) ?? e;
        });
      const scopes = [endpoint.scope];
      return new BaseBearerTokenAuthenticationProvider(
        new HostBoundTokenProvider(async () => {
          const t = await credential.getToken(scopes).catch((e) => {
            throw identityPermissionError(config.kind, e) ?? e;
          });
          if (!t?.token) {
            throw new GraphAuthError(`Cannot get a Graph token: the ${config.kind} credential returned none`);
          }
          return t.token;
        }, endpoint.allowedHosts),
      );
    }
  }
}

/**
 * `@azure/identity` reads the whole environment and the system CA store, which the narrow
 * permissions of the deno.json task entries do not grant. Turns Deno's permission error into
 * one actionable line; returns `undefined` for any other error.
 *
 * @example
 * ```ts
 * import { identityPermissionError } from "./token_provider.ts";
 * import assert from "node:assert/strict";
 * const e = identityPermissionError("client-secret", new Deno.errors.NotCapable('Requires env access to "DEBUG"'));
 * assert.match(e?.message ?? "", /--allow-env and --allow-sys/);
 * assert.equal(identityPermissionError("client-secret", new Error("other")), undefined);
 * ```
 */
export function identityPermissionError(mode: string, e: unknown): GraphAuthError | undefined {
  const notCapable = (Deno.errors as Record<string, unknown>).NotCapable as (new () => Error) | undefined;
  const isPermission = e instanceof Deno.errors.PermissionDenied ||
    (notCapable !== undefined && e instanceof notCapable);
  if (!isPermission) return undefined;
  return new GraphAuthError(
    `Cannot sign in with --auth ${mode}: @azure/identity needs unrestricted --allow-env and --allow-sys, ` +
      `which the task entry does not grant; run the task file with deno run and those flags added ` +
      `(see README "Signing in"), or use GRAPH_ACCESS_TOKEN`,
    { cause: e },
  );
}
