/**
 * The part of `--help` after the options: examples as typed, the environment variables the task
 * reads and its exit codes, in the same layout for every task.
 *
 * @module
 */
import type { Command } from "commander";

/** What a task's `--help` says besides its options. */
export interface TaskHelp {
  /** Command lines as a user types them (`deno task NAME …`), with a short comment each. */
  readonly examples: readonly (readonly [command: string, comment: string])[];
  /** Environment variables the task reads, with what for; {@linkcode GRAPH_ENV} for Graph tasks. */
  readonly env?: readonly (readonly [name: string, what: string])[];
  /** Exit codes beyond 0, 1 and 2. */
  readonly exitCodes?: readonly (readonly [code: number, meaning: string])[];
}

/** The sign-in variables every Graph-reading task reads. */
export const GRAPH_ENV: readonly (readonly [string, string])[] = [
  ["GRAPH_ACCESS_TOKEN", "a Graph access token (--auth token)"],
  [
    "AZURE_TENANT_ID, AZURE_CLIENT_ID",
    "the app registration (with a secret, certificate or federated token)",
  ],
  [
    "AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_CLIENT_CERTIFICATE_PASSWORD, " +
    "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN",
    "the app's credential",
  ],
  [
    "AZURE_FEDERATED_TOKEN_FILE, ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN, " +
    "SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
    "workload identity (Kubernetes, GitHub Actions, Azure Pipelines)",
  ],
  [
    "IDENTITY_ENDPOINT, IDENTITY_HEADER, IMDS_ENDPOINT, MSI_ENDPOINT, AZURE_POD_IDENTITY_AUTHORITY_HOST",
    "managed identity",
  ],
  ["AZURE_AUTHORITY_HOST", "another sign-in host (national clouds)"],
  ["GRAPH_BASE_URL", "as --graph-url"],
];

/** Exit codes every task uses. */
export const COMMON_EXIT_CODES: readonly (readonly [number, string])[] = [
  [0, "success"],
  [1, "failure: an input refused, Graph or a file unreadable (one error line names it)"],
  [2, "usage error: a bad or missing option"],
];

/**
 * The help text after the options.
 *
 * @example
 * ```ts
 * import { taskHelpText } from "./help.ts";
 * import assert from "node:assert/strict";
 * const t = taskHelpText({ examples: [["deno task x --days 7", "the last week"]] });
 * assert.match(t, /Examples:\n  deno task x --days 7\n      the last week/);
 * assert.match(t, /Exit codes:\n  0   success/);
 * ```
 */
export function taskHelpText(help: TaskHelp): string {
  const lines = ["", "Examples:"];
  for (const [command, comment] of help.examples) lines.push(`  ${command}`, `      ${comment}`);
  if (help.env !== undefined && help.env.length > 0) {
    lines.push("", "Environment variables read:");
    for (const [name, what] of help.env) lines.push(`  ${name}`, `      ${what}`);
  }
  lines.push("", "Exit codes:");
  for (const [code, meaning] of [...COMMON_EXIT_CODES, ...(help.exitCodes ?? [])]) {
    lines.push(`  ${String(code).padEnd(4)}${meaning}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Adds {@linkcode taskHelpText} after a command's options and returns the command.
 */
export function addTaskHelp<C extends Command>(cmd: C, help: TaskHelp): C {
  cmd.addHelpText("after", taskHelpText(help));
  return cmd;
}

/**
 * The whole `--help` text of a command as the user sees it (options, then examples, environment
 * and exit codes), on one line per option however long: for tests and documentation.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addTaskHelp, fullHelp } from "./help.ts";
 * import assert from "node:assert/strict";
 * const cmd = addTaskHelp(new Command("x").option("--days <n>", "days"), { examples: [["deno task x", "run"]] });
 * assert.match(fullHelp(cmd), /--days <n> +days[^]*Examples:/);
 * ```
 */
export function fullHelp(cmd: Command): string {
  let text = "";
  cmd.configureOutput({ writeOut: (s) => void (text += s), getOutHelpWidth: () => 10_000 });
  cmd.outputHelp();
  return text;
}
