import assert from "node:assert/strict";
import { DEFAULT_SCOPE, registrationRecordFromRow, type RegistrationSource } from "../registration/mod.ts";
import type { CaPolicyFact } from "./ca_policy.ts";
import { complianceVerdict, evaluateRules } from "./evaluate.ts";
import {
  type ComplianceFacts,
  type ComplianceRegistration,
  type ComplianceSignIns,
  createRegistrationCollector,
} from "./facts.ts";
import { parsePolicy } from "./policy.ts";

const NOW = new Date("2026-11-20T12:00:00Z");

interface Person {
  upn: string;
  registered?: boolean;
  capable?: boolean;
  admin?: boolean;
  methods?: string[];
}

function registration(
  people: Person[],
  source: RegistrationSource = "registration-report",
): ComplianceRegistration {
  const c = createRegistrationCollector({ semantics: "modern", source, scope: DEFAULT_SCOPE });
  for (const p of people) {
    const row: Record<string, unknown> = {
      userPrincipalName: p.upn,
      userType: "member",
      methodsRegistered: p.methods ?? [],
      isMfaRegistered: p.registered ?? false,
      isMfaCapable: p.capable ?? p.registered ?? false,
    };
    if (source === "registration-report") row.isAdmin = p.admin ?? false;
    const r = registrationRecordFromRow(row, { source, accountEnabled: true });
    assert.equal(r.kind, "record");
    if (r.kind === "record") c.add(r.record);
  }
  return c.facts();
}

function people(n: number, registered: number): Person[] {
  return Array.from(
    { length: n },
    (_, i) => ({ upn: `user${String(i).padStart(2, "0")}@contoso.example`, registered: i < registered }),
  );
}

function facts(part: Partial<ComplianceFacts>): ComplianceFacts {
  return { now: NOW, registration: null, signIns: null, conditionalAccess: null, ...part };
}

function one(ruleJson: string, f: ComplianceFacts) {
  const results = evaluateRules(parsePolicy(`{ "rules": [${ruleJson}] }`, "c.jsonc"), f);
  assert.equal(results.length, 1);
  return results[0]!;
}

const PERCENT_CASES: {
  name: string;
  n: number;
  registered: number;
  threshold: number;
  status: string;
  actual: number | null;
}[] = [
  { name: "19 of 20 meets 95 exactly", n: 20, registered: 19, threshold: 95, status: "pass", actual: 95 },
  { name: "19 of 20 misses 95.01", n: 20, registered: 19, threshold: 95.01, status: "fail", actual: 95 },
  {
    name: "1 of 3 is truncated to 33.33 and meets 33.33",
    n: 3,
    registered: 1,
    threshold: 33.33,
    status: "pass",
    actual: 33.33,
  },
  { name: "1 of 3 misses 33.34", n: 3, registered: 1, threshold: 33.34, status: "fail", actual: 33.33 },
  {
    name: "2 of 3 is truncated to 66.66, not rounded to 66.67",
    n: 3,
    registered: 2,
    threshold: 66.67,
    status: "fail",
    actual: 66.66,
  },
  { name: "0 of 4 meets 0", n: 4, registered: 0, threshold: 0, status: "pass", actual: 0 },
  {
    name: "nobody in scope is not evaluated",
    n: 0,
    registered: 0,
    threshold: 0,
    status: "fail",
    actual: null,
  },
];

Deno.test("evaluateRules() compares percentages exactly and reports them truncated", async (t) => {
  for (const c of PERCENT_CASES) {
    await t.step(c.name, () => {
      const r = one(
        `{ "id": "p", "check": "mfaRegisteredPercent", "threshold": ${c.threshold} }`,
        facts({ registration: registration(people(c.n, c.registered)) }),
      );
      assert.equal(r.status, c.status);
      assert.equal(r.actual, c.actual);
      assert.equal(
        r.note,
        c.n === 0
          ? "no data: the registration source had no users"
          : `${c.registered} of ${c.n} in-scope users`,
      );
      assert.deepEqual([r.evaluated, r.rows], [c.n > 0, c.n]);
    });
  }
});

