/**
 * MFA registration: the successors of the MSOnline `StrongAuthenticationMethods` one-liners and
 * a registration report. Every source (Graph `userRegistrationDetails`, `/users` + per-user
 * `/authentication/methods`, an export file, an MSOnline CSV) becomes a
 * {@linkcode RegistrationRecord}; `isRegistered(record, "modern" | "msonline")` decides; the
 * scope (user type, admins, enabled only, `--exclude`, methods) is a pure decision with a
 * reason; the tally and renderers are pure too. I/O lives in `read_file.ts`,
 * `graph_source.ts`; the commands that run them are in lib/commands.
 *
 * @example From MSOnline methods to both semantics
 * ```ts
 * import { decideScope, DEFAULT_SCOPE, isRegistered, registrationRecordFromRow } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const r = registrationRecordFromRow({ userPrincipalName: "lee@contoso.example", methodsRegistered: ["fido2SecurityKey"],
 *   isMfaRegistered: true, userType: "member" }, { source: "registration-export", accountEnabled: true });
 * assert.equal(r.kind, "record");
 * if (r.kind === "record") {
 *   assert.equal(decideScope(r.record, DEFAULT_SCOPE).kind, "in");
 *   assert.equal(isRegistered(r.record, "modern"), true);
 *   assert.equal(isRegistered(r.record, "msonline"), false); // MSOnline never listed FIDO2 keys
 * }
 * ```
 *
 * @module
 */
export {
  classifyDefaultMethod,
  classifyRegisteredMethod,
  classifyRegisteredMethods,
  isRegistrationSource,
  methodFacts,
  methodFamily,
  REGISTRATION_SOURCES,
  userTypeOf,
} from "./record.ts";
export type {
  DefaultMethod,
  MethodFacts,
  RegisteredMethod,
  RegistrationRecord,
  RegistrationSource,
} from "./record.ts";
export {
  isRegistered,
  isRegistrationSemantics,
  REGISTRATION_SEMANTICS,
  registrationFlags,
} from "./semantics.ts";
export type { RegistrationFlags, RegistrationSemantics } from "./semantics.ts";
export {
  normalizeRegistrationRow,
  REGISTRATION_FIELDS,
  registrationFieldOf,
  registrationRecordFromRow,
  splitMethodList,
} from "./from_row.ts";
export type { FromRowOptions, RegistrationField, RegistrationFields, RowResult } from "./from_row.ts";
export { methodSpellingOf, registrationRecordFromMethods } from "./from_methods.ts";
export {
  EXCLUSION_PREVIEW_CHARS,
  exclusionPreview,
  findExclusion,
  NO_EXCLUSIONS,
  parseExclusionList,
  unmatchedExclusions,
} from "./exclusions.ts";
export type { ExclusionEntry, ExclusionList, UnmatchedExclusion } from "./exclusions.ts";
export {
  decideScope,
  DEFAULT_SCOPE,
  describeMethodSelector,
  hasMethod,
  OUT_OF_SCOPE_REASONS,
  parseMethodSelector,
  USER_TYPE_FILTERS,
} from "./scope.ts";
export type {
  MethodSelector,
  OutOfScopeReason,
  RegistrationScope,
  ScopeDecision,
  UserTypeFilter,
} from "./scope.ts";
export { compareUpn, sortUpns } from "./sort.ts";
export { createRegistrationTally } from "./aggregate.ts";
export type {
  CoverageCounts,
  ExcludedAccount,
  RegistrationSummary,
  RegistrationTally,
  RegistrationTallyOptions,
  UserTypeGroup,
} from "./aggregate.ts";
export {
  countUnsafeValues,
  renderUpnList,
  renderUserRowsCsv,
  renderUserRowsJson,
  renderUserRowsMarkdown,
  renderUserRowsNdjson,
  USER_LIST_SCHEMA_VERSION,
  USER_ROW_COLUMNS,
  userRegistrationRow,
} from "./user_rows.ts";
export type { UserListMeta, UserRegistrationRow } from "./user_rows.ts";
export { REGISTRATION_REPORT_SCHEMA_VERSION, registrationReportJson } from "./report_json.ts";
export type { RegistrationReportJson } from "./report_json.ts";
export { registrationMarkdownParts, renderRegistrationMarkdown } from "./report_markdown.ts";
export type { RegistrationMarkdownOptions } from "./report_markdown.ts";
export { renderRegistrationHtml } from "./report_html.ts";
export { registrationSummary } from "./summary.ts";
export { csvHeaderSource, openRegistrationFile } from "./read_file.ts";
export type { RegistrationFile } from "./read_file.ts";
export { estimateCallsMs, GRAPH_SOURCE_CHOICES, openGraphRegistrations } from "./graph_source.ts";
export type {
  GraphRegistrationOptions,
  GraphRegistrations,
  GraphSourceChoice,
  GraphSourceHooks,
  PerUserProgress,
} from "./graph_source.ts";
