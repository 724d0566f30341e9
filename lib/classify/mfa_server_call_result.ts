/**
 * Classifier for the call results of the Azure MFA Server authentication activity report
 * (the downloadable CSV, not shown in the portal). All 45 documented codes, each with its
 * label, channel (phone call, text message, mobile app, OATH, cache, …), outcome (was the
 * authentication allowed?) and an admin-facing meaning.
 *
 * A `SUCCESS_` prefix does not always mean the sign-in was allowed: `SUCCESS_USER_BLOCKED`
 * is a denial, `SUCCESS_SMS_SENT` is still pending, and `SUCCESS_WITH_PIN` /
 * `SUCCESS_NO_PIN` depend on whether the user was in PIN mode or standard mode (the
 * export does not say which), so they get their own outcome, `"depends"`.
 *
 * @module
 */
import { isTableKey } from "./_enum.ts";

/**
 * Every documented MFA Server call result, keyed by code (in the order of the MFA Server
 * documentation). `outcome` is `"allowed"`, `"denied"`, `"pending"` (the user still has to
 * answer) or `"depends"` (allowed or denied depending on the user's PIN mode).
 *
 * @example Looking up a code
 * ```ts
 * import { MFA_SERVER_CALL_RESULTS } from "./mfa_server_call_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_SERVER_CALL_RESULTS.SUCCESS_USER_BLOCKED.outcome, "denied");
 * assert.equal(MFA_SERVER_CALL_RESULTS.SUCCESS_SMS_SENT.outcome, "pending");
 * assert.equal(Object.keys(MFA_SERVER_CALL_RESULTS).length, 45);
 * ```
 */
