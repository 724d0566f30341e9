import assert from "node:assert/strict";
import { normalizeKey, normalizeText } from "./_normalize.ts";

const TEXT_CASES: { input: string; expected: string }[] = [
  {
    input: "MFA denied; user declined the authentication",
    expected: "mfa denied user declined the authentication",
  },
  { input: "MFA\u00a0denied;\u00a0user\u00a0is\u00a0blocked", expected: "mfa denied user is blocked" },
  { input: "unable to reach the user\u2019s phone", expected: "unable to reach the users phone" },
  { input: "Azure Multi-Factor Authentication", expected: "azure multi factor authentication" },
  { input: "Multifactor authentication result", expected: "multi factor authentication result" },
  { input: "  authentication in-progress. ", expected: "authentication in progress" },
  { input: "\uff2d\uff26\uff21", expected: "mfa" },
  { input: "", expected: "" },
  { input: "!!!", expected: "" },
];

Deno.test("normalizeText() folds case, punctuation and NBSP", async (t) => {
  for (const c of TEXT_CASES) {
    await t.step(JSON.stringify(c.input), () => assert.equal(normalizeText(c.input), c.expected));
  }
});

const KEY_CASES: { input: string; expected: string }[] = [
  { input: "primaryRefreshToken", expected: "primaryrefreshtoken" },
  { input: "Primary Refresh Token", expected: "primaryrefreshtoken" },
  { input: "Report-only: Failure", expected: "reportonlyfailure" },
  { input: "ADFederationServicesMFAAdapter", expected: "adfederationservicesmfaadapter" },
  {
    input: "#microsoft.graph.fido2AuthenticationMethod",
    expected: "microsoftgraphfido2authenticationmethod",
  },
];

Deno.test("normalizeKey() maps spellings of one member to one key", async (t) => {
  for (const c of KEY_CASES) {
    await t.step(c.input, () => assert.equal(normalizeKey(c.input), c.expected));
  }
});
