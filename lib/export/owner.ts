/**
 * Which event type "owns" a sign-in when several are exported. A sign-in whose
 * `signInEventTypes` lists more than one exported type comes back once per type; writing it
 * only under its first exported type (in Graph's order) keeps the output free of those
 * duplicates without remembering ids across slices.
 *
 * @module
 */
import type { SignInEventType } from "../classify/event_type.ts";

/**
 * The event type under which a sign-in is written: the first of `exported` that the item's
 * `signInEventTypes` lists, or `readAs` (the type of the call that returned it) when it lists
 * none of them or the field is missing or not an array.
 *
 * @param item the raw sign-in
 * @param exported the exported event types, in Graph's order
 * @param readAs the event type of the call that returned the item
 *
 * @example
 * ```ts
 * import { ownerEventType } from "./owner.ts";
 * import assert from "node:assert/strict";
 * const both = { signInEventTypes: ["nonInteractiveUser", "interactiveUser"] };
 * assert.equal(ownerEventType(both, ["interactiveUser", "nonInteractiveUser"], "nonInteractiveUser"), "interactiveUser");
 * assert.equal(ownerEventType(both, ["nonInteractiveUser"], "nonInteractiveUser"), "nonInteractiveUser");
 * assert.equal(ownerEventType({ signInEventTypes: "x" }, ["interactiveUser"], "interactiveUser"), "interactiveUser");
 * ```
 */
export function ownerEventType(
  item: Record<string, unknown>,
  exported: readonly SignInEventType[],
  readAs: SignInEventType,
): SignInEventType {
  const types = item.signInEventTypes;
  if (!Array.isArray(types)) return readAs;
  for (const t of exported) if (types.includes(t)) return t;
  return readAs;
}
