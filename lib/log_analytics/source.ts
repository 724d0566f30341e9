/**
 * Sign-in rows from a Log Analytics workspace, in time order, in batches: the window is cut into
 * day slices queried oldest first; a slice the service cuts at its row or size limit, or cannot
 * finish in time, is split in half and queried again (down to one minute), so a result is never
 * silently truncated. Rows are mapped by the same mapper as Log Analytics export files, so a
 * workspace run and a file run over the same rows count the same.
 *
 * @module
 */
import type { SignInEventType } from "../classify/mod.ts";
import { mapLogAnalyticsSignIn } from "../signins/map_log_analytics.ts";
import type { SignIn, SignInSource } from "../signins/sign_in.ts";
import { type LaClient, LaQueryError } from "./client.ts";
import { signInRowsQuery, type TimeSlice } from "./kql.ts";

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
}

/** What the source did (for the report's sources and the benchmark). */
export interface LaSourceStats {
  /** Queries that returned a complete result. */
  slices: number;
  /** Slices split because the result was too large or too slow. */
  splits: number;
  /** Rows received. */
  rows: number;
  /** Rows the mapper could not read. */
  badRows: number;
  /** The first of them. */
  badRowSamples: { line: number; reason: string }[];
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
 * Reads the window's sign-in rows.
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
): AsyncGenerator<SignIn[]> {
  const minSlice = options.minSliceMs ?? 60_000;
  const todo = sliceWindow(options.window, options.sliceMs ?? 86_400_000);
  const source: SignInSource = { format: "la-json", file: `Log Analytics ${client.endpoint.root}` };
  while (todo.length > 0) {
    const slice = todo.shift()!;
    let result;
    try {
      result = await client.query(signInRowsQuery(options.eventTypes, slice), timespanOf(slice));
    } catch (e) {
      const span = slice.to.getTime() - slice.from.getTime();
      if (e instanceof LaQueryError && (e.kind === "tooLarge" || e.kind === "timeout") && span > minSlice) {
        const mid = new Date(slice.from.getTime() + Math.floor(span / 2));
        todo.unshift({ from: slice.from, to: mid }, { from: mid, to: slice.to });
        stats.splits++;
        continue;
      }
      throw e;
    }
    stats.slices++;
    const names = result.columns.map((c) => c.name);
    const batch: SignIn[] = [];
    for (const cells of result.rows) {
      stats.rows++;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) o[names[i]!] = cells[i];
      const m = mapLogAnalyticsSignIn(o, { source, eventType: null }, stats.rows);
      if (m.kind === "signIn") batch.push(m.signIn);
      else {
        stats.badRows++;
        if (stats.badRowSamples.length < 5) stats.badRowSamples.push({ line: stats.rows, reason: m.reason });
      }
    }
    yield batch;
  }
}
