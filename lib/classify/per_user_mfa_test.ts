import assert from "node:assert/strict";
import { classifyPerUserMfaState, labelPerUserMfaState } from "./per_user_mfa.ts";

const CASES: { input: unknown; expected: string }[] = [
  { input: "disabled", expected: "disabled" },
  { input: "enabled", expected: "enabled" },
  { input: "enforced", expected: "enforced" },
  { input: "Enabled", expected: "enabled" },
  { input: "Enforced", expected: "enforced" },
  { input: "unknownFutureValue", expected: "unknown" },
  { input: true, expected: "unknown" },
];

Deno.test("classifyPerUserMfaState() maps Graph and MSOnline states", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyPerUserMfaState(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
  assert.equal(labelPerUserMfaState("enabled"), "Enabled (not yet registered)");
});
