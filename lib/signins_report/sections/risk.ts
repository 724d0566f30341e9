/**
 * Report section "Risk": risk levels during sign-in and aggregated, risk states, unknown values.
 *
 * @module
 */
import {
  classifyRiskLevel,
  classifyRiskState,
  labelRiskLevel,
  labelRiskState,
  RISK_LEVELS,
  RISK_STATES,
  type RiskLevel,
  type RiskState,
} from "../../classify/mod.ts";
import { markdownHeading, markdownTable } from "../../report/mod.ts";
import { memoText } from "../_memo.ts";
import { CountMap } from "../../report/count_map.ts";
import type { SigninsReport } from "../report.ts";
import { rawList } from "./_markdown.ts";
import {
  addCounts,
  keysOf,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  zeroRecord,
} from "./section.ts";

const riskLevelOf = memoText((s) => classifyRiskLevel(s));
const riskStateOf = memoText((s) => classifyRiskState(s));

/** The section's part of the report. */
export type RiskPart = SigninsReport["risk"];

/** Risk counts. */
export class RiskSection implements ReportSection<RiskPart> {
  readonly during: Record<RiskLevel | "unknown", number> = zeroRecord(keysOf(RISK_LEVELS));
  readonly aggregated: Record<RiskLevel | "unknown", number> = zeroRecord(keysOf(RISK_LEVELS));
  readonly state: Record<RiskState | "unknown", number> = zeroRecord(keysOf(RISK_STATES));
  readonly unknownRisk: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.unknownRisk = new CountMap(limits.small);
  }

  /** Counts one sign-in. */
  add({ s }: SignInInput, n = 1): void {
    const level = (raw: string | null, into: Record<string, number>, field: string) => {
      if (raw === null) return;
      const c = riskLevelOf(raw);
      if (c.kind === "known") into[c.id]! += n;
      else {
        into.unknown! += n;
        this.unknownRisk.add(`${field}: ${raw}`, n);
      }
    };
    level(s.riskLevelDuringSignIn, this.during, "riskLevelDuringSignIn");
    level(s.riskLevelAggregated, this.aggregated, "riskLevelAggregated");
    if (s.riskState !== null) {
      const c = riskStateOf(s.riskState);
      if (c.kind === "known") this.state[c.id] += n;
      else {
        this.state.unknown += n;
        this.unknownRisk.add(`riskState: ${s.riskState}`, n);
      }
    }
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: RiskSection): void {
    addCounts(this.during, o.during);
    addCounts(this.aggregated, o.aggregated);
    addCounts(this.state, o.state);
    this.unknownRisk.merge(o.unknownRisk);
  }

  /** The section's part of the report. */
  summary(): RiskPart {
    return {
      duringSignIn: { ...this.during },
      aggregated: { ...this.aggregated },
      state: { ...this.state },
      unknownValues: this.unknownRisk.toRecord(),
    };
  }
}

/** The section in Markdown. */
export function riskMarkdown(r: SigninsReport): string[] {
  const k = r.risk;
  const levels = Object.keys(k.duringSignIn) as (RiskLevel | "unknown")[];
  const rows = levels.filter((l) => k.duringSignIn[l] + k.aggregated[l] > 0)
    .map((l) => [l === "unknown" ? "Unknown level" : labelRiskLevel(l), k.duringSignIn[l], k.aggregated[l]]);
  const states = (Object.entries(k.state) as [RiskState | "unknown", number][]).filter(([, v]) => v > 0);
  if (rows.length === 0 && states.length === 0) {
    return [markdownHeading(2, "Risk"), "The data carries no risk information.\n"];
  }
  return [
    markdownHeading(2, "Risk"),
    markdownTable(["Risk level", "During sign-in", "Aggregated"], rows),
    markdownTable(
      ["Risk state", "Sign-ins"],
      states.map(([s, v]) => [s === "unknown" ? "Unknown state" : labelRiskState(s), v]),
    ),
    Object.keys(k.unknownValues).length > 0 ? `Unknown risk values: ${rawList(k.unknownValues)}.\n` : "",
  ];
}
