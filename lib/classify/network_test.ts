import assert from "node:assert/strict";
import { classifyNetworkType, labelNetworkType } from "./network.ts";

const CASES: { input: unknown; expected: string }[] = [
  { input: "intranet", expected: "intranet" },
  { input: "extranet", expected: "extranet" },
  { input: "namedNetwork", expected: "namedNetwork" },
  { input: "trusted", expected: "trusted" },
  { input: "trustedNamedLocation", expected: "trustedNamedLocation" },
  { input: "Trusted named location", expected: "trustedNamedLocation" },
  { input: "unknownFutureValue", expected: "unknown" },
];

Deno.test("classifyNetworkType() maps network types", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyNetworkType(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
  assert.equal(labelNetworkType("namedNetwork"), "Named network");
});
