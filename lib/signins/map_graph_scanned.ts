/**
 * Graph sign-ins built straight from the WebAssembly scanner's value records (issue #18): each
 * wanted key's value goes through the coercion `mapGraphSignIn` applies to it, and a value the
 * scanner interned (an id per distinct byte string) is coerced once per id, not once per line;
 * the line's object of fields is never built. A line this cannot map as `mapGraphSignIn` would
 * (the diagnostic-settings envelope, a coercion that throws, no id, correlation id or time) gives
 * null: read it with `fields()` and the mapper, which also gives its bad-row reason.
 *
 * @module
 */
import {
  deepFreeze,
  type ElementCoercion,
  type FieldCoercion,
  type NdjsonByteScanner,
} from "../io/wasm/json_scan.ts";
import type { AuthenticationDetail, MapContext, SignIn } from "./sign_in.ts";
import {
  authDetail,
  authDetails,
  bool,
  caPolicies,
  date,
  int,
  mfaDetail,
  obj,
  requirementPolicies,
  stepDateTime,
  str,
  strList,
} from "./_coerce.ts";
import { GRAPH_SIGN_IN_FIELDS, GRAPH_SIGN_IN_FIELDS_LEAN } from "./graph_fields.ts";
import type { CaPolicyTable } from "./_ca_policy_table.ts";

const EMPTY: Record<string, unknown> = {};

/** `status` as the mapper reads it (its error code strict). */
type StatusParts = Pick<SignIn, "errorCode" | "failureReason" | "additionalDetails">;

/** `location` as the mapper reads it. */
type LocationParts = Pick<SignIn, "city" | "state" | "countryOrRegion">;

/** `deviceDetail` as the mapper reads it. */
type DeviceParts = Pick<SignIn, "deviceId" | "os" | "browser" | "isCompliant" | "isManaged" | "trustType">;

function statusParts(v: unknown): StatusParts {
  const s = obj(v) ?? EMPTY;
  return Object.freeze({
    errorCode: int(s.errorCode, "status.errorCode"),
    failureReason: str(s.failureReason),
    additionalDetails: str(s.additionalDetails),
  });
}

function locationParts(v: unknown): LocationParts {
  const l = obj(v) ?? EMPTY;
  return Object.freeze({ city: str(l.city), state: str(l.state), countryOrRegion: str(l.countryOrRegion) });
}

function deviceParts(v: unknown): DeviceParts {
  const d = obj(v) ?? EMPTY;
  return Object.freeze({
    deviceId: str(d.deviceId),
    os: str(d.operatingSystem),
    browser: str(d.browser),
    isCompliant: bool(d.isCompliant),
    isManaged: bool(d.isManaged),
    trustType: str(d.trustType),
  });
}

const same = (v: unknown) => v;

/**
 * Each Graph key's coercion, as `mapGraphSignIn` applies it (an interned key's result is shared
 * by lines: objects are frozen). The envelope's keys are taken as they are (a line with one is
 * read the slow way); the per-row keys and the arrays built per line (steps, CA policies) are
 * coerced by the builder, with the file's CA policy table.
 */
const COERCE: Readonly<Record<string, (v: unknown) => unknown>> = {
  createdDateTime: (v) => date(v, "createdDateTime"),
  category: same,
  properties: same,
  time: same,
  authenticationDetails: (v) => deepFreeze(authDetails(v, "authenticationDetails")),
  appliedConditionalAccessPolicies: same,
  status: statusParts,
  location: locationParts,
  deviceDetail: deviceParts,
  isInteractive: bool,
  signInEventTypes: (v) => deepFreeze(strList(v, "signInEventTypes")),
  authenticationRequirementPolicies: (v) =>
    deepFreeze(requirementPolicies(v, "authenticationRequirementPolicies")),
  authenticationMethodsUsed: (v) => deepFreeze(strList(v, "authenticationMethodsUsed")),
  mfaDetail: (v) => deepFreeze(mfaDetail(v, "mfaDetail")),
  riskEventTypes_v2: (v) => deepFreeze(strList(v, "riskEventTypes_v2")),
  riskEventTypes: (v) => deepFreeze(strList(v, "riskEventTypes")),
};

