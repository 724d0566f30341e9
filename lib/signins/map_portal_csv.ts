/**
 * Maps rows of the Entra portal's sign-in CSV download (interactive, non-interactive,
 * application and managed-identity files) to {@linkcode SignIn}, joining the separate
 * `…_AuthDetails_…` file (several rows per Request ID) into `authenticationDetails`.
 *
 * Header quirks handled: names are compared trimmed, case-insensitively and with runs of spaces
 * collapsed ("Application ID ", "Autonomous system  number"); a repeated column ("Incoming token
 * type" appears twice) yields its first non-empty value. The CSV carries no CA policy detail,
 * so `appliedConditionalAccessPolicies` is always `null`.
 *
 * @module
 */
import type { AuthenticationDetail, MapContext, MapResult, SignIn } from "./sign_in.ts";
import { BadRowError } from "../errors.ts";
import { bool, date, int } from "./_coerce.ts";
import { parseUtcDateTime } from "../time/date_time.ts";

/**
 * Normalised header names (see {@linkcode normalizeHeader}) of the portal CSV, per record field.
 * When several names are listed, the first non-empty column wins.
 *
 * @example
 * ```ts
 * import { normalizeHeader, PORTAL_CSV_COLUMN } from "./map_portal_csv.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([...PORTAL_CSV_COLUMN.appId], [normalizeHeader("Application ID ")]);
 * ```
 */
export const PORTAL_CSV_COLUMN = {
  id: ["request id"],
  createdDateTime: ["date (utc)", "date"],
  userAgent: ["user agent"],
  correlationId: ["correlation id"],
  userId: ["user id"],
  userDisplayName: ["user"],
  userPrincipalName: ["username", "user principal name"],
  userType: ["user type"],
  crossTenantAccessType: ["cross tenant access type"],
  incomingTokenType: ["incoming token type"],
  authenticationProtocol: ["authentication protocol"],
  uniqueTokenIdentifier: ["unique token identifier"],
  clientCredentialType: ["client credential type"],
  appDisplayName: ["application"],
  appId: ["application id"],
  resourceDisplayName: ["resource"],
  resourceId: ["resource id"],
  resourceTenantId: ["resource tenant id"],
  homeTenantId: ["home tenant id"],
  homeTenantName: ["home tenant name"],
  ipAddress: ["ip address"],
  location: ["location"],
  resultStatus: ["status"],
  errorCode: ["sign-in error code"],
  failureReason: ["failure reason"],
  clientAppUsed: ["client app"],
  deviceId: ["device id"],
  browser: ["browser"],
  os: ["operating system"],
  isCompliant: ["compliant"],
  isManaged: ["managed"],
  trustType: ["join type"],
  additionalDetails: ["additional details", "multifactor authentication result"],
  mfaAuthMethod: ["multifactor authentication auth method"],
  mfaAuthDetail: ["multifactor authentication auth detail"],
  authenticationRequirement: ["authentication requirement"],
  sessionId: ["session id"],
  tokenIssuerType: ["token issuer type"],
  tokenIssuerName: ["token issuer name"],
  conditionalAccessStatus: ["conditional access"],
  servicePrincipalId: ["service principal id"],
  servicePrincipalName: ["service principal name"],
  originalRequestId: ["original request id"],
} as const;

/** A field of {@linkcode PORTAL_CSV_COLUMN}. */
export type PortalCsvField = keyof typeof PORTAL_CSV_COLUMN;

/**
 * Normalised header names of the portal AuthDetails CSV, per field.
 *
 * @example
 * ```ts
 * import { PORTAL_AUTH_DETAILS_COLUMN } from "./map_portal_csv.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(PORTAL_AUTH_DETAILS_COLUMN.requestId, ["request id"]);
 * ```
 */
export const PORTAL_AUTH_DETAILS_COLUMN = {
  requestId: ["request id"],
  method: ["authentication method"],
  detail: ["authentication method detail"],
  succeeded: ["succeeded"],
  resultDetail: ["result detail"],
  stepRequirement: ["requirement", "authentication step requirement", "step requirement"],
  dateTime: ["date (utc)", "date"],
} as const;

/**
 * Normalises a CSV header name for matching: trimmed, lower case, runs of white space as one
 * space, BOM removed.
 *
 * @param name header cell
 * @returns the comparable form
 *
 * @example The portal's quirky names
 * ```ts
 * import { normalizeHeader } from "./map_portal_csv.ts";
 * import assert from "node:assert/strict";
 * assert.equal(normalizeHeader("Application ID "), "application id");
 * assert.equal(normalizeHeader("Autonomous system  number"), "autonomous system number");
 * ```
 */
