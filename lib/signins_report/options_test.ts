import assert from "node:assert/strict";
import { createRowFilter } from "./options.ts";
import { testSignIn } from "../../dev/testing/test_rows.ts";

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