export const MFA_SERVER_CALL_RESULTS = {
  SUCCESS_WITH_PIN: {
    label: "PIN entered",
    channel: "phoneCall",
    outcome: "depends",
    meaning:
      "User entered a PIN. Allowed when the PIN was correct; denied when the PIN was wrong or the user is in standard mode.",
  },
  SUCCESS_NO_PIN: {
    label: "Only # entered",
    channel: "phoneCall",
    outcome: "depends",
    meaning:
      "User pressed only #. Denied for users in PIN mode (no PIN given); allowed for users in standard mode.",
  },
  SUCCESS_WITH_PIN_BUT_TIMEOUT: {
    label: "# not pressed after entry",
    channel: "phoneCall",
    outcome: "denied",
    meaning: "Digits were typed but # was never pressed, so nothing was submitted.",
  },
  SUCCESS_NO_PIN_BUT_TIMEOUT: {
    label: "No phone input - timed out",
    channel: "phoneCall",
    outcome: "denied",
    meaning: "Call was answered but nothing was entered; usually the call went to voicemail.",
  },
  SUCCESS_PIN_EXPIRED: {
    label: "PIN expired and not changed",
    channel: "phoneCall",
    outcome: "denied",
    meaning: "PIN had expired and the user did not complete the required change.",
  },
  SUCCESS_USED_CACHE: {
    label: "Used cache",
    channel: "cache",
    outcome: "allowed",
    meaning: "Allowed without a call because the same username succeeded within the configured cache window.",
  },
  SUCCESS_BYPASSED_AUTH: {
    label: "Bypassed auth",
    channel: "bypass",
    outcome: "allowed",
    meaning: "Allowed through a one-time bypass started for the user (see the bypassed user history report).",
  },
  SUCCESS_USED_IP_BASED_CACHE: {
    label: "Used IP-based cache",
    channel: "cache",
    outcome: "allowed",
    meaning:
      "Allowed without a call: same username, authentication type, application name and IP succeeded within the cache window.",
  },
  SUCCESS_USED_APP_BASED_CACHE: {
    label: "Used app-based cache",
    channel: "cache",
    outcome: "allowed",
    meaning:
      "Allowed without a call: same username, authentication type and application name succeeded within the cache window.",
  },
  SUCCESS_INVALID_INPUT: {
    label: "Invalid phone input",
    channel: "phoneCall",
    outcome: "denied",
    meaning:
      "Response from the phone was not valid, e.g. a fax or modem answered, or * was typed in the PIN.",
  },
  SUCCESS_USER_BLOCKED: {
    label: "User is blocked",
    channel: "blocked",
    outcome: "denied",
    meaning:
      "User's phone number is blocked (by the user during a call, by an admin, or as a result of a fraud alert).",
  },
  SUCCESS_SMS_AUTHENTICATED: {
    label: "Text message authenticated",
    channel: "sms",
    outcome: "allowed",
    meaning: "Two-way text message answered correctly with the one-time passcode (or passcode + PIN).",
  },
  SUCCESS_SMS_SENT: {
    label: "Text message sent",
    channel: "sms",
    outcome: "pending",
    meaning:
      "One-way text message with a one-time passcode was sent; the user still has to type it into the application.",
  },
  SUCCESS_PHONE_APP_AUTHENTICATED: {
    label: "Mobile app authenticated",
    channel: "mobileApp",
    outcome: "allowed",
    meaning: "User approved the request in the mobile app.",
  },
  SUCCESS_OATH_CODE_PENDING: {
    label: "OATH code pending",
    channel: "oath",
    outcome: "pending",
    meaning: "User was asked for an OATH code and has not answered.",
  },
  SUCCESS_OATH_CODE_VERIFIED: {
    label: "OATH code verified",
    channel: "oath",
    outcome: "allowed",
    meaning: "User entered a valid OATH code.",
  },
  SUCCESS_FALLBACK_OATH_CODE_VERIFIED: {
    label: "Fallback OATH code verified",
    channel: "oath",
    outcome: "allowed",
    meaning: "Primary method was denied; user then entered a valid OATH code as fallback.",
  },
  SUCCESS_FALLBACK_SECURITY_QUESTIONS_ANSWERED: {
    label: "Fallback security questions answered",
    channel: "securityQuestions",
    outcome: "allowed",
    meaning: "Primary method was denied; user then answered the security questions correctly as fallback.",
  },
  FAILED_PHONE_BUSY: {
    label: "Auth already in progress",
    channel: "phoneCall",
    outcome: "denied",
    meaning:
      "An authentication is already running for this user; often a RADIUS client sending several requests for one logon.",
  },
  CONFIG_ISSUE: {
    label: "Phone unreachable",
    channel: "phoneCall",
    outcome: "denied",
    meaning:
      "Call was attempted but could not be placed or was not answered (busy, fast busy, disconnected number, carrier timeout).",
  },
  FAILED_INVALID_PHONENUMBER: {
    label: "Invalid phone number format",
    channel: "phoneCall",
    outcome: "denied",
    meaning: "Phone number is malformed; must be numeric, 10 digits for country code +1.",
  },
  FAILED_USER_HUNGUP_ON_US: {
    label: "User hung up the phone",
    channel: "phoneCall",
    outcome: "denied",
    meaning: "User answered and hung up without pressing any button.",
  },
  FAILED_INVALID_EXTENSION: {
    label: "Invalid extension",
    channel: "phoneCall",
    outcome: "denied",
    meaning:
      "Extension holds invalid characters; only digits, commas, * and # are allowed (an @ prefix is allowed).",
  },
  FAILED_FRAUD_CODE_ENTERED: {
    label: "Fraud code entered",
    channel: "fraud",
    outcome: "denied",
    meaning: "User reported fraud during the call; authentication denied and the phone number blocked.",
  },
  FAILED_SERVER_ERROR: {
    label: "Unable to place call",
    channel: "service",
    outcome: "denied",
    meaning: "The MFA service could not place the call.",
  },
  FAILED_SMS_NOT_SENT: {
    label: "Text message could not be sent",
    channel: "sms",
    outcome: "denied",
    meaning: "Text message could not be sent; authentication denied.",
  },
  FAILED_SMS_OTP_INCORRECT: {
    label: "Text message OTP incorrect",
    channel: "sms",
    outcome: "denied",
    meaning: "Wrong one-time passcode from the text message; authentication denied.",
  },
  FAILED_SMS_OTP_PIN_INCORRECT: {
    label: "Text message OTP + PIN incorrect",
    channel: "sms",
    outcome: "denied",
    meaning: "Wrong one-time passcode and/or wrong PIN; authentication denied.",
  },
  FAILED_SMS_MAX_OTP_RETRY_REACHED: {
    label: "Exceeded maximum text message OTP attempts",
    channel: "sms",
    outcome: "denied",
    meaning: "User used up the allowed number of one-time passcode attempts.",
  },
  FAILED_PHONE_APP_DENIED: {
    label: "Mobile app denied",
    channel: "mobileApp",
    outcome: "denied",
    meaning: "User pressed Deny in the mobile app.",
  },
  FAILED_PHONE_APP_INVALID_PIN: {
    label: "Mobile app invalid PIN",
    channel: "mobileApp",
    outcome: "denied",
    meaning: "User entered a wrong PIN in the mobile app.",
  },
  FAILED_PHONE_APP_PIN_NOT_CHANGED: {
    label: "Mobile app PIN not changed",
    channel: "mobileApp",
    outcome: "denied",
    meaning: "User did not complete a required PIN change in the mobile app.",
  },
  FAILED_FRAUD_REPORTED: {
    label: "Fraud reported",
    channel: "fraud",
    outcome: "denied",
    meaning: "User reported fraud from the mobile app.",
  },
  FAILED_PHONE_APP_NO_RESPONSE: {
    label: "Mobile app no response",
    channel: "mobileApp",
    outcome: "denied",
    meaning: "User did not respond to the mobile app request.",
  },
  FAILED_PHONE_APP_ALL_DEVICES_BLOCKED: {
    label: "Mobile app all devices blocked",
    channel: "mobileApp",
    outcome: "denied",
    meaning: "All of the user's mobile app devices stopped answering notifications and were blocked.",
  },
  FAILED_PHONE_APP_NOTIFICATION_FAILED: {
    label: "Mobile app notification failed",
    channel: "mobileApp",
    outcome: "denied",
    meaning: "Sending the notification to the user's device failed.",
  },
  FAILED_PHONE_APP_INVALID_RESULT: {
    label: "Mobile app invalid result",
    channel: "mobileApp",
    outcome: "denied",
    meaning: "The mobile app returned an invalid result.",
  },
  FAILED_OATH_CODE_INCORRECT: {
    label: "OATH code incorrect",
    channel: "oath",
    outcome: "denied",
    meaning: "Wrong OATH code; authentication denied.",
  },
  FAILED_OATH_CODE_PIN_INCORRECT: {
    label: "OATH code + PIN incorrect",
    channel: "oath",
    outcome: "denied",
    meaning: "Wrong OATH code and/or wrong PIN; authentication denied.",
  },
  FAILED_OATH_CODE_DUPLICATE: {
    label: "Duplicate OATH code",
    channel: "oath",
    outcome: "denied",
    meaning: "User entered an OATH code that was already used; authentication denied.",
  },
  FAILED_OATH_CODE_OLD: {
    label: "Out-of-date OATH code",
    channel: "oath",
    outcome: "denied",
    meaning: "User entered an OATH code older than one already used; authentication denied.",
  },
  FAILED_OATH_TOKEN_TIMEOUT: {
    label: "OATH code result timeout",
    channel: "oath",
    outcome: "denied",
    meaning: "User took too long to enter the OATH code; the attempt had already timed out.",
  },
  FAILED_SECURITY_QUESTIONS_TIMEOUT: {
    label: "Security questions result timeout",
    channel: "securityQuestions",
    outcome: "denied",
    meaning: "User took too long to answer the security questions; the attempt had already timed out.",
  },
  FAILED_AUTH_RESULT_TIMEOUT: {
    label: "Auth result timeout",
    channel: "timeout",
    outcome: "denied",
    meaning: "User took too long to complete the MFA attempt.",
  },
  FAILED_AUTHENTICATION_THROTTLED: {
    label: "Authentication throttled",
    channel: "service",
    outcome: "denied",
    meaning: "The MFA service throttled the attempt.",
  },
} as const;

