/**
 * What "registered for MFA" means: `modern` (Graph's `isMfaRegistered`) or `msonline` (only
 * the methods MSOnline's `StrongAuthenticationMethods` knew: phone, SMS, voice, Authenticator
 * app and OTP), so an old report's numbers can be reproduced.
 *
 * @module
 */
import { isTableKey } from "../classify/_enum.ts";
import { methodFacts, type RegistrationRecord } from "./record.ts";

/** The two meanings of "MFA registered". */
export const REGISTRATION_SEMANTICS = {
  modern: {
    label: "modern (Graph isMfaRegistered)",
    description: "Graph's isMfaRegistered: any strong method (phone, Authenticator, OATH, FIDO2/passkey, " +
      "Windows Hello, platform credential, certificate, external MFA); derived from the methods when the " +
      "source has no isMfaRegistered",
  },
  msonline: {
    label: "msonline (StrongAuthenticationMethods)",
    description: "only the methods MSOnline's StrongAuthenticationMethods listed: SMS, voice (mobile, " +
      "alternate, office), Authenticator notification and app/OATH code; FIDO2, passkeys, Windows Hello " +
      "and hardware tokens do not count",
  },
} as const;

/** One of {@linkcode REGISTRATION_SEMANTICS}. */
export type RegistrationSemantics = keyof typeof REGISTRATION_SEMANTICS;

/** Type guard for {@linkcode RegistrationSemantics}. */
export const isRegistrationSemantics = (v: unknown): v is RegistrationSemantics =>
  isTableKey(REGISTRATION_SEMANTICS, v);

type RecordView = Pick<RegistrationRecord, "methods" | "source" | "isMfaRegistered">;

/**
 * Whether a user counts as MFA-registered under the chosen semantics.
 *
 * @example A passkey-only user is registered today, but MSOnline would not have listed them
 * ```ts
 * import { isRegistered } from "./semantics.ts";
 * import assert from "node:assert/strict";
 * const r = { methods: [{ id: "fido2SecurityKey", raw: "fido2SecurityKey" }] as const, source: "registration-report" as const, isMfaRegistered: true };
 * assert.equal(isRegistered(r, "modern"), true);
 * assert.equal(isRegistered(r, "msonline"), false);
 * ```
 */
export function isRegistered(record: RecordView, semantics: RegistrationSemantics): boolean {
  switch (semantics) {
    case "modern":
      return record.isMfaRegistered ?? methodFacts(record).mfa;
    case "msonline":
      return methodFacts(record).msonline;
  }
}

/** Everything a report says about one user. */
export interface RegistrationFlags {
  /** Registered under the chosen semantics. */
  readonly registered: boolean;
  /** Registered under `modern`. */
  readonly modernRegistered: boolean;
  /** Registered under `msonline`. */
  readonly msonlineRegistered: boolean;
  /** `isMfaCapable`, or (without it) the same as `modernRegistered`. */
  readonly mfaCapable: boolean;
  /** `isPasswordlessCapable`, or (without it) derived from the methods. */
  readonly passwordlessCapable: boolean;
  /** Has a phishing-resistant method. */
  readonly phishingResistant: boolean;
  /** Every MFA method is a phone method (SMS / voice). */
  readonly phoneOnly: boolean;
}

/**
 * The flags of one record. Graph's own booleans win when the source has them; otherwise they
 * are derived from the registered methods (no authentication-methods policy is applied then).
 *
 * @example
 * ```ts
 * import { registrationFlags } from "./semantics.ts";
 * import { classifyRegisteredMethods } from "./record.ts";
 * import assert from "node:assert/strict";
 * const f = registrationFlags({ methods: classifyRegisteredMethods(["officePhone"]), source: "registration-report",
 *   isMfaRegistered: true, isMfaCapable: false, isPasswordlessCapable: false }, "modern");
 * assert.equal(f.registered, true);
 * assert.equal(f.mfaCapable, false);
 * assert.equal(f.phoneOnly, true);
 * ```
 */
export function registrationFlags(
  record: Pick<
    RegistrationRecord,
    "methods" | "source" | "isMfaRegistered" | "isMfaCapable" | "isPasswordlessCapable"
  >,
  semantics: RegistrationSemantics,
): RegistrationFlags {
  const facts = methodFacts(record);
  const modernRegistered = record.isMfaRegistered ?? facts.mfa;
  const msonlineRegistered = facts.msonline;
  return {
    registered: semantics === "modern" ? modernRegistered : msonlineRegistered,
    modernRegistered,
    msonlineRegistered,
    mfaCapable: record.isMfaCapable ?? modernRegistered,
    passwordlessCapable: record.isPasswordlessCapable ?? facts.passwordless,
    phishingResistant: facts.phishingResistant,
    phoneOnly: facts.phoneOnly,
  };
}
