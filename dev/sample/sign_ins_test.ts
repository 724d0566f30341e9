import assert from "node:assert/strict";
import vocabulary from "../../testdata/sample/mfa-vocabulary.json" with { type: "json" };
import enums from "../../testdata/sample/graph-enums.json" with { type: "json" };
import type { GraphDataset, GraphObject } from "./dataset.ts";
import { generateSampleTenant } from "./sample_tenant.ts";
import { generateSignIns } from "./sign_ins.ts";
import { MIN_SAMPLE_USERS } from "./options.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
const FULL = generateSampleTenant({ seed: 7, users: 40 });
// Only the fixed catalogue: no random traffic, one day, the smallest tenant.
const MINIMAL = generateSampleTenant({ seed: 8, users: MIN_SAMPLE_USERS, days: 1, signInsPerUserPerDay: 0 });
const DATASETS: [string, GraphDataset][] = [["40 users, 30 days", FULL], ["catalogue only", MINIMAL]];

type Row = GraphObject;
const status = (r: Row) =>
  r.status as { errorCode: number; failureReason: string; additionalDetails: string | null };
const steps = (r: Row) => r.authenticationDetails as Record<string, unknown>[];
const policies = (r: Row) => r.appliedConditionalAccessPolicies as Record<string, unknown>[];
const eventTypes = (r: Row) => r.signInEventTypes as string[];

function texts(ds: GraphDataset): Set<string> {
  const out = new Set<string>();
  for (const r of ds.signIns) {
    const details = status(r).additionalDetails;
    if (details !== null) out.add(details);
    for (const s of steps(r)) out.add(String(s.authenticationStepResultDetail));
  }
  return out;
}

function values(ds: GraphDataset, pick: (r: Row) => unknown): Set<unknown> {
  const out = new Set<unknown>();
  for (const r of ds.signIns) {
    const v = pick(r);
    if (Array.isArray(v)) { for (const x of v) out.add(x); }
    else out.add(v);
  }
  return out;
}

Deno.test("sign-ins cover every MFA satisfied and denied reason of the vocabulary", async (t) => {
  for (const [name, ds] of DATASETS) {
    const found = [...texts(ds)];
    await t.step(name, async (t) => {
      for (const phrase of vocabulary.mfaSatisfied["Azure Multi-Factor Authentication"]) {
        await t.step(`satisfied: ${phrase}`, () => {
          assert.ok(found.some((s) => s.startsWith("MFA ") && s.endsWith(` ${phrase}`)), phrase);
        });
      }
      for (const phrase of vocabulary.mfaSatisfied.other) {
        await t.step(`other: ${phrase}`, () => assert.ok(found.includes(phrase)));
      }
      for (const phrase of vocabulary.mfaDenied["Azure Multi-Factor Authentication denied;"]) {
        await t.step(`denied: ${phrase}`, () => assert.ok(found.includes(`MFA denied; ${phrase}`)));
      }
    });
  }
});

