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
import { DEFAULT_SCOPE, openGraphRegistrations, openRegistrationFile } from "../lib/registration/mod.ts";
import { formatFromPath, formatNumber, parseOutputFormat, writeOutput } from "../lib/report/mod.ts";
import { readSmallFile } from "../lib/io/mod.ts";
import {
  checkReadOutcome,
  createReadStats,
  type DateOrder,
  INPUT_FORMAT,
  type InputFormat,
  isDateOrder,
  isInputFormat,
  type MaxBadRows,
  parseMaxBadRows,
  readSignInBatches,
} from "../lib/signins/mod.ts";
import {
  createRedactor,
  createRowFilter,
  DEFAULT_EVENT_TYPES,
  fileSource,
  FUTURE_TOLERANCE_MS,
  graphSignInBatches,
  type GraphSourceStats,
  parseDateOption,
  parseEventTypes,
  redactReport,
  type RegistrationFacts,
  type RegistrationInput,
  renderSigninsMarkdown,
  ReportPipeline,
  type ReportSource,
  type ReportWindow,
  resolveWindow,
  SignInAggregator,
  type SigninsReport,
  signinsReportCsv,
  signinsReportJson,
} from "../lib/signins_report/mod.ts";

/** The task name, as in `deno task signins-report`. */
export const TASK_NAME = "signins-report";

/** Output formats. */
export const SIGNINS_REPORT_FORMATS = ["md", "json", "csv"] as const;

