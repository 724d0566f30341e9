/**
 * `deno task per-user-mfa` end to end over real HTTP against the local Graph server serving the
 * sample tenant (whose users have a spread of per-user MFA states): the default UPN list, the
 * state filter, JSON and CSV, the unknown bucket, the permission error, a failure part-way
 * (the message says how far it got), and the request budget pacing the per-user calls.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant, UNKNOWN_PER_USER_MFA_STATE } from "../dev/sample/mod.ts";
import { createGraphClient } from "../lib/graph/mod.ts";
import { readPerUserMfaStates } from "../lib/per_user_mfa/mod.ts";
import { runDenoTask } from "./_run_task.ts";

const dataset = generateSampleTenant({ seed: 7, users: 240, days: 1, signInsPerUserPerDay: 0 });
const TOKEN = "per-user-mfa-test-token";

/** UPNs of the dataset's users whose state is in `states`, sorted as the task sorts them. */
function expectedUpns(states: readonly string[]): string[] {
  return dataset.users
    .filter((u) => states.includes(String(dataset.perUserMfa?.[u.id as string]?.perUserMfaState)))
    .map((u) => u.userPrincipalName as string)
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
}

function stateCount(state: string): number {
  return Object.values(dataset.perUserMfa ?? {}).filter((o) => o.perUserMfaState === state).length;
}

Deno.test("the sample tenant has every per-user MFA state, and one Graph may add later", () => {
  for (const s of ["disabled", "enabled", "enforced", UNKNOWN_PER_USER_MFA_STATE]) {
    assert.ok(stateCount(s) > 0, `no user with ${s}`);
  }
});

Deno.test("per-user-mfa lists the users whose per-user MFA is enabled or enforced, one UPN per line", async () => {
  const server = await startGraphServer({ dataset, token: TOKEN });
  try {
    const r = await runDenoTask("per-user-mfa", ["--graph-url", server.url, "--budget", "0"], {
      env: { GRAPH_ACCESS_TOKEN: TOKEN },
    });
    assert.equal(r.code, 0, r.stderr);
    const want = expectedUpns(["enabled", "enforced"]);
    assert.ok(want.length >= 5, `only ${want.length} users to list`);
    assert.deepEqual(r.stdout.split("\n").filter((l) => l !== ""), want);
    assert.match(
      r.stderr,
      new RegExp(
        `Per-user MFA of 240 users: ${stateCount("enforced")} enforced, ${stateCount("enabled")} enabled, ` +
          `${stateCount("disabled")} disabled, 1 unknown`,
      ),
    );
    assert.match(r.stderr, /does not know \("requiredOnNextSignIn": 1\); list them with --state unknown/);
    // one /users page, then one requirements call per user
    const calls = server.stats.recorded.filter((q) => q.url.includes("/authentication/requirements"));
    assert.equal(calls.length, 240);
    assert.ok(calls.every((q) => q.url.includes("/beta/users/")));
  } finally {
    await server.close();
  }
});

Deno.test("per-user-mfa --state and --format: JSON counts every user, CSV rows, a last line naming the file", async () => {
  const server = await startGraphServer({ dataset, token: TOKEN });
  const dir = await Deno.makeTempDir();
  try {
    const json = await runDenoTask("per-user-mfa", [
      "--graph-url",
      server.url,
      "--budget",
      "0",
      "--state",
      "disabled,unknown",
      "--out",
      `${dir}/states.json`,
    ], { env: { GRAPH_ACCESS_TOKEN: TOKEN } });
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stdout, "", "nothing on stdout when writing a file");
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/states.json`));
    assert.deepEqual(doc.states, ["disabled", "unknown"]);
    assert.equal(doc.usersRead, 240);
    assert.deepEqual(doc.counts, {
      disabled: stateCount("disabled"),
      enabled: stateCount("enabled"),
      enforced: stateCount("enforced"),
      unknown: 1,
    });
    assert.equal(doc.users.length, stateCount("disabled") + 1);
    const odd = doc.users.find((u: { perUserMfaState: string }) => u.perUserMfaState === "unknown");
    assert.equal(odd.rawPerUserMfaState, UNKNOWN_PER_USER_MFA_STATE);
    const last = json.stderr.trimEnd().split("\n").at(-1);
    assert.equal(
      last,
      `wrote ${dir}/states.json: ${
        stateCount("disabled") + 1
      } user(s) with per-user MFA disabled or unknown, of 240 read`,
    );

    const csv = await runDenoTask("per-user-mfa", [
      "--graph-url",
      server.url,
      "--budget",
      "0",
      "--state",
      "enforced",
      "--format",
      "csv",
    ], { env: { GRAPH_ACCESS_TOKEN: TOKEN } });
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trimEnd().split("\r\n");
    assert.equal(
      lines[0],
      "userPrincipalName,displayName,userType,accountEnabled,perUserMfaState,rawPerUserMfaState,id",
    );
    assert.equal(lines.length - 1, stateCount("enforced"));
    assert.ok(lines.slice(1).every((l) => l.includes(",enforced,enforced,")), lines.join("\n"));
    assert.doesNotMatch(csv.stderr, /^wrote /m, "no file, no 'wrote' line");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("per-user-mfa refuses bad options with exit 2", async () => {
  const cases = [
    { args: ["--state", "on"], want: /--state "on": expected disabled, enabled, enforced, unknown/ },
    { args: ["--format", "md"], want: /--format "md"/ },
    { args: ["--bom"], want: /--bom/ },
    { args: ["--resume"], want: /--resume without --out/ },
  ];
  for (const c of cases) {
    const r = await runDenoTask("per-user-mfa", [...c.args, "--graph-url", "http://127.0.0.1:9"]);
    assert.equal(r.code, 2, `${c.args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, c.want);
  }
});

