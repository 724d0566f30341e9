/**
 * Durations for people, in the toolkit's two styles: `"compact"` for status lines that tick
 * (`45s`, `3m 05s`, `2h 04m`, `3d 01h`: fixed width after the first unit) and `"approximate"`
 * for estimates in a sentence (`45 s`, `3 min`, `3 h 20 min`, `2 d 5 h`: rounded).
 *
 * @module
 */

/** The styles {@linkcode formatDuration} writes. */
export const DURATION_STYLES = ["compact", "approximate"] as const;

/** One of {@linkcode DURATION_STYLES}. */
export type DurationStyle = typeof DURATION_STYLES[number];

/** Options for {@linkcode formatDuration}. */
export interface FormatDurationOptions {
  /** Which style. @default "compact" */
  style?: DurationStyle;
}

/**
 * A duration for people. A negative duration counts as 0.
 *
 * @param ms the duration, milliseconds
 * @param options the style
 * @returns the text
 *
 * @example Status-line style (the default)
 * ```ts
 * import { formatDuration } from "./duration.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatDuration(45_400), "45s");
 * assert.equal(formatDuration(185_000), "3m 05s");
 * assert.equal(formatDuration(7_440_000), "2h 04m");
 * assert.equal(formatDuration(90_000_000), "1d 01h");
 * ```
 *
 * @example Estimate style
 * ```ts
 * import { formatDuration } from "./duration.ts";
 * import assert from "node:assert/strict";
 * const o = { style: "approximate" } as const;
 * assert.equal(formatDuration(45_000, o), "45 s");
 * assert.equal(formatDuration(200_000, o), "3 min");
 * assert.equal(formatDuration(12_000_000, o), "3 h 20 min");
 * assert.equal(formatDuration(190_800_000, o), "2 d 5 h");
 * ```
 */
export function formatDuration(ms: number, options: FormatDurationOptions = {}): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return (options.style ?? "compact") === "compact" ? compact(s) : approximate(s);
}

function compact(s: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${pad(Math.floor((s % 86_400) / 3600))}h`;
}

function approximate(s: number): string {
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(s / 3600), m = Math.round((s % 3600) / 60);
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return `${d} d ${h % 24} h`;
}

/** Units a relative time (`7d`, `12h`, `30m`) may use, in milliseconds. */
export const RELATIVE_UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/**
 * Parses a relative time such as `7d`, `12h` or `30m` (a whole number and one unit; spaces and
 * case ignored) into milliseconds, or `undefined` when the text is not one.
 *
 * @param text the text
 * @returns the duration in milliseconds, or undefined
 *
 * @example
 * ```ts
 * import { parseRelativeDuration } from "./duration.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseRelativeDuration("7d"), 7 * 86_400_000);
 * assert.equal(parseRelativeDuration(" 12H "), 12 * 3_600_000);
 * assert.equal(parseRelativeDuration("2026-11-01"), undefined);
 * assert.equal(parseRelativeDuration("1.5d"), undefined);
 * ```
 */
export function parseRelativeDuration(text: string): number | undefined {
  const m = /^\s*(\d{1,6})\s*([dhm])\s*$/i.exec(text);
  if (m === null) return undefined;
  return Number(m[1]) * RELATIVE_UNITS[m[2]!.toLowerCase() as keyof typeof RELATIVE_UNITS];
}
