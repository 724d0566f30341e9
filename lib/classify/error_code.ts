/**
 * Classifier for sign-in error codes: Graph `status.errorCode` (a number), Log Analytics
 * `ResultType` (a string, "0" = success) and the portal's "Sign-in error code". Codes that
 * matter for MFA reporting go to a bucket; any other valid code is `otherFailure` with the number
 * kept; anything that is not a code is `unknown`.
 *
 * @module
 */
import { defineEnum, isTableKey } from "./_enum.ts";

/**
 * Reporting buckets of sign-in error codes. `outcome` says whether the row is a success, an
 * interruption (the sign-in continues on a later row: 50074 is not a failure) or a failure.
 *
 * @example Reading the table
 * ```ts
 * import { ERROR_CODE_BUCKETS } from "./error_code.ts";
 * import assert from "node:assert/strict";
 * assert.equal(ERROR_CODE_BUCKETS.mfaRequiredInterrupt.outcome, "interrupted");
 * assert.equal(ERROR_CODE_BUCKETS.mfaFailed.outcome, "failed");
 * ```
 */
export const ERROR_CODE_BUCKETS = {
  success: { label: "Success", outcome: "success" },
  mfaRequiredInterrupt: { label: "MFA required (interrupt)", outcome: "interrupted" },
  mfaRegistrationRequired: { label: "MFA registration required", outcome: "interrupted" },
  reauthRequired: { label: "Re-authentication required", outcome: "interrupted" },
  mfaFailed: { label: "MFA failed", outcome: "failed" },
  externalChallengeInterrupt: { label: "External challenge not yet satisfied", outcome: "interrupted" },
  blockedByConditionalAccess: { label: "Blocked by Conditional Access", outcome: "failed" },
  blockedBySecurityPolicy: { label: "Blocked by security policy", outcome: "failed" },
  deviceAuthRequired: { label: "Device authentication required", outcome: "interrupted" },
  benignInterrupt: { label: "Benign interrupt", outcome: "interrupted" },
  primaryAuthFailed: { label: "Primary authentication failed", outcome: "failed" },
  lockedOrBlocked: { label: "Locked out or blocked", outcome: "failed" },
  accountState: { label: "Account state (expired, disabled, revoked)", outcome: "failed" },
  otherFailure: { label: "Other failure", outcome: "failed" },
} as const;

/** An error-code bucket id. */
export type ErrorCodeBucket = keyof typeof ERROR_CODE_BUCKETS;

const errorCodeBucketEnum = defineEnum(ERROR_CODE_BUCKETS);

/** Whether a row succeeded, was interrupted (continues on a later row) or failed. */
export type SignInOutcome = typeof ERROR_CODE_BUCKETS[ErrorCodeBucket]["outcome"];

/**
 * The error codes with a bucket, each with a short meaning (from the Entra error-code
 * reference, paraphrased).
 *
 * @example Reading the table
 * ```ts
 * import { SIGN_IN_ERROR_CODES } from "./error_code.ts";
 * import assert from "node:assert/strict";
 * assert.equal(SIGN_IN_ERROR_CODES[500121].bucket, "mfaFailed");
 * ```
 */
export const SIGN_IN_ERROR_CODES = {
  0: { bucket: "success", meaning: "Success" },
  50074: { bucket: "mfaRequiredInterrupt", meaning: "Strong authentication required; MFA not yet passed" },
  50076: {
    bucket: "mfaRequiredInterrupt",
    meaning: "MFA required (Conditional Access, per-user MFA or new location)",
  },
  50079: { bucket: "mfaRegistrationRequired", meaning: "User must register security information for MFA" },
  50072: { bucket: "mfaRegistrationRequired", meaning: "User must enroll a second factor" },
  53004: { bucket: "mfaRegistrationRequired", meaning: "User must register MFA before continuing (risk)" },
  50078: {
    bucket: "reauthRequired",
    meaning: "The MFA claim expired under policy; re-authentication required",
  },
  500121: { bucket: "mfaFailed", meaning: "Authentication failed during the strong authentication request" },
  50087: { bucket: "mfaFailed", meaning: "Transient strong-authentication service error" },
  50088: { bucket: "mfaFailed", meaning: "Telecom call limit reached for strong authentication" },
  90072: { bucket: "mfaFailed", meaning: "External or pass-through user cannot satisfy the tenant's MFA" },
  50158: {
    bucket: "externalChallengeInterrupt",
    meaning: "External challenge (third-party MFA, terms of use, custom control) not yet satisfied",
  },
  53003: { bucket: "blockedByConditionalAccess", meaning: "Blocked by Conditional Access" },
  53000: { bucket: "blockedByConditionalAccess", meaning: "Device not compliant" },
  53001: { bucket: "blockedByConditionalAccess", meaning: "Device not domain-joined" },
  53002: { bucket: "blockedByConditionalAccess", meaning: "Application not approved" },
  50131: { bucket: "blockedByConditionalAccess", meaning: "Conditional Access failure" },
  530032: { bucket: "blockedBySecurityPolicy", meaning: "Blocked by tenant security policy" },
  530035: { bucket: "blockedBySecurityPolicy", meaning: "Blocked by security defaults" },
  50097: { bucket: "deviceAuthRequired", meaning: "Device authentication required" },
  50155: { bucket: "deviceAuthRequired", meaning: "Device authentication failed" },
  50125: { bucket: "benignInterrupt", meaning: "Sign-in interrupted for password reset registration" },
  50140: { bucket: "benignInterrupt", meaning: '"Keep me signed in" interrupt' },
  50058: { bucket: "benignInterrupt", meaning: "No single sign-on session found" },
  50126: { bucket: "primaryAuthFailed", meaning: "Invalid username or password" },
  50053: {
    bucket: "lockedOrBlocked",
    meaning: "Smart lockout, or sign-in from a malicious IP address blocked",
  },
  50055: { bucket: "accountState", meaning: "Password expired" },
  50057: { bucket: "accountState", meaning: "User account disabled" },
  50173: { bucket: "accountState", meaning: "Grant revoked (password changed or sessions revoked)" },
} as const satisfies Record<number, { bucket: ErrorCodeBucket; meaning: string }>;

