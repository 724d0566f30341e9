import assert from "node:assert/strict";
import {
  CA_POLICY_RESULTS,
  classifyCaGrantControl,
  classifyCaPolicyResult,
  classifyCaSessionControl,
  classifyCaStatus,
  isCaGrantControl,
  isCaPolicyResult,
  labelCaGrantControl,
  labelCaPolicyResult,
  labelCaSessionControl,
  labelCaStatus,
  readCaPolicyResult,
} from "./conditional_access.ts";

const STATUS_CASES: { input: unknown; expected: string }[] = [
  { input: "success", expected: "success" },
  { input: "Failure", expected: "failure" },
  { input: "notApplied", expected: "notApplied" },
  { input: "Not Applied", expected: "notApplied" },
  { input: "unknownFutureValue", expected: "unknown" },
  { input: "reportOnlyFailure", expected: "unknown" },
  { input: 0, expected: "unknown" },
];

Deno.test("classifyCaStatus() maps the sign-in status", async (t) => {
  for (const c of STATUS_CASES) {
    await t.step(String(c.input), () => {
      const r = classifyCaStatus(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
  assert.equal(labelCaStatus("notApplied"), "Not applied");
});

const RESULT_CASES: { input: unknown; id: string; mode: string; reading: string }[] = [
  { input: "success", id: "success", mode: "enforced", reading: "applied and its controls were satisfied" },
  { input: "notEnabled", id: "notEnabled", mode: "off", reading: "the policy is turned off" },
  { input: "Disabled", id: "notEnabled", mode: "off", reading: "the policy is turned off" },
  {
    input: "unknown",
    id: "indeterminate",
    mode: "enforced",
    reading: "Graph reported the result as unknown",
  },
  {
    input: "reportOnlySuccess",
    id: "reportOnlySuccess",
    mode: "reportOnly",
    reading: "would have been satisfied",
  },
  { input: "reportOnlyFailure", id: "reportOnlyFailure", mode: "reportOnly", reading: "would have blocked" },
  {
    input: "Report-only: Failure",
    id: "reportOnlyFailure",
    mode: "reportOnly",
    reading: "would have blocked",
  },
  {
    input: "reportOnlyNotApplied",
    id: "reportOnlyNotApplied",
    mode: "reportOnly",
    reading: "would not have applied",
  },
  {
    input: "reportOnlyInterrupted",
    id: "reportOnlyInterrupted",
    mode: "reportOnly",
    reading: "would have interrupted (e.g. required MFA)",
  },
  { input: "reportOnlyMaybe", id: "unknown", mode: "unknown", reading: "result unknown" },
  { input: undefined, id: "unknown", mode: "unknown", reading: "result unknown" },
];

Deno.test("readCaPolicyResult() reads enforced and report-only results", async (t) => {
  for (const c of RESULT_CASES) {
    await t.step(String(c.input), () => {
      const o = readCaPolicyResult(c.input);
      assert.equal(o.result.kind === "known" ? o.result.id : "unknown", c.id);
      assert.equal(o.mode, c.mode);
      assert.equal(o.reading, c.reading);
      assert.deepEqual(o.result, classifyCaPolicyResult(c.input));
    });
  }
});

Deno.test("CA_POLICY_RESULTS marks exactly the reportOnly* members as report-only", () => {
  for (const id of Object.keys(CA_POLICY_RESULTS)) {
    assert.ok(isCaPolicyResult(id));
    assert.equal(
      CA_POLICY_RESULTS[id as keyof typeof CA_POLICY_RESULTS].mode === "reportOnly",
      id.startsWith("reportOnly"),
    );
  }
  assert.equal(labelCaPolicyResult("reportOnlyInterrupted"), "Report-only: interrupted");
});

const GRANT_CASES: { input: unknown; expected: string }[] = [
  { input: "mfa", expected: "mfa" },
  { input: "Mfa", expected: "mfa" },
  { input: "RequireMfa", expected: "mfa" },
  { input: "Require multifactor authentication", expected: "mfa" },
  { input: "Block", expected: "block" },
  { input: "RequireCompliantDevice", expected: "compliantDevice" },
  { input: "RequireDomainJoinedDevice", expected: "domainJoinedDevice" },
  { input: "RequireApprovedApp", expected: "approvedApplication" },
  { input: "RequireCompliantApp", expected: "compliantApplication" },
  { input: "PasswordChange", expected: "passwordChange" },
  { input: "RequireAuthenticationStrength", expected: "authenticationStrength" },
  { input: "termsOfUse", expected: "termsOfUse" },
  { input: "Require", expected: "unknown" },
  { input: "RequireSomethingNew", expected: "unknown" },
  { input: "11111111-1111-4111-8111-111111111111", expected: "unknown" },
  { input: ["mfa"], expected: "unknown" },
];

Deno.test("classifyCaGrantControl() maps grant control spellings", async (t) => {
  for (const c of GRANT_CASES) {
    await t.step(String(c.input), () => {
      const r = classifyCaGrantControl(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
      if (r.kind === "unknown") assert.equal(r.raw, c.input);
    });
  }
  assert.ok(isCaGrantControl("authenticationStrength"));
  assert.equal(labelCaGrantControl("block"), "Block access");
});

const SESSION_CASES: { input: unknown; expected: string }[] = [
  { input: "signInFrequency", expected: "signInFrequency" },
  { input: "SignInFrequency", expected: "signInFrequency" },
  { input: "persistentBrowser", expected: "persistentBrowser" },
  { input: "cloudAppSecurity", expected: "cloudAppSecurity" },
  { input: "applicationEnforcedRestrictions", expected: "applicationEnforcedRestrictions" },
  { input: "ContinuousAccessEvaluation", expected: "continuousAccessEvaluation" },
  { input: "disableResilienceDefaults", expected: "disableResilienceDefaults" },
  { input: "secureSignInSession", expected: "secureSignInSession" },
  { input: "newSessionThing", expected: "unknown" },
];

Deno.test("classifyCaSessionControl() maps session control spellings", async (t) => {
  for (const c of SESSION_CASES) {
    await t.step(String(c.input), () => {
      const r = classifyCaSessionControl(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
  assert.equal(labelCaSessionControl("secureSignInSession"), "Token protection for sign-in sessions");
});
