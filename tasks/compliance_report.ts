/**
 * `deno task compliance-report --policy compliance.jsonc`: checks the tenant against a policy
 * of rules and writes a Markdown verdict table with the underlying registration and sign-in
 * reports (stdout or `--out`), optionally JSON (`--json`, the next run's `--baseline`) and
 * JUnit XML (`--junit`). Appends the verdict to `GITHUB_STEP_SUMMARY` when set and prints
 * `##vso[task.uploadsummary]` under Azure Pipelines (`TF_BUILD`).
 *
 * Exit codes: 0 every fail-severity rule passed (warnings allowed), 3 a fail-severity rule
 * failed, 1 the tool failed (bad policy or input file, Graph error), 2 usage error.
 *
 * Permissions: `--allow-net` to the Graph and login hosts (plus loopback for `--graph-url`),
 * `--allow-env` for the Graph sign-in variables plus GITHUB_STEP_SUMMARY and TF_BUILD,
 * `--allow-run=az` (`--auth azure-cli`), `--allow-read`, `--allow-write`; a 512 MB heap cap.
 *
 * @module
 */
import { runMain } from "../lib/cli/mod.ts";
import { COMPLIANCE_TASK, runComplianceReport } from "../lib/compliance/mod.ts";

/** The task name, as in `deno task compliance-report`. */
export const TASK_NAME = COMPLIANCE_TASK;

/**
 * Runs the task.
 *
 * @returns 0 or 3; errors are thrown and mapped to exit codes by `runMain`
 */
export function main(argv: string[]): Promise<number> {
  return runComplianceReport(argv);
}

if (import.meta.main) runMain(TASK_NAME, main);
