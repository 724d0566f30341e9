/**
 * Graph failures turned into errors a user can act on: which licence or permission is missing,
 * what to do instead, and the `request-id` / `client-request-id` to quote to Microsoft support.
 * Messages never contain the token or a secret.
 *
 * @module
 */

/** What went wrong, as far as the user needs to know. */
export const GRAPH_ERROR_KINDS = [
  "licenceRequired",
  "permissionDenied",
  "unauthenticated",
  "throttled",
  "badRequest",
  "notFound",
  "serverError",
  "network",
  "invalidResponse",
  "unknown",
] as const;

/** One of {@linkcode GRAPH_ERROR_KINDS}. */
export type GraphErrorKind = typeof GRAPH_ERROR_KINDS[number];

/** The text Graph returns when the tenant lacks Entra ID P1/P2 for a report. */
export const LICENCE_ERROR_TEXT = "Neither tenant is B2C or tenant doesn't have premium license";

/** Facts about one failed response. */
export interface GraphFailure {
  /** HTTP status, 0 when no response arrived. */
  status: number;
  /** Graph `error.code`, when the body had one. */
  code?: string;
  /** Graph `error.message`, when the body had one. */
  message?: string;
}

/**
 * Classifies a failed response. Never throws; anything unrecognised is `"unknown"`.
 *
 * @example
 * ```ts
 * import { classifyGraphFailure } from "./graph_error.ts";
 * import assert from "node:assert/strict";
 * assert.equal(classifyGraphFailure({ status: 403, code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
 *   message: "Neither tenant is B2C or tenant doesn't have premium license" }), "licenceRequired");
 * assert.equal(classifyGraphFailure({ status: 403, code: "Authorization_RequestDenied" }), "permissionDenied");
 * assert.equal(classifyGraphFailure({ status: 418 }), "unknown");
 * ```
 */
export function classifyGraphFailure(f: GraphFailure): GraphErrorKind {
  const text = `${f.code ?? ""} ${f.message ?? ""}`.toLowerCase();
  if (f.status === 0) return "network";
  if (
    f.status === 403 &&
    (text.includes("premium license") || text.includes("nonpremiumtenant") ||
      text.includes("premium licence"))
  ) {
    return "licenceRequired";
  }
  if (f.status === 403) return "permissionDenied";
  if (f.status === 401) return "unauthenticated";
  if (f.status === 429) return "throttled";
  if (f.status === 400) return "badRequest";
  if (f.status === 404) return "notFound";
  if (f.status >= 500 && f.status <= 599) return "serverError";
  if (f.status >= 200 && f.status <= 299) return "invalidResponse";
  return "unknown";
}

/** The Graph endpoints this toolkit reads, with what a user needs for each. */
export const GRAPH_ENDPOINT_INFO = {
  signIns: {
    label: "sign-ins (/auditLogs/signIns)",
    permission: "AuditLog.Read.All",
    licenceFallback: "download the sign-in logs from the Entra admin center and pass them with --from FILE",
  },
  registrationDetails: {
    label: "the MFA registration report (/reports/authenticationMethods/userRegistrationDetails)",
    permission: "AuditLog.Read.All",
    licenceFallback: "use --source per-user-methods (reads /users/{id}/authentication/methods)",
  },
  authenticationMethods: {
    label: "authentication methods (/users/{id}/authentication/methods)",
    permission: "UserAuthenticationMethod.Read.All",
    licenceFallback: undefined,
  },
  perUserMfa: {
    label: "per-user MFA states (beta /users/{id}/authentication/requirements)",
    permission: "Policy.Read.All",
    licenceFallback: undefined,
  },
  conditionalAccessPolicies: {
    label: "Conditional Access policies (/identity/conditionalAccess/policies)",
    permission: "Policy.Read.All",
    licenceFallback: undefined,
  },
  users: { label: "users (/users)", permission: "User.Read.All", licenceFallback: undefined },
  other: { label: "Graph", permission: undefined, licenceFallback: undefined },
} as const;

/** A key of {@linkcode GRAPH_ENDPOINT_INFO}. */
export type GraphEndpointName = keyof typeof GRAPH_ENDPOINT_INFO;

/**
 * Which endpoint a request URL or path belongs to.
 *
 * @example
 * ```ts
 * import { graphEndpointOf } from "./graph_error.ts";
 * import assert from "node:assert/strict";
 * assert.equal(graphEndpointOf("https://graph.microsoft.com/beta/auditLogs/signIns?$top=5"), "signIns");
 * assert.equal(graphEndpointOf("/v1.0/users/abc/authentication/methods"), "authenticationMethods");
 * assert.equal(graphEndpointOf("/beta/users/abc/authentication/requirements"), "perUserMfa");
 * assert.equal(graphEndpointOf("/v1.0/users"), "users");
 * assert.equal(graphEndpointOf("/v1.0/me"), "other");
 * ```
 */
