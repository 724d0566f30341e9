/**
 * `deno task signins-report`: the sign-in MFA report (Markdown, JSON or CSV) from Microsoft
 * Graph (beta `/auditLogs/signIns`, one cursor per event type over a window) or from sign-in
 * files (`--from FILE…`: Graph NDJSON/JSON, portal JSON/CSV, Log Analytics JSON/CSV; format
 * auto-detected). Rows are merged into logical sign-ins and aggregated in one streaming pass:
 * memory grows with distinct users, apps and policies, not with the number of sign-ins.
 *
 * Permissions: `--allow-read` (input files, `--redact-key-file`, `--with-registration FILE`),
 * `--allow-write` (`--out`), `--allow-net` to the Graph and sign-in hosts (or loopback for
 * `--graph-url`), `--allow-env` for the Graph sign-in variables, `--allow-run=az` (`--auth azure-cli`).
 *
 * @module
 */
import {
  createStatusLine,
  createTaskCommand,
  log,
  parseIntOption,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import type { SignInEventType } from "../lib/classify/mod.ts";
import {
  addGraphOptions,
  CA_DETAIL_HIDDEN_NOTE,
  createGraphClient,
  type GraphClient,
  graphClientConfigFromOptions,
  type GraphCliOptions,
  graphOptionsOf,
  readAuthEnv,
} from "../lib/graph/mod.ts";
import {
  DEFAULT_SLICE_MS,
  groupedSignInsQuery,
  isWorkspaceId,
  laClientConfigFromOptions,
  mergeRowsQuery,
  sliceWindow,
  timespanOf,
} from "../lib/log_analytics/mod.ts";
import { DEFAULT_SCOPE, openGraphRegistrations, openRegistrationFile } from "../lib/registration/mod.ts";
import { formatFromPath, formatNumber, parseOutputFormat, writeOutput } from "../lib/report/mod.ts";
import { readSmallFile } from "../lib/io/mod.ts";
import {
  type DateOrder,
  INPUT_FORMAT,
  type InputFormat,
  isDateOrder,
  isInputFormat,
  type MaxBadRows,
  parseMaxBadRows,
} from "../lib/signins/mod.ts";
import {
  ALL_EVENT_TYPES,
  type CollectedSignIns,
  collectSignIns,
  createRedactor,
  parseDateOption,
  parseEventTypes,
  parseThreads,
  redactReport,
  type RegistrationFacts,
  type RegistrationInput,
  renderSigninsMarkdown,
  reportMetaOf,
  resolveWindow,
  SignInAggregator,
  type SigninsReport,
  signinsReportCsv,
  signinsReportJson,
  THREADS_OPTION,
} from "../lib/signins_report/mod.ts";

/** The task name, as in `deno task signins-report`. */
export const TASK_NAME = "signins-report";

/** Output formats. */
export const SIGNINS_REPORT_FORMATS = ["md", "json", "csv"] as const;

/** Where sign-ins come from (`--source`). */
export const SIGNINS_SOURCES = ["graph", "files", "log-analytics"] as const;
/** One of {@linkcode SIGNINS_SOURCES}. */
export type SigninsSource = typeof SIGNINS_SOURCES[number];

/** Longest `--days` per source: Graph keeps 30 days; a workspace up to 730 (interactive retention). */
const MAX_DAYS: Readonly<Record<SigninsSource, number>> = { graph: 30, files: 30, "log-analytics": 730 };

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
  /** `--threads`: threads for reading NDJSON files. */
  threads: number;
  /** Window options as given (resolved later against `now`). */
  since?: string;
  /** `--until`. */
  until?: string;
  /** `--days`. */
  days?: number;
  /** The report clock: `--now`, else the current time. */
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
  /** Shared Graph options. */
  graph: GraphCliOptions;
}

