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
 * Run: `deno run --allow-net=127.0.0.1 --allow-run --allow-read --allow-write=bench-out --allow-env bench/log_analytics.ts [users] [profile]`
 *
 * @module
 */
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { laRows, laTables, startLaServer } from "../dev/la_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { withTokenRefreshes } from "../dev/sample/token_refreshes.ts";

const USERS = Number(Deno.args[0] ?? "1000");
const PROFILE = Deno.args[1] ?? "sample";
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

async function task(
  args: string[],
): Promise<{ ms: number; report: { totals: Record<string, number>; sources: Record<string, unknown>[] } }> {
  const out = `${root}bench-out/la-bench-${crypto.randomUUID()}.json`;
  const t0 = performance.now();
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", `--config=${root}deno.json`, "signins-report", ...args, "--out", out],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`signins-report exited ${r.code}`);
  const report = JSON.parse(await Deno.readTextFile(out));
  await Deno.remove(out);
  return { ms, report };
}

await Deno.mkdir(`${root}bench-out`, { recursive: true });
const t0 = performance.now();
let dataset: ReturnType<typeof generateSampleTenant> | null = generateSampleTenant({
  seed: 1,
  users: USERS,
  days: 30,
  now: new Date(NOW),
});
if (refreshes !== null) {
  dataset.signIns = withTokenRefreshes(dataset.signIns, {
    perUserPerDay: Number(refreshes[1] ?? "24"),
    days: 30,
    now: new Date(NOW),
  });
}
const signInRows = dataset.signIns.length;
const encoder = new TextEncoder();
const itemBytes = dataset.signIns.reduce((n, s) => n + encoder.encode(JSON.stringify(s)).length, 0);
console.log(
  `sample tenant (profile ${PROFILE}): ${USERS.toLocaleString("en-US")} users, ${
    signInRows.toLocaleString("en-US")
  } sign-in rows ` +
    `(generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

// One path at a time, so the process holds one copy of the tenant's rows besides the dataset.
const graph = await startGraphServer({ dataset });
let g, pages, graphItems;
try {
  g = await task(["--graph-url", graph.url, "--budget", "0", ...common]);
  pages = graph.stats.requests;
  graphItems = graph.stats.items;
} finally {
  await graph.close();
}
let peakRss = 0;
const sampler = setInterval(() => peakRss = Math.max(peakRss, Deno.memoryUsage().rss), 250);
const tables = laTables(laRows(dataset.signIns));
dataset = null;
const la = await startLaServer({ tables });
let l;
try {
  l = await task(["--source", "log-analytics", "--workspace", WS, "--la-url", la.url, ...common]);
} finally {
  await la.close();
  clearInterval(sampler);
}
const src = l.report.sources[0] as { bytes: number; rows: number; slices: number; splits: number };
console.log(
  "| path | sign-in rows | rows sent | rows taken | bytes produced | bytes on the wire | bytes taken | requests | wall time |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
console.log(
  `| Graph (local, no throttle) | ${fmt(g.report.totals.rows!)} | ${fmt(graphItems)} | ${
    fmt(graphItems)
  } | ≈ ${mb(itemBytes)} | ≈ ${mb(itemBytes)} | ≈ ${mb(itemBytes)} | ${fmt(pages)} | ${
    (g.ms / 1000).toFixed(1)
  } s |`,
);
console.log(
  `| Log Analytics (local) | ${fmt(l.report.totals.rows!)} | ${fmt(la.stats.rows)} | ${fmt(src.rows)} | ${
    mb(la.stats.bytes)
  } | ${mb(la.stats.bytesPulled)} | ${mb(src.bytes)} | ${fmt(la.stats.requests)} | ${
    (l.ms / 1000).toFixed(1)
  } s |`,
);
console.log(
  `Log Analytics: ${src.slices} slice(s) kept, ${src.splits} split(s) (a result over the client's 16 MiB is ` +
    "refused, the client stops reading it, and its slice is halved: produced − taken is what was refused, " +
    "on the wire − taken what crossed the wire before the client stopped).",
);
console.log(
  `Peak RSS of this process while it served the Log Analytics path (the tables, the interpreter's intermediate results; RSS also keeps the high-water mark of the Graph path before): ${
    mb(peakRss)
  }.`,
);
console.log(
  `Graph under its documented throttle (5 requests / 10 s): ≥ ${fmt(pages * 2)} s for ${fmt(pages)} pages.`,
);
console.log(
  `Ratios: rows sent ${(graphItems / la.stats.rows).toFixed(1)}× (taken ${
    (graphItems / src.rows).toFixed(1)
  }×), bytes on the wire ${(itemBytes / la.stats.bytesPulled).toFixed(1)}× (taken ${
    (itemBytes / src.bytes).toFixed(1)
  }×) fewer on the Log Analytics path; same sign-ins counted: ${
    g.report.totals.signIns === l.report.totals.signIns
  } (${fmt(g.report.totals.signIns!)} vs ${fmt(l.report.totals.signIns!)}).`,
);