/** The classified error code: a bucket with the code, or `unknown` with the raw value. */
export type ErrorCodeClass =
  | { readonly kind: ErrorCodeBucket; readonly code: number }
  | { readonly kind: "unknown"; readonly raw: unknown };

const MAX_CODE = 2 ** 31 - 1;

/**
 * Parses an error code safely: a non-negative integer number, or a string of digits (spaces
 * around it and an `AADSTS` prefix allowed). Anything else is `undefined`.
 *
 * @param raw Any value.
 * @returns The code, or `undefined`.
 *
 * @example Parsing safely
 * ```ts
 * import { parseErrorCode } from "./error_code.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseErrorCode(" 50074 "), 50074);
 * assert.equal(parseErrorCode("AADSTS500121"), 500121);
 * assert.equal(parseErrorCode("abc"), undefined);
 * assert.equal(parseErrorCode(1.5), undefined);
 * ```
 */
export function parseErrorCode(raw: unknown): number | undefined {
  let n: number;
  if (typeof raw === "number") n = raw;
  else if (typeof raw === "bigint") n = raw >= 0n && raw <= BigInt(MAX_CODE) ? Number(raw) : -1;
  else if (typeof raw === "string") {
    const m = /^\s*(?:aadsts)?(\d{1,10})\s*$/i.exec(raw);
    if (m === null) return undefined;
    n = Number(m[1]);
  } else return undefined;
  return Number.isInteger(n) && n >= 0 && n <= MAX_CODE ? n : undefined;
}

/**
 * Classifies a sign-in error code. Never throws.
 *
 * @param raw `status.errorCode`, `ResultType`, or any value.
 * @returns `{ kind: bucket, code }`, `{ kind: "otherFailure", code }` for any other valid code,
 *   or `{ kind: "unknown", raw }` for a value that is not a code.
 *
 * @example Graph numbers and Log Analytics strings
 * ```ts
 * import { classifyErrorCode } from "./error_code.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyErrorCode(500121), { kind: "mfaFailed", code: 500121 });
 * assert.deepEqual(classifyErrorCode("0"), { kind: "success", code: 0 });
 * assert.deepEqual(classifyErrorCode(" 50074 "), { kind: "mfaRequiredInterrupt", code: 50074 });
 * assert.deepEqual(classifyErrorCode(70043), { kind: "otherFailure", code: 70043 });
 * assert.deepEqual(classifyErrorCode("abc"), { kind: "unknown", raw: "abc" });
 * ```
 */
export function classifyErrorCode(raw: unknown): ErrorCodeClass {
  const code = parseErrorCode(raw);
  if (code === undefined) return { kind: "unknown", raw };
  const known = errorCodeEntry(code);
  return { kind: known === undefined ? "otherFailure" : known.bucket, code };
}

function errorCodeEntry(code: number): { bucket: ErrorCodeBucket; meaning: string } | undefined {
  return isTableKey(SIGN_IN_ERROR_CODES, String(code))
    ? SIGN_IN_ERROR_CODES[code as keyof typeof SIGN_IN_ERROR_CODES]
    : undefined;
}

/**
 * Short meaning of a listed error code, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import { errorCodeMeaning } from "./error_code.ts";
 * import assert from "node:assert/strict";
 * assert.equal(errorCodeMeaning(53003), "Blocked by Conditional Access");
 * assert.equal(errorCodeMeaning(1), undefined);
 * ```
 */
export function errorCodeMeaning(code: number): string | undefined {
  return errorCodeEntry(code)?.meaning;
}

/** Type guard for {@linkcode ErrorCodeBucket}. */
export const isErrorCodeBucket: (v: unknown) => v is ErrorCodeBucket = errorCodeBucketEnum.is;

/**
 * Human label of a bucket (or `"unknown"`).
 *
 * @example Human labels
 * ```ts
 * import { labelErrorCodeBucket } from "./error_code.ts";
 * import assert from "node:assert/strict";
 * assert.equal(labelErrorCodeBucket("blockedByConditionalAccess"), "Blocked by Conditional Access");
 * assert.equal(labelErrorCodeBucket("unknown"), "Unknown (not an error code)");
 * ```
 */
export function labelErrorCodeBucket(id: ErrorCodeBucket | "unknown"): string {
  return isErrorCodeBucket(id) ? ERROR_CODE_BUCKETS[id].label : "Unknown (not an error code)";
}

/**
 * Outcome of a classified code: `success`, `interrupted`, `failed`, or `unknown`.
 *
 * @example Usage
 * ```ts
 * import { classifyErrorCode, signInOutcome } from "./error_code.ts";
 * import assert from "node:assert/strict";
 * assert.equal(signInOutcome(classifyErrorCode(50074)), "interrupted");
 * assert.equal(signInOutcome(classifyErrorCode(50126)), "failed");
 * assert.equal(signInOutcome(classifyErrorCode(null)), "unknown");
 * ```
 */
export function signInOutcome(c: ErrorCodeClass): SignInOutcome | "unknown" {
  return c.kind === "unknown" ? "unknown" : ERROR_CODE_BUCKETS[c.kind].outcome;
}
