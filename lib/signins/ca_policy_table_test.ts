import assert from "node:assert/strict";
import { CaPolicyTable } from "./_ca_policy_table.ts";
import { caPolicies } from "./_coerce.ts";

const entry = (result: string, grant: readonly string[] = ["Mfa"]) => ({
  id: "00000000-0000-0000-0000-000000000001",
  displayName: "Require MFA",
  result,
  enforcedGrantControls: grant,
  enforcedSessionControls: [] as readonly string[],
  conditionsSatisfied: 3,
});
const deepFrozen = (e: ReturnType<typeof entry>) =>
  Object.freeze({
    ...e,
    enforcedGrantControls: Object.freeze([...e.enforcedGrantControls]),
    enforcedSessionControls: Object.freeze([...e.enforcedSessionControls]),
  });

Deno.test("CaPolicyTable.known: only frozen entries already shared, by identity", async (t) => {
  const cases: {
    name: string;
    make: () => Record<string, unknown>;
    remembered: boolean;
  }[] = [
    {
      name: "deeply frozen entry (the scanner's interned ones)",
      make: () => deepFrozen(entry("success")),
      remembered: true,
    },
    { name: "entry not frozen", make: () => entry("success"), remembered: false },
    {
      name: "frozen entry with controls not frozen",
      make: () => Object.freeze(entry("success", ["Mfa"])),
      remembered: false,
    },
  ];
  for (const c of cases) {
    await t.step(c.name, () => {
      const table = new CaPolicyTable();
      const e = c.make();
      assert.equal(table.known([e]), null, "nothing known before the first row");
      const first = caPolicies([e], "appliedConditionalAccessPolicies", table)!;
      const again = table.known([e]);
      if (c.remembered) {
        assert.ok(again !== null);
        assert.equal(again[0], first[0], "the same shared entry");
      } else assert.equal(again, null);
      // the same answer either way, and the shared entry has only the five fields
      assert.equal(caPolicies([e], "appliedConditionalAccessPolicies", table)![0], first[0]);
      assert.deepEqual({ ...first[0] }, {
        id: e.id,
        displayName: e.displayName,
        result: e.result,
        enforcedGrantControls: ["Mfa"],
        enforcedSessionControls: [],
      });
    });
  }
});

Deno.test("caPolicies with a table: a row with one unknown entry is mapped as a whole, as without the cache", () => {
  const table = new CaPolicyTable();
  const known = deepFrozen(entry("success"));
  caPolicies([known], "appliedConditionalAccessPolicies", table);
  const cases: { name: string; row: unknown[]; want: unknown[] }[] = [
    {
      name: "known then a new frozen entry",
      row: [known, deepFrozen(entry("failure"))],
      want: [{ result: "success" }, { result: "failure" }],
    },
    {
      name: "known then a non-object (dropped by the coercion)",
      row: [known, 7],
      want: [{ result: "success" }],
    },
    {
      name: "known then an entry to coerce (numeric result)",
      row: [known, { ...entry("x"), result: 5 }],
      want: [{ result: "success" }, { result: "5" }],
    },
  ];
  for (const c of cases) {
    const got = caPolicies(c.row, "appliedConditionalAccessPolicies", table)!;
    assert.deepEqual(got.map((p) => ({ result: p.result })), c.want, c.name);
    assert.equal(got[0], table.known([known])![0], c.name);
  }
  assert.equal(table.known([]), null, "an empty list is mapped as usual");
});
