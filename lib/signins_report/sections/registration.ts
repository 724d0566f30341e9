/**
 * Report section "Registration and sign-ins" (`--with-registration`): joins the users seen in
 * the sign-ins with registration records and gives each a verdict (ok, or the shortfall
 * reasons). It has no counters of its own: it reads the user records at summary time.
 *
 * @module
 */
import { type Cell, formatNumber, markdownHeading, markdownTable } from "../../report/mod.ts";
import {
  decideVerdict,
  type RegistrationFacts,
  VERDICT_REASONS,
  type VerdictReason,
} from "../registration_verdict.ts";
import type { RegistrationJoin, SigninsReport, UserVerdict } from "../report.ts";
import { moreRows, who } from "./_markdown.ts";
import { SKIPPED_MASK } from "./mfa_server.ts";
import type { SummaryContext } from "./section.ts";
import type { UserAgg } from "./user_record.ts";

/** Registration data for the verdict: records and where they came from. */
export interface RegistrationInput {
  /** File name or source label. */
  source: string;
  /** The records. */
  records: Iterable<RegistrationFacts>;
}

/**
 * Joins `users` with the registration records and decides each user's verdict; lists at most
 * `verdictLimit` shortfalls (the rest counted as unlisted).
 */
export function joinRegistration(
  input: RegistrationInput,
  users: readonly UserAgg[],
  verdictLimit: number,
): RegistrationJoin {
  const byUpn = new Map<string, RegistrationFacts>();
  const byId = new Map<string, RegistrationFacts>();
  let records = 0;
  for (const r of input.records) {
    records++;
    byUpn.set(r.userPrincipalName.toLowerCase(), r);
    if (r.id !== "") byId.set(r.id.toLowerCase(), r);
  }
  const seen = new Set<RegistrationFacts>();
  const reasons: Record<string, number> = {};
  const shortfall: UserVerdict[] = [];
  let ok = 0, matched = 0;
  for (const u of users) {
    const key = u.user.toLowerCase();
    const rec = byUpn.get(key) ?? byId.get(key);
    if (rec !== undefined) {
      matched++;
      seen.add(rec);
    }
    const v = decideVerdict(rec, {
      mfaRequired: u.required,
      mfaPerformed: u.performed,
      bypassed: (u.bypassMask & SKIPPED_MASK) !== 0,
      phishingResistantUsed: u.phishingResistant,
      legacySucceeded: u.legacySucceeded > 0,
    });
    if (v.reasons.length === 0) {
      ok++;
      continue;
    }
    for (const r of v.reasons) reasons[r] = (reasons[r] ?? 0) + 1;
    shortfall.push({
      user: u.user,
      displayName: u.displayName,
      registered: v.registered,
      mfaRequired: u.required,
      mfaPerformed: u.performed,
      strength: v.strength,
      phishingResistantRegistered: v.phishingResistantRegistered,
      verdict: "shortfall",
      reasons: v.reasons,
    });
  }
  shortfall.sort((a, b) =>
    b.reasons.length - a.reasons.length || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0)
  );
  let registeredWithoutSignIns = 0;
  for (const r of byUpn.values()) if (!seen.has(r)) registeredWithoutSignIns++;
  return {
    source: input.source,
    records,
    matched,
    unmatched: users.length - matched,
    registeredWithoutSignIns,
    verdicts: { ok, shortfall: shortfall.length },
    reasons,
    users: shortfall.slice(0, verdictLimit),
    unlisted: Math.max(0, shortfall.length - verdictLimit),
  };
}

/** The section's part of the report; a shortfall list cut at `verdictLimit` is recorded as capped. */
export function registrationPart(
  input: RegistrationInput,
  verdictLimit: number,
  ctx: SummaryContext,
): RegistrationJoin {
  const join = joinRegistration(input, ctx.users, verdictLimit);
  if (join.unlisted > 0) {
    ctx.capped({
      list: "registration.users",
      label: "Users who fall short of the registration verdict",
      shown: join.users.length,
      more: join.unlisted,
      moreCount: null,
      pooledAs: null,
    });
  }
  return join;
}

/** The section in Markdown. */
export function registrationMarkdown(r: SigninsReport): string[] {
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