/** The time member that the scanner cuts off an authentication step (the rest of the step repeats across rows). */
const STEP_TIME = "authenticationStepDateTime";

/** An authentication step without its time, as `authDetail` maps it: kept per step id. */
type StepParts = Omit<AuthenticationDetail, "dateTime">;

/**
 * The elements of `authenticationDetails` arrays: a step cut at its time is made from its parts
 * (mapped once per step id) and its time, with the same fields in the same order as `authDetail`
 * gives them; other elements as `authDetails` maps them (non-objects left out).
 */
const STEP_ELEMENTS: ElementCoercion = {
  shared: (p, key): StepParts | undefined =>
    key !== STEP_TIME ? undefined : Object.freeze({
      method: str(p.authenticationMethod),
      detail: str(p.authenticationMethodDetail),
      stepRequirement: str(p.authenticationStepRequirement),
      succeeded: bool(p.succeeded),
      resultDetail: str(p.authenticationStepResultDetail),
    }),
  cut: (shared, text): AuthenticationDetail => {
    const b = shared as StepParts;
    return {
      method: b.method,
      detail: b.detail,
      stepRequirement: b.stepRequirement,
      succeeded: b.succeeded,
      resultDetail: b.resultDetail,
      dateTime: stepDateTime(text),
    };
  },
  whole: (e) => {
    const o = obj(e);
    return o === null ? undefined : authDetail(o);
  },
};

/** The slots: one per key of the full field list, in its order. */
const FULL_KEYS = Object.keys(GRAPH_SIGN_IN_FIELDS);
const SLOT: Readonly<Record<string, number>> = Object.fromEntries(FULL_KEYS.map((k, i) => [k, i]));
const ABSENT: readonly unknown[] = FULL_KEYS.map((k) => (COERCE[k] ?? str)(undefined));

function coercionFor(fields: Readonly<Record<string, unknown>>): FieldCoercion {
  const keys = Object.keys(fields);
  return Object.freeze({
    keys,
    slots: keys.map((k) => SLOT[k]!),
    coerce: keys.map((k) => COERCE[k] ?? str),
    absent: ABSENT,
    elements: keys.map((k) => (k === "authenticationDetails" ? STEP_ELEMENTS : null)),
  });
}

/** The coercions of the scanners with every field and with the lean fields. */
const FULL = coercionFor(GRAPH_SIGN_IN_FIELDS);
const LEAN = coercionFor(GRAPH_SIGN_IN_FIELDS_LEAN);

const at = (k: string): number => SLOT[k]!;
const ID = at("id"), CORRELATION_ID = at("correlationId"), CREATED = at("createdDateTime");
const ORIGINAL_REQUEST_ID = at("originalRequestId"), UNIQUE_TOKEN_ID = at("uniqueTokenIdentifier");
const SESSION_ID = at("sessionId"), STEPS = at("authenticationDetails");
const CATEGORY = at("category"), PROPERTIES = at("properties"), TIME = at("time");
const STATUS = at("status"), LOCATION = at("location"), DEVICE = at("deviceDetail");
const IS_INTERACTIVE = at("isInteractive"), EVENT_TYPES = at("signInEventTypes");
const USER_ID = at("userId"), UPN = at("userPrincipalName"), USER_NAME = at("userDisplayName");
const USER_TYPE = at("userType"), CLIENT_APP = at("clientAppUsed");
const REQUIREMENT = at("authenticationRequirement"),
  REQUIREMENT_POLICIES = at("authenticationRequirementPolicies");
