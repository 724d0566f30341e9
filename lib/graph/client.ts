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
import { DEFAULT_REQUEST_LIMITS, guardFetch, type RequestLimits, tenantOfToken } from "./guard.ts";
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

/**
 * The `--verbose` line on a client's traffic.
 *
 * @example
 * ```ts
 * import { formatGraphStats } from "./client.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatGraphStats({ requests: 3, retries: 1, throttled: 1, bytes: 512 }),
 *   "Graph: 3 requests, 1 retries, 1 throttled, 512 bytes");
 * ```
 */
export function formatGraphStats(s: Readonly<GraphClientStats>): string {
  return `Graph: ${s.requests} requests, ${s.retries} retries, ${s.throttled} throttled, ${s.bytes} bytes`;
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
  /** Time-out, size and paging limits (default {@linkcode DEFAULT_REQUEST_LIMITS}). */
  limits?: Partial<RequestLimits>;
  /** Told when Graph asks to wait (`Retry-After` of a 429/503/504), before the wait. */
  onRetryAfter?: (ms: number, status: number) => void;
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
  /** Time-out, size and paging limits in force. */
  readonly limits: Readonly<RequestLimits>;
  /**
   * Replaces any secret in a string (for error messages): the config's secrets and every
   * bearer token this client has sent, and every token, assertion and secret the sign-in flows
   * registered.
   */
  redact(text: string): string;
  /**
   * The tenant the client reads: the `tid` claim of the last token sent when it is a JWT, else
   * the configured tenant; undefined when neither is known.
   */
  tenant(): string | undefined;
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
  const limits: RequestLimits = { ...DEFAULT_REQUEST_LIMITS, ...config.limits };
  const secrets = new Set(secretsOf(config.auth));
  let tokenTenant = config.auth.kind === "token" && config.auth.token
    ? tenantOfToken(config.auth.token)
    : undefined;
  const observeToken = (headers: Record<string, string> | undefined) => {
    const auth = headers?.["Authorization"] ?? headers?.["authorization"];
    const m = auth === undefined ? null : /^Bearer\s+(\S{8,})$/i.exec(auth);
    if (m && !secrets.has(m[1] as string)) {
      secrets.add(m[1] as string);
      tokenTenant = tenantOfToken(m[1] as string) ?? tokenTenant;
    }
  };
  // The innermost step: exact origin, time-out, body cap, sane Retry-After (guard.ts).
  const baseFetch = guardFetch(
    {
      origin: new URL(endpoint.root).origin,
      limits,
      ...(config.onRetryAfter ? { onRetryAfter: config.onRetryAfter } : {}),
    },
    config.fetch ?? ((input: string, init: RequestInit) => fetch(input, init)),
  );

  const countingFetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (budget && isReportsFamilyUrl(url)) await budget.acquire();
    stats.requests++;
    const headers = init.headers as Record<string, string> | undefined;
    observeToken(headers);
    if (headers && (headers["Retry-Attempt"] !== undefined || headers["retry-attempt"] !== undefined)) {
      stats.retries++;
    }
    // The RedirectHandler follows redirects; the guard refuses one off the Graph origin.
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
  const configuredTenant = "tenantId" in config.auth ? config.auth.tenantId : undefined;
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
    limits,
    redact: (text: string) => {
      if (secrets.size === 0) return redactSecrets(text);
      // Each secret as is and URL-encoded, longest first, in one pass.
      const forms = [...new Set([...secrets].flatMap((s) => [s, encodeURIComponent(s)]))]
        .sort((a, b) => b.length - a.length)
        .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
      return redactSecrets(text.replace(new RegExp(forms.join("|"), "g"), "[redacted]"));
    },
    tenant: () => tokenTenant ?? configuredTenant,
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
