import assert from "node:assert/strict";
import {
  classifyCrossTenantAccessType,
  classifyTenancy,
  type CrossTenantAccess,
  isCrossTenant,
  isCrossTenantAccessType,
  labelCrossTenantAccessType,
} from "./cross_tenant.ts";

const known = (flags: string[], unknownParts: string[] = []) =>
  ({ kind: "known", flags, unknownParts }) as CrossTenantAccess;

const CASES: { name: string; input: unknown; expected: CrossTenantAccess }[] = [
  { name: "none", input: "none", expected: known(["none"]) },
  { name: "single flag", input: "b2bDirectConnect", expected: known(["b2bDirectConnect"]) },
  {
    name: "comma-joined flags (Graph order kept)",
    input: "microsoftSupport,b2bCollaboration",
    expected: known(["b2bCollaboration", "microsoftSupport"]),
  },
  {
    name: "spaces after commas",
    input: "b2bCollaboration, serviceProvider",
    expected: known(["b2bCollaboration", "serviceProvider"]),
  },
  { name: "none dropped next to a flag", input: "none,passthrough", expected: known(["passthrough"]) },
  { name: "portal label", input: "B2B collaboration", expected: known(["b2bCollaboration"]) },
  { name: "number 0", input: 0, expected: known(["none"]) },
  { name: "number 5 = 1 + 4", input: 5, expected: known(["b2bCollaboration", "microsoftSupport"]) },
  { name: "numeric string 40 = 8 + 32", input: "40", expected: known(["serviceProvider", "passthrough"]) },
  { name: "sentinel bit with a flag", input: 17, expected: known(["b2bCollaboration"], ["16"]) },
  { name: "new bit with a flag", input: 65, expected: known(["b2bCollaboration"], ["64"]) },
  {
    name: "new name with a flag",
    input: "b2bCollaboration,crossCloud",
    expected: known(["b2bCollaboration"], ["crossCloud"]),
  },
  {
    name: "sentinel alone",
    input: "unknownFutureValue",
    expected: { kind: "unknown", raw: "unknownFutureValue" },
  },
  { name: "sentinel bit alone", input: 16, expected: { kind: "unknown", raw: 16 } },
  { name: "empty", input: "", expected: { kind: "unknown", raw: "" } },
  { name: "commas only", input: ",,", expected: { kind: "unknown", raw: ",," } },
  { name: "negative", input: -1, expected: { kind: "unknown", raw: -1 } },
  { name: "fraction", input: 1.5, expected: { kind: "unknown", raw: 1.5 } },
  { name: "null", input: null, expected: { kind: "unknown", raw: null } },
  { name: "array", input: ["none"], expected: { kind: "unknown", raw: ["none"] } },
];

Deno.test("classifyCrossTenantAccessType() splits flags and keeps unknown parts", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => assert.deepEqual(classifyCrossTenantAccessType(c.input), c.expected));
  }
});

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";

const TENANCY: { name: string; home: unknown; resource: unknown; expected: string }[] = [
  { name: "same id", home: A, resource: A, expected: "sameTenant" },
  {
    name: "same id, other case and braces",
    home: `{${A.toUpperCase()}}`,
    resource: ` ${A} `,
    expected: "sameTenant",
  },
  { name: "different ids", home: A, resource: B, expected: "crossTenant" },
  { name: "home missing", home: undefined, resource: B, expected: "unknown" },
  { name: "resource empty", home: A, resource: "  ", expected: "unknown" },
  { name: "not strings", home: 1, resource: 2, expected: "unknown" },
];

Deno.test("classifyTenancy() and isCrossTenant() compare home and resource tenants", async (t) => {
  for (const c of TENANCY) {
    await t.step(c.name, () => {
      assert.equal(classifyTenancy(c.home, c.resource), c.expected);
      assert.equal(isCrossTenant(c.home, c.resource), c.expected === "crossTenant");
    });
  }
});

Deno.test("isCrossTenantAccessType() and labelCrossTenantAccessType() use the flag ids", () => {
  assert.ok(isCrossTenantAccessType("serviceProvider"));
  assert.ok(!isCrossTenantAccessType("ServiceProvider"));
  assert.equal(labelCrossTenantAccessType("microsoftSupport"), "Microsoft support");
});
