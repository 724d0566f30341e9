/**
 * The four Entra sign-in tables of a Log Analytics workspace and the columns of them the sign-in
 * report reads, with their documented types (Azure Monitor table reference; the full documented
 * schemas are in `testdata/log_analytics/table_schemas.json`, and a test checks this table
 * against them).
 *
 * @module
 */

/** The sign-in tables, in the order the query unions them. */
export const LA_SIGNIN_TABLES = [
  "SigninLogs",
  "AADNonInteractiveUserSignInLogs",
  "AADServicePrincipalSignInLogs",
  "AADManagedIdentitySignInLogs",
] as const;

/** One of {@linkcode LA_SIGNIN_TABLES}. */
export type LaSignInTable = typeof LA_SIGNIN_TABLES[number];

/** Kusto scalar types used by these columns. */
export type KustoType = "string" | "dynamic" | "datetime" | "bool";

type Cols = Readonly<Record<string, KustoType>>;

/** The columns the report reads from the two app tables (service principals, managed identities): the same set. */
const APP_SIGN_IN_COLUMNS: Cols = {
  Id: "string",
  CorrelationId: "string",
  CreatedDateTime: "datetime",
  Type: "string",
  AppId: "string",
  IPAddress: "string",
  Location: "string",
  LocationDetails: "string",
  ResultType: "string",
  ResultDescription: "string",
  ConditionalAccessStatus: "string",
  ConditionalAccessPolicies: "string",
};

/**
 * Columns the report reads (what lib/signins/map_log_analytics.ts maps to the fields
 * lib/signins_report reads, plus `Id` and `CorrelationId` for merging), per table, with the
 * documented type. A column a table does not have is left out of that table's projection.
 */
export const LA_REPORT_COLUMNS: Readonly<Record<LaSignInTable, Cols>> = {
  SigninLogs: {
    Id: "string",
    CorrelationId: "string",
    CreatedDateTime: "datetime",
    Type: "string",
    UserId: "string",
    UserPrincipalName: "string",
    UserDisplayName: "string",
    UserType: "string",
    ClientAppUsed: "string",
    IsInteractive: "bool",
    AuthenticationRequirement: "string",
    AuthenticationRequirementPolicies: "string",
    AuthenticationDetails: "string",
    AuthenticationMethodsUsed: "string",
    MfaDetail: "dynamic",
    AppId: "string",
    AppDisplayName: "string",
    IPAddress: "string",
    Location: "string",
    LocationDetails: "dynamic",
    DeviceDetail: "dynamic",
    ResultType: "string",
    ResultDescription: "string",
    Status: "dynamic",
    ConditionalAccessStatus: "string",
    ConditionalAccessPolicies: "dynamic",
    CrossTenantAccessType: "string",
    HomeTenantId: "string",
    HomeTenantName: "string",
    ResourceTenantId: "string",
    TokenIssuerType: "string",
    RiskLevelDuringSignIn: "string",
    RiskLevelAggregated: "string",
    RiskState: "string",
  },
  AADNonInteractiveUserSignInLogs: {
    Id: "string",
    CorrelationId: "string",
    CreatedDateTime: "datetime",
    Type: "string",
    UserId: "string",
    UserPrincipalName: "string",
    UserDisplayName: "string",
    UserType: "string",
    ClientAppUsed: "string",
    IsInteractive: "bool",
    SignInEventTypes: "string",
    AuthenticationRequirement: "string",
    AuthenticationRequirementPolicies: "string",
    AuthenticationDetails: "string",
    AuthenticationMethodsUsed: "string",
    MfaDetail: "string",
    AppId: "string",
    AppDisplayName: "string",
    IPAddress: "string",
    Location: "string",
    LocationDetails: "string",
    DeviceDetail: "string",
    ResultType: "string",
    ResultDescription: "string",
    Status: "string",
    ConditionalAccessStatus: "string",
    ConditionalAccessPolicies: "string",
    CrossTenantAccessType: "string",
    HomeTenantId: "string",
    HomeTenantName: "string",
    ResourceTenantId: "string",
    TokenIssuerType: "string",
    RiskLevelDuringSignIn: "string",
    RiskLevelAggregated: "string",
    RiskState: "string",
  },
  AADServicePrincipalSignInLogs: APP_SIGN_IN_COLUMNS,
  AADManagedIdentitySignInLogs: APP_SIGN_IN_COLUMNS,
};
