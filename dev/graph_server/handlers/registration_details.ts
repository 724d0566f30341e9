/**
 * `/reports/authenticationMethods/userRegistrationDetails`: v1.0 has no `defaultMfaMethod`.
 *
 * @module
 */
import { type CollectionHandler, dropProperty } from "./handler.ts";

const dropDefaultMethod = dropProperty("defaultMfaMethod");

/**
 * The registration details handler.
 *
 * @example v1.0 drops defaultMfaMethod
 * ```ts
 * import { REGISTRATION_DETAILS_HANDLER } from "./registration_details.ts";
 * import assert from "node:assert/strict";
 * const [step] = REGISTRATION_DETAILS_HANDLER.project("v1.0", { caVisible: true });
 * assert.deepEqual(step?.({ id: "u1", defaultMfaMethod: "push" }), { id: "u1" });
 * assert.equal(REGISTRATION_DETAILS_HANDLER.project("beta", { caVisible: true }).length, 0);
 * ```
 */
export const REGISTRATION_DETAILS_HANDLER: CollectionHandler = {
  collection: "registrationDetails",
  project: (version) => version === "v1.0" ? [dropDefaultMethod] : [],
  scope: () => ({ kind: "ok", keep: undefined }),
};
