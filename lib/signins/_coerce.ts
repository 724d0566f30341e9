/**
 * Lenient value coercion shared by the mappers (private).
 *
 * The rule (documented in mod.ts): scalars are coerced — numbers and booleans where a string
 * belongs become their text, "true"/"False"/"yes"/"1" where a boolean belongs become booleans,
 * `""` becomes `null` — and a value of the wrong kind that cannot be coerced (an object where a
 * string belongs) becomes `null`. Only the two fields every report depends on are strict: a
 * `createdDateTime` that is not a date and an `errorCode` that is not an integer make the row
 * bad (counted with a reason), as does nested JSON text that does not parse.
 *
 * @module
 */
import type {
  AppliedConditionalAccessPolicy,
  AuthenticationDetail,
  AuthenticationRequirementPolicy,
  MfaDetail,
} from "./sign_in.ts";
import { fastIsoZ, parseUtcDateTime, type UtcDateTime } from "../time/date_time.ts";
import { BadRowError } from "../errors.ts";
import type { CaPolicyTable } from "./_ca_policy_table.ts";

/** Describes a value briefly for a bad-row reason. */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  return typeof v === "object" ? "an object" : String(v);
}

/** String field: strings as is (`""` → null), numbers/booleans as text, anything else null. */
export function str(v: unknown): string | null {
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return null;
}

/** Boolean field: booleans, "true"/"false"/"yes"/"no"/"1"/"0" (any case), 1/0; else null. */
export function bool(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    switch (v.trim().toLowerCase()) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        return null;
    }
  }
  if (v === 1) return true;
  if (v === 0) return false;
  return null;
}

const INT = /^\s*-?\d+\s*$/;

/** Integer field (strict): integers or integer text; null/"" → null; anything else throws {@linkcode BadRowError}. */
export function int(v: unknown, field: string): number | null {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return v;
  } else if (v === null || v === undefined || v === "") {
    return null;
  } else if (typeof v === "string" && INT.test(v)) {
    return Number(v);
  }
  throw new BadRowError(`${field}: expected an integer, got ${describe(v)}`);
}

/** Date field (strict): null/"" → null; text that is not a date throws {@linkcode BadRowError}. */
export function date(v: unknown, field: string): UtcDateTime | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "string") {
    const ms = fastIsoZ(v);
    if (!Number.isNaN(ms)) return { iso: v, ms };
    const d = parseUtcDateTime(v);
    if (d) return d;
  }
  throw new BadRowError(`${field}: expected a date and time, got ${describe(v)}`);
}

/**
 * A value that Log Analytics may store as JSON text (`Status`, `DeviceDetail`, …): objects and
 * arrays are returned as is, text starting with `{` or `[` is parsed (throws
 * {@linkcode BadRowError} when it does not parse), `""`/null → null, other text returned as is.
 */
export function nested(v: unknown, field: string): unknown {
  if (typeof v !== "string") return v ?? null;
  const t = v.trim();
  if (t === "") return null;
  const c = t.charCodeAt(0);
  if (c !== 123 && c !== 91) return v;
  try {
    return JSON.parse(t);
  } catch {
    throw new BadRowError(`${field}: expected JSON text, got ${describe(v)}`);
  }
}

/** Object or null (non-objects → null). */
export function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : null;
}

/** Non-empty string or null (a value that needs no coercion). */
function clean(v: unknown): boolean {
  return v === null || (typeof v === "string" && v !== "");
}

/** An array of non-empty strings (can be used as is). */
function cleanList(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    if (typeof e !== "string" || e === "") return false;
  }
  return true;
}

/**
 * String list: arrays (non-strings dropped), JSON array text, or comma-separated text; null when
 * absent. An array that is already clean is returned as is (no copy).
 */
export function strList(v: unknown, field: string): readonly string[] | null {
  if (cleanList(v)) return v;
  const x = nested(v, field);
  if (x === null || x === undefined) return null;
  if (Array.isArray(x)) {
    const out: string[] = [];
    for (const e of x) {
      const s = str(e);
      if (s !== null) out.push(s);
    }
    return out;
  }
  if (typeof x === "string") {
    const out: string[] = [];
    for (const part of x.split(",")) {
      const s = part.trim();
      if (s !== "") out.push(s);
    }
    return out;
  }
  return null;
}

