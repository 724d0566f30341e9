/**
 * The content fingerprint of a sign-in row (private to the merge): two copies of one id with
 * different fingerprints are a duplicate conflict. Computed for every row with an id, so it is
 * written without a closure or a string per number: FNV-1a over the UTF-16 code units of each
 * field's text (`String(v)` for numbers and booleans, U+0000 for null), each field followed by
 * 0x1f — the same value as hashing those strings, without building them.
 *
 * @module
 */
import type { SignIn } from "./sign_in.ts";

const PRIME = 0x01000193;
/** Scratch for the digits of a number, least significant first. */
const DIGITS = new Uint8Array(24);

/** Adds a text's code units and the separator (null and undefined: U+0000). */
function mixText(h: number, v: string | null | undefined): number {
  if (typeof v !== "string") return v === null || v === undefined ? mixNull(h) : mixValue(h, v);
  const n = v.length;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ v.charCodeAt(i), PRIME);
  return Math.imul(h ^ 0x1f, PRIME);
}

/** U+0000, the text of a null. */
function mixNull(h: number): number {
  return Math.imul(Math.imul(h, PRIME) ^ 0x1f, PRIME);
}

/** Adds the decimal digits of a non-negative safe integer, most significant first. */
function mixDigits(h: number, n: number): number {
  let k = 0;
  // below 2^31 the digits come from int32 arithmetic; above, split off the low 9 digits first
  if (n > 0x7fffffff) {
    const hi = Math.floor(n / 1e9);
    let lo = n - hi * 1e9;
    for (let j = 0; j < 9; j++) {
      const q = (lo / 10) | 0;
      DIGITS[k++] = 48 + lo - q * 10;
      lo = q;
    }
    n = hi;
  }
  let m = n | 0;
  do {
    const q = (m / 10) | 0;
    DIGITS[k++] = 48 + m - q * 10;
    m = q;
  } while (m > 0);
  while (k > 0) h = Math.imul(h ^ DIGITS[--k]!, PRIME);
  return Math.imul(h ^ 0x1f, PRIME);
}

function mixValue(h: number, v: unknown): number {
  if (typeof v === "number" && Number.isSafeInteger(v) && !Object.is(v, -0)) {
    if (v < 0) return mixDigits(Math.imul(h ^ 45, PRIME), -v); // "-"
    return mixDigits(h, v);
  }
  if (v === null || v === undefined) return mixNull(h);
  if (typeof v === "boolean") return mixText(h, v ? "true" : "false");
  return mixText(h, typeof v === "string" ? v : String(v));
}

/**
 * A 32-bit fingerprint of what a row says (time, user, app, result, CA status, requirement,
 * steps and policies).
 *
 * @param r the row
 * @returns the fingerprint (unsigned)
 *
 * @example Same content, same tag
 * ```ts
 * import { contentTag } from "./_content_tag.ts";
 * import assert from "node:assert/strict";
 * const a = { createdAtMs: 1, errorCode: 0, userPrincipalName: "ana@contoso.example" } as never;
 * assert.equal(contentTag(a), contentTag({ ...(a as object) } as never));
 * assert.notEqual(contentTag(a), contentTag({ ...(a as object), errorCode: 50074 } as never));
 * ```
 */
export function contentTag(r: SignIn): number {
  let h = 0x811c9dc5 | 0;
  h = mixValue(h, r.createdAtMs);
  h = mixText(h, r.userPrincipalName);
  h = mixText(h, r.userId);
  h = mixText(h, r.appDisplayName);
  h = mixText(h, r.ipAddress);
  h = mixValue(h, r.errorCode);
  h = mixText(h, r.resultStatus);
  h = mixText(h, r.conditionalAccessStatus);
  h = mixText(h, r.authenticationRequirement);
  const steps = r.authenticationDetails;
  h = mixValue(h, steps == null ? null : steps.length);
  if (steps != null) {
    for (let i = 0; i < steps.length; i++) {
      const d = steps[i]!;
      h = mixText(h, d.method);
      h = mixValue(h, d.succeeded);
      h = mixText(h, d.resultDetail);
    }
  }
  const policies = r.appliedConditionalAccessPolicies;
  h = mixValue(h, policies == null ? null : policies.length);
  if (policies != null) {
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i]!;
      h = mixText(h, p.id);
      h = mixText(h, p.result);
    }
  }
  return h >>> 0;
}
