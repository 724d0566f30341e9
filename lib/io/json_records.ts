/**
 * The one JSON record reader: a streaming splitter that finds the top-level record objects in decoded JSON text
 * without parsing it, so a large file is never read whole. It understands strings, escapes and
 * nesting, and accepts:
 *
 * - an array of records `[ {…}, {…} ]` (portal download, Log Analytics export),
 * - a Graph collection page `{"@odata.context": …, "value": [ {…}, … ], "@odata.nextLink": …}`,
 * - an Event Hub / diagnostic-settings batch `{"records": [ {…}, … ]}`,
 * - records one after another (`{…}{…}` or one per line — NDJSON, storage-account `PT1H.json` —
 *   pretty-printed or not), and
 * - several arrays or pages in a row (`ConvertTo-Json` output appended to one file).
 *
 * Each record is handed back as text with the line it starts on; the caller parses it with
 * `JSON.parse` once. A non-object element (`42`, `"x"`, `[…]`) is handed back too, so the caller
 * can count it as a bad row.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** A chunk longer than this is fed in two parts when a record is carried over into it. */
const SPLIT_AT = 64 * 1024;

/** The text of one record and where it starts. */
export interface JsonRecordText {
  /** Exact JSON text of the value. */
  readonly text: string;
  /** 1-based line where the value starts. */
  readonly line: number;
  /** The parsed value, when the splitter already parsed it (see the fast path in the class docs). */
  readonly value?: unknown;
}

/** Options of {@linkcode JsonRecordSplitter}. */
export interface JsonRecordSplitterOptions {
  /** File name used in error messages. */
  file: string;
  /** Longest record accepted, in characters. @default 16777216 */
  maxRecordChars?: number;
  /** Line number of the first line of text (when the text is a slice of a file). @default 1 */
  firstLine?: number;
  /**
   * The text starts at a line inside a top-level array of records, between two records (after
   * one that ended its line): what the splitter's state is there, for a reader that read the
   * lines before another way; `comma`: whether a comma followed the last record.
   */
  inArray?: { comma: boolean };
}

const QUOTE = 34, BACKSLASH = 92, LF = 10, CR = 13, SPACE = 32, TAB = 9;
const LBRACE = 123, RBRACE = 125, LBRACKET = 91, RBRACKET = 93, COMMA = 44, COLON = 58;
function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}

const KIND_NONE = 0, KIND_CONTAINER = 1, KIND_STRING = 2, KIND_PRIMITIVE = 3;

/**
 * Splits streamed JSON text into record texts.
 *
 * Fast path: in an array whose records each end a line (`[\n{…},\n{…}\n]`, pretty-printed
 * arrays of one-line objects), the text from a record's `{` to the end of its line (minus a
 * trailing comma) is handed to `JSON.parse` directly. If that parses, it is exactly the record —
 * a valid object starting where the record starts can only end where the record ends — and the
 * parsed value comes back in {@linkcode JsonRecordText.value}. Otherwise the record is scanned;
 * after a few misses with no hit the fast path is switched off for the file.
 *
 * @example A Graph page split across chunks
 * ```ts
 * import { JsonRecordSplitter } from "./json_records.ts";
 * import assert from "node:assert/strict";
 * const s = new JsonRecordSplitter({ file: "page.json" });
 * const out = [
 *   ...s.push('{"@odata.context":"x","value":[\n{"id":"a","n":{"s":"}\\""}},'),
 *   ...s.push('\n{"id":"b"}],"@odata.nextLink":"y"}'),
 *   ...s.end(),
 * ];
 * assert.deepEqual(out, [
 *   { text: '{"id":"a","n":{"s":"}\\""}}', line: 2 },
 *   { text: '{"id":"b"}', line: 3 },
 * ]);
 * ```
 *
 * @example A truncated file
 * ```ts
 * import { JsonRecordSplitter } from "./json_records.ts";
 * import assert from "node:assert/strict";
 * const s = new JsonRecordSplitter({ file: "t.json" });
 * s.push('[\n{"id":"a"},\n{"id":"b","x":"unfinish');
 * assert.throws(() => s.end(34), /^InputError: t\.json:3: Cannot parse JSON: the file ends at byte 34 inside a string/);
 * ```
 */
