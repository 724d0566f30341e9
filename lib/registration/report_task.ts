/**
 * The body of `deno task registration-report`: reads every user's registration (Graph or
 * `--from`), applies the scope, and writes the Markdown report (default) or JSON (schema
 * version {@linkcode REGISTRATION_REPORT_SCHEMA_VERSION}).
 *
 * @module
 */
import { log } from "../cli/mod.ts";
import { GraphError } from "../errors.ts";
import { type GraphClient, type GraphItem, listConditionalAccessPolicies } from "../graph/mod.ts";
import { readPerUserMfaStates } from "../per_user_mfa/read.ts";
import {
  type PerUserMfaSection,
  perUserMfaSection,
  perUserMfaSectionMarkdown,
} from "./per_user_mfa_section.ts";
import { formatNumber, toJson, writeOutput } from "../report/mod.ts";
import { createRegistrationTally } from "./aggregate.ts";
import {
  loadExclusions,
  openRecords,
  parseRegistrationArgs,
  type RegistrationTaskSpec,
  scopeNotes,
} from "./cli.ts";
import { progressReporter } from "./list_task.ts";
import { REGISTRATION_SOURCES } from "./record.ts";
import { REGISTRATION_REPORT_SCHEMA_VERSION, registrationReportJson } from "./report_json.ts";
import { renderRegistrationMarkdown } from "./report_markdown.ts";
import { renderRegistrationHtml } from "./report_html.ts";
import { decideScope } from "./scope.ts";
import type { RegistrationRecord } from "./record.ts";

/** The task name. */
export const REGISTRATION_REPORT_TASK = "registration-report";

/** The command-line spec of the report. */
export const REGISTRATION_REPORT_SPEC: RegistrationTaskSpec = {
  name: REGISTRATION_REPORT_TASK,
  description: "MFA registration report: coverage (members vs guests), admins without MFA or without a " +
    "phishing-resistant method, SMS/voice-only users, method popularity, default methods, system-preferred MFA, " +
    "data freshness, exclusions. Markdown, JSON or HTML.",
  formats: ["md", "json", "html"],
  methodFilters: false,
  listLimit: true,
  clock: true,
  perUserMfa: true,
};

/**
 * Runs the report.
 *
 * @param argv command-line arguments
 * @param now report time (tests pass a fixed one)
 * @returns 0; errors are thrown (mapped to exit codes by `runMain`)
 */
export async function runRegistrationReportTask(argv: string[], clock: Date = new Date()): Promise<number> {
  const o = parseRegistrationArgs(argv, REGISTRATION_REPORT_SPEC);
  const now = o.now ?? clock;
  const scope = await loadExclusions(o);
  const status = progressReporter();
  const opened = await openRecords(o, scope, {
    note: (t) => log.note(t),
    warn: (t) => log.warn(t),
    progress: (p) => status.progress(p),
  });
  const tally = createRegistrationTally({ semantics: o.semantics, source: opened.source, scope });
  const inScope: RegistrationRecord[] = [];
  try {
    for await (const record of opened.records) {
      const d = decideScope(record, scope);
      tally.add(record, d);
      if (o.perUserMfa && d.kind === "in") inScope.push(record);
    }
  } finally {
    status.done();
  }
  const perUserMfa = o.perUserMfa && opened.client
    ? await readPerUserMfaSection(opened.client, inScope)
    : undefined;
  const s = tally.summary();
  for (
    const n of scopeNotes(scope, {
      disabled: s.exclusions.byReason.disabled ?? 0,
      excluded: s.exclusions.excluded.length,
      enabledUnknown: s.enabledUnknown,
    })
  ) log.note(n);
  if (s.exclusions.unmatched.length > 0) {
    log.warn(
      `${s.exclusions.unmatched.length} --exclude entr${
        s.exclusions.unmatched.length === 1 ? "y matches" : "ies match"
      } no user`,
    );
  }
  log.note(
    `${formatNumber(s.totals.mfaRegistered)} of ${
      formatNumber(s.totals.inScope)
    } in-scope users registered ` +
      `(source: ${REGISTRATION_SOURCES[s.source].label})`,
  );
  const perUserMd = perUserMfa ? perUserMfaSectionMarkdown(perUserMfa, o.listLimit) : null;
  const text = o.format === "json"
    ? toJson(registrationReportJson(s, now, perUserMfa))
    : o.format === "html"
    ? renderRegistrationHtml(
      s,
      { generatedAt: now, listLimit: o.listLimit },
      perUserMd === null ? [] : [perUserMd],
    )
    : renderRegistrationMarkdown(s, { generatedAt: now, listLimit: o.listLimit }) +
      (perUserMd === null ? "" : "\n" + perUserMd);
  await writeOutput(o.out, (write) => write(text), {
    inputs: [o.from, o.exclude].filter((f) => f !== undefined),
  });
  log.wrote(
    o.out,
    `MFA registration of ${formatNumber(s.totals.inScope)} in-scope users, ${
      formatNumber(s.totals.mfaRegistered)
    } registered${perUserMfa ? `, per-user MFA of ${formatNumber(perUserMfa.usersRead)}` : ""} (${o.format})`,
  );
  return 0;
}

/**
 * Reads the per-user MFA state of the in-scope users (one call each, within the budget, with
 * progress) and the Conditional Access policies (a 403 leaves them unknown, with a warning).
 */
async function readPerUserMfaSection(
  client: GraphClient,
  records: readonly RegistrationRecord[],
): Promise<PerUserMfaSection> {
  const status = progressReporter("Reading per-user MFA");
  let rows;
  try {
    rows = (await readPerUserMfaStates(client, {
      note: (t) => log.note(t),
      warn: (t) => log.warn(t),
      progress: (p) => status.progress(p),
    }, {
      users: records.map((r): GraphItem => ({
        id: r.id,
        userPrincipalName: r.userPrincipalName,
        displayName: r.displayName,
        userType: r.userType,
        accountEnabled: r.accountEnabled ?? null,
      })),
    })).rows;
  } finally {
    status.done();
  }
  let policies: GraphItem[] | undefined;
  try {
    policies = await Array.fromAsync(listConditionalAccessPolicies(client));
  } catch (e) {
    if (!(e instanceof GraphError && e.kind === "permissionDenied")) throw e;
    log.warn(`Cannot tell whether Conditional Access requires MFA: ${e.message.split("\n")[0]}`);
  }
  return perUserMfaSection(rows, policies);
}

export { REGISTRATION_REPORT_SCHEMA_VERSION };
