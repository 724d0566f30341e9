/**
 * The state of the report's sections as plain data, so an aggregator can cross a worker
 * boundary (structured clone keeps Maps, Sets and shared objects, not classes): a section's
 * public fields are its state (private fields are settings from the constructor or caches), and
 * the only class inside them is {@linkcode CountMap}, which is written as its
 * {@linkcode CountMapState}. One table of the kinds of value a state holds (arrays, maps, sets,
 * plain objects) is walked both ways, so writing and reading cannot drift apart, and a field of
 * any other class is refused rather than silently flattened.
 *
 * The walk also tells whether any part of a state pooled keys beyond a cap: merging such a state
 * is not guaranteed to give a single pass's numbers (see `ReportSection.merge`), so a caller that
 * merges parts must then read the input in one pass.
 *
 * @module
 */
import { CountMap, type CountMapState } from "../report/count_map.ts";

const COUNT_MAP = "\u0000CountMap";

/** A section's fields as plain data. */
export type SectionState = Record<string, unknown>;

/** What the walk found besides the data. */
export interface StateWalk {
  /** Objects already written (shared objects stay shared). */
  readonly memo: Map<object, unknown>;
  /** Whether some capped map or set is full or pooled keys. */
  pooled: boolean;
  /** Distinct keys per open-ended map (a map this large may have been capped). */
  readonly maxKeys: number;
  /** Maps that are never capped (the per-user records). */
  readonly uncapped: ReadonlySet<object>;
}

/** Pool keys of maps that pool (requirement by app). */
const POOL_KEYS: readonly string[] = ["(other apps)"];
/** Largest capped set (CA grant and session controls per policy). */
const SET_CAP = 50;

/**
 * A container the walk goes into: the same description is walked to write a state and to read
 * it back (`entries` of the source, `put` into a fresh `make()`), so no kind of field can be
 * written without being read. `Set.entries()` yields each value twice, as `[value, value]`.
 */
interface ContainerKind {
  /** Whether `v` is of this kind. */
  is(v: object): boolean;
  /** An empty one. */
  make(): object;
  /** The entries, as `[key, value]`. */
  entries(v: object): Iterable<[unknown, unknown]>;
  /** The values (of the entries). */
  values(v: object): Iterable<unknown>;
  /** Adds an entry. */
  put(out: object, key: unknown, value: unknown): void;
  /** Replaces each value by `f(value)` where it differs, in place (the same keys, in order). */
  update(v: object, f: (value: unknown) => unknown): void;
  /** Whether a live container of this kind (when writing) may have been capped. */
  pooled(v: object, w: StateWalk): boolean;
}

/** Every kind of value a section's state holds, besides primitives and {@linkcode CountMap}. */
const CONTAINER_KINDS: readonly ContainerKind[] = [
  {
    is: (v) => Array.isArray(v),
    make: () => [],
    entries: (v) => (v as unknown[]).entries(),
    values: (v) => v as unknown[],
    put: (out, _k, x) => (out as unknown[]).push(x),
    update: (v, f) => {
      const a = v as unknown[];
      for (let i = 0; i < a.length; i++) {
        const y = f(a[i]);
        if (y !== a[i]) a[i] = y;
      }
    },
    pooled: () => false,
  },
  {
    is: (v) => v instanceof Map,
    make: () => new Map(),
    entries: (v) => (v as Map<unknown, unknown>).entries(),
    values: (v) => (v as Map<unknown, unknown>).values(),
    put: (out, k, x) => (out as Map<unknown, unknown>).set(k, x),
    update: (v, f) => {
      // setting a key the map has keeps its place (and the iteration going)
      const m = v as Map<unknown, unknown>;
      for (const [k, x] of m) {
        const y = f(x);
        if (y !== x) m.set(k, y);
      }
    },
    pooled: (v, w) => {
      const m = v as Map<unknown, unknown>;
      if (!w.uncapped.has(m) && m.size >= w.maxKeys) return true;
      for (const k of m.keys()) if (typeof k === "string" && POOL_KEYS.includes(k)) return true;
      return false;
    },
  },
  {
    is: (v) => v instanceof Set,
    make: () => new Set(),
    entries: (v) => (v as Set<unknown>).entries(),
    values: (v) => (v as Set<unknown>).values(),
    put: (out, _k, x) => (out as Set<unknown>).add(x),
    update: (v, f) => {
      const set = v as Set<unknown>;
      const before = [...set], after = before.map(f);
      if (after.every((y, i) => y === before[i])) return;
      set.clear();
      for (const y of after) set.add(y);
    },
    pooled: (v) => (v as Set<unknown>).size >= SET_CAP,
  },
  {
    // plain objects only: an instance of another class would lose its class in a structured clone
    is: (v) => Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null,
    make: () => ({}),
    entries: (v) => Object.entries(v),
    values: (v) => Object.values(v),
    put: (out, k, x) => (out as Record<string, unknown>)[k as string] = x,
    update: (v, f) => {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const y = f(o[k]);
        if (y !== o[k]) o[k] = y;
      }
    },
    pooled: () => false,
  },
];

/** The kind of a container value of a state. @throws {TypeError} for a value of another class */
function kindOf(v: object): ContainerKind {
  const kind = CONTAINER_KINDS.find((k) => k.is(v));
  if (kind === undefined) {
    throw new TypeError(
      `Cannot write a sign-in report state: a ${
        v.constructor?.name ?? "value"
      } is not a kind the state knows`,
    );
  }
  return kind;
}

