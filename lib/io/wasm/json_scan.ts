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

/**
 * What the scanner found on a line: one JSON value (with its fields when extracting), blank
 * (only spaces, tabs, CRs), not JSON or not UTF-8, or (extracting only) valid JSON whose fields
 * it cannot tell (not an object, a key with an escape, too many values): parse it whole.
 */
export const LINE_STATUS = { valid: 0, blank: 1, invalid: 2, fallback: 3 } as const;
/** A line's status code. */
export type LineStatus = typeof LINE_STATUS[keyof typeof LINE_STATUS];

interface JsonScanExports {
  memory: WebAssembly.Memory;
  input(bytes: number): number;
  output(): number;
  records(): number;
  keys(): number;
  setKeys(count: number): number;
  resetInterned(): void;
  scanned(): number;
  scan(from: number, to: number): number;
  extract(from: number, to: number): number;
}

/**
 * How a wanted field's values are handed over: decoded each time, or interned (each distinct
 * byte string decoded once), or (arrays) each element interned, or (arrays, `steps`) each
 * element interned apart from its first member's string value (a per-row time in objects that
 * are otherwise alike): the element is a copy of the shared parse with that value set.
 */
export const FIELD_MODE = { direct: 0, intern: 1, elements: 2, steps: 3 } as const;
/** A field mode. */
export type FieldMode = typeof FIELD_MODE[keyof typeof FIELD_MODE];

const TAG = { interned: 0, new: 1, string: 2, json: 3, array: 4, cut: 5 } as const;
/** Distinct values interned per scanner (as in json_scan.as). */
const MAX_IDS = 1 << 15;
const RESULT_LINES = 65536;
const RECORDS = 1 << 18;
/** Key sequences (trie nodes) a scanner keeps a maker for; lines with other sequences take the slow way. */
const MAX_SHAPES = 4096;

/**
 * A node of the trie of key sequences met: the keys (indices into the wanted keys) of the lines
 * that reach it, and (made on first use) the function that builds such a line's object.
 */
interface Shape {
  readonly path: readonly number[];
  readonly next: (Shape | undefined)[];
  make: ((v: readonly unknown[]) => Record<string, unknown>) | null;
}

/**
 * The object maker of one key sequence: an object literal with the keys in line order (a key
 * present twice keeps its first place and its last value, as assignment does). An object built
 * key by key with computed names is a hash table in V8 past a dozen keys, and every field read
 * of the mapper is then a lookup; literal objects of one sequence share one fast layout. The
 * source text holds only the wanted keys (the scanner's own constant list, JSON-quoted), never
 * input data.
 */
function makerOf(
  keys: readonly string[],
  path: readonly number[],
): (v: readonly unknown[]) => Record<string, unknown> {
  const props = path.map((k, i) => `${JSON.stringify(keys[k])}: v[${i}]`).join(", ");
  return new Function("v", `"use strict"; return { ${props} };`) as (
    v: readonly unknown[],
  ) => Record<string, unknown>;
}

/**
 * How {@linkcode NdjsonByteScanner.coerced} hands a line's wanted fields over: each key's value
 * goes through a pure function into a slot of the caller's array. An interned value's result is
 * kept per id (the scanner's own per-key tables, bounded by its distinct-value cap: a value not
 * interned is coerced on every line), so a value repeated on many lines is coerced once.
 */
export interface FieldCoercion {
  /** The wanted keys, in the scanner's order (the same names as its `fields`). */
  readonly keys: readonly string[];
  /** For each key: the slot of the caller's array its result goes to. */
  readonly slots: readonly number[];
  /** For each key: its coercion (pure; may throw: the line is then read with `fields()`). */
  readonly coerce: readonly ((v: unknown) => unknown)[];
  /** For each slot: its content when the line lacks the key. */
  readonly absent: readonly unknown[];
  /**
   * For each key (null: none): how the elements of its arrays are coerced one by one, the array
   * of what they give being the key's result (its `coerce` takes its other values). For a steps
   * key, what an element cut at its first member (the objects alike but for a per-row time) keeps
   * is made once per id, and each element is made from it and the member's text, without a copy
   * of the shared parse.
   */
  readonly elements?: readonly (ElementCoercion | null)[];
}

/** How the elements of a key's arrays are coerced ({@linkcode FieldCoercion.elements}). */
export interface ElementCoercion {
  /**
   * What the elements cut at their first member `key` with this shared parse keep (pure; made
   * once per id), or undefined when {@linkcode cut} cannot make them (then `whole` is given a copy
   * of the parse with the member set, as `fields()` has it).
   */
  readonly shared: (parsed: Readonly<Record<string, unknown>>, key: string) => unknown;
  /** A cut element, from what its id keeps and its first member's text. */
  readonly cut: (shared: unknown, text: string) => unknown;
  /** Any other element, from its value as `fields()` has it (undefined: left out of the array). */
  readonly whole: (v: unknown) => unknown;
}

