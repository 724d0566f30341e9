/**
 * The Graph and sign-in options every Graph-reading task shares (`--cloud`, `--graph-url`,
 * `--tenant`, `--auth`, `--budget` and the request limits), defined once. Their values become a
 * client config through `graphClientConfigFromOptions` (lib/graph/options.ts).
 *
 * @module
 */
import type { Command } from "commander";
import { AUTH_MODES } from "../graph/auth_config.ts";
import { DEFAULT_REPORTS_BUDGET } from "../graph/budget.ts";
import { GRAPH_CLOUDS } from "../graph/cloud.ts";
import { DEFAULT_REQUEST_LIMITS } from "../graph/guard.ts";
import { LIMIT_OPTIONS } from "../graph/options.ts";
import { addOptions, type OptionDef, type OptionUse } from "./define.ts";

/** `--cloud`. */
export const CLOUD = {
  flags: "--cloud <name>",
  help: "Microsoft cloud of the tenant",
  defaultText: "global",
  defaultValue: "global",
} as const satisfies OptionDef;

/** `--graph-url`. */
export const GRAPH_URL = {
  flags: "--graph-url <url>",
  help: "Graph base URL override, e.g. http://127.0.0.1:8787 (env GRAPH_BASE_URL)",
} as const satisfies OptionDef;

/** `--tenant`. */
export const TENANT = {
  flags: "--tenant <id>",
  help: "tenant id or domain (env AZURE_TENANT_ID)",
} as const satisfies OptionDef;

/** `--auth`. */
export const AUTH = {
  flags: "--auth <mode>",
  help: "how to sign in",
  defaultText: "chosen from the environment",
} as const satisfies OptionDef;

/** `--budget`. */
export const BUDGET = {
  flags: "--budget <n>",
  help: "reports requests per 10 s (sign-ins, registration, methods); 0 = no limit",
  defaultText: String(DEFAULT_REPORTS_BUDGET.requests),
} as const satisfies OptionDef;

/** The request-limit options (`--request-timeout`, `--max-response-mb`, …), from `LIMIT_OPTIONS`. */
export const LIMIT_DEFS: readonly OptionDef[] = LIMIT_OPTIONS.map((o) => ({
  flags: `${o.flag} <${o.unit === "pages" ? "n" : o.unit}>`,
  help: `${o.help} (${o.unit})`,
  defaultText: String(DEFAULT_REQUEST_LIMITS[o.field] / o.scale),
}));

/** Every Graph option as tasks offer it, in help order. */
export const GRAPH_OPTIONS: readonly OptionUse[] = [
  { def: CLOUD, choices: Object.keys(GRAPH_CLOUDS), strictChoices: true },
  { def: GRAPH_URL },
  { def: TENANT },
  { def: AUTH, choices: AUTH_MODES, strictChoices: true },
  { def: BUDGET },
  ...LIMIT_DEFS.map((def) => ({ def })),
];

/**
 * Adds the shared Graph options to a command and returns it.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addGraphOptions } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const cmd = addGraphOptions(new Command("t").exitOverride());
 * cmd.parse(["--budget", "3"], { from: "user" });
 * assert.equal(cmd.opts().cloud, "global");
 * assert.equal(cmd.opts().budget, "3");
 * ```
 */
export function addGraphOptions<C extends Command>(cmd: C): C {
  return addOptions(cmd, ...GRAPH_OPTIONS);
}
