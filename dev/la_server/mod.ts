/**
 * A local Log Analytics-compatible query endpoint and the KQL-subset interpreter behind it
 * (test and demo scaffolding): the sample tenant's sign-ins as the four sign-in tables.
 *
 * @module
 */
export { KqlError, KqlLimitError, newKqlRunStats, parseKql, runKql, streamKql } from "./kql_interpreter.ts";
export type {
  KqlColumn,
  KqlLetCache,
  KqlRunOptions,
  KqlRunStats,
  KqlSource,
  KqlStream,
  KqlTable,
  KqlType,
} from "./kql_interpreter.ts";
export { startLaServer } from "./server.ts";
export type { LaFault, LaServer, LaServerOptions, LaServerStats } from "./server.ts";
export { laRowOf, laRows, laTables, lazyLaTables } from "./tables.ts";
export type { LaRows } from "./tables.ts";
