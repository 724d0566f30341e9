import assert from "node:assert/strict";
import { buildAliasIndex, enumClassifier, enumLabeler, isTableKey, lookupId, tableIndex } from "./_enum.ts";

const TABLE = {
  notApplied: { label: "Not applied" },
  reportOnlyFailure: { label: "Report-only: failure", aliases: ["would block"] },
} as const;

const CASES: { name: string; input: unknown; expected: string | undefined }[] = [
  { name: "exact id", input: "notApplied", expected: "notApplied" },
  { name: "label", input: "Not applied", expected: "notApplied" },
  { name: "label, other case and spacing", input: "  NOT_APPLIED ", expected: "notApplied" },
  { name: "alias", input: "Would block", expected: "reportOnlyFailure" },
  { name: "prototype key", input: "toString", expected: undefined },
  { name: "__proto__", input: "__proto__", expected: undefined },
  { name: "empty string", input: "", expected: undefined },
  { name: "number", input: 1, expected: undefined },
  { name: "object", input: { id: "notApplied" }, expected: undefined },
];

Deno.test("lookupId() finds ids by id, label and alias only", async (t) => {
  const index = tableIndex(TABLE);
  for (const c of CASES) {
    await t.step(c.name, () => assert.equal(lookupId(TABLE, index, c.input), c.expected));
  }
});

Deno.test("enumClassifier() keeps the raw value of unknown input", () => {
  const classify = enumClassifier(TABLE);
  const raw = { a: 1 };
  const r = classify(raw);
  assert.equal(r.kind, "unknown");
  if (r.kind === "unknown") assert.equal(r.raw, raw);
  assert.deepEqual(classify("not-applied"), { kind: "known", id: "notApplied" });
});

Deno.test("enumLabeler() labels ids and unknown", () => {
  const label = enumLabeler(TABLE);
  assert.equal(label("reportOnlyFailure"), "Report-only: failure");
  assert.equal(label("unknown"), "Unknown");
});

Deno.test("buildAliasIndex() reports a spelling claimed by two ids", () => {
  const idx = buildAliasIndex([["a", ["Same"]], ["b", ["same", "Other"]]] as const);
  assert.deepEqual(idx.collisions, ["same"]);
  assert.equal(idx.map.get("same"), "a");
  assert.equal(idx.map.get("other"), "b");
});

Deno.test("isTableKey() accepts own keys only", () => {
  assert.ok(isTableKey(TABLE, "notApplied"));
  assert.ok(!isTableKey(TABLE, "hasOwnProperty"));
  assert.ok(!isTableKey(TABLE, 0));
});
