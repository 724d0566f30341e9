/**
 * `mfa-server-report --from FILE…`: reads Azure MFA Server authentication activity exports (CSV,
 * or plain lists of call-result codes), classifies every call result and writes a Markdown, JSON
 * or per-code CSV report. No network, no credentials.
 *
 * @module
 */
import { createTaskCommand, UsageError } from "../cli/mod.ts";
import {
  createMfaServerTally,
  mfaServerCodesCsv,
  mfaServerReportJson,
  readMfaServerActivityFile,
  renderMfaServerHtml,
  renderMfaServerMarkdown,
} from "../mfa_server/mod.ts";
import { formatNumber, toJson } from "../report/mod.ts";
import {
  addOptions,
  addTaskHelp,
  formatOption,
  OUT,
  parseCommandLine,
  parseFormat,
  parseOut,
  parseTop,
  TOP,
} from "../options/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";

/** The task name, as in `deno task mfa-server-report`. */
export const MFA_SERVER_REPORT_TASK = "mfa-server-report";

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

/**
 * The command line of `mfa-server-report`, for parsing and `--help`.
 *
 * @example
 * ```ts
 * import { mfaServerReportCommand } from "./mfa_server_report.ts";
 * import assert from "node:assert/strict";
 * assert.match(mfaServerReportCommand().helpInformation(), /deno task mfa-server-report \[options\]/);
 * ```
 */
export function mfaServerReportCommand() {
  const cmd = createTaskCommand(
    MFA_SERVER_REPORT_TASK,
    "Report on Azure MFA Server authentication activity exports: outcomes, channels, every call-result code, " +
      "denials per user, fraud, blocks, bypasses, cache, timeouts, per-day trend.",
  ).requiredOption("--from <file...>", "MFA Server activity export(s): CSV, or a list of call-result codes");
  addOptions(cmd, formatOption(MFA_SERVER_REPORT_FORMATS), OUT, TOP);
  return addTaskHelp(cmd, {
    examples: [
      ["deno task mfa-server-report --from activity.csv -o mfa-server.md", "one export, as Markdown"],
      ["deno task mfa-server-report --from jan.csv feb.csv --format json", "two months, JSON on stdout"],
    ],
  });
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
  const cmd = mfaServerReportCommand();
  const o = parseCommandLine<
    { from: string[]; format?: string; out?: string; top: string; verbose?: boolean }
  >(cmd, argv);
  const from = o.from.filter((f) => f !== "");
  if (from.length === 0) throw new UsageError("Cannot use --from: expected at least one file name");
  const format = parseFormat(o.format, o.out, MFA_SERVER_REPORT_FORMATS);
  const options: MfaServerReportOptions = {
    from,
    format,
    top: parseTop(o.top),
    verbose: o.verbose === true,
  };
  const out = parseOut(o.out);
  if (out !== undefined) options.out = out;
  return options;
}

/**
 * Runs the report: reads every `--from` file, then writes the report. Nothing is written when
 * an input is unreadable (an existing `--out` file stays as it was).
 *
 * @param o parsed options
 * @param deps the I/O edges
 * @returns 0 on success; errors are thrown and mapped to exit codes by `runMain`
 */
export async function runMfaServerReport(
  o: MfaServerReportOptions,
  deps: CommandDeps = defaultDeps(),
): Promise<number> {
  const tally = createMfaServerTally({ top: o.top });
  const status = deps.progress("Reading MFA Server activity");
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
      if (o.verbose) deps.log.note(`Read ${file}: ${formatNumber(fileRows)} rows`);
    }
  } finally {
    status.done();
  }
  const summary = tally.summary();
  if (summary.totals.unknown > 0) {
    deps.log.warn(
      `${formatNumber(summary.totals.unknown)} row(s) have an unknown call result (${
        formatNumber(summary.unknownCodes.length)
      } distinct value(s)); they are counted as unknown and listed in the report`,
    );
  }
  if (summary.totals.badRows > 0) {
    deps.log.warn(
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
  await deps.writeOutput(o.out, (write) => write(text), { inputs: o.from });
  deps.log.wrote(
    o.out,
    `${formatNumber(rows)} MFA Server call rows from ${o.from.length} file(s) (${o.format})`,
  );
  return 0;
}

/** The task: parses `argv` and runs it. */
export function mfaServerReportMain(argv: string[], deps: CommandDeps = defaultDeps()): Promise<number> {
  return runMfaServerReport(parseMfaServerReportArgs(argv), deps);
}