/** One of the 45 documented call-result codes, e.g. `"SUCCESS_USED_CACHE"`. */
export type MfaServerCallResultCode = keyof typeof MFA_SERVER_CALL_RESULTS;

/** The facts the table holds about one code. */
export type MfaServerCallResultEntry = typeof MFA_SERVER_CALL_RESULTS[MfaServerCallResultCode];

/** How the second factor was attempted (or why none was needed). */
export type MfaServerChannel = MfaServerCallResultEntry["channel"];

/** Whether the authentication was allowed. */
export type MfaServerOutcome = MfaServerCallResultEntry["outcome"];

/**
 * The label of each code exactly as Microsoft's MFA Server report documentation writes it (the
 * "Call Result" table of the Azure MFA reports page, e.g. "OATH Code Out of Date"), where
 * {@linkcode MFA_SERVER_CALL_RESULTS} holds a plainer English label. Both are accepted.
 *
 * @example A documented label
 * ```ts
 * import { MFA_SERVER_DOC_LABELS } from "./mfa_server_call_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_SERVER_DOC_LABELS.FAILED_OATH_CODE_OLD, "OATH Code Out of Date");
 * ```
 */
export const MFA_SERVER_DOC_LABELS = {
  SUCCESS_WITH_PIN: "PIN Entered",
  SUCCESS_NO_PIN: "Only # Entered",
  SUCCESS_WITH_PIN_BUT_TIMEOUT: "# Not Pressed After Entry",
  SUCCESS_NO_PIN_BUT_TIMEOUT: "No Phone Input - Timed Out",
  SUCCESS_PIN_EXPIRED: "PIN Expired and Not Changed",
  SUCCESS_USED_CACHE: "Used Cache",
  SUCCESS_BYPASSED_AUTH: "Bypassed Auth",
  SUCCESS_USED_IP_BASED_CACHE: "Used IP-based Cache",
  SUCCESS_USED_APP_BASED_CACHE: "Used App-based Cache",
  SUCCESS_INVALID_INPUT: "Invalid Phone Input",
  SUCCESS_USER_BLOCKED: "User is Blocked",
  SUCCESS_SMS_AUTHENTICATED: "Text Message Authenticated",
  SUCCESS_SMS_SENT: "Text Message Sent",
  SUCCESS_PHONE_APP_AUTHENTICATED: "Mobile App Authenticated",
  SUCCESS_OATH_CODE_PENDING: "OATH Code Pending",
  SUCCESS_OATH_CODE_VERIFIED: "OATH Code Verified",
  SUCCESS_FALLBACK_OATH_CODE_VERIFIED: "Fallback OATH Code Verified",
  SUCCESS_FALLBACK_SECURITY_QUESTIONS_ANSWERED: "Fallback Security Questions Answered",
  FAILED_PHONE_BUSY: "Auth Already In Progress",
  CONFIG_ISSUE: "Phone Unreachable",
  FAILED_INVALID_PHONENUMBER: "Invalid Phone Number Format",
  FAILED_USER_HUNGUP_ON_US: "User Hung Up the Phone",
  FAILED_INVALID_EXTENSION: "Invalid Extension",
  FAILED_FRAUD_CODE_ENTERED: "Fraud Code Entered",
  FAILED_SERVER_ERROR: "Unable to Place Call",
  FAILED_SMS_NOT_SENT: "Text Message Could Not Be Sent",
  FAILED_SMS_OTP_INCORRECT: "Text Message OTP Incorrect",
  FAILED_SMS_OTP_PIN_INCORRECT: "Text Message OTP + PIN Incorrect",
  FAILED_SMS_MAX_OTP_RETRY_REACHED: "Exceeded Maximum Text Message OTP Attempts",
  FAILED_PHONE_APP_DENIED: "Mobile App Denied",
  FAILED_PHONE_APP_INVALID_PIN: "Mobile App Invalid PIN",
  FAILED_PHONE_APP_PIN_NOT_CHANGED: "Mobile App PIN Not Changed",
  FAILED_FRAUD_REPORTED: "Fraud Reported",
  FAILED_PHONE_APP_NO_RESPONSE: "Mobile App No Response",
  FAILED_PHONE_APP_ALL_DEVICES_BLOCKED: "Mobile App All Devices Blocked",
  FAILED_PHONE_APP_NOTIFICATION_FAILED: "Mobile App Notification Failed",
  FAILED_PHONE_APP_INVALID_RESULT: "Mobile App Invalid Result",
  FAILED_OATH_CODE_INCORRECT: "OATH Code Incorrect",
  FAILED_OATH_CODE_PIN_INCORRECT: "OATH Code + PIN Incorrect",
  FAILED_OATH_CODE_DUPLICATE: "Duplicate OATH Code",
  FAILED_OATH_CODE_OLD: "OATH Code Out of Date",
  FAILED_OATH_TOKEN_TIMEOUT: "OATH Code Result Timeout",
  FAILED_SECURITY_QUESTIONS_TIMEOUT: "Security Questions Result Timeout",
  FAILED_AUTH_RESULT_TIMEOUT: "Auth Result Timeout",
  FAILED_AUTHENTICATION_THROTTLED: "Authentication Throttled",
} as const satisfies Record<MfaServerCallResultCode, string>;

