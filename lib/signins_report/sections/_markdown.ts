/**
 * Small Markdown helpers shared by the sections' renderers.
 *
 * @module
 */
import {
  type CaGrantControl,
  type CaSessionControl,
  isAuthMethodId,
  labelAuthMethod,
  labelCaGrantControl,
  labelCaSessionControl,
} from "../../classify/mod.ts";
import { type Cell, formatNumber, formatPercent } from "../../report/mod.ts";
import type { SigninsReport, UserEvent, UserRef } from "../report.ts";

const MAX_RAW = 5;

/** Raw values with counts, the first few. */
export function rawList(m: Record<string, number>): string {
  const e = Object.entries(m);
  if (e.length === 0) return "";
  const shown = e.slice(0, MAX_RAW).map(([k, v]) => `"${k}" ×${formatNumber(v)}`).join(", ");
  return e.length > MAX_RAW ? `${shown}, … (${e.length - MAX_RAW} more)` : shown;
}

/** A label followed by the raw values behind it. */
export function unknownLabel(label: string, raw: Record<string, number>): string {
  const r = rawList(raw);
  return r === "" ? label : `${label}: ${r}`;
}

/** A share as a percentage. */
export function pct(part: number, total: number): string {
  return formatPercent(part, total);
}

/** "1 sign-in was" / "N sign-ins were". */
export function signIns(n: number): string {
  return n === 1 ? "1 sign-in was" : `${formatNumber(n)} sign-ins were`;
}

/** A user with their display name. */
export function who(u: UserRef): string {
  return u.displayName === null || u.displayName === "" ? u.user : `${u.user} (${u.displayName})`;
}

/** When an event happened. */
export function when(e: UserEvent): string {
  return e.at ?? "(no time)";
}

/** A method id as people read it. */
export function methodLabel(id: string): string {
  if (id === "notRecorded") return "(not recorded)";
  if (id === "unknown") return "Unknown method";
  return isAuthMethodId(id) ? labelAuthMethod(id) : id;
}

/** A CA control id as people read it. */
export function controlLabel(id: string, kind: "grant" | "session"): string {
  if (id.startsWith("unknown:")) return `Unknown control "${id.slice("unknown:".length)}"`;
  return kind === "grant"
    ? labelCaGrantControl(id as CaGrantControl)
    : labelCaSessionControl(id as CaSessionControl);
}

/** The non-zero entries, largest first. */
export function nonZero<K extends string>(rec: Record<K, number>): [K, number][] {
  return (Object.entries(rec) as [K, number][]).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
}

/** The "unknown result" cell of a CA policy row. */
export function unknownResultCell(
  indeterminate: number,
  unknown: number,
  raw: Record<string, number>,
): string {
  const parts: string[] = [];
  if (indeterminate > 0) parts.push(`${formatNumber(indeterminate)} reported as unknown by Graph`);
  if (unknown > 0) parts.push(`${formatNumber(unknown)} not recognised: ${rawList(raw)}`);
  return parts.length === 0 ? "0" : parts.join("; ");
}

/**
 * The "N more" row that ends a capped table (none when the list is complete): the count of
 * entries left out in the first cell, their summed count in the second.
 *
 * @example Usage
 * ```ts
 * import { moreRows } from "./_markdown.ts";
 * import assert from "node:assert/strict";
 * const r = { capped: [{ list: "locations", label: "Locations", shown: 10, more: 3, moreCount: 7, pooledAs: null }] };
 * assert.deepEqual(moreRows(r, "locations"), [["… 3 more (not listed)", 7]]);
 * assert.deepEqual(moreRows(r, "browsers"), []);
 * ```
 */
export function moreRows(r: Pick<SigninsReport, "capped">, list: string): Cell[][] {
  const c = r.capped.find((x) => x.list === list);
  if (c === undefined || c.pooledAs !== null) return [];
  return [[`… ${c.more === null ? "more" : `${formatNumber(c.more)} more`} (not listed)`, c.moreCount]];
}
