/**
 * Text normalisation shared by the classifiers: Graph, the portal CSV and Log Analytics spell
 * the same value with different case, punctuation and spaces (Graph puts `\u00a0` in some
 * strings), so every lookup goes through these two functions.
 *
 * @module
 */

/**
 * Lower-cases a string, folds compatibility characters (NFKC turns `\u00a0` into a space),
 * drops apostrophes (`user's` → `users`), turns every other run of non-letters/digits into
 * one space, trims, and spells "multifactor" as "multi factor".
 *
 * @param text Any string.
 * @returns The normalised words separated by single spaces.
 *
 * @example Normalising an MFA result
 * ```ts
 * import { normalizeText } from "./_normalize.ts";
 * import assert from "node:assert/strict";
 * assert.equal(normalizeText("MFA\u00a0denied; user's phone"), "mfa denied users phone");
 * assert.equal(normalizeText("Multifactor authentication"), "multi factor authentication");
 * ```
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`\u00b4]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\bmultifactor\b/g, "multi factor");
}

/**
 * Normalises an enum-like value to a lookup key: {@linkcode normalizeText} without the spaces,
 * so `primaryRefreshToken`, `Primary Refresh Token` and `primary-refresh-token` meet.
 *
 * @param text Any string.
 * @returns Lower-case letters and digits only.
 *
 * @example Matching a display string to a Graph member
 * ```ts
 * import { normalizeKey } from "./_normalize.ts";
 * import assert from "node:assert/strict";
 * assert.equal(normalizeKey("Primary Refresh Token"), normalizeKey("primaryRefreshToken"));
 * assert.equal(normalizeKey(" Not applied "), "notapplied");
 * ```
 */
export function normalizeKey(text: string): string {
  return normalizeText(text).replaceAll(" ", "");
}
