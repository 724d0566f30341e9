import assert from "node:assert/strict";
import { identityFetch, oauthErrorReason, oneLine } from "./identity_http.ts";
import { GraphAuthError } from "../errors.ts";
import { registerSecret } from "./secret_registry.ts";

/** A plain-http loopback server answering with `handler`, counting requests. */
async function serve(handler: (req: Request, n: number) => Response | Promise<Response>) {
  let n = 0;
  const ac = new AbortController();
  const { promise, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: (a) => resolve(a.port) },
    (req) => handler(req, ++n),
  );
  const port = await promise;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return n;
    },
    async [Symbol.asyncDispose]() {
      ac.abort();
      await server.finished;
    },
  };
}

const FAST = { retryDelayMs: 1, timeoutMs: 2000 };

Deno.test("identityFetch() retries 429/5xx within its cap and honours a short Retry-After", async () => {
  await using s = await serve((_r, n) =>
    n < 3
      ? new Response("busy", { status: n === 1 ? 503 : 429, headers: { "retry-after": "0" } })
      : Response.json({ access_token: "x" })
  );
  const r = await identityFetch(
    "--auth client-secret",
    `${s.url}/t/oauth2/v2.0/token`,
    { method: "POST" },
    FAST,
  );
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { access_token: "x" });
  assert.equal(s.requests, 3);
});

Deno.test("identityFetch() refuses what it must not do: redirects, long Retry-After, big answers, no answer", async (t) => {
  const CASES: {
    name: string;
    handler: (r: Request) => Response | Promise<Response>;
    error: RegExp;
    requests: number;
    retries?: number;
  }[] = [
    {
      name: "a redirect is not followed",
      handler: () => new Response(null, { status: 307, headers: { location: "http://127.0.0.1:9/steal" } }),
      error: /answered with a redirect \(HTTP 307\); credentials are not sent elsewhere/,
      requests: 1,
    },
    {
      name: "a Retry-After beyond the cap fails at once",
      handler: () => new Response("", { status: 429, headers: { "retry-after": "3600" } }),
      error: /asked to retry after 3600 s \(HTTP 429\); giving up/,
      requests: 1,
      retries: 3,
    },
    {
      name: "an answer over the size cap",
      handler: () => new Response("x".repeat(5000)),
      error: /larger than 1000 bytes/,
      requests: 1,
    },
    {
      name: "no answer within the time-out, retried then given up",
      handler: () => new Promise<Response>((r) => setTimeout(() => r(new Response("late")), 1500)),
      error: /no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.2 s, after 2 attempts/,
      requests: 2,
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, async () => {
      await using s = await serve(c.handler);
      await assert.rejects(
        () =>
          identityFetch("--auth client-secret", `${s.url}/token`, { method: "POST" }, {
            retries: c.retries ?? c.requests - 1,
            retryDelayMs: 1,
            timeoutMs: 200,
            maxBytes: 1000,
          }),
        (e: Error) =>
          e instanceof GraphAuthError && /^Cannot sign in with --auth client-secret: /.test(e.message) &&
          c.error.test(e.message),
      );
      assert.equal(s.requests, c.requests);
    });
  }
});

Deno.test("identity error text is one line, without Entra's trace tail, control characters or secrets", () => {
  registerSecret("leaky-secret-value-123");
  const reason = oauthErrorReason(401, {
    error: "invalid_client",
    error_codes: [7000215],
    error_description:
      "AADSTS7000215: Invalid client secret provided: leaky-secret-value-123\r\n\u001b[31mred\u001b[0m Trace ID: abc\r\nCorrelation ID: def",
  });
  assert.equal(
    reason,
    "AADSTS7000215: Invalid client secret provided: [redacted] [31mred [0m (invalid_client, HTTP 401)",
  );
  assert.equal(oneLine("a\u2028b\u202ec"), "a b c");
  assert.equal(oauthErrorReason(400, { error: "invalid_request" }), "invalid_request, HTTP 400");
  assert.equal(oauthErrorReason(502, undefined), "HTTP 502");
  assert.equal(
    oauthErrorReason(400, {
      error: "x",
      error_codes: [700024],
      error_description: "Client assertion is not within its valid time range.",
    }),
    "AADSTS700024: Client assertion is not within its valid time range. (x, HTTP 400)",
  );
});
