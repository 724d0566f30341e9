/**
 * Turning one row into a {@linkcode RegistrationRecord}: a Graph `userRegistrationDetails`
 * object, a row of an export of it (JSON with camelCase or PascalCase keys, CSV with Graph
 * property names or the admin center's column titles), or a row of an MSOnline
 * `Get-MsolUser | Export-Csv` file (`UserPrincipalName`, `StrongAuthenticationMethods`).
 * Pure and never throwing: a bad value comes back as `{ kind: "invalid", field, detail }`.
 *
 * @module
 */
import {
  classifyDefaultMethod,
  classifyRegisteredMethods,
  type RegisteredMethod,
  type RegistrationRecord,
  type RegistrationSource,
  userTypeOf,
} from "./record.ts";

/**
 * The fields a row may carry: Graph property name → other spellings seen in exports
 * (PowerShell's PascalCase and the admin center's column titles match after normalisation).
 */
export const REGISTRATION_FIELDS = {
  id: ["ObjectId", "Object ID", "User ID", "UserId"],
  userPrincipalName: ["User principal name", "UPN"],
  userDisplayName: ["displayName", "Display name", "User display name", "User name", "Name"],
  userType: ["User type"],
  isAdmin: ["Admin", "Is admin"],
  accountEnabled: ["Account enabled", "Enabled"],
  blockCredential: ["Block credential", "Sign-in blocked"],
  methodsRegistered: ["Methods registered", "Registered methods", "Authentication methods"],
  strongAuthenticationMethods: [
    "StrongAuthenticationMethods.MethodType",
    "MFA methods",
    "Strong authentication methods",
  ],
  isMfaRegistered: [
    "Multifactor authentication registered",
    "MFA registered",
    "Multi-factor authentication registered",
  ],
  isMfaCapable: [
    "Multifactor authentication capable",
    "MFA capable",
    "Multi-factor authentication capable",
    "Multifactor authentication capable + enabled",
  ],
  isPasswordlessCapable: ["Passwordless capable"],
  defaultMfaMethod: [
    "Default MFA method",
    "Default multifactor authentication method",
    "DefaultMethod",
    "Default method",
  ],
  userPreferredMethodForSecondaryAuthentication: ["User preferred MFA method", "Preferred method"],
  isSystemPreferredAuthenticationMethodEnabled: [
    "System preferred MFA enabled",
    "System preferred method enabled",
  ],
  lastUpdatedDateTime: ["Last updated", "Last updated time", "Last updated date time"],
} as const;

/** A field of {@linkcode REGISTRATION_FIELDS}. */
export type RegistrationField = keyof typeof REGISTRATION_FIELDS;

function normalizeKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const FIELD_INDEX = new Map<string, RegistrationField>();
for (
  const [field, aliases] of Object.entries(REGISTRATION_FIELDS) as [RegistrationField, readonly string[]][]
) {
  for (const name of [field, ...aliases]) FIELD_INDEX.set(normalizeKey(name), field);
}

/**
 * The field a column title or JSON key stands for, or `undefined`.
 *
 * @example
 * ```ts
 * import { registrationFieldOf } from "./from_row.ts";
 * import assert from "node:assert/strict";
 * assert.equal(registrationFieldOf("UserPrincipalName"), "userPrincipalName");
 * assert.equal(registrationFieldOf("User principal name"), "userPrincipalName");
 * assert.equal(registrationFieldOf("IsMfaRegistered"), "isMfaRegistered");
 * assert.equal(registrationFieldOf("Favourite colour"), undefined);
 * ```
 */
export function registrationFieldOf(name: string): RegistrationField | undefined {
  return FIELD_INDEX.get(normalizeKey(name));
}

/** Field values of one row (raw: JSON values or CSV strings). */
export type RegistrationFields = Partial<Record<RegistrationField, unknown>>;

/** What {@linkcode registrationRecordFromRow} returns. */
export type RowResult =
  | { readonly kind: "record"; readonly record: RegistrationRecord }
  | { readonly kind: "invalid"; readonly field: RegistrationField; readonly detail: string };

class Invalid {
  constructor(readonly field: RegistrationField, readonly detail: string) {}
}

