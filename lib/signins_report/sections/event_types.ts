/**
 * Report section "Sign-in event types": logical sign-ins per event type, unknown types named.
 *
 * @module
 */
import { labelSignInEventType, SIGN_IN_EVENT_TYPES, type SignInEventType } from "../../classify/mod.ts";
import { markdownHeading, markdownTable, mermaidPie } from "../../report/mod.ts";
import { CountMap } from "../../report/count_map.ts";
import type { SigninsReport } from "../report.ts";
import { pct, unknownLabel } from "./_markdown.ts";
import {
  addCounts,
  keysOf,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  zeroRecord,
} from "./section.ts";

/** The section's part of the report. */
export type EventTypesPart = Pick<SigninsReport, "eventTypes" | "unknownEventTypes">;

/** Counts of event types. */
export class EventTypesSection implements ReportSection<EventTypesPart> {
  readonly eventTypes: Record<SignInEventType | "unknown", number> = zeroRecord(keysOf(SIGN_IN_EVENT_TYPES));
  readonly unknownEventTypes: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.unknownEventTypes = new CountMap(limits.small);
  }

  /** Counts one sign-in. */
  add({ f }: SignInInput, n = 1): void {
    this.eventTypes[f.eventType] += n;
    if (f.eventType === "unknown") this.unknownEventTypes.add(f.eventTypeRaw ?? "(not given)", n);
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: EventTypesSection): void {
    addCounts(this.eventTypes, o.eventTypes);
    this.unknownEventTypes.merge(o.unknownEventTypes);
  }

  /** The section's part of the report. */
  summary(): EventTypesPart {
    return { eventTypes: { ...this.eventTypes }, unknownEventTypes: this.unknownEventTypes.toRecord() };
  }
}

/** The section in Markdown. */
export function eventTypeMarkdown(r: SigninsReport): string[] {
  const rows = (Object.entries(r.eventTypes) as [SignInEventType | "unknown", number][]).filter(([, v]) =>
    v > 0
  );
  const label = (k: SignInEventType | "unknown") =>
    k === "unknown" ? unknownLabel("Unknown event type", r.unknownEventTypes) : labelSignInEventType(k);
  return [
    markdownHeading(2, "Sign-in event types"),
    markdownTable(
      ["Event type", "Sign-ins", "Share"],
      rows.map(([k, v]) => [label(k), v, pct(v, r.totals.signIns)]),
    ),
    mermaidPie(
      "Sign-ins by event type",
      rows.map(([k, v]) => [k === "unknown" ? "Unknown" : labelSignInEventType(k), v]),
    ),
  ];
}
