import assert from "node:assert/strict";
import {
  classifyMfaResult,
  explainMfaResult,
  isMfaDeniedReason,
  isMfaInterruptStep,
  isMfaSatisfiedHow,
  isPrimaryStepResult,
  labelMfaResult,
  MFA_DENIED,
  MFA_INTERRUPTED,
  MFA_SATISFIED,
  type MfaResult,
  mfaResultId,
  PRIMARY_STEP_RESULTS,
} from "./mfa_result.ts";

const CASES: { input: unknown; expected: MfaResult }[] = [
  // Wordings seen in real exports and incident-response material (issue #13)
  {
    input: "MFA requirement skipped due to IP address",
    expected: { kind: "satisfied", how: "skippedLocation" },
  },
  {
    input:
      "MFA requirement skipped due to ADFS-issued InsideCorpNet claim; tenant was configured to skip MFA if this claim is present",
    expected: { kind: "satisfied", how: "skippedCorpNetClaim" },
  },
  {
    input: "MFA denied; user did not select the correct number",
    expected: { kind: "denied", reason: "wrongNumberSelected" },
  },
  { input: "MFA denied; invalid verification code", expected: { kind: "denied", reason: "incorrectCode" } },
  { input: "MFA denied; Phone App Reported Fraud", expected: { kind: "denied", reason: "fraudReported" } },
  {
    input: "MFA denied; user did not respond to push notification.",
    expected: { kind: "denied", reason: "noResponseToNotification" },
  },
  { input: "User approved", expected: { kind: "satisfied", how: "successfullyCompleted" } },
  // Graph status.additionalDetails / authenticationStepResultDetail
  {
    input: "MFA requirement satisfied by claim in the token",
    expected: { kind: "satisfied", how: "satisfiedByClaimInToken" },
  },
  {
    input: "MFA requirement satisfied by claim provided by external provider",
    expected: { kind: "satisfied", how: "satisfiedByExternalProvider" },
  },
  { input: "MFA completed in Azure AD", expected: { kind: "satisfied", how: "completedInCloud" } },
  { input: "MFA successfully completed", expected: { kind: "satisfied", how: "successfullyCompleted" } },
  { input: "MFA required in Azure AD", expected: { kind: "interrupted", step: "mfaRequired" } },
  {
    input: "MFA denied; user declined the authentication",
    expected: { kind: "denied", reason: "userDeclined" },
  },
  { input: "MFA denied; Fraud code entered", expected: { kind: "denied", reason: "fraudReported" } },
  { input: "Correct password", expected: { kind: "primaryStep", result: "correctPassword" } },
  {
    input: "Invalid username or password or Invalid on-premise username or password.",
    expected: { kind: "primaryStep", result: "incorrectPassword" },
  },
  {
    input: "First factor requirement satisfied by claim in the token",
    expected: { kind: "primaryStep", result: "firstFactorSatisfiedByToken" },
  },
  { input: "Correct code", expected: { kind: "primaryStep", result: "correctCode" } },
  { input: "Account locked", expected: { kind: "primaryStep", result: "accountLocked" } },
  { input: "Password expired", expected: { kind: "primaryStep", result: "passwordExpired" } },
  {
    input: "Limit on telecom MFA calls reached. Please try again in a few minutes.",
    expected: { kind: "denied", reason: "telecomLimitReached" },
  },
  // documentation wording with the long prefix
  {
    input: "Azure Multi-Factor Authentication skipped due to remembered device",
    expected: { kind: "satisfied", how: "skippedRememberedDevice" },
  },
  {
    input: "Azure Multi-Factor Authentication denied; unable to reach the user's phone",
    expected: { kind: "denied", reason: "phoneUnreachable" },
  },
  // longest phrase wins
  {
    input: "MFA denied; unable to send the mobile app notification to the device",
    expected: { kind: "denied", reason: "notificationNotDeliveredToDevice" },
  },
  {
    input: "MFA denied; unable to send the mobile app notification",
    expected: { kind: "denied", reason: "notificationNotSent" },
  },
  {
    input: "MFA denied; user entered incorrect code too many times",
    expected: { kind: "denied", reason: "incorrectCodeTooManyTimes" },
  },
  // spacing, case, punctuation, NBSP
  { input: "mfa\u00a0denied;\u00a0USER IS BLOCKED.", expected: { kind: "denied", reason: "userBlocked" } },
  {
    input: "  Multifactor authentication denied - service error ",
    expected: { kind: "denied", reason: "serviceError" },
  },
  // phrase inside free text
  {
    input: "Sign-in note: the MFA requirement was satisfied by claim in the token (cached).",
    expected: { kind: "satisfied", how: "satisfiedByClaimInToken" },
  },
  {
    input: "Authentication failed during strong authentication request.",
    expected: { kind: "denied", reason: "challengeNotPassed" },
  },
  // denial with a reason not recognised keeps the text
  {
    input: "MFA denied; a reason invented next year",
    expected: { kind: "denied", reason: "other", detail: "MFA denied; a reason invented next year" },
  },
  { input: "MFA not required", expected: { kind: "notRequired" } },
  // unknown
  { input: "Redirected somewhere", expected: { kind: "unknown", raw: "Redirected somewhere" } },
  { input: "required in paris", expected: { kind: "unknown", raw: "required in paris" } },
  { input: "", expected: { kind: "unknown", raw: "" } },
  { input: " ;; ", expected: { kind: "unknown", raw: " ;; " } },
  { input: null, expected: { kind: "unknown", raw: null } },
  { input: 500121, expected: { kind: "unknown", raw: 500121 } },
];

