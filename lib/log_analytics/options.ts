/**
 * The Log Analytics client settings from the shared Graph command-line options (`--cloud`,
 * `--auth`, `--tenant`, time-out and size limits) plus `--la-url` and the workspace: the same
 * sign-in modes and environment variables as Graph, a token for the Log Analytics scope.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { type AuthEnv, resolveAuthConfig } from "../graph/auth_config.ts";
import { type GraphCliOptions, requestLimitsFromOptions } from "../options/graph.ts";
import type { SignInEventType } from "../classify/mod.ts";
import type { LaClientConfig } from "./client.ts";
import { kqlString, type LaRowFilter } from "./kql.ts";
import { resolveLaEndpoint } from "./endpoint.ts";

/**
 * Builds the client config.
 *
 * @param graph the shared Graph options as parsed
 * @param workspace the workspace id
 * @param laUrl `--la-url`
 * @param env the sign-in variables (the command's `deps.env()`)
 * @param note where a throttling wait is told (the command's `deps.log.note`)
 * @throws {UsageError} for a bad cloud, URL or sign-in settings
 */
export function laClientConfigFromOptions(
  graph: GraphCliOptions,
  workspace: string,
  laUrl: string | undefined,
  env: AuthEnv,
  note: (text: string) => void,
): LaClientConfig {
  const endpoint = resolveLaEndpoint(graph.cloud ?? "global", laUrl);
  const auth = resolveAuthConfig(env, {
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
    onRetryAfter: (ms: number) => note(`Log Analytics asked to wait ${Math.ceil(ms / 1000)} s (throttled)`),
  };
}

/** Longest `--user` / `--app` value pushed down (a UPN is at most 113 characters). */
const MAX_FILTER_LENGTH = 1024;

/**
 * The `--user` / `--app` filter pushed down into the workspace's queries, checked: a value with a
 * control character, an empty or overlong one, or `--user` over tables that name no user, is a
 * usage error.
 *
 * @param o the parsed options
 * @returns the filter (empty when neither is given)
 * @throws {UsageError} for a value that cannot be pushed down
 *
 * @example
 * ```ts
 * import { laRowFilterOf } from "./options.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(laRowFilterOf({ user: "ana@contoso.example" }), { user: "ana@contoso.example" });
 * assert.throws(() => laRowFilterOf({ user: "ana@contoso.example", eventTypes: ["servicePrincipal"] }), /name no user/);
 * assert.throws(() => laRowFilterOf({ app: "Office\n| take 1" }), /control character/);
 * ```
 */
export function laRowFilterOf(
  o: { user?: string; app?: string; eventTypes?: readonly SignInEventType[] },
): LaRowFilter {
  const out: LaRowFilter = {};
  for (const [name, value] of [["user", o.user], ["app", o.app]] as const) {
    if (value === undefined) continue;
    const v = value.trim();
    if (v === "" || v.length > MAX_FILTER_LENGTH) {
      throw new UsageError(
        `Cannot use --${name} ${JSON.stringify(value)}: expected 1 to ${MAX_FILTER_LENGTH} characters`,
      );
    }
    try {
      kqlString(v);
    } catch {
      throw new UsageError(`Cannot use --${name} ${JSON.stringify(value)}: it holds a control character`);
    }
    out[name] = v;
  }
  if (
    out.user !== undefined && o.eventTypes !== undefined &&
    !o.eventTypes.some((e) => USER_EVENT_TYPES.includes(e))
  ) {
    throw new UsageError(
      "Cannot use --user with only service principal or managed identity sign-ins: their tables name no user",
    );
  }
  return out;
}

const USER_EVENT_TYPES: readonly SignInEventType[] = ["interactiveUser", "nonInteractiveUser"];