export class JsonRecordSplitter {
  readonly #file: string;
  readonly #max: number;
  #buf = "";
  #pos = 0;
  #line = 1;
  #depth = 0;
  /** Depth at which a value is a record: 0 top level, 1 in a top-level array, 2 in a page's "value" array, -1 none. */
  #recDepth = 0;
  #inString = false;
  #strStart = -1;
  #recStart = -1;
  #recLine = 0;
  #recKind = KIND_NONE;
  /** The current record is an object at the top level that may turn out to be a Graph page. */
  #candidate = false;
  /** 0 idle, 1 after the key "value" in a candidate, 2 after its colon. */
  #keyCheck = 0;
  #fastHits = 0;
  #fastMisses = 0;
  /** A comma between records was seen and no record after it yet. */
  #comma = false;

  /** @param options file name and limits */
  constructor(options: JsonRecordSplitterOptions) {
    this.#file = options.file;
    this.#max = options.maxRecordChars ?? 16 * 1024 * 1024;
    this.#line = options.firstLine ?? 1;
    if (options.inArray !== undefined) {
      this.#depth = this.#recDepth = 1;
      this.#comma = options.inArray.comma;
    }
  }

  /**
   * Adds text and returns the records it completes.
   *
   * @param text the next piece of decoded text
   * @returns complete record texts
   */
  push(text: string): JsonRecordText[] {
    // When an unfinished record is carried over, joining it to the whole new chunk would copy
    // the chunk (V8 flattens the joined string on the first scan). Feeding the chunk up to its
    // first line break first usually finishes that record (one record per line), so the rest
    // of the chunk is then scanned in place.
    if (this.#carried() && text.length > SPLIT_AT) {
      const nl = text.indexOf("\n");
      if (nl >= 0 && nl < text.length - 1) {
        const head = this.#pushText(text.slice(0, nl + 1));
        const rest = this.#pushText(text.slice(nl + 1));
        if (head.length === 0) return rest;
        for (const r of rest) head.push(r);
        return head;
      }
    }
    return this.#pushText(text);
  }

