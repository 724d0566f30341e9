/**
 * Test helper: runs a task the way a user does, `deno task NAME ARGS…`, so the task's own
 * permission flags from deno.json are the ones in force (a missing or excess permission
 * fails the test). The environment is cleared except for what Deno needs to find its cache.
 *
 * @module
 */

/** What a finished task run produced. */
export interface TaskRun {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = new URL("..", import.meta.url).pathname;

/** The project root (absolute path, trailing slash). */
export const PROJECT_ROOT: string = ROOT;

/**
 * The environment a task under test gets: only what Deno needs to find its cache, no colour,
 * UTC, plus `extra` (which wins).
 *
 * @param extra variables to add, e.g. `GRAPH_ACCESS_TOKEN`
 */
export function taskEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", TZ: "UTC" };
  for (const k of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return Object.assign(env, extra);
}

/**
 * Runs `deno task <name> <args>` from the project root.
 *
 * @param name task name in deno.json
 * @param args arguments after the task name
 * @param options extra environment variables, stdin text, working directory
 */
export async function runDenoTask(
  name: string,
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; cwd?: string } = {},
): Promise<TaskRun> {
  const env = taskEnv(options.env);
  const cmd = new Deno.Command(Deno.execPath(), {
    // --config: from another folder (options.cwd), `deno task` still finds the project; the
    // task then sees that folder as INIT_CWD, as when a user runs it from there.
    args: ["task", "-q", `--config=${ROOT}deno.json`, name, ...args],
    cwd: options.cwd ?? ROOT,
    env,
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = cmd.spawn();
  if (options.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(options.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder("utf-8", { ignoreBOM: true });
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * The `deno run …` arguments of a task's deno.json entry (flags and script), for tests that must
 * signal the task process itself: `deno task` would put a shell process in between.
 *
 * @param name task name in deno.json
 * @returns e.g. `["run", "--allow-read", …, "tasks/x.ts"]` with the script made absolute
 */
export async function taskRunArgs(name: string): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  const command: unknown = config.tasks?.[name]?.command;
  if (typeof command !== "string" || !command.startsWith("deno run ")) {
    throw new Error(`Cannot find task ${JSON.stringify(name)}: expected a "deno run …" entry in deno.json`);
  }
  const words = command.split(/\s+/).slice(1);
  return words.map((w) => (w.endsWith(".ts") && !w.startsWith("-") ? `${ROOT}${w}` : w));
}