function command() {
  return addGraphOptions(
    createTaskCommand(
      TASK_NAME,
      "Sign-in MFA report: was MFA required, how it was completed, why it failed, who was challenged, common " +
        "problems, Conditional Access per policy, event types, cross-tenant and legacy authentication, risk, " +
        "locations, and the legacy MFA Server reports, from Graph or sign-in files.",
    )
      .option("--from <file...>", "read sign-in files instead of Graph (format auto-detected)")
      .option(
        "--source <source>",
        "graph, files or log-analytics (default: files with --from, else graph)",
      )
      .option("--workspace <id>", "Log Analytics workspace id (GUID) for --source log-analytics")
      .option("--la-url <url>", "Log Analytics API root (a national-cloud host, or a loopback test endpoint)")
      .option("--show-query", "print the KQL sent to Log Analytics (one query per time slice) and exit")
      .option("--input-format <format>", `force the file format: ${Object.values(INPUT_FORMAT).join(", ")}`)
      .option(
        "--date-order <order>",
        "dmy or mdy: day/month order of culture-formatted dates in a PowerShell Export-Csv (default: found from the file)",
      )
      .option(
        "--max-bad-rows <n|n%>",
        "fail when a file has more rows that cannot be understood than this (a count or a percentage)",
        "1%",
      )
      .option(THREADS_OPTION.flags, THREADS_OPTION.description)
      .option(
        "--since <datetime|Nd>",
        "window start (ISO 8601, UTC unless an offset is given), or N days back from --until (e.g. 90d)",
      )
      .option("--until <datetime>", "window end (default: now)")
      .option("--days <n>", "window length in days, ending at --until (default 1 for Graph)")
      .option("--now <datetime>", "the report clock, for reproducible reports (default: the current time)")
      .option(
        "--event-types <list>",
        "interactive,noninteractive,serviceprincipal,managedidentity (Graph default: interactive,noninteractive; files: all)",
      )
      .option("--user <upn-or-id>", "only this user (pushed down to Graph as $filter)")
      .option("--app <id-or-name>", "only this application (an app id is pushed down to Graph)")
      .option(
        "--with-registration [file]",
        "add the per-user verdict from registration data (a file, or Graph)",
      )
      .option("--redact", "replace users with a keyed hash and truncate IP addresses")
      .option(
        "--redact-key-file <file>",
        "HMAC key for --redact (stable hashes across runs; implies --redact)",
      )
      .option("--format <format>", "md, json or csv (default: md, or from the --out extension)")
      .option("--out <file>", "write the report to this file (atomically) instead of stdout")
      .option("--top <n>", "entries in each ranking", "10"),
  );
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
export function parseSigninsReportArgs(argv: string[]): SigninsReportOptions {
  const cmd = command();
  cmd.parse(argv, { from: "user" });
  const o = cmd.opts<
    GraphCliOptions & {
      from?: string[];
      source?: string;
      workspace?: string;
      laUrl?: string;
      showQuery?: boolean;
      inputFormat?: string;
      dateOrder?: string;
      maxBadRows: string;
      threads?: string;
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
    }
  >();
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
  if (o.dateOrder !== undefined && !isDateOrder(o.dateOrder)) {
    throw new UsageError(`Cannot use --date-order ${JSON.stringify(o.dateOrder)}: expected dmy or mdy`);
  }
  if (o.inputFormat !== undefined && from.length === 0) {
    throw new UsageError("Cannot use --input-format without --from: it applies to files");
  }
  const inferred = formatFromPath(o.out);
  const format = parseOutputFormat(
    o.format ?? (inferred === "md" || inferred === "json" || inferred === "csv" ? inferred : "md"),
    SIGNINS_REPORT_FORMATS,
  );
  const relative = o.since === undefined ? null : /^(\d{1,4})d$/.exec(o.since.trim());
  if (relative !== null) {
    if (o.days !== undefined) {
      throw new UsageError("Cannot use --since Nd with --days: give one number of days");
    }
    o.days = relative[1]!;
    delete o.since;
  }
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
  if (la && o.workspace !== undefined && !isWorkspaceId(o.workspace)) {
    throw new UsageError(
      `Cannot use --workspace ${JSON.stringify(o.workspace)}: expected a workspace id (a GUID)`,
    );
  }
  if (la && (o.user !== undefined || o.app !== undefined)) {
    throw new UsageError("Cannot use --user or --app with --source log-analytics: not pushed down yet");
  }
  if (la && o.graphUrl !== undefined) {
    throw new UsageError("Cannot use --graph-url with --source log-analytics: use --la-url");
  }
  const options: SigninsReportOptions = {
    from,
    source,
    showQuery: o.showQuery === true,
    now: o.now === undefined ? new Date() : parseDateOption("--now", o.now),
    nowGiven: o.now !== undefined,
    maxBadRows: parseMaxBadRows(o.maxBadRows),
    threads: parseThreads(o.threads),
    redact: o.redact === true || o.redactKeyFile !== undefined,
    format,
    top: parseIntOption("--top", o.top, 1, 1000),
    verbose: o.verbose === true,
    graph: {},
  };
  if (o.inputFormat !== undefined) options.inputFormat = o.inputFormat as InputFormat;
  if (o.dateOrder !== undefined) options.dateOrder = o.dateOrder as DateOrder;
  if (o.since !== undefined) options.since = o.since;
  if (o.until !== undefined) options.until = o.until;
  if (o.days !== undefined) options.days = parseIntOption("--days", o.days, 1, MAX_DAYS[source]);
  if (o.workspace !== undefined) options.workspace = o.workspace;
  if (o.laUrl !== undefined) options.laUrl = o.laUrl;
  if (o.eventTypes !== undefined) options.eventTypes = parseEventTypes(o.eventTypes);
  if (o.user !== undefined) options.user = o.user;
  if (o.app !== undefined) options.app = o.app;
  if (o.withRegistration !== undefined && o.withRegistration !== false) {
    options.withRegistration = o.withRegistration === true ? true : o.withRegistration;
  }
  if (o.redactKeyFile !== undefined) options.redactKeyFile = o.redactKeyFile;
  if (o.out !== undefined && o.out !== "-") options.out = o.out;
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
    resolveWindow(windowOptions(options));
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
    hooks: { note: (t) => o.verbose && log.note(t), warn: (t) => log.warn(t) },
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
  return sliceWindow(window, DEFAULT_SLICE_MS).map((slice) => {
    const at = `slice ${slice.from.toISOString()} to ${slice.to.toISOString()} (timespan ${
      timespanOf(slice)
    })`;
    return `// ${at}: sign-ins of one row each, counted\n${groupedSignInsQuery(eventTypes, slice)}\n\n` +
      `// ${at}: rows that may merge (interrupt then completion, duplicates)\n${
        mergeRowsQuery(eventTypes, slice)
      }\n`;
  }).join("\n");
}

/**
 * Runs the report and returns the text (no output written). Used by `main` and the demo.
 *
 * @param o parsed options
 * @returns the report document and its rendering in the chosen format
 */
export async function buildSigninsReport(
  o: SigninsReportOptions,
): Promise<{ report: SigninsReport; text: string }> {
  const aggregator = new SignInAggregator({ top: o.top });
  const status = createStatusLine();
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
        ? { logAnalytics: laClientConfigFromOptions(o.graph, o.workspace!, o.laUrl) }
        : { graph: () => createGraphClient(graphClientConfigFromOptions(o.graph, readAuthEnv())) },
      now: o.now,
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.until !== undefined ? { until: o.until } : {}),
      ...(o.days !== undefined ? { days: o.days } : {}),
      ...(o.eventTypes !== undefined ? { eventTypes: o.eventTypes } : {}),
      ...(o.user !== undefined ? { user: o.user } : {}),
      ...(o.app !== undefined ? { app: o.app } : {}),
    }, {
      warn: (t) => log.warn(t),
      ...(o.verbose ? { note: (t: string) => log.note(t) } : {}),
      progress: (t) => status.update(t),
    });
  } finally {
    status.done();
  }
  const { window, client } = collected;
  const registration = o.withRegistration === undefined ? undefined : await readRegistration(o, client);
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
    : renderSigninsMarkdown(report);
  return { report, text };
}

