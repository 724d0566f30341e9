/**
 * The one CSV reader: a chunked RFC 4180 parser. Feed decoded text as it arrives, get complete
 * records with the line they start on. Quoted fields may contain delimiters, doubled quotes and
 * CR/LF line breaks. Records end at LF, CRLF or CR. The delimiter is `,` `;` tab or `|`, given or
 * detected from the first line that is not blank or a `#TYPE …` line (what `Export-Csv
 * -Delimiter ';'` and European Excel write). Memory holds one chunk plus at most one unfinished
 * record (capped by `maxRecordChars`).
 *
 * Why not papaparse: its streaming mode reports errors by row index after the fact, while this
 * parser has to name the line where an unbalanced quote starts and must never buffer a runaway
 * quoted field to the end of a large file (records are capped by `maxRecordChars`).
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** One CSV record. */
export interface CsvRecord {
  /** Field values, unquoted. */
  readonly fields: string[];
  /** 1-based line where the record starts. */
  readonly line: number;
}

/** Delimiters {@linkcode detectCsvDelimiter} chooses from, in tie-break order. */
export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;

/** One of {@linkcode CSV_DELIMITERS}. */
export type CsvDelimiter = typeof CSV_DELIMITERS[number];

/** Options of {@linkcode CsvRecordParser}. */
export interface CsvRecordParserOptions {
  /** File name used in error messages. */
  file: string;
  /** Longest record accepted, in characters; longer means a runaway quote. @default 16777216 */
  maxRecordChars?: number;
  /** Field delimiter, or `"detect"` (from the first line that is not blank or `#TYPE …`). @default "," */
  delimiter?: CsvDelimiter | "detect";
  /** Skip blank lines instead of returning them as a record of one empty field. @default false */
  skipBlankLines?: boolean;
  /** Line number of the first line of text (when leading text was skipped). @default 1 */
  firstLine?: number;
}

const QUOTE = 34, LF = 10, CR = 13;
/** Text looked at to detect the delimiter when no line ends in it. */
const DETECT_LIMIT = 64 * 1024;

/**
 * The delimiter of a CSV text: the one of {@linkcode CSV_DELIMITERS} that occurs most often
 * outside quotes in its first line that is not blank or a `#TYPE …` line (`,` when none does).
 *
 * @param text the start of the file
 * @param final whether `text` is the whole file
 * @returns the delimiter, or null when that line is not complete yet (and `final` is false)
 *
 * @example Semicolon, comma and tab exports
 * ```ts
 * import { detectCsvDelimiter } from "./csv_records.ts";
 * import assert from "node:assert/strict";
 * assert.equal(detectCsvDelimiter('#TYPE x\r\n"Date";"User";"Result, final"\n1;2;3', true), ";");
 * assert.equal(detectCsvDelimiter("Call Result", true), ",");
 * assert.equal(detectCsvDelimiter("a\tb\tc\n", false), "\t");
 * assert.equal(detectCsvDelimiter("a;b", false), null);
 * ```
 */
