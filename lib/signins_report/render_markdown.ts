/**
 * The Markdown sign-in MFA report. Pure: report in, text out. Every value from the input (user
 * names, apps, policy names, raw unknown values) is escaped by the shared table and list
 * helpers, and every list is in the report's stable order, so the same input gives the same text.
 *
 * @module
 */
import {
  AUTH_METHODS,
  type CaGrantControl,
  type CaPolicyResult,
  type CaSessionControl,
  type CaStatus,
  type CrossTenantAccessType,
  type ErrorCodeBucket,
  isAuthMethodId,
  labelAuthMethod,
  labelCaGrantControl,
  labelCaSessionControl,
  labelCaStatus,
  labelCrossTenantAccessType,
  labelErrorCodeBucket,
  labelRiskLevel,
  labelRiskState,
  labelSignInEventType,
  labelTokenIssuerType,
  labelUserType,
  MFA_DENIED,
  MFA_SATISFIED,
  type MfaDeniedReason,
  type MfaSatisfiedHow,
  type RiskLevel,
  type RiskState,
  type SignInEventType,
  type TokenIssuerType,
  type UserType,
} from "../classify/mod.ts";
import {
  type Cell,
  formatNumber,
  formatPercent,
  markdownCallout,
  markdownDocument,
  markdownHeading,
  markdownList,
  markdownTable,
  mermaidBar,
  mermaidPie,
} from "../report/mod.ts";
import { BYPASS_LIKE, ON_PREMISES_ISSUERS } from "./aggregator.ts";
import { VERDICT_REASONS, type VerdictReason } from "./registration_verdict.ts";
import type { SigninsReport, UserEvent, UserRef } from "./report.ts";
import { labelRequirementSource, type RequirementSource } from "./requirement_source.ts";
import { PASSWORDLESS_GROUPS, type PasswordlessGroup } from "./sign_in_facts.ts";

/** Options of {@linkcode renderSigninsMarkdown}. */
export interface SigninsMarkdownOptions {
  /** Report time shown in the header. @default the report's `generatedAt` */
  now?: string;
  /** Title. @default "Sign-in MFA report" */
  title?: string;
}

/** The note printed for MFA Server status, which sign-ins cannot replace. */
export const MFA_SERVER_STATUS_NOTE =
  "MFA Server status has no cloud successor: Entra MFA runs no servers of yours, so there is nothing to report on. " +
  "On-premises components that remain (AD FS with its MFA adapter, the NPS extension) show up in the table above, by token issuer type.";

const MAX_RAW = 5;

function rawList(m: Record<string, number>): string {
  const e = Object.entries(m);
  if (e.length === 0) return "";
  const shown = e.slice(0, MAX_RAW).map(([k, v]) => `"${k}" ×${formatNumber(v)}`).join(", ");
  return e.length > MAX_RAW ? `${shown}, … (${e.length - MAX_RAW} more)` : shown;
}

function unknownLabel(label: string, raw: Record<string, number>): string {
  const r = rawList(raw);
  return r === "" ? label : `${label}: ${r}`;
}

function pct(part: number, total: number): string {
  return formatPercent(part, total);
}

function signIns(n: number): string {
  return n === 1 ? "1 sign-in was" : `${formatNumber(n)} sign-ins were`;
}

function who(u: UserRef): string {
  return u.displayName === null || u.displayName === "" ? u.user : `${u.user} (${u.displayName})`;
}

function when(e: UserEvent): string {
  return e.at ?? "(no time)";
}

function methodLabel(id: string): string {
  if (id === "notRecorded") return "(not recorded)";
  if (id === "unknown") return "Unknown method";
  return isAuthMethodId(id) ? labelAuthMethod(id) : id;
}

function controlLabel(id: string, kind: "grant" | "session"): string {
  if (id.startsWith("unknown:")) return `Unknown control "${id.slice("unknown:".length)}"`;
  return kind === "grant"
    ? labelCaGrantControl(id as CaGrantControl)
    : labelCaSessionControl(id as CaSessionControl);
}

function nonZero<K extends string>(rec: Record<K, number>): [K, number][] {
  return (Object.entries(rec) as [K, number][]).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
}

