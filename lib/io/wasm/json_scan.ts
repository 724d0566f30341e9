/**
 * The WebAssembly NDJSON line scanner (issue #18): walks UTF-8 bytes line by line without
 * decoding them to a JavaScript string, and tells for each line whether it is one JSON value as
 * `JSON.parse` accepts it in valid UTF-8 (the same rules as `lib/io/_unicode.ts`), blank, or
 * neither. Built from `json_scan.as` (AssemblyScript) by `deno task build-wasm`; the binary is
 * embedded in `json_scan_wasm.ts`, so loading it needs no permission (workers too).
 *
 * @module
 */
import { JSON_SCAN_WASM_BASE64 } from "./json_scan_wasm.ts";

/** What the scanner found on a line. */
export const LINE_STATUS = { valid: 0, blank: 1, invalid: 2 } as const;
/** A line's status code. */
export type LineStatus = typeof LINE_STATUS[keyof typeof LINE_STATUS];

interface JsonScanExports {
  memory: WebAssembly.Memory;
  input(bytes: number): number;
  output(): number;
  scanned(): number;
  scan(from: number, to: number): number;
}

let compiled: WebAssembly.Module | undefined;

/** The compiled module (compiled once per thread). */
function jsonScanModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Uint8Array.from(atob(JSON_SCAN_WASM_BASE64), (c) => c.charCodeAt(0)));
  return compiled;
}

/**
 * Scans NDJSON bytes pushed a chunk at a time; each line is taken with
 * {@linkcode NdjsonByteScanner.next}, its bytes with {@linkcode NdjsonByteScanner.line}.
 *
 * @example Valid, blank and invalid lines, one cut across chunks
 * ```ts
 * import { LINE_STATUS, NdjsonByteScanner } from "./json_scan.ts";
 * import assert from "node:assert/strict";
 * const s = new NdjsonByteScanner();
 * const seen: [string, number][] = [];
 * for (const chunk of ['{"a":[1,true]}\n  \n{"b"', ':2}\n{"c":}\n[1]']) {
 *   s.push(new TextEncoder().encode(chunk));
 *   while (s.next()) seen.push([new TextDecoder().decode(s.line()), s.status]);
 * }
 * s.end();
 * while (s.next()) seen.push([new TextDecoder().decode(s.line()), s.status]);
 * assert.deepEqual(seen, [
 *   ['{"a":[1,true]}', LINE_STATUS.valid],
 *   ["  ", LINE_STATUS.blank],
 *   ['{"b":2}', LINE_STATUS.valid],
 *   ['{"c":}', LINE_STATUS.invalid],
 *   ["[1]", LINE_STATUS.valid],
 * ]);
 * ```
 */
export class NdjsonByteScanner {
  readonly #wasm: JsonScanExports;
  #bytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  #out: Int32Array<ArrayBufferLike> = new Int32Array(0);
  #inputPtr = 0;
  /** Bytes in the input area. */
  #length = 0;
  /** End of the whole lines in the input area (after the last line feed). */
  #whole = 0;
  /** Where the next scan starts. */
  #from = 0;
  /** Results of the last scan, and the next one to take. */
  #results = 0;
  #taken = 0;
  /** The current line: start and end (without its line feed) in the input area. */
  #start = 0;
  #end = 0;
  /** The current line's status. */
  status: LineStatus = LINE_STATUS.blank;

  /** Instantiates the scanner (its own WebAssembly memory). */
  constructor() {
    this.#wasm = new WebAssembly.Instance(jsonScanModule(), {}).exports as unknown as JsonScanExports;
  }

  /** Makes room for `bytes` input bytes and refreshes the views of the memory. */
  #reserve(bytes: number): void {
    const ptr = this.#wasm.input(bytes);
    if (ptr === 0) throw new RangeError(`Cannot scan NDJSON: no memory for ${bytes} bytes`);
    this.#inputPtr = ptr;
    const buf = this.#wasm.memory.buffer;
    if (this.#bytes.buffer !== buf) {
      this.#bytes = new Uint8Array(buf);
      this.#out = new Int32Array(buf, this.#wasm.output(), 65536 * 2);
    }
  }

  /**
   * Takes the next chunk of bytes (the lines of the previous chunks must all have been taken);
   * an unfinished last line is kept for the next chunk.
   *
   * @param chunk UTF-8 bytes
   */
  push(chunk: Uint8Array): void {
    const tail = this.#length - this.#whole;
    const length = tail + chunk.length;
    this.#reserve(length);
    const bytes = this.#bytes;
    const base = this.#inputPtr;
    if (tail > 0 && this.#whole > 0) bytes.copyWithin(base, base + this.#whole, base + this.#length);
    bytes.set(chunk, base + tail);
    this.#length = length;
    this.#from = 0;
    this.#results = this.#taken = 0;
    const last = chunk.lastIndexOf(10);
    this.#whole = last < 0 ? 0 : tail + last + 1;
  }

  /** Signals the end of the input: an unfinished last line becomes a line. */
  end(): void {
    if (this.#length > this.#whole) this.push(new Uint8Array([10]));
  }

  /**
   * Moves to the next whole line.
   *
   * @returns false when no whole line is left in the bytes pushed
   */
  next(): boolean {
    if (this.#taken === this.#results) {
      if (this.#from >= this.#whole) return false;
      this.#results = this.#wasm.scan(this.#from, this.#whole);
      this.#taken = 0;
    }
    const out = this.#out;
    const k = this.#taken++ * 2;
    const start = k === 0 ? this.#from : out[k - 2]!;
    const after = out[k]!;
    this.#start = start;
    this.#end = after - 1;
    this.status = out[k + 1]! as LineStatus;
    if (this.#taken === this.#results) this.#from = after;
    return true;
  }

  /** The current line's bytes, without its line feed (a view, valid until the next push). */
  line(): Uint8Array<ArrayBufferLike> {
    return this.#bytes.subarray(this.#inputPtr + this.#start, this.#inputPtr + this.#end);
  }
}
