import assert from "node:assert/strict";
import {
  classifySignInEventType,
  isSignInEventType,
  labelSignInEventType,
  SIGN_IN_EVENT_TYPES,
} from "./event_type.ts";

const CASES: { input: unknown; expected: string }[] = [
  { input: "interactiveUser", expected: "interactiveUser" },
  { input: "nonInteractiveUser", expected: "nonInteractiveUser" },
  { input: "servicePrincipal", expected: "servicePrincipal" },
  { input: "managedIdentity", expected: "managedIdentity" },
  { input: "SigninLogs", expected: "interactiveUser" },
  { input: "AADNonInteractiveUserSignInLogs", expected: "nonInteractiveUser" },
  { input: "AADServicePrincipalSignInLogs", expected: "servicePrincipal" },
  { input: "AADManagedIdentitySignInLogs", expected: "managedIdentity" },
  { input: "interactive", expected: "interactiveUser" },
  { input: "noninteractive", expected: "nonInteractiveUser" },
  { input: "Non-interactive", expected: "nonInteractiveUser" },
  { input: "InteractiveSignIns", expected: "interactiveUser" },
  { input: "ApplicationSignIns", expected: "servicePrincipal" },
  { input: "MSISignIns", expected: "managedIdentity" },
  { input: "unknownFutureValue", expected: "unknown" },
  { input: ["interactiveUser"], expected: "unknown" },
];

Deno.test("classifySignInEventType() maps Graph, Log Analytics and portal names", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifySignInEventType(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
});

Deno.test("SIGN_IN_EVENT_TYPES names the Log Analytics table of each kind", () => {
  assert.equal(SIGN_IN_EVENT_TYPES.nonInteractiveUser.table, "AADNonInteractiveUserSignInLogs");
  assert.equal(labelSignInEventType("servicePrincipal"), "Service principal");
});

Deno.test("isSignInEventType() accepts the four event types only", async (t) => {
  const CASES: [unknown, boolean][] = [
    ["interactiveUser", true],
    ["nonInteractiveUser", true],
    ["servicePrincipal", true],
    ["managedIdentity", true],
    ["unknownFutureValue", false],
    ["InteractiveUser", false],
    [undefined, false],
  ];
  for (const [v, want] of CASES) {
    await t.step(`${JSON.stringify(v)} → ${want}`, () => assert.equal(isSignInEventType(v), want));
  }
});