const METHODS_USED = at("authenticationMethodsUsed"), MFA_DETAIL = at("mfaDetail");
const PROTOCOL = at("authenticationProtocol"), USER_AGENT = at("userAgent");
const APP_ID = at("appId"), APP_NAME = at("appDisplayName"), RESOURCE_ID = at("resourceId");
const RESOURCE_NAME = at("resourceDisplayName"), SP_ID = at("servicePrincipalId");
const SP_NAME = at("servicePrincipalName"), IP = at("ipAddress"), CA_STATUS = at("conditionalAccessStatus");
const CA_POLICIES = at("appliedConditionalAccessPolicies"), CROSS_TENANT = at("crossTenantAccessType");
const HOME_TENANT = at("homeTenantId"), RESOURCE_TENANT = at("resourceTenantId");
const HOME_TENANT_NAME = at("homeTenantName"), ISSUER_TYPE = at("tokenIssuerType");
const ISSUER_NAME = at("tokenIssuerName"), INCOMING_TOKEN = at("incomingTokenType");
const CREDENTIAL_TYPE = at("clientCredentialType"), RISK_DURING = at("riskLevelDuringSignIn");
const RISK_AGGREGATED = at("riskLevelAggregated"), RISK_STATE = at("riskState");
const RISK_DETAIL = at("riskDetail"),
  RISK_EVENTS_V2 = at("riskEventTypes_v2"),
  RISK_EVENTS = at("riskEventTypes");

/** The slots of the current line (reused: one line at a time per thread). */
const v: unknown[] = new Array<unknown>(FULL_KEYS.length).fill(null);

/**
 * The sign-in of the scanner's current valid line, as `mapGraphSignIn(scanner.fields(), ctx,
 * line)` gives it, built from the value records; null when this cannot tell (read the line with
 * `fields()` then).
 *
 * @param s the scanner (its current line valid), made with {@linkcode GRAPH_SIGN_IN_FIELDS} or
 *   {@linkcode GRAPH_SIGN_IN_FIELDS_LEAN}
 * @param lean whether the scanner is the lean one
 * @param ctx as for `mapGraphSignIn`
 * @param line the line's number
 * @returns the sign-in, or null
 *
 * @example
 * ```ts
 * import { scannedGraphSignIn } from "./map_graph_scanned.ts";
 * import { mapGraphSignIn } from "./map_graph.ts";
 * import { GRAPH_SIGN_IN_FIELDS } from "./graph_fields.ts";
 * import { NdjsonByteScanner } from "../io/wasm/json_scan.ts";
 * import assert from "node:assert/strict";
 * const s = new NdjsonByteScanner(GRAPH_SIGN_IN_FIELDS);
 * s.push(new TextEncoder().encode(
 *   '{"id":"1","createdDateTime":"2026-11-20T10:00:00Z","status":{"errorCode":50074}}\n{"category":"SignInLogs"}\n',
 * ));
 * const ctx = { source: { format: "graph-ndjson", file: "s.ndjson" }, eventType: null } as const;
 * s.next();
 * assert.deepEqual(scannedGraphSignIn(s, false, ctx, 1), (mapGraphSignIn(s.fields(), ctx, 1) as { signIn: unknown }).signIn);
 * s.next();
 * assert.equal(scannedGraphSignIn(s, false, ctx, 2), null); // the envelope: read it whole
 * ```
 */
