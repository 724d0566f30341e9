/**
 * `signins-report`: the sign-in MFA report (Markdown, JSON or CSV) from Microsoft Graph (beta
 * `/auditLogs/signIns`, one cursor per event type over a window), a Log Analytics workspace, or
 * sign-in files (`--from FILE…`: Graph NDJSON/JSON, portal JSON/CSV, Log Analytics JSON/CSV;
 * format auto-detected). Rows are merged into logical sign-ins and aggregated in one streaming
 * pass: memory grows with distinct users, apps and policies, not with the number of sign-ins.
 *
 * {@linkcode parseSigninsReportArgs} turns the command line into options (pure);
 * {@linkcode runSigninsReport} runs them against the I/O edges in {@linkcode CommandDeps}.
 *
 * @module
 */
import { createTaskCommand, UsageError } from "../cli/mod.ts";
import type { SignInEventType } from "../classify/mod.ts";
import { CA_DETAIL_HIDDEN_NOTE, type GraphClient } from "../graph/mod.ts";
import {
  DEFAULT_SLICE_MS,
  groupedSignInsQuery,
  mergeRowsQuery,
  sliceWindow,
  timespanOf,
} from "../log_analytics/mod.ts";
import { DEFAULT_SCOPE, openGraphRegistrations, openRegistrationFile } from "../registration/mod.ts";
import { formatNumber } from "../report/mod.ts";
import { readSmallFile } from "../io/mod.ts";
import {
  type DateOrder,
  INPUT_FORMAT,
  type InputFormat,
  isInputFormat,
  type MaxBadRows,
  parseMaxBadRows,
} from "../signins/mod.ts";
import {
  type CollectedSignIns,
  collectSignIns,
  createRedactor,
  redactReport,
  type RegistrationFacts,
  type RegistrationInput,
  renderSigninsHtml,
  renderSigninsMarkdown,
  reportMetaOf,
  SignInAggregator,
  type SigninsReport,
  signinsReportCsv,
  signinsReportJson,
} from "../signins_report/mod.ts";
import {
  addGraphOptions,
  addOptions,
  addTaskHelp,
  ALL_EVENT_TYPES,
  APP,
  DATE_ORDER_USE,
  formatOption,
  GRAPH_ENV,
  graphClientConfigFromOptions,
  type GraphCliOptions,
  graphOptionsOf,
  LA_URL,
  laClientConfigFromOptions,
  laRowFilterOf,
  MAX_BAD_ROWS,
  MAX_DAYS,
  NOW,
  OUT,
  parseCommandLine,
  parseDateOption,
  parseDateOrder,
  parseDays,
  parseEventTypes,
  parseFormat,
  parseOut,
  parseThreads,
  parseTop,
  parseWorkspace,
  resolveWindow,
  THREADS,
  TOP,
  USER,
  WINDOW_OPTIONS,
  WORKSPACE,
} from "../options/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";

/** The task name, as in `deno task signins-report`. */
export const SIGNINS_REPORT_TASK = "signins-report";

/** Output formats. */
export const SIGNINS_REPORT_FORMATS = ["md", "json", "csv", "html"] as const;

/** Where sign-ins come from (`--source`). */
export const SIGNINS_SOURCES = ["graph", "files", "log-analytics"] as const;
/** One of {@linkcode SIGNINS_SOURCES}. */
export type SigninsSource = typeof SIGNINS_SOURCES[number];

