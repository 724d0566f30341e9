/**
 * National clouds: which Graph host and which sign-in host a tenant lives on, and how a
 * user-chosen Graph base URL (`--graph-url`, e.g. a local test server) replaces the host.
 *
 * @module
 */
import { isTableKey } from "../classify/_enum.ts";
import { UsageError } from "../errors.ts";

/** The Microsoft clouds, keyed by the `--cloud` value. */
export const GRAPH_CLOUDS = {
  global: {
    graph: "https://graph.microsoft.com",
    login: "https://login.microsoftonline.com",
    exchangeAudience: "api://AzureADTokenExchange",
  },
  usgov: {
    graph: "https://graph.microsoft.us",
    login: "https://login.microsoftonline.us",
    exchangeAudience: "api://AzureADTokenExchangeUSGov",
  },
  usgovdod: {
    graph: "https://dod-graph.microsoft.us",
    login: "https://login.microsoftonline.us",
    exchangeAudience: "api://AzureADTokenExchangeUSGov",
  },
  china: {
    graph: "https://microsoftgraph.chinacloudapi.cn",
    login: "https://login.partner.microsoftonline.cn",
    exchangeAudience: "api://AzureADTokenExchangeChina",
  },
} as const;

/**
 * Hosts the sign-in flows may reach besides each cloud's Graph and login hosts: the Azure SDKs'
 * China authority host (AKS in Azure China sets `AZURE_AUTHORITY_HOST` to it), the managed-identity
 * endpoint (IMDS), and the OIDC endpoints of GitHub Actions (`ACTIONS_ID_TOKEN_REQUEST_URL`, on
 * varying `*.actions.githubusercontent.com` hosts) and Azure Pipelines (`SYSTEM_OIDCREQUESTURI`, on
 * `dev.azure.com` or an organisation's `*.visualstudio.com`). The deno.json entries grant exactly
 * these plus loopback; tests/permissions_test.ts checks it.
 */
export const IDENTITY_NET_HOSTS = [
  "login.chinacloudapi.cn",
  "169.254.169.254",
  "*.actions.githubusercontent.com",
  "dev.azure.com",
  "*.visualstudio.com",
] as const;

/** A `--cloud` value. */
export type GraphCloud = keyof typeof GRAPH_CLOUDS;

/** Whether a string is a known cloud name. */
export const isGraphCloud = (v: unknown): v is GraphCloud => isTableKey(GRAPH_CLOUDS, v);

/** Where requests and tokens go. */
export interface GraphEndpoint {
  /** The cloud whose sign-in host issues tokens. */
  cloud: GraphCloud;
  /** Graph root without a version, no trailing slash: `https://graph.microsoft.com` or `http://127.0.0.1:8787`. */
  root: string;
  /** Sign-in authority host URL, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** Token scope: the cloud's Graph `/.default` scope. */
  scope: string;
  /** Hosts that may receive the token: the chosen host's `hostname` and `host:port` (kiota versions differ). */
  allowedHosts: string[];
  /** True when `root` came from `--graph-url` / `GRAPH_BASE_URL`. */
  custom: boolean;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Whether a URL's host is the local machine (localhost, 127.0.0.1, ::1).
 *
 * @example
 * ```ts
 * import { isLoopbackUrl } from "./cloud.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isLoopbackUrl("http://127.0.0.1:8080"), true);
 * assert.equal(isLoopbackUrl("https://graph.microsoft.com"), false);
 * ```
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Resolves the Graph root, authority and allowed token hosts for a cloud, optionally with a
 * Graph base URL override. A trailing `/v1.0` or `/beta` on the override is dropped (the
 * client picks the version per endpoint). Plain http is accepted only for loopback hosts.
 *
 * @throws {UsageError} for an unknown cloud or an unusable URL
 *
 * @example Global cloud and a local override
 * ```ts
 * import { resolveGraphEndpoint } from "./cloud.ts";
 * import assert from "node:assert/strict";
 * const g = resolveGraphEndpoint("global");
 * assert.equal(g.root, "https://graph.microsoft.com");
 * assert.deepEqual(g.allowedHosts, ["graph.microsoft.com"]);
 * const l = resolveGraphEndpoint("global", "http://127.0.0.1:8787/beta/");
 * assert.equal(l.root, "http://127.0.0.1:8787");
 * assert.deepEqual(l.allowedHosts, ["127.0.0.1", "127.0.0.1:8787"]);
 * assert.equal(l.scope, "https://graph.microsoft.com/.default");
 * ```
 */
export function resolveGraphEndpoint(cloud: string, graphUrl?: string): GraphEndpoint {
  if (!isGraphCloud(cloud)) {
    throw new UsageError(
      `Cannot use --cloud ${JSON.stringify(cloud)}: expected one of ${Object.keys(GRAPH_CLOUDS).join(", ")}`,
    );
  }
  const c = GRAPH_CLOUDS[cloud];
  let root: string = c.graph;
  const custom = graphUrl !== undefined && graphUrl !== "";
  if (custom) {
    let u: URL;
    try {
      u = new URL(graphUrl);
    } catch {
      throw new UsageError(`Cannot use --graph-url ${JSON.stringify(graphUrl)}: expected an absolute URL`);
    }
    if (u.username || u.password || u.search || u.hash) {
      throw new UsageError(
        `Cannot use --graph-url ${JSON.stringify(graphUrl)}: expected scheme, host, port and path only`,
      );
    }
    if (u.protocol !== "https:" && !(u.protocol === "http:" && LOOPBACK.has(u.hostname))) {
      throw new UsageError(
        `Cannot use --graph-url ${
          JSON.stringify(graphUrl)
        }: expected https, or http to localhost/127.0.0.1/[::1]`,
      );
    }
    const path = u.pathname.replace(/\/+$/, "").replace(/\/(v1\.0|beta)$/i, "");
    root = `${u.protocol}//${u.host}${path}`;
  }
  const u = new URL(root);
  const allowedHosts = u.host === u.hostname ? [u.hostname] : [u.hostname, u.host];
  return { cloud, root, authorityHost: c.login, scope: `${c.graph}/.default`, allowedHosts, custom };
}
