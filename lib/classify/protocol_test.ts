import assert from "node:assert/strict";
import { classifyProtocolType, labelProtocolType, PROTOCOL_TYPES } from "./protocol.ts";

const CASES: { input: unknown; expected: string; legacy?: boolean }[] = [
  { input: "oAuth2", expected: "oAuth2", legacy: false },
  { input: "ropc", expected: "ropc", legacy: true },
  { input: "ROPC", expected: "ropc", legacy: true },
  { input: "deviceCode", expected: "deviceCode", legacy: true },
  { input: "wsFederation", expected: "wsFederation", legacy: false },
  { input: "saml20", expected: "saml20", legacy: false },
  { input: "authorizationCodeWithPkce", expected: "authorizationCodeWithPkce", legacy: false },
  { input: "none", expected: "none", legacy: false },
  { input: "unknownFutureValue", expected: "unknown" },
  { input: "", expected: "unknown" },
];

Deno.test("classifyProtocolType() maps protocols and flags password-sending flows", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyProtocolType(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
      if (r.kind === "known") assert.equal(PROTOCOL_TYPES[r.id].legacy, c.legacy);
    });
  }
  assert.equal(labelProtocolType("ropc"), "Resource owner password credentials (ROPC)");
});
