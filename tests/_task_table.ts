/**
 * Test helper: the table of user-facing tasks the hostile-input, secret-hygiene and
 * least-privilege tests run, and a guarded runner that starts a task through its own deno.json
 * entry (`deno task NAME`, so its permission flags are in force) with a timeout, a peak-RSS
 * measurement and a private HOME/TMPDIR.
 *
 * **A new task is one row in {@linkcode TASK_TABLE}.** A row is only used once its deno.json
 * entry exists; the permission test fails for a deno.json task that has no row.
 *
 * @module
 */
import { PROJECT_ROOT } from "./_run_task.ts";

export { PROJECT_ROOT };

/**
 * Which input reader an input option goes through (heavy corpus cases run once per reader,
 * light ones through every input of every task).
 */
export type ReaderFamily = "mfa-server" | "registration" | "signins" | "policy" | "ca-policies" | "baseline";

/** One option of a task that reads a user-supplied file. */
export interface TaskInput {
  /** The reader behind it. */
  reader: ReaderFamily;
  /** Arguments that make the task read `file` through this input (plus whatever else it needs). */
  args: (file: string) => string[];
  /** The run writes no report (e.g. a validate-only mode): no `--out` is added or expected. */
  noOut?: true;
}

/** How wide a task's network / environment access may be. */
export type Reach = "none" | "graph";

/** One task under test. */
export interface TaskRow {
  /** Task name in deno.json. */
  name: string;
  /** Network and environment: `none` (files only) or `graph` (Graph and sign-in hosts + loopback; auth env vars; `az`). */
  reach: Reach;
  /** Environment variables beyond lib/graph's AUTH_ENV_NAMES the task may read (e.g. CI summary files). */
  extraEnv?: readonly string[];
  /** Why `--allow-read` / `--allow-write` may be unscoped (user-chosen paths); absent = must be scoped. */
  unscopedIo?: string;
  /** The options that read user files (the hostile corpus goes through each); empty for none. */
  inputs: readonly TaskInput[];
  /** Arguments of a real run against the local Graph server at `url`; absent for file-only tasks. */
  graph?: (url: string) => string[];
  /** Arguments of a real run on a good fixture (paths relative to the project root). */
  fixture?: string[];
  /** Arguments that send the output to `path` (the path decides the format). */
  out: (path: string) => string[];
  /** Output formats the task writes to a file, by extension; the first is used for real runs. */
  outFormats: readonly string[];
  /** The entry must cap the V8 heap (`--v8-flags=--max-old-space-size=…`): the task can read large inputs. */
  heapCap?: true;
  /** The task queries Log Analytics (`--source log-analytics`): its entry grants exactly the LA_NET_HOSTS too. */
  logAnalytics?: true;
  /** Exit codes of a successful run (default `[0]`; e.g. 3 = a compliance threshold not met). */
  okCodes?: readonly number[];
}

const GRAPH_WINDOW = ["--now", "2024-05-06T00:00:00Z"];

