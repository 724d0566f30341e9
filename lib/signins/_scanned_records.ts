/**
 * NDJSON lines and one-line JSON array records read from UTF-8 bytes by the WebAssembly scanner
 * (lib/io/wasm), with the text reader's checks at the same points; shared by the sequential reader
 * and the range reader.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { TextChunkDecoder } from "../io/decode.ts";
import { findInvalidUtf8, pendingUtf8Start } from "../io/_unicode.ts";
import { LINE_STATUS, NdjsonByteScanner } from "../io/wasm/json_scan.ts";
import { GRAPH_SIGN_IN_FIELDS, GRAPH_SIGN_IN_FIELDS_LEAN } from "./graph_fields.ts";
import type { SignIn } from "./sign_in.ts";
import type { ReadStats } from "./read_stats.ts";
import { Reader } from "./_record_reader.ts";

/** Characters of decoded text the NDJSON range reader pushes at a time (as the sequential reader gets them). */
export const NDJSON_PIECE = 1 << 20;

/**
 * WebAssembly scanners for Graph sign-ins not in use (their interned values serve the next
 * reader): with every field, and without the keys of `LEAN_SKIPPED_KEYS` (`lean`).
 */
const idleScanners: NdjsonByteScanner[] = [];
const idleLeanScanners: NdjsonByteScanner[] = [];

/** An idle scanner for the setup's fields, or a new one. */
function takeScanner(o: ScannedNdjsonSetup): NdjsonByteScanner {
  return o.lean === true
    ? idleLeanScanners.pop() ?? new NdjsonByteScanner(GRAPH_SIGN_IN_FIELDS_LEAN)
    : idleScanners.pop() ?? new NdjsonByteScanner(GRAPH_SIGN_IN_FIELDS);
}

/** Gives a scanner back to its pool. */
function releaseScanner(o: ScannedNdjsonSetup, s: NdjsonByteScanner): void {
  s.reset();
  (o.lean === true ? idleLeanScanners : idleScanners).push(s);
}

/** Where {@linkcode ScannedNdjsonLines} reads from. */
export interface ScannedNdjsonSetup {
  /** File name for messages. */
  file: string;
  /** The file's encoding. */
  encoding: "utf-8" | "utf-8-bom";
  /** Longest line, in characters. */
  maxRecordChars: number;
  /** Number of the first line pushed. */
  firstLine: number;
  /** Offset of the first byte pushed (in the file, or in `range`). */
  firstByte: number;
  /**
   * A line-aligned range pushed in pieces, which the text reader decodes whole and splits in
   * pieces of 1 Mi characters ({@linkcode readNdjsonRange}); without it, every push is one chunk
   * of a file the text reader decodes and splits as one piece ({@linkcode readSignInBatches}).
   */
  range?: Uint8Array;
  /** The scanner leaves the keys of `LEAN_SKIPPED_KEYS` out (the mapper's context says the same: `lean`). */
  lean?: boolean;
}

/**
 * NDJSON lines read from UTF-8 bytes by the WebAssembly scanner, for the sequential reader and
 * the range reader alike: bytes are not decoded; each valid line's Graph fields go to the mapper
 * once the reader maps Graph sign-ins (the first record, which decides the layout, and other
 * layouts are parsed whole from the line's text); blank, invalid and other lines are decoded and
 * read as the text line splitter reads them. The text reader's checks happen at the same points:
 * its decode error (the first invalid byte of what it decodes at once: a chunk, or a whole range)
 * comes before any error of the lines decoded with it, and a line is refused as too long where
 * the splitter would refuse it (unfinished at the end of a piece of text). Each instance holds a
 * scanner until {@linkcode release}.
 */
export class ScannedNdjsonLines {
  readonly #s: NdjsonByteScanner;
  readonly #reader: Reader;
  readonly #o: ScannedNdjsonSetup;
  readonly #utf8 = new TextDecoder();
  /** Index of the current line (from the first pushed, 0), and offset of its start. */
  #k = -1;
  #at: number;
  /** Chunks: where the bytes the scanner holds start (a line start), and that line's number. */
  #unitAt = 0;
  #unitLine = 0;
  /** Chunks: the unfinished line was checked after the last push; bytes of it known valid. */
  #tailDone = true;
  #tailAt = -1;
  #tailValid = 0;

  constructor(reader: Reader, o: ScannedNdjsonSetup) {
    this.#reader = reader;
    this.#o = o;
    this.#at = o.firstByte;
    this.#s = takeScanner(o);
    this.#s.reset();
  }

  /** Lines read (line feeds pushed). */
  get lines(): number {
    return this.#k + 1;
  }

