/**
 * Classifier for the MFA result of a sign-in, from every place it appears: Graph
 * `status.additionalDetails`, beta `authenticationDetails[].authenticationStepResultDetail`,
 * the portal CSV column "Multifactor authentication result", and the wording of the Azure MFA
 * reporting documentation ("Azure Multi-Factor Authentication denied; user is blocked").
 *
 * Matching is on normalised text (case, punctuation, `\u00a0`), with the prefixes "Azure
 * Multi-Factor Authentication", "MFA", "MFA requirement" and "… denied;" removed. A known
 * phrase inside longer free text (three words or more) is matched too.
 *
 * Besides the documentation's wording, the aliases hold the variants Entra writes in real exports
 * and that public incident-response material quotes, e.g. "MFA requirement skipped due to IP
 * address" (per-user MFA trusted IPs), "MFA requirement skipped due to ADFS-issued InsideCorpNet
 * claim; tenant was configured to skip MFA if this claim is present", "MFA denied; user did not
 * select the correct number" (number matching), "MFA denied; invalid verification code", "MFA
 * denied; Phone App Reported Fraud", "MFA denied; user did not respond to push notification.".
 *
 * @module
 */
import { isTableKey } from "./_enum.ts";
import { normalizeText } from "./_normalize.ts";

/**
 * What a "satisfied" result says about the user's second factor:
 * `prompted` (answered a prompt in this sign-in), `reused` (an earlier MFA claim counted),
 * `external` (an external provider did the MFA), `skipped` (a setting let the user through
 * with no second factor), `other`.
 */
export type MfaEvidence = "prompted" | "reused" | "external" | "skipped" | "other";

/**
 * The 12 ways the MFA requirement of a sign-in is reported as satisfied. `phrase` is the
 * documentation's wording (after "Azure Multi-Factor Authentication"); `aliases` are other
 * spellings seen in Graph.
 *
 * @example Reading an entry
 * ```ts
 * import { MFA_SATISFIED } from "./mfa_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_SATISFIED.skippedLocation.evidence, "skipped");
 * assert.equal(Object.keys(MFA_SATISFIED).length, 13);
 * ```
 */
