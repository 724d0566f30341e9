/**
 * Oracle test: every member and phrase listed in the reference vocabularies (copies in
 * testdata/classify/) classifies to something other than unknown, except the
 * `unknownFutureValue` sentinels, which must be unknown.
 */
import assert from "node:assert/strict";
import { classifyAuthenticationRequirement } from "./authentication_requirement.ts";
import { AUTH_METHODS, classifyAuthMethod } from "./auth_method.ts";
import { classifyClientCredentialType } from "./client_credential.ts";
import { classifyCaPolicyResult, classifyCaStatus } from "./conditional_access.ts";
import { classifyCrossTenantAccessType } from "./cross_tenant.ts";
import { classifyErrorCode } from "./error_code.ts";
import { classifySignInEventType } from "./event_type.ts";
import { classifyMsiType } from "./managed_identity.ts";
import { classifyMfaRequired } from "./mfa_required.ts";
import { classifyMfaResult, type MfaResult } from "./mfa_result.ts";
import { classifyNetworkType } from "./network.ts";
import { classifyPerUserMfaState } from "./per_user_mfa.ts";
import { classifyPhoneType } from "./phone_type.ts";
import { classifyProtocolType } from "./protocol.ts";
import { classifyRiskDetail, classifyRiskLevel, classifyRiskState } from "./risk.ts";
import { classifyIncomingTokenType, classifyTokenIssuerType } from "./token.ts";
import { classifyUserType } from "./user_type.ts";

const TESTDATA = new URL("../../testdata/classify/", import.meta.url);
const ENUMS = JSON.parse(await Deno.readTextFile(new URL("graph-enums.json", TESTDATA)));
const VOCAB = JSON.parse(await Deno.readTextFile(new URL("mfa-vocabulary.json", TESTDATA)));

const SENTINELS = new Set(["unknownFutureValue", "UnknownFutureValue"]);

/** How each enum of graph-enums.json is classified: returns the result's kind ("unknown" or not). */
const ENUM_CLASSIFIERS: Record<string, (raw: unknown) => { kind: string }> = {
  conditionalAccessStatus: classifyCaStatus,
  appliedConditionalAccessPolicyResult: classifyCaPolicyResult,
  signInEventTypes: classifySignInEventType,
  signInAccessType: classifyCrossTenantAccessType,
  signInUserType: (raw) => classifyUserType(raw),
  clientCredentialType: classifyClientCredentialType,
  incomingTokenType: classifyIncomingTokenType,
  riskLevel: classifyRiskLevel,
  riskState: classifyRiskState,
  riskDetail: classifyRiskDetail,
  tokenIssuerType: classifyTokenIssuerType,
  protocolType: classifyProtocolType,
  authenticationRequirement: classifyAuthenticationRequirement,
  userDefaultAuthenticationMethod: classifyAuthMethod,
  defaultMfaMethodType: classifyAuthMethod,
  methodsRegistered: classifyAuthMethod,
  authenticationMethodODataType: classifyAuthMethod,
  phoneType: classifyPhoneType,
  msiType: classifyMsiType,
  networkType: classifyNetworkType,
  perUserMfaState: classifyPerUserMfaState,
};

function membersOf(e: { members: unknown; evolvable?: string[]; beta?: string[] }): string[] {
  const members = Array.isArray(e.members) ? e.members as string[] : Object.keys(e.members as object);
  return [...members, ...(e.evolvable ?? []), ...(e.beta ?? [])];
}

Deno.test("oracle: every graph-enums.json enum has a classifier", () => {
  assert.deepEqual(Object.keys(ENUMS.enums).sort(), Object.keys(ENUM_CLASSIFIERS).sort());
});

Deno.test("oracle: every graph-enums.json member classifies, sentinels stay unknown", async (t) => {
  for (const [name, spec] of Object.entries(ENUMS.enums) as [string, { members: unknown }][]) {
    const classify = ENUM_CLASSIFIERS[name]!;
    for (const member of membersOf(spec)) {
      await t.step(`${name}: ${member}`, () => {
        const kind = classify(member).kind;
        if (SENTINELS.has(member)) assert.equal(kind, "unknown");
        else assert.notEqual(kind, "unknown");
      });
    }
  }
});

