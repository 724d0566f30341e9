/**
 * `deno task mfa-server-report --from FILE…`: reads Azure MFA Server authentication activity
 * exports (CSV, or plain lists of call-result codes), classifies every call result and writes
 * a Markdown, JSON or per-code CSV report. Needs only `--allow-read` (inputs) and
 * `--allow-write` (`--out`); no network, no credentials.
 *
 * @module
 */
import {
  createProgressLine,
  createTaskCommand,
  log,
  parseIntOption,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import {
  createMfaServerTally,
  mfaServerCodesCsv,
  mfaServerReportJson,
  readMfaServerActivityFile,
  renderMfaServerHtml,
  renderMfaServerMarkdown,
} from "../lib/mfa_server/mod.ts";
import { formatFromPath, formatNumber, parseOutputFormat, toJson, writeOutput } from "../lib/report/mod.ts";

/** The task name, as in `deno task mfa-server-report`. */
export const TASK_NAME = "mfa-server-report";

/** Output formats the task writes. */
export const MFA_SERVER_REPORT_FORMATS = ["md", "json", "csv", "html"] as const;

/** Parsed command line. */
export interface MfaServerReportOptions {
  /** Input files, in the order given. */
  from: string[];
  /** Output format. */
  format: typeof MFA_SERVER_REPORT_FORMATS[number];
  /** Output file (atomic write); absent or `-` means stdout. */
  out?: string;
  /** Users listed per ranking. */
  top: number;
  /** Extra detail on stderr. */
  verbose: boolean;
}

function command() {
  return createTaskCommand(
    TASK_NAME,
    "Report on Azure MFA Server authentication activity exports: outcomes, channels, every call-result code, " +
      "denials per user, fraud, blocks, bypasses, cache, timeouts, per-day trend.",
  )
    .requiredOption("--from <file...>", "MFA Server activity export(s): CSV, or a list of call-result codes")
    .option(
      "--format <format>",
      "md, json, csv (per-code table) or html (default: md, or from the --out extension)",
    )
    .option("--out <file>", "write the report to this file (atomically) instead of stdout")
    .option("--top <n>", "users listed in each ranking", "10");
}

/**
 * Parses the command line.
 *
 * @throws {UsageError} for a bad `--format` or `--top`; commander errors for unknown
 * options or a missing `--from`
 *
 * @example Several files, format from the --out extension
 * ```ts
 * import { parseMfaServerReportArgs } from "./mfa_server_report.ts";
 * import assert from "node:assert/strict";
 * const o = parseMfaServerReportArgs(["--from", "a.csv", "b.csv", "--out", "r.json"]);
 * assert.deepEqual(o, { from: ["a.csv", "b.csv"], format: "json", out: "r.json", top: 10, verbose: false });
 * ```
 */
export function parseMfaServerReportArgs(argv: string[]): MfaServerReportOptions {
  const cmd = command();
  cmd.parse(argv, { from: "user" });
  const o = cmd.opts<{ from: string[]; format?: string; out?: string; top: string; verbose?: boolean }>();
  const from = o.from.filter((f) => f !== "");
  if (from.length === 0) throw new UsageError("Cannot use --from: expected at least one file name");
  const inferred = formatFromPath(o.out);
  const format = parseOutputFormat(
    o.format ??
      (inferred !== undefined && (MFA_SERVER_REPORT_FORMATS as readonly string[]).includes(inferred)
        ? inferred
        : "md"),
    MFA_SERVER_REPORT_FORMATS,
  );
  const options: MfaServerReportOptions = {
    from,
    format,
    top: parseIntOption("--top", o.top, 1, 1000),
    verbose: o.verbose === true,
  };
  if (o.out !== undefined && o.out !== "-") options.out = o.out;
  return options;
}

/**
 * Runs the task: reads every `--from` file, then writes the report. Nothing is written when
 * an input is unreadable (an existing `--out` file stays as it was).
 *
 * @returns 0 on success; errors are thrown and mapped to exit codes by `runMain`
 */
export async function main(argv: string[]): Promise<number> {
  const o = parseMfaServerReportArgs(argv);
  const tally = createMfaServerTally({ top: o.top });
  const status = createProgressLine("Reading MFA Server activity");
  let rows = 0;
  try {
    for (const file of o.from) {
      let fileRows = 0;
      for await (const record of readMfaServerActivityFile(file)) {
        tally.add(record);
        if (record.kind === "row") {
          fileRows++;
          if (++rows % 1_000 === 0) status.update({ rows, detail: file });
        }
      }
      if (o.verbose) log.note(`Read ${file}: ${formatNumber(fileRows)} rows`);
    }
  } finally {
    status.done();
  }
  const summary = tally.summary();
  if (summary.totals.unknown > 0) {
    log.warn(
      `${formatNumber(summary.totals.unknown)} row(s) have an unknown call result (${
        formatNumber(summary.unknownCodes.length)
      } distinct value(s)); they are counted as unknown and listed in the report`,
    );
  }
  if (summary.totals.badRows > 0) {
    log.warn(
      `${formatNumber(summary.totals.badRows)} line(s) could not be used; see "Data quality" in the report`,
    );
  }
  const text = o.format === "json"
    ? toJson(mfaServerReportJson(summary))
    : o.format === "csv"
    ? mfaServerCodesCsv(summary)
    : o.format === "html"
    ? renderMfaServerHtml(summary)
    : renderMfaServerMarkdown(summary);
  await writeOutput(o.out, (write) => write(text), { inputs: o.from });
  log.wrote(o.out, `${formatNumber(rows)} MFA Server call rows from ${o.from.length} file(s) (${o.format})`);
  return 0;
}

if (import.meta.main) runMain(TASK_NAME, main);
