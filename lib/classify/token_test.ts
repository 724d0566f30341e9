import assert from "node:assert/strict";
import {
  classifyIncomingTokenType,
  classifyTokenIssuerType,
  isTokenIssuerType,
  labelIncomingTokenType,
  labelTokenIssuerType,
} from "./token.ts";

const CASES: {
  name: string;
  classify: (raw: unknown) => { kind: string };
  input: unknown;
  expected: string;
}[] = [
  {
    name: "PRT member",
    classify: classifyIncomingTokenType,
    input: "primaryRefreshToken",
    expected: "primaryRefreshToken",
  },
  {
    name: "PRT display string",
    classify: classifyIncomingTokenType,
    input: "Primary Refresh Token",
    expected: "primaryRefreshToken",
  },
  { name: "saml11", classify: classifyIncomingTokenType, input: "saml11", expected: "saml11" },
  { name: "SAML 2.0 label", classify: classifyIncomingTokenType, input: "SAML 2.0", expected: "saml20" },
  {
    name: "evolvable remoteDesktopToken",
    classify: classifyIncomingTokenType,
    input: "remoteDesktopToken",
    expected: "remoteDesktopToken",
  },
  {
    name: "evolvable refreshToken",
    classify: classifyIncomingTokenType,
    input: "refreshToken",
    expected: "refreshToken",
  },
  { name: "none", classify: classifyIncomingTokenType, input: "none", expected: "none" },
  {
    name: "token sentinel",
    classify: classifyIncomingTokenType,
    input: "unknownFutureValue",
    expected: "unknown",
  },
  { name: "issuer PascalCase", classify: classifyTokenIssuerType, input: "AzureAD", expected: "azureAd" },
  { name: "issuer lower case", classify: classifyTokenIssuerType, input: "azuread", expected: "azureAd" },
  {
    name: "issuer AD FS",
    classify: classifyTokenIssuerType,
    input: "ADFederationServices",
    expected: "adFederationServices",
  },
  {
    name: "issuer backup auth",
    classify: classifyTokenIssuerType,
    input: "AzureADBackupAuth",
    expected: "azureAdBackupAuth",
  },
  {
    name: "issuer MFA adapter",
    classify: classifyTokenIssuerType,
    input: "ADFederationServicesMFAAdapter",
    expected: "adFederationServicesMfaAdapter",
  },
  { name: "issuer NPS", classify: classifyTokenIssuerType, input: "NPSExtension", expected: "npsExtension" },
  {
    name: "issuer sentinel",
    classify: classifyTokenIssuerType,
    input: "UnknownFutureValue",
    expected: "unknown",
  },
  { name: "issuer null", classify: classifyTokenIssuerType, input: null, expected: "unknown" },
];

Deno.test("classifyIncomingTokenType() and classifyTokenIssuerType() map members and display strings", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const r = c.classify(c.input) as { kind: string; id?: string };
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
});

Deno.test("token labels", () => {
  assert.equal(labelIncomingTokenType("primaryRefreshToken"), "Primary Refresh Token");
  assert.equal(labelTokenIssuerType("npsExtension"), "NPS extension");
  assert.ok(!isTokenIssuerType("AzureAD"), "ids are camelCase");
});
