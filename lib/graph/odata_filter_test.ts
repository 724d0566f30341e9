import assert from "node:assert/strict";
import {
  andFilters,
  createdDateTimeFilter,
  eqFilter,
  mfaRegisteredFilter,
  odataDateTime,
  odataString,
  selectParam,
  signInEventTypeFilter,
  topParam,
  upnStartsWithFilter,
} from "./odata_filter.ts";

Deno.test("filter builders produce the $filter text Graph documents", async (t) => {
  const CASES: { name: string; got: () => string; want: string }[] = [
    {
      name: "createdDateTime window, from inclusive and to exclusive",
      got: () =>
        createdDateTimeFilter({
          from: new Date("2026-11-01T00:00:00Z"),
          to: new Date("2026-11-08T00:00:00Z"),
        }),
      want: "createdDateTime ge 2026-11-01T00:00:00Z and createdDateTime lt 2026-11-08T00:00:00Z",
    },
    {
      name: "open-ended window",
      got: () => createdDateTimeFilter({ from: new Date("2026-11-01T12:30:00.999Z") }),
      want: "createdDateTime ge 2026-11-01T12:30:00Z",
    },
    { name: "no window", got: () => createdDateTimeFilter({}), want: "" },
    {
      name: "event type any()",
      got: () => signInEventTypeFilter("nonInteractiveUser"),
      want: "signInEventTypes/any(t: t eq 'nonInteractiveUser')",
    },
    {
      name: "isMfaRegistered false",
      got: () => mfaRegisteredFilter(false),
      want: "isMfaRegistered eq false",
    },
    { name: "isMfaRegistered true", got: () => mfaRegisteredFilter(true), want: "isMfaRegistered eq true" },
    {
      name: "UPN startsWith with a quote",
      got: () => upnStartsWithFilter("o'brien"),
      want: "startsWith(userPrincipalName, 'o''brien')",
    },
    {
      name: "appId eq",
      got: () => eqFilter("appId", "de8bc8b5-d9f9-48b1-a8ad-b748da725064"),
      want: "appId eq 'de8bc8b5-d9f9-48b1-a8ad-b748da725064'",
    },
    {
      name: "userId eq",
      got: () => eqFilter("userId", "00000000-0000-4000-8000-000000000001"),
      want: "userId eq '00000000-0000-4000-8000-000000000001'",
    },
    {
      name: "an injection attempt stays inside the literal",
      got: () => eqFilter("userPrincipalName", "x' or userId eq 'y"),
      want: "userPrincipalName eq 'x'' or userId eq ''y'",
    },
    { name: "odataString doubles every quote", got: () => odataString("''"), want: "''''''" },
    {
      name: "and skips empty clauses",
      got: () => andFilters("", createdDateTimeFilter({}), mfaRegisteredFilter(false), undefined, "a eq 1"),
      want: "isMfaRegistered eq false and a eq 1",
    },
    {
      name: "$select joins names",
      got: () => selectParam(["id", "userPrincipalName", "mail"]),
      want: "id,userPrincipalName,mail",
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.name} → ${JSON.stringify(c.want)}`, () => assert.equal(c.got(), c.want));
  }
});

Deno.test("filter builders reject values that would make a bad request", async (t) => {
  const CASES: { name: string; run: () => unknown; error: RegExp }[] = [
    { name: "$top 0", run: () => topParam(0, 999), error: /\$top 0/ },
    { name: "$top above max", run: () => topParam(1000, 999), error: /1 to 999/ },
    { name: "$top fraction", run: () => topParam(1.5, 999), error: /\$top/ },
    { name: "$select with a comma inside a name", run: () => selectParam(["id,mail"]), error: /\$select/ },
    { name: "$select with a space", run: () => selectParam(["id mail"]), error: /\$select/ },
    { name: "invalid date", run: () => odataDateTime(new Date("nope")), error: /Invalid Date/ },
  ];
  for (const c of CASES) {
    await t.step(`${c.name} throws`, () => assert.throws(c.run, c.error));
  }
});
