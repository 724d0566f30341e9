import assert from "node:assert/strict";
import type { GraphDataset, GraphObject } from "../../dev/sample/dataset.ts";
import { type GraphServer, type GraphServerOptions, startGraphServer } from "../../dev/graph_server/mod.ts";
import { createGraphClient, type GraphClient, type GraphClientConfig } from "./client.ts";
import {
  listAuthenticationMethods,
  listConditionalAccessPolicies,
  listRegistrationDetails,
  listSignIns,
  listUsers,
} from "./endpoints.ts";
import { GraphAuthError, GraphError } from "../errors.ts";
import { eqFilter } from "./odata_filter.ts";
import { graphClientSettingsFromOptions } from "../options/graph.ts";
import { getGraphJson, type GraphItem } from "./request.ts";

const SMALL: GraphDataset = JSON.parse(
  await Deno.readTextFile(new URL("../../testdata/graph/small_tenant.json", import.meta.url)),
);

/** `n` interactive sign-ins with ids s0…s(n-1), newest first. */
function manySignIns(n: number): GraphDataset {
  const signIns: GraphObject[] = Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    createdDateTime: new Date(Date.UTC(2026, 10, 20) - i * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    userId: "00000000-0000-4000-8000-000000000001",
    userPrincipalName: "adele.vance@contoso.example",
    conditionalAccessStatus: "notApplied",
    appliedConditionalAccessPolicies: [],
    isInteractive: true,
    signInEventTypes: ["interactiveUser"],
    status: { errorCode: 0 },
  }));
  return { ...SMALL, signIns };
}

async function setup(
  server: Partial<GraphServerOptions>,
  client: Partial<GraphClientConfig> = {},
): Promise<{ server: GraphServer; client: GraphClient; [Symbol.asyncDispose](): Promise<void> }> {
  const s = await startGraphServer({ dataset: SMALL, ...server });
  const c = await createGraphClient({
    auth: { kind: "token", token: "tok-1" },
    graphUrl: s.url,
    budget: false,
    transientRetryDelayMs: 1,
    ...client,
  });
  return { server: s, client: c, [Symbol.asyncDispose]: () => s.close() };
}