export const MFA_SATISFIED = {
  completedInCloud: {
    label: "MFA completed in the cloud",
    phrase: "completed in the cloud",
    aliases: ["completed in Azure AD", "completed in Microsoft Entra ID", "completed in Entra ID"],
    evidence: "prompted",
    explanation: "The user answered an MFA challenge of the Microsoft cloud service in this sign-in.",
  },
  expiredByTenantPolicy: {
    label: "Earlier MFA expired under tenant policy",
    phrase: "has expired due to the policies configured on tenant",
    aliases: ["expired due to the policies configured on tenant"],
    evidence: "other",
    explanation:
      "An earlier MFA claim was too old for the tenant's session policies (for example sign-in frequency), so it had to be renewed.",
  },
  registrationPrompted: {
    label: "MFA registration prompted",
    phrase: "registration prompted",
    aliases: [],
    evidence: "other",
    explanation: "The user was sent to register MFA methods as part of this sign-in.",
  },
  satisfiedByClaimInToken: {
    label: "Satisfied by a claim in the token",
    phrase: "satisfied by claim in the token",
    aliases: [],
    evidence: "reused",
    explanation:
      "No new prompt: an earlier MFA (same session or refresh token) was reused. Shown wrongly at first on some rows until log aggregation finishes.",
  },
  satisfiedByExternalProvider: {
    label: "Satisfied by a claim from an external provider",
    phrase: "satisfied by claim provided by external provider",
    aliases: ["satisfied by claim provided by the external provider"],
    evidence: "external",
    explanation:
      "A federated identity provider (for example AD FS) or external authentication method did the MFA and said so in its token.",
  },
  satisfiedByStrongAuthentication: {
    label: "Satisfied by strong authentication",
    phrase: "satisfied by strong authentication",
    aliases: [],
    evidence: "reused",
    explanation:
      "The sign-in already used a strong credential (for example Windows Hello for Business, a FIDO2 key or a token carrying an MFA claim).",
  },
  skippedWindowsBrokerLogon: {
    label: "Skipped: Windows broker logon flow",
    phrase: "skipped as flow exercised was Windows broker logon flow",
    aliases: [],
    evidence: "skipped",
    explanation: "MFA was not asked for during the Windows sign-in (broker logon) flow.",
  },
  skippedAppPassword: {
    label: "Skipped: app password",
    phrase: "skipped due to app password",
    aliases: [],
    evidence: "skipped",
    explanation:
      "An app password was used, which bypasses MFA. App passwords only exist with per-user MFA; plan to retire them.",
  },
  skippedLocation: {
    label: "Skipped: trusted location",
    phrase: "skipped due to location",
    aliases: [
      "skipped due to IP address",
      "skipped due to trusted IP address",
      "skipped due to trusted location",
    ],
    evidence: "skipped",
    explanation:
      "The sign-in came from a trusted IP range of the per-user MFA settings, so no second factor was checked.",
  },
  skippedCorpNetClaim: {
    label: "Skipped: AD FS inside-corporate-network claim",
    phrase: "skipped due to ADFS-issued InsideCorpNet claim",
    aliases: [
      "skipped due to ADFS-issued InsideCorpNet claim; tenant was configured to skip MFA if this claim is present",
      "skipped due to InsideCorpNet claim",
    ],
    evidence: "skipped",
    explanation:
      'AD FS said the request came from inside the corporate network and the tenant is set to skip MFA for such requests (per-user MFA "skip for federated users on my intranet"), so no second factor was checked.',
  },
  skippedRegisteredDevice: {
    label: "Skipped: registered device",
    phrase: "skipped due to registered device",
    aliases: [],
    evidence: "skipped",
    explanation: "MFA was skipped because the device is registered with the tenant.",
  },
  skippedRememberedDevice: {
    label: "Skipped: remembered device",
    phrase: "skipped due to remembered device",
    aliases: [],
    evidence: "skipped",
    explanation:
      'The user chose "remember MFA on this device" earlier (per-user MFA setting), so no second factor was checked this time.',
  },
  successfullyCompleted: {
    label: "MFA successfully completed",
    phrase: "successfully completed",
    aliases: ["completed successfully", "user approved"],
    evidence: "prompted",
    explanation: "The user answered an MFA challenge in this sign-in.",
  },
} as const;

/** Id of a way MFA was satisfied. */
export type MfaSatisfiedHow = keyof typeof MFA_SATISFIED;

/** Broad cause of an MFA denial, for grouping in reports. */
export type MfaDenialCause =
  | "userAction"
  | "delivery"
  | "configuration"
  | "security"
  | "service"
  | "transient"
  | "other";

/**
 * Reasons an MFA challenge was denied: the 22 of the documentation (`phrase`, after
 * "Azure Multi-Factor Authentication denied;"), a few more seen in Graph (`phrase: null`),
 * and `other` for a denial whose reason is not recognised. Each has an admin-facing
 * explanation of what to check.
 *
 * @example Reading an entry
 * ```ts
 * import { MFA_DENIED } from "./mfa_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_DENIED.callWentToVoicemail.cause, "delivery");
 * assert.match(MFA_DENIED.callWentToVoicemail.explanation, /Authenticator app/);
 * ```
 */
