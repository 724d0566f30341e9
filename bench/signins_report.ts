/**
 * Benchmark of the `signins-report` task: generates sample-tenant sign-in exports with the
 * streaming generator of dev/sample (200,000 and 1,000,000 rows by default, NDJSON and a
 * portal-style JSON array with the same rows) in bench-out/, then for each file times, each in
 * its own subprocess so that the peak RSS is per run:
 *   (a) a bare pass: read, decode, split lines, `JSON.parse` each one;
 *   (b) the full report (`tasks/signins_report.ts --from FILE --format json`).
 * Prints both times, the ratio b/a (target ≤ 1.5) and both peak RSS figures (target ≤ 200 MB,
 * and about the same for 200k and 1M rows). Peak RSS comes from `/usr/bin/time -v` when it
 * exists, else from sampling `Deno.memoryUsage().rss` inside the child.
 *
 * Run: deno run --allow-read --allow-write --allow-run --allow-env --allow-sys bench/signins_report.ts
 *   [--rows 200000,1000000] [--users 10000] [--runs 1] [--keep] [--only ndjson|json]
 *
 * Files are deleted at the end unless `--keep` is given (1M rows are several GB).
 *
 * @module
 */
import { bareJsonLinesPass } from "./_bare_pass.ts";
import { generateSignIns } from "../dev/sample/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const OUT = `${ROOT}bench-out`;
const args = Deno.args;
const argValue = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};

/** Child mode: the bare pass over one file, reporting rows, ms and sampled peak RSS as JSON. */
async function barePass(path: string): Promise<void> {
  let peak = Deno.memoryUsage().rss;
  const timer = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 25);
  const t0 = performance.now();
  const n = await bareJsonLinesPass(path);
  clearInterval(timer);
  console.log(
    JSON.stringify({ rows: n, ms: performance.now() - t0, rss: Math.max(peak, Deno.memoryUsage().rss) }),
  );
}

