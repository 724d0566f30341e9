/**
 * `/identity/conditionalAccess/policies`: served as stored in both versions; no implied filter.
 *
 * @module
 */
import { type CollectionHandler, plainHandler } from "./handler.ts";

/** The Conditional Access policies handler. */
export const CONDITIONAL_ACCESS_POLICIES_HANDLER: CollectionHandler = plainHandler(
  "conditionalAccessPolicies",
);
