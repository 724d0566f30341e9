import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  escapeHtml,
  HeadingIds,
  HTML_CSP,
  htmlDocument,
  htmlReport,
  markdownToHtml,
  summaryHtml,
  svgBars,
  svgPie,
} from "./html.ts";
import {
  escapeMarkdown,
  markdownCallout,
  markdownHeading,
  markdownList,
  markdownTable,
  mermaidBar,
  mermaidPie,
} from "./markdown.ts";
import { fig } from "./summary.ts";

/** Values a display name, app or policy name could hold, each trying to become markup. */
const MARKUP = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  "</style><script>alert(1)</script>",
  "</td></tr></table><iframe src=//evil.example>",
  "[click](javascript:alert(1))",
  "[x](https://evil.example/)",
  "![i](https://evil.example/i.png)",
  "<https://evil.example>",
  "https://evil.example/path www.evil.example",
  "**bold** _em_ `code` ~~strike~~",
  "&lt;script&gt; &#60;b&#62; &amp;",
  "\\<b\\> \\*x\\* a\\|b",
  "# heading\n- list\n> quote\n```mermaid\npie\n```",
  "| a | b |\n| --- | --- |",
  "a\u202Egnp.exe \u200Bzero \u0000nul \u001b[31m",
  "\"quoted\" 'single'",
] as const;

/** Control, zero-width and bidi characters no rendering may carry raw. */
// deno-lint-ignore no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E]/;

/** Every way a value reaches the HTML: a table cell, a heading, a list item, a callout, chart labels. */
function renderings(v: string): string[] {
  const ids = new HeadingIds();
  return [
    markdownToHtml(markdownTable(["User", "Count"], [[v, 1]]), ids),
    markdownToHtml(markdownHeading(2, v), ids),
    markdownToHtml(markdownList([v]), ids),
    markdownToHtml(markdownCallout("warning", [v]), ids),
    markdownToHtml(escapeMarkdown(v) + "\n", ids),
    markdownToHtml(mermaidPie(v, [[v, 3], ["b", 1]]), ids),
    markdownToHtml(mermaidBar(v, [[v, 3]], v), ids),
    summaryHtml(
      { caveats: [v], answers: [{ label: v, anchor: "x", parts: [v, fig(v, 2)] }], risks: [] },
      ids,
    ),
  ];
}

Deno.test("data never becomes markup in HTML: every rendering of every hostile value is text", async (t) => {
  for (const v of MARKUP) {
    await t.step(JSON.stringify(v).slice(0, 60), () => {
      for (const html of renderings(v)) {
        assert.doesNotMatch(html, /<(?:script|img|iframe|style|object|embed|link|base|form|del)\b/i);
        for (const m of html.matchAll(/<svg\b[^>]*>/g)) {
          assert.match(m[0], /role="img"/, "only the toolkit's charts");
        }
        for (const tag of html.matchAll(/<[a-z][^>]*>/gi)) {
          // Attribute values are quoted and cannot hold a raw quote: what is left are the attribute names.
          assert.doesNotMatch(
            tag[0].replace(/"[^"]*"/g, '""'),
            /\son[a-z]+\s*=/i,
            `event handler in ${tag[0]}`,
          );
        }
        for (const m of html.matchAll(/\shref="([^"]*)"/g)) {
          assert.match(m[1]!, /^#/, `link from data: ${m[1]}`);
        }
        assert.doesNotMatch(html, RAW_CONTROL);
      }
    });
  }
});

Deno.test("the text survives: what a browser shows is the value itself", () => {
  const decode = (h: string) =>
    h.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  for (
    const v of ["<script>alert(1)</script>", "[x](javascript:alert(1))", "&lt;b&gt; & **b**", "a|b \\ `c`"]
  ) {
    const cell = /<td>(.*?)<\/td>/.exec(markdownToHtml(markdownTable(["A"], [[v]]), new HeadingIds()))![1]!;
    assert.equal(decode(cell), v);
  }
});

