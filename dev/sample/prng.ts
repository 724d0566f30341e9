/**
 * A small seeded pseudo-random number generator (mulberry32) for the sample tenant.
 * Everything the generator draws comes from here, never from `Math.random`, so a seed
 * always yields the same tenant.
 *
 * @module
 */

/**
 * Mixes several 32-bit integers into one well-spread 32-bit seed (a murmur3-style finaliser
 * applied after each part). Used to derive independent streams, e.g. one per user or per hour.
 *
 * @param parts integers; only their low 32 bits count
 * @returns an unsigned 32-bit integer
 *
 * @example Deriving per-item seeds
 * ```ts
 * import { mixSeed } from "./prng.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mixSeed(1, 2), mixSeed(1, 2));
 * assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
 * assert.ok(mixSeed(7) >= 0 && mixSeed(7) < 2 ** 32);
 * ```
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    h = (h + 0x6d2b79f5) | 0;
  }
  return h >>> 0;
}

const HEX_CODES = Array.from("0123456789abcdef", (ch) => ch.charCodeAt(0));
const UUID_CODES: number[] = new Array<number>(36).fill(48);

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex4(n: number): string {
  return (BYTE_HEX[(n >>> 8) & 255] as string) + BYTE_HEX[n & 255];
}

function hex8(n: number): string {
  return hex4(n >>> 16) + hex4(n & 0xffff);
}
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * A deterministic random stream (mulberry32). Create one with {@linkcode createPrng}.
 *
 * @example Drawing values
 * ```ts
 * import { Prng } from "./prng.ts";
 * import assert from "node:assert/strict";
 * const a = new Prng(42);
 * const b = new Prng(42);
 * assert.equal(a.next(), b.next());
 * const n = a.int(1, 6);
 * assert.ok(Number.isInteger(n) && n >= 1 && n <= 6);
 * ```
 */
export class Prng {
  #state: number;

  /** @param seed any number; only its low 32 bits count */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /**
   * The next value in [0, 1).
   *
   * @returns a float in [0, 1)
   */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /**
   * The next unsigned 32-bit integer.
   *
   * @returns an integer in [0, 2^32)
   */
  uint32(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /**
   * A whole number from `min` to `max`, both included.
   *
   * @param min lowest value
   * @param max highest value
   * @returns an integer in [min, max]
   */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * True with probability `p`.
   *
   * @param p probability from 0 to 1
   * @returns whether the event happened
   */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * One item of a non-empty list, uniformly.
   *
   * @param items the list
   * @returns one of its items
   */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("Cannot pick from a list: the list is empty");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /**
   * One value of a weighted list of `[value, weight]` pairs.
   *
   * @param entries pairs with non-negative weights, at least one positive
   * @returns the chosen value
   */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError("Cannot pick from a weighted list: the list is empty");
    return last[0];
  }

  /**
   * A random version-4-shaped GUID in lower case.
   *
   * @returns e.g. `"3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"`
   */
  uuid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    const codes = UUID_CODES;
    let i = 0;
    const put = (n: number, digits: number) => {
      for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        codes[i++] = HEX_CODES[(n >>> shift) & 15] as number;
      }
    };
    put(a, 8);
    codes[i++] = 45;
    put(c >>> 16, 4);
    codes[i++] = 45;
    put(((b >>> 16) & 0x0fff) | 0x4000, 4); // version 4
    codes[i++] = 45;
    put((b & 0x3fff) | 0x8000, 4); // variant 10xx
    codes[i++] = 45;
    put(c & 0xffff, 4);
    put(d, 8);
    return String.fromCharCode(...codes);
  }

  /**
   * `length` random lower-case hex digits.
   *
   * @param length number of digits
   * @returns the hex string
   */
  hex(length: number): string {
    let s = "";
    while (s.length < length) s += hex8(this.uint32());
    return s.slice(0, length);
  }

  /**
   * `length` random base64url characters (as in Graph's `uniqueTokenIdentifier`).
   *
   * @param length number of characters
   * @returns the string
   */
  base64url(length: number): string {
    const chars: string[] = [];
    while (chars.length < length) {
      const n = this.uint32();
      for (let i = 0; i < 5 && chars.length < length; i++) chars.push(B64URL[(n >>> (i * 6)) & 63] as string);
    }
    return chars.join("");
  }
}

/**
 * Creates a {@linkcode Prng} from one or more integers (mixed with {@linkcode mixSeed}).
 *
 * @param parts the seed and any stream discriminators
 * @returns a new generator
 *
 * @example Same parts, same stream
 * ```ts
 * import { createPrng } from "./prng.ts";
 * import assert from "node:assert/strict";
 * assert.equal(createPrng(1, 5).uuid(), createPrng(1, 5).uuid());
 * assert.notEqual(createPrng(1, 5).uuid(), createPrng(1, 6).uuid());
 * assert.match(createPrng(3).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
 * ```
 */
export function createPrng(...parts: number[]): Prng {
  return new Prng(mixSeed(...parts));
}
