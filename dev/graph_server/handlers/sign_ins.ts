/**
 * `/auditLogs/signIns`: v1.0 serves only its own properties and knows no `signInEventTypes`;
 * without a `signInEventTypes` filter only interactive sign-ins are listed (as Graph does);
 * `appliedConditionalAccessPolicies` is left out when the app lacks Policy.Read.All.
 *
 * @module
 */
import type { GraphObject } from "../../sample/dataset.ts";
import { signInEventTypesOf, V1_SIGN_IN_PROPERTIES } from "../collections.ts";
import { type CollectionHandler, dropProperty, type ItemStep } from "./handler.ts";

const v1Only: ItemStep = (o) => {
  const out: GraphObject = {};
  for (const k in o) if (V1_SIGN_IN_PROPERTIES.has(k)) out[k] = o[k];
  return out;
};
const dropCa = dropProperty("appliedConditionalAccessPolicies");
const interactive = (o: GraphObject) => signInEventTypesOf(o).includes("interactiveUser");

/**
 * The sign-ins handler.
 *
 * @example Interactive only unless the filter names event types
 * ```ts
 * import { SIGN_INS_HANDLER } from "./sign_ins.ts";
 * import assert from "node:assert/strict";
 * const scope = SIGN_INS_HANDLER.scope(undefined, "beta");
 * assert.ok(scope.kind === "ok" && scope.keep?.({ signInEventTypes: ["nonInteractiveUser"] }) === false);
 * ```
 */
export const SIGN_INS_HANDLER: CollectionHandler = {
  collection: "signIns",
  project: (version, settings) => [
    ...(version === "v1.0" ? [v1Only] : []),
    ...(settings.caVisible ? [] : [dropCa]),
  ],
  scope: (filter, version) => {
    const eventFilter = filter?.anyProperties.includes("signInEventTypes") ?? false;
    if (eventFilter && version === "v1.0") {
      return {
        kind: "error",
        message:
          "Invalid filter clause: Could not find a property named 'signInEventTypes' on type 'microsoft.graph.signIn'.",
      };
    }
    return { kind: "ok", keep: eventFilter ? undefined : interactive };
  },
};
