/**
 * The per-user verdict of `--with-registration`: registered × MFA required × MFA actually
 * performed × method strength, with a reason for each way a user falls short.
 *
 * @module
 */
import { AUTH_METHODS, isAuthMethodId } from "../classify/mod.ts";

/** Reasons a user falls short, with report labels. */
export const VERDICT_REASONS = {
  noRegistrationRecord: { label: "No registration record for this user (not in the registration data)" },
  notRegistered: { label: "Not registered for MFA" },
  mfaNotRequired: { label: "MFA never required: only single-factor sign-ins" },
  mfaNotPerformed: { label: "MFA required but never completed" },
  mfaBypassed: {
    label: "MFA skipped by a bypass (trusted location, remembered or registered device, app password)",
  },
  notPhishingResistant: { label: "MFA done, but never with a phishing-resistant method" },
  legacyAuthSucceeded: { label: "Signed in with legacy authentication, which cannot do MFA" },
} as const;

/** A {@linkcode VERDICT_REASONS} id. */
export type VerdictReason = keyof typeof VERDICT_REASONS;

/** What the verdict needs from a registration record (lib/registration's `RegistrationRecord` fits). */
export interface RegistrationFacts {
  /** UPN. */
  readonly userPrincipalName: string;
  /** Object id (`""` when unknown). */
  readonly id: string;
  /** Graph's `isMfaRegistered`, when the source has it. */
  readonly isMfaRegistered: boolean | undefined;
  /** Registered methods (canonical ids, or `unknown`). */
  readonly methods: readonly { readonly id: string }[];
}

/** What the sign-ins say about one user, for the verdict. */
export interface UserSignInEvidence {
  /** Some sign-in required MFA. */
  readonly mfaRequired: boolean;
  /** Some sign-in completed MFA (prompt, external provider, reused strong claim). */
  readonly mfaPerformed: boolean;
  /** Some sign-in skipped MFA by a bypass setting. */
  readonly bypassed: boolean;
  /** A phishing-resistant method succeeded in some sign-in. */
  readonly phishingResistantUsed: boolean;
  /** A legacy-authentication sign-in succeeded. */
  readonly legacySucceeded: boolean;
}

/** The verdict of one user. */
export interface Verdict {
  /** Registered for MFA; null without a record. */
  readonly registered: boolean | null;
  /** A phishing-resistant method is registered; null without a record. */
  readonly phishingResistantRegistered: boolean | null;
  /** Strength of what was used. */
  readonly strength: "phishingResistant" | "notPhishingResistant" | "none";
  /** Reasons, in {@linkcode VERDICT_REASONS} order. */
  readonly reasons: VerdictReason[];
}

function methodFlag(
  methods: readonly { readonly id: string }[],
  flag: "mfaCapable" | "phishingResistant",
): boolean {
  return methods.some((m) => isAuthMethodId(m.id) && AUTH_METHODS[m.id][flag]);
}

/**
 * Decides one user's verdict.
 *
 * @param record the user's registration record, or undefined when there is none
 * @param e what the sign-ins show
 * @returns the verdict (no reasons = OK)
 *
 * @example Registered, MFA done with the Authenticator app only
 * ```ts
 * import { decideVerdict } from "./registration_verdict.ts";
 * import assert from "node:assert/strict";
 * const v = decideVerdict(
 *   { userPrincipalName: "ana@contoso.example", id: "u1", isMfaRegistered: true, methods: [{ id: "authenticatorPush" }] },
 *   { mfaRequired: true, mfaPerformed: true, bypassed: false, phishingResistantUsed: false, legacySucceeded: false },
 * );
 * assert.deepEqual(v, { registered: true, phishingResistantRegistered: false, strength: "notPhishingResistant", reasons: ["notPhishingResistant"] });
 * ```
 */
export function decideVerdict(record: RegistrationFacts | undefined, e: UserSignInEvidence): Verdict {
  const reasons: VerdictReason[] = [];
  let registered: boolean | null = null;
  let prRegistered: boolean | null = null;
  if (record === undefined) reasons.push("noRegistrationRecord");
  else {
    registered = record.isMfaRegistered ?? methodFlag(record.methods, "mfaCapable");
    prRegistered = methodFlag(record.methods, "phishingResistant");
    if (!registered) reasons.push("notRegistered");
  }
  if (!e.mfaRequired) reasons.push("mfaNotRequired");
  else if (!e.mfaPerformed) reasons.push("mfaNotPerformed");
  if (e.bypassed) reasons.push("mfaBypassed");
  if (e.mfaPerformed && !e.phishingResistantUsed) reasons.push("notPhishingResistant");
  if (e.legacySucceeded) reasons.push("legacyAuthSucceeded");
  const strength = e.phishingResistantUsed
    ? "phishingResistant"
    : e.mfaPerformed
    ? "notPhishingResistant"
    : "none";
  return { registered, phishingResistantRegistered: prRegistered, strength, reasons };
}