Deno.test("evaluateRules() counts admins, SMS/voice-only users and lists them sorted", async (t) => {
  const reg = registration([
    { upn: "zed@contoso.example", admin: true, registered: false },
    { upn: "Amy@contoso.example", admin: true, registered: true, methods: ["mobilePhone"] },
    { upn: "bob@contoso.example", admin: true, registered: true, methods: ["fido2SecurityKey"] },
    { upn: "cat@contoso.example", admin: false, registered: true, methods: ["mobilePhone", "officePhone"] },
    {
      upn: "dan@contoso.example",
      admin: false,
      registered: true,
      methods: ["mobilePhone", "microsoftAuthenticatorPush"],
    },
  ]);
  const CASES = [
    { check: "adminsWithoutMfa", threshold: 0, status: "fail", actual: 1, detail: ["zed@contoso.example"] },
    { check: "adminsWithoutMfa", threshold: 1, status: "pass", actual: 1, detail: ["zed@contoso.example"] },
    {
      check: "adminsWithoutPhishingResistant",
      threshold: 1,
      status: "fail",
      actual: 2,
      detail: ["Amy@contoso.example", "zed@contoso.example"],
    },
    {
      check: "phoneOnlyUsers",
      threshold: 2,
      status: "pass",
      actual: 2,
      detail: ["Amy@contoso.example", "cat@contoso.example"],
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.check} ≤ ${c.threshold}`, () => {
      const r = one(
        `{ "id": "r", "check": "${c.check}", "threshold": ${c.threshold} }`,
        facts({ registration: reg }),
      );
      assert.deepEqual([r.status, r.actual, r.detail], [c.status, c.actual, c.detail]);
    });
  }
  await t.step(
    "a source without admin roles leaves admin rules not evaluated: fail unless onNoData is warn",
    () => {
      const noRoles = registration([{ upn: "a@contoso.example", registered: true }], "registration-export");
      const strict = one(
        `{ "id": "r", "check": "adminsWithoutMfa", "threshold": 5, "severity": "warn" }`,
        facts({ registration: noRoles }),
      );
      assert.deepEqual([strict.status, strict.evaluated], ["fail", false]);
      const r = one(
        `{ "id": "r", "check": "adminsWithoutMfa", "threshold": 5, "onNoData": "warn" }`,
        facts({ registration: noRoles }),
      );
      assert.equal(r.status, "warn");
      assert.equal(r.actual, null);
      assert.match(r.note ?? "", /does not say who holds an admin role/);
    },
  );
});

const SIGN_INS: ComplianceSignIns = {
  window: { from: "2026-11-19T12:00:00Z", to: "2026-11-20T12:00:00Z", basis: "requested" },
  rows: 100,
  badRows: 0,
  filteredOut: 0,
  signIns: 90,
  userSignIns: 80,
  users: 10,
  legacyAuth: {
    signIns: 9,
    succeeded: 6,
    users: 3,
    byClientApp: [{ clientApp: "SMTP", signIns: 9, succeeded: 6 }],
    topUsers: [
      { user: "b@contoso.example", signIns: 3, succeeded: 3 },
      { user: "a@contoso.example", signIns: 3, succeeded: 3 },
      { user: "c@contoso.example", signIns: 3, succeeded: 0 },
    ],
  },
  mfaDenied: { fraudReported: 2, userDeclined: 1 },
  fraud: { signIns: 2, users: [{ user: "f@contoso.example", count: 2, latest: "2026-11-20T08:00:00Z" }] },
};

Deno.test("evaluateRules() reads legacy-auth successes and fraud reports from the sign-ins", async (t) => {
  const CASES = [
    {
      rule: `{ "id": "l", "check": "legacyAuthSucceeded", "threshold": 5 }`,
      status: "fail",
      actual: 6,
      detail: ["a@contoso.example: 3 successful", "b@contoso.example: 3 successful"],
    },
    {
      rule: `{ "id": "f", "check": "mfaDeniedFraud", "threshold": 2 }`,
      status: "pass",
      actual: 2,
      detail: ["f@contoso.example: 2 (latest 2026-11-20T08:00:00Z)"],
    },
  ];
  for (const c of CASES) {
    await t.step(c.rule, () => {
      const r = one(c.rule, facts({ signIns: SIGN_INS }));
      assert.deepEqual([r.status, r.actual, r.detail], [c.status, c.actual, c.detail]);
    });
  }
  await t.step("without sign-ins the rule is not evaluated", () => {
    const r = one(`{ "id": "l", "check": "legacyAuthSucceeded", "threshold": 5 }`, facts({}));
    assert.deepEqual([r.status, r.actual, r.note], ["fail", null, "no data: sign-ins were not read"]);
  });
});

function policy(
  id: string,
  displayName: string,
  state: CaPolicyFact["state"],
  created: string | null,
  modified: string | null,
): CaPolicyFact {
  return {
    id,
    displayName,
    state,
    rawState: state === "unknown" ? "futureState" : state,
    createdDateTime: created,
    modifiedDateTime: modified,
  };
}

const CA: CaPolicyFact[] = [
  policy("p1", "Require MFA for admins", "enabled", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
  policy("p2", "Block legacy authentication", "disabled", "2025-01-01T00:00:00Z", null),
  policy("p3", "Block legacy authentication", "enabled", "2025-01-01T00:00:00Z", null),
  policy(
    "p4",
    "Compliant device",
    "enabledForReportingButNotEnforced",
    "2026-09-21T12:00:00Z",
    "2026-11-08T12:00:00Z",
  ),
  policy("p5", "Risky sign-ins", "enabledForReportingButNotEnforced", null, "2026-11-10T11:59:59Z"),
  policy("p6", "Odd", "enabledForReportingButNotEnforced", null, null),
  policy("p7", "Future", "unknown", null, null),
];

Deno.test("evaluateRules() checks required Conditional Access policies", async (t) => {
  const CASES = [
    {
      name: "by name (any case) and by id (any case)",
      policies: `[{ "name": "require mfa FOR admins" }, { "id": "P1" }]`,
      actual: 2,
      detail: [] as string[],
    },
    {
      name: "one of two same-named policies is on",
      policies: `[{ "name": "Block legacy authentication" }]`,
      actual: 1,
      detail: [],
    },
    {
      name: "wrong state, and missing",
      policies: `[{ "id": "p2" }, { "name": "Nope", "state": "disabled" }, { "name": "Future" }]`,
      actual: 0,
      detail: [
        "id p2: disabled (expected enabled)",
        '"Nope": not found (expected disabled)',
        '"Future": futureState (expected enabled)',
      ],
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      const r = one(
        `{ "id": "ca", "check": "caPoliciesEnabled", "policies": ${c.policies} }`,
        facts({ conditionalAccess: CA }),
      );
      assert.equal(r.actual, c.actual);
      assert.equal(r.threshold, JSON.parse(c.policies).length);
      assert.equal(r.status, c.actual === r.threshold ? "pass" : "fail");
      assert.deepEqual(r.detail, c.detail);
    });
  }
});

Deno.test("evaluateRules() measures report-only age in whole days from the chosen timestamp", async (t) => {
  // p4: created 2026-09-21T12:00Z = 60 days before NOW; modified 2026-11-08T12:00Z = 12 days.
  // p5: no created; modified 2026-11-10T11:59:59Z = 10 days and 1 s → 10 whole days.
  const CASES = [
    {
      basis: "createdDateTime",
      threshold: 59,
      status: "fail",
      actual: 60,
      detail: [
        '"Compliant device": 60 days (createdDateTime 2026-09-21T12:00:00Z)',
        '"Risky sign-ins": 10 days (modifiedDateTime 2026-11-10T11:59:59Z)',
        '"Odd": age unknown (no createdDateTime or modifiedDateTime)',
      ],
    },
    {
      basis: "modifiedDateTime",
      threshold: 12,
      status: "pass",
      actual: 12,
      detail: [
        '"Compliant device": 12 days (modifiedDateTime 2026-11-08T12:00:00Z)',
        '"Risky sign-ins": 10 days (modifiedDateTime 2026-11-10T11:59:59Z)',
        '"Odd": age unknown (no createdDateTime or modifiedDateTime)',
      ],
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.basis} ≤ ${c.threshold}`, () => {
      const r = one(
        `{ "id": "ro", "check": "caReportOnlyDays", "threshold": ${c.threshold}, "basis": "${c.basis}" }`,
        facts({ conditionalAccess: CA }),
      );
      assert.deepEqual([r.status, r.actual, r.detail], [c.status, c.actual, c.detail]);
    });
  }
  await t.step("no report-only policy is 0 days", () => {
    const r = one(
      `{ "id": "ro", "check": "caReportOnlyDays", "threshold": 0 }`,
      facts({ conditionalAccess: CA.slice(0, 3) }),
    );
    assert.deepEqual([r.status, r.actual, r.detail], ["pass", 0, []]);
  });
});

