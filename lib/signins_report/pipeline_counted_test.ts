/**
 * Sign-ins counted elsewhere (`ReportPipeline.pushCounted`, a Log Analytics workspace summarized
 * them) give the report and merge counters of the same rows pushed through the merge: a sign-in of
 * one row, an interrupt alone among them.
 */
import assert from "node:assert/strict";
import type { SignIn } from "../signins/mod.ts";
import { TEST_REPORT_META, testSignIn } from "../../dev/testing/test_rows.ts";
import { SignInAggregator } from "./aggregator.ts";
import { ReportPipeline } from "./pipeline.ts";

const row = (fields: Partial<SignIn>): SignIn =>
  testSignIn({
    userPrincipalName: "ana@contoso.example",
    eventType: "interactiveUser",
    createdDateTime: "2026-11-20T10:00:00Z",
    appDisplayName: "Office 365",
    authenticationRequirement: "multiFactorAuthentication",
    correlationId: "c1",
    ...fields,
  });

const META = TEST_REPORT_META;

Deno.test("a sign-in of one row counted gives what the merge gives it, an interrupt alone included", () => {
  const cases: [string, Partial<SignIn>][] = [
    ["success", { errorCode: 0, additionalDetails: "MFA successfully completed" }],
    ["MFA interrupt never completed", { errorCode: 50074, additionalDetails: "MFA required in Azure AD" }],
    ["registration interrupt", { errorCode: 50079 }],
    ["keep me signed in", { errorCode: 50140 }],
    ["MFA denied", { errorCode: 500121, additionalDetails: "MFA denied; user declined the authentication" }],
  ];
  for (const [name, fields] of cases) {
    const mergedAgg = new SignInAggregator(), countedAgg = new SignInAggregator();
    const m = new ReportPipeline(mergedAgg), c = new ReportPipeline(countedAgg);
    const s = row(fields);
    for (let i = 0; i < 3; i++) m.push({ ...s, id: `r${i}`, correlationId: `c${i}` });
    m.finish();
    c.pushCounted(s, s, 3);
    const meta = (p: ReportPipeline) => ({ ...META, merge: { ...META.merge, ...p.mergeStats } });
    assert.deepEqual(c.mergeStats.interruptedIncomplete, m.mergeStats.interruptedIncomplete, name);
    assert.deepEqual(countedAgg.summary(meta(c)), mergedAgg.summary(meta(m)), name);
  }
});