export function graphEndpointOf(urlOrPath: string): GraphEndpointName {
  let path = urlOrPath;
  try {
    path = new URL(urlOrPath).pathname;
  } catch { /* a path already */ }
  path = path.replace(/[?#].*$/, "").toLowerCase();
  if (path.endsWith("/auditlogs/signins")) return "signIns";
  if (path.endsWith("/reports/authenticationmethods/userregistrationdetails")) return "registrationDetails";
  if (/\/users\/[^/]+\/authentication\/methods$/.test(path)) return "authenticationMethods";
  if (/\/users\/[^/]+\/authentication\/requirements$/.test(path)) return "perUserMfa";
  if (path.endsWith("/identity/conditionalaccess/policies")) return "conditionalAccessPolicies";
  if (path.endsWith("/users")) return "users";
  return "other";
}

/** Everything known about a failure, for the message. */
export interface GraphErrorDetails extends GraphFailure {
  /** Which endpoint was read. */
  endpoint: GraphEndpointName;
  /** Graph `request-id` (response header or error body). */
  requestId?: string;
  /** `client-request-id` we sent (or Graph echoed). */
  clientRequestId?: string;
  /** Attempts made, retries included. */
  attempts?: number;
  /** The response's `Retry-After`, ms, when it had one. */
  retryAfterMs?: number;
  /** Extra detail for network / invalid-response errors. */
  detail?: string;
  /** Set when the client refused the request or response (never retried): why. */
  refused?: string;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/**
 * The one-line message for a failure: "Cannot read <endpoint>: <what and what to do>
 * (request-id …, client-request-id …)".
 *
 * @example Licence missing on the registration report names the fallback
 * ```ts
 * import { graphErrorMessage } from "./graph_error.ts";
 * import assert from "node:assert/strict";
 * const m = graphErrorMessage({ endpoint: "registrationDetails", status: 403,
 *   message: "Neither tenant is B2C or tenant doesn't have premium license", requestId: "r1", clientRequestId: "c1" });
 * assert.match(m, /^Cannot read the MFA registration report/);
 * assert.match(m, /Entra ID P1 or P2/);
 * assert.match(m, /--source per-user-methods/);
 * assert.match(m, /request-id r1, client-request-id c1/);
 * ```
 */
export function graphErrorMessage(d: GraphErrorDetails): string {
  const info = GRAPH_ENDPOINT_INFO[d.endpoint];
  const kind = classifyGraphFailure(d);
  const said = d.code || d.message
    ? ` (${
      [d.code, d.message].filter((x) => x !== undefined && x !== "").map((x) => oneLine(x as string)).join(
        ": ",
      )
    })`
    : "";
  let what = "";
  switch (d.refused ? undefined : kind) {
    case "licenceRequired":
      what = `this report needs an Entra ID P1 or P2 licence, and Graph says the tenant has none${said}` +
        (info.licenceFallback ? `; without it, ${info.licenceFallback}` : "");
      break;
    case "permissionDenied":
      what = `access denied${said}; ` +
        (info.permission
          ? `the app needs the ${info.permission} permission (with admin consent), or a signed-in user needs a role that allows it`
          : "check the app's Graph permissions");
      break;
    case "unauthenticated":
      what = `the access token is invalid or expired${said}; sign in again or supply a fresh token`;
      break;
    case "throttled":
      what = `Graph is still throttling (429) after ${d.attempts ?? 1} attempt(s)${said}; ` +
        "lower --budget or read a shorter time window";
      break;
    case "badRequest":
      what = `Graph rejected the request as invalid (400)${said}`;
      break;
    case "notFound":
      what = `Graph says it does not exist (404)${said}`;
      break;
    case "serverError":
      what = `Graph failed with HTTP ${d.status} after ${d.attempts ?? 1} attempt(s)${said}; try again later`;
      break;
    case "network":
      what = `the connection failed after ${d.attempts ?? 1} attempt(s)${
        d.detail ? ` (${oneLine(d.detail)})` : ""
      }`;
      break;
    case "invalidResponse":
      what = `Graph's response was unusable${d.detail ? ` (${oneLine(d.detail)})` : ""}` +
        ((d.attempts ?? 1) > 1 ? ` after ${d.attempts} attempts` : "");
      break;
    case "unknown":
      what = `Graph answered HTTP ${d.status}${said}`;
      break;
    case undefined:
      what = `refused: ${oneLine(d.refused as string)}`;
  }
  const ids = [
    d.requestId ? `request-id ${d.requestId}` : "request-id unknown",
    d.clientRequestId ? `client-request-id ${d.clientRequestId}` : undefined,
  ].filter((x) => x !== undefined).join(", ");
  return `Cannot read ${info.label}: ${what} (${ids})`;
}
