/**
 * `--help` people can use, the same in every task: each shared option reads the same (its text
 * from lib/options; only the accepted values and the default may differ per task), every task
 * shows the usage line as typed, examples, the environment variables it reads and its exit
 * codes; `-o` is `--out`; `--output json` is a usage error pointing to `--format json`.
 */
import assert from "node:assert/strict";
import type { Command } from "commander";
import { complianceCommand } from "../lib/commands/compliance_report.ts";
import { mfaServerReportCommand } from "../lib/commands/mfa_server_report.ts";
import { perUserMfaCommand } from "../lib/commands/per_user_mfa.ts";
import { signinsExportCommand } from "../lib/commands/signins_export.ts";
import { signinsReportCommand } from "../lib/commands/signins_report.ts";
import { AUTH_ENV_NAMES } from "../lib/graph/auth_config.ts";
import {
  APP,
  BOM,
  DATE_ORDER,
  FORMAT,
  fullHelp,
  GRAPH_ENV,
  GRAPH_OPTIONS,
  LA_URL,
  LIST_LIMIT,
  MAX_BAD_ROWS,
  NOW,
  type OptionDef,
  OUT,
  SIGNINS_WORKSPACE,
  TOP,
  USER,
  WINDOW_OPTIONS,
  WORKSPACE,
} from "../lib/options/mod.ts";
import { registrationCommand } from "../lib/commands/registration.ts";
import { REGISTRATION_REPORT_SPEC } from "../lib/commands/registration_report.ts";
import { userListSpec } from "../lib/commands/user_lists.ts";
import { runDenoTask } from "./_run_task.ts";

/** Every user task's command, by task name. */
const COMMANDS: Record<string, () => Command> = {
  "signins-report": signinsReportCommand,
  "signins-export": signinsExportCommand,
  "mfa-server-report": mfaServerReportCommand,
  "compliance-report": complianceCommand,
  "registration-report": () => registrationCommand(REGISTRATION_REPORT_SPEC),
  "registered-users": () => registrationCommand(userListSpec("registered-users")),
  "unregistered-users": () => registrationCommand(userListSpec("unregistered-users")),
  "per-user-mfa": perUserMfaCommand,
};

/** The long flag of a definition (`--out` of `-o, --out <file>`). */
const longFlag = (def: OptionDef): string => /--[a-z0-9-]+/.exec(def.flags)?.[0] ?? def.flags;

/** Every shared definition, by long flag. */
const SHARED: Map<string, OptionDef> = new Map(
  [
    OUT,
    FORMAT,
    TOP,
    LIST_LIMIT,
    DATE_ORDER,
    MAX_BAD_ROWS,
    NOW,
    LA_URL,
    WORKSPACE,
    SIGNINS_WORKSPACE,
    USER,
    APP,
    BOM,
    ...WINDOW_OPTIONS,
    ...GRAPH_OPTIONS.map((u) => u.def),
  ]
    .map((d) => [longFlag(d), d]),
);

/** `--flag` → its help line, from a task's full help. */
function optionLines(help: string): Map<string, { flags: string; text: string }> {
  const out = new Map<string, { flags: string; text: string }>();
  const section = help.slice(help.indexOf("Options:"), help.indexOf("\nExamples:"));
  for (const line of section.split("\n")) {
    const m = /^ {2}((?:-\w, )?(--[a-z0-9-]+)[^ ]*(?: <[^>]+>| \[[^\]]+\])?)\s{2,}(.*)$/.exec(line);
    if (m !== null) out.set(m[2]!, { flags: m[1]!, text: m[3]! });
  }
  return out;
}

