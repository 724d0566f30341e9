import assert from "node:assert/strict";
import { diffBaseline, parseBaseline } from "./baseline.ts";

function prevDoc(over: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    generatedAt: "2026-11-19T12:00:00.000Z",
    rules: [
      { id: "admins", status: "pass", actual: 0 },
      { id: "registered", status: "pass", actual: 80 },
      { id: "gone", status: "warn", actual: 3 },
    ],
    registration: {
      semantics: "modern",
      scope: { userType: "member" },
      rates: { mfaRegistered: 80, mfaCapable: 70.5, phishingResistant: 10, phoneOnly: null },
      admins: {
        known: true,
        withoutMfa: [],
        withoutPhishingResistant: ["root@contoso.example", "ops@contoso.example"],
      },
      users: {
        registered: [
          "ana@contoso.example",
          "Bo@contoso.example",
          "cy@contoso.example",
          "left@contoso.example",
        ],
        notRegistered: ["dee@contoso.example", "eve@contoso.example"],
      },
    },
    ...over,
  };
}

const current = {
  generatedAt: "2026-11-20T12:00:00.000Z",
  rules: [
    { id: "admins", status: "fail" as const, actual: 1 },
    { id: "registered", status: "pass" as const, actual: 80 },
    { id: "new-rule", status: "pass" as const, actual: 0 },
  ],
  registration: {
    semantics: "modern" as const,
    scope: { userType: "member" },
    rates: { mfaRegistered: 66.66, mfaCapable: 70.5, phishingResistant: 12.25, phoneOnly: 5 },
    admins: {
      known: true,
      withoutMfa: ["bo@contoso.example"],
      withoutPhishingResistant: ["ops@contoso.example", "bo@contoso.example"],
    },
    users: {
      registered: ["ana@contoso.example", "dee@contoso.example", "new@contoso.example"],
      notRegistered: ["bo@contoso.example", "cy@contoso.example", "eve@contoso.example"],
    },
  },
};

Deno.test("diffBaseline() lists exactly the users, admins, rates and rules that changed", () => {
  const c = diffBaseline(parseBaseline(JSON.stringify(prevDoc()), "prev.json"), current);
  assert.deepEqual(c.baseline, { file: "prev.json", generatedAt: "2026-11-19T12:00:00.000Z" });
  // Bo (case differs) and cy were registered and are not now; left@ left the scope; new@ is new.
  assert.deepEqual(c.lostMfaRegistration, ["bo@contoso.example", "cy@contoso.example"]);
  assert.deepEqual(c.newlyRegistered, ["dee@contoso.example"]);
  assert.equal(c.usersAdded, 1);
  assert.equal(c.usersRemoved, 1);
  assert.deepEqual(c.newAdminsWithoutMfa, ["bo@contoso.example"]);
  assert.deepEqual(c.resolvedAdminsWithoutMfa, []);
  assert.deepEqual(c.newAdminsWithoutPhishingResistant, ["bo@contoso.example"]);
  assert.deepEqual(c.resolvedAdminsWithoutPhishingResistant, ["root@contoso.example"]);
  assert.deepEqual(c.rates, [
    { metric: "mfaRegistered", before: 80, after: 66.66, changePoints: -13.34 },
    { metric: "mfaCapable", before: 70.5, after: 70.5, changePoints: 0 },
    { metric: "phishingResistant", before: 10, after: 12.25, changePoints: 2.25 },
    { metric: "phoneOnly", before: null, after: 5, changePoints: null },
  ]);
  assert.deepEqual(c.rules, [
    { id: "admins", before: "pass", after: "fail", beforeActual: 0, afterActual: 1 },
    { id: "new-rule", before: null, after: "pass", beforeActual: null, afterActual: 0 },
    { id: "gone", before: "warn", after: null, beforeActual: 3, afterActual: null },
  ]);
  assert.deepEqual(c.caveats, []);
});

Deno.test("diffBaseline() says what limits the comparison", async (t) => {
  const CASES = [
    {
      name: "different semantics and scope",
      prev: prevDoc({
        registration: { ...prevDoc().registration, semantics: "msonline", scope: { userType: "all" } },
      }),
      caveats: [
        "The baseline counted registration as msonline, this run as modern.",
        "The baseline's registration scope differs from this run's: some changes may come from the scope.",
      ],
    },
    {
      name: "admins unknown in the baseline",
      prev: prevDoc({ registration: { ...prevDoc().registration, admins: { known: false } } }),
      caveats: ["Admin roles are not known in both runs: admins are not compared."],
    },
    {
      name: "no registration in the baseline",
      prev: prevDoc({ registration: null }),
      caveats: ["Registration data was read in this run only: users are not compared."],
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      const d = diffBaseline(parseBaseline(JSON.stringify(c.prev), "prev.json"), current);
      assert.deepEqual(d.caveats, c.caveats);
    });
  }
});

Deno.test("parseBaseline() rejects files that are not a compliance-report JSON", async (t) => {
  const CASES = [
    {
      name: "not JSON",
      text: "# report",
      message: 'prev.json:1:1: Cannot read the baseline: expected a value, got "#"',
    },
    {
      name: "an array",
      text: "[]",
      message:
        "prev.json:1:1: Cannot use the baseline: expected a JSON object written by compliance-report --json",
    },
    {
      name: "another report's JSON",
      text: '{ "generatedAt": "x", "totals": {} }',
      message:
        "prev.json:1:1: Cannot use the baseline: expected 1 (a compliance-report --json file), got no schemaVersion",
    },
    {
      name: "bad status",
      text: '{ "schemaVersion": 1, "generatedAt": "x", "rules": [{ "id": "a", "status": "ok" }] }',
      message: "prev.json:1:76: Cannot use the baseline: rules[0].status: expected pass, warn or fail",
    },
    {
      name: "user list with a number",
      text:
        '{ "schemaVersion": 1, "generatedAt": "x", "rules": [], "registration": { "users": { "registered": [1], "notRegistered": [] } } }',
      message:
        "prev.json:1:100: Cannot use the baseline: registration.users.registered[0]: expected a user principal name",
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      assert.throws(() => parseBaseline(c.text, "prev.json"), (e: Error) => {
        assert.equal(e.name, "InputError");
        assert.equal(e.message, c.message);
        return true;
      });
    });
  }
});
