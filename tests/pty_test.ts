/**
 * No task entry ever stops at a permission prompt on a terminal.
 *
 * On a pseudo-terminal (any interactive shell) Deno asks before an access the entry does not
 * grant, and a prompt nobody answers hangs the run (answering `n` throws `NotCapable`). Off a
 * terminal the same code paths are silent or never run (colour detection, progress lines), so
 * the other tests cannot see them. Here every product task of deno.json runs through its own
 * entry on a pseudo-terminal with TERM/COLORTERM set and the input closed: `--help`, a usage
 * error, an unreadable input, a real run on a fixture and against the local Graph server, the
 * demo, and Ctrl-C (once and twice) during a long `signins-export`. Any `Deno requests … access`,
 * `NotCapable` or `Requires … access` text fails the run.
 *
 * The task list comes from deno.json, so a new entry cannot be left out: it needs a row in
 * tests/_task_table.ts (or a case here), or it is one of {@linkcode NOT_PRODUCT}.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import {
  PERMISSION_TEXT,
  type PtyRun,
  ptyUnavailable,
  runDenoTaskOnPty,
  startDenoTaskOnPty,
  stripAnsi,
} from "./_run_on_pty.ts";
import { PROJECT_ROOT, readDenoTasks, TASK_TABLE, type TaskRow } from "./_task_table.ts";

/** deno.json tasks that are not run by admins (they run the test suite or benchmarks). */
const NOT_PRODUCT: Readonly<Record<string, string>> = {
  test: "runs the test suite (which runs this test)",
  ci: "runs fmt, lint, check and the test suite",
  bench: "runs benchmarks in subprocesses; a developer tool",
  schemas: "regenerates schemas/*.schema.json; a developer tool",
  "build-wasm": "recompiles lib/io/wasm/json_scan_wasm.ts from its AssemblyScript source; a developer tool",
};

/** The demo's own run: a small sample tenant into a folder of its own under demo-reports/. */
const DEMO_DIR = "demo-reports/pty-test";

/** One run of a task on the terminal and the exit codes it may end with. */
interface PtyCase {
  label: string;
  args: (tmp: string, graphUrl: string) => string[];
  codes: readonly number[];
  /** What the terminal must show besides no prompt. */
  shows?: RegExp;
  /** Raw bytes the terminal must get (escape codes of a terminal-only path). */
  raw?: string;
}

/** The runs of one product task: from its task-table row, or the demo's. */
function casesOf(name: string, row: TaskRow | undefined): PtyCase[] {
  if (name === "demo") {
    return [
      { label: "--help", args: () => ["--help"], codes: [0], shows: /^Usage: /m },
      {
        label: `--dir ${DEMO_DIR} --users 30`,
        args: () => ["--dir", DEMO_DIR, "--users", "30"],
        codes: [0],
        shows: /^Done: \d+ reports/m,
      },
    ];
  }
  if (name === "serve-sample") {
    // runs until Ctrl-C: its background run and SIGINT are tested in tests/serve_sample_test.ts
    return [
      { label: "--help", args: () => ["--help"], codes: [0], shows: /^Usage: /m },
      { label: "a bad --users", args: () => ["--users", "3"], codes: [2], shows: /error: .*--users/ },
    ];
  }
  if (row === undefined) return [];
  const ok = row.okCodes ?? [0];
  const ext = row.outFormats[0] as string;
  const out = (tmp: string) => row.out(`${tmp}/report.${ext}`);
  const cases: PtyCase[] = [
    { label: "--help", args: () => ["--help"], codes: [0], shows: /^Usage: /m },
    { label: "an unknown option", args: () => ["--no-such-option"], codes: [2], shows: /error: /i },
  ];
  const input = row.inputs[0];
  if (input !== undefined) {
    cases.push({
      label: "an input that does not exist",
      args: (tmp) => [...input.args(`${tmp}/missing.txt`), ...(input.noOut ? [] : out(tmp))],
      codes: [1],
      shows: /error:.*missing\.txt/,
    });
  }
  const fixture = row.fixture;
  if (fixture !== undefined) {
    cases.push({ label: fixture.join(" "), args: (tmp) => [...fixture, ...out(tmp)], codes: ok });
  }
  const graph = row.graph;
  if (graph !== undefined) {
    cases.push({
      label: "against the local Graph server",
      args: (tmp, url) => [...graph(url), ...out(tmp)],
      codes: ok,
    });
  }
  return cases;
}

/**
 * Runs beyond a task's table row that take terminal-only paths: the per-user fallback draws a
 * progress bar on a terminal (and notes elsewhere).
 */