Deno.test("only the toolkit's own https and #anchor links become links", () => {
  const ids = new HeadingIds();
  assert.match(
    markdownToHtml("[docs](https://aka.ms/mysecurityinfo)\n", ids),
    /<a href="https:\/\/aka\.ms\/mysecurityinfo">docs<\/a>/,
  );
  assert.match(markdownToHtml("[1\\. Q](#1-q)\n", ids), /<a href="#1-q">1\. Q<\/a>/);
  for (
    const bad of [
      "[x](javascript:alert(1))",
      "[x](http://e.example)",
      "[x](data:text/html,1)",
      '[x](https://e.example/"onclick=1)',
    ]
  ) {
    assert.doesNotMatch(markdownToHtml(bad + "\n", ids), /<a /, bad);
  }
});

Deno.test("headings get GitHub's anchors, repeats numbered", () => {
  const html = markdownToHtml("## Users\n\n### Users\n\n## 1\\. Was MFA required?\n", new HeadingIds());
  assert.match(html, /<h2 id="users">Users<\/h2>/);
  assert.match(html, /<h3 id="users-1">Users<\/h3>/);
  assert.match(html, /<h2 id="1-was-mfa-required">1\. Was MFA required\?<\/h2>/);
});

Deno.test("tables: alignment, a filter box above 10 rows, the Markdown's numbers", () => {
  const rows = Array.from({ length: 11 }, (_, i) => [`u${i}`, 1000 * i]);
  const html = markdownToHtml(markdownTable(["User", "Sign-ins"], rows), new HeadingIds());
  assert.match(html, /<input type="search" class="filter" data-table="t1"/);
  assert.match(html, /<th scope="col" class="r">Sign-ins<\/th>/);
  assert.match(html, /<td class="r">10,000<\/td>/);
  assert.doesNotMatch(markdownToHtml(markdownTable(["A"], [["x"]]), new HeadingIds()), /class="filter"/);
});

Deno.test("charts: pies keep every slice's value, bars every bar; an empty pie draws nothing", () => {
  const pie = svgPie("P", [["a", 3], ["b", 1], ["zero", 0]]);
  assert.equal(pie.match(/<path /g)?.length, 2);
  assert.match(pie, /a<\/span> <span class="v">3 \(75\.0%\)/);
  assert.doesNotMatch(pie, /zero/);
  assert.match(svgPie("One", [["all", 5]]), /<circle /);
  assert.equal(svgPie("None", [["a", 0]]), "");
  const bars = svgBars("B", [["x", 2], ["y", 4]], "rows");
  assert.equal(bars.match(/<rect /g)?.length, 2);
  assert.match(bars, /<figcaption>B \(rows\)<\/figcaption>/);
  assert.match(svgBars("Rows per day", [["d", 1]], "rows"), /<figcaption>Rows per day<\/figcaption>/);
});

Deno.test("the page: CSP first, the hashes match the inline style and script, no external resource", () => {
  const page = htmlDocument({ title: "T", body: ["<p>x</p>"] });
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
  const hash = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
  assert.ok(HTML_CSP.includes(`style-src ${hash(style)}`));
  assert.ok(HTML_CSP.includes(`script-src ${hash(script)}`));
  assert.match(HTML_CSP, /^default-src 'none';/);
  assert.ok(page.indexOf("Content-Security-Policy") < page.indexOf("<style>"));
  assert.doesNotMatch(page, /\b(?:src|href)=/);
  assert.equal(escapeHtml(null), "");
});

Deno.test("htmlReport: head, summary, body in order, one id space", () => {
  const html = htmlReport({
    title: "R",
    head: ["# R\n"],
    summary: {
      caveats: [],
      answers: [{ label: "1. Q", anchor: "answers-first-1", parts: ["a ", fig("x.y", 1234)] }],
      risks: [],
    },
    body: ["## Answers first\n"],
  });
  assert.ok(html.indexOf('<h1 id="r">') < html.indexOf('<section class="summary"'));
  assert.match(html, /<strong class="num" data-metric="x\.y" data-value="1234">1,234<\/strong>/);
  assert.match(
    html,
    /<h2 id="answers-first-1">Answers first<\/h2>/,
    "the body's heading does not reuse the summary's id",
  );
  assert.match(html, /None of the risks this report looks for was found\./);
});
