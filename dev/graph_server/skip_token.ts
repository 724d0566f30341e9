/**
 * The local Graph server's `$skiptoken`: a page position (first request's `$filter`,
 * `$select`, `$top`, and the page's offset) as an opaque base64url string.
 *
 * @module
 */
const encoder = new TextEncoder();

/** A page position, as a `$skiptoken` carries it. */
export interface PageQuery {
  /** `$filter` of the first request ("" for none). */
  filter: string;
  /** `$select` of the first request ("" for none). */
  select: string;
  /** `$top` of the first request. */
  top: number | undefined;
  /** Index of the page's first item. */
  offset: number;
}

function b64url(s: string): string {
  const bytes = encoder.encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function unb64url(s: string): string {
  const bin = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/**
 * Encodes a page position as an opaque `$skiptoken` (base64url; no braces or reserved characters).
 *
 * @example
 * ```ts
 * import { decodeSkipToken, encodeSkipToken } from "./skip_token.ts";
 * import assert from "node:assert/strict";
 * const q = { filter: "userPrincipalName eq 'o''brien@contoso.example'", select: "", top: 5, offset: 10 };
 * const t = encodeSkipToken(q);
 * assert.match(t, /^[A-Za-z0-9_-]+$/);
 * assert.deepEqual(decodeSkipToken(t), q);
 * assert.equal(decodeSkipToken("nope"), undefined);
 * ```
 */
export function encodeSkipToken(q: PageQuery): string {
  return b64url(JSON.stringify([q.filter, q.select, q.top ?? null, q.offset]));
}

/** Decodes {@linkcode encodeSkipToken}; undefined when the token is not one. */
export function decodeSkipToken(token: string): PageQuery | undefined {
  try {
    const v = JSON.parse(unb64url(token));
    if (
      Array.isArray(v) && v.length === 4 && typeof v[0] === "string" && typeof v[1] === "string" &&
      (v[2] === null || Number.isInteger(v[2])) && Number.isInteger(v[3]) && v[3] >= 0
    ) {
      return { filter: v[0], select: v[1], top: v[2] ?? undefined, offset: v[3] };
    }
  } catch { /* fall through */ }
  return undefined;
}
