/**
 * The report as CSV (`--format csv`): **one row per metric**, in a long format that pivots
 * well in a spreadsheet and diffs well between runs. Columns:
 *
 * | column | meaning |
 * | --- | --- |
 * | `section` | e.g. `totals`, `mfa.requirement`, `mfa.satisfied`, `methods`, `ca.policy`, `users.topFailed` |
 * | `key` | stable id (method id, reason id, policy id, user …) |
 * | `label` | human label (raw value for unknown rows) |
 * | `count` | the number (sign-ins unless the section says users) |
 * | `succeeded` / `failed` | where the metric has them (methods, legacy clients, on-premises issuers) |
 * | `users` | distinct users, where counted |
 * | `detail` | extra text: explanation, latest failure, CA result name … |
 *
 * Formula-looking cells are neutralised by the shared CSV writer (CRLF line ends).
 *
 * @module
 */
import {
  type CaPolicyResult,
  type ErrorCodeBucket,
  isAuthMethodId,
  labelAuthMethod,
  labelCaPolicyResult,
  labelErrorCodeBucket,
  labelSignInEventType,
  labelUserType,
  MFA_DENIED,
  MFA_SATISFIED,
  type MfaDeniedReason,
  type MfaSatisfiedHow,
  type SignInEventType,
  type UserType,
} from "../classify/mod.ts";
import { type CsvValue, toCsv } from "../report/mod.ts";
import type { SigninsReport } from "./report.ts";

/** The CSV columns. */
export const SIGNINS_CSV_COLUMNS = [
  "section",
  "key",
  "label",
  "count",
  "succeeded",
  "failed",
  "users",
  "detail",
] as const;

type Row = [string, string, string, number, number | null, number | null, number | null, string | null];

/**
 * Renders the report as long-format CSV.
 *
 * @param report the report
 * @param options `bom` for Excel
 * @returns CSV text
 *
 * @example
 * ```ts
 * import { SignInAggregator } from "./aggregator.ts";
 * import { signinsReportCsv } from "./render_csv.ts";
 * import assert from "node:assert/strict";
 * const report = new SignInAggregator().summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 3,
 *   badRows: 0, filteredOut: 0, merge: { duplicatesDropped: 1, rowsMerged: 0, interruptedIncomplete: 0 } });
 * const lines = signinsReportCsv(report).split("\r\n");
 * assert.equal(lines[0], "section,key,label,count,succeeded,failed,users,detail");
 * assert.ok(lines.includes("totals,rows,Input rows read,3,,,,"));
 * ```
 */
