/**
 * The synchronous core of the report: rows in (from any source, in batches), filtered, merged
 * into logical sign-ins and aggregated — no async step per row, memory bounded by the merge
 * horizon and the aggregator's distinct keys.
 *
 * @module
 */
import {
  createMergeStats,
  isInterruptRow,
  type LogicalSignIn,
  type MergeOptions,
  type MergeStats,
  type SignIn,
  SignInMerger,
} from "../signins/mod.ts";
import { REPORT_SECTIONS, type ReportSectionName, type SignInAggregator } from "./aggregator.ts";

/** Options of {@linkcode ReportPipeline}. */
export interface PipelineOptions {
  /** Rows failing it are counted in `filteredOut` and not used. */
  filter?: ((s: SignIn) => boolean) | null;
  /** Merge settings (horizon, limits). */
  merge?: Omit<MergeOptions, "stats">;
  /**
   * Latest plausible sign-in time (epoch ms), e.g. the report clock plus a day: a row dated
   * later cannot be a real sign-in, so it is a bad row ({@linkcode ReportPipeline.futureRows}),
   * not the edge of the window.
   */
  notAfterMs?: number;
}

/**
 * The file readers of the report read lean (`ReadSignInsOptions.lean`: the request ids,
 * `userAgent`, resource and service principal names, … left unread): no section, the merge or
 * the fingerprint reads those fields (`report_lean_test.ts` checks the report is the same with
 * them read).
 */
export const REPORT_READS_LEAN = true;

/** How far after the report clock a sign-in may be dated before it counts as a bad row: one day. */
export const FUTURE_TOLERANCE_MS = 86_400_000;

/**
 * Filter → merge → aggregate.
 *
 * @example
 * ```ts
 * import { ReportPipeline } from "./pipeline.ts";
 * import { SignInAggregator } from "./aggregator.ts";
 * import { readSignInBatches } from "../signins/mod.ts";
 * import assert from "node:assert/strict";
 * const text = [
 *   { id: "1", correlationId: "c", userPrincipalName: "ana@contoso.example", createdDateTime: "2026-11-20T10:00:00Z", status: { errorCode: 50074 } },
 *   { id: "2", correlationId: "c", userPrincipalName: "ana@contoso.example", createdDateTime: "2026-11-20T10:00:20Z", status: { errorCode: 0 } },
 * ].map((r) => JSON.stringify(r)).join("\n");
 * const agg = new SignInAggregator();
 * const p = new ReportPipeline(agg);
 * for await (const batch of readSignInBatches(new Blob([text]).stream())) p.pushAll(batch);
 * p.finish();
 * assert.equal(p.rows, 2);
 * assert.equal(agg.signIns, 1);
 * assert.equal(p.mergeStats.rowsMerged, 1);
 * ```
 */
export class ReportPipeline {
  /** Merge counters. */
  readonly mergeStats: MergeStats = createMergeStats();
  /** Rows pushed (before filtering). */
  rows = 0;
  /** Rows the filter left out. */
  filteredOut = 0;
  /** Rows dated after `notAfterMs` (bad rows, not used). */
  futureRows = 0;
  readonly #notAfter: number;
  readonly #agg: SignInAggregator;
  readonly #merger: SignInMerger;
  /** The logical sign-ins one push completed (reused: no array per row). */
  readonly #out: LogicalSignIn[] = [];
  readonly #filter: ((s: SignIn) => boolean) | null;
  /** The merge's interrupt error codes when not its defaults (a counted lone interrupt is told apart with them). */
  readonly #interrupts: ReadonlySet<number> | undefined;
  /** When set, every row that reaches the merge is also appended here (chunked.ts: a chunk's head). */
  collect: SignIn[] | null = null;
  /** When false, completed logical sign-ins are dropped, not aggregated (chunked.ts: a chunk's head). */
  aggregating = true;

  /**
   * @param aggregator where logical sign-ins go
   * @param options filter and merge settings
   */
  constructor(aggregator: SignInAggregator, options: PipelineOptions = {}) {
    this.#agg = aggregator;
    this.#filter = options.filter ?? null;
    this.#notAfter = options.notAfterMs ?? Infinity;
    this.#merger = new SignInMerger({ ...options.merge, stats: this.mergeStats });
    const codes = options.merge?.interruptErrorCodes;
    this.#interrupts = codes === undefined ? undefined : new Set(codes);
  }

