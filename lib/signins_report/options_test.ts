import assert from "node:assert/strict";
import { createRowFilter, parseDateOption, parseEventTypes, resolveWindow } from "./options.ts";
import { testSignIn } from "../../dev/testing/test_rows.ts";

Deno.test("parseEventTypes() accepts short and Graph names", async (t) => {
  const CASES: [string, string[]][] = [
    ["interactive,noninteractive", ["interactiveUser", "nonInteractiveUser"]],
    ["ServicePrincipal, managed-identity", ["servicePrincipal", "managedIdentity"]],
    ["managedIdentity,msi", ["managedIdentity"]],
  ];
  for (const [value, want] of CASES) {
    await t.step(
      `parseEventTypes() maps ${JSON.stringify(value)}`,
      () => assert.deepEqual(parseEventTypes(value), want),
    );
  }
  assert.throws(() => parseEventTypes(" , "), /at least one event type/);
});

Deno.test("parseDateOption() reads dates and date-times as UTC unless an offset is given", async (t) => {
  const CASES: [string, string][] = [
    ["2026-11-19", "2026-11-19T00:00:00.000Z"],
    ["2026-11-19T08:30", "2026-11-19T08:30:00.000Z"],
    ["2026-11-19 08:30:15", "2026-11-19T08:30:15.000Z"],
    ["2026-11-19T08:30:00+02:00", "2026-11-19T06:30:00.000Z"],
  ];
  for (const [value, want] of CASES) {
    await t.step(
      `parseDateOption() maps ${value}`,
      () => assert.equal(parseDateOption("--since", value).toISOString(), want),
    );
  }
  for (const bad of ["19/11/2026", "2026-13-01", "now"]) {
    assert.throws(() => parseDateOption("--since", bad), /Cannot use --since/);
  }
});

Deno.test("resolveWindow() ends at --until or now and starts --days or 24 h before, or at --since", () => {
  const now = new Date("2026-11-20T12:00:00Z");
  const iso = (w: { from: Date; to: Date }) => [w.from.toISOString(), w.to.toISOString()];
  assert.deepEqual(iso(resolveWindow({ now, until: "2026-11-10" })), [
    "2026-11-09T00:00:00.000Z",
    "2026-11-10T00:00:00.000Z",
  ]);
  assert.deepEqual(iso(resolveWindow({ now, since: "2026-11-20T06:00:00Z" })), [
    "2026-11-20T06:00:00.000Z",
    "2026-11-20T12:00:00.000Z",
  ]);
  assert.throws(
    () => resolveWindow({ now, since: "2026-11-20T12:00:00Z" }),
    /expected a start before the end/,
  );
});

Deno.test("createRowFilter() keeps rows in the window, of the user, app and event types", () => {
  const keep = createRowFilter({
    window: { from: new Date("2026-11-20T10:00:00Z"), to: new Date("2026-11-20T11:00:00Z") },
    app: "office 365",
    eventTypes: ["interactiveUser"],
  })!;
  const base = {
    createdDateTime: "2026-11-20T10:30:00Z",
    appDisplayName: "Office 365",
    eventType: "interactiveUser",
  };
  assert.equal(keep(testSignIn(base)), true);
  assert.equal(
    keep(testSignIn({ ...base, createdDateTime: "2026-11-20T11:00:00Z" })),
    false,
    "end is exclusive",
  );
  assert.equal(keep(testSignIn({ ...base, createdDateTime: null })), true, "rows without time are kept");
  assert.equal(keep(testSignIn({ ...base, appDisplayName: "Teams" })), false);
  assert.equal(keep(testSignIn({ ...base, eventType: "servicePrincipal" })), false);
  assert.equal(
    keep(testSignIn({ ...base, eventType: "holographicUser" })),
    true,
    "unknown event types are kept",
  );
});
