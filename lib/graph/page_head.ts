/**
 * A collection page's `@odata.nextLink` read from the head of its body's bytes, without parsing
 * the body: so that the next page can be requested while the body is parsed elsewhere. Graph
 * (and the local server) write `@odata.context` and `@odata.nextLink` before `value`. Only a plain
 * head is read: top-level members whose values are strings, numbers or literals, then `value`;
 * anything else, and the answer is "cannot tell" (null), never a guess. The parser that reads
 * the whole body has the last word (`pageCollectionElsewhere` compares).
 *
 * @module
 */

const QUOTE = 0x22, BACKSLASH = 0x5c, COLON = 0x3a, COMMA = 0x2c;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
const NEXT_LINK = new TextEncoder().encode("@odata.nextLink");
const VALUE = new TextEncoder().encode("value");
const decoder = new TextDecoder("utf-8", { fatal: true });

/** What the head of a page tells: its nextLink, and whether its `value` array is empty. */
export interface PageHead {
  /** The `@odata.nextLink` (a non-empty string). */
  nextLink: string;
  /** Whether `value` is `[]`. */
  empty: boolean;
}

function skipSpace(b: Uint8Array, i: number): number {
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return i;
}

/** The index of the closing quote of the string whose first byte (after `"`) is `i`; -1 if none. */
function stringEnd(b: Uint8Array, i: number): number {
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

function equals(b: Uint8Array, from: number, to: number, word: Uint8Array): boolean {
  if (to - from !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[from + k] !== word[k]) return false;
  return true;
}

/**
 * Reads a page body's head for its `@odata.nextLink` (see the module documentation).
 *
 * @param body the body's bytes
 * @returns the nextLink and whether `value` is empty; null when the head cannot tell (no
 *   nextLink before a non-empty `value`, no `value`, an unusual head, or a body that does not
 *   end with `}`, or with `]}` after items)
 *
 * @example
 * ```ts
 * import { readPageHead } from "./page_head.ts";
 * import assert from "node:assert/strict";
 * const enc = (s: string) => new TextEncoder().encode(s);
 * assert.deepEqual(readPageHead(enc('{"@odata.context":"x","@odata.nextLink":"https://g/beta/s?$skiptoken=a","value":[{"id":1}]}')),
 *   { nextLink: "https://g/beta/s?$skiptoken=a", empty: false });
 * assert.deepEqual(readPageHead(enc('{"value":[],"@odata.nextLink":"https://g/n"}')), { nextLink: "https://g/n", empty: true });
 * assert.equal(readPageHead(enc('{"value":[{"id":1}],"@odata.nextLink":"https://g/n"}')), null); // after the items
 * assert.equal(readPageHead(enc('{"@odata.nextLink":"https://g/n","value":[{"id":1},{"id"')), null); // cut short
 * ```
 */
export function readPageHead(body: Uint8Array): PageHead | null {
  let end = body.length - 1;
  while (end >= 0 && (body[end] === 0x20 || body[end] === 0x0a || body[end] === 0x0d || body[end] === 0x09)) {
    end--;
  }
  if (end < 0 || body[end] !== CLOSE_BRACE) return null;
  let i = skipSpace(body, 0);
  if (body[i] !== OPEN_BRACE) return null;
  i = skipSpace(body, i + 1);
  let nextLink: string | null = null;
  let empty: boolean | null = null;
  if (body[i] === CLOSE_BRACE) return null;
  for (;;) {
    if (body[i] !== QUOTE) return null;
    const keyEnd = stringEnd(body, i + 1);
    if (keyEnd < 0 || body.subarray(i + 1, keyEnd).includes(BACKSLASH)) return null;
    const isLink = equals(body, i + 1, keyEnd, NEXT_LINK);
    const isValue = equals(body, i + 1, keyEnd, VALUE);
    i = skipSpace(body, keyEnd + 1);
    if (body[i] !== COLON) return null;
    i = skipSpace(body, i + 1);
    const c = body[i];
    if (isValue) {
      if (c !== OPEN_BRACKET) return null;
      i = skipSpace(body, i + 1);
      if (body[i] !== CLOSE_BRACKET) {
        // the items: what comes after them is not read here, but the body must end as a
        // `value` that comes last ends (`]}`): most bodies cut short do not
        let e = end - 1;
        while (e > i && skipSpace(body, e) !== e) e--;
        return nextLink === null || body[e] !== CLOSE_BRACKET ? null : { nextLink, empty: false };
      }
      empty = true;
      i++;
    } else if (c === QUOTE) {
      const e = stringEnd(body, i + 1);
      if (e < 0) return null;
      if (isLink) {
        let link: unknown;
        try {
          link = JSON.parse(decoder.decode(body.subarray(i, e + 1)));
        } catch {
          return null;
        }
        nextLink = typeof link === "string" && link !== "" ? link : null;
      }
      i = e + 1;
    } else {
      // a number or a literal (an object or array other than `value`: cannot tell)
      if (c === undefined || c === OPEN_BRACE || c === OPEN_BRACKET || isLink) return null;
      while (i < body.length && body[i] !== COMMA && body[i] !== CLOSE_BRACE && skipSpace(body, i) === i) i++;
    }
    i = skipSpace(body, i);
    if (body[i] === COMMA) {
      i = skipSpace(body, i + 1);
      continue;
    }
    if (body[i] !== CLOSE_BRACE || i !== end) return null;
    return nextLink === null || empty === null ? null : { nextLink, empty };
  }
}
