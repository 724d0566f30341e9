/**
 * The "answers first" block of the sign-in report: one line per question (1–6, as numbered in
 * the report), then the three most serious risks the data shows, each linking to its section.
 * Pure: report in, {@linkcode ReportSummary} out; rendered by the Markdown and HTML renderers.
 *
 * @module
 */
import { MFA_DENIED, MFA_SATISFIED, type MfaDeniedReason, type MfaSatisfiedHow } from "../classify/mod.ts";
import {
  fig,
  formatPercent,
  headingSlug,
  lineTo,
  type ReportSummary,
  type SummaryLine,
} from "../report/mod.ts";
import type { SigninsReport } from "./report.ts";

/** The report's question headings, as the sections write them. */
export const SIGNINS_QUESTIONS = {
  required: "1. Was MFA required?",
  completed: "2. How did users complete MFA?",
  failed: "3. Why couldn't users complete MFA?",
  challenged: "4. How many users were challenged?",
  couldNot: "5. How many users could not complete the challenge?",
  problems: "6. Common MFA problems",
} as const;

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

function top<K extends string>(r: Record<K, number>): [K, number] | null {
  let best: [K, number] | null = null;
  for (const [k, v] of Object.entries(r) as [K, number][]) {
    if (v > 0 && (best === null || v > best[1])) best = [k, v];
  }
  return best;
}

/** "no sign-ins in …" when the window holds no sign-in; null otherwise. */
export function emptyWindowCaveat(r: SigninsReport): string | null {
  if (r.totals.signIns > 0) return null;
  const w = r.window;
  const window = w.from !== null && w.to !== null ? `${w.from} to ${w.to}` : "the input";
  return `No sign-ins in ${window}: there is nothing to count, so this report has no charts, ` +
    "its tables are empty and no figure below says anything about MFA in the tenant.";
}

function answers(r: SigninsReport): SummaryLine[] {
  const m = r.mfa;
  const q = (k: keyof typeof SIGNINS_QUESTIONS) => ({
    label: SIGNINS_QUESTIONS[k],
    anchor: headingSlug(SIGNINS_QUESTIONS[k]),
  });
  const userSignIns = m.required + m.notRequired + m.requirementUnknown;
  const satisfied = sum(m.satisfied);
  const denied = sum(m.denied);
  const how = top(m.satisfied as Record<MfaSatisfiedHow, number>);
  const reason = top(m.denied as Record<MfaDeniedReason, number>);
  const u = r.users;
  const worst = u.topFailed[0];
  const problems: [string, number, string][] = [];
  if (reason !== null) problems.push([MFA_DENIED[reason[0]].label, reason[1], `mfa.denied.${reason[0]}`]);
  if (m.abandoned > 0) problems.push(["MFA prompt left unanswered", m.abandoned, "mfa.abandoned"]);
  problems.sort((a, b) => b[1] - a[1]);
  return [
    {
      ...q("required"),
      parts: [
        "yes in ",
        fig("mfa.required", m.required),
        " of ",
        fig("totals.userSignIns", userSignIns),
        ` user sign-ins (${formatPercent(m.required, userSignIns)}); `,
        fig("mfa.notRequired", m.notRequired),
        " were single-factor.",
      ],
    },
    {
      ...q("completed"),
      parts: [
        "the requirement was met in ",
        fig("mfa.satisfied", satisfied),
        " sign-ins",
        ...(how === null ? ["."] : [
          `, most often "${MFA_SATISFIED[how[0]].label}" (`,
          fig(`mfa.satisfied.${how[0]}`, how[1]),
          ").",
        ]),
      ],
    },
    {
      ...q("failed"),
      parts: [
        "MFA was denied in ",
        fig("mfa.denied", denied),
        " sign-ins",
        ...(reason === null ? [] : [
          `, most often "${MFA_DENIED[reason[0]].label}" (`,
          fig(`mfa.denied.${reason[0]}`, reason[1]),
          ")",
        ]),
        "; ",
        fig("mfa.abandoned", m.abandoned),
        " prompts were left unanswered.",
      ],
    },
    {
      ...q("challenged"),
      parts: [
        fig("users.challenged", u.challenged),
        " of ",
        fig("users.total", u.total),
        ` users (${formatPercent(u.challenged, u.total)}) were asked for a second factor; `,
        fig("users.completedMfa", u.completedMfa),
        " passed at least once.",
      ],
    },
    {
      ...q("couldNot"),
      parts: [
        fig("users.failedMfa", u.failedMfa),
        " users were denied MFA at least once",
        ...(worst === undefined
          ? ["."]
          : [`; the most: ${userName(worst)} (`, fig("users.topFailed.0.failures", worst.failures), ")."]),
      ],
    },
    {
      ...q("problems"),
      parts: problems.length === 0 ? ["none found."] : problems.slice(0, 2).flatMap((p, i) => [
        i === 0 ? "" : "; then ",
        `${p[0]} (`,
        fig(p[2], p[1]),
        " sign-ins)",
      ]).concat(["."]),
    },
  ];
}

