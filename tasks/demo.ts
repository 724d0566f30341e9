/**
 * `deno task demo`: runs every report task against the built-in sample tenant, served by the
 * toolkit's own Graph-compatible server on 127.0.0.1 (no credentials, no network beyond
 * loopback), and writes the reports into `./demo-reports/`.
 *
 * Each task runs in this process through the same code path as against Microsoft Graph: the
 * SDK request adapter, paging, filters, the classifiers and the renderers. Only the base URL
 * differs (`--graph-url http://127.0.0.1:PORT --auth none`).
 *
 * Permissions: `--allow-net=127.0.0.1` (serve and call the local server), `--allow-read=.`
 * (the bundled MFA Server sample export), `--allow-write=demo-reports`.
 *
 * @module
 */
import { createTaskCommand, log, runMain, runTask } from "../lib/cli/mod.ts";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { laRows, laTables, startLaServer } from "../dev/la_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { COMPLIANCE_TASK, runComplianceReport } from "../lib/commands/compliance_report.ts";
import { MFA_SERVER_REPORT_TASK, mfaServerReportMain } from "../lib/commands/mfa_server_report.ts";
import { parsePerUserMfaArgs, PER_USER_MFA_TASK, runPerUserMfa } from "../lib/commands/per_user_mfa.ts";
import { REGISTRATION_REPORT_TASK, runRegistrationReportTask } from "../lib/commands/registration_report.ts";
import { SIGNINS_REPORT_TASK, signinsReportMain } from "../lib/commands/signins_report.ts";
import { runUserListTask } from "../lib/commands/user_lists.ts";
import { parseCommandLine } from "../lib/options/mod.ts";

/** The task name, as in `deno task demo`. */
export const TASK_NAME = "demo";

/** The sample tenant's clock: reports are reproducible. */
export const DEMO_NOW = "2026-11-20T12:00:00Z";

/** The window of the demo's Graph sign-in reports (Markdown, HTML and JSON read the same sign-ins). */
const SIGNINS_WINDOW = [
  "--days",
  "30",
  "--now",
  DEMO_NOW,
  "--event-types",
  "interactive,noninteractive,serviceprincipal,managedidentity",
];

/** The local Log Analytics endpoint's workspace id. */
export const DEMO_WORKSPACE = "00000000-0000-4000-8000-00000000000a";

/** One report the demo writes. */
export interface DemoRun {
  /** Task name, as in `deno task NAME`. */
  task: string;
  /** Output file inside the demo folder. */
  file: string;
  /** Task arguments besides `--out` and the connection flags; `{dir}` stands for the output folder. */
  args: string[];
  /** Whether the task reads Graph (gets `--graph-url`, `--auth none`, `--budget 0`). */
  graph: boolean;
  /**
   * How the task reads the local Log Analytics endpoint's workspace: its flag for the workspace
   * (gets it with `DEMO_WORKSPACE` and `--la-url`).
   */
  workspaceFlag?: "--workspace" | "--signins-workspace";
  /** Exit codes that count as a finished report (compliance-report exits 3 when a rule fails). */
  ok?: readonly number[];
}

/**
 * The command each task runs, from lib/commands: the same parse and run functions `deno task NAME`
 * calls, with the real edges.
 */
const COMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number>>> = {
  "registered-users": (argv) => runUserListTask("registered-users", argv),
  "unregistered-users": (argv) => runUserListTask("unregistered-users", argv),
  [PER_USER_MFA_TASK]: (argv) => runPerUserMfa(parsePerUserMfaArgs(argv)),
  [REGISTRATION_REPORT_TASK]: (argv) => runRegistrationReportTask(argv),
  [SIGNINS_REPORT_TASK]: (argv) => signinsReportMain(argv),
  [MFA_SERVER_REPORT_TASK]: (argv) => mfaServerReportMain(argv),
  [COMPLIANCE_TASK]: (argv) => runComplianceReport(argv),
};

