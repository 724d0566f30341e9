/**
 * A compact set of 64-bit string hashes (private): open addressing over a Uint32Array, 8 bytes
 * per slot at a load factor of at most 1/2, plus a 32-bit tag per slot (the first copy's content
 * fingerprint, so a later duplicate with different content can be told apart): 24 to 48 bytes
 * per id however long the id is, in 64 tables that grow one at a time. Two different ids collide
 * with probability ~n²/2⁶⁵ (about 3 in a million for 10 million ids).
 *
 * @module
 */

/** What {@linkcode IdHashSet.addTagged} returns for an id not seen before. */
export const NEW_ID = -1;

/** Sub-tables (by the top bits of the hash): each grows on its own, so growing never holds two copies of the whole set. */
const PARTS = 64;
/** A hash's second half, shifted right by this, is its sub-table (its top log2(PARTS) bits). */
const PART_SHIFT = 32 - Math.log2(PARTS);

/** One sub-table: slot pairs of hash halves, the tags, the index mask, the ids held. */
interface Part {
  slots: Uint32Array;
  tags: Uint32Array;
  mask: number;
  size: number;
}

function newPart(slots: number): Part {
  return { slots: new Uint32Array(2 * slots), tags: new Uint32Array(slots), mask: slots - 1, size: 0 };
}

/**
 * The set. It is split by hash into {@linkcode PARTS} tables that each double on their own: at
 * the moment one grows, the old and new copies of that table (1/64 of the set) are held, not
 * of the whole set (a million ids: a transient 0.6 MB, not 38 MB).
 */
export class IdHashSet {
  readonly #parts: Part[] = Array.from({ length: PARTS }, () => newPart(64));
  size = 0;

  /** Adds the id; returns false when (its hash) was already present. */
  add(id: string): boolean {
    return this.addTagged(id, 0) === NEW_ID;
  }

  /**
   * Adds the id with a tag; returns {@linkcode NEW_ID} when the id is new, else the tag stored
   * with its first copy (the stored tag is kept).
   */
  addTagged(id: string, tag: number): number {
    let h1 = 0x811c9dc5 | 0, h2 = 0x9747b28c | 0;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 ^= h1 >>> 13;
    h1 = Math.imul(h1, 0xc2b2ae35);
    h1 ^= h1 >>> 16;
    if (h1 === 0 && h2 === 0) h2 = 1;
    return this.#add(h1 >>> 0, h2 >>> 0, tag >>> 0);
  }

  /**
   * The 64-bit hashes held, as pairs of 32-bit halves (compact; for comparing the id sets of two
   * parts of an input without their ids).
   */
  hashes(): Uint32Array {
    const out = new Uint32Array(2 * this.size);
    let j = 0;
    for (const part of this.#parts) {
      const slots = part.slots;
      for (let i = 0; i < slots.length; i += 2) {
        const a = slots[i]!, b = slots[i + 1]!;
        if (a !== 0 || b !== 0) {
          out[j++] = a;
          out[j++] = b;
        }
      }
    }
    return out;
  }

  /**
   * Adds the hashes of {@linkcode IdHashSet.hashes} (another set's ids).
   *
   * @returns whether every one was new
   */
  addHashes(pairs: Uint32Array): boolean {
    let fresh = true;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (this.#add(pairs[i]!, pairs[i + 1]!, 0) !== NEW_ID) fresh = false;
    }
    return fresh;
  }

  #add(a: number, b: number, tag: number): number {
    const part = this.#parts[b >>> PART_SHIFT]!;
    if ((part.size + 1) * 2 > part.mask + 1) grow(part);
    const r = insert(part, a, b, tag);
    if (r === NEW_ID) this.size++;
    return r;
  }
}

function insert(part: Part, a: number, b: number, tag: number): number {
  const slots = part.slots;
  const mask = part.mask;
  let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
  for (;;) {
    const x = slots[2 * i]!, y = slots[2 * i + 1]!;
    if (x === 0 && y === 0) {
      slots[2 * i] = a;
      slots[2 * i + 1] = b;
      part.tags[i] = tag;
      part.size++;
      return NEW_ID;
    }
    if (x === a && y === b) return part.tags[i]!;
    i = (i + 1) & mask;
  }
}