/** The user-facing tasks. Add a row when a task gets a deno.json entry. */
export const TASK_TABLE: readonly TaskRow[] = [
  {
    name: "mfa-server-report",
    reach: "none",
    unscopedIo: "reads the --from files and writes the --out file the user names",
    inputs: [{ reader: "mfa-server", args: (f) => ["--from", f] }],
    fixture: ["--from", "testdata/mfa_server/all_codes.csv"],
    out: (p) => ["--out", p],
    outFormats: ["md", "csv", "json"],
  },
  {
    name: "registered-users",
    reach: "graph",
    unscopedIo: "reads --from/--exclude files and writes the --out file the user names",
    inputs: [{ reader: "registration", args: (f) => ["--from", f] }],
    graph: (url) => ["--graph-url", url, "--budget", "0"],
    fixture: ["--from", "testdata/registration/msonline_export.csv"],
    out: (p) => ["--out", p],
    outFormats: ["md", "csv", "json"],
  },
  {
    name: "unregistered-users",
    reach: "graph",
    unscopedIo: "reads --from/--exclude files and writes the --out file the user names",
    inputs: [{ reader: "registration", args: (f) => ["--from", f] }],
    graph: (url) => ["--graph-url", url, "--budget", "0"],
    fixture: ["--from", "testdata/registration/msonline_export.csv"],
    out: (p) => ["--out", p],
    outFormats: ["md", "csv", "json"],
  },
  {
    name: "registration-report",
    reach: "graph",
    unscopedIo: "reads --from/--exclude files and writes the --out file the user names",
    inputs: [{ reader: "registration", args: (f) => ["--from", f] }],
    graph: (url) => ["--graph-url", url, "--budget", "0"],
    fixture: ["--from", "testdata/registration/registration_export.csv"],
    out: (p) => ["--out", p],
    outFormats: ["md", "json"],
  },
  {
    name: "per-user-mfa",
    reach: "graph",
    unscopedIo:
      "reads the client certificate / federated token file the environment names and writes the --out file the user names",
    inputs: [],
    graph: (url) => ["--graph-url", url, "--budget", "0"],
    out: (p) => ["--out", p],
    outFormats: ["csv", "json"],
  },
  {
    name: "signins-report",
    heapCap: true,
    logAnalytics: true,
    reach: "graph",
    unscopedIo:
      "reads --from/--with-registration/--redact-key-file files and writes the --out file the user names",
    inputs: [{ reader: "signins", args: (f) => ["--from", f, ...GRAPH_WINDOW] }],
    graph: (url) => ["--graph-url", url, "--budget", "0", ...GRAPH_WINDOW, "--days", "3"],
    // graph.ndjson holds 4 bad rows of 12 on purpose: allowed here, so the fixture run writes a report
    fixture: ["--from", "testdata/signins/graph.ndjson", "--max-bad-rows", "50%", ...GRAPH_WINDOW],
    out: (p) => ["--out", p],
    outFormats: ["md", "csv", "json"],
  },
  {
    name: "signins-export",
    reach: "graph",
    unscopedIo: "writes the --out file the user names and its checkpoint next to it (read back by --resume)",
    inputs: [],
    // --retry-delay-ms (hidden, for tests): a persistently failing server fails the run in about a
    // second instead of after the minutes of back-off a real export allows
    graph: (url) => [
      "--graph-url",
      url,
      "--budget",
      "0",
      "--since",
      "2024-05-03T00:00:00Z",
      "--until",
      "2024-05-06T00:00:00Z",
      "--retry-delay-ms",
      "1",
    ],
    out: (p) => ["--out", p],
    outFormats: ["ndjson"],
  },
  {
    name: "compliance-report",
    heapCap: true,
    logAnalytics: true,
    reach: "graph",
    extraEnv: ["GITHUB_STEP_SUMMARY", "TF_BUILD"],
    unscopedIo:
      "reads the policy and input files and writes --out/--json/--junit and the CI step summary the user names",
    inputs: [{ reader: "policy", args: (f) => ["--policy", f, "--check-policy"], noOut: true }],
    graph: (url) => [
      "--policy",
      "testdata/compliance/passing.jsonc",
      "--graph-url",
      url,
      "--budget",
      "0",
      ...GRAPH_WINDOW,
      "--days",
      "3",
    ],
    out: (p) => ["--out", p],
    outFormats: ["md"],
    okCodes: [0, 3],
  },
];

/** Developer tasks (not run by admins against a tenant): exempt from the narrow-permission rules. */
export const DEVELOPER_TASKS: Readonly<Record<string, string>> = {
  test: "runs the test suite, which spawns tasks and local servers",
  ci: "runs fmt, lint, check and the test suite",
  bench: "runs benchmarks, each in its own deno subprocess",
  demo: "runs every report on the built-in sample tenant (loopback only, writes ./demo-reports/)",
  "serve-sample":
    "serves the generated sample tenant on 127.0.0.1 until Ctrl-C (loopback only; reads and writes nothing)",
  schemas: "writes schemas/*.schema.json from the code's zod schemas (no read, net or env)",
  "build-wasm":
    "compiles lib/io/wasm/json_scan.as with the pinned AssemblyScript compiler into lib/io/wasm/json_scan_wasm.ts (the compiler reads the CI variable)",
};

