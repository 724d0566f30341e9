import assert from "node:assert/strict";
import { parsePolicy, policyNeeds } from "./policy.ts";

const rule = (r: string) => `{ "rules": [${r}] }`;

const INVALID: { name: string; text: string; message: string }[] = [
  {
    name: "threshold as text",
    text: '{\n  "rules": [\n    { "id": "a", "check": "mfaRegisteredPercent", "threshold": "abc" }\n  ]\n}',
    message:
      'c.jsonc:3:64: Cannot use the compliance policy: rules[0].threshold: expected a number from 0 to 100, got "abc"',
  },
  {
    name: "percentage above 100",
    text: rule('{ "id": "a", "check": "mfaCapablePercent", "threshold": 101 }'),
    message:
      "c.jsonc:1:69: Cannot use the compliance policy: rules[0].threshold: expected a number from 0 to 100, got 101",
  },
  {
    name: "fractional count",
    text: rule('{ "id": "a", "check": "adminsWithoutMfa", "threshold": 0.5 }'),
    message:
      "c.jsonc:1:68: Cannot use the compliance policy: rules[0].threshold: expected a whole number from 0 to 1000000000, got 0.5",
  },
  {
    name: "misspelt key, with a suggestion",
    text: rule('{ "id": "a", "check": "adminsWithoutMfa", "treshold": 0 }'),
    message:
      'c.jsonc:1:67: Cannot use the compliance policy: rules[0].treshold: unknown key (did you mean "threshold"?); expected one of id, check, description, severity, onNoData, threshold',
  },
  {
    name: "key of another check",
    text: rule('{ "id": "a", "check": "adminsWithoutMfa", "threshold": 0, "policies": [] }'),
    message:
      "c.jsonc:1:83: Cannot use the compliance policy: rules[0].policies: unknown key; expected one of id, check, description, severity, onNoData, threshold",
  },
  {
    name: "unknown check",
    text: rule('{ "id": "a", "check": "mfaEverywhere", "threshold": 0 }'),
    message:
      'c.jsonc:1:35: Cannot use the compliance policy: rules[0].check: expected one of mfaRegisteredPercent, mfaCapablePercent, adminsWithoutMfa, adminsWithoutPhishingResistant, phoneOnlyUsers, legacyAuthSucceeded, mfaDeniedFraud, caPoliciesEnabled, caReportOnlyDays, got "mfaEverywhere"',
  },
  {
    name: "missing threshold",
    text: rule('{ "id": "a", "check": "phoneOnlyUsers" }'),
    message:
      'c.jsonc:1:13: Cannot use the compliance policy: rules[0]: expected a "threshold" key for check phoneOnlyUsers',
  },
  {
    name: "bad severity",
    text: rule('{ "id": "a", "check": "phoneOnlyUsers", "threshold": 1, "severity": "error" }'),
    message:
      'c.jsonc:1:81: Cannot use the compliance policy: rules[0].severity: expected one of fail, warn, got "error"',
  },
  {
    name: "bad onNoData",
    text: rule('{ "id": "a", "check": "phoneOnlyUsers", "threshold": 1, "onNoData": "pass" }'),
    message:
      'c.jsonc:1:81: Cannot use the compliance policy: rules[0].onNoData: expected one of fail, warn, got "pass"',
  },
  {
    name: "duplicate rule id (case-insensitive)",
    text: rule(
      '{ "id": "a", "check": "phoneOnlyUsers", "threshold": 1 }, { "id": "A", "check": "phoneOnlyUsers", "threshold": 2 }',
    ),
    message:
      'c.jsonc:1:79: Cannot use the compliance policy: rules[1].id: duplicate rule id "A" (also rules[0])',
  },
  {
    name: "rule id with a space",
    text: rule('{ "id": "a b", "check": "phoneOnlyUsers", "threshold": 1 }'),
    message:
      "c.jsonc:1:21: Cannot use the compliance policy: rules[0].id: expected a rule id of letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit), got \"a b\"",
  },
  {
    name: "required policy with both id and name",
    text: rule('{ "id": "ca", "check": "caPoliciesEnabled", "policies": [{ "id": "x", "name": "y" }] }'),
    message:
      'c.jsonc:1:70: Cannot use the compliance policy: rules[0].policies[0]: expected exactly one of "id" or "name" to say which policy',
  },
  {
    name: "required policy state",
    text: rule('{ "id": "ca", "check": "caPoliciesEnabled", "policies": [{ "name": "y", "state": "on" }] }'),
    message:
      'c.jsonc:1:94: Cannot use the compliance policy: rules[0].policies[0].state: expected one of enabled, disabled, enabledForReportingButNotEnforced, got "on"',
  },
  {
    name: "empty policies list",
    text: rule('{ "id": "ca", "check": "caPoliciesEnabled", "policies": [] }'),
    message:
      'c.jsonc:1:69: Cannot use the compliance policy: rules[0].policies: expected a non-empty array of { "name" | "id", "state" } objects, got an array',
  },
  {
    name: "report-only basis",
    text: rule('{ "id": "ro", "check": "caReportOnlyDays", "threshold": 30, "basis": "now" }'),
    message:
      'c.jsonc:1:82: Cannot use the compliance policy: rules[0].basis: expected one of createdDateTime, modifiedDateTime, got "now"',
  },
  {
    name: "scope flag as text",
    text:
      '{ "scope": { "includeGuests": "yes" }, "rules": [{ "id": "a", "check": "phoneOnlyUsers", "threshold": 1 }] }',
    message:
      'c.jsonc:1:31: Cannot use the compliance policy: scope.includeGuests: expected true or false, got "yes"',
  },
  {
    name: "unknown top-level key",
    text: '{ "rule": [] }',
    message:
      'c.jsonc:1:11: Cannot use the compliance policy: rule: unknown key (did you mean "rules"?); expected one of $schema, version, semantics, scope, rules',
  },
  {
    name: "no rules",
    text: '{ "rules": [] }',
    message:
      "c.jsonc:1:12: Cannot use the compliance policy: rules: expected a non-empty array of rules, got an array",
  },
  {
    name: "future version",
    text: '{ "version": 2, "rules": [] }',
    message:
      "c.jsonc:1:14: Cannot use the compliance policy: version: expected 1 (the only version this toolkit reads), got 2",
  },
  {
    name: "not an object",
    text: "[]",
    message: "c.jsonc:1:1: Cannot use the compliance policy: expected an object, got an array",
  },
];