Deno.test("sign-ins cover every event type, CA result and enum the toolkit buckets", async (t) => {
  const e = enums.enums;
  for (const [name, ds] of DATASETS) {
    await t.step(name, async (t) => {
      const CASES: { name: string; pick: (r: Row) => unknown; expected: readonly unknown[] }[] = [
        {
          name: "signInEventTypes",
          pick: eventTypes,
          expected: ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"],
        },
        {
          name: "appliedConditionalAccessPolicies[].result",
          pick: (r) => policies(r).map((p) => p.result),
          expected: [
            ...e.appliedConditionalAccessPolicyResult.members,
            ...e.appliedConditionalAccessPolicyResult.evolvable,
          ],
        },
        {
          name: "conditionalAccessStatus",
          pick: (r) => r.conditionalAccessStatus,
          expected: e.conditionalAccessStatus.members,
        },
        {
          name: "clientAppUsed (legacy)",
          pick: (r) => r.clientAppUsed,
          expected: ["IMAP4", "POP3", "SMTP", "Exchange ActiveSync", "Other clients"],
        },
        {
          name: "tokenIssuerType",
          pick: (r) => r.tokenIssuerType,
          expected: [...e.tokenIssuerType.members, ...e.tokenIssuerType.evolvable],
        },
        {
          name: "incomingTokenType",
          pick: (r) => r.incomingTokenType,
          expected: [...e.incomingTokenType.members, ...e.incomingTokenType.evolvable],
        },
        {
          name: "clientCredentialType",
          pick: (r) => r.clientCredentialType,
          expected: e.clientCredentialType.members,
        },
        {
          name: "authenticationProtocol",
          pick: (r) => r.authenticationProtocol,
          expected: ["none", "oAuth2", "ropc", "wsFederation", "saml20", "deviceCode"],
        },
        {
          name: "authenticationRequirement",
          pick: (r) => r.authenticationRequirement,
          expected: e.authenticationRequirement.members,
        },
        { name: "userType", pick: (r) => r.userType, expected: ["member", "guest"] },
        {
          name: "riskLevelDuringSignIn",
          pick: (r) => r.riskLevelDuringSignIn,
          expected: ["none", "low", "medium", "high", "hidden"],
        },
        {
          name: "riskState",
          pick: (r) => r.riskState,
          expected: e.riskState.members.filter((m) => m !== "unknownFutureValue"),
        },
        {
          name: "authenticationDetails[].authenticationMethod",
          pick: (r) => steps(r).map((s) => s.authenticationMethod),
          expected: enums.authenticationDetailMethods.seen,
        },
        {
          name: "status.errorCode",
          pick: (r) => status(r).errorCode,
          expected: [
            0,
            50074,
            50076,
            500121,
            53003,
            50126,
            50053,
            50079,
            50158,
            530035,
            ...Object.keys(enums.mfaErrorCodes.codes).map(Number),
          ],
        },
        {
          name: "crossTenantAccessType flags",
          pick: (r) => String(r.crossTenantAccessType).split(","),
          expected: [
            "none",
            "b2bCollaboration",
            "b2bDirectConnect",
            "microsoftSupport",
            "serviceProvider",
            "passthrough",
          ],
        },
        {
          name: "msiType",
          pick: (r) => (r.managedServiceIdentity as { msiType: string }).msiType,
          expected: ["none", "userAssigned", "systemAssigned"],
        },
      ];
      for (const c of CASES) {
        await t.step(c.name, () => {
          const seen = values(ds, c.pick);
          const missing = c.expected.filter((x) => !seen.has(x));
          assert.deepEqual(missing, []);
        });
      }
    });
  }
});

Deno.test("sign-ins include values Graph may add later, for the unknown buckets", async (t) => {
  const e = enums.enums;
  const CASES: { name: string; pick: (r: Row) => unknown; known: readonly unknown[] }[] = [
    {
      name: "conditionalAccessStatus",
      pick: (r) => r.conditionalAccessStatus,
      known: e.conditionalAccessStatus.members,
    },
    {
      name: "policy result",
      pick: (r) => policies(r).map((p) => p.result),
      known: [
        ...e.appliedConditionalAccessPolicyResult.members,
        ...e.appliedConditionalAccessPolicyResult.evolvable,
      ],
    },
    {
      name: "errorCode",
      pick: (r) => status(r).errorCode,
      known: [...Object.keys(enums.mfaErrorCodes.codes).map(Number), 7000215],
    },
    {
      name: "authenticationMethod",
      pick: (r) => steps(r).map((s) => s.authenticationMethod),
      known: [...enums.authenticationDetailMethods.seen, null],
    },
    {
      name: "signInEventTypes",
      pick: eventTypes,
      known: ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"],
    },
  ];
  for (const [name, ds] of DATASETS) {
    for (const c of CASES) {
      await t.step(`${name}: ${c.name}`, () => {
        assert.ok([...values(ds, c.pick)].some((v) => !c.known.includes(v)));
      });
    }
  }
});

