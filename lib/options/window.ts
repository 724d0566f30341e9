/**
 * The sign-in window and event types, one rule set for every task that reads sign-ins
 * (`signins-report`, `signins-export`, `compliance-report`):
 *
 * - `--since` / `--until`: an ISO 8601 date or date-time (UTC unless an offset is given), or a
 *   relative time (`7d`, `12h`, `30m`): `--until 2h` is two hours before now, `--since 7d` seven
 *   days before the window's end.
 * - `--days N`: the window is N days ending at `--until`; not with `--since`. Default 1.
 *   At most {@linkcode MAX_DAYS}: 30 from Graph or files, 730 from a Log Analytics workspace.
 * - `--event-types`: `interactive`, `noninteractive`, `serviceprincipal`, `managedidentity`, the
 *   Graph names, any spelling the classifier knows, or `all`.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { parseIntOption } from "../cli/command.ts";
import { classifySignInEventType } from "../classify/event_type.ts";
import { SIGN_IN_EVENT_TYPE_IDS, type SignInEventType } from "../classify/event_type.ts";
import { parseIsoInstant } from "../time/date_time.ts";
import { parseRelativeDuration } from "../time/duration.ts";
import type { OptionDef } from "./define.ts";

/** `--since`. */
export const SINCE = {
  flags: "--since <when>",
  help: "window start: an ISO 8601 date or date-time (UTC unless an offset is given), or a time before " +
    "--until such as 7d or 12h",
  defaultText: "--days before --until",
} as const satisfies OptionDef;

/** `--until`. */
export const UNTIL = {
  flags: "--until <when>",
  help: "window end, exclusive: an ISO 8601 date or date-time, or a time before now such as 2h",
  defaultText: "now",
} as const satisfies OptionDef;

/** `--days`. */
export const DAYS = {
  flags: "--days <n>",
  help: "window length in days, ending at --until; not with --since (at most 30 from Graph or files, " +
    "730 from a Log Analytics workspace)",
  defaultText: "1",
} as const satisfies OptionDef;

/** `--event-types`. */
export const EVENT_TYPES = {
  flags: "--event-types <list>",
  help: "comma-separated: interactive, noninteractive, serviceprincipal, managedidentity, or all",
  defaultText: "interactive,noninteractive from Graph; all from files and workspaces",
} as const satisfies OptionDef;

/** The window options, in help order. */
export const WINDOW_OPTIONS = [SINCE, UNTIL, DAYS, EVENT_TYPES] as const;

/** Where sign-ins are read from, for the `--days` limit. */
export type WindowSource = "graph" | "files" | "log-analytics";

/** Longest `--days` per source: Graph keeps 30 days of sign-ins; a workspace up to 730. */
export const MAX_DAYS: Readonly<Record<WindowSource, number>> = {
  graph: 30,
  files: 30,
  "log-analytics": 730,
};

/** What `--days` means when no window option is given. */
export const DEFAULT_WINDOW_DAYS = 1;

/** The event types read from Graph when `--event-types` is not given. */
export const DEFAULT_EVENT_TYPES: readonly SignInEventType[] = ["interactiveUser", "nonInteractiveUser"];

/** All four event types (the default of files and workspaces). */
export const ALL_EVENT_TYPES: readonly SignInEventType[] = SIGN_IN_EVENT_TYPE_IDS;

const SHORT_EVENT_TYPES = {
  interactive: "interactiveUser",
  noninteractive: "nonInteractiveUser",
  serviceprincipal: "servicePrincipal",
  managedidentity: "managedIdentity",
} as const satisfies Record<string, SignInEventType>;

/**
 * Parses `--event-types`: comma-separated short names, Graph names or any spelling the
 * classifier knows (case, `-` and `_` ignored), or `all`; Graph's order, each once.
 *
 * @throws {UsageError} for an unknown word or an empty list
 *
 * @example
 * ```ts
 * import { parseEventTypes } from "./window.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseEventTypes("managedidentity, Interactive,interactiveUser"), ["interactiveUser", "managedIdentity"]);
 * assert.equal(parseEventTypes("all").length, 4);
 * assert.throws(() => parseEventTypes("interactive,batch"), /--event-types "batch"/);
 * ```
 */
export function parseEventTypes(value: string): SignInEventType[] {
  const words = value.split(",").map((w) => w.trim()).filter((w) => w !== "");
  if (words.length === 0) {
    throw new UsageError(
      `Cannot use --event-types ${JSON.stringify(value)}: expected a comma-separated list of at least one ` +
        `event type: ${Object.keys(SHORT_EVENT_TYPES).join(", ")} or all`,
    );
  }
  const wanted = new Set<SignInEventType>();
  for (const word of words) {
    const key = word.toLowerCase().replace(/[-_]/g, "");
    if (key === "all") {
      for (const t of SIGN_IN_EVENT_TYPE_IDS) wanted.add(t);
      continue;
    }
    const short = (SHORT_EVENT_TYPES as Record<string, SignInEventType>)[key];
    const c = classifySignInEventType(word);
    const id = short ?? (c.kind === "known" ? c.id : undefined);
    if (id === undefined) {
      throw new UsageError(
        `Cannot use --event-types ${JSON.stringify(word)}: expected ${
          Object.keys(SHORT_EVENT_TYPES).join(", ")
        } ` +
          `(or the Graph names interactiveUser, …) or all`,
      );
    }
    wanted.add(id);
  }
  return SIGN_IN_EVENT_TYPE_IDS.filter((t) => wanted.has(t));
}

