import assert from "node:assert/strict";
import { isAuthMethodId } from "./auth_method.ts";
import { classifyPhoneType, labelPhoneType, PHONE_TYPES } from "./phone_type.ts";

const CASES: { input: unknown; expected: string; method?: string }[] = [
  { input: "mobile", expected: "mobile", method: "mobilePhone" },
  { input: "alternateMobile", expected: "alternateMobile", method: "alternateMobilePhone" },
  { input: "office", expected: "office", method: "officePhone" },
  { input: "Office phone", expected: "office", method: "officePhone" },
  { input: "unknownFutureValue", expected: "unknown" },
];

Deno.test("classifyPhoneType() maps phone types to registered phone methods", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyPhoneType(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
      if (r.kind === "known") {
        assert.equal(PHONE_TYPES[r.id].method, c.method);
        assert.ok(isAuthMethodId(PHONE_TYPES[r.id].method));
      }
    });
  }
  assert.equal(labelPhoneType("alternateMobile"), "Alternate mobile phone");
});
