/**
 * Aggregation of MFA Server activity records into a report summary: outcome totals, counts
 * per code and channel, unknown codes (kept, never dropped), users with the most denials,
 * fraud / blocked / bypass events, cache-based successes, not-reached results, a per-day
 * trend and data-quality counts. Memory grows with the number of distinct users, days and
 * unknown values, never with the number of rows; every list in the summary is in a stable
 * order (counts descending, then name ascending; days and events chronologically).
 *
 * @module
 */
import {
  classifyMfaServerCallResult,
  MFA_SERVER_CHANNELS,
  type MfaServerCallResultCode,
  type MfaServerChannel,
  type MfaServerOutcome,
} from "../classify/mfa_server_call_result.ts";
import { attentionOf, type MfaServerEventKind } from "./attention.ts";
import type { MfaServerColumn } from "./columns.ts";
import type { CsvDelimiter } from "../io/csv_records.ts";
import type { TextEncodingName } from "../io/decode.ts";
import { CountMap } from "../report/count_map.ts";
import type { MfaServerInputFormat, MfaServerRecord, MfaServerRowRecord } from "./reader.ts";

/** Options of {@linkcode createMfaServerTally} and {@linkcode summarizeMfaServerActivity}. */
export interface MfaServerTallyOptions {
  /** How many users each ranking lists. @default 10 */
  top?: number;
  /** How many fraud / blocked / bypass rows are kept for listing, per group. @default 1000 */
  maxEvents?: number;
  /** How many bad rows and unparseable dates are kept as examples. @default 20 */
  maxExamples?: number;
  /** Distinct unknown call-result values tracked; later ones are counted under {@linkcode OTHER_UNKNOWN}. @default 1000 */
  maxUnknownValues?: number;
}

/** The bucket for unknown values beyond `maxUnknownValues`. */
export const OTHER_UNKNOWN = "(other unknown values)";

/** Rows by outcome. `rows` = allowed + denied + pending + depends + unknown. */
export interface OutcomeCounts {
  /** All classified rows. */
  rows: number;
  /** Rows whose call result allowed the sign-in (includes cache and bypass). */
  allowed: number;
  /** Rows whose call result refused the sign-in (includes blocked users and fraud reports). */
  denied: number;
  /** Text message sent or OATH code asked, with no final answer in the row. */
  pending: number;
  /** `SUCCESS_WITH_PIN` / `SUCCESS_NO_PIN`: allowed or denied depending on the user's PIN mode. */
  depends: number;
  /** Call results that are not one of the 45 documented codes. */
  unknown: number;
}

/** One input file as read. */
export interface MfaServerFileSummary {
  /** The path as given. */
  file: string;
  /** CSV export or plain list of codes. */
  format: MfaServerInputFormat;
  /** Text encoding detected. */
  encoding: TextEncodingName;
  /** Field delimiter (CSV only). */
  delimiter?: CsvDelimiter;
  /** The header used for each column found. */
  columns: { [K in MfaServerColumn]?: string };
  /** Rows read from this file (bad lines not included). */
  rows: number;
  /** Lines of this file that could not be used. */
  badRows: number;
}

/** A fraud, blocked or bypass row, listed with who and when. */
export interface MfaServerEvent {
  /** Which list the row belongs to. */
  kind: MfaServerEventKind;
  /** The row's call result. */
  code: MfaServerCallResultCode;
  /** The file the row is in. */
  file: string;
  /** The line the row starts on. */
  line: number;
  /** The user, when the export has one. */
  user?: string;
  /** ISO time (UTC) when the date parsed. */
  when?: string;
  /** The date cell as written, when it did not parse. */
  whenRaw?: string;
  /** Authentication type, when the export has one. */
  method?: string;
  /** Application, when the export has one. */
  application?: string;
  /** IP address, when the export has one. */
  ip?: string;
  /** Phone number, when the export has one. */
  phone?: string;
}

/** A user in a ranking. */
export interface MfaServerRankedUser {
  /** The user as first written in the export (grouping ignores case). */
  user: string;
  /** The ranked count (denials, cache successes, …). */
  count: number;
  /** All the user's rows. */
  rows: number;
  /** The user's most frequent code among the counted rows (ties: first in code order). */
  topCode: MfaServerCallResultCode;
}

