/**
 * Byte-to-text decoding for exported reports: UTF-8 (with or without a byte-order mark) and
 * UTF-16 LE/BE (with a byte-order mark, or recognised from the zero bytes of its first two
 * characters). Decoding is strict and streaming: an invalid byte sequence or a NUL character
 * (a sign of a binary file) stops the read with an {@linkcode InputError} naming the file and
 * the byte offset.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";

/** The text encodings an export can be in. */
export const TEXT_ENCODING = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 little-endian",
  "utf-16be": "UTF-16 big-endian",
} as const;

/** One of the {@linkcode TEXT_ENCODING} ids. */
export type TextEncodingName = keyof typeof TEXT_ENCODING;

/** What {@linkcode sniffEncoding} found at the start of a file. */
export interface SniffedEncoding {
  /** The encoding to decode with. */
  encoding: TextEncodingName;
  /** Length of the byte-order mark to skip (0, 2 or 3). */
  bomLength: number;
}

/**
 * Picks the encoding from the first bytes of a file: a UTF-8 or UTF-16 byte-order mark, or
 * (without one) UTF-16 when the first two characters are ASCII with a zero high byte;
 * otherwise UTF-8.
 *
 * @param head the first bytes of the file (4 are enough)
 *
 * @example Byte-order marks and BOM-less UTF-16
 * ```ts
 * import { sniffEncoding } from "./decode.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(sniffEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0x00])), { encoding: "utf-16le", bomLength: 2 });
 * assert.deepEqual(sniffEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), { encoding: "utf-8", bomLength: 3 });
 * assert.deepEqual(sniffEncoding(new Uint8Array([0x00, 0x41, 0x00, 0x42])), { encoding: "utf-16be", bomLength: 0 });
 * assert.deepEqual(sniffEncoding(new TextEncoder().encode("Call")), { encoding: "utf-8", bomLength: 0 });
 * ```
 */
export function sniffEncoding(head: Uint8Array): SniffedEncoding {
  const [a, b, c, d] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: "utf-8", bomLength: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: "utf-16be", bomLength: 2 };
  if (head.length >= 4) {
    if (a !== 0 && b === 0 && c !== 0 && d === 0) return { encoding: "utf-16le", bomLength: 0 };
    if (a === 0 && b !== 0 && c === 0 && d !== 0) return { encoding: "utf-16be", bomLength: 0 };
  }
  return { encoding: "utf-8", bomLength: 0 };
}

/** Options of {@linkcode decodeText}. */
export interface DecodeOptions {
  /** File name for error messages. */
  file: string;
  /** Called once, before the first text is yielded, with the encoding in use. */
  onEncoding?: (encoding: TextEncodingName) => void;
}

const SAVE_HINT = "save the export as UTF-8 or as UTF-16 with a byte-order mark";

function hex(b: number): string {
  return `0x${b.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** Incremental strict UTF-8 validator (WHATWG decoder rules); tracks line numbers for messages. */
class Utf8Validator {
  #need = 0;
  #lower = 0x80;
  #upper = 0xbf;
  #seqStart = 0;
  #line = 1;
  constructor(readonly file: string) {}

  #fail(what: string, offset: number): never {
    throw new InputError(`${what} on line ${this.#line}; ${SAVE_HINT}`, {
      file: this.file,
      byte: offset,
    });
  }

  /** Checks `bytes`, which start at absolute file offset `base`. */
  check(bytes: Uint8Array, base: number): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.#need === 0) {
        if (b < 0x80) {
          if (b === 0x0a) this.#line++;
          else if (b === 0) this.#fail("Cannot decode text: NUL byte (binary data?)", base + i);
          continue;
        }
        this.#seqStart = base + i;
        if (b >= 0xc2 && b <= 0xdf) this.#need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) this.#lower = 0xa0;
          if (b === 0xed) this.#upper = 0x9f;
          this.#need = 2;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) this.#lower = 0x90;
          if (b === 0xf4) this.#upper = 0x8f;
          this.#need = 3;
        } else this.#fail(`Cannot decode text: byte ${hex(b)} is not valid UTF-8`, base + i);
      } else {
        if (b < this.#lower || b > this.#upper) {
          this.#fail(`Cannot decode text: byte ${hex(b)} is not valid UTF-8`, base + i);
        }
        this.#lower = 0x80;
        this.#upper = 0xbf;
        this.#need--;
      }
    }
  }

  /** Checks that the input did not stop inside a multi-byte character. */
  end(): void {
    if (this.#need > 0) {
      this.#fail("Cannot decode text: the file ends inside a UTF-8 character", this.#seqStart);
    }
  }
}

