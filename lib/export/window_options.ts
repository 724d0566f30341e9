/**
 * The sign-in window and event-type options shared by `signins-export` and `signins-report`
 * (`--since`, `--until`, `--days`, `--event-types`), as pure parsers: the caller passes the
 * option values and "now" in, gets dates and Graph event-type names out, or a
 * {@linkcode UsageError} naming the option and what was expected.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { UsageError } from "../cli/errors.ts";
import { parseIsoInstant } from "../signins/date_time.ts";
import { SIGN_IN_EVENT_TYPES, type SignInEventType } from "../graph/odata_filter.ts";

/** `--event-types` words (lower case, `-`/`_` ignored) and the Graph event type each names. */
export const EVENT_TYPE_ALIASES = {
  interactive: "interactiveUser",
  interactiveuser: "interactiveUser",
  noninteractive: "nonInteractiveUser",
  noninteractiveuser: "nonInteractiveUser",
  serviceprincipal: "servicePrincipal",
  managedidentity: "managedIdentity",
} as const satisfies Record<string, SignInEventType>;

/** One key of {@linkcode EVENT_TYPE_ALIASES}. */
export type EventTypeAlias = keyof typeof EVENT_TYPE_ALIASES;

/** What `--event-types` means when it is not given. */
export const DEFAULT_EVENT_TYPES: readonly SignInEventType[] = ["interactiveUser", "nonInteractiveUser"];

/** What `--days` means when no window option is given. */
export const DEFAULT_WINDOW_DAYS = 1;

/** Largest `--days`. */
export const MAX_WINDOW_DAYS = 365;

const DAY_MS = 86_400_000;

/**
 * Whether a word is an `--event-types` alias (after lower-casing and dropping `-`/`_`).
 *
 * @example
 * ```ts
 * import { isEventTypeAlias } from "./window_options.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isEventTypeAlias("noninteractive"), true);
 * assert.equal(isEventTypeAlias("batch"), false);
 * ```
 */
export function isEventTypeAlias(word: string): word is EventTypeAlias {
  return Object.hasOwn(EVENT_TYPE_ALIASES, word);
}

/**
 * Parses `--event-types`: a comma-separated list of `interactive`, `noninteractive`,
 * `serviceprincipal`, `managedidentity` (or the Graph names `interactiveUser`, …; case, `-`
 * and `_` ignored), or `all`. Returns Graph names in Graph's order, each once; the default
 * (interactive and non-interactive) when the value is undefined.
 *
 * @throws {UsageError} for an empty list or an unknown word
 *
 * @example
 * ```ts
 * import { parseEventTypes } from "./window_options.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseEventTypes(undefined), ["interactiveUser", "nonInteractiveUser"]);
 * assert.deepEqual(parseEventTypes("managedidentity, Interactive,interactiveUser"), ["interactiveUser", "managedIdentity"]);
 * assert.deepEqual(parseEventTypes("all").length, 4);
 * assert.throws(() => parseEventTypes("interactive,batch"), /--event-types "batch"/);
 * ```
 */
export function parseEventTypes(value: string | undefined): SignInEventType[] {
  if (value === undefined) return [...DEFAULT_EVENT_TYPES];
  const words = value.split(",").map((w) => w.trim()).filter((w) => w !== "");
  if (words.length === 0) {
    throw new UsageError(
      `Cannot use --event-types ${JSON.stringify(value)}: expected a comma-separated list of ` +
        `interactive, noninteractive, serviceprincipal, managedidentity or all`,
    );
  }
  const wanted = new Set<SignInEventType>();
  for (const word of words) {
    const key = word.toLowerCase().replace(/[-_]/g, "");
    if (key === "all") {
      for (const t of SIGN_IN_EVENT_TYPES) wanted.add(t);
    } else if (isEventTypeAlias(key)) {
      wanted.add(EVENT_TYPE_ALIASES[key]);
    } else {
      throw new UsageError(
        `Cannot use --event-types ${JSON.stringify(word)}: expected interactive, noninteractive, ` +
          `serviceprincipal, managedidentity (or the Graph names interactiveUser, …) or all`,
      );
    }
  }
  return SIGN_IN_EVENT_TYPES.filter((t) => wanted.has(t));
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses an ISO 8601 instant for `--since` / `--until`: a date (`2026-11-01`, midnight UTC)
 * or a date-time with `Z` or an offset (`2026-11-01T08:00:00+01:00`). A date-time without a
 * zone is refused: it would depend on the machine's time zone.
 *
 * @param option the option name, for the message
 * @throws {UsageError} for anything else
 *
 * @example
 * ```ts
 * import { parseInstant } from "./window_options.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseInstant("--since", "2026-11-01").toISOString(), "2026-11-01T00:00:00.000Z");
 * assert.equal(parseInstant("--since", "2026-11-01T08:00+01:00").toISOString(), "2026-11-01T07:00:00.000Z");
 * assert.throws(() => parseInstant("--until", "2026-11-01T08:00:00"), /--until/);
 * assert.throws(() => parseInstant("--until", "2026-02-30"), /--until/);
 * assert.throws(() => parseInstant("--until", "2026-02-30T00:00:00Z"), /--until/);
 * ```
 */
export function parseInstant(option: string, value: string): Date {
  const v = value.trim();
  const ms = INSTANT_RE.test(v) ? parseIsoInstant(v, "required") : NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `Cannot use ${option} ${JSON.stringify(value)}: expected an ISO 8601 date or date-time with a zone, ` +
        `e.g. 2026-11-01 or 2026-11-01T00:00:00Z`,
    );
  }
  return new Date(ms);
}

