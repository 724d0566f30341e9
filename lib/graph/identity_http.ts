/**
 * HTTP to identity endpoints (the Entra token endpoint, managed-identity endpoints, CI OIDC
 * endpoints): every request has a time-out, a bounded number of retries (connection errors,
 * 429 and 5xx, `Retry-After` honoured up to a cap), a capped response body, and no redirects (a
 * credential goes only to the exact origin it was meant for). Errors become one
 * {@linkcode GraphAuthError} line naming the mode and, for Entra, the `AADSTS` code and
 * description, with every registered secret redacted and control characters removed.
 *
 * @module
 */
import { GraphAuthError } from "../errors.ts";
import { redactSecrets } from "./secret_registry.ts";
import { parseHttpDate } from "../time/http_date.ts";

/** Limits of one identity request. */
export interface IdentityHttpOptions {
  /** Time-out per attempt, ms (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First back-off delay, ms, doubled per attempt (default 500). */
  retryDelayMs?: number;
  /** Longest `Retry-After` honoured, ms (default 60 s; longer waits fail instead). */
  maxRetryAfterMs?: number;
  /** Largest response body read, bytes (default 256 KiB). */
  maxBytes?: number;
  /** Extra statuses to retry (IMDS: 404, 410). */
  retryStatuses?: readonly number[];
  /** A Deno HTTP client (tests: one trusting the test CA). */
  client?: Deno.HttpClient;
}

/** The defaults of {@linkcode IdentityHttpOptions}. */
export const IDENTITY_HTTP_DEFAULTS = {
  timeoutMs: 30_000,
  retries: 3,
  retryDelayMs: 500,
  maxRetryAfterMs: 60_000,
  maxBytes: 256 * 1024,
} as const;

/** A parsed identity response. */
export interface IdentityResponse {
  /** HTTP status. */
  status: number;
  /** The JSON body (undefined when it was not JSON). */
  json: Record<string, unknown> | undefined;
  /** Response headers. */
  headers: Headers;
}

/**
 * One line of server-supplied text, safe to print: control characters and line breaks become
 * spaces, Entra's "Trace ID … Correlation ID … Timestamp" tail goes, registered secrets are
 * redacted, and the result is cut to `max` characters.
 *
 * @example
 * ```ts
 * import { oneLine } from "./identity_http.ts";
 * import assert from "node:assert/strict";
 * assert.equal(oneLine("AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1 Correlation ID: 2"),
 *   "AADSTS7000215: Invalid client secret provided.");
 * assert.equal(oneLine("x".repeat(500), 10), "xxxxxxxxx…");
 * ```
 */
export function oneLine(text: string, max = 300): string {
  // deno-lint-ignore no-control-regex
  let s = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e]+/g, " ");
  s = s.replace(/\s*Trace ID:.*$/i, "").replace(/\s+/g, " ").trim();
  s = redactSecrets(s);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * The one-line reason of an OAuth error body: `AADSTS…` code + description for Entra, else
 * `error` (+ `error_description`), else the HTTP status.
 *
 * @example
 * ```ts
 * import { oauthErrorReason } from "./identity_http.ts";
 * import assert from "node:assert/strict";
 * assert.equal(oauthErrorReason(401, { error: "invalid_client", error_codes: [7000215],
 *   error_description: "AADSTS7000215: Invalid client secret provided. Trace ID: x" }),
 *   "AADSTS7000215: Invalid client secret provided. (invalid_client, HTTP 401)");
 * assert.equal(oauthErrorReason(500, undefined), "HTTP 500");
 * ```
 */
export function oauthErrorReason(status: number, body: Record<string, unknown> | undefined): string {
  const error = typeof body?.error === "string" ? oneLine(body.error, 60) : undefined;
  let desc = typeof body?.error_description === "string" ? oneLine(body.error_description) : undefined;
  const codes = Array.isArray(body?.error_codes) ? body.error_codes : [];
  const code = codes.length > 0 && /^\d{1,9}$/.test(String(codes[0])) ? `AADSTS${codes[0]}` : undefined;
  if (desc === undefined && typeof body?.message === "string") desc = oneLine(body.message);
  if (code !== undefined && desc !== undefined && !desc.startsWith(code)) desc = `${code}: ${desc}`;
  if (desc === undefined && code !== undefined) desc = code;
  const tail = error !== undefined ? `(${error}, HTTP ${status})` : `(HTTP ${status})`;
  return desc !== undefined ? `${desc} ${tail}` : error !== undefined ? tail.slice(1, -1) : `HTTP ${status}`;
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const s = Number(value.trim());
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const d = parseHttpDate(value.trim());
  return Number.isNaN(d) ? undefined : Math.max(0, d - Date.now());
}