/** Incremental strict UTF-16 validator (paired surrogates, no NUL). */
class Utf16Validator {
  #odd: number | undefined;
  #highAt = -1;
  #line = 1;
  constructor(readonly file: string, readonly bigEndian: boolean) {}

  #fail(what: string, offset: number): never {
    throw new InputError(`${what} on line ${this.#line}; ${SAVE_HINT}`, {
      file: this.file,
      byte: offset,
    });
  }

  check(bytes: Uint8Array, base: number): void {
    let i = 0;
    if (this.#odd !== undefined && bytes.length > 0) {
      this.#unit(this.#join(this.#odd, bytes[0]!), base - 1);
      this.#odd = undefined;
      i = 1;
    }
    for (; i + 1 < bytes.length; i += 2) this.#unit(this.#join(bytes[i]!, bytes[i + 1]!), base + i);
    if (i < bytes.length) this.#odd = bytes[i]!;
  }

  #join(first: number, second: number): number {
    return this.bigEndian ? (first << 8) | second : (second << 8) | first;
  }

  #unit(u: number, offset: number): void {
    if (this.#highAt >= 0) {
      if (u < 0xdc00 || u > 0xdfff) this.#fail("Cannot decode text: unpaired UTF-16 surrogate", this.#highAt);
      this.#highAt = -1;
      return;
    }
    if (u >= 0xd800 && u <= 0xdbff) this.#highAt = offset;
    else if (u >= 0xdc00 && u <= 0xdfff) this.#fail("Cannot decode text: unpaired UTF-16 surrogate", offset);
    else if (u === 0x0a) this.#line++;
    else if (u === 0) this.#fail("Cannot decode text: NUL character (binary data?)", offset);
  }

  end(total: number): void {
    if (this.#odd !== undefined) {
      this.#fail("Cannot decode text: odd number of bytes in a UTF-16 file", total - 1);
    }
    if (this.#highAt >= 0) this.#fail("Cannot decode text: unpaired UTF-16 surrogate", this.#highAt);
  }
}

/**
 * Decodes a byte stream to text chunks, strictly, dropping a byte-order mark.
 *
 * @param chunks the file's bytes, in order
 * @param options file name for errors; callback receiving the encoding
 * @returns text chunks (never split inside a character)
 * @throws {InputError} at the first invalid byte or NUL character, naming the file and offset
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
 *
 * @example Invalid UTF-8 names the byte
 * ```ts
 * import { decodeText } from "./decode.ts";
 * import assert from "node:assert/strict";
 * async function* bytes() {
 *   yield new TextEncoder().encode("Call Result\nCONFIG");
 *   yield new Uint8Array([0xff]);
 * }
 * await assert.rejects(async () => {
 *   for await (const t of decodeText(bytes(), { file: "mfa.csv" })) void t;
 * }, { message: /^mfa\.csv \(byte 18\): Cannot decode text: byte 0xFF is not valid UTF-8 on line 2;/ });
 * ```
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  options: DecodeOptions,
): AsyncGenerator<string> {
  let head = new Uint8Array(0);
  let sniffed: SniffedEncoding | undefined;
  let decoder: TextDecoder | undefined;
  let utf8: Utf8Validator | undefined;
  let utf16: Utf16Validator | undefined;
  let offset = 0;

  const start = (bytes: Uint8Array): string => {
    sniffed = sniffEncoding(bytes);
    options.onEncoding?.(sniffed.encoding);
    decoder = new TextDecoder(sniffed.encoding, { ignoreBOM: true });
    if (sniffed.encoding === "utf-8") utf8 = new Utf8Validator(options.file);
    else utf16 = new Utf16Validator(options.file, sniffed.encoding === "utf-16be");
    offset = sniffed.bomLength;
    return feed(bytes.subarray(sniffed.bomLength));
  };
  const feed = (bytes: Uint8Array): string => {
    utf8?.check(bytes, offset);
    utf16?.check(bytes, offset);
    offset += bytes.length;
    return decoder!.decode(bytes, { stream: true });
  };

  for await (const chunk of chunks) {
    let text: string;
    if (sniffed === undefined) {
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      if (joined.length < 4) {
        head = joined;
        continue;
      }
      text = start(joined);
    } else text = feed(chunk);
    if (text.length > 0) yield text;
  }
  if (sniffed === undefined) {
    const text = start(head);
    if (text.length > 0) yield text;
  }
  utf8?.end();
  utf16?.end(offset);
  const rest = decoder!.decode();
  if (rest.length > 0) yield rest;
}