/**
 * Runs the task: reads, aggregates, writes the report (atomically with `--out`).
 *
 * @returns 0 on success; errors are thrown and mapped to exit codes by `runMain`
 */
export async function main(argv: string[]): Promise<number> {
  const o = parseSigninsReportArgs(argv);
  if (o.showQuery) {
    const queries = signinsReportQueries(o);
    await writeOutput(o.out, (write) => write(queries), { inputs: [] });
    return 0;
  }
  const { report, text } = await buildSigninsReport(o);
  if (report.totals.badRows > 0) {
    log.warn(
      `${
        formatNumber(report.totals.badRows)
      } row(s) could not be understood; see "Data quality" in the report`,
    );
  }
  if (report.conditionalAccess.detail === "hidden" && o.from.length === 0) log.warn(CA_DETAIL_HIDDEN_NOTE);
  const inputs = [...o.from];
  if (typeof o.withRegistration === "string") inputs.push(o.withRegistration);
  if (o.redactKeyFile !== undefined) inputs.push(o.redactKeyFile);
  await writeOutput(o.out, (write) => write(text), { inputs });
  if (o.verbose) {
    log.note(
      `${formatNumber(report.totals.rows)} rows, ${formatNumber(report.totals.signIns)} logical sign-ins, ` +
        `${formatNumber(report.totals.users)} users` + (o.out !== undefined ? `; wrote ${o.out}` : ""),
    );
  }
  return 0;
}

if (import.meta.main) runMain(TASK_NAME, main);
