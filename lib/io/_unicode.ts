/**
 * UTF-8 and UTF-16 byte checks (private): locating invalid byte sequences (only on the error
 * path, after the native decoder has produced U+FFFD, to name the exact byte) and finding the
 * character cut at the end of a chunk.
 *
 * @module
 */

/** Length of the UTF-8 sequence a lead byte starts (0 for a byte that cannot start one). */
export function utf8Length(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/**
 * Whether `c` may be byte `k` (1–3) of the UTF-8 sequence that lead byte `lead` starts: 80–BF,
 * narrowed for the second byte after E0, ED, F0 and F4 (no overlong forms, surrogates or code
 * points past U+10FFFF).
 */
function continues(lead: number, k: number, c: number): boolean {
  let lo = 0x80, hi = 0xbf;
  if (k === 1) {
    if (lead === 0xe0) lo = 0xa0;
    else if (lead === 0xed) hi = 0x9f;
    else if (lead === 0xf0) lo = 0x90;
    else if (lead === 0xf4) hi = 0x8f;
  }
  return c >= lo && c <= hi;
}

/**
 * Index of the first byte of `bytes[start..]` that is not part of valid UTF-8 (an incomplete
 * sequence at the very end counts as invalid only when `final`), or -1.
 */
export function findInvalidUtf8(bytes: Uint8Array, start: number, final: boolean): number {
  let i = start;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = utf8Length(b);
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      if (i + k >= n) return final ? i : -1;
      if (!continues(b, k, bytes[i + k]!)) return i; // the sequence starting at i is broken
    }
    i += len;
  }
  return -1;
}

/**
 * Start index of the bytes a streaming UTF-8 decoder (WHATWG Encoding) would hold back at the
 * end of `bytes`: a sequence that is incomplete but valid so far (lead byte C2–F4, then only
 * allowed continuation bytes, fewer than the lead asks for); `bytes.length` when there is none,
 * also when the last bytes are invalid (the decoder reports those at once).
 *
 * @param bytes a chunk
 * @returns where the held-back bytes start
 */
export function pendingUtf8Start(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const i = n - back;
    const b = bytes[i]!;
    if (b < 0x80) return n;
    if (b <= 0xbf) continue; // a continuation byte: look further back for its lead
    const len = utf8Length(b);
    if (len <= back) return n; // not a lead (0), or a sequence that is complete or too long
    for (let k = 1; k < back; k++) {
      if (!continues(b, k, bytes[i + k]!)) return n;
    }
    return i;
  }
  return n;
}

/** Start index of an incomplete UTF-8 sequence at the end of `bytes` (at most 3 bytes back), or `bytes.length`. */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) return utf8Length(b) > back ? n - back : n;
  }
  return n;
}

/**
 * Index of the first byte of an invalid UTF-16 code unit (lone surrogate) in `bytes[start..]`,
 * which must start on a code-unit boundary; a trailing odd byte or unpaired high surrogate counts
 * only when `final`. Returns -1 when valid.
 */
export function findInvalidUtf16(
  bytes: Uint8Array,
  start: number,
  littleEndian: boolean,
  final: boolean,
): number {
  const n = bytes.length;
  let i = start;
  while (i + 1 < n) {
    const u = littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= n) return final ? i : -1;
      const v = littleEndian ? bytes[i + 2]! | (bytes[i + 3]! << 8) : (bytes[i + 2]! << 8) | bytes[i + 3]!;
      if (v < 0xdc00 || v > 0xdfff) return i;
      i += 4;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      return i;
    } else {
      i += 2;
    }
  }
  return i < n && final ? i : -1;
}
