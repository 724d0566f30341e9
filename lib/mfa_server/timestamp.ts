/**
 * Parsing the date/time cells of MFA Server exports. The exports carry no time zone, so a
 * value without an offset is read as UTC (reports say so).
 *
 * Parsing itself is the project's one date/time parser (lib/signins/date_time.ts).
 *
 * @module
 */
import { parseDateTimeMs } from "../signins/date_time.ts";

/** A parsed, unparseable or empty date/time cell. */
export type MfaServerTimestamp =
  | {
    kind: "parsed";
    /** Milliseconds since the epoch. */
    epochMs: number;
    /** ISO 8601 in UTC, e.g. `"2024-03-04T14:07:09.000Z"`. */
    iso: string;
    /** The UTC day, `"YYYY-MM-DD"`. */
    day: string;
  }
  | { kind: "invalid"; raw: string }
  | { kind: "missing" };

const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

/** Epoch ms through the project's one date/time parser; years outside 1990–2099 are refused. */
function _epoch(text: string): number | undefined {
  const ms = parseDateTimeMs(text, "mdy");
  return Number.isNaN(ms) || ms < MIN_MS || ms >= MAX_MS ? undefined : ms;
}

/**
 * Parses a date/time cell. Accepted: ISO 8601 (`2024-03-04T14:07:09Z`, with or without
 * offset or fraction), `YYYY-MM-DD HH:mm[:ss]` and `YYYY/MM/DD …`, US `M/D/YYYY h:mm[:ss] AM/PM`
 * or 24-hour `M/D/YYYY HH:mm[:ss]`, and dotted `D.M.YYYY HH:mm[:ss]`. A date alone means
 * midnight. No offset means UTC. Slash dates are always month first (the MFA Server export
 * format); `13/1/2024` is invalid, never silently swapped. Years outside 1990–2099 are invalid.
 *
 * @param text the cell (trimmed here); empty means missing
 *
 * @example US, ISO and invalid dates
 * ```ts
 * import { parseMfaServerTimestamp } from "./timestamp.ts";
 * import assert from "node:assert/strict";
 * const t = parseMfaServerTimestamp("3/4/2024 2:07:09 PM");
 * assert.equal(t.kind === "parsed" && t.iso, "2024-03-04T14:07:09.000Z");
 * const z = parseMfaServerTimestamp("2024-03-04T16:07:09+02:00");
 * assert.equal(z.kind === "parsed" && z.day, "2024-03-04");
 * assert.deepEqual(parseMfaServerTimestamp("13/1/2024"), { kind: "invalid", raw: "13/1/2024" });
 * assert.deepEqual(parseMfaServerTimestamp("  "), { kind: "missing" });
 * ```
 */
export function parseMfaServerTimestamp(text: string): MfaServerTimestamp {
  const s = text.trim();
  if (s === "") return { kind: "missing" };
  const epochMs = _epoch(s);
  if (epochMs === undefined || !Number.isFinite(epochMs)) return { kind: "invalid", raw: s };
  const iso = _isoUtc(epochMs);
  return { kind: "parsed", epochMs, iso, day: iso.slice(0, 10) };
}

/** `Date#toISOString()` for the common case of whole seconds, without allocating a Date. */
function _isoUtc(epochMs: number): string {
  const ms = epochMs % 1000;
  if (ms !== 0 || epochMs < 0) return new Date(epochMs).toISOString();
  const days = Math.floor(epochMs / 86_400_000);
  let rest = (epochMs - days * 86_400_000) / 1000;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const mi = Math.floor(rest / 60);
  const sec = rest - mi * 60;
  return `${_day(days)}T${_2(h)}:${_2(mi)}:${_2(sec)}.000Z`;
}

function _2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

let _lastDays = NaN;
let _lastDay = "";

/** YYYY-MM-DD of a day number since the epoch (civil-from-days, H. Hinnant); the last one is cached. */
function _day(days: number): string {
  if (days === _lastDays) return _lastDay;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  _lastDays = days;
  _lastDay = `${y}-${_2(m)}-${_2(d)}`;
  return _lastDay;
}
