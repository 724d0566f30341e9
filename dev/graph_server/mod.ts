/**
 * A local Graph-compatible server: serves a {@linkcode GraphDataset} on 127.0.0.1 with
 * Graph's paths, JSON shapes, paging, filters and errors, plus throttling, licence/permission
 * simulation and injected faults. The demo and the tests use it instead of Microsoft Graph.
 *
 * @example
 * ```ts
 * import { startGraphServer } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const server = await startGraphServer({ premium: false, dataset: { tenantId: "t", domain: "contoso.example",
 *   users: [], registrationDetails: [], authenticationMethods: {}, conditionalAccessPolicies: [], signIns: [] } });
 * try {
 *   const res = await fetch(`${server.url}/beta/auditLogs/signIns`);
 *   const body = await res.json();
 *   assert.equal(res.status, 403);
 *   assert.equal(body.error.message, "Neither tenant is B2C or tenant doesn't have premium license");
 *   assert.equal(res.headers.get("request-id"), body.error.innerError["request-id"]);
 * } finally {
 *   await server.close();
 * }
 * ```
 *
 * @module
 */
import type { GraphDataset } from "../sample/dataset.ts";
export type { GraphDataset };
export {
  COLLECTION_SPECS,
  routeCollection,
  SERVER_COLLECTIONS,
  signInEventTypesOf,
  V1_SIGN_IN_PROPERTIES,
} from "./collections.ts";
export type { CollectionRoute, CollectionSpec, RouteResult, ServerCollection } from "./collections.ts";
export { FAULT_KINDS, faultFor } from "./faults.ts";
export type { Fault, FaultKind, FaultPlan, FaultRequest, ScheduledFault } from "./faults.ts";
export { parseFilter } from "./filter.ts";
export type { FilterParseResult, FilterRules, ParsedFilter } from "./filter.ts";
export { GRAPH_ERROR_REPLIES, odataErrorBody } from "./odata_error.ts";
export type { GraphErrorReply } from "./odata_error.ts";
export { decodeSkipToken, encodeSkipToken, startGraphServer } from "./server.ts";
export type {
  GraphServer,
  GraphServerOptions,
  GraphServerStats,
  PageQuery,
  RecordedRequest,
} from "./server.ts";