/** Parsed command line. */
export interface SigninsReportOptions {
  /** Input files; empty means Graph or Log Analytics. */
  from: string[];
  /** `--source` (default: files with `--from`, else graph). */
  source: SigninsSource;
  /** `--workspace`: the Log Analytics workspace id. */
  workspace?: string;
  /** `--la-url`: another Log Analytics API host, or a loopback test endpoint. */
  laUrl?: string;
  /** `--show-query`: print the KQL and exit. */
  showQuery: boolean;
  /** Forced input format. */
  inputFormat?: InputFormat;
  /** `--date-order`: day/month order of culture-formatted dates (PowerShell CSV). */
  dateOrder?: DateOrder;
  /** `--max-bad-rows`: bad rows a file may have before the run fails. */
  maxBadRows: MaxBadRows;
  /** Window options as given (resolved later against `now`). */
  since?: string;
  /** `--until`. */
  until?: string;
  /** `--days`. */
  days?: number;
  /** The report clock: `--now`, else the time the command line was parsed. */
  now: Date;
  /** Whether `--now` was given. */
  nowGiven: boolean;
  /** Event types (`--event-types`); undefined = Graph default / every type in files. */
  eventTypes?: SignInEventType[];
  /** `--user`. */
  user?: string;
  /** `--app`. */
  app?: string;
  /** `--with-registration`: a file, or `true` for Graph. */
  withRegistration?: string | true;
  /** `--redact` (also set by `--redact-key-file`). */
  redact: boolean;
  /** `--redact-key-file`. */
  redactKeyFile?: string;
  /** Output format. */
  format: typeof SIGNINS_REPORT_FORMATS[number];
  /** Output file; absent = stdout. */
  out?: string;
  /** Entries per ranking. */
  top: number;
  /** Extra detail on stderr. */
  verbose: boolean;
  /** `--threads`: threads for reading NDJSON files. */
  threads: number;
  /** Shared Graph options. */
  graph: GraphCliOptions;
}

/**
 * The command line of `signins-report`, for parsing and `--help`.
 *
 * @example
 * ```ts
 * import { signinsReportCommand } from "./signins_report.ts";
 * import assert from "node:assert/strict";
 * assert.match(signinsReportCommand().helpInformation(), /-o, --out <file>/);
 * ```
 */
export function signinsReportCommand() {
  const cmd = createTaskCommand(
    SIGNINS_REPORT_TASK,
    "Sign-in MFA report: was MFA required, how it was completed, why it failed, who was challenged, common " +
      "problems, Conditional Access per policy, event types, cross-tenant and legacy authentication, risk, " +
      "locations, and the legacy MFA Server reports, from Graph, a Log Analytics workspace or sign-in files.",
  )
    .option("--from <file...>", "read sign-in files instead of Graph (format auto-detected)")
    .option("--source <source>", "graph, files or log-analytics (default: files with --from, else graph)");
  addOptions(cmd, WORKSPACE, LA_URL);
  cmd
    .option("--show-query", "print the KQL sent to Log Analytics (one query per time slice) and exit")
    .option("--input-format <format>", `force the file format: ${Object.values(INPUT_FORMAT).join(", ")}`);
  addOptions(cmd, DATE_ORDER_USE, MAX_BAD_ROWS, ...WINDOW_OPTIONS, NOW, USER, APP);
  cmd
    .option(
      "--with-registration [file]",
      "add the per-user verdict from registration data (a file, or Graph)",
    )
    .option("--redact", "replace users with a keyed hash and truncate IP addresses")
    .option(
      "--redact-key-file <file>",
      "HMAC key for --redact (stable hashes across runs; implies --redact)",
    );
  addOptions(cmd, formatOption(SIGNINS_REPORT_FORMATS), OUT, TOP, THREADS);
  addGraphOptions(cmd);
  return addTaskHelp(cmd, {
    examples: [
      ["deno task signins-report --days 7 -o signins.md", "the last 7 days from Graph, as Markdown"],
      ["deno task signins-report --since 12h --format json", "the last 12 hours, JSON on stdout"],
      [
        "deno task signins-report --from InteractiveSignIns.csv NonInteractiveSignIns.csv -o report.md",
        "portal downloads, no Graph access needed",
      ],
      [
        "deno task signins-report --source log-analytics --workspace GUID --days 90",
        "90 days from a Log Analytics workspace",
      ],
    ],
    env: GRAPH_ENV,
  });
}

/**
 * Parses the command line.
 *
 * @throws {UsageError} for bad values; commander errors for unknown options
 *
 * @example
 * ```ts
 * import { parseSigninsReportArgs } from "./signins_report.ts";
 * import assert from "node:assert/strict";
 * const o = parseSigninsReportArgs(["--from", "a.ndjson", "--now", "2026-11-20T12:00:00Z", "--out", "r.json", "--redact"]);
 * assert.deepEqual(o.from, ["a.ndjson"]);
 * assert.equal(o.format, "json");
 * assert.equal(o.now.toISOString(), "2026-11-20T12:00:00.000Z");
 * assert.equal(o.redact, true);
 * assert.throws(() => parseSigninsReportArgs(["--input-format", "xlsx", "--from", "a"]), /--input-format/);
 * ```
 */