/** A cut element's shared parse and its first key (steps). */
interface Template {
  readonly parsed: Readonly<Record<string, unknown>>;
  readonly key: string;
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
  #rec: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** Extracting: the wanted keys, and the values of the interned ids. */
  readonly #keys: readonly string[] | null;
  readonly #values: unknown[] = [];
  /** Steps: the parse of the first element met of each id of a cut element, and its first key. */
  readonly #templates: (Template | undefined)[] = [];
  readonly #utf8 = new TextDecoder();
  /** Extracting: the trie of key sequences (null when a key cannot be a literal's plain key). */
  readonly #shapes: Shape | null;
  #shapeCount = 0;
  /**
   * {@linkcode coerced}: the coercion its tables are for, the number of each key's coercion
   * function (keys with the same function share results), and per interned id the number of the
   * function whose result `#memo` holds (-1: none); per cut element id, what the steps key's
   * `ElementCoercion.shared` gave (null: undefined). One entry per id, at most `MAX_IDS` (arrays
   * made whole: a sparse one would be a dictionary).
   */
  #memoOf: FieldCoercion | null = null;
  #memoFnOfKey: Int32Array = new Int32Array(0);
  #memoFnAt: Int32Array = new Int32Array(0);
  #memo: unknown[] = [];
  #cutMemo: unknown[] = [];
  /** The record after the last array read by `#arrayAt`. */
  #after = 0;
  /** The current line's values and key indices (reused). */
  readonly #rowValues: unknown[] = [];
  readonly #rowKeys: number[] = [];
  /** The current line's field records [from, to). */
  #recFrom = 0;
  #recTo = 0;
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

