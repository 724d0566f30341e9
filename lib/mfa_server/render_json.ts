/**
 * The JSON form of the MFA Server activity report (`--format json`), with a versioned schema.
 *
 * @module
 */
import { MFA_SERVER_CALL_RESULTS, type MfaServerCallResultCode } from "../classify/mfa_server_call_result.ts";
import type { MfaServerSummary } from "./aggregate.ts";

/** Version of the JSON document; raised when a field changes meaning or is removed. */
export const MFA_SERVER_REPORT_SCHEMA_VERSION = 1;

/** The JSON document. */
export interface MfaServerReportJson {
  /** {@linkcode MFA_SERVER_REPORT_SCHEMA_VERSION}. */
  schemaVersion: typeof MFA_SERVER_REPORT_SCHEMA_VERSION;
  /** Which report this is. */
  report: "mfa-server-activity";
  /** Times without an offset in the input were read as UTC. */
  timeZone: "UTC";
  /**
   * `rows` = allowed + denied + pending + depends + unknown. `depends` counts `SUCCESS_WITH_PIN`
   * and `SUCCESS_NO_PIN` (allowed or denied depending on the user's PIN mode); `badRows` are
   * lines that could not be used and are not in `rows`.
   */
  totals: MfaServerSummary["totals"];
  /** Known code → rows, only codes that occur; count descending, then code. */
  codes: Partial<Record<MfaServerCallResultCode, number>>;
  /** Unknown values (as written, trimmed), count descending, then value. */
  unknownCodes: { value: string; count: number; firstSeen: string }[];
  /** Channel → rows, every channel; rows descending, then id. Sums to `rows - unknown`. */
  channels: Record<string, number>;
  /** Per channel: rows, allowed, denied, pending, depends. */
  outcomesByChannel: MfaServerSummary["channels"];
  /** Distinct users, rows without a user, users with the most denials (`--top`). */
  users: MfaServerSummary["users"];
  /** Fraud reports: total and rows listed (who, when, phone, IP, application). */
  fraud: MfaServerSummary["events"]["fraud"];
  /** Blocked-user rows: total and rows listed. */
  blocked: MfaServerSummary["events"]["blocked"];
  /** One-time bypasses used: total and rows listed. */
  bypass: MfaServerSummary["events"]["bypass"];
  /** Cache-based successes by code and top users. */
  cache: MfaServerSummary["cache"];
  /** Timeouts, voicemail and unreachable phone or device, by code and top users. */
  notReached: MfaServerSummary["notReached"];
  /** Rows per UTC day by outcome, oldest first. */
  days: MfaServerSummary["days"];
  /** Date cells parsed / not understood / missing; first and last time. */
  timestamps: MfaServerSummary["timestamps"];
  /** Input files: format, encoding, delimiter, columns used, rows, bad lines. */
  files: MfaServerSummary["files"];
  /** The first lines that could not be used, with the reason. */
  badRowExamples: MfaServerSummary["badRowExamples"];
}

/**
 * Builds the JSON document (serialise it with `toJson`).
 *
 * @example Schema version, codes and channels
 * ```ts
 * import { mfaServerReportJson } from "./render_json.ts";
 * import { summarizeMfaServerActivity } from "./aggregate.ts";
 * import assert from "node:assert/strict";
 * const s = await summarizeMfaServerActivity([
 *   { kind: "row", file: "c.txt", line: 1, callResult: "SUCCESS_SMS_SENT", timestamp: { kind: "missing" } },
 * ]);
 * const j = mfaServerReportJson(s);
 * assert.equal(j.schemaVersion, 1);
 * assert.deepEqual(j.codes, { SUCCESS_SMS_SENT: 1 });
 * assert.equal(j.totals.pending, 1);
 * assert.equal(j.channels.sms, 1);
 * ```
 */
export function mfaServerReportJson(s: MfaServerSummary): MfaServerReportJson {
  const codes: Partial<Record<MfaServerCallResultCode, number>> = {};
  for (const c of s.codes) if (Object.hasOwn(MFA_SERVER_CALL_RESULTS, c.code)) codes[c.code] = c.count;
  const channels: Record<string, number> = {};
  for (const c of s.channels) channels[c.channel] = c.rows;
  return {
    schemaVersion: MFA_SERVER_REPORT_SCHEMA_VERSION,
    report: "mfa-server-activity",
    timeZone: "UTC",
    totals: s.totals,
    codes,
    unknownCodes: s.unknownCodes.map((u) => ({
      value: u.value,
      count: u.count,
      firstSeen: `${u.file}:${u.line}`,
    })),
    channels,
    outcomesByChannel: s.channels,
    users: s.users,
    fraud: s.events.fraud,
    blocked: s.events.blocked,
    bypass: s.events.bypass,
    cache: s.cache,
    notReached: s.notReached,
    days: s.days,
    timestamps: s.timestamps,
    files: s.files,
    badRowExamples: s.badRowExamples,
  };
}
