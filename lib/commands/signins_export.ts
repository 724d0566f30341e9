/**
 * `deno task signins-export`: raw Graph sign-ins for a window and event types as NDJSON (one
 * sign-in per line, as Graph returned it; `--gzip` compresses), read by several cursors at
 * once within the reports request budget, with a checkpoint after every page so `--resume`
 * continues after a crash, Ctrl-C, expired token or Graph failure without losing or
 * repeating a sign-in. The files feed `signins-report --from`.
 *
 * Exit codes: 0 complete; 1 stopped by a failure (checkpoint saved; rerun with `--resume`);
 * 2 usage; 130 stopped by Ctrl-C (checkpoint saved).
 *
 * Permissions: net to the Graph and sign-in hosts, IMDS, the CI OIDC hosts and loopback, env for
 * the auth variables, `--allow-run=az` (`--auth azure-cli`), read and write for the output. A token
 * from a credential is renewed before it expires, so long exports keep going.
 *
 * @module
 */
import { Option } from "commander";
import { createTaskCommand, ctrlCMeaning, parseIntOption, UsageError } from "../cli/mod.ts";
import {
  DEFAULT_REPORTS_BUDGET,
  DEFAULT_REQUEST_LIMITS,
  RequestBudget,
  type RequestBudgetOptions,
} from "../graph/mod.ts";
import type { AuthEnv, GraphClientConfig } from "../graph/mod.ts";
import type { SignInEventType } from "../classify/mod.ts";
import {
  exportPaths,
  formatExportProgress,
  formatExportSummary,
  runSignInsExport,
  type SignInsExportOptions,
} from "../export/mod.ts";
import {
  addGraphOptions,
  addOptions,
  addTaskHelp,
  DEFAULT_EVENT_TYPES,
  GRAPH_ENV,
  graphClientSettingsFromOptions,
  graphRetryNotes,
  MAX_DAYS,
  OUT,
  parseCommandLine,
  parseDays,
  parseEventTypes,
  resolveWindow,
  type TimeWindow,
  WINDOW_OPTIONS,
} from "../options/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";

/** The task name, as in `deno task signins-export`. */
export const SIGNINS_EXPORT_TASK = "signins-export";

/** Exit code after Ctrl-C (128 + SIGINT), the shell convention. */
export const EXIT_INTERRUPTED = 130;

/**
 * Requests per window the client allows itself, and the window, given the budget the user
 * asked for: the window is lengthened by 2 % + 50 ms so that requests delayed on their way
 * (a busy event loop, the network, a pause of the server) still arrive inside Graph's own
 * window. At Graph's 5 per 10 s that is 5 per 10.25 s (97.6 %).
 *
 * @example
 * ```ts
 * import { guardedBudget } from "./signins_export.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(guardedBudget({ requests: 5, windowMs: 10_000 }), { requests: 5, windowMs: 10_250 });
 * ```
 */
export function guardedBudget(nominal: RequestBudgetOptions): RequestBudgetOptions {
  return { requests: nominal.requests, windowMs: Math.round(nominal.windowMs * 1.02 + 50) };
}

/** Everything the command line decided. */
export interface SignInsExportPlan {
  /** Output file. */
  out: string;
  /** Resume the checkpoint next to `out`. */
  resume: boolean;
  /** Window, unless resuming without window options. */
  window?: TimeWindow;
  /** Event types, unless resuming without `--event-types`. */
  eventTypes?: SignInEventType[];
  /** gzip, unless resuming without `--gzip`. */
  gzip?: boolean;
  /** Client settings (auth, cloud, URL, limits); the run adds the retry notes on its log. */
  client: GraphClientConfig;
  /** The user's budget (undefined: `--budget 0`). */
  budget: RequestBudgetOptions | undefined;
  /** Cursors. */
  concurrency: number;
  /** `$top`. */
  top: number;
  /** Request (page) time-out, ms: `--request-timeout`, or the older `--page-timeout`. */
  pageTimeoutMs: number;
  /** First back-off delay, ms. */
  retryDelayMs: number;
}

/**
 * The command line of `signins-export`, for parsing and `--help`.
 *
 * @example
 * ```ts
 * import { signinsExportCommand } from "./signins_export.ts";
 * import { fullHelp } from "../options/mod.ts";
 * import assert from "node:assert/strict";
 * assert.match(fullHelp(signinsExportCommand()), /130 stopped by Ctrl-C/);
 * ```
 */