export function normalizeHeader(name: string): string {
  return name.replace(/^\uFEFF/, "").trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * The event type a portal download file name stands for: `InteractiveSignIns_…` →
 * interactiveUser, `NonInteractiveSignIns_…` → nonInteractiveUser, `ApplicationSignIns_…` →
 * servicePrincipal, `MSISignIns_…` → managedIdentity.
 *
 * @param path file path or name
 * @returns the event type, or null for any other name
 *
 * @example Event type from the file name
 * ```ts
 * import { portalEventTypeFromFileName } from "./map_portal_csv.ts";
 * import assert from "node:assert/strict";
 * assert.equal(portalEventTypeFromFileName("/tmp/NonInteractiveSignIns_2024-05-01_2024-05-02.csv"), "nonInteractiveUser");
 * assert.equal(portalEventTypeFromFileName("signins.csv"), null);
 * ```
 */
export function portalEventTypeFromFileName(path: string): string | null {
  const base = (path.split(/[\\/]/).pop() ?? "").toLowerCase();
  if (base.startsWith("noninteractivesignins")) return "nonInteractiveUser";
  if (base.startsWith("interactivesignins")) return "interactiveUser";
  if (base.startsWith("applicationsignins")) return "servicePrincipal";
  if (base.startsWith("msisignins")) return "managedIdentity";
  return null;
}

/**
 * Splits the portal's "Location" column, "City, State, CC". Two parts are read as city and
 * country, one part as a country when it is two letters, else as a city.
 *
 * @param text the column value
 * @returns city, state and country/region (null when absent)
 *
 * @example Splitting the Location column
 * ```ts
 * import { parsePortalLocation } from "./map_portal_csv.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parsePortalLocation("Redmond, Washington, US"), { city: "Redmond", state: "Washington", countryOrRegion: "US" });
 * assert.deepEqual(parsePortalLocation("DE"), { city: null, state: null, countryOrRegion: "DE" });
 * ```
 */
export function parsePortalLocation(
  text: string | null,
): { city: string | null; state: string | null; countryOrRegion: string | null } {
  if (text === null || text.trim() === "") return { city: null, state: null, countryOrRegion: null };
  const parts = text.split(",").map((p) => p.trim() || null);
  if (parts.length === 1) {
    const p = parts[0] ?? null;
    return p !== null && /^[A-Za-z]{2}$/.test(p)
      ? { city: null, state: null, countryOrRegion: p }
      : { city: p, state: null, countryOrRegion: null };
  }
  if (parts.length === 2) return { city: parts[0] ?? null, state: null, countryOrRegion: parts[1] ?? null };
  const country = parts[parts.length - 1] ?? null;
  const state = parts[parts.length - 2] ?? null;
  const city = parts.slice(0, parts.length - 2).filter((p) => p !== null).join(", ") || null;
  return { city, state, countryOrRegion: country };
}

/** Column indexes per field; a repeated column has several indexes. */
function indexColumns<K extends string>(
  header: readonly string[],
  table: Readonly<Record<K, readonly string[]>>,
): Record<K, number[]> {
  const positions = new Map<string, number[]>();
  header.forEach((h, i) => {
    const n = normalizeHeader(h);
    const list = positions.get(n);
    if (list) list.push(i);
    else positions.set(n, [i]);
  });
  const out = {} as Record<K, number[]>;
  for (const key of Object.keys(table) as K[]) {
    const idx: number[] = [];
    for (const name of table[key]) idx.push(...(positions.get(name) ?? []));
    out[key] = idx;
  }
  return out;
}

function cell(fields: readonly string[], idx: readonly number[]): string | null {
  for (const i of idx) {
    const v = fields[i];
    if (v !== undefined && v.trim() !== "") return v;
  }
  return null;
}

/** Which kind of CSV a header belongs to. */
export type CsvHeaderKind = "portal" | "portal-auth-details" | "log-analytics" | "unknown";

/**
 * Tells the kind of sign-in CSV from its header.
 *
 * @param header the first record
 * @returns `portal` (has "Request ID" or "Date (UTC)"), `portal-auth-details` (has "Request ID"
 *   and "Authentication method" but no user/app columns), `log-analytics` (has "TimeGenerated",
 *   "CreatedDateTime" or "ResultType"), else `unknown`
 *
 * @example Kinds of header
 * ```ts
 * import { csvHeaderKind } from "./map_portal_csv.ts";
 * import assert from "node:assert/strict";
 * assert.equal(csvHeaderKind(["Date (UTC)", "Request ID", "User ID"]), "portal");
 * assert.equal(csvHeaderKind(["Request ID", "Authentication method", "Succeeded"]), "portal-auth-details");
 * assert.equal(csvHeaderKind(["TimeGenerated [UTC]", "ResultType"]), "log-analytics");
 * ```
 */
export function csvHeaderKind(header: readonly string[]): CsvHeaderKind {
  const names = new Set(header.map((h) => normalizeHeader(h).replace(/ \[[^\]]*\]$/, "")));
  if (
    names.has("request id") && names.has("authentication method") && !names.has("user id") &&
    !names.has("username")
  ) {
    return "portal-auth-details";
  }
  if (names.has("request id") || names.has("date (utc)")) return "portal";
  if (names.has("timegenerated") || names.has("createddatetime") || names.has("resulttype")) {
    return "log-analytics";
  }
  return "unknown";
}

