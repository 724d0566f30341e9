/**
 * `deno task registered-users`: users registered for MFA, the successor of
 * `Get-MsolUser -All | where {$_.StrongAuthenticationMethods -ne $null} | Select-Object -Property UserPrincipalName`.
 * Default output: sorted UPNs, one per line, nothing else on stdout.
 *
 * Permissions: `--allow-net` to the Graph and sign-in hosts, IMDS, the CI OIDC hosts and loopback,
 * `--allow-env` for GRAPH_ACCESS_TOKEN / AZURE_* / the managed-identity and CI OIDC variables /
 * GRAPH_BASE_URL, `--allow-run=az` (`--auth azure-cli`), `--allow-read` (`--from`, `--exclude`),
 * `--allow-write` (`--out`). Every `--auth` mode works with these (see README "Signing in").
 *
 * @module
 */
import { runMain } from "../lib/cli/mod.ts";
import { runUserListTask } from "../lib/commands/user_lists.ts";

/** The task name, as in `deno task registered-users`. */
export const TASK_NAME = "registered-users";

/**
 * Runs the task.
 *
 * @returns 0 on success; errors are thrown and mapped to exit codes by `runMain`
 */
export function main(argv: string[]): Promise<number> {
  return runUserListTask(TASK_NAME, argv);
}

if (import.meta.main) runMain(TASK_NAME, main);
