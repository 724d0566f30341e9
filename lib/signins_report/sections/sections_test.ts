import assert from "node:assert/strict";
import type { AppliedConditionalAccessPolicy, SignIn } from "../../signins/mod.ts";
import { CaPolicyTable } from "../../signins/_ca_policy_table.ts";
import { ConditionalAccessSection } from "./conditional_access.ts";
import { testLogical, testSignIn } from "../../../dev/testing/test_rows.ts";
import { signInFacts } from "../sign_in_facts.ts";
import { CrossTenantSection } from "./cross_tenant.ts";
import { EventTypesSection } from "./event_types.ts";
import { PlacesSection } from "./places.ts";
import { RiskSection } from "./risk.ts";
import type { CappedList } from "../report.ts";
import { type ReportSection, type SignInInput, summaryContext } from "./section.ts";
import { UsersSection } from "./users.ts";

const LIMITS = { maxKeys: 100, small: 100 };

/** A section input for one row, as the aggregator builds it (user records from `users`). */
function inputOf(fields: Partial<SignIn>, users = new UsersSection()): SignInInput {
  const l = testLogical(testSignIn({ eventType: "interactiveUser", errorCode: 0, ...fields }));
  const f = signInFacts(l);
  const s = l.signIn;
  const user = f.isUser && f.userKey !== null ? users.record(s, f.userKey) : null;
  return {
    l,
    s,
    f,
    success: f.outcome === "success",
    user,
    account: f.isUser ? user ?? users.anonymous(s) : null,
  };
}

interface Case {
  name: string;
  section: () => ReportSection<unknown>;
  rows: Partial<SignIn>[];
  want: (part: unknown) => void;
}

const CASES: Case[] = [
  {
    name: "CrossTenantSection counts a sign-in from another home tenant, and its home tenant",
    section: () => new CrossTenantSection(LIMITS),
    rows: [
      { homeTenantId: "t1", resourceTenantId: "t2", homeTenantName: "Fabrikam" },
      { homeTenantId: "t1", resourceTenantId: "t1" },
    ],
    want: (p) => {
      const part = p as ReturnType<CrossTenantSection["summary"]>;
      assert.deepEqual(part.tenancy, { sameTenant: 1, crossTenant: 1, unknown: 0 });
      assert.equal(part.crossTenantSucceeded, 1);
      assert.deepEqual(part.topHomeTenants, [{ name: "Fabrikam", count: 1 }]);
    },
  },
  {
    name: "RiskSection names an unknown risk value with its field",
    section: () => new RiskSection(LIMITS),
    rows: [{ riskLevelDuringSignIn: "high" }, { riskState: "somethingNew" }],
    want: (p) => {
      const part = p as ReturnType<RiskSection["summary"]>;
      assert.equal(part.duringSignIn.high, 1);
      assert.equal(part.state.unknown, 1);
      assert.deepEqual(part.unknownValues, { "riskState: somethingNew": 1 });
    },
  },
  {
    name: "PlacesSection joins city, state and country and drops the browser version",
    section: () => new PlacesSection(LIMITS),
    rows: [{ city: "Lisbon", countryOrRegion: "PT", browser: "Edge 131.0.0", os: null }],
    want: (p) => {
      const part = p as ReturnType<PlacesSection["summary"]>;
      assert.deepEqual(part.locations, [{ name: "Lisbon, PT", count: 1 }]);
      assert.deepEqual(part.browsers, [{ name: "Edge", count: 1 }]);
      assert.deepEqual(part.operatingSystems, [{ name: "(unknown)", count: 1 }]);
    },
  },
  {
    name:
      "PlacesSection builds each place from its own row when a city comes back with another state or country",
    section: () => new PlacesSection(LIMITS),
    rows: [
      { city: "Springfield", state: "Illinois", countryOrRegion: "US", browser: "Chrome 130.0.0" },
      { city: "Springfield", state: "Illinois", countryOrRegion: "US", browser: "Chrome 131.0.0" },
      { city: "Springfield", state: "Missouri", countryOrRegion: "US", browser: "Chrome" },
      { city: "Springfield", state: null, countryOrRegion: null, browser: "Firefox v133" },
      { city: "Springfield", state: "Illinois", countryOrRegion: "US", browser: "Chrome 130.0.0" },
      { city: null, state: "Ontario", countryOrRegion: "CA", browser: null },
      { city: null, state: null, countryOrRegion: "CA", browser: null },
      { city: null, state: null, countryOrRegion: null, browser: null },
    ],
    want: (p) => {
      const part = p as ReturnType<PlacesSection["summary"]>;
      assert.deepEqual(part.locations, [
        { name: "Springfield, Illinois, US", count: 3 },
        { name: "(unknown)", count: 1 },
        { name: "CA", count: 1 },
        { name: "Ontario, CA", count: 1 },
        { name: "Springfield", count: 1 },
        { name: "Springfield, Missouri, US", count: 1 },
      ]);
      assert.deepEqual(part.browsers, [
        { name: "Chrome", count: 4 },
        { name: "(unknown)", count: 3 },
        { name: "Firefox", count: 1 },
      ]);
    },
  },
  {
    name: "EventTypesSection puts an event type it does not know under unknown, named",
    section: () => new EventTypesSection(LIMITS),
    rows: [{ eventType: "interactiveUser" }, { eventType: "somethingNew" as never }],
    want: (p) => {
      const part = p as ReturnType<EventTypesSection["summary"]>;
      assert.equal(part.eventTypes.interactiveUser, 1);
      assert.equal(part.eventTypes.unknown, 1);
      assert.equal(Object.keys(part.unknownEventTypes).length, 1);
    },
  },
];

