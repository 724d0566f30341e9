/**
 * Report sections 3, "Why couldn't users complete MFA?", and 6, "Common MFA problems": denials
 * by reason, method and error code, prompts left unanswered, failures before the MFA step,
 * and MFA result texts not recognised.
 *
 * @module
 */
import { classifyMfaResult, MFA_DENIED, type MfaDeniedReason } from "../../classify/mod.ts";
import {
  adviceMarkdown,
  formatNumber,
  markdownHeading,
  markdownTable,
  mermaidBar,
} from "../../report/mod.ts";
import type { LogicalSignIn, SignIn } from "../../signins/mod.ts";
import { memoText } from "../_memo.ts";
import { CountMap, OVERFLOW_KEY } from "../../report/count_map.ts";
import type { SigninsReport } from "../report.ts";
import { methodLabel, nonZero, pct, unknownLabel } from "./_markdown.ts";
import { addMapCounts, keysOf, type ReportSection, type SectionLimits, type SignInInput } from "./section.ts";
import { eventOf, laterThan } from "./user_record.ts";

/** Whether an MFA result text is not recognised (unknown, or a denial whose reason is unknown). */
const unrecognisedOf = memoText((s) => {
  const r = classifyMfaResult(s);
  return r.kind === "unknown" || (r.kind === "denied" && r.reason === "other");
});

/** The section's part of the report (the failure keys of `mfa`). */
export type FailuresPart = Pick<
  SigninsReport["mfa"],
  | "denied"
  | "deniedOtherTexts"
  | "abandoned"
  | "notReached"
  | "unknownResult"
  | "unknownResultTexts"
  | "unrecognisedTexts"
  | "deniedByMethod"
  | "deniedErrorCodes"
>;

/** MFA failure counts (per user: `denied`, `latestFailure`, `abandoned`). */
export class FailuresSection implements ReportSection<FailuresPart> {
  readonly denied: Map<MfaDeniedReason, number> = new Map();
  readonly deniedOther: CountMap;
  abandoned = 0;
  notReached = 0;
  unknownResult = 0;
  readonly unknownResultTexts: CountMap;
  readonly unrecognisedTexts: CountMap;
  readonly deniedByMethod: CountMap;
  readonly deniedCodes: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.deniedOther = new CountMap(limits.small);
    this.unknownResultTexts = new CountMap(limits.small);
    this.unrecognisedTexts = new CountMap(limits.small);
    this.deniedByMethod = new CountMap(limits.small);
    this.deniedCodes = new CountMap(limits.small);
  }

  /** Counts one sign-in (its texts), and the MFA failure of a user sign-in. */
  add({ l, s, f, account: u }: SignInInput, n = 1): void {
    this.#addUnrecognisedTexts(l, n);
    if (u === null) return;
    const m = f.mfa;
    switch (m.kind) {
      case "denied": {
        this.denied.set(m.reason, (this.denied.get(m.reason) ?? 0) + n);
        if (m.reason === "other" && m.detail !== null) this.deniedOther.add(m.detail, n);
        this.deniedByMethod.add(f.deniedMethod ?? "notRecorded", n);
        this.deniedCodes.add(s.errorCode === null ? "(none)" : String(s.errorCode), n);
        u.denied += n;
        const at = s.createdAtMs ?? -Infinity;
        if (laterThan(u.latestFailure, at)) u.latestFailure = eventOf(s, m);
        break;
      }
      case "abandoned":
        this.abandoned += n;
        u.abandoned += n;
        break;
      case "notReached":
        this.notReached += n;
        break;
      case "unknown":
        this.unknownResult += n;
        this.unknownResultTexts.add(m.raw, n);
        break;
      case "satisfied":
      case "none":
        break;
    }
  }

  /**
   * Unrecognised texts of the current sign-in already counted (reused; almost always empty: only
   * unrecognised texts need the check that counts each once).
   */
  readonly #counted: string[] = [];

  /** Texts of additionalDetails and step results that no classifier recognises (each once per sign-in). */
  #addUnrecognisedTexts(l: LogicalSignIn, n: number): void {
    this.#counted.length = 0;
    const rows = l.interruptions;
    for (let i = 0; i < rows.length; i++) this.#noteTexts(rows[i]!, n);
    this.#noteTexts(l.signIn, n);
  }

  /** The unrecognised texts of one row of a sign-in, each counted once per sign-in. */
  #noteTexts(s: SignIn, n: number): void {
    this.#note(s.additionalDetails, n);
    const d = s.authenticationDetails;
    if (d !== null) { for (let i = 0; i < d.length; i++) this.#note(d[i]!.resultDetail, n); }
  }

  #note(t: string | null, n: number): void {
    if (t === null || !unrecognisedOf(t)) return;
    const counted = this.#counted;
    for (let i = 0; i < counted.length; i++) if (counted[i] === t) return;
    counted.push(t);
    this.unrecognisedTexts.add(t, n);
  }

  /** Adds the state of a section that counted later sign-ins (per-user counts: {@linkcode UsersSection.merge}). */
  merge(o: FailuresSection): void {
    addMapCounts(this.denied, o.denied);
    this.deniedOther.merge(o.deniedOther);
    this.abandoned += o.abandoned;
    this.notReached += o.notReached;
    this.unknownResult += o.unknownResult;
    this.unknownResultTexts.merge(o.unknownResultTexts);
    this.unrecognisedTexts.merge(o.unrecognisedTexts);
    this.deniedByMethod.merge(o.deniedByMethod);
    this.deniedCodes.merge(o.deniedCodes);
  }

  /** The section's part of the report. */
  summary(): FailuresPart {
    const denied = {} as Record<MfaDeniedReason, number>;
    for (const k of keysOf(MFA_DENIED)) denied[k] = this.denied.get(k) ?? 0;
    return {
      denied,
      deniedOtherTexts: this.deniedOther.toRecord(),
      abandoned: this.abandoned,
      notReached: this.notReached,
      unknownResult: this.unknownResult,
      unknownResultTexts: this.unknownResultTexts.toRecord(),
      unrecognisedTexts: this.unrecognisedTexts.toRecord(),
      deniedByMethod: this.deniedByMethod.toRecord(),
      deniedErrorCodes: this.deniedCodes.entries().map((e) => ({
        code: e.key === "(none)" || e.key === OVERFLOW_KEY ? null : Number(e.key),
        count: e.count,
      })),
    };
  }
}

function deniedRows(r: SigninsReport): [string, number, string][] {
  return nonZero(r.mfa.denied as Record<MfaDeniedReason, number>).map(([k, v]) => [
    k === "other" ? unknownLabel(MFA_DENIED.other.label, r.mfa.deniedOtherTexts) : MFA_DENIED[k].label,
    v,
    MFA_DENIED[k].explanation,
  ]);
}

/** The section in Markdown. */
export function failureMarkdown(r: SigninsReport): string[] {
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

/** Section 6 in Markdown: the common problems, ranked. */
export function problemsMarkdown(r: SigninsReport): string[] {
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
      rows.map(([l, v, e], i) => [i + 1, l, v, adviceMarkdown(e)]),
    ),
  ];
}