function header(r: SigninsReport, o: SigninsMarkdownOptions): string[] {
  const t = r.totals;
  const w = r.window;
  const basis = w.basis === "requested" ? "requested window" : "first and last sign-in in the data";
  const lines = [
    `**Window:** ${w.from ?? "(none)"} to ${w.to ?? "(none)"} (${basis}). **Generated:** ${
      o.now ?? r.generatedAt
    }.`,
  ];
  const src = r.sources.map((s) =>
    s.kind === "graph"
      ? `Microsoft Graph beta /auditLogs/signIns (${s.eventTypes.join(", ")})`
      : `file ${s.file} (${s.format ?? "empty"}${
        s.layout !== null && ![s.format, "graph", "log-analytics"].includes(s.layout)
          ? `, layout ${s.layout}`
          : ""
      }${
        s.dateOrder !== null && s.dateOrder.from !== "notNeeded"
          ? `, dates ${s.dateOrder.order === "dmy" ? "day-first" : "month-first"} (${
            s.dateOrder.from === "option" ? "--date-order" : "found from the file"
          })`
          : ""
      })`
  );
  if (src.length > 0) lines.push(`**Sources:** ${src.join("; ")}.`);
  if (r.redaction !== null) {
    lines.push(
      `**Redacted:** users replaced by an ${r.redaction.method} keyed hash (key: ${
        r.redaction.key === "file" ? "from --redact-key-file, stable across runs" : "random for this run"
      }); display names removed; IP addresses truncated (${r.redaction.ip}).`,
    );
  }
  const missing = r.sources.flatMap((s) =>
    s.kind === "file" ? s.missingFields.map((m) => `${s.file}: no ${m}.`) : []
  );
  return [
    lines.map((l) => l + "\n").join("\n"),
    ...(missing.length > 0
      ? [
        markdownCallout("warning", [
          "Fields missing from the input, so these numbers are not in the report:",
          ...missing,
        ]),
      ]
      : []),
    markdownTable(["Volume", "Count"], [
      ["Input rows read", t.rows],
      ["Duplicate rows dropped", t.duplicatesDropped],
      ["Rows merged into another row's sign-in (interrupt, then completion)", t.rowsMerged],
      ["Logical sign-ins (counted below)", t.signIns],
      ["User sign-ins (MFA is counted over these)", t.userSignIns],
      ["Distinct users", t.users],
      ["Rows left out by the window or filters", t.filteredOut],
      ["Rows that could not be understood (not counted)", t.badRows],
    ]),
    markdownCallout("note", ["Read with care:", ...r.caveats]),
  ];
}

function requirementSection(r: SigninsReport): string[] {
  const m = r.mfa;
  const total = m.required + m.notRequired + m.requirementUnknown;
  const out = [
    markdownHeading(2, "1. Was MFA required?"),
    `MFA was required in ${formatNumber(m.required)} of ${formatNumber(total)} user sign-ins (${
      pct(m.required, total)
    }); ${formatNumber(m.notRequired)} were single-factor.` +
    (m.requirementUnknown > 0 ? ` For ${formatNumber(m.requirementUnknown)} the data does not say.` : "") +
    "\n",
    markdownTable(["Requirement", "Sign-ins", "Share"], [
      ["MFA required", m.required, pct(m.required, total)],
      ["Single factor", m.notRequired, pct(m.notRequired, total)],
      ...(m.requirementUnknown > 0
        ? [[
          unknownLabel("Unknown requirement", m.unknownRequirementValues),
          m.requirementUnknown,
          pct(m.requirementUnknown, total),
        ] as Cell[]]
        : []),
    ]),
    mermaidPie("MFA requirement of user sign-ins", [
      ["MFA required", m.required],
      ["Single factor", m.notRequired],
      ["Unknown", m.requirementUnknown],
    ]),
    markdownHeading(3, "By application"),
    markdownTable(
      ["Application", "Sign-ins", "MFA required", "Single factor", "Unknown", "Required share"],
      m.byApp.map((
        a,
      ) => [a.app, a.signIns, a.required, a.notRequired, a.unknown, pct(a.required, a.signIns)]),
    ),
    markdownHeading(3, "By user type"),
    markdownTable(
      ["User type", "Sign-ins", "MFA required", "Single factor", "Unknown", "Required share"],
      (Object.entries(m.byUserType) as [UserType | "unknown", typeof m.byUserType.member][])
        .filter(([, c]) => c.signIns > 0)
        .map((
          [k, c],
        ) => [labelUserType(k), c.signIns, c.required, c.notRequired, c.unknown, pct(c.required, c.signIns)]),
    ),
    markdownHeading(3, "What required MFA"),
    "From `authenticationRequirementPolicies` (Graph beta); a sign-in may name more than one source.\n",
    markdownTable(
      ["Requirement source", "Sign-ins", "Share of MFA-required"],
      (Object.entries(m.requirementSources) as [RequirementSource | "unknown" | "notStated", number][])
        .filter(([, v]) => v > 0)
        .map(([k, v]) => [
          k === "notStated"
            ? "Not stated in the data"
            : k === "unknown"
            ? unknownLabel("Unknown source", m.unknownRequirementProviders)
            : labelRequirementSource(k),
          v,
          pct(v, m.required),
        ]),
    ),
  ];
  return out;
}

