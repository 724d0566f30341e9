/**
 * `deno task mfa-server-report --from FILE…`: the Azure MFA Server activity report (the command
 * lives in lib/commands/mfa_server_report.ts). Needs only `--allow-read` (inputs) and
 * `--allow-write` (`--out`); no network, no credentials.
 *
 * @module
 */
import { runMain } from "../lib/cli/mod.ts";
import { MFA_SERVER_REPORT_TASK, mfaServerReportMain } from "../lib/commands/mfa_server_report.ts";

/** The task name, as in `deno task mfa-server-report`. */
export const TASK_NAME = MFA_SERVER_REPORT_TASK;

/** Runs the task; errors are mapped to exit codes by `runMain`. */
export function main(argv: string[]): Promise<number> {
  return mfaServerReportMain(argv);
}

if (import.meta.main) runMain(TASK_NAME, main);
