/**
 * The toolkit's one counter: text keys to counts, with a limit on distinct keys, so a report's
 * memory stays bounded whatever the input holds: once `maxKeys` keys exist, new keys are
 * counted under {@linkcode OVERFLOW_KEY} (never dropped). Entries come out by count, then key,
 * independent of the machine's locale.
 *
 * @module
 */

/** The key that collects counts of keys beyond the limit. */
export const OVERFLOW_KEY = "(other values)";

/** The type of {@linkcode OVERFLOW_KEY}. */
export type OverflowKey = typeof OVERFLOW_KEY;

/** What {@linkcode CountMap.toRecord} gives: for a closed key set, only the keys counted are present. */
export type CountRecord<K extends string> = string extends K ? Record<string, number>
  : Partial<Record<K | OverflowKey, number>>;

/** One counted key. */
export interface CountEntry<K extends string = string> {
  /** The key. */
  readonly key: K;
  /** Its count. */
  readonly count: number;
}

/**
 * Orders entries by count (descending), then key (ascending, code-unit order): stable output.
 *
 * @example
 * ```ts
 * import { byCountThenKey } from "./count_map.ts";
 * import assert from "node:assert/strict";
 * const e = [{ key: "b", count: 1 }, { key: "a", count: 1 }, { key: "c", count: 5 }];
 * assert.deepEqual(e.sort(byCountThenKey).map((x) => x.key), ["c", "a", "b"]);
 * ```
 */
export function byCountThenKey(a: CountEntry, b: CountEntry): number {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** A {@linkcode CountMap} as plain data. */
export interface CountMapState {
  /** Most distinct keys. */
  max: number;
  /** Sum of all counts. */
  total: number;
  /** Counts in first-added order. */
  counts: Map<string, number>;
}

/**
 * A bounded text → count map. `K` narrows the keys `add` takes (e.g. a classifier's union);
 * what comes out may also be {@linkcode OVERFLOW_KEY}.
 *
 * @example Keys beyond the limit are pooled, not lost
 * ```ts
 * import { CountMap, OVERFLOW_KEY } from "./count_map.ts";
 * import assert from "node:assert/strict";
 * const m = new CountMap(2);
 * m.add("a"); m.add("b"); m.add("a"); m.add("c", 4);
 * assert.equal(m.get("a"), 2);
 * assert.equal(m.get(OVERFLOW_KEY), 4);
 * assert.equal(m.total, 7);
 * assert.deepEqual(m.entries().map((e) => e.key), [OVERFLOW_KEY, "a", "b"]);
 * ```
 *
 * @example Unbounded, for keys drawn from a closed set
 * ```ts
 * import { CountMap } from "./count_map.ts";
 * import assert from "node:assert/strict";
 * const m = new CountMap<"sms" | "voice">(Infinity);
 * m.add("voice"); m.add("sms", 2);
 * assert.deepEqual(m.toRecord(), { sms: 2, voice: 1 });
 * ```
 */
export class CountMap<K extends string = string> {
  readonly #map = new Map<K | OverflowKey, number>();
  readonly #max: number;
  #total = 0;

  /** @param maxKeys most distinct keys kept (the overflow key not included) @default 10000 */
  constructor(maxKeys = 10_000) {
    this.#max = maxKeys;
  }

  /**
   * Adds to a key's count.
   *
   * @param key the key
   * @param n how much @default 1
   */
  add(key: K, n = 1): void {
    this.#total += n;
    const m = this.#map;
    const v = m.get(key);
    if (v !== undefined) m.set(key, v + n);
    else if (m.size < this.#max || key === OVERFLOW_KEY) m.set(key, n);
    else m.set(OVERFLOW_KEY, (m.get(OVERFLOW_KEY) ?? 0) + n);
  }

  /**
   * Adds another map's counts, as if its keys had been added after this map's (its keys in
   * their first-added order, so the same keys are kept or pooled as one map fed both inputs
   * would, as long as `other` itself never pooled a key).
   *
   * @param other a map of counts that came later in the input
   *
   * @example
   * ```ts
   * import { CountMap } from "./count_map.ts";
   * import assert from "node:assert/strict";
   * const a = new CountMap(2), b = new CountMap(2);
   * a.add("x"); b.add("y", 2); b.add("x");
   * a.merge(b);
   * assert.deepEqual(a.toRecord(), { y: 2, x: 2 });
   * assert.equal(a.total, 4);
   * ```
   */
  merge(other: CountMap<K>): void {
    for (const [key, count] of other.#map) this.add(key as K, count);
  }

  /**
   * The map as plain data (structured-cloneable), for {@linkcode CountMap.fromState}.
   *
   * @returns limit, total and counts in first-added order
   */
  exportState(): CountMapState {
    return { max: this.#max, total: this.#total, counts: new Map(this.#map) };
  }

  /**
   * A map with the state of {@linkcode CountMap.exportState} (e.g. from another thread).
   *
   * @param state the state
   * @returns the map
   *
   * @example
   * ```ts
   * import { CountMap } from "./count_map.ts";
   * import assert from "node:assert/strict";
   * const a = new CountMap(2);
   * a.add("x"); a.add("y", 3); a.add("z");
   * const b = CountMap.fromState(structuredClone(a.exportState()));
   * assert.deepEqual([b.toRecord(), b.total, b.pooled], [a.toRecord(), 5, true]);
   * ```
   */
  static fromState<K extends string = string>(state: CountMapState): CountMap<K> {
    const m = new CountMap<K>(state.max);
    m.#total = state.total;
    for (const [k, n] of state.counts) m.#map.set(k as K, n);
    return m;
  }

  /** Whether a key was pooled under {@linkcode OVERFLOW_KEY} (or that key was counted). */
  get pooled(): boolean {
    return this.#map.has(OVERFLOW_KEY);
  }

  /** A key's count (0 when absent). */
  get(key: K | OverflowKey): number {
    return this.#map.get(key) ?? 0;
  }

  /** Sum of all counts. */
  get total(): number {
    return this.#total;
  }

  /** Distinct keys held (the overflow key included when used). */
  get size(): number {
    return this.#map.size;
  }

  /** All entries, by count descending then key. */
  entries(): CountEntry<K | OverflowKey>[] {
    return [...this.#map].map(([key, count]) => ({ key, count })).sort(byCountThenKey);
  }

  /**
   * The map as a plain object with keys in {@linkcode CountMap.entries} order (JavaScript lists
   * integer-like keys first). Built with `Object.fromEntries`, so a key such as `__proto__` is an
   * ordinary own property.
   */
  toRecord(): CountRecord<K> {
    return Object.fromEntries(this.entries().map((e) => [e.key, e.count])) as CountRecord<K>;
  }
}
