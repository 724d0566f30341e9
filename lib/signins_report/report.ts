/**
 * The sign-in MFA report document: what {@linkcode SignInAggregator.summary} returns, and —
 * unchanged — the JSON output (`--format json`). This interface is the documented, versioned
 * schema: fields are only added within a `schemaVersion`; renaming or removing one bumps it.
 *
 * Conventions: counts of closed enumerations list every known id (zeros included) plus
 * `unknown`; the raw values behind an `unknown` are in a sibling `unknown…` map (raw → count);
 * maps of open-ended values (apps, locations, raw texts) hold at most a fixed number of distinct
 * keys, later ones pooled under `"(other values)"`. Lists are sorted by count (descending),
 * then name. Times are ISO 8601 UTC. Unless stated, counts are of **logical sign-ins** (rows of
 * one sign-in merged, duplicates dropped).
 *
 * @module
 */
import type {
  CaPolicyResult,
  CaStatus,
  CrossTenantAccessType,
  ErrorCodeBucket,
  MfaDeniedReason,
  MfaSatisfiedHow,
  RiskLevel,
  RiskState,
  SignInEventType,
  TokenIssuerType,
  UserType,
} from "../classify/mod.ts";
import type { InputFormat } from "../signins/mod.ts";
import type { RequirementSource } from "./requirement_source.ts";
import type { PasswordlessGroup } from "./sign_in_facts.ts";

/** The JSON schema version of {@linkcode SigninsReport}. */
export const SIGNINS_REPORT_SCHEMA_VERSION = 1;

/** A user as shown in the report (after `--redact`, `user` is a keyed hash and `displayName` null). */
export interface UserRef {
  /** UPN (else user object id), or `user-<hash>` when redacted. */
  user: string;
  /** Display name when known and not redacted. */
  displayName: string | null;
}

/** Where the sign-ins came from. */
export type ReportSource =
  | {
    kind: "graph";
    /** Graph base URL (no credentials). */
    url: string;
    /** Event types read, one cursor each. */
    eventTypes: SignInEventType[];
    /** `$filter` clauses pushed down besides the window and event type. */
    filters: string[];
    /** Items received per event type. */
    items: Record<string, number>;
  }
  | {
    kind: "log-analytics";
    /** Query API root (no credentials). */
    url: string;
    /** Workspace id. */
    workspace: string;
    /** Event types read (one table each). */
    eventTypes: SignInEventType[];
    /** Requests sent (retries included). */
    queries: number;
    /** Time slices queried (after splits). */
    slices: number;
    /** Slices split because a result was too large or too slow. */
    splits: number;
    /** Rows received (counted groups and rows to merge). */
    rows: number;
    /** Of them: counted groups (sign-ins of one row each, summarized in the workspace). */
    groupRows: number;
    /** Of them: dictionary rows (values many rows repeat, sent once each). */
    dictionaryRows: number;
    /** Sign-ins those groups stand for. */
    groupedSignIns: number;
    /** Response bytes received. */
    bytes: number;
    /** Rows that could not be understood. */
    badRows: number;
    /** The first bad rows (row number in the result stream). */
    badRowSamples: { line: number; reason: string }[];
  }
  | {
    kind: "file";
    /** Path as given. */
    file: string;
    /** Format read (detected or forced). */
    format: InputFormat | null;
    /** Text encoding detected. */
    encoding: string | null;
    /** Rows read (good and bad). */
    records: number;
    /** Rows that could not be understood. */
    badRows: number;
    /** The first bad rows, with line numbers. */
    badRowSamples: { line: number; reason: string }[];
    /** The layout read (lib/signins/layouts id, e.g. `la-service-principal`, `powershell-csv`); null when empty. */
    layout: string | null;
    /** Key fields the file lacks, each with what cannot be counted without it (`Status.ErrorCode: …`). */
    missingFields: string[];
    /** Day/month order used for culture-formatted dates and where it came from; null when none was needed. */
    dateOrder: { order: "dmy" | "mdy"; from: "option" | "file" | "notNeeded" } | null;
  };

/** Counts of MFA requirement over a group of sign-ins. */
export interface RequirementCounts {
  /** Sign-ins in the group. */
  signIns: number;
  /** MFA required. */
  required: number;
  /** Single factor. */
  notRequired: number;
  /** Requirement not stated or not recognised. */
  unknown: number;
}

/** A method's attempts. */
export interface MethodCounts {
  /** Authentication steps with this method. */
  attempts: number;
  /** Steps that succeeded. */
  succeeded: number;
  /** Steps that failed. */
  failed: number;
}

