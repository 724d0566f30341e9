/**
 * The normalised MFA registration record every source is turned into (Graph
 * `userRegistrationDetails`, `/users` + per-user `/authentication/methods`, an export file, an
 * MSOnline `Get-MsolUser` CSV), and the method facts derived from it.
 *
 * @module
 */
import { isTableKey } from "../classify/_enum.ts";
import {
  AUTH_METHODS,
  type AuthMethodFamily,
  type AuthMethodId,
  classifyAuthMethod,
  classifyUserType,
  type UserType,
} from "../classify/mod.ts";

/** Where registration records come from. */
export const REGISTRATION_SOURCES = {
  "registration-report": {
    label: "Graph registration report (userRegistrationDetails)",
    graph: true,
  },
  "per-user-methods": {
    label: "Graph /users + per-user /authentication/methods",
    graph: true,
  },
  "registration-export": {
    label: "userRegistrationDetails export file",
    graph: false,
  },
  "msonline-csv": {
    label: "MSOnline Get-MsolUser CSV export (StrongAuthenticationMethods)",
    graph: false,
  },
} as const;

/** One of {@linkcode REGISTRATION_SOURCES}. */
export type RegistrationSource = keyof typeof REGISTRATION_SOURCES;

/** Type guard for {@linkcode RegistrationSource}. */
export const isRegistrationSource = (v: unknown): v is RegistrationSource =>
  isTableKey(REGISTRATION_SOURCES, v);

/** A registered method: its canonical id (or `"unknown"`) and the spelling the source used. */
export interface RegisteredMethod {
  /** Canonical method id, or `"unknown"` for a value no table knows. */
  readonly id: AuthMethodId | "unknown";
  /** The value as the source wrote it. */
  readonly raw: string;
}

/** A default (preferred) MFA method: a method, `"none"`, or unknown. */
export interface DefaultMethod {
  /** Canonical id, `"none"` (no default), or `"unknown"`. */
  readonly id: AuthMethodId | "none" | "unknown";
  /** The value as the source wrote it. */
  readonly raw: string;
}

/** One user's registration, whatever the source. `undefined` = the source does not say. */
export interface RegistrationRecord {
  /** Entra object id; `""` when the source has none (an MSOnline CSV without ObjectId). */
  readonly id: string;
  /** User principal name (never empty). */
  readonly userPrincipalName: string;
  /** Display name; `""` when unknown. */
  readonly displayName: string;
  /** `member`, `guest`, or `unknown`. */
  readonly userType: UserType | "unknown";
  /** Holds an admin role (registration report only). */
  readonly isAdmin: boolean | undefined;
  /** Account enabled (joined from `/users`, or from the file). */
  readonly accountEnabled: boolean | undefined;
  /** Registered methods (the password is left out), in source order, without duplicates. */
  readonly methods: readonly RegisteredMethod[];
  /** Graph's `isMfaRegistered`, when the source has it. */
  readonly isMfaRegistered: boolean | undefined;
  /** Graph's `isMfaCapable` (registered and allowed by policy), when the source has it. */
  readonly isMfaCapable: boolean | undefined;
  /** Graph's `isPasswordlessCapable`, when the source has it. */
  readonly isPasswordlessCapable: boolean | undefined;
  /** Default MFA method (`defaultMfaMethod` or `userPreferredMethodForSecondaryAuthentication`). */
  readonly defaultMethod: DefaultMethod | undefined;
  /** `isSystemPreferredAuthenticationMethodEnabled`. */
  readonly systemPreferredEnabled: boolean | undefined;
  /** `lastUpdatedDateTime` (report freshness), as given. */
  readonly lastUpdated: string | undefined;
  /** Where the record came from. */
  readonly source: RegistrationSource;
}

/**
 * Classifies one registered-method value (a `methodsRegistered` id, an `@odata.type`, an
 * MSOnline `MethodType`). The password and "none" are not registered methods: `undefined`.
 *
 * @example
 * ```ts
 * import { classifyRegisteredMethod } from "./record.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyRegisteredMethod("microsoftAuthenticatorPush"), { id: "authenticatorPush", raw: "microsoftAuthenticatorPush" });
 * assert.deepEqual(classifyRegisteredMethod("quantumKey"), { id: "unknown", raw: "quantumKey" });
 * assert.equal(classifyRegisteredMethod("#microsoft.graph.passwordAuthenticationMethod"), undefined);
 * ```
 */
export function classifyRegisteredMethod(raw: string): RegisteredMethod | undefined {
  const c = classifyAuthMethod(raw);
  switch (c.kind) {
    case "method":
      return c.id === "password" ? undefined : { id: c.id, raw };
    case "none":
      return undefined;
    case "previouslySatisfied":
    case "unknown":
      return { id: "unknown", raw };
  }
}

