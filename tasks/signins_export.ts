/**
 * `deno task signins-export`: raw Graph sign-ins for a window as NDJSON (optionally gzip), read
 * by several cursors within the reports request budget, resumable (the command lives in
 * lib/commands/signins_export.ts).
 *
 * Exit codes: 0 complete; 1 stopped by a failure (checkpoint saved; rerun with `--resume`);
 * 2 usage; 130 stopped by Ctrl-C (checkpoint saved).
 *
 * Permissions: net to the Graph and sign-in hosts, IMDS, the CI OIDC hosts and loopback, env for
 * the auth variables, `--allow-run=az` (`--auth azure-cli`), read and write for the output.
 *
 * @module
 */
import { runMain } from "../lib/cli/mod.ts";
import { SIGNINS_EXPORT_TASK, signinsExportMain } from "../lib/commands/signins_export.ts";

/** The task name, as in `deno task signins-export`. */
export const TASK_NAME = SIGNINS_EXPORT_TASK;

/** Runs the task: 0 complete, 1 stopped by a failure, 130 stopped by Ctrl-C. */
export function main(argv: string[]): Promise<number> {
  return signinsExportMain(argv);
}

if (import.meta.main) runMain(TASK_NAME, main);
