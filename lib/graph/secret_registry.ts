/**
 * One process-wide list of secrets to scrub from anything printed: client secrets, signed and
 * federated assertions, refresh tokens and every access token the sign-in code acquires. The
 * token providers add to it as they go; {@linkcode redactSecrets} (used by the Graph client's
 * `redact`) replaces each with `[redacted]`.
 *
 * @module
 */

const SECRETS = new Set<string>();

/** Shortest value worth registering: shorter strings would redact ordinary words. */
export const MIN_SECRET_LENGTH = 8;

/**
 * Registers secrets to redact from then on. Values shorter than {@linkcode MIN_SECRET_LENGTH}
 * (after trimming) are ignored.
 *
 * @example
 * ```ts
 * import { redactSecrets, registerSecret } from "./secret_registry.ts";
 * import assert from "node:assert/strict";
 * registerSecret("s3cret-value-1");
 * assert.equal(redactSecrets("got s3cret-value-1!"), "got [redacted]!");
 * ```
 */
export function registerSecret(...values: readonly (string | undefined)[]): void {
  for (const v of values) {
    const s = v?.trim();
    if (s !== undefined && s.length >= MIN_SECRET_LENGTH) SECRETS.add(s);
  }
}

/**
 * Replaces every registered secret in a text, and the URL-encoded form of each (as it appears in a
 * form body), longest first so a secret that contains another goes whole.
 *
 * @example
 * ```ts
 * import { redactSecrets, registerSecret } from "./secret_registry.ts";
 * import assert from "node:assert/strict";
 * registerSecret("a+b/c=d-secret");
 * assert.equal(redactSecrets("client_secret=a%2Bb%2Fc%3Dd-secret"), "client_secret=[redacted]");
 * ```
 */
export function redactSecrets(text: string): string {
  if (SECRETS.size === 0) return text;
  const all = [...SECRETS].sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of all) {
    out = out.replaceAll(s, "[redacted]");
    const enc = encodeURIComponent(s);
    if (enc !== s) out = out.replaceAll(enc, "[redacted]");
  }
  return out;
}
