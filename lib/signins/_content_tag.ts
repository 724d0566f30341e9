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
const DIGITS = new Uint8Array(24);

function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), PRIME);
  return Math.imul(h ^ 0x1f, PRIME);
}

/** U+0000, the text of a null. */
function mixNull(h: number): number {
  return Math.imul(Math.imul(h, PRIME) ^ 0x1f, PRIME);
}

/** A text field (the hot case: no type dispatch). */
function mixText(h: number, v: string | null | undefined): number {
  if (v === null || v === undefined) return mixNull(h);
  if (typeof v !== "string") return mixValue(h, v);
  for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), PRIME);
  return Math.imul(h ^ 0x1f, PRIME);
}

function mixValue(h: number, v: unknown): number {
  if (typeof v === "string") return mixString(h, v);
  if (v === null || v === undefined) return mixNull(h);
  if (typeof v === "boolean") return mixString(h, v ? "true" : "false");
  if (typeof v === "number" && Number.isSafeInteger(v) && !Object.is(v, -0)) {
    // the decimal digits String(v) would give, most significant first
    let n = v;
    if (n < 0) {
      h = Math.imul(h ^ 45, PRIME); // "-"
      n = -n;
    }
    let k = 0;
    do {
      const r = n % 10;
      DIGITS[k++] = 48 + r;
      n = (n - r) / 10;
    } while (n > 0);
    while (k > 0) h = Math.imul(h ^ DIGITS[--k]!, PRIME);
    return Math.imul(h ^ 0x1f, PRIME);
  }
  return mixString(h, String(v));
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
