/**
 * The Markdown `registration-report`: coverage, admins without MFA or without a
 * phishing-resistant method (named), SMS/voice-only users, method popularity (table and Mermaid
 * pie), default methods, system-preferred MFA, data freshness, exclusions.
 *
 * @module
 */
import { type AuthMethodId, labelAuthMethod } from "../classify/mod.ts";
import {
  escapeMarkdown,
  formatNumber,
  formatPercent,
  markdownCallout,
  markdownHeading,
  markdownList,
  markdownTable,
  mermaidPie,
  reportMarkdown,
  type ReportParts,
} from "../report/mod.ts";
import { formatReportTime } from "../time/date_time.ts";
import type { CoverageCounts, RegistrationSummary, UserTypeGroup } from "./aggregate.ts";
import { REGISTRATION_SOURCES } from "./record.ts";
import { OUT_OF_SCOPE_REASONS, type OutOfScopeReason } from "./scope.ts";
import { REGISTRATION_SEMANTICS } from "./semantics.ts";
import { registrationSummary } from "./summary.ts";

/** Options of {@linkcode renderRegistrationMarkdown}. */
export interface RegistrationMarkdownOptions {
  /** Report time. */
  generatedAt: Date;
  /** Users listed in long lists (SMS/voice-only) before "… and N more". Admins are always all listed. */
  listLimit?: number;
}

function p(text: string): string {
  return escapeMarkdown(text) + "\n";
}

function upnList(upns: readonly string[], limit: number, none: string): string {
  if (upns.length === 0) return `_${escapeMarkdown(none)}_\n`;
  const shown = upns.slice(0, limit);
  const more = upns.length - shown.length;
  return markdownList(shown) +
    (more > 0 ? p(`… and ${formatNumber(more)} more (the JSON output lists them all).`) : "");
}

function methodLabel(id: string): string {
  if (id === "notReported") return "Not reported by this source";
  return labelAuthMethod(id as AuthMethodId | "none" | "unknown");
}

const GROUP_LABEL: Record<UserTypeGroup, string> = {
  member: "Members",
  guest: "Guests",
  unknown: "Unknown type",
};

/**
 * Renders the report.
 *
 * @example
 * ```ts
 * import { renderRegistrationMarkdown } from "./report_markdown.ts";
 * import { createRegistrationTally } from "./aggregate.ts";
 * import { DEFAULT_SCOPE } from "./scope.ts";
 * import assert from "node:assert/strict";
 * const s = createRegistrationTally({ semantics: "modern", source: "registration-report", scope: DEFAULT_SCOPE }).summary();
 * const md = renderRegistrationMarkdown(s, { generatedAt: new Date("2026-11-20T12:00:00Z") });
 * assert.match(md, /^# MFA registration report\n/);
 * assert.match(md, /## Admins without MFA/);
 * ```
 */
export function renderRegistrationMarkdown(
  s: RegistrationSummary,
  options: RegistrationMarkdownOptions,
): string {
  return reportMarkdown(registrationMarkdownParts(s, options));
}

/** The report's Markdown in parts, for the Markdown and the HTML renderers. */
export function registrationMarkdownParts(
  s: RegistrationSummary,
  options: RegistrationMarkdownOptions,
): ReportParts {
  const blocks = registrationBlocks(s, options);
  return { head: blocks.slice(0, 2), summary: registrationSummary(s), body: blocks.slice(2) };
}

