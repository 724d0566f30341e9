/**
 * `deno task compliance-report --policy compliance.jsonc`: checks the tenant against a policy of
 * rules (the command lives in lib/commands/compliance_report.ts).
 *
 * Exit codes: 0 every fail-severity rule passed (warnings allowed), 3 a fail-severity rule
 * failed, 1 the tool failed (bad policy or input file, Graph error), 2 usage error.
 *
 * Permissions: `--allow-net` to the Graph, Log Analytics and login hosts (plus loopback),
 * `--allow-env` for the Graph sign-in variables plus GITHUB_STEP_SUMMARY and TF_BUILD,
 * `--allow-run=az` (`--auth azure-cli`), `--allow-read`, `--allow-write`; a 512 MB heap cap.
 *
 * @module
 */
import { runMain } from "../lib/cli/mod.ts";
import { COMPLIANCE_TASK, runComplianceReport } from "../lib/commands/compliance_report.ts";

/** The task name, as in `deno task compliance-report`. */
export const TASK_NAME = COMPLIANCE_TASK;

/** Runs the task: 0 or 3; errors are mapped to exit codes by `runMain`. */
export function main(argv: string[]): Promise<number> {
  return runComplianceReport(argv);
}

if (import.meta.main) runMain(TASK_NAME, main);
