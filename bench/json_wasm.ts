/**
 * Issue #18's WebAssembly scanner, gate 1: does validating NDJSON in WebAssembly, on the raw
 * bytes (no decoding to a JavaScript string), cost at most 0.35× of what the report pays now to
 * decode the bytes and `JSON.parse` every line? Beta-shaped sample sign-ins (`dev/sample`, ~5 KB
 * a line) are encoded once as NDJSON bytes and read in 1 MiB chunks, as the file readers do, by:
 *
 * - decode + split + `JSON.parse`: `TextChunkDecoder` (lib/io/decode.ts), `NdjsonLineSplitter`,
 *   `JSON.parse` per line — the report's path today;
 * - decode + split only (what `JSON.parse` adds is the difference);
 * - WebAssembly validate-only: `NdjsonByteScanner` (lib/io/wasm/json_scan.ts) copies each chunk
 *   into its memory and checks every line (JSON grammar and UTF-8), building nothing.
 *
 * Each contender runs in turn, the order rotated each round; CPU time of the process (user +
 * system, so garbage collection on V8's helper threads counts) and wall-clock time, medians. A
 * full collection before each run (untimed) keeps the garbage of one contender from being
 * collected in the next one's time (what a contender leaves uncollected at its end is not
 * charged to it: in favour of `JSON.parse`, which leaves the most). The WebAssembly field extraction with the Graph mapper's
 * keys (`lib/signins/graph_fields.ts`) and the mapper itself are timed too.
 * Usage: `deno task bench json_wasm [-- --rows 20000 --rounds 5]`.
 *
 * @module
 */
import process from "node:process";
import { generateSignIns } from "../dev/sample/mod.ts";
import { TextChunkDecoder } from "../lib/io/decode.ts";
import { NdjsonLineSplitter } from "../lib/io/ndjson_lines.ts";
import { LINE_STATUS, NdjsonByteScanner } from "../lib/io/wasm/json_scan.ts";
import { GRAPH_SIGN_IN_FIELDS } from "../lib/signins/graph_fields.ts";
import { mapGraphSignIn } from "../lib/signins/map_graph.ts";
import { CaPolicyTable } from "../lib/signins/_ca_policy_table.ts";
import type { MapContext } from "../lib/signins/sign_in.ts";
import { argNumber } from "./_args.ts";

const args = Deno.args;
const argValue = (name: string, fallback: number) => argNumber(args, name, fallback);
const rows = argValue("--rows", 20_000);
const rounds = argValue("--rounds", 5);
const CHUNK = 1 << 20;

const encoder = new TextEncoder();
const parts: Uint8Array[] = [];
let size = 0;
for (const row of generateSignIns({ seed: 7, users: 2_000, days: 3660, signInsPerUserPerDay: 3 })) {
  const line = encoder.encode(JSON.stringify(row) + "\n");
  parts.push(line);
  size += line.length;
  if (parts.length >= rows) break;
}
const bytes = new Uint8Array(size);
{
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  parts.length = 0;
}

/**
 * Calls `f` on each 1 MiB chunk (a view: reading the file costs the same either way and is left
 * out; the WebAssembly scanner's copy of each chunk into its memory is timed).
 */
function chunks(f: (chunk: Uint8Array) => void): void {
  for (let at = 0; at < bytes.length; at += CHUNK) f(bytes.subarray(at, at + CHUNK));
}

function decodeSplit(parse: boolean): number {
  const d = new TextChunkDecoder("bench.ndjson");
  const s = new NdjsonLineSplitter({ file: "bench.ndjson" });
  let n = 0;
  const take = () => {
    for (let t = s.next(); t !== null; t = s.next()) {
      n += parse ? (JSON.parse(t) as { id: string }).id.length : t.length;
    }
  };
  chunks((c) => {
    s.push(d.decode(c));
    take();
  });
  s.push(d.end());
  take();
  const last = s.end();
  if (last !== null) n += parse ? (JSON.parse(last) as { id: string }).id.length : last.length;
  return n;
}

