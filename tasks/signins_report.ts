/**
 * `deno task signins-report`: the sign-in MFA report (Markdown, JSON or CSV) from Graph, a Log
 * Analytics workspace or sign-in files. The command lives in lib/commands/signins_report.ts.
 *
 * Permissions: `--allow-read` (input files, `--redact-key-file`, `--with-registration FILE`),
 * `--allow-write` (`--out`), `--allow-net` to the Graph, Log Analytics and sign-in hosts (or
 * loopback), `--allow-env` for the Graph sign-in variables, `--allow-run=az` (`--auth azure-cli`).
 *
 * @module
 */
// first: chunk workers start loading while the report's modules are evaluated
import "../lib/signins_report/early_workers.ts";
import { runMain } from "../lib/cli/mod.ts";
import { SIGNINS_REPORT_TASK, signinsReportMain } from "../lib/commands/signins_report.ts";

/** The task name, as in `deno task signins-report`. */
export const TASK_NAME = SIGNINS_REPORT_TASK;

/** Runs the task; errors are mapped to exit codes by `runMain`. */
export function main(argv: string[]): Promise<number> {
  return signinsReportMain(argv);
}

if (import.meta.main) runMain(TASK_NAME, main);
