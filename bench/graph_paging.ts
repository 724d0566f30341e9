/**
 * Paging benchmark: 200 pages × 1,000 sign-ins through the real Graph client (SDK adapter,
 * middleware, JSON.parse) from the local Graph-compatible server running in a subprocess, so
 * the RSS printed is the client's alone. Prints items/s and peak RSS (sampled every 20 ms
 * and after every page). A 10-page warm-up runs first and is not timed; then the 200 pages
 * are read in 3 timed passes (the machine is shared, so the median and best are printed).
 *
 * Run: `deno run --allow-net=127.0.0.1 --allow-run --allow-read --allow-env bench/graph_paging.ts [pages] [passes]`
 *
 * @module
 */
import { startServeCli } from "./_serve_cli.ts";
import { createGraphClient, listSignIns } from "../lib/graph/mod.ts";

const PAGES = Number(Deno.args[0] ?? "200");
const PASSES = Number(Deno.args[1] ?? "3");
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
console.log(`server exit code: ${status.code}`);
if (bad) Deno.exitCode = 1;
