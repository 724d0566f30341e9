/**
 * `deno task serve-sample` as people use it: started in the background through its deno.json
 * entry (stdin closed), it prints the `--graph-url` and token; real tasks read the tenant
 * through them; SIGINT stops it cleanly. And a 100,000-user tenant starts (time and memory
 * printed).
 */
import assert from "node:assert/strict";
import { buildSampleDataset } from "../dev/graph_server/serve_sample.ts";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { PROJECT_ROOT, runDenoTask, taskEnv } from "./_run_task.ts";

const NOW = "2026-11-20T12:00:00Z";

/** A serve-sample run in the background, with what it printed up to "Stop with Ctrl-C.". */
interface Background {
  child: Deno.ChildProcess;
  url: string;
  token: string;
  printed: string;
  startMs: number;
  stderr: Promise<string>;
}

async function startInBackground(args: string[], timeoutMs: number): Promise<Background> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", `--config=${PROJECT_ROOT}deno.json`, "serve-sample", ...args],
    cwd: PROJECT_ROOT,
    env: taskEnv(),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let printed = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    while (!printed.includes("Stop with Ctrl-C.")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`serve-sample ended before listening:\n${printed}\n${await stderr}`);
      printed += value;
    }
  } finally {
    clearTimeout(timer);
  }
  const startMs = performance.now() - started;
  void (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
  const url = /^--graph-url (http:\/\/127\.0\.0\.1:\d+)$/m.exec(printed)?.[1];
  const token = /^GRAPH_ACCESS_TOKEN=(\S+)$/m.exec(printed)?.[1];
  assert.ok(url && token, printed);
  return { child, url, token, printed, startMs, stderr };
}

/** RSS (KiB) of `pid` and its descendants (deno task runs the task as a child), from `ps`. */
async function treeRssKiB(pid: number): Promise<number> {
  const out = await new Deno.Command("ps", { args: ["-e", "-o", "pid=,ppid=,rss="], stdout: "piped" })
    .output();
  const rows = new TextDecoder().decode(out.stdout).trim().split("\n").map((l) =>
    l.trim().split(/\s+/).map(Number)
  );
  let total = 0;
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop() as number;
    for (const [child, parent, rss] of rows) {
      if (child === p) total += rss as number;
      if (parent === p) todo.push(child as number);
    }
  }
  return total;
}

async function stop(bg: Background): Promise<{ code: number; stderr: string }> {
  bg.child.kill("SIGINT");
  const status = await bg.child.status;
  return { code: status.code, stderr: await bg.stderr };
}