/** Every report the demo writes, in order. */
export const DEMO_RUNS: readonly DemoRun[] = [
  { task: "registered-users", file: "registered-users.txt", args: [], graph: true },
  {
    task: "unregistered-users",
    file: "unregistered-users.txt",
    args: [],
    graph: true,
  },
  {
    task: "unregistered-users",
    file: "unregistered-users.csv",
    args: ["--format", "csv"],
    graph: true,
  },
  { task: "per-user-mfa", file: "per-user-mfa.txt", args: [], graph: true },
  {
    task: "registration-report",
    file: "registration-report.md",
    args: ["--now", DEMO_NOW, "--per-user-mfa"],
    graph: true,
  },
  {
    task: "registration-report",
    file: "registration-report.html",
    args: ["--now", DEMO_NOW, "--per-user-mfa", "--format", "html"],
    graph: true,
  },
  {
    task: "registration-report",
    file: "registration-report.json",
    args: ["--now", DEMO_NOW, "--format", "json"],
    graph: true,
  },
  {
    task: "signins-report",
    file: "signins-report.md",
    args: SIGNINS_WINDOW,
    graph: true,
  },
  {
    task: "signins-report",
    file: "signins-report.html",
    args: [...SIGNINS_WINDOW, "--format", "html"],
    graph: true,
  },
  {
    task: "signins-report",
    file: "signins-report.json",
    args: [...SIGNINS_WINDOW, "--format", "json"],
    graph: true,
  },
  {
    task: "signins-report",
    file: "signins-report-log-analytics.json",
    args: [
      "--source",
      "log-analytics",
      "--days",
      "30",
      "--now",
      DEMO_NOW,
      "--format",
      "json",
      "--auth",
      "none",
    ],
    graph: false,
    workspaceFlag: "--workspace",
  },
  {
    task: "mfa-server-report",
    file: "mfa-server-report.md",
    args: ["--from", "testdata/mfa_server/all_codes.csv"],
    graph: false,
  },
  {
    task: "mfa-server-report",
    file: "mfa-server-report.html",
    args: ["--from", "testdata/mfa_server/all_codes.csv", "--format", "html"],
    graph: false,
  },
  {
    task: "mfa-server-report",
    file: "mfa-server-report.json",
    args: ["--from", "testdata/mfa_server/all_codes.csv", "--format", "json"],
    graph: false,
  },
  {
    task: "compliance-report",
    file: "compliance-report.md",
    args: [
      "--policy",
      "examples/compliance.jsonc",
      "--days",
      "30",
      "--now",
      DEMO_NOW,
      "--json",
      "{dir}/compliance-report.json",
      "--junit",
      "{dir}/compliance-report.xml",
    ],
    graph: true,
    ok: [0, 3],
  },
  {
    task: "compliance-report",
    file: "compliance-report.html",
    args: ["--policy", "examples/compliance.jsonc", "--days", "30", "--now", DEMO_NOW, "--format", "html"],
    graph: true,
    ok: [0, 3],
  },
  {
    task: "compliance-report",
    file: "compliance-report-log-analytics.md",
    args: ["--policy", "examples/compliance.jsonc", "--days", "30", "--now", DEMO_NOW],
    graph: true,
    workspaceFlag: "--signins-workspace",
    ok: [0, 3],
  },
];

/**
 * Runs the demo.
 *
 * @returns 0 when every report was written, 1 otherwise
 */
export async function main(argv: string[]): Promise<number> {
  const cmd = createTaskCommand(TASK_NAME, "Run every report on the built-in sample tenant (no credentials)")
    .option("--dir <folder>", "where to write the reports", "demo-reports")
    .option("--users <n>", "sample tenant size (users)", "120");
  const o = parseCommandLine<{ dir: string; users: string }>(cmd, argv);
  const users = Number(o.users);
  const dataset = generateSampleTenant({ seed: 1, users, days: 30, now: new Date(DEMO_NOW) });
  await Deno.mkdir(o.dir, { recursive: true });
  const server = await startGraphServer({ dataset });
  const la = await startLaServer({ tables: laTables(laRows(dataset.signIns)) });
  log.note(
    `Sample tenant ${dataset.domain}: ${dataset.users.length} users, ${dataset.signIns.length} sign-ins, served at ${server.url}`,
  );
  let failed = 0;
  try {
    for (const run of DEMO_RUNS) {
      const out = `${o.dir}/${run.file}`;
      const conn = run.graph ? ["--graph-url", server.url, "--auth", "none", "--budget", "0"] : [];
      if (run.workspaceFlag !== undefined) conn.push(run.workspaceFlag, DEMO_WORKSPACE, "--la-url", la.url);
      const args = run.args.map((a) => a.replaceAll("{dir}", o.dir));
      const code = await runTask(run.task, COMMANDS[run.task]!, [...args, ...conn, "--out", out]);
      const ok = (run.ok ?? [0]).includes(code);
      if (!ok) failed++;
      log.plain(
        `${ok ? "wrote " : `FAILED (exit ${code}) `}${out}${ok && code !== 0 ? ` (exit ${code})` : ""}`,
      );
    }
  } finally {
    await server.close();
    await la.close();
  }
  log.plain(
    failed === 0
      ? `Done: ${DEMO_RUNS.length} reports in ${o.dir}/ (open ${o.dir}/signins-report.html in a browser, or ` +
        `${o.dir}/signins-report.md on GitHub, to see the charts)`
      : `${failed} of ${DEMO_RUNS.length} reports failed`,
  );
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) runMain(TASK_NAME, main);