Deno.test("per-user-mfa without Policy.Read.All fails with one line naming the permission", async () => {
  const server = await startGraphServer({ dataset, token: TOKEN, caVisible: false });
  try {
    const r = await runDenoTask("per-user-mfa", ["--graph-url", server.url, "--budget", "0"], {
      env: { GRAPH_ACCESS_TOKEN: TOKEN },
    });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      /^error: Cannot read per-user MFA states .*Policy\.Read\.All.*stopped after reading 0 of 240/m,
    );
  } finally {
    await server.close();
  }
});

Deno.test("per-user-mfa failing part-way says how far it got; to stdout nothing is kept", async () => {
  let requirementCalls = 0;
  const server = await startGraphServer({
    dataset,
    token: TOKEN,
    faults: (q) => {
      if (!q.path.endsWith("/authentication/requirements")) return undefined;
      return ++requirementCalls > 50 ? { kind: "accessDenied" } : undefined;
    },
  });
  try {
    const r = await runDenoTask("per-user-mfa", ["--graph-url", server.url, "--budget", "0"], {
      env: { GRAPH_ACCESS_TOKEN: TOKEN },
    });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, "");
    const m = /stopped after reading (\d+) of 240 users' per-user MFA state \(nothing was written: rerun/
      .exec(r.stderr);
    assert.ok(m, r.stderr);
    const done = Number(m[1]);
    assert.ok(done >= 46 && done <= 50, `read ${done}`); // 4 calls in flight when the first fails
  } finally {
    await server.close();
  }
});

Deno.test("per-user-mfa --out failing part-way saves a checkpoint; --resume reads only the rest", async () => {
  let failing = true;
  let requirementCalls = 0;
  const server = await startGraphServer({
    dataset,
    token: TOKEN,
    faults: (q) => {
      if (!q.path.endsWith("/authentication/requirements")) return undefined;
      requirementCalls++;
      return failing && requirementCalls > 100 ? { kind: "accessDenied" } : undefined;
    },
  });
  const dir = await Deno.makeTempDir();
  const out = `${dir}/states.csv`;
  const args = ["--graph-url", server.url, "--budget", "0", "--state", "enforced,enabled", "--out", out];
  try {
    const first = await runDenoTask("per-user-mfa", args, { env: { GRAPH_ACCESS_TOKEN: TOKEN } });
    assert.equal(first.code, 1, first.stderr);
    const m =
      /stopped after reading (\d+) of 240 .* the (\d+) states read are saved in (.*\.state\.json): rerun the same command with --resume/
        .exec(first.stderr);
    assert.ok(m, first.stderr);
    assert.equal(m[3], `${out}.state.json`);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound, "no partial output");
    const saved = Number(m[2]);

    failing = false;
    const before = requirementCalls;
    const second = await runDenoTask("per-user-mfa", [...args, "--resume"], {
      env: { GRAPH_ACCESS_TOKEN: TOKEN },
    });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`Resuming: ${saved} users' states from`));
    assert.equal(requirementCalls - before, 240 - saved, "only the users the checkpoint lacks are asked");
    const upns = (await Deno.readTextFile(out)).trimEnd().split("\r\n").slice(1).map((l) => l.split(",")[0]);
    assert.deepEqual(upns, expectedUpns(["enabled", "enforced"]));
    await assert.rejects(Deno.stat(`${out}.state.json`), Deno.errors.NotFound, "the checkpoint is removed");

    // a checkpoint made against another Graph is refused
    await Deno.writeTextFile(
      `${out}.state.json`,
      JSON.stringify({
        kind: "entra-mfa-toolkit per-user-mfa checkpoint",
        schemaVersion: 1,
        graphRoot: "https://graph.microsoft.com",
        states: {},
      }),
    );
    const other = await runDenoTask("per-user-mfa", [...args, "--resume"], {
      env: { GRAPH_ACCESS_TOKEN: TOKEN },
    });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /^error: .*state\.json: the checkpoint was made against another Graph/m);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the per-user calls take slots of the request budget (no window holds more than it allows)", async () => {
  const small = generateSampleTenant({ seed: 2, users: 36, days: 1, signInsPerUserPerDay: 0 });
  const server = await startGraphServer({ dataset: small, token: TOKEN });
  try {
    const windowMs = 250;
    const client = await createGraphClient({
      auth: { kind: "token", token: TOKEN },
      graphUrl: server.url,
      budget: { requests: 4, windowMs },
    });
    const progress: number[] = [];
    const started = performance.now();
    const read = await readPerUserMfaStates(client, {
      note: () => {},
      warn: () => {},
      progress: (p) => progress.push(p.done),
    });
    const ms = performance.now() - started;
    assert.equal(read.rows.length, 36);
    assert.deepEqual(progress, Array.from({ length: 36 }, (_, i) => i + 1));
    assert.ok(client.budget !== undefined && client.budget.stats.granted >= 36);
    // 36 calls at 4 per 250 ms: the last group cannot start before 8 windows have passed
    assert.ok(ms >= 8 * windowMs, `took ${Math.round(ms)} ms`);
    const at = server.stats.recorded.filter((q) => q.url.includes("/requirements")).map((q) => q.at).sort((
      a,
      b,
    ) => a - b);
    for (let i = 4; i < at.length; i++) {
      // arrival jitter of a few ms aside, the 5th call after any call comes a window later
      assert.ok((at[i] as number) - (at[i - 4] as number) >= windowMs - 40, `calls ${i - 4}..${i} too close`);
    }
  } finally {
    await server.close();
  }
});
