/**
 * The one record model every sign-in source (Graph NDJSON/JSON, portal CSV/JSON download,
 * Log Analytics JSON/CSV) is mapped to. Values stay raw: enum-like strings are copied as the
 * source wrote them (`"notApplied"`, `"Not Applied"`, `"reportOnlyFailure"`, new members …) and
 * classified later. A field the source leaves out, or sets to `null` or `""`, is `null`.
 *
 * @module
 */
import type { CaPolicyTable } from "./_ca_policy_table.ts";

/**
 * Input formats {@linkcode readSignInBatches} understands (the `inputFormat` override).
 *
 * @example Listing the choices for a CLI option
 * ```ts
 * import { INPUT_FORMAT } from "./sign_in.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Object.values(INPUT_FORMAT), ["graph-ndjson", "graph-json", "portal-json", "portal-csv", "la-json", "la-csv",
 *   "azure-diagnostics", "graph-powershell-json", "powershell-csv"]);
 * ```
 */
export const INPUT_FORMAT = {
  /** One raw Graph `signIn` JSON object per line (what the `signins-export` task writes). */
  GraphNdjson: "graph-ndjson",
  /** A Graph collection page `{"value":[…]}` (or any Graph-shaped JSON array/objects). */
  GraphJson: "graph-json",
  /** The Entra portal's "Download JSON": one large array of Graph-shaped objects. */
  PortalJson: "portal-json",
  /** The Entra portal's "Download CSV" (interactive, non-interactive, application, MSI files). */
  PortalCsv: "portal-csv",
  /** Log Analytics / Sentinel `SigninLogs`-family rows as JSON (array, or one object per line). */
  LaJson: "la-json",
  /** Log Analytics / Sentinel `SigninLogs`-family rows exported as CSV (nested values as JSON text). */
  LaCsv: "la-csv",
  /** Diagnostic-setting records (Event Hub `{"records":[…]}` batches, storage-account `PT1H.json` lines). */
  AzureDiagnostics: "azure-diagnostics",
  /** Graph PowerShell SDK objects through `ConvertTo-Json -Depth 10` (PascalCase, `AdditionalProperties`). */
  PowerShellJson: "graph-powershell-json",
  /** Graph PowerShell SDK objects through `Select-Object … | Export-Csv` (culture-formatted dates). */
  PowerShellCsv: "powershell-csv",
} as const;

/** One of the {@linkcode INPUT_FORMAT} values. */
export type InputFormat = typeof INPUT_FORMAT[keyof typeof INPUT_FORMAT];

const INPUT_FORMATS: ReadonlySet<string> = new Set(Object.values(INPUT_FORMAT));

/**
 * Whether a string names an input format.
 *
 * @param value e.g. an `--input-format` option value
 * @returns true for `graph-ndjson`, `graph-json`, `portal-json`, `portal-csv`, `la-json`, `la-csv`,
 *   `azure-diagnostics`
 *
 * @example Checking an option value
 * ```ts
 * import { isInputFormat } from "./sign_in.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isInputFormat("la-csv"), true);
 * assert.equal(isInputFormat("xlsx"), false);
 * ```
 */
export function isInputFormat(value: unknown): value is InputFormat {
  return typeof value === "string" && INPUT_FORMATS.has(value);
}

/** Where a record came from. One object is shared by all records of a file. */
export interface SignInSource {
  /** The format the file was read as (detected or forced). */
  readonly format: InputFormat;
  /** The file path as given, or the `fileName` option for streams. */
  readonly file: string;
}

/** One step of authentication (Graph beta `authenticationDetail`, LA `AuthenticationDetails`, portal AuthDetails file). */
export interface AuthenticationDetail {
  /** `authenticationMethod`, e.g. "Password", "Mobile app notification", "FIDO2 security key" (raw). */
  readonly method: string | null;
  /** `authenticationMethodDetail`, e.g. "Password in the cloud". */
  readonly detail: string | null;
  /** `authenticationStepRequirement`, e.g. "Primary authentication", "Multifactor authentication". */
  readonly stepRequirement: string | null;
  /** `succeeded`. */
  readonly succeeded: boolean | null;
  /** `authenticationStepResultDetail`, e.g. "MFA successfully completed" (free text). */
  readonly resultDetail: string | null;
  /** `authenticationStepDateTime` (ISO 8601 UTC when parseable, else raw). */
  readonly dateTime: string | null;
}

