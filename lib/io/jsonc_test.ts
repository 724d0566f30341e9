import assert from "node:assert/strict";
import { parseJsonc } from "./jsonc.ts";

const VALID: { name: string; text: string; value: unknown }[] = [
  {
    name: "plain JSON",
    text: '{"a": [1, 2.5, -3e2, true, false, null, "x"]}',
    value: { a: [1, 2.5, -300, true, false, null, "x"] },
  },
  {
    name: "line and block comments",
    text: '// top\n{ /* in */ "a": 1 // end\n}\n/* tail */',
    value: { a: 1 },
  },
  { name: "trailing commas", text: '{ "a": [1, 2,], "b": {"c": 3,}, }', value: { a: [1, 2], b: { c: 3 } } },
  {
    name: "comment markers inside strings",
    text: '{ "url": "https://contoso.example/*x*/", "c": "// no" }',
    value: { url: "https://contoso.example/*x*/", c: "// no" },
  },
  {
    name: "escapes",
    text: '["\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"]',
    value: ['"\\/\b\f\n\r\té😀'],
  },
  { name: "byte-order mark", text: "\uFEFF[1]", value: [1] },
  {
    name: "a __proto__ key is an ordinary key",
    text: '{"__proto__": {"x": 1}}',
    value: JSON.parse('{"__proto__": {"x": 1}}'),
  },
];

Deno.test("parseJsonc() reads JSON with comments and trailing commas", async (t) => {
  for (const c of VALID) {
    await t.step(c.name, () => {
      assert.deepEqual(parseJsonc(c.text, "x.jsonc", "policy").value, c.value);
    });
  }
  assert.equal(
    Object.getPrototypeOf(parseJsonc('{"__proto__": {"x": 1}}', "x", "p").value),
    Object.prototype,
  );
});

const INVALID: { name: string; text: string; message: string }[] = [
  {
    name: "empty file",
    text: "  // nothing\n",
    message: "x.jsonc:2:1: Cannot read the policy: expected a JSON value, got an empty file",
  },
  {
    name: "single quotes",
    text: "{\n  'a': 1 }",
    message: 'x.jsonc:2:3: Cannot read the policy: expected a key in double quotes or "}", got "\'"',
  },
  {
    name: "unquoted key",
    text: "{ a: 1 }",
    message: 'x.jsonc:1:3: Cannot read the policy: expected a key in double quotes or "}", got "a"',
  },
  {
    name: "missing comma",
    text: '{ "a": 1\n  "b": 2 }',
    message: 'x.jsonc:2:3: Cannot read the policy: expected "," or "}" after a member, got "\\""',
  },
  {
    name: "unterminated string",
    text: '{ "a": "x }',
    message: "x.jsonc:1:8: Cannot read the policy: expected a closing '\"' for this string",
  },
  {
    name: "raw line break in a string",
    text: '["a\nb"]',
    // a raw line break ends the string: named where the string starts
    message: "x.jsonc:1:2: Cannot read the policy: expected a closing '\"' for this string",
  },
  {
    name: "unterminated comment",
    text: "[1] /* x",
    message: 'x.jsonc:1:5: Cannot read the policy: expected "*/" to close this comment',
  },
  { name: "NaN", text: "[NaN]", message: 'x.jsonc:1:2: Cannot read the policy: expected a value, got "N"' },
  {
    name: "leading zero",
    text: "[01]",
    // "0" is a whole number; the "1" after it is the error
    message: 'x.jsonc:1:3: Cannot read the policy: expected "," or "]" after an array element, got "1"',
  },
  {
    name: "two values",
    text: "[1] [2]",
    message: 'x.jsonc:1:5: Cannot read the policy: expected the end of the file after the value, got "["',
  },
  {
    name: "duplicate key",
    text: '{ "rules": [{ "id": 1, "id": 2 }] }',
    message: "x.jsonc:1:24: Cannot read the policy: rules[0].id: duplicate key",
  },
  {
    name: "bad escape",
    text: '["\\x41"]',
    message:
      'x.jsonc:1:2: Cannot read the policy: expected an escape such as \\", \\\\, \\n or \\u0041 after the backslash',
  },
  {
    name: "too deep",
    text: "[".repeat(70) + "]".repeat(70),
    message: "x.jsonc:1:65: Cannot read the policy: expected at most 64 levels of nesting",
  },
];

Deno.test("parseJsonc() names the line and column of bad syntax", async (t) => {
  for (const c of INVALID) {
    await t.step(c.name, () => {
      assert.throws(() => parseJsonc(c.text, "x.jsonc", "policy"), (e: Error) => {
        assert.equal(e.name, "InputError");
        assert.equal(e.message, c.message);
        return true;
      });
    });
  }
});

Deno.test("parseJsonc() records the position of every value by path", () => {
  const doc = parseJsonc(
    '{\n  "scope": { "odd key": true },\n  "rules": [\n    { "id": "a" }\n  ]\n}',
    "x",
    "p",
  );
  assert.deepEqual(doc.positions.get(""), { line: 1, column: 1 });
  assert.deepEqual(doc.positions.get('scope["odd key"]'), { line: 2, column: 25 });
  assert.deepEqual(doc.positions.get("rules[0]"), { line: 4, column: 5 });
  assert.deepEqual(doc.positions.get("rules[0].id"), { line: 4, column: 13 });
});
