/**
 * Report section "Legacy authentication": sign-ins by legacy-authentication clients (no MFA
 * possible), by client app, application and user; client apps not recognised.
 *
 * @module
 */
import { classifyClientApp, labelClientApp } from "../../classify/mod.ts";
import { type Cell, formatNumber, markdownHeading, markdownTable } from "../../report/mod.ts";
import { memoText } from "../_memo.ts";
import { CountMap } from "../../report/count_map.ts";
import type { SigninsReport } from "../report.ts";
import { moreRows, rawList, who } from "./_markdown.ts";
import {
  addMapRecords,
  named,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
} from "./section.ts";
import { byUser } from "./user_record.ts";

const clientAppOf = memoText((s) => classifyClientApp(s));
const UNKNOWN_APP = "(unknown app)";

/** The section's part of the report. */
export type LegacyAuthPart = SigninsReport["legacyAuth"];

/** Legacy-authentication counts (per user: `legacy`, `legacySucceeded` of the user record). */
export class LegacyAuthSection implements ReportSection<LegacyAuthPart> {
  signIns = 0;
  succeeded = 0;
  readonly clients: Map<string, { signIns: number; succeeded: number }> = new Map();
  readonly apps: CountMap;
  readonly unknownClientApps: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.apps = new CountMap(limits.maxKeys);
    this.unknownClientApps = new CountMap(limits.small);
  }

  /** Counts one sign-in. */
  add({ s, f, success, user: u }: SignInInput, n = 1): void {
    if (f.legacy === undefined) {
      if (s.clientAppUsed !== null) this.unknownClientApps.add(s.clientAppUsed, n);
      return;
    }
    if (!f.legacy) return;
    this.signIns += n;
    if (success) this.succeeded += n;
    const c = clientAppOf(s.clientAppUsed);
    const key = c.kind === "known" ? labelClientApp(c.id) : s.clientAppUsed ?? "(unknown)";
    let agg = this.clients.get(key);
    if (agg === undefined) this.clients.set(key, agg = { signIns: 0, succeeded: 0 });
    agg.signIns += n;
    if (success) agg.succeeded += n;
    this.apps.add(s.appDisplayName ?? s.appId ?? UNKNOWN_APP, n);
    if (u !== null) {
      u.legacy += n;
      if (success) u.legacySucceeded += n;
    }
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: LegacyAuthSection): void {
    this.signIns += o.signIns;
    this.succeeded += o.succeeded;
    addMapRecords(this.clients, o.clients);
    this.apps.merge(o.apps);
    this.unknownClientApps.merge(o.unknownClientApps);
  }

  /** The section's part of the report. */
  summary(ctx: SummaryContext): LegacyAuthPart {
    const users = ctx.users;
    const legacyUsers = users.filter((u) => u.legacy > 0);
    return {
      signIns: this.signIns,
      succeeded: this.succeeded,
      byClientApp: [...this.clients].map(([clientApp, v]) => ({ clientApp, ...v }))
        .sort((a, b) => b.signIns - a.signIns || (a.clientApp < b.clientApp ? -1 : 1)),
      topApps: named(this.apps, ctx, "legacyAuth.topApps", "Applications of legacy-authentication sign-ins"),
      topUsers: ctx.cap(
        "legacyAuth.topUsers",
        "Users of legacy authentication",
        legacyUsers.sort((a, b) => b.legacy - a.legacy || byUser(a, b)),
        (u) => u.legacy,
      )
        .map((u) => ({
          user: u.user,
          displayName: u.displayName,
          signIns: u.legacy,
          succeeded: u.legacySucceeded,
        })),
      users: legacyUsers.length,
      unknownClientApps: this.unknownClientApps.toRecord(),
    };
  }
}

/** The section in Markdown. */
export function legacyMarkdown(r: SigninsReport): string[] {
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