function completionSection(r: SigninsReport): string[] {
  const m = r.mfa;
  const sat = nonZero(m.satisfied as Record<MfaSatisfiedHow, number>);
  const satisfied = m.noPrompt.satisfied;
  const prompted = sat.filter(([h]) =>
    MFA_SATISFIED[h].evidence === "prompted" || MFA_SATISFIED[h].evidence === "external"
  )
    .reduce((a, [, v]) => a + v, 0);
  const skipped = sat.filter(([h]) => MFA_SATISFIED[h].evidence === "skipped").reduce((a, [, v]) => a + v, 0);
  const reused = sat.filter(([h]) => MFA_SATISFIED[h].evidence === "reused").reduce((a, [, v]) => a + v, 0);
  const other = satisfied - prompted - skipped - reused;
  const methods = Object.entries(r.methods);
  const pw = m.passwordless;
  return [
    markdownHeading(2, "2. How did users complete MFA?"),
    `The MFA requirement was met in ${formatNumber(satisfied)} sign-ins: ${
      formatNumber(prompted)
    } with a prompt ` +
    `(or an external provider) in the sign-in itself, ${
      formatNumber(reused)
    } by reusing earlier MFA or a strong ` +
    `credential without a prompt, ${formatNumber(skipped)} skipped by a setting` +
    (other > 0
      ? `, and ${formatNumber(other)} otherwise (registration prompted, or an expired MFA renewed)`
      : "") +
    ".\n",
    markdownTable(
      ["How it was satisfied", "Sign-ins", "Share", "What it means"],
      sat.map(([h, v]) => [MFA_SATISFIED[h].label, v, pct(v, satisfied), MFA_SATISFIED[h].explanation]),
    ),
    markdownHeading(3, "Methods used"),
    "Every authentication step of every user sign-in (from `authenticationDetails`; where a source has none, from `mfaDetail` or `authenticationMethodsUsed`).\n",
    markdownTable(
      [
        "Method",
        "Attempts",
        "Succeeded",
        "Failed",
        "Success rate",
        "Second factor",
        "Passwordless",
        "Phishing-resistant",
      ],
      methods.map(([id, c]) => {
        const info = isAuthMethodId(id) ? AUTH_METHODS[id] : undefined;
        return [
          id === "unknown" ? unknownLabel("Unknown method", r.unknownMethods) : methodLabel(id),
          c.attempts,
          c.succeeded,
          c.failed,
          pct(c.succeeded, c.attempts),
          info === undefined ? "?" : info.mfaCapable,
          info === undefined ? "?" : info.passwordless,
          info === undefined ? "?" : info.phishingResistant,
        ];
      }),
    ),
    markdownHeading(3, "Passwordless share"),
    `Of ${formatNumber(pw.eligible)} successful interactive user sign-ins with authentication details, ` +
    `${formatNumber(pw.passwordless)} (${
      pct(pw.passwordless, pw.eligible)
    }) used a passwordless credential.\n`,
    markdownTable(
      ["Passwordless credential", "Sign-ins", "Share of eligible"],
      nonZero(pw.byGroup as Record<PasswordlessGroup, number>).map(([g, v]) => [
        PASSWORDLESS_GROUPS[g].label,
        v,
        pct(v, pw.eligible),
      ]),
    ),
    mermaidPie("Successful interactive sign-ins by credential", [
      ...nonZero(pw.byGroup as Record<PasswordlessGroup, number>).map(([g, v]) =>
        [PASSWORDLESS_GROUPS[g].label, v] as const
      ),
      ["Password-based", pw.eligible - pw.passwordless],
    ]),
    markdownHeading(3, "Satisfied without a prompt"),
    markdownTable(["No-prompt result", "Sign-ins", "Share of satisfied"], [
      [
        "Satisfied by a claim in the token (earlier MFA reused)",
        m.noPrompt.claimInToken,
        pct(m.noPrompt.claimInToken, satisfied),
      ],
      [
        "Satisfied by strong authentication (e.g. Windows Hello, FIDO2)",
        m.noPrompt.strongAuthentication,
        pct(m.noPrompt.strongAuthentication, satisfied),
      ],
    ]),
  ];
}