  /**
   * Instantiates the scanner (its own WebAssembly memory).
   *
   * @param fields when given, the top-level keys whose values {@linkcode NdjsonByteScanner.fields}
   *   gives for each valid line holding an object, each with its {@linkcode FIELD_MODE}; without,
   *   lines are only validated
   */
  constructor(fields?: Readonly<Record<string, FieldMode>>) {
    this.#wasm = new WebAssembly.Instance(jsonScanModule(), {}).exports as unknown as JsonScanExports;
    this.#keys = fields === undefined ? null : Object.keys(fields);
    this.#shapes = this.#keys === null || this.#keys.includes("__proto__")
      ? null
      : { path: [], next: [], make: null };
    if (fields !== undefined) {
      this.#reserve(1);
      const area = this.#bytes;
      let at = this.#wasm.keys();
      const encoder = new TextEncoder();
      for (const [name, mode] of Object.entries(fields)) {
        const b = encoder.encode(name);
        if (b.length > 255) throw new RangeError(`Cannot scan for ${name}: key too long`);
        area[at] = b.length;
        area[at + 1] = mode;
        area.set(b, at + 2);
        at += 2 + b.length;
      }
      if (this.#wasm.setKeys(this.#keys!.length) === 0) throw new RangeError("Cannot scan for so many keys");
      this.#wasm.resetInterned();
    }
  }

  /** Makes room for `bytes` input bytes and refreshes the views of the memory. */
  #reserve(bytes: number): void {
    const ptr = this.#wasm.input(bytes);
    if (ptr === 0) throw new RangeError(`Cannot scan NDJSON: no memory for ${bytes} bytes`);
    this.#inputPtr = ptr;
    const buf = this.#wasm.memory.buffer;
    if (this.#bytes.buffer !== buf) {
      this.#bytes = new Uint8Array(buf);
      this.#out = new Int32Array(buf, this.#wasm.output(), RESULT_LINES * 3);
      this.#rec = new Int32Array(buf, this.#wasm.records(), RECORDS * 5);
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

  /** Forgets the bytes pushed (interned values are kept): for the next input. */
  reset(): void {
    this.#length = this.#whole = this.#from = 0;
    this.#results = this.#taken = 0;
  }

  /** The bytes after the last line feed pushed (the unfinished last line; a view, valid until the next push). */
  tail(): Uint8Array<ArrayBufferLike> {
    return this.#bytes.subarray(this.#inputPtr + this.#whole, this.#inputPtr + this.#length);
  }

  /** All the bytes held since the last push: the unfinished line carried into it, then the chunk pushed (a view, valid until the next push). */
  held(): Uint8Array<ArrayBufferLike> {
    return this.#bytes.subarray(this.#inputPtr, this.#inputPtr + this.#length);
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
      this.#results = this.#keys === null
        ? this.#wasm.scan(this.#from, this.#whole)
        : this.#wasm.extract(this.#from, this.#whole);
      this.#taken = 0;
    }
    const out = this.#out;
    const k = this.#taken++ * 3;
    const start = k === 0 ? this.#from : out[k - 3]!;
    const after = out[k]!;
    this.#start = start;
    this.#end = after - 1;
    this.status = out[k + 1]! as LineStatus;
    this.#recFrom = k === 0 ? 0 : out[k - 1]!;
    this.#recTo = out[k + 2]!;
    if (this.#taken === this.#results) this.#from = after;
    return true;
  }

  /**
   * The current valid line's wanted fields (extracting, status valid), as `JSON.parse` of the
   * line would have them: each key present as often as in the line keeps its last value; an
   * interned value is one shared, frozen object for every line that has the same bytes.
   *
   * @returns an object with only the wanted keys that the line has
   */
  fields(): Record<string, unknown> {
    const keys = this.#keys!, rec = this.#rec, values = this.#values;
    const row = this.#rowValues, rowKeys = this.#rowKeys;
    let shape = this.#shapes;
    let n = 0;
    for (let r = this.#recFrom * 5, to = this.#recTo * 5; r < to; r += 5) {
      const key = rec[r]!;
      const tag = rec[r + 1]!;
      let value: unknown;
      if (tag === TAG.interned) {
        const v = values[rec[r + 2]!];
        value = v !== undefined ? v : this.#value(r);
      } else if (tag === TAG.array) {
        value = this.#arrayAt(r);
        r = this.#after;
      } else {
        value = this.#value(r);
      }
      row[n] = value;
      rowKeys[n++] = key;
      if (shape !== null) shape = shape.next[key] ?? this.#grow(shape, key);
    }
    if (shape !== null) return (shape.make ??= makerOf(keys, shape.path))(row);
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) o[keys[rowKeys[i]!]!] = row[i];
    return o;
  }

  /** The array of array record r (its elements' records follow it); `#after` is set to its last record. */
  #arrayAt(r: number): unknown[] {
    const rec = this.#rec, values = this.#values;
    const len = rec[r + 2]!;
    const a = new Array<unknown>(len);
    for (let i = 0; i < len; i++) {
      r += 5;
      const t = rec[r + 1];
      if (t === TAG.cut) {
        a[i] = this.#cut(r);
        r += 5; // the element's own record, read when its id is new
        continue;
      }
      const v = t === TAG.interned ? values[rec[r + 2]!] : undefined;
      a[i] = v !== undefined ? v : this.#value(r);
    }
    this.#after = r;
    return a;
  }

