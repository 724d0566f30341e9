import assert from "node:assert/strict";
import type { GraphDataset } from "./dataset.ts";
import { describeDataset } from "./describe_dataset.ts";
import { generateSampleTenant } from "./sample_tenant.ts";

const EMPTY: GraphDataset = {
  tenantId: "00000000-0000-4000-8000-000000000001",
  domain: "contoso.example",
  users: [],
  registrationDetails: [],
  authenticationMethods: {},
  conditionalAccessPolicies: [],
  signIns: [],
};

Deno.test("describeDataset() counts hand-made datasets", async (t) => {
  const CASES: { name: string; ds: GraphDataset; check: (s: ReturnType<typeof describeDataset>) => void }[] =
    [
      {
        name: "an empty dataset has zero counts and no time range",
        ds: EMPTY,
        check: (s) => {
          assert.equal(s.users.total, 0);
          assert.equal(s.signIns.total, 0);
          assert.equal(s.signIns.from, null);
          assert.equal(s.signIns.to, null);
        },
      },
      {
        name: "users by type, disabled and service accounts",
        ds: {
          ...EMPTY,
          users: [
            { userType: "Member", accountEnabled: true, userPrincipalName: "a@contoso.example" },
            {
              userType: "Guest",
              accountEnabled: true,
              userPrincipalName: "b_fabrikam.example#EXT#@contoso.example",
            },
            { userType: "Member", accountEnabled: false, userPrincipalName: "svc-x@contoso.example" },
          ],
        },
        check: (s) =>
          assert.deepEqual(s.users, { total: 3, members: 2, guests: 1, disabled: 1, serviceAccounts: 1 }),
      },
      {
        name: "registration flags and empty method lists",
        ds: {
          ...EMPTY,
          registrationDetails: [
            {
              isAdmin: true,
              isMfaRegistered: true,
              isMfaCapable: false,
              isPasswordlessCapable: true,
              methodsRegistered: ["fido2SecurityKey"],
            },
            {
              isAdmin: false,
              isMfaRegistered: false,
              isMfaCapable: false,
              isPasswordlessCapable: false,
              methodsRegistered: [],
            },
          ],
        },
        check: (s) =>
          assert.deepEqual(s.registration, {
            total: 2,
            admins: 1,
            mfaRegistered: 1,
            mfaCapable: 0,
            passwordlessCapable: 1,
            noMethods: 1,
          }),
      },
      {
        name: "methods by type and policies by state",
        ds: {
          ...EMPTY,
          authenticationMethods: {
            u1: [{ "@odata.type": "#microsoft.graph.passwordAuthenticationMethod" }],
            u2: [{ "@odata.type": "#microsoft.graph.passwordAuthenticationMethod" }, {
              "@odata.type": "#x.unknown",
            }],
          },
          conditionalAccessPolicies: [{ state: "enabled" }, { state: "disabled" }, { state: "enabled" }],
        },
        check: (s) => {
          assert.deepEqual(s.authenticationMethods, {
            total: 3,
            byType: { "#microsoft.graph.passwordAuthenticationMethod": 2, "#x.unknown": 1 },
          });
          assert.deepEqual(s.conditionalAccessPolicies, { total: 3, byState: { enabled: 2, disabled: 1 } });
        },
      },
      {
        name: "sign-ins by event type and error code, duplicates, correlations, range",
        ds: {
          ...EMPTY,
          signIns: [
            {
              id: "3",
              correlationId: "x",
              createdDateTime: "2026-11-20T10:00:09Z",
              signInEventTypes: ["servicePrincipal"],
              status: { errorCode: 0 },
            },
            {
              id: "2",
              correlationId: "c",
              createdDateTime: "2026-11-20T10:00:05Z",
              signInEventTypes: ["interactiveUser"],
              status: { errorCode: 0 },
            },
            {
              id: "1",
              correlationId: "c",
              createdDateTime: "2026-11-20T10:00:00Z",
              signInEventTypes: ["interactiveUser"],
              status: { errorCode: 50074 },
            },
            {
              id: "1",
              correlationId: "c",
              createdDateTime: "2026-11-20T10:00:00Z",
              signInEventTypes: ["interactiveUser"],
              status: { errorCode: 50074 },
            },
          ],
        },
        check: (s) =>
          assert.deepEqual(s.signIns, {
            total: 4,
            byEventType: { servicePrincipal: 1, interactiveUser: 3 },
            byErrorCode: { "0": 2, "50074": 2 },
            duplicateIds: 1,
            multiRowCorrelationIds: 1,
            from: "2026-11-20T10:00:00Z",
            to: "2026-11-20T10:00:09Z",
          }),
      },
    ];
  for (const c of CASES) await t.step(c.name, () => c.check(describeDataset(c.ds)));
});

Deno.test("describeDataset() totals agree with a generated tenant's arrays", () => {
  const ds = generateSampleTenant({ users: 40, days: 3 });
  const s = describeDataset(ds);
  assert.equal(s.users.total, ds.users.length);
  assert.equal(s.users.members + s.users.guests, ds.users.length);
  assert.equal(s.signIns.total, ds.signIns.length);
  assert.equal(Object.values(s.signIns.byEventType).reduce((a, b) => a + b, 0), ds.signIns.length);
  assert.equal(s.signIns.total - s.signIns.duplicateIds, new Set(ds.signIns.map((r) => r.id)).size);
});
