/**
 * The body of `deno task registration-report`: reads every user's registration (Graph or
 * `--from`), applies the scope, and writes the Markdown report (default) or JSON (schema
 * version {@linkcode REGISTRATION_REPORT_SCHEMA_VERSION}).
 *
 * @module
 */
import { formatNumber, toJson } from "../report/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";
import { createRegistrationTally } from "../registration/aggregate.ts";
import { openRecords, parseRegistrationArgs, type RegistrationTaskSpec, scopeNotes } from "./registration.ts";
import { REGISTRATION_SOURCES } from "../registration/record.ts";
import { REGISTRATION_REPORT_SCHEMA_VERSION, registrationReportJson } from "../registration/report_json.ts";
import { renderRegistrationMarkdown } from "../registration/report_markdown.ts";
import { decideScope } from "../registration/scope.ts";

/** The task name. */
export const REGISTRATION_REPORT_TASK = "registration-report";

/** The command-line spec of the report. */
export const REGISTRATION_REPORT_SPEC: RegistrationTaskSpec = {
  name: REGISTRATION_REPORT_TASK,
  description: "MFA registration report: coverage (members vs guests), admins without MFA or without a " +
    "phishing-resistant method, SMS/voice-only users, method popularity, default methods, system-preferred MFA, " +
    "data freshness, exclusions. Markdown or JSON.",
  formats: ["md", "json"],
  methodFilters: false,
  listLimit: true,
};

/**
 * Runs the report.
 *
 * @param argv command-line arguments
 * @param deps the I/O edges (the clock gives the report time)
 * @returns 0; errors are thrown (mapped to exit codes by `runMain`)
 */
export async function runRegistrationReportTask(
  argv: string[],
  deps: CommandDeps = defaultDeps(),
): Promise<number> {
  const now = deps.now();
  const o = parseRegistrationArgs(argv, REGISTRATION_REPORT_SPEC);
  const opened = await openRecords(o, deps);
  const scope = opened.scope;
  const tally = createRegistrationTally({ semantics: o.semantics, source: opened.source, scope });
  try {
    for await (const record of opened.records) tally.add(record, decideScope(record, scope));
  } finally {
    opened.done();
  }
  const s = tally.summary();
  for (
    const n of scopeNotes(scope, {
      disabled: s.exclusions.byReason.disabled ?? 0,
      excluded: s.exclusions.excluded.length,
      enabledUnknown: s.enabledUnknown,
    })
  ) deps.log.note(n);
  if (s.exclusions.unmatched.length > 0) {
    deps.log.warn(
      `${s.exclusions.unmatched.length} --exclude entr${
        s.exclusions.unmatched.length === 1 ? "y matches" : "ies match"
      } no user`,
    );
  }
  deps.log.note(
    `${formatNumber(s.totals.mfaRegistered)} of ${
      formatNumber(s.totals.inScope)
    } in-scope users registered ` +
      `(source: ${REGISTRATION_SOURCES[s.source].label})`,
  );
  const text = o.format === "json"
    ? toJson(registrationReportJson(s, now))
    : renderRegistrationMarkdown(s, { generatedAt: now, listLimit: o.listLimit });
  await deps.writeOutput(o.out, (write) => write(text), {
    inputs: [o.from, o.exclude].filter((f) => f !== undefined),
  });
  return 0;
}

export { REGISTRATION_REPORT_SCHEMA_VERSION };