export function signinsExportCommand() {
  const cmd = createTaskCommand(
    SIGNINS_EXPORT_TASK,
    "Export raw sign-ins from Microsoft Graph to NDJSON, resumable, several cursors within the request budget " +
      "(--out is required: the checkpoint lives next to it).",
  );
  addOptions(cmd, ...WINDOW_OPTIONS, { def: OUT, defaultText: "none, required" });
  cmd
    .addOption(new Option("--gzip", "compress the output with gzip (implied by an --out name ending in .gz)"))
    .addOption(new Option("--resume", "continue the export recorded in OUT.state.json"))
    .addOption(new Option("--concurrency <n>", "cursors at most, 1–32 (default: 16)"))
    .addOption(new Option("--page-size <n>", "sign-ins per page ($top), 1–1000 (default: 1000)"))
    .addOption(
      new Option("--page-timeout <seconds>", "same as --request-timeout (kept for older scripts)").hideHelp(),
    )
    .addOption(new Option("--budget-window-ms <ms>", "length of the --budget window (tests)").hideHelp())
    .addOption(new Option("--retry-delay-ms <ms>", "first back-off delay (tests)").hideHelp());
  addGraphOptions(cmd);
  return addTaskHelp(cmd, {
    examples: [
      ["deno task signins-export --days 7 -o signins.ndjson.gz", "the last 7 days, gzip-compressed"],
      ["deno task signins-export -o signins.ndjson.gz --resume", "continue after a failure or Ctrl-C"],
      [
        "deno task signins-report --from signins.ndjson.gz -o report.md",
        "then report on the export without calling Graph again",
      ],
    ],
    env: GRAPH_ENV,
    exitCodes: [[130, "stopped by Ctrl-C (checkpoint saved; rerun with --resume)"]],
  });
}

/**
 * Parses the command line into a plan. Pure apart from reading nothing: the environment and
 * "now" are passed in.
 *
 * @throws {UsageError} for a bad or missing option
 *
 * @example
 * ```ts
 * import { parseSignInsExportArgs } from "./signins_export.ts";
 * import assert from "node:assert/strict";
 * const p = parseSignInsExportArgs(["--out", "s.ndjson.gz", "--days", "2", "--graph-url", "http://127.0.0.1:9"],
 *   {}, new Date("2026-11-20T00:00:00Z"));
 * assert.equal(p.gzip, true);
 * assert.equal(p.window?.from.toISOString(), "2026-11-18T00:00:00.000Z");
 * assert.deepEqual(p.eventTypes, ["interactiveUser", "nonInteractiveUser"]);
 * assert.deepEqual(p.budget, { requests: 5, windowMs: 10_000 });
 * const r = parseSignInsExportArgs(["--out", "s.ndjson", "--resume", "--graph-url", "http://127.0.0.1:9"], {}, new Date());
 * assert.equal(r.window, undefined);
 * assert.throws(() => parseSignInsExportArgs(["--days", "1"], {}, new Date()), /--out/);
 * ```
 */
export function parseSignInsExportArgs(argv: string[], env: AuthEnv, now: Date): SignInsExportPlan {
  const cmd = signinsExportCommand();
  const o = parseCommandLine<Record<string, string | boolean | undefined>>(cmd, argv);
  const str = (k: string) => (typeof o[k] === "string" ? o[k] as string : undefined);
  const out = str("out");
  if (out === undefined || out.trim() === "" || out === "-") {
    throw new UsageError(
      "Cannot export sign-ins without --out FILE: the export needs a file to checkpoint (stdout cannot resume)",
    );
  }
  const resume = o.resume === true;
  const client = graphClientSettingsFromOptions(o, env);
  const windowGiven = ["since", "until", "days"].some((k) => str(k) !== undefined);
  const plan: SignInsExportPlan = {
    out,
    resume,
    client,
    budget: undefined,
    concurrency: parseIntOption("--concurrency", str("concurrency") ?? "16", 1, 32),
    top: parseIntOption("--page-size", str("pageSize") ?? "1000", 1, 1000),
    pageTimeoutMs: str("pageTimeout") !== undefined
      ? 1000 * parseIntOption("--page-timeout", str("pageTimeout") as string, 1, 3600)
      : (client.limits?.timeoutMs ?? DEFAULT_REQUEST_LIMITS.timeoutMs),
    retryDelayMs: parseIntOption("--retry-delay-ms", str("retryDelayMs") ?? "1000", 0, 600_000),
  };
  if (!resume || windowGiven) {
    const days = str("days");
    plan.window = resolveWindow({
      since: str("since"),
      until: str("until"),
      days: days === undefined ? undefined : parseDays(days, "graph"),
      now,
      maxDays: MAX_DAYS.graph,
    });
  }
  if (!resume || str("eventTypes") !== undefined) {
    const types = str("eventTypes");
    plan.eventTypes = types === undefined ? [...DEFAULT_EVENT_TYPES] : parseEventTypes(types);
  }
  if (o.gzip === true || (!resume && out.toLowerCase().endsWith(".gz"))) plan.gzip = true;
  else if (!resume) plan.gzip = false;
  if (client.budget !== false) {
    const requests = (client.budget as RequestBudgetOptions | undefined)?.requests ??
      DEFAULT_REPORTS_BUDGET.requests;
    const windowMs = str("budgetWindowMs") !== undefined
      ? parseIntOption("--budget-window-ms", str("budgetWindowMs") as string, 1, 3_600_000)
      : DEFAULT_REPORTS_BUDGET.windowMs;
    plan.budget = { requests, windowMs };
  }
  return plan;
}

