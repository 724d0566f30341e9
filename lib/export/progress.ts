/**
 * Progress and summary lines of a sign-in export (pure formatting).
 *
 * @module
 */
import { formatNumber } from "../report/markdown.ts";
import { formatDuration } from "../time/duration.ts";

/** A snapshot of a running export. */
export interface ExportProgress {
  /** Slices finished (all runs). */
  slicesDone: number;
  /** Slices not finished. */
  slicesLeft: number;
  /** Cursors reading now. */
  cursors: number;
  /** Sign-ins written (all runs). */
  signIns: number;
  /** Requests sent in this run. */
  requests: number;
  /** 429s received in this run. */
  throttled: number;
  /** Requests per second over the last few seconds. */
  requestsPerSecond: number;
  /** The budget in requests per second (undefined: none). */
  budgetPerSecond: number | undefined;
  /** Requests in the budget's current sliding window, against what it allows (undefined: no budget). */
  window?: BudgetWindowUse;
  /** Share of the window × event types covered, 0–1 (an estimate). */
  fractionDone: number;
  /** Estimated time left, ms (undefined until there is a basis). */
  etaMs: number | undefined;
}

/** Requests counted in one sliding window of the request budget (lib/graph/budget.ts). */
export interface BudgetWindowUse {
  /** Requests in the window. */
  used: number;
  /** Requests the budget allows per window. */
  requests: number;
  /** The window, ms. */
  windowMs: number;
}

function windowText(w: BudgetWindowUse, what: string): string {
  return `${w.used}/${w.requests} requests ${what} ${round2(w.windowMs / 1000)} s budget window (${
    Math.round((100 * w.used) / w.requests)
  }%)`;
}

/**
 * The status line shown on a terminal. The rate is a plain figure; the budget is shown as what
 * it limits, requests in its sliding window (so a burst at the start reads "5/5", not 10,000 %).
 *
 * @example
 * ```ts
 * import { formatExportProgress } from "./progress.ts";
 * import assert from "node:assert/strict";
 * const line = formatExportProgress({ slicesDone: 3, slicesLeft: 5, cursors: 4, signIns: 12345, requests: 40,
 *   throttled: 1, requestsPerSecond: 52.03, budgetPerSecond: 0.5, window: { used: 5, requests: 5, windowMs: 10_250 },
 *   fractionDone: 0.375, etaMs: 125_000 });
 * assert.equal(line, "slices 3/8 (4 reading) · 12,345 sign-ins · 52.03 requests/s · 5/5 requests in the last " +
 *   "10.25 s budget window (100%) · 1 × 429 · 37% · ETA 2m 05s");
 * ```
 */
export function formatExportProgress(p: ExportProgress): string {
  const rate = `${round2(p.requestsPerSecond)} requests/s` +
    (p.window ? ` · ${windowText(p.window, "in the last")}` : "");
  return [
    `slices ${p.slicesDone}/${p.slicesDone + p.slicesLeft} (${p.cursors} reading)`,
    `${formatNumber(p.signIns)} sign-ins`,
    rate,
    ...(p.throttled > 0 ? [`${p.throttled} × 429`] : []),
    `${Math.floor(100 * p.fractionDone)}%`,
    `ETA ${p.etaMs === undefined ? "…" : formatDuration(p.etaMs)}`,
  ].join(" · ");
}

function round2(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** How an export run ended. */
export const EXPORT_OUTCOMES = ["complete", "interrupted", "stopped"] as const;
/** One of {@linkcode EXPORT_OUTCOMES}. */
export type ExportOutcome = typeof EXPORT_OUTCOMES[number];

/** Figures of one run of an export. */
export interface ExportSummary {
  /** How the run ended. */
  outcome: ExportOutcome;
  /** The output file (complete) or the state file (otherwise). */
  file: string;
  /** Sign-ins in the output so far (all runs). */
  signIns: number;
  /** Sign-ins written in this run. */
  signInsThisRun: number;
  /** Repeated ids skipped in this run. */
  duplicates: number;
  /** Slices finished (all runs) and left. */
  slicesDone: number;
  /** Slices not finished. */
  slicesLeft: number;
  /** Requests sent in this run, retries included. */
  requests: number;
  /** 429s in this run. */
  throttled: number;
  /** Pages retried in this run. */
  retries: number;
  /** Slices split in this run. */
  splits: number;
  /** First pages read and then discarded because their slice was split (this run). */
  discardedPages: number;
  /** Duration of this run, ms. */
  elapsedMs: number;
  /** Budget in requests per second (undefined: none). */
  budgetPerSecond: number | undefined;
  /** The most requests any one budget window held in this run (undefined: no budget). */
  peakWindow?: BudgetWindowUse;
}

/**
 * The one summary line printed at the end of every run.
 *
 * @example
 * ```ts
 * import { formatExportSummary } from "./progress.ts";
 * import assert from "node:assert/strict";
 * const s = formatExportSummary({ outcome: "complete", file: "s.ndjson", signIns: 5000, signInsThisRun: 3000,
 *   duplicates: 2, slicesDone: 8, slicesLeft: 0, requests: 10, throttled: 0, retries: 1, splits: 0,
 *   discardedPages: 0, elapsedMs: 7_700, budgetPerSecond: 0.5, peakWindow: { used: 5, requests: 5, windowMs: 10_250 } });
 * assert.equal(s, "signins-export complete: 5,000 sign-ins in s.ndjson (3,000 this run, 2 duplicates skipped); " +
 *   "8/8 slices; 10 requests in 8s = 1.3/s, at most 5/5 requests in any 10.25 s budget window (100%); " +
 *   "0 × 429, 1 retried, 0 splits");
 * ```
 */
export function formatExportSummary(s: ExportSummary): string {
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? s.requests / secs : 0;
  const budget = s.peakWindow ? `, at most ${windowText(s.peakWindow, "in any")}` : "";
  const where = s.outcome === "complete" ? `in ${s.file}` : `so far (state in ${s.file})`;
  return `signins-export ${s.outcome}: ${formatNumber(s.signIns)} sign-ins ${where} (${
    formatNumber(s.signInsThisRun)
  } this run, ${formatNumber(s.duplicates)} duplicate${
    s.duplicates === 1 ? "" : "s"
  } skipped); ${s.slicesDone}/${s.slicesDone + s.slicesLeft} slices; ${
    formatNumber(s.requests)
  } requests in ${formatDuration(s.elapsedMs)} = ${round2(rate)}/s${budget}; ${
    formatNumber(s.throttled)
  } × 429, ${formatNumber(s.retries)} retried, ${formatNumber(s.splits)} splits`;
}