export const MFA_DENIED = {
  authenticationInProgress: {
    label: "Authentication already in progress",
    phrase: "authentication in-progress",
    aliases: [],
    cause: "transient",
    explanation:
      "Another MFA request for this user was still open (a second sign-in started before the first was answered). Harmless when a later row with the same correlation ID succeeds; frequent rows point to users or scripts retrying too fast.",
  },
  duplicateAuthenticationAttempt: {
    label: "Duplicate authentication attempt",
    phrase: "duplicate authentication attempt",
    aliases: [],
    cause: "transient",
    explanation:
      "The same MFA request was sent twice (double submit or a client retry). Harmless on its own; many from one app point to a retry loop in that client.",
  },
  incorrectCodeTooManyTimes: {
    label: "Incorrect code entered too many times",
    phrase: "entered incorrect code too many times",
    aliases: [],
    cause: "userAction",
    explanation:
      "Wrong verification codes were entered repeatedly and the attempt was stopped. Check the user's token or app (clock, right account entry); repeated cases can also be someone guessing codes.",
  },
  invalidAuthentication: {
    label: "Invalid authentication",
    phrase: "invalid authentication",
    aliases: [],
    cause: "other",
    explanation:
      "The MFA service rejected the response as invalid. If it repeats for a user, have them re-register their method.",
  },
  invalidMobileAppVerificationCode: {
    label: "Invalid mobile app verification code",
    phrase: "invalid mobile app verification code",
    aliases: [],
    cause: "userAction",
    explanation:
      "The authenticator app code was not accepted (wrong or expired code, or the phone's clock is off). Ask the user to set the phone's time automatically and use the entry for this account.",
  },
  misconfiguration: {
    label: "MFA misconfiguration",
    phrase: "misconfiguration",
    aliases: [],
    cause: "configuration",
    explanation:
      "MFA is misconfigured for this user or tenant (for example an external provider, NPS extension or MFA Server setting). Review the MFA service settings and the user's methods.",
  },
  callWentToVoicemail: {
    label: "Phone call went to voicemail",
    phrase: "phone call went to voicemail",
    aliases: ["call went to voicemail"],
    cause: "delivery",
    explanation:
      "The call went to voicemail: users are not getting the call. Check the phone numbers on file, or switch these users to the Microsoft Authenticator app.",
  },
  invalidPhoneNumberFormat: {
    label: "Phone number has an invalid format",
    phrase: "phone number has an invalid format",
    aliases: [],
    cause: "configuration",
    explanation:
      "The phone number on file cannot be dialled (wrong format, missing country code). Correct it in the user's authentication methods.",
  },
  serviceError: {
    label: "MFA service error",
    phrase: "service error",
    aliases: [],
    cause: "service",
    explanation:
      "An error in the MFA service, not the user's doing. If many users are affected at once, check Microsoft service health.",
  },
  phoneUnreachable: {
    label: "Unable to reach the user's phone",
    phrase: "unable to reach the user's phone",
    aliases: [],
    cause: "delivery",
    explanation:
      "The phone could not be reached (no signal, switched off, number wrong or blocked by the carrier). Check the number; the Authenticator app is more reliable.",
  },
  notificationNotDeliveredToDevice: {
    label: "Unable to send the mobile app notification to the device",
    phrase: "unable to send the mobile app notification to the device",
    aliases: [],
    cause: "delivery",
    explanation:
      "The push notification could not be delivered to the registered device (app removed, phone replaced, notifications blocked). Ask the user to re-register Microsoft Authenticator.",
  },
  notificationNotSent: {
    label: "Unable to send the mobile app notification",
    phrase: "unable to send the mobile app notification",
    aliases: [],
    cause: "delivery",
    explanation:
      "The push notification could not be sent. If it repeats for a user, have them re-register Microsoft Authenticator; if many users are affected, check service health.",
  },
  userDeclined: {
    label: "User declined the authentication",
    phrase: "user declined the authentication",
    aliases: [],
    cause: "security",
    explanation:
      "The user pressed Deny. Often a slip, but a user denying a prompt they did not start means someone else knows the password: check the sign-in's IP address and location, and reset the password if it was not them.",
  },
  noResponseToNotification: {
    label: "User did not respond to the mobile app notification",
    phrase: "user did not respond to mobile app notification",
    aliases: [
      "user did not respond to push notification",
      "user did not respond to the mobile app notification",
    ],
    cause: "userAction",
    explanation:
      "The push notification was not approved in time (user away from the phone). Many in a row for one user can be MFA fatigue (prompt bombing): check where those sign-ins came from.",
  },
  wrongNumberSelected: {
    label: "User selected the wrong number (number matching)",
    phrase: null,
    aliases: ["user did not select the correct number", "user selected the wrong number"],
    cause: "security",
    explanation:
      "The user picked a number in Microsoft Authenticator that did not match the sign-in screen. Often a slip, but a user answering a prompt they cannot see the number for means someone else started it (MFA fatigue): check the sign-in's IP address and location.",
  },
  noMethodsRegistered: {
    label: "User has no verification methods registered",
    phrase: "user does not have any verification methods registered",
    aliases: [],
    cause: "configuration",
    explanation:
      "MFA was required but the user has no method to complete it. Have the user register at https://aka.ms/mysecurityinfo, or issue a Temporary Access Pass.",
  },
  incorrectCode: {
    label: "User entered an incorrect code",
    phrase: "user entered incorrect code",
    aliases: ["invalid verification code", "incorrect verification code", "user entered an incorrect code"],
    cause: "userAction",
    explanation:
      "A wrong one-time code (SMS or app) was entered. Usually a typo; if it repeats, check the phone number or the app's clock.",
  },
  incorrectPin: {
    label: "User entered an incorrect PIN",
    phrase: "user entered incorrect PIN",
    aliases: [],
    cause: "userAction",
    explanation:
      "A wrong PIN was entered in PIN mode (MFA Server / phone call). Have the user reset the PIN; repeated cases can be someone guessing it.",
  },
  hungUp: {
    label: "User hung up without completing the call",
    phrase: "user hung up the phone call without succeeding the authentication",
    aliases: [],
    cause: "userAction",
    explanation:
      "The user answered the verification call but hung up before pressing #. Tell users to press # to approve, or move them to the Authenticator app.",
  },
  userBlocked: {
    label: "User is blocked",
    phrase: "user is blocked",
    aliases: [],
    cause: "security",
    explanation:
      "The user is blocked from MFA (by an administrator, or automatically after a fraud report). Check the MFA block list and unblock once the account is confirmed safe.",
  },
  codeNeverEntered: {
    label: "User never entered the verification code",
    phrase: "user never entered the verification code",
    aliases: [],
    cause: "userAction",
    explanation:
      "A code was sent but nothing was entered before the time-out. Check that text messages reach this user in time; the Authenticator app is more reliable than SMS.",
  },
  userNotFound: {
    label: "User not found",
    phrase: "user not found",
    aliases: [],
    cause: "configuration",
    explanation:
      "The MFA service has no record of this user (for example not synchronised to MFA Server or the external provider). Check the user exists there.",
  },
  codeAlreadyUsed: {
    label: "Verification code already used",
    phrase: "verification code already used once",
    aliases: [],
    cause: "userAction",
    explanation:
      "A one-time code was used a second time. Ask the user to wait for a fresh code; reuse from another location can mean the code was intercepted.",
  },
  fraudReported: {
    label: "User reported fraud",
    phrase: null,
    aliases: ["fraud reported", "user reported fraud", "fraud code entered", "phone app reported fraud"],
    cause: "security",
    explanation:
      "The user reported the MFA prompt as fraud: they did not start this sign-in. Treat the password as compromised: check the sign-in source, reset the password and review recent activity; the user may have been blocked automatically.",
  },
  telecomLimitReached: {
    label: "Telecom MFA call limit reached",
    phrase: null,
    aliases: ["limit on telecom MFA calls reached"],
    cause: "service",
    explanation:
      "Too many MFA calls or text messages in a short time (error 50088). Ask the user to wait a few minutes; if it recurs, move users to the Microsoft Authenticator app.",
  },
  challengeNotPassed: {
    label: "MFA challenge not passed (no reason given)",
    phrase: null,
    aliases: [
      "authentication failed during strong authentication request",
      "user did not pass the MFA challenge",
      "user did not pass the MFA challenge non interactive",
    ],
    cause: "other",
    explanation:
      "The MFA step failed but this row gives no reason (typical of error 500121 and of non-interactive rows). Look at the interactive row with the same correlation ID for the actual reason.",
  },
  other: {
    label: "MFA denied (other reason)",
    phrase: null,
    aliases: [],
    cause: "other",
    explanation:
      "Denied for a reason this toolkit does not recognise; the original text is kept in the result.",
  },
} as const;