Deno.test("report sections count through add() alone and give their part in summary()", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const section = c.section();
      for (const row of c.rows) section.add(inputOf(row));
      c.want(section.summary(summaryContext(10, [], [])));
    });
  }
});

Deno.test("UsersSection counts a user sign-in with no user, but never lists it as a user", () => {
  const users = new UsersSection();
  users.add(inputOf({ userPrincipalName: "ana@contoso.example" }, users));
  users.add(inputOf({ userPrincipalName: null, userId: null }, users));
  const part = users.summary(summaryContext(10, [...users.records.values()], []));
  assert.equal(users.userSignIns, 2);
  assert.equal(users.userSignInsWithoutUser, 1);
  assert.equal(part.total, 1);
});

Deno.test("a section's top-N list beyond `top` is cut and recorded as capped, with what was left out", () => {
  const places = new PlacesSection(LIMITS);
  for (const city of ["Lisbon", "Lisbon", "Porto", "Faro"]) places.add(inputOf({ city }));
  const capped: CappedList[] = [];
  const part = places.summary(summaryContext(1, [], capped));
  assert.deepEqual(part.locations, [{ name: "Lisbon", count: 2 }]);
  assert.deepEqual(capped.map((c) => [c.list, c.shown, c.more, c.moreCount]), [["locations", 1, 2, 2]]);
});

Deno.test("ConditionalAccessSection counts the reader's shared policy entries as it counts per-row copies", () => {
  const table = new CaPolicyTable();
  const entry = (
    id: string,
    displayName: string | null,
    result: string,
    grant: string[] = ["Mfa"],
    session: string[] = [],
  ): AppliedConditionalAccessPolicy => ({
    id,
    displayName,
    result,
    enforcedGrantControls: grant,
    enforcedSessionControls: session,
  });
  const rows = [
    [entry("p1", "MFA", "success"), entry("p2", "Block", "notApplied", ["Block"])],
    [entry("p1", "MFA", "success"), entry("p2", "Block", "notApplied", ["Block"])],
    // an unknown result is counted (and named) every time
    [entry("p1", "MFA", "failure"), entry("p2", "Block", "somethingNew", ["Block"])],
    [entry("p1", null, "success"), entry("p2", "Block", "notApplied", ["Block"], ["SignInFrequency"])],
    // the same policy under another name, at another position: renamed …
    [entry("p2", "Block legacy", "notApplied", ["Block"]), entry("p1", "MFA", "success")],
    // … and an entry counted before renames it back
    [entry("p1", "MFA", "success"), entry("p2", "Block", "notApplied", ["Block"])],
    [entry("p2", null, "somethingNew", ["Block"])],
  ];
  const count = (share: boolean) => {
    const section = new ConditionalAccessSection(LIMITS);
    for (const r of rows) {
      const list = r.map((p) => share ? table.shared(p) : { ...p });
      section.add(inputOf({ conditionalAccessStatus: "success", appliedConditionalAccessPolicies: list }));
    }
    return section.summary(summaryContext(10, [], []));
  };
  const shared = count(true);
  assert.deepEqual(shared, count(false));
  const byId = new Map(shared.policies.map((p) => [p.id, p]));
  assert.equal(byId.get("p1")?.results.success, 5);
  assert.equal(byId.get("p1")?.results.failure, 1);
  assert.equal(byId.get("p2")?.displayName, "Block");
  assert.equal(byId.get("p2")?.results.notApplied, 5);
  assert.deepEqual(byId.get("p2")?.unknownResults, { somethingNew: 2 });
  assert.deepEqual(byId.get("p2")?.sessionControls, ["signInFrequency"]);
});