function deniedRows(r: SigninsReport): [string, number, string][] {
  return nonZero(r.mfa.denied as Record<MfaDeniedReason, number>).map(([k, v]) => [
    k === "other" ? unknownLabel(MFA_DENIED.other.label, r.mfa.deniedOtherTexts) : MFA_DENIED[k].label,
    v,
    MFA_DENIED[k].explanation,
  ]);
}

function failureSection(r: SigninsReport): string[] {
  const m = r.mfa;
  const denied = Object.values(m.denied).reduce((a, b) => a + b, 0);
  const rows = deniedRows(r);
  return [
    markdownHeading(2, "3. Why couldn't users complete MFA?"),
    `MFA was denied in ${formatNumber(denied)} sign-ins. Besides, ${
      formatNumber(m.abandoned)
    } MFA prompts were ` +
    `left unanswered (an interrupt no later row completed), ${
      formatNumber(m.notReached)
    } sign-ins that required ` +
    `MFA failed before the MFA step (for example a wrong password or a block), and ${
      formatNumber(m.unknownResult)
    } ` +
    `succeeded with an MFA result this report does not recognise.\n`,
    markdownTable(["Denial reason", "Sign-ins", "Share"], rows.map(([l, v]) => [l, v, pct(v, denied)])),
    rows.length > 0
      ? mermaidBar("MFA denials by reason", rows.slice(0, 10).map(([l, v]) => [l, v]), "sign-ins")
      : "",
    ...(m.unknownResult > 0
      ? [
        markdownHeading(3, "Unrecognised MFA results"),
        markdownTable(
          ["Result text (raw)", "Sign-ins"],
          Object.entries(m.unknownResultTexts).map(([k, v]) => [k, v]),
        ),
      ]
      : []),
    ...(Object.keys(m.unrecognisedTexts).length > 0
      ? [
        markdownHeading(3, "Unrecognised MFA result texts"),
        "Every `status.additionalDetails` and `authenticationStepResultDetail` text that no classifier recognises, in any sign-in (counted as unknown).\n",
        markdownTable(
          ["Text (raw)", "Sign-ins"],
          Object.entries(m.unrecognisedTexts).map(([k, v]) => [k, v]),
        ),
      ]
      : []),
    markdownHeading(3, "Error codes of denied sign-ins"),
    markdownTable(
      ["Error code", "Sign-ins"],
      m.deniedErrorCodes.map((c) => [c.code === null ? "(none)" : String(c.code), c.count]),
    ),
    markdownHeading(3, "Denials by method"),
    markdownTable(
      ["Method that failed", "Denied sign-ins", "Method attempts (all sign-ins)", "Method failure rate"],
      Object.entries(m.deniedByMethod).map(([id, v]) => {
        const c = r.methods[id];
        return [methodLabel(id), v, c?.attempts ?? null, c === undefined ? "" : pct(c.failed, c.attempts)];
      }),
    ),
  ];
}

function usersSection(r: SigninsReport): string[] {
  const u = r.users;
  return [
    markdownHeading(2, "4. How many users were challenged?"),
    `${formatNumber(u.challenged)} of ${formatNumber(u.total)} users (${
      pct(u.challenged, u.total)
    }) were asked for ` +
    `a second factor at least once; ${formatNumber(u.completedMfa)} passed such a challenge at least once.\n`,
    markdownTable(["Users", "Count", "Share of users"], [
      ["Users who signed in", u.total, pct(u.total, u.total)],
      ["Challenged (asked for a second factor)", u.challenged, pct(u.challenged, u.total)],
      ["Passed a challenge at least once", u.completedMfa, pct(u.completedMfa, u.total)],
      ["Denied MFA at least once", u.failedMfa, pct(u.failedMfa, u.total)],
      ["Only left prompts unanswered (no denial)", u.abandonedOnly, pct(u.abandonedOnly, u.total)],
    ]),
    markdownHeading(2, "5. How many users could not complete the challenge?"),
    `${formatNumber(u.failedMfa)} users had at least one MFA denial` +
    (u.topFailed.length < u.failedMfa ? `; the ${u.topFailed.length} with the most are listed` : "") + ".\n",
    markdownTable(
      ["User", "Denied", "Satisfied", "Latest failure", "When", "Application", "IP address"],
      [
        ...u.topFailed.map((f): Cell[] => [
          who(f),
          f.failures,
          f.successes,
          f.latestFailure.label,
          when(f.latestFailure),
          f.latestFailure.app,
          f.latestFailure.ip,
        ]),
        ...moreRows(r, "users.topFailed"),
      ],
    ),
  ];
}

