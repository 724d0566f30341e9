/**
 * Option values of the `signins-report` task that need checking: the time window
 * (`--since`, `--until`, `--days`, `--now`), the event types (`--event-types`) and the row filter
 * applied to file input (`--user`, `--app`, window, event types).
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { classifySignInEventType, type SignInEventType } from "../classify/mod.ts";
import type { SignIn } from "../signins/mod.ts";
import { parseIsoInstant } from "../time/date_time.ts";
import { eventTypeRawOf } from "./sign_in_facts.ts";

/** `--event-types` spellings → Graph event types. */
export const EVENT_TYPE_OPTION = {
  interactive: "interactiveUser",
  noninteractive: "nonInteractiveUser",
  serviceprincipal: "servicePrincipal",
  managedidentity: "managedIdentity",
} as const satisfies Record<string, SignInEventType>;

/** The default event types read from Graph. */
export const DEFAULT_EVENT_TYPES: readonly SignInEventType[] = ["interactiveUser", "nonInteractiveUser"];

/**
 * Parses `--event-types` (comma-separated; the short names or Graph's, any case).
 *
 * @param value the option value
 * @returns the event types, in the order given, without duplicates
 * @throws {UsageError} for an unknown name or an empty list
 *
 * @example
 * ```ts
 * import { parseEventTypes } from "./options.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseEventTypes("interactive, ServicePrincipal,interactive"), ["interactiveUser", "servicePrincipal"]);
 * assert.deepEqual(parseEventTypes("nonInteractiveUser"), ["nonInteractiveUser"]);
 * assert.throws(() => parseEventTypes("batch"), /Cannot use --event-types "batch"/);
 * ```
 */
export function parseEventTypes(value: string): SignInEventType[] {
  const out: SignInEventType[] = [];
  for (const part of value.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const short =
      (EVENT_TYPE_OPTION as Record<string, SignInEventType>)[part.toLowerCase().replace(/[-_]/g, "")];
    const c = classifySignInEventType(part);
    const id = short ?? (c.kind === "known" ? c.id : undefined);
    if (id === undefined) {
      throw new UsageError(
        `Cannot use --event-types ${JSON.stringify(part)}: expected ${
          Object.keys(EVENT_TYPE_OPTION).join(", ")
        }`,
      );
    }
    if (!out.includes(id)) out.push(id);
  }
  if (out.length === 0) throw new UsageError("Cannot use --event-types: expected at least one event type");
  return out;
}

/**
 * Parses an ISO 8601 date-time option (a date alone means midnight UTC; no offset means UTC).
 *
 * @param option the option name, for the message
 * @param value the value
 * @returns the date
 * @throws {UsageError} when the value is not a date-time
 *
 * @example
 * ```ts
 * import { parseDateOption } from "./options.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseDateOption("--since", "2026-11-19").toISOString(), "2026-11-19T00:00:00.000Z");
 * assert.equal(parseDateOption("--now", "2026-11-20T12:00:00").toISOString(), "2026-11-20T12:00:00.000Z");
 * assert.throws(() => parseDateOption("--until", "yesterday"), /Cannot use --until "yesterday"/);
 * ```
 */
export function parseDateOption(option: string, value: string): Date {
  const d = parseIsoInstant(value, "utc");
  if (Number.isNaN(d)) {
    throw new UsageError(
      `Cannot use ${option} ${
        JSON.stringify(value)
      }: expected an ISO 8601 date or date-time, e.g. 2026-11-19T08:00:00Z`,
    );
  }
  return new Date(d);
}

/** The window options as given. */
export interface WindowOptions {
  /** `--since`. */
  since?: string;
  /** `--until`. */
  until?: string;
  /** `--days`. */
  days?: number;
  /** The clock (`--now`, else the current time). */
  now: Date;
}

/** A resolved window: `from` inclusive, `to` exclusive. */
export interface ReportWindow {
  /** Start (inclusive). */
  from: Date;
  /** End (exclusive). */
  to: Date;
}

/**
 * Resolves the window: `--until` (default now) back `--days` days or to `--since`; the
 * default is the last 24 hours.
 *
 * @param o the options
 * @returns the window
 * @throws {UsageError} for `--since` with `--days`, or a window that ends before it starts
 *
 * @example
 * ```ts
 * import { resolveWindow } from "./options.ts";
 * import assert from "node:assert/strict";
 * const now = new Date("2026-11-20T12:00:00Z");
 * const w = resolveWindow({ now });
 * assert.equal(w.from.toISOString(), "2026-11-19T12:00:00.000Z");
 * assert.equal(resolveWindow({ now, days: 7 }).from.toISOString(), "2026-11-13T12:00:00.000Z");
 * assert.throws(() => resolveWindow({ now, since: "2026-11-21" }), /Cannot use --since/);
 * ```
 */