export function scannedGraphSignIn(
  s: NdjsonByteScanner,
  lean: boolean,
  ctx: MapContext,
  line: number,
): SignIn | null {
  if (!s.coerced(lean ? LEAN : FULL, v)) return null;
  if (v[CATEGORY] !== undefined || v[PROPERTIES] !== undefined || v[TIME] !== undefined) return null;
  const created = v[CREATED] as { iso: string; ms: number } | null;
  const id = v[ID] as string | null, correlationId = v[CORRELATION_ID] as string | null;
  if (id === null && correlationId === null && created === null) return null;
  const steps = v[STEPS] as SignIn["authenticationDetails"];
  let policies;
  try {
    policies = caPolicies(
      v[CA_POLICIES],
      "appliedConditionalAccessPolicies",
      ctx.caPolicies as CaPolicyTable | undefined,
    );
  } catch {
    return null;
  }
  const status = v[STATUS] as StatusParts, loc = v[LOCATION] as LocationParts;
  const dev = v[DEVICE] as DeviceParts;
  const isInteractive = v[IS_INTERACTIVE] as boolean | null;
  const signInEventTypes = v[EVENT_TYPES] as readonly string[] | null;
  const eventType = signInEventTypes?.[0] ?? (isInteractive === true ? "interactiveUser" : ctx.eventType);
  const full = ctx.lean !== true;
  return {
    id,
    correlationId,
    originalRequestId: full ? v[ORIGINAL_REQUEST_ID] as string | null : null,
    uniqueTokenIdentifier: full ? v[UNIQUE_TOKEN_ID] as string | null : null,
    sessionId: full ? v[SESSION_ID] as string | null : null,
    createdDateTime: created?.iso ?? null,
    createdAtMs: created?.ms ?? null,
    userId: v[USER_ID] as string | null,
    userPrincipalName: v[UPN] as string | null,
    userDisplayName: v[USER_NAME] as string | null,
    userType: v[USER_TYPE] as string | null,
    clientAppUsed: v[CLIENT_APP] as string | null,
    isInteractive,
    eventType,
    signInEventTypes,
    authenticationRequirement: v[REQUIREMENT] as string | null,
    authenticationRequirementPolicies: v[REQUIREMENT_POLICIES] as SignIn["authenticationRequirementPolicies"],
    authenticationDetails: steps,
    authenticationMethodsUsed: v[METHODS_USED] as readonly string[] | null,
    mfaDetail: v[MFA_DETAIL] as SignIn["mfaDetail"],
    authenticationProtocol: full ? v[PROTOCOL] as string | null : null,
    userAgent: full ? v[USER_AGENT] as string | null : null,
    appId: v[APP_ID] as string | null,
    appDisplayName: v[APP_NAME] as string | null,
    resourceId: full ? v[RESOURCE_ID] as string | null : null,
    resourceDisplayName: full ? v[RESOURCE_NAME] as string | null : null,
    servicePrincipalId: full ? v[SP_ID] as string | null : null,
    servicePrincipalName: full ? v[SP_NAME] as string | null : null,
    ipAddress: v[IP] as string | null,
    city: loc.city,
    state: loc.state,
    countryOrRegion: loc.countryOrRegion,
    deviceId: dev.deviceId,
    os: dev.os,
    browser: dev.browser,
    isCompliant: dev.isCompliant,
    isManaged: dev.isManaged,
    trustType: dev.trustType,
    errorCode: status.errorCode,
    failureReason: status.failureReason,
    additionalDetails: status.additionalDetails,
    resultStatus: null,
    conditionalAccessStatus: v[CA_STATUS] as string | null,
    appliedConditionalAccessPolicies: policies,
    crossTenantAccessType: v[CROSS_TENANT] as string | null,
    homeTenantId: v[HOME_TENANT] as string | null,
    resourceTenantId: v[RESOURCE_TENANT] as string | null,
    homeTenantName: v[HOME_TENANT_NAME] as string | null,
    tokenIssuerType: v[ISSUER_TYPE] as string | null,
    tokenIssuerName: full ? v[ISSUER_NAME] as string | null : null,
    incomingTokenType: full ? v[INCOMING_TOKEN] as string | null : null,
    clientCredentialType: full ? v[CREDENTIAL_TYPE] as string | null : null,
    riskLevelDuringSignIn: v[RISK_DURING] as string | null,
    riskLevelAggregated: v[RISK_AGGREGATED] as string | null,
    riskState: v[RISK_STATE] as string | null,
    riskDetail: full ? v[RISK_DETAIL] as string | null : null,
    riskEventTypes: full
      ? (v[RISK_EVENTS_V2] as readonly string[] | null) ?? (v[RISK_EVENTS] as readonly string[] | null)
      : null,
    source: ctx.source,
    sourceLine: line,
  };
}
