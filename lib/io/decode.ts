/**
 * The one text decoder: UTF-8 with or without a byte-order mark, UTF-16 LE/BE with a BOM (what
 * Windows tools write) and UTF-16 without a BOM when the first two characters are ASCII (a zero
 * byte in every other place). Bytes that are not valid in the detected encoding are an
 * {@linkcode InputError} naming the file, the byte offset, and the line and column of text.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import {
  findInvalidUtf16,
  findInvalidUtf8,
  incompleteUtf8Tail,
  pendingUtf8Start,
  utf8Length,
} from "./_unicode.ts";
import { concatBytes } from "./bytes.ts";
import { scanLineBreaks } from "./lines.ts";

/**
 * Encodings the decoder recognises (reported in `ReadStats.encoding`).
 *
 * @example
 * ```ts
 * import { TEXT_ENCODING } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(TEXT_ENCODING.Utf16Le, "utf-16le");
 * ```
 */
export const TEXT_ENCODING = {
  Utf8: "utf-8",
  Utf8Bom: "utf-8-bom",
  Utf16Le: "utf-16le",
  Utf16Be: "utf-16be",
} as const;

/** One of the {@linkcode TEXT_ENCODING} values. */
export type TextEncodingName = typeof TEXT_ENCODING[keyof typeof TEXT_ENCODING];

/**
 * How each encoding is named in reports.
 *
 * @example
 * ```ts
 * import { TEXT_ENCODING_LABEL } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.equal(TEXT_ENCODING_LABEL["utf-16le"], "UTF-16 little-endian");
 * ```
 */
export const TEXT_ENCODING_LABEL: Readonly<Record<TextEncodingName, string>> = {
  "utf-8": "UTF-8",
  "utf-8-bom": "UTF-8 with BOM",
  "utf-16le": "UTF-16 little-endian",
  "utf-16be": "UTF-16 big-endian",
};

/** Options of {@linkcode TextChunkDecoder}. */
export interface TextChunkDecoderOptions {
  /** Refuse NUL characters (a binary file), for formats where text never holds one. @default false */
  rejectNul?: boolean;
}

const SAVE_HINT = "save the file as UTF-8 or as UTF-16 with a byte-order mark";

/**
 * Decodes a byte stream chunk by chunk. The first bytes decide the encoding; the byte-order
 * mark is removed. Each {@linkcode TextChunkDecoder.decode} call returns the text completed so far
 * (a character split across chunks comes out with the next chunk).
 *
 * @example UTF-16 LE with a BOM, split in the middle of a character
 * ```ts
 * import { TextChunkDecoder } from "./decode.ts";
 * import assert from "node:assert/strict";
 * const d = new TextChunkDecoder("a.csv");
 * let text = d.decode(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe9]));
 * text += d.decode(new Uint8Array([0x00]));
 * text += d.end();
 * assert.equal(text, "Aé");
 * assert.equal(d.encoding, "utf-16le");
 * ```
 *
 * @example Invalid UTF-8 names the byte
 * ```ts
 * import { TextChunkDecoder } from "./decode.ts";
 * import assert from "node:assert/strict";
 * const d = new TextChunkDecoder("a.json");
 * const bytes = new Uint8Array([0x5b, 0x22, 0x61, 0xff, 0x22, 0x5d]); // ["a<FF>"]
 * assert.throws(() => d.decode(bytes), /^InputError: a\.json \(byte 3\): Cannot decode text: invalid UTF-8 byte 0xff/);
 * ```
 */
export class TextChunkDecoder {
  /** Detected encoding; `null` until the first bytes arrived. */
  encoding: TextEncodingName | null = null;
  /** Bytes consumed so far (including the BOM). */
  bytesRead = 0;
  readonly #file: string;
  #decoder: TextDecoder | null = null;
  /** UTF-8: decoded without the stream mode, whole characters only (see {@linkcode #utf8}). */
  #utf8 = false;
  /** UTF-8: the start of a character cut at the end of the previous chunk. */
  #held: Uint8Array = NO_BYTES;
  #head: Uint8Array | null = null;
  /** Tail of the previous chunk that may hold the start of a split character, and its offset. */
  #prevTail: Uint8Array = new Uint8Array(0);
  /** Bytes of the content (after the BOM) decoded before the current chunk. */
  #contentBytes = 0;
  #bomLength = 0;
  readonly #rejectNul: boolean;
  /** Line breaks in the text returned so far, and characters after the last one. */
  #lines = 0;
  #column = 0;

