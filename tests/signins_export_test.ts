/**
 * End-to-end tests of `signins-export`: the task runs as a subprocess with its exact
 * permissions against the local Graph server with latency and throttling turned on, scaled
 * down in time (a budget of 20 requests per 200 ms instead of 5 per 10 s). The export is
 * killed (SIGKILL) or interrupted (SIGINT) at seeded random points and resumed; faults are
 * injected; the token expires. Each time the finished file must hold exactly the dataset's
 * sign-ins of the window and event types, each once.
 */
import assert from "node:assert/strict";
import { taskEnv, taskRunArgs } from "./_run_task.ts";
import {
  type Fault,
  type FaultRequest,
  type GraphServer,
  startGraphServer,
} from "../dev/graph_server/mod.ts";
import type { GraphDataset, GraphObject } from "../dev/sample/mod.ts";
import { createPrng, generateSampleTenant } from "../dev/sample/mod.ts";
import { exportPaths, newExportState } from "../lib/export/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** `deno run` + the flags and script of the task's deno.json entry (the test signals that process). */
const TASK_RUN_ARGS = await taskRunArgs("signins-export");

// 3 days of a 60-user tenant: about 2,000 sign-ins of all four event types, a few of them
// delivered twice by "Graph", one with an event type Graph may add later.
const DATASET: GraphDataset = generateSampleTenant({ seed: 3, users: 60, days: 3, signInsPerUserPerDay: 10 });
const SINCE = "2026-11-17T12:00:00Z";
const UNTIL = "2026-11-20T12:00:00Z";
const DEFAULT_TYPES = ["interactiveUser", "nonInteractiveUser"];
const ALL_TYPES = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"];

/** The ids a correct export of the window and event types holds (worked out from the dataset, not the code). */
function expectedIds(types: readonly string[], since = SINCE, until = UNTIL): string[] {
  const from = Date.parse(since);
  const to = Date.parse(until);
  const ids = new Set<string>();
  for (const s of DATASET.signIns as GraphObject[]) {
    const t = Date.parse(s.createdDateTime as string);
    const listed = s.signInEventTypes as string[];
    if (t >= from && t < to && listed.some((x) => types.includes(x))) ids.add(s.id as string);
  }
  return [...ids].sort();
}

interface ServerSetup {
  token?: string;
  faults?: (r: FaultRequest) => Fault | undefined;
  pageSize?: number;
}

/** The local server with 20 ms latency and a 20-per-200-ms throttle (Retry-After 0.2 s). */
function startServer(setup: ServerSetup = {}): Promise<GraphServer> {
  return startGraphServer({
    dataset: DATASET,
    pageSize: setup.pageSize ?? 50,
    latencyMs: 20,
    throttle: { requests: 20, windowMs: 200, retryAfterSeconds: 0.2 },
    recordLimit: 5000,
    ...(setup.faults ? { faults: setup.faults } : {}),
  });
}

function exportArgs(server: GraphServer, out: string, extra: string[] = []): string[] {
  return [
    "--graph-url",
    server.url,
    "--out",
    out,
    "--budget",
    "20",
    "--budget-window-ms",
    "200",
    "--retry-delay-ms",
    "20",
    "--concurrency",
    "4",
    ...extra,
  ];
}

interface Run {
  code: number;
  stderr: string;
}