  /**
   * The current valid line's wanted fields (extracting, status valid), each through its
   * coercion into `out` (every slot first set to its `absent` content; a key present twice: the
   * last value's, as `JSON.parse` keeps it). An interned value is coerced once per id and
   * coercion: the result is shared by every line with the same bytes.
   *
   * @param c the coercions (made for this scanner's keys)
   * @param out the caller's array, one entry per slot (overwritten)
   * @returns false when a coercion threw (`out` is then partly written: read the line with
   *   {@linkcode fields})
   *
   * @example A value repeated on two lines is coerced once
   * ```ts
   * import { FIELD_MODE, NdjsonByteScanner } from "./json_scan.ts";
   * import assert from "node:assert/strict";
   * const s = new NdjsonByteScanner({ a: FIELD_MODE.intern, b: FIELD_MODE.direct });
   * let calls = 0;
   * const upper = (v: unknown) => (calls++, typeof v === "string" ? v.toUpperCase() : null);
   * const c = { keys: ["a", "b"], slots: [0, 1], coerce: [upper, (v: unknown) => v ?? null], absent: [null, null] };
   * s.push(new TextEncoder().encode('{"a":"x","b":1}\n{"b":2,"a":"x"}\n{"a":"x","a":"y"}\n'));
   * const out: unknown[] = [];
   * const seen: unknown[][] = [];
   * while (s.next()) if (s.coerced(c, out)) seen.push([...out]);
   * assert.deepEqual(seen, [["X", 1], ["X", 2], ["Y", null]]);
   * assert.equal(calls, 2);
   * ```
   */
  coerced(c: FieldCoercion, out: unknown[]): boolean {
    const rec = this.#rec, coerce = c.coerce, slots = c.slots, absent = c.absent;
    if (this.#memoOf !== c) {
      if (c.keys.length !== this.#keys!.length || c.keys.some((k, i) => k !== this.#keys![i])) {
        throw new RangeError("json_scan: the coercions are not for this scanner's keys");
      }
      if ((c.elements ?? []).filter((e) => e != null).length > 1) {
        throw new RangeError("json_scan: element coercions for more than one key");
      }
      this.#memoOf = c;
      const fns = [...new Set(coerce)];
      this.#memoFnOfKey = Int32Array.from(coerce, (f) => fns.indexOf(f));
      this.#memoFnAt = new Int32Array(MAX_IDS).fill(-1);
      this.#memo = new Array<unknown>(MAX_IDS).fill(undefined);
      this.#cutMemo = new Array<unknown>(MAX_IDS).fill(undefined);
    }
    const memo = this.#memo, memoFnAt = this.#memoFnAt, fnOfKey = this.#memoFnOfKey;
    const elements = c.elements;
    for (let i = 0; i < absent.length; i++) out[i] = absent[i];
    try {
      for (let r = this.#recFrom * 5, to = this.#recTo * 5; r < to; r += 5) {
        const key = rec[r]!;
        const tag = rec[r + 1]!;
        let value: unknown;
        if (tag === TAG.interned || tag === TAG.new) {
          const id = rec[r + 2]!;
          const fn = fnOfKey[key]!;
          if (memoFnAt[id] === fn) value = memo[id];
          else {
            value = coerce[key]!(this.#value(r));
            if (id < MAX_IDS) {
              memoFnAt[id] = fn;
              memo[id] = value;
            }
          }
        } else if (tag === TAG.array) {
          const e = elements?.[key];
          value = e == null ? coerce[key]!(this.#arrayAt(r)) : this.#elementsAt(r, e, this.#cutMemo);
          r = this.#after;
        } else {
          value = coerce[key]!(this.#value(r));
        }
        out[slots[key]!] = value;
      }
    } catch {
      return false;
    }
    return true;
  }

  /** The array of array record r, each element through `e` (see {@linkcode ElementCoercion}); `#after` is set to its last record. */
  #elementsAt(r: number, e: ElementCoercion, shared: unknown[]): unknown[] {
    const rec = this.#rec, bytes = this.#bytes, base = this.#inputPtr;
    const len = rec[r + 2]!;
    const a: unknown[] = [];
    for (let i = 0; i < len; i++) {
      r += 5;
      let v: unknown;
      if (rec[r + 1] === TAG.cut) {
        const id = rec[r + 2]!;
        let kept = shared[id];
        if (kept === undefined) {
          const t = this.#templates[id] ?? this.#template(id, r + 5);
          kept = e.shared(t.parsed, t.key) ?? null;
          shared[id] = kept;
        }
        if (kept === null) v = e.whole(this.#cut(r));
        else {
          const from = base + rec[r + 3]! + 1, to = base + rec[r + 4]! - 1;
          v = e.cut(kept, asciiText(bytes, from, to) ?? this.#utf8.decode(bytes.subarray(from, to)));
        }
        r += 5; // the element's own record, read when its id is new
      } else {
        const t = rec[r + 1];
        const x = t === TAG.interned ? this.#values[rec[r + 2]!] : undefined;
        v = e.whole(x !== undefined ? x : this.#value(r));
      }
      if (v !== undefined) a.push(v);
    }
    this.#after = r;
    return a;
  }

  /** The child of `shape` for key index `key`, made (null once the trie is full). */
  #grow(shape: Shape, key: number): Shape | null {
    if (this.#shapeCount >= MAX_SHAPES) return null;
    this.#shapeCount++;
    const child: Shape = { path: [...shape.path, key], next: [], make: null };
    shape.next[key] = child;
    return child;
  }

  /**
   * The element of cut record r (steps): a copy of the shared parse of its id with the first
   * member's value, a string without escapes, set (it keeps its place, as in `JSON.parse`).
   */
  #cut(r: number): Record<string, unknown> {
    const rec = this.#rec, bytes = this.#bytes;
    const id = rec[r + 2]!;
    const t = this.#templates[id] ?? this.#template(id, r + 5);
    const from = this.#inputPtr + rec[r + 3]! + 1, to = this.#inputPtr + rec[r + 4]! - 1;
    const text = asciiText(bytes, from, to) ?? this.#utf8.decode(bytes.subarray(from, to));
    const o: Record<string, unknown> = { ...t.parsed };
    if (t.key === "__proto__") {
      Object.defineProperty(o, t.key, { value: text, writable: true, enumerable: true, configurable: true });
    } else o[t.key] = text;
    return o;
  }

  /** The template of cut element id, from the element's record r (its bytes: `{`, spaces, then the first key, which has no escape). */
  #template(id: number, r: number): Template {
    if (id >= MAX_IDS) throw new RangeError("json_scan: interned id out of range");
    const bytes = this.#bytes.subarray(
      this.#inputPtr + this.#rec[r + 3]!,
      this.#inputPtr + this.#rec[r + 4]!,
    );
    const parsed = deepFreeze(JSON.parse(this.#utf8.decode(bytes)) as Record<string, unknown>);
    const open = bytes.indexOf(34);
    const key = this.#utf8.decode(bytes.subarray(open + 1, bytes.indexOf(34, open + 1)));
    const t: Template = { parsed, key };
    this.#templates[id] = t;
    return t;
  }

  /** The value of record r. */
  #value(r: number): unknown {
    const rec = this.#rec;
    const tag = rec[r + 1]!;
    let id = -1;
    if (tag === TAG.interned || tag === TAG.new) {
      // an id first met on a line that was then refused has no value yet: decoded here
      id = rec[r + 2]!;
      const v = this.#values[id];
      if (v !== undefined) return v;
    }
    const base = this.#inputPtr;
    const from = base + rec[r + 3]!, to = base + rec[r + 4]!;
    if (tag === TAG.string) {
      return asciiText(this.#bytes, from + 1, to - 1) ??
        this.#utf8.decode(this.#bytes.subarray(from + 1, to - 1));
    }
    const v: unknown = JSON.parse(this.#utf8.decode(this.#bytes.subarray(from, to)));
    if (id >= 0) {
      if (id >= MAX_IDS) throw new RangeError("json_scan: interned id out of range");
      this.#values[id] = deepFreeze(v);
    }
    return v;
  }

  /** The current line's bytes, without its line feed (a view, valid until the next push). */
  line(): Uint8Array<ArrayBufferLike> {
    return this.#bytes.subarray(this.#inputPtr + this.#start, this.#inputPtr + this.#end);
  }
}

/** Scratch arrays of char codes, one per length (up to {@linkcode ASCII_MAX}). */
const CODES: number[][] = [];
/** Longest text {@linkcode asciiText} builds. */
const ASCII_MAX = 64;

/**
 * The text of `b[from, to)` when it is short and all ASCII, else null (then decode it): the
 * per-row values (ids, times) are, and `String.fromCharCode` builds them without a typed-array
 * view and a decoder call each (about half the time).
 */
function asciiText(b: Uint8Array, from: number, to: number): string | null {
  const n = to - from;
  if (n > ASCII_MAX) return null;
  if (n === 36) { // a GUID: one call with the codes as arguments
    let or = 0;
    for (let i = from; i < to; i++) or |= b[i]!;
    if (or >= 128) return null;
    const o = from;
    // deno-fmt-ignore
    return String.fromCharCode(
      b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!, b[o + 4]!, b[o + 5]!, b[o + 6]!, b[o + 7]!, b[o + 8]!,
      b[o + 9]!, b[o + 10]!, b[o + 11]!, b[o + 12]!, b[o + 13]!, b[o + 14]!, b[o + 15]!, b[o + 16]!,
      b[o + 17]!, b[o + 18]!, b[o + 19]!, b[o + 20]!, b[o + 21]!, b[o + 22]!, b[o + 23]!, b[o + 24]!,
      b[o + 25]!, b[o + 26]!, b[o + 27]!, b[o + 28]!, b[o + 29]!, b[o + 30]!, b[o + 31]!, b[o + 32]!,
      b[o + 33]!, b[o + 34]!, b[o + 35]!,
    );
  }
  const codes = CODES[n] ??= new Array<number>(n).fill(0);
  let or = 0;
  for (let i = 0; i < n; i++) {
    const c = b[from + i]!;
    or |= c;
    codes[i] = c;
  }
  if (or >= 128) return null;
  return String.fromCharCode.apply(null, codes);
}

/**
 * The value, and every object and array in it, frozen (interned values are shared by lines).
 *
 * @param v any value (not an object: returned as is)
 * @returns `v`
 *
 * @example
 * ```ts
 * import { deepFreeze } from "./json_scan.ts";
 * import assert from "node:assert/strict";
 * const v = deepFreeze({ a: [{ b: 1 }] });
 * assert.ok(Object.isFrozen(v) && Object.isFrozen(v.a) && Object.isFrozen(v.a[0]));
 * ```
 */
export function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