  /** Gives the scanner back (for the next reader in this thread). */
  release(): void {
    releaseScanner(this.#o, this.#s);
  }

  /** Takes the next bytes; then call {@linkcode take} until it returns null. */
  push(chunk: Uint8Array): void {
    this.#unitAt = this.#at;
    this.#unitLine = this.#o.firstLine + this.#k + 1;
    this.#s.push(chunk);
    this.#tailDone = false;
  }

  /**
   * Up to `max` sign-ins from the whole lines pushed, or null when none are left.
   *
   * @throws {InputError} as the text reader would
   */
  take(max: number): SignIn[] | null {
    try {
      return this.#take(max);
    } catch (e) {
      this.#decodeError(this.#o.range !== undefined);
      throw e;
    }
  }

  #take(max: number): SignIn[] | null {
    const s = this.#s, reader = this.#reader, o = this.#o;
    let out: SignIn[] | null = null;
    while (s.next()) {
      const number = o.firstLine + ++this.#k;
      const lineStart = this.#at;
      const raw = s.line();
      this.#at += raw.length + 1;
      if (s.status === LINE_STATUS.blank) continue;
      if (raw.length > o.maxRecordChars && o.range !== undefined) this.#refuseLong(lineStart, raw, number);
      let signIn: SignIn | null;
      if (s.status === LINE_STATUS.valid && reader.readsGraphFields) {
        signIn = reader.graphLine(s, o.lean === true, number);
      } else {
        if (s.status === LINE_STATUS.invalid && findInvalidUtf8(raw, 0, true) >= 0) {
          this.#decodeError(o.range !== undefined);
          throw new Error(`json_scan: a line was not valid UTF-8 but its bytes decode: ${raw.length} bytes`);
        }
        let text = this.#utf8.decode(raw);
        if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
        if (text === "" || !(text.charCodeAt(0) > 32 || text.trim() !== "")) continue; // blank
        signIn = reader.parseLine(text, number);
      }
      if (signIn !== null) {
        (out ??= []).push(signIn);
        if (out.length >= max) return out;
      }
    }
    if (!this.#tailDone) this.#checkTail();
    return out;
  }

  /**
   * Chunks: the unfinished line after a chunk, checked as the text reader checks it: its new
   * bytes decode (else the chunk's decode error), and it is not longer than the limit.
   */
  #checkTail(): void {
    this.#tailDone = true;
    const tail = this.#s.tail();
    if (this.#tailAt !== this.#at) {
      this.#tailAt = this.#at;
      this.#tailValid = 0;
    }
    let from = this.#tailValid;
    while (from > 0 && (tail[from]! & 0xc0) === 0x80) from--; // back to a character's start
    if (findInvalidUtf8(tail, from, false) >= 0) {
      this.#decodeError(false);
      throw new Error("json_scan: a cut line was not valid UTF-8 but the chunk decodes");
    }
    this.#tailValid = tail.length;
    const max = this.#o.maxRecordChars;
    if (tail.length > max && this.#utf8.decode(tail.subarray(0, pendingUtf8Start(tail))).length > max) {
      throw new InputError(`Cannot read NDJSON: a line is longer than ${max} characters`, {
        file: this.#o.file,
        line: this.#o.firstLine + this.#k + 1,
      });
    }
  }