/** Spawns the task; `onChild` gets the process (to signal it). */
function spawnTask(
  args: string[],
  env: Record<string, string> = {},
): { child: Deno.ChildProcess; done: Promise<Run> } {
  const childEnv = taskEnv(env);
  const child = new Deno.Command(Deno.execPath(), {
    args: [...TASK_RUN_ARGS, ...args],
    cwd: ROOT,
    env: childEnv,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const done = child.output().then((o) => {
    assert.equal(new TextDecoder().decode(o.stdout), "", "nothing on stdout");
    return { code: o.signal === "SIGKILL" ? 137 : o.code, stderr: new TextDecoder().decode(o.stderr) };
  });
  return { child, done };
}

function runTask(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return spawnTask(args, env).done;
}

async function readIds(path: string): Promise<string[]> {
  let text: string;
  if (path.endsWith(".gz")) {
    const f = await Deno.open(path);
    text = await new Response(f.readable.pipeThrough(new DecompressionStream("gzip"))).text();
  } else {
    text = await Deno.readTextFile(path);
  }
  const lines = text.split("\n");
  assert.equal(lines.pop(), "", "the file ends with a newline");
  return lines.map((l) => JSON.parse(l).id as string);
}

async function assertExact(out: string, types: readonly string[]): Promise<void> {
  const ids = await readIds(out);
  const want = expectedIds(types);
  assert.equal(ids.length, new Set(ids).size, "no id twice");
  assert.deepEqual([...ids].sort(), want);
  const p = exportPaths(out);
  for (const leftover of [p.state, p.work, p.lock]) {
    await assert.rejects(Deno.lstat(leftover), Deno.errors.NotFound, `${leftover} removed`);
  }
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "emt-export-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const WINDOW = ["--since", SINCE, "--until", UNTIL];

Deno.test("signins-export writes every sign-in of the window once, with several requests in flight and no 429", async () => {
  await withDir(async (dir) => {
    const handled: number[] = [];
    const server = await startServer({ faults: () => (handled.push(performance.now()), undefined) });
    try {
      const out = `${dir}/signins.ndjson`;
      const r = await runTask(exportArgs(server, out, [...WINDOW, "--event-types", "all"]));
      assert.equal(r.code, 0, r.stderr);
      await assertExact(out, ALL_TYPES);
      // One summary line, naming the file and the figures.
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(
        lines[0] as string,
        /^signins-export complete: [\d,]+ sign-ins in .*signins\.ndjson \(.* duplicates skipped\); \d+\/\d+ slices; \d+ requests in /,
      );
      // Several cursors: at some moment 3 or more requests were at the server at once.
      const arrivals = server.stats.recorded.map((x) => x.at);
      let most = 0;
      for (const t of handled) {
        const inFlight = arrivals.filter((a) => a <= t).length - handled.filter((h) => h < t).length;
        most = Math.max(most, inFlight);
      }
      assert.ok(most >= 3, `at most ${most} requests in flight`);
      // The client kept inside the server's window (its own is 2% + 20 ms longer).
      assert.ok(server.stats.throttled <= 1, `${server.stats.throttled} × 429`);
    } finally {
      await server.close();
    }
  });
});

Deno.test("signins-export resumes after SIGKILL or Ctrl-C at random points with exactly the dataset's ids", async (t) => {
  const SEEDS = [1, 2, 3, 4, 5, 6];
  for (const seed of SEEDS) {
    await t.step(`seed ${seed}`, async () => {
      await withDir(async (dir) => {
        const rng = createPrng(seed, 0xe4);
        const gzip = seed % 3 === 0;
        const out = `${dir}/signins.ndjson${gzip ? ".gz" : ""}`;
        // The first kill lands mid-run (about 80 requests in all); a second one, after a random
        // delay, may land anywhere: mid-write, mid-checkpoint, while finishing, or after the end.
        const kills = [{ at: rng.int(2, 40), delayMs: rng.int(0, 20) }];
        if (rng.chance(0.5)) kills.push({ at: rng.int(2, 70), delayMs: rng.int(0, 40) });
        const signals = kills.map(() => (rng.chance(0.5) ? "SIGKILL" : "SIGINT") as Deno.Signal);
        let current: { child: Deno.ChildProcess; done: Promise<Run> } | undefined;
        let killAt = -1;
        let delayMs = 0;
        let signal: Deno.Signal = "SIGKILL";
        const server = await startServer({
          pageSize: 25,
          faults: (r) => {
            const target = current;
            if (r.n === killAt && target) {
              setTimeout(() => {
                try {
                  target.child.kill(signal);
                } catch { /* already gone */ }
              }, delayMs);
            }
            return undefined;
          },
        });
        try {
          let resume = false;
          let stopped = 0;
          for (let round = 0;; round++) {
            assert.ok(round < 6, "finished within 6 runs");
            const kill = kills[round];
            killAt = kill ? server.stats.requests + kill.at : -1;
            delayMs = kill?.delayMs ?? 0;
            signal = signals[round] ?? "SIGKILL";
            current = spawnTask(exportArgs(server, out, resume ? ["--resume"] : WINDOW));
            const r = await current.done;
            if (r.code === 0) break;
            stopped++;
            if (signal === "SIGINT") {
              assert.equal(r.code, 130, r.stderr);
              assert.match(
                r.stderr,
                /^Stopping: writing the pages already received and saving the checkpoint/m,
              );
              assert.match(
                r.stderr,
                /^signins-export interrupted: .* sign-ins so far \(state in .*\.state\.json\)/m,
              );
              assert.match(r.stderr, /Checkpoint saved in .*state\.json; rerun with --resume/);
            } else {
              assert.equal(r.code, 137, r.stderr);
            }
            resume = true;
          }
          assert.ok(stopped >= 1, "the export was stopped at least once");
          await assertExact(out, DEFAULT_TYPES);
        } finally {
          await server.close();
        }
      });
    });
  }
});

Deno.test("signins-export survives 503, 504, 429, connection resets and truncated bodies", async () => {
  await withDir(async (dir) => {
    const rng = createPrng(77);
    const kinds: Fault[] = [
      { kind: "serviceUnavailable", retryAfterSeconds: 0.05 },
      { kind: "serviceUnavailable", retryAfterSeconds: null },
      { kind: "gatewayTimeout", retryAfterSeconds: null },
      { kind: "throttled", retryAfterSeconds: 0.1 },
      { kind: "connectionReset" },
      { kind: "truncatedJson" },
    ];
    const injected = new Map<string, number>();
    const server = await startServer({
      faults: () => {
        if (!rng.chance(0.2)) return undefined;
        const f = kinds[rng.int(0, kinds.length - 1)] as Fault;
        injected.set(f.kind, (injected.get(f.kind) ?? 0) + 1);
        return f;
      },
    });
    try {
      const out = `${dir}/signins.ndjson`;
      const r = await runTask(exportArgs(server, out, [...WINDOW, "--event-types", "all"]));
      assert.equal(r.code, 0, r.stderr);
      await assertExact(out, ALL_TYPES);
      assert.ok(server.stats.faults >= 8, `${server.stats.faults} faults injected`);
      assert.ok(injected.size >= 4, `fault kinds: ${[...injected.keys()]}`);
    } finally {
      await server.close();
    }
  });
});

Deno.test("signins-export stops with the checkpoint saved when a fixed token expires, and resumes with a new one", async () => {
  await withDir(async (dir) => {
    const expireAfter = 30;
    const server = await startServer({
      faults: (r) => {
        const auth = r.headers.get("authorization");
        if (auth === "Bearer token-b") return undefined;
        if (auth === "Bearer token-a" && r.n <= expireAfter) return undefined;
        return { kind: "tokenExpired" };
      },
    });
    try {
      const out = `${dir}/signins.ndjson`;
      const first = await runTask(exportArgs(server, out, WINDOW), { GRAPH_ACCESS_TOKEN: "token-a" });
      assert.equal(first.code, 1, first.stderr);
      assert.match(
        first.stderr,
        /^error: .*the access token is invalid or expired.*; progress is saved in .*signins\.ndjson\.state\.json: put a new token in GRAPH_ACCESS_TOKEN and rerun with --resume$/m,
      );
      assert.match(first.stderr, /^signins-export stopped: /m);
      assert.ok(!first.stderr.includes("token-a"), "the token is not printed");
      const state = JSON.parse(await Deno.readTextFile(exportPaths(out).state));
      assert.ok(state.signIns > 0, "pages before the expiry were kept");
      const requestsBefore = server.stats.requests;
      const second = await runTask(exportArgs(server, out, ["--resume"]), { GRAPH_ACCESS_TOKEN: "token-b" });
      assert.equal(second.code, 0, second.stderr);
      await assertExact(out, DEFAULT_TYPES);
      // Finished pages were not fetched again: the two runs' successful pages add up to one export's.
      const ok = server.stats.recorded.filter((x) => x.status === 200).length;
      const fresh = await startServer();
      try {
        const again = await runTask(exportArgs(fresh, `${dir}/again.ndjson`, WINDOW), {
          GRAPH_ACCESS_TOKEN: "x",
        });
        assert.equal(again.code, 0, again.stderr);
        const once = fresh.stats.recorded.filter((x) => x.status === 200).length;
        // At most the pages in flight when the first run stopped (4 cursors) are read twice.
        assert.ok(
          ok <= once + 4,
          `${ok} pages over two runs, ${once} in one (${requestsBefore} requests in run 1)`,
        );
      } finally {
        await fresh.close();
      }
    } finally {
      await server.close();
    }
  });
});

Deno.test("signins-export refuses what it cannot do safely, with exit code 2", async (t) => {
  await withDir(async (dir) => {
    const server = await startServer();
    try {
      const out = `${dir}/s.ndjson`;
      const CASES: { name: string; args: string[]; setup?: () => Promise<void>; want: RegExp }[] = [
        { name: "no --out", args: ["--graph-url", server.url, "--days", "1"], want: /--out FILE/ },
        {
          name: "--resume without a checkpoint",
          args: exportArgs(server, out, ["--resume"]),
          want: /no checkpoint .*s\.ndjson\.state\.json/,
        },
        {
          name: "--since with --days",
          args: exportArgs(server, out, ["--since", SINCE, "--days", "2"]),
          want: /Cannot use --since with --days/,
        },
        {
          name: "unknown event type",
          args: exportArgs(server, out, ["--event-types", "batch"]),
          want: /"batch"/,
        },
        {
          name: "a checkpoint in the way",
          args: exportArgs(server, out, WINDOW),
          setup: () => Deno.writeTextFile(exportPaths(out).state, "{}"),
          want: /unfinished one; rerun with --resume/,
        },
        {
          name: "resuming with another window",
          args: exportArgs(server, out, ["--resume", "--since", "2026-11-18T00:00:00Z", "--until", UNTIL]),
          setup: async () => {
            const state = newExportState({
              graphRoot: server.url,
              window: { fromMs: Date.parse(SINCE), toMs: Date.parse(UNTIL) },
              eventTypes: ["interactiveUser"],
              gzip: false,
              slices: [{ eventType: "interactiveUser", fromMs: Date.parse(SINCE), toMs: Date.parse(UNTIL) }],
              now: new Date(),
            });
            await Deno.writeTextFile(exportPaths(out).state, JSON.stringify(state));
          },
          want: /with the window .* it was started with 2026-11-17T12:00:00Z – 2026-11-20T12:00:00Z/,
        },
      ];
      for (const c of CASES) {
        await t.step(c.name, async () => {
          await c.setup?.();
          const r = await runTask(c.args);
          assert.equal(r.code, 2, r.stderr);
          assert.match(r.stderr, c.want);
        });
      }
    } finally {
      await server.close();
    }
  });
});
