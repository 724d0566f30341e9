/**
 * Where injected faults change what the local Graph server does, in one place, at the three
 * points a fault can act: before the request is handled ({@linkcode faultInstead}: no answer,
 * a decompression bomb), instead of the normal reply ({@linkcode faultReply}: error replies,
 * echoed tokens, endless pages, redirects), and on the normal reply as it becomes a response
 * ({@linkcode toResponse}: a page pointing to itself, a cut or broken body).
 *
 * @module
 */
import type { Fault } from "./faults.ts";
import { GRAPH_ERROR_REPLIES, odataErrorBody } from "./odata_error.ts";
import { errorReply, HttpReply, JSON_TYPE, type ReplyIds } from "./reply.ts";

const encoder = new TextEncoder();

/** The compressed bomb per decoded size, made once per process. */
const bombs = new Map<number, Promise<Uint8Array<ArrayBuffer>>>();

function bomb(decoded: number): Promise<Uint8Array<ArrayBuffer>> {
  let b = bombs.get(decoded);
  if (!b) {
    const chunk = new Uint8Array(1 << 20).fill(0x20);
    let left = decoded;
    const source = new ReadableStream<BufferSource>({
      pull(c) {
        if (left <= 0) return c.close();
        const n = Math.min(left, chunk.length);
        left -= n;
        c.enqueue(chunk.subarray(0, n));
      },
    });
    b = new Response(source.pipeThrough(new CompressionStream("gzip"))).arrayBuffer().then((x) =>
      new Uint8Array(x)
    );
    bombs.set(decoded, b);
  }
  return b;
}

/**
 * A fault that replaces the whole exchange: `hang` waits until the client gives up (status
 * 499, not counted), `gzipBomb` sends the bomb (status 200).
 *
 * @returns the response and the status to count, or undefined for other faults
 */
export async function faultInstead(
  fault: Fault | undefined,
  req: Request,
  ids: ReplyIds,
): Promise<{ response: Response; status: number | undefined } | undefined> {
  if (fault?.kind === "hang") {
    // Never answers; the client's time-out ends the request (the server sees the abort).
    await new Promise<void>((resolve) =>
      req.signal.addEventListener("abort", () => resolve(), { once: true })
    );
    return { response: new Response(null, { status: 499 }), status: undefined };
  }
  if (fault?.kind === "gzipBomb") {
    const response = new Response(await bomb(fault.decodedBytes), {
      status: 200,
      headers: { "content-type": JSON_TYPE, "content-encoding": "gzip", "request-id": ids.requestId },
    });
    return { response, status: 200 };
  }
  return undefined;
}

/**
 * The reply a fault sends instead of the normal one (undefined: the fault acts elsewhere).
 *
 * @param requestNumber the request's number (names the endless empty pages)
 */
export function faultReply(
  fault: Fault,
  req: Request,
  ids: ReplyIds,
  requestNumber: number,
): HttpReply | undefined {
  switch (fault.kind) {
    case "throttled":
    case "serviceUnavailable":
    case "gatewayTimeout": {
      const base = GRAPH_ERROR_REPLIES[fault.kind];
      if (fault.retryAfterHeader !== undefined) {
        const r = errorReply(base, ids);
        return new HttpReply(r.status, r.body, { ...r.headers, "Retry-After": fault.retryAfterHeader });
      }
      const ra = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
      return errorReply(ra === null ? base : { ...base, retryAfterSeconds: ra }, ids);
    }
    case "echoToken": {
      const token = (req.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
      if (fault.where === "nextLink") {
        const link = `http://127.0.0.1:1/v1.0/users?$skiptoken=${token}`;
        return new HttpReply(200, JSON.stringify({ value: [], "@odata.nextLink": link }));
      }
      const e = GRAPH_ERROR_REPLIES.accessDenied;
      if (fault.where === "innerError") {
        return new HttpReply(e.status, odataErrorBody(e.code, e.message, token, ids.crid, new Date()));
      }
      return new HttpReply(e.status, odataErrorBody(e.code, e.message, ids.requestId, ids.crid, new Date()), {
        "request-id": token,
      });
    }
    case "endlessEmptyPages": {
      const u = new URL(req.url);
      const link = `${u.origin}${u.pathname}?$skiptoken=empty${requestNumber}`;
      return new HttpReply(200, JSON.stringify({ value: [], "@odata.nextLink": link }));
    }
    case "redirect":
      return new HttpReply(fault.status ?? 302, "", { Location: fault.location });
    case "tokenExpired":
    case "licenceRequired":
    case "accessDenied":
      return errorReply(GRAPH_ERROR_REPLIES[fault.kind], ids);
    case "hang":
    case "gzipBomb":
      return undefined; // faultInstead()
    case "repeatNextLink":
    case "connectionReset":
    case "truncatedJson":
      return undefined; // toResponse(): applied to the normal reply
    default: {
      const never: never = fault;
      return never;
    }
  }
}

/** The response for `reply`, with the standard headers, shaped by a fault that acts on it. */
export function toResponse(
  req: Request,
  reply: HttpReply,
  ids: ReplyIds,
  fault: Fault | undefined,
): Response {
  if (fault?.kind === "repeatNextLink" && reply.status === 200) {
    // The normal page, pointing back to itself.
    const text = typeof reply.body === "string" ? reply.body : new TextDecoder().decode(reply.body);
    reply = new HttpReply(
      200,
      JSON.stringify({ ...JSON.parse(text), "@odata.nextLink": req.url }),
      reply.headers,
    );
  }
  const headers = new Headers({
    "content-type": JSON_TYPE,
    "request-id": ids.requestId,
    "client-request-id": ids.crid,
  });
  for (const [k, v] of Object.entries(reply.headers)) headers.set(k, v);
  // The body's innerError.request-id is then the only request id the client sees.
  if (fault?.kind === "echoToken" && fault.where === "innerError") headers.delete("request-id");
  if (reply.status >= 300 && reply.status < 400) {
    return new Response(null, { status: reply.status, headers });
  }
  const bytes = typeof reply.body === "string" ? encoder.encode(reply.body) : reply.body;
  if (fault?.kind === "truncatedJson") {
    return new Response(bytes.subarray(0, Math.floor(bytes.length / 2)), { status: reply.status, headers });
  }
  if (fault?.kind === "connectionReset") {
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(half);
      },
      pull(c) {
        c.error(new Error("injected connection reset"));
      },
    });
    return new Response(stream, { status: reply.status, headers });
  }
  return new Response(bytes, { status: reply.status, headers });
}