/**
 * Every code, in table order (the order of the MFA Server documentation).
 *
 * @example Iterating the codes in documentation order
 * ```ts
 * import { MFA_SERVER_CALL_RESULT_CODES } from "./mfa_server_call_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_SERVER_CALL_RESULT_CODES.length, 45);
 * assert.equal(MFA_SERVER_CALL_RESULT_CODES[0], "SUCCESS_WITH_PIN");
 * ```
 */
export const MFA_SERVER_CALL_RESULT_CODES: readonly MfaServerCallResultCode[] = Object.freeze(
  Object.keys(MFA_SERVER_CALL_RESULTS) as MfaServerCallResultCode[],
);

/**
 * Display names of the channels, keyed by channel id. `blocked` is a blocked phone number,
 * `timeout` an attempt the user did not finish in time, `service` a problem on the MFA
 * service's side.
 *
 * @example Display name of a channel
 * ```ts
 * import { MFA_SERVER_CHANNELS } from "./mfa_server_call_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_SERVER_CHANNELS.sms, "Text message");
 * ```
 */
export const MFA_SERVER_CHANNELS = {
  phoneCall: "Phone call",
  sms: "Text message",
  mobileApp: "Mobile app",
  oath: "OATH code",
  securityQuestions: "Security questions",
  cache: "Cache (recent success)",
  bypass: "One-time bypass",
  blocked: "Blocked user",
  fraud: "Fraud report",
  timeout: "Timeout",
  service: "Service",
} as const satisfies Record<MfaServerChannel, string>;