  /**
   * @param file name used in error messages
   * @param options NUL handling
   */
  constructor(file: string, options: TextChunkDecoderOptions = {}) {
    this.#file = file;
    this.#rejectNul = options.rejectNul ?? false;
  }

  /**
   * A UTF-8 decoder that goes on from the start of a line inside a file, as if it had decoded the
   * file up to there: its errors name the same byte, line and column as a decoder that read the
   * file from its start (the bytes before must have been valid). Readers that walk the bytes
   * themselves (the WebAssembly NDJSON scanner) use it to give the text reader's error.
   *
   * @param file name used in error messages
   * @param at the file's encoding, the file offset of the line's first byte, and the line's number
   * @returns a decoder to hand the bytes from that line on
   *
   * @example
   * ```ts
   * import { TextChunkDecoder } from "./decode.ts";
   * import assert from "node:assert/strict";
   * const d = TextChunkDecoder.resume("a.ndjson", { encoding: "utf-8", byte: 100, line: 7 });
   * assert.throws(() => d.decode(new Uint8Array([0x7b, 0x22, 0xff])), /a\.ndjson \(byte 102\): .*0xff on line 7, column 3/);
   * ```
   */
  static resume(
    file: string,
    at: { encoding: "utf-8" | "utf-8-bom"; byte: number; line: number },
  ): TextChunkDecoder {
    const d = new TextChunkDecoder(file);
    d.encoding = at.encoding;
    d.#decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    d.#utf8 = true;
    d.#bomLength = at.encoding === TEXT_ENCODING.Utf8Bom ? 3 : 0;
    d.#contentBytes = at.byte - d.#bomLength;
    d.bytesRead = at.byte;
    d.#lines = at.line - 1;
    return d;
  }

  /** 1-based line of the next character to be returned. */
  get line(): number {
    return this.#lines + 1;
  }

  /**
   * Decodes the next chunk. The chunk may be reused by the caller after the call returns.
   *
   * @param chunk raw bytes
   * @returns text completed by this chunk (possibly empty)
   */
  decode(chunk: Uint8Array): string {
    if (this.#decoder === null) {
      const head = this.#head === null ? chunk.slice() : concatBytes([this.#head, chunk]);
      if (head.length < 4) {
        this.#head = head;
        return "";
      }
      this.#head = null;
      return this.#start(head, false);
    }
    return this.#run(chunk, false);
  }

  /**
   * Finishes: decodes bytes held back for a character split at the end.
   *
   * @returns the remaining text
   */
  end(): string {
    if (this.#decoder === null) {
      const head = this.#head ?? new Uint8Array(0);
      this.#head = null;
      return this.#start(head, true);
    }
    return this.#run(new Uint8Array(0), true);
  }