/**
 * Runs an export plan: Ctrl-C stops it at a checkpoint (twice: at once).
 *
 * @param plan the parsed command line
 * @param deps the I/O edges
 * @returns 0 complete, 1 stopped by a failure, 130 stopped by Ctrl-C
 */
export async function runSigninsExport(
  plan: SignInsExportPlan,
  deps: CommandDeps = defaultDeps(),
): Promise<number> {
  // One budget for every client (a new token means a new client): every attempt takes a slot,
  // and a Retry-After pauses it for all cursors. --budget 0 keeps a budget that never limits,
  // so Retry-After still holds everyone.
  const budget = new RequestBudget(
    plan.budget ? guardedBudget(plan.budget) : { requests: 1_000_000_000, windowMs: 1 },
  );
  // The export retries pages itself (Retry-After, back-off, splitting), so the client does not.
  const createClient = () =>
    deps.createGraphClient({
      ...plan.client,
      onRetryAfter: graphRetryNotes(deps.log),
      budget,
      maxRetries: 0,
      transientRetries: 0,
      limits: { ...plan.client.limits, timeoutMs: plan.pageTimeoutMs },
    });
  const kind = plan.client.auth.kind;
  const paths = exportPaths(plan.out);

  const controller = new AbortController();
  let firstSigintAt: number | undefined;
  const onSigint = () => {
    const now = performance.now();
    const meaning = ctrlCMeaning(firstSigintAt, now);
    if (meaning === "ignore") return; // the same keypress, delivered twice on a terminal
    firstSigintAt ??= now;
    if (meaning === "quit") {
      deps.log.warn(
        `stopped at once; the last checkpoint in ${paths.state} stays valid (rerun with --resume)`,
      );
      Deno.exit(EXIT_INTERRUPTED);
    }
    status.done();
    deps.log.note(
      "Stopping: writing the pages already received and saving the checkpoint (Ctrl-C again to quit now)",
    );
    controller.abort();
  };
  const status = deps.status();
  Deno.addSignalListener("SIGINT", onSigint);
  const options: SignInsExportOptions = {
    out: plan.out,
    resume: plan.resume,
    createClient,
    canRefreshToken: kind !== "token" && kind !== "none",
    concurrency: plan.concurrency,
    top: plan.top,
    retryDelayMs: plan.retryDelayMs,
    signal: controller.signal,
    onProgress: (p) => status.update(formatExportProgress(p)),
    onWarning: (m) => {
      status.done();
      deps.log.warn(m);
    },
  };
  if (plan.window) options.window = plan.window;
  if (plan.eventTypes) options.eventTypes = plan.eventTypes;
  if (plan.gzip !== undefined) options.gzip = plan.gzip;
  options.budgetPerSecond = plan.budget ? (1000 * plan.budget.requests) / plan.budget.windowMs : false;
  try {
    const result = await runSignInsExport(options);
    status.done();
    switch (result.kind) {
      case "complete":
        deps.log.plain(formatExportSummary(result.summary));
        return 0;
      case "interrupted":
        deps.log.plain(formatExportSummary(result.summary));
        deps.log.note(`Checkpoint saved in ${paths.state}; rerun with --resume to continue`);
        return EXIT_INTERRUPTED;
      case "stopped": {
        const first = result.error.message.split("\n")[0] ?? "";
        if (result.reason === "authentication") {
          const fix = kind === "token"
            ? "put a new token in GRAPH_ACCESS_TOKEN and rerun with --resume"
            : "check the sign-in settings and rerun with --resume";
          deps.log.error(`${first}; progress is saved in ${paths.state}: ${fix}`);
        } else {
          deps.log.error(`${first}; progress is saved in ${paths.state}: rerun with --resume to continue`);
        }
        deps.log.plain(formatExportSummary(result.summary));
        return 1;
      }
    }
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
    status.done();
  }
}

/**
 * The task: parses `argv` (environment and clock from `deps`) and runs it.
 *
 * @returns 0 complete, 1 stopped by a failure, 130 stopped by Ctrl-C; usage errors are thrown
 */
export function signinsExportMain(argv: string[], deps: CommandDeps = defaultDeps()): Promise<number> {
  return runSigninsExport(parseSignInsExportArgs(argv, deps.env(), deps.now()), deps);
}
