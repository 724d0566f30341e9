/**
 * A client-side request budget for Graph's "identity and access reports" throttling family
 * (sign-ins, userRegistrationDetails, per-user authentication methods): at most N requests in
 * any sliding window (Graph allows 5 per 10 s per app per tenant). Every HTTP attempt,
 * retries included, takes one slot.
 *
 * @module
 */
import { parseHttpDate } from "../time/http_date.ts";

/** Time source, replaceable in tests. */
export interface BudgetClock {
  /** Milliseconds, monotonic enough for windows. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const SYSTEM_CLOCK: BudgetClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Budget size. */
export interface RequestBudgetOptions {
  /** Requests allowed per window (≥ 1). */
  requests: number;
  /** Window length in milliseconds (≥ 1). */
  windowMs: number;
}

/** Graph's documented limit for the reports family: 5 requests per 10 s per tenant. */
export const DEFAULT_REPORTS_BUDGET: RequestBudgetOptions = { requests: 5, windowMs: 10_000 };

/** Counters kept by a {@linkcode RequestBudget}. */
export interface RequestBudgetStats {
  /** Slots handed out. */
  granted: number;
  /** Times a caller had to wait for a slot. */
  waits: number;
  /** Total time spent waiting, ms. */
  waitedMs: number;
  /** Times {@linkcode RequestBudget.pause} was called (a server's `Retry-After`). */
  pauses: number;
  /** Most slots ever taken within one window (never more than `requests`). */
  peak: number;
}

/**
 * A sliding-window limiter: {@linkcode RequestBudget.acquire} resolves when a request may be
 * sent so that no window of `windowMs` holds more than `requests` sends. Callers are served
 * in order.
 *
 * @example Three slots per window with a fake clock
 * ```ts
 * import { RequestBudget } from "./budget.ts";
 * import assert from "node:assert/strict";
 * let t = 0;
 * const clock = { now: () => t, sleep: (ms: number) => { t += ms; return Promise.resolve(); } };
 * const b = new RequestBudget({ requests: 3, windowMs: 1000 }, clock);
 * const times: number[] = [];
 * for (let i = 0; i < 7; i++) { await b.acquire(); times.push(t); }
 * assert.deepEqual(times, [0, 0, 0, 1000, 1000, 1000, 2000]);
 * ```
 */
export class RequestBudget {
  /** Budget size. */
  readonly options: RequestBudgetOptions;
  /** Counters. */
  readonly stats: RequestBudgetStats = { granted: 0, waits: 0, waitedMs: 0, pauses: 0, peak: 0 };
  readonly #clock: BudgetClock;
  readonly #sent: number[] = [];
  #resumeAt = -Infinity;
  #tail: Promise<void> = Promise.resolve();

  /**
   * @param options requests per window
   * @param clock time source (tests pass a fake one)
   * @throws {RangeError} when a size is not a positive whole number
   */
  constructor(options: RequestBudgetOptions, clock: BudgetClock = SYSTEM_CLOCK) {
    if (!Number.isInteger(options.requests) || options.requests < 1) {
      throw new RangeError(
        `Cannot create a request budget: expected requests ≥ 1, got ${JSON.stringify(options.requests)}`,
      );
    }
    if (!Number.isFinite(options.windowMs) || options.windowMs <= 0) {
      throw new RangeError(
        `Cannot create a request budget: expected windowMs > 0, got ${JSON.stringify(options.windowMs)}`,
      );
    }
    this.options = { requests: options.requests, windowMs: options.windowMs };
    this.#clock = clock;
  }

  /**
   * Grants no slot for the next `ms` milliseconds (a server's `Retry-After`, which applies to
   * every request of the family, not only the one that got it). Pauses never shorten each other.
   *
   * @example Retry-After holds every caller
   * ```ts
   * import { RequestBudget } from "./budget.ts";
   * import assert from "node:assert/strict";
   * let t = 0;
   * const clock = { now: () => t, sleep: (ms: number) => { t += ms; return Promise.resolve(); } };
   * const b = new RequestBudget({ requests: 10, windowMs: 1000 }, clock);
   * await b.acquire();
   * b.pause(3000);
   * b.pause(1000);
   * await b.acquire();
   * assert.equal(t, 3000);
   * ```
   */
  pause(ms: number): void {
    if (!(ms > 0) || !Number.isFinite(ms)) return;
    this.stats.pauses++;
    this.#resumeAt = Math.max(this.#resumeAt, this.#clock.now() + ms);
  }

