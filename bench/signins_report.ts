/**
 * Benchmark of the `signins-report` task: generates sample-tenant sign-in exports with the
 * streaming generator of dev/sample (200,000 and 1,000,000 rows by default as NDJSON, and the
 * 200,000 also as a portal-style JSON array) in bench-out/, then for each file times, in the same
 * run, round-robin, each in its own subprocess so that the peak RSS is per run:
 *   - a bare pass: read, decode, split lines, `JSON.parse` each one (one thread);
 *   - the full report (`tasks/signins_report.ts --from FILE --format json`), with `--threads`
 *     set to the cores (at least 2) and with `--threads 1` (the outputs must be identical);
 *   - DuckDB on the same question (bench/_duckdb.ts, 2 threads).
 * Prints medians, the ratios to the bare pass and to DuckDB (issue #18: ≤ 1.0x DuckDB) and the
 * peak RSS figures. Peak RSS comes from `/usr/bin/time` when it exists.
 *
 * Run: deno run --allow-read --allow-write --allow-run --allow-env --allow-sys bench/signins_report.ts
 *   [--quick] [--rows 200000,1000000] [--array-rows 200000] [--users 10000] [--runs 3] [--keep]
 *   [--only ndjson|json]   (--quick: 200,000 rows, one round)
 *
 * Files are deleted at the end unless `--keep` is given (1M rows are several GB).
 *
 * @module
 */
import { bareJsonLinesPass } from "./_bare_pass.ts";
import { generateSignIns } from "../dev/sample/mod.ts";
import { argText } from "./_args.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const OUT = `${ROOT}bench-out`;
const args = Deno.args;
const argValue = (name: string, fallback: string) => argText(args, name, fallback);

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
async function generate(
  rows: number,
  users: number,
  ndjson: string,
  array: string | null,
): Promise<void> {
  const enc = new TextEncoder();
  const nd = await Deno.open(ndjson, { write: true, create: true, truncate: true });
  const js = array === null ? null : await Deno.open(array, { write: true, create: true, truncate: true });
  const write = async (f: Deno.FsFile, s: string) => {
    const b = enc.encode(s);
    for (let o = 0; o < b.length;) o += await f.write(b.subarray(o));
  };
  let n = 0, ndBuf = "", jsBuf = "[\n";
  for (const row of generateSignIns({ seed: 7, users, days: 3660, signInsPerUserPerDay: 3 })) {
    const text = JSON.stringify(row);
    ndBuf += text + "\n";
    if (js !== null) jsBuf += (n === 0 ? "" : ",\n") + text;
    if (ndBuf.length > 4_000_000) {
      await write(nd, ndBuf);
      if (js !== null) await write(js, jsBuf);
      ndBuf = jsBuf = "";
    }
    if (++n >= rows) break;
  }
  await write(nd, ndBuf);
  if (js !== null) await write(js, jsBuf + "\n]\n");
  nd.close();
  js?.close();
}

interface Measured {
  ms: number;
  /** CPU time (user + system) of the process and its children, from /usr/bin/time (NaN without). */
  cpuMs: number;
  rssMb: number;
  stdout: string;
}

const TIME = (await exists("/usr/bin/time")) ? "/usr/bin/time" : null;