function wasmValidate(): number {
  const s = new NdjsonByteScanner();
  let valid = 0;
  const take = () => {
    while (s.next()) if (s.status === LINE_STATUS.valid) valid++;
  };
  chunks((c) => {
    s.push(c);
    take();
  });
  s.end();
  take();
  return valid;
}

function wasmFields(map: boolean): number {
  const s = new NdjsonByteScanner(GRAPH_SIGN_IN_FIELDS);
  const ctx = mapContext();
  let n = 0;
  const take = () => {
    while (s.next()) {
      if (s.status !== LINE_STATUS.valid) continue;
      const o = s.fields();
      n += map ? (mapGraphSignIn(o, ctx, 1).kind === "signIn" ? 1 : 0) : 1;
    }
  };
  chunks((c) => {
    s.push(c);
    take();
  });
  s.end();
  take();
  return n;
}

function mapContext(): MapContext {
  return {
    source: { format: "graph-ndjson", file: "bench.ndjson" },
    eventType: null,
    caPolicies: new CaPolicyTable(),
  };
}

function decodeParseMap(): number {
  const d = new TextChunkDecoder("bench.ndjson");
  const s = new NdjsonLineSplitter({ file: "bench.ndjson" });
  const ctx = mapContext();
  let n = 0;
  const take = () => {
    for (let t = s.next(); t !== null; t = s.next()) {
      n += mapGraphSignIn(JSON.parse(t), ctx, 1).kind === "signIn" ? 1 : 0;
    }
  };
  chunks((c) => {
    s.push(d.decode(c));
    take();
  });
  s.push(d.end());
  take();
  return n;
}

if (wasmValidate() !== rows) throw new Error("the WebAssembly scanner does not accept every sample line");

const CONTENDERS: { label: string; run: () => number }[] = [
  { label: "decode + split + JSON.parse", run: () => decodeSplit(true) },
  { label: "decode + split", run: () => decodeSplit(false) },
  { label: "WebAssembly validate-only (bytes)", run: wasmValidate },
  { label: "WebAssembly fields (Graph mapper's keys)", run: () => wasmFields(false) },
  { label: "decode + split + JSON.parse + map", run: decodeParseMap },
  { label: "WebAssembly fields + map", run: () => wasmFields(true) },
];

/** V8's collector when exposed (`--v8-flags=--expose-gc`, as `deno task bench` runs this). */
const gc = (globalThis as { gc?: () => void }).gc;
const cpu: number[][] = CONTENDERS.map(() => []);
const wall: number[][] = CONTENDERS.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < CONTENDERS.length; k++) {
    const i = (k + r) % CONTENDERS.length; // rotate the order each round
    gc?.(); // the garbage of the contender before is not this one's
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    CONTENDERS[i]!.run();
    wall[i]!.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[i]!.push((c.user + c.system) / 1000);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(cpu[0]!);
const mib = bytes.length / 1_048_576;
console.log(
  `${rows.toLocaleString("en-US")} sample sign-ins, ${mib.toFixed(1)} MiB of NDJSON in 1 MiB chunks; ` +
    `median of ${rounds} rounds, order rotated${gc === undefined ? ", no forced GC" : ""}; load ${
      Deno.loadavg().map((x) => x.toFixed(2)).join(" ")
    }`,
);
for (let i = 0; i < CONTENDERS.length; i++) {
  const c = median(cpu[i]!);
  const w = median(wall[i]!);
  console.log(
    `  ${CONTENDERS[i]!.label.padEnd(36)} CPU ${c.toFixed(0).padStart(6)} ms  ${(c / base).toFixed(3)}×  ` +
      `wall ${w.toFixed(0).padStart(6)} ms  ${(mib / (w / 1000)).toFixed(0)} MiB/s`,
  );
}
