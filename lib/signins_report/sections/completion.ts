/**
 * Report section 2, "How did users complete MFA?": how the requirement was satisfied, the
 * methods of every step, the passwordless share, and what was satisfied without a prompt.
 *
 * @module
 */
import { AUTH_METHODS, isAuthMethodId, MFA_SATISFIED, type MfaSatisfiedHow } from "../../classify/mod.ts";
import { formatNumber, markdownHeading, markdownTable, mermaidPie } from "../../report/mod.ts";
import { CountMap } from "../../report/count_map.ts";
import type { MethodCounts, SigninsReport } from "../report.ts";
import { PASSWORDLESS_GROUPS, type PasswordlessGroup } from "../sign_in_facts.ts";
import { methodLabel, nonZero, pct, unknownLabel } from "./_markdown.ts";
import {
  addCounts,
  addMapCounts,
  addMapRecords,
  keysOf,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
} from "./section.ts";

/** The section's part of the report. */
export interface CompletionPart {
  satisfied: SigninsReport["mfa"]["satisfied"];
  noPrompt: SigninsReport["mfa"]["noPrompt"];
  passwordless: SigninsReport["mfa"]["passwordless"];
  methods: SigninsReport["methods"];
  unknownMethods: SigninsReport["unknownMethods"];
}

/**
 * Satisfied MFA, methods and passwordless counts of user sign-ins (per user: `satisfied`,
 * `performed`, `passedChallenge`, `challenged`, `phishingResistant`).
 */
export class CompletionSection implements ReportSection<CompletionPart> {
  readonly satisfied: Map<MfaSatisfiedHow, number> = new Map();
  satisfiedTotal = 0;
  claimInToken = 0;
  strongAuth = 0;
  pwlEligible = 0;
  pwlCount = 0;
  readonly pwlGroups: Record<PasswordlessGroup, number> = {
    fido2: 0,
    windowsHello: 0,
    phoneSignIn: 0,
    otherPasswordless: 0,
  };
  readonly methods: Map<string, MethodCounts> = new Map();
  readonly unknownMethods: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.unknownMethods = new CountMap(limits.small);
  }

  /** Counts one user sign-in. */
  add({ s, f, success, account: u }: SignInInput, n = 1): void {
    if (u === null) return;
    for (const st of f.steps) {
      let m = this.methods.get(st.method);
      if (m === undefined) this.methods.set(st.method, m = { attempts: 0, succeeded: 0, failed: 0 });
      m.attempts += n;
      if (st.succeeded === true) m.succeeded += n;
      else if (st.succeeded === false) m.failed += n;
      if (st.method === "unknown") this.unknownMethods.add(st.raw, n);
    }
    if (f.interactive && success && s.authenticationDetails !== null && s.authenticationDetails.length > 0) {
      this.pwlEligible += n;
      if (f.passwordless !== null) {
        this.pwlCount += n;
        this.pwlGroups[f.passwordless] += n;
      }
    }
    if (f.phishingResistant) u.phishingResistant = true;
    if (f.challenged) u.challenged = true;
    const m = f.mfa;
    if (m.kind !== "satisfied") return;
    this.satisfied.set(m.how, (this.satisfied.get(m.how) ?? 0) + n);
    this.satisfiedTotal += n;
    u.satisfied += n;
    if (m.how === "satisfiedByClaimInToken") this.claimInToken += n;
    if (m.how === "satisfiedByStrongAuthentication") this.strongAuth += n;
    const evidence = MFA_SATISFIED[m.how].evidence;
    if (evidence === "prompted" || evidence === "external" || evidence === "reused" || f.challenged) {
      u.performed = true;
    }
    if (f.challenged) u.passedChallenge = true;
  }

  /** Adds the state of a section that counted later sign-ins (per-user flags: {@linkcode UsersSection.merge}). */
  merge(o: CompletionSection): void {
    addMapCounts(this.satisfied, o.satisfied);
    this.satisfiedTotal += o.satisfiedTotal;
    this.claimInToken += o.claimInToken;
    this.strongAuth += o.strongAuth;
    this.pwlEligible += o.pwlEligible;
    this.pwlCount += o.pwlCount;
    addCounts(this.pwlGroups, o.pwlGroups);
    addMapRecords(this.methods, o.methods);
    this.unknownMethods.merge(o.unknownMethods);
  }

  /** The section's part of the report. */
  summary(): CompletionPart {
    const satisfied = {} as Record<MfaSatisfiedHow, number>;
    for (const k of keysOf(MFA_SATISFIED)) satisfied[k] = this.satisfied.get(k) ?? 0;
    const methods: Record<string, MethodCounts> = {};
    for (
      const [k, v] of [...this.methods].sort((a, b) =>
        b[1].attempts - a[1].attempts || (a[0] < b[0] ? -1 : 1)
      )
    ) {
      methods[k] = { ...v };
    }
    return {
      satisfied,
      noPrompt: {
        claimInToken: this.claimInToken,
        strongAuthentication: this.strongAuth,
        satisfied: this.satisfiedTotal,
      },
      passwordless: {
        eligible: this.pwlEligible,
        passwordless: this.pwlCount,
        byGroup: { ...this.pwlGroups },
      },
      methods,
      unknownMethods: this.unknownMethods.toRecord(),
    };
  }
}

/** The section in Markdown. */
export function completionMarkdown(r: SigninsReport): string[] {
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