Deno.test("oracle: signInAccessType flag values classify by number and name", async (t) => {
  const members = ENUMS.enums.signInAccessType.members as Record<string, number>;
  for (const [name, bit] of Object.entries(members)) {
    await t.step(`${name} = ${bit}`, () => {
      for (const raw of [bit, String(bit), name]) {
        const c = classifyCrossTenantAccessType(raw);
        if (SENTINELS.has(name)) assert.equal(c.kind, "unknown");
        else assert.deepEqual(c, { kind: "known", flags: [name], unknownParts: [] });
      }
    });
  }
  await t.step("all real flags OR-ed together", () => {
    const names = Object.keys(members).filter((n) => !SENTINELS.has(n) && members[n] !== 0);
    const sum = names.reduce((s, n) => s + members[n]!, 0);
    const c = classifyCrossTenantAccessType(sum);
    assert.equal(c.kind, "known");
    if (c.kind === "known") assert.deepEqual([...c.flags].sort(), [...names].sort());
    assert.deepEqual(classifyCrossTenantAccessType(names.join(",")), c);
  });
});

Deno.test("oracle: authenticationDetails method strings are methods or previously satisfied", async (t) => {
  const nonMethods = new Set(["Satisfied by token", "Previously satisfied", "Claim in the token"]);
  for (const s of ENUMS.authenticationDetailMethods.seen as string[]) {
    await t.step(s, () => {
      const c = classifyAuthMethod(s);
      assert.equal(c.kind, nonMethods.has(s) ? "previouslySatisfied" : "method");
    });
  }
});

Deno.test("oracle: mfaErrorCodes map to their listed bucket as numbers and strings", async (t) => {
  for (const [code, bucket] of Object.entries(ENUMS.mfaErrorCodes.codes) as [string, string][]) {
    await t.step(`${code} → ${bucket}`, () => {
      const n = Number(code);
      assert.deepEqual(classifyErrorCode(n), { kind: bucket, code: n });
      assert.deepEqual(classifyErrorCode(code), { kind: bucket, code: n });
      assert.deepEqual(classifyErrorCode(` ${code} `), { kind: bucket, code: n });
    });
  }
});

const SATISFIED: string[] = VOCAB.mfaSatisfied["Azure Multi-Factor Authentication"];
const DENIED: string[] = VOCAB.mfaDenied["Azure Multi-Factor Authentication denied;"];

/** Spellings of one phrase: bare, with each prefix, and with NBSP instead of spaces. */
function spellings(phrase: string, prefixes: string[]): string[] {
  const out = [phrase, ...prefixes.map((p) => `${p} ${phrase}`)];
  return [...out, ...out.map((s) => s.replaceAll(" ", "\u00a0")), ...out.map((s) => s.toUpperCase())];
}

function subId(r: MfaResult): string {
  return r.kind === "satisfied" ? r.how : r.kind === "denied" ? r.reason : r.kind;
}

Deno.test("oracle: the 12 satisfied phrases are satisfied, each a different way", async (t) => {
  assert.equal(SATISFIED.length, 12);
  const hows = new Set<string>();
  for (const phrase of SATISFIED) {
    await t.step(phrase, () => {
      const results = spellings(phrase, ["Azure Multi-Factor Authentication", "MFA", "MFA requirement"]).map(
        classifyMfaResult,
      );
      for (const r of results) assert.equal(r.kind, "satisfied", JSON.stringify(r));
      assert.equal(new Set(results.map(subId)).size, 1, "every spelling gives the same result");
      hows.add(subId(results[0]!));
    });
  }
  assert.equal(hows.size, 12);
});

