import assert from "node:assert/strict";
import {
  classifyAuthenticationRequirement,
  labelAuthenticationRequirement,
} from "./authentication_requirement.ts";

const CASES: { input: unknown; expected: string }[] = [
  { input: "singleFactorAuthentication", expected: "singleFactorAuthentication" },
  { input: "multiFactorAuthentication", expected: "multiFactorAuthentication" },
  { input: "Single-factor authentication", expected: "singleFactorAuthentication" },
  { input: "Multifactor authentication", expected: "multiFactorAuthentication" },
  { input: "Multi-factor authentication", expected: "multiFactorAuthentication" },
  { input: "twoFactorAuthentication", expected: "unknown" },
  { input: undefined, expected: "unknown" },
];

Deno.test("classifyAuthenticationRequirement() maps Graph and portal spellings", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyAuthenticationRequirement(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
  assert.equal(labelAuthenticationRequirement("singleFactorAuthentication"), "Single-factor authentication");
});