function grow(part: Part): void {
  const old = part.slots;
  const oldTags = part.tags;
  part.slots = new Uint32Array(old.length * 2);
  part.tags = new Uint32Array(oldTags.length * 2);
  part.mask = part.mask * 2 + 1;
  part.size = 0;
  for (let i = 0; i < old.length; i += 2) {
    const a = old[i]!, b = old[i + 1]!;
    if (a !== 0 || b !== 0) insert(part, a, b, oldTags[i / 2]!);
  }
}

/**
 * Whether no 64-bit id hash is in two of the parts (each from {@linkcode IdHashSet.hashes}, so
 * distinct within itself): the parts' ids are disjoint (a hash collision reads as a shared id).
 *
 * @param parts the hashes of each part
 * @returns true when no hash repeats across parts
 *
 * @example
 * ```ts
 * import { disjointIdHashes, IdHashSet } from "./_id_set.ts";
 * import assert from "node:assert/strict";
 * const set = (...ids: string[]) => { const s = new IdHashSet(); for (const id of ids) s.add(id); return s.hashes(); };
 * assert.equal(disjointIdHashes([set("a", "b"), set("c")]), true);
 * assert.equal(disjointIdHashes([set("a", "b"), set("c", "a")]), false);
 * ```
 */
export function disjointIdHashes(parts: readonly Uint32Array[]): boolean {
  const check = new DisjointIdHashes();
  return parts.every((p, i) => check.add(p, i === parts.length - 1));
}

/**
 * {@linkcode disjointIdHashes} one part at a time, each as soon as it is there (the parts of an
 * input read in parallel, taken in order while later ones are still being read). Each part kept
 * is a sorted copy of its hashes (8 bytes per id, no hash table: at a million ids the table took
 * tens of MB more), and later parts are looked up in it by binary search.
 *
 * @example
 * ```ts
 * import { DisjointIdHashes, IdHashSet } from "./_id_set.ts";
 * import assert from "node:assert/strict";
 * const set = (...ids: string[]) => { const s = new IdHashSet(); for (const id of ids) s.add(id); return s.hashes(); };
 * const check = new DisjointIdHashes();
 * assert.equal(check.add(set("a", "b")), true);
 * assert.equal(check.add(set("c", "a"), true), false);
 * ```
 */
export class DisjointIdHashes {
  /** The parts kept, each sorted by {@linkcode sortedPairs}. */
  readonly #sorted: Uint32Array[] = [];
  #disjoint = true;

  /**
   * Takes the next part's hashes (from {@linkcode IdHashSet.hashes}, distinct within the part).
   *
   * @param part the hashes
   * @param last whether no part follows (its hashes are then only looked up, not kept)
   * @returns whether no hash is in two of the parts taken so far
   */
  add(part: Uint32Array, last = false): boolean {
    if (!this.#disjoint) return false;
    if (this.#sorted.some((s) => sharesPair(s, part))) return this.#disjoint = false;
    if (!last) this.#sorted.push(sortedPairs(part));
    return true;
  }
}

/** Where a pair's halves sit in a 64-bit element of the platform's byte order: the low one first on little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1, HI = 1 - LO;

/** A copy of the pairs sorted as unsigned 64-bit numbers (by the `HI` half, then the `LO` half). */
function sortedPairs(pairs: Uint32Array): Uint32Array {
  const copy = pairs.slice(0, pairs.length & ~1);
  new BigUint64Array(copy.buffer, 0, copy.length / 2).sort();
  return copy;
}

/** Whether one of the pairs is in `sorted` (from {@linkcode sortedPairs}). */
function sharesPair(sorted: Uint32Array, pairs: Uint32Array): boolean {
  const n = sorted.length / 2;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const lo = pairs[i + LO]!, hi = pairs[i + HI]!;
    let a = 0, b = n;
    while (a < b) {
      const m = (a + b) >>> 1;
      const mh = sorted[2 * m + HI]!;
      if (mh < hi || (mh === hi && sorted[2 * m + LO]! < lo)) a = m + 1;
      else b = m;
    }
    if (a < n && sorted[2 * a + HI] === hi && sorted[2 * a + LO] === lo) return true;
  }
  return false;
}
