/**
 * Counting line breaks fast both in ordinary text (few, far apart: `indexOf` skips to
 * each) and in runs of blank lines (dense: `indexOf` per break is 3x slower than a plain loop).
 *
 * @module
 */

/** Line breaks (LF) in `s[0, to)` and the index of the last one (-1 when none). */
export interface LineBreaks {
  /** How many. */
  count: number;
  /** Index of the last one, or -1. */
  last: number;
}

/**
 * Counts the LF characters of `s[0, to)`.
 *
 * @param s the text
 * @param to where to stop (exclusive)
 * @returns the count and the index of the last one
 *
 * @example
 * ```ts
 * import { scanLineBreaks } from "./lines.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(scanLineBreaks("a\nb\n\nc", 6), { count: 3, last: 4 });
 * assert.deepEqual(scanLineBreaks("\n".repeat(5000) + "x", 5001), { count: 5000, last: 4999 });
 * ```
 */
export function scanLineBreaks(s: string, to: number): LineBreaks {
  let count = 0, last = -1;
  for (let i = s.indexOf("\n"); i >= 0 && i < to; i = s.indexOf("\n", i + 1)) {
    count++;
    last = i;
    if ((count & 1023) === 0 && i < count * 16) {
      // dense: many blank or short lines; a plain loop is faster from here
      for (let k = i + 1; k < to; k++) {
        if (s.charCodeAt(k) === 10) {
          count++;
          last = k;
        }
      }
      break;
    }
  }
  return { count, last };
}
