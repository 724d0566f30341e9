import assert from "node:assert/strict";
import { type FilterRules, parseFilter } from "./filter.ts";

const RULES: FilterRules = {
  eq: ["userId", "appId", "userPrincipalName", "isMfaRegistered", "status/errorCode"],
  startsWith: ["userPrincipalName"],
  range: ["createdDateTime"],
  any: ["signInEventTypes"],
};

const ROWS = [
  {
    id: "a",
    userPrincipalName: "o'brien@contoso.example",
    userId: "u1",
    appId: "app1",
    createdDateTime: "2026-11-01T00:00:00Z",
    isMfaRegistered: false,
    signInEventTypes: ["interactiveUser"],
    status: { errorCode: 0 },
  },
  {
    id: "b",
    userPrincipalName: "adele@contoso.example",
    userId: "u2",
    appId: "app1",
    createdDateTime: "2026-11-02T12:00:00Z",
    isMfaRegistered: true,
    signInEventTypes: ["nonInteractiveUser"],
    status: { errorCode: 50074 },
  },
  {
    id: "c",
    userPrincipalName: "ADELE.V@contoso.example",
    userId: "u3",
    appId: "app2",
    createdDateTime: "2026-11-03T00:00:00Z",
    isMfaRegistered: false,
    signInEventTypes: ["interactiveUser"],
    status: { errorCode: 0 },
  },
];

Deno.test("parseFilter() selects the rows each supported form describes", async (t) => {
  const CASES: [string, string[]][] = [
    ["createdDateTime ge 2026-11-02T00:00:00Z", ["b", "c"]],
    ["createdDateTime gt 2026-11-01T00:00:00Z and createdDateTime lt 2026-11-03T00:00:00Z", ["b"]],
    ["createdDateTime le 2026-11-02T12:00:00Z", ["a", "b"]],
    ["createdDateTime ge 2026-11-01T01:00:00+01:00", ["a", "b", "c"]],
    ["signInEventTypes/any(t: t eq 'interactiveUser')", ["a", "c"]],
    ["signInEventTypes/any(x:x eq 'nonInteractiveUser') and appId eq 'app1'", ["b"]],
    ["userPrincipalName eq 'o''brien@contoso.example'", ["a"]],
    ["startsWith(userPrincipalName, 'adele')", ["b", "c"]],
    ["startsWith(userPrincipalName,'O''B')", ["a"]],
    ["isMfaRegistered eq false", ["a", "c"]],
    ["isMfaRegistered eq true and userId eq 'u2'", ["b"]],
    ["status/errorCode eq 0", ["a", "c"]],
    ["userId ne 'u1'", ["b", "c"]],
    ["userPrincipalName eq 'x'' or userId eq ''u1'", []],
  ];
  for (const [filter, want] of CASES) {
    await t.step(`${filter} → ${want.join(",") || "none"}`, () => {
      const r = parseFilter(filter, RULES);
      assert.equal(r.kind, "ok", r.kind === "error" ? r.message : "");
      if (r.kind === "ok") assert.deepEqual(ROWS.filter(r.filter.matches).map((x) => x.id), want);
    });
  }
});

Deno.test("parseFilter() rejects forms it does not support, with a reason", async (t) => {
  const CASES: [string, RegExp][] = [
    ["displayName eq 'x'", /eq is not supported on displayName/],
    ["userId eq 'u1' or userId eq 'u2'", /expected "and"/],
    ["startsWith(appId, 'a')", /startsWith is not supported on appId/],
    ["methodsRegistered/any(m: m eq 'sms')", /any\(\) is not supported on methodsRegistered/],
    ["signInEventTypes/any(t: x eq 'a')", /signInEventTypes\/any/],
    ["createdDateTime ge 'yesterday'", /expected a date\/time value/],
    ["userId gt 'a'", /gt is not supported on userId/],
    ["userPrincipalName eq 'unterminated", /unterminated string/],
    ["userId eq", /expected a value/],
    ["", /expected a property/],
  ];
  for (const [filter, error] of CASES) {
    await t.step(`${JSON.stringify(filter)} → ${error.source}`, () => {
      const r = parseFilter(filter, RULES);
      assert.equal(r.kind, "error");
      if (r.kind === "error") assert.match(r.message, error);
    });
  }
});

Deno.test("parseFilter() reports the date bounds every match lies within", async (t) => {
  const D = (s: string) => Date.parse(s);
  const CASES: [string, Record<string, { min: number; max: number }>][] = [
    ["userId eq 'u1'", {}],
    [
      "createdDateTime ge 2026-11-01T00:00:00Z and createdDateTime lt 2026-11-02T00:00:00Z",
      { createdDateTime: { min: D("2026-11-01T00:00:00Z"), max: D("2026-11-02T00:00:00Z") } },
    ],
    ["createdDateTime gt 2026-11-01T00:00:00Z", {
      createdDateTime: { min: D("2026-11-01T00:00:00Z"), max: Infinity },
    }],
    ["createdDateTime le 2026-11-01T00:00:00Z", {
      createdDateTime: { min: -Infinity, max: D("2026-11-01T00:00:00Z") },
    }],
    [
      "createdDateTime eq 2026-11-01T00:00:00Z",
      { createdDateTime: { min: D("2026-11-01T00:00:00Z"), max: D("2026-11-01T00:00:00Z") } },
    ],
    ["createdDateTime ne 2026-11-01T00:00:00Z", {}],
  ];
  for (const [filter, want] of CASES) {
    await t.step(filter, () => {
      const r = parseFilter(filter, RULES);
      assert.ok(r.kind === "ok");
      assert.deepEqual(r.filter.dateBounds, want);
    });
  }
});
