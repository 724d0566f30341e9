import assert from "node:assert/strict";
import { InputError } from "../errors.ts";
import { type CsvDelimiter, type CsvRecord, parseCsvRecords } from "./csv_records.ts";

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function parse(text: string, size = 5): Promise<{ records: CsvRecord[]; delimiter?: CsvDelimiter }> {
  const records: CsvRecord[] = [];
  let delimiter: CsvDelimiter | undefined;
  for await (
    const r of parseCsvRecords(pieces(text, size), {
      file: "p.csv",
      onDelimiter: (d) => delimiter = d,
    })
  ) {
    records.push(r);
  }
  return delimiter === undefined ? { records } : { records, delimiter };
}

const CASES: { name: string; text: string; delimiter: CsvDelimiter; records: CsvRecord[] }[] = [
  {
    name: "CRLF line ends",
    text: "a,b\r\n1,2\r\n",
    delimiter: ",",
    records: [{ fields: ["a", "b"], line: 1 }, { fields: ["1", "2"], line: 2 }],
  },
  {
    name: "LF line ends and no final newline",
    text: "a,b\n1,2",
    delimiter: ",",
    records: [{ fields: ["a", "b"], line: 1 }, { fields: ["1", "2"], line: 2 }],
  },
  {
    name: "old Mac CR line ends",
    text: "a,b\r1,2\r",
    delimiter: ",",
    records: [{ fields: ["a", "b"], line: 1 }, { fields: ["1", "2"], line: 2 }],
  },
  {
    name: "blank lines skipped, line numbers kept",
    text: "a\r\n\r\n\r\nb\n\nc",
    delimiter: ",",
    records: [{ fields: ["a"], line: 1 }, { fields: ["b"], line: 4 }, { fields: ["c"], line: 6 }],
  },
  {
    name: "quoted delimiter, doubled quotes and an empty quoted field",
    text: 'x,y,z\n"a,b","say ""hi""",""\n',
    delimiter: ",",
    records: [{ fields: ["x", "y", "z"], line: 1 }, { fields: ["a,b", 'say "hi"', ""], line: 2 }],
  },
  {
    name: "CRLF inside a quoted field moves the line count on",
    text: 'h1,h2\r\n"line1\r\nline2",v\r\nnext,w\r\n',
    delimiter: ",",
    records: [
      { fields: ["h1", "h2"], line: 1 },
      { fields: ["line1\r\nline2", "v"], line: 2 },
      { fields: ["next", "w"], line: 4 },
    ],
  },
  {
    name: "a record that is one quoted empty field is kept",
    text: 'h\n""\n',
    delimiter: ",",
    records: [{ fields: ["h"], line: 1 }, { fields: [""], line: 2 }],
  },
  {
    name: "quote in the middle of a field is literal",
    text: 'h,i\nab"c,d\n',
    delimiter: ",",
    records: [{ fields: ["h", "i"], line: 1 }, { fields: ['ab"c', "d"], line: 2 }],
  },
  {
    name: "semicolon detected from the header",
    text: 'Date;User;"Result, final"\n2024-03-04;a,b;X\n',
    delimiter: ";",
    records: [{ fields: ["Date", "User", "Result, final"], line: 1 }, {
      fields: ["2024-03-04", "a,b", "X"],
      line: 2,
    }],
  },
  {
    name: "tab detected from the header",
    text: "Datum\tErgebnis\n04.03.2024\tCONFIG_ISSUE\n",
    delimiter: "\t",
    records: [{ fields: ["Datum", "Ergebnis"], line: 1 }, {
      fields: ["04.03.2024", "CONFIG_ISSUE"],
      line: 2,
    }],
  },
  {
    name: "single column (code list)",
    text: "CONFIG_ISSUE\nSUCCESS_SMS_SENT\n",
    delimiter: ",",
    records: [{ fields: ["CONFIG_ISSUE"], line: 1 }, { fields: ["SUCCESS_SMS_SENT"], line: 2 }],
  },
];

Deno.test("parseCsvRecords() splits records the way spreadsheet exports write them", async (t) => {
  for (const c of CASES) {
    for (const size of [1, 5, 1000]) {
      await t.step(`parseCsvRecords() handles ${c.name} (${size}-character chunks)`, async () => {
        const r = await parse(c.text, size);
        assert.deepEqual(r.records, c.records);
        assert.equal(r.delimiter, c.delimiter);
      });
    }
  }
});

Deno.test("parseCsvRecords() rejects an unterminated quote, naming the line it starts on", async () => {
  await assert.rejects(parse('a,b\n1,2\n3,"never closed\n4,5\n'), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.location.line, 3);
    assert.equal(
      e.message,
      "p.csv:3: Cannot parse CSV: the quoted field starting on this line is never closed (unbalanced quote)",
    );
    return true;
  });
});

Deno.test("parseCsvRecords() uses a given delimiter without detecting", async () => {
  const out: CsvRecord[] = [];
  for await (const r of parseCsvRecords(pieces("a;b,c\n", 2), { file: "p.csv", delimiter: "," })) out.push(r);
  assert.deepEqual(out, [{ fields: ["a;b", "c"], line: 1 }]);
});
