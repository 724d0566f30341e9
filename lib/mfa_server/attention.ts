/**
 * Call results an administrator follows up on, grouped the way the report lists them:
 * fraud reports, blocked users, one-time bypasses, cache-based successes and "not reached"
 * results (timeouts, voicemail, unreachable phone or device: a hint that users are not
 * getting the call or notification).
 *
 * @module
 */
import type { MfaServerCallResultCode } from "../classify/mfa_server_call_result.ts";

/**
 * The follow-up group of each code that has one; codes not listed have none.
 *
 * @example Follow-up group of a code
 * ```ts
 * import { MFA_SERVER_ATTENTION } from "./attention.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_SERVER_ATTENTION.SUCCESS_NO_PIN_BUT_TIMEOUT, "notReached");
 * assert.equal(MFA_SERVER_ATTENTION.SUCCESS_USER_BLOCKED, "blocked");
 * ```
 */
export const MFA_SERVER_ATTENTION = {
  FAILED_FRAUD_CODE_ENTERED: "fraud",
  FAILED_FRAUD_REPORTED: "fraud",
  SUCCESS_USER_BLOCKED: "blocked",
  FAILED_PHONE_APP_ALL_DEVICES_BLOCKED: "blocked",
  SUCCESS_BYPASSED_AUTH: "bypass",
  SUCCESS_USED_CACHE: "cache",
  SUCCESS_USED_IP_BASED_CACHE: "cache",
  SUCCESS_USED_APP_BASED_CACHE: "cache",
  SUCCESS_NO_PIN_BUT_TIMEOUT: "notReached",
  SUCCESS_WITH_PIN_BUT_TIMEOUT: "notReached",
  CONFIG_ISSUE: "notReached",
  FAILED_SMS_NOT_SENT: "notReached",
  FAILED_PHONE_APP_NO_RESPONSE: "notReached",
  FAILED_PHONE_APP_NOTIFICATION_FAILED: "notReached",
  FAILED_OATH_TOKEN_TIMEOUT: "notReached",
  FAILED_SECURITY_QUESTIONS_TIMEOUT: "notReached",
  FAILED_AUTH_RESULT_TIMEOUT: "notReached",
} as const satisfies Partial<Record<MfaServerCallResultCode, string>>;

/** A follow-up group id. */
export type MfaServerAttention = typeof MFA_SERVER_ATTENTION[keyof typeof MFA_SERVER_ATTENTION];

/** Groups whose rows are listed one by one (who, when); the others are counted. */
export type MfaServerEventKind = Extract<MfaServerAttention, "fraud" | "blocked" | "bypass">;

/**
 * The follow-up group of a code, or `undefined`.
 *
 * @example Codes with and without a follow-up group
 * ```ts
 * import { attentionOf } from "./attention.ts";
 * import assert from "node:assert/strict";
 * assert.equal(attentionOf("FAILED_FRAUD_REPORTED"), "fraud");
 * assert.equal(attentionOf("SUCCESS_PHONE_APP_AUTHENTICATED"), undefined);
 * ```
 */
export function attentionOf(code: MfaServerCallResultCode): MfaServerAttention | undefined {
  return Object.hasOwn(MFA_SERVER_ATTENTION, code)
    ? MFA_SERVER_ATTENTION[code as keyof typeof MFA_SERVER_ATTENTION]
    : undefined;
}