/** Whether an error is Deno's "permission not granted". */
export function isPermissionError(e: unknown): boolean {
  const notCapable = (Deno.errors as Record<string, unknown>).NotCapable as (new () => Error) | undefined;
  return e instanceof Deno.errors.PermissionDenied || (notCapable !== undefined && e instanceof notCapable);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends one identity request with the limits above. Returns any HTTP response whose status is
 * not retried (the caller reads `json` / `status`); throws for a time-out, a refused redirect,
 * an oversized body, a connection failure after the retries, or a `Retry-After` beyond the cap.
 *
 * @param what names the request in errors, e.g. `--auth client-secret`
 * @throws {GraphAuthError} one line, no secrets
 */
export async function identityFetch(
  what: string,
  url: string,
  init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  options: IdentityHttpOptions = {},
): Promise<IdentityResponse> {
  const o = { ...IDENTITY_HTTP_DEFAULTS, ...options };
  const target = new URL(url);
  const where = `${target.protocol}//${target.host}`;
  const fail = (detail: string, cause?: unknown): never => {
    throw new GraphAuthError(`Cannot sign in with ${what}: ${oneLine(detail)}`, { cause });
  };
  for (let attempt = 0;; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: init.method,
        headers: { Accept: "application/json", ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
        redirect: "manual",
        signal: AbortSignal.timeout(o.timeoutMs),
        ...(o.client !== undefined ? { client: o.client } : {}),
      });
    } catch (e) {
      if (isPermissionError(e)) {
        return fail(
          `this task entry may not connect to ${target.host} (deno.json grants the Microsoft sign-in hosts, IMDS, ` +
            `the CI OIDC hosts and loopback); for another authority host run the task file with deno run and ` +
            `--allow-net=${target.host} added`,
          e,
        );
      }
      const timedOut = e instanceof DOMException && e.name === "TimeoutError";
      const msg = timedOut
        ? `no answer from ${where} within ${o.timeoutMs / 1000} s`
        : `cannot reach ${where} (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})`;
      if (attempt < o.retries) {
        await sleep(o.retryDelayMs * 2 ** attempt);
        continue;
      }
      return fail(`${msg}, after ${attempt + 1} attempts`, e);
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      return fail(
        `${where} answered with a redirect (HTTP ${res.status}); credentials are not sent elsewhere`,
      );
    }
    const retryable = res.status === 429 || (res.status >= 500 && res.status <= 599) ||
      (o.retryStatuses ?? []).includes(res.status);
    if (retryable && attempt < o.retries) {
      await res.body?.cancel();
      const ra = retryAfterMs(res.headers.get("retry-after"));
      if (ra !== undefined && ra > o.maxRetryAfterMs) {
        return fail(
          `${where} asked to retry after ${Math.round(ra / 1000)} s (HTTP ${res.status}); giving up`,
        );
      }
      await sleep(ra ?? o.retryDelayMs * 2 ** attempt);
      continue;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readCapped(res, o.maxBytes);
    } catch (e) {
      return fail(`the answer from ${where} broke off (${e instanceof Error ? e.message : String(e)})`, e);
    }
    if (bytes === undefined) return fail(`the answer from ${where} is larger than ${o.maxBytes} bytes`);
    let json: Record<string, unknown> | undefined;
    try {
      const v = JSON.parse(new TextDecoder().decode(bytes));
      if (v !== null && typeof v === "object" && !Array.isArray(v)) json = v as Record<string, unknown>;
    } catch { /* not JSON */ }
    return { status: res.status, json, headers: res.headers };
  }
}
