/**
 * The Graph and sign-in options every Graph-reading task shares (`--cloud`, `--graph-url`,
 * `--tenant`, `--auth`, `--budget` and the request limits), defined once, and their values, with
 * the environment, made into a {@linkcode GraphClientConfig} (`graphClientConfigFromOptions`, with the
 * retry notes going to the log the command is given).
 *
 * @module
 */
import type { Command } from "commander";
import { parseIntOption } from "../cli/command.ts";
import { AUTH_MODES, type AuthEnv, resolveAuthConfig } from "../graph/auth_config.ts";
import { DEFAULT_REPORTS_BUDGET } from "../graph/budget.ts";
import type { GraphClientConfig } from "../graph/client.ts";
import { GRAPH_CLOUDS, resolveGraphEndpoint } from "../graph/cloud.ts";
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from "../graph/guard.ts";
import { addOptions, type OptionDef, type OptionUse } from "./define.ts";

/** The parsed shared options (commander's camelCase names). */
export interface GraphCliOptions {
  /** `--cloud` */
  cloud?: string;
  /** `--graph-url` */
  graphUrl?: string;
  /** `--tenant` */
  tenant?: string;
  /** `--auth` */
  auth?: string;
  /** `--budget` (requests per 10 s, 0 = no client-side limit) */
  budget?: string;
  /** `--request-timeout` (seconds per request) */
  requestTimeout?: string;
  /** `--max-response-mb` (MiB per response body, decoded) */
  maxResponseMb?: string;
  /** `--max-retry-wait` (seconds: the longest Retry-After honoured) */
  maxRetryWait?: string;
  /** `--max-pages` (pages per collection or export slice) */
  maxPages?: string;
  /** `--max-empty-pages` (empty pages in a row that still have a nextLink) */
  maxEmptyPages?: string;
}

/**
 * The request limits options, defined once: name, help, default, range, and the
 * {@linkcode RequestLimits} field they set (value × scale).
 */
export const LIMIT_OPTIONS = [
  {
    flag: "--request-timeout",
    key: "requestTimeout",
    field: "timeoutMs",
    unit: "seconds",
    scale: 1000,
    min: 1,
    max: 3600,
    help: "time-out per Graph request, headers and body",
  },
  {
    flag: "--max-response-mb",
    key: "maxResponseMb",
    field: "maxResponseBytes",
    unit: "MiB",
    scale: 1024 * 1024,
    min: 1,
    max: 4096,
    help: "largest Graph response body, once decoded; a larger one is refused",
  },
  {
    flag: "--max-retry-wait",
    key: "maxRetryWait",
    field: "maxRetryWaitMs",
    unit: "seconds",
    scale: 1000,
    min: 0,
    max: 86_400,
    help: "longest Retry-After honoured; a longer, negative or unreadable one fails the run",
  },
  {
    flag: "--max-pages",
    key: "maxPages",
    field: "maxPages",
    unit: "pages",
    scale: 1,
    min: 1,
    max: 100_000_000,
    help: "pages per Graph collection (per slice for signins-export)",
  },
  {
    flag: "--max-empty-pages",
    key: "maxEmptyPages",
    field: "maxEmptyPages",
    unit: "pages",
    scale: 1,
    min: 0,
    max: 1_000_000,
    help: "empty pages in a row that still point to a next page",
  },
] as const satisfies readonly {
  flag: string;
  key: keyof GraphCliOptions;
  field: keyof RequestLimits;
  unit: string;
  scale: number;
  min: number;
  max: number;
  help: string;
}[];

/**
 * The request limits the options ask for (defaults for those not given).
 *
 * @throws {UsageError} for a value out of range
 *
 * @example
 * ```ts
 * import { requestLimitsFromOptions } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const l = requestLimitsFromOptions({ requestTimeout: "5", maxResponseMb: "1" });
 * assert.equal(l.timeoutMs, 5000);
 * assert.equal(l.maxResponseBytes, 1024 * 1024);
 * assert.equal(l.maxRetryWaitMs, 300_000);
 * assert.throws(() => requestLimitsFromOptions({ requestTimeout: "0" }), /--request-timeout/);
 * ```
 */
export function requestLimitsFromOptions(options: GraphCliOptions): RequestLimits {
  return { ...DEFAULT_REQUEST_LIMITS, ...givenRequestLimits(options) };
}

