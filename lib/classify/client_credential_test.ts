import assert from "node:assert/strict";
import { classifyClientCredentialType, labelClientCredentialType } from "./client_credential.ts";

const CASES: { input: unknown; expected: string }[] = [
  { input: "none", expected: "none" },
  { input: "clientSecret", expected: "clientSecret" },
  { input: "clientAssertion", expected: "clientAssertion" },
  { input: "federatedIdentityCredential", expected: "federatedIdentityCredential" },
  { input: "managedIdentity", expected: "managedIdentity" },
  { input: "certificate", expected: "certificate" },
  { input: "Client secret", expected: "clientSecret" },
  { input: "unknownFutureValue", expected: "unknown" },
];

Deno.test("classifyClientCredentialType() maps credential types", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyClientCredentialType(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
  assert.equal(labelClientCredentialType("federatedIdentityCredential"), "Federated identity credential");
});
