/**
 * `signins-report --source log-analytics` against the local Log Analytics endpoint (real HTTP,
 * the real deno.json permissions) gives exactly the numbers of `signins-report --from` over the
 * same sign-ins exported as Log Analytics files; faults (429, partial result, time-out, a result
 * over the row limit) are retried, refused or sliced, never reported as complete.
 */
import assert from "node:assert/strict";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { withTokenRefreshes } from "../dev/sample/token_refreshes.ts";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { type LaFault, type LaRows, laRows, laTables, startLaServer } from "../dev/la_server/mod.ts";
import { LA_SIGNIN_TABLES } from "../lib/log_analytics/mod.ts";
import { runDenoTask } from "./_run_task.ts";

const WS = "00000000-0000-4000-8000-000000000017";
const NOW = "2026-11-20T12:00:00Z";

let cached: LaRows | undefined;
function sampleRows(): LaRows {
  cached ??= laRows(generateSampleTenant({ users: 40, days: 4, now: new Date(NOW) }).signIns);
  return cached;
}

async function writeFiles(dir: string, rows: LaRows): Promise<string[]> {
  const files: string[] = [];
  for (const t of LA_SIGNIN_TABLES) {
    const f = `${dir}/${t}.json`;
    await Deno.writeTextFile(f, JSON.stringify(rows[t]));
    files.push(f);
  }
  return files;
}

type Totals = Record<"signIns" | "duplicatesDropped" | "rowsMerged" | "filteredOut" | "rows", number>;
type Report = Record<string, unknown> & { sources: Record<string, unknown>[]; totals: Totals };

async function report(args: string[]): Promise<{ r: Report; stderr: string }> {
  const run = await runDenoTask("signins-report", [...args, "--format", "json", "--now", NOW]);
  assert.equal(run.code, 0, run.stderr);
  return { r: JSON.parse(run.stdout), stderr: run.stderr };
}

function withoutSources(r: Report, drop: string[] = []): unknown {
  const { sources: _s, ...rest } = r;
  const totals: Record<string, number> = { ...rest.totals };
  for (const k of drop) delete totals[k];
  return { ...rest, totals };
}

async function withServer<T>(
  opts: { maxRows?: number; maxRowsOf?: (query: string) => number; faults?: LaFault[] },
  fn: (url: string, stats: { requests: number; rows: number; queries: string[] }) => Promise<T>,
): Promise<T> {
  const server = await startLaServer({ tables: laTables(sampleRows()), ...opts });
  try {
    return await fn(server.url, server.stats);
  } finally {
    await server.close();
  }
}

const LA = (url: string) => ["--source", "log-analytics", "--workspace", WS, "--la-url", url];

