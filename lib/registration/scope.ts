/**
 * Which users a report covers: user type, admins only, enabled accounts only (the default),
 * the `--exclude` list, and "has / lacks method X". Pure: each record gets a decision, and an
 * out-of-scope decision says why, for the report's exclusions section.
 *
 * @module
 */
import {
  AUTH_METHODS,
  type AuthMethodFamily,
  type AuthMethodId,
  classifyAuthMethod,
} from "../classify/mod.ts";
import { type ExclusionEntry, type ExclusionList, findExclusion, NO_EXCLUSIONS } from "./exclusions.ts";
import type { RegistrationRecord } from "./record.ts";

/** `--user-type` values. */
export const USER_TYPE_FILTERS = ["member", "guest", "all"] as const;
/** One of {@linkcode USER_TYPE_FILTERS}. */
export type UserTypeFilter = typeof USER_TYPE_FILTERS[number];

/** A method to look for: one canonical method, or a whole family (`phone`, `fido2`, …). */
export type MethodSelector =
  | { readonly kind: "method"; readonly id: AuthMethodId }
  | { readonly kind: "family"; readonly family: AuthMethodFamily };

const FAMILIES: ReadonlySet<string> = new Set(Object.values(AUTH_METHODS).map((m) => m.family));

/**
 * Parses a `--method` value: a method family (`phone`, `microsoftAuthenticator`, `oath`,
 * `fido2`, `windowsHello`, …) or any spelling of one method (`fido2SecurityKey`, `mobilePhone`,
 * `PhoneAppNotification`, `sms`). Families win: `fido2` means every FIDO2 key and passkey.
 *
 * @returns the selector, or `undefined` when nothing matches
 *
 * @example
 * ```ts
 * import { parseMethodSelector } from "./scope.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseMethodSelector("fido2"), { kind: "family", family: "fido2" });
 * assert.deepEqual(parseMethodSelector("PhoneAppNotification"), { kind: "method", id: "authenticatorPush" });
 * assert.equal(parseMethodSelector("carrier pigeon"), undefined);
 * ```
 */
export function parseMethodSelector(value: string): MethodSelector | undefined {
  const v = value.trim();
  const fam = [...FAMILIES].find((f) => f.toLowerCase() === v.toLowerCase());
  if (fam !== undefined) return { kind: "family", family: fam as AuthMethodFamily };
  const c = classifyAuthMethod(v);
  return c.kind === "method" ? { kind: "method", id: c.id } : undefined;
}

/**
 * The text of a selector (for notes and JSON).
 *
 * @example
 * ```ts
 * import { describeMethodSelector } from "./scope.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeMethodSelector({ kind: "family", family: "phone" }), "phone (any)");
 * ```
 */
export function describeMethodSelector(s: MethodSelector): string {
  return s.kind === "family" ? `${s.family} (any)` : s.id;
}

/**
 * Whether a record has a method the selector matches.
 *
 * @example
 * ```ts
 * import { hasMethod } from "./scope.ts";
 * import assert from "node:assert/strict";
 * const r = { methods: [{ id: "passkeySynced", raw: "passKeySynced" }] as const };
 * assert.equal(hasMethod(r, { kind: "family", family: "fido2" }), true);
 * assert.equal(hasMethod(r, { kind: "method", id: "fido2SecurityKey" }), false);
 * ```
 */
export function hasMethod(record: Pick<RegistrationRecord, "methods">, s: MethodSelector): boolean {
  for (const m of record.methods) {
    if (m.id === "unknown") continue;
    if (s.kind === "method" ? m.id === s.id : AUTH_METHODS[m.id].family === s.family) return true;
  }
  return false;
}

/** The scope a report covers. */
export interface RegistrationScope {
  /** Member, guest or all (default all). */
  readonly userType: UserTypeFilter;
  /** Only admins. */
  readonly adminsOnly: boolean;
  /** Keep disabled accounts (default: enabled only). */
  readonly includeDisabled: boolean;
  /** `--exclude` list. */
  readonly exclusions: ExclusionList;
  /** Keep only users with each of these methods. */
  readonly withMethods: readonly MethodSelector[];
  /** Keep only users without any of these methods. */
  readonly withoutMethods: readonly MethodSelector[];
}

/** Everyone enabled: the default scope. */
export const DEFAULT_SCOPE: RegistrationScope = {
  userType: "all",
  adminsOnly: false,
  includeDisabled: false,
  exclusions: NO_EXCLUSIONS,
  withMethods: [],
  withoutMethods: [],
};

/** Why a record is, or is not, in scope. */
export type ScopeDecision =
  | { readonly kind: "in" }
  | { readonly kind: "excluded"; readonly entry: ExclusionEntry }
  | { readonly kind: "disabled" }
  | { readonly kind: "userType" }
  | { readonly kind: "notAdmin" }
  | { readonly kind: "adminUnknown" }
  | { readonly kind: "withMethod"; readonly selector: MethodSelector }
  | { readonly kind: "withoutMethod"; readonly selector: MethodSelector };

/** Every out-of-scope reason with a label. */
export const OUT_OF_SCOPE_REASONS = {
  excluded: "listed in --exclude",
  disabled: "account disabled (use --include-disabled to keep)",
  userType: "other user type (--user-type)",
  notAdmin: "not an admin (--admins-only)",
  adminUnknown: "admin role unknown from this source (--admins-only)",
  withMethod: "lacks the method asked for (--method)",
  withoutMethod: "has a method excluded by --without-method",
} as const satisfies Record<Exclude<ScopeDecision["kind"], "in">, string>;

/** One of the out-of-scope reasons. */
export type OutOfScopeReason = keyof typeof OUT_OF_SCOPE_REASONS;

/**
 * Decides whether a record is in scope. Checked in this order: `--exclude`, disabled, user
 * type, admins only, then the method selectors. A record whose enabled state is unknown is
 * kept (the task says so).
 *
 * @example
 * ```ts
 * import { DEFAULT_SCOPE, decideScope } from "./scope.ts";
 * import assert from "node:assert/strict";
 * const base = { id: "u1", userPrincipalName: "a@contoso.example", userType: "guest" as const, isAdmin: false, methods: [] };
 * assert.equal(decideScope({ ...base, accountEnabled: false }, DEFAULT_SCOPE).kind, "disabled");
 * assert.equal(decideScope({ ...base, accountEnabled: true }, DEFAULT_SCOPE).kind, "in");
 * assert.equal(decideScope({ ...base, accountEnabled: true }, { ...DEFAULT_SCOPE, userType: "member" }).kind, "userType");
 * ```
 */
export function decideScope(
  record: Pick<
    RegistrationRecord,
    "id" | "userPrincipalName" | "userType" | "isAdmin" | "accountEnabled" | "methods"
  >,
  scope: RegistrationScope,
): ScopeDecision {
  const entry = findExclusion(scope.exclusions, record);
  if (entry !== undefined) return { kind: "excluded", entry };
  if (!scope.includeDisabled && record.accountEnabled === false) return { kind: "disabled" };
  if (scope.userType !== "all" && record.userType !== scope.userType) return { kind: "userType" };
  if (scope.adminsOnly) {
    if (record.isAdmin === undefined) return { kind: "adminUnknown" };
    if (!record.isAdmin) return { kind: "notAdmin" };
  }
  for (const s of scope.withMethods) if (!hasMethod(record, s)) return { kind: "withMethod", selector: s };
  for (const s of scope.withoutMethods) {
    if (hasMethod(record, s)) return { kind: "withoutMethod", selector: s };
  }
  return { kind: "in" };
}
