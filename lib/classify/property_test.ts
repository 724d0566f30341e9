/**
 * Property-style test: seeded random strings, numbers and objects never make a classifier
 * throw, and every result is either unknown (keeping the very input) or a known value.
 */
import assert from "node:assert/strict";
import { AUTH_METHODS, classifyAuthMethod } from "./auth_method.ts";
import {
  AUTHENTICATION_REQUIREMENTS,
  classifyAuthenticationRequirement,
} from "./authentication_requirement.ts";
import { classifyClientApp, CLIENT_APPS } from "./client_app.ts";
import { classifyClientCredentialType, CLIENT_CREDENTIAL_TYPES } from "./client_credential.ts";
import {
  CA_GRANT_CONTROLS,
  CA_POLICY_RESULTS,
  CA_SESSION_CONTROLS,
  CA_STATUSES,
  classifyCaGrantControl,
  classifyCaPolicyResult,
  classifyCaSessionControl,
  classifyCaStatus,
  readCaPolicyResult,
} from "./conditional_access.ts";
import { classifyCrossTenantAccessType, classifyTenancy, isCrossTenantAccessType } from "./cross_tenant.ts";
import { classifyErrorCode, isErrorCodeBucket } from "./error_code.ts";
import { classifySignInEventType, SIGN_IN_EVENT_TYPES } from "./event_type.ts";
import { classifyMsiType, MSI_TYPES } from "./managed_identity.ts";
import { classifyMfaRequired, MFA_REQUIRED } from "./mfa_required.ts";
import {
  classifyMfaResult,
  isMfaDeniedReason,
  isMfaInterruptStep,
  isMfaSatisfiedHow,
  isPrimaryStepResult,
  labelMfaResult,
  type MfaResult,
} from "./mfa_result.ts";
import { classifyNetworkType, NETWORK_TYPES } from "./network.ts";
import { classifyPerUserMfaState, PER_USER_MFA_STATES } from "./per_user_mfa.ts";
import { classifyPhoneType, PHONE_TYPES } from "./phone_type.ts";
import { classifyProtocolType, PROTOCOL_TYPES } from "./protocol.ts";
import {
  classifyRiskDetail,
  classifyRiskLevel,
  classifyRiskState,
  RISK_DETAILS,
  RISK_LEVELS,
  RISK_STATES,
} from "./risk.ts";
import {
  classifyIncomingTokenType,
  classifyTokenIssuerType,
  INCOMING_TOKEN_TYPES,
  TOKEN_ISSUER_TYPES,
} from "./token.ts";
import { classifyUserType, USER_TYPES } from "./user_type.ts";
import { mulberry32 as prng } from "../../dev/testing/mulberry32.ts";

const FRAGMENTS = [
  "MFA",
  "denied;",
  "Azure Multi-Factor Authentication",
  "satisfied by claim in the token",
  "user",
  "is blocked",
  "required",
  "not",
  "b2bCollaboration",
  ",",
  "none",
  "16",
  "500121",
  " ",
  "\u00a0",
  "#EXT#",
  "Require",
  "report",
  "Only",
  "unknownFutureValue",
  "__proto__",
  "constructor",
  "toString",
  "#microsoft.graph.",
  "Phone call (",
  ")",
  "AADSTS",
  "-",
  "0",
  "\ud800",
  "\u0130",
  "ｍｆａ",
  "😀",
  "\u0000",
  "\n",
  "unknown",
  "Mfa",
];

function randomString(r: () => number): string {
  let s = "";
  const parts = Math.floor(r() * 6);
  for (let i = 0; i < parts; i++) {
    if (r() < 0.6) s += FRAGMENTS[Math.floor(r() * FRAGMENTS.length)];
    else {
      const len = Math.floor(r() * 8);
      for (let j = 0; j < len; j++) s += String.fromCharCode(Math.floor(r() * 0x3000));
    }
  }
  return s;
}

const throwing = new Proxy({}, {
  get() {
    throw new Error("trap");
  },
  ownKeys() {
    throw new Error("trap");
  },
  getPrototypeOf() {
    throw new Error("trap");
  },
});

function randomValue(r: () => number): unknown {
  const pick = Math.floor(r() * 12);
  switch (pick) {
    case 0:
    case 1:
    case 2:
      return randomString(r);
    case 3:
      return Math.floor(r() * 2 ** 32) - 2 ** 31;
    case 4:
      return [
        NaN,
        Infinity,
        -Infinity,
        -0,
        0.5,
        1e21,
        Number.MAX_SAFE_INTEGER,
        2 ** 31,
        16,
        48,
      ][Math.floor(r() * 10)];
    case 5:
      return [null, undefined, true, false][Math.floor(r() * 4)];
    case 6:
      return BigInt(Math.floor(r() * 1e9)) * (r() < 0.5 ? -1n : 1n);
    case 7:
      return { kind: "known", id: "mfa", toString: () => "mfa" };
    case 8:
      return [randomString(r)];
    case 9:
      return Symbol(randomString(r));
    case 10:
      return throwing;
    default:
      return () => "fn";
  }
}

type Check = (input: unknown) => void;

function enumCheck(
  table: object,
  classify: (raw: unknown) => { kind: string; id?: string; raw?: unknown },
): Check {
  return (input) => {
    const r = classify(input);
    if (r.kind === "unknown") assert.ok(Object.is(r.raw, input));
    else {
      assert.equal(r.kind, "known");
      assert.ok(typeof r.id === "string" && Object.hasOwn(table, r.id));
    }
  };
}

