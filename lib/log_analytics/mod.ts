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
  countedTuples,
  groupColumns,
  groupedSignInsQuery,
  INTERRUPT_RESULT_TYPES,
  kqlDateTime,
  kqlString,
  LA_COUNTED_PARTS,
  LA_TABLE_OF_EVENT_TYPE,
  mergeRowsQuery,
  mergeTuples,
  NEIGHBOUR_MS,
  USER_TUPLE_COLUMNS,
} from "./kql.ts";
export type { LaCountedPart, LaCountingMode, LaRowFilter, LaTuple, TimeSlice } from "./kql.ts";
export { restoreStepTimes, STEP_TIME_MEMBER } from "./step_times.ts";
export { LA_REPORT_COLUMNS, LA_SIGNIN_TABLES } from "./schema.ts";
export type { KustoType, LaSignInTable } from "./schema.ts";
export { decodeCountedRows, decodeDictionary, decodeMergeRows, streamDecoded } from "./dictionary.ts";
export type { DecodedRows, DecodedStream } from "./dictionary.ts";
export { createLaSourceStats, DEFAULT_SLICE_MS, laSignInBatches, sliceWindow, timespanOf } from "./source.ts";
export type { CountedSignIns, LaSliceData, LaSliceOptions, LaSourceStats } from "./source.ts";
