/**
 * `compliance-report`: checks the tenant against a compliance policy and writes a Markdown
 * verdict table with the underlying registration and sign-in reports, optionally JSON (`--json`,
 * the next run's `--baseline`) and JUnit XML (`--junit`); appends the verdict to
 * `GITHUB_STEP_SUMMARY` and uploads it under Azure Pipelines.
 *
 * {@linkcode parseComplianceArgs} is pure; {@linkcode runComplianceReport} is the I/O edge.
 *
 * @module
 */
import { Option } from "commander";
import { createTaskCommand, EXIT_CODE, UsageError } from "../cli/mod.ts";
import type { SignInEventType } from "../classify/mod.ts";

import { GRAPH_SOURCE_CHOICES, type GraphSourceChoice } from "../registration/mod.ts";
import { type MaxBadRows, parseMaxBadRows } from "../signins/mod.ts";
import { readSmallTextFile } from "../io/small_file.ts";
import { NO_EXCLUSIONS, parseExclusionList, renderRegistrationMarkdown } from "../registration/mod.ts";
import { toJson } from "../report/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";
import { renderSigninsMarkdown } from "../signins_report/mod.ts";
import {
  appendStepSummary,
  azureUploadSummaryCommand,
  type CiEnvironment,
  collectFacts,
  complianceReportJson,
  diffBaseline,
  evaluateRules,
  parseBaseline,
  parsePolicy,
  readCiEnvironment,
  renderComplianceHtml,
  renderComplianceMarkdown,
  renderJunit,
  resolvePolicyPath,
  stepSummaryMarkdown,
} from "../compliance/mod.ts";
import {
  addGraphOptions,
  addOptions,
  addTaskHelp,
  formatOption,
  GRAPH_ENV,
  graphClientConfigFromOptions,
  type GraphCliOptions,
  graphOptionsOf,
  LA_URL,
  laClientConfigFromOptions,
  LIST_LIMIT,
  MAX_BAD_ROWS,
  MAX_DAYS,
  NOW,
  OUT,
  parseCommandLine,
  parseDateOption,
  parseDays,
  parseEventTypes,
  parseFormat,
  parseListLimit,
  parseOut,
  parseThreads,
  parseWorkspace,
  resolveWindow,
  SIGNINS_WORKSPACE,
  THREADS,
  WINDOW_OPTIONS,
} from "../options/mod.ts";

/** The task name, as in `deno task compliance-report`. */
export const COMPLIANCE_TASK = "compliance-report";

/** Formats of the report written to `--out` (the JSON and JUnit documents have their own options). */
export const COMPLIANCE_FORMATS = ["md", "html"] as const;

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
  /** `--out` (Markdown or HTML); absent = stdout. */
  out?: string;
  /** Format of the report written to `--out`. */
  format: typeof COMPLIANCE_FORMATS[number];
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
  /** `--threads`: threads for reading NDJSON `--signins-from` files. */
  threads: number;
  /** `--allow-outside-paths`: files the policy names may be outside the policy's folder. */
  allowOutsidePaths: boolean;
}

/**
 * The command line of `compliance-report`, for parsing and `--help`.
 *
 * @example
 * ```ts
 * import { complianceCommand } from "./compliance_report.ts";
 * import { fullHelp } from "../options/mod.ts";
 * import assert from "node:assert/strict";
 * assert.match(fullHelp(complianceCommand()), /Exit codes:[^]*3   a fail-severity rule failed/);
 * ```
 */
export function complianceCommand() {
  const cmd = createTaskCommand(
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
    );
  addOptions(cmd, SIGNINS_WORKSPACE, LA_URL, MAX_BAD_ROWS, THREADS);
  cmd.option(
    "--ca-policies-from <file>",
    "read Conditional Access policies from a JSON export instead of Graph",
  );
  addOptions(cmd, ...WINDOW_OPTIONS, NOW, OUT, formatOption(COMPLIANCE_FORMATS));
  cmd
    .option("--json <file>", "also write the JSON document (the next run's --baseline)")
    .option("--junit <file>", "also write JUnit XML, one test per rule")
    .option("--baseline <file>", 'a previous run\'s --json output: adds a "what changed" section');
  addOptions(cmd, LIST_LIMIT);
  cmd.addOption(new Option("--from <file...>").hideHelp());
  addGraphOptions(cmd);
  return addTaskHelp(cmd, {
    examples: [
      [
        "deno task compliance-report --policy compliance.jsonc -o compliance.md --junit junit.xml",
        "a CI gate",
      ],
      [
        "deno task compliance-report --policy compliance.jsonc --registration-from reg.csv --signins-from s.ndjson",
        "from exported files, no Graph access needed",
      ],
      ["deno task compliance-report --policy compliance.jsonc --check-policy", "validate the policy only"],
    ],
    env: [
      ...GRAPH_ENV,
      ["GITHUB_STEP_SUMMARY", "append the verdict to the GitHub Actions run summary"],
      ["TF_BUILD", "upload the Markdown to the Azure Pipelines run summary (with --out)"],
    ],
    exitCodes: [[3, "a fail-severity rule failed (the report is written)"]],
  });
}