async function exists(p: string): Promise<boolean> {
  try {
    await Deno.stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Writes `rows` sample sign-ins (newest first) as NDJSON and as a JSON array, one pass. */
async function generate(rows: number, users: number, ndjson: string, array: string): Promise<void> {
  const enc = new TextEncoder();
  const nd = await Deno.open(ndjson, { write: true, create: true, truncate: true });
  const js = await Deno.open(array, { write: true, create: true, truncate: true });
  const write = async (f: Deno.FsFile, s: string) => {
    const b = enc.encode(s);
    for (let o = 0; o < b.length;) o += await f.write(b.subarray(o));
  };
  let n = 0, ndBuf = "", jsBuf = "[\n";
  for (const row of generateSignIns({ seed: 7, users, days: 3660, signInsPerUserPerDay: 3 })) {
    const text = JSON.stringify(row);
    ndBuf += text + "\n";
    jsBuf += (n === 0 ? "" : ",\n") + text;
    if (ndBuf.length > 4_000_000) {
      await write(nd, ndBuf);
      await write(js, jsBuf);
      ndBuf = jsBuf = "";
    }
    if (++n >= rows) break;
  }
  await write(nd, ndBuf);
  await write(js, jsBuf + "\n]\n");
  nd.close();
  js.close();
}

interface Measured {
  ms: number;
  rssMb: number;
  stdout: string;
}

const TIME = (await exists("/usr/bin/time")) ? "/usr/bin/time" : null;

async function measure(cmd: string[]): Promise<Measured> {
  const t0 = performance.now();
  const full = TIME === null ? cmd : [TIME, "-f", "%M", ...cmd];
  const out = await new Deno.Command(full[0]!, { args: full.slice(1), stdout: "piped", stderr: "piped" })
    .output();
  const ms = performance.now() - t0;
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`Cannot run ${cmd.join(" ")}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  }
  const stdout = new TextDecoder().decode(out.stdout);
  let rssMb = NaN;
  if (TIME !== null) rssMb = Number(stderr.trim().split("\n").at(-1)) / 1024;
  return { ms, rssMb, stdout };
}

const REPORT_FLAGS = [
  "--v8-flags=--max-old-space-size=512,--max-semi-space-size=8",
  "--allow-read",
  "--allow-write",
  "--allow-net=graph.microsoft.com,login.microsoftonline.com,127.0.0.1,localhost",
  "--allow-env=GRAPH_ACCESS_TOKEN,AZURE_TENANT_ID,AZURE_CLIENT_ID,AZURE_CLIENT_SECRET,AZURE_CLIENT_CERTIFICATE_PATH," +
  "AZURE_CLIENT_CERTIFICATE_PASSWORD,AZURE_FEDERATED_TOKEN_FILE,GRAPH_BASE_URL",
];

async function benchFile(label: string, path: string, runs: number): Promise<void> {
  const size = (await Deno.stat(path)).size / 1_048_576;
  let bare: Measured | null = null, report: Measured | null = null;
  let bareMs = Infinity, reportMs = Infinity, bareRss = 0, reportRss = 0;
  for (let i = 0; i < runs; i++) {
    bare = await measure([
      Deno.execPath(),
      "run",
      "-q",
      "--allow-read",
      "--allow-env",
      import.meta.filename!,
      "--bare",
      path,
    ]);
    const inside = JSON.parse(bare.stdout) as { rows: number; ms: number; rss: number };
    bareMs = Math.min(bareMs, bare.ms);
    bareRss = Math.max(bareRss, Number.isNaN(bare.rssMb) ? inside.rss / 1_048_576 : bare.rssMb);
    report = await measure([
      Deno.execPath(),
      "run",
      "-q",
      `--config=${ROOT}deno.json`,
      ...REPORT_FLAGS,
      `${ROOT}tasks/signins_report.ts`,
      "--from",
      path,
      "--format",
      "json",
      "--now",
      "2026-11-20T12:00:00Z",
    ]);
    reportMs = Math.min(reportMs, report.ms);
    reportRss = Math.max(reportRss, report.rssMb);
  }
  const j = JSON.parse(report!.stdout);
  console.log(
    `${label}: ${path.slice(ROOT.length)} (${size.toFixed(0)} MiB)\n` +
      `  (a) bare split + JSON.parse : ${(bareMs / 1000).toFixed(2)} s, peak RSS ${
        bareRss.toFixed(0)
      } MiB\n` +
      `  (b) signins-report (json)   : ${(reportMs / 1000).toFixed(2)} s, peak RSS ${
        reportRss.toFixed(0)
      } MiB` +
      ` (rows ${j.totals.rows}, sign-ins ${j.totals.signIns}, users ${j.totals.users})\n` +
      `  ratio b/a: ${(reportMs / bareMs).toFixed(2)}  (wall-clock incl. process start; best of ${runs})`,
  );
}

if (args[0] === "--bare") {
  await barePass(args[1]!);
} else {
  const sizes = argValue("--rows", "200000,1000000").split(",").map(Number);
  const users = Number(argValue("--users", "10000"));
  const runs = Number(argValue("--runs", "1"));
  const only = argValue("--only", "");
  const keep = args.includes("--keep");
  await Deno.mkdir(OUT, { recursive: true });
  console.log(
    `signins-report benchmark (${navigator.hardwareConcurrency} cores; peak RSS from ${
      TIME ?? "in-process sampling"
    })`,
  );
  for (const rows of sizes) {
    const nd = `${OUT}/report_signins_${rows}.ndjson`, js = `${OUT}/report_signins_${rows}.json`;
    if (!(await exists(nd)) || !(await exists(js))) {
      const t0 = performance.now();
      await generate(rows, users, nd, js);
      console.log(
        `generated ${rows} sample sign-ins (${users} users) in ${
          ((performance.now() - t0) / 1000).toFixed(1)
        } s`,
      );
    }
    try {
      if (only !== "json") await benchFile(`NDJSON, ${rows} rows`, nd, runs);
      if (only !== "ndjson") await benchFile(`JSON array, ${rows} rows`, js, runs);
    } finally {
      if (!keep) {
        await Deno.remove(nd).catch(() => {});
        await Deno.remove(js).catch(() => {});
      }
    }
  }
}
