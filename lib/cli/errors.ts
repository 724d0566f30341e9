/**
 * Error classes shared by every task. A task's `main` maps them to exit codes:
 * {@linkcode UsageError} → 2, {@linkcode InputError} and anything else → 1.
 * Messages are one line, sentence case, no trailing period, and quote the offending value.
 *
 * @module
 */

/** Exit codes every task uses. */
export const EXIT_CODE = {
  /** Everything ran; all fail-severity thresholds (if any) passed. */
  Ok: 0,
  /** The tool failed: bad input file, Graph error, I/O error. */
  Failure: 1,
  /** The command line was wrong: unknown option, bad value, missing argument. */
  Usage: 2,
  /** The tool ran, but a fail-severity compliance threshold was not met. */
  ThresholdNotMet: 3,
} as const;

/** One of the {@linkcode EXIT_CODE} values. */
export type ExitCode = typeof EXIT_CODE[keyof typeof EXIT_CODE];

/**
 * Bad command-line usage (exit code 2). The harness prints the task's usage line after it.
 *
 * @example Throwing a usage error
 * ```ts
 * import { UsageError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const e = new UsageError("Cannot parse --days: expected a whole number from 1 to 30, got \"abc\"");
 * assert.equal(e.exitCode, 2);
 * assert.equal(e.name, "UsageError");
 * ```
 */
export class UsageError extends Error {
  /** Always 2. */
  readonly exitCode = EXIT_CODE.Usage;
  /** @param message one line, naming the option and the value */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** Where in an input file a problem was found. */
export interface InputLocation {
  /** Path of the file as the user gave it. */
  file: string;
  /** 1-based line number, when known. */
  line?: number;
  /** 1-based column number or column name, when known. */
  column?: number | string;
  /** 0-based byte offset, when known. */
  byte?: number;
}

/**
 * A malformed input file (exit code 1). The message is prefixed with the location,
 * e.g. `signins.csv:12: column "Status": expected "Success", "Failure" or "Interrupted", got "Maybe"`.
 *
 * @example Naming the file and line
 * ```ts
 * import { InputError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const e = new InputError("unterminated string", { file: "a.json", line: 3 });
 * assert.equal(e.message, "a.json:3: unterminated string");
 * assert.equal(e.exitCode, 1);
 * ```
 */
export class InputError extends Error {
  /** Always 1. */
  readonly exitCode = EXIT_CODE.Failure;
  /** Where the problem is. */
  readonly location: InputLocation;
  /**
   * @param detail what is wrong and what was expected
   * @param location file (and line/column/byte when known)
   */
  constructor(detail: string, location: InputLocation, options?: ErrorOptions) {
    super(`${formatLocation(location)}: ${detail}`, options);
    this.name = "InputError";
    this.location = location;
  }
}

/**
 * Formats a location as `file:line:column` (or `file (byte N)`), leaving out unknown parts.
 *
 * @example
 * ```ts
 * import { formatLocation } from "./errors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatLocation({ file: "x.csv", line: 4, column: "Status" }), "x.csv:4: column \"Status\"");
 * assert.equal(formatLocation({ file: "x.json", byte: 1024 }), "x.json (byte 1024)");
 * ```
 */
export function formatLocation(loc: InputLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (typeof loc.column === "number") s += `:${loc.column}`;
  else if (typeof loc.column === "string") s += `: column ${JSON.stringify(loc.column)}`;
  if (loc.byte !== undefined && loc.line === undefined) s += ` (byte ${loc.byte})`;
  return s;
}
