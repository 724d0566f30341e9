/**
 * The batch fast path between {@linkcode readSignIns} and {@linkcode mergeSignIns} (private): a
 * `readSignIns()` generator carries its underlying batch generator under this symbol, so that
 * `mergeSignIns(readSignIns(…))` takes one async step per chunk instead of one per row.
 *
 * @module
 */
import type { SignIn } from "./sign_in.ts";

/** Where a row generator keeps its batches. */
export const BATCHES: unique symbol = Symbol("signInBatches");

/** The shared state: the batch generator, and whether someone already consumed it. */
export interface BatchSource {
  readonly batches: AsyncGenerator<readonly SignIn[]>;
  started: boolean;
}

/** Takes the batch source of a fresh `readSignIns()` generator (null for any other iterable). */
export function takeBatches(rows: unknown): AsyncGenerator<readonly SignIn[]> | null {
  const src = (rows as { [BATCHES]?: BatchSource } | null)?.[BATCHES];
  if (src === undefined || src.started) return null;
  src.started = true;
  return src.batches;
}
