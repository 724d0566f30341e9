import assert from "node:assert/strict";
import { escapeMarkdown, markdownTable, mermaidPie } from "./markdown.ts";

const CASES: { name: string; input: string; expected: string }[] = [
  { name: "pipe cannot split a cell", input: "x|y", expected: "x\\|y" },
  {
    name: "HTML is shown as text",
    input: "<img src=x onerror=alert(1)>",
    expected: "&lt;img src=x onerror=alert(1)&gt;",
  },
  { name: "link syntax is broken", input: "[a](http://e)", expected: "\\[a\\](http&#58;//e)" },
  {
    name: "bare URL is not autolinked",
    input: "see https://evil.example",
    expected: "see https&#58;//evil.example",
  },
  { name: "www autolink is broken", input: "www.evil.example", expected: "www&#46;evil.example" },
  { name: "backticks cannot open code", input: "a`b", expected: "a\\`b" },
  { name: "emphasis markers", input: "*a* _b_ ~c~", expected: "\\*a\\* \\_b\\_ \\~c\\~" },
  { name: "entities cannot be injected", input: "&lt;", expected: "&amp;lt;" },
  { name: "newline cannot end a row", input: "line1\nline2\r\nline3", expected: "line1 line2 line3" },
  { name: "leading heading marker", input: "# title", expected: "\\# title" },
  { name: "leading list marker", input: "- item", expected: "\\- item" },
  { name: "leading setext marker", input: "===", expected: "\\===" },
  { name: "ordered list marker", input: "1. one", expected: "1\\. one" },
  { name: "image syntax", input: "![x](y)", expected: "\\!\\[x\\](y)" },
  { name: "backslash kept literal", input: "a\\|b", expected: "a\\\\\\|b" },
  { name: "UPN stays readable", input: "adele@contoso.example", expected: "adele@contoso.example" },
  { name: "non-ASCII untouched", input: "Zoë Ångström 김민준", expected: "Zoë Ångström 김민준" },
  { name: "NUL and tabs become spaces", input: "a\u0000b\tc", expected: "a b c" },
  { name: "right-to-left override is shown", input: "Ana \u202Egnp.exe", expected: "Ana \\\\u202Egnp.exe" },
  {
    name: "bidi isolates are shown",
    input: "\u2066a\u2067b\u2068c\u2069",
    expected: "\\\\u2066a\\\\u2067b\\\\u2068c\\\\u2069",
  },
  {
    name: "bidi marks and embeddings are shown",
    input: "\u200E\u200F\u061C\u202A\u202D",
    expected: "\\\\u200E\\\\u200F\\\\u061C\\\\u202A\\\\u202D",
  },
  {
    name: "zero-width characters are shown",
    input: "ad\u200Bmin\u200C\u200D\u2060\uFEFF",
    expected: "ad\\\\u200Bmin\\\\u200C\\\\u200D\\\\u2060\\\\uFEFF",
  },
  { name: "NEL and NBSP are shown", input: "a\u0085b\u00A0c", expected: "a\\\\u0085b\\\\u00A0c" },
  {
    name: "line and paragraph separators are shown",
    input: "a\u2028b\u2029c",
    expected: "a\\\\u2028b\\\\u2029c",
  },
  { name: "C1 control is shown", input: "a\u009bb", expected: "a\\\\u009Bb" },
];

Deno.test("escapeMarkdown() makes hostile strings literal", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => assert.equal(escapeMarkdown(c.input), c.expected));
  }
});

Deno.test("markdownTable() keeps one row per record whatever the cell holds", () => {
  const hostile = "x|y <img src=x onerror=alert(1)> [a](http://e)\n| evil | row |";
  const table = markdownTable(["Name", "Count"], [[hostile, 2], ["ok", 1]]);
  const lines = table.trimEnd().split("\n");
  assert.equal(lines.length, 4, "header, separator and two rows");
  assert.equal(
    lines[2],
    "| x\\|y &lt;img src=x onerror=alert(1)&gt; \\[a\\](http&#58;//e) \\| evil \\| row \\| | 2 |",
  );
  // every row has exactly the column count of unescaped pipes
  for (const l of lines) assert.equal(l.replace(/\\\|/g, "").split("|").length - 2, 2);
});

Deno.test("markdownTable() renders an empty table as a note", () => {
  assert.equal(markdownTable(["A"], []), "_(none)_\n");
  assert.equal(markdownTable(["A"], [], { empty: "No users" }), "No users\n");
});

Deno.test("mermaidPie() cannot be broken out of by a label", () => {
  const md = mermaidPie("t", [['x"\n```\n<script>', 1]]);
  const body = md.split("\n").slice(1, -2).join("\n");
  assert.ok(!body.includes("```"), "no fence inside the block");
  assert.ok(!body.includes("<"), "no HTML");
  assert.equal(md.match(/```/g)?.length, 2);
});

Deno.test("escapeMarkdown() leaves numbers and IPs at the start of a cell readable", () => {
  assert.equal(escapeMarkdown("50.0%"), "50.0%");
  assert.equal(escapeMarkdown("192.0.2.7"), "192.0.2.7");
  assert.equal(escapeMarkdown("3) item"), "3\\) item");
});
