// AssemblyScript source of the NDJSON scanner (issue #18), compiled to lib/io/wasm/json_scan_wasm.ts by
// `deno task build-wasm` (scripts/build_wasm.ts). Not TypeScript: the `.as` name keeps `deno check`,
// `deno lint` and `deno fmt` off it.
//
// The host copies bytes into the input area (`input()`), then calls `scan(from, to)` over whole lines
// (`to` is just after a line feed). For each line the scanner writes two i32 to the output area: the
// offset just after the line's line feed, and a status:
//   0 VALID   one JSON value (RFC 8259, as JSON.parse accepts it) in valid UTF-8, with only
//             space, tab or CR around it
//   1 BLANK   nothing but spaces, tabs and CRs (the NDJSON reader skips it)
//   2 INVALID anything else: not JSON, invalid UTF-8 (overlong forms, surrogates, past U+10FFFF,
//             a stray continuation byte, a sequence cut short), a raw control character in a string
// It stops when the output area is full; `scanned()` is the offset after the last line written.
//
// Line feeds are line ends everywhere: a JSON value with a line feed as whitespace is two lines, as
// the NDJSON reader splits it. Strings are walked 16 bytes at a time (SIMD) up to the next quote,
// backslash, control character or non-ASCII byte.

const VALID: i32 = 0;
const BLANK: i32 = 1;
const INVALID: i32 = 2;

/** Lines per output batch. */
const OUT_LINES: i32 = 65536;
/** Bytes read past the input's end by a 16-byte load. */
const PAD: i32 = 64;
/** Field records per batch (five i32 each), and per line at most. */
const RECORDS: i32 = 1 << 18;
const LINE_RECORDS: i32 = 4096;
/** Interning: hash slots (four u32 each), arena bytes, distinct values, longest value interned. */
const SLOTS: u32 = 1 << 16;
const ARENA: i32 = 8 << 20;
const MAX_IDS: i32 = 1 << 15;
const MAX_INTERNED: i32 = 4096;
/** Key table: bytes for the key names, hash slots. */
const KEY_AREA: i32 = 4096;
const KEY_SLOTS: u32 = 256;
/**
 * Guesses from the lines before (reset by each `extract`, whose input does not change while it
 * runs): the j-th member's key of the last line that had one (where its bytes are, their length,
 * the key index), and the id of the value of the r-th field record (-1: none). A line of the same
 * shape as the one before compares its keys and values with those bytes and skips the hashing.
 */
const GUESS_KEYS: i32 = 256;
const GUESS_VALUES: i32 = 1024;
/** Bytes of an element without its first value (MODE_STEPS), put together to be interned. */
const SCRATCH: i32 = MAX_INTERNED + 64;

let capacity: i32 = 0;
let inputPtr: usize = 0;
let stackPtr: usize = 0;
let outPtr: usize = 0;
let recordPtr: usize = 0;
let slotPtr: usize = 0;
let arenaPtr: usize = 0;
let keyPtr: usize = 0;
let keySlotPtr: usize = 0;
let idPtr: usize = 0;
let guessKeyPtr: usize = 0;
let guessValuePtr: usize = 0;
let scratchPtr: usize = 0;
let scannedTo: i32 = 0;

/** Makes room for `bytes` input bytes; returns where the input goes. */
export function input(bytes: i32): usize {
  if (bytes > capacity) {
    const cap = max(bytes, 1 << 20);
    const base = (__heap_base + 15) & ~15;
    const fixed = <usize>OUT_LINES * 12 + <usize>RECORDS * 20 + <usize>SLOTS * 16 + <usize>ARENA +
      <usize>KEY_AREA + <usize>KEY_SLOTS * 4 + <usize>MAX_IDS * 8 + <usize>GUESS_KEYS * 12 +
      <usize>GUESS_VALUES * 4 + <usize>SCRATCH;
    const need = base + fixed + <usize>cap * 2 + <usize>PAD * 2;
    const have = <usize>memory.size() << 16;
    if (need > have) {
      const pages = <i32>((need - have + 0xffff) >> 16);
      if (memory.grow(pages) < 0) return 0;
    }
    outPtr = base;
    recordPtr = outPtr + <usize>OUT_LINES * 12;
    slotPtr = recordPtr + <usize>RECORDS * 20;
    arenaPtr = slotPtr + <usize>SLOTS * 16;
    keyPtr = arenaPtr + <usize>ARENA;
    keySlotPtr = keyPtr + <usize>KEY_AREA;
    idPtr = keySlotPtr + <usize>KEY_SLOTS * 4;
    guessKeyPtr = idPtr + <usize>MAX_IDS * 8;
    guessValuePtr = guessKeyPtr + <usize>GUESS_KEYS * 12;
    scratchPtr = guessValuePtr + <usize>GUESS_VALUES * 4;
    inputPtr = scratchPtr + <usize>SCRATCH;
    stackPtr = inputPtr + <usize>cap + <usize>PAD;
    capacity = cap;
  }
  return inputPtr;
}

