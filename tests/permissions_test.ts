/**
 * Least privilege, checked against deno.json itself:
 *
 * - every task has a row in `_task_table.ts` (or is a developer task), so a new task cannot
 *   skip these checks;
 * - each task entry is `deno run <flags> tasks/<name>.ts` with no `-A`, no `--allow-ffi`,
 *   `--allow-sys` or other unlisted `--allow-*`; `--allow-run` only as `--allow-run=az` and only on
 *   a Graph-reading task (`--auth azure-cli`); `--allow-net` only to the Graph and sign-in hosts
 *   of the Microsoft clouds, the sign-in flows' other endpoints (IDENTITY_NET_HOSTS: IMDS, CI OIDC)
 *   and loopback (all of 127.0.0.1, localhost, [::1]), plus the Log Analytics API hosts (LA_NET_HOSTS)
 *   exactly for a row marked `logAnalytics`, `--allow-env` only to the variables lib/graph
 *   reads (plus a row's own extras); neither at all for a file-only task; unscoped
 *   `--allow-read`/`--allow-write` only where the row says why (user-chosen paths); a V8 heap cap
 *   where the row asks for one;
 * - `--help` and one real run per task (a good fixture, and the local Graph server) succeed
 *   through the task entry — a missing permission fails here — and write only where `--out`
 *   points: the out folder holds just the report, HOME/TMPDIR stay empty, and the project
 *   tree gains no file.
 */
import assert from "node:assert/strict";
import { AUTH_ENV_NAMES } from "../lib/graph/auth_config.ts";
import { GRAPH_CLOUDS, IDENTITY_NET_HOSTS } from "../lib/graph/cloud.ts";
import { LA_NET_HOSTS } from "../lib/log_analytics/endpoint.ts";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import {
  DEVELOPER_TASKS,
  listTree,
  PROJECT_ROOT,
  readDenoTasks,
  runTaskGuarded,
  TASK_TABLE,
  type TaskRow,
  tasksUnderTest,
} from "./_task_table.ts";

/**
 * Hosts a Graph-reading task may reach: each cloud's Graph and sign-in host, the sign-in flows'
 * other endpoints (IMDS, CI OIDC), and loopback (all three spellings; see SECURITY.md for why).
 */
const GRAPH_NET = new Set<string>([
  ...Object.values(GRAPH_CLOUDS).flatMap((c) => [new URL(c.graph).host, new URL(c.login).host]),
  ...IDENTITY_NET_HOSTS,
  "127.0.0.1",
  "localhost",
  "[::1]",
]);
const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];
/** The only program a Graph-reading task may run: the Azure CLI, for `--auth azure-cli`. */
const GRAPH_RUN = ["az"];
/**
 * Variables every task may read: `INIT_CWD`, which `deno task` sets to the folder the user ran it
 * from (the harness changes back to it so relative `--from`/`--out` paths mean what the user meant).
 */
const COMMON_ENV = ["INIT_CWD"];
/** `deno run -q`: hides Deno's own notes on stderr, such as that `az` is not on PATH for `--allow-run=az`. */
const QUIET_FLAGS = new Set(["-q", "--quiet"]);
/** Flags a task entry may use at all. */
const KNOWN_FLAGS = new Set(["--allow-net", "--allow-env", "--allow-read", "--allow-write", "--allow-run"]);
/** Top-level folders other writers own (caches, benchmark and demo output). */
const SKIP_TREE = [".git", "node_modules", ".deno", ".tools", "demo-reports", "bench-out"];

/** A task entry's flags, split into name and value (`undefined` = unscoped). */
interface ParsedEntry {
  script: string | undefined;
  flags: Map<string, string[] | undefined>;
  problems: string[];
}