  /**
   * Throws the text reader's decode error when what it decodes at once holds an invalid byte: the
   * whole range, or (chunks) the bytes held since the last push, from the start of their first line.
   */
  #decodeError(final: boolean): void {
    const o = this.#o;
    if (o.range !== undefined) {
      if (findInvalidUtf8(o.range, o.encoding === "utf-8-bom" ? 3 : 0, true) < 0) return;
      const d = new TextChunkDecoder(o.file);
      d.decode(o.range);
      d.end();
    } else {
      const held = this.#s.held();
      if (findInvalidUtf8(held, 0, final) < 0) return;
      const d = TextChunkDecoder.resume(o.file, {
        encoding: o.encoding,
        byte: this.#unitAt,
        line: this.#unitLine,
      });
      d.decode(held);
      if (final) d.end();
    }
    throw new Error("json_scan: the bytes are not valid UTF-8 but they decode");
  }

  /** Ranges: the text splitter's refusal of a line longer than the limit (it checks at each 1 Mi-character piece end). */
  #refuseLong(lineStart: number, raw: Uint8Array, number: number): void {
    const o = this.#o, max = o.maxRecordChars;
    const chars = this.#utf8.decode(raw).length;
    if (chars <= max) return;
    const t = this.#utf8.decode(o.range!.subarray(o.firstByte, lineStart)).length; // characters before the line
    const lf = t + chars; // index of its line feed (or the text's end)
    const lastPieceEnd = Math.floor(lf / NDJSON_PIECE) * NDJSON_PIECE;
    if (lastPieceEnd > t && lastPieceEnd - t > max) {
      throw new InputError(`Cannot read NDJSON: a line is longer than ${max} characters`, {
        file: o.file,
        line: number,
      });
    }
  }

  /**
   * Ends the input: the unfinished last line, read as the text reader reads a last line without
   * its line break.
   *
   * @param totalBytes the file's size, for the message of a cut-off last line
   * @returns its sign-in, if any
   */
  end(totalBytes: number): SignIn[] {
    const tail = this.#s.tail();
    if (tail.length === 0) return [];
    if (findInvalidUtf8(tail, 0, true) >= 0) {
      const o = this.#o;
      if (o.range === undefined) {
        const d = TextChunkDecoder.resume(o.file, {
          encoding: o.encoding,
          byte: this.#at,
          line: o.firstLine + this.#k + 1,
        });
        d.decode(tail);
        d.end();
      } else this.#decodeError(true);
      throw new Error(`json_scan: the last line was not valid UTF-8 but it decodes: ${tail.length} bytes`);
    }
    const reader = this.#reader;
    reader.ndjsonLinesBefore(this.#o.firstLine + this.#k);
    reader.ndjsonPush(this.#utf8.decode(tail));
    if (reader.ndjsonTake(Infinity) !== null) throw new Error("json_scan: a line feed in the last line");
    return reader.ndjsonEnd(totalBytes);
  }
}

/** Where {@linkcode ScannedJsonArray} is between lines: before the array's `[`, in it, after its `]`. */
const ARRAY_AT = { before: 0, in: 1, after: 2 } as const;

/** Whether `b[from, to)` holds only spaces, tabs and CRs. */
function blankBytes(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Index of the first byte of `b` that is not a space, tab or CR (`b.length` when none). */
function firstNonBlank(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 13)) i++;
  return i;
}

/**
 * A top-level JSON array of records, one record per line (`[`, `{…},` lines, `]`: what
 * `signins-export --format json` and most downloads write), read from UTF-8 bytes by the
 * WebAssembly scanner one chunk at a time: a record line's trailing comma is blanked in the
 * scanner's copy, and each line must be a record (an object), a blank line, or the array's
 * brackets. A chunk with anything else in it (a record over several lines, a line that is not
 * JSON or not UTF-8, an error, a cut line that is not the start of a record or is too long) is
 * read again, from its first line, by the text reader's record splitter, in the state it has
 * there, and so is the rest of the file: so the records, bad rows and errors are the text reader's.
 * A chunk's sign-ins are handed out once the whole chunk was read.
 */
export class ScannedJsonArray {
  readonly #s: NdjsonByteScanner;
  readonly #reader: Reader;
  readonly #stats: ReadStats;
  readonly #o: ScannedNdjsonSetup;
  readonly #utf8 = new TextDecoder();
  #where: number = ARRAY_AT.before;
  #comma = false;
  /** Lines read (index of the next line), offset of the next line's start. */
  #k = 0;
  #at: number;
  /** Line feeds whose record's comma was blanked, in the bytes held (offsets), and the next one. */
  readonly #commas: number[] = [];

  constructor(reader: Reader, stats: ReadStats, o: ScannedNdjsonSetup) {
    this.#reader = reader;
    this.#stats = stats;
    this.#o = o;
    this.#at = o.firstByte;
    this.#s = takeScanner(o);
    this.#s.reset();
  }