export function parseSigninsReportArgs(argv: string[], now: Date = new Date()): SigninsReportOptions {
  const cmd = signinsReportCommand();
  const o = parseCommandLine<
    GraphCliOptions & {
      from?: string[];
      source?: string;
      workspace?: string;
      laUrl?: string;
      showQuery?: boolean;
      inputFormat?: string;
      dateOrder?: string;
      maxBadRows: string;
      since?: string;
      until?: string;
      days?: string;
      now?: string;
      eventTypes?: string;
      user?: string;
      app?: string;
      withRegistration?: string | boolean;
      redact?: boolean;
      redactKeyFile?: string;
      format?: string;
      out?: string;
      top: string;
      verbose?: boolean;
      threads?: string;
    }
  >(cmd, argv);
  const from = (o.from ?? []).filter((f) => f !== "");
  if (o.from !== undefined && from.length === 0) {
    throw new UsageError("Cannot use --from: expected at least one file name");
  }
  if (o.inputFormat !== undefined && !isInputFormat(o.inputFormat)) {
    throw new UsageError(
      `Cannot use --input-format ${JSON.stringify(o.inputFormat)}: expected one of ${
        Object.values(INPUT_FORMAT).join(", ")
      }`,
    );
  }
  const dateOrder = parseDateOrder(o.dateOrder);
  if (o.inputFormat !== undefined && from.length === 0) {
    throw new UsageError("Cannot use --input-format without --from: it applies to files");
  }
  const format = parseFormat(o.format, o.out, SIGNINS_REPORT_FORMATS);
  const source = (o.source ?? (from.length > 0 ? "files" : "graph")) as SigninsSource;
  if (!(SIGNINS_SOURCES as readonly string[]).includes(source)) {
    throw new UsageError(
      `Cannot use --source ${JSON.stringify(o.source)}: expected one of ${SIGNINS_SOURCES.join(", ")}`,
    );
  }
  if ((source === "files") !== (from.length > 0)) {
    throw new UsageError(
      source === "files"
        ? "Cannot use --source files without --from: give the sign-in files"
        : `Cannot use --from with --source ${source}: files are read with --source files`,
    );
  }
  const la = source === "log-analytics";
  if (la && o.workspace === undefined) {
    throw new UsageError(
      "Cannot use --source log-analytics without --workspace: give the workspace id (a GUID)",
    );
  }
  if (!la && (o.workspace !== undefined || o.laUrl !== undefined || o.showQuery === true)) {
    throw new UsageError("Cannot use --workspace, --la-url or --show-query without --source log-analytics");
  }
  if (la && o.workspace !== undefined) parseWorkspace("--workspace", o.workspace);
  if (la && o.graphUrl !== undefined) {
    throw new UsageError("Cannot use --graph-url with --source log-analytics: use --la-url");
  }
  const options: SigninsReportOptions = {
    from,
    source,
    showQuery: o.showQuery === true,
    now: o.now === undefined ? now : parseDateOption("--now", o.now),
    nowGiven: o.now !== undefined,
    maxBadRows: parseMaxBadRows(o.maxBadRows),
    redact: o.redact === true || o.redactKeyFile !== undefined,
    format,
    top: parseTop(o.top),
    verbose: o.verbose === true,
    threads: parseThreads(o.threads),
    graph: {},
  };
  if (o.inputFormat !== undefined) options.inputFormat = o.inputFormat as InputFormat;
  if (dateOrder !== undefined) options.dateOrder = dateOrder;
  if (o.since !== undefined) options.since = o.since;
  if (o.until !== undefined) options.until = o.until;
  if (o.days !== undefined) options.days = parseDays(o.days, source);
  if (o.workspace !== undefined) options.workspace = o.workspace;
  if (o.laUrl !== undefined) options.laUrl = o.laUrl;
  if (o.eventTypes !== undefined) options.eventTypes = parseEventTypes(o.eventTypes);
  if (o.user !== undefined) options.user = o.user;
  if (o.app !== undefined) options.app = o.app;
  // pushed down into the workspace's queries: checked now (a usage error, exit 2)
  if (la) laRowFilterOf(options);
  if (o.withRegistration !== undefined && o.withRegistration !== false) {
    options.withRegistration = o.withRegistration === true ? true : o.withRegistration;
  }
  if (o.redactKeyFile !== undefined) options.redactKeyFile = o.redactKeyFile;
  const out = parseOut(o.out);
  if (out !== undefined) options.out = out;
  Object.assign(options.graph, graphOptionsOf(o));
  if (from.length > 0 && (options.graph.graphUrl !== undefined || options.graph.auth !== undefined)) {
    throw new UsageError("Cannot use --graph-url or --auth with --from: files are read without Graph");
  }
  if (options.withRegistration === true && from.length > 0) {
    throw new UsageError(
      "Cannot use --with-registration without a file when reading --from files: give the registration file",
    );
  }
  // check the window now so a bad value fails before any work
  if (
    options.since !== undefined || options.until !== undefined || options.days !== undefined ||
    from.length === 0
  ) {
    resolveWindow({ ...windowOptions(options), maxDays: MAX_DAYS[source] });
  }
  return options;
}

