/**
 * The I/O edges a command runs against, passed in so the command body stays testable: the
 * clock, stderr (log and status line), the environment the Graph sign-in reads, the Graph client
 * factory and the output writer. {@linkcode defaultDeps} is the real process.
 *
 * @module
 */
import { createStatusLine, log } from "../cli/log.ts";
import { createProgressLine, type ProgressCounts } from "../cli/progress.ts";
import { createGraphClient, type GraphClient, type GraphClientConfig } from "../graph/client.ts";
import { type AuthEnv, readAuthEnv } from "../graph/auth_config.ts";
import { writeOutput } from "../report/output.ts";

/** A one-line status that rewrites itself (a terminal only). */
export interface StatusLine {
  /** Shows `text`. */
  update(text: string): void;
  /** Clears the line. */
  done(): void;
}

/** A progress line (rows, pages, rate, elapsed, ETA), redrawn on a terminal at least every second. */
export interface ProgressLine {
  /** Shows the counts so far. */
  update(counts: ProgressCounts): void;
  /** Clears the line. */
  done(): void;
}

/** What a command reads and writes outside its options. */
export interface CommandDeps {
  /** The current time (the report clock unless `--now`). */
  now(): Date;
  /** Stderr: notes, warnings, plain lines. */
  log: {
    note(text: string): void;
    warn(text: string): void;
    error(text: string): void;
    plain(text: string): void;
    /** The last line of a run that wrote a file (nothing when the output went to stdout). */
    wrote(file: string | undefined, holds: string): void;
  };
  /** A status line for progress. */
  status(): StatusLine;
  /** A timed progress line labelled `label` (rows, pages, rate, elapsed, ETA). */
  progress(label: string): ProgressLine;
  /** The sign-in variables (GRAPH_ACCESS_TOKEN, AZURE_*, …) as far as the task may read them. */
  env(): AuthEnv;
  /** Builds a Graph client. */
  createGraphClient(config: GraphClientConfig): Promise<GraphClient>;
  /** Writes the output atomically to a file, or to stdout when `path` is undefined. */
  writeOutput: typeof writeOutput;
}

/**
 * The real edges: the system clock, stderr, the process environment, the SDK client, the atomic
 * writer.
 *
 * @example
 * ```ts
 * import { defaultDeps } from "./deps.ts";
 * import assert from "node:assert/strict";
 * assert.ok(defaultDeps().now() instanceof Date);
 * ```
 */
export function defaultDeps(): CommandDeps {
  return {
    now: () => new Date(),
    log,
    status: createStatusLine,
    progress: (label) => createProgressLine(label),
    env: readAuthEnv,
    createGraphClient,
    writeOutput,
  };
}