export function resolveWindow(o: WindowOptions): ReportWindow {
  if (o.since !== undefined && o.days !== undefined) {
    throw new UsageError("Cannot use --since with --days: give a start date or a number of days, not both");
  }
  const to = o.until === undefined ? o.now : parseDateOption("--until", o.until);
  const from = o.since !== undefined
    ? parseDateOption("--since", o.since)
    : new Date(to.getTime() - (o.days ?? 1) * 86_400_000);
  if (!(from.getTime() < to.getTime())) {
    throw new UsageError(
      `Cannot use --since ${from.toISOString()}: expected a start before the end of the window (${to.toISOString()})`,
    );
  }
  return { from, to };
}

/** What file rows are filtered by. */
export interface RowFilter {
  /** Keep rows with `from ≤ createdDateTime < to` (rows without a time are kept). */
  window?: ReportWindow;
  /** UPN or user id (case-insensitive). */
  user?: string;
  /** Application id or display name (case-insensitive). */
  app?: string;
  /** Event types to keep (rows whose event type is not stated are kept). */
  eventTypes?: readonly SignInEventType[];
}

/**
 * A predicate for file rows, or `null` when nothing filters.
 *
 * @param f the filter
 * @returns the predicate
 *
 * @example
 * ```ts
 * import { createRowFilter } from "./options.ts";
 * import assert from "node:assert/strict";
 * const keep = createRowFilter({ user: "Ana@contoso.example", eventTypes: ["interactiveUser"] })!;
 * const row = { userPrincipalName: "ana@contoso.example", userId: null, eventType: "interactiveUser",
 *   signInEventTypes: null, isInteractive: null, createdAtMs: 0, appId: null, appDisplayName: null };
 * assert.equal(keep(row as never), true);
 * assert.equal(keep({ ...row, eventType: "servicePrincipal" } as never), false);
 * assert.equal(createRowFilter({}), null);
 * ```
 */
export function createRowFilter(f: RowFilter): ((s: SignIn) => boolean) | null {
  const from = f.window?.from.getTime(), to = f.window?.to.getTime();
  const user = f.user?.toLowerCase(), app = f.app?.toLowerCase();
  const types = f.eventTypes === undefined ? undefined : new Set<string>(f.eventTypes);
  if (from === undefined && user === undefined && app === undefined && types === undefined) return null;
  const typeCache = new Map<string, string | null>();
  return (s) => {
    if (
      from !== undefined && to !== undefined && s.createdAtMs !== null &&
      (s.createdAtMs < from || s.createdAtMs >= to)
    ) {
      return false;
    }
    if (
      user !== undefined && s.userPrincipalName?.toLowerCase() !== user && s.userId?.toLowerCase() !== user
    ) return false;
    if (app !== undefined && s.appId?.toLowerCase() !== app && s.appDisplayName?.toLowerCase() !== app) {
      return false;
    }
    if (types !== undefined) {
      const raw = eventTypeRawOf(s);
      if (raw !== null) {
        let id = typeCache.get(raw);
        if (id === undefined) {
          const c = classifySignInEventType(raw);
          typeCache.set(raw, id = c.kind === "known" ? c.id : null);
        }
        if (id !== null && !types.has(id)) return false;
      }
    }
    return true;
  };
}

/** The `--threads` option of the tasks that read sign-in files (signins-report, compliance-report). */
export const THREADS_OPTION = {
  flags: "--threads <n>",
  description: "threads for reading NDJSON sign-in files of 16 MiB or more, 1 to 64 (default 1: the main " +
    "thread only); the numbers do not depend on it",
} as const;

/**
 * The `--threads` default: 1. Worker threads are opt-in: on the shared 2-core machine the
 * parallel reader costs ~50% more CPU than it saves (the main thread copies every parsed row
 * back from the workers), so it was slower than one thread there (README, Performance).
 */
export const DEFAULT_THREADS = 1;

/**
 * Parses `--threads` (default {@linkcode DEFAULT_THREADS}; `navigator.hardwareConcurrency` caps
 * nothing: the value given is used).
 *
 * @param value the option as given, or undefined
 * @returns 1 to 64
 * @throws {UsageError} for anything else
 *
 * @example
 * ```ts
 * import { parseThreads } from "./options.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseThreads("3"), 3);
 * assert.equal(parseThreads(undefined), 1);
 * assert.throws(() => parseThreads("0"), /--threads/);
 * ```
 */
export function parseThreads(value: string | undefined): number {
  if (value === undefined) return DEFAULT_THREADS;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 1 || n > 64) {
    throw new UsageError(
      `Cannot use --threads ${JSON.stringify(value)}: expected a whole number from 1 to 64`,
    );
  }
  return n;
}
