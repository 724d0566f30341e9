/**
 * Report section 1, "Was MFA required?": user sign-ins that required MFA, did not, or do not
 * say; by application (top N, the rest pooled) and user type; what required it.
 *
 * @module
 */
import { labelUserType, USER_TYPES, type UserType } from "../../classify/mod.ts";
import { type Cell, formatNumber, markdownHeading, markdownTable, mermaidPie } from "../../report/mod.ts";
import { CountMap } from "../../report/count_map.ts";
import type { RequirementCounts, SigninsReport } from "../report.ts";
import {
  labelRequirementSource,
  REQUIREMENT_SOURCES,
  type RequirementSource,
} from "../requirement_source.ts";
import { pct, unknownLabel } from "./_markdown.ts";
import {
  addCounts,
  addMapRecords,
  keysOf,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
  zeroRecord,
} from "./section.ts";

const UNKNOWN_APP = "(unknown app)";
const OTHER_APPS = "(other apps)";

function newRequirementCounts(): RequirementCounts {
  return { signIns: 0, required: 0, notRequired: 0, unknown: 0 };
}

/** The section's part of the report (the requirement keys of `mfa`). */
export type RequirementPart = Pick<
  SigninsReport["mfa"],
  | "required"
  | "notRequired"
  | "requirementUnknown"
  | "unknownRequirementValues"
  | "requirementSources"
  | "unknownRequirementProviders"
  | "byApp"
  | "byUserType"
>;

/** MFA requirement counts of user sign-ins (per user: `required`). */
export class RequirementSection implements ReportSection<RequirementPart> {
  required = 0;
  notRequired = 0;
  unknown = 0;
  readonly unknownValues: CountMap;
  readonly sources: Record<RequirementSource | "unknown" | "notStated", number> = zeroRecord([
    ...keysOf(REQUIREMENT_SOURCES),
    "notStated" as const,
  ]);
  readonly unknownProviders: CountMap;
  readonly byApp: Map<string, RequirementCounts> = new Map();
  readonly byUserType: Map<string, RequirementCounts> = new Map();
  readonly #maxKeys: number;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.#maxKeys = limits.maxKeys;
    this.unknownValues = new CountMap(limits.small);
    this.unknownProviders = new CountMap(limits.small);
  }

  /** Counts one user sign-in. */
  add({ s, f, account: u }: SignInInput, n = 1): void {
    if (u === null) return;
    const app = s.appDisplayName ?? s.appId ?? UNKNOWN_APP;
    let byApp = this.byApp.get(app);
    if (byApp === undefined) {
      const key = this.byApp.size < this.#maxKeys ? app : OTHER_APPS;
      byApp = this.byApp.get(key);
      if (byApp === undefined) this.byApp.set(key, byApp = newRequirementCounts());
    }
    let byType = this.byUserType.get(f.userType);
    if (byType === undefined) this.byUserType.set(f.userType, byType = newRequirementCounts());
    byApp.signIns += n;
    byType.signIns += n;
    for (const raw of f.unknownRequirementProviders) this.unknownProviders.add(raw, n);
    switch (f.requirement) {
      case "required":
        this.required += n;
        byApp.required += n;
        byType.required += n;
        u.required = true;
        if (f.requirementSources.length === 0 && f.unknownRequirementProviders.length === 0) {
          this.sources.notStated += n;
        }
        for (const src of f.requirementSources) this.sources[src] += n;
        if (f.unknownRequirementProviders.length > 0) this.sources.unknown += n;
        break;
      case "notRequired":
        this.notRequired += n;
        byApp.notRequired += n;
        byType.notRequired += n;
        break;
      case "unknown":
        this.unknown += n;
        byApp.unknown += n;
        byType.unknown += n;
        this.unknownValues.add(f.requirementRaw ?? "(not given)", n);
        break;
    }
  }

  /** Adds the state of a section that counted later sign-ins (per-user flags: {@linkcode UsersSection.merge}). */
  merge(o: RequirementSection): void {
    this.required += o.required;
    this.notRequired += o.notRequired;
    this.unknown += o.unknown;
    this.unknownValues.merge(o.unknownValues);
    addCounts(this.sources, o.sources);
    this.unknownProviders.merge(o.unknownProviders);
    addMapRecords(this.byApp, o.byApp, this.#maxKeys, OTHER_APPS);
    addMapRecords(this.byUserType, o.byUserType);
  }

  /** The section's part of the report. */
  summary({ top, capped }: SummaryContext): RequirementPart {
    // apps: top N by sign-ins, the rest pooled
    const apps = [...this.byApp].filter(([app]) => app !== OTHER_APPS)
      .sort((a, b) => b[1].signIns - a[1].signIns || (a[0] < b[0] ? -1 : 1));
    const byApp = apps.slice(0, top).map(([app, c]) => ({ app, ...c }));
    const pooled = this.byApp.get(OTHER_APPS);
    if (apps.length > top || pooled !== undefined) {
      const rest = newRequirementCounts();
      capped({
        list: "mfa.byApp",
        label: "Applications (MFA by application)",
        shown: byApp.length,
        more: pooled === undefined ? apps.length - top : null,
        moreCount: null,
        pooledAs: OTHER_APPS,
      });
      for (const [, c] of [...apps.slice(top), ...(pooled === undefined ? [] : [["", pooled] as const])]) {
        rest.signIns += c.signIns;
        rest.required += c.required;
        rest.notRequired += c.notRequired;
        rest.unknown += c.unknown;
      }
      byApp.push({ app: OTHER_APPS, ...rest });
    }
    const byUserType = {} as Record<string, RequirementCounts>;
    for (const k of [...keysOf(USER_TYPES), "unknown"]) {
      byUserType[k] = this.byUserType.get(k) ?? newRequirementCounts();
    }
    return {
      required: this.required,
      notRequired: this.notRequired,
      requirementUnknown: this.unknown,
      unknownRequirementValues: this.unknownValues.toRecord(),
      requirementSources: { ...this.sources },
      unknownRequirementProviders: this.unknownProviders.toRecord(),
      byApp,
      byUserType: byUserType as SigninsReport["mfa"]["byUserType"],
    };
  }
}

