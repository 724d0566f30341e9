import assert from "node:assert/strict";
import type { GraphDataset } from "../sample/dataset.ts";
import { type GraphServerOptions, startGraphServer } from "./server.ts";

const DATASET: GraphDataset = JSON.parse(
  await Deno.readTextFile(new URL("../../testdata/graph/small_tenant.json", import.meta.url)),
);
const ofType = (t: string) =>
  DATASET.signIns.filter((s) => (s.signInEventTypes as string[]).includes(t)).map((s) => s.id);

async function withServer(options: Partial<GraphServerOptions>, body: (url: string) => Promise<void>) {
  const server = await startGraphServer({ dataset: DATASET, ...options });
  try {
    await body(server.url);
  } finally {
    await server.close();
  }
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

async function getAll(first: string, headers: Record<string, string> = {}) {
  const items: Record<string, unknown>[] = [];
  const links: string[] = [];
  let url: string | undefined = first;
  while (url) {
    const r = await get(url, headers);
    assert.equal(r.status, 200, r.text);
    const page = r.json();
    items.push(...page.value);
    url = page["@odata.nextLink"];
    if (url) links.push(url);
  }
  return { items, links };
}

Deno.test("the server answers each endpoint with Graph's collection shape and @odata.context", async (t) => {
  await withServer({}, async (base) => {
    const uid = DATASET.users[0]?.id as string;
    const CASES: [string, string, number][] = [
      ["/v1.0/users", "users", DATASET.users.length],
      ["/beta/users?$select=id,userPrincipalName", "users(id,userPrincipalName)", DATASET.users.length],
      [
        "/v1.0/reports/authenticationMethods/userRegistrationDetails",
        "reports/authenticationMethods/userRegistrationDetails",
        5,
      ],
      [`/v1.0/users/${uid}/authentication/methods`, `users('${uid}')/authentication/methods`, 3],
      ["/v1.0/identity/conditionalAccess/policies", "identity/conditionalAccess/policies", 2],
      ["/beta/auditLogs/signIns", "auditLogs/signIns", 9],
    ];
    for (const [path, context, count] of CASES) {
      await t.step(`${path} → #${context}, ${count} items`, async () => {
        const r = await get(`${base}${path}`);
        assert.equal(r.status, 200);
        assert.match(r.headers.get("content-type") ?? "", /^application\/json/);
        const body = r.json();
        const version = path.split("/")[1];
        assert.equal(body["@odata.context"], `${base}/${version}/$metadata#${context}`);
        assert.equal(body.value.length, count);
      });
    }
  });
});

Deno.test("sign-ins: v1.0 and beta without an event filter return interactive sign-ins only", async (t) => {
  await withServer({}, async (base) => {
    const ev = (type: string) => encodeURIComponent(`signInEventTypes/any(t: t eq '${type}')`);
    const CASES: [string, unknown[]][] = [
      ["/v1.0/auditLogs/signIns", ofType("interactiveUser")],
      ["/beta/auditLogs/signIns", ofType("interactiveUser")],
      [`/beta/auditLogs/signIns?$filter=${ev("nonInteractiveUser")}`, ofType("nonInteractiveUser")],
      [`/beta/auditLogs/signIns?$filter=${ev("servicePrincipal")}`, ofType("servicePrincipal")],
      [`/beta/auditLogs/signIns?$filter=${ev("managedIdentity")}`, ofType("managedIdentity")],
    ];
    for (const [path, want] of CASES) {
      await t.step(`${decodeURIComponent(path)} → ${want.length} sign-ins`, async () => {
        const { items } = await getAll(`${base}${path}`);
        assert.deepEqual(items.map((s) => s.id), want);
        assert.equal(want.length, 9);
      });
    }
    await t.step("the event filter on v1.0 is a 400 with a Graph error body", async () => {
      const r = await get(`${base}/v1.0/auditLogs/signIns?$filter=${ev("nonInteractiveUser")}`, {
        "client-request-id": "cid-1",
      });
      assert.equal(r.status, 400);
      const e = r.json().error;
      assert.equal(e.code, "BadRequest");
      assert.match(e.message, /signInEventTypes/);
      assert.equal(e.innerError["client-request-id"], "cid-1");
      assert.equal(e.innerError["request-id"], r.headers.get("request-id"));
      assert.equal(r.headers.get("client-request-id"), "cid-1");
      assert.match(e.innerError.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    });
  });
});

Deno.test("v1.0 leaves out beta-only fields; beta keeps them", async () => {
  await withServer({}, async (base) => {
    const v1 = (await get(`${base}/v1.0/auditLogs/signIns`)).json().value[0];
    const beta = (await get(`${base}/beta/auditLogs/signIns`)).json().value[0];
    assert.equal(v1.id, beta.id);
    for (const k of ["signInEventTypes", "authenticationRequirement", "tokenIssuerType", "userType"]) {
      assert.equal(k in v1, false, k);
      assert.equal(k in beta, true, k);
    }
    assert.deepEqual(v1.status, beta.status);
    const r1 =
      (await get(`${base}/v1.0/reports/authenticationMethods/userRegistrationDetails`)).json().value[0];
    const rb =
      (await get(`${base}/beta/reports/authenticationMethods/userRegistrationDetails`)).json().value[0];
    assert.equal("defaultMfaMethod" in r1, false);
    assert.equal(rb.defaultMfaMethod, "microsoftAuthenticatorPush");
  });
});

Deno.test("paging uses opaque $skiptoken links without braces and honours $top", async () => {
  await withServer({ pageSize: 4 }, async (base) => {
    const { items, links } = await getAll(`${base}/beta/users?$top=2&$select=id`);
    assert.deepEqual(items.map((u) => u.id), DATASET.users.map((u) => u.id));
    assert.equal(links.length, 2); // 5 users, 2 per page → 3 pages
    for (const l of links) {
      assert.match(l, /^http:\/\/127\.0\.0\.1:\d+\/beta\/users\?\$skiptoken=[A-Za-z0-9_-]+$/);
      assert.equal(/[{}]/.test(l), false);
    }
    const capped = await getAll(`${base}/v1.0/users?$top=999`);
    assert.equal(capped.links.length, 1); // the server's pageSize (4) caps $top
  });
});

Deno.test("the server rejects what Graph rejects, Graph-style", async (t) => {
  await withServer({}, async (base) => {
    const CASES: [string, number, string, RegExp][] = [
      ["/v1.0/groups", 404, "Request_ResourceNotFound", /segment 'groups'/],
      ["/v2/users", 404, "Request_ResourceNotFound", /version/],
      [
        "/v1.0/users/nobody@contoso.example/authentication/methods",
        404,
        "Request_ResourceNotFound",
        /nobody/,
      ],
      ["/beta/auditLogs/signIns?$top=1001", 400, "BadRequest", /between 1 and 1000/],
      ["/v1.0/users?$top=abc", 400, "BadRequest", /\$top/],
      ["/v1.0/users?$skiptoken={bad}", 400, "BadRequest", /skiptoken/],
      ["/v1.0/users?$orderby=displayName", 400, "BadRequest", /\$orderby/],
      [
        "/v1.0/users?$filter=userPrincipalName eq 'a' or id eq 'b'",
        400,
        "BadRequest",
        /Invalid filter clause/,
      ],
      [
        "/v1.0/identity/conditionalAccess/policies?$filter=state eq 'enabled'",
        400,
        "BadRequest",
        /not supported/,
      ],
    ];
    for (const [path, status, code, message] of CASES) {
      await t.step(`${path} → ${status} ${code}`, async () => {
        const r = await get(`${base}${path}`);
        assert.equal(r.status, status);
        const e = r.json().error;
        assert.equal(e.code, code);
        assert.match(e.message, message);
        assert.match(r.headers.get("request-id") ?? "", /^[0-9a-f-]{36}$/);
      });
    }
  });
});

Deno.test("authentication methods resolve by id and by UPN, quotes included", async () => {
  await withServer({}, async (base) => {
    const obrien = DATASET.users.find((u) => u.userPrincipalName === "o'brien@contoso.example");
    assert.ok(obrien);
    const byUpn = await get(
      `${base}/v1.0/users/${encodeURIComponent("o'brien@contoso.example")}/authentication/methods`,
    );
    const byId = await get(`${base}/v1.0/users/${obrien.id}/authentication/methods`);
    assert.deepEqual(byUpn.json().value, DATASET.authenticationMethods[obrien.id as string]);
    assert.deepEqual(byId.json().value, byUpn.json().value);
  });
});

Deno.test("licence, CA visibility, token and throttling switches behave like Graph", async (t) => {
  await t.step(
    "premium: false → 403 licence on sign-ins and registration details, users still served",
    async () => {
      await withServer({ premium: false }, async (base) => {
        for (
          const p of [
            "/beta/auditLogs/signIns",
            "/v1.0/reports/authenticationMethods/userRegistrationDetails",
          ]
        ) {
          const r = await get(`${base}${p}`);
          assert.equal(r.status, 403);
          assert.equal(
            r.json().error.message,
            "Neither tenant is B2C or tenant doesn't have premium license",
          );
        }
        assert.equal((await get(`${base}/v1.0/users`)).status, 200);
      });
    },
  );
  await t.step("caVisible: false → appliedConditionalAccessPolicies left out, status kept", async () => {
    await withServer({ caVisible: false }, async (base) => {
      const { items } = await getAll(`${base}/beta/auditLogs/signIns`);
      assert.equal(items.length, 9);
      for (const s of items) {
        assert.equal(Object.hasOwn(s, "appliedConditionalAccessPolicies"), false);
        assert.equal(typeof s.conditionalAccessStatus, "string");
      }
    });
  });
  await t.step("token: missing or wrong → 401 InvalidAuthenticationToken, right → 200", async () => {
    await withServer({ token: "tok-1" }, async (base) => {
      const none = await get(`${base}/v1.0/users`);
      const wrong = await get(`${base}/v1.0/users`, { authorization: "Bearer tok-2" });
      const right = await get(`${base}/v1.0/users`, { authorization: "Bearer tok-1" });
      assert.deepEqual([none.status, wrong.status, right.status], [401, 401, 200]);
      assert.equal(none.json().error.code, "InvalidAuthenticationToken");
      assert.equal(wrong.json().error.code, "InvalidAuthenticationToken");
    });
  });
  await t.step("throttle: the 3rd request in the window gets 429 with Retry-After", async () => {
    await withServer({ throttle: { requests: 2, windowMs: 60_000 } }, async (base) => {
      const statuses = [];
      let last;
      for (let i = 0; i < 3; i++) {
        last = await get(`${base}/v1.0/users`);
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
      assert.equal(last?.json().error.code, "TooManyRequests");
      assert.equal(last?.headers.get("retry-after"), "60");
    });
  });
});

Deno.test("injected faults break responses the way networks and Graph do", async (t) => {
  const CASES = [
    { kind: "serviceUnavailable" as const, status: 503, code: "ServiceUnavailable" },
    { kind: "gatewayTimeout" as const, status: 504, code: "GatewayTimeout" },
    { kind: "throttled" as const, status: 429, code: "TooManyRequests" },
    { kind: "tokenExpired" as const, status: 401, code: "InvalidAuthenticationToken" },
    { kind: "accessDenied" as const, status: 403, code: "Authorization_RequestDenied" },
    {
      kind: "licenceRequired" as const,
      status: 403,
      code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.kind} → ${c.status} ${c.code}`, async () => {
      await withServer({ faults: [{ request: 2, fault: { kind: c.kind } }] }, async (base) => {
        assert.equal((await get(`${base}/v1.0/users`)).status, 200);
        const r = await get(`${base}/v1.0/users`);
        assert.equal(r.status, c.status);
        assert.equal(r.json().error.code, c.code);
        if (c.status !== 401 && c.status !== 403) assert.equal(r.headers.get("retry-after"), "1");
        assert.equal((await get(`${base}/v1.0/users`)).status, 200);
      });
    });
  }
  await t.step("truncatedJson → a 200 whose body is cut short", async () => {
    await withServer({ faults: () => ({ kind: "truncatedJson" }) }, async (base) => {
      const r = await get(`${base}/v1.0/users`);
      assert.equal(r.status, 200);
      assert.throws(() => JSON.parse(r.text), SyntaxError);
    });
  });
  await t.step("connectionReset → the body cannot be read to the end", async () => {
    await withServer({ faults: [{ request: 1, fault: { kind: "connectionReset" } }] }, async (base) => {
      const res = await fetch(`${base}/v1.0/users`);
      assert.equal(res.status, 200);
      await assert.rejects(() => res.arrayBuffer());
    });
  });
});