/** The `tasks` of deno.json as name → command line. */
export async function readDenoTasks(): Promise<Record<string, string>> {
  const json = JSON.parse(await Deno.readTextFile(`${PROJECT_ROOT}deno.json`)) as {
    tasks?: Record<string, string | { command?: string }>;
  };
  const out: Record<string, string> = {};
  for (const [name, t] of Object.entries(json.tasks ?? {})) {
    const command = typeof t === "string" ? t : t.command;
    if (typeof command === "string") out[name] = command;
  }
  return out;
}

/** The rows of {@linkcode TASK_TABLE} whose task exists in deno.json. */
export async function tasksUnderTest(): Promise<TaskRow[]> {
  const tasks = await readDenoTasks();
  return TASK_TABLE.filter((t) => t.name in tasks);
}

/** What a guarded run produced. */
export interface GuardedRun {
  /** Exit code (the task's, or 124 after a timeout kill). */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
  /** The run was killed after the timeout. */
  timedOut: boolean;
  /** Peak resident set size of the task process tree in KiB (GNU time, else /proc sampling); null when unknown. */
  peakRssKiB: number | null;
  /** Wall-clock milliseconds. */
  ms: number;
}

/** Options of {@linkcode runTaskGuarded}. */
export interface GuardOptions {
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Kill the run after this many ms (default 60,000). */
  timeoutMs?: number;
  /** HOME and TMPDIR of the run (default: a fresh temp dir, removed afterwards). */
  home?: string;
}

let gnuTime: Promise<boolean> | undefined;

/** Whether `/usr/bin/time` is GNU time (`-f %M -o FILE`), which reports the peak RSS of a process tree. */
export function hasGnuTime(): Promise<boolean> {
  gnuTime ??= (async () => {
    try {
      const f = await Deno.makeTempFile();
      const r = await new Deno.Command("/usr/bin/time", { args: ["-f", "%M", "-o", f, "true"] }).output();
      const ok = r.success && /^\d+\s*$/.test(await Deno.readTextFile(f));
      await Deno.remove(f);
      return ok;
    } catch {
      return false;
    }
  })();
  return gnuTime;
}

let denoDir: Promise<string | undefined> | undefined;

/** The Deno cache directory, so runs can have a private HOME and still find their npm packages. */
export function resolveDenoDir(): Promise<string | undefined> {
  denoDir ??= (async () => {
    const fromEnv = Deno.env.get("DENO_DIR");
    if (fromEnv) return fromEnv;
    const r = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stderr: "null" }).output();
    try {
      return (JSON.parse(new TextDecoder().decode(r.stdout)) as { denoDir?: string }).denoDir;
    } catch {
      return undefined;
    }
  })();
  return denoDir;
}

/** Start time of each process seen by the last scan (tells a pid apart from a reused one). */
const starts = new Map<number, string>();

/** The start time of a live process, or undefined when it is gone. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Parent pid of every process (Linux /proc; empty elsewhere), retried when a scan races with exits. */
function parentMap(): Map<number, number[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const children = new Map<number, number[]>();
    starts.clear();
    try {
      for (const e of Deno.readDirSync("/proc")) {
        if (!/^\d+$/.test(e.name)) continue;
        try {
          const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
          // "pid (comm) state ppid …"; comm may contain spaces and parentheses
          const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          const ppid = Number(rest[1]);
          starts.set(Number(e.name), rest[19] ?? ""); // field 22: start time
          const list = children.get(ppid) ?? [];
          list.push(Number(e.name));
          children.set(ppid, list);
        } catch { /* the process is gone */ }
      }
      return children;
    } catch { /* the listing changed under us: scan again */ }
  }
  return new Map();
}