  /** Gives the scanner back. */
  release(): void {
    releaseScanner(this.#o, this.#s);
  }

  /**
   * Reads the next chunk.
   *
   * @returns its sign-ins, or (when the chunk must be read as text) the decoder that goes on from
   *   the start of its first line and the texts to hand the reader's splitter ({@linkcode Reader.jsonResume} done)
   */
  chunk(bytes: Uint8Array): { rows: SignIn[] } | { decoder: TextChunkDecoder; texts: string[] } {
    const s = this.#s, stats = this.#stats;
    const mark = {
      where: this.#where,
      comma: this.#comma,
      k: this.#k,
      at: this.#at,
      records: stats.records,
      signIns: stats.signIns,
      badRows: stats.badRows,
      samples: stats.badRowSamples.length,
    };
    const carried = s.tail().length;
    s.push(bytes);
    const held = s.held();
    // blank the comma after each record that ends a line: `{…},` becomes one JSON value
    const commas = this.#commas;
    commas.length = 0;
    for (let q = held.indexOf(10, carried); q >= 0; q = held.indexOf(10, q + 1)) {
      let j = q - 1;
      while (j >= 0 && (held[j] === 32 || held[j] === 9 || held[j] === 13)) j--;
      if (j < 0 || held[j] !== 44) continue;
      let i = j - 1;
      while (i >= 0 && (held[i] === 32 || held[i] === 9 || held[i] === 13)) i--;
      if (i >= 0 && held[i] === 125) {
        held[j] = 32;
        commas.push(q, j);
      }
    }
    const asText = () => {
      for (let c = 0; c < commas.length; c += 2) held[commas[c + 1]!] = 44;
      this.#where = mark.where;
      this.#comma = mark.comma;
      this.#k = mark.k;
      this.#at = mark.at;
      stats.records = mark.records;
      stats.signIns = mark.signIns;
      stats.badRows = mark.badRows;
      stats.badRowSamples.length = mark.samples;
      return this.#asText(held, carried);
    };
    if (stats.layout !== null && !this.#reader.readsGraphFields) return asText(); // not Graph sign-ins
    const rows: SignIn[] = [];
    try {
      let c = 0;
      while (s.next()) {
        const raw = s.line();
        const lineAt = this.#at - mark.at;
        const number = this.#o.firstLine + this.#k++;
        this.#at += raw.length + 1;
        let comma = false;
        if (c < commas.length && commas[c] === lineAt + raw.length) {
          comma = true;
          c += 2;
        }
        if (s.status === LINE_STATUS.blank) continue;
        const first = firstNonBlank(raw);
        const b = raw[first];
        if ((b === 91 || b === 93) && blankBytes(raw, first + 1, raw.length)) {
          if (b === 91 && this.#where === ARRAY_AT.before) this.#where = ARRAY_AT.in;
          else if (b === 93 && this.#where === ARRAY_AT.in && !this.#comma) this.#where = ARRAY_AT.after;
          else return asText();
          continue;
        }
        if (s.status === LINE_STATUS.invalid || this.#where !== ARRAY_AT.in || b !== 123) return asText();
        // a record: `{` … `}` (its comma blanked), so the line holds one object
        const reader = this.#reader;
        let signIn: SignIn | null;
        if (s.status === LINE_STATUS.valid && reader.readsGraphFields) {
          signIn = reader.graphLine(s, this.#o.lean === true, number);
        } else signIn = reader.parseLine(this.#utf8.decode(raw), number);
        if (signIn !== null) rows.push(signIn);
        this.#comma = comma;
      }
      // the cut line: blank, the array's `[` (a first chunk that small), or the start of a record
      // no longer than a record may be, in valid UTF-8
      const tail = s.tail();
      const first = firstNonBlank(tail);
      if (
        first < tail.length &&
        !(this.#where === ARRAY_AT.before && tail[first] === 91 && blankBytes(tail, first + 1, tail.length))
      ) {
        if (this.#where !== ARRAY_AT.in || tail[first] !== 123) return asText();
        if (tail.length > this.#o.maxRecordChars || findInvalidUtf8(tail, 0, false) >= 0) return asText();
      }
    } catch {
      return asText(); // the text reader gives the error (or an earlier one)
    }
    return { rows };
  }

  /**
   * The end of the input: the cut last line and the end of the document, read as text.
   *
   * @returns the decoder and texts, as {@linkcode chunk} gives them, or null when nothing is left
   */
  end(): { decoder: TextChunkDecoder; texts: string[] } | null {
    const tail = this.#s.tail();
    if (tail.length === 0 && this.#where === ARRAY_AT.after) return null;
    return this.#asText(tail, tail.length);
  }

  /**
   * The text way from the start of the line at `#at`: `bytes` are the bytes from there, the first
   * `carried` of them read before the current chunk (the text reader decoded and pushed those
   * with the chunk before).
   */
  #asText(bytes: Uint8Array, carried: number): { decoder: TextChunkDecoder; texts: string[] } {
    const o = this.#o;
    const line = o.firstLine + this.#k;
    this.#reader.jsonResume(line, this.#where === ARRAY_AT.in ? { comma: this.#comma } : undefined);
    const decoder = TextChunkDecoder.resume(o.file, { encoding: o.encoding, byte: this.#at, line });
    const texts = [decoder.decode(bytes.subarray(0, carried))];
    if (carried < bytes.length) texts.push(decoder.decode(bytes.subarray(carried)));
    return { decoder, texts: texts.filter((t) => t !== "") };
  }
}
