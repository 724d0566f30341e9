/**
 * Hostile files (issue #14, items 1, 10, 11, 12): tasks run through their own deno.json entries
 * against a tampered `--resume` checkpoint, planted symlinks and stray side files, outputs that
 * are folders, devices, inputs or private (0600) files, a checkpoint of another tenant, and two
 * runs on one export at once. Nothing may be sent off the Graph origin, no file outside the
 * output may change, and every refusal is one line.
 */
import assert from "node:assert/strict";
import {
  type Fault,
  type FaultRequest,
  type GraphServer,
  startGraphServer,
} from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { exportPaths, newExportState } from "../lib/export/mod.ts";
import { runTaskGuarded } from "./_task_table.ts";

const DATASET = generateSampleTenant({ seed: 5, users: 30, days: 3, signInsPerUserPerDay: 4 });
const SINCE = "2026-11-17T12:00:00Z";
const UNTIL = "2026-11-20T12:00:00Z";
const TOKEN = "hostile-files-token-0001";

function jwt(tid: string): string {
  const b64 = (o: unknown) =>
    btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
  return `${b64({ alg: "none", typ: "JWT" })}.${b64({ tid, aud: "https://graph.microsoft.com" })}.sig`;
}
const TENANT_A = "00000000-0000-4000-8000-00000000000a";
const TENANT_B = "00000000-0000-4000-8000-00000000000b";

function exportArgs(url: string, out: string, extra: string[] = []): string[] {
  return [
    ...["--graph-url", url, "--budget", "0", "--retry-delay-ms", "1", "--page-size", "50"],
    ...["--since", SINCE, "--until", UNTIL, "--out", out, ...extra],
  ];
}

function run(task: string, args: string[], token = TOKEN) {
  return runTaskGuarded(task, args, { env: { GRAPH_ACCESS_TOKEN: token }, timeoutMs: 60_000 });
}

function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("error: "));
}

