/**
 * Sign-ins from a Log Analytics workspace, counted in the workspace: the window is cut into slices
 * (30 days) queried oldest first. Per slice, first the rows that may fold into one sign-in with
 * others (interrupt then completion, duplicates) come back in time order, for the toolkit's own
 * merge, in parts of the slice when they are too many for one result; then the sign-ins that are
 * one row each are summarized in parts, each by the values its report sections read (rows back
 * grow with distinct keys per part, not with sign-ins).
 *
 * Splitting, so a result is never silently truncated:
 * - a counting result the service cuts at its row or size limit (or larger than the client
 *   takes) is asked again as two **user shares** of the same slice (`hash(user key, 2n) == k`,
 *   see lib/log_analytics/kql.ts `LaShare`; a row without a user, such as a service principal's,
 *   by its correlation id), up to {@linkcode MAX_SHARES}: each
 *   user's counted keys come back once per slice, so the counting's bytes grow with users, not
 *   with users × slices (halving the time, as before, repeated every user's keys in every
 *   slice). A (correlation id, user) pair lies in one share, so each share's `Merged` is exact;
 *   ids seen more than once (`Copies`) are counted over every share, so a copy is never counted
 *   as a sign-in of its own whichever share it falls in. A share of `MAX_SHARES` still too large
 *   (one user's keys too many), or a counting query that cannot finish in time (more shares would
 *   not help: each reads a few columns of the whole slice), is counted in halves of its time, each
 *   decided against the whole slice's neighbourhood, down to one minute;
 * - a result of rows to merge too large or too slow halves its part of the slice (down to one
 *   minute); a first part of a slice that still cannot finish in time when a sixteenth of the
 *   slice halves the slice itself (every query of a slice reads a few columns of the whole slice
 *   and its neighbours, and nothing of the slice has been handed on yet).
 *   The rows to merge are not cut into shares: the merge reads them in time order across slices
 *   (an interrupt late in one slice, its completion early in the next), which shares would break;
 *   they are each sent once whatever the slicing, so their bytes grow with sign-ins anyway;
 * - later slices keep the shorter lengths and the shares (a workspace's volume per day changes
 *   slowly), so an oversized result is paid for once.
 *
 * Rows are mapped by the same mapper as Log Analytics export files, so a workspace run and a file
 * run over the same rows count the same.
 *
 * @module
 */
import type { SignInEventType } from "../classify/mod.ts";
import { mapLogAnalyticsSignIn } from "../signins/map_log_analytics.ts";
import type { SignIn, SignInSource } from "../signins/sign_in.ts";
import { type LaClient, LaQueryError, type LaResult } from "./client.ts";
import { decodeCountedRows, decodeMergeRows } from "./dictionary.ts";
import {
  countedPartsOf,
  groupedSignInsQuery,
  LA_COUNTED_PARTS,
  type LaCountedPart,
  type LaCountingMode,
  type LaRowFilter,
  type LaShare,
  mergeRowsQuery,
  type TimeSlice,
} from "./kql.ts";

/** How the window is sliced. */
export interface LaSliceOptions {
  /** The report window. */
  window: TimeSlice;
  /** Event types (tables). */
  eventTypes: readonly SignInEventType[];
  /** First slice length, ms @default one day */
  sliceMs?: number;
  /** Shortest slice before a too-large or timed-out query fails the run, ms @default one minute */
  minSliceMs?: number;
  /** Sign-ins counted in parts (fewest rows) or whole (for a row filter) @default "parts" */
  counting?: LaCountingMode;
  /** `--user` / `--app`, pushed down. */
  filter?: LaRowFilter;
  /** Sign-ins handed on at a time (counted groups, rows to merge) @default 2000 */
  batchSize?: number;
}

/**
 * The first slice length: 30 days. What a slice returns grows with distinct keys (users × apps ×
 * outcomes …), so longer slices return fewer rows per sign-in; a slice too large is split anyway.
 */
export const DEFAULT_SLICE_MS = 30 * 86_400_000;