/** Where the per-line results are (three i32 a line: end, status, end of its field records). */
export function output(): usize {
  return outPtr;
}

/** Where the field records are (five i32 each: key, tag, id, start, end). */
export function records(): usize {
  return recordPtr;
}

/** Where the key names go (`setKeys`). */
export function keys(): usize {
  return keyPtr;
}

/** Offset just after the last line the last `scan` wrote a result for. */
export function scanned(): i32 {
  return scannedTo;
}

@inline function at(p: usize): u32 {
  return <u32>load<u8>(p);
}

@inline function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0d;
}

@inline function skipSpace(p: usize): usize {
  while (isSpace(at(p))) p++;
  return p;
}

/** After the UTF-8 sequence whose lead byte (>= 0x80) is at p, or 0 when it is invalid. */
function utf8At(p: usize): usize {
  const b = at(p);
  if (b < 0xc2) return 0;
  const c1 = at(p + 1);
  if (b <= 0xdf) return c1 >= 0x80 && c1 <= 0xbf ? p + 2 : 0;
  if (b <= 0xef) {
    let lo: u32 = 0x80, hi: u32 = 0xbf;
    if (b == 0xe0) lo = 0xa0;
    else if (b == 0xed) hi = 0x9f;
    if (c1 < lo || c1 > hi) return 0;
    const c2 = at(p + 2);
    return c2 >= 0x80 && c2 <= 0xbf ? p + 3 : 0;
  }
  if (b <= 0xf4) {
    let lo: u32 = 0x80, hi: u32 = 0xbf;
    if (b == 0xf0) lo = 0x90;
    else if (b == 0xf4) hi = 0x8f;
    if (c1 < lo || c1 > hi) return 0;
    const c2 = at(p + 2);
    if (c2 < 0x80 || c2 > 0xbf) return 0;
    const c3 = at(p + 3);
    return c3 >= 0x80 && c3 <= 0xbf ? p + 4 : 0;
  }
  return 0;
}

@inline function isHex(c: u32): bool {
  return (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 6);
}

/** Set by `skipString` when a string has an escape (never cleared by it). */
let escaped = false;

/** After the string whose opening quote is just before p, or 0 when it is invalid. */
function skipString(p: usize): usize {
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  for (;;) {
    const v = v128.load(p);
    const special = v128.or(
      v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)),
      i8x16.lt_s(v, space), // control characters, and every byte >= 0x80
    );
    const mask = i8x16.bitmask(special);
    if (mask == 0) {
      p += 16;
      continue;
    }
    p += <usize>ctz(mask);
    const c = at(p);
    if (c == 0x22) return p + 1;
    if (c == 0x5c) {
      escaped = true;
      const e = at(p + 1);
      if (e == 0x75) {
        if (!(isHex(at(p + 2)) && isHex(at(p + 3)) && isHex(at(p + 4)) && isHex(at(p + 5)))) return 0;
        p += 6;
      } else if (
        e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74
      ) {
        p += 2;
      } else {
        return 0;
      }
      continue;
    }
    if (c < 0x20) return 0;
    // Non-ASCII: check each sequence while the bytes stay non-ASCII.
    do {
      p = utf8At(p);
      if (p == 0) return 0;
    } while (at(p) >= 0x80);
  }
  return 0; // not reached
}

@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