/** Id of an MFA denial reason. */
export type MfaDeniedReason = keyof typeof MFA_DENIED;

/**
 * Steps that stop a sign-in to ask for MFA elsewhere; the outcome is on a later row with the
 * same correlation ID. The documentation lists the external-provider redirect among the
 * satisfied results, but it is only the hand-off: the external provider's claim comes next.
 *
 * @example Reading the table
 * ```ts
 * import { MFA_INTERRUPTED } from "./mfa_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(MFA_INTERRUPTED.mfaRequired.label, "MFA required (user sent to MFA)");
 * ```
 */
export const MFA_INTERRUPTED = {
  mfaRequired: {
    label: "MFA required (user sent to MFA)",
    aliases: [
      "required in Azure AD",
      "required in Microsoft Entra ID",
      "required",
      "user needs to perform multi-factor authentication",
    ],
    explanation:
      "The sign-in stopped to ask for MFA (error 50074/50076); look for the next row of the same correlation ID.",
  },
  redirectedToExternalProvider: {
    label: "Redirected to external provider for MFA",
    aliases: [
      "redirected to external provider for multi-factor authentication",
      "redirected to external provider",
    ],
    explanation:
      "The user was sent to an external MFA provider (federated IdP, custom control or external authentication method); its answer comes on a later row.",
  },
} as const;