/**
 * Collects the portal AuthDetails CSV into a map from Request ID to authentication steps (in
 * file order). The whole file is held in memory: it is a fraction of the sign-in file (a few
 * short rows per interactive request).
 *
 * @example Collecting the steps of a request
 * ```ts
 * import { PortalAuthDetailsCollector } from "./map_portal_csv.ts";
 * import assert from "node:assert/strict";
 * const c = new PortalAuthDetailsCollector(["Request ID", "Authentication method", "Authentication method detail", "Succeeded", "Result detail"]);
 * c.add(["r1", "Password", "Password in the cloud", "True", "Correct password"]);
 * c.add(["r1", "Mobile app notification", "", "false", "MFA denied; user declined the authentication"]);
 * assert.equal(c.details.get("r1")?.length, 2);
 * assert.equal(c.details.get("r1")?.[1]?.succeeded, false);
 * assert.equal(c.rows, 2);
 * ```
 */
export class PortalAuthDetailsCollector {
  /** Steps per Request ID. */
  readonly details: Map<string, AuthenticationDetail[]> = new Map();
  /** Rows added (with a Request ID). */
  rows = 0;
  readonly #cols: Record<keyof typeof PORTAL_AUTH_DETAILS_COLUMN, number[]>;

  /** @param header the AuthDetails file's header record */
  constructor(header: readonly string[]) {
    this.#cols = indexColumns(header, PORTAL_AUTH_DETAILS_COLUMN);
  }

  /** Whether the header has the Request ID and Authentication method columns. */
  get usable(): boolean {
    return this.#cols.requestId.length > 0 && this.#cols.method.length > 0;
  }

  /** @param fields one data record */
  add(fields: readonly string[]): void {
    const c = this.#cols;
    const id = cell(fields, c.requestId);
    if (id === null) return;
    const when = cell(fields, c.dateTime);
    const step: AuthenticationDetail = {
      method: cell(fields, c.method),
      detail: cell(fields, c.detail),
      stepRequirement: cell(fields, c.stepRequirement),
      succeeded: bool(cell(fields, c.succeeded)),
      resultDetail: cell(fields, c.resultDetail),
      dateTime: when === null ? null : parseUtcDateTime(when)?.iso ?? when,
    };
    const list = this.details.get(id);
    if (list) list.push(step);
    else this.details.set(id, [step]);
    this.rows++;
  }
}

/**
 * Maps portal CSV data records, given the header.
 *
 * @example The header quirks and the AuthDetails join
 * ```ts
 * import { PortalCsvMapper } from "./map_portal_csv.ts";
 * import assert from "node:assert/strict";
 * const header = ["Date (UTC)", "Request ID", "Incoming token type", "Application ID ", "Status", "Sign-in error code", "Location", "Incoming token type"];
 * const auth = new Map([["r1", [{ method: "Password", detail: null, stepRequirement: null, succeeded: true, resultDetail: null, dateTime: null }]]]);
 * const m = new PortalCsvMapper(header, { authDetails: auth });
 * const source = { format: "portal-csv", file: "InteractiveSignIns_x.csv" } as const;
 * const r = m.map(["2024-05-01T10:00:00Z", "r1", "", "app-1", "Interrupted", "50074", "Redmond, Washington, US", "primaryRefreshToken"],
 *   { source, eventType: "interactiveUser" }, 2);
 * assert.equal(r.kind, "signIn");
 * if (r.kind === "signIn") {
 *   assert.equal(r.signIn.appId, "app-1");
 *   assert.equal(r.signIn.incomingTokenType, "primaryRefreshToken");
 *   assert.equal(r.signIn.resultStatus, "Interrupted");
 *   assert.equal(r.signIn.errorCode, 50074);
 *   assert.equal(r.signIn.countryOrRegion, "US");
 *   assert.equal(r.signIn.isInteractive, true);
 *   assert.equal(r.signIn.authenticationDetails?.[0]?.method, "Password");
 *   assert.equal(r.signIn.appliedConditionalAccessPolicies, null);
 * }
 * ```
 */
export class PortalCsvMapper {
  /** Sign-ins that found their Request ID in the AuthDetails map. */
  matched = 0;
  readonly #cols: Record<PortalCsvField, number[]>;
  readonly #width: number;
  readonly #auth: ReadonlyMap<string, readonly AuthenticationDetail[]> | null;

