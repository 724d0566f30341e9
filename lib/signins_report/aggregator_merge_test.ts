import assert from "node:assert/strict";
import type { LogicalSignIn, SignIn } from "../signins/mod.ts";
import { TEST_REPORT_META, testLogical, testSignIn } from "../../dev/testing/test_rows.ts";
import { sampleLogicalSignIns } from "../../dev/testing/sample_logical.ts";
import { type AggregatorOptions, SignInAggregator } from "./aggregator.ts";

const META = TEST_REPORT_META;

function row(upn: string | null, at: string, fields: Partial<SignIn> = {}): SignIn {
  return testSignIn({
    userPrincipalName: upn,
    eventType: "interactiveUser",
    createdDateTime: at,
    appDisplayName: "Office 365",
    authenticationRequirement: "multiFactorAuthentication",
    ...fields,
  });
}

const policy = (id: string, displayName: string | null, result: string) => ({
  id,
  displayName,
  result,
  enforcedGrantControls: ["Mfa"],
  enforcedSessionControls: [],
});

/** Ties and first/last-wins values that a merge must settle as one pass would. */
function tieRows(): LogicalSignIn[] {
  const deny = { errorCode: 500121, additionalDetails: "MFA denied; user declined the authentication" };
  return [
    row("ana@contoso.example", "2026-11-20T10:00:00Z", { ...deny, appDisplayName: "App A" }),
    row("ana@contoso.example", "2026-11-20T10:00:00Z", {
      ...deny,
      appDisplayName: "App B",
      userDisplayName: "Ana",
    }),
    row("bo@contoso.example", "2026-11-20T09:00:00Z", {
      appliedConditionalAccessPolicies: [policy("p1", null, "success")],
    }),
    row("bo@contoso.example", "2026-11-20T09:00:00.000Z", {
      userDisplayName: "Bo",
      appliedConditionalAccessPolicies: [policy("p1", "Require MFA", "failure"), policy("p2", null, "odd")],
      errorCode: 500121,
      additionalDetails: "MFA denied; Fraud Code Entered",
    }),
    row("bo@contoso.example", "2026-11-20T11:00:00Z", {
      appliedConditionalAccessPolicies: [policy("p1", null, "success")],
      clientAppUsed: "IMAP4",
      tokenIssuerType: "ADFederationServices",
    }),
    row(null, "2026-11-20T08:00:00Z", { additionalDetails: "Something new" }),
    row("cy@contoso.example", "2026-11-20T12:00:00Z", { userDisplayName: "Cy", appDisplayName: null }),
  ].map((s) => testLogical(s));
}

function whole(list: readonly LogicalSignIn[], o: AggregatorOptions): SignInAggregator {
  const a = new SignInAggregator(o);
  for (const l of list) a.add(l);
  return a;
}

/** Cut points: every one for short lists, else the edges and ten in between. */
function cuts(n: number): number[][] {
  if (n <= 12) {
    const out: number[][] = [];
    for (let i = 0; i <= n; i++) {
      out.push([i]);
      for (let j = i; j <= n; j++) out.push([i, j]);
    }
    return out;
  }
  const one = [0, 1, n - 1, n, ...Array.from({ length: 10 }, (_, k) => Math.floor((k + 1) * n / 11))];
  return [...one.map((c) => [c]), [Math.floor(n / 3), Math.floor(2 * n / 3)], [1, n - 1]];
}

const CASES: { name: string; list: () => Promise<LogicalSignIn[]>; options: AggregatorOptions }[] = [
  { name: "sample tenant (seed 3)", list: () => sampleLogicalSignIns(3, 4), options: {} },
  { name: "sample tenant (seed 9), top 3", list: () => sampleLogicalSignIns(9, 4), options: { top: 3 } },
  {
    name: "ties, names given late, unnamed policies, no user",
    list: () => Promise.resolve(tieRows()),
    options: {},
  },
];

for (const c of CASES) {
  Deno.test(`SignInAggregator.merge: the parts of "${c.name}" merged give the whole's report`, async () => {
    const list = await c.list();
    const expected = whole(list, c.options).summary(META);
    assert.ok(expected.totals.signIns === list.length && list.length > 0);
    for (const points of cuts(list.length)) {
      const bounds = [0, ...points, list.length];
      const parts: SignInAggregator[] = [];
      for (let i = 0; i + 1 < bounds.length; i++) {
        parts.push(whole(list.slice(bounds[i], bounds[i + 1]), c.options));
      }
      const merged = parts[0]!;
      for (const p of parts.slice(1)) merged.merge(p);
      assert.deepEqual(merged.summary(META), expected, `cut at ${points.join(", ")}`);
    }
  });
}

for (const c of CASES) {
  Deno.test(`SignInAggregator.exportState: "${c.name}" through a structured clone gives the same report, whole and in parts`, async () => {
    const list = await c.list();
    const original = whole(list, c.options);
    const expected = original.summary(META);
    const state = original.exportState();
    assert.equal(state.pooled, false);
    assert.equal(original.pooled(), false);
    const back = SignInAggregator.fromState(structuredClone(state), c.options);
    assert.deepEqual(back.summary(META), expected);
    // the restored aggregator keeps counting as the original would
    const more = list.slice(0, 5);
    const a = whole(list, c.options),
      b = SignInAggregator.fromState(structuredClone(a.exportState()), c.options);
    for (const l of more) {
      a.add(l);
      b.add(l);
    }
    assert.deepEqual(b.summary(META), a.summary(META));
    // parts restored from their states, merged in order
    const third = Math.floor(list.length / 3);
    const parts = [list.slice(0, third), list.slice(third, 2 * third), list.slice(2 * third)]
      .map((p) => SignInAggregator.fromState(structuredClone(whole(p, c.options).exportState()), c.options));
    for (const p of parts.slice(1)) parts[0]!.merge(p);
    assert.deepEqual(parts[0]!.summary(META), expected);
  });
}

Deno.test("SignInAggregator.exportState and pooled(): a state whose capped map pooled keys says so", () => {
  const list = tieRows();
  const a = whole(list, { maxKeys: 1 });
  assert.equal(a.exportState().pooled, true);
  assert.equal(a.pooled(), true);
});
