/**
 * One handler per resource family the local Graph server serves, by collection.
 *
 * @module
 */
import type { ServerCollection } from "../collections.ts";
import { AUTHENTICATION_METHODS_HANDLER } from "./authentication_methods.ts";
import { CONDITIONAL_ACCESS_POLICIES_HANDLER } from "./conditional_access_policies.ts";
import type { CollectionHandler } from "./handler.ts";
import { REGISTRATION_DETAILS_HANDLER } from "./registration_details.ts";
import { SIGN_INS_HANDLER } from "./sign_ins.ts";
import { USERS_HANDLER } from "./users.ts";

export type { CollectionHandler, FilterScope, HandlerSettings, ItemStep } from "./handler.ts";

/** The handler of each collection. */
export const COLLECTION_HANDLERS: Readonly<Record<ServerCollection, CollectionHandler>> = {
  users: USERS_HANDLER,
  registrationDetails: REGISTRATION_DETAILS_HANDLER,
  authenticationMethods: AUTHENTICATION_METHODS_HANDLER,
  conditionalAccessPolicies: CONDITIONAL_ACCESS_POLICIES_HANDLER,
  signIns: SIGN_INS_HANDLER,
};
