/**
 * `deno task per-user-mfa`: the successor of MSOnline's per-user MFA one-liner
 * (`Get-MsolUser -All | where {$_.StrongAuthenticationRequirements.State -ne $null}`): users
 * whose legacy per-user MFA is enabled or enforced, one UPN per line by default. A pure
 * {@linkcode parsePerUserMfaArgs} and {@linkcode runPerUserMfa} with its I/O passed in.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { createTaskCommand, UsageError } from "../cli/mod.ts";
import {
  addGraphOptions,
  addOptions,
  addTaskHelp,
  BOM,
  formatOption,
  GRAPH_ENV,
  graphClientConfigFromOptions,
  type GraphCliOptions,
  graphOptionsOf,
  OUT,
  parseBom,
  parseCommandLine,
  parseFormat,
  parseOut,
} from "../options/mod.ts";
import { formatGraphStats, type GraphItem } from "../graph/mod.ts";
import { formatNumber } from "../report/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";
import { progressReporter } from "./registration.ts";
import { countUnsafeValues } from "../registration/user_rows.ts";
import {
  perUserMfaCheckpointPath,
  readPerUserMfaCheckpoint,
  removePerUserMfaCheckpoint,
  writePerUserMfaCheckpoint,
} from "../per_user_mfa/checkpoint.ts";
import { type PerUserMfaRead, PerUserMfaStopped, readPerUserMfaStates } from "../per_user_mfa/read.ts";
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

/**
 * The command line of the task, for parsing and `--help`.
 *
 * @example
 * ```ts
 * import { perUserMfaCommand } from "./per_user_mfa.ts";
 * import assert from "node:assert/strict";
 * assert.match(perUserMfaCommand().helpInformation(), /deno task per-user-mfa \[options\]/);
 * ```
 */
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
    );
  addOptions(cmd, formatOption(PER_USER_MFA_FORMATS), OUT, BOM);
  cmd.option(
    "--resume",
    "after a run with --out stopped part-way: read only the users its checkpoint (OUT.state.json) lacks",
  );
  addGraphOptions(cmd);
  return addTaskHelp(cmd, {
    examples: [
      [`deno task ${PER_USER_MFA_TASK}`, "UPNs with per-user MFA enabled or enforced, one per line"],
      [
        `deno task ${PER_USER_MFA_TASK} --state enforced --format csv -o enforced.csv`,
        "the enforced users as CSV rows",
      ],
      [
        `deno task ${PER_USER_MFA_TASK} --state disabled,enabled,enforced,unknown -o states.json --resume`,
        "every state as JSON, after a run that stopped part-way",
      ],
    ],
    env: GRAPH_ENV,
  });
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
  const o = parseCommandLine<
    {
      state?: string[];
      format?: string;
      out?: string;
      bom?: boolean;
      resume?: boolean;
      verbose?: boolean;
    } & GraphCliOptions
  >(cmd, argv);
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
  const format = parseFormat(o.format, o.out, PER_USER_MFA_FORMATS);
  const options: PerUserMfaOptions = {
    states: PER_USER_MFA_FILTERS.filter((s) => wanted.has(s)),
    format,
    bom: parseBom(o.bom, format),
    resume: o.resume === true,
    graph: graphOptionsOf(o),
    verbose: o.verbose === true,
  };
  const out = parseOut(o.out);
  if (out !== undefined) options.out = out;
  if (options.resume && options.out === undefined) {
    throw new UsageError("Cannot use --resume without --out: the checkpoint lives next to the output file");
  }
  return options;
}

/**
 * Runs the task: reads every user's state, lists those in `--state`, notes the counts on
 * stderr and, for a file, a last line naming it and what it holds.
 *
 * @returns 0; errors are thrown (mapped to exit codes by `runMain`)
 */
export async function runPerUserMfa(
  o: PerUserMfaOptions,
  deps: CommandDeps = defaultDeps(),
): Promise<number> {
  const client = await deps.createGraphClient(graphClientConfigFromOptions(o.graph, deps.env(), deps.log));
  const root = client.endpoint.root;
  let known: Map<string, GraphItem> | undefined;
  if (o.resume && o.out !== undefined) {
    known = await readPerUserMfaCheckpoint(o.out, root);
    deps.log.note(
      `Resuming: ${formatNumber(known.size)} users' states from ${perUserMfaCheckpointPath(o.out)}`,
    );
  }
  const status = progressReporter("Reading per-user MFA", deps);
  let read: PerUserMfaRead;
  try {
    read = await readPerUserMfaStates(client, {
      note: (t) => deps.log.note(t),
      warn: (t) => deps.log.warn(t),
      progress: (p) => status.progress(p),
    }, known ? { known } : {});
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
  if (read.skipped > 0) {
    deps.log.warn(`${formatNumber(read.skipped)} /users item(s) had no id or UPN; left out`);
  }
  const unknown = unknownStates(read.rows);
  if (counts.unknown > 0) {
    deps.log.warn(
      `${formatNumber(counts.unknown)} user(s) have a per-user MFA state this toolkit does not know (${
        unknown.map(([v, n]) => `${JSON.stringify(v)}: ${n}`).join(", ")
      })${o.states.includes("unknown") ? "" : "; list them with --state unknown"}`,
    );
  }
  const listed = read.rows.filter((r) => o.states.includes(r.state));
  deps.log.note(
    `Per-user MFA of ${formatNumber(read.rows.length)} users: ${formatNumber(counts.enforced)} enforced, ${
      formatNumber(counts.enabled)
    } enabled, ${formatNumber(counts.disabled)} disabled, ${formatNumber(counts.unknown)} unknown; ${
      formatNumber(listed.length)
    } listed (${o.states.join(", ")})`,
  );
  if (o.format === "text") {
    const unsafe = countUnsafeValues(listed.map((r) => r.userPrincipalName));
    if (unsafe > 0) {
      deps.log.warn(`${formatNumber(unsafe)} UPN(s) held control or invisible characters: printed escaped`);
    }
  }
  if (o.verbose) deps.log.note(formatGraphStats(client.stats));
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
  await deps.writeOutput(o.out, (write) => write(text));
  if (o.out !== undefined) await removePerUserMfaCheckpoint(o.out);
  deps.log.wrote(
    o.out,
    `${formatNumber(listed.length)} user(s) with per-user MFA ${o.states.join(" or ")}, of ${
      formatNumber(read.rows.length)
    } read`,
  );
  return 0;
}
