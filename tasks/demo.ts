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
import { main as complianceReport } from "./compliance_report.ts";
import { main as mfaServerReport } from "./mfa_server_report.ts";
import { main as perUserMfa } from "./per_user_mfa.ts";
import { main as registeredUsers } from "./registered_users.ts";
import { main as registrationReport } from "./registration_report.ts";
import { main as signinsReport } from "./signins_report.ts";
import { main as unregisteredUsers } from "./unregistered_users.ts";

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
  /** The task body. */
  main: (argv: string[]) => Promise<number | void>;
  /** Exit codes that count as a finished report (compliance-report exits 3 when a rule fails). */
  ok?: readonly number[];
}

/** Every report the demo writes, in order. */
export const DEMO_RUNS: readonly DemoRun[] = [
  { task: "registered-users", file: "registered-users.txt", args: [], graph: true, main: registeredUsers },
  {
    task: "unregistered-users",
    file: "unregistered-users.txt",
    args: [],
    graph: true,
    main: unregisteredUsers,
  },
  {
    task: "unregistered-users",
    file: "unregistered-users.csv",
    args: ["--format", "csv"],
    graph: true,
    main: unregisteredUsers,
  },
  { task: "per-user-mfa", file: "per-user-mfa.txt", args: [], graph: true, main: perUserMfa },
  {
    task: "registration-report",
    file: "registration-report.md",
    args: ["--now", DEMO_NOW, "--per-user-mfa"],
    graph: true,
    main: registrationReport,
  },
  {
    task: "registration-report",
    file: "registration-report.html",
    args: ["--now", DEMO_NOW, "--per-user-mfa", "--format", "html"],
    graph: true,
    main: registrationReport,
  },
  {
    task: "registration-report",
    file: "registration-report.json",
    args: ["--now", DEMO_NOW, "--format", "json"],
    graph: true,
    main: registrationReport,
  },
  {
    task: "signins-report",
    file: "signins-report.md",
    args: SIGNINS_WINDOW,
    graph: true,
    main: signinsReport,
  },
  {
    task: "signins-report",
    file: "signins-report.html",
    args: [...SIGNINS_WINDOW, "--format", "html"],
    graph: true,
    main: signinsReport,
  },
  {
    task: "signins-report",
    file: "signins-report.json",
    args: [...SIGNINS_WINDOW, "--format", "json"],
    graph: true,
    main: signinsReport,
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
    main: signinsReport,
  },
  {
    task: "mfa-server-report",
    file: "mfa-server-report.md",
    args: ["--from", "testdata/mfa_server/all_codes.csv"],
    graph: false,
    main: mfaServerReport,
  },
  {
    task: "mfa-server-report",
    file: "mfa-server-report.html",
    args: ["--from", "testdata/mfa_server/all_codes.csv", "--format", "html"],
    graph: false,
    main: mfaServerReport,
  },
  {
    task: "mfa-server-report",
    file: "mfa-server-report.json",
    args: ["--from", "testdata/mfa_server/all_codes.csv", "--format", "json"],
    graph: false,
    main: mfaServerReport,
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
    main: complianceReport,
    ok: [0, 3],
  },
  {
    task: "compliance-report",
    file: "compliance-report.html",
    args: ["--policy", "examples/compliance.jsonc", "--days", "30", "--now", DEMO_NOW, "--format", "html"],
    graph: true,
    main: complianceReport,
    ok: [0, 3],
  },
  {
    task: "compliance-report",
    file: "compliance-report-log-analytics.md",
    args: ["--policy", "examples/compliance.jsonc", "--days", "30", "--now", DEMO_NOW],
    graph: true,
    workspaceFlag: "--signins-workspace",
    main: complianceReport,
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
  cmd.parse(argv, { from: "user" });
  const o = cmd.opts<{ dir: string; users: string }>();
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
      const code = await runTask(run.task, run.main, [...args, ...conn, "--out", out]);
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
