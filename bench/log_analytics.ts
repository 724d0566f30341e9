/**
 * Log Analytics path vs Graph path: the same sample tenant (30 days of sign-ins, all four event
 * types) served by the local Graph server and the local Log Analytics endpoint (both in this
 * process), `signins-report` run through its task entry against each. Prints sign-ins, rows and
 * bytes transferred, requests and wall time per path, and the time the Graph path would take
 * under Graph's documented throttle (5 requests per 10 s per app and tenant, 1,000 per page).
 *
 * Bytes: the Log Analytics endpoint counts its response bodies; for Graph the sign-in items'
 * JSON is counted (page envelopes, a few hundred bytes per 1,000 items, left out).
 *
 * Profiles: `sample` (the sample tenant as generated: ~3 varied sign-ins per user per day) and
 * `refreshes[:N]` (the same plus N non-interactive token refreshes per user per day, default 24:
 * the same user, app and outcome many times a day, as real tenants' logs are dominated by;
 * dev/sample/token_refreshes.ts).
 *
 * `--only la` or `--only graph` runs one path (default both). With the `sample` profile both
 * servers generate the sign-ins hour by hour instead of holding them (Graph: `LazySignInLog`, page
 * by page; Log Analytics: `lazyLaTables`, on each pass of a query, memory holding a few hours of
 * rows and each query's bounded state), so the size is limited by time, not memory; the
 * `refreshes` profile holds the tenant in memory.
 *
 * Peak RSS is sampled every 250 ms: this process (which serves both paths) and the largest of the
 * task's processes (`deno task` and the `signins-report` it starts, read with `ps`).
 *
 * Run: `deno task bench log_analytics -- [users] [profile] [--only la|graph]`
 *
 * @module
 */
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { buildSampleDataset } from "../dev/graph_server/serve_sample.ts";
import { type KqlSource, laRows, laTables, lazyLaTables, startLaServer } from "../dev/la_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { LA_LIMITS as LA_SERVICE_LIMITS } from "../lib/log_analytics/client.ts";
import { withTokenRefreshes } from "../dev/sample/token_refreshes.ts";

const args = [...Deno.args];
const onlyAt = args.indexOf("--only");
const ONLY = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : "both";
if (ONLY !== "la" && ONLY !== "graph" && ONLY !== "both") {
  console.error(`error: Cannot run the benchmark: expected --only la|graph, got ${ONLY}`);
  Deno.exit(2);
}
const USERS = Number(args[0] ?? "1000");
const PROFILE = args[1] ?? "sample";
const refreshes = /^refreshes(?::(\d+))?$/.exec(PROFILE);
if (PROFILE !== "sample" && refreshes === null) {
  console.error(`error: Cannot run the benchmark: expected profile sample or refreshes[:N], got ${PROFILE}`);
  Deno.exit(2);
}
const NOW = "2026-11-20T12:00:00Z";
const WS = "00000000-0000-4000-8000-0000000000be";
const root = new URL("..", import.meta.url).pathname;
const common = [
  "--days",
  "30",
  "--now",
  NOW,
  "--format",
  "json",
  "--event-types",
  "interactive,noninteractive,serviceprincipal,managedidentity",
  "--auth",
  "none",
];

/**
 * Resident set size (bytes) of each of a process's descendants and itself (`ps`: Deno reads
 * another process's `/proc` entries only with every permission).
 */
async function treeRss(pid: number): Promise<number[]> {
  const r = await new Deno.Command("ps", { args: ["-e", "-o", "pid=,ppid=,rss="], stdout: "piped" }).output();
  const procs = new TextDecoder().decode(r.stdout).trim().split("\n").map((l) =>
    l.trim().split(/\s+/).map(Number)
  );
  const tree = new Set([pid]);
  for (let grown = true; grown;) {
    grown = false;
    for (const [p, pp] of procs) if (!tree.has(p!) && tree.has(pp!)) tree.add(p!), grown = true;
  }
  return procs.filter(([p]) => tree.has(p!)).map(([, , rss]) => rss! * 1024);
}

async function task(
  args: string[],
): Promise<
  {
    ms: number;
    peakRss: number;
    report: { totals: Record<string, number>; sources: Record<string, unknown>[] };
  }