export function signinsReportCsv(report: SigninsReport, options: { bom?: boolean } = {}): string {
  const rows: Row[] = [];
  const add = (
    section: string,
    key: string,
    label: string,
    count: number,
    extra: { succeeded?: number; failed?: number; users?: number; detail?: string | null } = {},
  ) =>
    rows.push([
      section,
      key,
      label,
      count,
      extra.succeeded ?? null,
      extra.failed ?? null,
      extra.users ?? null,
      extra.detail ?? null,
    ]);
  /** One row per key of a count record, labelled `label(key)`. */
  const each = (section: string, rec: Record<string, number>, label: (k: string) => string = (k) => k) => {
    for (const [k, v] of Object.entries(rec)) add(section, k, label(k), v);
  };
  const t = report.totals;
  const totals: [keyof typeof t, string][] = [
    ["rows", "Input rows read"],
    ["badRows", "Rows that could not be understood"],
    ["filteredOut", "Rows left out by the window or filters"],
    ["duplicatesDropped", "Duplicate rows dropped"],
    ["rowsMerged", "Rows merged into another row's sign-in"],
    ["signIns", "Logical sign-ins"],
    ["interruptedIncomplete", "Sign-ins ending in an interrupt"],
    ["userSignIns", "User sign-ins"],
    ["users", "Distinct users"],
  ];
  for (const [k, l] of totals) add("totals", k, l, t[k]);
  const m = report.mfa;
  add("mfa.requirement", "required", "MFA required", m.required);
  add("mfa.requirement", "notRequired", "Single factor", m.notRequired);
  add("mfa.requirement", "unknown", "Unknown requirement", m.requirementUnknown);
  each("mfa.requirement.unknownValue", m.unknownRequirementValues);
  each("mfa.requirementSource", m.requirementSources);
  each("mfa.requirementSource.unknownValue", m.unknownRequirementProviders);
  for (const a of m.byApp) {
    add("mfa.byApp", a.app, a.app, a.signIns, {
      detail: `required ${a.required}; single factor ${a.notRequired}; unknown ${a.unknown}`,
    });
  }
  for (const [k, c] of Object.entries(m.byUserType)) {
    add("mfa.byUserType", k, labelUserType(k as UserType | "unknown"), c.signIns, {
      detail: `required ${c.required}; single factor ${c.notRequired}; unknown ${c.unknown}`,
    });
  }
  each("mfa.satisfied", m.satisfied, (k) => MFA_SATISFIED[k as MfaSatisfiedHow].label);
  for (const [k, v] of Object.entries(m.denied)) {
    add("mfa.denied", k, MFA_DENIED[k as MfaDeniedReason].label, v, {
      detail: MFA_DENIED[k as MfaDeniedReason].explanation,
    });
  }
  each("mfa.denied.otherText", m.deniedOtherTexts);
  add("mfa.outcome", "abandoned", "MFA prompt left unanswered", m.abandoned);
  add("mfa.outcome", "notReached", "Failed before the MFA step", m.notReached);
  add("mfa.outcome", "unknownResult", "Unrecognised MFA result", m.unknownResult);
  each("mfa.outcome.unknownText", m.unknownResultTexts);
  each("mfa.unrecognisedText", m.unrecognisedTexts);
  add("mfa.noPrompt", "claimInToken", "Satisfied by a claim in the token", m.noPrompt.claimInToken);
  add(
    "mfa.noPrompt",
    "strongAuthentication",
    "Satisfied by strong authentication",
    m.noPrompt.strongAuthentication,
  );
  add("mfa.noPrompt", "satisfied", "All satisfied sign-ins", m.noPrompt.satisfied);
  add("mfa.passwordless", "eligible", "Successful interactive sign-ins with steps", m.passwordless.eligible);
  add("mfa.passwordless", "passwordless", "Used a passwordless credential", m.passwordless.passwordless);
  each("mfa.passwordless.group", m.passwordless.byGroup);
  each("mfa.deniedByMethod", m.deniedByMethod, methodName);
  for (const c of m.deniedErrorCodes) {
    add("mfa.deniedErrorCode", String(c.code ?? "(none)"), String(c.code ?? "(none)"), c.count);
  }
  for (const [k, c] of Object.entries(report.methods)) {
    add("methods", k, methodName(k), c.attempts, { succeeded: c.succeeded, failed: c.failed });
  }
  each("methods.unknownValue", report.unknownMethods);
  const ca = report.conditionalAccess;
  each("ca.status", ca.status);
  each("ca.status.unknownValue", ca.unknownStatus);
  add("ca.detail", ca.detail, `CA policy detail ${ca.detail}`, ca.signInsWithDetail);
  for (const p of ca.policies) {
    for (const [k, v] of Object.entries(p.results)) {
      if (v > 0) {
        add("ca.policy", p.id, p.displayName, v, {
          detail: labelCaPolicyResult(k as CaPolicyResult | "unknown"),
        });
      }
    }
    for (const [k, v] of Object.entries(p.unknownResults)) add("ca.policy.unknownResult", p.id, k, v);
  }
  each("eventTypes", report.eventTypes, (k) => labelSignInEventType(k as SignInEventType | "unknown"));
  each("eventTypes.unknownValue", report.unknownEventTypes);
  each("errors", report.errors, (k) => labelErrorCodeBucket(k as ErrorCodeBucket | "unknown"));
  for (const c of report.errorCodes) {
    add("errorCodes", String(c.code ?? "(none)"), c.meaning ?? "", c.count, { detail: c.bucket });
  }
  const u = report.users;
  add("users", "total", "Distinct users", u.total);
  add("users", "challenged", "Challenged", u.challenged);
  add("users", "completedMfa", "Completed MFA at least once", u.completedMfa);
  add("users", "failedMfa", "Denied MFA at least once", u.failedMfa);
  add("users", "abandonedOnly", "Only left prompts unanswered", u.abandonedOnly);
  for (const f of u.topFailed) {
    add("users.topFailed", f.user, f.displayName ?? "", f.failures, {
      detail: `${f.latestFailure.result} at ${f.latestFailure.at ?? "(no time)"} in ${
        f.latestFailure.app ?? "(unknown app)"
      }`,
    });
  }
  const x = report.crossTenant;
  each("crossTenant.tenancy", x.tenancy);
  add(
    "crossTenant.tenancy",
    "crossTenantSucceeded",
    "Cross-tenant sign-ins that succeeded",
    x.crossTenantSucceeded,
  );
  each("crossTenant.accessType", x.accessTypes);
  each("crossTenant.accessType.unknownValue", x.unknownAccessTypes);
  for (const h of x.topHomeTenants) add("crossTenant.homeTenant", h.name, h.name, h.count);
  const l = report.legacyAuth;
  add("legacyAuth", "signIns", "Legacy-authentication sign-ins", l.signIns, {
    succeeded: l.succeeded,
    users: l.users,
  });
  for (const c of l.byClientApp) {
    add("legacyAuth.clientApp", c.clientApp, c.clientApp, c.signIns, { succeeded: c.succeeded });
  }
  for (const a of l.topApps) add("legacyAuth.app", a.name, a.name, a.count);
  for (const a of l.topUsers) {
    add("legacyAuth.user", a.user, a.displayName ?? "", a.signIns, { succeeded: a.succeeded });
  }
  each("legacyAuth.unknownClientApp", l.unknownClientApps);
  for (
    const [field, rec] of Object.entries({
      duringSignIn: report.risk.duringSignIn,
      aggregated: report.risk.aggregated,
      state: report.risk.state,
    })
  ) {
    each(`risk.${field}`, rec);
  }
  each("risk.unknownValue", report.risk.unknownValues);
  for (const n of report.locations) add("locations", n.name, n.name, n.count);
  for (const n of report.operatingSystems) add("operatingSystems", n.name, n.name, n.count);
  for (const n of report.browsers) add("browsers", n.name, n.name, n.count);
  const s = report.legacyMfaServer;
  add("mfaServer.fraud", "signIns", "Fraud reported", s.fraud.signIns, { users: s.fraud.users.length });
  for (const e of s.fraud.users) {
    add("mfaServer.fraud.user", e.user, e.displayName ?? "", e.count, { detail: e.latest.at });
  }
  add("mfaServer.blocked", "signIns", "User blocked", s.blocked.signIns, { users: s.blocked.users.length });
  for (const e of s.blocked.users) {
    add("mfaServer.blocked.user", e.user, e.displayName ?? "", e.count, { detail: e.latest.at });
  }
  for (const [k, v] of Object.entries(s.bypass)) {
    add("mfaServer.bypass", k, MFA_SATISFIED[k as MfaSatisfiedHow]?.label ?? k, v.signIns, {
      users: v.users,
    });
  }
  for (const [k, v] of Object.entries(s.onPremises)) {
    add("mfaServer.tokenIssuer", k, k, v.signIns, { succeeded: v.succeeded, users: v.users });
  }
  each("mfaServer.tokenIssuer.unknownValue", s.unknownTokenIssuerTypes);
  const j = report.registration;
  if (j !== null) {
    add("registration", "records", "Registration records", j.records);
    add("registration", "matched", "Signed-in users found", j.matched);
    add("registration", "unmatched", "Signed-in users not found", j.unmatched);
    add("registration", "ok", "Users OK", j.verdicts.ok);
    add("registration", "shortfall", "Users falling short", j.verdicts.shortfall);
    each("registration.reason", j.reasons);
    for (const v of j.users) {
      add("registration.user", v.user, v.displayName ?? "", v.reasons.length, {
        detail: v.reasons.join(";"),
      });
    }
  }
  // Capped lists: what the rows above leave out (count: entries not listed, -1 when not known).
  for (const c of report.capped) {
    add("capped", c.list, c.label, c.more ?? -1, {
      detail: `first ${c.shown} listed${c.moreCount === null ? "" : `; ${c.moreCount} in the rest`}`,
    });
  }
  return toCsv(SIGNINS_CSV_COLUMNS, rows as CsvValue[][], options);
}

function methodName(id: string): string {
  if (id === "notRecorded") return "(not recorded)";
  return isAuthMethodId(id) ? labelAuthMethod(id) : id === "unknown" ? "Unknown method" : id;
}
