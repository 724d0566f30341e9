/**
 * The options several tasks share, each defined once (flags, help text, default text), with
 * their value parsers. A task lists the definitions it takes; a new `--format` value is one
 * word in the task's format list.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { parseIntOption } from "../cli/command.ts";
import { formatFromPath, type OutputFormat, parseOutputFormat } from "../report/format.ts";
import { DATE_ORDERS, type DateOrder, isDateOrder } from "../time/date_time.ts";
import type { OptionDef, OptionUse } from "./define.ts";

/** `-o, --out`: the output file. */
export const OUT = {
  flags: "-o, --out <file>",
  help: "write the output to this file, replaced atomically (- for stdout)",
  defaultText: "stdout",
} as const satisfies OptionDef;

/** `--format`: the output format (each task lists its formats). */
export const FORMAT = {
  flags: "--format <format>",
  help: "output format",
} as const satisfies OptionDef;

/**
 * `--format` as a task offers it: its formats, the first being the default unless `--out`'s
 * extension names another.
 *
 * @example
 * ```ts
 * import { formatOption } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(formatOption(["md", "json"]).choices, ["md", "json"]);
 * assert.equal(formatOption(["md", "json"]).defaultText, "from the --out extension, else md");
 * ```
 */
export function formatOption(formats: readonly OutputFormat[]): OptionUse {
  return { def: FORMAT, choices: formats, defaultText: `from the --out extension, else ${formats[0]}` };
}

/**
 * The format a task writes: `--format`, else `--out`'s extension when the task writes that
 * format, else the task's first format.
 *
 * @throws {UsageError} for a format the task does not write
 *
 * @example
 * ```ts
 * import { parseFormat } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseFormat(undefined, "r.json", ["md", "json"]), "json");
 * assert.equal(parseFormat(undefined, "r.txt", ["md", "json"]), "md");
 * assert.equal(parseFormat("json", undefined, ["md", "json"]), "json");
 * assert.throws(() => parseFormat("xlsx", undefined, ["md", "json"]), /--format "xlsx"/);
 * ```
 */
export function parseFormat<F extends OutputFormat>(
  format: string | undefined,
  out: string | undefined,
  formats: readonly F[],
): F {
  const inferred = formatFromPath(out);
  const fallback = inferred !== undefined && (formats as readonly string[]).includes(inferred)
    ? inferred as F
    : formats[0]!;
  return parseOutputFormat(format ?? fallback, formats);
}

/**
 * The output file, or undefined for stdout (`-` or absent).
 *
 * @throws {UsageError} for an empty name
 *
 * @example
 * ```ts
 * import { parseOut } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseOut("r.md"), "r.md");
 * assert.equal(parseOut("-"), undefined);
 * assert.equal(parseOut(undefined), undefined);
 * ```
 */
export function parseOut(value: string | undefined): string | undefined {
  if (value === undefined || value === "-") return undefined;
  if (value.trim() === "") throw new UsageError("Cannot use --out: expected a file name (or - for stdout)");
  return value;
}

/** `--top`: entries per ranking. */
export const TOP = {
  flags: "--top <n>",
  help: "entries listed in each ranking, 1 to 1000",
  defaultText: "10",
  defaultValue: "10",
} as const satisfies OptionDef;

/**
 * Parses `--top`.
 *
 * @example
 * ```ts
 * import { parseTop } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseTop("5"), 5);
 * assert.throws(() => parseTop("0"), /--top "0"/);
 * ```
 */
export function parseTop(value: string | undefined): number {
  return parseIntOption("--top", value ?? TOP.defaultValue, 1, 1000);
}

/** `--list-limit`: items named in each long list of a Markdown report. */
export const LIST_LIMIT = {
  flags: "--list-limit <n>",
  help: "items named in each long list of the Markdown report",
  defaultText: "50",
  defaultValue: "50",
} as const satisfies OptionDef;

/**
 * Parses `--list-limit`.
 *
 * @example
 * ```ts
 * import { parseListLimit } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseListLimit(undefined), 50);
 * ```
 */
export function parseListLimit(value: string | undefined): number {
  return parseIntOption("--list-limit", value ?? LIST_LIMIT.defaultValue, 1, 1_000_000);
}

/** `--date-order`: day/month order of culture-formatted dates in an export. */
export const DATE_ORDER = {
  flags: "--date-order <order>",
  help: "day/month order of culture-formatted dates in a PowerShell Export-Csv file",
  defaultText: "found from the file",
} as const satisfies OptionDef;

/** `--date-order` as tasks offer it. */
export const DATE_ORDER_USE: OptionUse = { def: DATE_ORDER, choices: DATE_ORDERS };

