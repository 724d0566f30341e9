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
  addSlotCounts,
  countsRecord,
  keysOf,
  recordKeys,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
} from "./section.ts";

/** Risk levels and states in the order of the report's records: a value's slot in the counts. */
const LEVEL_KEYS = recordKeys(keysOf(RISK_LEVELS));
const STATE_KEYS = recordKeys(keysOf(RISK_STATES));
const UNKNOWN_LEVEL = LEVEL_KEYS.indexOf("unknown");
const UNKNOWN_STATE = STATE_KEYS.indexOf("unknown");
/** A risk level's slot (-1: not recognised). */
const riskLevelOf = memoText((s) => {
  const c = classifyRiskLevel(s);
  return c.kind === "known" ? LEVEL_KEYS.indexOf(c.id) : -1;
});
/** A risk state's slot (-1: not recognised). */
const riskStateOf = memoText((s) => {
  const c = classifyRiskState(s);
  return c.kind === "known" ? STATE_KEYS.indexOf(c.id) : -1;
});

/** The section's part of the report. */
export type RiskPart = SigninsReport["risk"];

/** Risk counts. */
export class RiskSection implements ReportSection<RiskPart> {
  /** Sign-ins per risk level during sign-in, by slot (the order of the report's record). */
  readonly during: number[] = LEVEL_KEYS.map(() => 0);
  /** Sign-ins per aggregated risk level, by slot. */
  readonly aggregated: number[] = LEVEL_KEYS.map(() => 0);
  /** Sign-ins per risk state, by slot. */
  readonly state: number[] = STATE_KEYS.map(() => 0);
  readonly unknownRisk: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.unknownRisk = new CountMap(limits.small);
  }

  /** Counts one sign-in. */
  add({ s }: SignInInput, n = 1): void {
    const during = s.riskLevelDuringSignIn, aggregated = s.riskLevelAggregated, state = s.riskState;
    if (during !== null) this.#level(during, this.during, "riskLevelDuringSignIn", n);
    if (aggregated !== null) this.#level(aggregated, this.aggregated, "riskLevelAggregated", n);
    if (state !== null) {
      const i = riskStateOf(state);
      if (i >= 0) this.state[i]! += n;
      else {
        this.state[UNKNOWN_STATE]! += n;
        this.unknownRisk.add(`riskState: ${state}`, n);
      }
    }
  }

  #level(raw: string, into: number[], field: string, n: number): void {
    const i = riskLevelOf(raw);
    if (i >= 0) into[i]! += n;
    else {
      into[UNKNOWN_LEVEL]! += n;
      this.unknownRisk.add(`${field}: ${raw}`, n);
    }
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: RiskSection): void {
    addSlotCounts(this.during, o.during);
    addSlotCounts(this.aggregated, o.aggregated);
    addSlotCounts(this.state, o.state);
    this.unknownRisk.merge(o.unknownRisk);
  }

  /** The section's part of the report. */
  summary(): RiskPart {
    return {
      duringSignIn: countsRecord(LEVEL_KEYS, this.during),
      aggregated: countsRecord(LEVEL_KEYS, this.aggregated),
      state: countsRecord(STATE_KEYS, this.state),
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
