/**
 * Options of the sample-tenant generator and their defaults.
 *
 * @module
 */

/** Options shared by every generator in `dev/sample/`. */
export interface SampleTenantOptions {
  /**
   * Seed of the pseudo-random streams; the same seed (and options) always gives the same tenant.
   * @default 1
   */
  seed?: number;
  /**
   * Number of users (members, guests, admins, service and break-glass accounts), at least
   * {@linkcode MIN_SAMPLE_USERS}.
   * @default 40
   */
  users?: number;
  /**
   * Days of sign-ins, ending at `now`.
   * @default 30
   */
  days?: number;
  /**
   * Average sign-in events per user per day (an event may log more than one row). May be 0:
   * the fixed coverage catalogue is always emitted.
   * @default 3
   */
  signInsPerUserPerDay?: number;
  /**
   * End of the sign-in window and the "report time" of the tenant.
   * @default new Date("2026-11-20T12:00:00Z")
   */
  now?: Date;
}

/** The options with every default applied and checked. */
export interface ResolvedSampleOptions {
  /** Seed (an integer). */
  seed: number;
  /** Number of users. */
  users: number;
  /** Days of sign-ins. */
  days: number;
  /** Average sign-in events per user per day. */
  signInsPerUserPerDay: number;
  /** `now` as epoch milliseconds, a whole second. */
  nowMs: number;
}

/**
 * The fixed accounts every sample tenant starts with (break-glass, admins, service accounts,
 * guests, hostile display names, one user per unusual registration); `users` may not be lower.
 */
export const MIN_SAMPLE_USERS = 30;

/** Default option values. */
export const SAMPLE_DEFAULTS = {
  seed: 1,
  users: 40,
  days: 30,
  signInsPerUserPerDay: 3,
  now: "2026-11-20T12:00:00Z",
} as const;

/**
 * Applies the defaults and checks the options.
 *
 * @param options what the caller gave
 * @returns the resolved options
 * @throws {RangeError} when a value is out of range, e.g. `users` below {@linkcode MIN_SAMPLE_USERS}
 *
 * @example Defaults
 * ```ts
 * import { resolveSampleOptions } from "./options.ts";
 * import assert from "node:assert/strict";
 * const o = resolveSampleOptions({ users: 50 });
 * assert.equal(o.users, 50);
 * assert.equal(o.days, 30);
 * assert.equal(new Date(o.nowMs).toISOString(), "2026-11-20T12:00:00.000Z");
 * assert.throws(() => resolveSampleOptions({ users: 3 }), RangeError);
 * ```
 */
export function resolveSampleOptions(options: SampleTenantOptions = {}): ResolvedSampleOptions {
  const seed = options.seed ?? SAMPLE_DEFAULTS.seed;
  const users = options.users ?? SAMPLE_DEFAULTS.users;
  const days = options.days ?? SAMPLE_DEFAULTS.days;
  const perDay = options.signInsPerUserPerDay ?? SAMPLE_DEFAULTS.signInsPerUserPerDay;
  const now = options.now ?? new Date(SAMPLE_DEFAULTS.now);
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`Cannot generate sample tenant: seed must be an integer, got ${seed}`);
  }
  if (!Number.isSafeInteger(users) || users < MIN_SAMPLE_USERS) {
    throw new RangeError(
      `Cannot generate sample tenant: users must be an integer >= ${MIN_SAMPLE_USERS}, got ${users}`,
    );
  }
  if (!Number.isSafeInteger(days) || days < 1 || days > 3660) {
    throw new RangeError(
      `Cannot generate sample tenant: days must be an integer from 1 to 3660, got ${days}`,
    );
  }
  if (!Number.isFinite(perDay) || perDay < 0) {
    throw new RangeError(
      `Cannot generate sample tenant: signInsPerUserPerDay must be a number >= 0, got ${perDay}`,
    );
  }
  const nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(nowMs)) {
    throw new RangeError(`Cannot generate sample tenant: now must be a valid Date, got ${String(now)}`);
  }
  return { seed, users, days, signInsPerUserPerDay: perDay, nowMs: Math.floor(nowMs / 1000) * 1000 };
}
