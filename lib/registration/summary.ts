/**
 * The "answers first" block of the registration report: coverage, admins without MFA or a
 * phishing-resistant method, SMS/voice-only users, the most registered method; then the
 * biggest risks, each linking to its section. Pure. Every figure's metric id is a path into
 * the JSON output (`admins.withoutMfa.length` is the length of that list).
 *
 * @module
 */
import { type AuthMethodId, labelAuthMethod } from "../classify/mod.ts";
import { fig, formatPercent, lineTo, type ReportSummary, type SummaryLine } from "../report/mod.ts";
import type { RegistrationSummary } from "./aggregate.ts";

/**
 * The block for a registration summary.
 *
 * @example
 * ```ts
 * import { registrationSummary } from "./summary.ts";
 * import { createRegistrationTally } from "./aggregate.ts";
 * import { DEFAULT_SCOPE } from "./scope.ts";
 * import assert from "node:assert/strict";
 * const s = createRegistrationTally({ semantics: "modern", source: "registration-report", scope: DEFAULT_SCOPE }).summary();
 * const b = registrationSummary(s);
 * assert.deepEqual(b.answers, []);
 * assert.match(b.caveats[0]!, /No users in scope/);
 * ```
 */
export function registrationSummary(s: RegistrationSummary): ReportSummary {
  const t = s.totals;
  const a = s.admins;
  const top = (Object.entries(s.methods) as [AuthMethodId, number][]).sort((x, y) => y[1] - x[1])[0];
  const answers: SummaryLine[] = [
    lineTo("Coverage", "1. How many users are registered for MFA?", [
      fig("totals.mfaRegistered", t.mfaRegistered),
      " of ",
      fig("totals.inScope", t.inScope),
      ` in-scope users (${formatPercent(t.mfaRegistered, t.inScope)}); `,
      fig("totals.phishingResistant", t.phishingResistant),
      " have a phishing-resistant method.",
    ]),
    lineTo(
      "Admins without MFA",
      "2. Which admins have no MFA?",
      a.known
        ? [
          fig("admins.withoutMfa.length", a.withoutMfa.length),
          " of ",
          fig("admins.total", a.total),
          " in-scope admins.",
        ]
        : ["not known: this source does not say who holds an admin role."],
    ),
    lineTo(
      a.known ? "Admins without a phishing-resistant method" : "Admins without MFA",
      "3. Which admins have no phishing-resistant method?",
      a.known
        ? [
          fig("admins.withoutPhishingResistant.length", a.withoutPhishingResistant.length),
          " of ",
          fig("admins.total", a.total),
          " in-scope admins.",
        ]
        : ["not known: this source does not say who holds an admin role."],
    ),
    lineTo("Users whose only MFA method is SMS or voice", "4. Who relies on SMS or voice only?", [
      fig("phoneOnlyUsers.length", s.phoneOnlyUsers.length),
      " users.",
    ]),
    lineTo(
      "Method popularity",
      "5. Which method is registered most?",
      top === undefined
        ? ["none: no methods registered."]
        : [`${labelAuthMethod(top[0])}, by `, fig(`methods.${top[0]}`, top[1]), " users."],
    ),
  ];
  const risks: SummaryLine[] = [];
  if (a.known && a.withoutMfa.length > 0) {
    risks.push(lineTo("Admins without MFA", "Admins without MFA", [
      fig("admins.withoutMfa.length", a.withoutMfa.length),
      ` admin${a.withoutMfa.length === 1 ? "" : "s"} could sign in with a password alone, first: ${
        a.withoutMfa[0]
      }.`,
    ]));
  }
  const unregistered = t.inScope - t.mfaRegistered;
  if (unregistered > 0) {
    risks.push(lineTo("Coverage", "Users not registered", [
      fig("unregistered", unregistered),
      ` in-scope users (${formatPercent(unregistered, t.inScope)}) have no MFA method registered.`,
    ]));
  }
  if (a.known && a.withoutPhishingResistant.length > 0) {
    risks.push(lineTo("Admins without a phishing-resistant method", "Admins without phishing-resistant MFA", [
      fig("admins.withoutPhishingResistant.length", a.withoutPhishingResistant.length),
      " admins can be phished (no FIDO2 key, passkey, Windows Hello or certificate).",
    ]));
  }
  if (s.phoneOnlyUsers.length > 0) {
    risks.push(
      lineTo("Users whose only MFA method is SMS or voice", "SMS or voice only", [
        fig("phoneOnlyUsers.length", s.phoneOnlyUsers.length),
        " users have only the weakest methods.",
      ]),
    );
  }
  return {
    caveats: t.inScope === 0 ? ["No users in scope: there is nothing to report."] : [],
    answers: t.inScope === 0 ? [] : answers,
    risks: risks.slice(0, 3),
  };
}
