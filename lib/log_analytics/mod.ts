/**
 * Log Analytics as a sign-in source: the KQL the toolkit sends, the query client (through the
 * project's sign-in layer and request guard) and the sliced row source.
 *
 * @module
 */
export { createLaClient, isWorkspaceId, LA_FAILURE_KINDS, LA_LIMITS, LaQueryError } from "./client.ts";
export type { LaClient, LaClientConfig, LaClientStats, LaFailureKind, LaResult } from "./client.ts";
export { LA_CLOUDS, LA_NET_HOSTS, resolveLaEndpoint } from "./endpoint.ts";
export {
  countedPartsOf,
  groupColumns,
  groupedSignInsQuery,
  INTERRUPT_RESULT_TYPES,
  kqlDateTime,
  kqlString,
  LA_COUNTED_PARTS,
  LA_TABLE_OF_EVENT_TYPE,
  mergeRowsQuery,
  NEIGHBOUR_MS,
} from "./kql.ts";
export type { LaCountedPart, LaCountingMode, LaRowFilter, TimeSlice } from "./kql.ts";
export { LA_REPORT_COLUMNS, LA_SIGNIN_TABLES } from "./schema.ts";
export type { KustoType, LaSignInTable } from "./schema.ts";
export { decodeDictionary } from "./dictionary.ts";
export type { DecodedRows } from "./dictionary.ts";
export { DEFAULT_SLICE_MS, laSignInBatches, sliceWindow, timespanOf } from "./source.ts";
export type { CountedSignIns, LaSliceData, LaSliceOptions, LaSourceStats } from "./source.ts";
