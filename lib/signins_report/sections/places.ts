/**
 * Report section "Locations, operating systems and browsers": the most frequent of each.
 *
 * @module
 */
import { type Cell, markdownHeading, markdownTable } from "../../report/mod.ts";
import { CountMap } from "../../report/count_map.ts";
import type { SigninsReport } from "../report.ts";
import { memoText } from "../_memo.ts";
import { moreRows } from "./_markdown.ts";
import {
  named,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
} from "./section.ts";

/** The browser without its version ("Chrome 130.0.0" → "Chrome"); memoised, so one string per family reaches the counts. */
const browserFamily = memoText((b) => {
  const i = b!.search(/\s+v?\d/);
  return i > 0 ? b!.slice(0, i) : b!;
});

/** The last place text built for a city (a city's state and country seldom change). */
interface PlaceText {
  state: string | null;
  country: string | null;
  text: string;
}

/** Most cities whose place text is kept. */
const MAX_PLACES = 4096;

/** "city, state, country" without the parts not given; "(unknown)" when none is. */
function placeText(city: string | null, state: string | null, country: string | null): string {
  let place = city ?? "";
  if (state !== null) place = place === "" ? state : `${place}, ${state}`;
  if (country !== null) place = place === "" ? country : `${place}, ${country}`;
  return place === "" ? "(unknown)" : place;
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
    this.locations.add(this.#place(s.city, s.state, s.countryOrRegion), n);
    this.os.add(s.os ?? "(unknown)", n);
    this.browsers.add(s.browser === null ? "(unknown)" : browserFamily(s.browser), n);
  }

  /** Place texts by city (`""`: none), so a repeated place is one string and not built per sign-in. */
  readonly #places = new Map<string, PlaceText>();

  /** The place text of a sign-in ({@linkcode placeText}), reused while the city's state and country stay the same. */
  #place(city: string | null, state: string | null, country: string | null): string {
    const key = city ?? "";
    const last = this.#places.get(key);
    if (last !== undefined && last.state === state && last.country === country) return last.text;
    const text = placeText(city, state, country);
    if (last !== undefined) {
      last.state = state;
      last.country = country;
      last.text = text;
    } else if (this.#places.size < MAX_PLACES) this.#places.set(key, { state, country, text });
    return text;
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