function userName(u: { user: string; displayName: string | null }): string {
  return u.displayName === null || u.displayName === "" ? u.user : `${u.user} (${u.displayName})`;
}

function risks(r: SigninsReport): SummaryLine[] {
  const out: SummaryLine[] = [];
  const l = r.legacyAuth;
  if (l.succeeded > 0) {
    out.push(lineTo("Legacy authentication", "Legacy authentication got in", [
      fig("legacyAuth.succeeded", l.succeeded),
      " successful sign-ins over legacy protocols (no MFA possible), by ",
      fig("legacyAuth.users", l.users),
      " users.",
    ]));
  }
  const wouldBlock = r.conditionalAccess.policies
    .map((p) => [p.displayName, p.results.reportOnlyFailure] as const)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1]);
  if (wouldBlock.length > 0) {
    out.push(lineTo("Per policy", "Report-only policies would block", [
      fig("conditionalAccess.reportOnlyFailure", wouldBlock.reduce((n, [, v]) => n + v, 0)),
      ` sign-ins would fail if ${
        wouldBlock.length === 1 ? "the policy were" : "these policies were"
      } enforced` +
      ` (most: "${wouldBlock[0]![0]}", `,
      fig("conditionalAccess.reportOnlyFailure.0", wouldBlock[0]![1]),
      "). Fix these before switching them on.",
    ]));
  }
  const fraud = r.legacyMfaServer.fraud;
  if (fraud.signIns > 0) {
    out.push(lineTo("Fraud reports", "Fraud reported", [
      fig("legacyMfaServer.fraud.signIns", fraud.signIns),
      " MFA prompts were reported as fraud by the user: someone else may know their password.",
    ]));
  }
  const worst = r.users.topFailed[0];
  if (worst !== undefined) {
    out.push(lineTo(SIGNINS_QUESTIONS.couldNot, "Users failing MFA most", [
      `${userName(worst)} was denied MFA `,
      fig("users.topFailed.0.failures", worst.failures),
      " times; ",
      fig("users.failedMfa", r.users.failedMfa),
      " users were denied at least once.",
    ]));
  }
  const m = r.mfa;
  if (m.notRequired > 0) {
    const total = m.required + m.notRequired + m.requirementUnknown;
    out.push(lineTo(SIGNINS_QUESTIONS.required, "Single-factor sign-ins", [
      fig("mfa.notRequired", m.notRequired),
      ` user sign-ins (${formatPercent(m.notRequired, total)}) did not require MFA.`,
    ]));
  }
  return out.slice(0, 3);
}

/**
 * The answers-first block of a sign-in report.
 *
 * @example An empty window says so and answers nothing
 * ```ts
 * import { SignInAggregator } from "./aggregator.ts";
 * import { signinsSummary } from "./summary.ts";
 * import assert from "node:assert/strict";
 * const report = new SignInAggregator().summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 0,
 *   badRows: 0, filteredOut: 0, merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 } });
 * const s = signinsSummary(report);
 * assert.match(s.caveats[0]!, /^No sign-ins in /);
 * assert.deepEqual(s.answers, []);
 * ```
 */
export function signinsSummary(r: SigninsReport): ReportSummary {
  const empty = emptyWindowCaveat(r);
  if (empty !== null) {
    return { caveats: [empty], answers: [], risks: [], noRisks: "No data, so no risk can be judged." };
  }
  return { caveats: [], answers: answers(r), risks: risks(r) };
}