/** The raw window option values (commander's camelCase names). */
export interface WindowOptionValues {
  /** `--since` */
  since?: string | undefined;
  /** `--until` */
  until?: string | undefined;
  /** `--days` */
  days?: string | undefined;
}

/** A time window: `from` inclusive, `to` exclusive. */
export interface SignInWindow {
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
}

/**
 * Resolves the window: `--until` (default now) back `--days` (default 1) days, or from
 * `--since` to `--until`. `--since` and `--days` together are refused.
 *
 * @param values the option values as given (undefined when absent)
 * @param now the current time
 * @throws {UsageError} for a bad value, both `--since` and `--days`, or an empty window
 *
 * @example
 * ```ts
 * import { resolveSignInWindow } from "./window_options.ts";
 * import assert from "node:assert/strict";
 * const now = new Date("2026-11-20T12:00:00Z");
 * const w = resolveSignInWindow({}, now);
 * assert.equal(w.from.toISOString(), "2026-11-19T12:00:00.000Z");
 * assert.equal(w.to.toISOString(), "2026-11-20T12:00:00.000Z");
 * const s = resolveSignInWindow({ since: "2026-11-01", until: "2026-11-02" }, now);
 * assert.equal(s.to.getTime() - s.from.getTime(), 86_400_000);
 * assert.throws(() => resolveSignInWindow({ since: "2026-11-21" }, now), /before/);
 * ```
 */
export function resolveSignInWindow(values: WindowOptionValues, now: Date): SignInWindow {
  if (values.since !== undefined && values.days !== undefined) {
    throw new UsageError(
      `Cannot use --since and --days together: give --since (and optionally --until), or --days`,
    );
  }
  const to = values.until !== undefined ? parseInstant("--until", values.until) : new Date(now.getTime());
  let from: Date;
  if (values.since !== undefined) {
    from = parseInstant("--since", values.since);
  } else {
    const raw = values.days ?? String(DEFAULT_WINDOW_DAYS);
    if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_WINDOW_DAYS) {
      throw new UsageError(
        `Cannot use --days ${JSON.stringify(raw)}: expected a whole number from 1 to ${MAX_WINDOW_DAYS}`,
      );
    }
    from = new Date(to.getTime() - Number(raw) * DAY_MS);
  }
  if (!(from.getTime() < to.getTime())) {
    throw new UsageError(
      `Cannot use the window ${from.toISOString()} – ${to.toISOString()}: expected --since before --until`,
    );
  }
  return { from, to };
}

/**
 * Adds `--since`, `--until`, `--days` and `--event-types` to a commander command (no
 * defaults in commander, so a caller can tell given from defaulted; resolve with
 * {@linkcode resolveSignInWindow} and {@linkcode parseEventTypes}).
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addSignInWindowOptions, parseEventTypes, resolveSignInWindow } from "./window_options.ts";
 * import assert from "node:assert/strict";
 * const cmd = addSignInWindowOptions(new Command("t").exitOverride());
 * cmd.parse(["--days", "7", "--event-types", "serviceprincipal"], { from: "user" });
 * const o = cmd.opts();
 * assert.deepEqual(parseEventTypes(o.eventTypes), ["servicePrincipal"]);
 * const w = resolveSignInWindow(o, new Date("2026-11-20T00:00:00Z"));
 * assert.equal(w.from.toISOString(), "2026-11-13T00:00:00.000Z");
 * ```
 */
export function addSignInWindowOptions<C extends Command>(cmd: C): C {
  cmd
    .addOption(
      new Option("--since <iso>", "window start, ISO 8601 (e.g. 2026-11-01 or 2026-11-01T08:00:00Z)"),
    )
    .addOption(new Option("--until <iso>", "window end, exclusive (default: now)"))
    .addOption(
      new Option("--days <n>", `days before --until (default ${DEFAULT_WINDOW_DAYS}; not with --since)`),
    )
    .addOption(
      new Option(
        "--event-types <list>",
        "comma-separated: interactive, noninteractive, serviceprincipal, managedidentity, all " +
          "(default interactive,noninteractive)",
      ),
    );
  return cmd;
}
