/**
 * Chunk invariance of the input layer: every small input, split into two chunks at every byte
 * offset (and fed one byte at a time), gives the same records — or the same error — as when it
 * is read in one piece. This is what lets a later step read a file in pieces in parallel.
 */
import assert from "node:assert/strict";
import { CsvRecordParser } from "./csv_records.ts";
import { TextChunkDecoder } from "./decode.ts";
import { JsonRecordSplitter } from "./json_records.ts";
import { NdjsonLineSplitter } from "./ndjson_lines.ts";

const enc = new TextEncoder();

function utf16le(text: string, bom: boolean): Uint8Array {
  const out: number[] = bom ? [0xff, 0xfe] : [];
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8);
  return new Uint8Array(out);
}

function bytes(...parts: (string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === "string" ? enc.encode(p) : p));
  return new Uint8Array(out);
}

type Reader = "csv" | "json" | "ndjson";

const CASES: { name: string; reader: Reader; input: Uint8Array }[] = [
  {
    name: "a ;-delimited Export-Csv file with #TYPE, quotes, CRLF and a line break in a field",
    reader: "csv",
    input: bytes(
      '#TYPE X\r\n"UPN";"Methods"\r\n"a@contoso.example";"sms; push"\r\n"b@contoso.example";"two\r\nlines"\r\n',
    ),
  },
  { name: "a tab-delimited file with a blank line", reader: "csv", input: bytes('a\tb\n\n1\t2\n3\t"x""y"') },
  { name: "a UTF-16 LE CSV with BOM", reader: "csv", input: utf16le("Ré,sultat\r\n1,é\r\n", true) },
  { name: "a UTF-16 LE CSV without BOM", reader: "csv", input: utf16le("Call Result\nSUCCESS\n", false) },
  { name: "a CSV with an unbalanced quote", reader: "csv", input: bytes('a,b\n1,"2\n3,4\n') },
  { name: "a CSV with invalid UTF-8", reader: "csv", input: bytes("a,b\n1,", [0xc3, 0x28], "\n") },
  {
    name: "a JSON array of one-line records",
    reader: "json",
    input: bytes('[\n{"id":"a","n":{"s":"}\\""}},\n{"id":"b"}\n]\n'),
  },
  {
    name: "a Graph page",
    reader: "json",
    input: bytes('{"@odata.context":"x","value":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"y"}'),
  },
  {
    name: "two diagnostic batches appended",
    reader: "json",
    input: bytes(
      '{"records":[{"category":"SignInLogs","properties":{"id":"a"}}]}\n{"records":[{"properties":{}}]}',
    ),
  },
  {
    name: "concatenated arrays and objects",
    reader: "json",
    input: bytes('[{"id":1}][{"id":2}]{"id":3}\n{"id":4}'),
  },
  {
    name: "pretty-printed objects with a UTF-8 BOM",
    reader: "json",
    input: bytes([0xef, 0xbb, 0xbf], '{\n  "id": "é"\n}\n{\n  "id": 2\n}'),
  },
  { name: "a truncated array", reader: "json", input: bytes('[{"id":"a"},{"id":"b","x":"unfin') },
  { name: "a trailing comma", reader: "json", input: bytes('{"value":[{"id":"a"},\n]}') },
  {
    name: "NDJSON with CRLF, a blank line and no final line break",
    reader: "ndjson",
    input: bytes('{"id":1}\r\n\r\n{"id":"é"}\n{"id":3}'),
  },
  { name: "NDJSON in UTF-16 LE", reader: "ndjson", input: utf16le('{"id":1}\n{"id":2}\n', true) },
];

/** Reads `chunks` with the named reader; the records (normalised) or the error message. */
function read(reader: Reader, chunks: Uint8Array[]): unknown {
  const decoder = new TextChunkDecoder("x");
  const out: unknown[] = [];
  try {
    if (reader === "csv") {
      const p = new CsvRecordParser({ file: "x", delimiter: "detect" });
      for (const c of chunks) out.push(...p.push(decoder.decode(c)));
      out.push(...p.push(decoder.end()), ...p.end());
    } else if (reader === "json") {
      const s = new JsonRecordSplitter({ file: "x" });
      const take = (rs: { text: string; line: number; value?: unknown }[]) => {
        for (const r of rs) out.push({ line: r.line, value: "value" in r ? r.value : JSON.parse(r.text) });
      };
      for (const c of chunks) take(s.push(decoder.decode(c)));
      take(s.push(decoder.end()));
      take(s.end());
    } else {
      const s = new NdjsonLineSplitter({ file: "x" });
      const take = () => {
        for (let t = s.next(); t !== null; t = s.next()) out.push({ line: s.line, value: JSON.parse(t) });
      };
      for (const c of chunks) {
        s.push(decoder.decode(c));
        take();
      }
      s.push(decoder.end());
      take();
      const last = s.end();
      if (last !== null) out.push({ line: s.line, value: JSON.parse(last) });
    }
  } catch (e) {
    return { error: (e as Error).message };
  }
  return out;
}

for (const c of CASES) {
  Deno.test(`the ${c.reader} reader is chunk-invariant on ${c.name}`, () => {
    const whole = read(c.reader, [c.input]);
    for (let k = 0; k <= c.input.length; k++) {
      assert.deepEqual(read(c.reader, [c.input.slice(0, k), c.input.slice(k)]), whole, `split at byte ${k}`);
    }
    const singles = Array.from(c.input, (b) => Uint8Array.of(b));
    assert.deepEqual(read(c.reader, singles), whole, "one byte at a time");
  });
}

Deno.test("chunk invariance is tested on inputs that give records and on inputs that give errors", () => {
  const outcomes = CASES.map((c) => read(c.reader, [c.input]));
  assert.ok(outcomes.some((o) => Array.isArray(o) && o.length > 0));
  assert.ok(outcomes.filter((o) => !Array.isArray(o)).length >= 4);
});
