import assert from "node:assert/strict";
import { classifiedId, describeClassified, rawText, unknownValue } from "./classified.ts";

const RAW_CASES: { name: string; input: unknown; expected: string }[] = [
  { name: "string", input: "abc", expected: "abc" },
  { name: "number", input: 50074, expected: "50074" },
  { name: "NaN", input: NaN, expected: "NaN" },
  { name: "boolean", input: false, expected: "false" },
  { name: "bigint", input: 5n, expected: "5" },
  { name: "null", input: null, expected: "<null>" },
  { name: "undefined", input: undefined, expected: "<undefined>" },
  { name: "array", input: [1], expected: "<object>" },
  { name: "symbol", input: Symbol("s"), expected: "<symbol>" },
  {
    name: "object whose toString throws",
    input: {
      toString() {
        throw new Error("boom");
      },
    },
    expected: "<object>",
  },
];

Deno.test("rawText() shows any value without throwing", async (t) => {
  for (const c of RAW_CASES) await t.step(c.name, () => assert.equal(rawText(c.input), c.expected));
});

Deno.test("classifiedId() and describeClassified() read known and unknown results", () => {
  const label = (id: "guest") => (id === "guest" ? "Guest" : "?");
  assert.equal(classifiedId<"guest">({ kind: "known", id: "guest" }), "guest");
  assert.equal(classifiedId<"guest">(unknownValue("x")), "unknown");
  assert.equal(describeClassified<"guest">({ kind: "known", id: "guest" }, label), "Guest");
  assert.equal(describeClassified<"guest">(unknownValue(7), label), "Unknown (7)");
});
