import { runDenoTask } from "./_run_task.ts";

/**
 * Test helpers for the registration tasks: runs a task as a subprocess with exactly the
 * permissions its deno.json entry will have (until the lead adds the entries, `deno run` with
 * the same flags; then `runDenoTask` from `_run_task.ts` can replace {@linkcode runRegistrationTask}),
 * and starts the local Graph server on a small sample tenant.
 *
 * @module
 */

/** Allowed network hosts: the Graph and sign-in hosts of every cloud, and the loopback server. */
export const REGISTRATION_NET_HOSTS = [
  "graph.microsoft.com",
  "graph.microsoft.us",
  "dod-graph.microsoft.us",
  "microsoftgraph.chinacloudapi.cn",
  "login.microsoftonline.com",
  "login.microsoftonline.us",
  "login.partner.microsoftonline.cn",
  "127.0.0.1",
  "localhost",
] as const;

/** Environment variables the Graph layer reads (lib/graph AUTH_ENV_NAMES). */
export const REGISTRATION_ENV_NAMES = [
  "GRAPH_ACCESS_TOKEN",
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "AZURE_FEDERATED_TOKEN_FILE",
  "GRAPH_BASE_URL",
] as const;

/** The exact flags of the three task entries. */
export const REGISTRATION_TASK_PERMISSIONS = [
  `--allow-net=${REGISTRATION_NET_HOSTS.join(",")}`,
  `--allow-env=${REGISTRATION_ENV_NAMES.join(",")}`,
  "--allow-read",
  "--allow-write",
] as const;

/** Task name → script. */
export const REGISTRATION_TASK_SCRIPTS = {
  "registered-users": "tasks/registered_users.ts",
  "unregistered-users": "tasks/unregistered_users.ts",
  "registration-report": "tasks/registration_report.ts",
} as const;

/** A finished run. */
export type TaskRun = import("./_run_task.ts").TaskRun;

/**
 * Runs `deno task <name> <args>` (the task's own deno.json permissions) from the project root
 * with a cleared environment (plus `env`), no stdin and no TTY.
 */
export function runRegistrationTask(
  name: keyof typeof REGISTRATION_TASK_SCRIPTS,
  args: string[],
  env: Record<string, string> = {},
): Promise<TaskRun> {
  return runDenoTask(name, args, { env });
}

/** The project root (absolute, trailing slash). */
export const PROJECT_ROOT: string = new URL("..", import.meta.url).pathname;

/** Lines of a text, without the empty last one. */
export function lines(text: string): string[] {
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

/**
 * Sorts UPNs the way the tasks document it (case-insensitive code-unit order, ties by exact
 * text); written out here so tests do not use the code under test to compute expectations.
 */
export function sortedUpns(upns: Iterable<string>): string[] {
  return [...upns].sort((a, b) => {
    const x = a.toLowerCase(), y = b.toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
