/**
 * `deno task per-user-mfa`: the successor of MSOnline's per-user MFA one-liner
 * (`Get-MsolUser -All | where {$_.StrongAuthenticationRequirements.State -ne $null}`): users
 * whose legacy per-user MFA is enabled or enforced, one UPN per line by default. A pure
 * {@linkcode parsePerUserMfaArgs} and {@linkcode runPerUserMfa} with its I/O passed in.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { createTaskCommand, log, UsageError } from "../cli/mod.ts";
import { addGraphOptions } from "../options/mod.ts";
import {
  createGraphClient,
  type GraphClient,
  graphClientConfigFromOptions,
  type GraphCliOptions,
  type GraphItem,
  graphOptionsOf,
  readAuthEnv,
} from "../graph/mod.ts";
import { formatFromPath, formatNumber, parseOutputFormat, writeOutput } from "../report/mod.ts";
import { progressReporter } from "./registration.ts";
import { countUnsafeValues } from "../registration/user_rows.ts";
import {
  perUserMfaCheckpointPath,
  readPerUserMfaCheckpoint,
  removePerUserMfaCheckpoint,
  writePerUserMfaCheckpoint,
} from "../per_user_mfa/checkpoint.ts";
import {
  type PerUserMfaHooks,
  type PerUserMfaRead,
  PerUserMfaStopped,
  readPerUserMfaStates,
} from "../per_user_mfa/read.ts";
import {
  countPerUserMfa,
  PER_USER_MFA_FILTERS,
  type PerUserMfaFilter,
  renderPerUserMfaCsv,
  renderPerUserMfaJson,
  renderPerUserMfaText,
  unknownStates,
} from "../per_user_mfa/render.ts";

/** The task name. */
export const PER_USER_MFA_TASK = "per-user-mfa";

/** Output formats, the default first. */
export const PER_USER_MFA_FORMATS = ["text", "csv", "json"] as const;

/** Parsed command line. */
export interface PerUserMfaOptions {
  /** States listed. */
  states: PerUserMfaFilter[];
  /** Output format. */
  format: typeof PER_USER_MFA_FORMATS[number];
  /** Output file (atomic); absent = stdout. */
  out?: string;
  /** UTF-8 BOM for CSV. */
  bom: boolean;
  /** `--resume`: skip the users the checkpoint next to `out` already has. */
  resume: boolean;
  /** Shared Graph options. */
  graph: GraphCliOptions;
  /** `--verbose`. */
  verbose: boolean;
}

/** The command line of the task. */
export function perUserMfaCommand(): Command {
  const cmd = createTaskCommand(
    PER_USER_MFA_TASK,
    "Users whose legacy per-user MFA (MSOnline StrongAuthenticationRequirements) is enabled or enforced: one " +
      "UPN per line, or rows with --format csv|json. Reads Graph beta /users/{id}/authentication/requirements " +
      "once per user (Policy.Read.All), within the request budget.",
  )
    .addOption(
      new Option(
        "--state <states>",
        `states to list: ${
          PER_USER_MFA_FILTERS.join(", ")
        }; repeatable or comma-separated (default: enabled,enforced)`,
      ).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
    )
    .option(
      "--format <format>",
      `${PER_USER_MFA_FORMATS.join(", ")} (default: text, or from the --out extension)`,
    )
    .option("--out <file>", "write to this file (atomically) instead of stdout")
    .option("--bom", "start CSV output with a UTF-8 byte-order mark (for Excel)")
    .option(
      "--resume",
      "after a run with --out stopped part-way: read only the users its checkpoint (OUT.state.json) lacks",
    );
  return addGraphOptions(cmd);
}

/**
 * Parses the command line.
 *
 * @throws {UsageError} for an unknown state or format, or `--bom` without CSV
 *
 * @example
 * ```ts
 * import { parsePerUserMfaArgs } from "./per_user_mfa.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parsePerUserMfaArgs([]).states, ["enabled", "enforced"]);
 * const o = parsePerUserMfaArgs(["--state", "disabled,Enforced", "--state", "unknown", "--out", "x.csv"]);
 * assert.deepEqual(o.states, ["disabled", "enforced", "unknown"]);
 * assert.equal(o.format, "csv");
 * assert.throws(() => parsePerUserMfaArgs(["--state", "on"]), /--state/);
 * ```
 */
export function parsePerUserMfaArgs(argv: string[]): PerUserMfaOptions {
  const cmd = perUserMfaCommand();
  cmd.parse(argv, { from: "user" });
  const o = cmd.opts() as {
    state?: string[];
    format?: string;
    out?: string;
    bom?: boolean;
    resume?: boolean;
    verbose?: boolean;
  } & GraphCliOptions;
  const wanted = new Set<PerUserMfaFilter>();
  for (const part of (o.state ?? ["enabled,enforced"]).flatMap((s) => s.split(","))) {
    const v = part.trim().toLowerCase();
    if (!(PER_USER_MFA_FILTERS as readonly string[]).includes(v)) {
      throw new UsageError(
        `Cannot use --state ${JSON.stringify(part.trim())}: expected ${PER_USER_MFA_FILTERS.join(", ")}`,
      );
    }
    wanted.add(v as PerUserMfaFilter);
  }
  const inferred = formatFromPath(o.out);
  const fallback = inferred === "csv" || inferred === "json" ? inferred : "text";
  const format = parseOutputFormat(o.format ?? fallback, PER_USER_MFA_FORMATS);
  if (o.bom && format !== "csv") {
    throw new UsageError(`Cannot use --bom with --format ${format}: it is for CSV only`);
  }
  const options: PerUserMfaOptions = {
    states: PER_USER_MFA_FILTERS.filter((s) => wanted.has(s)),
    format,
    bom: o.bom === true,
    resume: o.resume === true,
    graph: graphOptionsOf(o),
    verbose: o.verbose === true,
  };
  if (o.out !== undefined && o.out !== "-") options.out = o.out;
  if (options.resume && options.out === undefined) {
    throw new UsageError("Cannot use --resume without --out: the checkpoint lives next to the output file");
  }
  return options;
}

