/**
 * `deno task registration-report`: the MFA registration report in Markdown (default) or JSON
 * (`--format json`, versioned schema): coverage, admins without MFA or without a
 * phishing-resistant method, SMS/voice-only users, method popularity, default methods,
 * system-preferred MFA, data freshness and exclusions.
 *
 * Permissions: as `registered-users` (net to Graph and the sign-in endpoints, env for the auth
 * variables, `--allow-run=az`, read, write).
 *
 * @module
 */
import { runMain } from "../lib/cli/mod.ts";
import { REGISTRATION_REPORT_TASK, runRegistrationReportTask } from "../lib/commands/registration_report.ts";

/** The task name, as in `deno task registration-report`. */
export const TASK_NAME = REGISTRATION_REPORT_TASK;

/**
 * Runs the task.
 *
 * @returns 0 on success; errors are thrown and mapped to exit codes by `runMain`
 */
export function main(argv: string[]): Promise<number> {
  return runRegistrationReportTask(argv);
}

if (import.meta.main) runMain(TASK_NAME, main);
