// The local server's `/users/{id}/authentication/requirements` (beta): by id or UPN, Graph's
// 400 on v1.0, 404 for an unknown user, 403 without Policy.Read.All, and the sample tenant's states.
import assert from "node:assert/strict";
import { generateSampleTenant } from "../sample/mod.ts";
import { startGraphServer } from "./server.ts";

const dataset = generateSampleTenant({ seed: 5, users: 60, days: 1, signInsPerUserPerDay: 0 });
const user = dataset.users[3] as { id: string; userPrincipalName: string };

Deno.test("requirements: by id and UPN on beta, errors as Graph sends them", async () => {
  const server = await startGraphServer({ dataset });
  try {
    const want = dataset.perUserMfa?.[user.id]?.perUserMfaState;
    const cases = [
      { path: `/beta/users/${user.id}/authentication/requirements`, status: 200 },
      {
        path: `/beta/users/${
          encodeURIComponent(user.userPrincipalName.toUpperCase())
        }/authentication/requirements`,
        status: 200,
      },
      { path: `/v1.0/users/${user.id}/authentication/requirements`, status: 400 },
      { path: "/beta/users/00000000-0000-4000-8000-00000000dead/authentication/requirements", status: 404 },
    ];
    for (const c of cases) {
      const res = await fetch(`${server.url}${c.path}`);
      const body = await res.json();
      assert.equal(res.status, c.status, c.path);
      if (c.status === 200) {
        assert.equal(body.perUserMfaState, want);
        assert.match(
          body["@odata.context"],
          /\/beta\/\$metadata#users\('.+'\)\/authentication\/requirements\/\$entity$/,
        );
      } else assert.equal(typeof body.error.code, "string");
    }
  } finally {
    await server.close();
  }
});

Deno.test("requirements: 403 Authorization_RequestDenied without Policy.Read.All", async () => {
  const server = await startGraphServer({ dataset, caVisible: false });
  try {
    const res = await fetch(`${server.url}/beta/users/${user.id}/authentication/requirements`);
    assert.equal(res.status, 403);
    assert.equal((await res.json()).error.code, "Authorization_RequestDenied");
  } finally {
    await server.close();
  }
});

Deno.test("the sample's states follow its plans: enforced or enabled only where per-user MFA is on", () => {
  const big = generateSampleTenant({ seed: 1, users: 2000, days: 1, signInsPerUserPerDay: 0 });
  const counts: Record<string, number> = {};
  for (const o of Object.values(big.perUserMfa ?? {})) {
    const s = String(o.perUserMfaState);
    counts[s] = (counts[s] ?? 0) + 1;
  }
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 2000);
  // about 5 % of members have per-user MFA on; a quarter of those stay enabled
  assert.ok((counts.enforced ?? 0) > 40 && (counts.enforced ?? 0) < 120, JSON.stringify(counts));
  assert.ok(
    (counts.enabled ?? 0) > 10 && (counts.enabled ?? 0) < (counts.enforced ?? 0),
    JSON.stringify(counts),
  );
  assert.ok((counts.disabled ?? 0) > 1800, JSON.stringify(counts));
  assert.equal(counts.requiredOnNextSignIn, 1);
});