Deno.test("complianceVerdict() fails on any fail, warns on any warn", async (t) => {
  const CASES = [
    { statuses: ["pass", "pass"], status: "pass" },
    { statuses: ["pass", "warn"], status: "warn" },
    { statuses: ["warn", "fail", "pass"], status: "fail" },
  ] as const;
  for (const c of CASES) {
    await t.step(c.statuses.join(", "), () => {
      const v = complianceVerdict(c.statuses.map((status) => ({ status })));
      assert.equal(v.status, c.status);
      assert.equal(v.pass + v.warn + v.fail, c.statuses.length);
    });
  }
});

const NO_SIGN_INS: ComplianceSignIns = {
  ...SIGN_INS,
  rows: 20,
  badRows: 5,
  filteredOut: 15,
  signIns: 0,
  userSignIns: 0,
  users: 0,
  legacyAuth: { signIns: 0, succeeded: 0, users: 0, byClientApp: [], topUsers: [] },
  mfaDenied: {},
  fraud: { signIns: 0, users: [] },
};

const NO_DATA_CASES: { name: string; rule: string; facts: ComplianceFacts; note: RegExp }[] = [
  {
    name: "sign-ins read, none in scope",
    rule: `{ "id": "r", "check": "legacyAuthSucceeded", "threshold": 5 }`,
    facts: facts({ signIns: NO_SIGN_INS }),
    note:
      /^no data: no sign-ins in scope \(20 row\(s\) read, 15 outside the window or scope, 5 not understood\)$/,
  },
  {
    name: "fraud rule without sign-ins in scope",
    rule: `{ "id": "r", "check": "mfaDeniedFraud", "threshold": 0 }`,
    facts: facts({ signIns: NO_SIGN_INS }),
    note: /^no data: no sign-ins in scope/,
  },
  {
    name: "empty registration export: phone-only rule",
    rule: `{ "id": "r", "check": "phoneOnlyUsers", "threshold": 0 }`,
    facts: facts({ registration: registration([]) }),
    note: /^no data: the registration source had no users$/,
  },
  {
    name: "empty registration export: admin rule",
    rule: `{ "id": "r", "check": "adminsWithoutPhishingResistant", "threshold": 0 }`,
    facts: facts({ registration: registration([]) }),
    note: /^no data: the registration source had no users$/,
  },
  {
    name: "users but no admin in scope",
    rule: `{ "id": "r", "check": "adminsWithoutMfa", "threshold": 0 }`,
    facts: facts({ registration: registration(people(3, 1)) }),
    note: /^no data: no admins in scope among 3 in-scope users/,
  },
  {
    name: "no Conditional Access policies read",
    rule: `{ "id": "r", "check": "caReportOnlyDays", "threshold": 30 }`,
    facts: facts({ conditionalAccess: [] }),
    note: /^no data: no Conditional Access policies were read/,
  },
];

Deno.test("evaluateRules() does not evaluate a rule without data: fail by default, warn with onNoData", async (t) => {
  for (const c of NO_DATA_CASES) {
    await t.step(c.name, () => {
      const r = one(c.rule, c.facts);
      assert.deepEqual([r.status, r.evaluated, r.actual, r.rows], ["fail", false, null, 0]);
      assert.match(r.note ?? "", c.note);
      const lenient = one(c.rule.replace(/ }$/, `, "onNoData": "warn", "severity": "fail" }`), c.facts);
      assert.deepEqual([lenient.status, lenient.evaluated], ["warn", false]);
    });
  }
});
