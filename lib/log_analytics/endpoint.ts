/**
 * Where Log Analytics queries and their tokens go: the query host and token scope of each
 * national cloud, or a loopback URL (`--la-url`, the local query endpoint). The endpoint has the
 * shape of a Graph endpoint so the project's sign-in flows (lib/graph/token_provider.ts,
 * identity_flows.ts) issue the token for the Log Analytics scope and bind it to this exact origin.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { type GraphEndpoint, isGraphCloud, resolveGraphEndpoint } from "../graph/cloud.ts";

/** Query host and token scope per `--cloud` (Microsoft Learn: Log Analytics API, access and national clouds). */
export const LA_CLOUDS = {
  global: { host: "https://api.loganalytics.azure.com", scope: "https://api.loganalytics.io/.default" },
  usgov: { host: "https://api.loganalytics.us", scope: "https://api.loganalytics.us/.default" },
  usgovdod: { host: "https://api.loganalytics.us", scope: "https://api.loganalytics.us/.default" },
  china: { host: "https://api.loganalytics.azure.cn", scope: "https://api.loganalytics.azure.cn/.default" },
} as const;

/**
 * Hosts the Log Analytics path may reach (the deno.json entries of the reports grant these; the
 * legacy `api.loganalytics.io` host is kept for `--la-url https://api.loganalytics.io`).
 */
export const LA_NET_HOSTS = [
  "api.loganalytics.io",
  "api.loganalytics.azure.com",
  "api.loganalytics.us",
  "api.loganalytics.azure.cn",
] as const;

/**
 * Resolves the query root and token binding.
 *
 * @param cloud `--cloud`
 * @param laUrl `--la-url`: another documented host, or plain http to loopback (tests, demo)
 * @throws {UsageError} for an unknown cloud or an unusable URL
 *
 * @example
 * ```ts
 * import { resolveLaEndpoint } from "./endpoint.ts";
 * import assert from "node:assert/strict";
 * const g = resolveLaEndpoint("global");
 * assert.equal(g.root, "https://api.loganalytics.azure.com");
 * assert.equal(g.scope, "https://api.loganalytics.io/.default");
 * assert.deepEqual(g.allowedHosts, ["api.loganalytics.azure.com"]);
 * assert.equal(resolveLaEndpoint("china").scope, "https://api.loganalytics.azure.cn/.default");
 * assert.equal(resolveLaEndpoint("global", "http://127.0.0.1:9").root, "http://127.0.0.1:9");
 * assert.throws(() => resolveLaEndpoint("global", "https://evil.example"), /--la-url/);
 * ```
 */
export function resolveLaEndpoint(cloud: string, laUrl?: string): GraphEndpoint {
  if (!isGraphCloud(cloud)) resolveGraphEndpoint(cloud); // throws the usage error
  const c = LA_CLOUDS[cloud as keyof typeof LA_CLOUDS];
  const graph = resolveGraphEndpoint(cloud);
  if (laUrl === undefined || laUrl === "") {
    return {
      ...graph,
      root: c.host,
      scope: c.scope,
      allowedHosts: [new URL(c.host).hostname],
      custom: false,
    };
  }
  let u: URL;
  try {
    u = new URL(laUrl);
  } catch {
    throw new UsageError(`Cannot use --la-url ${JSON.stringify(laUrl)}: expected an absolute URL`);
  }
  const known = (LA_NET_HOSTS as readonly string[]).includes(u.hostname) && u.protocol === "https:";
  let local: GraphEndpoint | undefined;
  if (!known) {
    try {
      local = resolveGraphEndpoint(cloud, laUrl);
    } catch {
      local = undefined;
    }
    if (local === undefined || !["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) {
      throw new UsageError(
        `Cannot use --la-url ${JSON.stringify(laUrl)}: expected a Log Analytics API host ` +
          `(${LA_NET_HOSTS.join(", ")}) or a loopback URL`,
      );
    }
  }
  return {
    ...graph,
    root: u.origin,
    scope: c.scope,
    allowedHosts: local?.allowedHosts ?? [u.hostname],
    custom: true,
  };
}