/** Counts of a follow-up group, by code and by user. */
export interface MfaServerGroupSummary {
  /** Rows in the group. */
  count: number;
  /** Rows per code of the group, count descending then code. */
  codes: { code: MfaServerCallResultCode; count: number }[];
  /** Users with the most rows in the group, count descending then user. */
  topUsers: MfaServerRankedUser[];
  /** Users of the group not in `topUsers`, and their rows. */
  moreUsers: MfaServerMore;
}

/** What a top-N user list leaves out: users and their counted rows (the "N more" row). */
export interface MfaServerMore {
  /** Users not listed. */
  users: number;
  /** Their counted rows. */
  count: number;
}

/** Everything the report renders. */
export interface MfaServerSummary {
  /** Users listed per ranking. */
  top: number;
  /** The input files, in the order read. */
  files: MfaServerFileSummary[];
  /** Rows by outcome, plus the lines that could not be used. */
  totals: OutcomeCounts & { badRows: number };
  /** Known codes seen, count descending then code. */
  codes: { code: MfaServerCallResultCode; count: number }[];
  /** Unknown values seen (trimmed), count descending then value, with where first seen. */
  unknownCodes: { value: string; count: number; file: string; line: number }[];
  /** Every channel (also those with 0 rows), rows descending then id. Unknown codes have no channel. */
  channels: ({ channel: MfaServerChannel } & Omit<OutcomeCounts, "unknown">)[];
  /** Distinct users (case-insensitive), rows without a user, and the users with the most denials. */
  users: {
    distinct: number;
    rowsWithoutUser: number;
    topDenied: MfaServerRankedUser[];
    /** Denied users not in `topDenied`, and their denials. */
    moreDenied: MfaServerMore;
  };
  /** Fraud, blocked and bypass rows: total and the first `maxEvents`, in time order. */
  events: Record<MfaServerEventKind, { count: number; listed: MfaServerEvent[] }>;
  /** Rows allowed from the cache (MFA skipped after a recent success). */
  cache: MfaServerGroupSummary;
  /** Timeouts, voicemail, unreachable phone or device. */
  notReached: MfaServerGroupSummary;
  /** Rows per UTC day, oldest first (rows without a parsed date are not in any day). */
  days: ({ day: string } & OutcomeCounts)[];
  /** Date cells: parsed, not understood (with examples), missing; first and last ISO time. */
  timestamps: {
    parsed: number;
    invalid: number;
    missing: number;
    first?: string;
    last?: string;
    invalidExamples: { value: string; file: string; line: number }[];
  };
  /** The first `maxExamples` lines that could not be used. */
  badRowExamples: { file: string; line: number; reason: string }[];
}

/** Adds records one at a time; `summary()` can be called at any point. */
export interface MfaServerTally {
  /** Counts one record (header, row or bad line). */
  add(record: MfaServerRecord): void;
  /** A snapshot of the counts so far, with every list sorted. */
  summary(): MfaServerSummary;
}

interface UserState {
  display: string;
  rows: number;
  denied: CodeCounts;
  cache: CodeCounts;
  notReached: CodeCounts;
}

/** Code-point order, independent of the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyCounts(): OutcomeCounts {
  return { rows: 0, allowed: 0, denied: 0, pending: 0, depends: 0, unknown: 0 };
}

/** Counts per documented code; unbounded (there are 45), so never the overflow key. */
type CodeCounts = CountMap<MfaServerCallResultCode>;

function codeCounts(): CodeCounts {
  return new CountMap(Infinity);
}

function sortedCodes(m: CodeCounts): { code: MfaServerCallResultCode; count: number }[] {
  return m.entries().map(({ key, count }) => ({ code: key as MfaServerCallResultCode, count }));
}

function rank(
  users: Iterable<UserState>,
  pick: (u: UserState) => CodeCounts,
  top: number,
) {
  const ranked: MfaServerRankedUser[] = [];
  for (const u of users) {
    const m = pick(u);
    if (m.size === 0) continue;
    ranked.push({ user: u.display, count: m.total, rows: u.rows, topCode: sortedCodes(m)[0]!.code });
  }
  ranked.sort((a, b) => b.count - a.count || cmp(a.user, b.user));
  const rest = ranked.slice(top);
  return {
    list: ranked.slice(0, top),
    more: { users: rest.length, count: rest.reduce((n, u) => n + u.count, 0) } satisfies MfaServerMore,
  };
}

