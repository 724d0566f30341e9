/**
 * A small streaming CSV record parser (RFC 4180 plus what spreadsheet exports do): quoted
 * fields with `""` escapes and line breaks inside, CRLF / LF / CR line ends, blank lines
 * skipped, and the delimiter (`,`, `;`, tab or `|`) detected from the header line. Each record
 * carries the line it starts on, for error messages.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";

/** Delimiters {@linkcode detectDelimiter} chooses from, in tie-break order. */
export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;

/** One of {@linkcode CSV_DELIMITERS}. */
export type CsvDelimiter = typeof CSV_DELIMITERS[number];

/** One parsed record. */
export interface CsvRecord {
  /** The fields, unquoted. */
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
}

/** Options of {@linkcode parseCsvRecords}. */
export interface CsvRecordOptions {
  /** File name for error messages. */
  file: string;
  /** Field delimiter. @default detected from the first line */
  delimiter?: CsvDelimiter;
  /** Called once with the delimiter in use, before the first record. */
  onDelimiter?: (delimiter: CsvDelimiter) => void;
  /** Longest record accepted, in characters. @default {@linkcode MAX_CSV_RECORD_CHARS} */
  maxRecordChars?: number;
}

/** Longest record {@linkcode parseCsvRecords} accepts by default (1 MiB of text; export rows are < 1 KiB). */
export const MAX_CSV_RECORD_CHARS = 1024 * 1024;

/**
 * Picks the delimiter that occurs most often (outside quotes) in the first line of `text`;
 * `,` when none occurs.
 *
 * @example Semicolon, comma and tab exports
 * ```ts
 * import { detectDelimiter } from "./csv_records.ts";
 * import assert from "node:assert/strict";
 * assert.equal(detectDelimiter("Date;User;\"Result, final\"\n1;2;3"), ";");
 * assert.equal(detectDelimiter("Call Result"), ",");
 * assert.equal(detectDelimiter("a\tb\tc"), "\t");
 * ```
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: CsvDelimiter = ",";
  let bestCount = 0;
  for (const d of CSV_DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

const DETECT_LIMIT = 64 * 1024;
const CR = 13;
const LF = 10;
const QUOTE = 34;

/**
 * Parses CSV text, given as chunks, into records. Blank lines are skipped. A quote that is
 * never closed is an error (the rest of the file would otherwise vanish into one field).
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
 *   yield 'User,"Call ';
 *   yield 'Result"\r\n"a ""b""",CONFIG_ISSUE\r\n\r\n"two\nlines",X';
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
  options: CsvRecordOptions,
): AsyncGenerator<CsvRecord> {
  let delimiter = options.delimiter;
  let pending = "";
  if (delimiter !== undefined) options.onDelimiter?.(delimiter);

  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let quoteClosed = false; // just saw the closing quote of a quoted section
  let fieldStart = true;
  let recordStarted = false;
  let recordLine = 1;
  let quoteLine = 1;
  let line = 1;
  let prevCR = false;
  let skipLF = false;
  let seen = 0; // characters parsed before the current piece of text
  let recordStartAt = 0;
  const maxRecordChars = options.maxRecordChars ?? MAX_CSV_RECORD_CHARS;
  const out: CsvRecord[] = [];

  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === "" && !quoteClosed;
    if (!blank) out.push({ fields, line: recordLine });
    fields = [];
    field = "";
    fieldStart = true;
    quoteClosed = false;
    recordStarted = false;
  };

  /** Counts line breaks in s[from, to) (CRLF once), carrying a CR across chunks. */
  const countLines = (s: string, from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c === CR) line++;
      else if (c === LF && !prevCR) line++;
      prevCR = c === CR;
    }
  };

  const parse = (s: string) => {
    const d = delimiter!.charCodeAt(0);
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (skipLF) {
        skipLF = false;
        if (c === LF) {
          prevCR = false;
          i++;
          continue;
        }
      }
      if (!recordStarted) {
        recordStarted = true;
        recordLine = line;
        recordStartAt = seen + i;
      }
      if (inQuotes) {
        const q = s.indexOf('"', i);
        const stop = q < 0 ? n : q;
        countLines(s, i, stop);
        field += s.slice(i, stop);
        if (q >= 0) {
          inQuotes = false;
          quoteClosed = true;
          prevCR = false;
        }
        i = stop + 1;
        continue;
      }
      prevCR = false;
      if (quoteClosed && c === QUOTE) {
        field += '"';
        inQuotes = true;
        quoteClosed = false;
        i++;
        continue;
      }
      if (c === d) {
        fields.push(field);
        field = "";
        fieldStart = true;
        quoteClosed = false;
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        endRecord();
        line++;
        if (c === CR) {
          skipLF = true;
          prevCR = true;
        }
        i++;
        continue;
      }
      if (c === QUOTE && fieldStart) {
        inQuotes = true;
        quoteLine = line;
        fieldStart = false;
        i++;
        continue;
      }
      // An unquoted run: up to the next delimiter or line break (quotes inside are literal).
      let j = i + 1;
      while (j < n) {
        const k = s.charCodeAt(j);
        if (k === d || k === LF || k === CR) break;
        j++;
      }
      field += s.slice(i, j);
      fieldStart = false;
      quoteClosed = false;
      i = j;
    }
    seen += n;
    if (recordStarted && seen - recordStartAt > maxRecordChars) {
      throw new InputError(
        `Cannot parse CSV: the record that starts on line ${recordLine} is longer than ${maxRecordChars} characters (unbalanced quote or not an export?)`,
        { file: options.file, line: recordLine },
      );
    }
  };

  const flushPending = () => {
    delimiter = detectDelimiter(pending);
    options.onDelimiter?.(delimiter);
    const s = pending;
    pending = "";
    parse(s);
  };

  for await (const chunk of text) {
    if (delimiter === undefined) {
      pending += chunk;
      if (!/[\r\n]/.test(pending) && pending.length < DETECT_LIMIT) continue;
      flushPending();
    } else parse(chunk);
    yield* out;
    out.length = 0;
  }
  if (delimiter === undefined) flushPending();
  if (inQuotes) {
    throw new InputError(
      `Cannot parse CSV: the quoted field that starts on line ${quoteLine} is never closed`,
      {
        file: options.file,
        line: quoteLine,
      },
    );
  }
  if (recordStarted) endRecord();
  yield* out;
}