/** What the source did (for the report's sources and the benchmark). */
export interface LaSourceStats {
  /** Queries that returned a complete result. */
  slices: number;
  /** Queries asked again smaller because the result was too large or too slow (a counting share cut in two, a slice or part halved). */
  splits: number;
  /** Rows received (grouped, raw and dictionary rows). */
  rows: number;
  /** Of them: rows of counted groups. */
  groupRows: number;
  /** Of them: dictionary rows (values sent once per result). */
  dictionaryRows: number;
  /** Sign-ins those groups stand for. */
  groupedSignIns: number;
  /** Rows the mapper could not read. */
  badRows: number;
  /** The first of them. */
  badRowSamples: { line: number; reason: string }[];
}

/**
 * Zeroed {@linkcode LaSourceStats}.
 *
 * @example
 * ```ts
 * import { createLaSourceStats } from "./source.ts";
 * import assert from "node:assert/strict";
 * assert.equal(createLaSourceStats().slices, 0);
 * ```
 */
export function createLaSourceStats(): LaSourceStats {
  return {
    slices: 0,
    splits: 0,
    rows: 0,
    groupRows: 0,
    dictionaryRows: 0,
    groupedSignIns: 0,
    badRows: 0,
    badRowSamples: [],
  };
}

/**
 * Cuts a window into slices of at most `sliceMs`, oldest first.
 *
 * @example
 * ```ts
 * import { sliceWindow } from "./source.ts";
 * import assert from "node:assert/strict";
 * const s = sliceWindow({ from: new Date("2026-11-01T12:00:00Z"), to: new Date("2026-11-03T00:00:00Z") }, 86_400_000);
 * assert.deepEqual(s.map((x) => x.to.toISOString()), ["2026-11-02T12:00:00.000Z", "2026-11-03T00:00:00.000Z"]);
 * ```
 */
export function sliceWindow(w: TimeSlice, sliceMs: number): TimeSlice[] {
  const out: TimeSlice[] = [];
  for (let t = w.from.getTime(); t < w.to.getTime(); t += sliceMs) {
    out.push({ from: new Date(t), to: new Date(Math.min(t + sliceMs, w.to.getTime())) });
  }
  return out;
}

/**
 * The `timespan` sent with a slice's query: the service applies it to `TimeGenerated` (ingestion
 * time), so it is padded (a day before, two after) and the query filters `CreatedDateTime`.
 */
export function timespanOf(slice: TimeSlice): string {
  const from = new Date(slice.from.getTime() - 86_400_000).toISOString();
  const to = new Date(slice.to.getTime() + 2 * 86_400_000).toISOString();
  return `${from}/${to}`;
}

/**
 * Sign-ins the workspace counted: `count` sign-ins alike in every column of their part (see
 * {@linkcode LA_COUNTED_PARTS}; the other columns are absent).
 */
export interface CountedSignIns {
  /** Which part of the sign-ins the group counts. */
  part: LaCountedPart;
  /** One of them, dated at the group's first time (a failure: its own time). */
  first: SignIn;
  /** The same dated at the group's last time. */
  last: SignIn;
  /** How many. */
  count: number;
}

/** One slice's data: counted groups, and the rows left for the toolkit's merge (time order). */
export interface LaSliceData {
  /** Counted groups. */
  counted: CountedSignIns[];
  /** Rows that may merge with others. */
  rows: SignIn[];
}

/**
 * A result's rows as objects keyed by column name, made as they are read (each pass makes them
 * again: a result of many compact rows is never held twice over).
 */
function rowObjects(
  result: { columns: { name: string }[]; rows: unknown[][] },
): Iterable<Record<string, unknown>> {
  const names = result.columns.map((c) => c.name);
  return {
    *[Symbol.iterator]() {
      for (const cells of result.rows) {
        const o: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) o[names[i]!] = cells[i];
        yield o;
      }
    },
  };
}

/**
 * Sign-ins handed to the caller at a time: a result's rows are decoded, mapped and given in
 * batches, so memory holds one result's compact rows and one batch of sign-ins.
 */
const DEFAULT_BATCH = 2_000;

/** Why a query gave no complete result that a smaller query may cure. */
type Curable = "tooLarge" | "timeout";

/**
 * Runs one query. A result the service cuts at its row or size limit (or larger than the client
 * takes), or one that cannot finish in time, is counted as a split and its failure returned for
 * the caller to ask a smaller question; any other failure is thrown.
 *
 * @returns the result, or why a smaller query is needed
 * @throws {LaQueryError} for a failure a smaller query cannot cure
 */