async function withServers(
  fn: (s: { dir: string; server: GraphServer; other: GraphServer }) => Promise<void>,
  faults?: (r: FaultRequest) => Fault | undefined,
): Promise<void> {
  const server = await startGraphServer({ dataset: DATASET, ...(faults ? { faults } : {}) });
  const other = await startGraphServer({ dataset: DATASET });
  const dir = await Deno.makeTempDir({ prefix: "hostile-files-" });
  try {
    await fn({ dir, server, other });
  } finally {
    await server.close();
    await other.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** A checkpoint of a new export on `graphRoot` with one slice per day and event type. */
function checkpoint(graphRoot: string, edit: (s: ReturnType<typeof newExportState>) => void = () => {}) {
  const from = Date.parse(SINCE);
  const to = Date.parse(UNTIL);
  const day = 86_400_000;
  const slices = [];
  for (let t = from; t < to; t += day) {
    slices.push({ eventType: "interactiveUser" as const, fromMs: t, toMs: t + day });
  }
  const state = newExportState({
    graphRoot,
    top: 50,
    window: { fromMs: from, toMs: to },
    eventTypes: ["interactiveUser", "nonInteractiveUser"],
    gzip: false,
    slices,
    now: new Date(SINCE),
  });
  edit(state);
  return JSON.stringify(state);
}

Deno.test("item 1: a --resume checkpoint whose nextLink points to another port sends nothing there", async () => {
  await withServers(async ({ dir, server, other }) => {
    const out = `${dir}/s.ndjson`;
    await Deno.writeTextFile(
      exportPaths(out).state,
      checkpoint(server.url, (s) => {
        (s.slices[0] as { nextLink?: string }).nextLink = `${other.url}/beta/auditLogs/signIns?$skiptoken=x`;
      }),
    );
    const r = await run("signins-export", exportArgs(server.url, out, ["--resume"]));
    assert.equal(r.code, 1, r.stderr);
    assert.equal(errorLines(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, /slices\[0\]\.nextLink to be a URL on the Graph origin http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(other.stats.requests, 0, "the other port got nothing (no token, no rows taken)");
    assert.equal(server.stats.requests, 0);
    await assert.rejects(Deno.lstat(out), Deno.errors.NotFound);
  });
});

Deno.test("item 12: a checkpoint is bound to its tenant; a token of another tenant is refused", async () => {
  let failing = true;
  await withServers(async ({ dir, server }) => {
    const out = `${dir}/s.ndjson`;
    const first = await run("signins-export", exportArgs(server.url, out), jwt(TENANT_A));
    assert.equal(first.code, 1, first.stderr);
    const state = JSON.parse(await Deno.readTextFile(exportPaths(out).state));
    assert.equal(state.tenant, TENANT_A, "the tenant of the token is recorded");
    failing = false;
    const before = server.stats.requests;
    const other = await run("signins-export", exportArgs(server.url, out, ["--resume"]), jwt(TENANT_B));
    assert.equal(other.code, 2, other.stderr);
    assert.match(
      other.stderr,
      /holds sign-ins of tenant 0+-0000-4000-8000-0+a, but this run reads tenant 0+-0000-4000-8000-0+b/,
    );
    assert.equal(server.stats.requests, before, "refused before any request");
    const same = await run("signins-export", exportArgs(server.url, out, ["--resume"]), jwt(TENANT_A));
    assert.equal(same.code, 0, same.stderr);
  }, (r) => failing && r.n > 3 ? { kind: "accessDenied" } : undefined);
});

Deno.test("item 12: two runs on one export: the second fails at once, the first completes", async () => {
  const server = await startGraphServer({ dataset: DATASET, latencyMs: 150 });
  const dir = await Deno.makeTempDir({ prefix: "hostile-files-" });
  try {
    const out = `${dir}/s.ndjson`;
    const first = run("signins-export", exportArgs(server.url, out, ["--concurrency", "1"]));
    const lock = exportPaths(out).lock;
    for (let i = 0; i < 200; i++) {
      if (await Deno.lstat(exportPaths(out).state).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const t0 = performance.now();
    const second = await run("signins-export", exportArgs(server.url, out, ["--resume"]));
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, /another run \(pid \d+\) is writing it/);
    assert.ok(performance.now() - t0 < 15_000, "fails at once");
    const r = await first;
    assert.equal(r.code, 0, r.stderr);
    const ids = (await Deno.readTextFile(out)).trim().split("\n").map((l) => JSON.parse(l).id);
    assert.equal(ids.length, new Set(ids).size);
    await assert.rejects(Deno.lstat(lock), Deno.errors.NotFound, "the lock is gone");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("item 10: the export never writes through a symlink or over a stray side file", async (t) => {
  const CASES = [
    { name: "a symlink at OUT.partial", side: "work", link: true, resume: false },
    { name: "a stray OUT.partial without a checkpoint", side: "work", link: false, resume: false },
    { name: "a symlink at OUT.partial on --resume", side: "work", link: true, resume: true },
    { name: "a symlink at OUT.lock", side: "lock", link: true, resume: false },
  ] as const;
  for (const c of CASES) {
    await t.step(c.name, async () => {
      await withServers(async ({ dir, server }) => {
        const out = `${dir}/s.ndjson`;
        const victim = `${dir}/victim.txt`;
        await Deno.writeTextFile(victim, "precious\n");
        const p = exportPaths(out);
        if (c.link) await Deno.symlink(victim, p[c.side]);
        else await Deno.writeTextFile(p[c.side], "stray\n");
        if (c.resume) await Deno.writeTextFile(p.state, checkpoint(server.url));
        const r = await run("signins-export", exportArgs(server.url, out, c.resume ? ["--resume"] : []));
        assert.notEqual(r.code, 0, r.stderr);
        assert.equal(errorLines(r.stderr).length, 1, r.stderr);
        assert.equal(await Deno.readTextFile(victim), "precious\n");
        if (!c.link) assert.equal(await Deno.readTextFile(p[c.side]), "stray\n");
      });
    });
  }
  await t.step("a symlink at the old fixed temp names is left alone by a complete export", async () => {
    await withServers(async ({ dir, server }) => {
      const out = `${dir}/s.ndjson.gz`;
      const victim = `${dir}/victim.txt`;
      await Deno.writeTextFile(victim, "precious\n");
      for (const name of [`${out}.state.json.tmp`, `${out}.gz-tmp`]) await Deno.symlink(victim, name);
      const r = await run("signins-export", exportArgs(server.url, out));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await Deno.readTextFile(victim), "precious\n");
    });
  });
});

Deno.test("item 11: signins-export --out <folder> or a device fails at once, before any request", async () => {
  await withServers(async ({ dir, server }) => {
    for (const out of [dir, "/dev/null"]) {
      const r = await run("signins-export", exportArgs(server.url, out));
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /is a folder|not a regular file/);
    }
    assert.equal(server.stats.requests, 0);
  });
});

const MFA_FIXTURE = "testdata/mfa_server/all_codes.csv";

Deno.test("item 11: report outputs keep the replaced file's mode, refuse an input, write to /dev/null", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "hostile-files-" });
  try {
    await t.step("a 0600 report stays 0600 when replaced; a new one honours the umask", async () => {
      const out = `${dir}/private.md`;
      await Deno.writeTextFile(out, "old\n");
      await Deno.chmod(out, 0o600);
      const r = await run("mfa-server-report", ["--from", MFA_FIXTURE, "--out", out]);
      assert.equal(r.code, 0, r.stderr);
      assert.notEqual(await Deno.readTextFile(out), "old\n");
      assert.equal((await Deno.stat(out)).mode! & 0o777, 0o600);
      const fresh = `${dir}/fresh.md`;
      assert.equal((await run("mfa-server-report", ["--from", MFA_FIXTURE, "--out", fresh])).code, 0);
      assert.equal((await Deno.stat(fresh)).mode! & 0o777 & ~0o644, 0, "never wider than 0644");
    });
    await t.step(
      "--out equal to an input (another spelling, or a hard link) is refused; the input is intact",
      async () => {
        const input = `${dir}/in.csv`;
        await Deno.copyFile(MFA_FIXTURE, input);
        const before = await Deno.readTextFile(input);
        await Deno.link(input, `${dir}/hard.csv`);
        for (const out of [`${dir}/./in.csv`, `${dir}/hard.csv`]) {
          const r = await run("mfa-server-report", ["--from", input, "--out", out]);
          assert.equal(r.code, 1, r.stderr);
          assert.equal(errorLines(r.stderr).length, 1, r.stderr);
          assert.match(r.stderr, /it is also an input/);
          assert.equal(await Deno.readTextFile(input), before);
        }
      },
    );
    await t.step("--out /dev/null discards the report (exit 0)", async () => {
      const r = await run("mfa-server-report", [
        "--from",
        MFA_FIXTURE,
        "--out",
        "/dev/null",
        "--format",
        "md",
      ]);
      assert.equal(r.code, 0, r.stderr);
    });
    await t.step("--out <folder> names the folder", async () => {
      const r = await run("mfa-server-report", ["--from", MFA_FIXTURE, "--out", dir, "--format", "md"]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /is a folder/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