/** The section in Markdown. */
export function requirementMarkdown(r: SigninsReport): string[] {
  const m = r.mfa;
  const total = m.required + m.notRequired + m.requirementUnknown;
  const out = [
    markdownHeading(2, "1. Was MFA required?"),
    `MFA was required in ${formatNumber(m.required)} of ${formatNumber(total)} user sign-ins (${
      pct(m.required, total)
    }); ${formatNumber(m.notRequired)} were single-factor.` +
    (m.requirementUnknown > 0 ? ` For ${formatNumber(m.requirementUnknown)} the data does not say.` : "") +
    "\n",
    markdownTable(["Requirement", "Sign-ins", "Share"], [
      ["MFA required", m.required, pct(m.required, total)],
      ["Single factor", m.notRequired, pct(m.notRequired, total)],
      ...(m.requirementUnknown > 0
        ? [[
          unknownLabel("Unknown requirement", m.unknownRequirementValues),
          m.requirementUnknown,
          pct(m.requirementUnknown, total),
        ] as Cell[]]
        : []),
    ]),
    mermaidPie("MFA requirement of user sign-ins", [
      ["MFA required", m.required],
      ["Single factor", m.notRequired],
      ["Unknown", m.requirementUnknown],
    ]),
    markdownHeading(3, "By application"),
    markdownTable(
      ["Application", "Sign-ins", "MFA required", "Single factor", "Unknown", "Required share"],
      m.byApp.map((
        a,
      ) => [a.app, a.signIns, a.required, a.notRequired, a.unknown, pct(a.required, a.signIns)]),
    ),
    markdownHeading(3, "By user type"),
    markdownTable(
      ["User type", "Sign-ins", "MFA required", "Single factor", "Unknown", "Required share"],
      (Object.entries(m.byUserType) as [UserType | "unknown", typeof m.byUserType.member][])
        .filter(([, c]) => c.signIns > 0)
        .map((
          [k, c],
        ) => [labelUserType(k), c.signIns, c.required, c.notRequired, c.unknown, pct(c.required, c.signIns)]),
    ),
    markdownHeading(3, "What required MFA"),
    "From `authenticationRequirementPolicies` (Graph beta); a sign-in may name more than one source.\n",
    markdownTable(
      ["Requirement source", "Sign-ins", "Share of MFA-required"],
      (Object.entries(m.requirementSources) as [RequirementSource | "unknown" | "notStated", number][])
        .filter(([, v]) => v > 0)
        .map(([k, v]) => [
          k === "notStated"
            ? "Not stated in the data"
            : k === "unknown"
            ? unknownLabel("Unknown source", m.unknownRequirementProviders)
            : labelRequirementSource(k),
          v,
          pct(v, m.required),
        ]),
    ),
  ];
  return out;
}
