/**
 * The shape every section of the sign-in report has: counters of its own, `add()` for one
 * logical sign-in, `summary()` for its part of the report, and its Markdown renderer beside it
 * (in the same file). A section keeps only plain counters, capped maps and per-user flags, so
 * two states of one section (two workers over parts of the input) can later be merged.
 *
 * @module
 */
import type { LogicalSignIn, SignIn } from "../../signins/mod.ts";
import type { CountMap } from "../../report/count_map.ts";
import type { CappedList, NamedCount } from "../report.ts";
import type { SignInFacts } from "../sign_in_facts.ts";
import type { UserAgg } from "./user_record.ts";

/** What a section sees of one logical sign-in. */
export interface SignInInput {
  /** The logical sign-in. */
  l: LogicalSignIn;
  /** Its final row. */
  s: SignIn;
  /** Its classified facts. */
  f: SignInFacts;
  /** Whether it succeeded. */
  success: boolean;
  /** The user's record, when the sign-in names a user. */
  user: UserAgg | null;
  /** The record per-user MFA numbers go to: `user`, or a throw-away one; null for non-user sign-ins. */
  account: UserAgg | null;
}

/** What a section's summary may use. */
export interface SummaryContext {
  /** Rows per top-N list. */
  top: number;
  /** Every user seen. */
  users: readonly UserAgg[];
  /** The first `top` of a ranked list; what is left out is recorded in the report's `capped`. */
  cap<T>(list: string, label: string, all: T[], count: ((t: T) => number) | null): T[];
  /** Records a list shortened another way (extra entries pooled in one row). */
  capped(c: CappedList): void;
}

/**
 * A summary context: `top` entries per list, capped lists recorded into `capped` in the order
 * the sections are summarised.
 */
export function summaryContext(top: number, users: readonly UserAgg[], capped: CappedList[]): SummaryContext {
  return {
    top,
    users,
    cap: (list, label, all, count) => {
      if (all.length <= top) return all;
      const rest = all.slice(top);
      capped.push({
        list,
        label,
        shown: top,
        more: rest.length,
        moreCount: count === null ? null : rest.reduce((n, t) => n + count(t), 0),
        pooledAs: null,
      });
      return all.slice(0, top);
    },
    capped: (c) => capped.push(c),
  };
}

/** Caps of a section's open-ended maps. */
export interface SectionLimits {
  /** Largest map of names (apps, places, codes). */
  maxKeys: number;
  /** Largest map of raw unknown values. */
  small: number;
}

/**
 * One section of the report.
 *
 * `merge(other)` adds the state of another instance that counted the sign-ins that came after
 * this one's (a worker over a later part of the input): every section's state is counters,
 * records of counters, {@linkcode CountMap}s and per-user flags, all of which add up. The result
 * equals one instance fed both parts in order, as long as `other` did not hit a key cap (then
 * which keys are pooled may differ). `other` must not be used afterwards (its objects may be
 * taken over).
 */
export interface ReportSection<Part> {
  /**
   * Counts one logical sign-in, or `n` alike in everything the section reads (counted elsewhere,
   * e.g. summarized by a Log Analytics workspace).
   */
  add(x: SignInInput, n?: number): void;
  /** Adds the state of an instance that counted later sign-ins. */
  merge(other: this): void;
  /** The section's part of the report. */
  summary(ctx: SummaryContext): Part;
}

/** A record with every key at 0, plus `unknown`. */
export function zeroRecord<K extends string>(keys: readonly K[]): Record<K | "unknown", number> {
  const out = {} as Record<K | "unknown", number>;
  for (const k of keys) out[k] = 0;
  out.unknown = 0;
  return out;
}

/**
 * The keys of {@linkcode zeroRecord}`(keys)`, in its order: the index of a key in this list is
 * its slot in a counts array (see {@linkcode countsRecord}).
 */
export function recordKeys<K extends string>(keys: readonly K[]): (K | "unknown")[] {
  return Object.keys(zeroRecord(keys)) as (K | "unknown")[];
}

/**
 * Counts kept by slot (a key's index in `keys`) as the record of those keys, in their order.
 *
 * @example
 * ```ts
 * import { countsRecord } from "./section.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(countsRecord(["low", "unknown"], [2, 0]), { low: 2, unknown: 0 });
 * ```
 */
export function countsRecord<K extends string>(
  keys: readonly K[],
  counts: readonly number[],
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = counts[i]!;
  return out;
}

/** Adds the counts of `from` to `into`, slot by slot (arrays of counters of the same keys). */
export function addSlotCounts(into: number[], from: readonly number[]): void {
  for (let i = 0; i < from.length; i++) into[i] = (into[i] ?? 0) + from[i]!;
}

/** The keys of an `as const` table. */
export function keysOf<T extends object>(t: T): (keyof T & string)[] {
  return Object.keys(t) as (keyof T & string)[];
}

/** The first `top` entries of a count map, as name and count (the list capped as `list`). */
export function named(m: CountMap, ctx: SummaryContext, list: string, label: string): NamedCount[] {
  return ctx.cap(list, label, m.entries(), (e) => e.count).map((e) => ({ name: e.key, count: e.count }));
}

/** Adds the counts of `from` to `into` (records of counters). */
export function addCounts<K extends string>(
  into: Record<K, number>,
  from: Readonly<Record<K, number>>,
): void {
  for (const k in from) into[k] = (into[k] ?? 0) + from[k];
}

/** Adds the counts of `from` to `into` (maps of counters), new keys after the existing ones. */
export function addMapCounts<K>(into: Map<K, number>, from: ReadonlyMap<K, number>): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

/**
 * Adds maps of counter records: a key in both gets its fields summed, a new key is taken over
 * (or, when `into` holds `max` keys already, summed into the `pool` key's record).
 */
export function addMapRecords<K, R extends object>(
  into: Map<K, R>,
  from: ReadonlyMap<K, R>,
  max = Infinity,
  pool?: K,
): void {
  for (const [k, r] of from) {
    let key = k;
    let mine = into.get(key);
    if (mine === undefined && into.size >= max && pool !== undefined) {
      key = pool;
      mine = into.get(key);
    }
    if (mine === undefined) into.set(key, { ...r });
    else addCounts(mine as Record<string, number>, r as Record<string, number>);
  }
}