/** Parses `deno run FLAGS SCRIPT` (no shell features) into its permission flags. */
function parseTaskEntry(command: string): ParsedEntry {
  const problems: string[] = [];
  const words = command.trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "run") {
    problems.push(`expected "deno run …", got ${JSON.stringify(command)}`);
  }
  if (/[;&|`$<>]/.test(command)) problems.push("the entry uses shell operators");
  const flags = new Map<string, string[] | undefined>();
  let script: string | undefined;
  for (const w of words.slice(2)) {
    if (script !== undefined) break; // arguments after the script belong to the task
    if (!w.startsWith("-")) {
      script = w;
      continue;
    }
    const eq = w.indexOf("=");
    const name = eq < 0 ? w : w.slice(0, eq);
    if (QUIET_FLAGS.has(name)) continue; // silences Deno's own notes (e.g. "Failed to resolve 'az'")
    if (name === "-A" || name === "--allow-all") problems.push(`${name} grants everything`);
    else if (name.startsWith("--allow-") || name.startsWith("-") && !name.startsWith("--")) {
      if (!KNOWN_FLAGS.has(name)) problems.push(`${w} is not needed by any task`);
    }
    if (name.startsWith("--allow-")) {
      flags.set(name, eq < 0 ? undefined : w.slice(eq + 1).split(",").filter(Boolean));
    }
  }
  return { script, flags, problems };
}

Deno.test("parseTaskEntry() splits scoped and unscoped flags and flags -A", () => {
  const p = parseTaskEntry("deno run --allow-net=127.0.0.1,localhost --allow-read tasks/x.ts --y");
  assert.equal(p.script, "tasks/x.ts");
  assert.deepEqual(p.flags.get("--allow-net"), ["127.0.0.1", "localhost"]);
  assert.ok(p.flags.has("--allow-read") && p.flags.get("--allow-read") === undefined);
  assert.deepEqual(p.problems, []);
  assert.equal(parseTaskEntry("deno run -A tasks/x.ts").problems.length, 1);
  assert.equal(parseTaskEntry("deno run --allow-run tasks/x.ts").problems.length, 0); // scope checked per row
  assert.equal(parseTaskEntry("deno run --allow-hrtime tasks/x.ts").problems.length, 1);
  assert.equal(parseTaskEntry("deno run --allow-sys --allow-ffi tasks/x.ts").problems.length, 2);
});

/** Why a row's entry is wider than it should be; empty when it is the narrowest allowed. */
function entryProblems(row: TaskRow, command: string): string[] {
  const { script, flags, problems } = parseTaskEntry(command);
  const expected = `tasks/${row.name.replaceAll("-", "_")}.ts`;
  if (script !== expected) problems.push(`runs ${script}, expected ${expected}`);
  const net = flags.get("--allow-net");
  const env = flags.get("--allow-env");
  const run = flags.get("--allow-run");
  if (flags.has("--allow-run")) {
    if (row.reach === "none") problems.push("--allow-run on a task that reads only files");
    else if (run === undefined) problems.push("--allow-run is unscoped");
    else for (const r of run) if (!GRAPH_RUN.includes(r)) problems.push(`--allow-run grants ${r}`);
  }
  if (row.heapCap === true && !/--v8-flags=\S*--max-old-space-size=\d+/.test(command)) {
    problems.push("no heap cap (--v8-flags=--max-old-space-size=…)");
  }
  if (row.reach === "none") {
    if (flags.has("--allow-net")) problems.push("--allow-net on a task that reads only files");
    if (flags.has("--allow-env") && env === undefined) problems.push("--allow-env is unscoped");
    for (const v of env ?? []) if (!COMMON_ENV.includes(v)) problems.push(`--allow-env grants ${v}`);
  } else {
    if (!flags.has("--allow-net") || net === undefined) problems.push("--allow-net must list hosts");
    const la: readonly string[] = row.logAnalytics === true ? LA_NET_HOSTS : [];
    for (const h of net ?? []) {
      if (!GRAPH_NET.has(h) && !la.includes(h)) problems.push(`--allow-net grants ${h}`);
    }
    for (const h of la) if (net !== undefined && !net.includes(h)) problems.push(`--allow-net lacks ${h}`);
    for (const h of LOOPBACK) {
      if (net !== undefined && !net.includes(h)) problems.push(`--allow-net lacks ${h}`);
    }
    const allowedEnv = new Set<string>([...COMMON_ENV, ...AUTH_ENV_NAMES, ...(row.extraEnv ?? [])]);
    if (!flags.has("--allow-env") || env === undefined) problems.push("--allow-env must list variables");
    for (const v of env ?? []) if (!allowedEnv.has(v)) problems.push(`--allow-env grants ${v}`);
  }
  for (const f of ["--allow-read", "--allow-write"]) {
    if (flags.has(f) && flags.get(f) === undefined && row.unscopedIo === undefined) {
      problems.push(`${f} is unscoped without a reason in the task table`);
    }
  }
  return problems;
}

Deno.test("entryProblems() rejects wider entries than a row allows", () => {
  const files: TaskRow = { name: "x-y", reach: "none", inputs: [], out: () => [], outFormats: ["md"] };
  const graph: TaskRow = { ...files, reach: "graph", unscopedIo: "user paths" };
  const CASES: [TaskRow, string, number][] = [
    [files, "deno run --allow-read=testdata tasks/x_y.ts", 0],
    [files, "deno run --allow-read tasks/x_y.ts", 1],
    [files, "deno run --allow-net=127.0.0.1 --allow-read=a tasks/x_y.ts", 1],
    [files, "deno run --allow-read=a tasks/other.ts", 1],
    [files, "deno run --allow-env=INIT_CWD --allow-read=a tasks/x_y.ts", 0],
    [files, "deno run --allow-env=INIT_CWD,HOME --allow-read=a tasks/x_y.ts", 1],
    [files, "deno run --allow-env --allow-read=a tasks/x_y.ts", 1],
    [
      graph,
      "deno run --allow-net=graph.microsoft.com,127.0.0.1,localhost,[::1] --allow-env=GRAPH_ACCESS_TOKEN --allow-read tasks/x_y.ts",
      0,
    ],
    [
      graph,
      "deno run --allow-net=127.0.0.1,localhost,[::1],169.254.169.254 --allow-env=IDENTITY_ENDPOINT --allow-run=az tasks/x_y.ts",
      0,
    ],
    [
      graph,
      "deno run --allow-net=127.0.0.1,localhost,[::1] --allow-env=GRAPH_ACCESS_TOKEN --allow-run tasks/x_y.ts",
      1,
    ],
    [
      graph,
      "deno run --allow-net=127.0.0.1,localhost,[::1] --allow-env=HOME --allow-run=az,sh tasks/x_y.ts",
      2,
    ],
    [files, "deno run --allow-run=az --allow-read=a tasks/x_y.ts", 1],
    [{ ...files, heapCap: true }, "deno run --allow-read=a tasks/x_y.ts", 1],
    [
      { ...files, heapCap: true },
      "deno run --v8-flags=--max-old-space-size=512 --allow-read=a tasks/x_y.ts",
      0,
    ],
    [graph, "deno run --allow-net --allow-env=GRAPH_ACCESS_TOKEN tasks/x_y.ts", 1],
    [graph, "deno run --allow-net=evil.example,127.0.0.1,localhost,[::1] --allow-env=HOME tasks/x_y.ts", 2],
    [graph, "deno run --allow-net=127.0.0.1,localhost,[::1] --allow-env tasks/x_y.ts", 1],
    [graph, "deno run --allow-net=127.0.0.1,localhost --allow-env=HOME tasks/x_y.ts", 2],
  ];
  for (const [row, command, n] of CASES) assert.equal(entryProblems(row, command).length, n, command);
});

Deno.test("every deno.json task has a row in tests/_task_table.ts or is a developer task", async () => {
  const tasks = await readDenoTasks();
  const rows = new Set(TASK_TABLE.map((r) => r.name));
  const missing = Object.keys(tasks).filter((n) => !rows.has(n) && !(n in DEVELOPER_TASKS));
  assert.deepEqual(missing, [], "add a row for each to TASK_TABLE in tests/_task_table.ts");
});

Deno.test("each task entry grants only the permissions its task needs", async (t) => {
  const tasks = await readDenoTasks();
  for (const row of await tasksUnderTest()) {
    await t.step(row.name, () => {
      assert.deepEqual(entryProblems(row, tasks[row.name] as string), []);
    });
  }
});

const dataset = generateSampleTenant({
  seed: 3,
  users: 30,
  days: 1,
  signInsPerUserPerDay: 1,
  now: new Date("2024-05-06T00:00:00Z"),
});

/** Runs a task, then checks it wrote only `out` (and returns the run). */
async function runAndCheckWrites(row: TaskRow, args: (out: string) => string[], ext: string) {
  const outDir = await Deno.makeTempDir({ prefix: "perm-out-" });
  const home = await Deno.makeTempDir({ prefix: "perm-home-" });
  const before = new Set(await listTree(PROJECT_ROOT, SKIP_TREE));
  try {
    const out = `${outDir}/report.${ext}`;
    const run = await runTaskGuarded(row.name, args(out), { home, timeoutMs: 60_000 });
    const after = await listTree(PROJECT_ROOT, SKIP_TREE);
    const outFiles = await listTree(outDir);
    return {
      run,
      written: (await Deno.stat(out).catch(() => null))?.size ?? 0,
      outFiles,
      homeFiles: await listTree(home),
      newProjectFiles: after.filter((f) => !before.has(f)),
    };
  } finally {
    await Deno.remove(outDir, { recursive: true });
    await Deno.remove(home, { recursive: true });
  }
}

function assertRanCleanly(row: TaskRow, r: Awaited<ReturnType<typeof runAndCheckWrites>>, ext: string) {
  assert.ok((row.okCodes ?? [0]).includes(r.run.code), `exit ${r.run.code}: ${r.run.stderr.slice(0, 800)}`);
  assert.doesNotMatch(
    r.run.stderr,
    /Requires \w+ access|PermissionDenied|NotCapable/,
    "a permission is missing",
  );
  assert.ok(r.written > 0, "the report was written to --out");
  // the report, and files named after it (a checkpoint such as report.ndjson.state.json)
  assert.ok(r.outFiles.includes(`report.${ext}`), "the report is in the --out folder");
  for (const f of r.outFiles) assert.ok(f.startsWith(`report.${ext}`), `${f} written next to --out`);
  assert.deepEqual(r.homeFiles, [], "nothing is written to HOME or TMPDIR");
  assert.deepEqual(r.newProjectFiles, [], "nothing is written into the project");
}

Deno.test("each task runs through its own entry: --help, a fixture, the local Graph server", async (t) => {
  const server = await startGraphServer({ dataset });
  try {
    for (const row of await tasksUnderTest()) {
      await t.step(`${row.name} --help`, async () => {
        const r = await runTaskGuarded(row.name, ["--help"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^Usage: /m);
        assert.equal(r.stderr, "");
      });
      const ext = row.outFormats[0] as string;
      if (row.fixture !== undefined) {
        const fixture = row.fixture;
        await t.step(`${row.name} ${fixture.join(" ")}`, async () => {
          assertRanCleanly(
            row,
            await runAndCheckWrites(row, (out) => [...fixture, ...row.out(out)], ext),
            ext,
          );
        });
      }
      if (row.graph !== undefined) {
        const graph = row.graph;
        await t.step(`${row.name} against the local Graph server`, async () => {
          assertRanCleanly(
            row,
            await runAndCheckWrites(row, (out) => [...graph(server.url), ...row.out(out)], ext),
            ext,
          );
        });
      }
    }
  } finally {
    await server.close();
  }
});
