/**
 * Builders for the OData query options the Graph endpoints accept: `$filter` clauses with
 * proper string escaping (a `'` is doubled, so a value can never end the literal early and
 * inject another clause), `$select` and `$top`.
 *
 * @module
 */

import type { SignInEventType } from "../classify/event_type.ts";

/**
 * Quotes a string as an OData literal: wrapped in `'` with every `'` doubled.
 *
 * @example A UPN with an apostrophe
 * ```ts
 * import { odataString } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(odataString("o'brien@contoso.example"), "'o''brien@contoso.example'");
 * ```
 */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Formats a date as an OData DateTimeOffset literal in UTC, whole seconds
 * (`2026-11-01T00:00:00Z`).
 *
 * @throws {RangeError} for an invalid date
 *
 * @example
 * ```ts
 * import { odataDateTime } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(odataDateTime(new Date("2026-11-01T00:00:00.000Z")), "2026-11-01T00:00:00Z");
 * ```
 */
export function odataDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError("Cannot format a date for $filter: expected a valid date, got Invalid Date");
  }
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A time window: `from` inclusive, `to` exclusive; either side may be open. */
export interface DateTimeRange {
  /** Inclusive lower bound (`ge`). */
  from?: Date;
  /** Exclusive upper bound (`lt`). */
  to?: Date;
}

/**
 * `createdDateTime ge … and createdDateTime lt …` for a window (empty string for an open window).
 *
 * @example One month
 * ```ts
 * import { createdDateTimeFilter } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(
 *   createdDateTimeFilter({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") }),
 *   "createdDateTime ge 2026-11-01T00:00:00Z and createdDateTime lt 2026-12-01T00:00:00Z",
 * );
 * ```
 */
export function createdDateTimeFilter(range: DateTimeRange): string {
  const parts: string[] = [];
  if (range.from) parts.push(`createdDateTime ge ${odataDateTime(range.from)}`);
  if (range.to) parts.push(`createdDateTime lt ${odataDateTime(range.to)}`);
  return parts.join(" and ");
}

/**
 * `signInEventTypes/any(t: t eq '…')` (beta only).
 *
 * @example
 * ```ts
 * import { signInEventTypeFilter } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(signInEventTypeFilter("nonInteractiveUser"), "signInEventTypes/any(t: t eq 'nonInteractiveUser')");
 * ```
 */
export function signInEventTypeFilter(eventType: SignInEventType): string {
  return `signInEventTypes/any(t: t eq ${odataString(eventType)})`;
}

/** Properties the builders accept in `eq` clauses. */
export const EQ_FILTER_PROPERTIES = ["id", "userId", "appId", "userPrincipalName", "correlationId"] as const;
/** One of {@linkcode EQ_FILTER_PROPERTIES}. */
export type EqFilterProperty = typeof EQ_FILTER_PROPERTIES[number];

/**
 * `property eq 'value'` with the value escaped.
 *
 * @example
 * ```ts
 * import { eqFilter } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(eqFilter("appId", "00000003-0000-0000-c000-000000000000"), "appId eq '00000003-0000-0000-c000-000000000000'");
 * assert.equal(eqFilter("userPrincipalName", "x' or 1 eq 1 or 'a"), "userPrincipalName eq 'x'' or 1 eq 1 or ''a'");
 * ```
 */
export function eqFilter(property: EqFilterProperty, value: string): string {
  return `${property} eq ${odataString(value)}`;
}

/**
 * `startsWith(userPrincipalName, '…')` with the prefix escaped.
 *
 * @example
 * ```ts
 * import { upnStartsWithFilter } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(upnStartsWithFilter("o'b"), "startsWith(userPrincipalName, 'o''b')");
 * ```
 */
export function upnStartsWithFilter(prefix: string): string {
  return `startsWith(userPrincipalName, ${odataString(prefix)})`;
}

/**
 * `isMfaRegistered eq true|false` (userRegistrationDetails).
 *
 * @example
 * ```ts
 * import { mfaRegisteredFilter } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mfaRegisteredFilter(false), "isMfaRegistered eq false");
 * ```
 */
export function mfaRegisteredFilter(registered: boolean): string {
  return `isMfaRegistered eq ${registered ? "true" : "false"}`;
}

/**
 * Joins clauses with `and`, skipping empty ones.
 *
 * @example
 * ```ts
 * import { andFilters, eqFilter, mfaRegisteredFilter } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(andFilters(mfaRegisteredFilter(true), "", undefined), "isMfaRegistered eq true");
 * assert.equal(andFilters(eqFilter("userId", "u1"), "x eq 1"), "userId eq 'u1' and x eq 1");
 * assert.equal(andFilters(), "");
 * ```
 */
export function andFilters(...clauses: (string | undefined)[]): string {
  return clauses.filter((c): c is string => c !== undefined && c !== "").join(" and ");
}

/**
 * A `$select` value: property names joined with commas.
 *
 * @throws {RangeError} when a name is not a plain property name
 *
 * @example
 * ```ts
 * import { selectParam } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(selectParam(["id", "userPrincipalName"]), "id,userPrincipalName");
 * assert.throws(() => selectParam(["id,x"]), /\$select/);
 * ```
 */
export function selectParam(properties: readonly string[]): string {
  for (const p of properties) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) {
      throw new RangeError(`Cannot build $select: expected property names, got ${JSON.stringify(p)}`);
    }
  }
  return properties.join(",");
}

/**
 * Validates a `$top` value (1…max).
 *
 * @throws {RangeError} when out of range
 *
 * @example
 * ```ts
 * import { topParam } from "./odata_filter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(topParam(999, 999), 999);
 * assert.throws(() => topParam(1001, 1000), /\$top/);
 * ```
 */
export function topParam(top: number, max: number): number {
  if (!Number.isInteger(top) || top < 1 || top > max) {
    throw new RangeError(`Cannot use $top ${top}: expected a whole number from 1 to ${max}`);
  }
  return top;
}
