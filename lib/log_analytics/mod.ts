/**
 * Log Analytics as a sign-in source: the KQL the toolkit sends, the query client (through the
 * project's sign-in layer and request guard) and the sliced row source.
 *
 * @module
 */
export * from "./client.ts";
export * from "./endpoint.ts";
export * from "./kql.ts";
export * from "./schema.ts";
export * from "./source.ts";
export * from "./options.ts";