function eventOrder(a: MfaServerEvent, b: MfaServerEvent): number {
  if (a.when !== b.when) {
    if (a.when === undefined) return 1;
    if (b.when === undefined) return -1;
    return cmp(a.when, b.when);
  }
  return cmp(a.user ?? "", b.user ?? "") || cmp(a.file, b.file) || a.line - b.line;
}

function countOutcome(c: OutcomeCounts | Omit<OutcomeCounts, "unknown">, outcome: MfaServerOutcome): void {
  c.rows++;
  switch (outcome) {
    case "allowed":
      c.allowed++;
      break;
    case "denied":
      c.denied++;
      break;
    case "pending":
      c.pending++;
      break;
    case "depends":
      c.depends++;
      break;
    default: {
      const never: never = outcome;
      throw new TypeError(`Cannot count outcome: unexpected ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Creates an empty tally.
 *
 * @param options ranking size and list limits
 *
 * @example Counting two rows
 * ```ts
 * import { createMfaServerTally } from "./aggregate.ts";
 * import assert from "node:assert/strict";
 * const tally = createMfaServerTally();
 * tally.add({ kind: "header", file: "codes.txt", format: "codeList", encoding: "utf-8", columns: {} });
 * tally.add({ kind: "row", file: "codes.txt", line: 1, callResult: "SUCCESS_WITH_PIN", timestamp: { kind: "missing" } });
 * tally.add({ kind: "row", file: "codes.txt", line: 2, callResult: "FAILED_NEW", timestamp: { kind: "missing" } });
 * const s = tally.summary();
 * assert.deepEqual(s.totals, { rows: 2, allowed: 0, denied: 0, pending: 0, depends: 1, unknown: 1, badRows: 0 });
 * assert.deepEqual(s.unknownCodes, [{ value: "FAILED_NEW", count: 1, file: "codes.txt", line: 2 }]);
 * ```
 */
export function createMfaServerTally(options: MfaServerTallyOptions = {}): MfaServerTally {
  return new Tally(options);
}

/** The tally {@linkcode createMfaServerTally} returns. */
class Tally implements MfaServerTally {
  readonly #top: number;
  readonly #maxEvents: number;
  readonly #maxExamples: number;
  readonly #maxUnknown: number;
  readonly #files: MfaServerFileSummary[] = [];
  readonly #totals = { ...emptyCounts(), badRows: 0 };
  readonly #codes = codeCounts();
  readonly #unknown = new Map<string, { count: number; file: string; line: number }>();
  readonly #channels = new Map<MfaServerChannel, Omit<OutcomeCounts, "unknown">>();
  readonly #users = new Map<string, UserState>();
  #rowsWithoutUser = 0;
  readonly #events: MfaServerSummary["events"] = {
    fraud: { count: 0, listed: [] },
    blocked: { count: 0, listed: [] },
    bypass: { count: 0, listed: [] },
  };
  readonly #cacheCodes = codeCounts();
  readonly #notReachedCodes = codeCounts();
  readonly #days = new Map<string, OutcomeCounts>();
  readonly #ts: MfaServerSummary["timestamps"] = { parsed: 0, invalid: 0, missing: 0, invalidExamples: [] };
  readonly #badRowExamples: MfaServerSummary["badRowExamples"] = [];
  #current: MfaServerFileSummary | undefined;

  constructor(options: MfaServerTallyOptions) {
    this.#top = options.top ?? 10;
    this.#maxEvents = options.maxEvents ?? 1000;
    this.#maxExamples = options.maxExamples ?? 20;
    this.#maxUnknown = options.maxUnknownValues ?? 1000;
    for (const ch of Object.keys(MFA_SERVER_CHANNELS) as MfaServerChannel[]) {
      this.#channels.set(ch, { rows: 0, allowed: 0, denied: 0, pending: 0, depends: 0 });
    }
  }

  #fileOf(name: string): MfaServerFileSummary {
    if (this.#current?.file === name) return this.#current;
    // A row without its header record (direct use of the tally): register the file.
    this.#current = { file: name, format: "csv", encoding: "utf-8", columns: {}, rows: 0, badRows: 0 };
    this.#files.push(this.#current);
    return this.#current;
  }

  #addRow(r: MfaServerRowRecord): void {
    this.#fileOf(r.file).rows++;
    const c = classifyMfaServerCallResult(r.callResult);
    let day: OutcomeCounts | undefined;
    switch (r.timestamp.kind) {
      case "parsed": {
        this.#ts.parsed++;
        const iso = r.timestamp.iso;
        if (this.#ts.first === undefined || iso < this.#ts.first) this.#ts.first = iso;
        if (this.#ts.last === undefined || iso > this.#ts.last) this.#ts.last = iso;
        day = this.#days.get(r.timestamp.day);
        if (day === undefined) this.#days.set(r.timestamp.day, day = emptyCounts());
        break;
      }
      case "invalid":
        this.#ts.invalid++;
        if (this.#ts.invalidExamples.length < this.#maxExamples) {
          this.#ts.invalidExamples.push({ value: r.timestamp.raw, file: r.file, line: r.line });
        }
        break;
      case "missing":
        this.#ts.missing++;
        break;
    }
    let u: UserState | undefined;
    if (r.user === undefined) this.#rowsWithoutUser++;
    else {
      const key = r.user.toLowerCase();
      u = this.#users.get(key);
      if (u === undefined) {
        this.#users.set(
          key,
          u = {
            display: r.user,
            rows: 0,
            denied: codeCounts(),
            cache: codeCounts(),
            notReached: codeCounts(),
          },
        );
      }
      u.rows++;
    }

    if (c.kind === "unknown") {
      this.#totals.rows++;
      this.#totals.unknown++;
      if (day) {
        day.rows++;
        day.unknown++;
      }
      let value = r.callResult.trim();
      if (!this.#unknown.has(value) && this.#unknown.size >= this.#maxUnknown) value = OTHER_UNKNOWN;
      const seen = this.#unknown.get(value);
      if (seen) seen.count++;
      else this.#unknown.set(value, { count: 1, file: r.file, line: r.line });
      return;
    }

    countOutcome(this.#totals, c.outcome);
    if (day) countOutcome(day, c.outcome);
    countOutcome(this.#channels.get(c.channel)!, c.outcome);
    this.#codes.add(c.code);
    if (u && c.outcome === "denied") u.denied.add(c.code);

    const group = attentionOf(c.code);
    switch (group) {
      case undefined:
        break;
      case "cache":
        this.#cacheCodes.add(c.code);
        if (u) u.cache.add(c.code);
        break;
      case "notReached":
        this.#notReachedCodes.add(c.code);
        if (u) u.notReached.add(c.code);
        break;
      case "fraud":
      case "blocked":
      case "bypass": {
        const bucket = this.#events[group];
        bucket.count++;
        if (bucket.listed.length >= this.#maxEvents) break;
        const e: MfaServerEvent = { kind: group, code: c.code, file: r.file, line: r.line };
        if (r.user !== undefined) e.user = r.user;
        if (r.timestamp.kind === "parsed") e.when = r.timestamp.iso;
        else if (r.timestamp.kind === "invalid") e.whenRaw = r.timestamp.raw;
        for (const k of ["method", "application", "ip", "phone"] as const) {
          const v = r[k];
          if (v !== undefined) e[k] = v;
        }
        bucket.listed.push(e);
        break;
      }
      default: {
        const never: never = group;
        throw new TypeError(`Cannot group code: unexpected ${JSON.stringify(never)}`);
      }
    }
  }

  add(record: MfaServerRecord): void {
    switch (record.kind) {
      case "header":
        this.#current = {
          file: record.file,
          format: record.format,
          encoding: record.encoding,
          columns: { ...record.columns },
          rows: 0,
          badRows: 0,
        };
        if (record.delimiter !== undefined) this.#current.delimiter = record.delimiter;
        this.#files.push(this.#current);
        break;
      case "row":
        this.#addRow(record);
        break;
      case "bad":
        this.#fileOf(record.file).badRows++;
        this.#totals.badRows++;
        if (this.#badRowExamples.length < this.#maxExamples) {
          this.#badRowExamples.push({ file: record.file, line: record.line, reason: record.reason });
        }
        break;
      default: {
        const never: never = record;
        throw new TypeError(`Cannot add record: unexpected ${JSON.stringify(never)}`);
      }
    }
  }

  summary(): MfaServerSummary {
    const userStates = [...this.#users.values()];
    const denied = rank(userStates, (u) => u.denied, this.#top);
    const cache = rank(userStates, (u) => u.cache, this.#top);
    const notReached = rank(userStates, (u) => u.notReached, this.#top);
    const timestamps: MfaServerSummary["timestamps"] = {
      parsed: this.#ts.parsed,
      invalid: this.#ts.invalid,
      missing: this.#ts.missing,
      invalidExamples: [...this.#ts.invalidExamples],
    };
    if (this.#ts.first !== undefined) timestamps.first = this.#ts.first;
    if (this.#ts.last !== undefined) timestamps.last = this.#ts.last;
    return {
      top: this.#top,
      files: this.#files.map((f) => ({ ...f, columns: { ...f.columns } })),
      totals: { ...this.#totals },
      codes: sortedCodes(this.#codes),
      unknownCodes: [...this.#unknown].map(([value, v]) => ({ value, ...v }))
        .sort((a, b) => b.count - a.count || cmp(a.value, b.value)),
      channels: [...this.#channels].map(([channel, v]) => ({ channel, ...v }))
        .sort((a, b) => b.rows - a.rows || cmp(a.channel, b.channel)),
      users: {
        distinct: this.#users.size,
        rowsWithoutUser: this.#rowsWithoutUser,
        topDenied: denied.list,
        moreDenied: denied.more,
      },
      events: {
        fraud: { count: this.#events.fraud.count, listed: [...this.#events.fraud.listed].sort(eventOrder) },
        blocked: {
          count: this.#events.blocked.count,
          listed: [...this.#events.blocked.listed].sort(eventOrder),
        },
        bypass: {
          count: this.#events.bypass.count,
          listed: [...this.#events.bypass.listed].sort(eventOrder),
        },
      },
      cache: {
        count: this.#cacheCodes.total,
        codes: sortedCodes(this.#cacheCodes),
        topUsers: cache.list,
        moreUsers: cache.more,
      },
      notReached: {
        count: this.#notReachedCodes.total,
        codes: sortedCodes(this.#notReachedCodes),
        topUsers: notReached.list,
        moreUsers: notReached.more,
      },
      days: [...this.#days].map(([day, v]) => ({ day, ...v })).sort((a, b) => cmp(a.day, b.day)),
      timestamps,
      badRowExamples: [...this.#badRowExamples],
    };
  }
}

/**
 * Reads records to the end and returns the summary.
 *
 * @param records e.g. from `readMfaServerActivity`, one or more files in a row
 * @param options ranking size and list limits
 *
 * @example Summarising records
 * ```ts
 * import { summarizeMfaServerActivity } from "./aggregate.ts";
 * import assert from "node:assert/strict";
 * const s = await summarizeMfaServerActivity([
 *   { kind: "header", file: "a.csv", format: "csv", encoding: "utf-8", columns: { callResult: "Call Result" } },
 *   { kind: "row", file: "a.csv", line: 2, callResult: "FAILED_FRAUD_REPORTED", user: "bob@contoso.example", timestamp: { kind: "missing" } },
 *   { kind: "bad", file: "a.csv", line: 3, reason: "empty call result" },
 * ]);
 * assert.equal(s.totals.denied, 1);
 * assert.equal(s.totals.badRows, 1);
 * assert.equal(s.events.fraud.listed[0]!.user, "bob@contoso.example");
 * ```
 */
export async function summarizeMfaServerActivity(
  records: AsyncIterable<MfaServerRecord> | Iterable<MfaServerRecord>,
  options: MfaServerTallyOptions = {},
): Promise<MfaServerSummary> {
  const tally = createMfaServerTally(options);
  for await (const r of records) tally.add(r);
  return tally.summary();
}