export function detectCsvDelimiter(text: string, final: boolean): CsvDelimiter | null {
  let start = 0;
  for (;;) {
    while (start < text.length && (text.charCodeAt(start) === LF || text.charCodeAt(start) === CR)) start++;
    if (!text.startsWith("#TYPE", start)) break;
    const nl = text.slice(start).search(/[\r\n]/);
    if (nl < 0) return final ? "," : null;
    start += nl;
  }
  const counts = [0, 0, 0, 0];
  let quoted = false;
  let ended = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) {
      ended = true;
      break;
    } else if (!quoted) {
      const k = c === 44 ? 0 : c === 59 ? 1 : c === 9 ? 2 : c === 124 ? 3 : -1;
      if (k >= 0) counts[k]!++;
    }
  }
  if (!ended && !final) return null;
  let best = 0;
  for (let k = 1; k < 4; k++) if (counts[k]! > counts[best]!) best = k;
  return CSV_DELIMITERS[best]!;
}

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
  /** The delimiter's character code; -1 while it is being detected. */
  #delim: number;
  /** Text held while the delimiter is detected. */
  #pending = "";
  readonly #skipBlank: boolean;

  /** @param options file name, delimiter and limits */
  constructor(options: CsvRecordParserOptions) {
    this.#file = options.file;
    this.#max = options.maxRecordChars ?? 16 * 1024 * 1024;
    const d = options.delimiter ?? ",";
    this.#delim = d === "detect" ? -1 : d.charCodeAt(0);
    this.#skipBlank = options.skipBlankLines ?? false;
    this.#line = options.firstLine ?? 1;
  }

  /** The delimiter in use; null while it is still being detected. */
  get delimiter(): CsvDelimiter | null {
    return this.#delim < 0 ? null : String.fromCharCode(this.#delim) as CsvDelimiter;
  }

  /**
   * Adds text and returns the records it completes.
   *
   * @param text the next piece of decoded text
   * @returns complete records (the last, unfinished one is held back)
   */
  push(text: string): CsvRecord[] {
    if (this.#delim < 0) {
      this.#pending += text;
      const d = detectCsvDelimiter(this.#pending, this.#pending.length > DETECT_LIMIT);
      if (d === null) return [];
      this.#delim = d.charCodeAt(0);
      text = this.#pending;
      this.#pending = "";
    }
    this.#buf = this.#pos < this.#buf.length ? this.#buf.slice(this.#pos) + text : text;
    this.#pos = 0;
    // Parse only when the new text can end a record: re-parsing an unfinished record on every
    // chunk made a long field quadratic in time and memory.
    this.#scan = scanCsvText(text, this.#scan, this.#delim);
    if (this.#scan !== SCAN_RECORD_END) {
      this.#checkLength();
      return [];
    }
    const out = this.#parse(false);
    this.#scan = scanCsvText(this.#buf.slice(this.#pos), SCAN_FIELD_START, this.#delim);
    return out;
  }

  /**
   * Signals the end of input and returns the last record.
   *
   * @returns the remaining records
   * @throws {InputError} when a quoted field is never closed
   */
  end(): CsvRecord[] {
    if (this.#delim < 0) {
      this.#delim = detectCsvDelimiter(this.#pending, true)!.charCodeAt(0);
      this.#buf = this.#pending;
      this.#pending = "";
      this.#pos = 0;
    }
    return this.#parse(true);
  }

  #parse(eof: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const buf = this.#buf;
    while (this.#pos < buf.length) {
      if (this.#skipBlank) {
        const c = buf.charCodeAt(this.#pos);
        if (c === LF || c === CR) {
          const next = this.#lineEnd(buf, this.#pos, eof);
          if (next < 0) break;
          this.#pos = next;
          this.#line++;
          continue;
        }
      }
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
    const delim = this.#delim;
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
        if (c === delim) {
          fields.push(value);
          p++;
          continue;
        }
        if (c === LF || c === CR) {
          fields.push(value);
          const next = this.#lineEnd(buf, p, eof);
          return next < 0 ? null : { fields, next, lines: lines + 1 };
        }
        const other = CSV_DELIMITERS.find((d) => d.charCodeAt(0) === c);
        throw new InputError(
          `Cannot parse CSV: unexpected ${JSON.stringify(buf[p])} after the closing quote of a field (${
            other === undefined
              ? "unbalanced quote?"
              : `the delimiter in use is ${JSON.stringify(String.fromCharCode(delim))}; is the file ${
                JSON.stringify(other)
              }-delimited?`
          })`,
          { file: this.#file, line: this.#line + lines },
        );
      }
      let i = p;
      for (; i < len; i++) {
        const c = buf.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
      }
      if (i >= len) {
        if (!eof) return null;
        fields.push(buf.slice(p, i));
        return { fields, next: len, lines };
      }
      fields.push(buf.slice(p, i));
      if (buf.charCodeAt(i) === delim) {
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
function scanCsvText(text: string, state: number, delim: number): number {
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
      else if (c === delim) s = SCAN_FIELD_START;
      else return SCAN_RECORD_END;
    } else if (c === LF || c === CR || s === SCAN_RECORD_END) return SCAN_RECORD_END;
    else if (c === delim) s = SCAN_FIELD_START;
    else if (s === SCAN_FIELD_START) s = c === QUOTE ? SCAN_QUOTED : SCAN_UNQUOTED;
  }
  return s;
}

function countLf(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i >= 0 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** Options of {@linkcode parseCsvRecords}. */
export interface ParseCsvRecordsOptions {
  /** File name for error messages. */
  file: string;
  /** Field delimiter. @default detected from the first line */
  delimiter?: CsvDelimiter;
  /** Called once with the delimiter in use, before the first record. */
  onDelimiter?: (delimiter: CsvDelimiter) => void;
  /** Longest record accepted, in characters. @default 16777216 */
  maxRecordChars?: number;
}

/**
 * {@linkcode CsvRecordParser} over an async stream of text, blank lines skipped, the delimiter
 * detected unless given.
 *
 * @param text the decoded text, in chunks of any size
 * @param options file name for errors; delimiter or detection callback
 * @returns the records, in file order
 * @throws {InputError} for an unterminated quoted field, naming the line it starts on
 *
 * @example Quotes, CRLF and a line break inside a field
 * ```ts
 * import { parseCsvRecords } from "./csv_records.ts";
 * import assert from "node:assert/strict";
 * async function* text() {
 *   yield 'User;"Call ';
 *   yield 'Result"\r\n"a ""b""";CONFIG_ISSUE\r\n\r\n"two\nlines";X';
 * }
 * const records = [];
 * for await (const r of parseCsvRecords(text(), { file: "a.csv" })) records.push(r);
 * assert.deepEqual(records, [
 *   { fields: ["User", "Call Result"], line: 1 },
 *   { fields: ['a "b"', "CONFIG_ISSUE"], line: 2 },
 *   { fields: ["two\nlines", "X"], line: 4 },
 * ]);
 * ```
 */
export async function* parseCsvRecords(
  text: AsyncIterable<string>,
  options: ParseCsvRecordsOptions,
): AsyncGenerator<CsvRecord> {
  const parser = new CsvRecordParser({
    file: options.file,
    delimiter: options.delimiter ?? "detect",
    skipBlankLines: true,
    ...(options.maxRecordChars !== undefined ? { maxRecordChars: options.maxRecordChars } : {}),
  });
  let told = false;
  const tell = () => {
    if (!told && parser.delimiter !== null) {
      told = true;
      options.onDelimiter?.(parser.delimiter);
    }
  };
  for await (const chunk of text) {
    const records = parser.push(chunk);
    tell();
    yield* records;
  }
  const records = parser.end();
  tell();
  yield* records;
}
