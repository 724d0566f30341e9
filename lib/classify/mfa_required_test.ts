import assert from "node:assert/strict";
import { classifyMfaRequired, labelMfaRequired } from "./mfa_required.ts";

const CASES: { input: unknown; expected: string }[] = [
  { input: "Yes", expected: "required" },
  { input: "No", expected: "notRequired" },
  { input: "yes ", expected: "required" },
  { input: "TRUE", expected: "required" },
  { input: "false", expected: "notRequired" },
  { input: true, expected: "required" },
  { input: false, expected: "notRequired" },
  { input: "", expected: "unknown" },
  { input: 1, expected: "unknown" },
  { input: "Maybe", expected: "unknown" },
];

Deno.test("classifyMfaRequired() maps the legacy report's Yes/No column", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyMfaRequired(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
  assert.equal(labelMfaRequired("notRequired"), "MFA not required");
});