> {
  const out = `${root}bench-out/la-bench-${crypto.randomUUID()}.json`;
  const t0 = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", `--config=${root}deno.json`, "signins-report", ...args, "--out", out],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  let peakRss = 0;
  const sampler = setInterval(async () => {
    // the largest process of the task (the report itself; `deno task` is small)
    peakRss = Math.max(peakRss, ...await treeRss(child.pid));
  }, 250);
  const r = await child.status;
  clearInterval(sampler);
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`signins-report exited ${r.code}`);
  const report = JSON.parse(await Deno.readTextFile(out));
  await Deno.remove(out);
  return { ms, peakRss, report };
}

await Deno.mkdir(`${root}bench-out`, { recursive: true });
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const sampleOptions = { seed: 1, users: USERS, days: 30, now: new Date(NOW) };
/**
 * The local Log Analytics endpoint's limits in this benchmark. A query may read 1,000,000 table
 * rows (every pass counted, a pass that reads some of a table's columns for their share: the
 * whole-window id pass reads 2 of ~34) before the endpoint answers as the service does when a
 * query runs out of time (504), so the client halves the slice: without it an oversized 30-day
 * query of a big tenant would be computed whole (tens of passes over millions of generated rows)
 * before the client refuses its result anyway. The limit stands in for the service's time-out
 * only for such queries: every query whose result fits the client's cap reads far less (the
 * benchmark prints the most an answered query read). Its `let` results are kept for reuse up to
 * 400,000 rows per query (a larger one is evaluated again at each use), and up to 2,000,000 rows
 * of them across queries (only lets that read at least 10 table rows per row they hold: the
 * copies of an id over the whole window, which every slice's two queries repeat, are computed
 * once; at 100,000 users they are tens of thousands of rows, and 200,000 let them be pushed out).
 */
const LA_LIMITS = { maxReadRows: 1_000_000, maxHeldRows: 400_000, cacheLetRows: 2_000_000 } as const;
/**
 * Rows of whole generated hours the endpoint keeps for its life (`lazyLaTables`' `keptRows`, as
 * columns: ~0.25 KB a row measured at 6,000 users, where rows as objects took ~1.1 KB of heap):
 * the whole window up to 100,000 users (9.46 M rows, ≈ 2.3 GB). Without it every pass of every
 * query made its hours again, and the shares of a slice (`hash(UserKey, n) == k`) each made the
 * whole slice.
 */
const KEPT_ROWS = 12_000_000;
/**
 * Rows of the hours last read that the endpoint keeps besides (`lazyLaTables`' `cachedRows`):
 * past the kept hours (at 100,000 users, two thirds of the window) a slice, its hour of slack
 * each side and its shares read the same hours again; 600,000 rows hold about two days of them
 * at 100,000 users (200,000, the default, held about 15 hours).
 */
const RECENT_ROWS = 600_000;
/**
 * The client's time-out per query against the local endpoint, seconds (`--request-timeout`, its
 * most): the real service runs a query up to 180 s (`Prefer: wait`) and the client waits 210 s,
 * but the local interpreter's speed depends on this machine's load, and a query the client gave up
 * on was split, so bytes and requests depended on the load. Here only the endpoint's read limit
 * (`maxReadRows`, counted in rows, not time) stops a query, the same on a quiet or a busy machine.
 */
