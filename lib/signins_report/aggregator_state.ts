/**
 * The state of the report's sections as plain data, so an aggregator can cross a worker
 * boundary (structured clone keeps Maps, Sets and shared objects, not classes): a section's
 * public fields are its state (private fields are settings from the constructor or caches), and
 * the only class inside them is {@linkcode CountMap}, which is written as its
 * {@linkcode CountMapState}.
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

function encode(v: unknown, w: StateWalk): unknown {
  if (v === null || typeof v !== "object") return v;
  const seen = w.memo.get(v);
  if (seen !== undefined) return seen;
  if (v instanceof CountMap) {
    if (v.pooled) w.pooled = true;
    const out = { [COUNT_MAP]: v.exportState() };
    w.memo.set(v, out);
    return out;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    w.memo.set(v, out);
    for (const x of v) out.push(encode(x, w));
    return out;
  }
  if (v instanceof Map) {
    const out = new Map<unknown, unknown>();
    w.memo.set(v, out);
    if (!w.uncapped.has(v) && v.size >= w.maxKeys) w.pooled = true;
    for (const [k, x] of v) {
      if (typeof k === "string" && POOL_KEYS.includes(k)) w.pooled = true;
      out.set(k, encode(x, w));
    }
    return out;
  }
  if (v instanceof Set) {
    if (v.size >= SET_CAP) w.pooled = true;
    const out = new Set<unknown>();
    w.memo.set(v, out);
    for (const x of v) out.add(encode(x, w));
    return out;
  }
  const out: Record<string, unknown> = {};
  w.memo.set(v, out);
  for (const k of Object.keys(v)) out[k] = encode((v as Record<string, unknown>)[k], w);
  return out;
}

function decode(v: unknown, memo: Map<object, unknown>): unknown {
  if (v === null || typeof v !== "object") return v;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (COUNT_MAP in v) {
    const out = CountMap.fromState((v as Record<string, CountMapState>)[COUNT_MAP]!);
    memo.set(v, out);
    return out;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    memo.set(v, out);
    for (const x of v) out.push(decode(x, memo));
    return out;
  }
  if (v instanceof Map) {
    const out = new Map<unknown, unknown>();
    memo.set(v, out);
    for (const [k, x] of v) out.set(k, decode(x, memo));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set<unknown>();
    memo.set(v, out);
    for (const x of v) out.add(decode(x, memo));
    return out;
  }
  const out: Record<string, unknown> = {};
  memo.set(v, out);
  for (const k of Object.keys(v)) out[k] = decode((v as Record<string, unknown>)[k], memo);
  return out;
}

/**
 * A section's public fields as plain data.
 *
 * @param section the section
 * @param walk the walk (shared across the sections of one aggregator)
 * @returns its state
 */
export function sectionState(section: object, walk: StateWalk): SectionState {
  return encode(section, walk) as SectionState;
}

/**
 * Sets a fresh section's public fields from a state of {@linkcode sectionState}.
 *
 * @param section a section constructed with the same limits
 * @param state its state
 * @param memo objects already read (shared across the sections of one aggregator)
 */
export function restoreSection(section: object, state: SectionState, memo: Map<object, unknown>): void {
  const fields = decode(state, memo) as Record<string, unknown>;
  Object.assign(section, fields);
}
