/**
 * Per-user output of `registered-users` / `unregistered-users`: the default plain list (one
 * UPN per line, as the PowerShell one-liners printed), and rows with the useful columns as
 * Markdown, CSV, JSON or NDJSON. Every renderer sorts by UPN ({@linkcode compareUpn}).
 *
 * @module
 */
import { safeText } from "../cli/safe_text.ts";
import { labelAuthMethod } from "../classify/mod.ts";
import {
  escapeMarkdown,
  formatNumber,
  markdownCallout,
  markdownDocument,
  markdownHeading,
  markdownTable,
  toCsv,
  toJson,
  toNdjsonLine,
} from "../report/mod.ts";
import { REGISTRATION_SOURCES, type RegistrationRecord, type RegistrationSource } from "./record.ts";
import { REGISTRATION_SEMANTICS, type RegistrationFlags, type RegistrationSemantics } from "./semantics.ts";
import { compareUpn } from "./sort.ts";

/** One user, as the list tasks print it. */
export interface UserRegistrationRow {
  /** UPN. */
  userPrincipalName: string;
  /** Display name ("" when unknown). */
  displayName: string;
  /** member, guest or unknown. */
  userType: string;
  /** Admin; null when the source does not say. */
  isAdmin: boolean | null;
  /** Account enabled; null when unknown. */
  accountEnabled: boolean | null;
  /** Canonical method ids (unknown values as written). */
  methodsRegistered: string[];
  /** Default MFA method id, "none", "unknown"; null when the source does not say. */
  defaultMethod: string | null;
  /** Registered under the chosen semantics. */
  mfaRegistered: boolean;
  /** MFA-capable. */
  mfaCapable: boolean;
  /** Passwordless-capable. */
  passwordlessCapable: boolean;
  /** Has a phishing-resistant method. */
  phishingResistant: boolean;
  /** `lastUpdatedDateTime`, null when unknown. */
  lastUpdated: string | null;
}

/**
 * The row of one record.
 *
 * @example
 * ```ts
 * import { userRegistrationRow } from "./user_rows.ts";
 * import { classifyRegisteredMethods } from "./record.ts";
 * import { registrationFlags } from "./semantics.ts";
 * import assert from "node:assert/strict";
 * const rec = { id: "u", userPrincipalName: "a@contoso.example", displayName: "A", userType: "member" as const,
 *   isAdmin: undefined, accountEnabled: true, methods: classifyRegisteredMethods(["fido2SecurityKey", "quantumKey"]),
 *   isMfaRegistered: true, isMfaCapable: true, isPasswordlessCapable: true, defaultMethod: undefined,
 *   systemPreferredEnabled: undefined, lastUpdated: undefined, source: "registration-report" as const };
 * const row = userRegistrationRow(rec, registrationFlags(rec, "modern"));
 * assert.deepEqual(row.methodsRegistered, ["fido2SecurityKey", "quantumKey"]);
 * assert.equal(row.isAdmin, null);
 * assert.equal(row.phishingResistant, true);
 * ```
 */
export function userRegistrationRow(
  record: RegistrationRecord,
  flags: RegistrationFlags,
): UserRegistrationRow {
  return {
    userPrincipalName: record.userPrincipalName,
    displayName: record.displayName,
    userType: record.userType,
    isAdmin: record.isAdmin ?? null,
    accountEnabled: record.accountEnabled ?? null,
    methodsRegistered: record.methods.map((m) => (m.id === "unknown" ? m.raw : m.id)),
    defaultMethod: record.defaultMethod?.id ?? null,
    mfaRegistered: flags.registered,
    mfaCapable: flags.mfaCapable,
    passwordlessCapable: flags.passwordlessCapable,
    phishingResistant: flags.phishingResistant,
    lastUpdated: record.lastUpdated ?? null,
  };
}

/** Column titles of the CSV and Markdown outputs, in order. */
export const USER_ROW_COLUMNS = [
  "UserPrincipalName",
  "DisplayName",
  "UserType",
  "Admin",
  "Enabled",
  "MethodsRegistered",
  "DefaultMethod",
  "MfaRegistered",
  "MfaCapable",
  "PasswordlessCapable",
  "PhishingResistant",
  "LastUpdated",
] as const;

