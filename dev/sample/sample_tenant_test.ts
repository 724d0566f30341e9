import assert from "node:assert/strict";
import { generateSampleTenant } from "./sample_tenant.ts";
import { generateUsers } from "./users.ts";
import { generateRegistrationDetails } from "./registration_details.ts";
import { generateAuthenticationMethods } from "./authentication_methods.ts";
import { generateConditionalAccessPolicies } from "./conditional_access_policies.ts";
import { SAMPLE_TENANT } from "./tenant.ts";

const OPTIONS = { seed: 99, users: 45, days: 5 };
const DS = generateSampleTenant(OPTIONS);

Deno.test("generateSampleTenant() is deterministic for a seed", () => {
  assert.deepEqual(generateSampleTenant(OPTIONS), DS);
});

Deno.test("generateSampleTenant() differs for another seed or another now", async (t) => {
  const CASES = [
    { name: "seed 100", options: { ...OPTIONS, seed: 100 } },
    { name: "now a day earlier", options: { ...OPTIONS, now: new Date("2026-11-19T12:00:00Z") } },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      const other = generateSampleTenant(c.options);
      assert.notDeepEqual(other.signIns, DS.signIns);
      assert.notDeepEqual(other.registrationDetails, DS.registrationDetails);
    });
  }
});

Deno.test("generateSampleTenant() defaults to a fixed now, not the clock", () => {
  const a = generateSampleTenant({ users: 30, days: 1 });
  assert.equal(String(a.signIns[0]?.createdDateTime).slice(0, 13), "2026-11-20T11");
  assert.deepEqual(generateSampleTenant({ users: 30, days: 1, now: new Date("2026-11-20T12:00:00Z") }), a);
});

Deno.test("generateSampleTenant() parts equal the standalone generators", async (t) => {
  const CASES = [
    { name: "users", actual: DS.users, expected: () => generateUsers(OPTIONS) },
    {
      name: "registrationDetails",
      actual: DS.registrationDetails,
      expected: () => generateRegistrationDetails(OPTIONS),
    },
    {
      name: "authenticationMethods",
      actual: DS.authenticationMethods,
      expected: () => generateAuthenticationMethods(OPTIONS),
    },
    {
      name: "conditionalAccessPolicies",
      actual: DS.conditionalAccessPolicies,
      expected: () => generateConditionalAccessPolicies(OPTIONS),
    },
  ];
  for (const c of CASES) await t.step(c.name, () => assert.deepEqual(c.actual, c.expected()));
  await t.step("tenant identity", () => {
    assert.equal(DS.tenantId, SAMPLE_TENANT.tenantId);
    assert.equal(DS.domain, "contoso.example");
  });
});

Deno.test("generateSampleTenant() survives a JSON round trip unchanged", () => {
  assert.deepEqual(JSON.parse(JSON.stringify(DS)), DS);
});
