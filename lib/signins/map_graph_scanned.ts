/**
 * Graph sign-ins built straight from the WebAssembly scanner's value records (issue #18): each
 * wanted key's value goes through its coercion (`GRAPH_COERCE`, map_graph.ts) into its slot, and
 * a value the scanner interned (an id per distinct byte string) is coerced once per id, not once
 * per line; the line's object of fields is never built. The sign-in is made from the slots by
 * map_graph.ts's builder (`signInOfSlots`), as `mapGraphSignIn` makes it from the slots it fills
 * from a parsed object. A line this cannot map as `mapGraphSignIn` would
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
import { authDetail, bool, caPolicies, obj, stepDateTime, str } from "./_coerce.ts";
import { GRAPH_SIGN_IN_FIELDS, GRAPH_SIGN_IN_FIELDS_LEAN } from "./graph_fields.ts";
import { coercionOf, GRAPH_SLOT, GRAPH_SLOT_KEYS, signInOfSlots } from "./map_graph.ts";
import type { CaPolicyTable } from "./_ca_policy_table.ts";

/**
 * The keys whose coerced values a sign-in takes as they are (arrays and objects): frozen, as an
 * interned value's result is shared by every line with the same bytes. (`status`, `location` and
 * `deviceDetail` give parts the sign-in copies, the envelope's keys make the line be read the slow
 * way, and the CA policies are coerced by the builder, with the file's policy table.)
 */
const SHARED = [
  "authenticationDetails",
  "signInEventTypes",
  "authenticationRequirementPolicies",
  "authenticationMethodsUsed",
  "mfaDetail",
  "riskEventTypes_v2",
  "riskEventTypes",
];

/** Each key's coercion, as `mapGraphSignIn` applies it (map_graph.ts), its result frozen when shared. */
function scannedCoercionOf(k: string): (v: unknown) => unknown {
  const f = coercionOf(k);
  return SHARED.includes(k) ? (v) => deepFreeze(f(v)) : f;
}

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

/** Each slot's content when the line lacks its key. */
const ABSENT: readonly unknown[] = GRAPH_SLOT_KEYS.map((k) => scannedCoercionOf(k)(undefined));

function coercionFor(fields: Readonly<Record<string, unknown>>): FieldCoercion {
  const keys = Object.keys(fields);
  return Object.freeze({
    keys,
    slots: keys.map((k) => GRAPH_SLOT[k]!),
    coerce: keys.map(scannedCoercionOf),
    absent: ABSENT,
    elements: keys.map((k) => (k === "authenticationDetails" ? STEP_ELEMENTS : null)),
  });
}

/** The coercions of the scanners with every field and with the lean fields. */
const FULL = coercionFor(GRAPH_SIGN_IN_FIELDS);
const LEAN = coercionFor(GRAPH_SIGN_IN_FIELDS_LEAN);

const ID = GRAPH_SLOT.id!, CORRELATION_ID = GRAPH_SLOT.correlationId!, CREATED = GRAPH_SLOT.createdDateTime!;
const CATEGORY = GRAPH_SLOT.category!, PROPERTIES = GRAPH_SLOT.properties!, TIME = GRAPH_SLOT.time!;
const CA_POLICIES = GRAPH_SLOT.appliedConditionalAccessPolicies!;

/** The slots of the current line (reused: one line at a time per thread). */
const v: unknown[] = new Array<unknown>(GRAPH_SLOT_KEYS.length).fill(null);

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
  if (v[ID] === null && v[CORRELATION_ID] === null && v[CREATED] === null) return null;
  try {
    v[CA_POLICIES] = caPolicies(
      v[CA_POLICIES],
      "appliedConditionalAccessPolicies",
      ctx.caPolicies as CaPolicyTable | undefined,
    );
  } catch {
    return null;
  }
  return signInOfSlots(v, ctx, line, null);
}