function registrationBlocks(s: RegistrationSummary, options: RegistrationMarkdownOptions): string[] {
  const limit = options.listLimit ?? 50;
  const t = s.totals;
  const n = t.inScope;
  const blocks: string[] = [markdownHeading(1, "MFA registration report")];

  const scope: string[] = [];
  scope.push(s.scope.includeDisabled ? "disabled accounts included" : "enabled accounts only");
  if (s.scope.userType !== "all") scope.push(`${s.scope.userType}s only`);
  if (s.scope.adminsOnly) scope.push("admins only");
  if (s.scope.excludeFile !== null) scope.push(`exclusions from ${s.scope.excludeFile}`);
  blocks.push(
    p(
      `Generated ${formatReportTime(options.generatedAt)} from ${REGISTRATION_SOURCES[s.source].label}. ` +
        `"Registered" means ${REGISTRATION_SEMANTICS[s.semantics].label}. Scope: ${scope.join(", ")}; ` +
        `${formatNumber(n)} of ${formatNumber(t.seen)} users in scope.`,
    ),
  );
  const notes: string[] = [];
  if (s.enabledUnknown > 0) {
    notes.push(
      `${
        formatNumber(s.enabledUnknown)
      } in-scope user(s) have no known enabled/disabled state (the source does ` +
        "not say), so disabled accounts may be counted.",
    );
  }
  if (s.flagsDerived > 0) {
    notes.push(
      `${formatNumber(s.flagsDerived)} user(s) come without Graph's isMfaCapable / isPasswordlessCapable: ` +
        "those flags are derived from the registered methods, without the tenant's authentication-methods policy.",
    );
  }
  if (notes.length) blocks.push(markdownCallout("note", notes));
  blocks.push(
    ...coverageBlocks(s),
    ...adminBlocks(s),
    ...phoneOnlyBlocks(s, limit),
    ...methodBlocks(s),
    ...defaultMethodBlocks(s),
    ...systemPreferredBlocks(s),
    ...freshnessBlocks(s),
    ...exclusionBlocks(s),
  );
  return blocks;
}

