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
export * from "./collections.ts";
export * from "./faults.ts";
export * from "./filter.ts";
export * from "./odata_error.ts";
export * from "./server.ts";
