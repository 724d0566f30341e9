/**
 * Detecting that Conditional Access detail is hidden: Graph leaves
 * `appliedConditionalAccessPolicies` out of every sign-in, without warning, unless the app
 * also has Policy.Read.All (or Policy.Read.ConditionalAccess). `conditionalAccessStatus` is
 * still there, so "status present, policies never present" means "not visible".
 *
 * @module
 */

/** The note reports print when CA detail is hidden. */
export const CA_DETAIL_HIDDEN_NOTE = "CA detail not visible: grant Policy.Read.All";

/** What a stream of sign-ins says about CA visibility. */
export type CaVisibility =
  /** At least one sign-in carried `appliedConditionalAccessPolicies` (even empty). */
  | { kind: "visible"; signIns: number }
  /** Sign-ins had `conditionalAccessStatus` but none had `appliedConditionalAccessPolicies`. */
  | { kind: "hidden"; signIns: number }
  /** No sign-in had either property (or there were none): nothing can be said. */
  | { kind: "undetermined"; signIns: number };

/**
 * Accumulates {@linkcode CaVisibility} over a stream, one sign-in at a time.
 *
 * @example
 * ```ts
 * import { CaVisibilityTracker } from "./ca_visibility.ts";
 * import assert from "node:assert/strict";
 * const t = new CaVisibilityTracker();
 * t.observe({ id: "1", conditionalAccessStatus: "success" });
 * assert.deepEqual(t.result(), { kind: "hidden", signIns: 1 });
 * t.observe({ id: "2", conditionalAccessStatus: "notApplied", appliedConditionalAccessPolicies: [] });
 * assert.deepEqual(t.result(), { kind: "visible", signIns: 2 });
 * ```
 */
export class CaVisibilityTracker {
  #count = 0;
  #status = false;
  #policies = false;

  /** Looks at one sign-in (a raw Graph object). */
  observe(signIn: Readonly<Record<string, unknown>>): void {
    this.#count++;
    if (!this.#policies && Object.hasOwn(signIn, "appliedConditionalAccessPolicies")) this.#policies = true;
    if (
      !this.#status && signIn.conditionalAccessStatus !== undefined && signIn.conditionalAccessStatus !== null
    ) {
      this.#status = true;
    }
  }

  /** The verdict so far. */
  result(): CaVisibility {
    const signIns = this.#count;
    if (this.#policies) return { kind: "visible", signIns };
    if (this.#status) return { kind: "hidden", signIns };
    return { kind: "undetermined", signIns };
  }
}

/**
 * {@linkcode CaVisibility} of a collection of sign-ins.
 *
 * @example
 * ```ts
 * import { caVisibilityOf } from "./ca_visibility.ts";
 * import assert from "node:assert/strict";
 * assert.equal(caVisibilityOf([{ conditionalAccessStatus: "success" }, { conditionalAccessStatus: "notApplied" }]).kind, "hidden");
 * assert.equal(caVisibilityOf([]).kind, "undetermined");
 * ```
 */
export function caVisibilityOf(signIns: Iterable<Readonly<Record<string, unknown>>>): CaVisibility {
  const t = new CaVisibilityTracker();
  for (const s of signIns) t.observe(s);
  return t.result();
}

/**
 * Passes a sign-in stream through unchanged while feeding a tracker, so a report can stream
 * and still learn the verdict at the end.
 *
 * @example
 * ```ts
 * import { CaVisibilityTracker, withCaVisibility } from "./ca_visibility.ts";
 * import assert from "node:assert/strict";
 * async function* src() { yield { conditionalAccessStatus: "success" }; }
 * const t = new CaVisibilityTracker();
 * let n = 0;
 * for await (const _ of withCaVisibility(src(), t)) n++;
 * assert.equal(n, 1);
 * assert.equal(t.result().kind, "hidden");
 * ```
 */
export async function* withCaVisibility<T extends Readonly<Record<string, unknown>>>(
  signIns: AsyncIterable<T>,
  tracker: CaVisibilityTracker,
): AsyncGenerator<T> {
  for await (const s of signIns) {
    tracker.observe(s);
    yield s;
  }
}
