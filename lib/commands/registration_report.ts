/**
 * The body of `deno task registration-report`: reads every user's registration (Graph or
 * `--from`), applies the scope, and writes the Markdown report (default) or JSON (schema
 * version {@linkcode REGISTRATION_REPORT_SCHEMA_VERSION}).
 *
 * @module
 */
import { GraphError } from "../errors.ts";
import { type GraphClient, type GraphItem, listConditionalAccessPolicies } from "../graph/mod.ts";
import { readPerUserMfaStates } from "../per_user_mfa/read.ts";
import {
  type PerUserMfaSection,
  perUserMfaSection,
  perUserMfaSectionMarkdown,
} from "../registration/per_user_mfa_section.ts";
import { formatNumber, toJson } from "../report/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";
import { createRegistrationTally } from "../registration/aggregate.ts";
import {
  openRecords,
  parseRegistrationArgs,
  progressReporter,
  type RegistrationTaskSpec,
  scopeNotes,
} from "./registration.ts";
import { REGISTRATION_SOURCES } from "../registration/record.ts";
import type { RegistrationRecord } from "../registration/record.ts";
import { REGISTRATION_REPORT_SCHEMA_VERSION, registrationReportJson } from "../registration/report_json.ts";
import { renderRegistrationMarkdown } from "../registration/report_markdown.ts";
import { renderRegistrationHtml } from "../registration/report_html.ts";
import { decideScope } from "../registration/scope.ts";

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
 * @param deps the I/O edges (the clock gives the report time)
 * @returns 0; errors are thrown (mapped to exit codes by `runMain`)
 */
export async function runRegistrationReportTask(
  argv: string[],
  deps: CommandDeps = defaultDeps(),
): Promise<number> {
  const o = parseRegistrationArgs(argv, REGISTRATION_REPORT_SPEC);
  const now = o.now ?? deps.now();
  const opened = await openRecords(o, deps);
  const scope = opened.scope;
  const tally = createRegistrationTally({ semantics: o.semantics, source: opened.source, scope });
  const inScope: RegistrationRecord[] = [];
  try {
    for await (const record of opened.records) {
      const d = decideScope(record, scope);
      tally.add(record, d);
      if (o.perUserMfa && d.kind === "in") inScope.push(record);
    }
  } finally {
    opened.done();
  }
  const perUserMfa = o.perUserMfa && opened.client
    ? await readPerUserMfaSection(opened.client, inScope, deps)
    : undefined;
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
  await deps.writeOutput(o.out, (write) => write(text), {
    inputs: [o.from, o.exclude].filter((f) => f !== undefined),
  });
  deps.log.wrote(
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
  deps: CommandDeps,
): Promise<PerUserMfaSection> {
  const status = progressReporter("Reading per-user MFA", deps);
  let rows;
  try {
    rows = (await readPerUserMfaStates(client, {
      note: (t) => deps.log.note(t),
      warn: (t) => deps.log.warn(t),
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
    deps.log.warn(`Cannot tell whether Conditional Access requires MFA: ${e.message.split("\n")[0]}`);
  }
  return perUserMfaSection(rows, policies);
}

export { REGISTRATION_REPORT_SCHEMA_VERSION };