  /**
   * Slots taken in the current window (the last `windowMs`): what a progress line shows against
   * `requests`. Never more than `requests`.
   *
   * @example
   * ```ts
   * import { RequestBudget } from "./budget.ts";
   * import assert from "node:assert/strict";
   * let t = 0;
   * const clock = { now: () => t, sleep: (ms: number) => { t += ms; return Promise.resolve(); } };
   * const b = new RequestBudget({ requests: 5, windowMs: 10_000 }, clock);
   * for (let i = 0; i < 7; i++) await b.acquire();
   * assert.equal(b.inWindow(), 2);
   * assert.equal(b.stats.peak, 5);
   * t += 10_000;
   * assert.equal(b.inWindow(), 0);
   * ```
   */
  inWindow(): number {
    const since = this.#clock.now() - this.options.windowMs;
    let n = 0;
    for (const t of this.#sent) if (t > since) n++;
    return n;
  }

  /** Waits for a slot and takes it. Resolves with the time waited in ms. */
  acquire(): Promise<number> {
    const result = this.#tail.then(() => this.#take());
    this.#tail = result.then(() => undefined, () => undefined);
    return result;
  }

  async #take(): Promise<number> {
    let waited = 0;
    for (;;) {
      const now = this.#clock.now();
      if (now < this.#resumeAt) {
        const hold = this.#resumeAt - now;
        await this.#clock.sleep(hold);
        waited += hold;
        continue;
      }
      while (this.#sent.length > 0 && (this.#sent[0] as number) <= now - this.options.windowMs) {
        this.#sent.shift();
      }
      if (this.#sent.length < this.options.requests) {
        this.#sent.push(now);
        this.stats.granted++;
        this.stats.peak = Math.max(this.stats.peak, this.#sent.length);
        if (waited > 0) {
          this.stats.waits++;
          this.stats.waitedMs += waited;
        }
        return waited;
      }
      const delay = (this.#sent[0] as number) + this.options.windowMs - now;
      await this.#clock.sleep(delay);
      waited += delay;
    }
  }
}

/**
 * A `Retry-After` header value in milliseconds: delta-seconds (fractions accepted) or an
 * HTTP date; undefined when absent or unreadable. Never negative.
 *
 * @example
 * ```ts
 * import { retryAfterMs } from "./budget.ts";
 * import assert from "node:assert/strict";
 * assert.equal(retryAfterMs("7"), 7000);
 * assert.equal(retryAfterMs("0.25"), 250);
 * assert.equal(retryAfterMs("Wed, 02 Dec 2026 00:00:10 GMT", Date.parse("2026-12-02T00:00:00Z")), 10_000);
 * assert.equal(retryAfterMs(null), undefined);
 * assert.equal(retryAfterMs("soon"), undefined);
 * ```
 */
export function retryAfterMs(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const at = parseHttpDate(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

const REPORTS_PATH =
  /\/(auditLogs\/|reports\/|users\/[^/?#]+\/authentication\/(?:methods|requirements)(?:[/?#]|$))/i;

/**
 * Whether a request URL belongs to the identity-and-access-reports throttling family
 * (`/auditLogs/…`, `/reports/…`, `/users/{id}/authentication/methods`), or is a per-user
 * `/users/{id}/authentication/requirements` call (per-user MFA state: no published limit of its
 * own; paced like its sibling `…/methods`, so a tenant-wide sweep stays within the same budget).
 *
 * @example
 * ```ts
 * import { isReportsFamilyUrl } from "./budget.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isReportsFamilyUrl("https://graph.microsoft.com/beta/auditLogs/signIns?$top=1"), true);
 * assert.equal(isReportsFamilyUrl("https://graph.microsoft.com/v1.0/users/u1/authentication/methods"), true);
 * assert.equal(isReportsFamilyUrl("https://graph.microsoft.com/beta/users/u1/authentication/requirements"), true);
 * assert.equal(isReportsFamilyUrl("https://graph.microsoft.com/v1.0/users?$top=999"), false);
 * ```
 */
export function isReportsFamilyUrl(url: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  return REPORTS_PATH.test(path);
}
