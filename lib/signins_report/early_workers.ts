/**
 * Chunk workers started before the report's own modules are evaluated (`signins-report --threads`
 * on one large file): a worker takes ~0.2–0.3 s to load and compile its ~120 modules, which,
 * started when the report reaches the file, it spent while the main thread was already reading
 * its chunk, so the worker's chunk ended that much later. Imported first by
 * `tasks/signins_report.ts`, this module looks at the command line (`--from` one file of at least
 * {@linkcode MIN_CHUNKED_BYTES}, `--threads` or its default) and, when the task is the main
 * module, starts the workers the report will ask for; {@linkcode takeChunkWorker} hands them to
 * chunked.ts's pool (or starts one). A guess that misses costs one idle worker's start.
 *
 * @module
 */
import { defaultThreads, parseThreads } from "../options/common.ts";

/** The smallest file (bytes on disk) read by several threads. */
export const MIN_CHUNKED_BYTES = 16 * 1024 * 1024;

/** A worker started early, with the error it reported before a pool took it. */
interface EarlyWorker {
  worker: Worker;
  failure: string | null;
}

const early: EarlyWorker[] = [];

/** Starts a chunk worker (chunk_worker.ts). */
function newChunkWorker(): Worker {
  return new Worker(new URL("./chunk_worker.ts", import.meta.url).href, { type: "module" });
}

/**
 * How many chunk workers `signins-report` will start for these arguments: `--threads` (or its
 * default) less the main thread for one uncompressed `--from` file of at least
 * {@linkcode MIN_CHUNKED_BYTES}, all of them for a `.gz` file, else none (several files, stdin,
 * another source, a small or unreadable file, arguments it cannot tell).
 *
 * @param argv the task's arguments
 * @param cores logical cores (for the `--threads` default)
 * @param sizeOf a file's size in bytes, or null when unknown
 * @returns workers to start early
 *
 * @example
 * ```ts
 * import { earlyWorkerCount } from "./early_workers.ts";
 * import assert from "node:assert/strict";
 * const size = (p: string) => p.startsWith("big") ? 1e9 : 1000;
 * assert.equal(earlyWorkerCount(["--from", "big.ndjson", "--threads", "2"], 8, size), 1);
 * assert.equal(earlyWorkerCount(["--from=big.ndjson.gz", "--threads=2"], 8, size), 2);
 * assert.equal(earlyWorkerCount(["--from", "big.ndjson"], 2, size), 1);
 * assert.equal(earlyWorkerCount(["--from", "small.ndjson", "--threads", "2"], 8, size), 0);
 * assert.equal(earlyWorkerCount(["--from", "big.a", "big.b", "--threads", "2"], 8, size), 0);
 * assert.equal(earlyWorkerCount(["--from", "big.ndjson", "--threads", "1"], 8, size), 0);
 * ```
 */
export function earlyWorkerCount(
  argv: readonly string[],
  cores: number,
  sizeOf: (path: string) => number | null,
): number {
  const files: string[] = [];
  let threads: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    const inline = name === a ? undefined : a.slice(eq + 1);
    if (name === "--threads") {
      try {
        threads = parseThreads(inline ?? argv[++i] ?? "");
      } catch {
        return 0; // the task's own parse reports it
      }
    } else if (name === "--from") {
      if (inline !== undefined) files.push(inline);
      for (; i + 1 < argv.length && (argv[i + 1] === "-" || !argv[i + 1]!.startsWith("-")); i++) {
        files.push(argv[i + 1]!);
      }
    } else if (name === "--source" || name === "--help" || name === "-h") return 0;
  }
  const n = threads ?? defaultThreads(cores);
  if (files.length !== 1 || files[0] === "-" || n < 2) return 0;
  const size = sizeOf(files[0]!);
  if (size === null || size < MIN_CHUNKED_BYTES) return 0;
  return /\.gz$/i.test(files[0]!) ? n : n - 1;
}

/**
 * Starts `n` chunk workers now, for {@linkcode takeChunkWorker}.
 *
 * @param n workers
 */
export function startEarlyWorkers(n: number): void {
  for (let i = 0; i < n; i++) {
    const e: EarlyWorker = { worker: newChunkWorker(), failure: null };
    e.worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      e.failure ??= `a worker failed: ${ev.message}`;
    };
    early.push(e);
  }
}

/**
 * A chunk worker: one started early, or a new one.
 *
 * @returns the worker, and the error it reported before it was taken (null: none)
 */
export function takeChunkWorker(): { worker: Worker; failure: string | null } {
  return early.shift() ?? { worker: newChunkWorker(), failure: null };
}

/** Stops the workers started early that no pool took. */
export function dropEarlyWorkers(): void {
  for (const e of early.splice(0)) e.worker.terminate();
}

/** A file's size, when this process may read it (never a permission prompt). */
function statSize(path: string): number | null {
  try {
    if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") return null;
    return Deno.statSync(path).size;
  } catch {
    return null;
  }
}

if (Deno.mainModule === new URL("../../tasks/signins_report.ts", import.meta.url).href) {
  startEarlyWorkers(earlyWorkerCount(Deno.args, navigator.hardwareConcurrency, statSize));
}