/** Pids of every descendant of `pid` (Linux /proc; empty elsewhere). */
export function descendantsOf(pid: number): number[] {
  const children = parentMap();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** The processes of a child's tree, remembered while it runs; see {@linkcode watchProcessTree}. */
export interface ProcessTree {
  /** Scans for new descendants; returns the root and every process seen so far. */
  watch(): number[];
  /** SIGKILLs every process seen (that still is the same process) and the root. */
  killAll(): void;
}

/**
 * Remembers every process of `child`'s tree while it runs (call `watch()` now and then), so that
 * after a timeout the tree is killed even when its root is already gone, a descendant started a
 * new session (a pseudo-terminal) or a /proc scan missed a process.
 */
export function watchProcessTree(child: Deno.ChildProcess): ProcessTree {
  const known = new Map<number, string>(); // pid → start time
  const watch = () => {
    for (const p of descendantsOf(child.pid)) if (!known.has(p)) known.set(p, starts.get(p) ?? "");
    return [child.pid, ...known.keys()];
  };
  return {
    watch,
    killAll() {
      watch();
      for (const [p, start] of [...known].reverse()) {
        if (startTimeOf(p) !== start) continue; // exited (the pid may belong to another process now)
        try {
          Deno.kill(p, "SIGKILL");
        } catch { /* gone */ }
      }
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    },
  };
}

function vmHwmKiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `deno task <name> <args>` from the project root with a cleared environment (PATH,
 * DENO_DIR, NO_COLOR, TZ=UTC, a private HOME/TMPDIR, plus `env`), no stdin, a timeout that
 * kills the whole process tree, and the peak RSS of the tree.
 */
export async function runTaskGuarded(
  name: string,
  args: readonly string[],
  options: GuardOptions = {},
): Promise<GuardedRun> {
  const ownHome = options.home === undefined;
  const home = options.home ?? await Deno.makeTempDir({ prefix: "task-home-" });
  const cache = await resolveDenoDir();
  const env: Record<string, string> = {
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    TZ: "UTC",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: home,
    TMPDIR: home,
    ...(cache !== undefined ? { DENO_DIR: cache } : {}),
    ...(options.env ?? {}),
  };
  const gnu = await hasGnuTime();
  const rssFile = gnu ? await Deno.makeTempFile({ prefix: "task-rss-" }) : undefined;
  const taskArgs = ["task", "-q", name, ...args];
  const started = performance.now();
  const child = new Deno.Command(rssFile !== undefined ? "/usr/bin/time" : Deno.execPath(), {
    args: rssFile !== undefined ? ["-f", "%M", "-o", rssFile, Deno.execPath(), ...taskArgs] : taskArgs,
    cwd: PROJECT_ROOT,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  let sampled = 0;
  const tree = watchProcessTree(child);
  const watch = () => {
    const pids = tree.watch();
    if (!gnu) { for (const p of pids) sampled = Math.max(sampled, vmHwmKiB(p)); }
  };
  const killAll = () => {
    watch();
    tree.killAll();
  };
  const watcher = setInterval(() => (timedOut ? killAll() : watch()), 250);
  const timer = setTimeout(() => {
    timedOut = true;
    killAll();
  }, options.timeoutMs ?? 60_000);
  try {
    const out = await child.output();
    const ms = performance.now() - started;
    let peak: number | null = gnu ? null : (sampled > 0 ? sampled : null);
    if (rssFile !== undefined) {
      const m = /(\d+)\s*$/.exec(await Deno.readTextFile(rssFile));
      if (m) peak = Number(m[1]);
    }
    const dec = new TextDecoder("utf-8", { ignoreBOM: true });
    return {
      code: timedOut ? 124 : out.code,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr),
      timedOut,
      peakRssKiB: peak,
      ms,
    };
  } finally {
    clearTimeout(timer);
    clearInterval(watcher);
    if (rssFile !== undefined) await Deno.remove(rssFile).catch(() => {});
    if (ownHome) await Deno.remove(home, { recursive: true }).catch(() => {});
  }
}

/** Every file under `dir` (relative paths, sorted), skipping the named top-level folders. */
export async function listTree(dir: string, skip: readonly string[] = []): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(rel === "" ? dir : `${dir}/${rel}`)) {
      const p = rel === "" ? e.name : `${rel}/${e.name}`;
      if (rel === "" && skip.includes(e.name)) continue;
      if (e.isDirectory) await walk(p);
      else out.push(p);
    }
  };
  await walk("");
  return out.sort();
}

/**
 * Runs `jobs` with at most `limit` at a time, in order of start; results in input order.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