async function queryOrSplit(
  client: LaClient,
  kql: string,
  timespan: string,
  stats: LaSourceStats,
): Promise<{ result: LaResult } | { failed: Curable; error: LaQueryError }> {
  try {
    return { result: await client.query(kql, timespan) };
  } catch (e) {
    if (e instanceof LaQueryError && (e.kind === "tooLarge" || e.kind === "timeout")) {
      stats.splits++;
      return { failed: e.kind, error: e };
    }
    throw e;
  }
}

/** Half a length, never below `min`. */
function halve(length: number, min: number): number {
  return Math.max(min, Math.floor(length / 2));
}

/**
 * Most shares a slice's counting is cut into ({@linkcode LaShare}); a share of this many still too
 * large (one user's keys too many) is counted in halves of its time instead.
 */
export const MAX_SHARES = 64;

/** A counting query's question: one share of the slice's sign-ins, over part of the slice. */
interface CountingAsk {
  /** The share (`n` 1: every sign-in, no share clause). */
  share: LaShare;
  /** The part of the slice whose sign-ins it counts. */
  rows: TimeSlice;
}

/**
 * Reads the window: per slice, the counted groups and the rows to merge.
 *
 * @param client the query client
 * @param options window, tables, slicing
 * @param stats filled in as it goes
 * @throws {LaQueryError} for a result that cannot be had complete
 */
