/**
 * `deno task serve-sample`: the local Graph-compatible server with a generated sample tenant on
 * 127.0.0.1, until Ctrl-C. Scaffolding for trying the toolkit without a tenant: the work is in
 * `dev/graph_server/serve_sample.ts`.
 *
 * Permissions: `--allow-net=127.0.0.1` (listen on loopback only). Nothing is read or written.
 *
 * @module
 */
import { runMain } from "../lib/cli/mod.ts";
import { parseServeSampleArgs, runServeSample, SERVE_SAMPLE_TASK } from "../dev/graph_server/serve_sample.ts";

/** Runs the task. */
export function main(argv: string[]): Promise<number> {
  return runServeSample(parseServeSampleArgs(argv));
}

if (import.meta.main) runMain(SERVE_SAMPLE_TASK, main);
