import assert from "node:assert/strict";
import type { SignIn } from "../signins/mod.ts";
import { TEST_REPORT_META, testLogical, testSignIn, testStep } from "../../dev/testing/test_rows.ts";
import { SignInAggregator } from "./aggregator.ts";
import { OVERFLOW_KEY } from "../report/count_map.ts";

const META = TEST_REPORT_META;

function row(upn: string, at: string, fields: Partial<SignIn>): SignIn {
  return testSignIn({
    userPrincipalName: upn,
    eventType: "interactiveUser",
    createdDateTime: at,
    appDisplayName: "Office 365",
    authenticationRequirement: "multiFactorAuthentication",
    ...fields,
  });
}

const DENY = (reason: string) => ({ errorCode: 500121, additionalDetails: `MFA denied; ${reason}` });

Deno.test("SignInAggregator ranks failed users by denials, then latest failure, and keeps the latest failure", () => {
  const a = new SignInAggregator({ top: 2 });
  // bo: 2 denials (latest 11:00 user declined); cy: 2 denials (latest 11:30); ana: 1 denial.
  a.add(
    testLogical(
      row("bo@contoso.example", "2026-11-20T11:00:00Z", {
        ...DENY("user declined the authentication"),
        ipAddress: "192.0.2.1",
      }),
    ),
  );
  a.add(testLogical(row("bo@contoso.example", "2026-11-20T09:00:00Z", DENY("phone call went to voicemail"))));
  a.add(testLogical(row("cy@contoso.example", "2026-11-20T11:30:00Z", DENY("user is blocked"))));
  a.add(testLogical(row("cy@contoso.example", "2026-11-20T08:00:00Z", DENY("user is blocked"))));
  a.add(testLogical(row("ana@contoso.example", "2026-11-20T12:00:00Z", DENY("fraud reported"))));
  a.add(
    testLogical(
      row("ana@contoso.example", "2026-11-20T12:30:00Z", {
        errorCode: 0,
        additionalDetails: "MFA successfully completed",
      }),
    ),
  );
  const r = a.summary(META);
  assert.deepEqual(r.users.topFailed.map((u) => [u.user, u.failures, u.successes]), [
    ["cy@contoso.example", 2, 0],
    ["bo@contoso.example", 2, 0],
  ]);
  assert.deepEqual(r.users.topFailed[1]?.latestFailure, {
    at: "2026-11-20T11:00:00Z",
    result: "denied.userDeclined",
    label: "MFA denied: User declined the authentication",
    app: "Office 365",
    errorCode: 500121,
    ip: "192.0.2.1",
  });
  assert.equal(r.users.failedMfa, 3);
  assert.equal(r.legacyMfaServer.blocked.signIns, 2);
  assert.deepEqual(r.legacyMfaServer.blocked.users.map((u) => [u.user, u.count, u.latest.at]), [
    ["cy@contoso.example", 2, "2026-11-20T11:30:00Z"],
  ]);
  assert.deepEqual(r.legacyMfaServer.fraud.users.map((u) => [u.user, u.count]), [["ana@contoso.example", 1]]);
  assert.deepEqual(r.window, { from: "2026-11-20T08:00:00Z", to: "2026-11-20T12:30:00Z", basis: "data" });
});

Deno.test("SignInAggregator counts Conditional Access per policy, report-only and unknown results included", () => {
  const a = new SignInAggregator();
  const pol = (id: string, result: string | null, grant: string[] = ["Mfa"]) => ({
    id,
    displayName: `Policy ${id}`,
    result,
    enforcedGrantControls: grant,
    enforcedSessionControls: [],
  });
  const results = [
    ["success", "reportOnlyFailure"],
    ["failure", "reportOnlyInterrupted"],
    ["notApplied", "reportOnlySuccess"],
    ["notEnabled", "somethingNew"],
  ];
  for (const [i, [r1, r2]] of results.entries()) {
    a.add(testLogical(row("ana@contoso.example", `2026-11-20T1${i}:00:00Z`, {
      errorCode: 0,
      conditionalAccessStatus: i === 3 ? "brandNewStatus" : "success",
      appliedConditionalAccessPolicies: [
        pol("p1", r1!),
        pol("p2", r2!, i === 3 ? ["RequireQuantum"] : ["Block"]),
      ],
    })));
  }
  a.add(testLogical(row("ana@contoso.example", "2026-11-20T15:00:00Z", { errorCode: 0 })));
  const r = a.summary(META);
  const [p1, p2] = r.conditionalAccess.policies;
  assert.deepEqual(Object.entries(p1!.results).filter(([, v]) => v > 0), [["success", 1], ["failure", 1], [
    "notApplied",
    1,
  ], ["notEnabled", 1]]);
  assert.deepEqual(Object.entries(p2!.results).filter(([, v]) => v > 0), [
    ["reportOnlySuccess", 1],
    ["reportOnlyFailure", 1],
    ["reportOnlyInterrupted", 1],
    ["unknown", 1],
  ]);
  assert.deepEqual(p2!.unknownResults, { somethingNew: 1 });
  assert.deepEqual(p2!.grantControls, ["block", "unknown:RequireQuantum"]);
  assert.deepEqual(r.conditionalAccess.status, {
    success: 3,
    failure: 0,
    notApplied: 0,
    notGiven: 1,
    unknown: 1,
  });
  assert.deepEqual(r.conditionalAccess.unknownStatus, { brandNewStatus: 1 });
  assert.equal(r.conditionalAccess.signInsWithDetail, 4);
  assert.equal(r.conditionalAccess.detail, "visible");
});