/**
 * Parses `--date-order`.
 *
 * @example
 * ```ts
 * import { parseDateOrder } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseDateOrder("dmy"), "dmy");
 * assert.equal(parseDateOrder(undefined), undefined);
 * assert.throws(() => parseDateOrder("ymd"), /--date-order "ymd": expected dmy or mdy/);
 * ```
 */
export function parseDateOrder(value: string | undefined): DateOrder | undefined {
  if (value === undefined) return undefined;
  if (!isDateOrder(value)) {
    throw new UsageError(
      `Cannot use --date-order ${JSON.stringify(value)}: expected ${DATE_ORDERS.join(" or ")}`,
    );
  }
  return value;
}

/** `--max-bad-rows`: how many unreadable rows an input file may have. */
export const MAX_BAD_ROWS = {
  flags: "--max-bad-rows <n|n%>",
  help: "fail when an input file has more rows that cannot be understood than this (a count or a percentage)",
  defaultText: "1%",
  defaultValue: "1%",
} as const satisfies OptionDef;

/** `--now`: the report clock. */
export const NOW = {
  flags: "--now <datetime>",
  help: "the report clock (ISO 8601), for reproducible reports",
  defaultText: "the current time",
} as const satisfies OptionDef;

/** `--bom`: a UTF-8 byte-order mark before CSV. */
export const BOM = {
  flags: "--bom",
  help: "start CSV output with a UTF-8 byte-order mark (for Excel)",
} as const satisfies OptionDef;

/**
 * Parses `--bom`: only CSV starts with a byte-order mark.
 *
 * @throws {UsageError} for `--bom` with another format
 *
 * @example
 * ```ts
 * import { parseBom } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseBom(true, "csv"), true);
 * assert.equal(parseBom(undefined, "text"), false);
 * assert.throws(() => parseBom(true, "json"), /--bom with --format json: it is for CSV only/);
 * ```
 */
export function parseBom(bom: boolean | undefined, format: OutputFormat): boolean {
  if (bom === true && format !== "csv") {
    throw new UsageError(`Cannot use --bom with --format ${format}: it is for CSV only`);
  }
  return bom === true;
}

/** `--threads`: worker threads for one NDJSON sign-in file, or the Graph pages' worker (signins-report, compliance-report). */
export const THREADS = {
  flags: "--threads <n>",
  help:
    "worker threads that read, merge and count parts of one NDJSON sign-in file of 16 MiB or more (from Graph, 2 or more: one worker parses and counts the pages while the main thread fetches), 1 to 64; the numbers do not depend on it",
  defaultText: "the available cores, at most 4 (1: the main thread only)",
} as const satisfies OptionDef;

/** The most worker threads used when `--threads` is not given (each costs ~85–110 MB of peak RSS). */
export const MAX_DEFAULT_THREADS = 4;

/**
 * The `--threads` default for a machine with `cores` logical cores: all of them, at most
 * {@linkcode MAX_DEFAULT_THREADS}, at least 1. Measured on an otherwise idle 2-core machine
 * (README, Performance), two workers took 0.86× the wall-clock time of one thread on 200k
 * sign-ins and 0.74× on 1M, for 8–13 % more CPU time and ~2.2× the peak RSS (~330 vs ~150 MB,
 * still under half of DuckDB's); on a runner whose cores other jobs keep busy, `--threads 1` is
 * the cheaper choice.
 *
 * @param cores logical cores (`navigator.hardwareConcurrency`)
 * @returns 1 to {@linkcode MAX_DEFAULT_THREADS}
 *
 * @example
 * ```ts
 * import { defaultThreads } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.equal(defaultThreads(2), 2);
 * assert.equal(defaultThreads(16), 4);
 * assert.equal(defaultThreads(0), 1);
 * ```
 */
export function defaultThreads(cores: number): number {
  const n = Number.isFinite(cores) ? Math.floor(cores) : 1;
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, n));
}

/** The `--threads` default on this machine ({@linkcode defaultThreads} of its cores). */
export const DEFAULT_THREADS: number = defaultThreads(navigator.hardwareConcurrency);

/**
 * Parses `--threads` (default {@linkcode DEFAULT_THREADS}).
 *
 * @param value the option as given, or undefined
 * @returns 1 to 64
 * @throws {UsageError} for anything else
 *
 * @example
 * ```ts
 * import { DEFAULT_THREADS, parseThreads } from "./common.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseThreads("3"), 3);
 * assert.equal(parseThreads(undefined), DEFAULT_THREADS);
 * assert.throws(() => parseThreads("0"), /--threads/);
 * ```
 */
export function parseThreads(value: string | undefined): number {
  if (value === undefined) return DEFAULT_THREADS;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 1 || n > 64) {
    throw new UsageError(
      `Cannot use --threads ${JSON.stringify(value)}: expected a whole number from 1 to 64`,
    );
  }
  return n;
}
