/**
 * Where a V8 CPU profile (`deno run --cpu-prof …`) spent its time: self and inclusive time per
 * function and per file, as shares of the samples. A function that recurses, or a file whose
 * functions call each other, counts once per sample in the inclusive figures.
 *
 * `deno run --allow-read scripts/cpu_profile.ts FILE.cpuprofile [--top N] [--match TEXT]`
 * (`--match` keeps only the rows whose name or file contains TEXT).
 *
 * @module
 */

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: readonly {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: readonly number[];
  }[];
  samples: readonly number[];
  timeDeltas: readonly number[];
}

/** Time (µs) per key, by self and inclusive time, per function and per file. */
export interface ProfileSummary {
  /** All the sampled time, µs. */
  totalUs: number;
  selfByFunction: Map<string, number>;
  inclusiveByFunction: Map<string, number>;
  selfByFile: Map<string, number>;
  inclusiveByFile: Map<string, number>;
}

/** A file's short name: from `lib/`, `tasks/`, … on, else the URL (or the function's name for V8's own rows). */
function fileOf(url: string, name: string): string {
  if (url === "") return `(${name.replace(/^\(|\)$/g, "")})`;
  const m = /\/(lib|tasks|bench|dev|scripts|node_modules)\/.*$/.exec(url);
  return m !== null ? m[0].slice(1) : url;
}

/**
 * Adds up a profile's samples per function (`name file:line`) and per file.
 *
 * @param p the parsed profile
 * @returns the times
 *
 * @example Self and inclusive time
 * ```ts
 * import { summarizeCpuProfile } from "./cpu_profile.ts";
 * import assert from "node:assert/strict";
 * const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
 * const s = summarizeCpuProfile({
 *   nodes: [
 *     { id: 1, callFrame: frame("(root)", ""), children: [2] },
 *     { id: 2, callFrame: frame("outer", "file:///r/lib/a.ts"), children: [3] },
 *     { id: 3, callFrame: frame("inner", "file:///r/lib/b.ts") },
 *   ],
 *   samples: [2, 3, 3],
 *   timeDeltas: [0, 10, 20, 30],
 * });
 * assert.equal(s.totalUs, 60);
 * assert.equal(s.selfByFunction.get("outer lib/a.ts:1"), 10);
 * assert.equal(s.inclusiveByFunction.get("outer lib/a.ts:1"), 60);
 * assert.equal(s.inclusiveByFile.get("lib/b.ts"), 50);
 * ```
 */
export function summarizeCpuProfile(p: CpuProfile): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // a sample's time is the delta to the next sample (the last one's is unknown: not counted)
  const selfOfNode = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    selfOfNode.set(id, (selfOfNode.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
  }
  const s: ProfileSummary = {
    totalUs: 0,
    selfByFunction: new Map(),
    inclusiveByFunction: new Map(),
    selfByFile: new Map(),
    inclusiveByFile: new Map(),
  };
  const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
  for (const [id, t] of selfOfNode) {
    s.totalUs += t;
    const fns = new Set<string>(), files = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      const file = fileOf(f.url, f.functionName || "(anonymous)");
      const fn = `${f.functionName || "(anonymous)"} ${f.url === "" ? "" : `${file}:${f.lineNumber + 1}`}`
        .trim();
      if (at === id) {
        add(s.selfByFunction, fn, t);
        add(s.selfByFile, file, t);
      }
      fns.add(fn);
      files.add(file);
    }
    for (const fn of fns) add(s.inclusiveByFunction, fn, t);
    for (const file of files) add(s.inclusiveByFile, file, t);
  }
  return s;
}

/**
 * The largest entries of a map of times as text lines: share, ms, key.
 *
 * @param times µs per key
 * @param totalUs the whole (for the share)
 * @param top how many lines
 * @param match keep only keys containing it ("" keeps all)
 * @returns the lines
 *
 * @example
 * ```ts
 * import { topLines } from "./cpu_profile.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(topLines(new Map([["a", 1000], ["b", 3000]]), 4000, 1, ""), ["  75.0 %      3 ms  b"]);
 * ```
 */
export function topLines(times: Map<string, number>, totalUs: number, top: number, match: string): string[] {
  return [...times].filter(([k]) => k.includes(match)).sort((a, b) => b[1] - a[1]).slice(0, top).map((
    [k, t],
  ) => `${(100 * t / totalUs).toFixed(1).padStart(6)} % ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

if (import.meta.main) {
  const args = [...Deno.args];
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const top = Number(option("--top") ?? 30), match = option("--match") ?? "";
  if (args.length !== 1 || !Number.isInteger(top) || top < 1) {
    console.error("usage: cpu_profile.ts FILE.cpuprofile [--top N] [--match TEXT]");
    Deno.exitCode = 2;
  } else {
    const s = summarizeCpuProfile(JSON.parse(await Deno.readTextFile(args[0]!)) as CpuProfile);
    const sections: [string, Map<string, number>][] = [
      ["Self time by function", s.selfByFunction],
      ["Inclusive time by function", s.inclusiveByFunction],
      ["Self time by file", s.selfByFile],
      ["Inclusive time by file", s.inclusiveByFile],
    ];
    console.log(`${args[0]}: ${(s.totalUs / 1e6).toFixed(2)} s sampled`);
    for (const [title, times] of sections) {
      console.log(`\n${title}`);
      for (const line of topLines(times, s.totalUs, top, match)) console.log(line);
    }
  }
}