  #start(head: Uint8Array, final: boolean): string {
    const b0 = head[0], b1 = head[1], b2 = head[2];
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
      this.#bomLength = 3;
      this.encoding = TEXT_ENCODING.Utf8Bom;
    } else if (b0 === 0xff && b1 === 0xfe) {
      this.#bomLength = 2;
      this.encoding = TEXT_ENCODING.Utf16Le;
    } else if (b0 === 0xfe && b1 === 0xff) {
      this.#bomLength = 2;
      this.encoding = TEXT_ENCODING.Utf16Be;
    } else if (head.length >= 4 && b0 !== 0 && b1 === 0 && b2 !== 0 && head[3] === 0) {
      this.encoding = TEXT_ENCODING.Utf16Le;
    } else if (head.length >= 4 && b0 === 0 && b1 !== 0 && b2 === 0 && head[3] !== 0) {
      this.encoding = TEXT_ENCODING.Utf16Be;
    } else {
      this.encoding = TEXT_ENCODING.Utf8;
      if (head.length >= 2 && (b0 === 0) !== (b1 === 0)) {
        const which = b0 === 0 ? "big-endian" : "little-endian";
        throw new InputError(
          `Cannot decode text: the file looks like UTF-16 (${which}) without a byte-order mark; save it as UTF-8 or as UTF-16 with a BOM`,
          { file: this.#file, byte: b0 === 0 ? 0 : 1 },
        );
      }
    }
    const label = this.encoding === TEXT_ENCODING.Utf16Le
      ? "utf-16le"
      : this.encoding === TEXT_ENCODING.Utf16Be
      ? "utf-16be"
      : "utf-8";
    // Not `fatal`: a fatal TextDecoder is about 4x slower. Invalid input shows up as U+FFFD in
    // the output, and only then are the bytes checked (a U+FFFD written in the file is fine).
    this.#decoder = new TextDecoder(label, { ignoreBOM: true });
    this.#utf8 = label === "utf-8";
    this.bytesRead = this.#bomLength;
    return this.#run(head.subarray(this.#bomLength), final);
  }

  #run(chunk: Uint8Array, final: boolean): string {
    const decoder = this.#decoder!;
    const text = this.#utf8
      ? this.#decodeUtf8(chunk, final)
      : final
      ? decoder.decode(chunk)
      : decoder.decode(chunk, { stream: true });
    if (text.indexOf("\uFFFD") >= 0) {
      const e = this.#locate(chunk, final);
      if (e !== null) throw e;
    }
    if (this.#rejectNul && text.indexOf("\0") >= 0) throw this.#nulError(chunk, text);
    this.#advance(text, text.length);
    this.#contentBytes += chunk.length;
    this.bytesRead += chunk.length;
    this.#prevTail = chunk.length >= 3
      ? chunk.slice(chunk.length - 3)
      : concatBytes([this.#prevTail, chunk]).slice(-3);
    return text;
  }

  /**
   * UTF-8 without the stream mode: in Deno, `decode(bytes, { stream: true })` takes about six
   * times as long as `decode(bytes)` (measured on 1 MiB chunks of a sign-in file: 300 vs 50 ms
   * for 256 MiB). Only whole characters are decoded; a character cut at the end of a chunk is
   * held and decoded with the start of the next one, exactly the bytes the stream decoder would
   * hold ({@linkcode pendingUtf8Start}), so valid input gives the same text. Invalid input gives
   * U+FFFD in the same call as the stream decoder would (the text after it may differ), and
   * {@linkcode #locate} then names the byte from the bytes themselves.
   */
  #decodeUtf8(chunk: Uint8Array, final: boolean): string {
    const d = this.#decoder!;
    let head = "";
    const held = this.#held;
    if (held.length > 0) {
      const need = utf8Length(held[0]!) - held.length;
      this.#held = NO_BYTES;
      if (final || chunk.length <= need) {
        const all = concatBytes([held, chunk]);
        if (final) return d.decode(all);
        const cut = pendingUtf8Start(all);
        if (cut < all.length) this.#held = all.slice(cut);
        return d.decode(all.subarray(0, cut));
      }
      head = d.decode(concatBytes([held, chunk.subarray(0, need)]));
      chunk = chunk.subarray(need);
    }
    if (final) return head + d.decode(chunk);
    const cut = pendingUtf8Start(chunk);
    if (cut < chunk.length) this.#held = chunk.slice(cut);
    const body = d.decode(cut === chunk.length ? chunk : chunk.subarray(0, cut));
    return head === "" ? body : head + body;
  }

  /** The error for the first NUL character of `text`, decoded from `chunk` (file offset `bytesRead`). */
  #nulError(chunk: Uint8Array, text: string): InputError {
    const at = this.#position(text, text.indexOf("\0"));
    const start = this.bytesRead;
    let byte = start;
    if (this.encoding === TEXT_ENCODING.Utf16Le || this.encoding === TEXT_ENCODING.Utf16Be) {
      // a code unit of two zero bytes, aligned on the content; it may start in the previous chunk
      for (let k = (start - this.#bomLength) % 2 === 0 ? 0 : -1; k + 1 < chunk.length; k += 2) {
        if ((k < 0 ? this.#prevTail[this.#prevTail.length - 1] : chunk[k]) === 0 && chunk[k + 1] === 0) {
          byte = start + k;
          break;
        }
      }
    } else {
      byte = start + Math.max(0, chunk.indexOf(0));
    }
    return new InputError(
      `Cannot decode text: NUL character on line ${at.line}, column ${at.column} (a binary file?); ${SAVE_HINT}`,
      { file: this.#file, byte },
    );
  }

  /** Counts the lines of returned text. */
  #advance(text: string, to: number): void {
    const b = scanLineBreaks(text, to);
    this.#lines += b.count;
    this.#column = b.last < 0 ? this.#column + to : to - b.last - 1;
  }

  /** 1-based line and column of `text[i]`, where `text` follows the text returned so far. */
  #position(text: string, i: number): { line: number; column: number } {
    const lines = this.#lines, column = this.#column;
    this.#advance(text, i);
    const at = { line: this.#lines + 1, column: this.#column + 1 };
    this.#lines = lines;
    this.#column = column;
    return at;
  }

  /** The error for the first invalid byte of the chunk, or null when the chunk is valid. */
  #locate(chunk: Uint8Array, final: boolean): InputError | null {
    const tail = this.#prevTail;
    const all = concatBytes([tail, chunk]);
    const base = this.#bomLength + this.#contentBytes - tail.length; // file offset of all[0]
    let at = -1;
    let what = "";
    let textFrom = -1;
    if (this.encoding === TEXT_ENCODING.Utf16Le || this.encoding === TEXT_ENCODING.Utf16Be) {
      const le = this.encoding === TEXT_ENCODING.Utf16Le;
      // Start at a code-unit boundary at or before the chunk, two units back at most.
      let start = (this.#contentBytes % 2) === 0 ? tail.length : tail.length - 1;
      if (start >= 2) start -= 2;
      at = findInvalidUtf16(all, Math.max(0, start), le, final);
      what = at >= 0 && at + 1 >= all.length
        ? "an incomplete UTF-16 code unit"
        : "an unpaired UTF-16 surrogate";
    } else {
      const start = incompleteUtf8Tail(tail);
      textFrom = start;
      at = findInvalidUtf8(all, start, final);
      what = at >= 0 ? `invalid UTF-8 byte 0x${all[at]!.toString(16).padStart(2, "0")}` : "";
      if (at >= 0 && final && findInvalidUtf8(all, at, false) === -1 && at >= all.length - 3) {
        what = "an incomplete UTF-8 sequence at the end of the file";
      }
    }
    if (at < 0) return null;
    // Where in the text: decode the valid bytes before the bad one that were not returned yet
    // (UTF-8: from a character cut at the end of the previous chunk, which was held back).
    const before = Math.max(0, at - tail.length);
    const valid = new TextDecoder(
      this.encoding === TEXT_ENCODING.Utf16Le
        ? "utf-16le"
        : this.encoding === TEXT_ENCODING.Utf16Be
        ? "utf-16be"
        : "utf-8",
      { ignoreBOM: true },
    ).decode(textFrom >= 0 && textFrom <= at ? all.subarray(textFrom, at) : chunk.subarray(0, before));
    const pos = this.#position(valid, valid.length);
    return new InputError(
      `Cannot decode text: ${what} on line ${pos.line}, column ${pos.column} (expected ${this.encoding}; ${SAVE_HINT})`,
      { file: this.#file, byte: base + at },
    );
  }
}

const NO_BYTES = new Uint8Array(0);

/** Options of {@linkcode decodeText}. */
export interface DecodeTextOptions extends TextChunkDecoderOptions {
  /** File name for errors. */
  file: string;
  /** Called once, before the first text is yielded, with the encoding in use. */
  onEncoding?: (encoding: TextEncodingName) => void;
}

/**
 * {@linkcode TextChunkDecoder} over an async stream of bytes.
 *
 * @param chunks the file's bytes, in order
 * @param options file name for errors; callback receiving the encoding; NUL handling
 * @returns text chunks (never split inside a character)
 * @throws {InputError} at the first invalid byte, naming the file, byte, line and column
 *
 * @example UTF-16 LE with a byte-order mark
 * ```ts
 * import { decodeText } from "./decode.ts";
 * import assert from "node:assert/strict";
 * async function* bytes() {
 *   yield new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x0a]);
 *   yield new Uint8Array([0x00, 0xe9, 0x00]);
 * }
 * let text = "";
 * for await (const t of decodeText(bytes(), { file: "a.csv" })) text += t;
 * assert.equal(text, "A\n\u00e9");
 * ```
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  options: DecodeTextOptions,
): AsyncGenerator<string> {
  const d = new TextChunkDecoder(options.file, options);
  let told = false;
  const tell = () => {
    if (!told && d.encoding !== null) {
      told = true;
      options.onEncoding?.(d.encoding);
    }
  };
  for await (const chunk of chunks) {
    const t = d.decode(chunk);
    tell();
    if (t !== "") yield t;
  }
  const t = d.end();
  tell();
  if (t !== "") yield t;
}
