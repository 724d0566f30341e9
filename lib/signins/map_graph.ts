/**
 * Maps a raw Graph `signIn` object (v1.0 or beta; NDJSON line, collection page item, portal JSON
 * download item) to a {@linkcode SignIn}. Also accepts the diagnostic-settings envelope
 * (`{category, properties: {…}}`, as written to storage accounts and Event Hubs).
 *
 * The one builder of a Graph sign-in's fields: each key of {@linkcode GRAPH_SIGN_IN_FIELDS} has
 * a slot and a coercion ({@linkcode GRAPH_COERCE}); a source fills the slots (a parsed object
 * here, with {@linkcode graphSlotsOf}; the WebAssembly scanner's value records in
 * map_graph_scanned.ts) and {@linkcode signInOfSlots} makes the sign-in from them.
 *
 * @module
 */
import type { MapContext, MapResult, SignIn } from "./sign_in.ts";
import { BadRowError } from "../errors.ts";
import {
  authDetails,
  bool,
  caPolicies,
  date,
  describe,
  int,
  mfaDetail,
  obj,
  requirementPolicies,
  str,
  strList,
} from "./_coerce.ts";
import { eventTypeFromTable } from "./map_log_analytics.ts";
import { GRAPH_SIGN_IN_FIELDS, LEAN_SKIPPED_KEYS } from "./graph_fields.ts";

const EMPTY: Record<string, unknown> = {};

/** `status` as a sign-in takes it (its error code strict). */
export type StatusParts = Pick<SignIn, "errorCode" | "failureReason" | "additionalDetails">;

/** `location` as a sign-in takes it. */
export type LocationParts = Pick<SignIn, "city" | "state" | "countryOrRegion">;

/** `deviceDetail` as a sign-in takes it. */
export type DeviceParts = Pick<
  SignIn,
  "deviceId" | "os" | "browser" | "isCompliant" | "isManaged" | "trustType"
>;

function statusParts(v: unknown): StatusParts {
  const s = obj(v) ?? EMPTY;
  return {
    errorCode: int(s.errorCode, "status.errorCode"),
    failureReason: str(s.failureReason),
    additionalDetails: str(s.additionalDetails),
  };
}

function locationParts(v: unknown): LocationParts {
  const l = obj(v) ?? EMPTY;
  return { city: str(l.city), state: str(l.state), countryOrRegion: str(l.countryOrRegion) };
}

function deviceParts(v: unknown): DeviceParts {
  const d = obj(v) ?? EMPTY;
  return {
    deviceId: str(d.deviceId),
    os: str(d.operatingSystem),
    browser: str(d.browser),
    isCompliant: bool(d.isCompliant),
    isManaged: bool(d.isManaged),
    trustType: str(d.trustType),
  };
}

const same = (v: unknown) => v;

/**
 * Each key's coercion into its slot (pure; one that throws a `BadRowError` makes the row bad): `str`
 * for the keys not listed. The diagnostic-settings envelope's keys are kept as they are (its
 * `time` is read by {@linkcode mapGraphSignIn} as the envelope's), and the Conditional Access
 * policies too (they are coerced with the source's policy table).
 */
export const GRAPH_COERCE: Readonly<Record<string, (v: unknown) => unknown>> = Object.freeze({
  createdDateTime: (v: unknown) => date(v, "createdDateTime"),
  category: same,
  properties: same,
  time: same,
  authenticationDetails: (v: unknown) => authDetails(v, "authenticationDetails"),
  appliedConditionalAccessPolicies: same,
  status: statusParts,
  location: locationParts,
  deviceDetail: deviceParts,
  isInteractive: bool,
  signInEventTypes: (v: unknown) => strList(v, "signInEventTypes"),
  authenticationRequirementPolicies: (v: unknown) =>
    requirementPolicies(v, "authenticationRequirementPolicies"),
  authenticationMethodsUsed: (v: unknown) => strList(v, "authenticationMethodsUsed"),
  mfaDetail: (v: unknown) => mfaDetail(v, "mfaDetail"),
  riskEventTypes_v2: (v: unknown) => strList(v, "riskEventTypes_v2"),
  riskEventTypes: (v: unknown) => strList(v, "riskEventTypes"),
});

/** The keys of the slots, in their order ({@linkcode GRAPH_SIGN_IN_FIELDS}'s). */
export const GRAPH_SLOT_KEYS: readonly string[] = Object.freeze(Object.keys(GRAPH_SIGN_IN_FIELDS));

/** Each key's slot. */
export const GRAPH_SLOT: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(GRAPH_SLOT_KEYS.map((k, i) => [k, i])),
);

/** Each key's coercion ({@linkcode GRAPH_COERCE}, else `str`), by slot. */
export const coercionOf = (k: string): (v: unknown) => unknown => GRAPH_COERCE[k] ?? str;

