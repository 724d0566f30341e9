/**
 * Cutting a byte stream into line-aligned ranges of about a given size, for readers that parse
 * the ranges of one NDJSON file in parallel (`signins-report --threads`): each range ends just
 * after a line feed (the last one may not), so no line and no UTF-8 character is split between
 * two ranges. Every range but the first starts with {@linkcode RANGE_PREFIX} (a space and a line
 * feed: one blank line), so that a range never begins with bytes a decoder could take for a
 * byte-order mark or UTF-16; a reader counts that blank line as line 0. Each range from
 * {@linkcode LineRangeCutter.push} is its own `ArrayBuffer` (it can be transferred to a worker);
 * {@linkcode LineRangeCutter.pushEach} hands out views of one reused buffer instead, for a reader
 * in the same thread (an `ArrayBuffer` per range is external memory V8 counts: a 1 GB file read
 * in 1 MiB ranges cost dozens of full garbage collections).
 *
 * @module
 */

/** The bytes before every range but the first: one blank line. */
export const RANGE_PREFIX: readonly number[] = [0x20, 0x0a];
const P = RANGE_PREFIX.length;

/** One line-aligned range of bytes. */
export interface LineRange {
  /** 0-based position in the sequence of ranges. */
  readonly index: number;
  /** The bytes (for every range but the first, preceded by {@linkcode RANGE_PREFIX}). */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Whether `bytes` starts with {@linkcode RANGE_PREFIX}. */
  readonly prefixed: boolean;
  /** Offset in the stream of the range's first own byte. */
  readonly start: number;
}

/**
 * Cuts pushed byte chunks into line-aligned ranges.
 *
 * @example Ranges of about 8 bytes
 * ```ts
 * import { LineRangeCutter } from "./line_ranges.ts";
 * import assert from "node:assert/strict";
 * const c = new LineRangeCutter(8);
 * const text = (r: { bytes: Uint8Array }) => new TextDecoder().decode(r.bytes);
 * const out = [...c.push(new TextEncoder().encode("a\nbbbbbbbbbbb\ncc\n")), ...c.push(new TextEncoder().encode("d"))];
 * const last = c.end();
 * if (last !== null) out.push(last);
 * assert.deepEqual(out.map(text), ["a\nbbbbbbbbbbb\n", " \ncc\nd"]);
 * assert.deepEqual(out.map((r) => r.start), [0, 14]);
 * ```
 */
export class LineRangeCutter {
  readonly #target: number;
  readonly #hardMax: number;
  #buf: Uint8Array<ArrayBuffer>;
  #len = 0;
  #index = 0;
  #start = 0;
  #scanned = 0;

  /**
   * @param target bytes per range (a range ends at the first line feed after this many bytes)
   * @param hardMax longest range without a line feed: past it, the bytes so far are one range
   *   (the reader then refuses the over-long line) @default 64 MiB
   */
  constructor(target: number, hardMax = 64 * 1024 * 1024) {
    this.#target = Math.max(1, target);
    this.#hardMax = Math.max(this.#target, hardMax);
    this.#buf = new Uint8Array(this.#target + 64 * 1024);
  }

  /**
   * Takes the next chunk (copied; the caller may reuse it).
   *
   * @param chunk bytes
   * @returns the ranges this chunk completed
   */
  push(chunk: Uint8Array): LineRange[] {
    const out: LineRange[] = [];
    this.#feed(chunk, (r) => out.push(r), false);
    return out;
  }

  /**
   * Takes the next chunk (copied; the caller may reuse it) and hands each range it completes to
   * `take` at once, cut where {@linkcode LineRangeCutter.push} cuts, as a view of the cutter's
   * buffer, which the next range reuses: the bytes are valid only during the call (and those of
   * {@linkcode LineRangeCutter.end} until the next push).
   *
   * @param chunk bytes
   * @param take called with each range completed, in order
   *
   * @example
   * ```ts
   * import { LineRangeCutter } from "./line_ranges.ts";
   * import assert from "node:assert/strict";
   * const c = new LineRangeCutter(8);
   * const seen: string[] = [];
   * c.pushEach(new TextEncoder().encode("a\nbbbbbbbbbbb\ncc\nd"), (r) => seen.push(new TextDecoder().decode(r.bytes)));
   * assert.deepEqual(seen, ["a\nbbbbbbbbbbb\n"]);
   * assert.equal(new TextDecoder().decode(c.end()!.bytes), " \ncc\nd");
   * ```
   */
  pushEach(chunk: Uint8Array, take: (r: LineRange) => void): void {
    this.#feed(chunk, take, true);
  }

  #feed(chunk: Uint8Array, take: (r: LineRange) => void, reuse: boolean): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.#len === this.#buf.length) this.#grow();
      const n = Math.min(chunk.length - off, this.#buf.length - this.#len);
      this.#buf.set(chunk.subarray(off, off + n), this.#len);
      this.#len += n;
      off += n;
      const own = this.#len - this.#prefix();
      if (own < this.#target) continue;
      // the last line feed at or after the target size, scanning only bytes not yet scanned
      const from = Math.max(this.#prefix() + this.#target - 1, this.#scanned);
      const nl = this.#buf.subarray(from, this.#len).indexOf(10);
      if (nl >= 0) {
        this.#give(from + nl + 1, take, reuse);
      } else if (own >= this.#hardMax) {
        this.#give(this.#len, take, reuse);
      } else {
        this.#scanned = this.#len;
      }
    }
  }

  /** Cuts at `at` and hands the range over: in its own buffer, or (reuse) as a view, before the rest moves to the front. */
  #give(at: number, take: (r: LineRange) => void, reuse: boolean): void {
    if (!reuse) {
      take(this.#cut(at));
      return;
    }
    const rest = this.#len - at + P;
    const into = rest <= this.#buf.length ? this.#buf : new Uint8Array(rest + 64 * 1024);
    take(this.#range(at));
    this.#next(at, into);
  }

  /** The bytes left at the end of the stream, as the last range (null: nothing left). */
  end(): LineRange | null {
    if (this.#len - this.#prefix() === 0) return null;
    return this.#cut(this.#len);
  }

  #prefix(): number {
    return this.#index === 0 ? 0 : P;
  }

  #grow(): void {
    const next = new Uint8Array(this.#buf.length * 2);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  /** Ends the current range at `at` (in its own buffer); what follows starts the next one, in a new buffer. */
  #cut(at: number): LineRange {
    const range = this.#range(at);
    this.#next(at, new Uint8Array(Math.max(this.#target + 64 * 1024, this.#len - at + P + 64 * 1024)));
    return range;
  }

  /** The current range, ending at `at` (a view of the buffer). */
  #range(at: number): LineRange {
    return {
      index: this.#index,
      bytes: this.#buf.subarray(0, at),
      prefixed: this.#index > 0,
      start: this.#start,
    };
  }

  /** Starts the next range in `into` (the buffer itself, or a new one): the prefix, then the bytes after `at`. */
  #next(at: number, into: Uint8Array<ArrayBuffer>): void {
    this.#start += at - (this.#index > 0 ? P : 0);
    const restLength = this.#len - at;
    if (into === this.#buf) into.copyWithin(P, at, this.#len);
    else into.set(this.#buf.subarray(at, this.#len), P);
    into.set(RANGE_PREFIX, 0);
    this.#buf = into;
    this.#len = restLength + P;
    this.#scanned = P;
    this.#index++;
  }
}