/**
 * Display names of the outcomes, keyed by outcome id.
 *
 * @example Display name of an outcome
 * ```ts
 * import { MFA_SERVER_OUTCOMES } from "./mfa_server_call_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_SERVER_OUTCOMES.depends, "Depends on PIN mode");
 * ```
 */
export const MFA_SERVER_OUTCOMES = {
  allowed: "Allowed",
  denied: "Denied",
  pending: "Pending",
  depends: "Depends on PIN mode",
} as const satisfies Record<MfaServerOutcome, string>;

/** The result of {@linkcode classifyMfaServerCallResult}. */
export type MfaServerCallResultClass =
  | {
    kind: "known";
    code: MfaServerCallResultCode;
    label: MfaServerCallResultEntry["label"];
    channel: MfaServerChannel;
    outcome: MfaServerOutcome;
    meaning: string;
  }
  | {
    kind: "unknown";
    /** The value exactly as given. */
    raw: unknown;
  };

/** Type guard: is `v` exactly one of the 45 codes (no normalisation)? */
export const isMfaServerCallResult = (v: unknown): v is MfaServerCallResultCode =>
  isTableKey(MFA_SERVER_CALL_RESULTS, v);

/** Type guard for {@linkcode MfaServerChannel}. */
export const isMfaServerChannel = (v: unknown): v is MfaServerChannel => isTableKey(MFA_SERVER_CHANNELS, v);

