/**
 * `deno task bench`: runs every benchmark script in its own subprocess (so each one's peak RSS
 * is its own), one after the other, and prints their figures. Pass names to run a subset:
 * `deno task bench graph_paging signins_report`; `--quick` runs the sign-in report comparison
 * (report, bare pass, DuckDB) on 200,000 rows in one round instead of 200k and 1M in three.
 * Arguments after `--` go to the named benchmark's own script, e.g.
 * `deno task bench log_analytics -- 600 refreshes` or `deno task bench signins_report -- --rows 1000000`.
 *
 * Benchmarks measure; they are not tests and assert nothing. Targets are in README.md.
 *
 * @module
 */

/** Each benchmark: script file, its permissions, default arguments. */
const BENCHES: Record<string, { file: string; permissions: string[]; args?: string[] }> = {
  graph_paging: {
    file: "graph_paging.ts",
    permissions: ["--allow-net=127.0.0.1", "--allow-run", "--allow-read", "--allow-env"],
  },
  signins_ingest: {
    file: "signins_ingest.ts",
    permissions: ["--allow-read", "--allow-write=bench-out"],
  },
  registration: {
    file: "registration.ts",
    permissions: [
      "--allow-net=127.0.0.1",
      "--allow-run",
      "--allow-read",
      "--allow-write=bench-out",
      "--allow-env",
    ],
  },
  log_analytics: {
    file: "log_analytics.ts",
    permissions: [
      // the server's whole-window id set (9.5 M ids at 100,000 users) needs more than V8's default heap
      "--v8-flags=--max-old-space-size=8192",
      "--allow-net=127.0.0.1",
      "--allow-run",
      "--allow-read",
      "--allow-write=bench-out",
      "--allow-env",
    ],
  },
  signins_report: {
    file: "signins_report.ts",
    permissions: ["--allow-run", "--allow-read", "--allow-write=bench-out", "--allow-env"],
    args: Deno.args.includes("--quick") ? ["--quick"] : [],
  },
  json_skip: {
    file: "json_skip.ts",
    permissions: [],
  },
  json_wasm: {
    file: "json_wasm.ts",
    permissions: ["--allow-sys=loadavg", "--v8-flags=--expose-gc"],
  },
  signins_export: {
    file: "signins_export.ts",
    permissions: [
      "--allow-net=127.0.0.1",
      "--allow-run",
      "--allow-read",
      "--allow-write=bench-out",
      "--allow-env",
    ],
  },
};

const root = new URL("..", import.meta.url).pathname;
const dash = Deno.args.indexOf("--");
const ours = dash < 0 ? Deno.args : Deno.args.slice(0, dash);
const passed = dash < 0 ? [] : Deno.args.slice(dash + 1);
const names = ours.filter((a) => a !== "--quick");
if (passed.length > 0 && names.length !== 1) {
  console.error("error: Cannot pass arguments after --: name exactly one benchmark to give them to");
  Deno.exit(2);
}
const wanted = names.length > 0 ? names : Object.keys(BENCHES);
let failed = 0;
for (const name of wanted) {
  const b = BENCHES[name];
  if (b === undefined) {
    console.error(
      `error: Cannot run benchmark ${JSON.stringify(name)}: expected one of ${
        Object.keys(BENCHES).join(", ")
      }`,
    );
    Deno.exit(2);
  }
  const path = `${root}bench/${b.file}`;
  try {
    await Deno.stat(path);
  } catch {
    console.log(`## ${name}: not present, skipped`);
    continue;
  }
  await Deno.mkdir(`${root}bench-out`, { recursive: true });
  console.log(`## ${name}`);
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", ...b.permissions, path, ...(b.args ?? []), ...passed],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  console.log(`(${name}: exit ${out.code}, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (out.code !== 0) failed++;
}
Deno.exit(failed === 0 ? 0 : 1);
