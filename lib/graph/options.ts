/**
 * The command-line options every Graph-reading task shares (`--cloud`, `--graph-url`,
 * `--tenant`, `--auth`, `--budget`) and their conversion, with the environment, into a
 * {@linkcode GraphClientConfig}.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { parseIntOption } from "../cli/command.ts";
import { AUTH_MODES, type AuthEnv, resolveAuthConfig } from "./auth_config.ts";
import { DEFAULT_REPORTS_BUDGET } from "./budget.ts";
import type { GraphClientConfig } from "./client.ts";
import { GRAPH_CLOUDS, resolveGraphEndpoint } from "./cloud.ts";

/** The parsed shared options (commander's camelCase names). */
export interface GraphCliOptions {
  /** `--cloud` */
  cloud?: string;
  /** `--graph-url` */
  graphUrl?: string;
  /** `--tenant` */
  tenant?: string;
  /** `--auth` */
  auth?: string;
  /** `--budget` (requests per 10 s, 0 = no client-side limit) */
  budget?: string;
}

/**
 * Adds the shared Graph options to a commander command and returns it.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addGraphOptions } from "./options.ts";
 * import assert from "node:assert/strict";
 * const cmd = addGraphOptions(new Command("t").exitOverride());
 * cmd.parse(["--cloud", "usgov", "--budget", "3"], { from: "user" });
 * assert.equal(cmd.opts().cloud, "usgov");
 * assert.equal(cmd.opts().budget, "3");
 * ```
 */
export function addGraphOptions<C extends Command>(cmd: C): C {
  cmd
    .addOption(
      new Option("--cloud <name>", "Microsoft cloud of the tenant").choices(Object.keys(GRAPH_CLOUDS))
        .default("global"),
    )
    .addOption(
      new Option(
        "--graph-url <url>",
        "Graph base URL override, e.g. http://127.0.0.1:8787 (env GRAPH_BASE_URL)",
      ),
    )
    .addOption(new Option("--tenant <id>", "tenant id or domain (env AZURE_TENANT_ID)"))
    .addOption(
      new Option("--auth <mode>", "how to sign in (default: chosen from the environment)").choices(
        AUTH_MODES,
      ),
    )
    .addOption(
      new Option(
        "--budget <n>",
        `reports requests per 10 s (sign-ins, registration, methods); 0 = no limit (default ${DEFAULT_REPORTS_BUDGET.requests})`,
      ),
    );
  return cmd;
}

/**
 * Turns the parsed shared options plus the environment into a client config.
 *
 * @throws {UsageError} for a bad cloud, URL, budget, or missing sign-in settings
 *
 * @example A static token against a local server, no budget
 * ```ts
 * import { graphClientConfigFromOptions } from "./options.ts";
 * import assert from "node:assert/strict";
 * const c = graphClientConfigFromOptions({ budget: "0" }, { GRAPH_ACCESS_TOKEN: "x", GRAPH_BASE_URL: "http://127.0.0.1:1" });
 * assert.equal(c.auth.kind, "token");
 * assert.equal(c.graphUrl, "http://127.0.0.1:1");
 * assert.equal(c.budget, false);
 * ```
 */
export function graphClientConfigFromOptions(options: GraphCliOptions, env: AuthEnv): GraphClientConfig {
  const cloud = options.cloud ?? "global";
  const graphUrl = options.graphUrl ?? (env.GRAPH_BASE_URL?.trim() || undefined);
  const endpoint = resolveGraphEndpoint(cloud, graphUrl);
  const auth = resolveAuthConfig(env, {
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
    ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
    ...(graphUrl !== undefined ? { graphUrl } : {}),
  });
  const n = options.budget === undefined
    ? DEFAULT_REPORTS_BUDGET.requests
    : parseIntOption("--budget", options.budget, 0, 10_000);
  const config: GraphClientConfig = {
    auth,
    cloud: endpoint.cloud,
    budget: n === 0 ? false : { requests: n, windowMs: DEFAULT_REPORTS_BUDGET.windowMs },
  };
  if (graphUrl !== undefined) config.graphUrl = graphUrl;
  return config;
}
