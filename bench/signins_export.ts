/**
 * Export benchmark: how much of the request budget `signins-export` uses when Graph is slow.
 * The local Graph server runs in a subprocess set to Graph's limits scaled up in speed: a
 * throttle of 50 requests per second (Graph: 5 per 10 s) and 150 ms before every page.
 * The export runs with the task's own settings (budget 50 per second with its guard, 16
 * cursors) over synthetic sign-ins, 100 per page so that CPU stays out of the measurement;
 * then a single cursor runs over a tenth of the window for comparison. Prints the achieved
 * request rate as a share of the budget, the 429s (as counted by the server), the pages split
 * away, and the memory a seen-id set takes per million ids.
 *
 * Target: ≥ 90 % of the budget with at most 1 % of requests answered 429.
 *
 * Run: `deno run --allow-net=127.0.0.1 --allow-run --allow-read --allow-write=bench-out --allow-env bench/signins_export.ts [sign-ins]`
 *
 * @module
 */
import { startServeCli } from "./_serve_cli.ts";
import { createGraphClient, RequestBudget } from "../lib/graph/mod.ts";
import { runSignInsExport, type SignInsExportResult, timeoutFetch } from "../lib/export/mod.ts";
import { guardedBudget } from "../lib/commands/signins_export.ts";

const SIGN_INS = Number(Deno.args[0] ?? "120000");
const PAGE = 100;
const LATENCY_MS = 150;
const BUDGET = { requests: 50, windowMs: 1000 };
const NEWEST = Date.parse("2026-11-30T23:59:59Z"); // serve_cli's synthetic sign-ins: one a second back from here

const root = new URL("..", import.meta.url).pathname;

interface ServerStats {
  requests: number;
  byStatus: Record<string, number>;
  throttled: number;
  items: number;
}

async function withServer<T>(fn: (url: string) => Promise<T>): Promise<{ result: T; stats: ServerStats }> {
  const { child, url, nextLine, close } = await startServeCli([
    "--synthetic-signins",
    String(SIGN_INS),
    "--page-size",
    String(PAGE),
    "--latency-ms",
    String(LATENCY_MS),
    "--throttle",
    `${BUDGET.requests}/${BUDGET.windowMs}`,
  ]);
  try {
    const result = await fn(url);
    await child.stdin.close();
    const stats = JSON.parse((await nextLine()).replace(/^stats /, "")) as ServerStats;
    await close();
    await child.status;
    return { result, stats };
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
}

async function exportOnce(url: string, concurrency: number, spanSeconds: number, out: string) {
  const budget = new RequestBudget(guardedBudget(BUDGET));
  const latencies: number[] = [];
  const sends: { at: number; status: number }[] = [];
  await Deno.remove(`${out}.state.json`).catch(() => {});
  await Deno.remove(`${out}.partial`).catch(() => {});
  const started = performance.now();
  const result: SignInsExportResult = await runSignInsExport({
    out,
    window: { from: new Date(NEWEST + 1000 - spanSeconds * 1000), to: new Date(NEWEST + 1000) },
    eventTypes: ["interactiveUser"],
    createClient: () =>
      createGraphClient({
        auth: { kind: "none" },
        graphUrl: url,
        budget,
        maxRetries: 0,
        transientRetries: 0,
        // As the task does (a time-out per request), timing each request once it is sent.
        fetch: timeoutFetch(120_000, async (u, init) => {
          const t0 = performance.now();
          const r = await fetch(u, init);
          sends.push({ at: t0, status: r.status });
          const body = await r.arrayBuffer();
          latencies.push(performance.now() - t0);
          return new Response(body, { status: r.status, headers: r.headers });
        }),
      }),
    canRefreshToken: false,
    concurrency,
    top: 1000,
    budgetPerSecond: (1000 * BUDGET.requests) / BUDGET.windowMs,
  });
  const seconds = (performance.now() - started) / 1000;
  // Requests sent in each second of the run ("!n": n of them answered 429).
  const perSecond: string[] = [];
  for (let sec = 0; sec < seconds; sec++) {
    const inSec = sends.filter((x) => x.at - started >= sec * 1000 && x.at - started < (sec + 1) * 1000);
    const throttled = inSec.filter((x) => x.status === 429).length;
    perSecond.push(`${inSec.length}${throttled ? `!${throttled}` : ""}`);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);

  if (result.kind !== "complete") throw new Error(`Cannot finish the benchmark export: ${result.kind}`);
  const lines = (await Deno.readTextFile(out)).split("\n").length - 1;
  await Deno.remove(out);
  return {
    summary: result.summary,
    seconds,
    lines,
    latency: { p50: pct(0.5), p90: pct(0.9) },
    perSecond: perSecond.join(" "),
    budgetWaits: budget.stats.waits,
  };
}

function report(name: string, r: Awaited<ReturnType<typeof exportOnce>>, server: ServerStats, want: number) {
  const rate = r.summary.requests / r.seconds;
  const budgetRate = (1000 * BUDGET.requests) / BUDGET.windowMs;
  const served429 = server.byStatus["429"] ?? 0;
  console.log(
    `${name}: ${r.lines} sign-ins (${want} expected) in ${r.seconds.toFixed(1)} s; ` +
      `${r.summary.requests} requests = ${rate.toFixed(1)}/s = ${
        (100 * rate / budgetRate).toFixed(1)
      }% of the budget ` +
      `(${budgetRate}/s); 429s: ${served429} (${
        (100 * served429 / Math.max(1, server.requests)).toFixed(2)
      }% of ` +
      `${server.requests} requests at the server); ${r.summary.splits} splits, ${r.summary.discardedPages} pages ` +
      `discarded; ${
        Math.round(r.lines / r.seconds)
      } sign-ins/s; page time p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms; ` +
      `${r.budgetWaits} waits for the budget`,
  );
  console.log(`  requests per second: ${r.perSecond}`);
  if (r.lines !== want) {
    console.error(`Cannot trust ${name}: expected ${want} sign-ins, got ${r.lines}`);
    Deno.exitCode = 1;
  }
}

await Deno.mkdir(`${root}bench-out`, { recursive: true });
console.log(
  `server: ${SIGN_INS} sign-ins, ${PAGE} per page, ${LATENCY_MS} ms per page, throttle ${BUDGET.requests} per ` +
    `${BUDGET.windowMs} ms (Retry-After in whole seconds); client budget ${
      JSON.stringify(guardedBudget(BUDGET))
    }`,
);

const full = await withServer((url) =>
  exportOnce(url, 16, SIGN_INS, `${root}bench-out/signins_export.ndjson`)
);
report("16 cursors (the default)", full.result, full.stats, SIGN_INS);

const tenth = Math.floor(SIGN_INS / 10);
const single = await withServer((url) =>
  exportOnce(url, 1, tenth, `${root}bench-out/signins_export_1.ndjson`)
);
report("1 cursor (baseline, a tenth of the window)", single.result, single.stats, tenth);

// Memory of the per-slice seen-id sets: a Set of one million GUID strings.
const before = Deno.memoryUsage().heapUsed;
const ids = new Set<string>();
for (let i = 0; i < 1_000_000; i++) ids.add(crypto.randomUUID());
const after = Deno.memoryUsage().heapUsed;
console.log(
  `seen-id set: ${((after - before) / ids.size).toFixed(0)} bytes per id (${
    ((after - before) / 1048576).toFixed(0)
  } MB per million)`,
);