/** Type guard for {@linkcode MfaServerOutcome}. */
export const isMfaServerOutcome = (v: unknown): v is MfaServerOutcome => isTableKey(MFA_SERVER_OUTCOMES, v);

function _labelKey(text: string): string {
  return text.normalize("NFKC").replace(/[\u2010-\u2015]/g, "-").replace(/\s+/g, " ").trim().toLowerCase();
}

/** Normalised label → code, for labels that name exactly one code. */
const LABEL_INDEX: ReadonlyMap<string, MfaServerCallResultCode> = (() => {
  const seen = new Map<string, MfaServerCallResultCode | null>();
  for (const code of MFA_SERVER_CALL_RESULT_CODES) {
    const keys = new Set([MFA_SERVER_CALL_RESULTS[code].label, MFA_SERVER_DOC_LABELS[code]].map(_labelKey));
    for (const key of keys) seen.set(key, seen.has(key) && seen.get(key) !== code ? null : code);
  }
  const index = new Map<string, MfaServerCallResultCode>();
  for (const [key, code] of seen) if (code !== null) index.set(key, code);
  return index;
})();

/**
 * Classifies one call-result value. Never throws. Accepts the code in any case and with
 * surrounding or internal whitespace (`" success used cache "`, spaces and hyphens read as
 * `_`), or the English label of a code (`"Used cache"`, or the documentation's wording
 * `"OATH Code Out of Date"`, see {@linkcode MFA_SERVER_DOC_LABELS}), when that label names
 * exactly one code. Anything else, including non-strings, is `{ kind: "unknown", raw }` with the value
 * kept as given so it can be counted and listed.
 *
 * @param raw a cell of the call-result column
 * @returns the code's facts, or the unknown bucket
 *
 * @example Codes, labels and unknown values
 * ```ts
 * import { classifyMfaServerCallResult } from "./mfa_server_call_result.ts";
 * import assert from "node:assert/strict";
 *
 * const blocked = classifyMfaServerCallResult(" success_user_blocked\r\n");
 * assert.equal(blocked.kind, "known");
 * if (blocked.kind === "known") {
 *   assert.equal(blocked.code, "SUCCESS_USER_BLOCKED");
 *   assert.equal(blocked.outcome, "denied");
 *   assert.equal(blocked.channel, "blocked");
 * }
 *
 * const byLabel = classifyMfaServerCallResult("Mobile app denied");
 * assert.equal(byLabel.kind === "known" && byLabel.code, "FAILED_PHONE_APP_DENIED");
 *
 * assert.deepEqual(classifyMfaServerCallResult("FAILED_NEW_THING"), { kind: "unknown", raw: "FAILED_NEW_THING" });
 * assert.deepEqual(classifyMfaServerCallResult(42), { kind: "unknown", raw: 42 });
 * ```
 */
export function classifyMfaServerCallResult(raw: unknown): MfaServerCallResultClass {
  if (typeof raw !== "string") return { kind: "unknown", raw };
  const text = raw.normalize("NFKC").trim();
  if (text === "") return { kind: "unknown", raw };
  const asCode = text.toUpperCase().replace(/[\s\-]+/g, "_");
  const code = isMfaServerCallResult(asCode) ? asCode : LABEL_INDEX.get(_labelKey(text));
  if (code === undefined) return { kind: "unknown", raw };
  const e = MFA_SERVER_CALL_RESULTS[code];
  return { kind: "known", code, label: e.label, channel: e.channel, outcome: e.outcome, meaning: e.meaning };
}