  /**
   * @param header the sign-in file's header record
   * @param options `authDetails`: the joined AuthDetails map, or null when no AuthDetails file is used
   */
  constructor(
    header: readonly string[],
    options: { authDetails: ReadonlyMap<string, readonly AuthenticationDetail[]> | null },
  ) {
    this.#cols = indexColumns(header, PORTAL_CSV_COLUMN);
    this.#width = header.length;
    this.#auth = options.authDetails;
  }

  /** Names of required columns missing from the header (Request ID and Date (UTC)). */
  missingColumns(): string[] {
    const out: string[] = [];
    if (this.#cols.id.length === 0) out.push("Request ID");
    if (this.#cols.createdDateTime.length === 0) out.push("Date (UTC)");
    return out;
  }

  /**
   * Maps one data record.
   *
   * @param fields the record's fields
   * @param ctx provenance and the file's event type
   * @param line 1-based line where the record starts
   * @returns the sign-in or a bad-row reason
   */
  map(fields: readonly string[], ctx: MapContext, line: number): MapResult {
    if (fields.length !== this.#width) {
      return { kind: "bad", reason: `expected ${this.#width} fields as in the header, got ${fields.length}` };
    }
    try {
      return { kind: "signIn", signIn: this.#toSignIn(fields, ctx, line) };
    } catch (e) {
      if (e instanceof BadRowError) return { kind: "bad", reason: e.message };
      throw e;
    }
  }

  #toSignIn(f: readonly string[], ctx: MapContext, line: number): SignIn {
    const c = this.#cols;
    const v = (k: PortalCsvField) => cell(f, c[k]);
    const created = date(v("createdDateTime"), "Date (UTC)");
    const loc = parsePortalLocation(v("location"));
    const id = v("id");
    let authenticationDetails: readonly AuthenticationDetail[] | null = null;
    if (this.#auth !== null) {
      const found = id === null ? undefined : this.#auth.get(id);
      if (found !== undefined) this.matched++;
      authenticationDetails = found ?? [];
    }
    const mfaMethod = v("mfaAuthMethod"), mfaDetail = v("mfaAuthDetail");
    const eventType = ctx.eventType;
    return {
      id,
      correlationId: v("correlationId"),
      originalRequestId: v("originalRequestId"),
      uniqueTokenIdentifier: v("uniqueTokenIdentifier"),
      sessionId: v("sessionId"),
      createdDateTime: created?.iso ?? null,
      createdAtMs: created?.ms ?? null,
      userId: v("userId"),
      userPrincipalName: v("userPrincipalName"),
      userDisplayName: v("userDisplayName"),
      userType: v("userType"),
      clientAppUsed: v("clientAppUsed"),
      isInteractive: eventType === "interactiveUser" ? true : eventType === null ? null : false,
      eventType,
      signInEventTypes: null,
      authenticationRequirement: v("authenticationRequirement"),
      authenticationRequirementPolicies: null,
      authenticationDetails,
      authenticationMethodsUsed: null,
      mfaDetail: mfaMethod === null && mfaDetail === null
        ? null
        : { authMethod: mfaMethod, authDetail: mfaDetail },
      authenticationProtocol: v("authenticationProtocol"),
      userAgent: v("userAgent"),
      appId: v("appId"),
      appDisplayName: v("appDisplayName"),
      resourceId: v("resourceId"),
      resourceDisplayName: v("resourceDisplayName"),
      servicePrincipalId: v("servicePrincipalId"),
      servicePrincipalName: v("servicePrincipalName"),
      ipAddress: v("ipAddress"),
      city: loc.city,
      state: loc.state,
      countryOrRegion: loc.countryOrRegion,
      deviceId: v("deviceId"),
      os: v("os"),
      browser: v("browser"),
      isCompliant: bool(v("isCompliant")),
      isManaged: bool(v("isManaged")),
      trustType: v("trustType"),
      errorCode: int(v("errorCode"), "Sign-in error code"),
      failureReason: v("failureReason"),
      additionalDetails: v("additionalDetails"),
      resultStatus: v("resultStatus"),
      conditionalAccessStatus: v("conditionalAccessStatus"),
      appliedConditionalAccessPolicies: null,
      crossTenantAccessType: v("crossTenantAccessType"),
      homeTenantId: v("homeTenantId"),
      resourceTenantId: v("resourceTenantId"),
      homeTenantName: v("homeTenantName"),
      tokenIssuerType: v("tokenIssuerType"),
      tokenIssuerName: v("tokenIssuerName"),
      incomingTokenType: v("incomingTokenType"),
      clientCredentialType: v("clientCredentialType"),
      riskLevelDuringSignIn: null,
      riskLevelAggregated: null,
      riskState: null,
      riskDetail: null,
      riskEventTypes: null,
      source: ctx.source,
      sourceLine: line,
    };
  }
}
