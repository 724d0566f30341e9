/**
 * Test helper (private): the sample tenant's sign-ins read and merged into logical sign-ins, as
 * the report pipeline sees them (the aggregator's merge and state tests feed them).
 *
 * @module
 */
import { type LogicalSignIn, readSignInBatches, SignInMerger } from "../../lib/signins/mod.ts";
import { generateSignIns } from "../sample/mod.ts";

/**
 * The logical sign-ins of 30 sample users over `days` days, 3 sign-ins per user per day:
 * generated, written as NDJSON, read back and merged.
 *
 * @param seed the sample tenant's seed
 * @param days how many days of sign-ins
 * @returns the merged sign-ins, in the merger's order
 *
 * @example
 * ```ts
 * import { sampleLogicalSignIns } from "./sample_logical.ts";
 * import assert from "node:assert/strict";
 * assert.ok((await sampleLogicalSignIns(7, 1)).length > 0);
 * ```
 */
export async function sampleLogicalSignIns(seed: number, days: number): Promise<LogicalSignIn[]> {
  const text = [...generateSignIns({ seed, users: 30, days, signInsPerUserPerDay: 3 })]
    .map((r) => JSON.stringify(r)).join("\n");
  const out: LogicalSignIn[] = [];
  const merger = new SignInMerger();
  for await (const batch of readSignInBatches(new Blob([text]).stream())) {
    for (const r of batch) merger.pushInto(r, out);
  }
  out.push(...merger.flush());
  return out;
}
