/**
 * Paging benchmark: 200 pages × 1,000 sign-ins through the real Graph client (SDK adapter,
 * middleware, JSON.parse) from the local Graph-compatible server running in a subprocess, so
 * the RSS printed is the client's alone. Prints items/s and peak RSS (sampled every 20 ms
 * and after every page). A 10-page warm-up runs first and is not timed; then the 200 pages
 * are read in 3 timed passes (the machine is shared, so the median and best are printed).
 *
 * Then the report's read of the same pages, both ways, alternated over `rounds` rounds (default
 * 5): in this thread (`--threads 1`: parse, map, merge and aggregate beside the fetching) and
 * with the pages parsed and counted in a worker (`--threads` > 1, graph_pages.ts). Each prints
 * sign-ins/s and the CPU seconds of this process (all its threads) and of the server process
 * (from /proc), medians; the two reports must be equal.
 *
 * Run: `deno run --allow-net=127.0.0.1 --allow-run --allow-read --allow-env bench/graph_paging.ts [pages] [passes] [rounds]`
 *
 * @module
 */
import process from "node:process";
import { startServeCli } from "./_serve_cli.ts";
import {
  createGraphClient,
  listSignIns,
  pageCollectionElsewhere,
  type ParsedPage,
  signInsRequest,
} from "../lib/graph/mod.ts";
import { SignInAggregator } from "../lib/signins_report/aggregator.ts";
import { graphSignInBatches, type GraphSourceStats } from "../lib/signins_report/graph_source.ts";
import { readGraphPagesElsewhere } from "../lib/signins_report/graph_pages.ts";
import { ReportPipeline } from "../lib/signins_report/pipeline.ts";

const PAGES = Number(Deno.args[0] ?? "200");
const PASSES = Number(Deno.args[1] ?? "3");
const ROUNDS = Number(Deno.args[2] ?? "5");
const PER_PAGE = 1000;
const TOTAL = PAGES * PER_PAGE;

const { child, url } = await startServeCli(["--synthetic-signins", String(TOTAL)]);
const client = await createGraphClient({ auth: { kind: "none" }, graphUrl: url, budget: false });

let peakRss = Deno.memoryUsage().rss;
const sample = () => {
  const r = Deno.memoryUsage().rss;
  if (r > peakRss) peakRss = r;
};
const timer = setInterval(sample, 20);

const range = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-12-31T00:00:00Z") };