async function measure(cmd: string[]): Promise<Measured> {
  const t0 = performance.now();
  const full = TIME === null ? cmd : [TIME, "-f", "%U %S %M", ...cmd];
  const out = await new Deno.Command(full[0]!, { args: full.slice(1), stdout: "piped", stderr: "piped" })
    .output();
  const ms = performance.now() - t0;
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`Cannot run ${cmd.join(" ")}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  }
  const stdout = new TextDecoder().decode(out.stdout);
  let rssMb = NaN, cpuMs = NaN;
  if (TIME !== null) {
    const [user, sys, rss] = (stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
    rssMb = rss! / 1024;
    cpuMs = (user! + sys!) * 1000;
  }
  return { ms, cpuMs, rssMb, stdout };
}

const REPORT_FLAGS = [
  "--v8-flags=--max-old-space-size=512,--max-semi-space-size=16",
  "--allow-read",
  "--allow-write",
  "--allow-net=graph.microsoft.com,login.microsoftonline.com,127.0.0.1,localhost",
  "--allow-env=GRAPH_ACCESS_TOKEN,AZURE_TENANT_ID,AZURE_CLIENT_ID,AZURE_CLIENT_SECRET,AZURE_CLIENT_CERTIFICATE_PATH," +
  "AZURE_CLIENT_CERTIFICATE_PASSWORD,AZURE_FEDERATED_TOKEN_FILE,GRAPH_BASE_URL",
];

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One contender: how to run it, its times and peak RSS. */
interface Contender {
  label: string;
  cmd: string[];
  ms: number[];
  cpuMs: number[];
  rssMb: number;
  out: string;
}

/**
 * Times, on one file, in the same run: the bare pass, the report with the cores' threads and
 * with one, and DuckDB (2 threads), round-robin with the order rotated each round; medians.
 */
async function benchFile(label: string, path: string, runs: number, array: boolean): Promise<void> {
  const size = (await Deno.stat(path)).size / 1_048_576;
  const report = (threads: string[]) => [
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
    ...threads,
  ];
  const cores = Math.max(2, navigator.hardwareConcurrency);
  const contenders: Contender[] = [
    {
      label: "bare split + JSON.parse (1 thread)",
      cmd: [
        Deno.execPath(),
        "run",
        "-q",
        "--allow-read",
        "--allow-env",
        import.meta.filename!,
        "--bare",
        path,
      ],
      ms: [],
      cpuMs: [],
      rssMb: 0,
      out: "",
    },
    {
      label: `signins-report --threads ${cores}`,
      cmd: report(["--threads", String(cores)]),
      ms: [],
      cpuMs: [],
      rssMb: 0,
      out: "",
    },
    {
      label: "signins-report --threads 1",
      cmd: report(["--threads", "1"]),
      ms: [],
      cpuMs: [],
      rssMb: 0,
      out: "",
    },
    {
      label: "DuckDB (@duckdb/node-api, 2 threads)",
      cmd: [
        Deno.execPath(),
        "run",
        "-q",
        `--config=${ROOT}deno.json`,
        "--allow-read",
        "--allow-ffi",
        "--allow-env",
        "--allow-sys",
        `${ROOT}bench/_duckdb.ts`,
        path,
        array ? "array" : "ndjson",
        "2",
      ],
      ms: [],
      cpuMs: [],
      rssMb: 0,
      out: "",
    },
  ];
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + i) % contenders.length]!;
      const m = await measure(c.cmd);
      c.ms.push(m.ms);
      c.cpuMs.push(m.cpuMs);
      c.rssMb = Math.max(c.rssMb, Number.isNaN(m.rssMb) ? 0 : m.rssMb);
      c.out = m.stdout;
    }
  }
  const [bare, par, seq, duck] = contenders as [Contender, Contender, Contender, Contender];
  const j = JSON.parse(par.out);
  if (seq.out !== par.out) {
    throw new Error(`The reports with ${cores} threads and with 1 thread differ on ${path}`);
  }
  const b = median(bare.ms), d = median(duck.ms), dc = median(duck.cpuMs);
  const lines = contenders.map((c) => {
    const m = median(c.ms), cpu = median(c.cpuMs);
    return `  ${c.label.padEnd(42)} ${(m / 1000).toFixed(2).padStart(6)} s  ${
      (m / b).toFixed(2).padStart(5)
    }x bare  ${(m / d).toFixed(2).padStart(5)}x DuckDB  CPU ${(cpu / 1000).toFixed(2).padStart(6)} s (${
      (cpu / dc).toFixed(2)
    }x DuckDB)  peak RSS ${c.rssMb.toFixed(0).padStart(4)} MiB`;
  });
  console.log(
    `${label}: ${path.slice(ROOT.length)} (${
      size.toFixed(0)
    } MiB; rows ${j.totals.rows}, sign-ins ${j.totals.signIns})\n` +
      lines.join("\n") +
      `\n  (wall-clock incl. process start, and CPU time user + system; median of ${runs}; same report with 1 and ${cores} threads)`,
  );
}

if (args[0] === "--bare") {
  await barePass(args[1]!);
} else {
  const quick = args.includes("--quick");
  const sizes = argValue("--rows", quick ? "200000" : "200000,1000000").split(",").map(Number);
  const arrayRows = Number(argValue("--array-rows", "200000"));
  const users = Number(argValue("--users", "10000"));
  const runs = Number(argValue("--runs", quick ? "1" : "3"));
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
    const wantArray = only !== "ndjson" && rows === arrayRows;
    if (!(await exists(nd)) || (wantArray && !(await exists(js)))) {
      const t0 = performance.now();
      await generate(rows, users, nd, wantArray ? js : null);
      console.log(
        `generated ${rows} sample sign-ins (${users} users) in ${
          ((performance.now() - t0) / 1000).toFixed(1)
        } s`,
      );
    }
    try {
      if (only !== "json") await benchFile(`NDJSON, ${rows} rows`, nd, runs, false);
      if (wantArray) await benchFile(`JSON array, ${rows} rows`, js, runs, true);
    } finally {
      if (!keep) {
        await Deno.remove(nd).catch(() => {});
        await Deno.remove(js).catch(() => {});
      }
    }
  }
}
