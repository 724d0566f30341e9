/**
 * The NDJSON side of the JSON record reader: one record per line (what `signins-export` writes,
 * storage-account `PT1H.json` files). Text is pushed a chunk at a time and the lines are taken
 * one by one, without copying the chunk: only a line carried over from the previous chunk is
 * joined to the start of the next one. Blank lines are skipped; a CR before the LF is dropped.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** Options of {@linkcode NdjsonLineSplitter}. */
export interface NdjsonLineSplitterOptions {
  /** File name used in error messages. */
  file: string;
  /** Longest line accepted, in characters. @default 16777216 */
  maxRecordChars?: number;
  /** Line number of the first line of text (when leading text was skipped). @default 1 */
  firstLine?: number;
}

/**
 * Splits streamed text into lines.
 *
 * @example A line split across chunks, a blank line and a last line without its line break
 * ```ts
 * import { NdjsonLineSplitter } from "./ndjson_lines.ts";
 * import assert from "node:assert/strict";
 * const s = new NdjsonLineSplitter({ file: "x.ndjson" });
 * const out: [string, number][] = [];
 * for (const chunk of ['{"a":1}\r\n{"b"', ':2}\n\n{"c":3}']) {
 *   s.push(chunk);
 *   for (let t = s.next(); t !== null; t = s.next()) out.push([t, s.line]);
 * }
 * const last = s.end();
 * if (last !== null) out.push([last, s.line]);
 * assert.deepEqual(out, [['{"a":1}', 1], ['{"b":2}', 2], ['{"c":3}', 4]]);
 * ```
 */
export class NdjsonLineSplitter {
  readonly #file: string;
  readonly #max: number;
  /** Line number of the line last returned. */
  line = 0;
  #counted: number;
  #carry = "";
  #text = "";
  #pos = 0;
  /** The carried-over line completed by the text pushed, not yet returned (null: none). */
  #joined: string | null = null;

  /** @param options file name and limits */
  constructor(options: NdjsonLineSplitterOptions) {
    this.#file = options.file;
    this.#max = options.maxRecordChars ?? 16 * 1024 * 1024;
    this.#counted = (options.firstLine ?? 1) - 1;
  }

  /**
   * Takes the next piece of text; then call {@linkcode NdjsonLineSplitter.next} until it
   * returns null.
   *
   * @param t decoded text
   */
  push(t: string): void {
    this.#pos = 0;
    if (this.#carry === "") {
      this.#text = t;
      return;
    }
    // Join only the carried line, not the whole text (saves copying a large string per chunk).
    const nl = t.indexOf("\n");
    if (nl < 0) {
      this.#text = "";
      this.#keep(this.#carry + t);
      return;
    }
    this.#joined = this.#carry + t.slice(0, nl + 1);
    this.#carry = "";
    this.#text = t;
    this.#pos = nl + 1;
  }

  /**
   * The next complete, non-blank line of the text pushed so far ({@linkcode NdjsonLineSplitter.line}
   * is its number), or null when none is left.
   *
   * @returns the line without its line break
   * @throws {InputError} when an unfinished line grows longer than `maxRecordChars`
   */
  next(): string | null {
    if (this.#joined !== null) {
      const j = this.#joined;
      this.#joined = null;
      const r = this.#lineAt(j, 0, j.length - 1);
      if (r !== null) return r;
    }
    const s = this.#text;
    let p = this.#pos;
    for (;;) {
      const nl = s.indexOf("\n", p);
      if (nl < 0) {
        if (s !== "") this.#keep(p === 0 ? s : s.slice(p));
        return null;
      }
      const r = this.#lineAt(s, p, nl);
      p = nl + 1;
      if (r !== null) {
        this.#pos = p;
        return r;
      }
    }
  }

  /** The line `s[p, nl)` (`nl` is its line break), or null when it is blank. */
  #lineAt(s: string, p: number, nl: number): string | null {
    this.#counted++;
    let end = nl;
    if (end > p && s.charCodeAt(end - 1) === 13) end--;
    if (end > p && (s.charCodeAt(p) > 32 || s.slice(p, end).trim() !== "")) {
      this.line = this.#counted;
      return p === 0 && end === s.length ? s : s.slice(p, end);
    }
    return null;
  }

  /** The unfinished last line of the text taken. */
  #keep(rest: string): void {
    this.#text = "";
    this.#pos = 0;
    this.#carry = rest;
    if (rest.length > this.#max) {
      throw new InputError(`Cannot read NDJSON: a line is longer than ${this.#max} characters`, {
        file: this.#file,
        line: this.#counted + 1,
      });
    }
  }

  /**
   * Signals the end of input.
   *
   * @returns the last line when the text does not end with a line break (null: none, or blank)
   */
  end(): string | null {
    const carry = this.#carry;
    this.#carry = "";
    if (carry.trim() === "") return null;
    this.line = ++this.#counted;
    return carry;
  }
}