Deno.test("every task's --help shows each shared option with the one text defined in lib/options", async (t) => {
  const seen = new Map<string, string[]>();
  for (const [task, build] of Object.entries(COMMANDS)) {
    await t.step(task, () => {
      const lines = optionLines(fullHelp(build()));
      assert.ok(lines.size > 3, `${task}: no options parsed`);
      for (const [flag, { flags, text }] of lines) {
        const def = SHARED.get(flag);
        if (def === undefined) continue;
        seen.set(flag, [...(seen.get(flag) ?? []), task]);
        assert.equal(flags, def.flags, `${task} ${flag}: flags`);
        assert.ok(text === def.help || text.startsWith(`${def.help} (`), `${task} ${flag}: "${text}"`);
        const details = text.slice(def.help.length);
        if (details !== "") {
          assert.match(details, /^ \((one of: [^;]+)?(; )?(default: .+)?\)$/, `${task} ${flag}`);
        }
      }
    });
  }
  // the definitions really are shared: output, format and Graph options in most tasks
  assert.equal(seen.get("--out")?.length, Object.keys(COMMANDS).length);
  assert.ok((seen.get("--format")?.length ?? 0) >= 5);
  assert.ok((seen.get("--since")?.length ?? 0) >= 3);
  assert.equal(seen.get("--graph-url")?.length, Object.keys(COMMANDS).length - 1);
});

Deno.test("every task's --help has the usage line as typed, examples, environment and exit codes", async (t) => {
  for (const [task, build] of Object.entries(COMMANDS)) {
    await t.step(task, () => {
      const help = fullHelp(build());
      assert.match(help, new RegExp(`^Usage: deno task ${task} \\[options\\]\n`));
      const examples = help.slice(help.indexOf("\nExamples:\n"), help.indexOf("\nExit codes:"));
      assert.match(examples, new RegExp(`\n  deno task ${task} `), `${task}: an example of the task itself`);
      assert.match(help, /\nExit codes:\n {2}0 {3}success\n {2}1 {3}failure[^\n]*\n {2}2 {3}usage error/);
      if (task !== "mfa-server-report") {
        assert.match(help, /\nEnvironment variables read:\n {2}GRAPH_ACCESS_TOKEN\n/);
      } else assert.doesNotMatch(help, /Environment variables read/);
    });
  }
  assert.match(
    fullHelp(complianceCommand()),
    /GITHUB_STEP_SUMMARY[^]*\n {2}3 {3}a fail-severity rule failed/,
  );
  assert.match(fullHelp(signinsExportCommand()), /\n {2}130 stopped by Ctrl-C/);
});

Deno.test("the environment list of --help names every sign-in variable lib/graph reads", () => {
  const named = GRAPH_ENV.flatMap(([names]) => names.split(", "));
  assert.deepEqual([...named].sort(), [...AUTH_ENV_NAMES].sort());
});

Deno.test("-o is --out, and --output json is a usage error suggesting --format json (through deno task)", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("-o writes the file", async () => {
      const out = `${dir}/r.json`;
      const r = await runDenoTask("mfa-server-report", [
        "--from",
        "testdata/mfa_server/all_codes.csv",
        "-o",
        out,
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "");
      assert.ok(JSON.parse(await Deno.readTextFile(out)).schemaVersion !== undefined);
    });
    for (const task of ["mfa-server-report", "registered-users", "signins-report"]) {
      await t.step(`${task} --output json`, async () => {
        const r = await runDenoTask(task, ["--output", "json"]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /Cannot use --output "json": .*use --format json \(and -o\/--out FILE/);
        assert.match(r.stderr, new RegExp(`run 'deno task ${task} --help' for usage`));
      });
    }
    await t.step("-q/--quiet leaves only warnings and errors on stderr", async () => {
      const args = ["--from", "testdata/registration/registration_export.csv"];
      const loud = await runDenoTask("registered-users", args);
      assert.equal(loud.code, 0, loud.stderr);
      assert.match(loud.stderr, /in-scope users are registered/);
      for (const flag of ["-q", "--quiet"]) {
        const quiet = await runDenoTask("registered-users", [...args, flag]);
        assert.equal(quiet.code, 0, quiet.stderr);
        assert.equal(quiet.stderr, "");
        assert.equal(quiet.stdout, loud.stdout);
      }
    });
    await t.step("--help through deno task", async () => {
      const r = await runDenoTask("registered-users", ["--help"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Usage: deno task registered-users \[options\]/);
      assert.match(r.stdout, /-o, --out <file> +write the output to this file/);
      assert.match(r.stdout, /Examples:\n {2}deno task registered-users\n/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
