/**
 * MFA registration: the successors of the MSOnline `StrongAuthenticationMethods` one-liners and
 * a registration report. Every source (Graph `userRegistrationDetails`, `/users` + per-user
 * `/authentication/methods`, an export file, an MSOnline CSV) becomes a
 * {@linkcode RegistrationRecord}; `isRegistered(record, "modern" | "msonline")` decides; the
 * scope (user type, admins, enabled only, `--exclude`, methods) is a pure decision with a
 * reason; the tally and renderers are pure too. I/O lives in `read_file.ts`,
 * `graph_source.ts` and the task bodies.
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
export * from "./record.ts";
export * from "./semantics.ts";
export * from "./from_row.ts";
export * from "./from_methods.ts";
export * from "./exclusions.ts";
export * from "./scope.ts";
export * from "./sort.ts";
export * from "./aggregate.ts";
export * from "./user_rows.ts";
export * from "./report_json.ts";
export * from "./report_markdown.ts";
export * from "./read_file.ts";
export * from "./graph_source.ts";
export * from "./cli.ts";
export * from "./list_task.ts";
export {
  REGISTRATION_REPORT_SPEC,
  REGISTRATION_REPORT_TASK,
  runRegistrationReportTask,
} from "./report_task.ts";