/**
 * The "N more" row that ends a capped table (none when the list is complete): the count of
 * entries left out in the first cell, their summed count in the second.
 *
 * @example Usage
 * ```ts
 * import { moreRows } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * const r = { capped: [{ list: "locations", label: "Locations", shown: 10, more: 3, moreCount: 7, pooledAs: null }] };
 * assert.deepEqual(moreRows(r, "locations"), [["… 3 more (not listed)", 7]]);
 * assert.deepEqual(moreRows(r, "browsers"), []);
 * ```
 */
export function moreRows(r: Pick<SigninsReport, "capped">, list: string): Cell[][] {
  const c = r.capped.find((x) => x.list === list);
  if (c === undefined || c.pooledAs !== null) return [];
  return [[`… ${c.more === null ? "more" : `${formatNumber(c.more)} more`} (not listed)`, c.moreCount]];
}

function problemsSection(r: SigninsReport): string[] {
  const rows: [string, number, string][] = [...deniedRows(r)];
  if (r.mfa.abandoned > 0) {
    rows.push([
      "MFA prompt left unanswered",
      r.mfa.abandoned,
      "The sign-in stopped to ask for MFA and no later row of the same flow completed it: the user gave up, or " +
      "the completion falls outside this input. Many for one user can mean prompts they did not expect.",
    ]);
  }
  rows.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return [
    markdownHeading(2, "6. Common MFA problems"),
    "Ranked by sign-ins, with what an administrator should check.\n",
    markdownTable(
      ["Rank", "Problem", "Sign-ins", "What to check"],
      rows.map(([l, v, e], i) => [i + 1, l, v, e]),
    ),
  ];
}

function unknownResultCell(indeterminate: number, unknown: number, raw: Record<string, number>): string {
  const parts: string[] = [];
  if (indeterminate > 0) parts.push(`${formatNumber(indeterminate)} reported as unknown by Graph`);
  if (unknown > 0) parts.push(`${formatNumber(unknown)} not recognised: ${rawList(raw)}`);
  return parts.length === 0 ? "0" : parts.join("; ");
}

function caSection(r: SigninsReport): string[] {
  const ca = r.conditionalAccess;
  const status = Object.entries(ca.status) as [CaStatus | "unknown" | "notGiven", number][];
  const total = status.reduce((a, [, v]) => a + v, 0);
  const label = (k: CaStatus | "unknown" | "notGiven") =>
    k === "notGiven"
      ? "Not in the data"
      : k === "unknown"
      ? unknownLabel("Unknown status", ca.unknownStatus)
      : labelCaStatus(k);
  const out = [
    markdownHeading(2, "Conditional Access"),
    markdownTable(
      ["Conditional Access status", "Sign-ins", "Share"],
      status.filter(([, v]) => v > 0).map(([k, v]) => [label(k), v, pct(v, total)]),
    ),
    mermaidPie(
      "Conditional Access status",
      status.map(([k, v]) => [k === "unknown" ? "Unknown status" : label(k), v]),
    ),
  ];
  if (ca.detail !== "visible") {
    out.push(markdownCallout("warning", [
      "CA detail not visible: the sign-ins carry no per-policy results, so the table below is empty. " +
      "With Graph, grant Policy.Read.All (or Policy.Read.ConditionalAccess) besides AuditLog.Read.All.",
    ]));
  }
  const col = (p: (typeof ca.policies)[number], k: CaPolicyResult) => p.results[k];
  out.push(
    markdownHeading(3, "Per policy"),
    "Applied = success + failure. Report-only columns say what the policy would have done.\n",
    markdownTable(
      [
        "Policy",
        "Applied: success",
        "Applied: failure",
        "Not applied",
        "Disabled",
        "Report-only: satisfied",
        "Report-only: would block",
        "Report-only: would interrupt",
        "Report-only: not applied",
        "Unknown result",
        "Grant controls",
        "Session controls",
      ],
      ca.policies.map((p) => [
        p.displayName,
        col(p, "success"),
        col(p, "failure"),
        col(p, "notApplied"),
        col(p, "notEnabled"),
        col(p, "reportOnlySuccess"),
        col(p, "reportOnlyFailure"),
        col(p, "reportOnlyInterrupted"),
        col(p, "reportOnlyNotApplied"),
        unknownResultCell(p.results.indeterminate, p.results.unknown, p.unknownResults),
        p.grantControls.map((g) => controlLabel(g, "grant")).join("; "),
        p.sessionControls.map((g) => controlLabel(g, "session")).join("; "),
      ]),
    ),
  );
  return out;
}