const TERMINAL_PATHS: Readonly<Record<string, readonly PtyCase[]>> = {
  "per-user-mfa": [{
    label: "--out (progress bar, then the line naming the file)",
    args: (tmp, url) => ["--graph-url", url, "--budget", "0", "--out", `${tmp}/per-user-mfa.csv`],
    codes: [0],
    shows: /Reading per-user MFA \[#+\.*\] \d+\/\d+ users[\s\S]*^wrote .*per-user-mfa\.csv: \d+ user\(s\)/m,
    raw: "\r\x1b[2K",
  }],
  "registration-report": [{
    label: "--source per-user-methods (progress bar)",
    args: (tmp, url) => [
      "--graph-url",
      url,
      "--budget",
      "0",
      "--source",
      "per-user-methods",
      "--out",
      `${tmp}/per-user.md`,
    ],
    codes: [0],
    shows: /Reading methods \[#+\.*\] \d+\/\d+ users/,
    raw: "\r\x1b[2K", // the status line rewrites itself
  }],
};

/** Asserts a run ended as expected and nothing asked for or refused a permission. */
function assertNoPrompt(r: PtyRun, codes: readonly number[], shows?: RegExp): void {
  const text = stripAnsi(r.output);
  assert.ok(!r.prompted, `a permission prompt or error on the terminal:\n${text.slice(0, 1500)}`);
  assert.doesNotMatch(text, PERMISSION_TEXT);
  assert.ok(!r.timedOut, `no exit after ${Math.round(r.ms)} ms:\n${text.slice(0, 1500)}`);
  assert.ok(
    codes.includes(r.code),
    `exit ${r.code}, expected ${codes.join(" or ")}:\n${text.slice(0, 1500)}`,
  );
  if (shows !== undefined) assert.match(text, shows);
}

async function ptyOrFail(): Promise<void> {
  const why = await ptyUnavailable();
  if (why !== null) throw new Error(`Cannot run tasks on a pseudo-terminal: ${why}`);
}

const dataset = generateSampleTenant({
  seed: 3,
  users: 30,
  days: 1,
  signInsPerUserPerDay: 1,
  now: new Date("2024-05-06T00:00:00Z"),
});

Deno.test("every deno.json task is a product task run on a terminal here, or named as not one", async () => {
  const tasks = Object.keys(await readDenoTasks());
  const rows = new Set(TASK_TABLE.map((r) => r.name));
  const uncovered = tasks.filter((n) =>
    !(n in NOT_PRODUCT) && n !== "demo" && n !== "serve-sample" && !rows.has(n)
  );
  assert.deepEqual(uncovered, [], "add a row to tests/_task_table.ts (or a case to tests/pty_test.ts)");
  for (const n of Object.keys(NOT_PRODUCT)) {
    assert.ok(tasks.includes(n), `NOT_PRODUCT names ${n}, not in deno.json`);
  }
});

Deno.test("no task entry asks for a permission on a terminal", async (t) => {
  await ptyOrFail();
  const names = Object.keys(await readDenoTasks()).filter((n) => !(n in NOT_PRODUCT));
  const server = await startGraphServer({ dataset });
  const tmp = await Deno.makeTempDir({ prefix: "pty-" });
  try {
    for (const name of names) {
      const row = TASK_TABLE.find((r) => r.name === name);
      const cases = [...casesOf(name, row), ...(TERMINAL_PATHS[name] ?? [])];
      assert.ok(cases.length > 0, `no terminal run for task ${name}`);
      for (const c of cases) {
        await t.step(`${name} ${c.label}`, async () => {
          const r = await runDenoTaskOnPty(name, c.args(tmp, server.url), { timeoutMs: 90_000 });
          assertNoPrompt(r, c.codes, c.shows);
          if (c.raw !== undefined) {
            assert.ok(r.output.includes(c.raw), JSON.stringify(r.output.slice(0, 800)));
          }
        });
      }
    }
  } finally {
    await server.close();
    await Deno.remove(tmp, { recursive: true });
    await Deno.remove(`${PROJECT_ROOT}${DEMO_DIR}`, { recursive: true }).catch(() => {});
  }
});

Deno.test("on a terminal, messages are coloured unless NO_COLOR (as Deno reads it at start-up)", async (t) => {
  await ptyOrFail();
  const tmp = await Deno.makeTempDir({ prefix: "pty-colour-" });
  // the fixture has unknown call results, so the run prints warnings
  const args = ["--from", "testdata/mfa_server/all_codes.csv", "--out", `${tmp}/r.md`];
  const CASES: { env: Record<string, string>; colour: boolean; why: string }[] = [
    { env: {}, colour: true, why: "a terminal" },
    { env: { NO_COLOR: "1" }, colour: false, why: "NO_COLOR" },
    { env: { NO_COLOR: "" }, colour: true, why: "an empty NO_COLOR does not count" },
    {
      env: { NO_COLOR: "1", FORCE_COLOR: "1" },
      colour: true,
      why: "for Deno a set FORCE_COLOR cancels NO_COLOR",
    },
  ];
  try {
    for (const c of CASES) {
      await t.step(`${JSON.stringify(c.env)}: ${c.why}`, async () => {
        const r = await runDenoTaskOnPty("mfa-server-report", args, { env: c.env, timeoutMs: 60_000 });
        assertNoPrompt(r, [0], /warning: /);
        assert.equal(r.output.includes("\x1b[33m\x1b[1mwarning:\x1b[22m\x1b[39m"), c.colour, r.output);
        if (!c.colour) assert.equal(r.output, stripAnsi(r.output), "no escape code at all");
      });
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

/**
 * The Ctrl-C runs: one keypress can reach the task twice within a millisecond, at random (see
 * lib/cli/interrupt.ts), so single keypresses run a few times, and one round types a second
 * Ctrl-C 20 ms after the first, which must count as the same one.
 */
const CTRL_C_ROUNDS: readonly { keys: readonly string[]; label: string }[] = [
  { keys: ["\x03"], label: "one Ctrl-C (1)" },
  { keys: ["\x03"], label: "one Ctrl-C (2)" },
  { keys: ["\x03"], label: "one Ctrl-C (3)" },
  { keys: ["\x03", "\x03"], label: "two Ctrl-C 20 ms apart count as one" },
];

Deno.test("Ctrl-C on a terminal during signins-export stops it gracefully (exit 130) without a prompt", async (t) => {
  await ptyOrFail();
  const big = generateSampleTenant({
    seed: 5,
    users: 60,
    days: 3,
    signInsPerUserPerDay: 4,
    now: new Date("2024-05-06T00:00:00Z"),
  });
  for (const round of CTRL_C_ROUNDS) {
    await t.step(round.label, async () => {
      const tmp = await Deno.makeTempDir({ prefix: "pty-sigint-" });
      let run: ReturnType<typeof startDenoTaskOnPty> | undefined;
      let typedAt = 0;
      // keys that reached the terminal; a later key can find it closed (the task has already
      // stopped: on a loaded machine the 20 ms wait can take much longer), which is no failure
      let keysTyped = 0;
      const typeErrors: string[] = [];
      // slow pages, and Ctrl-C typed on the terminal once the export has made 3 requests
      const server = await startGraphServer({
        dataset: big,
        pageSize: 10,
        latencyMs: 150,
        faults: (r) => {
          if (r.n >= 3 && typedAt === 0 && run !== undefined) {
            typedAt = r.n;
            const typing = run;
            void (async () => {
              for (const [i, key] of round.keys.entries()) {
                if (i > 0) await new Promise((ok) => setTimeout(ok, 20));
                try {
                  await typing.type(key);
                  keysTyped++;
                } catch (e) {
                  typeErrors.push(e instanceof Error ? e.message : String(e));
                  return;
                }
              }
            })();
          }
          return undefined;
        },
      });
      try {
        run = startDenoTaskOnPty("signins-export", [
          "--graph-url",
          server.url,
          "--budget",
          "0",
          "--since",
          "2024-05-03T00:00:00Z",
          "--until",
          "2024-05-06T00:00:00Z",
          "--out",
          `${tmp}/signins.ndjson`,
        ], { keyboard: true, timeoutMs: 60_000 });
        const r = await run.done;
        assert.ok(typedAt > 0, "Ctrl-C was typed while the export ran");
        assert.ok(keysTyped >= 1, `the first Ctrl-C reached the terminal (${typeErrors.join("; ")})`);
        assertNoPrompt(r, [130]);
        // the graceful stop, not "stopped at once" (the terminal echoes each Ctrl-C as ^C)
        const text = stripAnsi(r.output).replaceAll("^C", "");
        assert.match(text, /^Stopping: writing the pages already received and saving the checkpoint/m);
        assert.match(text, /^signins-export interrupted: .* sign-ins so far/m);
        assert.match(text, /Checkpoint saved in .*signins\.ndjson\.state\.json; rerun with --resume/);
        assert.doesNotMatch(text, /stopped at once/);
        const state = JSON.parse(await Deno.readTextFile(`${tmp}/signins.ndjson.state.json`));
        assert.equal(typeof state, "object", "the checkpoint is JSON");
      } finally {
        await server.close();
        await Deno.remove(tmp, { recursive: true });
      }
    });
  }
});