/** Id of an interrupting MFA step. */
export type MfaInterruptStep = keyof typeof MFA_INTERRUPTED;

/**
 * Results of the primary (password or one-time code) step that appear in the same fields as
 * MFA results, for example `authenticationStepResultDetail` "Correct password".
 *
 * @example Reading the table
 * ```ts
 * import { PRIMARY_STEP_RESULTS } from "./mfa_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(PRIMARY_STEP_RESULTS.correctPassword.succeeded, true);
 * ```
 */
export const PRIMARY_STEP_RESULTS = {
  correctPassword: { label: "Correct password", aliases: ["correct password"], succeeded: true },
  incorrectPassword: {
    label: "Incorrect password",
    aliases: [
      "incorrect password",
      "invalid password",
      "invalid username or password",
      "invalid username or password or invalid on-premise username or password",
    ],
    succeeded: false,
  },
  correctCode: { label: "Correct code", aliases: ["correct code"], succeeded: true },
  accountLocked: {
    label: "Account locked",
    aliases: ["account locked", "account is locked"],
    succeeded: false,
  },
  passwordExpired: {
    label: "Password expired",
    aliases: ["password expired", "password has expired"],
    succeeded: false,
  },
  firstFactorSatisfiedByToken: {
    label: "First factor satisfied by a claim in the token",
    aliases: [
      "first factor requirement satisfied by claim in the token",
      "first factor satisfied by claim in the token",
    ],
    succeeded: true,
  },
} as const;

/** Id of a primary-step result. */
export type PrimaryStepResult = keyof typeof PRIMARY_STEP_RESULTS;

/** The classified MFA result of a sign-in or authentication step. */
export type MfaResult =
  | { readonly kind: "satisfied"; readonly how: MfaSatisfiedHow }
  | { readonly kind: "denied"; readonly reason: Exclude<MfaDeniedReason, "other"> }
  | { readonly kind: "denied"; readonly reason: "other"; readonly detail: string }
  | { readonly kind: "interrupted"; readonly step: MfaInterruptStep }
  | { readonly kind: "notRequired" }
  | { readonly kind: "primaryStep"; readonly result: PrimaryStepResult }
  | { readonly kind: "unknown"; readonly raw: unknown };

/** The kinds of {@linkcode MfaResult}. */
export type MfaResultKind = MfaResult["kind"];

type Fixed = Exclude<MfaResult, { kind: "unknown" } | { reason: "other" }>;

const PREFIXES = [
  "microsoft entra multi factor authentication",
  "azure ad multi factor authentication",
  "azure multi factor authentication",
  "microsoft multi factor authentication",
  "multi factor authentication",
  "azure mfa",
  "mfa",
].map((p) => p + " ");

const NOT_REQUIRED_PHRASES = ["not required", "no mfa required", "mfa not required"];

