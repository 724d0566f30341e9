/**
 * `/users/{id}/authentication/methods`: served as stored in both versions; no implied filter.
 *
 * @module
 */
import { type CollectionHandler, plainHandler } from "./handler.ts";

/** The authentication methods handler. */
export const AUTHENTICATION_METHODS_HANDLER: CollectionHandler = plainHandler("authenticationMethods");
