/**
 * A chunked RFC 4180 CSV parser: feed decoded text as it arrives, get complete records with the
 * line they start on. Quoted fields may contain commas, doubled quotes and CR/LF line breaks.
 * Records end at LF, CRLF or CR. Memory holds one chunk plus at most one unfinished record.
 *
 * Why not papaparse: its streaming mode reports errors by row index after the fact, while this
 * parser has to name the line where an unbalanced quote starts and must never buffer a runaway
 * quoted field to the end of a large file (records are capped by `maxRecordChars`).
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";

/** One CSV record. */
export interface CsvRecord {
  /** Field values, unquoted. */
  readonly fields: string[];
  /** 1-based line where the record starts. */
  readonly line: number;
}

/** Options of {@linkcode CsvRecordParser}. */
export interface CsvRecordParserOptions {
  /** File name used in error messages. */
  file: string;
  /** Longest record accepted, in characters; longer means a runaway quote. @default 16777216 */
  maxRecordChars?: number;
}

const QUOTE = 34, COMMA = 44, LF = 10, CR = 13;

/**
 * Streaming CSV record parser.
 *
 * @example A quoted field with CRLF split across chunks
 * ```ts
 * import { CsvRecordParser } from "./csv_records.ts";
 * import assert from "node:assert/strict";
 * const p = new CsvRecordParser({ file: "x.csv" });
 * const out = [...p.push('a,b\r\n"line1\r\nli'), ...p.push('ne2","say ""hi"""\r\nlast,'), ...p.end()];
 * assert.deepEqual(out, [
 *   { fields: ["a", "b"], line: 1 },
 *   { fields: ["line1\r\nline2", 'say "hi"'], line: 2 },
 *   { fields: ["last", ""], line: 4 },
 * ]);
 * ```
 *
 * @example An unbalanced quote names the line it starts on
 * ```ts
 * import { CsvRecordParser } from "./csv_records.ts";
 * import assert from "node:assert/strict";
 * const p = new CsvRecordParser({ file: "x.csv" });
 * p.push('a,b\n1,"2\n3,4\n');
 * assert.throws(() => p.end(), /^InputError: x\.csv:2: Cannot parse CSV: the quoted field starting on this line is never closed/);
 * ```
 */
export class CsvRecordParser {
  readonly #file: string;
  readonly #max: number;
  #buf = "";
  #pos = 0;
  #line = 1;
  /** Where the unfinished record stands after the text seen so far (see `scanCsvText`). */
  #scan: number = SCAN_FIELD_START;

  /** @param options file name and limits */
  constructor(options: CsvRecordParserOptions) {
    this.#file = options.file;
    this.#max = options.maxRecordChars ?? 16 * 1024 * 1024;
  }

  /**
   * Adds text and returns the records it completes.
   *
   * @param text the next piece of decoded text
   * @returns complete records (the last, unfinished one is held back)
   */
  push(text: string): CsvRecord[] {
    this.#buf = this.#pos < this.#buf.length ? this.#buf.slice(this.#pos) + text : text;
    this.#pos = 0;
    // Parse only when the new text can end a record: re-parsing an unfinished record on every
    // chunk made a long field quadratic in time and memory.
    this.#scan = scanCsvText(text, this.#scan);
    if (this.#scan !== SCAN_RECORD_END) {
      this.#checkLength();
      return [];
    }
    const out = this.#parse(false);
    this.#scan = scanCsvText(this.#buf.slice(this.#pos), SCAN_FIELD_START);
    return out;
  }

  /**
   * Signals the end of input and returns the last record.
   *
   * @returns the remaining records
   * @throws {InputError} when a quoted field is never closed
   */
  end(): CsvRecord[] {
    return this.#parse(true);
  }