Deno.test("log-analytics source gives exactly the numbers of the same rows read as files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeFiles(dir, sampleRows());
    const window = ["--since", "2026-11-15T00:00:00Z", "--until", NOW];
    const fromFiles = await report(["--from", ...files, ...window]);
    await withServer({}, async (url, stats) => {
      const fromLa = await report([...LA(url), ...window]);
      assert.ok(fromFiles.r.totals.signIns > 100, "the sample has sign-ins");
      assert.ok(fromFiles.r.totals.duplicatesDropped > 0 || fromFiles.r.totals.rowsMerged > 0);
      assert.deepEqual(withoutSources(fromLa.r), withoutSources(fromFiles.r));
      assert.equal(stats.requests, 2, "two queries for the one 30-day slice of the 5.5-day window");
      const src = fromLa.r.sources[0] as { kind: string; groupedSignIns: number; rows: number };
      assert.equal(src.kind, "log-analytics");
      assert.ok(src.groupedSignIns > 0);
      assert.equal(src.rows, stats.rows);
      // fewer bytes than the rows as files (the rows back include the dictionary's, one per
      // distinct long value: on a sample this small they can outnumber the sign-in rows)
      const src2 = fromLa.r.sources[0] as { bytes: number };
      let fileBytes = 0;
      for (const f of files) fileBytes += (await Deno.stat(f)).size;
      assert.ok(
        src2.bytes * 2 < fileBytes,
        `${src2.bytes} bytes back for ${fileBytes} bytes of sign-in rows`,
      );
    });
    // a window that cuts the data: only rows read and rows left out differ (the workspace filters)
    const cut = ["--since", "2026-11-18T06:00:00Z", "--until", "2026-11-19T18:00:00Z"];
    const cutFiles = await report(["--from", ...files, ...cut]);
    await withServer({}, async (url) => {
      const cutLa = await report([...LA(url), ...cut]);
      assert.ok(cutFiles.r.totals.filteredOut > 0);
      assert.equal(cutLa.r.totals.filteredOut, 0);
      assert.equal(cutLa.r.totals.rows, cutFiles.r.totals.rows - cutFiles.r.totals.filteredOut);
      assert.deepEqual(
        withoutSources(cutLa.r, ["rows", "filteredOut"]),
        withoutSources(cutFiles.r, ["rows", "filteredOut"]),
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** More tenants and windows: other seeds, a window over two 30-day slices, windows cutting a day. */
const MORE_CASES: {
  seed: number;
  users: number;
  days: number;
  window: string[];
  cuts: boolean;
  /** Token refreshes per user per day added (the benchmark's realistic profile). */
  refreshes?: number;
}[] = [
  { seed: 2, users: 30, days: 6, window: ["--days", "5"], cuts: true },
  { seed: 3, users: 30, days: 40, window: ["--since", "2026-10-12T00:00:00Z", "--until", NOW], cuts: true },
  {
    seed: 4,
    users: 35,
    days: 3,
    window: ["--since", "2026-11-18T07:30:00Z", "--until", "2026-11-20T09:15:00Z"],
    cuts: true,
  },
  { seed: 5, users: 30, days: 2, window: ["--since", "2026-11-18T00:00:00Z", "--until", NOW], cuts: false },
  // many sign-ins alike (the same user, app and outcome): the counted groups and the dictionary
  // stand for most of them
  { seed: 7, users: 30, days: 3, window: ["--days", "2"], cuts: true, refreshes: 24 },
];

Deno.test("the workspace gives the numbers of the files for other seeds and windows", async () => {
  for (const c of MORE_CASES) {
    const generated =
      generateSampleTenant({ seed: c.seed, users: c.users, days: c.days, now: new Date(NOW) }).signIns;
    const rows = laRows(
      c.refreshes === undefined
        ? generated
        : withTokenRefreshes(generated, { perUserPerDay: c.refreshes, days: c.days, now: new Date(NOW) }),
    );
    const dir = await Deno.makeTempDir();
    const server = await startLaServer({ tables: laTables(rows) });
    try {
      const files = await writeFiles(dir, rows);
      const fromFiles = await report(["--from", ...files, ...c.window]);
      const fromLa = await report([...LA(server.url), ...c.window]);
      const what = `seed ${c.seed}, ${c.window.join(" ")}`;
      assert.ok(fromFiles.r.totals.signIns > 50, what);
      assert.ok(fromFiles.r.totals.duplicatesDropped > 0 || fromFiles.r.totals.rowsMerged > 0, what);
      assert.equal(fromFiles.r.totals.filteredOut > 0, c.cuts, what);
      assert.equal(fromLa.r.totals.rows, fromFiles.r.totals.rows - fromFiles.r.totals.filteredOut, what);
      assert.deepEqual(
        withoutSources(fromLa.r, ["rows", "filteredOut"]),
        withoutSources(fromFiles.r, ["rows", "filteredOut"]),
        what,
      );
      if (c.refreshes !== undefined) {
        // the rows that stand for sign-ins (counted groups, rows to merge; the dictionary's rows
        // carry values those rows repeat, sent once each)
        const src = fromLa.r.sources[0] as { rows: number; dictionaryRows: number };
        assert.ok(
          (src.rows - src.dictionaryRows) * 2 < fromLa.r.totals.rows,
          `${what}: ${src.rows - src.dictionaryRows} rows back for ${fromLa.r.totals.rows}`,
        );
      }
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  }
});

Deno.test("the workspace and Graph give the same report over the same tenant (a sign-in of an unknown event type is in neither)", async () => {
  const dataset = generateSampleTenant({ seed: 6, users: 30, days: 3, now: new Date(NOW) });
  const known = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"];
  const odd = dataset.signIns.filter((s) =>
    Array.isArray(s.signInEventTypes) && s.signInEventTypes.length > 0 &&
    !s.signInEventTypes.some((t) => known.includes(String(t)))
  );
  assert.ok(odd.length > 0, "the sample has a sign-in of an event type outside the four");
  const rows = laRows(dataset.signIns);
  assert.equal(
    Object.values(rows).reduce((n, t) => n + t.length, 0),
    dataset.signIns.length - odd.length,
    "the workspace holds every sign-in but those",
  );
  const graph = await startGraphServer({ dataset });
  const la = await startLaServer({ tables: laTables(rows) });
  try {
    const common = ["--days", "3", "--event-types", known.join(","), "--auth", "none"];
    const viaGraph = await report(["--graph-url", graph.url, "--budget", "0", ...common]);
    const viaLa = await report([...LA(la.url), ...common]);
    assert.equal(viaLa.r.totals.rows, graph.stats.items, "the same rows as Graph's four cursors return");
    // The app sign-in tables have no tenant, token issuer or risk columns (Graph's items do): those
    // sections differ by design; every other part of the report is the same.
    const same = (r: Report) => {
      const { crossTenant: _c, risk: _r, legacyMfaServer: _m, ...rest } = withoutSources(
        r,
      ) as Record<string, unknown>;
      return rest;
    };
    assert.deepEqual(same(viaLa.r), same(viaGraph.r));
  } finally {
    await graph.close();
    await la.close();
  }
});

Deno.test("--user and --app are pushed down and give the numbers of the files filtered alike", async () => {
  const rows = sampleRows();
  const interrupted = rows.SigninLogs.find((r) => r.ResultType === "50074" && r.UserPrincipalName !== null)!;
  const upn = String(interrupted.UserPrincipalName).toUpperCase();
  const app = String(interrupted.AppDisplayName).toLowerCase();
  const appId = String(rows.AADServicePrincipalSignInLogs[0]!.AppId);
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeFiles(dir, rows);
    const window = ["--since", "2026-11-16T00:00:00Z", "--until", NOW];
    for (const filter of [["--user", upn], ["--app", app], ["--user", upn, "--app", app], ["--app", appId]]) {
      const fromFiles = await report(["--from", ...files, ...window, ...filter]);
      await withServer({}, async (url, stats) => {
        const fromLa = await report([...LA(url), ...window, ...filter]);
        const what = filter.join(" ");
        assert.ok(fromFiles.r.totals.signIns > 0 && fromFiles.r.totals.filteredOut > 0, what);
        assert.equal(fromLa.r.totals.rows, fromFiles.r.totals.rows - fromFiles.r.totals.filteredOut, what);
        assert.deepEqual(
          withoutSources(fromLa.r, ["rows", "filteredOut"]),
          withoutSources(fromFiles.r, ["rows", "filteredOut"]),
          what,
        );
        assert.ok(stats.queries.every((q) => q.includes('=~ h"')), what);
      });
    }
    const one = await report(["--from", ...files, ...window, "--user", upn]);
    assert.ok(one.r.totals.rowsMerged > 0, "the user has an interrupt then completion");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a result over the row limit is sliced, not truncated", async () => {
  const window = ["--since", "2026-11-19T00:00:00Z", "--until", "2026-11-20T00:00:00Z"];
  const whole = await withServer({}, (url) => report([...LA(url), ...window]));
  await withServer({ maxRows: 50 }, async (url, stats) => {
    const sliced = await report([...LA(url), ...window]);
    assert.deepEqual(withoutSources(sliced.r), withoutSources(whole.r));
    const src = sliced.r.sources[0] as { splits: number };
    assert.ok(src.splits > 0, "split at least once");
    assert.ok(stats.requests > 1);
  });
});

Deno.test("rows to merge too many for one result are read in parts of the slice, the counting stays whole", async () => {
  const window = ["--since", "2026-11-17T00:00:00Z", "--until", "2026-11-20T00:00:00Z"];
  const whole = await withServer({}, (url) => report([...LA(url), ...window]));
  const isRows = (q: string) => q.includes("| sort by CreatedDateTime");
  await withServer({ maxRowsOf: (q) => isRows(q) ? 20 : 500_000 }, async (url, stats) => {
    const parted = await report([...LA(url), ...window]);
    assert.deepEqual(withoutSources(parted.r), withoutSources(whole.r));
    assert.equal(stats.queries.filter((q) => !isRows(q)).length, 1, "one counting query");
    assert.ok(stats.queries.filter(isRows).length > 3, "the rows in parts");
    assert.ok((parted.r.sources[0] as { splits: number }).splits > 0);
  });
});

Deno.test("a counting result too large is counted in user shares (then halves of a share's time), the rows to merge stay whole", async () => {
  const window = ["--since", "2026-11-17T00:00:00Z", "--until", "2026-11-20T00:00:00Z"];
  const whole = await withServer({}, (url) => report([...LA(url), ...window]));
  const isRows = (q: string) => q.includes("| sort by CreatedDateTime");
  const shareOf = (q: string) => /\| where hash\(CorrelationId, (\d+)\) == (\d+)\n/.exec(q);
  // a limit that four shares meet: the shares of the slice, no shorter slice
  for (const limit of [400, 40]) {
    await withServer({ maxRowsOf: (q) => isRows(q) ? 500_000 : limit }, async (url, stats) => {
      const shared = await report([...LA(url), ...window]);
      assert.deepEqual(withoutSources(shared.r), withoutSources(whole.r), `limit ${limit}`);
      assert.equal(stats.queries.filter(isRows).length, 1, "one query of rows to merge");
      const counting = stats.queries.filter((q) => !isRows(q));
      const shares = counting.map(shareOf).filter((m) => m !== null).map((m) => Number(m![1]));
      assert.ok(shares.length > 2 && shares.includes(4), `limit ${limit}: shares of ${shares.join(", ")}`);
      // at 40 rows a result, 64 shares are not enough: a share's time is halved
      const halved = counting.some((q) =>
        !q.includes("CreatedDateTime >= datetime(2026-11-17T00:00:00.000Z) and")
      );
      assert.equal(halved, limit === 40, `limit ${limit}`);
      assert.equal(Math.max(...shares), limit === 40 ? 64 : Math.max(...shares));
    });
  }
});

Deno.test("429 with Retry-After is waited out and retried", async () => {
  const window = ["--since", "2026-11-19T00:00:00Z", "--until", "2026-11-20T00:00:00Z"];
  await withServer({ faults: [{ kind: "throttle", retryAfter: "1" }] }, async (url, stats) => {
    const t0 = Date.now();
    const r = await report([...LA(url), ...window]);
    assert.ok(Date.now() - t0 >= 1000);
    assert.equal(stats.requests, 3, "two queries, one of them sent twice");
    assert.match(r.stderr, /asked to wait 1 s/);
    assert.ok(r.r.totals.signIns > 0);
  });
});

Deno.test("a partial result, a time-out or endless throttling fails the run (exit 1, one line)", async () => {
  const window = ["--since", "2026-11-19T00:00:00Z", "--until", "2026-11-20T00:00:00Z", "--format", "json"];
  const cases: [LaFault[], RegExp][] = [
    [[{ kind: "partial" }], /partial result \(PartialError, EngineError/],
    [
      [{ kind: "throttle", retryAfter: "0" }, ...Array(3).fill({ kind: "throttle", retryAfter: "0" })],
      /HTTP 429/,
    ],
    [Array(24).fill({ kind: "timeout" }), /did not finish the query in time \(HTTP 504/],
    [[{ kind: "throttle", retryAfter: "86400" }], /Retry-After/],
  ];
  for (const [faults, message] of cases) {
    await withServer({ faults }, async (url) => {
      const run = await runDenoTask("signins-report", [...LA(url), ...window, "--now", NOW]);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, message);
    });
  }
});

Deno.test("--show-query prints the KQL of every slice without querying", async () => {
  const run = await runDenoTask("signins-report", [
    "--source",
    "log-analytics",
    "--workspace",
    WS,
    "--days",
    "90",
    "--now",
    NOW,
    "--show-query",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.match(/^\/\/ slice /gm)?.length, 2 * 3, "two queries per 30-day slice of 90 days");
  assert.match(run.stdout, /^let Rows = union\n\(SigninLogs\n/m);
  const relative = await runDenoTask("signins-report", [
    "--source",
    "log-analytics",
    "--workspace",
    WS,
    "--since",
    "90d",
    "--now",
    NOW,
    "--show-query",
  ]);
  assert.equal(relative.stdout, run.stdout, "--since 90d is --days 90");
});

Deno.test("usage errors for --source log-analytics", async () => {
  for (
    const [args, message] of [
      [["--source", "log-analytics"], /without --workspace/],
      [["--source", "log-analytics", "--workspace", "not-a-guid"], /expected a workspace id/],
      [["--workspace", WS], /without --source log-analytics/],
      [["--source", "log-analytics", "--workspace", WS, "--la-url", "https://evil.example"], /--la-url/],
      [["--source", "log-analytics", "--workspace", WS, "--days", "731"], /--days/],
      [["--source", "log-analytics", "--workspace", WS, "--since", "731d"], /--days/],
      [
        [
          "--source",
          "log-analytics",
          "--workspace",
          WS,
          "--user",
          "a@contoso.example",
          "--event-types",
          "serviceprincipal",
        ],
        /name no user/,
      ],
      [
        ["--source", "log-analytics", "--workspace", WS, "--app", "Office\n| take 1"],
        /--app .*control character/,
      ],
      [["--source", "log-analytics", "--workspace", WS, "--user", " "], /--user/],
      [["--since", "31d"], /--days/],
    ] as [string[], RegExp][]
  ) {
    const run = await runDenoTask("signins-report", args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
});

Deno.test("compliance-report --signins-workspace gives the verdicts of --signins-from on the same rows", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeFiles(dir, sampleRows());
    const policy = `${dir}/policy.jsonc`;
    await Deno.writeTextFile(
      policy,
      JSON.stringify({
        rules: [
          { id: "legacy", check: "legacyAuthSucceeded", threshold: 5 },
          { id: "fraud", check: "mfaDeniedFraud", threshold: 0 },
        ],
      }),
    );
    const common = ["--policy", policy, "--since", "2026-11-15T00:00:00Z", "--until", NOW, "--now", NOW];
    const run = async (args: string[], json: string) => {
      const r = await runDenoTask("compliance-report", [...common, ...args, "--json", json]);
      assert.ok([0, 3].includes(r.code), r.stderr);
      return { code: r.code, doc: JSON.parse(await Deno.readTextFile(json)) };
    };
    // no --event-types: the defaults agree (every type in files, all four tables in the workspace)
    const fromFiles = await run(["--signins-from", ...files], `${dir}/f.json`);
    await withServer({}, async (url, stats) => {
      const fromLa = await run(
        ["--signins-workspace", WS, "--la-url", url, "--auth", "none"],
        `${dir}/l.json`,
      );
      assert.equal(fromLa.code, fromFiles.code);
      assert.ok(stats.requests >= 2);
      assert.deepEqual(fromLa.doc.rules, fromFiles.doc.rules);
      assert.ok(Array.isArray(fromLa.doc.rules) && fromLa.doc.rules.length === 2);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
