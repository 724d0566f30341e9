/**
 * The Log Analytics options (`--workspace` / `--signins-workspace`, `--la-url`, and `--user` /
 * `--app` pushed down into the queries), defined once, and their values: the workspace id
 * checked, the row filter checked, and the client settings built from the shared Graph options
 * (`--cloud`, `--auth`, `--tenant`, time-out and size limits) plus `--la-url` and the workspace
 * (the same sign-in modes and environment variables as Graph, a token for the Log Analytics
 * scope).
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { type AuthEnv, resolveAuthConfig } from "../graph/auth_config.ts";
import type { SignInEventType } from "../classify/mod.ts";
import { isWorkspaceId, type LaClientConfig } from "../log_analytics/client.ts";
import { kqlString, type LaRowFilter } from "../log_analytics/kql.ts";
import { resolveLaEndpoint } from "../log_analytics/endpoint.ts";
import type { OptionDef } from "./define.ts";
import { givenRequestLimits, type GraphCliOptions, type RetryNoteLog } from "./graph.ts";

/** `--workspace` (signins-report): the workspace `--source log-analytics` reads. */
export const WORKSPACE = {
  flags: "--workspace <id>",
  help: "Log Analytics workspace id (GUID) for --source log-analytics",
} as const satisfies OptionDef;

/** `--signins-workspace` (compliance-report): the workspace sign-ins are counted in. */
export const SIGNINS_WORKSPACE = {
  flags: "--signins-workspace <id>",
  help: "read sign-ins from this Log Analytics workspace (counted in the workspace) instead of Graph",
} as const satisfies OptionDef;

/** `--la-url`: another Log Analytics API root. */
export const LA_URL = {
  flags: "--la-url <url>",
  help: "Log Analytics API root (a national-cloud host, or a loopback test endpoint)",
} as const satisfies OptionDef;

/** `--user`: one user, pushed down to Graph and Log Analytics. */
export const USER = {
  flags: "--user <upn-or-id>",
  help: "only this user (pushed down to Graph as $filter, to Log Analytics as where)",
} as const satisfies OptionDef;

/** `--app`: one application, pushed down to Graph and Log Analytics. */
export const APP = {
  flags: "--app <id-or-name>",
  help: "only this application (an app id is pushed down to Graph; an id or name to Log Analytics)",
} as const satisfies OptionDef;

/**
 * Parses a workspace option (`--workspace`, `--signins-workspace`).
 *
 * @param flag the option's name, for the message
 * @param value the value given
 * @returns the workspace id
 * @throws {UsageError} for anything but a GUID
 *
 * @example
 * ```ts
 * import { parseWorkspace } from "./log_analytics.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseWorkspace("--workspace", "00000000-0000-0000-0000-0000000000aa"), "00000000-0000-0000-0000-0000000000aa");
 * assert.throws(() => parseWorkspace("--workspace", "../x"), /--workspace "..\/x": expected a workspace id \(a GUID\)/);
 * ```
 */
export function parseWorkspace(flag: string, value: string): string {
  if (!isWorkspaceId(value)) {
    throw new UsageError(`Cannot use ${flag} ${JSON.stringify(value)}: expected a workspace id (a GUID)`);
  }
  return value;
}

/**
 * Builds the client config.
 *
 * @param graph the shared Graph options as parsed
 * @param workspace the workspace id
 * @param laUrl `--la-url`
 * @param env the sign-in variables (the command's `deps.env()`)
 * @param log where a throttling wait is told (the command's `deps.log`)
 * @throws {UsageError} for a bad cloud, URL or sign-in settings
 */
export function laClientConfigFromOptions(
  graph: GraphCliOptions,
  workspace: string,
  laUrl: string | undefined,
  env: AuthEnv,
  log: RetryNoteLog,
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
    // only the limits given: the others stay the client's own (its 210 s time-out, the service's
    // 180 s run time and a margin, where Graph's 100 s default would give up on a long query)
    limits: givenRequestLimits(graph),
    onRetryAfter: (ms: number) =>
      log.note(`Log Analytics asked to wait ${Math.ceil(ms / 1000)} s (throttled)`),
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
 * import { laRowFilterOf } from "./log_analytics.ts";
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