  /** Whether text of the previous chunk is still held (an unfinished record or string). */
  #carried(): boolean {
    const keep = this.#recStart >= 0 ? this.#recStart : this.#inString ? this.#strStart : this.#buf.length;
    return keep < this.#buf.length;
  }

  #pushText(text: string): JsonRecordText[] {
    const keep = this.#recStart >= 0 ? this.#recStart : this.#inString ? this.#strStart : this.#buf.length;
    if (keep < this.#buf.length) {
      this.#buf = this.#buf.slice(keep) + text;
      if (this.#recStart >= 0) this.#recStart -= keep;
      if (this.#strStart >= 0) this.#strStart -= keep;
      this.#pos -= keep;
    } else {
      this.#buf = text;
      this.#pos = 0;
      this.#strStart = -1;
    }
    const out: JsonRecordText[] = [];
    this.#scan(out);
    const held = this.#buf.length -
      (this.#recStart >= 0 ? this.#recStart : this.#inString ? this.#strStart : this.#buf.length);
    if (held > this.#max) {
      throw new InputError(
        `Cannot parse JSON: a value is longer than ${this.#max} characters; is the file one huge value or missing a quote?`,
        { file: this.#file, line: this.#recStart >= 0 ? this.#recLine : this.#line },
      );
    }
    return out;
  }

  /**
   * Signals the end of input.
   *
   * @param byteLength file size, named in the error for a truncated file
   * @returns the last record, if a bare value was still open
   * @throws {InputError} when the file ends inside a string, object or array
   */
  end(byteLength?: number): JsonRecordText[] {
    const out: JsonRecordText[] = [];
    if (this.#recKind === KIND_PRIMITIVE) this.#emit(this.#buf.length, out);
    if (this.#inString || this.#depth > 0) {
      const at = byteLength === undefined ? "" : ` at byte ${byteLength}`;
      const where = this.#inString
        ? "inside a string"
        : `with ${this.#depth} object(s) or array(s) not closed`;
      const line = this.#recStart >= 0 ? this.#recLine : this.#line;
      const what = this.#recStart >= 0
        ? `the record starting on line ${line} is incomplete`
        : "the data is incomplete";
      throw new InputError(`Cannot parse JSON: the file ends${at} ${where}; ${what} (truncated file?)`, {
        file: this.#file,
        line,
      });
    }
    return out;
  }

  #emit(end: number, out: JsonRecordText[]): void {
    out.push({ text: this.#buf.slice(this.#recStart, end), line: this.#recLine });
    this.#recStart = -1;
    this.#recKind = KIND_NONE;
    this.#candidate = false;
  }

  #start(i: number, kind: number): void {
    this.#comma = false;
    this.#recStart = i;
    this.#recLine = this.#line;
    this.#recKind = kind;
  }

  /** Tries the record starting at `i` as the rest of its line; returns the index after it, or -1. */
  #wholeLine(buf: string, i: number, out: JsonRecordText[]): number {
    const nl = buf.indexOf("\n", i);
    if (nl < 0) return -1;
    let e = nl;
    while (e > i && isSpace(buf.charCodeAt(e - 1))) e--;
    if (buf.charCodeAt(e - 1) === COMMA) {
      e--;
      while (e > i && isSpace(buf.charCodeAt(e - 1))) e--;
    }
    if (buf.charCodeAt(e - 1) !== RBRACE) return -1;
    const text = buf.slice(i, e);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.#fastMisses++;
      return -1;
    }
    this.#fastHits++;
    out.push({ text, line: this.#line, value });
    this.#comma = false;
    return e;
  }

  /**
   * Fast path inside a record (the bulk of the text): only strings, nesting and line breaks
   * matter, state is kept in locals. Returns where scanning continues.
   */
  #skipInRecord(buf: string, from: number, out: JsonRecordText[]): number {
    const len = buf.length;
    const stop = this.#recDepth;
    let depth = this.#depth;
    let line = this.#line;
    let k = from;
    let ended = false;
    for (; k < len; k++) {
      const c = buf.charCodeAt(k);
      if (c === QUOTE) {
        let j = k;
        for (;;) {
          j = buf.indexOf('"', j + 1);
          if (j < 0) break;
          let b = j - 1;
          while (buf.charCodeAt(b) === BACKSLASH) b--;
          if (((j - 1 - b) & 1) === 0) break; // not escaped
        }
        if (j < 0) {
          // the string goes on in the next piece of text
          this.#inString = true;
          this.#strStart = k;
          k = len;
          break;
        }
        k = j;
      } else if (c === LBRACE || c === LBRACKET) {
        depth++;
      } else if (c === RBRACE || c === RBRACKET) {
        depth--;
        if (depth === stop) {
          k++;
          ended = true;
          break;
        }
      } else if (c === LF) {
        line++;
      }
    }
    this.#depth = depth;
    this.#line = line;
    if (ended) this.#emit(k, out);
    return k;
  }

  #scan(out: JsonRecordText[]): void {
    const buf = this.#buf;
    const len = buf.length;
    let i = this.#pos;
    while (i < len) {
      if (this.#recKind === KIND_CONTAINER && !this.#candidate && !this.#inString) {
        i = this.#skipInRecord(buf, i, out);
        continue;
      }
      if (this.#inString) {
        const j = buf.indexOf('"', i);
        if (j < 0) {
          i = len;
          break;
        }
        let k = j - 1;
        while (buf.charCodeAt(k) === BACKSLASH) k--;
        i = j + 1;
        if (((j - 1 - k) & 1) === 1) continue; // escaped quote
        this.#inString = false;
        if (this.#recKind === KIND_STRING && this.#depth === this.#recDepth) {
          this.#emit(i, out);
        } else if (this.#candidate && this.#depth === 1) {
          const n = j - this.#strStart;
          this.#keyCheck = (n === 6 && buf.startsWith("value", this.#strStart + 1)) ||
              (n === 8 && buf.startsWith("records", this.#strStart + 1))
            ? 1
            : 0;
        }
        continue;
      }
      const c = buf.charCodeAt(i);
      if (c === SPACE || c === LF || c === CR || c === TAB) {
        if (c === LF) this.#line++;
        if (this.#recKind === KIND_PRIMITIVE) this.#emit(i, out);
        i++;
        continue;
      }
      if (
        this.#recKind === KIND_PRIMITIVE &&
        (c === COMMA || c === QUOTE || c === LBRACE || c === LBRACKET || c === RBRACE || c === RBRACKET)
      ) {
        this.#emit(i, out);
      }
      switch (c) {
        case QUOTE:
          if (this.#recStart < 0 && this.#depth === this.#recDepth) this.#start(i, KIND_STRING);
          this.#inString = true;
          this.#strStart = i;
          break;
        case LBRACE:
        case LBRACKET:
          if (this.#recStart < 0 && this.#depth === this.#recDepth) {
            if (c === LBRACE && this.#recDepth > 0 && this.#fastMisses <= this.#fastHits + 3) {
              const end = this.#wholeLine(buf, i, out);
              if (end >= 0) {
                i = end;
                continue;
              }
            }
            if (c === LBRACKET && this.#depth === 0) {
              this.#recDepth = 1; // a top-level array of records
            } else {
              this.#start(i, KIND_CONTAINER);
              this.#candidate = c === LBRACE && this.#depth === 0;
            }
          } else if (c === LBRACKET && this.#keyCheck === 2 && this.#candidate && this.#depth === 1) {
            // {"value": [ … ]}: a Graph page, {"records": [ … ]}: an Event Hub / diagnostic
            // settings batch; its array elements are the records.
            this.#recStart = -1;
            this.#recKind = KIND_NONE;
            this.#candidate = false;
            this.#recDepth = 2;
          }
          this.#depth++;
          this.#keyCheck = 0;
          break;
        case RBRACE:
        case RBRACKET:
          this.#depth--;
          if (this.#depth < 0) {
            throw new InputError(`Cannot parse JSON: unexpected ${JSON.stringify(buf[i])} at the top level`, {
              file: this.#file,
              line: this.#line,
            });
          }
          if (this.#recKind === KIND_CONTAINER && this.#depth === this.#recDepth) {
            this.#emit(i + 1, out);
          } else if (this.#depth < this.#recDepth) {
            if (this.#comma) {
              throw new InputError(
                `Cannot parse JSON: a comma before the closing "]" (a trailing comma, as in a hand-edited or pasted response, is not JSON)`,
                { file: this.#file, line: this.#line },
              );
            }
            this.#recDepth = this.#depth === 0 ? 0 : -1; // records array closed
          } else if (this.#depth === 0 && this.#recDepth === -1) {
            this.#recDepth = 0; // page closed
          }
          this.#keyCheck = 0;
          break;
        case COLON:
          this.#keyCheck = this.#keyCheck === 1 ? 2 : 0;
          break;
        case COMMA:
          this.#keyCheck = 0;
          if (this.#recDepth > 0 && this.#depth === this.#recDepth && this.#recStart < 0) {
            if (this.#comma) {
              throw new InputError(
                "Cannot parse JSON: two commas in a row between records (a value is missing)",
                {
                  file: this.#file,
                  line: this.#line,
                },
              );
            }
            this.#comma = true;
          }
          break;
        default:
          if (this.#recStart < 0 && this.#depth === this.#recDepth) this.#start(i, KIND_PRIMITIVE);
          this.#keyCheck = 0;
      }
      i++;
    }
    this.#pos = i;
  }
}