export async function* laSignInBatches(
  client: LaClient,
  options: LaSliceOptions,
  stats: LaSourceStats,
): AsyncGenerator<LaSliceData> {
  const minSlice = options.minSliceMs ?? 60_000;
  // Adaptive: a slice whose rows to merge cannot be read in time is halved, a counting result too
  // large or too slow is cut into user shares (then halves of its time), and later slices keep the
  // smaller length and the shares (a workspace's volume per day changes slowly), so an oversized
  // result is paid for once.
  const source: SignInSource = { format: "la-json", file: `Log Analytics ${client.endpoint.root}` };
  let span = options.sliceMs ?? DEFAULT_SLICE_MS;
  // the rows to merge are read in parts of the slice when they are too many for one result
  let rowSpan = span;
  let shares = 1;
  const counting = options.counting ?? "parts";
  const filter = options.filter ?? {};
  const parts: readonly string[] = countedPartsOf(counting);
  const batch = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const timespan = timespanOf(options.window);
  const bad = (reason: string) => {
    stats.badRows++;
    if (stats.badRowSamples.length < 5) stats.badRowSamples.push({ line: stats.rows, reason });
  };
  let cursor = options.window.from.getTime();
  const end = options.window.to.getTime();
  slices: while (cursor < end) {
    const slice = { from: new Date(cursor), to: new Date(Math.min(cursor + span, end)) };
    const length = slice.to.getTime() - slice.from.getTime();
    // First the rows to merge, part by part in time order (each part is given to the caller before
    // the next is asked for: memory holds one result; the merge reads them in time order across
    // slices). A part too large or too slow is halved; a first part that still cannot finish in
    // time when a sixteenth of the slice halves the slice itself (every query of a slice reads a
    // few columns of the whole slice and its neighbours): nothing of the slice has been handed on.
    let first = true;
    for (let at = slice.from.getTime(); at < slice.to.getTime();) {
      const part = { from: new Date(at), to: new Date(Math.min(at + rowSpan, slice.to.getTime())) };
      const partLength = part.to.getTime() - part.from.getTime();
      const raw = await queryOrSplit(
        client,
        mergeRowsQuery(options.eventTypes, slice, filter, part, options.window),
        timespan,
        stats,
      );
      if ("failed" in raw) {
        if (first && raw.failed === "timeout" && partLength * 16 <= length && length > minSlice) {
          span = halve(length, minSlice);
          rowSpan = Math.min(rowSpan, span);
          continue slices;
        }
        if (partLength <= minSlice) throw raw.error;
        rowSpan = halve(partLength, minSlice);
        continue;
      }
      first = false;
      at = part.to.getTime();
      let rows: SignIn[] = [];
      const decoded = decodeMergeRows(rowObjects(raw.result), options.eventTypes, filter);
      stats.rows += decoded.dictionaryRows;
      stats.dictionaryRows += decoded.dictionaryRows;
      for (const o of decoded.rows) {
        stats.rows++;
        const m = mapLogAnalyticsSignIn(o, { source, eventType: null }, stats.rows);
        if (m.kind === "signIn") rows.push(m.signIn);
        else bad(m.reason);
        if (rows.length >= batch) {
          yield { counted: [], rows };
          rows = [];
        }
      }
      // a pair's second row was made here, not received
      stats.rows -= decoded.made ?? 0;
      yield { counted: [], rows };
    }
    cursor = slice.to.getTime();
    stats.slices++;
    // Then the counted groups, share by share: a share too large is cut in two shares (a user's
    // keys come back once per slice, whatever the tenant's size); one of `MAX_SHARES` still too
    // large, or one that cannot finish in time, is counted in halves of its time.
    const asks: CountingAsk[] = Array.from(
      { length: shares },
      (_, k) => ({ share: { k, n: shares }, rows: slice }),
    );
    for (let ask = asks.shift(); ask !== undefined; ask = asks.shift()) {
      const { share, rows } = ask;
      const grouped = await queryOrSplit(
        client,
        groupedSignInsQuery(
          options.eventTypes,
          slice,
          counting,
          filter,
          options.window,
          share.n > 1 ? share : undefined,
          rows,
        ),
        timespan,
        stats,
      );
      if ("failed" in grouped) {
        const rowsLength = rows.to.getTime() - rows.from.getTime();
        // a result too large: more shares (each user's keys still once per slice); too slow: less
        // time (a share reads the whole slice's few columns all the same)
        if (grouped.failed === "tooLarge" && share.n * 2 <= MAX_SHARES) {
          const n = share.n * 2;
          shares = Math.max(shares, n);
          asks.unshift({ share: { k: share.k, n }, rows }, { share: { k: share.k + share.n, n }, rows });
        } else if (rowsLength > minSlice) {
          const mid = new Date(rows.from.getTime() + halve(rowsLength, minSlice));
          asks.unshift({ share, rows: { from: rows.from, to: mid } }, {
            share,
            rows: { from: mid, to: rows.to },
          });
        } else throw grouped.error;
        continue;
      }
      let counted: CountedSignIns[] = [];
      const groups = decodeCountedRows(rowObjects(grouped.result), options.eventTypes, counting, filter);
      stats.rows += groups.dictionaryRows;
      stats.dictionaryRows += groups.dictionaryRows;
      for (const o of groups.rows) {
        stats.rows++;
        stats.groupRows++;
        const count = Number(o.SignIns);
        if (!Number.isSafeInteger(count) || count < 1) {
          bad(`a counted group has SignIns ${JSON.stringify(o.SignIns)}, expected a whole number ≥ 1`);
          continue;
        }
        const part = o.Part;
        if (typeof part !== "string" || !parts.includes(part)) {
          bad(`a counted group has Part ${JSON.stringify(part)}, expected one of ${parts.join(", ")}`);
          continue;
        }
        const ip = LA_COUNTED_PARTS[part as LaCountedPart].eventIp && o.EventIp !== "" ? o.EventIp : null;
        const base = { ...o, Id: null, CorrelationId: null, IPAddress: ip };
        const first = mapLogAnalyticsSignIn({ ...base, CreatedDateTime: o.FirstTime }, {
          source,
          eventType: null,
        }, stats.rows);
        // LastTime is null when it is FirstTime
        const last = mapLogAnalyticsSignIn({ ...base, CreatedDateTime: o.LastTime ?? o.FirstTime }, {
          source,
          eventType: null,
        }, stats.rows);
        if (first.kind === "bad") bad(first.reason);
        else if (last.kind === "bad") bad(last.reason);
        else {
          counted.push({ part: part as LaCountedPart, first: first.signIn, last: last.signIn, count });
          if (part === "user" || part === "whole") stats.groupedSignIns += count;
          if (counted.length >= batch) {
            yield { counted, rows: [] };
            counted = [];
          }
        }
      }
      yield { counted, rows: [] };
    }
  }
}
