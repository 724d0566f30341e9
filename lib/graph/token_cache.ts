/**
 * Keeps a token from a {@linkcode TokenSource} and renews it before it expires, so long runs
 * (`signins-export`, the per-user fallback of the registration tasks) keep going: a cached token
 * is served while more than `renewBeforeMs` (5 min) of it is left; then one renewal runs (callers
 * in the meantime share it). If a renewal fails while the old token still has more than
 * `minRemainingMs` (30 s) left, the old one is served and the renewal is tried again next time.
 *
 * @module
 */
import type { AcquiredToken, TokenSource } from "./identity_flows.ts";

/** Options of {@linkcode RenewingToken}. */
export interface RenewingTokenOptions {
  /** Renew when less than this is left, ms (default 5 min). */
  renewBeforeMs?: number;
  /** A failed renewal keeps the old token while more than this is left, ms (default 30 s). */
  minRemainingMs?: number;
  /** Clock, epoch ms. */
  now?: () => number;
}

/**
 * A self-renewing token.
 *
 * @example Renewed only once less than five minutes are left
 * ```ts
 * import { RenewingToken } from "./token_cache.ts";
 * import assert from "node:assert/strict";
 * let t = 0, n = 0;
 * const r = new RenewingToken(() => Promise.resolve({ token: `tok-${++n}`, expiresAt: t + 3_600_000 }), { now: () => t });
 * assert.equal(await r.get(), "tok-1");
 * t = 3_000_000;
 * assert.equal(await r.get(), "tok-1");
 * t = 3_400_000;
 * assert.equal(await r.get(), "tok-2");
 * ```
 */
export class RenewingToken {
  readonly #source: TokenSource;
  readonly #renewBeforeMs: number;
  readonly #minRemainingMs: number;
  readonly #now: () => number;
  #current: AcquiredToken | undefined;
  #pending: Promise<AcquiredToken> | undefined;
  /** Tokens acquired so far. */
  acquired = 0;

  /** @param source gets a new token */
  constructor(source: TokenSource, options: RenewingTokenOptions = {}) {
    this.#source = source;
    this.#renewBeforeMs = options.renewBeforeMs ?? 5 * 60_000;
    this.#minRemainingMs = options.minRemainingMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** The current token, renewed first when it is close to expiry. */
  async get(): Promise<string> {
    const cur = this.#current;
    const left = cur ? cur.expiresAt - this.#now() : -Infinity;
    if (cur && left > this.#renewBeforeMs) return cur.token;
    this.#pending ??= this.#source().then((t) => {
      this.acquired++;
      this.#current = t;
      return t;
    }).finally(() => (this.#pending = undefined));
    try {
      return (await this.#pending).token;
    } catch (e) {
      if (cur && cur.expiresAt - this.#now() > this.#minRemainingMs) return cur.token;
      throw e;
    }
  }
}
