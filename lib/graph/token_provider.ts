/**
 * Token providers bound to the Graph origin the user chose. A token is only ever attached to a
 * request whose origin (scheme, host, port) is the Graph root's (the chosen cloud's Graph host,
 * or the `--graph-url`); plain http only to loopback. Credential modes get their tokens from the
 * native flows in identity_flows.ts through a {@linkcode RenewingToken}, which renews a token
 * when less than five minutes of it are left.
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
import type { AuthConfig } from "./auth_config.ts";
import { GraphAuthError } from "../errors.ts";
import type { GraphEndpoint } from "./cloud.ts";
import { createTokenSource, type FlowOptions, type TokenSource } from "./identity_flows.ts";
import { registerSecret } from "./secret_registry.ts";
import { RenewingToken, type RenewingTokenOptions } from "./token_cache.ts";

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
  readonly #origin: string | undefined;

  /**
   * @param getToken returns a bearer token (without "Bearer ")
   * @param allowedHosts host names (and host:port entries); must not be empty
   * @param origin when given, only URLs of exactly this origin (scheme, host, port) get the token
   * @throws {RangeError} for an empty host list (kiota would treat it as "all hosts")
   */
  constructor(getToken: () => Promise<string>, allowedHosts: readonly string[], origin?: string) {
    if (allowedHosts.length === 0) {
      throw new RangeError("Cannot create a token provider: expected at least one allowed host, got none");
    }
    this.#getToken = getToken;
    this.#validator = new AllowedHostsValidator(new Set(allowedHosts));
    this.#origin = origin;
  }

  /**
   * The token for an allowed URL, "" otherwise.
   *
   * @throws {GraphAuthError} when the token cannot be had, or the URL is plain http to a non-loopback host
   */
  async getAuthorizationToken(url?: string): Promise<string> {
    if (!url || !this.#validator.isUrlHostValid(url)) return "";
    if (this.#origin !== undefined && originOf(url) !== this.#origin) return "";
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

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Options for {@linkcode createAuthenticationProvider}. */
export interface AuthProviderOptions extends FlowOptions {
  /** Replaces the native flows (tests). */
  tokenSource?: (config: AuthConfig, endpoint: GraphEndpoint) => TokenSource;
  /** When to renew (tests). */
  renew?: RenewingTokenOptions;
}

/**
 * The kiota AuthenticationProvider for a config: anonymous for `none`, a static token for
 * `token`, and a renewing token from the native sign-in flows otherwise — each bound to the exact
 * origin of the Graph root.
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
export function createAuthenticationProvider(
  config: AuthConfig,
  endpoint: GraphEndpoint,
  options: AuthProviderOptions = {},
): Promise<AuthenticationProvider> {
  const origin = new URL(endpoint.root).origin;
  switch (config.kind) {
    case "none":
      return Promise.resolve(new AnonymousAuthenticationProvider());
    case "token": {
      const token = config.token;
      registerSecret(token);
      return Promise.resolve(
        new BaseBearerTokenAuthenticationProvider(
          new HostBoundTokenProvider(() => Promise.resolve(token), endpoint.allowedHosts, origin),
        ),
      );
    }
    default: {
      const source = options.tokenSource?.(config, endpoint) ?? createTokenSource(config, endpoint, options);
      const renewing = new RenewingToken(source, options.renew);
      return Promise.resolve(
        new BaseBearerTokenAuthenticationProvider(
          new HostBoundTokenProvider(() => renewing.get(), endpoint.allowedHosts, origin),
        ),
      );
    }
  }
}
