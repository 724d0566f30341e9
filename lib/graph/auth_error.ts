/**
 * The error every sign-in failure becomes.
 *
 * @module
 */

/**
 * Getting a token failed (bad credentials, no Azure CLI sign-in, unreachable identity
 * endpoint, http to a non-loopback host). Not retried by the pager. The message is one line and
 * never holds a secret, an assertion or a token.
 *
 * @example
 * ```ts
 * import { GraphAuthError } from "./auth_error.ts";
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