Deno.test("oracle: the 22 denied phrases are denied, each a different reason", async (t) => {
  assert.equal(DENIED.length, 22);
  const reasons = new Set<string>();
  for (const phrase of DENIED) {
    await t.step(phrase, () => {
      const results = spellings(phrase, ["Azure Multi-Factor Authentication denied;", "MFA denied;"]).map(
        classifyMfaResult,
      );
      for (const r of results) {
        assert.equal(r.kind, "denied", JSON.stringify(r));
        assert.notEqual(subId(r), "other", JSON.stringify(r));
      }
      assert.equal(new Set(results.map(subId)).size, 1, "every spelling gives the same result");
      reasons.add(subId(results[0]!));
    });
  }
  assert.equal(reasons.size, 22);
});

Deno.test("oracle: the external-provider redirect is an interruption, not a result", () => {
  for (const s of spellings(VOCAB.mfaSatisfied.other[0], [])) {
    assert.deepEqual(classifyMfaResult(s), { kind: "interrupted", step: "redirectedToExternalProvider" });
  }
});

Deno.test("oracle: legacy MFA method names are MSOnline-listed MFA methods", async (t) => {
  const expected: Record<string, string> = {
    "Text message": "sms",
    "Mobile app notification": "authenticatorPush",
    "Phone call (Authentication phone)": "voiceMobile",
    "Mobile app verification code": "softwareOtp",
    "Phone call (Office phone)": "voiceOffice",
    "Phone call (Alternate authentication phone)": "voiceAlternateMobile",
  };
  assert.deepEqual([...VOCAB.mfaAuthMethodLegacy].sort(), Object.keys(expected).sort());
  for (const name of VOCAB.mfaAuthMethodLegacy as string[]) {
    await t.step(name, () => {
      const c = classifyAuthMethod(name);
      assert.deepEqual(c, { kind: "method", id: expected[name] });
      if (c.kind === "method") {
        assert.equal(AUTH_METHODS[c.id].msonline, true);
        assert.equal(AUTH_METHODS[c.id].mfaCapable, true);
      }
    });
  }
});

Deno.test("oracle: the other vocabulary lists classify", async (t) => {
  const lists: [string, string[], (raw: unknown) => { kind: string }][] = [
    ["mfaRequired", VOCAB.mfaRequired, classifyMfaRequired],
    ["conditionalAccessResults", VOCAB.conditionalAccessResults, classifyCaPolicyResult],
    ["crossTenantAccessType", VOCAB.crossTenantAccessType, classifyCrossTenantAccessType],
    ["signInEventTypes", VOCAB.signInEventTypes, classifySignInEventType],
    ["userType", VOCAB.userType, (raw) => classifyUserType(raw)],
  ];
  for (const [name, values, classify] of lists) {
    for (const v of values) {
      await t.step(`${name}: ${v}`, () => {
        assert.equal(classify(v).kind, SENTINELS.has(v) ? "unknown" : "known");
      });
    }
  }
});

Deno.test("oracle: literal Graph MFA strings", async (t) => {
  const CASES: [string, MfaResult][] = [
    ["MFA requirement satisfied by claim in the token", {
      kind: "satisfied",
      how: "satisfiedByClaimInToken",
    }],
    ["MFA completed in Azure AD", { kind: "satisfied", how: "completedInCloud" }],
    ["MFA successfully completed", { kind: "satisfied", how: "successfullyCompleted" }],
    ["MFA denied; user declined the authentication", { kind: "denied", reason: "userDeclined" }],
    [
      "MFA denied; user did not respond to mobile app notification",
      { kind: "denied", reason: "noResponseToNotification" },
    ],
    ["MFA denied; duplicate authentication attempt", {
      kind: "denied",
      reason: "duplicateAuthenticationAttempt",
    }],
    ["Correct password", { kind: "primaryStep", result: "correctPassword" }],
    ["Authentication in progress", { kind: "denied", reason: "authenticationInProgress" }],
  ];
  for (const [input, expected] of CASES) {
    await t.step(input, () => assert.deepEqual(classifyMfaResult(input), expected));
  }
});
