/**
 * Faults the local Graph server can inject into chosen requests, to test retries and error
 * handling over real HTTP.
 *
 * @module
 */

/** Fault kinds. */
export const FAULT_KINDS = [
  "throttled",
  "serviceUnavailable",
  "gatewayTimeout",
  "connectionReset",
  "truncatedJson",
  "tokenExpired",
  "licenceRequired",
  "accessDenied",
] as const;

/** One of {@linkcode FAULT_KINDS}. */
export type FaultKind = typeof FAULT_KINDS[number];

/** One injected fault. */
export type Fault =
  /** 429 / 503 / 504 with a Graph error body and `Retry-After` (seconds, default 1; omit with `null`). */
  | { kind: "throttled" | "serviceUnavailable" | "gatewayTimeout"; retryAfterSeconds?: number | null }
  /** The normal response, but the connection is broken after half of the body. */
  | { kind: "connectionReset" }
  /** The normal response cut to half its length, sent as a complete 200. */
  | { kind: "truncatedJson" }
  /** 401 InvalidAuthenticationToken "Lifetime validation failed, the token is expired." */
  | { kind: "tokenExpired" }
  /** 403 "Neither tenant is B2C or tenant doesn't have premium license". */
  | { kind: "licenceRequired" }
  /** 403 Authorization_RequestDenied "Insufficient privileges to complete the operation." */
  | { kind: "accessDenied" };

/** What a fault plan sees about a request. */
export interface FaultRequest {
  /** 1-based number of this request among all the server received. */
  n: number;
  /** Full request URL. */
  url: URL;
  /** Path after the version, e.g. `/auditLogs/signIns`. */
  path: string;
  /** Request headers. */
  headers: Headers;
}

/** A fault scheduled for the n-th request (1-based, counting every request). */
export interface ScheduledFault {
  /** Request number. */
  request: number;
  /** The fault. */
  fault: Fault;
}

/** Which requests fail and how: a function, or a list by request number. */
export type FaultPlan = ((request: FaultRequest) => Fault | undefined) | readonly ScheduledFault[];

/**
 * The fault (if any) for a request.
 *
 * @example
 * ```ts
 * import { faultFor } from "./faults.ts";
 * import assert from "node:assert/strict";
 * const plan = [{ request: 2, fault: { kind: "truncatedJson" as const } }];
 * const req = (n: number) => ({ n, url: new URL("http://127.0.0.1/"), path: "/users", headers: new Headers() });
 * assert.equal(faultFor(plan, req(1)), undefined);
 * assert.deepEqual(faultFor(plan, req(2)), { kind: "truncatedJson" });
 * ```
 */
export function faultFor(plan: FaultPlan | undefined, request: FaultRequest): Fault | undefined {
  if (plan === undefined) return undefined;
  if (typeof plan === "function") return plan(request);
  return plan.find((f) => f.request === request.n)?.fault;
}