/**
 * Parses the command line.
 *
 * @throws {UsageError} for bad values and conflicting options; commander errors for unknown options
 *
 * @example Usage
 * ```ts
 * import { parseComplianceArgs } from "./compliance_report.ts";
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
export function parseComplianceArgs(argv: string[], now: Date = new Date()): ComplianceOptions {
  const cmd = complianceCommand();
  const o = parseCommandLine<
    GraphCliOptions & {
      policy?: string;
      checkPolicy?: boolean;
      registrationFrom?: string;
      source: GraphSourceChoice;
      signinsFrom?: string[];
      signinsWorkspace?: string;
      laUrl?: string;
      maxBadRows: string;
      caPoliciesFrom?: string;
      since?: string;
      until?: string;
      days?: string;
      now?: string;
      eventTypes?: string;
      out?: string;
      format?: string;
      json?: string;
      junit?: string;
      baseline?: string;
      listLimit: string;
      verbose?: boolean;
      threads?: string;
      allowOutsidePaths?: boolean;
      from?: string[];
    }
  >(cmd, argv);
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
  if (o.signinsWorkspace !== undefined) parseWorkspace("--signins-workspace", o.signinsWorkspace);
  if (o.laUrl !== undefined && o.signinsWorkspace === undefined) {
    throw new UsageError("Cannot use --la-url without --signins-workspace");
  }
  const options: ComplianceOptions = {
    policy: o.policy,
    checkPolicy: o.checkPolicy === true,
    source: o.source,
    signInsFrom,
    maxBadRows: parseMaxBadRows(o.maxBadRows),
    now: o.now === undefined ? now : parseDateOption("--now", o.now),
    listLimit: parseListLimit(o.listLimit),
    format: parseFormat(o.format, o.out, COMPLIANCE_FORMATS),
    graph: {},
    verbose: o.verbose === true,
    threads: parseThreads(o.threads),
    allowOutsidePaths: o.allowOutsidePaths === true,
  };
  if (o.registrationFrom !== undefined) options.registrationFrom = o.registrationFrom;
  if (o.caPoliciesFrom !== undefined) options.caPoliciesFrom = o.caPoliciesFrom;
  if (o.since !== undefined) options.since = o.since;
  if (o.until !== undefined) options.until = o.until;
  if (o.days !== undefined) {
    options.days = parseDays(o.days, o.signinsWorkspace !== undefined ? "log-analytics" : "graph");
  }
  if (o.signinsWorkspace !== undefined) options.signInsWorkspace = o.signinsWorkspace;
  if (o.laUrl !== undefined) options.laUrl = o.laUrl;
  if (o.eventTypes !== undefined) options.eventTypes = parseEventTypes(o.eventTypes);
  const out = parseOut(o.out);
  if (out !== undefined) options.out = out;
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
      maxDays: MAX_DAYS[options.signInsWorkspace !== undefined ? "log-analytics" : "graph"],
    });
  }
  return options;
}

function readText(file: string, what: string): Promise<string> {
  return readSmallTextFile(file, { what });
}

const encoder = new TextEncoder();

/**
 * Runs the task.
 *
 * @param argv command-line arguments
 * @param ci the CI environment (default: read from the process)
 * @param deps the I/O edges
 * @returns 0 or 3; errors are thrown (mapped to 1 or 2 by `runMain`)
 *
 * @example A report-only policy 60 days old breaks a 30-day fail rule: exit code 3
 * ```ts
 * import { runComplianceReport } from "./compliance_report.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/c.jsonc`, '{ "rules": [{ "id": "ro", "check": "caReportOnlyDays", "threshold": 30 }] }');
 * await Deno.writeTextFile(`${dir}/ca.json`, JSON.stringify({ value: [{ id: "p1", displayName: "Compliant device",
 *   state: "enabledForReportingButNotEnforced", createdDateTime: "2026-09-21T12:00:00Z" }] }));
 * const code = await runComplianceReport(["--policy", `${dir}/c.jsonc`, "--ca-policies-from", `${dir}/ca.json`,
 *   "--now", "2026-11-20T12:00:00Z", "--out", `${dir}/r.md`, "--json", `${dir}/r.json`],
 *   { githubStepSummary: null, azurePipelines: false });
 * assert.equal(code, 3);
 * const doc = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
 * assert.deepEqual(doc.rules.map((r: { status: string; actual: number }) => [r.status, r.actual]), [["fail", 60]]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function runComplianceReport(
  argv: string[],
  ci?: CiEnvironment,
  deps: CommandDeps = defaultDeps(),
): Promise<number> {
  const o = parseComplianceArgs(argv, deps.now());
  const policy = parsePolicy(await readText(o.policy, "compliance policy"), o.policy);
  if (o.checkPolicy) {
    deps.log.note(
      `${o.policy}: valid; ${policy.rules.length} rule(s): ${policy.rules.map((r) => r.id).join(", ")}`,
    );
    return EXIT_CODE.Ok;
  }
  const baseline = o.baseline === undefined
    ? null
    : parseBaseline(await readText(o.baseline, "baseline"), o.baseline);
  let exclusions = NO_EXCLUSIONS;
  if (policy.scope.excludeFile !== null) {
    const file = await resolvePolicyPath(
      o.policy,
      policy.scope.excludeFile,
      "scope.excludeFile",
      o.allowOutsidePaths,
    );
    exclusions = parseExclusionList(await readText(file, "exclusion list"), file);
  }
  const collected = await collectFacts({
    policy,
    exclusions,
    now: o.now,
    source: o.source,
    signInsFrom: o.signInsFrom,
    maxBadRows: o.maxBadRows,
    threads: o.threads,
    createClient: () => deps.createGraphClient(graphClientConfigFromOptions(o.graph, deps.env(), deps.log)),
    hooks: { note: (t) => o.verbose && deps.log.note(t), warn: (t) => deps.log.warn(t) },
    ...(o.registrationFrom !== undefined ? { registrationFrom: o.registrationFrom } : {}),
    ...(o.caPoliciesFrom !== undefined ? { caPoliciesFrom: o.caPoliciesFrom } : {}),
    ...(o.signInsWorkspace !== undefined
      ? {
        logAnalytics: () =>
          laClientConfigFromOptions(o.graph, o.signInsWorkspace!, o.laUrl, deps.env(), deps.log),
      }
      : {}),
    ...(o.since !== undefined ? { since: o.since } : {}),
    ...(o.until !== undefined ? { until: o.until } : {}),
    ...(o.days !== undefined ? { days: o.days } : {}),
    ...(o.eventTypes !== undefined ? { eventTypes: o.eventTypes } : {}),
  });
  const { facts, signInsReport } = collected;
  const results = evaluateRules(policy, facts);
  const doc = complianceReportJson(policy, facts, results);
  if (baseline !== null) doc.changes = diffBaseline(baseline, doc);
  const unmatched = facts.registration?.summary.exclusions.unmatched.length ?? 0;
  if (unmatched > 0) {
    deps.log.warn(`${unmatched} entr${unmatched === 1 ? "y" : "ies"} of the exclusion list match no user`);
  }

  const render = o.format === "html" ? renderComplianceHtml : renderComplianceMarkdown;
  const markdown = render(doc, {
    listLimit: o.listLimit,
    ...(facts.registration !== null
      ? {
        registrationMarkdown: renderRegistrationMarkdown(facts.registration.summary, {
          generatedAt: o.now,
          listLimit: o.listLimit,
        }),
      }
      : {}),
    ...(signInsReport !== null ? { signInsMarkdown: renderSigninsMarkdown(signInsReport) } : {}),
  });
  const inputs = [o.policy, o.registrationFrom, ...o.signInsFrom, o.caPoliciesFrom, o.baseline].filter((f) =>
    f !== undefined
  );
  if (o.json !== undefined) await deps.writeOutput(o.json, (w) => w(toJson(doc)), { inputs });
  if (o.junit !== undefined) await deps.writeOutput(o.junit, (w) => w(renderJunit(doc)), { inputs });
  await deps.writeOutput(o.out, (w) => w(markdown), { inputs });

  const env = ci ?? readCiEnvironment();
  if (env.githubStepSummary !== null) {
    try {
      await appendStepSummary(env.githubStepSummary, stepSummaryMarkdown(doc));
    } catch (e) {
      deps.log.warn((e as Error).message);
    }
  }
  if (env.azurePipelines) {
    if (o.out === undefined) {
      deps.log.warn(
        "TF_BUILD is set but the Markdown went to stdout: give --out FILE to attach it to the run summary",
      );
    } else if (o.format === "html") {
      deps.log.warn(
        "TF_BUILD is set but --out is HTML: the run summary takes Markdown, so none was attached",
      );
    } else {
      await Deno.stdout.write(encoder.encode(`${azureUploadSummaryCommand(o.out, Deno.cwd())}\n`));
    }
  }

  const v = doc.verdict;
  const named = (status: "fail" | "warn") =>
    results.filter((r) => r.status === status).map((r) => r.evaluated ? r.id : `${r.id}: no data`).join(", ");
  deps.log.note(
    `Verdict: ${v.status}: ${v.pass} passed, ${v.warn} warning(s)${
      v.warn > 0 ? ` (${named("warn")})` : ""
    }, ` +
      `${v.fail} failed${v.fail > 0 ? ` (${named("fail")})` : ""}`,
  );
  const others = [o.json, o.junit].filter((f) => f !== undefined);
  deps.log.wrote(
    o.out ?? others[0],
    `compliance verdict ${v.status}, ${v.pass} passed, ${v.warn} warning(s), ${v.fail} failed` +
      (o.out !== undefined && others.length > 0 ? `; also ${others.join(" and ")}` : "") +
      (o.out === undefined && others.length > 1 ? `; also ${others.slice(1).join(" and ")}` : ""),
  );
  return v.fail > 0 ? EXIT_CODE.ThresholdNotMet : EXIT_CODE.Ok;
}