function show(v: unknown): string {
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function str(row: RegistrationFields, field: RegistrationField): string {
  const v = row[field];
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new Invalid(field, `expected text, got ${show(v)}`);
}

const TRUE = new Set(["true", "yes", "1", "y"]);
const FALSE = new Set(["false", "no", "0", "n"]);

function bool(row: RegistrationFields, field: RegistrationField): boolean | undefined {
  const v = row[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "") return undefined;
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  throw new Invalid(field, `expected true or false, got ${show(v)}`);
}

const TYPE_NAME = /^(System\.|Microsoft\.Online\.)/;

/**
 * Splits a cell listing methods: `a;b`, `a, b`, `{a, b}` (PowerShell's display of an array),
 * `["a","b"]` (JSON), `{}` or empty. A .NET type name (`System.Object[]`,
 * `System.Collections.Generic.List`1[…]`, `Microsoft.Online.Administration.StrongAuthenticationMethod`)
 * is what `Export-Csv` writes for a collection: the methods are lost, so it is an error.
 *
 * @throws {TypeError} for a type name or a value that is not text or a list of text
 *
 * @example
 * ```ts
 * import { splitMethodList } from "./from_row.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(splitMethodList("OneWaySMS;PhoneAppNotification"), ["OneWaySMS", "PhoneAppNotification"]);
 * assert.deepEqual(splitMethodList("{PhoneAppOTP, TwoWayVoiceMobile}"), ["PhoneAppOTP", "TwoWayVoiceMobile"]);
 * assert.deepEqual(splitMethodList("{}"), []);
 * assert.deepEqual(splitMethodList(["fido2SecurityKey"]), ["fido2SecurityKey"]);
 * assert.throws(() => splitMethodList("System.Object[]"), /type name/);
 * ```
 */
export function splitMethodList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    return v.map((x) => {
      if (typeof x === "string") return x;
      const t = (x as Record<string, unknown> | null)?.MethodType ??
        (x as Record<string, unknown> | null)?.methodType;
      if (typeof t === "string") return t; // ConvertTo-Json of StrongAuthenticationMethod objects
      throw new TypeError(`expected a list of method names, got an element ${show(x)}`);
    });
  }
  if (typeof v !== "string") throw new TypeError(`expected a list of method names, got ${show(v)}`);
  let s = v.trim();
  if (s.startsWith("[")) {
    try {
      return splitMethodList(JSON.parse(s));
    } catch (e) {
      if (e instanceof TypeError) throw e;
      // not JSON: fall through and split as text
    }
  }
  if (s.startsWith("{") && s.endsWith("}")) s = s.slice(1, -1);
  const raw = s.split(/[;,|\s]+/).filter((p) => p !== "");
  for (const p of raw) {
    if (TYPE_NAME.test(p)) {
      throw new TypeError(
        `got the .NET type name ${
          JSON.stringify(p)
        }, not the methods (Export-Csv writes that for a collection); ` +
          "export again with @{n='StrongAuthenticationMethods';e={($_.StrongAuthenticationMethods.MethodType) -join ';'}}",
      );
    }
  }
  return raw.map((p) => p.replace(/^["'[]+|["'\]]+$/g, "")).filter((p) => p !== "");
}

function methods(row: RegistrationFields, field: RegistrationField): RegisteredMethod[] {
  try {
    return classifyRegisteredMethods(splitMethodList(row[field]));
  } catch (e) {
    throw new Invalid(field, (e as Error).message);
  }
}

/** Options of {@linkcode registrationRecordFromRow}. */
export interface FromRowOptions {
  /** What kind of row it is. */
  source: RegistrationSource;
  /** Account enabled, when known from elsewhere (the `/users` join); the row's own value wins. */
  accountEnabled?: boolean;
}

/**
 * Maps one row to a record. For `msonline-csv` rows the methods come from
 * `StrongAuthenticationMethods` and Graph's booleans are absent; for the others from
 * `methodsRegistered`. `accountEnabled` comes from the row (`accountEnabled`, or the negation of
 * MSOnline's `BlockCredential`), else from the options.
 *
 * @example A Graph userRegistrationDetails row
 * ```ts
 * import { registrationRecordFromRow } from "./from_row.ts";
 * import assert from "node:assert/strict";
 * const r = registrationRecordFromRow({ id: "u1", userPrincipalName: "adele@contoso.example", userDisplayName: "Adele",
 *   userType: "member", isAdmin: true, isMfaRegistered: true, isMfaCapable: true, isPasswordlessCapable: false,
 *   methodsRegistered: ["mobilePhone", "microsoftAuthenticatorPush"], userPreferredMethodForSecondaryAuthentication: "push",
 *   lastUpdatedDateTime: "2026-11-20T06:00:00Z" }, { source: "registration-report", accountEnabled: true });
 * assert.equal(r.kind, "record");
 * if (r.kind === "record") {
 *   assert.deepEqual(r.record.methods.map((m) => m.id), ["mobilePhone", "authenticatorPush"]);
 *   assert.equal(r.record.defaultMethod?.id, "authenticatorPush");
 *   assert.equal(r.record.accountEnabled, true);
 * }
 * ```
 *
 * @example An MSOnline CSV row, and one whose methods were lost on export
 * ```ts
 * import { registrationRecordFromRow } from "./from_row.ts";
 * import assert from "node:assert/strict";
 * const ok = registrationRecordFromRow({ userPrincipalName: "lee@contoso.example",
 *   strongAuthenticationMethods: "OneWaySMS;PhoneAppNotification", blockCredential: "False" }, { source: "msonline-csv" });
 * assert.equal(ok.kind === "record" && ok.record.accountEnabled, true);
 * const bad = registrationRecordFromRow({ userPrincipalName: "lee@contoso.example",
 *   strongAuthenticationMethods: "System.Object[]" }, { source: "msonline-csv" });
 * assert.equal(bad.kind, "invalid");
 * ```
 */
export function registrationRecordFromRow(row: RegistrationFields, options: FromRowOptions): RowResult {
  try {
    const upn = str(row, "userPrincipalName");
    if (upn === "") {
      throw new Invalid(
        "userPrincipalName",
        `expected a user principal name, got ${show(row.userPrincipalName ?? null)}`,
      );
    }
    const msonline = options.source === "msonline-csv";
    const blocked = bool(row, "blockCredential");
    const enabled = bool(row, "accountEnabled") ??
      (blocked === undefined ? options.accountEnabled : !blocked);
    const defaultRaw = str(row, "defaultMfaMethod") ||
      str(row, "userPreferredMethodForSecondaryAuthentication");
    const hasDefault = row.defaultMfaMethod !== undefined ||
      row.userPreferredMethodForSecondaryAuthentication !== undefined;
    const lastUpdated = str(row, "lastUpdatedDateTime");
    const record: RegistrationRecord = {
      id: str(row, "id"),
      userPrincipalName: upn,
      displayName: str(row, "userDisplayName"),
      userType: userTypeOf(row.userType),
      isAdmin: bool(row, "isAdmin"),
      accountEnabled: enabled,
      methods: methods(row, msonline ? "strongAuthenticationMethods" : "methodsRegistered"),
      isMfaRegistered: msonline ? undefined : bool(row, "isMfaRegistered"),
      isMfaCapable: msonline ? undefined : bool(row, "isMfaCapable"),
      isPasswordlessCapable: msonline ? undefined : bool(row, "isPasswordlessCapable"),
      defaultMethod: hasDefault ? classifyDefaultMethod(defaultRaw) : undefined,
      systemPreferredEnabled: bool(row, "isSystemPreferredAuthenticationMethodEnabled"),
      lastUpdated: lastUpdated === "" ? undefined : lastUpdated,
      source: options.source,
    };
    return { kind: "record", record };
  } catch (e) {
    if (e instanceof Invalid) return { kind: "invalid", field: e.field, detail: e.detail };
    throw e;
  }
}

/**
 * Renames the keys of an export row (PascalCase JSON, column titles) to
 * {@linkcode RegistrationField}s; unknown keys are dropped.
 *
 * @example
 * ```ts
 * import { normalizeRegistrationRow } from "./from_row.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(normalizeRegistrationRow({ UserPrincipalName: "a@contoso.example", IsAdmin: false, Extra: 1 }),
 *   { userPrincipalName: "a@contoso.example", isAdmin: false });
 * ```
 */
export function normalizeRegistrationRow(o: Record<string, unknown>): RegistrationFields {
  const row: RegistrationFields = {};
  for (const [k, v] of Object.entries(o)) {
    const f = registrationFieldOf(k);
    if (f !== undefined && row[f] === undefined) row[f] = v;
  }
  return row;
}