Deno.test("SignInAggregator reports CA detail as hidden when only the status is present", () => {
  const a = new SignInAggregator();
  a.add(
    testLogical(
      row("ana@contoso.example", "2026-11-20T10:00:00Z", {
        errorCode: 0,
        conditionalAccessStatus: "success",
      }),
    ),
  );
  const r = a.summary({ ...META, caHiddenAdvice: "CA detail not visible: grant Policy.Read.All" });
  assert.equal(r.conditionalAccess.detail, "hidden");
  assert.ok(r.caveats.includes("CA detail not visible: grant Policy.Read.All"));
});

Deno.test("SignInAggregator counts methods, passwordless share and no-prompt claims", () => {
  const a = new SignInAggregator();
  const ok = { errorCode: 0 };
  a.add(testLogical(row("ana@contoso.example", "2026-11-20T10:00:00Z", {
    ...ok,
    additionalDetails: "MFA requirement satisfied by strong authentication",
    authenticationDetails: [testStep("Windows Hello for Business", true)],
  })));
  a.add(testLogical(row("bo@contoso.example", "2026-11-20T10:01:00Z", {
    ...ok,
    additionalDetails: "MFA successfully completed",
    authenticationDetails: [
      testStep("Password", true),
      testStep("Text message", false),
      testStep("Text message", true),
    ],
  })));
  a.add(testLogical(row("cy@contoso.example", "2026-11-20T10:02:00Z", {
    ...ok,
    eventType: "nonInteractiveUser",
    additionalDetails: "MFA requirement satisfied by claim in the token",
    authenticationDetails: [testStep("Previously satisfied", true)],
  })));
  const r = a.summary(META);
  assert.deepEqual(r.methods, {
    sms: { attempts: 2, succeeded: 1, failed: 1 },
    password: { attempts: 1, succeeded: 1, failed: 0 },
    windowsHelloForBusiness: { attempts: 1, succeeded: 1, failed: 0 },
  });
  // eligible: the two interactive successes with steps; one (Ana) passwordless
  assert.deepEqual(r.mfa.passwordless, {
    eligible: 2,
    passwordless: 1,
    byGroup: { fido2: 0, windowsHello: 1, phoneSignIn: 0, otherPasswordless: 0 },
  });
  assert.deepEqual(r.mfa.noPrompt, { claimInToken: 1, strongAuthentication: 1, satisfied: 3 });
  assert.equal(r.users.challenged, 1); // Bo only
});

Deno.test("SignInAggregator pools apps beyond the top N and keys beyond the limit", () => {
  const a = new SignInAggregator({ top: 2, maxKeys: 3 });
  const apps = ["A", "A", "A", "B", "B", "C", "D", "E"];
  apps.forEach((app, i) =>
    a.add(testLogical(row(`u${i}@contoso.example`, "2026-11-20T10:00:00Z", {
      errorCode: 0,
      appDisplayName: app,
      city: `City ${i}`,
    })))
  );
  const r = a.summary(META);
  assert.deepEqual(r.mfa.byApp.map((x) => [x.app, x.signIns]), [["A", 3], ["B", 2], ["(other apps)", 3]]);
  // 8 distinct cities, 3 kept: the other 5 are pooled, not dropped
  const pooled = r.locations.find((l) => l.name === OVERFLOW_KEY);
  assert.equal(pooled?.count, 5);
});

Deno.test("SignInAggregator joins registration data into per-user verdicts", () => {
  const a = new SignInAggregator();
  a.add(testLogical(row("ana@contoso.example", "2026-11-20T10:00:00Z", {
    errorCode: 0,
    additionalDetails: "MFA requirement satisfied by strong authentication",
    authenticationDetails: [testStep("FIDO2 security key", true)],
  })));
  a.add(testLogical(row("bo@contoso.example", "2026-11-20T10:00:00Z", {
    errorCode: 0,
    additionalDetails: "MFA requirement skipped due to location",
  })));
  const r = a.summary(META, {
    source: "test",
    records: [
      {
        userPrincipalName: "ANA@contoso.example",
        id: "1",
        isMfaRegistered: true,
        methods: [{ id: "fido2SecurityKey" }],
      },
      {
        userPrincipalName: "bo@contoso.example",
        id: "2",
        isMfaRegistered: undefined,
        methods: [{ id: "sms" }],
      },
      { userPrincipalName: "zed@contoso.example", id: "3", isMfaRegistered: false, methods: [] },
    ],
  });
  const j = r.registration!;
  assert.deepEqual([j.records, j.matched, j.unmatched, j.registeredWithoutSignIns], [3, 2, 0, 1]);
  assert.deepEqual(j.verdicts, { ok: 1, shortfall: 1 });
  assert.deepEqual(j.users.map((u) => [u.user, u.registered, u.mfaPerformed, u.reasons]), [
    ["bo@contoso.example", true, false, ["mfaNotPerformed", "mfaBypassed"]],
  ]);
});