/** One entry of `appliedConditionalAccessPolicies` (LA: `ConditionalAccessPolicies`). */
export interface AppliedConditionalAccessPolicy {
  /** Policy id. */
  readonly id: string | null;
  /** Policy name. */
  readonly displayName: string | null;
  /** Raw result: success, failure, notApplied, notEnabled, reportOnlySuccess, … (kept as is). */
  readonly result: string | null;
  /** e.g. ["Mfa"], ["RequireCompliantDevice"] (raw). */
  readonly enforcedGrantControls: readonly string[];
  /** e.g. ["SignInFrequency"] (raw). */
  readonly enforcedSessionControls: readonly string[];
}

/** One entry of `authenticationRequirementPolicies` (beta). */
export interface AuthenticationRequirementPolicy {
  /** e.g. "multiConditionalAccess", "user" (per-user MFA), "securityDefaults", "riskBasedPolicy" (raw). */
  readonly requirementProvider: string | null;
  /** Free text. */
  readonly detail: string | null;
}

/** The deprecated `mfaDetail` (portal CSV: "Multifactor authentication auth method/detail"). */
export interface MfaDetail {
  /** e.g. "Mobile app notification", "Text message". */
  readonly authMethod: string | null;
  /** e.g. a masked phone number or device name. */
  readonly authDetail: string | null;
}

/**
 * One sign-in row as the source recorded it. Every property is always present (`null` when the
 * source does not carry it), so records have one shape whatever the source.
 */
export interface SignIn {
  // identifiers
  /** Sign-in id (portal CSV "Request ID", LA `Id`). */
  readonly id: string | null;
  /** Correlation id shared by the rows of one authentication flow. */
  readonly correlationId: string | null;
  /** Request id of the first request in the authentication sequence (beta). */
  readonly originalRequestId: string | null;
  /** Unique token identifier. */
  readonly uniqueTokenIdentifier: string | null;
  /** Session id (beta `sessionId`, portal "Session ID"). */
  readonly sessionId: string | null;
  /** When the sign-in happened: ISO 8601 UTC (Graph/LA JSON strings are kept as written). */
  readonly createdDateTime: string | null;
  /** {@linkcode SignIn.createdDateTime} in epoch milliseconds, `null` when absent. */
  readonly createdAtMs: number | null;

  // who
  /** User object id. */
  readonly userId: string | null;
  /** UPN (portal CSV "Username"). */
  readonly userPrincipalName: string | null;
  /** Display name (portal CSV "User"). */
  readonly userDisplayName: string | null;
  /** "member", "guest", "Member" … (raw). */
  readonly userType: string | null;

  // how
  /** "Browser", "Mobile Apps and Desktop clients", "Exchange ActiveSync", "IMAP4" … (raw). */
  readonly clientAppUsed: string | null;
  /** Whether the user provided a factor. Portal CSV: from the file kind; `null` when unknown. */
  readonly isInteractive: boolean | null;
  /**
   * Event type in Graph's vocabulary when the source says which it is (interactiveUser,
   * nonInteractiveUser, servicePrincipal, managedIdentity); an unrecognised LA table/category
   * name is kept raw; `null` when the source does not say.
   */
  readonly eventType: string | null;
  /** Raw beta `signInEventTypes` / LA `SignInEventTypes` list. */
  readonly signInEventTypes: readonly string[] | null;
  /** "singleFactorAuthentication" / "multiFactorAuthentication" (raw). */
  readonly authenticationRequirement: string | null;
  /** Why MFA was required (beta). */
  readonly authenticationRequirementPolicies: readonly AuthenticationRequirementPolicy[] | null;
  /**
   * Authentication steps; `null` when the source does not carry them (v1.0 Graph, portal CSV
   * without its AuthDetails file), `[]` when it does and there were none.
   */
  readonly authenticationDetails: readonly AuthenticationDetail[] | null;
  /** Beta `authenticationMethodsUsed`, e.g. ["Password", "SMS"]. */
  readonly authenticationMethodsUsed: readonly string[] | null;
  /** Deprecated `mfaDetail`; `null` when both parts are empty. */
  readonly mfaDetail: MfaDetail | null;
  /** "none", "oAuth2", "ropc", "deviceCode" … (raw). */
  readonly authenticationProtocol: string | null;
  /** User agent string. */
  readonly userAgent: string | null;