function sorted(rows: readonly UserRegistrationRow[]): UserRegistrationRow[] {
  return [...rows].sort((a, b) => compareUpn(a.userPrincipalName, b.userPrincipalName));
}

function yesNo(v: boolean | null): string {
  return v === null ? "" : v ? "true" : "false";
}

/**
 * The plain list: sorted UPNs, one per line (empty string for none). The list is meant for pipes
 * and CI logs, so each value goes through {@linkcode safeText}: a control or invisible character
 * is written as `\n` / `\u202E` text and a CI command (`##vso[`, `::`) is neutralised; one
 * value is always one line. {@linkcode countUnsafeValues} says how many were changed.
 *
 * @example
 * ```ts
 * import { renderUpnList } from "./user_rows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(renderUpnList(["b@contoso.example", "a@contoso.example"]), "a@contoso.example\nb@contoso.example\n");
 * assert.equal(renderUpnList([]), "");
 * assert.equal(renderUpnList(["x@contoso.example\n##vso[task.complete]"]), "x@contoso.example\\n\\u0023#vso[task.complete]\n");
 * ```
 */
export function renderUpnList(upns: string[]): string {
  upns.sort(compareUpn);
  return upns.length === 0 ? "" : upns.map(safeText).join("\n") + "\n";
}

/**
 * How many values {@linkcode safeText} changes (control or invisible characters, CI commands).
 *
 * @example
 * ```ts
 * import { countUnsafeValues } from "./user_rows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(countUnsafeValues(["a@contoso.example", "b\u202E@contoso.example", "::x"]), 2);
 * ```
 */
export function countUnsafeValues(values: readonly string[]): number {
  let n = 0;
  for (const v of values) if (safeText(v) !== v) n++;
  return n;
}

/**
 * CSV with {@linkcode USER_ROW_COLUMNS} (methods joined with `;`, booleans `true`/`false`,
 * unknown empty).
 *
 * @example
 * ```ts
 * import { renderUserRowsCsv } from "./user_rows.ts";
 * import assert from "node:assert/strict";
 * const csv = renderUserRowsCsv([{ userPrincipalName: "a@contoso.example", displayName: "=cmd", userType: "member",
 *   isAdmin: null, accountEnabled: true, methodsRegistered: ["sms", "email"], defaultMethod: null, mfaRegistered: true,
 *   mfaCapable: true, passwordlessCapable: false, phishingResistant: false, lastUpdated: null }]);
 * assert.equal(csv.split("\r\n")[1], `a@contoso.example,"'=cmd",member,,true,sms;email,,true,true,false,false,`);
 * ```
 */
export function renderUserRowsCsv(
  rows: readonly UserRegistrationRow[],
  options: { bom?: boolean } = {},
): string {
  return toCsv(
    USER_ROW_COLUMNS,
    sorted(rows).map((r) => [
      r.userPrincipalName,
      r.displayName,
      r.userType,
      yesNo(r.isAdmin),
      yesNo(r.accountEnabled),
      r.methodsRegistered,
      r.defaultMethod ?? "",
      yesNo(r.mfaRegistered),
      yesNo(r.mfaCapable),
      yesNo(r.passwordlessCapable),
      yesNo(r.phishingResistant),
      r.lastUpdated ?? "",
    ]),
    options.bom ? { bom: true } : {},
  );
}

/**
 * NDJSON: one row per line, sorted.
 *
 * @example
 * ```ts
 * import { renderUserRowsNdjson } from "./user_rows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(renderUserRowsNdjson([]), "");
 * ```
 */
export function renderUserRowsNdjson(rows: readonly UserRegistrationRow[]): string {
  return sorted(rows).map(toNdjsonLine).join("");
}