const LA_TIMEOUT_S = 3600;
const lazy = refreshes === null;
const t0 = performance.now();
let dataset: ReturnType<typeof generateSampleTenant> | null = null;
if (!lazy) {
  dataset = generateSampleTenant(sampleOptions);
  if (refreshes !== null) {
    dataset.signIns = withTokenRefreshes(dataset.signIns, {
      perUserPerDay: Number(refreshes[1] ?? "24"),
      days: 30,
      now: new Date(NOW),
    });
  }
  console.log(
    `sample tenant (profile ${PROFILE}): ${fmt(USERS)} users, ${fmt(dataset.signIns.length)} sign-in rows ` +
      `(generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
} else {
  console.log(`sample tenant (profile ${PROFILE}): ${fmt(USERS)} users, sign-ins generated hour by hour`);
}

console.log(
  "| path | sign-in rows | rows sent | rows taken | bytes produced | bytes on the wire | bytes taken | requests | wall time | peak RSS, task | peak RSS, server process |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
let graphResult: { items: number; bytes: number; pages: number; signIns: number } | undefined;
if (ONLY !== "la") {
  // One path at a time, so the process holds one copy of the tenant's rows besides the dataset.
  const encoder = new TextEncoder();
  let itemBytes = 0;
  const served = lazy ? buildSampleDataset({ ...sampleOptions, seed: 1 }).dataset : dataset!;
  if (served.signInLog !== undefined) {
    // the sample's sign-ins made page by page: their bytes counted in a pass of their own
    const log = served.signInLog;
    for (let k = 0; k < log.buckets; k++) {
      for (const s of log.rows(k)) itemBytes += encoder.encode(JSON.stringify(s)).length;
    }
  } else for (const s of served.signIns) itemBytes += encoder.encode(JSON.stringify(s)).length;
  let serverRss = 0;
  const sampler = setInterval(() => serverRss = Math.max(serverRss, Deno.memoryUsage().rss), 250);
  const graph = await startGraphServer({ dataset: served });
  let g;
  try {
    g = await task(["--graph-url", graph.url, "--budget", "0", ...common]);
  } finally {
    await graph.close();
    clearInterval(sampler);
  }
  graphResult = {
    items: graph.stats.items,
    bytes: itemBytes,
    pages: graph.stats.requests,
    signIns: g.report.totals.signIns!,
  };
  console.log(
    `| Graph (local, no throttle) | ${fmt(g.report.totals.rows!)} | ${fmt(graph.stats.items)} | ${
      fmt(graph.stats.items)
    } | ≈ ${mb(itemBytes)} | ≈ ${mb(itemBytes)} | ≈ ${mb(itemBytes)} | ${fmt(graph.stats.requests)} | ${
      (g.ms / 1000).toFixed(1)
    } s | ${mb(g.peakRss)} | ${mb(serverRss)} |`,
  );
}
let laResult: { rows: number; bytes: number; signIns: number } | undefined;
if (ONLY !== "graph") {
  let serverRss = 0;
  const sampler = setInterval(() => serverRss = Math.max(serverRss, Deno.memoryUsage().rss), 250);
  // the hours asked of the sample's generator and its time (the rest of a query's is the interpreter's)
  const made = { hours: 0, ms: 0 };
  const tables: Record<string, KqlSource> = lazy
    ? lazyLaTables(sampleOptions, RECENT_ROWS, undefined, KEPT_ROWS, made)
    : laTables(laRows(dataset!.signIns));
  dataset = null;
  const la = await startLaServer({ tables, ...LA_LIMITS });
  const started = performance.now();
  const progress = setInterval(() => {
    const read = la.stats.runs.reduce((n, r) => n + r.sourceRows, 0);
    console.error(
      `… ${new Date().toISOString().slice(11, 19)}, ${
        ((performance.now() - started) / 1000).toFixed(0)
      } s: ${la.stats.requests} queries, ${fmt(read)} table rows read, ${
        mb(la.stats.bytesPulled)
      } sent, server RSS ${mb(Deno.memoryUsage().rss)}`,
    );
  }, 60_000);
  let l;
  try {
    l = await task([
      "--source",
      "log-analytics",
      "--workspace",
      WS,
      "--la-url",
      la.url,
      "--request-timeout",
      String(LA_TIMEOUT_S),
      ...common,
    ]);
  } finally {
    await la.close();
    clearInterval(sampler);
    clearInterval(progress);
  }
  const src = l.report.sources[0] as { bytes: number; rows: number; slices: number; splits: number };
  laResult = { rows: src.rows, bytes: src.bytes, signIns: l.report.totals.signIns! };
  console.log(
    `| Log Analytics (local${lazy ? ", tables generated per pass" : ""}) | ${fmt(l.report.totals.rows!)} | ${
      fmt(la.stats.rows)
    } | ${fmt(src.rows)} | ${mb(la.stats.bytes)} | ${mb(la.stats.bytesPulled)} | ${mb(src.bytes)} | ${
      fmt(la.stats.requests)
    } | ${(l.ms / 1000).toFixed(1)} s | ${mb(l.peakRss)} | ${mb(serverRss)} |`,
  );
  console.log(
    `Log Analytics: ${fmt(l.report.totals.signIns!)} sign-ins; ${src.slices} slice(s) kept, ${src.splits} ` +
      "split(s) (a result over the client's 16 MiB is refused, the client stops reading it, and its slice is " +
      "halved: produced − taken is what was refused, on the wire − taken what crossed the wire before the " +
      "client stopped).",
  );
  const max = (k: "maxGroups" | "maxJoinKeys" | "maxSortRows" | "heldRows") =>
    fmt(Math.max(0, ...la.stats.runs.map((r) => r[k])));
  console.log(
    `Endpoint state per query (most of any query): summarize groups ${max("maxGroups")}, join keys ${
      max("maxJoinKeys")
    }, sorted rows ${max("maxSortRows")}, let rows kept ${max("heldRows")}; lets re-streamed ${
      fmt(la.stats.runs.reduce((n, r) => n + r.streamedLets, 0))
    }; lets from the cross-query cache ${
      fmt(la.stats.runs.reduce((n, r) => n + r.cachedLets, 0))
    }; table rows read ${fmt(la.stats.runs.reduce((n, r) => n + r.sourceRows, 0))} over ${
      fmt(la.stats.runs.length)
    } queries.`,
  );
  // where the bytes go: the counting queries (one per slice) and the rows to merge (one per part of a slice)
  const isMerge = (q: string) => q.includes("| sort by CreatedDateTime");
  const kinds = [["counting", (q: string) => !isMerge(q)], ["rows to merge", isMerge]] as const;
  console.log(
    `Results by query: ${
      kinds.map(([name, is]) => {
        // a result over the client's 16 MiB is refused (its slice split): not taken
        const rs = la.stats.results.filter((r) => is(r.query) && r.bytes <= LA_SERVICE_LIMITS.clientMaxBytes);
        return `${name} ${rs.length} taken, ${mb(rs.reduce((n, r) => n + r.bytes, 0))}, ${
          fmt(rs.reduce((n, r) => n + r.rows, 0))
        } rows`;
      }).join("; ")
    }.`,
  );
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `Endpoint time by query (compute and serialise): ${
      kinds.map(([name, is]) => {
        const rs = la.stats.results.filter((r) => is(r.query));
        return `${name} ${secs(rs.reduce((n, r) => n + r.ms, 0))} over ${rs.length} (slowest ${
          secs(Math.max(0, ...rs.map((r) => r.ms)))
        })`;
      }).join("; ")
    }; stopped at the read limit ${
      secs(la.stats.stopped.ms)
    } over ${la.stats.stopped.queries}; of all that, ` +
      `the sample's generator ${secs(made.ms)} (${fmt(made.hours)} hours made${
        lazy ? ", 720 in the window" : ""
      }) and serialising results ${secs(la.stats.results.reduce((n, r) => n + r.serialiseMs, 0))}. ` +
      `Client time-out raised to ${
        fmt(LA_TIMEOUT_S)
      } s for the local endpoint (the service's is 180 s, the ` +
      `client's default 210 s): ${
        la.stats.results.filter((r) => r.ms > LA_TIMEOUT_S * 1000).length
      } queries took longer (a slice split because this machine was slow). Whole hours kept: ${
        fmt(KEPT_ROWS)
      } rows at most.`,
  );
  const answered = la.stats.runs.filter((r) => r.readRows <= LA_LIMITS.maxReadRows);
  console.log(
    `Read limit (${fmt(LA_LIMITS.maxReadRows)} rows, a pass counted for the share of columns it reads): ${
      fmt(la.stats.runs.length - answered.length)
    } queries stopped at it (504); the most an answered query read: ${
      fmt(Math.max(0, ...answered.map((r) => r.readRows)))
    } (${fmt(Math.max(0, ...answered.map((r) => r.sourceRows)))} table rows).`,
  );
}
if (graphResult !== undefined) {
  console.log(
    `Graph per user (30 days): ${fmt(graphResult.bytes / USERS)} bytes, ${
      (graphResult.pages / USERS).toFixed(4)
    } requests, ${(graphResult.items / USERS).toFixed(1)} rows. Graph under its documented throttle ` +
      `(5 requests / 10 s): ≥ ${fmt(graphResult.pages * 2)} s for ${fmt(graphResult.pages)} pages.`,
  );
}
if (laResult !== undefined) {
  console.log(
    `Log Analytics per user (30 days): ${fmt(laResult.bytes / USERS)} bytes taken, ${
      (laResult.rows / USERS).toFixed(1)
    } rows taken.`,
  );
}
if (graphResult !== undefined && laResult !== undefined) {
  console.log(
    `Ratios: rows ${(graphResult.items / laResult.rows).toFixed(1)}×, bytes taken ${
      (graphResult.bytes / laResult.bytes).toFixed(1)
    }× fewer on the Log Analytics path; same sign-ins counted: ${graphResult.signIns === laResult.signIns} (${
      fmt(graphResult.signIns)
    } vs ${fmt(laResult.signIns)}).`,
  );
}