/** Parsed command line. */
export interface SigninsReportOptions {
  /** Input files; empty means Graph. */
  from: string[];
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
      .option("--since <datetime>", "window start (ISO 8601, UTC unless an offset is given)")
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
  const options: SigninsReportOptions = {
    from,
    now: o.now === undefined ? new Date() : parseDateOption("--now", o.now),
    nowGiven: o.now !== undefined,
    maxBadRows: parseMaxBadRows(o.maxBadRows),
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
  if (o.days !== undefined) options.days = parseIntOption("--days", o.days, 1, 30);
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
 * Runs the report and returns the text (no output written). Used by `main` and the demo.
 *
 * @param o parsed options
 * @returns the report document and its rendering in the chosen format
 */
export async function buildSigninsReport(
  o: SigninsReportOptions,
): Promise<{ report: SigninsReport; text: string }> {
  const aggregator = new SignInAggregator({ top: o.top });
  const sources: ReportSource[] = [];
  const status = createStatusLine();
  let window: ReportWindow | undefined;
  let client: GraphClient | null = null;
  let badRows = 0, goodRows = 0, filteredOut = 0;
  const inputCaveats: string[] = [];
  let pipeline: ReportPipeline;
  const progress = (n: number) => {
    if (n % 50_000 === 0) status.update(`${formatNumber(n)} rows`);
  };
  try {
    if (o.from.length > 0) {
      const windowed = o.since !== undefined || o.until !== undefined || o.days !== undefined;
      if (windowed) window = resolveWindow(windowOptions(o));
      pipeline = new ReportPipeline(aggregator, {
        notAfterMs: o.now.getTime() + FUTURE_TOLERANCE_MS,
        filter: createRowFilter({
          ...(window !== undefined ? { window } : {}),
          ...(o.user !== undefined ? { user: o.user } : {}),
          ...(o.app !== undefined ? { app: o.app } : {}),
          ...(o.eventTypes !== undefined ? { eventTypes: o.eventTypes } : {}),
        }),
      });
      for (const file of o.from) {
        const stats = createReadStats();
        let last = 0;
        for await (
          const batch of readSignInBatches(file, {
            stats,
            ...(o.inputFormat !== undefined ? { inputFormat: o.inputFormat } : {}),
            ...(o.dateOrder !== undefined ? { dateOrder: o.dateOrder } : {}),
          })
        ) {
          pipeline.pushAll(batch);
          if (pipeline.rows - last >= 50_000) {
            last = pipeline.rows;
            status.update(`${file}: ${formatNumber(stats.signIns)} rows`);
          }
        }
        const outcome = checkReadOutcome(stats, o.maxBadRows);
        if (outcome.warning !== undefined) log.warn(outcome.warning);
        if (outcome.caveat !== undefined) inputCaveats.push(outcome.caveat);
        badRows += stats.badRows;
        goodRows += stats.signIns;
        sources.push(fileSource(file, stats));
        for (const m of stats.missingFields) log.warn(`${file}: missing ${m}`);
        if (o.verbose) {
          log.note(
            `Read ${file}: ${stats.format ?? "empty"}, ${
              formatNumber(stats.signIns)
            } rows, ${stats.badRows} bad`,
          );
        }
      }
      filteredOut = pipeline.filteredOut;
    } else {
      window = resolveWindow(windowOptions(o));
      client = await createGraphClient(graphClientConfigFromOptions(o.graph, readAuthEnv()));
      pipeline = new ReportPipeline(aggregator, { notAfterMs: o.now.getTime() + FUTURE_TOLERANCE_MS });
      const eventTypes = o.eventTypes ?? [...DEFAULT_EVENT_TYPES];
      const gs: GraphSourceStats = { items: {}, badRows: 0, badRowSamples: [], filteredOut: 0, filters: [] };
      for await (
        const batch of graphSignInBatches(client, {
          window,
          eventTypes,
          ...(o.user !== undefined ? { user: o.user } : {}),
          ...(o.app !== undefined ? { app: o.app } : {}),
        }, gs)
      ) {
        pipeline.pushAll(batch);
        progress(pipeline.rows);
      }
      badRows = gs.badRows;
      goodRows = pipeline.rows + gs.filteredOut;
      filteredOut = gs.filteredOut;
      sources.push({
        kind: "graph",
        url: client.endpoint.root,
        eventTypes,
        filters: gs.filters,
        items: gs.items,
      });
      if (gs.badRows > 0) {
        sources.push({
          kind: "file",
          file: "(Graph items that could not be read)",
          format: "graph-json",
          encoding: null,
          records: gs.badRows,
          badRows: gs.badRows,
          badRowSamples: gs.badRowSamples,
          layout: "graph",
          missingFields: [],
          dateOrder: null,
        });
      }
    }
    pipeline.finish();
    // A future-dated row was read as good; it is a bad row (counted once, in badRows).
    badRows += pipeline.futureRows;
    goodRows -= pipeline.futureRows;
    if (pipeline.futureRows > 0) {
      log.warn(
        `${formatNumber(pipeline.futureRows)} row(s) are dated more than a day after the report clock ` +
          `(${o.now.toISOString()}): counted as bad rows, not used`,
      );
    }
    const undated = pipeline.mergeStats.undatedRows;
    if (undated > 0) {
      log.warn(
        `${formatNumber(undated)} row(s) have no createdDateTime; they are counted but not placed in time` +
          (undated === pipeline.mergeStats.rowsIn ? " (is this a sign-in export?)" : ""),
      );
    }
  } finally {
    status.done();
  }
  const registration = o.withRegistration === undefined ? undefined : await readRegistration(o, client);
  const caveats: string[] = [...inputCaveats];
  if (!o.nowGiven && window !== undefined && o.now.getTime() - window.to.getTime() < 2 * 3_600_000) {
    caveats.push("This window ends less than 2 hours ago: its most recent sign-ins may still change.");
  }
  let report = aggregator.summary({
    generatedAt: o.now.toISOString().replace(".000Z", "Z"),
    ...(window !== undefined
      ? {
        window: {
          from: window.from.toISOString().replace(".000Z", "Z"),
          to: window.to.toISOString().replace(".000Z", "Z"),
        },
      }
      : {}),
    sources,
    rows: goodRows,
    badRows,
    futureRows: pipeline.futureRows,
    filteredOut,
    merge: pipeline.mergeStats,
    ...(o.from.length === 0
      ? { caHiddenAdvice: `${CA_DETAIL_HIDDEN_NOTE} (or Policy.Read.ConditionalAccess).` }
      : {}),
    caveats,
  }, registration);
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
