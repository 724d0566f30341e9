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
 * import { startGraphServer } from "../../dev/graph_server/mod.ts";
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
export {
  AUTH_ENV_NAMES,
  AUTH_MODES,
  describeAuthConfig,
  IMDS_HOST,
  isAuthMode,
  readAuthEnv,
  resolveAuthConfig,
} from "./auth_config.ts";
export type {
  AuthConfig,
  AuthEnv,
  AuthFlags,
  AuthMode,
  FederatedSource,
  ManagedIdentitySource,
} from "./auth_config.ts";
export {
  DEFAULT_REPORTS_BUDGET,
  isReportsFamilyUrl,
  RequestBudget,
  retryAfterMs,
  SYSTEM_CLOCK,
} from "./budget.ts";
export type { BudgetClock, RequestBudgetOptions, RequestBudgetStats } from "./budget.ts";
export { CA_DETAIL_HIDDEN_NOTE } from "./ca_visibility.ts";
export { createGraphClient, formatGraphStats, GRAPH_VERSIONS } from "./client.ts";
export type { GraphClient, GraphClientConfig, GraphClientStats, GraphVersion } from "./client.ts";
export {
  GRAPH_CLOUDS,
  IDENTITY_NET_HOSTS,
  isGraphCloud,
  isLoopbackUrl,
  resolveGraphEndpoint,
} from "./cloud.ts";
export type { GraphCloud, GraphEndpoint } from "./cloud.ts";
export {
  getPerUserMfaRequirements,
  listAuthenticationMethods,
  listConditionalAccessPolicies,
  listRegistrationDetails,
  listSignIns,
  listUsers,
  signInsRequest,
  USER_SELECT,
} from "./endpoints.ts";
export type { ListRegistrationDetailsOptions, ListSignInsOptions, ListUsersOptions } from "./endpoints.ts";
export {
  classifyGraphFailure,
  GRAPH_ENDPOINT_INFO,
  GRAPH_ERROR_KINDS,
  graphEndpointOf,
  graphErrorMessage,
  LICENCE_ERROR_TEXT,
} from "./graph_error.ts";
export type { GraphEndpointName, GraphErrorDetails, GraphErrorKind, GraphFailure } from "./graph_error.ts";
export {
  DEFAULT_REQUEST_LIMITS,
  guardFetch,
  PageLoopGuard,
  readRetryAfter,
  sameOrigin,
  tenantOfToken,
} from "./guard.ts";
export type { GuardOptions, RequestLimits, RetryAfterReading } from "./guard.ts";
export {
  andFilters,
  createdDateTimeFilter,
  EQ_FILTER_PROPERTIES,
  eqFilter,
  mfaRegisteredFilter,
  odataDateTime,
  odataString,
  selectParam,
  signInEventTypeFilter,
  topParam,
  upnStartsWithFilter,
} from "./odata_filter.ts";
export type { DateTimeRange, EqFilterProperty } from "./odata_filter.ts";
export {
  checkGraphUrl,
  checkPageSkeleton,
  DEFAULT_GRAPH_HEADERS,
  getGraphBytes,
  getGraphJson,
  invalidJsonDetail,
  pageCollection,
  pageCollectionElsewhere,
  pageSkeleton,
  readCollectionPage,
} from "./request.ts";
export type { CollectionPage, GraphItem, GraphRequest, PageSkeleton, ParsedPage } from "./request.ts";
export { createAuthenticationProvider, HostBoundTokenProvider } from "./token_provider.ts";
export type { AuthProviderOptions } from "./token_provider.ts";
