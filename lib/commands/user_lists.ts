/**
 * The body of `deno task registered-users` and `deno task unregistered-users`, the successors of
 * `Get-MsolUser -All | where {$_.StrongAuthenticationMethods -ne $null}` (and `.Count -eq 0`)
 * `| Select-Object UserPrincipalName`. Default output: sorted UPNs, one per line, nothing else
 * on stdout; notes and progress go to stderr.
 *
 * @module
 */
import { formatGraphStats } from "../graph/client.ts";
import { formatNumber } from "../report/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";
import { openRecords, parseRegistrationArgs, type RegistrationTaskSpec, scopeNotes } from "./registration.ts";
import { unmatchedExclusions } from "../registration/exclusions.ts";
import { REGISTRATION_SOURCES } from "../registration/record.ts";
import { decideScope } from "../registration/scope.ts";
import { REGISTRATION_SEMANTICS, registrationFlags } from "../registration/semantics.ts";
import {
  countUnsafeValues,
  renderUpnList,
  renderUserRowsCsv,
  renderUserRowsJson,
  renderUserRowsMarkdown,
  renderUserRowsNdjson,
  type UserRegistrationRow,
  userRegistrationRow,
} from "../registration/user_rows.ts";

/** The two list tasks. */
export const USER_LIST_TASKS = {
  "registered-users": {
    registered: true,
    title: "Users registered for MFA",
    description:
      "List users registered for MFA (successor of Get-MsolUser | where StrongAuthenticationMethods " +
      "-ne $null): one UPN per line, or per-user rows with --format md|csv|json|ndjson.",
  },
  "unregistered-users": {
    registered: false,
    title: "Users not registered for MFA",
    description: "List users not registered for MFA (successor of Get-MsolUser | where " +
      "StrongAuthenticationMethods.Count -eq 0): one UPN per line, or per-user rows with --format md|csv|json|ndjson.",
  },
} as const;

/** One of the list task names. */
export type UserListTask = keyof typeof USER_LIST_TASKS;

/** The command-line spec of a list task. */
export function userListSpec(task: UserListTask): RegistrationTaskSpec {
  return {
    name: task,
    description: USER_LIST_TASKS[task].description,
    formats: ["text", "md", "csv", "json", "ndjson"],
    methodFilters: true,
    listLimit: false,
  };
}

/**
 * Runs a list task.
 *
 * @returns 0; errors are thrown (mapped to exit codes by `runMain`)
 */
export async function runUserListTask(
  task: UserListTask,
  argv: string[],
  deps: CommandDeps = defaultDeps(),
): Promise<number> {
  const info = USER_LIST_TASKS[task];
  const o = parseRegistrationArgs(argv, userListSpec(task));
  const opened = await openRecords(o, deps);
  const scope = opened.scope;
  const upns: string[] = [];
  const rows: UserRegistrationRow[] = [];
  let inScope = 0, disabled = 0, enabledUnknown = 0, otherOut = 0;
  const matchedExclusions = new Set<number>();
  try {
    for await (const record of opened.records) {
      const d = decideScope(record, scope);
      if (d.kind !== "in") {
        if (d.kind === "disabled") disabled++;
        else if (d.kind === "excluded") matchedExclusions.add(d.entry.line);
        else otherOut++;
        continue;
      }
      inScope++;
      if (record.accountEnabled === undefined) enabledUnknown++;
      const flags = registrationFlags(record, o.semantics);
      if (flags.registered !== info.registered) continue;
      if (o.format === "text") upns.push(record.userPrincipalName);
      else rows.push(userRegistrationRow(record, flags));
    }
  } finally {
    opened.done();
  }
  const notes = scopeNotes(scope, { disabled, excluded: matchedExclusions.size, enabledUnknown });
  for (const n of notes) deps.log.note(n);
  const unmatched = unmatchedExclusions(scope.exclusions, matchedExclusions);
  if (unmatched.length > 0) {
    deps.log.warn(
      `${unmatched.length} --exclude entr${unmatched.length === 1 ? "y matches" : "ies match"} no user: ${
        unmatched.slice(0, 5).map((e) => `line ${e.line} (${e.preview})`).join(", ")
      }${unmatched.length > 5 ? `, and ${unmatched.length - 5} more` : ""}`,
    );
  }
  const count = o.format === "text" ? upns.length : rows.length;
  const unsafe = o.format === "text" ? countUnsafeValues(upns) : 0;
  if (unsafe > 0) {
    deps.log.warn(
      `${formatNumber(unsafe)} UPN(s) held control or invisible characters or a CI log command ` +
        "(Azure Pipelines ##vso, GitHub Actions ::): printed escaped as \\n / \\uXXXX text, one per line",
    );
  }
  deps.log.note(
    `${formatNumber(count)} of ${formatNumber(inScope)} in-scope users are ${info.registered ? "" : "not "}` +
      `registered for MFA (${REGISTRATION_SEMANTICS[o.semantics].label}; source: ${
        REGISTRATION_SOURCES[opened.source].label
      })`,
  );
  if (o.verbose && opened.client) deps.log.note(formatGraphStats(opened.client.stats));
  const meta = {
    task,
    title: info.title,
    semantics: o.semantics,
    source: opened.source,
    scopeNotes: notes,
    inScope,
  };
  await deps.writeOutput(o.out, async (write) => {
    switch (o.format) {
      case "text":
        return await write(renderUpnList(upns));
      case "csv":
        return await write(renderUserRowsCsv(rows, { bom: o.bom }));
      case "json":
        return await write(renderUserRowsJson(rows, meta));
      case "ndjson":
        return await write(renderUserRowsNdjson(rows));
      case "md":
        return await write(renderUserRowsMarkdown(rows, meta));
    }
  }, { inputs: [o.from, o.exclude].filter((f) => f !== undefined) });
  deps.log.wrote(
    o.out,
    `${formatNumber(count)} user(s) ${info.registered ? "" : "not "}registered for MFA, of ${
      formatNumber(inScope)
    } in scope (${o.format})`,
  );
  return 0;
}