/** One walk, both ways: `write` turns live values into data, `read` data back into live values. */
type Direction = "write" | "read";

/**
 * Walks a value one way. A copy (`inPlace` false) is made of fresh containers; in place, each
 * container is kept and only its values that change (a {@linkcode CountMap} and its state) are
 * replaced: the source is used up, which saves building a copy of the whole state on each side
 * of a worker boundary (the structured clone already makes one).
 */
function walk(
  v: unknown,
  dir: Direction,
  memo: Map<object, unknown>,
  w?: StateWalk,
  inPlace = false,
): unknown {
  if (v === null || typeof v !== "object") return v;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  let out: unknown;
  if (dir === "write" && v instanceof CountMap) {
    if (v.pooled && w) w.pooled = true;
    out = { [COUNT_MAP]: v.exportState() };
  } else if (dir === "read" && COUNT_MAP in v) {
    out = CountMap.fromState((v as Record<string, CountMapState>)[COUNT_MAP]!);
  } else {
    const kind = kindOf(v);
    if (dir === "write" && w && kind.pooled(v, w)) w.pooled = true;
    if (inPlace) {
      memo.set(v, v);
      kind.update(v, (x) => walk(x, dir, memo, w, true));
      return v;
    }
    const made = kind.make();
    memo.set(v, made);
    for (const [k, x] of kind.entries(v)) kind.put(made, k, walk(x, dir, memo, w));
    return made;
  }
  memo.set(v, out);
  return out;
}

/**
 * A section's public fields as plain data.
 *
 * @param section the section
 * @param walk the walk (shared across the sections of one aggregator)
 * @returns its state
 * @throws {TypeError} for a field holding a class the state does not know (it would not survive)
 */
export function sectionState(section: object, w: StateWalk): SectionState {
  const fields: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(section)) fields[k] = walk(x, "write", w.memo, w);
  return fields;
}

/**
 * {@linkcode sectionState} made of the section's own containers (each {@linkcode CountMap} in
 * them replaced by its state): no copy, but the section must not be used afterwards (a worker's
 * aggregator, dropped once its state is sent, which the structured clone copies anyway).
 *
 * @param section the section (used up)
 * @param w the walk (shared across the sections of one aggregator)
 * @returns its state, the same data as {@linkcode sectionState}'s
 * @throws {TypeError} as {@linkcode sectionState}
 *
 * @example
 * ```ts
 * import { restoreSection, sectionState, takeSectionState } from "./aggregator_state.ts";
 * import { CountMap } from "../report/count_map.ts";
 * import assert from "node:assert/strict";
 * const walk = () => ({ memo: new Map(), pooled: false, maxKeys: 10, uncapped: new Set<object>() });
 * const section = () => {
 *   const texts = new CountMap<string>(5);
 *   texts.add("sms", 2);
 *   return { byApp: new Map([["Office 365", { texts, n: 2 }]]), total: 2 };
 * };
 * const taken = takeSectionState(section(), walk());
 * assert.deepEqual(taken, sectionState(section(), walk()));
 * const back: { byApp?: Map<string, { texts: CountMap<string> }> } = {};
 * restoreSection(back, structuredClone(taken), new Map());
 * assert.equal(back.byApp!.get("Office 365")!.texts.get("sms"), 2);
 * ```
 */
export function takeSectionState(section: object, w: StateWalk): SectionState {
  const fields: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(section)) fields[k] = walk(x, "write", w.memo, w, true);
  return fields;
}

/**
 * Whether a section's public fields hold a capped map or set that may have pooled keys: what
 * writing its state ({@linkcode sectionState}) sets `w.pooled` to, without writing it (for an
 * aggregator that stays in its thread). Stops at the first.
 *
 * @param section the section
 * @param w the limits (its `pooled` is set when true; `memo` is not used)
 * @returns whether it may have pooled keys
 * @throws {TypeError} as {@linkcode sectionState}, for a field it would refuse
 *
 * @example
 * ```ts
 * import { sectionPooled } from "./aggregator_state.ts";
 * import assert from "node:assert/strict";
 * const walk = { memo: new Map(), pooled: false, maxKeys: 2, uncapped: new Set<object>() };
 * assert.equal(sectionPooled({ byApp: new Map([["a", 1]]) }, walk), false);
 * assert.equal(sectionPooled({ byApp: new Map([["a", 1], ["b", 2]]) }, walk), true);
 * ```
 */
export function sectionPooled(section: object, w: StateWalk): boolean {
  const seen = new Set<object>();
  const pooled = (v: unknown): boolean => {
    if (v === null || typeof v !== "object" || seen.has(v)) return false;
    seen.add(v);
    if (v instanceof CountMap) return v.pooled;
    const kind = kindOf(v);
    if (kind.pooled(v, w)) return true;
    for (const x of kind.values(v)) if (x !== null && typeof x === "object" && pooled(x)) return true;
    return false;
  };
  for (const x of Object.values(section)) {
    if (pooled(x)) return w.pooled = true;
  }
  return false;
}

/**
 * Sets a fresh section's public fields from a state of {@linkcode sectionState}. The state is
 * used up: its containers become the section's (give it a copy, e.g. a structured clone, to
 * keep it).
 *
 * @param section a section constructed with the same limits
 * @param state its state (used up)
 * @param memo objects already read (shared across the sections of one aggregator)
 */
export function restoreSection(section: object, state: SectionState, memo: Map<object, unknown>): void {
  const fields = walk(state, "read", memo, undefined, true) as Record<string, unknown>;
  Object.assign(section, fields);
}
