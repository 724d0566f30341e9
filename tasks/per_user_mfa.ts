/**
 * `deno task per-user-mfa`: users whose legacy per-user MFA is enabled or enforced, the
 * successor of MSOnline's `StrongAuthenticationRequirements` one-liner. Default output: sorted
 * UPNs, one per line, nothing else on stdout; notes and progress on stderr.
 *
 * Permissions: `--allow-net` to the Graph and sign-in hosts, IMDS, the CI OIDC hosts and loopback,
 * `--allow-env` for GRAPH_ACCESS_TOKEN / AZURE_* / the managed-identity and CI OIDC variables /
 * GRAPH_BASE_URL, `--allow-run=az` (`--auth azure-cli`), `--allow-read` (client certificate,
 * federated token file), `--allow-write` (`--out`).
 *
 * @module
 */
import { runMain } from "../lib/cli/mod.ts";
import { parsePerUserMfaArgs, PER_USER_MFA_TASK, runPerUserMfa } from "../lib/commands/per_user_mfa.ts";

/** The task name, as in `deno task per-user-mfa`. */
export const TASK_NAME = PER_USER_MFA_TASK;

/** Runs the task. */
export function main(argv: string[]): Promise<number> {
  return runPerUserMfa(parsePerUserMfaArgs(argv));
}

if (import.meta.main) runMain(TASK_NAME, main);
