/** Every spelling listed in every enum table classifies back to its own id (so no two ids share a spelling). */
import assert from "node:assert/strict";
import type { EnumTable } from "./_enum.ts";
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
} from "./conditional_access.ts";
import { classifyCrossTenantAccessType, CROSS_TENANT_ACCESS_TYPES } from "./cross_tenant.ts";
import { classifySignInEventType, SIGN_IN_EVENT_TYPES } from "./event_type.ts";
import { classifyMsiType, MSI_TYPES } from "./managed_identity.ts";
import { classifyMfaRequired, MFA_REQUIRED } from "./mfa_required.ts";
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

type Classify = (raw: unknown) => { kind: string; id?: string };

const TABLES: [string, EnumTable, Classify][] = [
  ["AUTHENTICATION_REQUIREMENTS", AUTHENTICATION_REQUIREMENTS, classifyAuthenticationRequirement],
  ["CLIENT_APPS", CLIENT_APPS, classifyClientApp],
  ["CLIENT_CREDENTIAL_TYPES", CLIENT_CREDENTIAL_TYPES, classifyClientCredentialType],
  ["CA_STATUSES", CA_STATUSES, classifyCaStatus],
  ["CA_POLICY_RESULTS", CA_POLICY_RESULTS, classifyCaPolicyResult],
  ["CA_GRANT_CONTROLS", CA_GRANT_CONTROLS, classifyCaGrantControl],
  ["CA_SESSION_CONTROLS", CA_SESSION_CONTROLS, classifyCaSessionControl],
  ["SIGN_IN_EVENT_TYPES", SIGN_IN_EVENT_TYPES, classifySignInEventType],
  ["MSI_TYPES", MSI_TYPES, classifyMsiType],
  ["MFA_REQUIRED", MFA_REQUIRED, classifyMfaRequired],
  ["NETWORK_TYPES", NETWORK_TYPES, classifyNetworkType],
  ["PER_USER_MFA_STATES", PER_USER_MFA_STATES, classifyPerUserMfaState],
  ["PHONE_TYPES", PHONE_TYPES, classifyPhoneType],
  ["PROTOCOL_TYPES", PROTOCOL_TYPES, classifyProtocolType],
  ["RISK_LEVELS", RISK_LEVELS, classifyRiskLevel],
  ["RISK_STATES", RISK_STATES, classifyRiskState],
  ["RISK_DETAILS", RISK_DETAILS, classifyRiskDetail],
  ["INCOMING_TOKEN_TYPES", INCOMING_TOKEN_TYPES, classifyIncomingTokenType],
  ["TOKEN_ISSUER_TYPES", TOKEN_ISSUER_TYPES, classifyTokenIssuerType],
  ["USER_TYPES", USER_TYPES, (raw) => classifyUserType(raw)],
];

Deno.test("every enum table: id, label and aliases classify back to the id", async (t) => {
  for (const [name, table, classify] of TABLES) {
    await t.step(name, () => {
      for (const [id, e] of Object.entries(table)) {
        for (const spelling of [id, e.label, ...(e.aliases ?? [])]) {
          const r = classify(spelling);
          assert.equal(r.kind, "known", `${name}: ${spelling}`);
          assert.equal(r.id, id, `${name}: ${spelling}`);
        }
      }
    });
  }
});

Deno.test("CROSS_TENANT_ACCESS_TYPES: id and label classify back to the flag", () => {
  for (const [id, e] of Object.entries(CROSS_TENANT_ACCESS_TYPES)) {
    for (const spelling of [id, e.label]) {
      assert.deepEqual(classifyCrossTenantAccessType(spelling), {
        kind: "known",
        flags: [id],
        unknownParts: [],
      });
    }
  }
});

Deno.test("no table claims the Graph sentinel", () => {
  for (const [name, , classify] of TABLES) {
    assert.equal(classify("unknownFutureValue").kind, "unknown", name);
    assert.equal(classify("UnknownFutureValue").kind, "unknown", name);
  }
});
