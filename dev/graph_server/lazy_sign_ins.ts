/**
 * A sign-in log the local server generates page by page instead of holding it: the sample
 * tenant's hour buckets (each made on its own from the seed, the users and its index) are built
 * when a page needs them and kept in a small cache. A page position is (bucket, index among the
 * bucket's matching rows), so paging never counts from the start; a `createdDateTime` range
 * only visits the buckets it covers. Rows come out exactly as `generateSignIns` streams them.
 *
 * @module
 */
import type { GraphObject, LazyCollection } from "../sample/dataset.ts";

export type { LazyCollection };
import type { ResolvedSampleOptions } from "../sample/options.ts";
import type { UserPlan } from "../sample/_user_plan.ts";
import { _signInBucket, _signInBuckets } from "../sample/sign_ins.ts";

const HOUR_MS = 3_600_000;

/** Positions are `bucket × BUCKET_STRIDE + index` (a bucket holds far fewer rows). */
export const BUCKET_STRIDE = 10_000_000;

/**
 * The sample tenant's sign-in log as a {@linkcode LazyCollection}, with the last `cacheSize`
 * buckets kept.
 *
 * @example The same rows as the stream
 * ```ts
 * import { LazySignInLog } from "./lazy_sign_ins.ts";
 * import { resolveSampleOptions } from "../sample/options.ts";
 * import { planUsers } from "../sample/_user_plan.ts";
 * import { generateSignIns } from "../sample/sign_ins.ts";
 * import assert from "node:assert/strict";
 * const o = resolveSampleOptions({ users: 40, days: 2 });
 * const log = new LazySignInLog(o, planUsers(o));
 * const lazy = Array.from({ length: log.buckets }, (_, k) => log.rows(k)).flat();
 * assert.deepEqual(lazy, [...generateSignIns({ users: 40, days: 2 })]);
 * assert.deepEqual(log.range(undefined), [0, 47]);
 * ```
 */
export class LazySignInLog implements LazyCollection {
  /** Buckets (hours). */
  readonly buckets: number;
  readonly #cache = new Map<number, readonly GraphObject[]>();

  /**
   * @param options the resolved sample options
   * @param plans the planned users
   * @param cacheSize buckets kept (default 8)
   */
  constructor(
    readonly options: ResolvedSampleOptions,
    readonly plans: readonly UserPlan[],
    readonly cacheSize = 8,
  ) {
    this.buckets = _signInBuckets(options);
  }

  range(bounds: { min: number; max: number } | undefined): [number, number] {
    if (bounds === undefined) return [0, this.buckets - 1];
    const now = this.options.nowMs;
    // one bucket of slack each side: a chain started late in an hour may end in the next
    const first = Math.max(0, Math.floor((now - bounds.max) / HOUR_MS) - 1);
    const last = Math.min(this.buckets - 1, Math.floor((now - bounds.min) / HOUR_MS) + 1);
    return [first, last];
  }

  rows(k: number): readonly GraphObject[] {
    const hit = this.#cache.get(k);
    if (hit !== undefined) {
      this.#cache.delete(k);
      this.#cache.set(k, hit);
      return hit;
    }
    const rows = _signInBucket(this.options, this.plans, k);
    if (this.#cache.size >= this.cacheSize) this.#cache.delete(this.#cache.keys().next().value as number);
    this.#cache.set(k, rows);
    return rows;
  }
}

/**
 * One page of a lazy collection from `position`: at most `size` rows that `keep`, walking
 * buckets `[first, last]`, and the position after them (undefined at the end; a full page looks
 * ahead so the last page carries no link to an empty one).
 *
 * @example
 * ```ts
 * import { lazyPage, BUCKET_STRIDE } from "./lazy_sign_ins.ts";
 * import assert from "node:assert/strict";
 * const data = [[{ n: 1 }, { n: 2 }], [], [{ n: 3 }]];
 * const log = { buckets: 3, range: () => [0, 2] as [number, number], rows: (k: number) => data[k] ?? [] };
 * const p1 = lazyPage(log, [0, 2], 0, 2, () => true);
 * assert.deepEqual(p1.items.map((o) => o.n), [1, 2]);
 * assert.equal(p1.next, 2 * BUCKET_STRIDE);
 * const p2 = lazyPage(log, [0, 2], p1.next!, 2, () => true);
 * assert.deepEqual(p2.items.map((o) => o.n), [3]);
 * assert.equal(p2.next, undefined);
 * ```
 */
export function lazyPage(
  log: LazyCollection,
  [first, last]: [number, number],
  position: number,
  size: number,
  keep: (o: GraphObject) => boolean,
): { items: GraphObject[]; next: number | undefined } {
  let k = Math.max(first, Math.floor(position / BUCKET_STRIDE));
  let i = k === Math.floor(position / BUCKET_STRIDE) ? position % BUCKET_STRIDE : 0;
  const items: GraphObject[] = [];
  for (; k <= last; k++, i = 0) {
    const rows = log.rows(k);
    let seen = 0; // matching rows of this bucket before index i are skipped
    for (const row of rows) {
      if (!keep(row)) continue;
      if (seen++ < i) continue;
      if (items.length === size) return { items, next: k * BUCKET_STRIDE + (seen - 1) };
      items.push(row);
    }
  }
  return { items, next: undefined };
}