function windowOptions(o: SigninsReportOptions) {
  return {
    now: o.now,
    ...(o.since !== undefined ? { since: o.since } : {}),
    ...(o.until !== undefined ? { until: o.until } : {}),
    ...(o.days !== undefined ? { days: o.days } : {}),
  };
}

async function readRegistration(
  o: SigninsReportOptions,
  client: GraphClient | null,
  deps: CommandDeps,
): Promise<RegistrationInput> {
  const records: RegistrationFacts[] = [];
  if (typeof o.withRegistration === "string") {
    const f = await openRegistrationFile(o.withRegistration);
    for await (const r of f.records) records.push(r);
    return { source: `file ${o.withRegistration}`, records };
  }
  const g = await openGraphRegistrations(client!, {
    source: "auto",
    scope: DEFAULT_SCOPE,
    hooks: { note: (t) => o.verbose && deps.log.note(t), warn: (t) => deps.log.warn(t) },
  });
  for await (const r of g.records) records.push(r);
  return { source: `Graph (${g.source})`, records };
}

/**
 * The KQL `--show-query` prints: the query of each time slice of the window (before any split).
 *
 * @param o parsed options (`--source log-analytics`)
 * @returns the queries, each headed by a `//` comment naming its slice and timespan
 */
export function signinsReportQueries(o: SigninsReportOptions): string {
  const window = resolveWindow(windowOptions(o));
  const eventTypes = o.eventTypes ?? [...ALL_EVENT_TYPES];
  const filter = laRowFilterOf(o);
  return sliceWindow(window, DEFAULT_SLICE_MS).map((slice) => {
    const at = `slice ${slice.from.toISOString()} to ${slice.to.toISOString()} (timespan ${
      timespanOf(window)
    })`;
    return `// ${at}: sign-ins of one row each, counted\n${
      groupedSignInsQuery(eventTypes, slice, "parts", filter, window)
    }\n\n` +
      `// ${at}: rows that may merge (interrupt then completion, duplicates)\n${
        mergeRowsQuery(eventTypes, slice, filter, slice, window)
      }\n`;
  }).join("\n");
}

/**
 * Runs the report and returns the text (no output written).
 *
 * @param o parsed options
 * @param deps the I/O edges
 * @returns the report document and its rendering in the chosen format
 */