Deno.test("parsePolicy() rejects bad policies naming the key path, line and column", async (t) => {
  for (const c of INVALID) {
    await t.step(c.name, () => {
      assert.throws(() => parsePolicy(c.text, "c.jsonc"), (e: Error) => {
        assert.equal(e.name, "InputError");
        assert.equal(e.message, c.message);
        return true;
      });
    });
  }
});

Deno.test("parsePolicy() fills in defaults and keeps the rules in file order", () => {
  const p = parsePolicy(
    `{
      "$schema": "./compliance.schema.json",
      "version": 1,
      "semantics": "msonline",
      "scope": { "excludeFile": "bg.txt", "includeGuests": true },
      "rules": [
        { "id": "ro", "check": "caReportOnlyDays", "threshold": 30 },
        { "id": "ca", "check": "caPoliciesEnabled", "description": "Baseline CA",
          "policies": [{ "name": " Block legacy authentication " }, { "id": "ca000007", "state": "enabledForReportingButNotEnforced" }] },
        { "id": "pct", "check": "mfaCapablePercent", "threshold": 97.5, "severity": "warn", "onNoData": "warn" },
      ],
    }`,
    "c.jsonc",
  );
  assert.equal(p.file, "c.jsonc");
  assert.equal(p.semantics, "msonline");
  assert.deepEqual(p.scope, { excludeFile: "bg.txt", includeGuests: true, includeDisabled: false });
  assert.deepEqual(p.rules, [
    {
      id: "ro",
      check: "caReportOnlyDays",
      description: "Days the oldest report-only Conditional Access policy has been left in report-only",
      severity: "fail",
      onNoData: "fail",
      threshold: 30,
      basis: "createdDateTime",
    },
    {
      id: "ca",
      check: "caPoliciesEnabled",
      description: "Baseline CA",
      severity: "fail",
      onNoData: "fail",
      policies: [
        { match: { kind: "name", name: "Block legacy authentication" }, state: "enabled" },
        { match: { kind: "id", id: "ca000007" }, state: "enabledForReportingButNotEnforced" },
      ],
    },
    {
      id: "pct",
      check: "mfaCapablePercent",
      description: "Share of in-scope users MFA-capable (registered and allowed by the methods policy)",
      severity: "warn",
      onNoData: "warn",
      threshold: 97.5,
    },
  ]);
  assert.deepEqual(policyNeeds(p), { registration: true, signIns: false, conditionalAccess: true });
});

Deno.test("parsePolicy() reads examples/compliance.jsonc and the test policies", async (t) => {
  for (
    const file of [
      "examples/compliance.jsonc",
      "testdata/compliance/passing.jsonc",
      "testdata/compliance/violated.jsonc",
    ]
  ) {
    await t.step(file, async () => {
      const url = new URL(`../../${file}`, import.meta.url);
      const p = parsePolicy(await Deno.readTextFile(url), file);
      assert.ok(p.rules.length > 0);
    });
  }
});