/** One event of a user (latest failure, fraud report, block). */
export interface UserEvent {
  /** When (ISO 8601 UTC; null when the row had no time). */
  at: string | null;
  /** MFA result id, e.g. `denied.userDeclined`. */
  result: string;
  /** Human label of the result. */
  label: string;
  /** Application signed in to. */
  app: string | null;
  /** Error code. */
  errorCode: number | null;
  /** IP address (truncated when redacted). */
  ip: string | null;
}

/** A user with failed MFA. */
export interface FailedUser extends UserRef {
  /** Logical sign-ins with MFA denied. */
  failures: number;
  /** Logical sign-ins where MFA was satisfied. */
  successes: number;
  /** The most recent failure. */
  latestFailure: UserEvent;
}

/** A user with a count and the latest matching event (fraud, block). */
export interface UserWithEvents extends UserRef {
  /** Matching sign-ins. */
  count: number;
  /** The most recent one. */
  latest: UserEvent;
}

/** A list the report cut to its first entries, and what was left out (an "N more" row and a caveat). */
export interface CappedList {
  /** Where the list is in the JSON, e.g. `crossTenant.topHomeTenants`. */
  list: string;
  /** What it holds, e.g. "Home tenants of cross-tenant sign-ins". */
  label: string;
  /** Entries listed. */
  shown: number;
  /** Entries not listed; null when not known (keys beyond the memory cap are pooled, not counted one by one). */
  more: number | null;
  /** The list's count (sign-ins of that kind) summed over the entries not listed; null when it has none. */
  moreCount: number | null;
  /** The row that pools the entries not listed (e.g. "(other apps)"); null when a "more" row counts them. */
  pooledAs: string | null;
}

/** A ranked name. */
export interface NamedCount {
  /** Name (raw value from the data). */
  name: string;
  /** Sign-ins. */
  count: number;
}

/** One Conditional Access policy as seen in the sign-ins. */
export interface CaPolicySummary {
  /** Policy id (or its name when the id is missing). */
  id: string;
  /** Latest display name seen. */
  displayName: string;
  /** Result id → sign-ins (every known result, zeros included, plus `unknown`). */
  results: Record<CaPolicyResult | "unknown", number>;
  /** Raw result values counted as `unknown`. */
  unknownResults: Record<string, number>;
  /** Grant controls seen (ids; unknown ones raw, prefixed `unknown:`). */
  grantControls: string[];
  /** Session controls seen (ids; unknown ones raw, prefixed `unknown:`). */
  sessionControls: string[];
}

/** The per-user verdict of `--with-registration`. */
export interface UserVerdict extends UserRef {
  /** Registered for MFA (`null`: no registration record for this user). */
  registered: boolean | null;
  /** Some sign-in required MFA. */
  mfaRequired: boolean;
  /** Some sign-in completed MFA (a prompt, an external provider or a reused strong claim; skips do not count). */
  mfaPerformed: boolean;
  /** Strength of what the user used: phishing-resistant, other MFA, or none seen. */
  strength: "phishingResistant" | "notPhishingResistant" | "none";
  /** Registered a phishing-resistant method (`null`: no record). */
  phishingResistantRegistered: boolean | null;
  /** `ok`, or `shortfall` with reasons. */
  verdict: "ok" | "shortfall";
  /** Reason ids (see {@linkcode VERDICT_REASONS}). */
  reasons: string[];
}

/** The registration join of `--with-registration`. */
export interface RegistrationJoin {
  /** File or source read. */
  source: string;
  /** Registration records read. */
  records: number;
  /** Sign-in users found in the registration data. */
  matched: number;
  /** Sign-in users not found there. */
  unmatched: number;
  /** Registered users with no sign-in in the window. */
  registeredWithoutSignIns: number;
  /** Users per verdict. */
  verdicts: { ok: number; shortfall: number };
  /** Users per shortfall reason. */
  reasons: Record<string, number>;
  /** Users who fall short (capped; ranked by number of reasons, then name), with reasons. */
  users: UserVerdict[];
  /** Users who fall short but are not listed (beyond the cap). */
  unlisted: number;
}

