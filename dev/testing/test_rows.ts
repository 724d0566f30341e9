/**
 * Test helper (private): a complete {@linkcode SignIn} with every field null unless given, and
 * a logical sign-in around it.
 *
 * @module
 */
import type { LogicalSignIn, SignIn } from "../../lib/signins/mod.ts";

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
