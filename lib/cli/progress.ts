/**
 * A progress line for long reads on a terminal: rows, pages, rate, elapsed time and, when the
 * total is known, time left; redrawn at least once a second (a timer, so a stalled read still
 * shows its clock moving) and cleared at the end. Off a terminal it prints nothing.
 *
 * @module
 */
import { formatNumber } from "../report/markdown.ts";
import { formatDuration } from "../time/duration.ts";
import { safeText } from "./safe_text.ts";

/** What has been read so far. */
export interface ProgressCounts {
  /** Rows (sign-ins, records) read. */
  rows: number;
  /** Pages (Graph) or batches read; 0 when the source has none. */
  pages?: number;
  /** Rows expected in all, when known (gives an ETA). */
  total?: number;
  /** Where the rows come from now (a file name, a slice). */
  detail?: string;
}

/**
 * The progress text for `label` after `elapsedMs`.
 *
 * @example
 * ```ts
 * import { progressText } from "./progress.ts";
 * import assert from "node:assert/strict";
 * assert.equal(progressText("Reading sign-ins", { rows: 12_000, pages: 12 }, 4_000),
 *   "Reading sign-ins: 12,000 rows · 12 pages · 3,000 rows/s · 4s elapsed");
 * assert.equal(progressText("Reading", { rows: 50, total: 200, detail: "a.csv" }, 1_000),
 *   "Reading a.csv: 50 of 200 rows · 50 rows/s · 1s elapsed · about 3s left");
 * assert.equal(progressText("Reading sign-ins", { rows: 0, pages: 0 }, 300), "Reading sign-ins: 0 rows · 0 pages · 0s elapsed");
 * ```
 */
export function progressText(label: string, c: ProgressCounts, elapsedMs: number): string {
  const secs = elapsedMs / 1000;
  const rate = secs >= 1 ? Math.round(c.rows / secs) : undefined;
  const parts = [
    `${label}${c.detail !== undefined ? ` ${c.detail}` : ""}: ${formatNumber(c.rows)}${
      c.total !== undefined ? ` of ${formatNumber(c.total)}` : ""
    } rows`,
  ];
  if (c.pages !== undefined) parts.push(`${formatNumber(c.pages)} page${c.pages === 1 ? "" : "s"}`);
  if (rate !== undefined) parts.push(`${formatNumber(rate)} rows/s`);
  parts.push(`${formatDuration(Math.floor(secs) * 1000)} elapsed`);
  if (c.total !== undefined && rate !== undefined && rate > 0 && c.rows < c.total) {
    parts.push(`about ${formatDuration(Math.ceil((c.total - c.rows) / rate) * 1000)} left`);
  }
  return parts.join(" · ");
}

/** Options of {@linkcode createProgressLine}. */
export interface ProgressLineOptions {
  /** Redraw at least this often, ms (default 1000). */
  intervalMs?: number;
  /** Draw at all (default: stderr is a terminal). */
  terminal?: boolean;
  /** Where the line goes (default: stderr). */
  write?: (text: string) => void;
}

const encoder = new TextEncoder();

/**
 * A rewriting progress line on stderr when it is a terminal: {@linkcode progressText} redrawn on
 * `update` (at most every 100 ms) and by a timer at least every `intervalMs`; `done()` clears it
 * and stops the timer (which never keeps the process alive).
 *
 * @example
 * ```ts
 * import { createProgressLine } from "./progress.ts";
 * import assert from "node:assert/strict";
 * const out: string[] = [];
 * const p = createProgressLine("Reading", { terminal: true, write: (t) => out.push(t) });
 * p.update({ rows: 10, pages: 1 });
 * p.done();
 * assert.match(out[0] ?? "", /^\r\x1b\[2KReading: 10 rows · 1 page · 0s elapsed$/);
 * assert.equal(out.at(-1), "\r\x1b[2K");
 * ```
 */
export function createProgressLine(
  label: string,
  options: ProgressLineOptions = {},
): { update(c: ProgressCounts): void; done(): void } {
  const terminal = options.terminal ?? Deno.stderr.isTerminal();
  const write = options.write ?? ((t: string) => void Deno.stderr.writeSync(encoder.encode(t)));
  const started = performance.now();
  let counts: ProgressCounts = { rows: 0 };
  let last = -Infinity;
  let shown = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = () => {
    last = performance.now();
    shown = true;
    write(`\r\x1b[2K${safeText(progressText(label, counts, last - started)).slice(0, 200)}`);
  };
  if (terminal) {
    const t = setInterval(draw, options.intervalMs ?? 1000);
    Deno.unrefTimer(t);
    timer = t;
  }
  return {
    update(c) {
      counts = c;
      if (terminal && performance.now() - last >= 100) draw();
    },
    done() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      if (shown) write("\r\x1b[2K");
      shown = false;
    },
  };
}
