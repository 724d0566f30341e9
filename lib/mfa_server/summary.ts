/**
 * The "answers first" block of the MFA Server activity report: outcomes, who was denied most,
 * fraud and blocks, bypasses; then the biggest risks, each linking to its section. Pure.
 * Every figure's metric id is a path into the JSON output.
 *
 * @module
 */
import { fig, formatPercent, lineTo, type ReportSummary, type SummaryLine } from "../report/mod.ts";
import type { MfaServerSummary } from "./aggregate.ts";

/**
 * The block for an MFA Server summary.
 *
 * @example
 * ```ts
 * import { mfaServerSummary } from "./summary.ts";
 * import { createMfaServerTally } from "./aggregate.ts";
 * import assert from "node:assert/strict";
 * const b = mfaServerSummary(createMfaServerTally({ top: 10 }).summary());
 * assert.match(b.caveats[0]!, /No rows/);
 * ```
 */
export function mfaServerSummary(s: MfaServerSummary): ReportSummary {
  const t = s.totals;
  const e = s.events;
  const worst = s.users.topDenied[0];
  const answers: SummaryLine[] = [
    lineTo("Summary", "1. How did MFA Server requests end?", [
      fig("totals.rows", t.rows),
      " rows: ",
      fig("totals.allowed", t.allowed),
      ` allowed (${formatPercent(t.allowed, t.rows)}), `,
      fig("totals.denied", t.denied),
      ` denied (${formatPercent(t.denied, t.rows)}), `,
      fig("totals.pending", t.pending),
      " with no known ending.",
    ]),
    lineTo(
      "Users with the most denials",
      "2. Who was denied most?",
      worst === undefined
        ? ["nobody (or the export has no user column)."]
        : [`${worst.user}, `, fig("users.topDenied.0.count", worst.count), " denials."],
    ),
    lineTo("Fraud reports and blocked users", "3. Fraud reports and blocked users", [
      fig("fraud.count", e.fraud.count),
      " fraud reports; ",
      fig("blocked.count", e.blocked.count),
      " rows of blocked users.",
    ]),
    lineTo("One-time bypasses used", "4. One-time bypasses used", [
      fig("bypass.count", e.bypass.count),
      ` row${e.bypass.count === 1 ? "" : "s"} passed by a one-time bypass.`,
    ]),
  ];
  const risks: SummaryLine[] = [];
  if (e.fraud.count > 0) {
    risks.push(lineTo("Fraud reports and blocked users", "Fraud reported", [
      fig("fraud.count", e.fraud.count),
      " prompts were reported as fraud: someone else may know those passwords.",
    ]));
  }
  if (e.bypass.count > 0) {
    risks.push(lineTo("One-time bypasses used", "MFA bypassed", [
      fig("bypass.count", e.bypass.count),
      ` sign-in${e.bypass.count === 1 ? "" : "s"} skipped MFA through a one-time bypass.`,
    ]));
  }
  if (worst !== undefined && worst.count > 0) {
    risks.push(
      lineTo("Users with the most denials", "User denied most", [
        `${worst.user} was denied `,
        fig("users.topDenied.0.count", worst.count),
        " times.",
      ]),
    );
  }
  return {
    caveats: t.rows === 0 ? ["No rows in the input: there is nothing to report."] : [],
    answers: t.rows === 0 ? [] : answers,
    risks: risks.slice(0, 3),
  };
}
