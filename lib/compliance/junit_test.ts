import assert from "node:assert/strict";
import { childElements, parseXml, textOf } from "../../dev/testing/xml_reader.ts";
import type { RuleResult } from "./evaluate.ts";
import { escapeXmlAttribute, escapeXmlText, renderJunit } from "./junit.ts";

const HOSTILE = "x\" onload='1' <b>&amp; ]]> \u0000\u0007\u001b \ud800 \uFFFE tab\tline\nend 😀";

const ESCAPES: { name: string; input: string; text: string; attribute: string }[] = [
  {
    name: "markup",
    input: '<a href="x">&</a>',
    text: '&lt;a href="x"&gt;&amp;&lt;/a&gt;',
    attribute: "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;",
  },
  {
    name: "control characters",
    input: "a\u0000b\u001fc",
    text: "a\uFFFDb\uFFFDc",
    attribute: "a\uFFFDb\uFFFDc",
  },
  { name: "whitespace", input: "a\tb\nc\rd", text: "a\tb\nc\rd", attribute: "a&#9;b&#10;c&#13;d" },
  { name: "surrogates", input: "😀 \udc00 \ud83d", text: "😀 \uFFFD \uFFFD", attribute: "😀 \uFFFD \uFFFD" },
  { name: "non-characters", input: "\uFFFE\uFFFF", text: "\uFFFD\uFFFD", attribute: "\uFFFD\uFFFD" },
];

Deno.test("escapeXmlText() and escapeXmlAttribute() escape markup and drop what XML cannot carry", async (t) => {
  for (const c of ESCAPES) {
    await t.step(c.name, () => {
      assert.equal(escapeXmlText(c.input), c.text);
      assert.equal(escapeXmlAttribute(c.input), c.attribute);
    });
  }
});

function result(over: Partial<RuleResult>): RuleResult {
  return {
    id: "r",
    check: "adminsWithoutMfa",
    description: "d",
    severity: "fail",
    status: "pass",
    evaluated: true,
    onNoData: "fail",
    rows: 3,
    comparison: "atMost",
    unit: "users",
    threshold: 0,
    actual: 0,
    detail: [],
    note: null,
    ...over,
  };
}

Deno.test("renderJunit() writes well-formed XML that parses back to one test per rule", () => {
  const rules = [
    result({ id: "ok", status: "pass" }),
    result({ id: "soft", severity: "warn", status: "warn", actual: 2, detail: ["a@contoso.example"] }),
    result({ id: "hard", status: "fail", actual: 1, description: HOSTILE, detail: [HOSTILE] }),
    result({
      id: "blind",
      status: "fail",
      actual: null,
      evaluated: false,
      rows: 0,
      note: "no data: sign-ins were not read",
      check: "legacyAuthSucceeded",
      unit: "signIns",
    }),
  ];
  const xml = renderJunit({
    generatedAt: "2026-11-20T12:00:00.000Z",
    policy: { file: `pol"icy<&>.jsonc` },
    verdict: { status: "fail", pass: 1, warn: 1, fail: 2 },
    rules,
  });
  const root = parseXml(xml);
  assert.equal(root.name, "testsuites");
  assert.deepEqual(
    [root.attributes.tests, root.attributes.failures, root.attributes.skipped, root.attributes.errors],
    ["4", "2", "1", "0"],
  );
  const [suite] = childElements(root, "testsuite");
  assert.ok(suite);
  assert.equal(suite.attributes.name, `compliance-report (pol"icy<&>.jsonc)`);
  assert.equal(suite.attributes.timestamp, "2026-11-20T12:00:00");
  const cases = childElements(suite, "testcase");
  assert.deepEqual(cases.map((c) => c.attributes.name), ["ok", "soft", "hard", "blind"]);
  assert.deepEqual(cases.map((c) => c.attributes.classname), [
    "compliance.adminsWithoutMfa",
    "compliance.adminsWithoutMfa",
    "compliance.adminsWithoutMfa",
    "compliance.legacyAuthSucceeded",
  ]);
  const [ok, soft, hard, blind] = cases as [
    typeof cases[0],
    typeof cases[0],
    typeof cases[0],
    typeof cases[0],
  ];
  assert.deepEqual(childElements(ok, "failure"), []);
  assert.deepEqual(childElements(ok, "skipped"), []);
  assert.equal(
    childElements(soft, "skipped")[0]?.attributes.message,
    "warning: actual 2 users, threshold ≤ 0 users",
  );
  assert.deepEqual(childElements(soft, "failure"), []);
  const failure = childElements(hard, "failure")[0];
  assert.ok(failure);
  assert.equal(failure.attributes.type, "fail");
  // The hostile text comes back with characters XML cannot carry replaced by U+FFFD.
  const safe = "x\" onload='1' <b>&amp; ]]> \uFFFD\uFFFD\uFFFD \uFFFD \uFFFD tab\tline\nend 😀";
  assert.equal(
    textOf(failure),
    `${safe}\nthreshold: ≤ 0 users\nactual: 1 user\nrows seen: 3 in-scope admins\n${safe}`,
  );
  const blindFailure = childElements(blind, "failure")[0];
  assert.equal(
    blindFailure?.attributes.message,
    "not evaluated (no data: sign-ins were not read), threshold ≤ 0 sign-ins",
  );
});

Deno.test("parseXml() rejects what is not well-formed", async (t) => {
  const CASES = [
    { name: "unclosed element", xml: "<a><b></b>", message: /expected <\/a>/ },
    { name: "raw ampersand", xml: "<a>x & y</a>", message: /"&"/ },
    { name: "raw < in attribute", xml: '<a x="<"/>', message: /no "<"/ },
    { name: "unquoted attribute", xml: "<a x=1/>", message: /quoted value/ },
    { name: "two roots", xml: "<a/><b/>", message: /nothing after the root/ },
    { name: "control character", xml: "<a>\u0001</a>", message: /U\+1/ },
    {
      name: "reference to a control character",
      xml: "<a>&#1;</a>",
      message: /reference to an XML character/,
    },
    { name: "unknown entity", xml: "<a>&nbsp;</a>", message: /known reference/ },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => assert.throws(() => parseXml(c.xml), c.message));
  }
});