  // what
  /** Client application id. */
  readonly appId: string | null;
  /** Client application name. */
  readonly appDisplayName: string | null;
  /** Resource application id (LA: `ResourceIdentity`). */
  readonly resourceId: string | null;
  /** Resource name. */
  readonly resourceDisplayName: string | null;
  /** Service principal id (service-principal sign-ins). */
  readonly servicePrincipalId: string | null;
  /** Service principal name. */
  readonly servicePrincipalName: string | null;

  // location & device
  /** Client IP address. */
  readonly ipAddress: string | null;
  /** City. */
  readonly city: string | null;
  /** State or province. */
  readonly state: string | null;
  /** Two-letter country/region code. */
  readonly countryOrRegion: string | null;
  /** Device id. */
  readonly deviceId: string | null;
  /** Operating system (`deviceDetail.operatingSystem`). */
  readonly os: string | null;
  /** Browser. */
  readonly browser: string | null;
  /** `deviceDetail.isCompliant`. */
  readonly isCompliant: boolean | null;
  /** `deviceDetail.isManaged`. */
  readonly isManaged: boolean | null;
  /** "Azure AD joined", "Hybrid Azure AD joined", "Azure AD registered" … (raw; portal "Join Type"). */
  readonly trustType: string | null;

  // status
  /** `status.errorCode` (LA `ResultType`, portal "Sign-in error code"); 0 = success. */
  readonly errorCode: number | null;
  /** `status.failureReason` (LA falls back to `ResultDescription`). */
  readonly failureReason: string | null;
  /** `status.additionalDetails` (portal CSV: "Multifactor authentication result"). */
  readonly additionalDetails: string | null;
  /** Portal CSV "Status": "Success", "Failure", "Interrupted" (raw); `null` for other sources. */
  readonly resultStatus: string | null;

  // conditional access
  /** "success", "failure", "notApplied" (portal CSV: "Success", "Not Applied" …), raw. */
  readonly conditionalAccessStatus: string | null;
  /**
   * Applied CA policies; `null` when the source does not carry CA detail (portal CSV; Graph
   * without Policy.Read.* leaves the property out), so a report can say "CA detail not visible".
   */
  readonly appliedConditionalAccessPolicies: readonly AppliedConditionalAccessPolicy[] | null;

  // tenancy and tokens
  /** Raw `crossTenantAccessType` (a flags enum: may be comma-joined, e.g. "b2bCollaboration,passthrough"). */
  readonly crossTenantAccessType: string | null;
  /** User's home tenant id. */
  readonly homeTenantId: string | null;
  /** Resource tenant id. */
  readonly resourceTenantId: string | null;
  /** User's home tenant name. */
  readonly homeTenantName: string | null;
  /** "AzureAD", "ADFederationServices", "NPSExtension" … (raw). */
  readonly tokenIssuerType: string | null;
  /** e.g. "sts.contoso.example". */
  readonly tokenIssuerName: string | null;
  /** "none", "primaryRefreshToken", "Primary Refresh Token" … (raw). */
  readonly incomingTokenType: string | null;
  /** "clientSecret", "certificate", … (raw). */
  readonly clientCredentialType: string | null;

  // risk
  /** Risk level during sign-in (raw). */
  readonly riskLevelDuringSignIn: string | null;
  /** Aggregated risk level (raw). */
  readonly riskLevelAggregated: string | null;
  /** Risk state (raw). */
  readonly riskState: string | null;
  /** Risk detail (raw). */
  readonly riskDetail: string | null;
  /** `riskEventTypes_v2` (falls back to `riskEventTypes`). */
  readonly riskEventTypes: readonly string[] | null;

  // provenance
  /** Format and file (shared object). */
  readonly source: SignInSource;
  /** 1-based line in the file where the record starts. */
  readonly sourceLine: number;
}

/** What a mapper makes of one source record: a sign-in, or a bad row with the reason. */
export type MapResult =
  | { readonly kind: "signIn"; readonly signIn: SignIn }
  | { readonly kind: "bad"; readonly reason: string };

/** What every mapper needs besides the record. */
export interface MapContext {
  /** Shared provenance object. */
  readonly source: SignInSource;
  /** Event type to use when the record does not say (e.g. the `eventType` option). */
  readonly eventType: string | null;
  /**
   * Shared Conditional Access policy entries of the file being read (a reader passes one table
   * for all its rows; without it each row keeps its own entries).
   */
  readonly caPolicies?: CaPolicyTable;
  /** Graph-shaped records: leave the keys of `LEAN_SKIPPED_KEYS` unread (null), as `ReadSignInsOptions.lean` asks. */
  readonly lean?: boolean;
}
