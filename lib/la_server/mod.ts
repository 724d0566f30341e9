/**
 * A local Log Analytics-compatible query endpoint and the KQL-subset interpreter behind it
 * (test and demo scaffolding): the sample tenant's sign-ins as the four sign-in tables.
 *
 * @module
 */
export * from "./kql_interpreter.ts";
export * from "./server.ts";
export * from "./tables.ts";