/** After the number starting at p, or 0 when it is invalid. */
function skipNumber(p: usize): usize {
  if (at(p) == 0x2d) p++;
  let c = at(p);
  if (c == 0x30) {
    p++;
  } else if (c - 0x31 < 9) {
    p++;
    while (isDigit(at(p))) p++;
  } else {
    return 0;
  }
  if (at(p) == 0x2e) {
    p++;
    if (!isDigit(at(p))) return 0;
    p++;
    while (isDigit(at(p))) p++;
  }
  c = at(p);
  if (c == 0x65 || c == 0x45) {
    p++;
    c = at(p);
    if (c == 0x2b || c == 0x2d) p++;
    if (!isDigit(at(p))) return 0;
    p++;
    while (isDigit(at(p))) p++;
  }
  return p;
}

/** After the JSON value at p (spaces before it skipped), or 0 when it is invalid. Iterative. */
function skipValue(p: usize): usize {
  let depth: usize = 0;
  const stack = stackPtr;
  // State: at a value.
  for (;;) {
    p = skipSpace(p);
    let c = at(p);
    if (c == 0x7b) {
      // {
      p = skipSpace(p + 1);
      if (at(p) == 0x7d) {
        p++;
      } else {
        store<u8>(stack + depth, 0x7d);
        depth++;
        if (at(p) != 0x22) return 0;
        p = skipString(p + 1);
        if (p == 0) return 0;
        p = skipSpace(p);
        if (at(p) != 0x3a) return 0;
        p++;
        continue;
      }
    } else if (c == 0x5b) {
      // [
      p = skipSpace(p + 1);
      if (at(p) == 0x5d) {
        p++;
      } else {
        store<u8>(stack + depth, 0x5d);
        depth++;
        continue;
      }
    } else if (c == 0x22) {
      p = skipString(p + 1);
      if (p == 0) return 0;
    } else if (c == 0x74) {
      if (load<u32>(p) != 0x65757274) return 0; // true
      p += 4;
    } else if (c == 0x66) {
      if (load<u32>(p + 1) != 0x65736c61) return 0; // (f)alse
      p += 5;
    } else if (c == 0x6e) {
      if (load<u32>(p) != 0x6c6c756e) return 0; // null
      p += 4;
    } else {
      p = skipNumber(p);
      if (p == 0) return 0;
    }
    // State: after a value.
    for (;;) {
      if (depth == 0) return p;
      p = skipSpace(p);
      c = at(p);
      const close = <u32>load<u8>(stack + depth - 1);
      if (c == 0x2c) {
        p++;
        if (close == 0x7d) {
          p = skipSpace(p);
          if (at(p) != 0x22) return 0;
          p = skipString(p + 1);
          if (p == 0) return 0;
          p = skipSpace(p);
          if (at(p) != 0x3a) return 0;
          p++;
        }
        break; // to a value
      }
      if (c != close) return 0;
      p++;
      depth--;
    }
  }
  return 0; // not reached
}

/** After the line feed at or after p (the input has one at the end of every line scanned). */
function lineEnd(p: usize): usize {
  while (at(p) != 0x0a) p++;
  return p + 1;
}

