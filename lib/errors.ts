/**
 * Every error class the toolkit throws, in one place. A task's `main` maps them to exit codes:
 * {@linkcode UsageError} → 2, {@linkcode InputError} and anything else → 1 (see
 * {@linkcode EXIT_CODE}). Messages are one line, sentence case, no trailing period, quote the
 * offending value, and never hold a token or a secret. What an error *says* about its domain
 * (which Graph permission is missing, which licence) is built beside that domain, e.g.
 * `lib/graph/graph_error.ts` for {@linkcode GraphError}.
 *
 * @module
 */
import {
  classifyGraphFailure,
  GRAPH_ENDPOINT_INFO,
  type GraphEndpointName,
  type GraphErrorDetails,
  type GraphErrorKind,
  graphErrorMessage,
} from "./graph/graph_error.ts";

/** Exit codes every task uses. */
export const EXIT_CODE = {
  /** Everything ran; all fail-severity thresholds (if any) passed. */
  Ok: 0,
  /** The tool failed: bad input file, Graph error, I/O error. */
  Failure: 1,
  /** The command line was wrong: unknown option, bad value, missing argument. */
  Usage: 2,
  /** The tool ran, but a fail-severity compliance threshold was not met. */
  ThresholdNotMet: 3,
} as const;

/** One of the {@linkcode EXIT_CODE} values. */
export type ExitCode = typeof EXIT_CODE[keyof typeof EXIT_CODE];

/**
 * Bad command-line usage (exit code 2). The harness prints the task's usage line after it.
 *
 * @example Throwing a usage error
 * ```ts
 * import { UsageError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const e = new UsageError("Cannot parse --days: expected a whole number from 1 to 30, got \"abc\"");
 * assert.equal(e.exitCode, 2);
 * assert.equal(e.name, "UsageError");
 * ```
 */
export class UsageError extends Error {
  /** Always 2. */
  readonly exitCode = EXIT_CODE.Usage;
  /** @param message one line, naming the option and the value */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** Where in an input file a problem was found. */
export interface InputLocation {
  /** Path of the file as the user gave it. */
  file: string;
  /** 1-based line number, when known. */
  line?: number;
  /** 1-based column number or column name, when known. */
  column?: number | string;
  /** 0-based byte offset, when known. */
  byte?: number;
}

/**
 * A malformed input file (exit code 1). The message is prefixed with the location,
 * e.g. `signins.csv:12: column "Status": expected "Success", "Failure" or "Interrupted", got "Maybe"`.
 *
 * @example Naming the file and line
 * ```ts
 * import { InputError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const e = new InputError("unterminated string", { file: "a.json", line: 3 });
 * assert.equal(e.message, "a.json:3: unterminated string");
 * assert.equal(e.exitCode, 1);
 * ```
 */
export class InputError extends Error {
  /** Always 1. */
  readonly exitCode = EXIT_CODE.Failure;
  /** Where the problem is. */
  readonly location: InputLocation;
  /**
   * @param detail what is wrong and what was expected
   * @param location file (and line/column/byte when known)
   */
  constructor(detail: string, location: InputLocation, options?: ErrorOptions) {
    super(`${formatLocation(location)}: ${detail}`, options);
    this.name = "InputError";
    this.location = location;
  }
}

/**
 * Formats a location as `file:line:column` (or `file (byte N)`), leaving out unknown parts.
 *
 * @example
 * ```ts
 * import { formatLocation } from "./errors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatLocation({ file: "x.csv", line: 4, column: "Status" }), "x.csv:4: column \"Status\"");
 * assert.equal(formatLocation({ file: "x.json", byte: 1024 }), "x.json (byte 1024)");
 * ```
 */
export function formatLocation(loc: InputLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (typeof loc.column === "number") s += `:${loc.column}`;
  else if (typeof loc.column === "string") s += `: column ${JSON.stringify(loc.column)}`;
  if (loc.byte !== undefined && loc.line === undefined) s += ` (byte ${loc.byte})`;
  return s;
}

/**
 * Getting a token failed (bad credentials, no Azure CLI sign-in, unreachable identity
 * endpoint, http to a non-loopback host). Not retried by the pager. The message is one line and
 * never holds a secret, an assertion or a token.
 *
 * @example
 * ```ts
 * import { GraphAuthError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const e = new GraphAuthError("Cannot get a Graph token: no Azure CLI sign-in");
 * assert.equal(e.name, "GraphAuthError");
 * ```
 */
export class GraphAuthError extends Error {
  /** @param message one line, "Cannot get a Graph token: …" */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "GraphAuthError";
  }
}

