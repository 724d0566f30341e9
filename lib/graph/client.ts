/**
 * The Graph client: the SDK's `GraphRequestAdapter` (auth, retry on 429/503/504 honouring
 * `Retry-After`, redirects, ODataError mapping) over a middleware chain whose innermost fetch
 * counts requests, retries, 429s and bytes, and takes a slot from the reports-family
 * {@linkcode RequestBudget} for every attempt; a 429/503 with `Retry-After` pauses that budget
 * for everyone. One adapter per API version.
 *
 * @module
 */
import { GraphRequestAdapter } from "@microsoft/msgraph-sdk";
import { ParseNodeFactoryRegistry, SerializationWriterFactoryRegistry } from "@microsoft/kiota-abstractions";
import {
  CustomFetchHandler,
  HttpClient,
  ParametersNameDecodingHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  UserAgentHandler,
  UserAgentHandlerOptions,
} from "@microsoft/kiota-http-fetchlibrary";
import type { AuthConfig } from "./auth_config.ts";
import { type GraphCloud, type GraphEndpoint, resolveGraphEndpoint } from "./cloud.ts";
import {
  DEFAULT_REPORTS_BUDGET,
  isReportsFamilyUrl,
  RequestBudget,
  type RequestBudgetOptions,
  retryAfterMs,
} from "./budget.ts";
import { type AuthProviderOptions, createAuthenticationProvider } from "./token_provider.ts";
import { redactSecrets } from "./secret_registry.ts";

/** Graph API versions. */
export const GRAPH_VERSIONS = ["v1.0", "beta"] as const;
/** One of {@linkcode GRAPH_VERSIONS}. */
export type GraphVersion = typeof GRAPH_VERSIONS[number];

/** Counters for everything the client sent. */
export interface GraphClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Retries: the SDK's (429/503/504) plus this client's (connection errors, invalid JSON). */
  retries: number;
  /** 429 responses received. */
  throttled: number;
  /** Response body bytes read by the pager. */
  bytes: number;
}

/** How to build a client. */
export interface GraphClientConfig {
  /** How to sign in. */
  auth: AuthConfig;
  /** National cloud (default `global`). */
  cloud?: GraphCloud;
  /** Graph base URL override (`--graph-url` / `GRAPH_BASE_URL`). */
  graphUrl?: string;
  /** Reports-family budget: options, a shared instance, or `false` for none (default 5 per 10 s). */
  budget?: RequestBudgetOptions | RequestBudget | false;
  /** SDK retries on 429/503/504 (0–10, default 3). */
  maxRetries?: number;
  /** SDK delay in seconds when a 429/503/504 has no Retry-After (default 3). */
  retryDelaySeconds?: number;
  /** This client's retries on connection errors and invalid JSON bodies (default 3). */
  transientRetries?: number;
  /** Delay before such a retry, ms, multiplied by the attempt number (default 500). */
  transientRetryDelayMs?: number;
  /** The fetch underneath the middleware chain (default: global fetch). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Credential construction hooks (tests, device-code prompt). */
  authOptions?: AuthProviderOptions;
}

/** A ready client. Pass it to the `list…` functions. */
export interface GraphClient {
  /** Where requests and tokens go. */
  readonly endpoint: GraphEndpoint;
  /** One adapter per API version, `baseUrl` set to `<root>/<version>`. */
  readonly adapters: Readonly<Record<GraphVersion, GraphRequestAdapter>>;
  /** Counters. */
  readonly stats: GraphClientStats;
  /** The reports-family budget, when enabled. */
  readonly budget: RequestBudget | undefined;
  /** Retry settings used by the pager. */
  readonly retry: {
    readonly maxRetries: number;
    readonly transientRetries: number;
    readonly transientRetryDelayMs: number;
  };
  /** Replaces any secret of this client's config, and any acquired token, in a string (for error messages). */
  redact(text: string): string;
}

