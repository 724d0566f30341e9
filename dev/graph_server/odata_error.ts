/**
 * Graph-style error bodies and the canned errors the local server returns.
 *
 * @module
 */

/** A Graph error as the server will send it. */
export interface GraphErrorReply {
  /** HTTP status. */
  status: number;
  /** `error.code`. */
  code: string;
  /** `error.message`. */
  message: string;
  /** `Retry-After` seconds, when set. */
  retryAfterSeconds?: number;
}

/** The errors real Graph returns in the situations the server simulates. */
export const GRAPH_ERROR_REPLIES = {
  licenceRequired: {
    status: 403,
    code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
    message: "Neither tenant is B2C or tenant doesn't have premium license",
  },
  accessDenied: {
    status: 403,
    code: "Authorization_RequestDenied",
    message: "Insufficient privileges to complete the operation.",
  },
  tokenExpired: {
    status: 401,
    code: "InvalidAuthenticationToken",
    message: "Lifetime validation failed, the token is expired.",
  },
  tokenMissing: { status: 401, code: "InvalidAuthenticationToken", message: "Access token is empty." },
  tokenInvalid: {
    status: 401,
    code: "InvalidAuthenticationToken",
    message: "Access token validation failure.",
  },
  throttled: {
    status: 429,
    code: "TooManyRequests",
    message: "Too many requests, please retry after the time given in Retry-After.",
  },
  serviceUnavailable: {
    status: 503,
    code: "ServiceUnavailable",
    message: "The service is temporarily unavailable. Please retry.",
  },
  gatewayTimeout: { status: 504, code: "GatewayTimeout", message: "The gateway timed out. Please retry." },
} as const satisfies Record<string, GraphErrorReply>;

/**
 * The JSON body Graph sends with an error.
 *
 * @example
 * ```ts
 * import { odataErrorBody } from "./odata_error.ts";
 * import assert from "node:assert/strict";
 * const b = JSON.parse(odataErrorBody("BadRequest", "Invalid filter clause", "r1", "c1", new Date("2026-11-01T00:00:00Z")));
 * assert.deepEqual(b, { error: { code: "BadRequest", message: "Invalid filter clause",
 *   innerError: { date: "2026-11-01T00:00:00", "request-id": "r1", "client-request-id": "c1" } } });
 * ```
 */
export function odataErrorBody(
  code: string,
  message: string,
  requestId: string,
  clientRequestId: string,
  date: Date,
): string {
  return JSON.stringify({
    error: {
      code,
      message,
      innerError: {
        date: date.toISOString().replace(/\.\d{3}Z$/, ""),
        "request-id": requestId,
        "client-request-id": clientRequestId,
      },
    },
  });
}
