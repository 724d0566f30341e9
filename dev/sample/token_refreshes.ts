/**
 * A realistic repetition profile for the sample tenant (benchmarks): real tenants' sign-in logs
 * are dominated by non-interactive token refreshes — the same user, app and outcome many times a
 * day — while the sample has ~3 varied sign-ins per user per day. This adds, for every user with
 * a successful non-interactive sign-in, `perUserPerDay` refreshes on every day of the window, each
 * a copy of one of that user's successful non-interactive sign-ins (picked per day) with its own
 * id, correlation id, token id and time.
 *
 * @module
 */
import type { GraphObject } from "./dataset.ts";
import { createPrng } from "./prng.ts";

/** Options of {@linkcode withTokenRefreshes}. */
export interface TokenRefreshOptions {
  /** Refreshes per user per day (spread over the day). */
  perUserPerDay: number;
  /** Days of the window, ending at `now`. */
  days: number;
  /** End of the window. */
  now: Date;
  /** Seed of the ids and times @default 1 */
  seed?: number;
}

const DAY_MS = 86_400_000;

/** A successful non-interactive user sign-in (a refresh template). */
function isRefresh(s: GraphObject): boolean {
  const types = s.signInEventTypes;
  const status = s.status as { errorCode?: unknown } | undefined;
  return Array.isArray(types) && types.length === 1 && types[0] === "nonInteractiveUser" &&
    status?.errorCode === 0 && typeof s.userId === "string";
}

/**
 * The sign-ins plus the token refreshes, newest first (the sample's order).
 *
 * @param signIns the sample's sign-ins
 * @param options how many, over which days
 * @returns a new array (refreshes share the nested objects of their template)
 *
 * @example
 * ```ts
 * import { generateSampleTenant } from "./sample_tenant.ts";
 * import { withTokenRefreshes } from "./token_refreshes.ts";
 * import assert from "node:assert/strict";
 * const now = new Date("2026-11-20T12:00:00Z");
 * const base = generateSampleTenant({ users: 30, days: 2, now }).signIns;
 * const all = withTokenRefreshes(base, { perUserPerDay: 12, days: 2, now });
 * assert.ok(all.length > base.length * 2);
 * // every refresh has its own id (the sample itself holds a few duplicate deliveries)
 * assert.equal(new Set(all.map((s) => s.id)).size, new Set(base.map((s) => s.id)).size + all.length - base.length);
 * assert.deepEqual(withTokenRefreshes(base, { perUserPerDay: 12, days: 2, now }), all); // deterministic
 * ```
 */
export function withTokenRefreshes(
  signIns: readonly GraphObject[],
  options: TokenRefreshOptions,
): GraphObject[] {
  const { perUserPerDay, days } = options;
  if (!Number.isInteger(perUserPerDay) || perUserPerDay < 0) {
    throw new RangeError(
      `Cannot add token refreshes: expected a whole number per user per day, got ${perUserPerDay}`,
    );
  }
  const nowMs = options.now.getTime();
  const fromMs = nowMs - days * DAY_MS;
  const templates = new Map<string, GraphObject[]>();
  for (const s of signIns) {
    if (!isRefresh(s)) continue;
    const list = templates.get(s.userId as string);
    if (list === undefined) templates.set(s.userId as string, [s]);
    else list.push(s);
  }
  const prng = createPrng(options.seed ?? 1, 0x7e5);
  const out: GraphObject[] = [...signIns];
  const step = DAY_MS / Math.max(1, perUserPerDay);
  for (const list of templates.values()) {
    for (let d = 0; d < days; d++) {
      const template = list[prng.int(0, list.length - 1)]!;
      for (let i = 0; i < perUserPerDay; i++) {
        const at = fromMs + d * DAY_MS + i * step + prng.int(0, Math.floor(step) - 1);
        if (at >= nowMs) break;
        const id = prng.uuid();
        out.push({
          ...template,
          id,
          originalRequestId: id,
          correlationId: prng.uuid(),
          uniqueTokenIdentifier: id.replaceAll("-", "").slice(0, 22),
          createdDateTime: new Date(Math.floor(at / 1000) * 1000).toISOString().replace(".000Z", "Z"),
        });
      }
    }
  }
  return out.sort((a, b) => String(b.createdDateTime).localeCompare(String(a.createdDateTime)));
}
