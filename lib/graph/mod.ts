/**
 * Microsoft Graph access: a client on the Graph SDK's request adapter (auth, retries,
 * redirects), collections as async generators that follow `@odata.nextLink`, OData filter
 * builders with escaping, a request budget for the reports throttling family, national clouds,
 * sign-in from the usual Azure environment variables, and errors that name the missing
 * licence or permission.
 *
 * @example Reading users from a Graph-compatible server
 * ```ts
 * import { createGraphClient, listUsers } from "./mod.ts";
 * import { startGraphServer } from "../graph_server/mod.ts";
 * import assert from "node:assert/strict";
 * const server = await startGraphServer({ dataset: { tenantId: "t", domain: "contoso.example",
 *   users: [{ id: "u1", userPrincipalName: "a@contoso.example" }], registrationDetails: [],
 *   authenticationMethods: {}, conditionalAccessPolicies: [], signIns: [] } });
 * try {
 *   const client = await createGraphClient({ auth: { kind: "none" }, graphUrl: server.url });
 *   const upns: unknown[] = [];
 *   for await (const u of listUsers(client)) upns.push(u.userPrincipalName);
 *   assert.deepEqual(upns, ["a@contoso.example"]);
 * } finally {
 *   await server.close();
 * }
 * ```
 *
 * @module
 */
export * from "./auth_config.ts";
export * from "./budget.ts";
export * from "./ca_visibility.ts";
export * from "./client.ts";
export * from "./cloud.ts";
export * from "./endpoints.ts";
export * from "./graph_error.ts";
export * from "./guard.ts";
export * from "./odata_filter.ts";
export * from "./options.ts";
export * from "./request.ts";
export * from "./token_provider.ts";
