/**
 * Tenancy of a sign-in: the beta `crossTenantAccessType` flags enum (Graph `signInAccessType`;
 * a value can be several members joined by commas, or a number) and a home-versus-resource
 * tenant comparison.
 *
 * @module
 */
import { defineEnum, tableIndex } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import { normalizeKey } from "./_normalize.ts";
import { type Unknown, unknownValue } from "./classified.ts";

/**
 * Members of the Graph `signInAccessType` flags enum with their bit values (`unknownFutureValue`,
 * 16, is the sentinel and is left out: it classifies as an unknown part).
 *
 * @example Reading the table
 * ```ts
 * import { CROSS_TENANT_ACCESS_TYPES } from "./cross_tenant.ts";
 * import assert from "node:assert/strict";
 * assert.equal(CROSS_TENANT_ACCESS_TYPES.microsoftSupport.bit, 4);
 * ```
 */
export const CROSS_TENANT_ACCESS_TYPES = {
  none: { label: "None (same tenant)", bit: 0 },
  b2bCollaboration: { label: "B2B collaboration", bit: 1 },
  b2bDirectConnect: { label: "B2B direct connect", bit: 2 },
  microsoftSupport: { label: "Microsoft support", bit: 4 },
  serviceProvider: { label: "Service provider", bit: 8 },
  passthrough: { label: "Passthrough", bit: 32 },
} as const satisfies EnumTable;

/** A cross-tenant access type flag id. */
export type CrossTenantAccessType = keyof typeof CROSS_TENANT_ACCESS_TYPES;

const crossTenantAccessTypeEnum = defineEnum(CROSS_TENANT_ACCESS_TYPES);

/** The classified `crossTenantAccessType`: the flags found, and any parts not recognised. */
export type CrossTenantAccess =
  | {
    readonly kind: "known";
    /** Recognised flags, in table order; `["none"]` only when nothing else is set. */
    readonly flags: readonly CrossTenantAccessType[];
    /** Parts not recognised (names, or unknown bit values as decimal strings). */
    readonly unknownParts: readonly string[];
  }
  | Unknown;

const INDEX = tableIndex(CROSS_TENANT_ACCESS_TYPES);
const ORDER = Object.keys(CROSS_TENANT_ACCESS_TYPES) as CrossTenantAccessType[];
const MAX_BITS = 2 ** 31 - 1;

/**
 * Type guard for {@linkcode CrossTenantAccessType}.
 *
 * @example Type guard
 * ```ts
 * import { isCrossTenantAccessType } from "./cross_tenant.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isCrossTenantAccessType("b2bDirectConnect"));
 * assert.ok(!isCrossTenantAccessType("unknownFutureValue"));
 * ```
 */
export const isCrossTenantAccessType: (v: unknown) => v is CrossTenantAccessType =
  crossTenantAccessTypeEnum.is;

function addBits(n: number, flags: Set<CrossTenantAccessType>, unknownParts: string[]): void {
  if (n === 0) flags.add("none");
  let rest = n;
  for (const id of ORDER) {
    const bit = CROSS_TENANT_ACCESS_TYPES[id].bit;
    if (bit !== 0 && (rest & bit) === bit) {
      flags.add(id);
      rest &= ~bit;
    }
  }
  for (let bit = 1; rest !== 0 && bit <= 2 ** 30; bit *= 2) {
    if ((rest & bit) !== 0) {
      unknownParts.push(String(bit));
      rest &= ~bit;
    }
  }
}

/**
 * Classifies a `crossTenantAccessType`: a member name, comma-joined names
 * (`"b2bCollaboration,microsoftSupport"`), a number or numeric string (bit values, decomposed).
 * Never throws. `none` is dropped when another flag is set. The result is `unknown` when
 * nothing is recognised (including `unknownFutureValue` alone, empty strings and non-integers).
 *
 * @param raw Any value.
 * @returns The flags and unknown parts, or `unknown` with the raw value.
 *
 * @example Names and numbers
 * ```ts
 * import { classifyCrossTenantAccessType } from "./cross_tenant.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyCrossTenantAccessType("b2bCollaboration,microsoftSupport"), {
 *   kind: "known",
 *   flags: ["b2bCollaboration", "microsoftSupport"],
 *   unknownParts: [],
 * });
 * assert.deepEqual(classifyCrossTenantAccessType(3), {
 *   kind: "known",
 *   flags: ["b2bCollaboration", "b2bDirectConnect"],
 *   unknownParts: [],
 * });
 * assert.deepEqual(classifyCrossTenantAccessType("passthrough, somethingNew"), {
 *   kind: "known",
 *   flags: ["passthrough"],
 *   unknownParts: ["somethingNew"],
 * });
 * assert.equal(classifyCrossTenantAccessType("unknownFutureValue").kind, "unknown");
 * ```
 */