// Warm-up (not timed): 10 pages, so the JIT has compiled the hot paths as it would in a long run.
let warm = 0;
for await (const _ of listSignIns(client, { ...range, eventType: "interactiveUser" })) {
  if (++warm === 10 * PER_PAGE) break;
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const rates: number[] = [];
const passRss: number[] = [];
let bad = false;
for (let pass = 1; pass <= PASSES; pass++) {
  const requests0 = client.stats.requests;
  const bytes0 = client.stats.bytes;
  const started = performance.now();
  let count = 0;
  let errors = 0;
  let outOfOrder = 0;
  for await (const s of listSignIns(client, { ...range, eventType: "interactiveUser" })) {
    // The server's ids are sequential: checking each one proves nothing was lost or repeated.
    if (s.id !== `cccccccc-0000-4000-8000-${count.toString(16).padStart(12, "0")}`) outOfOrder++;
    count++;
    if ((s.status as { errorCode?: number } | undefined)?.errorCode !== 0) errors++;
    if (count % PER_PAGE === 0) sample();
  }
  const elapsed = (performance.now() - started) / 1000;
  sample();
  rates.push(count / elapsed);
  passRss.push(peakRss);
  console.log(
    `pass ${pass}: ${count} sign-ins (${outOfOrder} out of place, ${errors} with errorCode ≠ 0) in ` +
      `${client.stats.requests - requests0} requests, ${mb(client.stats.bytes - bytes0)} MB, ` +
      `${elapsed.toFixed(2)} s → ${Math.round(count / elapsed)} sign-ins/s, peak RSS so far ${
        mb(peakRss)
      } MB`,
  );
  if (count !== TOTAL || outOfOrder !== 0) {
    console.error(
      `Cannot trust pass ${pass}: expected ${TOTAL} sign-ins in order, got ${count} (${outOfOrder} out of place)`,
    );
    bad = true;
  }
}
clearInterval(timer);
sample();

// The same paging with each body parsed in a worker (pageCollectionElsewhere): fetch and parse overlapped.
const parser = new Worker(new URL("./_page_parse_worker.ts", import.meta.url).href, { type: "module" });
let answer: ((r: { parsed: ParsedPage; last: string }) => void) | null = null;
parser.onmessage = (e) => answer?.(e.data);
let lastId = "";
const parseElsewhere = (body: ArrayBuffer) =>
  new Promise<ParsedPage>((resolve) => {
    answer = (r) => {
      lastId = r.last;
      resolve(r.parsed);
    };
    parser.postMessage(body, [body]);
  });
const req = signInsRequest({ ...range, eventType: "interactiveUser" });
await pageCollectionElsewhere(client, req, parseElsewhere); // warm-up (not timed)
const overlapped: number[] = [];
for (let pass = 1; pass <= PASSES; pass++) {
  const started = performance.now();
  const count = await pageCollectionElsewhere(client, req, parseElsewhere);
  const elapsed = (performance.now() - started) / 1000;
  overlapped.push(count / elapsed);
  const wantLast = `cccccccc-0000-4000-8000-${(TOTAL - 1).toString(16).padStart(12, "0")}`;
  console.log(
    `paging, pages parsed in a worker, pass ${pass}: ${count} sign-ins in ${elapsed.toFixed(2)} s → ${
      Math.round(count / elapsed)
    } sign-ins/s`,
  );
  if (count !== TOTAL || lastId !== wantLast) {
    console.error(
      `Cannot trust pass ${pass}: expected ${TOTAL} sign-ins ending ${wantLast}, got ${count} ending ${lastId}`,
    );
    bad = true;
  }
}
parser.terminate();

/** CPU seconds (user + system) of this process, all its threads (getrusage). */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds of the server process (its /proc stat read by `cat`: Deno reads /proc only with --allow-all). */
async function serverCpuSeconds(): Promise<number> {
  try {
    const out = await new Deno.Command("cat", { args: [`/proc/${child.pid}/stat`], stdout: "piped" })
      .output();
    const f = new TextDecoder().decode(out.stdout).split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime (fields 14, 15) in clock ticks
  } catch {
    return NaN;
  }
}

const NOT_AFTER = range.to.getTime() + 86_400_000;
/** One report read of the pages: in this thread, or parsed and counted in a worker. */
async function reportRead(way: "thread" | "worker") {
  const aggregator = new SignInAggregator();
  const pipeline = new ReportPipeline(aggregator, { notAfterMs: NOT_AFTER });
  const stats: GraphSourceStats = { items: {}, badRows: 0, badRowSamples: [], filteredOut: 0, filters: [] };
  const o = { window: range, eventTypes: ["interactiveUser" as const] };
  const cpu0 = cpuSeconds(), srv0 = await serverCpuSeconds();
  const started = performance.now();
  if (way === "thread") {
    for await (const batch of graphSignInBatches(client, o, stats)) pipeline.pushAll(batch);
  } else {
    await readGraphPagesElsewhere(client, o, stats, { pipeline, aggregator, notAfterMs: NOT_AFTER });
  }
  pipeline.finish();
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpu0, server = (await serverCpuSeconds()) - srv0;
  const meta = {
    generatedAt: "2026-12-07T00:00:00Z",
    sources: [],
    rows: pipeline.rows,
    badRows: stats.badRows,
    filteredOut: 0,
    merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 },
  };
  return {
    rate: pipeline.rows / elapsed,
    elapsed,
    cpu,
    server,
    rows: pipeline.rows,
    report: JSON.stringify(aggregator.summary(meta)),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ways = ["thread", "worker"] as const;
const results: Record<(typeof ways)[number], Awaited<ReturnType<typeof reportRead>>[]> = {
  thread: [],
  worker: [],
};
await reportRead("worker"); // warm-up of the worker's modules (not timed)
for (let round = 1; round <= ROUNDS; round++) {
  for (const way of round % 2 === 1 ? ways : [...ways].reverse()) {
    const r = await reportRead(way);
    results[way].push(r);
    console.log(
      `report read ${round} (${way.padEnd(6)}): ${r.rows} sign-ins in ${r.elapsed.toFixed(2)} s → ${
        Math.round(r.rate)
      } sign-ins/s, client CPU ${r.cpu.toFixed(2)} s, server CPU ${r.server.toFixed(2)} s`,
    );
    if (r.rows !== TOTAL) bad = true;
  }
}
for (const way of ways) {
  const rs = results[way];
  console.log(
    `report read, ${
      way === "thread" ? "in this thread (--threads 1)" : "pages in a worker (--threads 2)"
    }: median ${Math.round(median(rs.map((r) => r.rate)))} sign-ins/s, client CPU ${
      median(rs.map((r) => r.cpu)).toFixed(2)
    } s, server CPU ${median(rs.map((r) => r.server)).toFixed(2)} s over ${rs.length} rounds`,
  );
}
const same = [...results.thread, ...results.worker].every((r) => r.report === results.thread[0]?.report);
console.log(`report read: the reports are ${same ? "equal" : "DIFFERENT"}`);
if (!same) bad = true;

await child.stdin.close();
const status = await child.status;

const sorted = [...rates].sort((a, b) => a - b);
console.log(
  `throughput:       median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)}, best ${
    Math.round(sorted.at(-1) ?? 0)
  } sign-ins/s over ${PASSES} passes (target ≥ 100000)`,
);
console.log(
  `peak client RSS:  ${mb(passRss[0] ?? peakRss)} MB in the first pass, ${
    mb(peakRss)
  } MB over all (target < 200)`,
);
const sortedOver = [...overlapped].sort((a, b) => a - b);
console.log(
  `throughput, pages parsed in a worker (fetch and parse overlapped): median ${
    Math.round(sortedOver[Math.floor(sortedOver.length / 2)] ?? 0)
  }, best ${Math.round(sortedOver.at(-1) ?? 0)} sign-ins/s over ${PASSES} passes`,
);
console.log(`server exit code: ${status.code}`);
if (bad) Deno.exitCode = 1;