function coverageBlocks(s: RegistrationSummary): string[] {
  const t = s.totals;
  const n = t.inScope;
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Coverage"));
  const row = (label: string, c: CoverageCounts) => [
    label,
    c.users,
    c.mfaRegistered,
    formatPercent(c.mfaRegistered, c.users),
    c.mfaCapable,
    formatPercent(c.mfaCapable, c.users),
    c.passwordlessCapable,
    formatPercent(c.passwordlessCapable, c.users),
    c.phishingResistant,
    formatPercent(c.phishingResistant, c.users),
  ];
  const rows = [row("All in scope", { users: n, ...t })];
  for (const g of ["member", "guest", "unknown"] as const) {
    if (g !== "unknown" || s.byUserType.unknown.users > 0) rows.push(row(GROUP_LABEL[g], s.byUserType[g]));
  }
  blocks.push(
    markdownTable(
      [
        "Users",
        "In scope",
        "MFA registered",
        "%",
        "MFA-capable",
        "%",
        "Passwordless-capable",
        "%",
        "Phishing-resistant",
        "%",
      ],
      rows,
      { align: ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right"] },
    ),
  );
  const other = s.semantics === "modern"
    ? `Under MSOnline's rules (StrongAuthenticationMethods: phone and Authenticator app only) ${
      formatNumber(t.msonlineRegistered)
    } (${formatPercent(t.msonlineRegistered, n)}) would count as registered.`
    : "Counted with MSOnline's rules (StrongAuthenticationMethods): FIDO2, passkeys, Windows Hello and hardware " +
      "tokens do not count as registered here.";
  blocks.push(p(other));
  return blocks;
}

function adminBlocks(s: RegistrationSummary): string[] {
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Admins without MFA"));
  if (!s.admins.known) {
    blocks.push(
      p("Not available: this source does not say who holds an admin role (the Graph registration report does)."),
    );
  } else {
    blocks.push(
      p(`${formatNumber(s.admins.withoutMfa.length)} of ${formatNumber(s.admins.total)} in-scope admins.`),
      upnList(s.admins.withoutMfa, Infinity, "Every in-scope admin is registered for MFA."),
      markdownHeading(2, "Admins without a phishing-resistant method"),
      p(
        `${formatNumber(s.admins.withoutPhishingResistant.length)} of ${
          formatNumber(s.admins.total)
        } in-scope admins have no FIDO2 key, passkey, Windows Hello for Business, platform credential or certificate.`,
      ),
      upnList(
        s.admins.withoutPhishingResistant,
        Infinity,
        "Every in-scope admin has a phishing-resistant method.",
      ),
    );
  }
  return blocks;
}

function phoneOnlyBlocks(s: RegistrationSummary, limit: number): string[] {
  const n = s.totals.inScope;
  const blocks: string[] = [];
  blocks.push(
    markdownHeading(2, "Users whose only MFA method is SMS or voice"),
    p(`${formatNumber(s.phoneOnlyUsers.length)} (${
      formatPercent(s.phoneOnlyUsers.length, n)
    } of in-scope users).`),
    upnList(s.phoneOnlyUsers, limit, "None."),
  );
  return blocks;
}

function methodBlocks(s: RegistrationSummary): string[] {
  const n = s.totals.inScope;
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Method popularity"));
  const methodRows = (Object.entries(s.methods) as [string, number][]).map(([id, c]) => [
    methodLabel(id),
    id,
    c,
    formatPercent(c, n),
  ]);
  blocks.push(
    markdownTable(["Method", "Id", "Users", "% of in scope"], methodRows, {
      empty: "_No methods registered._",
    }),
  );
  const unknownRows = Object.entries(s.unknownMethods);
  if (unknownRows.length > 0) {
    blocks.push(
      p("Values this toolkit does not know yet (counted as nothing):"),
      markdownTable(["Value", "Users"], unknownRows),
    );
  }
  if (methodRows.length > 0) {
    blocks.push(
      mermaidPie("Registered methods (users)", methodRows.map((r) => [r[0] as string, r[2] as number])),
    );
  }
  return blocks;
}

function defaultMethodBlocks(s: RegistrationSummary): string[] {
  const n = s.totals.inScope;
  const blocks: string[] = [];
  blocks.push(
    markdownHeading(2, "Default MFA method"),
    markdownTable(
      ["Default method", "Users", "%"],
      Object.entries(s.defaultMethods).map(([id, c]) => [methodLabel(id), c, formatPercent(c, n)]),
    ),
  );
  return blocks;
}

function systemPreferredBlocks(s: RegistrationSummary): string[] {
  const n = s.totals.inScope;
  const blocks: string[] = [];
  blocks.push(
    markdownHeading(2, "System-preferred MFA"),
    markdownTable(["System-preferred MFA", "Users", "%"], [
      ["On", s.systemPreferred.enabled, formatPercent(s.systemPreferred.enabled, n)],
      ["Off", s.systemPreferred.disabled, formatPercent(s.systemPreferred.disabled, n)],
      ["Not reported", s.systemPreferred.unknown, formatPercent(s.systemPreferred.unknown, n)],
    ]),
  );
  return blocks;
}

function freshnessBlocks(s: RegistrationSummary): string[] {
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Data freshness"));
  if (s.freshness.oldest === null) {
    blocks.push(
      p("The source gives no lastUpdatedDateTime: the data is as of when it was read or exported."),
    );
  } else {
    blocks.push(
      markdownTable(["", "lastUpdatedDateTime"], [
        ["Oldest row", s.freshness.oldest],
        ["Newest row", s.freshness.newest],
        ["Rows without a time", s.freshness.missing],
      ]),
      p(
        "lastUpdatedDateTime is when Entra last refreshed a user's row, not when they registered; changes can " +
          "take hours to show.",
      ),
    );
  }
  return blocks;
}

function exclusionBlocks(s: RegistrationSummary): string[] {
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Exclusions"));
  const reasons = Object.entries(s.exclusions.byReason) as [OutOfScopeReason, number][];
  blocks.push(
    markdownTable(
      ["Left out because", "Users"],
      reasons.map(([r, c]) => [OUT_OF_SCOPE_REASONS[r], c]),
      { empty: "_Nobody was left out._" },
    ),
  );
  if (s.exclusions.excluded.length > 0) {
    blocks.push(
      p(`Accounts listed in ${s.scope.excludeFile ?? "the exclusion list"}:`),
      markdownTable(
        ["User", "Listed as", "Line", "Why"],
        s.exclusions.excluded.map((
          e,
        ) => [e.userPrincipalName, e.value, e.line, e.reason || "(no reason given)"]),
      ),
    );
  }
  if (s.exclusions.unmatched.length > 0) {
    blocks.push(markdownCallout("warning", [
      `${s.exclusions.unmatched.length} exclusion entr${
        s.exclusions.unmatched.length === 1 ? "y matches" : "ies match"
      } no user: ${s.exclusions.unmatched.map((e) => `line ${e.line} (${e.preview})`).join(", ")}.`,
    ]));
  }
  return blocks;
}
