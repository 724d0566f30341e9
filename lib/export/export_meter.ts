/**
 * The export's figures: counters of this run, progress snapshots (request rate over the last
 * ten seconds, share of window × event types covered, time left) and the final summary.
 *
 * @module
 */
import type { PageReader } from "./page_reader.ts";
import type { BudgetWindowUse, ExportOutcome, ExportProgress, ExportSummary } from "./progress.ts";
import type { RequestBudget } from "../graph/budget.ts";
import type { SliceRun } from "./slice_run.ts";
import type { ExportPaths, ExportState } from "./state.ts";

/** Counters and clock of one export run. */
export class ExportMeter {
  /** Events of this run. */
  readonly counts = { duplicates: 0, retries: 0, splits: 0, discarded: 0 };
  /** When the run started (`performance.now()`). */
  readonly started: number = performance.now();
  readonly #signInsAtStart: number;
  readonly #rateSamples: { t: number; requests: number }[] = [];
  readonly #totalSpan: number;
  #spanLeftAtStart = 0;

  /**
   * @param state the checkpoint's content (read as it changes)
   * @param paths the export's files (named in the summary)
   * @param reader the page reader (request figures)
   * @param budgetPerSecond the budget shown, requests per second
   */
  constructor(
    readonly state: ExportState,
    readonly paths: ExportPaths,
    readonly reader: PageReader,
    readonly budgetPerSecond: number | undefined,
  ) {
    this.#signInsAtStart = state.signIns;
    this.#totalSpan = state.eventTypes.length * (Date.parse(state.window.to) - Date.parse(state.window.from));
  }

  /** Records the span still to read when the cursors start. */
  markStart(runsById: ReadonlyMap<number, SliceRun>): void {
    this.#spanLeftAtStart = this.#spanLeft(runsById);
  }

  /** Time × event types still to read, shortened by what the slices under way already wrote. */
  #spanLeft(runsById: ReadonlyMap<number, SliceRun>): number {
    let left = 0;
    for (const st of this.state.slices) {
      const from = Date.parse(st.from);
      const to = Date.parse(st.to);
      const oldest = runsById.get(st.id)?.oldestMs;
      left += oldest !== undefined && oldest > from && oldest < to ? oldest - from : to - from;
    }
    return left;
  }

  /** A progress snapshot, with `active` cursors reading. */
  progress(active: number, runsById: ReadonlyMap<number, SliceRun>): ExportProgress {
    const t = performance.now();
    const requests = this.reader.requests();
    const samples = this.#rateSamples;
    samples.push({ t, requests });
    while (samples.length > 2 && (samples[0] as { t: number }).t < t - 10_000) samples.shift();
    const first = samples[0] as { t: number; requests: number };
    const dt = (t - first.t) / 1000;
    const rate = dt > 0.5
      ? (requests - first.requests) / dt
      : requests / Math.max(1, (t - this.started) / 1000); // the first burst averaged over a second at least
    const left = this.#spanLeft(runsById);
    const covered = this.#spanLeftAtStart - left;
    const elapsed = t - this.started;
    const totalSpan = this.#totalSpan;
    const window = this.#budgetWindow((b) => b.inWindow());
    return {
      ...(window ? { window } : {}),
      slicesDone: this.state.slicesDone,
      slicesLeft: this.state.slices.length,
      cursors: active,
      signIns: this.state.signIns,
      requests,
      throttled: this.reader.throttled(),
      requestsPerSecond: rate,
      budgetPerSecond: this.budgetPerSecond,
      fractionDone: totalSpan > 0 ? Math.min(1, 1 - left / totalSpan) : 1,
      etaMs: covered > 0 && elapsed > 2000 ? (elapsed * left) / covered : undefined,
    };
  }

  /** The run's summary. */
  summary(outcome: ExportOutcome, elapsedMs: number): ExportSummary {
    const state = this.state;
    const peakWindow = this.#budgetWindow((b) => b.stats.peak);
    return {
      ...(peakWindow ? { peakWindow } : {}),
      outcome,
      file: outcome === "complete" ? this.paths.out : this.paths.state,
      signIns: state.signIns,
      signInsThisRun: state.signIns - this.#signInsAtStart,
      duplicates: this.counts.duplicates,
      slicesDone: state.slicesDone,
      slicesLeft: state.slices.length,
      requests: this.reader.requests(),
      throttled: this.reader.throttled(),
      retries: this.counts.retries,
      splits: this.counts.splits,
      discardedPages: this.counts.discarded,
      elapsedMs,
      budgetPerSecond: this.budgetPerSecond,
    };
  }

  /** Use of the shared request budget's window, when the run has a budget. */
  #budgetWindow(used: (b: RequestBudget) => number): BudgetWindowUse | undefined {
    const b = this.reader.clients[0]?.budget;
    if (this.budgetPerSecond === undefined || b === undefined) return undefined;
    return { used: used(b), requests: b.options.requests, windowMs: b.options.windowMs };
  }
}