/** What a list output says about itself. */
export interface UserListMeta {
  /** `registered-users` or `unregistered-users`. */
  task: string;
  /** Title, e.g. "Users registered for MFA". */
  title: string;
  /** Semantics used. */
  semantics: RegistrationSemantics;
  /** Where the records came from. */
  source: RegistrationSource;
  /** Scope sentences (enabled only, excluded N, …). */
  scopeNotes: string[];
  /** Users in scope. */
  inScope: number;
}

/** Version of the list tasks' JSON output. */
export const USER_LIST_SCHEMA_VERSION = 1;

/**
 * JSON: `{ schemaVersion, task, semantics, source, scopeNotes, inScope, count, users: [...] }`.
 *
 * @example
 * ```ts
 * import { renderUserRowsJson } from "./user_rows.ts";
 * import assert from "node:assert/strict";
 * const doc = JSON.parse(renderUserRowsJson([], { task: "registered-users", title: "t", semantics: "modern", source: "msonline-csv", scopeNotes: [], inScope: 0 }));
 * assert.equal(doc.source, "msonline-csv");
 * assert.equal(doc.schemaVersion, 1);
 * assert.equal(doc.count, 0);
 * ```
 */
export function renderUserRowsJson(rows: readonly UserRegistrationRow[], meta: UserListMeta): string {
  return toJson({
    schemaVersion: USER_LIST_SCHEMA_VERSION,
    task: meta.task,
    semantics: meta.semantics,
    source: meta.source,
    scopeNotes: meta.scopeNotes,
    inScope: meta.inScope,
    count: rows.length,
    users: sorted(rows),
  });
}

/**
 * Markdown: heading, scope notes, and a table of the users.
 *
 * @example
 * ```ts
 * import { renderUserRowsMarkdown } from "./user_rows.ts";
 * import assert from "node:assert/strict";
 * const md = renderUserRowsMarkdown([], { task: "unregistered-users", title: "Users not registered for MFA",
 *   semantics: "modern", source: "registration-report", scopeNotes: ["Enabled accounts only."], inScope: 3 });
 * assert.match(md, /^# Users not registered for MFA\n/);
 * assert.match(md, /0 of 3 in-scope users/);
 * ```
 */
export function renderUserRowsMarkdown(rows: readonly UserRegistrationRow[], meta: UserListMeta): string {
  const yn = (v: boolean | null) => (v === null ? "?" : v ? "yes" : "no");
  const table = markdownTable(
    [
      "User",
      "Display name",
      "Type",
      "Admin",
      "Enabled",
      "Methods registered",
      "Default method",
      "MFA-capable",
      "Passwordless",
      "Phishing-resistant",
      "Last updated",
    ],
    sorted(rows).map((r) => [
      r.userPrincipalName,
      r.displayName,
      r.userType,
      yn(r.isAdmin),
      yn(r.accountEnabled),
      r.methodsRegistered.join(", "),
      r.defaultMethod === null ? "" : r.defaultMethod,
      yn(r.mfaCapable),
      yn(r.passwordlessCapable),
      yn(r.phishingResistant),
      r.lastUpdated ?? "",
    ]),
    { empty: "_No users match._" },
  );
  const methodsKey = rows.length > 0
    ? escapeMarkdown(
      `Method ids: ${
        [...new Set(rows.flatMap((r) => r.methodsRegistered))].sort().map((id) => {
          const label = labelAuthMethod(id as Parameters<typeof labelAuthMethod>[0]);
          return label === "Unknown method" ? `${id} = not a known method` : `${id} = ${label}`;
        }).join("; ")
      }.`,
    ) + "\n"
    : "";
  return markdownDocument([
    markdownHeading(1, meta.title),
    escapeMarkdown(
      `${formatNumber(rows.length)} of ${formatNumber(meta.inScope)} in-scope users. Semantics: ${
        REGISTRATION_SEMANTICS[meta.semantics].label
      }. Source: ${REGISTRATION_SOURCES[meta.source].label}.`,
    ) + "\n",
    meta.scopeNotes.length ? markdownCallout("note", meta.scopeNotes) : "",
    table,
    methodsKey,
  ]);
}
