/**
 * Report section "Locations, operating systems and browsers": the most frequent of each.
 *
 * @module
 */
import { type Cell, markdownHeading, markdownTable } from "../../report/mod.ts";
import { CountMap } from "../../report/count_map.ts";
import type { SigninsReport } from "../report.ts";
import { moreRows } from "./_markdown.ts";
import {
  named,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
} from "./section.ts";

function browserFamily(b: string): string {
  const i = b.search(/\s+v?\d/);
  return i > 0 ? b.slice(0, i) : b;
}

/** The section's part of the report. */
export type PlacesPart = Pick<SigninsReport, "locations" | "operatingSystems" | "browsers">;

/** Counts of places, systems and browsers. */
export class PlacesSection implements ReportSection<PlacesPart> {
  readonly locations: CountMap;
  readonly os: CountMap;
  readonly browsers: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.locations = new CountMap(limits.maxKeys);
    this.os = new CountMap(limits.maxKeys);
    this.browsers = new CountMap(limits.maxKeys);
  }

  /** Counts one sign-in. */
  add({ s }: SignInInput, n = 1): void {
    let place = s.city ?? "";
    if (s.state !== null) place = place === "" ? s.state : `${place}, ${s.state}`;
    if (s.countryOrRegion !== null) {
      place = place === "" ? s.countryOrRegion : `${place}, ${s.countryOrRegion}`;
    }
    this.locations.add(place === "" ? "(unknown)" : place, n);
    this.os.add(s.os ?? "(unknown)", n);
    this.browsers.add(s.browser === null ? "(unknown)" : browserFamily(s.browser), n);
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: PlacesSection): void {
    this.locations.merge(o.locations);
    this.os.merge(o.os);
    this.browsers.merge(o.browsers);
  }

  /** The section's part of the report. */
  summary(ctx: SummaryContext): PlacesPart {
    return {
      locations: named(this.locations, ctx, "locations", "Locations"),
      operatingSystems: named(this.os, ctx, "operatingSystems", "Operating systems"),
      browsers: named(this.browsers, ctx, "browsers", "Browsers"),
    };
  }
}

/** The section in Markdown. */
export function placesMarkdown(r: SigninsReport): string[] {
  return [
    markdownHeading(2, "Locations, operating systems and browsers"),
    markdownTable(["Location (approximate)", "Sign-ins"], [
      ...r.locations.map((x): Cell[] => [x.name, x.count]),
      ...moreRows(r, "locations"),
    ]),
    markdownTable(["Operating system", "Sign-ins"], [
      ...r.operatingSystems.map((x): Cell[] => [x.name, x.count]),
      ...moreRows(r, "operatingSystems"),
    ]),
    markdownTable(["Browser", "Sign-ins"], [
      ...r.browsers.map((x): Cell[] => [x.name, x.count]),
      ...moreRows(r, "browsers"),
    ]),
  ];
}
