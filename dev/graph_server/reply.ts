/**
 * Replies of the local Graph server before they become a `Response`: status, body and extra
 * headers, Graph-style error replies, and the JSON content type Graph sends.
 *
 * @module
 */
import { type GraphErrorReply, odataErrorBody } from "./odata_error.ts";

/** The content type of every Graph JSON reply. */
export const JSON_TYPE =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** A reply: status, body and headers beyond the standard ones. */
export class HttpReply {
  /**
   * @param status HTTP status
   * @param body text or bytes
   * @param headers extra headers
   */
  constructor(
    readonly status: number,
    readonly body: string | Uint8Array<ArrayBuffer>,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Ids a reply carries: the server's `request-id` and the client's `client-request-id`. */
export interface ReplyIds {
  requestId: string;
  crid: string;
}

/** A Graph error body for `e` (with `Retry-After` when it has one). */
export function errorReply(e: GraphErrorReply, ids: ReplyIds): HttpReply {
  const headers: Record<string, string> = {};
  if (e.retryAfterSeconds !== undefined) headers["Retry-After"] = String(e.retryAfterSeconds);
  return new HttpReply(
    e.status,
    odataErrorBody(e.code, e.message, ids.requestId, ids.crid, new Date()),
    headers,
  );
}

/** A 400 BadRequest with `message`. */
export function badRequest(message: string): GraphErrorReply {
  return { status: 400, code: "BadRequest", message };
}
