/**
 * The command line of `compliance-report`.
 *
 * @module
 */
import { Option } from "commander";
import { createTaskCommand, parseIntOption, UsageError } from "../cli/mod.ts";
import type { SignInEventType } from "../classify/mod.ts";
import { addGraphOptions, type GraphCliOptions, graphOptionsOf } from "../graph/mod.ts";
import { GRAPH_SOURCE_CHOICES, type GraphSourceChoice } from "../registration/mod.ts";
import { isWorkspaceId } from "../log_analytics/client.ts";
import { type MaxBadRows, parseMaxBadRows } from "../signins/mod.ts";
import {
  parseDateOption,
  parseEventTypes,
  parseThreads,
  resolveWindow,
  THREADS_OPTION,
} from "../signins_report/mod.ts";

/** The task name, as in `deno task compliance-report`. */
export const COMPLIANCE_TASK = "compliance-report";

/** Parsed command line. */
export interface ComplianceOptions {
  /** `--policy` file. */
  policy: string;
  /** `--check-policy`: validate the policy and stop. */
  checkPolicy: boolean;
  /** `--registration-from`. */
  registrationFrom?: string;
  /** `--source`. */
  source: GraphSourceChoice;
  /** `--signins-from` files. */
  signInsFrom: string[];
  /** `--max-bad-rows`: bad rows a `--signins-from` file may have before the run fails. */
  maxBadRows: MaxBadRows;
  /** `--threads`: threads for reading NDJSON `--signins-from` files. */
  threads: number;
  /** `--signins-workspace`: read sign-ins from this Log Analytics workspace. */
  signInsWorkspace?: string;
  /** `--la-url`: another Log Analytics API host, or a loopback test endpoint. */
  laUrl?: string;
  /** `--ca-policies-from`. */
  caPoliciesFrom?: string;
  /** `--since`. */
  since?: string;
  /** `--until`. */
  until?: string;
  /** `--days`. */
  days?: number;
  /** `--now` or the current time. */
  now: Date;
  /** `--event-types`. */
  eventTypes?: SignInEventType[];
  /** `--out` (Markdown); absent = stdout. */
  out?: string;
  /** `--json`. */
  json?: string;
  /** `--junit`. */
  junit?: string;
  /** `--baseline`. */
  baseline?: string;
  /** `--list-limit`. */
  listLimit: number;
  /** Shared Graph options. */
  graph: GraphCliOptions;
  /** `--verbose`. */
  verbose: boolean;
  /** `--allow-outside-paths`: files the policy names may be outside the policy's folder. */
  allowOutsidePaths: boolean;
}

function command() {
  return addGraphOptions(
    createTaskCommand(
      COMPLIANCE_TASK,
      "Check the tenant against a compliance policy (MFA registration and capability, admins without MFA or " +
        "phishing-resistant methods, SMS/voice-only users, legacy-auth successes, fraud reports, required " +
        "Conditional Access policies, report-only age): verdict table, Markdown, JSON, JUnit; exit 3 when a " +
        "fail-severity rule fails.",
    )
      .option("--policy <file>", "the compliance policy (JSONC; see examples/compliance.jsonc)")
      .option("--check-policy", "only validate the policy file, then exit (0 when valid)")
      .option(
        "--allow-outside-paths",
        "let the policy's scope.excludeFile name a file outside the policy file's folder",
      )
      .option(
        "--registration-from <file>",
        "read registration from an export (userRegistrationDetails JSON/CSV, MSOnline CSV) instead of Graph",
      )
      .addOption(
        new Option(
          "--source <source>",
          "Graph registration source (auto: the registration report, else per-user methods)",
        )
          .choices(GRAPH_SOURCE_CHOICES).default("auto"),
      )
      .option(
        "--signins-from <file...>",
        "read sign-ins from files (Graph NDJSON/JSON, portal, Log Analytics) instead of Graph",
      )
      .option(
        "--signins-workspace <id>",
        "read sign-ins from this Log Analytics workspace (counted in the workspace) instead of Graph",
      )
      .option("--la-url <url>", "Log Analytics API root (a national-cloud host, or a loopback test endpoint)")
      .option(
        "--max-bad-rows <n|n%>",
        "fail when a --signins-from file has more rows that cannot be understood than this (a count or a percentage)",
        "1%",
      )
      .option(THREADS_OPTION.flags, THREADS_OPTION.description)
      .option(
        "--ca-policies-from <file>",
        "read Conditional Access policies from a JSON export instead of Graph",
      )
      .option("--since <datetime>", "sign-in window start (ISO 8601, UTC unless an offset is given)")
      .option("--until <datetime>", "sign-in window end (default: now)")
      .option("--days <n>", "sign-in window length in days, ending at --until (default 1 for Graph)")
      .option("--now <datetime>", "the report clock (report-only ages, the window), for reproducible reports")
      .option(
        "--event-types <list>",
        "interactive,noninteractive,serviceprincipal,managedidentity (Graph default: interactive,noninteractive; workspace and files: all)",
      )
      .option("--out <file>", "write the Markdown report to this file (atomically) instead of stdout")
      .option("--json <file>", "also write the JSON document (the next run's --baseline)")
      .option("--junit <file>", "also write JUnit XML, one test per rule")
      .option("--baseline <file>", 'a previous run\'s --json output: adds a "what changed" section')
      .option("--list-limit <n>", "items listed per finding in the Markdown", "50")
      .addOption(new Option("--from <file...>").hideHelp()),
  );
}

