/**
 * Test helper (private): a complete {@linkcode SignIn} with every field null unless given, and
 * a logical sign-in around it.
 *
 * @module
 */
import type { LogicalSignIn, SignIn } from "../../lib/signins/mod.ts";
import type { ReportMeta } from "../../lib/signins_report/aggregator.ts";

export { testSignIn } from "./test_sign_in.ts";

/**
 * A logical sign-in of one row (or of interrupts plus a completion).
 *
 * @example
 * ```ts
 * import { testLogical, testSignIn } from "./test_rows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(testLogical(testSignIn({ id: "x" })).rows, 1);
 * ```
 */
export function testLogical(signIn: SignIn, interruptions: SignIn[] = [], completed = true): LogicalSignIn {
  return {
    signIn,
    rows: 1 + interruptions.length,
    interrupted: interruptions.length > 0 || !completed,
    completed,
    interruptions,
  };
}

/**
 * One authentication step.
 *
 * @example
 * ```ts
 * import { testStep } from "./test_rows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(testStep("Password", true).succeeded, true);
 * ```
 */
export function testStep(method: string, succeeded: boolean | null, resultDetail: string | null = null) {
  return { method, detail: null, stepRequirement: null, succeeded, resultDetail, dateTime: null };
}

/**
 * Report metadata for tests: no sources, rows or merges, generated at a fixed time.
 *
 * @example
 * ```ts
 * import { TEST_REPORT_META } from "./test_rows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(TEST_REPORT_META.merge.rowsMerged, 0);
 * ```
 */
export const TEST_REPORT_META: ReportMeta = {
  generatedAt: "2026-11-20T12:00:00Z",
  sources: [],
  rows: 0,
  badRows: 0,
  filteredOut: 0,
  merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 },
};
