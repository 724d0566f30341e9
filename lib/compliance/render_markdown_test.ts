import assert from "node:assert/strict";
import type { BaselineChanges } from "./baseline.ts";
import type { RuleResult } from "./evaluate.ts";
import { parsePolicy } from "./policy.ts";
import {
  actualText,
  demoteHeadings,
  renderComplianceMarkdown,
  stepSummaryMarkdown,
  thresholdText,
} from "./render_markdown.ts";
import { complianceReportJson } from "./report_json.ts";

const TEXTS: {
  name: string;
  r: Pick<RuleResult, "check" | "comparison" | "unit" | "threshold" | "actual">;
  threshold: string;
  actual: string;
}[] = [
  {
    name: "percent",
    r: {
      check: "mfaRegisteredPercent",
      comparison: "atLeast",
      unit: "percent",
      threshold: 95,
      actual: 81.25,
    },
    threshold: "≥ 95%",
    actual: "81.25%",
  },
  {
    name: "one user",
    r: { check: "adminsWithoutMfa", comparison: "atMost", unit: "users", threshold: 0, actual: 1 },
    threshold: "≤ 0 users",
    actual: "1 user",
  },
  {
    name: "sign-ins",
    r: { check: "legacyAuthSucceeded", comparison: "atMost", unit: "signIns", threshold: 1, actual: 1200 },
    threshold: "≤ 1 sign-in",
    actual: "1,200 sign-ins",
  },
  {
    name: "policies",
    r: { check: "caPoliciesEnabled", comparison: "atLeast", unit: "policies", threshold: 1, actual: 0 },
    threshold: "all 1 policy",
    actual: "0 of 1 policy",
  },
  {
    name: "days",
    r: { check: "caReportOnlyDays", comparison: "atMost", unit: "days", threshold: 30, actual: null },
    threshold: "≤ 30 days",
    actual: "not evaluated (no data)",
  },
];

Deno.test("thresholdText() and actualText() show the unit and the comparison", async (t) => {
  for (const c of TEXTS) {
    await t.step(c.name, () => {
      assert.equal(thresholdText(c.r), c.threshold);
      assert.equal(actualText(c.r), c.actual);
    });
  }
});

Deno.test("demoteHeadings() shifts headings outside fenced code only", async (t) => {
  const CASES = [
    { name: "levels", input: "# A\n## B\n###### F\n", output: "## A\n### B\n###### F\n" },
    { name: "not a heading", input: "#hashtag\n    # code\n", output: "#hashtag\n    # code\n" },
    {
      name: "fences",
      input: "````\n```\n# in\n```\n# still in\n````\n# out\n",
      output: "````\n```\n# in\n```\n# still in\n````\n## out\n",
    },
  ];
  for (const c of CASES) await t.step(c.name, () => assert.equal(demoteHeadings(c.input), c.output));
});

Deno.test("renderComplianceMarkdown() escapes tenant data and shows the changes section", () => {
  const policy = parsePolicy(
    '{ "rules": [{ "id": "admins", "check": "adminsWithoutMfa", "threshold": 0 }] }',
    "c.jsonc",
  );
  const doc = complianceReportJson(policy, {
    now: new Date("2026-11-20T12:00:00Z"),
    registration: null,
    signIns: null,
    conditionalAccess: null,
  }, [{
    id: "admins",
    check: "adminsWithoutMfa",
    description: "Admins | <script>alert(1)</script>",
    severity: "fail",
    status: "fail",
    evaluated: true,
    onNoData: "fail",
    rows: 9,
    comparison: "atMost",
    unit: "users",
    threshold: 0,
    actual: 3,
    detail: ["a@contoso.example", "b_c@contoso.example", "d@contoso.example"],
    note: "5 in-scope admins",
  }]);
  const changes: BaselineChanges = {
    baseline: { file: "prev.json", generatedAt: "2026-11-19T12:00:00.000Z" },
    rules: [{ id: "admins", before: "pass", after: "fail", beforeActual: 0, afterActual: 3 }],
    rates: [{ metric: "mfaRegistered", before: 80, after: 81.25, changePoints: 1.25 }],
    lostMfaRegistration: ["lee@contoso.example"],
    newlyRegistered: [],
    newAdminsWithoutMfa: ["lee@contoso.example"],
    resolvedAdminsWithoutMfa: [],
    newAdminsWithoutPhishingResistant: [],
    resolvedAdminsWithoutPhishingResistant: [],
    usersAdded: 0,
    usersRemoved: 0,
    caveats: [],
  };
  doc.changes = changes;
  const md = renderComplianceMarkdown(doc, { listLimit: 2 });
  assert.ok(
    md.includes(
      "| admins | Admins \\| &lt;script&gt;alert(1)&lt;/script&gt; | fail | ≤ 0 users | 3 users | 9 in-scope admins | ❌ fail |",
    ),
  );
  assert.ok(
    md.includes("- a@contoso.example\n- b\\_c@contoso.example\n\n… and 1 more (the JSON lists them all).\n"),
  );
  assert.ok(md.includes("| admins | ✅ pass | ❌ fail | 0 | 3 |"));
  assert.ok(md.includes("| Registered for MFA | 80.00% | 81.25% | \\+1.25 pp |"));
  assert.ok(md.includes("### Users who lost MFA registration (1)\n\n- lee@contoso.example\n"));
  assert.ok(md.includes("### Users newly registered for MFA (0)\n\n_None._\n"));
  assert.ok(!md.includes("<script>"));
  const summary = stepSummaryMarkdown(doc);
  assert.ok(summary.startsWith("## MFA compliance: ❌ fail\n"));
  assert.ok(
    summary.includes(
      "Since 2026-11-19T12:00:00.000Z: 1 user(s) lost MFA registration, 1 new admin(s) without MFA, 1 rule change(s).",
    ),
  );
});
