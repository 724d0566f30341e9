import { SignInAggregator } from "./lib/signins_report/aggregator.ts";
import { reportFileInChunks } from "./lib/signins_report/chunked.ts";
import { ReportPipeline } from "./lib/signins_report/pipeline.ts";
import { createReadStats, readSignInBatches } from "./lib/signins/mod.ts";
const path = "bench-out/report_signins_200000.ndjson";
const mode = Deno.args[0];
const t0 = performance.now();
const agg = new SignInAggregator();
const p = new ReportPipeline(agg);
if (mode === "seq") {
  for await (const b of readSignInBatches(path, {})) p.pushAll(b);
  p.finish();
} else {
  const out = await reportFileInChunks(path, p, agg, createReadStats(), { workers: Number(Deno.args[1] ?? 2), filter: {}, notAfterMs: Infinity, inline: mode === "inline" });
  console.log(out);
}
console.log(mode, (performance.now() - t0).toFixed(0), "ms", agg.signIns);
const t1 = performance.now();
const st = agg.exportState();
const t2 = performance.now();
const c = structuredClone(st);
const t3 = performance.now();
SignInAggregator.fromState(c);
console.log("export", (t2 - t1).toFixed(0), "clone", (t3 - t2).toFixed(0), "import", (performance.now() - t3).toFixed(0));
