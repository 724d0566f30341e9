/**
 * Honest progress and endings (issue 16, point 4):
 * - on a terminal, a sign-in report reading a slow Graph shows a status line with rows, pages,
 *   rate and elapsed time at least every 2 s (a timer redraws it while pages are slow);
 * - in a pipe the status line never appears;
 * - every task that writes a file ends with one stderr line naming the file and what it holds,
 *   without --verbose, and says nothing of the kind when its data goes to stdout;
 * - the export shows its requests against the budget's sliding window, never above 100 %.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { ptyUnavailable, runDenoTaskOnPty, stripAnsi } from "./_run_on_pty.ts";
import { runDenoTask } from "./_run_task.ts";
import { TASK_TABLE } from "./_task_table.ts";

const NOW = "2024-05-06T00:00:00Z";
const dataset = generateSampleTenant({
  seed: 3,
  users: 40,
  days: 3,
  signInsPerUserPerDay: 4,
  now: new Date(NOW),
});

Deno.test("signins-report on a terminal redraws its status line (rows, pages, rate, elapsed) at least every 2 s", async () => {
  const why = await ptyUnavailable();
  if (why !== null) throw new Error(`Cannot run tasks on a pseudo-terminal: ${why}`);
  // slow pages: the run takes several seconds while rows arrive in small steps
  const server = await startGraphServer({ dataset, pageSize: 100, latencyMs: 900 });
  const dir = await Deno.makeTempDir();
  try {
    const r = await runDenoTaskOnPty("signins-report", [
      "--graph-url",
      server.url,
      "--budget",
      "0",
      "--now",
      NOW,
      "--days",
      "3",
      "--out",
      `${dir}/r.md`,
    ], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.output);
    const text = stripAnsi(r.output);
    const frames = [
      ...text.matchAll(
        /Reading sign-ins: ([\d,]+) rows · (\d+) pages? · (?:[\d,]+ rows\/s · )?(\d+)s elapsed/g,
      ),
    ];
    assert.ok(r.ms > 4000, `the run took only ${Math.round(r.ms)} ms`);
    const seconds = new Set(frames.map((f) => Number(f[3])));
    // one frame per elapsed second at least every 2 s of the run, the clock included
    assert.ok(
      seconds.size >= Math.floor(r.ms / 2000) - 1,
      `${seconds.size} distinct elapsed values over ${Math.round(r.ms)} ms: ${[...seconds].join(",")}`,
    );
    const rows = frames.map((f) => Number(f[1]!.replaceAll(",", "")));
    assert.ok(rows.some((n) => n > 0), "rows are counted");
    assert.deepEqual(rows, [...rows].sort((a, b) => a - b), "rows only grow");
    assert.match(text, /^wrote .*r\.md: [\d,]+ sign-ins, [\d,]+ users \(md\)\s*$/m);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("in a pipe there is no status line; the report on stdout gets no 'wrote' line", async () => {
  const server = await startGraphServer({ dataset });
  try {
    const r = await runDenoTask("signins-report", [
      "--graph-url",
      server.url,
      "--budget",
      "0",
      "--now",
      NOW,
      "--days",
      "3",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# /m);
    assert.ok(!r.stderr.includes("\r"), JSON.stringify(r.stderr));
    assert.doesNotMatch(r.stderr, /elapsed|^wrote /m);
  } finally {
    await server.close();
  }
});

/** The last line each task writing `path` ends with. */
function lastLine(task: string, path: string): RegExp {
  const p = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return task === "signins-export"
    ? new RegExp(`^signins-export complete: [\\d,]+ sign-ins in ${p} `)
    : new RegExp(`^wrote ${p}: \\S.*[a-z)]$`);
}

Deno.test("every task that writes a file ends with a line naming the file and what it holds", async (t) => {
  const server = await startGraphServer({ dataset });
  const dir = await Deno.makeTempDir();
  try {
    for (const row of TASK_TABLE) {
      const ext = row.outFormats[0] as string;
      const runs: [string, string[]][] = [];
      if (row.fixture !== undefined) runs.push(["fixture", row.fixture]);
      if (row.graph !== undefined) runs.push(["graph", row.graph(server.url)]);
      for (const [label, args] of runs) {
        await t.step(`${row.name} (${label})`, async () => {
          const out = `${dir}/${row.name}-${label}.${ext}`;
          const r = await runDenoTask(row.name, [...args, ...row.out(out)]);
          assert.ok((row.okCodes ?? [0]).includes(r.code), r.stderr);
          assert.equal(r.stdout, "", "the data went to the file");
          const last = r.stderr.trimEnd().split("\n").at(-1) ?? "";
          assert.match(last, lastLine(row.name, out), r.stderr);
          assert.doesNotMatch(r.stderr, /\r/);
        });
      }
    }
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("signins-export states its requests against the budget window, never above 100 %", async () => {
  const server = await startGraphServer({ dataset, pageSize: 50 });
  const dir = await Deno.makeTempDir();
  try {
    const r = await runDenoTask("signins-export", [
      "--graph-url",
      server.url,
      "--budget",
      "5",
      "--budget-window-ms",
      "300",
      "--since",
      "2024-05-03T00:00:00Z",
      "--until",
      NOW,
      "--out",
      `${dir}/s.ndjson`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const m = /= [\d.]+\/s, at most (\d+)\/5 requests in any ([\d.]+) s budget window \((\d+)%\); 0 × 429/
      .exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.equal(Number(m[1]), 5, "the burst at the start fills the window");
    assert.equal(Number(m[3]), 100);
    for (const pct of r.stderr.matchAll(/(\d+)%/g)) assert.ok(Number(pct[1]) <= 100, r.stderr);
    assert.ok(server.stats.requests > 10, `${server.stats.requests} requests`);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