export async function buildSigninsReport(
  o: SigninsReportOptions,
  deps: CommandDeps = defaultDeps(),
): Promise<{ report: SigninsReport; text: string }> {
  const aggregator = new SignInAggregator({ top: o.top });
  const status = deps.progress("Reading sign-ins");
  let collected: CollectedSignIns;
  try {
    collected = await collectSignIns(aggregator, {
      input: o.from.length > 0
        ? {
          files: o.from,
          maxBadRows: o.maxBadRows,
          threads: o.threads,
          ...(o.inputFormat !== undefined ? { inputFormat: o.inputFormat } : {}),
          ...(o.dateOrder !== undefined ? { dateOrder: o.dateOrder } : {}),
        }
        : o.source === "log-analytics"
        ? {
          logAnalytics: laClientConfigFromOptions(o.graph, o.workspace!, o.laUrl, deps.env(), deps.log),
        }
        : {
          graph: () => deps.createGraphClient(graphClientConfigFromOptions(o.graph, deps.env(), deps.log)),
          threads: o.threads,
        },
      now: o.now,
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.until !== undefined ? { until: o.until } : {}),
      ...(o.days !== undefined ? { days: o.days } : {}),
      ...(o.eventTypes !== undefined ? { eventTypes: o.eventTypes } : {}),
      ...(o.user !== undefined ? { user: o.user } : {}),
      ...(o.app !== undefined ? { app: o.app } : {}),
    }, {
      warn: (t) => deps.log.warn(t),
      ...(o.verbose ? { note: (t: string) => deps.log.note(t) } : {}),
      progress: (c) => status.update(c),
    });
  } finally {
    status.done();
  }
  const { window, client } = collected;
  const registration = o.withRegistration === undefined ? undefined : await readRegistration(o, client, deps);
  const caveats: string[] = [];
  if (!o.nowGiven && window !== undefined && o.now.getTime() - window.to.getTime() < 2 * 3_600_000) {
    caveats.push("This window ends less than 2 hours ago: its most recent sign-ins may still change.");
  }
  let report = aggregator.summary(
    reportMetaOf(collected, o.now, {
      ...(o.from.length === 0
        ? { caHiddenAdvice: `${CA_DETAIL_HIDDEN_NOTE} (or Policy.Read.ConditionalAccess).` }
        : {}),
      caveats,
    }),
    registration,
  );
  if (o.redact) {
    const key = o.redactKeyFile === undefined
      ? undefined
      : await readSmallFile(o.redactKeyFile, { what: "redaction key file" });
    report = redactReport(report, createRedactor(key));
  }
  const text = o.format === "json"
    ? signinsReportJson(report)
    : o.format === "csv"
    ? signinsReportCsv(report)
    : o.format === "html"
    ? renderSigninsHtml(report)
    : renderSigninsMarkdown(report);
  return { report, text };
}

/**
 * Runs the task: reads, aggregates, writes the report (atomically with `--out`).
 *
 * @param o parsed options
 * @param deps the I/O edges
 * @returns 0 on success; errors are thrown and mapped to exit codes by `runMain`
 */
export async function runSigninsReport(
  o: SigninsReportOptions,
  deps: CommandDeps = defaultDeps(),
): Promise<number> {
  if (o.showQuery) {
    const queries = signinsReportQueries(o);
    await deps.writeOutput(o.out, (write) => write(queries), { inputs: [] });
    deps.log.wrote(o.out, "the queries the report would send");
    return 0;
  }
  const { report, text } = await buildSigninsReport(o, deps);
  if (report.totals.badRows > 0) {
    deps.log.warn(
      `${
        formatNumber(report.totals.badRows)
      } row(s) could not be understood; see "Data quality" in the report`,
    );
  }
  if (report.conditionalAccess.detail === "hidden" && o.from.length === 0) {
    deps.log.warn(CA_DETAIL_HIDDEN_NOTE);
  }
  const inputs = [...o.from];
  if (typeof o.withRegistration === "string") inputs.push(o.withRegistration);
  if (o.redactKeyFile !== undefined) inputs.push(o.redactKeyFile);
  await deps.writeOutput(o.out, (write) => write(text), { inputs });
  if (o.verbose) {
    deps.log.note(
      `${formatNumber(report.totals.rows)} rows, ${formatNumber(report.totals.signIns)} logical sign-ins, ` +
        `${formatNumber(report.totals.users)} users`,
    );
  }
  deps.log.wrote(
    o.out,
    `${formatNumber(report.totals.signIns)} sign-ins, ${
      formatNumber(report.totals.users)
    } users (${o.format})`,
  );
  return 0;
}

/**
 * The task: parses `argv` and runs it.
 *
 * @returns 0 on success; errors are thrown and mapped to exit codes by `runMain`
 */
export function signinsReportMain(argv: string[], deps: CommandDeps = defaultDeps()): Promise<number> {
  return runSigninsReport(parseSigninsReportArgs(argv, deps.now()), deps);
}
