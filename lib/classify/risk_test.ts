import assert from "node:assert/strict";
import {
  classifyRiskDetail,
  classifyRiskLevel,
  classifyRiskState,
  isRiskDetail,
  labelRiskDetail,
  labelRiskLevel,
  labelRiskState,
} from "./risk.ts";

const CASES: {
  name: string;
  classify: (raw: unknown) => { kind: string };
  input: unknown;
  expected: string;
}[] = [
  { name: "level high", classify: classifyRiskLevel, input: "high", expected: "high" },
  { name: "level Medium", classify: classifyRiskLevel, input: "Medium", expected: "medium" },
  { name: "level hidden (no P2)", classify: classifyRiskLevel, input: "hidden", expected: "hidden" },
  { name: "level sentinel", classify: classifyRiskLevel, input: "unknownFutureValue", expected: "unknown" },
  { name: "level number", classify: classifyRiskLevel, input: 3, expected: "unknown" },
  { name: "state atRisk", classify: classifyRiskState, input: "atRisk", expected: "atRisk" },
  {
    name: "state label",
    classify: classifyRiskState,
    input: "Confirmed compromised",
    expected: "confirmedCompromised",
  },
  { name: "state sentinel", classify: classifyRiskState, input: "unknownFutureValue", expected: "unknown" },
  {
    name: "detail",
    classify: classifyRiskDetail,
    input: "userPerformedSecuredPasswordReset",
    expected: "userPerformedSecuredPasswordReset",
  },
  {
    name: "detail evolvable",
    classify: classifyRiskDetail,
    input: "microsoftRevokedSessions",
    expected: "microsoftRevokedSessions",
  },
  {
    name: "detail any case",
    classify: classifyRiskDetail,
    input: "USERPASSEDMFADRIVENBYRISKBASEDPOLICY",
    expected: "userPassedMFADrivenByRiskBasedPolicy",
  },
  { name: "detail new", classify: classifyRiskDetail, input: "agentSomethingNew", expected: "unknown" },
];

Deno.test("classifyRiskLevel/State/Detail() map Graph risk members", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const r = c.classify(c.input) as { kind: string; id?: string };
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
});

Deno.test("risk labels read as English", () => {
  assert.equal(labelRiskLevel("hidden"), "Hidden (needs Entra ID P2)");
  assert.equal(labelRiskState("atRisk"), "At risk");
  assert.equal(labelRiskDetail("adminConfirmedSigninSafe"), "Admin confirmed the sign-in safe");
  assert.ok(isRiskDetail("none"));
});
