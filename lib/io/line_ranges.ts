/**
 * Cutting a byte stream into line-aligned ranges of about a given size, for readers that parse
 * the ranges of one NDJSON file in parallel (`signins-report --threads`): each range ends just
 * after a line feed (the last one may not), so no line and no UTF-8 character is split between
 * two ranges. Every range but the first starts with {@linkcode RANGE_PREFIX} (a space and a line
 * feed: one blank line), so that a range never begins with bytes a decoder could take for a
 * byte-order mark or UTF-16; a reader counts that blank line as line 0. Each range is its own `ArrayBuffer` (it can be transferred to a worker).
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
        out.push(this.#cut(from + nl + 1));
      } else if (own >= this.#hardMax) {
        out.push(this.#cut(this.#len));
      } else {
        this.#scanned = this.#len;
      }
    }
    return out;
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

  /** Ends the current range at `at`; what follows starts the next one. */
  #cut(at: number): LineRange {
    const prefixed = this.#index > 0;
    const range: LineRange = {
      index: this.#index,
      bytes: this.#buf.subarray(0, at),
      prefixed,
      start: this.#start,
    };
    this.#start += at - (prefixed ? P : 0);
    const rest = this.#buf.subarray(at, this.#len);
    this.#buf = new Uint8Array(Math.max(this.#target + 64 * 1024, rest.length + P + 64 * 1024));
    this.#buf.set(RANGE_PREFIX, 0);
    this.#buf.set(rest, P);
    this.#len = rest.length + P;
    this.#scanned = P;
    this.#index++;
    return range;
  }
}
