import assert from "node:assert/strict";
import { generateConditionalAccessPolicies, SAMPLE_CA_POLICIES } from "./conditional_access_policies.ts";
import { generateUsers } from "./users.ts";

const OPTIONS = { seed: 4, users: 60 };
const POLICIES = generateConditionalAccessPolicies(OPTIONS);
const byName = (name: string) => POLICIES.find((p) => p.displayName === name);

Deno.test("generateConditionalAccessPolicies() has enabled, disabled and report-only policies", async (t) => {
  const CASES = [
    { name: "Require MFA for admins", state: "enabled", control: "mfa" },
    { name: "Require MFA for all users", state: "enabled", control: "mfa" },
    { name: "Block legacy authentication", state: "enabled", control: "block" },
    {
      name: "Require compliant device (report-only)",
      state: "enabledForReportingButNotEnforced",
      control: "compliantDevice",
    },
    { name: "Risky sign-ins require MFA", state: "enabled", control: "mfa" },
    { name: "Block access from outside allowed countries", state: "disabled", control: "block" },
  ];
  for (const c of CASES) {
    await t.step(`${c.name} is ${c.state} and grants ${c.control}`, () => {
      const p = byName(c.name);
      assert.ok(p, c.name);
      assert.equal(p.state, c.state);
      const grant = p.grantControls as { operator: string; builtInControls: string[] };
      assert.equal(grant.operator, "OR");
      assert.ok(grant.builtInControls.includes(c.control));
    });
  }
  await t.step("Session: sign-in frequency 8h has a session control and no grant", () => {
    const p = byName("Session: sign-in frequency 8h");
    assert.equal(p?.grantControls, null);
    const sif = (p?.sessionControls as { signInFrequency: { value: number; type: string } }).signInFrequency;
    assert.deepEqual([sif.value, sif.type], [8, "hours"]);
  });
  await t.step("a report-only policy requires an authentication strength", () => {
    assert.ok(POLICIES.some((p) =>
      p.state === "enabledForReportingButNotEnforced" &&
      (p.grantControls as { authenticationStrength: unknown } | null)?.authenticationStrength !== null
    ));
  });
  await t.step("legacy clients are the condition of the block", () => {
    const conditions = byName("Block legacy authentication")?.conditions as { clientAppTypes: string[] };
    assert.deepEqual(conditions.clientAppTypes.sort(), ["exchangeActiveSync", "other"]);
  });
});

Deno.test("generateConditionalAccessPolicies() matches SAMPLE_CA_POLICIES and Graph's shape", () => {
  assert.equal(POLICIES.length, Object.keys(SAMPLE_CA_POLICIES).length);
  for (const p of POLICIES) {
    assert.match(String(p.id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(String(p.createdDateTime) <= String(p.modifiedDateTime));
    const c = p.conditions as Record<string, Record<string, unknown>>;
    assert.ok(Array.isArray(c.users?.includeUsers));
    assert.ok(Array.isArray(c.applications?.includeApplications));
    assert.ok(
      Object.values(SAMPLE_CA_POLICIES).some((k) =>
        k.id === p.id && k.displayName === p.displayName && k.state === p.state
      ),
    );
  }
});

Deno.test("generateConditionalAccessPolicies() excludes the break-glass accounts everywhere", () => {
  const users = generateUsers(OPTIONS);
  const breakGlass = users.filter((u) => String(u.userPrincipalName).startsWith("bg-admin-")).map((u) =>
    u.id
  );
  assert.equal(breakGlass.length, 2);
  for (const p of POLICIES) {
    const excluded = (p.conditions as { users: { excludeUsers: string[] } }).users.excludeUsers;
    for (const id of breakGlass) assert.ok(excluded.includes(String(id)), `${p.displayName} excludes ${id}`);
  }
});
