/**
 * Report sections 4, "How many users were challenged?", and 5, "How many users could not
 * complete the challenge?": the per-user records every section writes to, and what they add
 * up to.
 *
 * @module
 */
import { type Cell, formatNumber, markdownHeading, markdownTable } from "../../report/mod.ts";
import type { SignIn } from "../../signins/mod.ts";
import type { FailedUser, SigninsReport } from "../report.ts";
import { moreRows, pct, when, who } from "./_markdown.ts";
import type { ReportSection, SignInInput, SummaryContext } from "./section.ts";
import { byUser, mergeUserAgg, newUserAgg, type UserAgg, userEvent } from "./user_record.ts";

const ANONYMOUS = "\u0000anonymous";

/** The section's part of the report. */
export type UsersPart = SigninsReport["users"];

/** The user records and user sign-in counts. */
export class UsersSection implements ReportSection<UsersPart> {
  /** Records by user key. */
  readonly records: Map<string, UserAgg> = new Map();
  userSignIns = 0;
  userSignInsWithoutUser = 0;

  /**
   * The records by the number of the user key's text (`SignInFacts.userKeyId`): one array read
   * instead of a lookup in `records` (a cache, not state; texts written differently have their
   * own numbers and the same record).
   */
  readonly #byKeyId: (UserAgg | undefined)[] = [];

  /**
   * The record of the user of `s` under `key` (created on first sight).
   *
   * @param s the sign-in
   * @param key the user key
   * @param keyId the number of the key's text (`SignInFacts.userKeyId`), -1 when it has none
   */
  record(s: SignIn, key: string, keyId = -1): UserAgg {
    let u = keyId >= 0 ? this.#byKeyId[keyId] : undefined;
    if (u === undefined) {
      u = this.records.get(key);
      if (u === undefined) {
        u = newUserAgg(s, key);
        this.records.set(key, u);
        if (keyId >= 0) this.#remember(keyId, u);
        return u;
      }
      if (keyId >= 0) this.#remember(keyId, u);
    }
    if (u.displayName === null && s.userDisplayName !== null) u.displayName = s.userDisplayName;
    return u;
  }

  #remember(keyId: number, u: UserAgg): void {
    const byKeyId = this.#byKeyId;
    while (byKeyId.length < keyId) byKeyId.push(undefined);
    byKeyId[keyId] = u;
  }

  /** A per-user record for a user sign-in that names no user; never listed or counted as a user. */
  anonymous(s: SignIn): UserAgg {
    const u = this.record(s, ANONYMOUS);
    this.records.delete(ANONYMOUS);
    return u;
  }

  /** Counts one user sign-in. */
  add({ user, account }: SignInInput, n = 1): void {
    if (account === null) return;
    if (user === null) this.userSignInsWithoutUser += n;
    this.userSignIns += n;
    account.signIns += n;
  }

  /**
   * Adds the state of a section that counted later sign-ins: the user records of both, a user in
   * both merged (counters summed, flags joined, the later of the latest events).
   */
  merge(o: UsersSection): void {
    this.userSignIns += o.userSignIns;
    this.userSignInsWithoutUser += o.userSignInsWithoutUser;
    for (const [key, u] of o.records) {
      const mine = this.records.get(key);
      if (mine === undefined) this.records.set(key, u);
      else mergeUserAgg(mine, u);
    }
  }

  /** The section's part of the report. */
  summary({ users, cap }: SummaryContext): UsersPart {
    const failed = users.filter((u) => u.denied > 0 && u.latestFailure !== null)
      .sort((a, b) => b.denied - a.denied || b.latestFailure!.atMs - a.latestFailure!.atMs || byUser(a, b));
    const topFailed: FailedUser[] = cap("users.topFailed", "Users with denied MFA", failed, (u) => u.denied)
      .map((u) => ({
        user: u.user,
        displayName: u.displayName,
        failures: u.denied,
        successes: u.satisfied,
        latestFailure: userEvent(u.latestFailure!),
      }));
    return {
      total: users.length,
      challenged: users.filter((u) => u.challenged).length,
      completedMfa: users.filter((u) => u.passedChallenge).length,
      failedMfa: failed.length,
      abandonedOnly: users.filter((u) => u.abandoned > 0 && u.denied === 0).length,
      topFailed,
    };
  }
}

/** The section in Markdown. */
export function usersMarkdown(r: SigninsReport): string[] {
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
      ["… of whom passed a challenge at least once", u.completedMfa, pct(u.completedMfa, u.total)],
      ["… of whom were denied MFA at least once", u.failedMfa, pct(u.failedMfa, u.total)],
      [
        "Left prompts unanswered, never denied (not all of them challenged)",
        u.abandonedOnly,
        pct(u.abandonedOnly, u.total),
      ],
    ]),
    "The rows overlap and are not meant to add up: a user can pass one challenge and be denied in another, " +
    "so passed plus denied can exceed the challenged. Every denied user is among the challenged. A user who " +
    "only left prompts unanswered counts as challenged only when the unanswered prompt was in an interactive " +
    "sign-in; an unanswered non-interactive prompt is not a challenge, so that row may also exceed what is " +
    "left of the challenged.\n",
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