/**
 * Creates a Graph client. Nothing is sent until a `list…` function is iterated.
 *
 * @example A client for a local server with a static token
 * ```ts
 * import { createGraphClient } from "./client.ts";
 * import assert from "node:assert/strict";
 * const c = await createGraphClient({ auth: { kind: "token", token: "t" }, graphUrl: "http://127.0.0.1:8787" });
 * assert.equal(c.adapters.beta.baseUrl, "http://127.0.0.1:8787/beta");
 * assert.equal(c.adapters["v1.0"].baseUrl, "http://127.0.0.1:8787/v1.0");
 * assert.equal(c.budget?.options.requests, 5);
 * assert.equal(c.redact("Bearer t!"), "Bearer [redacted]!");
 * ```
 */
export async function createGraphClient(config: GraphClientConfig): Promise<GraphClient> {
  const endpoint = resolveGraphEndpoint(config.cloud ?? "global", config.graphUrl);
  const auth = await createAuthenticationProvider(config.auth, endpoint, config.authOptions ?? {});
  const budget = config.budget === false
    ? undefined
    : config.budget instanceof RequestBudget
    ? config.budget
    : new RequestBudget(config.budget ?? DEFAULT_REPORTS_BUDGET);
  const stats: GraphClientStats = { requests: 0, retries: 0, throttled: 0, bytes: 0 };
  const baseFetch = config.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));

  const countingFetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (budget && isReportsFamilyUrl(url)) await budget.acquire();
    stats.requests++;
    const headers = init.headers as Record<string, string> | undefined;
    if (headers && (headers["Retry-Attempt"] !== undefined || headers["retry-attempt"] !== undefined)) {
      stats.retries++;
    }
    // The RedirectHandler follows redirects (and scrubs Authorization on a host change).
    const res = await baseFetch(url, { ...init, redirect: "manual" });
    if (res.status === 429) stats.throttled++;
    // Retry-After holds the whole family, so other requests in flight do not walk into it too.
    if ((res.status === 429 || res.status === 503) && budget && isReportsFamilyUrl(url)) {
      const ms = retryAfterMs(res.headers.get("retry-after"));
      if (ms !== undefined) budget.pause(ms);
    }
    return res;
  };

  const maxRetries = config.maxRetries ?? 3;
  const retryOptions = new RetryHandlerOptions({
    maxRetries,
    ...(config.retryDelaySeconds !== undefined ? { delay: config.retryDelaySeconds } : {}),
  });
  const httpClient = new HttpClient(
    undefined,
    new RetryHandler(retryOptions),
    new RedirectHandler(),
    new ParametersNameDecodingHandler(),
    new UserAgentHandler(
      new UserAgentHandlerOptions({ productName: "entra-mfa-toolkit", productVersion: "0.1.0" }),
    ),
    new CustomFetchHandler(countingFetch),
  );
  const makeAdapter = (version: GraphVersion) => {
    const a = new GraphRequestAdapter(
      auth,
      new ParseNodeFactoryRegistry(),
      new SerializationWriterFactoryRegistry(),
      httpClient,
    );
    a.baseUrl = `${endpoint.root}/${version}`;
    return a;
  };
  const secrets = secretsOf(config.auth);
  return {
    endpoint,
    adapters: { "v1.0": makeAdapter("v1.0"), beta: makeAdapter("beta") },
    stats,
    budget,
    retry: {
      maxRetries,
      transientRetries: config.transientRetries ?? 3,
      transientRetryDelayMs: config.transientRetryDelayMs ?? 500,
    },
    // the config's secrets, and every token, assertion and secret the sign-in flows registered
    redact: (text: string) => redactSecrets(secrets.reduce((t, s) => t.replaceAll(s, "[redacted]"), text)),
  };
}

function secretsOf(auth: AuthConfig): string[] {
  switch (auth.kind) {
    case "token":
      return auth.token ? [auth.token] : [];
    case "client-secret":
      return auth.clientSecret ? [auth.clientSecret] : [];
    case "client-certificate":
      return auth.certificatePassword ? [auth.certificatePassword] : [];
    default:
      return [];
  }
}
