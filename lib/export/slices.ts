/**
 * Time slices of a sign-in export: the window cut into `createdDateTime ge A and
 * createdDateTime lt B` ranges per event type, each read by one cursor. Pure planning:
 * the initial cut, splitting a range on whole seconds (Graph's filter precision), and the
 * decision to split a slice whose first page shows it is too big for one cursor.
 *
 * @module
 */
import type { SignInEventType } from "../classify/event_type.ts";
import { andFilters, createdDateTimeFilter, signInEventTypeFilter } from "../graph/odata_filter.ts";

/** A time range in epoch milliseconds, whole seconds: `fromMs` inclusive, `toMs` exclusive. */
export interface SliceRange {
  /** Inclusive start, ms (a whole second). */
  fromMs: number;
  /** Exclusive end, ms (a whole second). */
  toMs: number;
}

/** One event type over one range. */
export interface SliceSpec extends SliceRange {
  /** The event type this slice reads. */
  eventType: SignInEventType;
}

/** How the window is cut and when a slice is split. */
export interface SlicePolicy {
  /** Longest initial slice, ms (default 24 h). */
  maxInitialSliceMs: number;
  /** Cut each event type into at least this many slices (default 1; the export uses cursors ÷ (2 × event types)). */
  minInitialSlices: number;
  /** Split a slice whose first page predicts more pages than this (default 12). */
  maxSlicePages: number;
  /** Aim for about this many pages per slice after a split (default 6). */
  targetSlicePages: number;
  /** Split into at most this many parts at once (default 64). */
  maxSplitParts: number;
}

/**
 * The default {@linkcode SlicePolicy}. Every slice costs at least one request, so the initial
 * cut is coarse (a day); a slice whose first page shows it is big is split finely then.
 */
export const DEFAULT_SLICE_POLICY: SlicePolicy = {
  maxInitialSliceMs: 24 * 3_600_000,
  minInitialSlices: 1,
  maxSlicePages: 12,
  targetSlicePages: 6,
  maxSplitParts: 64,
};

const SECOND = 1000;

/**
 * Rounds a time down to a whole second.
 *
 * @example
 * ```ts
 * import { floorToSecond } from "./slices.ts";
 * import assert from "node:assert/strict";
 * assert.equal(floorToSecond(Date.parse("2026-11-01T00:00:01.999Z")), Date.parse("2026-11-01T00:00:01Z"));
 * ```
 */
export function floorToSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

/**
 * Cuts a range into about `parts` consecutive ranges on whole-second boundaries. Never
 * returns an empty range; returns fewer parts when the range has fewer seconds.
 *
 * @throws {RangeError} when the range is empty or `parts` is not a positive whole number
 *
 * @example Three parts of a minute
 * ```ts
 * import { splitRange } from "./slices.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(splitRange({ fromMs: 0, toMs: 60_000 }, 3), [
 *   { fromMs: 0, toMs: 20_000 }, { fromMs: 20_000, toMs: 40_000 }, { fromMs: 40_000, toMs: 60_000 },
 * ]);
 * assert.equal(splitRange({ fromMs: 0, toMs: 2_000 }, 5).length, 2);
 * ```
 */
export function splitRange(range: SliceRange, parts: number): SliceRange[] {
  if (!(range.fromMs < range.toMs)) {
    throw new RangeError(
      `Cannot split a time range: expected from before to, got ${range.fromMs} and ${range.toMs}`,
    );
  }
  if (!Number.isInteger(parts) || parts < 1) {
    throw new RangeError(`Cannot split a time range: expected a whole number of parts ≥ 1, got ${parts}`);
  }
  const seconds = Math.max(1, Math.round((range.toMs - range.fromMs) / SECOND));
  const n = Math.min(parts, seconds);
  const bounds: number[] = [range.fromMs];
  for (let i = 1; i < n; i++) {
    const b = range.fromMs + Math.round((seconds * i) / n) * SECOND;
    if (b > (bounds.at(-1) as number) && b < range.toMs) bounds.push(b);
  }
  bounds.push(range.toMs);
  const out: SliceRange[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    out.push({ fromMs: bounds[i] as number, toMs: bounds[i + 1] as number });
  }
  return out;
}

/**
 * The initial slices: for each event type, the window (rounded down to whole seconds) cut
 * into parts of at most `maxInitialSliceMs`, and at least `minInitialSlices` parts, newest
 * first (Graph returns sign-ins newest first, so the first results arrive soonest).
 *
 * @throws {RangeError} when the window is shorter than a second
 *
 * @example One day, two event types, four parts each
 * ```ts
 * import { planSlices, DEFAULT_SLICE_POLICY } from "./slices.ts";
 * import assert from "node:assert/strict";
 * const w = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-02T00:00:00Z") };
 * const s = planSlices(w, ["interactiveUser", "nonInteractiveUser"], { ...DEFAULT_SLICE_POLICY, minInitialSlices: 4 });
 * assert.equal(s.length, 8);
 * assert.equal(s[0]?.eventType, "interactiveUser");
 * assert.equal(new Date(s[0]?.toMs ?? 0).toISOString(), "2026-11-02T00:00:00.000Z");
 * assert.equal((s[0]?.toMs ?? 0) - (s[0]?.fromMs ?? 0), 6 * 3_600_000);
 * assert.equal(planSlices({ from: w.from, to: new Date("2026-12-01T00:00:00Z") }, ["interactiveUser"]).length, 30);
 * ```
 */
