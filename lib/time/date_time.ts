/**
 * The one date/time parser of sign-in sources: ISO 8601 from Graph and Log Analytics JSON, "Date
 * (UTC)" from the portal CSV, the US-style `5/1/2024, 10:15:30.123 AM` Log Analytics writes into
 * its CSV export, the culture-formatted dates of PowerShell's `Export-Csv` (`3/12/2025 7:22:01 AM`
 * month-first or day-first, `12.03.2025 07:22:01` day-first) and Windows PowerShell 5.1's
 * `ConvertTo-Json` dates (`/Date(1741764121000)/`). Every source writes UTC; a value without an
 * offset is read as UTC, never local time.
 *
 * Day/month order of `a/b/yyyy` dates: month-first unless a {@linkcode DateOrder} is given. A
 * file's order is found with {@linkcode DateOrderDetector}: any value whose first part is above 12
 * says day-first, any whose second part is above 12 says month-first; both in one file is an error.
 *
 * @module
 */

/**
 * Day/month orders of `a/b/yyyy` dates (the `--date-order` option).
 *
 * @example
 * ```ts
 * import { DATE_ORDERS } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([...DATE_ORDERS], ["dmy", "mdy"]);
 * ```
 */
export const DATE_ORDERS = ["dmy", "mdy"] as const;

/** `dmy` (15/11/2025 = 15 November) or `mdy` (3/12/2025 = 12 March). */
export type DateOrder = typeof DATE_ORDERS[number];

/**
 * Whether a string names a {@linkcode DateOrder}.
 *
 * @param v e.g. a `--date-order` value
 * @returns true for `dmy` and `mdy`
 *
 * @example
 * ```ts
 * import { isDateOrder } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isDateOrder("dmy"), true);
 * assert.equal(isDateOrder("ymd"), false);
 * ```
 */
export function isDateOrder(v: unknown): v is DateOrder {
  return v === "dmy" || v === "mdy";
}

/** A parsed timestamp. */
export interface UtcDateTime {
  /** ISO 8601 in UTC. A value that already ends in `Z` is returned unchanged. */
  readonly iso: string;
  /** Epoch milliseconds. */
  readonly ms: number;
}

/** Graph's own shape, kept as written: `YYYY-MM-DDTHH:MM[:SS[.fraction]]Z`. */
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;
const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;
const US_DATE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AP]\.?M\.?)?)?\s*(Z|UTC)?$/i;
const DOTTED_DATE =
  /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|UTC)?$/i;
const MS_JSON_DATE = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/;

function daysIn(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** Epoch ms of validated parts (NaN for 30 February, hour 24, …). */
function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  sec: number,
  fraction: string | undefined,
  offsetMinutes: number,
): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59) return NaN;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes * 60_000;
}