/** The report. */
export interface SigninsReport {
  /** {@linkcode SIGNINS_REPORT_SCHEMA_VERSION}. */
  schemaVersion: typeof SIGNINS_REPORT_SCHEMA_VERSION;
  /** Report time (`--now`, else the clock). */
  generatedAt: string;
  /** The window: requested (Graph, or `--since/--until/--days` on files) or the data's first and last sign-in. */
  window: { from: string | null; to: string | null; basis: "requested" | "data" };
  /** Inputs. */
  sources: ReportSource[];
  /** `--redact`: how identities were replaced; null when not redacted. */
  redaction: { method: "HMAC-SHA-256"; key: "file" | "random"; ip: "IPv4 /24, IPv6 /48" } | null;
  /** Volumes. */
  totals: {
    /** Input rows read (good rows; bad rows are in `badRows`). */
    rows: number;
    /** Rows that could not be understood (counted, not used). */
    badRows: number;
    /** Rows left out by the window or `--user` / `--app` / `--event-types` filters (file input). */
    filteredOut: number;
    /** Of `badRows`: rows dated more than a day after the report clock (no real sign-in is). */
    futureRows: number;
    /** Duplicate ids whose copies differ (the more complete, then the later row is kept). */
    duplicateConflicts: number;
    /** Of `duplicateConflicts`: the first copy had already been counted, so it was kept. */
    conflictsKeptFirst: number;
    /** Rows dropped as duplicates of a sign-in id already read. */
    duplicatesDropped: number;
    /** Rows folded into another row's logical sign-in (interrupt then completion). */
    rowsMerged: number;
    /** Logical sign-ins after merging. */
    signIns: number;
    /** Logical sign-ins ending in an interrupt that no row completed. */
    interruptedIncomplete: number;
    /** Logical sign-ins of users (not service principals or managed identities). */
    userSignIns: number;
    /** User sign-ins that name no user (user id and UPN blank): counted, but in no per-user number. */
    userSignInsWithoutUser: number;
    /** Distinct users. */
    users: number;
  };
  /** MFA, over user sign-ins. */
  mfa: {
    /** What the MFA counts are over. */
    scope: "userSignIns";
    /** MFA required. */
    required: number;
    /** Single factor. */
    notRequired: number;
    /** Requirement not stated or not recognised. */
    requirementUnknown: number;
    /** Raw `authenticationRequirement` values counted as unknown. */
    unknownRequirementValues: Record<string, number>;
    /** Over MFA-required sign-ins: requirement source → sign-ins (a sign-in may name several; `notStated` when none). */
    requirementSources: Record<RequirementSource | "unknown" | "notStated", number>;
    /** Raw `requirementProvider` values not recognised (in any user sign-in, required or not). */
    unknownRequirementProviders: Record<string, number>;
    /** By client application (top N, the rest pooled as "(other apps)"). */
    byApp: (RequirementCounts & { app: string })[];
    /** By user type. */
    byUserType: Record<UserType | "unknown", RequirementCounts>;
    /** Satisfied: how → sign-ins. */
    satisfied: Record<MfaSatisfiedHow, number>;
    /** Denied: reason → sign-ins. */
    denied: Record<MfaDeniedReason, number>;
    /** Texts of denials counted as `other`. */
    deniedOtherTexts: Record<string, number>;
    /** MFA interrupt never completed (user left, or the completion is outside the input). */
    abandoned: number;
    /** MFA required but the sign-in failed before the MFA step (bad password, blocked). */
    notReached: number;
    /** MFA required and the sign-in succeeded, but the MFA result is not recognised. */
    unknownResult: number;
    /** Raw MFA result texts counted in `unknownResult`. */
    unknownResultTexts: Record<string, number>;
    /**
     * Every `status.additionalDetails` / `authenticationStepResultDetail` text no classifier
     * recognises (unknown, or a denial with an unknown reason), in any sign-in: text → sign-ins.
     */
    unrecognisedTexts: Record<string, number>;
    /** Requirement met without a prompt. */
    noPrompt: {
      /** "MFA requirement satisfied by claim in the token". */
      claimInToken: number;
      /** "MFA requirement satisfied by strong authentication". */
      strongAuthentication: number;
      /** All satisfied sign-ins (the denominator). */
      satisfied: number;
    };
    /** Passwordless share of successful interactive user sign-ins that carry authentication steps. */
    passwordless: { eligible: number; passwordless: number; byGroup: Record<PasswordlessGroup, number> };
    /** Denied sign-ins by the method that failed (`notRecorded`: no step detail). */
    deniedByMethod: Record<string, number>;
    /** Denied sign-ins by error code. */
    deniedErrorCodes: { code: number | null; count: number }[];
  };
  /** Authentication methods over every step of every sign-in: method id → attempts. */
  methods: Record<string, MethodCounts>;
  /** Raw method names counted as `unknown`. */
  unknownMethods: Record<string, number>;
  /** Conditional Access. */
  conditionalAccess: {
    /** `conditionalAccessStatus` → sign-ins (`notGiven`: the source has none). */
    status: Record<CaStatus | "unknown" | "notGiven", number>;
    /** Raw status values counted as `unknown`. */
    unknownStatus: Record<string, number>;
    /** Policy detail: visible, hidden (status present, policies never), undetermined. */
    detail: "visible" | "hidden" | "undetermined";
    /** Sign-ins that carry policy detail. */
    signInsWithDetail: number;
    /** Per policy, by id. */
    policies: CaPolicySummary[];
  };
  /** Event type → sign-ins. */
  eventTypes: Record<SignInEventType | "unknown", number>;
  /** Raw event types counted as `unknown`. */
  unknownEventTypes: Record<string, number>;
  /** Error-code bucket (of the row that ended each sign-in) → sign-ins. */
  errors: Record<ErrorCodeBucket | "unknown", number>;
  /** Error codes other than 0 (top N). */
  errorCodes: {
    code: number | null;
    count: number;
    bucket: ErrorCodeBucket | "unknown";
    meaning: string | null;
  }[];
  /** Users. */
  users: {
    /** Distinct users. */
    total: number;
    /** Users asked for a second factor at least once. */
    challenged: number;
    /** Users who passed a second-factor challenge at least once (a prompt answered, not a reused claim). */
    completedMfa: number;
    /** Users with at least one denied MFA. */
    failedMfa: number;
    /** Users whose only MFA trouble was an interrupt left unanswered. */
    abandonedOnly: number;
    /** Users with the most denials (top N), each with the latest failure. */
    topFailed: FailedUser[];
  };
  /** Cross-tenant access. */
  crossTenant: {
    /** Home tenant vs resource tenant. */
    tenancy: { sameTenant: number; crossTenant: number; unknown: number };
    /** `crossTenantAccessType` flag → sign-ins (a sign-in with two flags counts in both). */
    accessTypes: Record<CrossTenantAccessType | "unknown", number>;
    /** Raw access types (or parts) counted as `unknown`. */
    unknownAccessTypes: Record<string, number>;
    /** Cross-tenant sign-ins that succeeded. */
    crossTenantSucceeded: number;
    /** Home tenants of cross-tenant sign-ins (name, else id; top N). */
    topHomeTenants: NamedCount[];
  };
  /** Legacy authentication (client apps such as IMAP, POP, SMTP, ActiveSync, other clients). */
  legacyAuth: {
    /** Legacy-authentication sign-ins. */
    signIns: number;
    /** Of which succeeded. */
    succeeded: number;
    /** By client app. */
    byClientApp: { clientApp: string; signIns: number; succeeded: number }[];
    /** By application (top N). */
    topApps: NamedCount[];
    /** Users (top N). */
    topUsers: (UserRef & { signIns: number; succeeded: number })[];
    /** Distinct users. */
    users: number;
    /** Raw `clientAppUsed` values not recognised (so not known to be legacy or modern). */
    unknownClientApps: Record<string, number>;
  };
  /** Risk, where the data carries it. */
  risk: {
    /** `riskLevelDuringSignIn` → sign-ins. */
    duringSignIn: Record<RiskLevel | "unknown", number>;
    /** `riskLevelAggregated` → sign-ins. */
    aggregated: Record<RiskLevel | "unknown", number>;
    /** `riskState` → sign-ins. */
    state: Record<RiskState | "unknown", number>;
    /** Raw risk values counted as `unknown` (prefixed by field). */
    unknownValues: Record<string, number>;
  };
  /** Locations ("City, State, CC"; top N). */
  locations: NamedCount[];
  /** Operating systems (top N). */
  operatingSystems: NamedCount[];
  /** Browsers without version numbers (top N). */
  browsers: NamedCount[];
  /** What the MSOnline / MFA Server era reports become when read from sign-ins. */
  legacyMfaServer: {
    /** MFA denied because the user reported fraud: who and when. */
    fraud: { signIns: number; users: UserWithEvents[] };
    /** MFA denied because the user is blocked: who and when. */
    blocked: { signIns: number; users: UserWithEvents[] };
    /** Bypass- and cache-like successes: how → sign-ins and distinct users. */
    bypass: Record<string, { signIns: number; users: number }>;
    /** Sign-ins by token issuer type; AD FS, its MFA adapter and the NPS extension are on-premises MFA components. */
    onPremises: Record<TokenIssuerType | "unknown", { signIns: number; succeeded: number; users: number }>;
    /** Raw token issuer types counted as `unknown`. */
    unknownTokenIssuerTypes: Record<string, number>;
  };
  /** `--with-registration`: the per-user verdict; null when not requested. */
  registration: RegistrationJoin | null;
  /** Every list cut to its first entries (top N, memory caps), with how much was left out. */
  capped: CappedList[];
  /** Things a reader must keep in mind (also the Markdown caveats box). */
  caveats: string[];
}
