/**
 * The parse worker of {@linkcode readSignInBatchesParallel} (parallel.ts): takes line-aligned
 * ranges of an NDJSON file, returns their sign-ins (decoded, split, parsed and mapped exactly as
 * the sequential reader does). No state between ranges; permissions are the parent's.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { InputError } from "../errors.ts";
import { type NdjsonRangeOptions, readNdjsonRange } from "../signins/mod.ts";
import type { SignIn } from "../signins/mod.ts";
import type { RangeReply, RangeRequest } from "./parallel.ts";

/** Array fields that repeat from row to row (policy results, event types, methods). */
const SHARED_FIELDS = [
  "appliedConditionalAccessPolicies",
  "authenticationRequirementPolicies",
  "signInEventTypes",
  "authenticationMethodsUsed",
  "authenticationDetails",
] as const;

/**
 * Makes rows of one reply share equal arrays (same content, one object): the structured clone
 * then sends each distinct array once and a reference for every repeat, which makes the main
 * thread's copy several times cheaper. Rows are read-only downstream, so sharing is safe.
 */
function shareRepeats(rows: SignIn[]): void {
  const seen = new Map<string, unknown>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as unknown as Record<string, unknown>;
    for (let f = 0; f < SHARED_FIELDS.length; f++) {
      const name = SHARED_FIELDS[f]!;
      const v = r[name];
      if (v === null || v === undefined) continue;
      const key = name + JSON.stringify(v);
      const shared = seen.get(key);
      if (shared === undefined) seen.set(key, v);
      else r[name] = shared;
    }
  }
}

self.onmessage = (e: MessageEvent<RangeRequest>) => {
  const { id, bytes, options } = e.data;
  let reply: RangeReply;
  try {
    const result = readNdjsonRange(bytes, options as NdjsonRangeOptions);
    shareRepeats(result.signIns);
    reply = { id, ok: true, result };
  } catch (err) {
    reply = err instanceof InputError
      ? { id, ok: false, message: err.message, location: err.location }
      : { id, ok: false, message: err instanceof Error ? err.message : String(err), location: null };
  }
  self.postMessage(reply);
};
