import assert from "node:assert/strict";
import { type CsvRecord, CsvRecordParser } from "./csv_records.ts";

/** Parses `text` fed in pieces of `size` characters. */
function parse(text: string, size: number, maxRecordChars?: number): CsvRecord[] {
  const p = new CsvRecordParser(
    maxRecordChars === undefined ? { file: "t.csv" } : { file: "t.csv", maxRecordChars },
  );
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
  out.push(...p.end());
  return out;
}

Deno.test("CsvRecordParser splits records, whatever the chunk size", async (t) => {
  const CASES: { name: string; text: string; expected: CsvRecord[] }[] = [
    {
      name: "CRLF records with a trailing line break",
      text: "a,b\r\n1,2\r\n",
      expected: [{ fields: ["a", "b"], line: 1 }, { fields: ["1", "2"], line: 2 }],
    },
    {
      name: "LF and CR-only line ends, no final line break",
      text: "a,b\n1,2\r3,4",
      expected: [{ fields: ["a", "b"], line: 1 }, { fields: ["1", "2"], line: 2 }, {
        fields: ["3", "4"],
        line: 3,
      }],
    },
    {
      name: "quoted commas, doubled quotes and CRLF inside quotes",
      text: 'x,y\r\n"a,b","say ""hi""\r\nthere"\r\nz,\r\n',
      expected: [
        { fields: ["x", "y"], line: 1 },
        { fields: ["a,b", 'say "hi"\r\nthere'], line: 2 },
        { fields: ["z", ""], line: 4 },
      ],
    },
    {
      name: "empty quoted fields and an empty line",
      text: '"",""\r\n\r\nq\r\n',
      expected: [{ fields: ["", ""], line: 1 }, { fields: [""], line: 2 }, { fields: ["q"], line: 3 }],
    },
    {
      name: "a quote inside an unquoted field is kept",
      text: 'ab"c,d\n',
      expected: [{ fields: ['ab"c', "d"], line: 1 }],
    },
  ];
  for (const c of CASES) {
    for (const size of [1, 2, 7, 1000]) {
      await t.step(`CsvRecordParser reads ${c.name} (${size}-char chunks)`, () => {
        assert.deepEqual(parse(c.text, size), c.expected);
      });
    }
  }
});

Deno.test("CsvRecordParser rejects malformed quoting with the line", async (t) => {
  const CASES = [
    {
      name: "a quote never closed",
      text: 'a\n"b\nc\n',
      message:
        /^InputError: t\.csv:2: Cannot parse CSV: the quoted field starting on this line is never closed/,
    },
    {
      name: "text after a closing quote",
      text: 'a\nb\n"c"d,e\n',
      message: /^InputError: t\.csv:3: Cannot parse CSV: unexpected "d" after the closing quote/,
    },
    {
      name: "a runaway record",
      text: 'a\n"' + "x".repeat(100),
      message: /^InputError: t\.csv:2: Cannot parse CSV: a record is longer than 50 characters/,
      max: 50,
    },
  ];
  for (const c of CASES) {
    await t.step(`CsvRecordParser rejects ${c.name}`, () => {
      assert.throws(() => parse(c.text, 10, c.max), c.message);
    });
  }
});