/**
 * A Graph call that failed, with everything support needs.
 *
 * @example
 * ```ts
 * import { GraphError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const e = new GraphError({ endpoint: "signIns", status: 401, code: "InvalidAuthenticationToken", requestId: "r", clientRequestId: "c" });
 * assert.equal(e.kind, "unauthenticated");
 * assert.equal(e.status, 401);
 * assert.match(e.message, /invalid or expired/);
 * ```
 */
export class GraphError extends Error {
  /** Classification. */
  readonly kind: GraphErrorKind;
  /** HTTP status (0 = no response). */
  readonly status: number;
  /** Graph error code, or "" when none. */
  readonly code: string;
  /** Graph `request-id`, or "" when unknown. */
  readonly requestId: string;
  /** The `client-request-id` sent, or "" when unknown. */
  readonly clientRequestId: string;
  /** Which endpoint. */
  readonly endpoint: GraphEndpointName;
  /** The permission that endpoint needs, when known. */
  readonly permission: string | undefined;
  /** The response's `Retry-After`, ms, when it had one. */
  readonly retryAfterMs: number | undefined;
  /** The client refused the request or the response (a foreign origin, too large, a paging loop…): never retried. */
  readonly refused: boolean;

  /** @param details the failure */
  constructor(details: GraphErrorDetails, options?: ErrorOptions) {
    super(graphErrorMessage(details), options);
    this.name = "GraphError";
    this.kind = classifyGraphFailure(details);
    this.status = details.status;
    this.code = details.code ?? "";
    this.requestId = details.requestId ?? "";
    this.clientRequestId = details.clientRequestId ?? "";
    this.endpoint = details.endpoint;
    this.permission = GRAPH_ENDPOINT_INFO[details.endpoint].permission;
    this.retryAfterMs = details.retryAfterMs;
    this.refused = details.refused !== undefined;
  }
}

/** Why a Graph request or response was refused. */
export const REFUSAL_KINDS = ["origin", "redirect", "size", "retryAfter", "pageLoop"] as const;
/** One of {@linkcode REFUSAL_KINDS}. */
export type RefusalKind = typeof REFUSAL_KINDS[number];

/**
 * A Graph request not sent, or a response not used: retrying cannot help.
 *
 * @example
 * ```ts
 * import { GraphRefusal } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const e = new GraphRefusal("origin", "refused a request to another origin");
 * assert.equal(e.kind, "origin");
 * assert.equal(e.status, 0);
 * ```
 */
export class GraphRefusal extends Error {
  /**
   * @param kind why
   * @param message one line, already redacted
   * @param status HTTP status of the refused response (0: nothing was sent)
   */
  constructor(readonly kind: RefusalKind, message: string, readonly status = 0) {
    super(message);
    this.name = "GraphRefusal";
  }
}

/**
 * A Graph request that got no complete answer within the time-out (retried like a broken
 * connection).
 *
 * @example
 * ```ts
 * import { RequestTimeoutError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(new RequestTimeoutError(5000).message, "no complete answer within 5 s (--request-timeout)");
 * ```
 */
export class RequestTimeoutError extends Error {
  /** @param ms the time-out */
  constructor(readonly ms: number) {
    super(`no complete answer within ${ms / 1000} s (--request-timeout)`);
    this.name = "RequestTimeoutError";
  }
}

/**
 * A sign-in export page took longer than the export's page time-out.
 *
 * @example
 * ```ts
 * import { PageTimeoutError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(new PageTimeoutError(5).message, "Cannot read a sign-in page: no answer within 5 ms");
 * ```
 */
export class PageTimeoutError extends Error {
  /** @param ms the time-out that expired */
  constructor(readonly ms: number) {
    super(`Cannot read a sign-in page: no answer within ${ms} ms`);
    this.name = "PageTimeoutError";
  }
}

/**
 * A row of a sign-in file that cannot be understood. Thrown inside a mapper; the reader counts
 * it as a bad row with this message as the reason.
 *
 * @example
 * ```ts
 * import { BadRowError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(new BadRowError("createdDateTime is not a date").name, "BadRowError");
 * ```
 */
export class BadRowError extends Error {
  /** @param message the reason, one line */
  constructor(message: string) {
    super(message);
    this.name = "BadRowError";
  }
}