function eventTypeSection(r: SigninsReport): string[] {
  const rows = (Object.entries(r.eventTypes) as [SignInEventType | "unknown", number][]).filter(([, v]) =>
    v > 0
  );
  const label = (k: SignInEventType | "unknown") =>
    k === "unknown" ? unknownLabel("Unknown event type", r.unknownEventTypes) : labelSignInEventType(k);
  return [
    markdownHeading(2, "Sign-in event types"),
    markdownTable(
      ["Event type", "Sign-ins", "Share"],
      rows.map(([k, v]) => [label(k), v, pct(v, r.totals.signIns)]),
    ),
    mermaidPie(
      "Sign-ins by event type",
      rows.map(([k, v]) => [k === "unknown" ? "Unknown" : labelSignInEventType(k), v]),
    ),
  ];
}

function errorSection(r: SigninsReport): string[] {
  const rows = nonZero(r.errors as Record<ErrorCodeBucket | "unknown", number>);
  return [
    markdownHeading(2, "Sign-in results and errors"),
    "By the error code of the row that ended each logical sign-in.\n",
    markdownTable(
      ["Result", "Sign-ins", "Share"],
      rows.map(([k, v]) => [labelErrorCodeBucket(k), v, pct(v, r.totals.signIns)]),
    ),
    markdownHeading(3, "Most frequent error codes"),
    markdownTable(
      ["Error code", "Sign-ins", "Bucket", "Meaning"],
      [
        ...r.errorCodes.map((c): Cell[] => [
          c.code === null ? "(none)" : String(c.code),
          c.count,
          labelErrorCodeBucket(c.bucket),
          c.meaning,
        ]),
        ...moreRows(r, "errorCodes"),
      ],
    ),
  ];
}

function crossTenantSection(r: SigninsReport): string[] {
  const c = r.crossTenant;
  const types = (Object.entries(c.accessTypes) as [CrossTenantAccessType | "unknown", number][]).filter((
    [, v],
  ) => v > 0);
  return [
    markdownHeading(2, "Cross-tenant access"),
    `${
      formatNumber(c.tenancy.crossTenant)
    } sign-ins came from a user whose home tenant is not the resource tenant; ` +
    `${formatNumber(c.crossTenantSucceeded)} of them succeeded.\n`,
    markdownTable(["Home vs resource tenant", "Sign-ins"], [
      ["Same tenant", c.tenancy.sameTenant],
      ["Different tenant", c.tenancy.crossTenant],
      ["Not stated", c.tenancy.unknown],
    ]),
    markdownTable(
      ["Cross-tenant access type", "Sign-ins"],
      types.map(([k, v]) => [
        k === "unknown"
          ? unknownLabel("Unknown access type", c.unknownAccessTypes)
          : labelCrossTenantAccessType(k),
        v,
      ]),
    ),
    markdownHeading(3, "Home tenants of cross-tenant sign-ins"),
    markdownTable(["Home tenant", "Sign-ins"], [
      ...c.topHomeTenants.map((t): Cell[] => [t.name, t.count]),
      ...moreRows(r, "crossTenant.topHomeTenants"),
    ]),
  ];
}

function legacySection(r: SigninsReport): string[] {
  const l = r.legacyAuth;
  const unknown = Object.keys(l.unknownClientApps).length > 0;
  return [
    markdownHeading(2, "Legacy authentication"),
    `${formatNumber(l.signIns)} sign-ins by ${
      formatNumber(l.users)
    } users used a legacy-authentication client ` +
    `(no MFA possible); ${formatNumber(l.succeeded)} succeeded.\n`,
    markdownTable(
      ["Client app", "Sign-ins", "Succeeded"],
      l.byClientApp.map((c) => [c.clientApp, c.signIns, c.succeeded]),
    ),
    markdownHeading(3, "Applications"),
    markdownTable(["Application", "Sign-ins"], [
      ...l.topApps.map((a): Cell[] => [a.name, a.count]),
      ...moreRows(r, "legacyAuth.topApps"),
    ]),
    markdownHeading(3, "Users"),
    markdownTable(["User", "Sign-ins", "Succeeded"], [
      ...l.topUsers.map((u): Cell[] => [who(u), u.signIns, u.succeeded]),
      ...moreRows(r, "legacyAuth.topUsers"),
    ]),
    unknown
      ? `Client apps not recognised (not known to be legacy or modern): ${rawList(l.unknownClientApps)}.\n`
      : "",
  ];
}

