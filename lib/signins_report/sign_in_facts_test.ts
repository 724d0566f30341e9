import assert from "node:assert/strict";
import type { SignIn } from "../signins/mod.ts";
import { testLogical, testSignIn, testStep } from "../../dev/testing/test_rows.ts";
import { type SignInFacts, signInFacts } from "./sign_in_facts.ts";

const USER = { userPrincipalName: "ana@contoso.example", eventType: "interactiveUser", isInteractive: true };
const MFA = "multiFactorAuthentication";

interface Case {
  name: string;
  row: Partial<SignIn>;
  interruptedIncomplete?: boolean;
  expect: Partial<SignInFacts>;
}

const CASES: Case[] = [
  {
    name: "a push approval to satisfied successfullyCompleted, challenged, weak second factor",
    row: {
      ...USER,
      authenticationRequirement: MFA,
      errorCode: 0,
      additionalDetails: "MFA successfully completed",
      authenticationDetails: [testStep("Password", true), testStep("Mobile app notification", true)],
    },
    expect: {
      requirement: "required",
      mfa: { kind: "satisfied", how: "successfullyCompleted" },
      challenged: true,
      weakSecondFactor: true,
      phishingResistant: false,
      passwordless: null,
    },
  },
  {
    name: "a claim in the token to satisfied, not challenged, claim step counted",
    row: {
      ...USER,
      authenticationRequirement: MFA,
      errorCode: 0,
      additionalDetails: "MFA requirement satisfied by claim in the token",
      authenticationDetails: [testStep("Previously satisfied", true)],
    },
    expect: {
      mfa: { kind: "satisfied", how: "satisfiedByClaimInToken" },
      challenged: false,
      claimSteps: 1,
      steps: [],
    },
  },
  {
    name: "a denial in additionalDetails to denied with the failed method",
    row: {
      ...USER,
      authenticationRequirement: MFA,
      errorCode: 500121,
      additionalDetails: "MFA denied; user declined the authentication",
      authenticationDetails: [testStep("Password", true), testStep("Mobile app notification", false)],
    },
    expect: {
      mfa: { kind: "denied", reason: "userDeclined", detail: null },
      challenged: true,
      deniedMethod: "authenticatorPush",
      errorBucket: "mfaFailed",
      outcome: "failed",
    },
  },
  {
    name: "a denial only in a step's result detail to denied",
    row: {
      ...USER,
      errorCode: 500121,
      authenticationDetails: [testStep("Text message", false, "MFA denied; user entered incorrect code")],
    },
    expect: {
      requirement: "required",
      mfa: { kind: "denied", reason: "incorrectCode", detail: null },
      deniedMethod: "sms",
    },
  },
  {
    name: "500121 with no reason to challengeNotPassed",
    row: { ...USER, authenticationRequirement: MFA, errorCode: 500121 },
    expect: { mfa: { kind: "denied", reason: "challengeNotPassed", detail: null }, deniedMethod: null },
  },
  {
    name: "50088 with no reason to telecomLimitReached",
    row: { ...USER, authenticationRequirement: MFA, errorCode: 50088 },
    expect: { mfa: { kind: "denied", reason: "telecomLimitReached", detail: null } },
  },
  {
    name: "an unrecognised denial to denied other with its text",
    row: {
      ...USER,
      authenticationRequirement: MFA,
      errorCode: 500121,
      additionalDetails: "MFA denied; brand new reason",
    },
    expect: { mfa: { kind: "denied", reason: "other", detail: "MFA denied; brand new reason" } },
  },
  {
    name: "an MFA interrupt nobody completed to abandoned (challenged when interactive)",
    row: {
      ...USER,
      authenticationRequirement: MFA,
      errorCode: 50074,
      additionalDetails: "MFA required in Azure AD",
    },
    interruptedIncomplete: true,
    expect: { mfa: { kind: "abandoned" }, challenged: true, outcome: "interrupted", requirement: "required" },
  },
  {
    name: "a wrong password under an MFA requirement to notReached",
    row: { ...USER, authenticationRequirement: MFA, errorCode: 50126 },
    expect: { mfa: { kind: "notReached" }, challenged: false, errorBucket: "primaryAuthFailed" },
  },
  {
    name: "success under MFA with no result to unknown with a placeholder text",
    row: { ...USER, authenticationRequirement: MFA, errorCode: 0 },
    expect: { mfa: { kind: "unknown", raw: "(no MFA result recorded)" }, challenged: false },
  },
  {
    name: "single factor to notRequired and no MFA",
    row: {
      ...USER,
      authenticationRequirement: "singleFactorAuthentication",
      errorCode: 0,
      clientAppUsed: "IMAP4",
    },
    expect: { requirement: "notRequired", mfa: { kind: "none" }, legacy: true },
  },
  {
    name: "a skipped result to required even when the row says single factor",
    row: {
      ...USER,
      authenticationRequirement: "singleFactorAuthentication",
      errorCode: 0,
      additionalDetails: "MFA requirement skipped due to remembered device",
    },
    expect: {
      requirement: "required",
      mfa: { kind: "satisfied", how: "skippedRememberedDevice" },
      challenged: false,
    },
  },
  {
    name: "an unknown requirement value to unknown, keeping the raw value",
    row: { ...USER, authenticationRequirement: "quantumFactorAuthentication", errorCode: 0 },
    expect: { requirement: "unknown", requirementRaw: "quantumFactorAuthentication", mfa: { kind: "none" } },
  },
  {
    name: "requirement providers to sources, unknown ones kept raw",
    row: {
      ...USER,
      authenticationRequirement: MFA,
      errorCode: 0,
      additionalDetails: "MFA successfully completed",
      authenticationRequirementPolicies: [
        { requirementProvider: "user", detail: null },
        { requirementProvider: "multiConditionalAccess", detail: null },
        { requirementProvider: "v1ConditionalAccess", detail: null },
        { requirementProvider: "quantumPolicy", detail: null },
      ],
    },
    expect: {
      requirementSources: ["perUserMfa", "conditionalAccess"],
      unknownRequirementProviders: ["quantumPolicy"],
    },
  },
  {
    name: "a FIDO2 sign-in to passwordless fido2 and phishing-resistant",
    row: {
      ...USER,
      authenticationRequirement: MFA,
      errorCode: 0,
      additionalDetails: "MFA requirement satisfied by strong authentication",
      authenticationDetails: [testStep("FIDO2 security key", true)],
    },
    expect: { passwordless: "fido2", phishingResistant: true, weakSecondFactor: false, challenged: false },
  },
  {
    name: "phone sign-in to passwordless phoneSignIn",
    row: {
      ...USER,
      errorCode: 0,
      additionalDetails: "MFA requirement satisfied by strong authentication",
      authenticationDetails: [testStep("Passwordless phone sign-in", true)],
    },
    expect: { passwordless: "phoneSignIn" },
  },
  {
    name: "no step detail to the mfaDetail method with the sign-in's outcome",
    row: {
      ...USER,
      errorCode: 0,
      additionalDetails: "MFA completed in Azure AD",
      mfaDetail: { authMethod: "Text message", authDetail: null },
    },
    expect: {
      steps: [{ method: "sms", raw: "Text message", succeeded: true }],
      mfa: { kind: "satisfied", how: "completedInCloud" },
    },
  },
  {
    name: "an unknown method to the unknown method bucket with its raw name",
    row: { ...USER, errorCode: 0, authenticationDetails: [testStep("Carrier pigeon", true)] },
    expect: { steps: [{ method: "unknown", raw: "Carrier pigeon", succeeded: true }] },
  },
  {
    name: "a service principal sign-in to not a user sign-in, no MFA",
    row: { eventType: "servicePrincipal", servicePrincipalName: "app", errorCode: 0, userId: "sp-1" },
    expect: {
      isUser: false,
      eventType: "servicePrincipal",
      mfa: { kind: "none" },
      requirement: "notRequired",
    },
  },
  {
    name: "the event type from signInEventTypes, then isInteractive",
    row: {
      userPrincipalName: "x@contoso.example",
      signInEventTypes: ["nonInteractiveUser"],
      isInteractive: true,
    },
    expect: { eventType: "nonInteractiveUser", interactive: false },
  },
  {
    name: "a #EXT# member to external, a guest stays guest",
    row: {
      userPrincipalName: "dee_fabrikam.example#EXT#@contoso.example",
      userType: "Member",
      isInteractive: true,
    },
    expect: { userType: "external", userKey: "dee_fabrikam.example#ext#@contoso.example" },
  },
  {
    name: "a new event type to unknown with its raw value",
    row: { userPrincipalName: "x@contoso.example", eventType: "holographicUser" },
    expect: { eventType: "unknown", eventTypeRaw: "holographicUser", isUser: true },
  },
];

Deno.test("signInFacts() derives the report facts of a logical sign-in", async (t) => {
  for (const c of CASES) {
    await t.step(`signInFacts() maps ${c.name}`, () => {
      const row = testSignIn({ createdDateTime: "2026-11-20T10:00:00Z", ...c.row });
      const f = signInFacts(testLogical(row, [], c.interruptedIncomplete !== true));
      for (const [k, v] of Object.entries(c.expect)) {
        assert.deepEqual(f[k as keyof SignInFacts], v, k);
      }
    });
  }
});

Deno.test("signInFacts() keeps only the completion's outcome for an interrupt then completion", () => {
  const interrupt = testSignIn({
    ...USER,
    createdDateTime: "2026-11-20T10:00:00Z",
    errorCode: 50074,
    additionalDetails: "MFA required in Azure AD",
  });
  const done = testSignIn({
    ...USER,
    createdDateTime: "2026-11-20T10:00:20Z",
    errorCode: 0,
    authenticationRequirement: MFA,
    additionalDetails: "MFA completed in Azure AD",
  });
  const f = signInFacts(testLogical(done, [interrupt]));
  assert.deepEqual(f.mfa, { kind: "satisfied", how: "completedInCloud" });
  assert.equal(f.outcome, "success");
});