Deno.test("classifyMfaResult() maps Graph, portal and documentation strings to results", async (t) => {
  for (const c of CASES) {
    await t.step(JSON.stringify(c.input), () => assert.deepEqual(classifyMfaResult(c.input), c.expected));
  }
});

Deno.test("classifyMfaResult() maps every table phrase back to its own entry", async (t) => {
  for (const [how, e] of Object.entries(MFA_SATISFIED)) {
    for (const p of [e.phrase, ...e.aliases]) {
      await t.step(p, () => assert.deepEqual(classifyMfaResult(p), { kind: "satisfied", how }));
    }
  }
  for (const [reason, e] of Object.entries(MFA_DENIED)) {
    for (const p of [...(e.phrase === null ? [] : [e.phrase]), ...e.aliases]) {
      await t.step(
        p,
        () => assert.deepEqual(classifyMfaResult(`MFA denied; ${p}`), { kind: "denied", reason }),
      );
    }
  }
  for (const [step, e] of Object.entries(MFA_INTERRUPTED)) {
    for (const p of e.aliases) {
      await t.step(p, () => assert.deepEqual(classifyMfaResult(p), { kind: "interrupted", step }));
    }
  }
  for (const [result, e] of Object.entries(PRIMARY_STEP_RESULTS)) {
    for (const p of e.aliases) {
      await t.step(p, () => assert.deepEqual(classifyMfaResult(p), { kind: "primaryStep", result }));
    }
  }
});

Deno.test("MFA_DENIED explains every reason for an administrator", async (t) => {
  for (const [reason, e] of Object.entries(MFA_DENIED)) {
    await t.step(reason, () => {
      assert.ok(e.label.length > 0);
      assert.ok(e.explanation.length >= 40, "a sentence, not a stub");
    });
  }
  assert.match(MFA_DENIED.callWentToVoicemail.explanation, /phone numbers/);
  assert.match(MFA_DENIED.callWentToVoicemail.explanation, /Authenticator app/);
  assert.match(MFA_DENIED.fraudReported.explanation, /compromised/);
});

Deno.test("mfaResultId(), labelMfaResult() and explainMfaResult() cover every kind", async (t) => {
  const ROWS: { r: MfaResult; id: string; label: string }[] = [
    {
      r: { kind: "satisfied", how: "skippedLocation" },
      id: "satisfied.skippedLocation",
      label: "MFA satisfied: Skipped: trusted location",
    },
    {
      r: { kind: "denied", reason: "hungUp" },
      id: "denied.hungUp",
      label: "MFA denied: User hung up without completing the call",
    },
    {
      r: { kind: "denied", reason: "other", detail: "x" },
      id: "denied.other",
      label: "MFA denied: MFA denied (other reason)",
    },
    {
      r: { kind: "interrupted", step: "mfaRequired" },
      id: "interrupted.mfaRequired",
      label: "MFA interrupted: MFA required (user sent to MFA)",
    },
    { r: { kind: "notRequired" }, id: "notRequired", label: "MFA not required" },
    {
      r: { kind: "primaryStep", result: "correctPassword" },
      id: "primaryStep.correctPassword",
      label: "Primary authentication: Correct password",
    },
    { r: { kind: "unknown", raw: 1 }, id: "unknown", label: "Unknown MFA result" },
  ];
  for (const row of ROWS) {
    await t.step(row.id, () => {
      assert.equal(mfaResultId(row.r), row.id);
      assert.equal(labelMfaResult(row.r), row.label);
      assert.ok(explainMfaResult(row.r).length > 0);
    });
  }
});

Deno.test("MFA result guards accept exact ids only", () => {
  assert.ok(isMfaSatisfiedHow("completedInCloud"));
  assert.ok(!isMfaSatisfiedHow("completed in the cloud"));
  assert.ok(isMfaDeniedReason("other"));
  assert.ok(!isMfaDeniedReason("__proto__"));
  assert.ok(isMfaInterruptStep("redirectedToExternalProvider"));
  assert.ok(!isMfaInterruptStep(null));
  assert.ok(isPrimaryStepResult("incorrectPassword"));
  assert.ok(!isPrimaryStepResult(1));
});
