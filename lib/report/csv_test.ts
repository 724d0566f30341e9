import assert from "node:assert/strict";
// @ts-types="npm:@types/papaparse@5.5.2"
import Papa from "papaparse";
import { csvRecord, toCsv } from "./csv.ts";

const FORMULA_CASES = [
  { name: "equals", input: '=HYPERLINK("http://e")' },
  { name: "plus", input: "+1" },
  { name: "minus", input: "-2+3" },
  { name: "at", input: "@SUM(A1)" },
  { name: "tab", input: "\t=1" },
  { name: "carriage return", input: "\r=1" },
  { name: "formula followed by a newline", input: "=cmd|' /C calc'!A0\nsecond line" },
];

Deno.test("csvRecord() escapes spreadsheet formulas", async (t) => {
  for (const c of FORMULA_CASES) {
    await t.step(c.name, () => {
      const line = csvRecord([c.input]);
      const parsed = Papa.parse<string[]>(line).data[0]?.[0];
      assert.equal(parsed, `'${c.input}`, "value comes back with a leading quote");
      assert.ok(!/^[=+\-@\t\r]/.test(parsed ?? ""), "cell no longer starts with a formula character");
    });
  }
});

Deno.test("toCsv() round-trips awkward values through papaparse", () => {
  const rows = [
    ["a@contoso.example", 'He said "hi", then left', "line1\r\nline2", 42],
    ["b@contoso.example", "Zoë, Ångström", "", -1],
  ];
  const csv = toCsv(["UPN", "Name", "Note", "N"], rows);
  assert.ok(csv.endsWith("\r\n"));
  const parsed = Papa.parse<string[]>(csv.trimEnd(), { newline: "\r\n" }).data;
  assert.deepEqual(parsed, [
    ["UPN", "Name", "Note", "N"],
    ["a@contoso.example", 'He said "hi", then left', "line1\r\nline2", "42"],
    ["b@contoso.example", "Zoë, Ångström", "", "-1"],
  ]);
});

Deno.test("toCsv() writes a BOM only when asked", () => {
  assert.ok(toCsv(["A"], [], { bom: true }).startsWith("\uFEFF"));
  assert.ok(!toCsv(["A"], []).startsWith("\uFEFF"));
});
