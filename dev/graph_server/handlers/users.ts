/**
 * `/users`: served as stored in both versions; no implied filter.
 *
 * @module
 */
import { type CollectionHandler, plainHandler } from "./handler.ts";

/** The users handler. */
export const USERS_HANDLER: CollectionHandler = plainHandler("users");