/** Validates the lines of input[from, to) (`to` just after a line feed); returns how many results were written. */
export function scan(from: i32, to: i32): i32 {
  let p = inputPtr + <usize>from;
  const end = inputPtr + <usize>to;
  let n: i32 = 0;
  let out = outPtr;
  while (p < end && n < OUT_LINES) {
    const start = skipSpace(p);
    let status = INVALID;
    let next: usize;
    if (at(start) == 0x0a) {
      status = BLANK;
      next = start + 1;
    } else {
      const v = skipValue(start);
      if (v != 0) {
        const q = skipSpace(v);
        if (at(q) == 0x0a) {
          status = VALID;
          next = q + 1;
        } else {
          next = lineEnd(q);
        }
      } else {
        next = lineEnd(start);
      }
    }
    store<i32>(out, <i32>(next - inputPtr));
    store<i32>(out + 4, status);
    store<i32>(out + 8, 0);
    out += 12;
    n++;
    p = next;
  }
  scannedTo = <i32>(p - inputPtr);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Field extraction. `setKeys` names the top-level keys wanted (each with a mode); `extract(from,
// to)` validates the lines as `scan` does and, for a line holding one JSON object, writes a field
// record for each occurrence of a wanted key, in order (a key given twice gives two records: the
// host keeps the last, as JSON.parse does). Record: key index, tag, id, start, end (offsets of
// the value's bytes in the input):
//   TAG_INTERNED  id of the value's bytes in the intern table; start/end given when the id is new
//                 (the host decodes each distinct byte string once)
//   TAG_NEW       as TAG_INTERNED, first time this id is seen
//   TAG_STRING    a string without escapes: its bytes inside the quotes are the text (UTF-8)
//   TAG_JSON      any other value: the host parses its bytes
//   TAG_ARRAY     (MODE_ELEMENTS, MODE_STEPS keys) an array; id = number of elements that follow
//   TAG_CUT       (MODE_STEPS elements) an object whose first member's value is a string without
//                 escapes, and whose first key has no escape and is not met again in it: id of its
//                 bytes without that value (the quotes included) interned, start/end the value's
//                 bytes (with its quotes); always followed by a TAG_JSON record of the whole element
//                 (the host parses it once per id, the first time it meets the id)
// A line whose wanted values cannot be told this way (not an object, a key with an escape, too
// many records) gets status FALLBACK: valid, read it whole.

const FALLBACK: i32 = 3;

const MODE_DIRECT: u32 = 0;
const MODE_INTERN: u32 = 1;
const MODE_ELEMENTS: u32 = 2;
const MODE_STEPS: u32 = 3;

const TAG_INTERNED: i32 = 0;
const TAG_NEW: i32 = 1;
const TAG_STRING: i32 = 2;
const TAG_JSON: i32 = 3;
const TAG_ARRAY: i32 = 4;
const TAG_CUT: i32 = 5;

let keyCount: i32 = 0;
let idCount: i32 = 0;
let arenaUsed: i32 = 0;
let rec: usize = 0;
let recEnd: usize = 0;
/** Where the current line's records start; members guessed so far in this `extract`. */
let lineRecords: usize = 0;
let guessedKeys: i32 = 0;

@inline function mix(h: u64): u64 {
  h ^= h >> 32;
  h *= 0x9e3779b97f4a7c15;
  h ^= h >> 29;
  return h;
}

/** The first min(len, 8) bytes at p as a number (the rest zero). */
@inline function head8(p: usize, len: i32): u64 {
  const w = load<u64>(p);
  return len >= 8 ? w : w & ((<u64>1 << (<u64>len << 3)) - 1);
}

/** Hash of the bytes [p, p+len): two independent lanes of 8 bytes (half the dependent multiplies). */
function hashBytes(p: usize, len: i32): u64 {
  let h: u64 = <u64>len * 0xff51afd7ed558ccd;
  let g: u64 = 0xc4ceb9fe1a85ec53;
  let i: i32 = 0;
  for (; i + 16 <= len; i += 16) {
    h = mix(h ^ load<u64>(p + <usize>i));
    g = mix(g ^ load<u64>(p + <usize>i + 8));
  }
  if (i + 8 <= len) {
    h = mix(h ^ load<u64>(p + <usize>i));
    i += 8;
  }
  if (i < len) g = mix(g ^ head8(p + <usize>i, len - i));
  return mix(h ^ (g * 0x9e3779b97f4a7c15));
}

function sameBytes(a: usize, b: usize, len: i32): bool {
  let i: i32 = 0;
  for (; i + 16 <= len; i += 16) {
    if (v128.any_true(v128.xor(v128.load(a + <usize>i), v128.load(b + <usize>i)))) return false;
  }
  for (; i + 8 <= len; i += 8) if (load<u64>(a + <usize>i) != load<u64>(b + <usize>i)) return false;
  for (; i < len; i++) if (load<u8>(a + <usize>i) != load<u8>(b + <usize>i)) return false;
  return true;
}

/** Key table entry k: offset of its name in the key area (u16), length (u8), mode (u8). */
@inline function keyEntry(k: i32): usize {
  return keyPtr + <usize>KEY_AREA - <usize>(k + 1) * 4;
}

/**
 * Takes the key names written at `keys()`: for each, one byte of length, one byte of mode, then
 * the name's bytes. Returns false when they do not fit.
 */
export function setKeys(count: i32): bool {
  memory.fill(keySlotPtr, 0, <usize>KEY_SLOTS * 4);
  let p = keyPtr;
  for (let k = 0; k < count; k++) {
    const len = <i32>load<u8>(p);
    const mode = <u32>load<u8>(p + 1);
    const name = p + 2;
    if (name + <usize>len + <usize>(count * 4) > keyPtr + <usize>KEY_AREA) return false;
    store<u32>(keyEntry(k), <u32>(name - keyPtr) | (<u32>len << 16) | (mode << 24));
    let slot = <u32>(hashBytes(name, len) >> 56);
    while (load<i32>(keySlotPtr + <usize>slot * 4) != 0) slot = (slot + 1) & (KEY_SLOTS - 1);
    store<i32>(keySlotPtr + <usize>slot * 4, k + 1);
    p = name + <usize>len;
  }
  keyCount = count;
  return true;
}

/** Index of the wanted key whose name is the bytes [p, p+len), or -1. */
function findKey(p: usize, len: i32): i32 {
  let slot = <u32>(hashBytes(p, len) >> 56);
  for (;;) {
    const k = load<i32>(keySlotPtr + <usize>slot * 4) - 1;
    if (k < 0) return -1;
    const e = load<u32>(keyEntry(k));
    if (<i32>((e >> 16) & 0xff) == len && sameBytes(keyPtr + <usize>(e & 0xffff), p, len)) return k;
    slot = (slot + 1) & (KEY_SLOTS - 1);
  }
  return -1; // not reached
}

@inline function keyMode(k: i32): u32 {
  return load<u32>(keyEntry(k)) >> 24;
}

/** Forgets every interned value (the host forgets its decoded values too). */
export function resetInterned(): void {
  memory.fill(slotPtr, 0, <usize>SLOTS * 16);
  idCount = 0;
  arenaUsed = 0;
}

let isNew = false;

/** Id of the bytes [p, p+len) in the intern table (added when new: `isNew`), or -1 (too long, table full). */
function intern(p: usize, len: i32): i32 {
  if (len > MAX_INTERNED) return -1;
  const h = hashBytes(p, len);
  const tag = <u32>(h >> 32);
  let slot = <u32>h & (SLOTS - 1);
  for (;;) {
    const e = slotPtr + <usize>slot * 16;
    const id = load<i32>(e + 12) - 1;
    if (id < 0) break;
    if (load<u32>(e) == tag && load<i32>(e + 8) == len && sameBytes(arenaPtr + <usize>load<u32>(e + 4), p, len)) {
      isNew = false;
      return id;
    }
    slot = (slot + 1) & (SLOTS - 1);
  }
  if (idCount >= MAX_IDS || arenaUsed + len > ARENA) return -1;
  const e = slotPtr + <usize>slot * 16;
  memory.copy(arenaPtr + <usize>arenaUsed, p, <usize>len);
  store<u32>(e, tag);
  store<u32>(e + 4, <u32>arenaUsed);
  store<i32>(e + 8, len);
  const id = idCount++;
  store<i32>(e + 12, id + 1);
  store<u32>(idPtr + <usize>id * 8, <u32>arenaUsed);
  store<i32>(idPtr + <usize>id * 8 + 4, len);
  arenaUsed += len;
  isNew = true;
  return id;
}

@inline function record(key: i32, tag: i32, id: i32, start: usize, end: usize): void {
  if (rec < recEnd) {
    store<i32>(rec, key);
    store<i32>(rec + 4, tag);
    store<i32>(rec + 8, id);
    store<i32>(rec + 12, <i32>(start - inputPtr));
    store<i32>(rec + 16, <i32>(end - inputPtr));
  }
  rec += 20;
}

/** The record of a wanted value [start, end) whose key is k; `plain`: a string without escapes. */
/**
 * Id of the bytes [p, p+len) as `intern` gives it, for the record about to be written: the id
 * the record at this place in the line had last time when these are its bytes (`isNew` false),
 * else looked up (and remembered for the next line).
 */
function internAtRecord(p: usize, len: i32): i32 {
  const r = <i32>((rec - lineRecords) / 20);
  if (r >= GUESS_VALUES) return intern(p, len);
  const guess = load<i32>(guessValuePtr + <usize>r * 4);
  if (
    guess >= 0 && load<i32>(idPtr + <usize>guess * 8 + 4) == len &&
    sameBytes(arenaPtr + <usize>load<u32>(idPtr + <usize>guess * 8), p, len)
  ) {
    isNew = false;
    return guess;
  }
  const id = intern(p, len);
  store<i32>(guessValuePtr + <usize>r * 4, id);
  return id;
}

/**
 * MODE_STEPS: the records of the element at p when it can be cut (see TAG_CUT): returns after
 * it, or 0 when it cannot be (nothing written; the caller reads it as a plain element).
 */
function cutElement(k: i32, p: usize): usize {
  if (at(p) != 0x7b) return 0;
  let q = skipSpace(p + 1);
  if (at(q) != 0x22) return 0;
  escaped = false;
  const keyStart = q + 1;
  const keyEnd = skipString(keyStart);
  if (keyEnd == 0 || escaped) return 0;
  const keyLen = <i32>(keyEnd - keyStart - 1);
  q = skipSpace(keyEnd);
  if (at(q) != 0x3a) return 0;
  const vStart = skipSpace(q + 1);
  if (at(vStart) != 0x22) return 0;
  const vEnd = skipString(vStart + 1);
  if (vEnd == 0 || escaped) return 0;
  // the other members: valid, and none with the first key again
  q = skipSpace(vEnd);
  for (;;) {
    const c = at(q);
    if (c == 0x7d) break;
    if (c != 0x2c) return 0;
    q = skipSpace(q + 1);
    if (at(q) != 0x22) return 0;
    const name = q + 1;
    escaped = false;
    const nameEnd = skipString(name);
    if (nameEnd == 0 || escaped) return 0;
    if (<i32>(nameEnd - name - 1) == keyLen && sameBytes(name, keyStart, keyLen)) return 0;
    q = skipSpace(nameEnd);
    if (at(q) != 0x3a) return 0;
    q = skipValue(q + 1);
    if (q == 0) return 0;
    q = skipSpace(q);
  }
  const end = q + 1;
  const head = <i32>(vStart - p), tail = <i32>(end - vEnd);
  if (head + tail > MAX_INTERNED) return 0;
  memory.copy(scratchPtr, p, <usize>head);
  memory.copy(scratchPtr + <usize>head, vEnd, <usize>tail);
  const id = internAtRecord(scratchPtr, head + tail);
  if (id < 0) return 0;
  record(k, TAG_CUT, id, vStart, vEnd);
  record(k, TAG_JSON, 0, p, end);
  return end;
}

/** The record of a wanted value [start, end) whose key is k; `plain`: a string without escapes. */
function valueRecord(k: i32, mode: u32, start: usize, end: usize, plain: bool): void {
  if (mode == MODE_INTERN) {
    const id = internAtRecord(start, <i32>(end - start));
    if (id >= 0) {
      record(k, isNew ? TAG_NEW : TAG_INTERNED, id, start, end);
      return;
    }
  }
  record(k, plain ? TAG_STRING : TAG_JSON, 0, start, end);
}

/** After the value at p (spaces skipped before it), recording it for key k (-1: not wanted); 0 when invalid. */
function takeValue(p: usize, k: i32): usize {
  p = skipSpace(p);
  const c = at(p);
  if (k < 0) return skipValue(p);
  const mode = keyMode(k);
  if (c == 0x22) {
    escaped = false;
    const end = skipString(p + 1);
    if (end == 0) return 0;
    valueRecord(k, mode, p, end, !escaped);
    return end;
  }
  if ((mode == MODE_ELEMENTS || mode == MODE_STEPS) && c == 0x5b) {
    const head = rec;
    record(k, TAG_ARRAY, 0, p, p);
    let n: i32 = 0;
    p = skipSpace(p + 1);
    if (at(p) == 0x5d) {
      p++;
    } else {
      for (;;) {
        const start = p;
        let end: usize = mode == MODE_STEPS ? cutElement(k, p) : 0;
        if (end == 0) {
          end = skipValue(p);
          if (end == 0) return 0;
          escaped = true; // elements are never taken as plain strings
          valueRecord(k, MODE_INTERN, start, end, false);
        }
        n++;
        p = skipSpace(end);
        const d = at(p);
        if (d == 0x2c) {
          p = skipSpace(p + 1);
          continue;
        }
        if (d != 0x5d) return 0;
        p++;
        break;
      }
    }
    if (head < recEnd) store<i32>(head + 8, n);
    return p;
  }
  const end = skipValue(p);
  if (end == 0) return 0;
  valueRecord(k, mode, p, end, false);
  return end;
}

/** Status of the line starting at p (records written from `rec`); sets `lineNext`. */
let lineNext: usize = 0;
function extractLine(p: usize): i32 {
  const start = skipSpace(p);
  const lineRec = rec;
  lineRecords = rec;
  let c = at(start);
  if (c == 0x0a) {
    lineNext = start + 1;
    return BLANK;
  }
  let fallback = false;
  let q: usize = 0;
  if (c != 0x7b) {
    fallback = true;
    q = skipValue(start);
  } else {
    q = skipSpace(start + 1);
    if (at(q) == 0x7d) {
      q++;
    } else {
      let j: i32 = 0;
      for (;;) {
        if (at(q) != 0x22) {
          q = 0;
          break;
        }
        escaped = false;
        const keyEnd = skipString(q + 1);
        if (keyEnd == 0) {
          q = 0;
          break;
        }
        let k: i32 = -1;
        if (escaped) fallback = true;
        else {
          const name = q + 1;
          const len = <i32>(keyEnd - q - 2);
          if (j < GUESS_KEYS) {
            // the key the j-th member had on the line before, if these are its bytes
            const g = guessKeyPtr + <usize>j * 12;
            if (j < guessedKeys && load<i32>(g + 4) == len && sameBytes(<usize>load<u32>(g), name, len)) {
              k = load<i32>(g + 8);
            } else {
              k = findKey(name, len);
              store<u32>(g, <u32>name);
              store<i32>(g + 4, len);
              store<i32>(g + 8, k);
              if (j >= guessedKeys) guessedKeys = j + 1;
            }
          } else k = findKey(name, len);
          j++;
        }
        q = skipSpace(keyEnd);
        if (at(q) != 0x3a) {
          q = 0;
          break;
        }
        q = takeValue(q + 1, k);
        if (q == 0) break;
        q = skipSpace(q);
        c = at(q);
        if (c == 0x2c) {
          q = skipSpace(q + 1);
          continue;
        }
        if (c == 0x7d) {
          q++;
          break;
        }
        q = 0;
        break;
      }
    }
  }
  if (q != 0) {
    q = skipSpace(q);
    if (at(q) == 0x0a) {
      lineNext = q + 1;
      if (fallback || rec - lineRec > <usize>LINE_RECORDS * 20) {
        rec = lineRec;
        return FALLBACK;
      }
      return VALID;
    }
  }
  rec = lineRec;
  lineNext = lineEnd(start);
  return INVALID;
}

/** As `scan`, extracting the wanted keys' values (see above); returns how many lines it wrote. */
export function extract(from: i32, to: i32): i32 {
  let p = inputPtr + <usize>from;
  const end = inputPtr + <usize>to;
  let n: i32 = 0;
  let out = outPtr;
  rec = recordPtr;
  recEnd = recordPtr + <usize>RECORDS * 20;
  guessedKeys = 0; // the key bytes guessed from are in this input
  memory.fill(guessValuePtr, 0xff, <usize>GUESS_VALUES * 4);
  const full = recEnd - <usize>LINE_RECORDS * 20;
  while (p < end && n < OUT_LINES && rec <= full) {
    const status = extractLine(p);
    store<i32>(out, <i32>(lineNext - inputPtr));
    store<i32>(out + 4, status);
    store<i32>(out + 8, <i32>((rec - recordPtr) / 20));
    out += 12;
    n++;
    p = lineNext;
  }
  scannedTo = <i32>(p - inputPtr);
  return n;
}
