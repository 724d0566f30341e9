import assert from "node:assert/strict";
import { classifyRequirementProvider, REQUIREMENT_PROVIDERS } from "./requirement_source.ts";
import { decideVerdict } from "./registration_verdict.ts";
import { graphFilters } from "./graph_source.ts";
import { CountMap } from "../report/count_map.ts";

Deno.test("classifyRequirementProvider() maps every documented provider to its group", async (t) => {
  const CASES: [string, string][] = [
    ["user", "perUserMfa"],
    ["securityDefaults", "securityDefaults"],
    ["mfaRegistrationRequiredBySecurityDefaults", "securityDefaults"],
    ["riskBasedPolicy", "riskPolicy"],
    ["authenticationStrengths", "conditionalAccess"],
    ["proofUpCodeRequest", "other"],
  ];
  for (const [raw, want] of CASES) {
    await t.step(`classifyRequirementProvider() maps ${raw} to ${want}`, () => {
      assert.deepEqual(classifyRequirementProvider(raw), { kind: "known", id: want });
    });
  }
  assert.equal(Object.keys(REQUIREMENT_PROVIDERS).length, 22);
  assert.deepEqual(classifyRequirementProvider("unknownFutureValue"), {
    kind: "unknown",
    raw: "unknownFutureValue",
  });
  assert.deepEqual(classifyRequirementProvider(null), { kind: "unknown", raw: null });
});

Deno.test("decideVerdict() lists each way a user falls short", async (t) => {
  const none = {
    mfaRequired: false,
    mfaPerformed: false,
    bypassed: false,
    phishingResistantUsed: false,
    legacySucceeded: false,
  };
  const rec = {
    userPrincipalName: "a@contoso.example",
    id: "",
    isMfaRegistered: undefined,
    methods: [{ id: "fido2" }],
  };
  const CASES: [string, Parameters<typeof decideVerdict>, string[]][] = [
    ["a fully covered user to no reasons", [rec, {
      ...none,
      mfaRequired: true,
      mfaPerformed: true,
      phishingResistantUsed: true,
    }], []],
    ["no record and single factor only", [undefined, none], ["noRegistrationRecord", "mfaNotRequired"]],
    ["registered by methods when isMfaRegistered is absent", [rec, { ...none, mfaRequired: true }], [
      "mfaNotPerformed",
    ]],
    ["email only to not registered", [{ ...rec, methods: [{ id: "email" }] }, {
      ...none,
      mfaRequired: true,
      mfaPerformed: true,
    }], [
      "notRegistered",
      "notPhishingResistant",
    ]],
    ["bypass and legacy auth", [rec, {
      ...none,
      mfaRequired: true,
      mfaPerformed: true,
      phishingResistantUsed: true,
      bypassed: true,
      legacySucceeded: true,
    }], [
      "mfaBypassed",
      "legacyAuthSucceeded",
    ]],
  ];
  for (const [name, args, want] of CASES) {
    await t.step(
      `decideVerdict() maps ${name}`,
      () => assert.deepEqual(decideVerdict(...args).reasons, want),
    );
  }
});

Deno.test("graphFilters() pushes --user and an --app id down and refuses other user values", () => {
  assert.deepEqual(graphFilters({ user: "11111111-2222-4333-8444-555555555555" }).clauses, [
    "userId eq '11111111-2222-4333-8444-555555555555'",
  ]);
  assert.deepEqual(graphFilters({}), { clauses: [], appName: null });
  assert.throws(() => graphFilters({ user: "ana" }), /Cannot use --user "ana"/);
});

Deno.test("CountMap keeps a __proto__ key as an ordinary key", () => {
  const m = new CountMap();
  m.add("__proto__", 2);
  const r = m.toRecord();
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.deepEqual(Object.entries(r), [["__proto__", 2]]);
});
