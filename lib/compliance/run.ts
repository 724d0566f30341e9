/**
 * The body of `deno task compliance-report`: policy → facts → rule results → Markdown (stdout
 * or `--out`), `--json`, `--junit`, CI summaries; returns the exit code (0 pass or warnings
 * only, 3 a fail-severity rule failed). Tool failures are thrown (exit 1 via `runMain`).
 *
 * @module
 */
import { EXIT_CODE, log } from "../cli/mod.ts";
import { readSmallTextFile } from "../io/small_file.ts";
import { NO_EXCLUSIONS, parseExclusionList, renderRegistrationMarkdown } from "../registration/mod.ts";
import { toJson, writeOutput } from "../report/mod.ts";
import { renderSigninsMarkdown } from "../signins_report/mod.ts";
import { diffBaseline, parseBaseline } from "./baseline.ts";
import { appendStepSummary, azureUploadSummaryCommand, type CiEnvironment, readCiEnvironment } from "./ci.ts";
import { parseComplianceArgs } from "./cli.ts";
import { collectFacts } from "./collect.ts";
import { evaluateRules } from "./evaluate.ts";
import { renderJunit } from "./junit.ts";
import { parsePolicy } from "./policy.ts";
import { resolvePolicyPath } from "./policy_path.ts";
import { renderComplianceMarkdown, stepSummaryMarkdown } from "./render_markdown.ts";
import { complianceReportJson } from "./report_json.ts";

function readText(file: string, what: string): Promise<string> {
  return readSmallTextFile(file, { what });
}

const encoder = new TextEncoder();

/**
 * Runs the task.
 *
 * @param argv command-line arguments
 * @param ci the CI environment (default: read from the process)
 * @returns 0 or 3; errors are thrown (mapped to 1 or 2 by `runMain`)
 *
 * @example A report-only policy 60 days old breaks a 30-day fail rule: exit code 3
 * ```ts
 * import { runComplianceReport } from "./run.ts";
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
export async function runComplianceReport(argv: string[], ci?: CiEnvironment): Promise<number> {
  const o = parseComplianceArgs(argv);
  const policy = parsePolicy(await readText(o.policy, "compliance policy"), o.policy);
  if (o.checkPolicy) {
    log.note(
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
    graph: o.graph,
    hooks: { note: (t) => o.verbose && log.note(t), warn: (t) => log.warn(t) },
    ...(o.registrationFrom !== undefined ? { registrationFrom: o.registrationFrom } : {}),
    ...(o.caPoliciesFrom !== undefined ? { caPoliciesFrom: o.caPoliciesFrom } : {}),
    ...(o.signInsWorkspace !== undefined ? { signInsWorkspace: o.signInsWorkspace } : {}),
    ...(o.laUrl !== undefined ? { laUrl: o.laUrl } : {}),
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
    log.warn(`${unmatched} entr${unmatched === 1 ? "y" : "ies"} of the exclusion list match no user`);
  }

  const markdown = renderComplianceMarkdown(doc, {
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
  if (o.json !== undefined) await writeOutput(o.json, (w) => w(toJson(doc)), { inputs });
  if (o.junit !== undefined) await writeOutput(o.junit, (w) => w(renderJunit(doc)), { inputs });
  await writeOutput(o.out, (w) => w(markdown), { inputs });

  const env = ci ?? readCiEnvironment();
  if (env.githubStepSummary !== null) {
    try {
      await appendStepSummary(env.githubStepSummary, stepSummaryMarkdown(doc));
    } catch (e) {
      log.warn((e as Error).message);
    }
  }
  if (env.azurePipelines) {
    if (o.out === undefined) {
      log.warn(
        "TF_BUILD is set but the Markdown went to stdout: give --out FILE to attach it to the run summary",
      );
    } else {
      await Deno.stdout.write(encoder.encode(`${azureUploadSummaryCommand(o.out, Deno.cwd())}\n`));
    }
  }

  const v = doc.verdict;
  const named = (status: "fail" | "warn") =>
    results.filter((r) => r.status === status).map((r) => r.evaluated ? r.id : `${r.id}: no data`).join(", ");
  log.note(
    `Verdict: ${v.status}: ${v.pass} passed, ${v.warn} warning(s)${
      v.warn > 0 ? ` (${named("warn")})` : ""
    }, ` +
      `${v.fail} failed${v.fail > 0 ? ` (${named("fail")})` : ""}`,
  );
  return v.fail > 0 ? EXIT_CODE.ThresholdNotMet : EXIT_CODE.Ok;
}
