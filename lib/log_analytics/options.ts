/**
 * The Log Analytics client settings from the shared Graph command-line options (`--cloud`,
 * `--auth`, `--tenant`, time-out and size limits) plus `--la-url` and the workspace: the same
 * sign-in modes and environment variables as Graph, a token for the Log Analytics scope.
 *
 * @module
 */
import { log, UsageError } from "../cli/mod.ts";
import { resolveAuthConfig } from "../graph/auth_config.ts";
import { readAuthEnv, requestLimitsFromOptions } from "../graph/mod.ts";
import type { GraphCliOptions } from "../graph/options.ts";
import type { LaClientConfig } from "./client.ts";
import { resolveLaEndpoint } from "./endpoint.ts";

/**
 * Builds the client config.
 *
 * @param graph the shared Graph options as parsed
 * @param workspace the workspace id
 * @param laUrl `--la-url`
 * @throws {UsageError} for a bad cloud, URL or sign-in settings
 */
export function laClientConfigFromOptions(
  graph: GraphCliOptions,
  workspace: string,
  laUrl: string | undefined,
): LaClientConfig {
  const endpoint = resolveLaEndpoint(graph.cloud ?? "global", laUrl);
  const auth = resolveAuthConfig(readAuthEnv(), {
    ...(graph.auth !== undefined ? { auth: graph.auth } : {}),
    ...(graph.tenant !== undefined ? { tenant: graph.tenant } : {}),
    ...(laUrl !== undefined ? { graphUrl: laUrl } : {}),
  });
  if (auth.kind === "token") {
    // GRAPH_ACCESS_TOKEN holds a Graph token: it must not go to another origin (nor would it be accepted)
    throw new UsageError(
      "Cannot read Log Analytics with GRAPH_ACCESS_TOKEN: it is a Graph token; use another --auth mode " +
        "(the toolkit then asks for a token for the Log Analytics API)",
    );
  }
  return {
    auth,
    endpoint,
    workspace,
    limits: requestLimitsFromOptions(graph),
    onRetryAfter: (ms: number) =>
      log.note(`Log Analytics asked to wait ${Math.ceil(ms / 1000)} s (throttled)`),
  };
}
