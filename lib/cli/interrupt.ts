/**
 * What a Ctrl-C means to a task that stops gracefully: the first asks for a graceful stop, a
 * second one quits at once. On a terminal one keypress can reach the task twice within a
 * millisecond (the terminal signals the whole foreground process group, and `deno task`
 * forwards the SIGINT it got to its child), so a SIGINT that soon after the first is the same
 * keypress.
 *
 * @module
 */

/** A SIGINT less than this many ms after the first is the same Ctrl-C delivered twice. */
export const SAME_CTRL_C_MS = 1000;

/** What to do about a SIGINT. */
export type CtrlCMeaning = "stop" | "ignore" | "quit";

/**
 * What a SIGINT at `now` means, given when the first one came.
 *
 * @param firstAt time of the first SIGINT (ms), or `undefined` when this is the first
 * @param now time of this SIGINT (ms, same clock)
 *
 * @example
 * ```ts
 * import { ctrlCMeaning } from "./interrupt.ts";
 * import assert from "node:assert/strict";
 * assert.equal(ctrlCMeaning(undefined, 1000), "stop");
 * assert.equal(ctrlCMeaning(1000, 1000.2), "ignore");
 * assert.equal(ctrlCMeaning(1000, 2500), "quit");
 * ```
 */
export function ctrlCMeaning(firstAt: number | undefined, now: number): CtrlCMeaning {
  if (firstAt === undefined) return "stop";
  return now - firstAt < SAME_CTRL_C_MS ? "ignore" : "quit";
}