export function planSlices(
  window: { from: Date; to: Date },
  eventTypes: readonly SignInEventType[],
  policy: SlicePolicy = DEFAULT_SLICE_POLICY,
): SliceSpec[] {
  const range = { fromMs: floorToSecond(window.from.getTime()), toMs: floorToSecond(window.to.getTime()) };
  if (!(range.fromMs < range.toMs)) {
    throw new RangeError(
      `Cannot plan an export: expected a window of at least one second, got ${window.from.toISOString()} – ${window.to.toISOString()}`,
    );
  }
  const parts = Math.max(
    1,
    policy.minInitialSlices,
    Math.ceil((range.toMs - range.fromMs) / policy.maxInitialSliceMs),
  );
  const ranges = splitRange(range, parts).reverse();
  return eventTypes.flatMap((eventType) => ranges.map((r) => ({ eventType, ...r })));
}

/**
 * The `$filter` of a slice: its time range and its event type.
 *
 * @example
 * ```ts
 * import { sliceFilter } from "./slices.ts";
 * import assert from "node:assert/strict";
 * assert.equal(
 *   sliceFilter({ eventType: "servicePrincipal", fromMs: Date.parse("2026-11-01T00:00:00Z"), toMs: Date.parse("2026-11-01T06:00:00Z") }),
 *   "createdDateTime ge 2026-11-01T00:00:00Z and createdDateTime lt 2026-11-01T06:00:00Z and signInEventTypes/any(t: t eq 'servicePrincipal')",
 * );
 * ```
 */
export function sliceFilter(slice: SliceSpec): string {
  return andFilters(
    createdDateTimeFilter({ from: new Date(slice.fromMs), to: new Date(slice.toMs) }),
    signInEventTypeFilter(slice.eventType),
  );
}

/** What the first page of a slice showed. */
export interface FirstPageFacts {
  /** Items on the page. */
  items: number;
  /** Whether the page had an `@odata.nextLink`. */
  hasNextLink: boolean;
  /** The oldest `createdDateTime` on the page, ms (undefined when none could be read). */
  oldestMs: number | undefined;
}

/**
 * How many parts to split a slice into, judged from its first page (1 = keep it). Graph
 * returns sign-ins newest first, so a full first page that reaches back only a little way
 * from the slice's end predicts many pages: `items × (slice length ÷ time covered)`. A slice
 * predicted to need more than `maxSlicePages` pages is split into parts of about
 * `targetSlicePages` pages, so that several cursors share it and no single cursor is left
 * with a long tail. The first page is then discarded (one request) and the parts are read instead.
 *
 * @example A 6-hour slice whose first 1,000 sign-ins cover 10 minutes
 * ```ts
 * import { firstPageSplit, DEFAULT_SLICE_POLICY } from "./slices.ts";
 * import assert from "node:assert/strict";
 * const slice = { fromMs: 0, toMs: 6 * 3_600_000 };
 * const facts = { items: 1000, hasNextLink: true, oldestMs: slice.toMs - 600_000 };
 * assert.equal(firstPageSplit(slice, facts, DEFAULT_SLICE_POLICY), 6); // 36 pages predicted → 6 parts of 6
 * assert.equal(firstPageSplit(slice, { ...facts, hasNextLink: false }, DEFAULT_SLICE_POLICY), 1);
 * assert.equal(firstPageSplit(slice, { ...facts, oldestMs: 3_600_000 }, DEFAULT_SLICE_POLICY), 1); // ~1.2 pages
 * ```
 */
export function firstPageSplit(range: SliceRange, facts: FirstPageFacts, policy: SlicePolicy): number {
  const length = range.toMs - range.fromMs;
  if (!facts.hasNextLink || facts.items === 0 || length < 2 * SECOND) return 1;
  const oldest = facts.oldestMs === undefined || facts.oldestMs >= range.toMs || facts.oldestMs < range.fromMs
    ? range.fromMs // unknown or out of range: assume the page covers the whole slice (no split)
    : facts.oldestMs;
  const covered = Math.max(SECOND, range.toMs - oldest);
  const predictedPages = length / covered;
  if (predictedPages <= policy.maxSlicePages) return 1;
  return Math.min(
    policy.maxSplitParts,
    Math.floor(length / SECOND),
    Math.ceil(predictedPages / policy.targetSlicePages),
  );
}
