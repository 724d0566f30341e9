/**
 * The JSON output of `registration-report`, schema version 1.
 *
 * ```text
 * {
 *   "schemaVersion": 1,
 *   "generatedAt": "2026-11-20T12:00:00Z",
 *   "semantics": "modern" | "msonline",
 *   "source": "registration-report" | "per-user-methods" | "registration-export" | "msonline-csv",
 *   "scope": { "userType": "member"|"guest"|"all", "adminsOnly": bool, "includeDisabled": bool, "excludeFile": string|null },
 *   "totals": { "seen", "inScope", "mfaRegistered", "msonlineRegistered", "mfaCapable",
 *               "passwordlessCapable", "phishingResistant", "phoneOnly" },          // numbers
 *   "byUserType": { "member"|"guest"|"unknown": { "users", …same counters } },
 *   "admins": { "known": bool, "total": n, "withoutMfa": [upn…], "withoutPhishingResistant": [upn…] },
 *   "phoneOnlyUsers": [upn…],
 *   "methods": { "<canonical method id>": users },            // e.g. "mobilePhone", "fido2SecurityKey"
 *   "unknownMethods": { "<value as Graph sent it>": users },
 *   "defaultMethods": { "<method id>" | "none" | "unknown" | "notReported": users },
 *   "systemPreferred": { "enabled", "disabled", "unknown" },
 *   "freshness": { "oldest": iso|null, "newest": iso|null, "missing": n },
 *   "exclusions": { "byReason": { "<reason>": n }, "excluded": [{ userPrincipalName, value, reason, line }],
 *                   "unmatched": [{ preview, line }] },   // preview: first 4 characters, escaped
 *   "enabledUnknown": n, "flagsDerived": n
 * }
 * ```
 *
 * `totals.mfaRegistered` follows `semantics`; `totals.msonlineRegistered` always uses the
 * MSOnline rules. Lists are sorted by UPN; maps by count, most first. New fields may be added
 * within version 1; removing or renaming one raises the version.
 *
 * @module
 */
import { formatReportTime } from "../time/date_time.ts";
import type { RegistrationSummary } from "./aggregate.ts";
import type { PerUserMfaSection } from "./per_user_mfa_section.ts";

/** Current schema version. */
export const REGISTRATION_REPORT_SCHEMA_VERSION = 1;

/** The JSON document. */
export type RegistrationReportJson =
  & { schemaVersion: number; generatedAt: string }
  & RegistrationSummary
  & { perUserMfa?: PerUserMfaSection };

/**
 * Builds the JSON document.
 *
 * @example
 * ```ts
 * import { registrationReportJson } from "./report_json.ts";
 * import { createRegistrationTally } from "./aggregate.ts";
 * import { DEFAULT_SCOPE } from "./scope.ts";
 * import assert from "node:assert/strict";
 * const s = createRegistrationTally({ semantics: "modern", source: "registration-report", scope: DEFAULT_SCOPE }).summary();
 * const doc = registrationReportJson(s, new Date("2026-11-20T12:00:00Z"));
 * assert.equal(doc.schemaVersion, 1);
 * assert.equal(doc.totals.inScope, 0);
 * assert.deepEqual(doc.admins.withoutMfa, []);
 * ```
 */
export function registrationReportJson(
  summary: RegistrationSummary,
  generatedAt: Date,
  perUserMfa?: PerUserMfaSection,
): RegistrationReportJson {
  return {
    schemaVersion: REGISTRATION_REPORT_SCHEMA_VERSION,
    generatedAt: formatReportTime(generatedAt),
    ...summary,
    ...(perUserMfa ? { perUserMfa } : {}),
  };
}
