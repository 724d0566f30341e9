/**
 * Every list the sign-in report cuts (top N, the distinct-key memory cap) says so: a `capped`
 * entry, an "N more" row (or a pooled row) in the Markdown and CSV, and a caveat. Nothing is
 * dropped silently.
 */
import assert from "node:assert/strict";
import type { SignIn } from "../signins/mod.ts";
import { TEST_REPORT_META, testLogical, testSignIn } from "../../dev/testing/test_rows.ts";
import { OTHER_POLICIES, SignInAggregator } from "./aggregator.ts";
import { signinsReportCsv } from "./render_csv.ts";
import { renderSigninsMarkdown } from "./render_markdown.ts";

const META = TEST_REPORT_META;

function row(i: number, fields: Partial<SignIn>): SignIn {
  return testSignIn({
    id: `s-${i}`,
    userPrincipalName: `u${i}@contoso.example`,
    eventType: "interactiveUser",
    createdDateTime: `2026-11-20T10:${String(i % 60).padStart(2, "0")}:00Z`,
    appDisplayName: "Office 365",
    authenticationRequirement: "singleFactorAuthentication",
    errorCode: 0,
    ...fields,
  });
}

const policy = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  displayName: `Policy ${n}`,
  result: "success",
  enforcedGrantControls: ["Mfa"],
  enforcedSessionControls: [],
});

Deno.test("more distinct CA policies than the cap: the rest are pooled in one row with a caveat, none dropped", () => {
  const maxKeys = 5;
  const a = new SignInAggregator({ maxKeys });
  // 12 distinct policies over 4 sign-ins of 3 policies each: 36 policy results in all.
  for (let i = 0; i < 4; i++) {
    a.add(testLogical(row(i, { appliedConditionalAccessPolicies: [0, 1, 2].map((k) => policy(i * 3 + k)) })));
  }
  const r = a.summary(META);
  const policies = r.conditionalAccess.policies;
  assert.equal(policies.length, maxKeys + 1);
  assert.equal(policies.at(-1)?.displayName, OTHER_POLICIES);
  const total = policies.reduce((n, p) => n + p.results.success, 0);
  assert.equal(total, 12, "every policy result counted");
  assert.equal(policies.at(-1)?.results.success, 12 - maxKeys);
  const c = r.capped.find((x) => x.list === "conditionalAccess.policies");
  assert.deepEqual(c, {
    list: "conditionalAccess.policies",
    label: "Conditional Access policies (more than 5 distinct)",
    shown: maxKeys,
    more: null,
    moreCount: 12 - maxKeys,
    pooledAs: OTHER_POLICIES,
  });
  assert.ok(r.caveats.some((x) => x.startsWith("Conditional Access policies (more than 5 distinct)")));
  const md = renderSigninsMarkdown(r);
  assert.match(md, /\| \(other policies\) \| 7 \|/);
  assert.match(md, /Conditional Access policies \(more than 5 distinct\): the first 5 are listed/);
});

const TOP_CASES: { list: string; fill: (i: number) => Partial<SignIn>; moreRow: RegExp }[] = [
  {
    list: "locations",
    fill: (i) => ({ city: `City ${i}`, countryOrRegion: "DE" }),
    moreRow: /\| … 3 more \(not listed\) \| 3 \|/,
  },
  {
    list: "errorCodes",
    fill: (i) => ({ errorCode: 50_000 + i }),
    moreRow: /\| … 3 more \(not listed\) \| 3 \| {2}\| {2}\|/,
  },
  {
    list: "legacyAuth.topUsers",
    fill: () => ({ clientAppUsed: "IMAP4" }),
    moreRow: /\| … 3 more \(not listed\) \| 3 \| {2}\|/,
  },
];

Deno.test("top-N lists end with an N more row, a caveat and a CSV row", async (t) => {
  for (const c of TOP_CASES) {
    await t.step(c.list, () => {
      const a = new SignInAggregator({ top: 5 });
      for (let i = 0; i < 8; i++) a.add(testLogical(row(i, c.fill(i))));
      const r = a.summary(META);
      const capped = r.capped.find((x) => x.list === c.list);
      assert.deepEqual(
        capped && [capped.shown, capped.more, capped.moreCount],
        [5, 3, 3],
        JSON.stringify(r.capped),
      );
      assert.ok(
        r.caveats.some((x) => x.includes("the first 5 are listed; 3 more, with 3 sign-ins between them")),
      );
      assert.match(renderSigninsMarkdown(r), c.moreRow);
      assert.match(signinsReportCsv(r), new RegExp(`\\r\\ncapped,${c.list.replace(/\./g, "\\.")},[^,]*,3,`));
    });
  }
});

Deno.test("a list that fits is not marked capped", () => {
  const a = new SignInAggregator({ top: 10 });
  for (let i = 0; i < 3; i++) a.add(testLogical(row(i, { errorCode: 50_000 + i })));
  const r = a.summary(META);
  assert.deepEqual(r.capped, []);
  assert.doesNotMatch(renderSigninsMarkdown(r), /more \(not listed\)/);
});
