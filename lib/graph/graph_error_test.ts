import assert from "node:assert/strict";
import { GraphError } from "../errors.ts";
import {
  classifyGraphFailure,
  type GraphErrorDetails,
  type GraphErrorKind,
  graphErrorMessage,
  type GraphFailure,
} from "./graph_error.ts";

const LICENCE = "Neither tenant is B2C or tenant doesn't have premium license";

Deno.test("classifyGraphFailure() maps status and code to an actionable kind", async (t) => {
  const CASES: [GraphFailure, GraphErrorKind][] = [
    [
      { status: 403, code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant", message: LICENCE },
      "licenceRequired",
    ],
    [{ status: 403, message: LICENCE }, "licenceRequired"],
    [
      { status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges" },
      "permissionDenied",
    ],
    [{ status: 403 }, "permissionDenied"],
    [{ status: 401, code: "InvalidAuthenticationToken" }, "unauthenticated"],
    [{ status: 429 }, "throttled"],
    [{ status: 400, code: "BadRequest" }, "badRequest"],
    [{ status: 404 }, "notFound"],
    [{ status: 503 }, "serverError"],
    [{ status: 0 }, "network"],
    [{ status: 200 }, "invalidResponse"],
    [{ status: 302 }, "unknown"],
  ];
  for (const [f, want] of CASES) {
    await t.step(`${f.status} ${f.code ?? ""} → ${want}`, () => assert.equal(classifyGraphFailure(f), want));
  }
});

Deno.test("graphErrorMessage() tells the user what to do", async (t) => {
  const ids = { requestId: "req-1", clientRequestId: "cli-1" };
  const CASES: { d: GraphErrorDetails; has: RegExp[] }[] = [
    {
      d: { endpoint: "signIns", status: 403, message: LICENCE, ...ids },
      has: [/^Cannot read sign-ins/, /Entra ID P1 or P2/, /--from FILE/, /premium license/],
    },
    {
      d: { endpoint: "registrationDetails", status: 403, message: LICENCE, ...ids },
      has: [/Entra ID P1 or P2/, /--source per-user-methods/],
    },
    {
      d: { endpoint: "signIns", status: 403, code: "Authorization_RequestDenied", ...ids },
      has: [/AuditLog\.Read\.All/],
    },
    {
      d: { endpoint: "registrationDetails", status: 403, code: "Authorization_RequestDenied" },
      has: [/AuditLog\.Read\.All/],
    },
    { d: { endpoint: "conditionalAccessPolicies", status: 403, ...ids }, has: [/Policy\.Read\.All/] },
    {
      d: { endpoint: "authenticationMethods", status: 403, ...ids },
      has: [/UserAuthenticationMethod\.Read\.All/],
    },
    { d: { endpoint: "users", status: 403, ...ids }, has: [/User\.Read\.All/] },
    {
      d: { endpoint: "users", status: 401, code: "InvalidAuthenticationToken", ...ids },
      has: [/invalid or expired/],
    },
    { d: { endpoint: "signIns", status: 429, attempts: 4, ...ids }, has: [/after 4 attempt/, /--budget/] },
    {
      d: { endpoint: "signIns", status: 0, attempts: 4, detail: "TypeError: reset" },
      has: [/connection failed after 4/],
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.d.endpoint} ${c.d.status} ${c.d.code ?? ""}`, () => {
      const m = graphErrorMessage(c.d);
      for (const re of c.has) assert.match(m, re);
      assert.equal(m.includes("\n"), false);
      if (c.d.requestId) assert.match(m, /\(request-id req-1, client-request-id cli-1\)$/);
    });
  }
});

Deno.test("GraphError carries status, code and both request ids", () => {
  const e = new GraphError({
    endpoint: "conditionalAccessPolicies",
    status: 403,
    code: "Authorization_RequestDenied",
    requestId: "r",
    clientRequestId: "c",
  });
  assert.ok(e instanceof Error);
  assert.equal(e.name, "GraphError");
  assert.equal(e.kind, "permissionDenied");
  assert.equal(e.code, "Authorization_RequestDenied");
  assert.equal(e.requestId, "r");
  assert.equal(e.clientRequestId, "c");
  assert.equal(e.permission, "Policy.Read.All");
});
