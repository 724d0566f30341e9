/**
 * The local Graph server's throttle: more than `requests` arriving in any `windowMs` get a
 * 429; requests that got one do not count.
 *
 * @module
 */

/** Throttle settings (see `GraphServerOptions.throttle`). */
export interface ThrottleOptions {
  requests: number;
  windowMs: number;
  retryAfterSeconds?: number;
}

/**
 * A throttle; call the result on every arrival.
 *
 * @returns a function giving the `Retry-After` seconds for a throttled request, or undefined
 * @example
 * ```ts
 * import { createThrottle } from "./throttle.ts";
 * import assert from "node:assert/strict";
 * const arrive = createThrottle({ requests: 2, windowMs: 60_000, retryAfterSeconds: 7 });
 * assert.deepEqual([arrive(), arrive(), arrive()], [undefined, undefined, 7]);
 * assert.equal(createThrottle(undefined)(), undefined);
 * ```
 */
export function createThrottle(t: ThrottleOptions | undefined): () => number | undefined {
  const sent: number[] = [];
  return () => {
    if (!t) return undefined;
    const now = performance.now();
    while (sent.length > 0 && (sent[0] as number) <= now - t.windowMs) sent.shift();
    if (sent.length >= t.requests) {
      return t.retryAfterSeconds ?? Math.max(1, Math.ceil(((sent[0] as number) + t.windowMs - now) / 1000));
    }
    sent.push(now);
    return undefined;
  };
}