/**
 * Classifies a list of method values, dropping non-methods and duplicates (same id and, for
 * unknown values, same spelling).
 *
 * @example
 * ```ts
 * import { classifyRegisteredMethods } from "./record.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyRegisteredMethods(["OneWaySMS", "TwoWaySMS", "", "x"]).map((m) => m.id), ["sms", "unknown"]);
 * ```
 */
export function classifyRegisteredMethods(raws: Iterable<string>): RegisteredMethod[] {
  const out: RegisteredMethod[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    const s = raw.trim();
    if (s === "") continue;
    const m = classifyRegisteredMethod(s);
    if (m === undefined) continue;
    const key = m.id === "unknown" ? `?${s.toLowerCase()}` : m.id;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

/**
 * Classifies a default-method value (`push`, `oath`, `sms`, `voiceMobile`, `none`,
 * `microsoftAuthenticatorPush`, …); `""` means none.
 *
 * @example
 * ```ts
 * import { classifyDefaultMethod } from "./record.ts";
 * import assert from "node:assert/strict";
 * assert.equal(classifyDefaultMethod("push").id, "authenticatorPush");
 * assert.equal(classifyDefaultMethod("").id, "none");
 * assert.equal(classifyDefaultMethod("unknownFutureValue").id, "unknown");
 * ```
 */
export function classifyDefaultMethod(raw: string): DefaultMethod {
  if (raw.trim() === "") return { id: "none", raw };
  const c = classifyAuthMethod(raw);
  switch (c.kind) {
    case "method":
      return { id: c.id, raw };
    case "none":
      return { id: "none", raw };
    case "previouslySatisfied":
    case "unknown":
      return { id: "unknown", raw };
  }
}

/**
 * `member`, `guest` or `unknown` from a Graph `userType` (`Member`, `guest`, …).
 *
 * @example
 * ```ts
 * import { userTypeOf } from "./record.ts";
 * import assert from "node:assert/strict";
 * assert.equal(userTypeOf("Guest"), "guest");
 * assert.equal(userTypeOf(undefined), "unknown");
 * ```
 */
export function userTypeOf(raw: unknown): UserType | "unknown" {
  const c = classifyUserType(raw);
  return c.kind === "known" ? c.id : "unknown";
}

/** What a record's methods say, computed from the method table (no policy applied). */
export interface MethodFacts {
  /** Some method counts as a second factor. */
  readonly mfa: boolean;
  /** Some method would have been listed by MSOnline `StrongAuthenticationMethods`. */
  readonly msonline: boolean;
  /** Some MFA method signs in without a password (FIDO2, passkeys, WHfB, Authenticator passwordless, …). */
  readonly passwordless: boolean;
  /** Some method is phishing-resistant. */
  readonly phishingResistant: boolean;
  /** Has MFA methods and every one is a phone method (SMS / voice). */
  readonly phoneOnly: boolean;
}

/** Method family of a method id. */
export function methodFamily(id: AuthMethodId): AuthMethodFamily {
  return AUTH_METHODS[id].family;
}

/**
 * The facts of a record's methods. Unknown methods count for nothing, except under MSOnline
 * (an MSOnline export listed only strong methods, so anything it listed counts).
 *
 * @example An SMS-only user
 * ```ts
 * import { classifyRegisteredMethods, methodFacts } from "./record.ts";
 * import assert from "node:assert/strict";
 * const f = methodFacts({ methods: classifyRegisteredMethods(["mobilePhone", "email"]), source: "registration-report" });
 * assert.deepEqual(f, { mfa: true, msonline: true, passwordless: false, phishingResistant: false, phoneOnly: true });
 * ```
 */
export function methodFacts(record: Pick<RegistrationRecord, "methods" | "source">): MethodFacts {
  let mfa = false, msonline = false, passwordless = false, phishingResistant = false, nonPhoneMfa = false;
  for (const m of record.methods) {
    if (m.id === "unknown") {
      if (record.source === "msonline-csv") msonline = true;
      continue;
    }
    const info = AUTH_METHODS[m.id];
    if (info.msonline) msonline = true;
    if (info.phishingResistant) phishingResistant = true;
    if (info.mfaCapable) {
      mfa = true;
      if (info.passwordless) passwordless = true;
      if (info.family !== "phone") nonPhoneMfa = true;
    }
  }
  return { mfa, msonline, passwordless, phishingResistant, phoneOnly: mfa && !nonPhoneMfa };
}