Deno.test("sign-ins hold multi-row MFA correlations and exact duplicates", async (t) => {
  for (const [name, ds] of DATASETS) {
    await t.step(
      `${name}: a 50074 row followed seconds later by a success with the same correlationId`,
      () => {
        const byCorrelation = Map.groupBy(ds.signIns, (r) => String(r.correlationId));
        const pairs = [...byCorrelation.values()].filter((rows) => {
          const interrupt = rows.find((r) => status(r).errorCode === 50074);
          const done = rows.find((r) => status(r).errorCode === 0);
          return interrupt !== undefined && done !== undefined && interrupt.id !== done.id &&
            interrupt.userId === done.userId &&
            String(interrupt.createdDateTime) < String(done.createdDateTime) &&
            Date.parse(String(done.createdDateTime)) - Date.parse(String(interrupt.createdDateTime)) <=
              120_000 &&
            status(interrupt).failureReason === "Strong Authentication is required." &&
            status(interrupt).additionalDetails === "MFA required in Azure AD";
        });
        assert.ok(pairs.length > 0);
      },
    );
    await t.step(`${name}: the same id delivered twice, identical`, () => {
      const byId = Map.groupBy(ds.signIns, (r) => String(r.id));
      const dupes = [...byId.values()].filter((rows) => rows.length > 1);
      assert.ok(dupes.length > 0);
      for (const rows of dupes) assert.deepEqual(rows[1], rows[0]);
    });
  }
});

Deno.test("sign-ins are consistent with the tenant", async (t) => {
  for (const [name, ds] of DATASETS) {
    const users = new Map(ds.users.map((u) => [String(u.id), u]));
    const policyIds = new Set(ds.conditionalAccessPolicies.map((p) => p.id));
    await t.step(
      `${name}: user rows reference existing users; app-only rows have a service principal`,
      () => {
        for (const r of ds.signIns) {
          if (eventTypes(r).includes("servicePrincipal") || eventTypes(r).includes("managedIdentity")) {
            assert.equal(r.userId, "");
            assert.notEqual(r.servicePrincipalId, "");
            assert.notEqual(r.servicePrincipalName, "");
            assert.deepEqual(steps(r), []);
            assert.equal(r.authenticationRequirement, "singleFactorAuthentication");
            assert.equal(r.isInteractive, false);
          } else {
            const u = users.get(String(r.userId));
            assert.ok(u, `unknown userId ${r.userId}`);
            assert.equal(r.userPrincipalName, u.userPrincipalName);
            assert.equal(r.userDisplayName, u.displayName);
          }
        }
      },
    );
    await t.step(`${name}: managed identities carry managedServiceIdentity`, () => {
      for (const r of ds.signIns.filter((x) => eventTypes(x).includes("managedIdentity"))) {
        const msi = r.managedServiceIdentity as { msiType: string; associatedResourceId: string };
        assert.ok(msi.msiType === "systemAssigned" || msi.msiType === "userAssigned");
        assert.match(msi.associatedResourceId, /^\/subscriptions\//);
        assert.equal(r.clientCredentialType, "managedIdentity");
      }
    });
    await t.step(`${name}: isInteractive matches the event type`, () => {
      for (const r of ds.signIns) assert.equal(r.isInteractive, eventTypes(r).includes("interactiveUser"));
    });
    await t.step(`${name}: newest first, inside the window`, () => {
      const end = NOW.getTime();
      const start = end - (name === "catalogue only" ? 1 : 30) * 86_400_000;
      let previous = Number.POSITIVE_INFINITY;
      for (const r of ds.signIns) {
        const t = Date.parse(String(r.createdDateTime));
        assert.ok(t <= previous, `${r.createdDateTime} after a newer row`);
        assert.ok(t >= start && t < end, String(r.createdDateTime));
        for (const s of steps(r)) assert.ok(Date.parse(String(s.authenticationStepDateTime)) <= t);
        previous = t;
      }
    });
    await t.step(`${name}: guests come from another home tenant`, () => {
      const guests = ds.signIns.filter((r) => r.userType === "guest");
      assert.ok(guests.length > 0);
      for (const r of guests) {
        assert.notEqual(r.homeTenantId, r.resourceTenantId);
        assert.notEqual(r.crossTenantAccessType, "none");
      }
    });
    await t.step(`${name}: IP addresses are in documentation ranges`, () => {
      const DOC = /^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)(\d{1,3})$|^2001:db8:/i;
      for (const r of ds.signIns) {
        const ip = String(r.ipAddress);
        assert.match(ip, DOC);
        const octet = DOC.exec(ip)?.[2];
        if (octet !== undefined) assert.ok(Number(octet) <= 255);
      }
    });
    await t.step(`${name}: every failure has a reason and CA policies are the tenant's`, () => {
      for (const r of ds.signIns) {
        assert.equal(typeof status(r).errorCode, "number");
        assert.ok(status(r).failureReason.length > 0);
        for (const p of policies(r)) assert.ok(policyIds.has(p.id));
      }
    });
    await t.step(`${name}: legacy protocols both succeed and fail`, () => {
      const legacy = ds.signIns.filter((r) =>
        ["IMAP4", "POP3", "SMTP", "Exchange ActiveSync", "Other clients"].includes(String(r.clientAppUsed))
      );
      assert.ok(legacy.some((r) => status(r).errorCode === 0));
      assert.ok(legacy.some((r) => status(r).errorCode === 53003));
    });
    await t.step(`${name}: risky rows have risk event types`, () => {
      const risky = ds.signIns.filter((r) =>
        r.riskLevelDuringSignIn === "medium" || r.riskLevelDuringSignIn === "high"
      );
      assert.ok(risky.length > 0);
      assert.ok(risky.some((r) => (r.riskEventTypes_v2 as string[]).length > 0));
    });
  }
});