async function collect(it: AsyncIterable<GraphItem>): Promise<GraphItem[]> {
  const out: GraphItem[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function rejectsWith(it: AsyncIterable<GraphItem>): Promise<GraphError> {
  try {
    await collect(it);
  } catch (e) {
    assert.ok(e instanceof GraphError, String(e));
    return e;
  }
  throw new assert.AssertionError({ message: "expected a GraphError" });
}

Deno.test("listSignIns() pages 2,345 sign-ins in 24 pages, resending headers on every page", async () => {
  await using t = await setup({ dataset: manySignIns(2345), pageSize: 100, token: "tok-1" });
  const got = await collect(
    listSignIns(t.client, { from: new Date("2026-11-01T00:00:00Z"), eventType: "interactiveUser" }),
  );
  assert.deepEqual(got.map((s) => s.id), Array.from({ length: 2345 }, (_, i) => `s${i}`));
  const rec = t.server.stats.recorded;
  assert.equal(rec.length, 24);
  for (const r of rec) {
    assert.equal(r.headers["prefer"], "include-unknown-enum-members", r.url);
    assert.equal(r.headers["authorization"], "Bearer tok-1", r.url);
    assert.equal(r.status, 200);
  }
  assert.equal(new Set(rec.map((r) => r.headers["client-request-id"])).size, 24);
  const first = new URL(rec[0]?.url ?? "");
  assert.equal(first.pathname, "/beta/auditLogs/signIns");
  assert.equal(
    first.searchParams.get("$filter"),
    "createdDateTime ge 2026-11-01T00:00:00Z and signInEventTypes/any(t: t eq 'interactiveUser')",
  );
  assert.equal(t.client.stats.requests, 24);
  assert.ok(t.client.stats.bytes > 0);
});

Deno.test("injected faults are retried and counted, with no sign-in lost or repeated", async () => {
  const faults = [
    { request: 3, fault: { kind: "serviceUnavailable" as const, retryAfterSeconds: 0 } },
    { request: 7, fault: { kind: "gatewayTimeout" as const, retryAfterSeconds: 0 } },
    { request: 11, fault: { kind: "throttled" as const, retryAfterSeconds: 0 } },
    { request: 15, fault: { kind: "connectionReset" as const } },
    { request: 19, fault: { kind: "truncatedJson" as const } },
  ];
  await using t = await setup({ dataset: manySignIns(2000), pageSize: 100, faults });
  const got = await collect(listSignIns(t.client));
  assert.deepEqual(got.map((s) => s.id), Array.from({ length: 2000 }, (_, i) => `s${i}`));
  assert.equal(t.server.stats.faults, 5);
  assert.equal(t.client.stats.retries, 5);
  assert.equal(t.client.stats.throttled, 1);
  assert.equal(t.client.stats.requests, 25); // 20 pages + 5 retries
  assert.equal(t.server.stats.requests, 25);
});

Deno.test("a 429's Retry-After is honoured before the retry", async () => {
  await using t = await setup({
    faults: [{ request: 1, fault: { kind: "throttled", retryAfterSeconds: 1 } }],
  });
  const got = await collect(listUsers(t.client));
  assert.equal(got.length, SMALL.users.length);
  const [first, second] = t.server.stats.recorded;
  assert.equal(first?.status, 429);
  assert.equal(second?.status, 200);
  assert.ok(
    (second?.at ?? 0) - (first?.at ?? 0) >= 950,
    `retried after ${(second?.at ?? 0) - (first?.at ?? 0)} ms`,
  );
  assert.equal(second?.headers["retry-attempt"], "1");
});

Deno.test("faults that retrying cannot fix become one-line GraphErrors naming the fix", async (t) => {
  const always = (kind: "throttled" | "serviceUnavailable" | "connectionReset" | "truncatedJson") => () => ({
    kind,
    retryAfterSeconds: 0,
  });
  const CASES: {
    name: string;
    server: Partial<GraphServerOptions>;
    run: (c: GraphClient) => AsyncIterable<GraphItem>;
    kind: GraphError["kind"];
    status: number;
    message: RegExp[];
  }[] = [
    {
      name: "no P1/P2, registration report",
      server: { premium: false },
      run: (c) => listRegistrationDetails(c),
      kind: "licenceRequired",
      status: 403,
      message: [/Entra ID P1 or P2/, /--source per-user-methods/],
    },
    {
      name: "no P1/P2, sign-ins",
      server: { premium: false },
      run: (c) => listSignIns(c),
      kind: "licenceRequired",
      status: 403,
      message: [/Entra ID P1 or P2/, /--from FILE/],
    },
    {
      name: "access denied on sign-ins",
      server: { faults: () => ({ kind: "accessDenied" }) },
      run: (c) => listSignIns(c),
      kind: "permissionDenied",
      status: 403,
      message: [/AuditLog\.Read\.All/],
    },
    {
      name: "access denied on CA policies",
      server: { faults: () => ({ kind: "accessDenied" }) },
      run: (c) => listConditionalAccessPolicies(c),
      kind: "permissionDenied",
      status: 403,
      message: [/Policy\.Read\.All/],
    },
    {
      name: "access denied on methods",
      server: { faults: () => ({ kind: "accessDenied" }) },
      run: (c) => listAuthenticationMethods(c, "00000000-0000-4000-8000-000000000001"),
      kind: "permissionDenied",
      status: 403,
      message: [/UserAuthenticationMethod\.Read\.All/],
    },
    {
      name: "access denied on users",
      server: { faults: () => ({ kind: "accessDenied" }) },
      run: (c) => listUsers(c),
      kind: "permissionDenied",
      status: 403,
      message: [/User\.Read\.All/],
    },
    {
      name: "expired token",
      server: { faults: () => ({ kind: "tokenExpired" }) },
      run: (c) => listUsers(c),
      kind: "unauthenticated",
      status: 401,
      message: [/invalid or expired/],
    },
    {
      name: "wrong token",
      server: { token: "another-token" },
      run: (c) => listUsers(c),
      kind: "unauthenticated",
      status: 401,
      message: [/invalid or expired/],
    },
    {
      name: "throttled beyond the retries",
      server: { faults: always("throttled") },
      run: (c) => listUsers(c),
      kind: "throttled",
      status: 429,
      message: [/after 4 attempt/],
    },
    {
      name: "503 beyond the retries",
      server: { faults: always("serviceUnavailable") },
      run: (c) => listUsers(c),
      kind: "serverError",
      status: 503,
      message: [/HTTP 503 after 4 attempt/],
    },
    {
      name: "connection reset every time",
      server: { faults: always("connectionReset") },
      run: (c) => listUsers(c),
      kind: "network",
      status: 0,
      message: [/connection failed after 4 attempt/],
    },
    {
      name: "truncated JSON every time",
      server: { faults: always("truncatedJson") },
      run: (c) => listUsers(c),
      kind: "invalidResponse",
      status: 200,
      message: [/not valid JSON/, /after 4 attempts/],
    },
    {
      name: "unknown user",
      server: {},
      run: (c) => listAuthenticationMethods(c, "nobody@contoso.example"),
      kind: "notFound",
      status: 404,
      message: [/does not exist/],
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.name} → ${c.kind}`, async () => {
      await using s = await setup(c.server, { auth: { kind: "token", token: "tok-SECRET-1" } });
      const e = await rejectsWith(c.run(s.client));
      assert.equal(e.kind, c.kind);
      assert.equal(e.status, c.status);
      for (const re of c.message) assert.match(e.message, re);
      assert.equal(e.message.includes("tok-SECRET-1"), false);
      assert.equal(e.message.includes("\n"), false);
      const last = s.server.stats.recorded.at(-1);
      assert.equal(e.clientRequestId, last?.headers["client-request-id"]);
      if (c.status >= 400) {
        assert.equal(e.requestId, last?.requestId);
        assert.ok(e.message.includes(`request-id ${last?.requestId}`));
      }
    });
  }
});

Deno.test("filter values with quotes are escaped and round-trip", async (t) => {
  await using s = await setup({});
  const CASES: [string, () => AsyncIterable<GraphItem>, string[]][] = [
    ["UPN prefix o'brien on /users", () => listUsers(s.client, { upnStartsWith: "o'brien" }), [
      "o'brien@contoso.example",
    ]],
    [
      "UPN eq o'brien on registration details",
      () =>
        listRegistrationDetails(s.client, {
          filter: eqFilter("userPrincipalName", "o'brien@contoso.example"),
        }),
      ["o'brien@contoso.example"],
    ],
    [
      "an injection attempt matches nothing",
      () =>
        listRegistrationDetails(s.client, {
          filter: eqFilter("userPrincipalName", "x' or userPrincipalName eq 'adele.vance@contoso.example"),
        }),
      [],
    ],
    ["methods for o'brien by UPN", () => listAuthenticationMethods(s.client, "o'brien@contoso.example"), []],
    [
      "not MFA-registered users",
      () => listRegistrationDetails(s.client, { mfaRegistered: false }),
      [
        "o'brien@contoso.example",
        "guest_fabrikam.example#EXT#@contoso.example",
        "svc.backup@contoso.example",
      ],
    ],
  ];
  for (const [name, run, want] of CASES) {
    await t.step(name, async () => {
      const got = await collect(run());
      if (name.startsWith("methods")) {
        // o'brien (not MFA-registered) has only a password method in the fixture.
        assert.deepEqual(got.map((m) => m["@odata.type"]), ["#microsoft.graph.passwordAuthenticationMethod"]);
      } else {
        assert.deepEqual(got.map((x) => x.userPrincipalName), want);
      }
    });
  }
});

Deno.test("registration details come from beta only when defaultMfaMethod is wanted", async () => {
  await using s = await setup({});
  const v1 = await collect(listRegistrationDetails(s.client));
  const beta = await collect(listRegistrationDetails(s.client, { includeDefaultMfaMethod: true }));
  assert.equal(v1.some((r) => "defaultMfaMethod" in r), false);
  assert.equal(beta.every((r) => typeof r.defaultMfaMethod === "string"), true);
  assert.deepEqual(s.server.stats.recorded.map((r) => new URL(r.url).pathname.split("/")[1]), [
    "v1.0",
    "beta",
  ]);
});

Deno.test("the token goes only to the exact origin the user chose (scheme, host and port)", async (t) => {
  // A second server on the same host, another port, stands for a port nobody chose (issue #14
  // item 1: the host allow-list ignores the port); "localhost" for a host nobody chose.
  const seen: (string | null)[] = [];
  const other = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    seen.push(req.headers.get("authorization"));
    return Response.json({ value: [{ id: "injected" }] });
  });
  const otherUrl = `http://127.0.0.1:${other.addr.port}`;
  const rogue = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    seen.push(`rogue:${req.headers.get("authorization")}`);
    return Response.json({ value: [{ id: "1" }], "@odata.nextLink": `${otherUrl}/v1.0/users?$skiptoken=x` });
  });
  try {
    const client = await createGraphClient({
      auth: { kind: "token", token: "tok-1" },
      graphUrl: `http://127.0.0.1:${rogue.addr.port}`,
      budget: false,
    });
    await t.step("a nextLink to another port is refused before any request", async () => {
      const e = await rejectsWith(listUsers(client));
      assert.match(
        e.message,
        /refused: @odata\.nextLink points to http:\/\/127\.0\.0\.1:\d+, not the Graph origin/,
      );
      assert.deepEqual(seen, ["rogue:Bearer tok-1"]);
    });
    for (const url of [`${otherUrl}/v1.0/users`, `http://localhost:${rogue.addr.port}/v1.0/users`]) {
      await t.step(`a URL off the origin (${url.replace(/\d{4,5}/, "PORT")}) is never sent`, async () => {
        seen.length = 0;
        await assert.rejects(
          getGraphJson(client, { version: "v1.0", path: "/users" }, url),
          (x) => x instanceof GraphError && x.refused && /off the Graph origin/.test(x.message),
        );
        assert.deepEqual(seen, []);
      });
    }
    await t.step("the global cloud's client never sends to a local URL", async () => {
      const global = await createGraphClient({ auth: { kind: "token", token: "tok-1" }, budget: false });
      seen.length = 0;
      await assert.rejects(
        getGraphJson(global, { version: "v1.0", path: "/users" }, `${otherUrl}/v1.0/users`),
        (x) => x instanceof GraphError && x.refused,
      );
      assert.deepEqual(seen, []);
    });
  } finally {
    await other.shutdown();
    await rogue.shutdown();
  }
});

Deno.test("GRAPH_ACCESS_TOKEN from the environment is sent as a bearer token to the local server", async () => {
  const server = await startGraphServer({ dataset: SMALL, token: "env-token-1" });
  try {
    const config = graphClientSettingsFromOptions({}, {
      GRAPH_ACCESS_TOKEN: "env-token-1",
      GRAPH_BASE_URL: server.url,
    });
    const client = await createGraphClient(config);
    const policies = await collect(listConditionalAccessPolicies(client));
    assert.deepEqual(policies.map((p) => p.id), SMALL.conditionalAccessPolicies.map((p) => p.id));
    assert.equal(server.stats.recorded[0]?.headers["authorization"], "Bearer env-token-1");
  } finally {
    await server.close();
  }
});

Deno.test("the request budget keeps reports requests inside the server's throttle window", async () => {
  // The server throttles at 3 per 250 ms; the client allows itself 3 per 300 ms (retries included).
  await using t = await setup(
    {
      dataset: manySignIns(900),
      pageSize: 100,
      throttle: { requests: 3, windowMs: 250, retryAfterSeconds: 5 },
      faults: [{ request: 2, fault: { kind: "serviceUnavailable", retryAfterSeconds: 0 } }],
    },
    { budget: { requests: 3, windowMs: 300 } },
  );
  const got = await collect(listSignIns(t.client));
  assert.equal(got.length, 900);
  assert.equal(t.server.stats.throttled, 0);
  const at = t.server.stats.recorded.map((r) => r.at);
  assert.equal(at.length, 10); // 9 pages + 1 retry of the 503
  for (let i = 3; i < at.length; i++) {
    assert.ok((at[i] as number) - (at[i - 3] as number) >= 250, `request ${i + 1}`);
  }
  assert.equal(t.client.budget?.stats.granted, 10);
  // /users is not in the reports family: not budgeted.
  await collect(listUsers(t.client));
  assert.equal(t.client.budget?.stats.granted, 10);
});

Deno.test("a 429's Retry-After pauses the whole reports family, not only the request that got it", async () => {
  await using t = await setup(
    {
      dataset: manySignIns(10),
      faults: [{ request: 1, fault: { kind: "throttled", retryAfterSeconds: 0.4 } }],
    },
    { budget: { requests: 100, windowMs: 1000 }, maxRetries: 0 },
  );
  const req = { version: "beta", path: "/auditLogs/signIns" } as const;
  await assert.rejects(
    getGraphJson(t.client, req),
    (e) => e instanceof GraphError && e.status === 429 && e.retryAfterMs === 400,
  );
  // /users is outside the family: sent at once. The next sign-ins request waits for the pause.
  await collect(listUsers(t.client));
  await getGraphJson(t.client, {
    version: "v1.0",
    path: "/reports/authenticationMethods/userRegistrationDetails",
  });
  const [throttled, users, reports] = t.server.stats.recorded;
  assert.equal(throttled?.status, 429);
  assert.ok((users?.at ?? 0) - (throttled?.at ?? 0) < 300, "users not held");
  assert.ok(
    (reports?.at ?? 0) - (throttled?.at ?? 0) >= 380,
    `held ${(reports?.at ?? 0) - (throttled?.at ?? 0)} ms`,
  );
  assert.equal(t.client.budget?.stats.pauses, 1);
});

Deno.test("stopping early leaves no request in flight and reads at most one page ahead", async () => {
  await using t = await setup({ dataset: manySignIns(1000), pageSize: 100 });
  let n = 0;
  for await (const _ of listSignIns(t.client)) {
    if (++n === 150) break;
  }
  assert.ok(t.server.stats.requests <= 3, `requests ${t.server.stats.requests}`);
});

Deno.test("a sign-in failure is reported once, not retried, and nothing reaches the server", async () => {
  let calls = 0;
  await using t = await setup({}, {
    auth: { kind: "client-secret", tenantId: "t", clientId: "c", clientSecret: "SECRET-7" },
    authOptions: {
      tokenSource: () => () => {
        calls++;
        return Promise.reject(new Error("AADSTS700016: Application not found (secret SECRET-7)"));
      },
    },
  });
  await assert.rejects(
    () => collect(listUsers(t.client)),
    (e: Error) =>
      e instanceof GraphAuthError &&
      /^Cannot get a Graph token for 127\.0\.0\.1:\d+: AADSTS700016/.test(e.message) &&
      !e.message.includes("SECRET-7"),
  );
  assert.equal(calls, 1);
  assert.equal(t.server.stats.requests, 0);
});
