/**
 * Timestamp parsing for sign-in sources: ISO 8601 from Graph and Log Analytics JSON, "Date (UTC)"
 * from the portal CSV, and the US-style `5/1/2024, 10:15:30.123 AM` Log Analytics writes into its
 * CSV export. Every source writes UTC; a value without an offset is read as UTC, never local time.
 *
 * @module
 */

/** A parsed timestamp. */
export interface UtcDateTime {
  /** ISO 8601 in UTC. A value that already ends in `Z` is returned unchanged. */
  readonly iso: string;
  /** Epoch milliseconds. */
  readonly ms: number;
}

const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const US_DATE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AP]M)?$/i;

/**
 * Parses a sign-in timestamp as UTC.
 *
 * @param raw the value from the source
 * @returns the timestamp, or `null` when the text is not a date this function knows
 *
 * @example Formats of the different sources
 * ```ts
 * import { parseUtcDateTime } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseUtcDateTime("2024-05-01T10:15:30Z"), { iso: "2024-05-01T10:15:30Z", ms: Date.UTC(2024, 4, 1, 10, 15, 30) });
 * assert.equal(parseUtcDateTime("2024-05-01 10:15:30")?.iso, "2024-05-01T10:15:30.000Z");
 * assert.equal(parseUtcDateTime("5/1/2024, 1:15:30.250 PM")?.iso, "2024-05-01T13:15:30.250Z");
 * assert.equal(parseUtcDateTime("yesterday"), null);
 * assert.equal(parseUtcDateTime("2026-02-30T10:00:00Z"), null); // no such day: not rolled over to March 2
 * ```
 */
export function parseUtcDateTime(raw: string): UtcDateTime | null {
  const s = raw.trim();
  // `Date.parse` rolls impossible ISO dates over (2026-02-30 → March 2, 24:00 → next day): refuse them.
  if ((ISO_WITH_ZONE.test(s) || ISO_NO_ZONE.test(s)) && !isCalendarDate(s)) return null;
  if (s.length > 0 && (s.charCodeAt(s.length - 1) === 90 /* Z */) && ISO_WITH_ZONE.test(s)) {
    const ms = Date.parse(s.replace(" ", "T"));
    return Number.isNaN(ms) ? null : { iso: s, ms };
  }
  if (ISO_WITH_ZONE.test(s)) return fromMs(Date.parse(s.replace(" ", "T")));
  if (ISO_NO_ZONE.test(s)) {
    const t = s.replace(" ", "T");
    return fromMs(Date.parse(t.length === 10 ? `${t}T00:00:00Z` : `${t}Z`));
  }
  const m = US_DATE.exec(s);
  if (m) {
    let hour = Number(m[4]);
    const ampm = m[8]?.toUpperCase();
    if (ampm !== undefined && (hour < 1 || hour > 12)) return null;
    if (ampm === "PM" && hour !== 12) hour += 12;
    if (ampm === "AM" && hour === 12) hour = 0;
    const month = Number(m[1]), day = Number(m[2]), year = Number(m[3]);
    const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
    const ms = Date.UTC(year, month - 1, day, hour, Number(m[5]), Number(m[6] ?? 0), frac);
    const d = new Date(ms);
    if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1 || hour > 23 || Number(m[5]) > 59) {
      return null;
    }
    return fromMs(ms);
  }
  return null;
}

/** Whether the date and time fields of an ISO text name a real instant (month, day of month, hour, minute, second). */
function isCalendarDate(s: string): boolean {
  const year = Number(s.slice(0, 4)), month = Number(s.slice(5, 7)), day = Number(s.slice(8, 10));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > last) return false;
  if (s.length < 16) return true;
  const hour = Number(s.slice(11, 13)), minute = Number(s.slice(14, 16));
  const second = s.length >= 19 && s[16] === ":" ? Number(s.slice(17, 19)) : 0;
  return hour <= 23 && minute <= 59 && second <= 59;
}

function fromMs(ms: number): UtcDateTime | null {
  return Number.isNaN(ms) ? null : { iso: new Date(ms).toISOString(), ms };
}
