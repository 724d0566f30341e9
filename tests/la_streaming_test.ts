/**
 * The local Log Analytics endpoint's streaming evaluation: every query the toolkit sends gives the
 * same result over tables generated hour by hour on each pass, with no `let` result kept (every
 * one streamed again at each use), as over the materialised tables with every `let` kept; the
 * report through the task entry is the same; and the state a query holds is what its operators
 * need (summarize groups, join keys, sorted rows, kept lets), not the rows it reads.
 */
import assert from "node:assert/strict";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import {
  KqlLimitError,
  laRows,
  laTables,
  lazyLaTables,
  newKqlRunStats,
  runKql,
  startLaServer,
} from "../dev/la_server/mod.ts";
import { COUNTED_PART_SENT, groupedSignInsQuery } from "../lib/log_analytics/kql.ts";
import { runDenoTask } from "./_run_task.ts";

const WS = "00000000-0000-4000-8000-000000000017";
const NOW = "2026-11-20T12:00:00Z";
const SAMPLE = { users: 40, days: 4, now: new Date(NOW) };

async function report(url: string, extra: string[]): Promise<Record<string, unknown>> {
  const run = await runDenoTask("signins-report", [
    "--source",
    "log-analytics",
    "--workspace",
    WS,
    "--la-url",
    url,
    "--days",
    "4",
    "--now",
    NOW,
    "--format",
    "json",
    "--event-types",
    "interactive,noninteractive,serviceprincipal,managedidentity",
    ...extra,
  ]);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

Deno.test("shares and parts of a window: let results kept across queries give the same report, reading fewer rows", async () => {
  const whole = laTables(laRows(generateSampleTenant(SAMPLE).signIns));
  // a small row limit cuts the counting into user shares and the rows to merge into parts of the
  // slice: each query repeats the slice's copies over every share
  const held = await startLaServer({ tables: whole, maxRows: 300 });
  const cached = await startLaServer({ tables: lazyLaTables(SAMPLE), maxRows: 300, cacheLetRows: 50_000 });
  try {
    const { sources: sa, ...a } = await report(held.url, []);
    const { sources: sb, ...b } = await report(cached.url, []);
    assert.deepEqual(b, a);
    assert.ok((sa as { splits: number }[])[0]!.splits > 1, "several shares or parts");
    assert.ok(held.stats.queries.some((q) => /\| where hash\(CorrelationId, \d+\) == 1\n/.test(q)), "shares");
    assert.deepEqual(cached.stats.queries, held.stats.queries);
    assert.ok(cached.stats.runs.some((r) => r.cachedLets > 0), "lets taken from the cache");
    const read = (s: typeof held) => s.stats.runs.reduce((n, r) => n + r.sourceRows, 0);
    assert.ok(read(cached) < read(held), `${read(cached)} < ${read(held)} table rows read`);
    void sb;
  } finally {
    await held.close();
    await cached.close();
  }
});

Deno.test("every query the toolkit sends: streamed from generated tables with no let kept = materialised", async () => {
  const whole = laTables(laRows(generateSampleTenant(SAMPLE).signIns));
  const held = await startLaServer({ tables: whole });
  const streamed = await startLaServer({ tables: lazyLaTables(SAMPLE), maxHeldRows: 0 });
  try {
    for (const extra of [[], ["--user", "adele.vance@contoso.example"], ["--app", "Microsoft Teams"]]) {
      const { sources: sa, ...a } = await report(held.url, extra);
      const { sources: sb, ...b } = await report(streamed.url, extra);
      assert.deepEqual(b, a, `the same report (${extra.join(" ")})`);
      // the sources differ only in the endpoint's address
      assert.deepEqual(
        JSON.parse(JSON.stringify(sb).replaceAll(streamed.url, "URL")),
        JSON.parse(JSON.stringify(sa).replaceAll(held.url, "URL")),
      );
    }
    assert.deepEqual(streamed.stats.queries, held.stats.queries);
    assert.ok(held.stats.queries.length >= 6);
    assert.ok(held.stats.runs.every((r) => r.heldRows > 0), "the materialised runs kept their lets");
    assert.ok(streamed.stats.runs.every((r) => r.heldRows === 0 && r.streamedLets > 0), "nothing kept");
    // and query by query, without HTTP, over the whole window (no timespan)
    const lazy = lazyLaTables(SAMPLE);
    for (const q of held.stats.queries) {
      const stats = newKqlRunStats();
      const b = runKql(q, lazy, { maxHeldRows: 0, stats });
      const a = runKql(q, whole);
      assert.deepEqual(b, a, q);
      assert.ok(a.rows.length > 0);
      // a query's first where narrows the generated hours: each pass reads a part of the tables
      const all = Object.values(whole).reduce((n, t) => n + t.rows.length, 0);
      assert.ok(stats.sourceRows > 0 && stats.streamedLets > 0);
      assert.ok(stats.maxGroups < all, "groups, not rows");
    }
  } finally {
    await held.close();
    await streamed.close();
  }
});

Deno.test("a share's hash pushed down into the generated tables: the same rows as over the materialised tables, fewer made whole", () => {
  const whole = laTables(laRows(generateSampleTenant(SAMPLE).signIns));
  const lazy = lazyLaTables(SAMPLE);
  const types = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"] as const;
  const slice = { from: new Date(Date.parse(NOW) - 3 * 86_400_000), to: new Date(NOW) };
  const users = (rows: Record<string, unknown>[]) =>
    rows.filter((r) => r.Part === COUNTED_PART_SENT.user).reduce((n, r) => n + Number(r.SignIns), 0);
  // the same generated tables, the prefilter not handed on
  const unpushed = Object.fromEntries(
    Object.entries(lazyLaTables(SAMPLE)).map(([name, t]) => [name, {
      ...t,
      scan: (c: string, min: number, max: number, cols?: ReadonlySet<string>) => t.scan!(c, min, max, cols),
    }]),
  );
  const all = runKql(groupedSignInsQuery([...types], slice), whole);
  let sum = 0;
  for (let k = 0; k < 4; k++) {
    const q = groupedSignInsQuery([...types], slice, "parts", {}, slice, { k, n: 4 });
    const pushed = newKqlRunStats(), plain = newKqlRunStats();
    const b = runKql(q, lazy, { stats: pushed });
    const a = runKql(q, whole);
    assert.deepEqual(b, a, `share ${k} of 4`);
    assert.deepEqual(runKql(q, unpushed, { stats: plain }), a);
    sum += users(a.rows);
    // the rows of other shares are read for the few columns the share's hash reads only
    assert.ok(pushed.readRows < plain.readRows / 2, `${pushed.readRows} < ${plain.readRows} / 2`);
  }
  assert.ok(sum > 0);
  assert.equal(sum, users(all.rows), "the shares add up to the slice's sign-ins");
});

Deno.test("whole hours kept (keptRows): the same results for every query, shares included, each hour made once", () => {
  const whole = laTables(laRows(generateSampleTenant(SAMPLE).signIns));
  const types = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"] as const;
  const slice = { from: new Date(Date.parse(NOW) - 3 * 86_400_000), to: new Date(NOW) };
  const queries = [
    groupedSignInsQuery([...types], slice),
    ...[0, 1, 2, 3].map((k) => groupedSignInsQuery([...types], slice, "parts", {}, slice, { k, n: 4 })),
  ];
  const madeKept = { hours: 0, ms: 0 }, madeNot = { hours: 0, ms: 0 };
  const kept = lazyLaTables(SAMPLE, undefined, undefined, 1_000_000, madeKept);
  const notKept = lazyLaTables(SAMPLE, undefined, undefined, 0, madeNot);
  for (const q of queries) {
    const a = runKql(q, whole);
    assert.ok(a.rows.length > 0);
    assert.deepEqual(runKql(q, kept), a, q);
    assert.deepEqual(runKql(q, notKept), a, q);
  }
  // 4 days of hours, each made once (the slice and its hour of slack each side are inside them)
  assert.ok(madeKept.hours <= 4 * 24, `${madeKept.hours} hours made`);
  assert.ok(
    madeNot.hours > 4 * madeKept.hours,
    `${madeNot.hours} hours made without keeping, ${madeKept.hours} with`,
  );
});

const T = {
  columns: [{ name: "K", type: "string" as const }, { name: "N", type: "long" as const }],
  rows: {
    *[Symbol.iterator]() {
      for (let n = 0; n < 300_000; n++) yield { K: `k${n % 5}`, N: n };
    },
  },
};

Deno.test("the state a query holds is what its operators need, not the rows it reads", () => {
  const cases: {
    q: string;
    maxHeldRows?: number;
    rows: number;
    state: Partial<ReturnType<typeof newKqlRunStats>>;
  }[] = [
    {
      q: "T | where N >= 0 | extend M = N | summarize C = count(), F = min(M), L = max(M) by K",
      rows: 5,
      state: { sourceRows: 300_000, maxGroups: 5, maxJoinKeys: 0, maxSortRows: 0, heldRows: 0 },
    },
    {
      q: "T | join kind=leftanti (T | where K == 'k2' | summarize by K) on K | summarize count()",
      rows: 1,
      state: { sourceRows: 600_000, maxGroups: 1, maxJoinKeys: 1, maxSortRows: 0, heldRows: 0 },
    },
    {
      q: "T | where K == 'k3' | sort by N asc | project N",
      rows: 60_000,
      state: { sourceRows: 300_000, maxGroups: 0, maxSortRows: 60_000, heldRows: 0 },
    },
    {
      // a let that fits is kept (read once), one that does not is streamed again at each use
      q: "let L = T | where K == 'k1'; union (L | summarize count()), (L | summarize count())",
      maxHeldRows: 60_000,
      rows: 2,
      state: { sourceRows: 300_000, heldRows: 60_000, streamedLets: 0 },
    },
    {
      q: "let L = T | where K == 'k1'; union (L | summarize count()), (L | summarize count())",
      maxHeldRows: 59_999,
      rows: 2,
      // the try to keep it stops at its 60,000th row (row 299,997), then two passes
      state: { sourceRows: 299_997 + 600_000, heldRows: 0, streamedLets: 1 },
    },
  ];
  for (const c of cases) {
    const stats = newKqlRunStats();
    const r = runKql(c.q, { T }, {
      stats,
      ...(c.maxHeldRows !== undefined ? { maxHeldRows: c.maxHeldRows } : {}),
    });
    assert.equal(r.rows.length, c.rows, c.q);
    for (const [k, v] of Object.entries(c.state)) {
      assert.equal(stats[k as keyof typeof stats], v, `${c.q}: ${k}`);
    }
  }
  assert.deepEqual(
    runKql("T | summarize C = count(), F = min(N), L = max(N) by K | where K == 'k4'", { T }).rows,
    [{ K: "k4", C: 60_000, F: 4, L: 299_999 }],
  );
});

Deno.test("a query over the read limit stops early: KqlLimitError, and a 504 over HTTP (the client halves)", async () => {
  const stats = newKqlRunStats();
  assert.throws(() => runKql("T | summarize count()", { T }, { stats, maxSourceRows: 1_000 }), KqlLimitError);
  assert.equal(stats.sourceRows, 1_001);
  const s = await startLaServer({ tables: { T }, maxReadRows: 1_000 });
  try {
    const post = (query: string) =>
      fetch(`${s.url}/v1/workspaces/w/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
    const res = await post("T | summarize count()");
    assert.equal(res.status, 504);
    assert.equal((await res.json()).error.code, "GatewayTimeout");
    const ok = await post("T | take 1");
    assert.equal(ok.status, 400, "an unsupported operator is still refused");
    await ok.body?.cancel();
  } finally {
    await s.close();
  }
});

Deno.test("the read limit counts a pass for the share of the table's columns it reads (a column store's cost)", () => {
  const wide = {
    columns: ["K", "A", "B", "C"].map((name) => ({ name, type: "string" as const })),
    rows: Array.from({ length: 3_000 }, (_, i) => ({ K: `k${i % 7}`, A: "a", B: "b", C: "c" })),
  };
  const cases = [
    // where + project of one column of four: a quarter of a row each
    { q: "T | where K != 'x' | project K", read: 750, rows: 3_000 },
    // the where and the project name two columns
    { q: "T | where A == 'a' | project K", read: 1_500, rows: 3_000 },
    // no project first: every column
    { q: "T | summarize count() by K", read: 3_000, rows: 7 },
    { q: "T | extend D = K | summarize count() by D", read: 3_000, rows: 7 },
  ];
  for (const c of cases) {
    const stats = newKqlRunStats();
    const r = runKql(c.q, { T: wide }, { stats });
    assert.equal(r.rows.length, c.rows, c.q);
    assert.equal(stats.sourceRows, 3_000, c.q);
    assert.equal(stats.readRows, c.read, c.q);
    // the same limit stops the passes over every column and lets the narrow ones through
    if (c.read > 1_000) {
      assert.throws(() => runKql(c.q, { T: wide }, { maxSourceRows: 1_000 }), KqlLimitError);
    } else assert.equal(runKql(c.q, { T: wide }, { maxSourceRows: 1_000 }).rows.length, c.rows);
  }
});

Deno.test("generated tables: a pass that reads a few columns gets rows of those columns, with the values of the whole rows", () => {
  const whole = laTables(laRows(generateSampleTenant(SAMPLE).signIns));
  const from = Date.parse("2026-11-17T12:00:00Z"), to = Date.parse("2026-11-20T12:00:00Z");
  const query = [
    "union",
    Object.keys(whole).map((t) =>
      `(${t} | where CreatedDateTime >= datetime(2026-11-17T12:00:00Z) and CreatedDateTime < datetime(2026-11-20T12:00:00Z) | project Id, CreatedDateTime)`
    ).join(", "),
  ].join(" ");
  const lazy = lazyLaTables(SAMPLE);
  const narrow = runKql(query, lazy);
  assert.deepEqual(narrow.rows, runKql(query, whole).rows);
  assert.ok(narrow.rows.length > 100, `${narrow.rows.length} rows`);
  // the narrow rows: the columns read and TimeGenerated (the timespan filter reads it), no other
  const scanned = [
    ...lazy.AADNonInteractiveUserSignInLogs!.scan!("CreatedDateTime", from, to, new Set(["Id"]))!,
  ];
  assert.ok(scanned.length > 0);
  for (const r of scanned) assert.deepEqual(Object.keys(r).sort(), ["Id", "TimeGenerated"]);
  const full = whole.AADNonInteractiveUserSignInLogs!.rows.filter((r) =>
    scanned.some((s) => s.Id === r.Id && s.TimeGenerated === r.TimeGenerated)
  );
  assert.equal(full.length, new Set(scanned.map((s) => `${s.Id} ${s.TimeGenerated}`)).size);
});

Deno.test("a query sure to pass the read limit is refused before it reads a row, as it would be after reading", () => {
  const types = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"] as const;
  const slice = { from: new Date(Date.parse(NOW) - 3 * 86_400_000), to: new Date(NOW) };
  const queries = [
    groupedSignInsQuery([...types], slice),
    groupedSignInsQuery([...types], slice, "parts", {}, slice, { k: 1, n: 4 }),
  ];
  const tables = lazyLaTables(SAMPLE, undefined, undefined, 1_000_000);
  // the same tables without `count`: every query runs until it passes the limit
  const blind = Object.fromEntries(
    Object.entries(tables).map(([name, { count: _, ...t }]) => [name, t]),
  ) as typeof tables;
  const fresh = lazyLaTables(SAMPLE);
  for (const q of queries) {
    const all = newKqlRunStats();
    runKql(q, tables, { stats: all });
    assert.ok(all.readRows > 100, q);
    for (const share of [0.2, 0.6, 0.95, 1.05]) {
      const limit = Math.floor(all.readRows * share);
      const early = newKqlRunStats(), late = newKqlRunStats(), none = newKqlRunStats();
      const refused = (t: typeof tables, stats: typeof early) => {
        try {
          runKql(q, t, { stats, maxSourceRows: limit });
          return false;
        } catch (e) {
          if (e instanceof KqlLimitError) return true;
          throw e;
        }
      };
      // the same answer with the floor as without it, on tables whose hours are made or not yet
      const r = refused(tables, early);
      assert.equal(r, refused(blind, late), `${q} at ${limit}`);
      assert.equal(refused(fresh, none), r, `${q} at ${limit}`);
      assert.equal(r, share < 1, `${q} at ${limit}`);
      // refused early: counted as its floor, which is no more than the whole run reads
      if (r) {
        assert.ok(
          early.readRows > limit && early.readRows <= all.readRows * (1 + 1e-9),
          `${early.readRows} ${early.sourceRows} ${all.readRows} ${all.sourceRows} ${limit}`,
        );
      }
    }
    // a limit far under the floor: refused before a row is read (only the floor counted)
    const stats = newKqlRunStats();
    assert.throws(() => runKql(q, tables, { stats, maxSourceRows: 10 }), KqlLimitError);
    assert.ok(tables.SigninLogs!.count!("CreatedDateTime", slice.from.getTime(), slice.to.getTime()) > 0);
  }
});