  /** Pushes one row. */
  push(row: SignIn): void {
    this.rows++;
    if (row.createdAtMs !== null && row.createdAtMs > this.#notAfter) {
      this.futureRows++;
      return;
    }
    if (this.#filter !== null && !this.#filter(row)) {
      this.filteredOut++;
      return;
    }
    const out = this.#out;
    if (this.collect !== null) this.collect.push(row);
    this.#merger.pushInto(row, out);
    if (out.length === 0) return;
    if (!this.aggregating) {
      out.length = 0;
      return;
    }
    try {
      for (let i = 0; i < out.length; i++) this.#agg.add(out[i]!);
    } finally {
      out.length = 0;
    }
  }

  /** Pushes a batch of rows. */
  pushAll(rows: readonly SignIn[]): void {
    for (let i = 0; i < rows.length; i++) this.push(rows[i]!);
  }

  /**
   * Adds `count` sign-ins counted elsewhere (a Log Analytics workspace summarized them) that are one
   * row each and cannot merge with any other row: no interrupt under their correlation id and user
   * (or no other row there: an interrupt alone is a sign-in that ends in it), no duplicate id. They
   * skip the merge but count as rows and logical sign-ins as if merged (an interrupt as the merge
   * gives one alone: interrupted, not completed).
   * A sign-in may come in parts, each feeding some sections (see
   * {@linkcode SignInAggregator.addCounted}): the part feeding `users` counts the rows; a part
   * without it carries too few fields for the filter, so with a filter every part must be whole.
   *
   * @param first the sign-in, dated at the group's first time
   * @param last the same dated at the group's last time
   * @param count how many sign-ins
   * @param sections the sections this part feeds @default every section
   * @throws {RangeError} for a part without `users` when the pipeline filters rows
   */
  pushCounted(
    first: SignIn,
    last: SignIn,
    count: number,
    sections: readonly ReportSectionName[] = REPORT_SECTIONS,
  ): void {
    const primary = sections.includes("users");
    if (!primary && this.#filter !== null) {
      throw new RangeError("Cannot filter sign-ins counted in parts: expected whole sign-ins");
    }
    if (primary) this.rows += count;
    if (first.createdAtMs !== null && first.createdAtMs > this.#notAfter) {
      if (primary) this.futureRows += count;
      return;
    }
    if (this.#filter !== null && !this.#filter(first)) {
      this.filteredOut += count;
      return;
    }
    // a part without the result code reads as no interrupt: its sections do not read the outcome
    const interrupted = isInterruptRow(last, this.#interrupts);
    if (primary) {
      this.mergeStats.rowsIn += count;
      this.mergeStats.logicalSignIns += count;
      if (interrupted) this.mergeStats.interruptedIncomplete += count;
    }
    this.#agg.addCounted(first, last, count, sections, interrupted);
  }

  /** The merger (chunked.ts snapshots it). */
  get merger(): SignInMerger {
    return this.#merger;
  }

  /**
   * Adds the counters of rows counted elsewhere (the chunks of a file read by workers, whose
   * aggregators are merged into this pipeline's aggregator by the caller).
   *
   * @param part rows, filtered-out and future rows, and merge counters (`peakBufferedRows` is a maximum)
   */
  absorb(part: { rows: number; filteredOut: number; futureRows: number; mergeStats: MergeStats }): void {
    this.rows += part.rows;
    this.filteredOut += part.filteredOut;
    this.futureRows += part.futureRows;
    addMergeStats(this.mergeStats, part.mergeStats);
  }

  /** Whether rows are filtered here (then counted sign-ins must come whole). */
  get filters(): boolean {
    return this.#filter !== null;
  }

  /** Ends the input: buffered groups are closed and aggregated. */
  finish(): void {
    for (const l of this.#merger.flush()) this.#agg.add(l);
  }
}

/**
 * Adds merge counters of a later part of the input to `into` (`peakBufferedRows`: the larger).
 *
 * @param into counters to add to
 * @param part counters of the later part
 */
export function addMergeStats(into: MergeStats, part: Readonly<MergeStats>): void {
  for (const k of Object.keys(into) as (keyof MergeStats)[]) {
    into[k] = k === "peakBufferedRows" ? Math.max(into[k], part[k]) : into[k] + part[k];
  }
}
