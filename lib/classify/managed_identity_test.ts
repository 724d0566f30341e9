import assert from "node:assert/strict";
import { classifyMsiType, labelMsiType } from "./managed_identity.ts";

const CASES: { input: unknown; expected: string }[] = [
  { input: "none", expected: "none" },
  { input: "userAssigned", expected: "userAssigned" },
  { input: "systemAssigned", expected: "systemAssigned" },
  { input: "System-assigned", expected: "systemAssigned" },
  { input: "unknownFutureValue", expected: "unknown" },
  { input: null, expected: "unknown" },
];

Deno.test("classifyMsiType() maps managed identity types", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyMsiType(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
  assert.equal(labelMsiType("userAssigned"), "User-assigned");
});
