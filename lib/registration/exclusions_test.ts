import assert from "node:assert/strict";
import { parseExclusionList } from "./exclusions.ts";

const CASES: {
  name: string;
  text: string;
  want: { value: string; reason: string; line: number }[] | RegExp;
}[] = [
  { name: "empty", text: "", want: [] },
  { name: "comments and blanks only", text: "# a\n\n   # b\n", want: [] },
  {
    name: "values with reasons, CRLF",
    text: "a@contoso.example # why\r\n\r\nu-1\r\n",
    want: [{ value: "a@contoso.example", reason: "why", line: 1 }, { value: "u-1", reason: "", line: 3 }],
  },
  {
    name: "a guest UPN keeps its #EXT#",
    text: "lee_fabrikam.example#EXT#@contoso.example   # guest\n",
    want: [{ value: "lee_fabrikam.example#EXT#@contoso.example", reason: "guest", line: 1 }],
  },
  {
    name: "BOM",
    text: "\uFEFFa@contoso.example\n",
    want: [{ value: "a@contoso.example", reason: "", line: 1 }],
  },
  {
    name: "a space inside a value names line and column",
    text: "ok@contoso.example\n  bg admin@contoso.example\n",
    want: /^InputError: x\.txt:2:5: Cannot read the exclusion list/,
  },
  { name: "a tab inside a value", text: "a\tb\n", want: /^InputError: x\.txt:1:2: / },
];

Deno.test("parseExclusionList() maps each file form to entries or a located error", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      if (c.want instanceof RegExp) assert.throws(() => parseExclusionList(c.text, "x.txt"), c.want);
      else assert.deepEqual([...parseExclusionList(c.text, "x.txt").entries], c.want);
    });
  }
});