const at = (k: string): number => GRAPH_SLOT[k]!;
const ID = at("id"), CORRELATION_ID = at("correlationId"), CREATED = at("createdDateTime");
const ORIGINAL_REQUEST_ID = at("originalRequestId"), UNIQUE_TOKEN_ID = at("uniqueTokenIdentifier");
const SESSION_ID = at("sessionId"), STEPS = at("authenticationDetails");
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

/**
 * The keys {@linkcode graphSlotsOf} reads apart, around the others: the time first (the
 * envelope's when the sign-in has none), the Conditional Access policies (with the context's
 * table) and the risk event types last (`riskEventTypes` only when `riskEventTypes_v2` gives
 * nothing), and the envelope's keys not at all.
 */
const APART = [
  "createdDateTime",
  "appliedConditionalAccessPolicies",
  "riskEventTypes_v2",
  "riskEventTypes",
  "category",
  "properties",
  "time",
];

/**
 * The keys whose coercion can make the row bad, read after the others in this order (between the
 * time and the CA policies), so a row with two bad values gives the first one's reason as ever.
 */
const CHECKED = [
  "signInEventTypes",
  "authenticationRequirementPolicies",
  "authenticationDetails",
  "authenticationMethodsUsed",
  "mfaDetail",
  "status",
];

/**
 * The filler of the slots of the keys not read apart, from a parsed object, with every field or
 * lean: a function with one statement per key (a named read and its own call of the key's
 * coercion, which V8 can inline: a loop over the keys makes each read a keyed lookup and each call
 * a megamorphic one). Its source text holds only the constant key names (JSON-quoted) and numbers.
 */
function fillerOf(lean: boolean): (o: Record<string, unknown>, v: unknown[]) => void {
  const keys = GRAPH_SLOT_KEYS.filter((k) =>
    !APART.includes(k) && !CHECKED.includes(k) &&
    !(lean && (LEAN_SKIPPED_KEYS as readonly string[]).includes(k))
  ).concat(CHECKED);
  const body = keys.map((k, i) => `v[${at(k)}] = c[${i}](o[${JSON.stringify(k)}]);`).join("\n");
  const fill = new Function("o", "v", "c", `"use strict";\n${body}`) as (
    o: Record<string, unknown>,
    v: unknown[],
    c: readonly ((v: unknown) => unknown)[],
  ) => void;
  const coerce = keys.map(coercionOf);
  return (o, v) => fill(o, v, coerce);
}
const FILL = fillerOf(false), FILL_LEAN = fillerOf(true);

const createdOf = GRAPH_COERCE.createdDateTime!, riskV2Of = GRAPH_COERCE.riskEventTypes_v2!;
const riskOf = GRAPH_COERCE.riskEventTypes!;

/**
 * Fills the slots from a parsed Graph sign-in (the envelope's `properties` when it came in one):
 * every key the sign-in takes (lean: not those of `LEAN_SKIPPED_KEYS`), the Conditional Access
 * policies through the context's table.
 *
 * @param o the sign-in object
 * @param ctx as for {@linkcode mapGraphSignIn}
 * @param envelopeTime the envelope's `time` (its sign-in's time when `createdDateTime` is missing)
 * @param v the slots (overwritten)
 * @throws {BadRowError} the first value that makes the row bad
 *
 * @example The slots of an object, made into its sign-in
 * ```ts
 * import { GRAPH_SLOT, GRAPH_SLOT_KEYS, graphSlotsOf, signInOfSlots } from "./map_graph.ts";
 * import assert from "node:assert/strict";
 * const ctx = { source: { format: "graph-json", file: "graph" }, eventType: "interactiveUser" } as const;
 * const v = new Array<unknown>(GRAPH_SLOT_KEYS.length).fill(null);
 * graphSlotsOf({ id: "1", createdDateTime: "2026-11-20T10:00:00Z", status: { errorCode: "50074" } }, ctx, null, v);
 * assert.deepEqual(v[GRAPH_SLOT.status!], { errorCode: 50074, failureReason: null, additionalDetails: null });
 * const s = signInOfSlots(v, ctx, 7, null);
 * assert.deepEqual([s.id, s.createdAtMs, s.errorCode, s.eventType, s.sourceLine], ["1", Date.UTC(2026, 10, 20, 10), 50074, "interactiveUser", 7]);
 * assert.throws(() => graphSlotsOf({ id: "1", status: { errorCode: 1.5 } }, ctx, null, v), /status.errorCode: expected an integer/);
 * ```
 */