function mfaKnown(r: MfaResult): boolean {
  switch (r.kind) {
    case "satisfied":
      return isMfaSatisfiedHow(r.how);
    case "denied":
      return isMfaDeniedReason(r.reason) && (r.reason !== "other" || typeof r.detail === "string");
    case "interrupted":
      return isMfaInterruptStep(r.step);
    case "primaryStep":
      return isPrimaryStepResult(r.result);
    case "notRequired":
      return true;
    case "unknown":
      return false;
  }
}

const CHECKS: [string, Check][] = [
  ["classifyMfaResult", (input) => {
    const r = classifyMfaResult(input);
    if (r.kind === "unknown") assert.ok(Object.is(r.raw, input));
    else assert.ok(mfaKnown(r), JSON.stringify(r));
    assert.equal(typeof labelMfaResult(r), "string");
  }],
  ["classifyAuthMethod", (input) => {
    const r = classifyAuthMethod(input);
    if (r.kind === "unknown") assert.ok(Object.is(r.raw, input));
    else if (r.kind === "method") assert.ok(Object.hasOwn(AUTH_METHODS, r.id));
    else assert.ok(r.kind === "previouslySatisfied" || r.kind === "none");
  }],
  ["classifyErrorCode", (input) => {
    const r = classifyErrorCode(input);
    if (r.kind === "unknown") assert.ok(Object.is(r.raw, input));
    else {
      assert.ok(isErrorCodeBucket(r.kind));
      assert.ok(Number.isInteger(r.code) && r.code >= 0);
    }
  }],
  ["classifyCrossTenantAccessType", (input) => {
    const r = classifyCrossTenantAccessType(input);
    if (r.kind === "unknown") assert.ok(Object.is(r.raw, input));
    else {
      assert.ok(r.flags.length > 0 && r.flags.every(isCrossTenantAccessType));
      assert.ok(r.unknownParts.every((p) => typeof p === "string"));
    }
  }],
  ["classifyTenancy", (input) => {
    assert.ok(["sameTenant", "crossTenant", "unknown"].includes(classifyTenancy(input, input)));
  }],
  ["readCaPolicyResult", (input) => {
    assert.ok(["enforced", "reportOnly", "off", "unknown"].includes(readCaPolicyResult(input).mode));
  }],
  ["classifyUserType with UPN", (input) => {
    const r = classifyUserType(input, input);
    if (r.kind === "known") assert.ok(Object.hasOwn(USER_TYPES, r.id));
  }],
  ["classifyCaStatus", enumCheck(CA_STATUSES, classifyCaStatus)],
  ["classifyCaPolicyResult", enumCheck(CA_POLICY_RESULTS, classifyCaPolicyResult)],
  ["classifyCaGrantControl", enumCheck(CA_GRANT_CONTROLS, classifyCaGrantControl)],
  ["classifyCaSessionControl", enumCheck(CA_SESSION_CONTROLS, classifyCaSessionControl)],
  ["classifySignInEventType", enumCheck(SIGN_IN_EVENT_TYPES, classifySignInEventType)],
  ["classifyUserType", enumCheck(USER_TYPES, (raw) => classifyUserType(raw))],
  ["classifyClientApp", enumCheck(CLIENT_APPS, classifyClientApp)],
  ["classifyClientCredentialType", enumCheck(CLIENT_CREDENTIAL_TYPES, classifyClientCredentialType)],
  ["classifyIncomingTokenType", enumCheck(INCOMING_TOKEN_TYPES, classifyIncomingTokenType)],
  ["classifyTokenIssuerType", enumCheck(TOKEN_ISSUER_TYPES, classifyTokenIssuerType)],
  [
    "classifyAuthenticationRequirement",
    enumCheck(AUTHENTICATION_REQUIREMENTS, classifyAuthenticationRequirement),
  ],
  ["classifyRiskLevel", enumCheck(RISK_LEVELS, classifyRiskLevel)],
  ["classifyRiskState", enumCheck(RISK_STATES, classifyRiskState)],
  ["classifyRiskDetail", enumCheck(RISK_DETAILS, classifyRiskDetail)],
  ["classifyProtocolType", enumCheck(PROTOCOL_TYPES, classifyProtocolType)],
  ["classifyMsiType", enumCheck(MSI_TYPES, classifyMsiType)],
  ["classifyNetworkType", enumCheck(NETWORK_TYPES, classifyNetworkType)],
  ["classifyPerUserMfaState", enumCheck(PER_USER_MFA_STATES, classifyPerUserMfaState)],
  ["classifyPhoneType", enumCheck(PHONE_TYPES, classifyPhoneType)],
  ["classifyMfaRequired", enumCheck(MFA_REQUIRED, classifyMfaRequired)],
];

const SEED = 20261122;
const RUNS = 2000;

Deno.test("classifiers never throw on random input and return unknown or a known value", async (t) => {
  for (const [name, check] of CHECKS) {
    await t.step(name, () => {
      const r = prng(SEED);
      for (let i = 0; i < RUNS; i++) {
        const input = randomValue(r);
        try {
          check(input);
        } catch (e) {
          const shown = typeof input === "string" ? JSON.stringify(input) : typeof input;
          throw new Error(`Cannot classify random input #${i} (seed ${SEED}): ${shown}: ${e}`);
        }
      }
    });
  }
});

Deno.test("random inputs reach known values too (the generator is not trivially unknown)", () => {
  const r = prng(SEED);
  let known = 0;
  for (let i = 0; i < RUNS; i++) if (classifyMfaResult(randomValue(r)).kind !== "unknown") known++;
  assert.ok(known > 0);
});
