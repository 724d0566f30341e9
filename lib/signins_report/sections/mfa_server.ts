/**
 * Report section "Legacy MFA Server reports, today": what the MFA Server / MSOnline-era reports
 * showed, from the sign-in log: fraud reports, blocked users, bypass- and cache-like successes,
 * and sign-ins by token issuer (the on-premises MFA components).
 *
 * @module
 */
import {
  classifyTokenIssuerType,
  labelTokenIssuerType,
  MFA_SATISFIED,
  type MfaSatisfiedHow,
  TOKEN_ISSUER_TYPES,
  type TokenIssuerType,
} from "../../classify/mod.ts";
import { type Cell, markdownCallout, markdownHeading, markdownTable } from "../../report/mod.ts";
import { memoText } from "../_memo.ts";
import { CountMap } from "../../report/count_map.ts";
import type { SigninsReport, UserWithEvents } from "../report.ts";
import { moreRows, signIns, unknownLabel, when, who } from "./_markdown.ts";
import {
  addMapCounts,
  addMapRecords,
  keysOf,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
} from "./section.ts";
import { byUser, type Event, eventOf, laterThan, type UserAgg, userEvent } from "./user_record.ts";

/** MFA results that let a user through with no second factor checked in this sign-in. */
export const BYPASS_LIKE: readonly MfaSatisfiedHow[] = [
  "skippedLocation",
  "skippedRegisteredDevice",
  "skippedRememberedDevice",
  "skippedAppPassword",
  "skippedWindowsBrokerLogon",
  "satisfiedByClaimInToken",
];

/** Bits of {@linkcode BYPASS_LIKE} that are true skips (not the reused claim). */
export const SKIPPED_MASK: number = BYPASS_LIKE.reduce(
  (m, how, i) => how.startsWith("skipped") ? m | (1 << i) : m,
  0,
);

/** Token issuer types of on-premises MFA components (AD FS, its MFA adapter, the NPS extension). */
export const ON_PREMISES_ISSUERS: readonly TokenIssuerType[] = [
  "adFederationServices",
  "adFederationServicesMfaAdapter",
  "npsExtension",
];

/** The note printed for MFA Server status, which sign-ins cannot replace. */
export const MFA_SERVER_STATUS_NOTE =
  "MFA Server status has no cloud successor: Entra MFA runs no servers of yours, so there is nothing to report on. " +
  "On-premises components that remain (AD FS with its MFA adapter, the NPS extension) show up in the table above, by token issuer type.";

const issuerOf = memoText((s) => classifyTokenIssuerType(s));

/** The section's part of the report. */
export type MfaServerPart = SigninsReport["legacyMfaServer"];

/**
 * Fraud, block, bypass and token-issuer counts (per user: `fraud`, `blocked`, `bypassMask`,
 * `onPremMask` of the user record).
 */
export class MfaServerSection implements ReportSection<MfaServerPart> {
  fraud = 0;
  blocked = 0;
  readonly bypass: Map<MfaSatisfiedHow, number> = new Map();
  readonly issuers: Map<string, { signIns: number; succeeded: number }> = new Map();
  readonly unknownIssuers: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.unknownIssuers = new CountMap(limits.small);
  }

  /** Counts one sign-in. */
  add({ s, f, success, user, account }: SignInInput, n = 1): void {
    this.#addIssuer(s.tokenIssuerType, success, user, n);
    if (account === null) return;
    const m = f.mfa;
    if (m.kind === "satisfied") {
      const b = BYPASS_LIKE.indexOf(m.how);
      if (b >= 0) {
        this.bypass.set(m.how, (this.bypass.get(m.how) ?? 0) + n);
        account.bypassMask |= 1 << b;
      }
    } else if (m.kind === "denied") {
      const at = s.createdAtMs ?? -Infinity;
      if (m.reason === "fraudReported") {
        this.fraud += n;
        account.fraud += n;
        if (laterThan(account.fraudLatest, at)) account.fraudLatest = eventOf(s, m);
      } else if (m.reason === "userBlocked") {
        this.blocked += n;
        account.blocked += n;
        if (laterThan(account.blockedLatest, at)) account.blockedLatest = eventOf(s, m);
      }
    }
  }

  #addIssuer(raw: string | null, success: boolean, u: UserAgg | null, n: number): void {
    if (raw === null) return;
    const c = issuerOf(raw);
    const id = c.kind === "known" ? c.id : "unknown";
    if (c.kind === "unknown") this.unknownIssuers.add(raw, n);
    let agg = this.issuers.get(id);
    if (agg === undefined) this.issuers.set(id, agg = { signIns: 0, succeeded: 0 });
    agg.signIns += n;
    if (success) agg.succeeded += n;
    if (u !== null && c.kind === "known") {
      const bit = ON_PREMISES_ISSUERS.indexOf(c.id);
      if (bit >= 0) u.onPremMask |= 1 << bit;
    }
  }

  /** Adds the state of a section that counted later sign-ins (per-user flags: {@linkcode UsersSection.merge}). */
  merge(o: MfaServerSection): void {
    this.fraud += o.fraud;
    this.blocked += o.blocked;
    addMapCounts(this.bypass, o.bypass);
    addMapRecords(this.issuers, o.issuers);
    this.unknownIssuers.merge(o.unknownIssuers);
  }

  /** The section's part of the report. */
  summary({ users, cap }: SummaryContext): MfaServerPart {
    const withEvents = (
      list: string,
      label: string,
      count: (u: UserAgg) => number,
      latest: (u: UserAgg) => Event | null,
    ): UserWithEvents[] =>
      cap(
        list,
        label,
        users.filter((u) => count(u) > 0 && latest(u) !== null)
          .sort((a, b) => count(b) - count(a) || latest(b)!.atMs - latest(a)!.atMs || byUser(a, b)),
        count,
      )
        .map((u) => ({
          user: u.user,
          displayName: u.displayName,
          count: count(u),
          latest: userEvent(latest(u)!),
        }));
    const bypass: Record<string, { signIns: number; users: number }> = {};
    BYPASS_LIKE.forEach((how, i) => {
      bypass[how] = {
        signIns: this.bypass.get(how) ?? 0,
        users: users.filter((u) => (u.bypassMask & (1 << i)) !== 0).length,
      };
    });
    const onPremises = {} as MfaServerPart["onPremises"];
    for (const id of [...keysOf(TOKEN_ISSUER_TYPES), "unknown" as const]) {
      const a = this.issuers.get(id) ?? { signIns: 0, succeeded: 0 };
      const bit = id === "unknown" ? -1 : ON_PREMISES_ISSUERS.indexOf(id);
      onPremises[id] = {
        ...a,
        users: bit < 0 ? 0 : users.filter((u) => (u.onPremMask & (1 << bit)) !== 0).length,
      };
    }
    return {
      fraud: {
        signIns: this.fraud,
        users: withEvents(
          "legacyMfaServer.fraud.users",
          "Users who reported fraud",
          (u) => u.fraud,
          (u) => u.fraudLatest,
        ),
      },
      blocked: {
        signIns: this.blocked,
        users: withEvents(
          "legacyMfaServer.blocked.users",
          "Blocked users",
          (u) => u.blocked,
          (u) => u.blockedLatest,
        ),
      },
      bypass,
      onPremises,
      unknownTokenIssuerTypes: this.unknownIssuers.toRecord(),
    };
  }
}

/** The section in Markdown. */
export function mfaServerMarkdown(r: SigninsReport): string[] {
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