function offsetOf(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/** 12-hour clock to 24 (NaN for 0 or 13 with AM/PM). */
function hour24(h: number, ampm: string | undefined): number {
  if (ampm === undefined) return h;
  if (h < 1 || h > 12) return NaN;
  return (h % 12) + (ampm[0]!.toLowerCase() === "p" ? 12 : 0);
}

/**
 * Epoch milliseconds of a date/time text in any shape this module knows (see the module docs),
 * read as UTC when it has no zone; NaN when it is not one of them or not a real date and time.
 *
 * @param raw the text
 * @param order day/month order of `a/b/yyyy` dates @default "mdy"
 * @returns epoch ms or NaN
 *
 * @example
 * ```ts
 * import { parseDateTimeMs } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseDateTimeMs("2024/03/04 14:07:09 UTC"), Date.UTC(2024, 2, 4, 14, 7, 9));
 * assert.equal(parseDateTimeMs("03/04/2024 2:07 p.m."), Date.UTC(2024, 2, 4, 14, 7));
 * assert.ok(Number.isNaN(parseDateTimeMs("2024-02-30")));
 * ```
 */
export function parseDateTimeMs(raw: string, order: DateOrder = "mdy"): number {
  const s = raw.trim();
  let m = ISO.exec(s);
  if (m) {
    return build(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      m[7],
      offsetOf(m[8]),
    );
  }
  m = US_DATE.exec(s);
  if (m) {
    const dayFirst = order === "dmy";
    return build(
      Number(m[3]),
      Number(m[dayFirst ? 2 : 1]),
      Number(m[dayFirst ? 1 : 2]),
      hour24(Number(m[4] ?? 0), m[8]),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      m[7],
      0,
    );
  }
  m = DOTTED_DATE.exec(s);
  if (m) {
    return build(
      Number(m[3]),
      Number(m[2]),
      Number(m[1]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      m[7],
      0,
    );
  }
  m = MS_JSON_DATE.exec(s);
  if (m) return Number(m[1]);
  return NaN;
}

/**
 * Parses a sign-in timestamp as UTC.
 *
 * @param raw the value from the source
 * @param order day/month order of `a/b/yyyy` dates @default "mdy"
 * @returns the timestamp, or `null` when the text is not a date this function knows
 *
 * @example Formats of the different sources
 * ```ts
 * import { parseUtcDateTime } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseUtcDateTime("2024-05-01T10:15:30Z"), { iso: "2024-05-01T10:15:30Z", ms: Date.UTC(2024, 4, 1, 10, 15, 30) });
 * assert.equal(parseUtcDateTime("2024-05-01 10:15:30")?.iso, "2024-05-01T10:15:30.000Z");
 * assert.equal(parseUtcDateTime("5/1/2024, 1:15:30.250 PM")?.iso, "2024-05-01T13:15:30.250Z");
 * assert.equal(parseUtcDateTime("3/12/2025 7:22:01 AM", "dmy")?.iso, "2025-12-03T07:22:01.000Z");
 * assert.equal(parseUtcDateTime("12.03.2025 07:22:01")?.iso, "2025-03-12T07:22:01.000Z");
 * assert.equal(parseUtcDateTime("/Date(1741764121000)/")?.iso, "2025-03-12T07:22:01.000Z");
 * assert.equal(parseUtcDateTime("yesterday"), null);
 * assert.equal(parseUtcDateTime("2026-02-30T10:00:00Z"), null); // no such day: not rolled over to March 2
 * ```
 */
export function parseUtcDateTime(raw: string, order: DateOrder = "mdy"): UtcDateTime | null {
  const s = raw.trim();
  const ms = parseDateTimeMs(s, order);
  if (Number.isNaN(ms)) return null;
  return { iso: ISO_Z.test(s) ? s : new Date(ms).toISOString(), ms };
}

/**
 * Strict ISO 8601 instant for command-line options: `YYYY-MM-DD` (midnight UTC) or
 * `YYYY-MM-DDTHH:MM[:SS[.f]]` with `Z` or an offset; without a zone it is UTC when
 * `zone` is `"utc"`, refused when `"required"`.
 *
 * @param text the option value
 * @param zone what a date-time without a zone means
 * @returns epoch ms, or NaN when refused
 *
 * @example
 * ```ts
 * import { parseIsoInstant } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseIsoInstant("2026-11-19", "required"), Date.UTC(2026, 10, 19));
 * assert.equal(parseIsoInstant("2026-11-20T12:00:00", "utc"), Date.UTC(2026, 10, 20, 12));
 * assert.ok(Number.isNaN(parseIsoInstant("2026-11-20T12:00:00", "required")));
 * assert.ok(Number.isNaN(parseIsoInstant("2026-02-30", "utc")));
 * ```
 */
export function parseIsoInstant(text: string, zone: "required" | "utc"): number {
  const v = text.trim();
  const m = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(v);
  if (m === null) return NaN;
  if (v.length > 10 && m[1] === undefined && zone === "required") return NaN;
  return parseDateTimeMs(v);
}

/**
 * What one value says about the day/month order: `dmy` (first part above 12), `mdy` (second part
 * above 12), `either` (both 12 or less), or null when it is not an `a/b/yyyy` date.
 *
 * @param raw a date-time value
 * @returns the evidence
 *
 * @example
 * ```ts
 * import { dateOrderEvidence } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * assert.equal(dateOrderEvidence("15/11/2025 3:55:59 AM"), "dmy");
 * assert.equal(dateOrderEvidence("3/13/2025 7:22:01 AM"), "mdy");
 * assert.equal(dateOrderEvidence("3/12/2025 7:22:01 AM"), "either");
 * assert.equal(dateOrderEvidence("2025-03-12T07:22:01Z"), null);
 * ```
 */
export function dateOrderEvidence(raw: string): DateOrder | "either" | null {
  const m = US_DATE.exec(raw.trim());
  if (m === null) return null;
  const a = Number(m[1]), b = Number(m[2]);
  if (a > 12 && b <= 12) return "dmy";
  if (b > 12 && a <= 12) return "mdy";
  return a <= 12 && b <= 12 ? "either" : null;
}

/**
 * Finds a file's day/month order from its values: the first value that decides wins, a later
 * value that says the other order is a contradiction.
 *
 * @example
 * ```ts
 * import { DateOrderDetector } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * const d = new DateOrderDetector();
 * assert.equal(d.observe("3/12/2025 7:22:01 AM", 2), null);
 * assert.equal(d.order, null);
 * assert.equal(d.observe("15/11/2025 3:55:59 AM", 3), null);
 * assert.equal(d.order, "dmy");
 * assert.match(d.observe("3/13/2025 1:00:00 AM", 4) ?? "", /line 4 .*month-first.*line 3 .*day-first/);
 * ```
 */
export class DateOrderDetector {
  /** The order decided so far (null: undecided). */
  order: DateOrder | null = null;
  /** The value and line that decided it. */
  decidedBy: { value: string; line: number } | null = null;
  /** Values seen whose day and month differ but are both 12 or less (they need the order). */
  ambiguous = 0;

  /**
   * Looks at one value.
   *
   * @param raw the value
   * @param line its line, for messages
   * @returns null, or a message when it contradicts the order decided earlier
   */
  observe(raw: string, line: number): string | null {
    const e = dateOrderEvidence(raw);
    if (e === null) return null;
    if (e === "either") {
      const m = US_DATE.exec(raw.trim())!;
      if (m[1] !== m[2] && Number(m[1]) !== Number(m[2])) this.ambiguous++;
      return null;
    }
    if (this.order === null) {
      this.order = e;
      this.decidedBy = { value: raw.trim(), line };
      return null;
    }
    if (this.order === e) return null;
    const name = (o: DateOrder) => (o === "dmy" ? "day-first" : "month-first");
    return `the dates contradict each other: line ${line} has ${JSON.stringify(raw.trim())} (${
      name(e)
    }), but line ${this.decidedBy!.line} has ${JSON.stringify(this.decidedBy!.value)} (${name(this.order)})`;
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Epoch ms of Graph's own timestamp shape "YYYY-MM-DDTHH:MM:SS[.fraction]Z" without `Date.parse`
 * (it is on the hot path); NaN for any other shape (the caller then tries the general parser).
 */
export function fastIsoZ(v: string): number {
  const n = v.length;
  if (
    n < 20 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 ||
    v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58 || v.charCodeAt(n - 1) !== 90
  ) return NaN;
  const year = digits(v, 0, 4), month = digits(v, 5, 2), day = digits(v, 8, 2);
  const hour = digits(v, 11, 2), minute = digits(v, 14, 2), second = digits(v, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return NaN;
  }
  if (second < 0 || second > 59 || day > DAYS_IN_MONTH[month - 1]!) return NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return NaN;
  let ms = 0;
  if (n > 20) {
    if (v.charCodeAt(19) !== 46 || n === 21) return NaN;
    const f = digits(v, 20, n - 21);
    if (f < 0) return NaN;
    // the first three digits of the fraction, as milliseconds (".9" is 900)
    const k = n - 21;
    ms = k >= 3 ? digits(v, 20, 3) : k === 2 ? digits(v, 20, 2) * 10 : digits(v, 20, 1) * 100;
  }
  // Date.UTC(y, m, d, h, mi, s, ms) is Date.UTC(y, m, d) plus the time of day in ms (UTC: no
  // offset, and years 0–9999 are far inside the time value's range): the day's start is kept
  // while the dates repeat (rows come in time order).
  if (year !== dayYear || month !== dayMonth || day !== dayDay) {
    dayStart = Date.UTC(year, month - 1, day);
    dayYear = year;
    dayMonth = month;
    dayDay = day;
  }
  return dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** The date {@linkcode fastIsoZ} met last and the epoch ms of its start. */
let dayYear = -1, dayMonth = -1, dayDay = -1, dayStart = 0;

/**
 * A report time as every report shows it: ISO 8601 UTC to the second, milliseconds only when
 * there are any (`2026-11-20T12:00:00Z`).
 *
 * @example
 * ```ts
 * import { formatReportTime } from "./date_time.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatReportTime(new Date("2026-11-20T12:00:00.000Z")), "2026-11-20T12:00:00Z");
 * assert.equal(formatReportTime(new Date("2026-11-20T12:00:00.250Z")), "2026-11-20T12:00:00.250Z");
 * ```
 */
export function formatReportTime(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, "Z");
}