export function graphSlotsOf(
  o: Record<string, unknown>,
  ctx: MapContext,
  envelopeTime: unknown,
  v: unknown[],
): void {
  const lean = ctx.lean === true;
  v[CREATED] = createdOf(o.createdDateTime) ?? date(envelopeTime, "time");
  (lean ? FILL_LEAN : FILL)(o, v);
  v[CA_POLICIES] = caPolicies(
    o.appliedConditionalAccessPolicies,
    "appliedConditionalAccessPolicies",
    ctx.caPolicies,
  );
  if (lean) return;
  const v2 = riskV2Of(o.riskEventTypes_v2);
  v[RISK_EVENTS_V2] = v2;
  v[RISK_EVENTS] = v2 !== null ? null : riskOf(o.riskEventTypes);
}

/**
 * The sign-in of filled slots: the slots of `createdDateTime`, `status`, `location` and
 * `deviceDetail` hold what their coercions give, and the Conditional Access policies' slot the
 * policies as `caPolicies` gives them; lean (`ctx.lean`): the fields of `LEAN_SKIPPED_KEYS` null.
 *
 * @param v the slots
 * @param ctx provenance, default event type, lean
 * @param line 1-based line where the record starts
 * @param envelopeEventType the event type of the diagnostic-settings envelope's table, or null
 * @returns the sign-in
 */
export function signInOfSlots(
  v: readonly unknown[],
  ctx: MapContext,
  line: number,
  envelopeEventType: string | null,
): SignIn {
  const created = v[CREATED] as { iso: string; ms: number } | null;
  const status = v[STATUS] as StatusParts, loc = v[LOCATION] as LocationParts;
  const dev = v[DEVICE] as DeviceParts;
  const isInteractive = v[IS_INTERACTIVE] as boolean | null;
  const signInEventTypes = v[EVENT_TYPES] as readonly string[] | null;
  const eventType = signInEventTypes?.[0] ?? envelopeEventType ??
    (isInteractive === true ? "interactiveUser" : ctx.eventType);
  const full = ctx.lean !== true;
  return {
    id: v[ID] as string | null,
    correlationId: v[CORRELATION_ID] as string | null,
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
    authenticationDetails: v[STEPS] as SignIn["authenticationDetails"],
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
    appliedConditionalAccessPolicies: v[CA_POLICIES] as SignIn["appliedConditionalAccessPolicies"],
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

/** The slots of the object being mapped (one at a time per thread). */
const slots: unknown[] = new Array<unknown>(GRAPH_SLOT_KEYS.length).fill(null);

/**
 * Maps one Graph-shaped sign-in object. Unknown enum values are kept raw; missing or null
 * fields become `null`; see the module docs of mod.ts for the coercion rule.
 *
 * @param value the parsed JSON value
 * @param ctx provenance and default event type
 * @param line 1-based line where the record starts
 * @returns the sign-in, or a bad-row reason (not an object; no id, correlationId or
 *   createdDateTime; a bad date or error code)
 *
 * @example A beta sign-in with a new enum value
 * ```ts
 * import { mapGraphSignIn } from "./map_graph.ts";
 * import assert from "node:assert/strict";
 * const source = { format: "graph-ndjson", file: "s.ndjson" } as const;
 * const r = mapGraphSignIn({
 *   id: "0001", createdDateTime: "2024-05-01T10:00:00Z", userPrincipalName: "ana@contoso.example",
 *   status: { errorCode: 0 }, conditionalAccessStatus: "someNewValue", signInEventTypes: ["interactiveUser"],
 * }, { source, eventType: null }, 1);
 * assert.equal(r.kind, "signIn");
 * if (r.kind === "signIn") {
 *   assert.equal(r.signIn.conditionalAccessStatus, "someNewValue");
 *   assert.equal(r.signIn.errorCode, 0);
 *   assert.equal(r.signIn.eventType, "interactiveUser");
 *   assert.equal(r.signIn.appliedConditionalAccessPolicies, null); // not in the source
 * }
 * assert.deepEqual(mapGraphSignIn(42, { source, eventType: null }, 2), { kind: "bad", reason: "expected a JSON object, got 42" });
 * ```
 */
export function mapGraphSignIn(value: unknown, ctx: MapContext, line: number): MapResult {
  let o = obj(value);
  if (o === null) return { kind: "bad", reason: `expected a JSON object, got ${describe(value)}` };
  let eventType: string | null = null;
  let envelopeTime: unknown = null;
  if (o.createdDateTime === undefined && typeof o.category === "string") {
    const props = obj(o.properties);
    if (props !== null) {
      eventType = eventTypeFromTable(o.category);
      envelopeTime = o.time;
      o = props;
    }
  }
  if (o.id == null && o.correlationId == null && o.createdDateTime == null) {
    return { kind: "bad", reason: "not a sign-in: no id, correlationId or createdDateTime" };
  }
  try {
    graphSlotsOf(o, ctx, envelopeTime, slots);
    return { kind: "signIn", signIn: signInOfSlots(slots, ctx, line, eventType) };
  } catch (e) {
    if (e instanceof BadRowError) return { kind: "bad", reason: e.message };
    throw e;
  }
}
