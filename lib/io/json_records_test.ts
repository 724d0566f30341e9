import assert from "node:assert/strict";
import { JsonRecordSplitter, type JsonRecordText } from "./json_records.ts";

function split(text: string, size: number): { text: string; line: number; parsed: boolean }[] {
  const s = new JsonRecordSplitter({ file: "t.json" });
  const out: JsonRecordText[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  out.push(...s.end(text.length));
  return out.map((r) => ({ text: r.text, line: r.line, parsed: "value" in r }));
}

Deno.test("JsonRecordSplitter finds the records, whatever the chunk size", async (t) => {
  const CASES: { name: string; text: string; expected: [string, number][] }[] = [
    {
      name: "a compact array",
      text: '[{"a":1},{"b":[1,{"c":2}]}]',
      expected: [['{"a":1}', 1], ['{"b":[1,{"c":2}]}', 1]],
    },
    {
      name: "strings with braces, brackets, escaped quotes and backslashes",
      text: '[{"s":"}]{["},{"t":"a\\"}"},{"u":"\\\\"},{"v":"\\\\\\"}"}]',
      expected: [['{"s":"}]{["}', 1], ['{"t":"a\\"}"}', 1], ['{"u":"\\\\"}', 1], ['{"v":"\\\\\\"}"}', 1]],
    },
    {
      name: "a pretty-printed array",
      text: '[\n  {\n    "a": 1\n  },\n  {\n    "b": "x"\n  }\n]\n',
      expected: [['{\n    "a": 1\n  }', 2], ['{\n    "b": "x"\n  }', 5]],
    },
    {
      name: "one object per line",
      text: '[\n{"a":1},\n{"b":2}\n]',
      expected: [['{"a":1}', 2], ['{"b":2}', 3]],
    },
    {
      name: "a Graph page with a key named value inside a record",
      text: '{"@odata.context":"x","value":[{"value":[1]},{"id":"b"}],"@odata.nextLink":"y"}',
      expected: [['{"value":[1]}', 1], ['{"id":"b"}', 1]],
    },
    {
      name: "objects one after another",
      text: '{"a":1}\n{"b":{"c":2}}\n',
      expected: [['{"a":1}', 1], ['{"b":{"c":2}}', 2]],
    },
    {
      name: "non-object elements (for the caller to count as bad rows)",
      text: '[1, "x", [2], true, {"a":1}, null]',
      expected: [["1", 1], ['"x"', 1], ["[2]", 1], ["true", 1], ['{"a":1}', 1], ["null", 1]],
    },
    { name: "an empty array", text: "[ ]", expected: [] },
  ];
  for (const c of CASES) {
    for (const size of [1, 3, 1000]) {
      await t.step(`JsonRecordSplitter splits ${c.name} (${size}-char chunks)`, () => {
        assert.deepEqual(split(c.text, size).map((r) => [r.text, r.line]), c.expected);
      });
    }
  }
});

Deno.test("JsonRecordSplitter parses one-line records directly when it can", () => {
  const out = split('[\n{"a":1},\n{"b":"}\\n"},\n{"c":\n2}\n]', 1000);
  assert.deepEqual(out, [
    { text: '{"a":1}', line: 2, parsed: true },
    { text: '{"b":"}\\n"}', line: 3, parsed: true },
    { text: '{"c":\n2}', line: 4, parsed: false },
  ]);
});

Deno.test("JsonRecordSplitter rejects truncated and malformed text", async (t) => {
  const CASES = [
    {
      name: "the end inside a string",
      text: '[{"a":"b',
      message: /^InputError: t\.json:1: Cannot parse JSON: the file ends at byte 8 inside a string/,
    },
    {
      name: "the end inside an object",
      text: '[\n{"a":1',
      message:
        /^InputError: t\.json:2: Cannot parse JSON: the file ends at byte 8 with 2 object\(s\) or array\(s\) not closed/,
    },
    {
      name: "an array never closed",
      text: '[{"a":1}',
      message: /with 1 object\(s\) or array\(s\) not closed; the data is incomplete/,
    },
    {
      name: "a stray closing bracket",
      text: '{"a":1}]',
      message: /^InputError: t\.json:1: Cannot parse JSON: unexpected "\]" at the top level/,
    },
  ];
  for (const c of CASES) {
    await t.step(`JsonRecordSplitter rejects ${c.name}`, () => {
      assert.throws(() => split(c.text, 4), c.message);
    });
  }
});

Deno.test("JsonRecordSplitter gives the same records when big chunks carry a record over", async (t) => {
  const records = Array.from({ length: 3000 }, (_, i) => ({
    id: `id-${i}`,
    note: i % 7 === 0 ? 'has "quotes", braces {} and\nescaped newlines' : "x".repeat(i % 50),
  }));
  const layouts = {
    "one record per line": "[\n" + records.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n",
    "pretty-printed": JSON.stringify(records, null, 2) + "\n",
  };
  for (const [name, text] of Object.entries(layouts)) {
    await t.step(name, () => {
      const whole = new JsonRecordSplitter({ file: "a.json" });
      const expected = [...whole.push(text), ...whole.end()].map((r) => [r.line, JSON.parse(r.text)]);
      assert.equal(expected.length, records.length);
      for (const size of [70_000, 100_003, 131_072]) {
        const s = new JsonRecordSplitter({ file: "a.json" });
        const got: [number, unknown][] = [];
        for (let i = 0; i < text.length; i += size) {
          for (const r of s.push(text.slice(i, i + size))) got.push([r.line, JSON.parse(r.text)]);
        }
        for (const r of s.end()) got.push([r.line, JSON.parse(r.text)]);
        assert.deepEqual(got, expected, `chunks of ${size}`);
      }
    });
  }
});