/** The I/O of a run. */
export interface PerUserMfaDeps {
  /** A Graph client for the shared options. */
  openClient(graph: GraphCliOptions): Promise<GraphClient>;
  /** Reads the states (default {@linkcode readPerUserMfaStates}); `known`: from a checkpoint. */
  read(
    client: GraphClient,
    hooks: PerUserMfaHooks,
    known: ReadonlyMap<string, GraphItem> | undefined,
  ): Promise<PerUserMfaRead>;
  /** Report time. */
  now(): Date;
}

/** The real I/O: the environment's sign-in, Graph. */
export const PER_USER_MFA_DEPS: PerUserMfaDeps = {
  openClient: (graph) => createGraphClient(graphClientConfigFromOptions(graph, readAuthEnv())),
  read: (client, hooks, known) => readPerUserMfaStates(client, hooks, known ? { known } : {}),
  now: () => new Date(),
};

/**
 * Runs the task: reads every user's state, lists those in `--state`, notes the counts on
 * stderr and, for a file, a last line naming it and what it holds.
 *
 * @returns 0; errors are thrown (mapped to exit codes by `runMain`)
 */
export async function runPerUserMfa(
  o: PerUserMfaOptions,
  deps: PerUserMfaDeps = PER_USER_MFA_DEPS,
): Promise<number> {
  const client = await deps.openClient(o.graph);
  const root = client.endpoint.root;
  let known: Map<string, GraphItem> | undefined;
  if (o.resume && o.out !== undefined) {
    known = await readPerUserMfaCheckpoint(o.out, root);
    log.note(`Resuming: ${formatNumber(known.size)} users' states from ${perUserMfaCheckpointPath(o.out)}`);
  }
  const status = progressReporter("Reading per-user MFA");
  let read: PerUserMfaRead;
  try {
    read = await deps.read(client, {
      note: (t) => log.note(t),
      warn: (t) => log.warn(t),
      progress: (p) => status.progress(p),
    }, known);
  } catch (e) {
    status.done();
    if (!(e instanceof PerUserMfaStopped)) throw e;
    if (o.out === undefined || e.read.size === 0) {
      throw new Error(`${e.message} (nothing was written: rerun to read them again)`, { cause: e.cause });
    }
    const file = await writePerUserMfaCheckpoint(o.out, root, e.read);
    throw new Error(
      `${e.message}; the ${
        formatNumber(e.read.size)
      } states read are saved in ${file}: rerun the same command ` +
        "with --resume to read only the rest",
      { cause: e.cause },
    );
  } finally {
    status.done();
  }
  const counts = countPerUserMfa(read.rows);
  if (read.skipped > 0) log.warn(`${formatNumber(read.skipped)} /users item(s) had no id or UPN; left out`);
  const unknown = unknownStates(read.rows);
  if (counts.unknown > 0) {
    log.warn(
      `${formatNumber(counts.unknown)} user(s) have a per-user MFA state this toolkit does not know (${
        unknown.map(([v, n]) => `${JSON.stringify(v)}: ${n}`).join(", ")
      })${o.states.includes("unknown") ? "" : "; list them with --state unknown"}`,
    );
  }
  const listed = read.rows.filter((r) => o.states.includes(r.state));
  log.note(
    `Per-user MFA of ${formatNumber(read.rows.length)} users: ${formatNumber(counts.enforced)} enforced, ${
      formatNumber(counts.enabled)
    } enabled, ${formatNumber(counts.disabled)} disabled, ${formatNumber(counts.unknown)} unknown; ${
      formatNumber(listed.length)
    } listed (${o.states.join(", ")})`,
  );
  if (o.format === "text") {
    const unsafe = countUnsafeValues(listed.map((r) => r.userPrincipalName));
    if (unsafe > 0) {
      log.warn(`${formatNumber(unsafe)} UPN(s) held control or invisible characters: printed escaped`);
    }
  }
  if (o.verbose) {
    const s = client.stats;
    log.note(
      `Graph: ${s.requests} requests, ${s.retries} retries, ${s.throttled} throttled, ${s.bytes} bytes`,
    );
  }
  const text = o.format === "text"
    ? renderPerUserMfaText(listed)
    : o.format === "csv"
    ? renderPerUserMfaCsv(listed, { bom: o.bom })
    : renderPerUserMfaJson(listed, {
      states: o.states,
      counts,
      usersRead: read.rows.length,
      generatedAt: deps.now(),
    });
  await writeOutput(o.out, (write) => write(text));
  if (o.out !== undefined) await removePerUserMfaCheckpoint(o.out);
  log.wrote(
    o.out,
    `${formatNumber(listed.length)} user(s) with per-user MFA ${o.states.join(" or ")}, of ${
      formatNumber(read.rows.length)
    } read`,
  );
  return 0;
}