  #parse(eof: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const buf = this.#buf;
    while (this.#pos < buf.length) {
      const r = this.#record(buf, this.#pos, eof);
      if (r === null) break;
      out.push({ fields: r.fields, line: this.#line });
      this.#pos = r.next;
      this.#line += r.lines;
    }
    this.#checkLength();
    return out;
  }

  #checkLength(): void {
    if (this.#buf.length - this.#pos > this.#max) {
      throw new InputError(
        `Cannot parse CSV: a record is longer than ${this.#max} characters; is a quote unbalanced?`,
        { file: this.#file, line: this.#line },
      );
    }
  }

  /** Parses one record at `start`; null when it is not complete yet. */
  #record(
    buf: string,
    start: number,
    eof: boolean,
  ): { fields: string[]; next: number; lines: number } | null {
    const len = buf.length;
    const fields: string[] = [];
    let p = start;
    let lines = 0;
    for (;;) {
      if (p >= len) {
        if (!eof) return null;
        fields.push("");
        return { fields, next: len, lines };
      }
      if (buf.charCodeAt(p) === QUOTE) {
        let value = "";
        let seg = p + 1;
        let q = seg;
        for (;;) {
          const j = buf.indexOf('"', q);
          if (j < 0) {
            if (!eof) return null;
            throw new InputError(
              "Cannot parse CSV: the quoted field starting on this line is never closed (unbalanced quote)",
              { file: this.#file, line: this.#line + lines },
            );
          }
          if (j + 1 >= len && !eof) return null;
          if (buf.charCodeAt(j + 1) === QUOTE) {
            value += buf.slice(seg, j + 1);
            q = seg = j + 2;
            continue;
          }
          value += buf.slice(seg, j);
          p = j + 1;
          break;
        }
        if (value.indexOf("\n") >= 0) lines += countLf(value, 0, value.length);
        if (p >= len) {
          if (!eof) return null;
          fields.push(value);
          return { fields, next: p, lines };
        }
        const c = buf.charCodeAt(p);
        if (c === COMMA) {
          fields.push(value);
          p++;
          continue;
        }
        if (c === LF || c === CR) {
          fields.push(value);
          const next = this.#lineEnd(buf, p, eof);
          return next < 0 ? null : { fields, next, lines: lines + 1 };
        }
        throw new InputError(
          `Cannot parse CSV: unexpected ${
            JSON.stringify(buf[p])
          } after the closing quote of a field (unbalanced quote?)`,
          { file: this.#file, line: this.#line + lines },
        );
      }
      let i = p;
      for (; i < len; i++) {
        const c = buf.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
      }
      if (i >= len) {
        if (!eof) return null;
        fields.push(buf.slice(p, i));
        return { fields, next: len, lines };
      }
      fields.push(buf.slice(p, i));
      if (buf.charCodeAt(i) === COMMA) {
        p = i + 1;
        continue;
      }
      const next = this.#lineEnd(buf, i, eof);
      return next < 0 ? null : { fields, next, lines: lines + 1 };
    }
  }

  /** Index after the line break at `i` (CR, LF or CRLF), or -1 when a CR ends the buffer mid-stream. */
  #lineEnd(buf: string, i: number, eof: boolean): number {
    if (buf.charCodeAt(i) === LF) return i + 1;
    if (i + 1 >= buf.length) return eof ? i + 1 : -1;
    return buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }
}

const SCAN_FIELD_START = 0, SCAN_UNQUOTED = 1, SCAN_QUOTED = 2, SCAN_AFTER_QUOTE = 3, SCAN_RECORD_END = 4;

/**
 * Runs the parser's field states over `text` without building fields: returns the state after
 * it, or `SCAN_RECORD_END` as soon as a record can end (a line break outside quotes, or a
 * character after a closing quote, which the parser reports).
 */
function scanCsvText(text: string, state: number): number {
  let s = state;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (s === SCAN_QUOTED) {
      const j = text.indexOf('"', i);
      if (j < 0) return SCAN_QUOTED;
      i = j;
      s = SCAN_AFTER_QUOTE;
    } else if (s === SCAN_AFTER_QUOTE) {
      if (c === QUOTE) s = SCAN_QUOTED;
      else if (c === COMMA) s = SCAN_FIELD_START;
      else return SCAN_RECORD_END;
    } else if (c === LF || c === CR || s === SCAN_RECORD_END) return SCAN_RECORD_END;
    else if (c === COMMA) s = SCAN_FIELD_START;
    else if (s === SCAN_FIELD_START) s = c === QUOTE ? SCAN_QUOTED : SCAN_UNQUOTED;
  }
  return s;
}

function countLf(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i >= 0 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