/** Every phrase (normalised) → its result; the first table entry wins (tests check there is no clash). */
function buildPhrases(): Map<string, Fixed> {
  const exact = new Map<string, Fixed>();
  const add = (text: string, result: Fixed) => {
    const key = normalizeText(text);
    if (!exact.has(key)) exact.set(key, result);
  };
  for (
    const [how, e] of Object.entries(MFA_SATISFIED) as [
      MfaSatisfiedHow,
      typeof MFA_SATISFIED[MfaSatisfiedHow],
    ][]
  ) {
    for (const t of [e.phrase, ...e.aliases]) add(t, { kind: "satisfied", how });
  }
  for (
    const [reason, e] of Object.entries(MFA_DENIED) as [MfaDeniedReason, typeof MFA_DENIED[MfaDeniedReason]][]
  ) {
    if (reason === "other") continue;
    for (const t of [...(e.phrase === null ? [] : [e.phrase]), ...e.aliases]) {
      add(t, { kind: "denied", reason });
    }
  }
  for (
    const [step, e] of Object.entries(MFA_INTERRUPTED) as [
      MfaInterruptStep,
      typeof MFA_INTERRUPTED[MfaInterruptStep],
    ][]
  ) {
    for (const t of e.aliases) add(t, { kind: "interrupted", step });
  }
  for (
    const [result, e] of Object.entries(PRIMARY_STEP_RESULTS) as [
      PrimaryStepResult,
      typeof PRIMARY_STEP_RESULTS[PrimaryStepResult],
    ][]
  ) {
    for (const t of e.aliases) add(t, { kind: "primaryStep", result });
  }
  for (const t of NOT_REQUIRED_PHRASES) add(t, { kind: "notRequired" });
  return exact;
}

const PHRASES = buildPhrases();
/** Phrases of three words or more, longest first, for matching inside free text. */
const LONG_PHRASES = [...PHRASES.entries()]
  .filter(([k]) => k.split(" ").length >= 3)
  .sort((a, b) => b[0].length - a[0].length);

function stripPrefixes(text: string): string {
  let t = text;
  for (const p of PREFIXES) {
    if (t.startsWith(p)) {
      t = t.slice(p.length);
      break;
    }
  }
  if (t.startsWith("requirement ")) t = t.slice("requirement ".length);
  return t;
}

function findInside(text: string): Fixed | undefined {
  const padded = ` ${text} `;
  for (const [phrase, result] of LONG_PHRASES) {
    if (padded.includes(` ${phrase} `)) return result;
  }
  return undefined;
}

/**
 * Classifies an MFA result string. Never throws: non-strings, empty strings and unrecognised
 * text give `{ kind: "unknown", raw }`; a denial whose reason is not recognised gives
 * `{ kind: "denied", reason: "other", detail }` with the original text.
 *
 * @param raw `status.additionalDetails`, `authenticationStepResultDetail`, the portal's
 *   "Multifactor authentication result", or any other value.
 * @returns The tagged result.
 *
 * @example Graph and portal spellings
 * ```ts
 * import { classifyMfaResult } from "./mfa_result.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyMfaResult("MFA requirement satisfied by claim in the token"), {
 *   kind: "satisfied",
 *   how: "satisfiedByClaimInToken",
 * });
 * assert.deepEqual(classifyMfaResult("Azure Multi-Factor Authentication denied; phone call went to voicemail"), {
 *   kind: "denied",
 *   reason: "callWentToVoicemail",
 * });
 * assert.deepEqual(classifyMfaResult("MFA\u00a0denied; user declined the authentication"), {
 *   kind: "denied",
 *   reason: "userDeclined",
 * });
 * assert.equal(classifyMfaResult("MFA denied; brand new reason").kind, "denied");
 * assert.deepEqual(classifyMfaResult(42), { kind: "unknown", raw: 42 });
 * ```
 */