export function classifyCrossTenantAccessType(raw: unknown): CrossTenantAccess {
  let parts: string[];
  if (typeof raw === "number") parts = [String(raw)];
  else if (typeof raw === "string") parts = raw.split(/[,;|]/).map((p) => p.trim()).filter((p) => p !== "");
  else return unknownValue(raw);
  const flags = new Set<CrossTenantAccessType>();
  const unknownParts: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part)) {
      const n = Number(part);
      if (n <= MAX_BITS) addBits(n, flags, unknownParts);
      else unknownParts.push(part);
      continue;
    }
    const id = isCrossTenantAccessType(part) ? part : INDEX.map.get(normalizeKey(part));
    if (id === undefined) unknownParts.push(part);
    else flags.add(id);
  }
  if (flags.size === 0) return unknownValue(raw);
  if (flags.size > 1) flags.delete("none");
  return { kind: "known", flags: ORDER.filter((id) => flags.has(id)), unknownParts };
}

/**
 * Human label of a flag id (or `"unknown"`).
 *
 * @example Human labels
 * ```ts
 * import { labelCrossTenantAccessType } from "./cross_tenant.ts";
 * import assert from "node:assert/strict";
 * assert.equal(labelCrossTenantAccessType("b2bCollaboration"), "B2B collaboration");
 * assert.equal(labelCrossTenantAccessType("unknown"), "Unknown");
 * ```
 */
export function labelCrossTenantAccessType(id: CrossTenantAccessType | "unknown"): string {
  return isCrossTenantAccessType(id) ? CROSS_TENANT_ACCESS_TYPES[id].label : "Unknown";
}

/**
 * Where the user came from, comparing `homeTenantId` with `resourceTenantId`.
 * `unknown` when either is missing or empty (the portal leaves the home tenant name empty for
 * cross-tenant sign-ins, but the ids are there).
 */
export type Tenancy = "sameTenant" | "crossTenant" | "unknown";

function tenantKey(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const k = v.trim().replace(/^\{(.*)\}$/, "$1").toLowerCase();
  return k === "" ? undefined : k;
}

/**
 * Compares home and resource tenant ids (case, spaces and braces ignored).
 *
 * @param home `homeTenantId`.
 * @param resource `resourceTenantId`.
 * @returns `sameTenant`, `crossTenant` or `unknown`.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyTenancy } from "./cross_tenant.ts";
 * import assert from "node:assert/strict";
 * const a = "11111111-1111-4111-8111-111111111111";
 * assert.equal(classifyTenancy(a, a.toUpperCase()), "sameTenant");
 * assert.equal(classifyTenancy(a, "22222222-2222-4222-8222-222222222222"), "crossTenant");
 * assert.equal(classifyTenancy(a, ""), "unknown");
 * ```
 */
export function classifyTenancy(home: unknown, resource: unknown): Tenancy {
  const h = tenantKey(home);
  const r = tenantKey(resource);
  if (h === undefined || r === undefined) return "unknown";
  return h === r ? "sameTenant" : "crossTenant";
}

/**
 * Whether the user's home tenant differs from the resource tenant: a user from outside the
 * tenant. `false` when either id is missing (cannot tell; use {@linkcode classifyTenancy} to
 * see that case).
 *
 * @example Type guard
 * ```ts
 * import { isCrossTenant } from "./cross_tenant.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isCrossTenant("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"), true);
 * assert.equal(isCrossTenant(undefined, "22222222-2222-4222-8222-222222222222"), false);
 * ```
 */
export function isCrossTenant(home: unknown, resource: unknown): boolean {
  return classifyTenancy(home, resource) === "crossTenant";
}
