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

/**
 * The fingerprint steps of one Conditional Access entry (its id, then its result, each followed
 * by the separator) as one step: for FNV-1a over code units below 128, the low 7 bits of the
 * state after the entry depend only on its low 7 bits before, so the whole entry is
 * `h → h·Pⁿ + c[h & 127]` (mod 2³²), n being the code units hashed. Exact; computed once per
 * shared entry ({@linkcode entryMix}).
 */
export interface EntryMix {
  /** `PRIME` to the power of the code units hashed (int32). */
  readonly pn: number;
  /** The offset per low 7 bits of the state before the entry (int32). */
  readonly c: Int32Array;
}

/** The property under which a shared entry carries its {@linkcode EntryMix} (not enumerable). */
export const ENTRY_MIX: unique symbol = Symbol("entryMix");

/**
 * The one-step form of an entry's fingerprint steps, or null when its id or result has a code
 * unit of 128 or more (then it is hashed unit by unit).
 *
 * @param id the entry's id (null hashed as U+0000)
 * @param result the entry's result (null hashed as U+0000)
 * @returns the step, or null
 */
export function entryMix(id: string | null, result: string | null): EntryMix | null {
  const units: number[] = [];
  for (const v of [id, result]) {
    if (v === null) units.push(0);
    else {
      for (let i = 0; i < v.length; i++) {
        const u = v.charCodeAt(i);
        if (u >= 128) return null;
        units.push(u);
      }
    }
    units.push(0x1f);
  }
  let pn = 1;
  for (let k = 0; k < units.length; k++) pn = Math.imul(pn, PRIME);
  const c = new Int32Array(128);
  for (let r = 0; r < 128; r++) {
    let h = r;
    for (let k = 0; k < units.length; k++) h = Math.imul(h ^ units[k]!, PRIME);
    c[r] = (h - Math.imul(r, pn)) | 0;
  }
  return { pn, c };
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
      const mix = (p as { [ENTRY_MIX]?: EntryMix | null })[ENTRY_MIX];
      if (mix != null) h = (Math.imul(h, mix.pn) + mix.c[h & 127]!) | 0;
      else {
        h = mixText(h, p.id);
        h = mixText(h, p.result);
      }
    }
  }
  return h >>> 0;
}