Deno.test("the dataset uses only .example domains", () => {
  for (const [, ds] of DATASETS) {
    const json = JSON.stringify(ds);
    const hosts = new Set<string>();
    for (const m of json.matchAll(/[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+)/g)) hosts.add(m[1] as string);
    for (const m of json.matchAll(/https?:\/\/([^/\s"'<>)\\]+)/g)) hosts.add(m[1] as string);
    for (const r of ds.signIns) if (r.tokenIssuerName) hosts.add(String(r.tokenIssuerName));
    assert.ok(hosts.size > 2);
    for (const h of hosts) assert.ok(h.endsWith(".example"), h);
  }
});

Deno.test("generateSignIns() streams exactly the rows of generateSampleTenant()", async (t) => {
  const CASES = [
    { seed: 7, users: 40 },
    { seed: 3, users: 55, days: 4, signInsPerUserPerDay: 6, now: new Date("2025-06-01T00:00:00Z") },
  ];
  for (const options of CASES) {
    await t.step(JSON.stringify(options), () => {
      const expected = options.seed === 7 ? FULL.signIns : generateSampleTenant(options).signIns;
      assert.deepEqual([...generateSignIns(options)], expected);
    });
  }
  await t.step("the first rows come before the whole log is built", () => {
    // 30 users × 1,000 events a day × 3,660 days would be ~110 million rows: only streaming returns.
    const it = generateSignIns({ users: MIN_SAMPLE_USERS, days: 3660, signInsPerUserPerDay: 1000 });
    const first = it.next();
    assert.equal(first.done, false);
    it.return(undefined);
  });
});

Deno.test("generateSampleTenant() sign-ins scale with the options", () => {
  // 40 users × 3 events a day × 30 days = 3,600 events, plus interrupt rows and the catalogue.
  assert.ok(FULL.signIns.length > 3_000 && FULL.signIns.length < 6_000, String(FULL.signIns.length));
  const busier = generateSampleTenant({ seed: 7, users: 40, days: 30, signInsPerUserPerDay: 6 });
  assert.ok(busier.signIns.length > FULL.signIns.length * 1.6);
});