function riskSection(r: SigninsReport): string[] {
  const k = r.risk;
  const levels = Object.keys(k.duringSignIn) as (RiskLevel | "unknown")[];
  const rows = levels.filter((l) => k.duringSignIn[l] + k.aggregated[l] > 0)
    .map((l) => [l === "unknown" ? "Unknown level" : labelRiskLevel(l), k.duringSignIn[l], k.aggregated[l]]);
  const states = (Object.entries(k.state) as [RiskState | "unknown", number][]).filter(([, v]) => v > 0);
  if (rows.length === 0 && states.length === 0) {
    return [markdownHeading(2, "Risk"), "The data carries no risk information.\n"];
  }
  return [
    markdownHeading(2, "Risk"),
    markdownTable(["Risk level", "During sign-in", "Aggregated"], rows),
    markdownTable(
      ["Risk state", "Sign-ins"],
      states.map(([s, v]) => [s === "unknown" ? "Unknown state" : labelRiskState(s), v]),
    ),
    Object.keys(k.unknownValues).length > 0 ? `Unknown risk values: ${rawList(k.unknownValues)}.\n` : "",
  ];
}

function placesSection(r: SigninsReport): string[] {
  return [
    markdownHeading(2, "Locations, operating systems and browsers"),
    markdownTable(["Location (approximate)", "Sign-ins"], [
      ...r.locations.map((x): Cell[] => [x.name, x.count]),
      ...moreRows(r, "locations"),
    ]),
    markdownTable(["Operating system", "Sign-ins"], [
      ...r.operatingSystems.map((x): Cell[] => [x.name, x.count]),
      ...moreRows(r, "operatingSystems"),
    ]),
    markdownTable(["Browser", "Sign-ins"], [
      ...r.browsers.map((x): Cell[] => [x.name, x.count]),
      ...moreRows(r, "browsers"),
    ]),
  ];
}

function mfaServerSection(r: SigninsReport): string[] {
  const l = r.legacyMfaServer;
  const eventRows = (users: typeof l.fraud.users) =>
    users.map((u) => [who(u), u.count, when(u.latest), u.latest.app, u.latest.ip] as Cell[]);
  const issuers =
    (Object.entries(l.onPremises) as [TokenIssuerType | "unknown", typeof l.onPremises.azureAd][])
      .filter(([k, v]) => v.signIns > 0 || ON_PREMISES_ISSUERS.includes(k as TokenIssuerType));
  return [
    markdownHeading(2, "Legacy MFA Server reports, today"),
    "What the MFA Server / MSOnline-era reports showed, read from the sign-in log.\n",
    markdownHeading(3, "Fraud reports"),
    `${signIns(l.fraud.signIns)} denied because the user reported the MFA prompt as fraud.\n`,
    markdownTable(["User", "Fraud reports", "Latest", "Application", "IP address"], [
      ...eventRows(l.fraud.users),
      ...moreRows(r, "legacyMfaServer.fraud.users"),
    ]),
    markdownHeading(3, "Blocked users"),
    `${signIns(l.blocked.signIns)} denied because the user is blocked from MFA.\n`,
    markdownTable(
      ["User", "Blocked sign-ins", "Latest", "Application", "IP address"],
      [...eventRows(l.blocked.users), ...moreRows(r, "legacyMfaServer.blocked.users")],
    ),
    markdownHeading(3, "Bypass- and cache-like successes"),
    markdownTable(
      ["Result", "Sign-ins", "Users", "What it means"],
      BYPASS_LIKE.map((
        h,
      ) => [
        MFA_SATISFIED[h].label,
        l.bypass[h]?.signIns ?? 0,
        l.bypass[h]?.users ?? 0,
        MFA_SATISFIED[h].explanation,
      ]),
    ),
    markdownHeading(3, "On-premises MFA components"),
    "Sign-ins by token issuer type: AD FS, the AD FS MFA adapter and the NPS extension are on-premises components.\n",
    markdownTable(
      ["Token issuer", "On-premises", "Sign-ins", "Succeeded", "Users"],
      issuers.map(([k, v]) => [
        k === "unknown" ? unknownLabel("Unknown issuer", l.unknownTokenIssuerTypes) : labelTokenIssuerType(k),
        ON_PREMISES_ISSUERS.includes(k as TokenIssuerType),
        v.signIns,
        v.succeeded,
        ON_PREMISES_ISSUERS.includes(k as TokenIssuerType) ? v.users : null,
      ]),
    ),
    markdownCallout("note", [MFA_SERVER_STATUS_NOTE]),
  ];
}

