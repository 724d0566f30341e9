import assert from "node:assert/strict";
import { type CaVisibility, caVisibilityOf } from "./ca_visibility.ts";

Deno.test("caVisibilityOf() tells hidden CA detail from visible and unknown", async (t) => {
  const CASES: { name: string; signIns: Record<string, unknown>[]; want: CaVisibility["kind"] }[] = [
    { name: "no sign-ins", signIns: [], want: "undetermined" },
    {
      name: "status present, policies never",
      signIns: [{ conditionalAccessStatus: "success" }, { conditionalAccessStatus: "notApplied" }],
      want: "hidden",
    },
    {
      name: "one sign-in with an empty policy list",
      signIns: [{ conditionalAccessStatus: "notApplied" }, {
        conditionalAccessStatus: "notApplied",
        appliedConditionalAccessPolicies: [],
      }],
      want: "visible",
    },
    {
      name: "policies present",
      signIns: [{ conditionalAccessStatus: "success", appliedConditionalAccessPolicies: [{ id: "p" }] }],
      want: "visible",
    },
    {
      name: "neither property (e.g. a CSV import)",
      signIns: [{ id: "1" }, { conditionalAccessStatus: null }],
      want: "undetermined",
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.name} → ${c.want}`, () => {
      const r = caVisibilityOf(c.signIns);
      assert.equal(r.kind, c.want);
      assert.equal(r.signIns, c.signIns.length);
    });
  }
});