/** An authentication step's time: text as is when it ends in `Z` (or is null), else normalised when it parses. */
export function stepDateTime(v: unknown): string | null {
  const s = str(v);
  if (s === null || s.charCodeAt(s.length - 1) === 90) return s;
  return parseUtcDateTime(s)?.iso ?? s;
}

/** One Graph-shaped `authenticationDetail` object. */
export function authDetail(o: Record<string, unknown>): AuthenticationDetail {
  return {
    method: str(o.authenticationMethod),
    detail: str(o.authenticationMethodDetail),
    stepRequirement: str(o.authenticationStepRequirement),
    succeeded: bool(o.succeeded),
    resultDetail: str(o.authenticationStepResultDetail),
    dateTime: stepDateTime(o.authenticationStepDateTime),
  };
}

/** `authenticationDetails` array (or its JSON text); null when absent. */
export function authDetails(v: unknown, field: string): AuthenticationDetail[] | null {
  const x = nested(v, field);
  if (!Array.isArray(x)) return null;
  const out: AuthenticationDetail[] = [];
  for (const e of x) {
    const o = obj(e);
    if (o !== null) out.push(authDetail(o));
  }
  return out;
}

function list(v: unknown): string[] {
  if (!Array.isArray(v)) {
    const s = str(v);
    return s === null ? [] : [s];
  }
  const out: string[] = [];
  for (const e of v) {
    const s = str(e);
    if (s !== null) out.push(s);
  }
  return out;
}

function cleanPolicies(v: unknown): v is AppliedConditionalAccessPolicy[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const o = v[i];
    if (typeof o !== "object" || o === null) return false;
    if (!clean(o.id) || !clean(o.displayName) || !clean(o.result)) return false;
    if (!cleanList(o.enforcedGrantControls) || !cleanList(o.enforcedSessionControls)) return false;
  }
  return true;
}

/**
 * `appliedConditionalAccessPolicies` array (or its JSON text); null when absent. With a
 * `table` (the readers pass one per file), each entry is the table's shared five-field object
 * for it (see `_ca_policy_table.ts`); without, a source array whose elements already have the
 * right shape is used as is (no copy; extra beta properties such as `conditionsSatisfied` stay
 * on the objects).
 */
export function caPolicies(
  v: unknown,
  field: string,
  table?: CaPolicyTable,
): readonly AppliedConditionalAccessPolicy[] | null {
  if (table !== undefined && Array.isArray(v)) {
    const known = table.known(v);
    if (known !== null) return known;
  }
  if (cleanPolicies(v)) {
    return table === undefined ? v : table.list(v);
  }
  const x = nested(v, field);
  if (!Array.isArray(x)) return null;
  const out: AppliedConditionalAccessPolicy[] = [];
  for (const e of x) {
    const o = obj(e);
    if (o === null) continue;
    const p: AppliedConditionalAccessPolicy = {
      id: str(o.id),
      displayName: str(o.displayName),
      result: str(o.result),
      enforcedGrantControls: list(o.enforcedGrantControls),
      enforcedSessionControls: list(o.enforcedSessionControls),
    };
    out.push(table === undefined ? p : table.shared(p));
  }
  return out;
}

function cleanRequirements(v: unknown): v is AuthenticationRequirementPolicy[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const o = v[i];
    if (typeof o !== "object" || o === null || !clean(o.requirementProvider) || !clean(o.detail)) {
      return false;
    }
  }
  return true;
}

/** `authenticationRequirementPolicies` array (or its JSON text); null when absent; clean arrays used as is. */
export function requirementPolicies(
  v: unknown,
  field: string,
): readonly AuthenticationRequirementPolicy[] | null {
  if (cleanRequirements(v)) return v;
  const x = nested(v, field);
  if (!Array.isArray(x)) return null;
  const out: AuthenticationRequirementPolicy[] = [];
  for (const e of x) {
    const o = obj(e);
    if (o !== null) out.push({ requirementProvider: str(o.requirementProvider), detail: str(o.detail) });
  }
  return out;
}

/** `mfaDetail` object (or its JSON text); null when absent or empty. */
export function mfaDetail(v: unknown, field: string): MfaDetail | null {
  const o = obj(nested(v, field));
  if (o === null) return null;
  const authMethod = str(o.authMethod), authDetail = str(o.authDetail);
  return authMethod === null && authDetail === null ? null : { authMethod, authDetail };
}