export function classifyMfaResult(raw: unknown): MfaResult {
  if (typeof raw !== "string") return { kind: "unknown", raw };
  const text = normalizeText(raw);
  if (text === "") return { kind: "unknown", raw };
  const whole = PHRASES.get(text);
  if (whole !== undefined) return whole;
  const stripped = stripPrefixes(text);
  if (stripped === "denied" || stripped.startsWith("denied ")) {
    const rest = stripped.slice("denied".length).trim();
    const hit = PHRASES.get(rest) ?? findInside(rest);
    if (hit !== undefined && hit.kind === "denied") return hit;
    return { kind: "denied", reason: "other", detail: raw.trim() };
  }
  return PHRASES.get(stripped) ?? findInside(text) ?? { kind: "unknown", raw };
}

/** Type guard for {@linkcode MfaSatisfiedHow}. */
export const isMfaSatisfiedHow = (v: unknown): v is MfaSatisfiedHow => isTableKey(MFA_SATISFIED, v);

/** Type guard for {@linkcode MfaDeniedReason}. */
export const isMfaDeniedReason = (v: unknown): v is MfaDeniedReason => isTableKey(MFA_DENIED, v);

/** Type guard for {@linkcode MfaInterruptStep}. */
export const isMfaInterruptStep = (v: unknown): v is MfaInterruptStep => isTableKey(MFA_INTERRUPTED, v);

/** Type guard for {@linkcode PrimaryStepResult}. */
export const isPrimaryStepResult = (v: unknown): v is PrimaryStepResult =>
  isTableKey(PRIMARY_STEP_RESULTS, v);

/**
 * Stable machine id of a result for JSON output and grouping: `kind` alone, or
 * `kind.subId` (for example `denied.userDeclined`).
 *
 * @example Usage
 * ```ts
 * import { mfaResultId } from "./mfa_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mfaResultId({ kind: "denied", reason: "userBlocked" }), "denied.userBlocked");
 * assert.equal(mfaResultId({ kind: "notRequired" }), "notRequired");
 * ```
 */
export function mfaResultId(r: MfaResult): string {
  switch (r.kind) {
    case "satisfied":
      return `satisfied.${r.how}`;
    case "denied":
      return `denied.${r.reason}`;
    case "interrupted":
      return `interrupted.${r.step}`;
    case "primaryStep":
      return `primaryStep.${r.result}`;
    case "notRequired":
    case "unknown":
      return r.kind;
  }
}

/**
 * Human label of a result (Markdown reports).
 *
 * @example Human labels
 * ```ts
 * import { labelMfaResult } from "./mfa_result.ts";
 * import assert from "node:assert/strict";
 * assert.equal(labelMfaResult({ kind: "denied", reason: "userBlocked" }), "MFA denied: User is blocked");
 * assert.equal(labelMfaResult({ kind: "unknown", raw: "x" }), "Unknown MFA result");
 * ```
 */
export function labelMfaResult(r: MfaResult): string {
  switch (r.kind) {
    case "satisfied":
      return `MFA satisfied: ${MFA_SATISFIED[r.how].label}`;
    case "denied":
      return `MFA denied: ${MFA_DENIED[r.reason].label}`;
    case "interrupted":
      return `MFA interrupted: ${MFA_INTERRUPTED[r.step].label}`;
    case "primaryStep":
      return `Primary authentication: ${PRIMARY_STEP_RESULTS[r.result].label}`;
    case "notRequired":
      return "MFA not required";
    case "unknown":
      return "Unknown MFA result";
  }
}

/**
 * Admin-facing explanation of a result: what it means and what to check.
 *
 * @example Explaining a result
 * ```ts
 * import { explainMfaResult } from "./mfa_result.ts";
 * import assert from "node:assert/strict";
 * assert.match(explainMfaResult({ kind: "denied", reason: "noMethodsRegistered" }), /register/);
 * ```
 */
export function explainMfaResult(r: MfaResult): string {
  switch (r.kind) {
    case "satisfied":
      return MFA_SATISFIED[r.how].explanation;
    case "denied":
      return MFA_DENIED[r.reason].explanation;
    case "interrupted":
      return MFA_INTERRUPTED[r.step].explanation;
    case "primaryStep":
      return "A result of the primary (password or code) step, not of MFA.";
    case "notRequired":
      return "No MFA was required for this sign-in.";
    case "unknown":
      return "Not a recognised MFA result; the original value is kept.";
  }
}