/**
 * Only the request limits the options give (checked), without defaults for the others: a client
 * with defaults of its own (Log Analytics) keeps them.
 *
 * @throws {UsageError} for a value out of range
 *
 * @example
 * ```ts
 * import { givenRequestLimits } from "./graph.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(givenRequestLimits({ requestTimeout: "5" }), { timeoutMs: 5000 });
 * assert.deepEqual(givenRequestLimits({}), {});
 * ```
 */
export function givenRequestLimits(options: GraphCliOptions): Partial<RequestLimits> {
  const limits: Partial<RequestLimits> = {};
  for (const o of LIMIT_OPTIONS) {
    const v = options[o.key];
    if (v !== undefined) limits[o.field] = parseIntOption(o.flag, v, o.min, o.max) * o.scale;
  }
  return limits;
}

/**
 * The stderr note when Graph asks to wait: how long and until when.
 *
 * @example
 * ```ts
 * import { retryWaitNote } from "./graph.ts";
 * import assert from "node:assert/strict";
 * assert.equal(retryWaitNote(120_000, 429, Date.parse("2026-12-06T20:00:00Z")),
 *   "Graph answered 429 with Retry-After 120 s: waiting until 2026-12-06T20:02:00Z");
 * ```
 */
export function retryWaitNote(ms: number, status: number, nowMs = Date.now()): string {
  const until = new Date(nowMs + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `Graph answered ${status} with Retry-After ${Math.ceil(ms / 1000)} s: waiting until ${until}`;
}

/** Every key of {@linkcode GraphCliOptions}, in the order the options are added. */
export const GRAPH_OPTION_KEYS = [
  "cloud",
  "graphUrl",
  "tenant",
  "auth",
  "budget",
  ...LIMIT_OPTIONS.map((o) => o.key),
] as const satisfies readonly (keyof GraphCliOptions)[];

/**
 * The shared Graph options out of a command's parsed options (those given).
 *
 * @example
 * ```ts
 * import { graphOptionsOf } from "./graph.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(graphOptionsOf({ cloud: "usgov", out: "x", maxPages: "3" }), { cloud: "usgov", maxPages: "3" });
 * ```
 */
export function graphOptionsOf(o: object): GraphCliOptions {
  const g: GraphCliOptions = {};
  for (const k of GRAPH_OPTION_KEYS) {
    const v = (o as Record<string, unknown>)[k];
    if (typeof v === "string") g[k] = v;
  }
  return g;
}

/** Waits shorter than this are not announced. */
const ANNOUNCED_WAIT_MS = 5000;

/** Where a Graph client config tells of a long wait: the command's `deps.log` (quiet under `-q`). */
export interface RetryNoteLog {
  /** A note on stderr. */
  note(text: string): void;
}

/**
 * The `onRetryAfter` of a client config: a wait of 5 s or more is told on `log`.
 *
 * @example
 * ```ts
 * import { graphRetryNotes } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const notes: string[] = [];
 * const onRetryAfter = graphRetryNotes({ note: (t) => notes.push(t) });
 * onRetryAfter(1000, 429);
 * onRetryAfter(120_000, 503);
 * assert.equal(notes.length, 1);
 * assert.match(notes[0]!, /^Graph answered 503 with Retry-After 120 s/);
 * ```
 */
export function graphRetryNotes(log: RetryNoteLog): (ms: number, status: number) => void {
  return (ms, status) => {
    if (ms >= ANNOUNCED_WAIT_MS) log.note(retryWaitNote(ms, status));
  };
}

/**
 * Turns the parsed shared options plus the environment into a client config without retry
 * notes: the part a parsed command line holds ({@linkcode graphClientConfigFromOptions} adds the
 * notes).
 *
 * @throws {UsageError} for a bad cloud, URL, budget, or missing sign-in settings
 *
 * @example A static token against a local server, no budget
 * ```ts
 * import { graphClientSettingsFromOptions } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const c = graphClientSettingsFromOptions({ budget: "0" }, { GRAPH_ACCESS_TOKEN: "x", GRAPH_BASE_URL: "http://127.0.0.1:1" });
 * assert.equal(c.auth.kind, "token");
 * assert.equal(c.graphUrl, "http://127.0.0.1:1");
 * assert.equal(c.budget, false);
 * assert.equal(c.onRetryAfter, undefined);
 * ```
 */
export function graphClientSettingsFromOptions(options: GraphCliOptions, env: AuthEnv): GraphClientConfig {
  const cloud = options.cloud ?? "global";
  const graphUrl = options.graphUrl ?? (env.GRAPH_BASE_URL?.trim() || undefined);
  const endpoint = resolveGraphEndpoint(cloud, graphUrl);
  const auth = resolveAuthConfig(env, {
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
    ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
    ...(graphUrl !== undefined ? { graphUrl } : {}),
  });
  const n = options.budget === undefined
    ? DEFAULT_REPORTS_BUDGET.requests
    : parseIntOption("--budget", options.budget, 0, 10_000);
  const config: GraphClientConfig = {
    auth,
    cloud: endpoint.cloud,
    budget: n === 0 ? false : { requests: n, windowMs: DEFAULT_REPORTS_BUDGET.windowMs },
    limits: requestLimitsFromOptions(options),
  };
  if (graphUrl !== undefined) config.graphUrl = graphUrl;
  return config;
}

/**
 * Turns the parsed shared options plus the environment into a client config whose long
 * Retry-After waits are told on `log` (the command's `deps.log`).
 *
 * @param options the shared Graph options as parsed
 * @param env the sign-in variables (the command's `deps.env()`)
 * @param log where a long wait is told (the command's `deps.log`)
 * @throws {UsageError} for a bad cloud, URL, budget, or missing sign-in settings
 *
 * @example
 * ```ts
 * import { graphClientConfigFromOptions } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const notes: string[] = [];
 * const c = graphClientConfigFromOptions({}, { GRAPH_ACCESS_TOKEN: "x" }, { note: (t) => notes.push(t) });
 * c.onRetryAfter?.(60_000, 429);
 * assert.match(notes[0]!, /Retry-After 60 s/);
 * ```
 */
export function graphClientConfigFromOptions(
  options: GraphCliOptions,
  env: AuthEnv,
  log: RetryNoteLog,
): GraphClientConfig {
  return { ...graphClientSettingsFromOptions(options, env), onRetryAfter: graphRetryNotes(log) };
}

/** `--cloud`. */
export const CLOUD = {
  flags: "--cloud <name>",
  help: "Microsoft cloud of the tenant",
  defaultText: "global",
  defaultValue: "global",
} as const satisfies OptionDef;

/** `--graph-url`. */
export const GRAPH_URL = {
  flags: "--graph-url <url>",
  help: "Graph base URL override, e.g. http://127.0.0.1:8787 (env GRAPH_BASE_URL)",
} as const satisfies OptionDef;

/** `--tenant`. */
export const TENANT = {
  flags: "--tenant <id>",
  help: "tenant id or domain (env AZURE_TENANT_ID)",
} as const satisfies OptionDef;

/** `--auth`. */
export const AUTH = {
  flags: "--auth <mode>",
  help: "how to sign in",
  defaultText: "chosen from the environment",
} as const satisfies OptionDef;

/** `--budget`. */
export const BUDGET = {
  flags: "--budget <n>",
  help: "reports requests per 10 s (sign-ins, registration, methods); 0 = no limit",
  defaultText: String(DEFAULT_REPORTS_BUDGET.requests),
} as const satisfies OptionDef;

/** The request-limit options (`--request-timeout`, `--max-response-mb`, …), from `LIMIT_OPTIONS`. */
export const LIMIT_DEFS: readonly OptionDef[] = LIMIT_OPTIONS.map((o) => ({
  flags: `${o.flag} <${o.unit === "pages" ? "n" : o.unit}>`,
  help: `${o.help} (${o.unit})`,
  defaultText: String(DEFAULT_REQUEST_LIMITS[o.field] / o.scale),
}));

/** Every Graph option as tasks offer it, in help order. */
export const GRAPH_OPTIONS: readonly OptionUse[] = [
  { def: CLOUD, choices: Object.keys(GRAPH_CLOUDS), strictChoices: true },
  { def: GRAPH_URL },
  { def: TENANT },
  { def: AUTH, choices: AUTH_MODES, strictChoices: true },
  { def: BUDGET },
  ...LIMIT_DEFS.map((def) => ({ def })),
];

/**
 * Adds the shared Graph options to a command and returns it.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addGraphOptions } from "./graph.ts";
 * import assert from "node:assert/strict";
 * const cmd = addGraphOptions(new Command("t").exitOverride());
 * cmd.parse(["--budget", "3"], { from: "user" });
 * assert.equal(cmd.opts().cloud, "global");
 * assert.equal(cmd.opts().budget, "3");
 * ```
 */
export function addGraphOptions<C extends Command>(cmd: C): C {
  return addOptions(cmd, ...GRAPH_OPTIONS);
}