/**
 * Parses an ISO 8601 date or date-time option (a date alone is midnight UTC; no offset means UTC).
 *
 * @throws {UsageError} naming the option and what was expected
 *
 * @example
 * ```ts
 * import { parseDateOption } from "./window.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseDateOption("--since", "2026-11-19").toISOString(), "2026-11-19T00:00:00.000Z");
 * assert.equal(parseDateOption("--now", "2026-11-20T12:00:00").toISOString(), "2026-11-20T12:00:00.000Z");
 * assert.throws(() => parseDateOption("--until", "yesterday"), /Cannot use --until "yesterday"/);
 * ```
 */
export function parseDateOption(option: string, value: string): Date {
  const ms = parseIsoInstant(value, "utc");
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `Cannot use ${option} ${JSON.stringify(value)}: expected an ISO 8601 date or date-time, ` +
        `e.g. 2026-11-19 or 2026-11-19T08:00:00Z` +
        (option === "--now" ? "" : ", or a relative time such as 7d or 12h"),
    );
  }
  return new Date(ms);
}

/**
 * Parses `--since` / `--until`: an ISO 8601 instant, or a relative time before `base`.
 *
 * @example
 * ```ts
 * import { parseWhen } from "./window.ts";
 * import assert from "node:assert/strict";
 * const base = new Date("2026-11-20T12:00:00Z");
 * assert.equal(parseWhen("--since", "12h", base).toISOString(), "2026-11-20T00:00:00.000Z");
 * assert.equal(parseWhen("--since", "2026-11-01", base).toISOString(), "2026-11-01T00:00:00.000Z");
 * ```
 */
export function parseWhen(option: string, value: string, base: Date): Date {
  const back = parseRelativeDuration(value);
  return back === undefined ? parseDateOption(option, value) : new Date(base.getTime() - back);
}

/**
 * Parses `--days` against the source's limit.
 *
 * @example
 * ```ts
 * import { parseDays } from "./window.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseDays("7", "graph"), 7);
 * assert.throws(() => parseDays("31", "graph"), /--days "31": expected a whole number from 1 to 30/);
 * assert.equal(parseDays("365", "log-analytics"), 365);
 * ```
 */
export function parseDays(value: string, source: WindowSource): number {
  return parseIntOption("--days", value, 1, MAX_DAYS[source]);
}

/** The window options as given (`--days` parsed), and the clock. */
export interface WindowValues {
  /** `--since`. */
  since?: string | undefined;
  /** `--until`. */
  until?: string | undefined;
  /** `--days`. */
  days?: number | undefined;
  /** The clock (`--now`, else the current time). */
  now: Date;
  /** Longest window a relative `--since` may ask for, in days (the source's `--days` limit). */
  maxDays?: number | undefined;
}

/** A time window: `from` inclusive, `to` exclusive. */
export interface TimeWindow {
  /** Start (inclusive). */
  from: Date;
  /** End (exclusive). */
  to: Date;
}

/**
 * Resolves the window: `--until` (default now) back `--days` (default 1) days, or from `--since`.
 * A relative `--since` is held to `maxDays` like `--days` (an absolute one is not: files may
 * hold older sign-ins).
 *
 * @throws {UsageError} for a bad value, `--since` with `--days`, or a window that ends before it starts
 *
 * @example
 * ```ts
 * import { resolveWindow } from "./window.ts";
 * import assert from "node:assert/strict";
 * const now = new Date("2026-11-20T12:00:00Z");
 * assert.equal(resolveWindow({ now }).from.toISOString(), "2026-11-19T12:00:00.000Z");
 * assert.equal(resolveWindow({ now, days: 7 }).from.toISOString(), "2026-11-13T12:00:00.000Z");
 * assert.equal(resolveWindow({ now, since: "7d", until: "1d" }).from.toISOString(), "2026-11-12T12:00:00.000Z");
 * assert.throws(() => resolveWindow({ now, since: "2026-11-21" }), /Cannot use --since/);
 * assert.throws(() => resolveWindow({ now, since: "31d", maxDays: 30 }), /at most 30 days back, as --days allows/);
 * ```
 */
export function resolveWindow(o: WindowValues): TimeWindow {
  if (o.since !== undefined && o.days !== undefined) {
    throw new UsageError(
      "Cannot use --since with --days: give a start (--since) or a number of days, not both",
    );
  }
  const to = o.until === undefined ? new Date(o.now.getTime()) : parseWhen("--until", o.until, o.now);
  const from = o.since !== undefined
    ? parseWhen("--since", o.since, to)
    : new Date(to.getTime() - (o.days ?? DEFAULT_WINDOW_DAYS) * 86_400_000);
  const back = o.since === undefined ? undefined : parseRelativeDuration(o.since);
  if (back !== undefined && o.maxDays !== undefined && back > o.maxDays * 86_400_000) {
    throw new UsageError(
      `Cannot use --since ${
        JSON.stringify(o.since)
      }: expected at most ${o.maxDays} days back, as --days allows ` +
        `from this source`,
    );
  }
  if (!(from.getTime() < to.getTime())) {
    throw new UsageError(
      `Cannot use --since ${from.toISOString()}: expected a start before the end of the window (${to.toISOString()})`,
    );
  }
  return { from, to };
}
