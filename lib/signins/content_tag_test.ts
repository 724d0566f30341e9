import assert from "node:assert/strict";
import { contentTag } from "./_content_tag.ts";
import { CaPolicyTable } from "./_ca_policy_table.ts";
import { readSignInBatches } from "./read_sign_ins.ts";
import type { SignIn } from "./sign_in.ts";
import { generateSignIns } from "../../dev/sample/mod.ts";

/** The fingerprint as first written (a closure hashing `String(v)`): the fast one must equal it. */
function referenceTag(r: SignIn): number {
  let h = 0x811c9dc5 | 0;
  const mix = (v: string | number | boolean | null | undefined) => {
    const s = v === null || v === undefined ? "\u0000" : typeof v === "string" ? v : String(v);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  };
  mix(r.createdAtMs);
  mix(r.userPrincipalName);
  mix(r.userId);
  mix(r.appDisplayName);
  mix(r.ipAddress);
  mix(r.errorCode);
  mix(r.resultStatus);
  mix(r.conditionalAccessStatus);
  mix(r.authenticationRequirement);
  const steps = r.authenticationDetails;
  mix(steps == null ? null : steps.length);
  if (steps != null) {
    for (const d of steps) {
      mix(d.method);
      mix(d.succeeded);
      mix(d.resultDetail);
    }
  }
  const policies = r.appliedConditionalAccessPolicies;
  mix(policies == null ? null : policies.length);
  if (policies != null) {
    for (const p of policies) {
      mix(p.id);
      mix(p.result);
    }
  }
  return h >>> 0;
}

Deno.test("contentTag() equals the String()-based fingerprint on sample-tenant rows", async () => {
  const rows = [...generateSignIns({ seed: 3, users: 40, days: 20, signInsPerUserPerDay: 3 })];
  const text = rows.map((r) => JSON.stringify(r)).join("\n");
  let n = 0;
  for await (const batch of readSignInBatches(new Blob([text]).stream())) {
    for (const s of batch) {
      assert.equal(contentTag(s), referenceTag(s));
      n++;
    }
  }
  assert.ok(n > 1000, `${n} rows`);
});

Deno.test("contentTag() equals the String()-based fingerprint on edge values", () => {
  const base = { createdAtMs: 0, errorCode: 0 } as unknown as SignIn;
  const numbers = [
    0,
    -0,
    1,
    -1,
    9,
    10,
    99,
    100,
    50074,
    -50074,
    999_999_999,
    1_000_000_000,
    2_147_483_647,
    2_147_483_648,
    -2_147_483_648,
    -2_147_483_649,
    4_294_967_296,
    1_000_000_000_000,
    1_763_640_000_000,
    1_763_640_000_009,
    -1_763_640_000_001,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    2 ** 53,
    1e21,
    1.5,
    -0.25,
    NaN,
    Infinity,
    -Infinity,
  ];
  const cases: Record<string, unknown>[] = [
    ...numbers.flatMap((n) => [{ createdAtMs: n }, { errorCode: n }]),
    { userPrincipalName: "émile@contoso.example", ipAddress: "2001:db8::1" },
    { userPrincipalName: "\u0000", userId: "" },
    { createdAtMs: null, errorCode: null, resultStatus: undefined },
    {
      authenticationDetails: [
        { method: "Password", succeeded: true, resultDetail: null },
        { method: null, succeeded: false, resultDetail: "MFA denied; 🔐" },
        { method: "SMS", succeeded: null, resultDetail: "" },
      ],
      appliedConditionalAccessPolicies: [{ id: "00000000-0000-0000-0000-000000000001", result: "success" }, {
        id: null,
        result: null,
      }],
    },
    { authenticationDetails: [], appliedConditionalAccessPolicies: [] },
  ];
  for (const c of cases) {
    const r = { ...base, ...c } as unknown as SignIn;
    assert.equal(contentTag(r), referenceTag(r), JSON.stringify(c));
  }
});

Deno.test("contentTag() hashes a shared policy entry in one step with the same value, from every state", () => {
  const table = new CaPolicyTable();
  const entry = (id: string | null, result: string | null) =>
    table.shared({ id, displayName: null, result, enforcedGrantControls: [], enforcedSessionControls: [] });
  const lists = [
    [entry("00000000-0000-0000-0000-000000000001", "success"), entry(null, "notApplied")],
    [entry("p2", null), entry(null, null)],
    // a code unit of 128 or more: hashed unit by unit
    [entry("política-ü", "success"), entry("p3", "réussi"), entry("p4", "reportOnlyFailure")],
  ];
  let n = 0;
  // enough different states before the entries to meet every low-7-bit residue
  for (let i = 0; i < 2000; i++) {
    for (const list of lists) {
      const r = {
        createdAtMs: i,
        errorCode: 0,
        userPrincipalName: `u${i}@contoso.example`,
        appliedConditionalAccessPolicies: list,
      } as unknown as SignIn;
      assert.equal(contentTag(r), referenceTag(r));
      n++;
    }
  }
  assert.equal(n, 6000);
});