function registrationSection(r: SigninsReport): string[] {
  const j = r.registration;
  if (j === null) return [];
  const strength = {
    phishingResistant: "Phishing-resistant",
    notPhishingResistant: "Not phishing-resistant",
    none: "None seen",
  };
  const total = j.verdicts.ok + j.verdicts.shortfall;
  return [
    markdownHeading(2, "Per-user MFA verdict"),
    `Registration data: ${j.source} (${formatNumber(j.records)} records). ${formatNumber(j.matched)} of ` +
    `${formatNumber(total)} signed-in users were found in it; ${formatNumber(j.registeredWithoutSignIns)} ` +
    `registration records have no sign-in in the window. ${formatNumber(j.verdicts.ok)} users are fine ` +
    `(registered, MFA required and performed, with a phishing-resistant method); ${
      formatNumber(j.verdicts.shortfall)
    } fall short.\n`,
    markdownTable(
      ["Shortfall", "Users"],
      (Object.keys(VERDICT_REASONS) as VerdictReason[]).filter((k) => (j.reasons[k] ?? 0) > 0)
        .map((k) => [VERDICT_REASONS[k].label, j.reasons[k] ?? 0]),
    ),
    markdownTable(
      ["User", "Registered", "MFA required", "MFA performed", "Strength used", "Reasons"],
      [
        ...j.users.map((u): Cell[] => [
          who(u),
          u.registered === null ? "no record" : u.registered,
          u.mfaRequired,
          u.mfaPerformed,
          strength[u.strength],
          u.reasons.map((x) => VERDICT_REASONS[x as VerdictReason]?.label ?? x).join("; "),
        ]),
        ...moreRows(r, "registration.users"),
      ],
    ),
    j.unlisted > 0 ? `${formatNumber(j.unlisted)} more users fall short (see the JSON output).\n` : "",
  ];
}

function dataQualitySection(r: SigninsReport): string[] {
  const files = r.sources.filter((s) => s.kind === "file");
  const graph = r.sources.filter((s) => s.kind === "graph");
  const t = r.totals;
  const out = [
    markdownHeading(2, "Data quality"),
    markdownTable(["Check", "Rows"], [
      ["Rows that could not be understood (not counted)", t.badRows],
      ["… of which dated more than a day after the report clock", t.futureRows],
      ["Duplicate rows dropped (same sign-in id)", t.duplicatesDropped],
      [
        "… of which differ from the copy counted (the more complete, then the later copy is kept)",
        t.duplicateConflicts,
      ],
    ]),
  ];
  if (files.length > 0) {
    out.push(markdownTable(
      ["File", "Format", "Encoding", "Rows", "Bad rows"],
      files.map((f) => [f.file, f.format, f.encoding, f.records, f.badRows]),
    ));
    const samples = files.flatMap((f) => f.badRowSamples.map((s) => `${f.file} line ${s.line}: ${s.reason}`));
    if (samples.length > 0) out.push("First bad rows:\n", markdownList(samples));
  }
  for (const g of graph) {
    out.push(markdownTable(
      ["Graph event type", "Items received"],
      Object.entries(g.items).map(([k, v]) => [k, v]),
    ));
    if (g.filters.length > 0) out.push(`Filters pushed down: ${g.filters.join(" and ")}.\n`);
  }
  out.push(
    'Values this report does not recognise are counted in explicit "unknown" rows with their raw values ' +
      "(see each section), never dropped.\n",
  );
  return out;
}

/**
 * Renders the report as Markdown.
 *
 * @param report the report (redact it first for `--redact`)
 * @param options header time and title
 * @returns the Markdown text
 *
 * @example An empty report still has every section
 * ```ts
 * import { SignInAggregator } from "./aggregator.ts";
 * import { renderSigninsMarkdown } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * const report = new SignInAggregator().summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 0,
 *   badRows: 0, filteredOut: 0, merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 } });
 * const md = renderSigninsMarkdown(report);
 * assert.match(md, /^# Sign-in MFA report\n/);
 * assert.ok(md.includes("## 1\\. Was MFA required?"));
 * assert.match(md, /## Legacy MFA Server reports, today/);
 * ```
 */
export function renderSigninsMarkdown(report: SigninsReport, options: SigninsMarkdownOptions = {}): string {
  return markdownDocument([
    markdownHeading(1, options.title ?? "Sign-in MFA report"),
    ...header(report, options),
    ...requirementSection(report),
    ...completionSection(report),
    ...failureSection(report),
    ...usersSection(report),
    ...problemsSection(report),
    ...caSection(report),
    ...eventTypeSection(report),
    ...errorSection(report),
    ...crossTenantSection(report),
    ...legacySection(report),
    ...riskSection(report),
    ...placesSection(report),
    ...mfaServerSection(report),
    ...registrationSection(report),
    ...dataQualitySection(report),
  ]);
}