/**
 * Parses the command line.
 *
 * @throws {UsageError} for bad values and conflicting options; commander errors for unknown options
 *
 * @example Usage
 * ```ts
 * import { parseComplianceArgs } from "./cli.ts";
 * import assert from "node:assert/strict";
 * const o = parseComplianceArgs(["--policy", "c.jsonc", "--signins-from", "a.ndjson", "b.csv", "--json", "r.json",
 *   "--now", "2026-11-20T12:00:00Z", "--days", "7"]);
 * assert.deepEqual(o.signInsFrom, ["a.ndjson", "b.csv"]);
 * assert.equal(o.days, 7);
 * assert.equal(o.now.toISOString(), "2026-11-20T12:00:00.000Z");
 * assert.throws(() => parseComplianceArgs([]), /Cannot run compliance-report: expected --policy FILE/);
 * assert.throws(() => parseComplianceArgs(["--policy", "c", "--registration-from", "r.csv", "--source", "per-user-methods"]), /--source/);
 * assert.throws(() => parseComplianceArgs(["--policy", "c", "--from", "r.csv"]), /use --registration-from FILE/);
 * ```
 */
export function parseComplianceArgs(argv: string[]): ComplianceOptions {
  const cmd = command();
  cmd.parse(argv, { from: "user" });
  const o = cmd.opts<
    GraphCliOptions & {
      policy?: string;
      checkPolicy?: boolean;
      registrationFrom?: string;
      source: GraphSourceChoice;
      signinsFrom?: string[];
      signinsWorkspace?: string;
      laUrl?: string;
      maxBadRows: string;
      threads?: string;
      caPoliciesFrom?: string;
      since?: string;
      until?: string;
      days?: string;
      now?: string;
      eventTypes?: string;
      out?: string;
      json?: string;
      junit?: string;
      baseline?: string;
      listLimit: string;
      verbose?: boolean;
      allowOutsidePaths?: boolean;
      from?: string[];
    }
  >();
  if (o.from !== undefined) {
    throw new UsageError(
      "Cannot use --from: compliance-report reads each part separately; use --registration-from FILE, " +
        "--signins-from FILE... and --ca-policies-from FILE",
    );
  }
  if (o.policy === undefined || o.policy.trim() === "") {
    throw new UsageError(
      "Cannot run compliance-report: expected --policy FILE (see examples/compliance.jsonc)",
    );
  }
  if (o.registrationFrom !== undefined && o.source !== "auto") {
    throw new UsageError(
      `Cannot use --registration-from with --source ${o.source}: --registration-from reads a file instead of Graph`,
    );
  }
  for (
    const [name, v] of [
      ["--registration-from", o.registrationFrom],
      ["--ca-policies-from", o.caPoliciesFrom],
      [
        "--json",
        o.json,
      ],
      ["--junit", o.junit],
      ["--baseline", o.baseline],
    ] as const
  ) {
    if (v !== undefined && v.trim() === "") throw new UsageError(`Cannot use ${name}: expected a file name`);
  }
  const signInsFrom = (o.signinsFrom ?? []).filter((f) => f !== "");
  if (o.signinsFrom !== undefined && signInsFrom.length === 0) {
    throw new UsageError("Cannot use --signins-from: expected at least one file name");
  }
  if (o.signinsWorkspace !== undefined && signInsFrom.length > 0) {
    throw new UsageError("Cannot use --signins-workspace with --signins-from: read sign-ins from one place");
  }
  if (o.signinsWorkspace !== undefined && !isWorkspaceId(o.signinsWorkspace)) {
    throw new UsageError(
      `Cannot use --signins-workspace ${
        JSON.stringify(o.signinsWorkspace)
      }: expected a workspace id (a GUID)`,
    );
  }
  if (o.laUrl !== undefined && o.signinsWorkspace === undefined) {
    throw new UsageError("Cannot use --la-url without --signins-workspace");
  }
  const options: ComplianceOptions = {
    policy: o.policy,
    checkPolicy: o.checkPolicy === true,
    source: o.source,
    signInsFrom,
    maxBadRows: parseMaxBadRows(o.maxBadRows),
    threads: parseThreads(o.threads),
    now: o.now === undefined ? new Date() : parseDateOption("--now", o.now),
    listLimit: parseIntOption("--list-limit", o.listLimit, 1, 1_000_000),
    graph: {},
    verbose: o.verbose === true,
    allowOutsidePaths: o.allowOutsidePaths === true,
  };
  if (o.registrationFrom !== undefined) options.registrationFrom = o.registrationFrom;
  if (o.caPoliciesFrom !== undefined) options.caPoliciesFrom = o.caPoliciesFrom;
  if (o.since !== undefined) options.since = o.since;
  if (o.until !== undefined) options.until = o.until;
  if (o.days !== undefined) {
    options.days = parseIntOption("--days", o.days, 1, o.signinsWorkspace !== undefined ? 730 : 30);
  }
  if (o.signinsWorkspace !== undefined) options.signInsWorkspace = o.signinsWorkspace;
  if (o.laUrl !== undefined) options.laUrl = o.laUrl;
  if (o.eventTypes !== undefined) options.eventTypes = parseEventTypes(o.eventTypes);
  if (o.out !== undefined && o.out !== "-") options.out = o.out;
  if (o.json !== undefined) options.json = o.json;
  if (o.junit !== undefined) options.junit = o.junit;
  if (o.baseline !== undefined) options.baseline = o.baseline;
  Object.assign(options.graph, graphOptionsOf(o));
  if (options.since !== undefined || options.until !== undefined || options.days !== undefined) {
    resolveWindow({
      now: options.now,
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(options.until !== undefined ? { until: options.until } : {}),
      ...(options.days !== undefined ? { days: options.days } : {}),
    });
  }
  return options;
}
