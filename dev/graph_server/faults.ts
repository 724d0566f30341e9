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
  "echoToken",
  "repeatNextLink",
  "endlessEmptyPages",
  "hang",
  "gzipBomb",
  "redirect",
] as const;

/** One of {@linkcode FAULT_KINDS}. */
export type FaultKind = typeof FAULT_KINDS[number];

/** One injected fault. */
export type Fault =
  /**
   * 429 / 503 / 504 with a Graph error body and `Retry-After` (seconds, default 1; omit with
   * `null`); `retryAfterHeader` sends that text as is instead (`"99999"`, `"-5"`, an HTTP date).
   */
  | {
    kind: "throttled" | "serviceUnavailable" | "gatewayTimeout";
    retryAfterSeconds?: number | null;
    retryAfterHeader?: string;
  }
  /** The normal response, but the connection is broken after half of the body. */
  | { kind: "connectionReset" }
  /** The normal response cut to half its length, sent as a complete 200. */
  | { kind: "truncatedJson" }
  /** 401 InvalidAuthenticationToken "Lifetime validation failed, the token is expired." */
  | { kind: "tokenExpired" }
  /** 403 "Neither tenant is B2C or tenant doesn't have premium license". */
  | { kind: "licenceRequired" }
  /** 403 Authorization_RequestDenied "Insufficient privileges to complete the operation." */
  | { kind: "accessDenied" }
  /**
   * A misbehaving server echoes the request's bearer token: in the `request-id` response header
   * (403), in the error body's `innerError.request-id` (403, no `request-id` header), or inside an `@odata.nextLink` to
   * another origin (200).
   */
  | { kind: "echoToken"; where: "requestIdHeader" | "innerError" | "nextLink" }
  /** A 200 page with one item whose `@odata.nextLink` is the URL just requested (a paging loop). */
  | { kind: "repeatNextLink" }
  /** A 200 page with no items and an `@odata.nextLink` to a new empty page, for ever. */
  | { kind: "endlessEmptyPages" }
  /** No answer at all: the response never starts (until the client gives up). */
  | { kind: "hang" }
  /** A 200 whose body is `Content-Encoding: gzip` of `decodedBytes` spaces (a decompression bomb). */
  | { kind: "gzipBomb"; decodedBytes: number }
  /** A redirect (302 unless `status` says otherwise) to `location`. */
  | { kind: "redirect"; location: string; status?: 301 | 302 | 303 | 307 | 308 };

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