Deno.test("serve-sample runs in the background until SIGINT; real tasks read its tenant with the printed URL and token", async () => {
  const args = ["--users", "60", "--days", "2", "--port", "0", "--seed", "4", "--now", NOW];
  const bg = await startInBackground(args, 60_000);
  let stopped = false;
  try {
    assert.match(
      bg.printed,
      /^Sample tenant contoso\.example: 60 users, sign-ins over 2 day\(s\) to 2026-11-20T12:00:00Z \(about 180 sign-in events a day, made page by page/m,
    );
    const expected = buildSampleDataset({ users: 60, days: 2, seed: 4, now: new Date(NOW) });
    const registered = expected.dataset.registrationDetails
      .filter((r) => r.isMfaRegistered === true)
      .map((r) => r.userPrincipalName as string);
    const env = { GRAPH_ACCESS_TOKEN: bg.token };
    const users = await runDenoTask("registered-users", ["--graph-url", bg.url, "--include-disabled"], {
      env,
    });
    assert.equal(users.code, 0, users.stderr);
    assert.deepEqual(users.stdout.split("\n").filter((l) => l !== "").sort(), registered.sort());

    const pum = await runDenoTask("per-user-mfa", [
      "--graph-url",
      bg.url,
      "--budget",
      "0",
      "--format",
      "json",
    ], {
      env,
    });
    assert.equal(pum.code, 0, pum.stderr);
    assert.equal(JSON.parse(pum.stdout).usersRead, 60);

    // sign-ins made page by page give the same report as the whole log held in memory
    const report = [
      "--budget",
      "0",
      "--now",
      NOW,
      "--days",
      "2",
      "--event-types",
      "interactive,noninteractive,serviceprincipal,managedidentity",
      "--format",
      "json",
    ];
    const lazy = await runDenoTask("signins-report", ["--graph-url", bg.url, ...report], { env });
    assert.equal(lazy.code, 0, lazy.stderr);
    const whole = await startGraphServer({
      dataset: generateSampleTenant({ users: 60, days: 2, seed: 4, now: new Date(NOW) }),
    });
    try {
      const held = await runDenoTask("signins-report", ["--graph-url", whole.url, ...report], { env });
      assert.equal(held.code, 0, held.stderr);
      const a = JSON.parse(lazy.stdout), b = JSON.parse(held.stdout);
      assert.ok(a.totals.rows > 300, `${a.totals.rows} rows`);
      assert.deepEqual(a.totals, b.totals);
      assert.deepEqual(a.mfa, b.mfa);
    } finally {
      await whole.close();
    }

    // the token it printed is the one it wants
    const wrong = await runDenoTask("registered-users", ["--graph-url", bg.url], {
      env: { GRAPH_ACCESS_TOKEN: "not-the-token" },
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /access token is invalid or expired/);

    const end = await stop(bg);
    stopped = true;
    assert.equal(end.code, 0, end.stderr);
    assert.match(end.stderr, /Stopped \(SIGINT\) after \d+ requests/);
  } finally {
    if (!stopped) await stop(bg).catch(() => {});
  }
});

Deno.test("serve-sample serves 100,000 users (start time and memory printed)", async () => {
  const bg = await startInBackground(["--users", "100000", "--port", "0", "--now", NOW], 240_000);
  let stopped = false;
  try {
    const rssKiB = await treeRssKiB(bg.child.pid);
    assert.match(
      bg.printed,
      /100,000 users, sign-ins over 30 day\(s\) to 2026-11-20T12:00:00Z \(about 300,000 sign-in/,
    );
    const t0 = performance.now();
    const r = await runDenoTask("registered-users", [
      "--graph-url",
      bg.url,
      "--include-disabled",
      "--budget",
      "0",
      "--format",
      "json",
    ], { env: { GRAPH_ACCESS_TOKEN: bg.token } });
    const readMs = performance.now() - t0;
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.ok(doc.users.length > 50_000 && doc.users.length < 100_000, `${doc.users.length} registered`);
    console.log(
      `serve-sample --users 100000: listening after ${(bg.startMs / 1000).toFixed(1)} s, RSS ${
        Math.round(rssKiB / 1024)
      } MiB (deno task + server); registered-users read all 100,000 in ${(readMs / 1000).toFixed(1)} s`,
    );
    // an hour twenty days back: the whole window is served, not only its newest part
    const t1 = performance.now();
    const hour = await runDenoTask("signins-report", [
      "--graph-url",
      bg.url,
      "--budget",
      "0",
      "--now",
      NOW,
      "--since",
      "2026-10-31T10:00:00Z",
      "--until",
      "2026-10-31T11:00:00Z",
      "--format",
      "json",
    ], { env: { GRAPH_ACCESS_TOKEN: bg.token } });
    const hourMs = performance.now() - t1;
    assert.equal(hour.code, 0, hour.stderr);
    const rows = JSON.parse(hour.stdout).totals.rows;
    assert.ok(rows > 5_000, `${rows} rows in that hour`);
    console.log(`  signins-report of one hour 20 days back: ${rows} rows in ${(hourMs / 1000).toFixed(1)} s`);
    assert.ok(bg.startMs < 120_000, `started after ${bg.startMs} ms`);
    assert.ok(rssKiB > 100 * 1024 && rssKiB < 2 * 1024 * 1024, `RSS ${rssKiB} KiB`);
    const end = await stop(bg);
    stopped = true;
    assert.equal(end.code, 0, end.stderr);
  } finally {
    if (!stopped) await stop(bg).catch(() => {});
  }
});
