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

let capacity: i32 = 0;
let inputPtr: usize = 0;
let stackPtr: usize = 0;
let outPtr: usize = 0;
let scannedTo: i32 = 0;

/** Makes room for `bytes` input bytes; returns where the input goes. */
export function input(bytes: i32): usize {
  if (bytes > capacity) {
    const cap = max(bytes, 1 << 20);
    const base = (__heap_base + 15) & ~15;
    const need = base + <usize>OUT_LINES * 8 + <usize>cap * 2 + <usize>PAD * 2;
    const have = <usize>memory.size() << 16;
    if (need > have) {
      const pages = <i32>((need - have + 0xffff) >> 16);
      if (memory.grow(pages) < 0) return 0;
    }
    outPtr = base;
    inputPtr = base + <usize>OUT_LINES * 8;
    stackPtr = inputPtr + <usize>cap + <usize>PAD;
    capacity = cap;
  }
  return inputPtr;
}

/** Where the per-line results are. */
export function output(): usize {
  return outPtr;
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
    out += 8;
    n++;
    p = next;
  }
  scannedTo = <i32>(p - inputPtr);
  return n;
}
