/**
 * Classify one raw Graph sign-in with the toolkit's library: what happened with MFA, which
 * method was used, what the error code means and how each Conditional Access policy (including
 * report-only ones) would have acted.
 *
 * Run: deno run examples/classify_sign_in.ts
 */
import {
  classifyAuthMethod,
  classifyErrorCode,
  classifyMfaResult,
  explainMfaResult,
  labelAuthMethod,
  labelMfaResult,
  readCaPolicyResult,
} from "../mod.ts";

const signIn = {
  id: "00000000-0000-4000-8000-000000000001",
  userPrincipalName: "adele.vance@contoso.example",
  status: {
    errorCode: 500121,
    failureReason: "Authentication failed during strong authentication request.",
    additionalDetails: "MFA denied; phone call went to voicemail",
  },
  authenticationDetails: [{ authenticationMethod: "Phone call", succeeded: false }],
  appliedConditionalAccessPolicies: [
    { displayName: "Require MFA for all users", result: "failure" },
    { displayName: "Require compliant device (report-only)", result: "reportOnlyFailure" },
  ],
};

const mfa = classifyMfaResult(signIn.status.additionalDetails);
console.log(`MFA result: ${labelMfaResult(mfa)}`);
console.log(`What to do: ${explainMfaResult(mfa) ?? "-"}`);
const method = classifyAuthMethod(signIn.authenticationDetails[0]?.authenticationMethod);
console.log(`Method: ${labelAuthMethod(method.kind === "method" ? method.id : method.kind)}`);
console.log(`Error bucket: ${classifyErrorCode(signIn.status.errorCode).kind}`);
for (const p of signIn.appliedConditionalAccessPolicies) {
  const r = readCaPolicyResult(p.result);
  console.log(`CA ${p.displayName}: ${r.mode}, ${r.reading}`);
}
