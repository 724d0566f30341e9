/**
 * Seeded, bounded fuzzing (FUZZ_SEED overrides the seed; each target stops after its iteration
 * count or its time share, well under a minute in all):
 *
 * - the readers (lib/signins `readSignInBatches`, lib/mfa_server `readMfaServerActivity`,
 *   lib/registration `openRegistrationFile`) over random mutations of valid fixtures — byte
 *   flips, truncation, inserted quotes/braces/newlines/NUL/BOM/invalid UTF-8, duplicated and
 *   deleted slices — never throw anything but `InputError`;
 * - the streaming splitters (CSV records, JSON records, MFA Server CSV) give the same records,
 *   or the same error, whatever the chunking of the text;
 * - `markdownTable` keeps any display name in one table row with the header's cell count, with no
 *   HTML tag, link or bare URL, and shows it literally (unescaping the cell as GitHub does gives
 *   back the name, control characters as spaces);
 * - `csvRecord` cells parse back to the value, and never start with a formula character.
 */
import assert from "node:assert/strict";
// @ts-types="npm:@types/papaparse@5.5.2"
import Papa from "papaparse";
import { InputError } from "../lib/errors.ts";
import { readMfaServerActivity } from "../lib/mfa_server/reader.ts";
import { parseCsvRecords } from "../lib/io/csv_records.ts";
import { openRegistrationFile } from "../lib/registration/read_file.ts";
import { csvRecord, escapeMarkdown, markdownTable } from "../lib/report/mod.ts";
import {
  createReadStats,
  CsvRecordParser,
  JsonRecordSplitter,
  readSignInBatches,
} from "../lib/signins/mod.ts";
import { mulberry32 } from "../dev/testing/mulberry32.ts";
import { PROJECT_ROOT } from "./_run_task.ts";
import { concatBytes } from "../lib/io/bytes.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20241106);
const enc = new TextEncoder();

/** A seeded random source with helpers. */
function rng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] as T };
}
type Rng = ReturnType<typeof rng>;

const INSERTS: readonly Uint8Array[] = [
  '"',
  '""',
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  "\n",
  "\r\n",
  "\r",
  "\0",
  "\\",
  '\\"',
  "\uFEFF",
  "null",
  "1e999",
  "-",
  "=",
  ";",
  "\t",
].map((s) => enc.encode(s)).concat([
  Uint8Array.of(0xff),
  Uint8Array.of(0xc3),
  Uint8Array.of(0xed, 0xa0, 0x80),
  Uint8Array.of(0xef, 0xbb, 0xbf),
  Uint8Array.of(0xff, 0xfe),
]);

/** One to four random mutations of `bytes`. */
function mutate(r: Rng, bytes: Uint8Array): Uint8Array {
  let b = bytes;
  for (let k = 1 + r.int(4); k > 0; k--) {
    const at = r.int(b.length + 1);
    switch (r.int(6)) {
      case 0: { // flip a byte
        if (b.length === 0) break;
        b = b.slice();
        const i = Math.min(at, b.length - 1);
        b[i] = (b[i] as number) ^ (1 << r.int(8));
        break;
      }
      case 1: // truncate
        b = b.subarray(0, at);
        break;
      case 2: // insert a special
        b = concatBytes([b.subarray(0, at), r.pick(INSERTS), b.subarray(at)]);
        break;
      case 3: { // duplicate a slice
        const len = r.int(200);
        b = concatBytes([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
        break;
      }
      case 4: // delete a slice
        b = concatBytes([b.subarray(0, at), b.subarray(at + r.int(100))]);
        break;
      default: { // random bytes
        const junk = new Uint8Array(1 + r.int(16)).map(() => r.int(256));
        b = concatBytes([b.subarray(0, at), junk, b.subarray(at)]);
      }
    }
  }
  return b;
}

/** Splits bytes into random chunks (1 byte to the whole). */
function* chunks(r: Rng, bytes: Uint8Array): Generator<Uint8Array> {
  let at = 0;
  while (at < bytes.length) {
    const n = 1 + r.int(r.next() < 0.3 ? 8 : Math.max(1, bytes.length));
    yield bytes.slice(at, at + n);
    at += n;
  }
}

async function fixture(...path: string[]): Promise<Uint8Array> {
  return await Deno.readFile(`${PROJECT_ROOT}testdata/${path.join("/")}`);
}

/** Runs `body` for up to `iterations` seeds or `ms` milliseconds; returns how many ran. */
async function campaign(
  name: string,
  iterations: number,
  ms: number,
  body: (r: Rng, i: number) => Promise<void>,
) {
  const start = performance.now();
  let i = 0;
  for (; i < iterations && performance.now() - start < ms; i++) {
    const seed = (SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
    try {
      await body(rng(seed), i);
    } catch (e) {
      throw new Error(`${name}: iteration ${i} (FUZZ_SEED=${SEED}, case seed ${seed}) failed: ${e}`, {
        cause: e,
      });
    }
  }
  return i;
}

/** Fails unless `e` is an InputError with a one-line message. */
function expectInputError(e: unknown): void {
  if (!(e instanceof InputError)) throw e;
  assert.doesNotMatch(e.message, /\n/, "error messages are one line");
  assert.doesNotMatch(e.message, /\[object Object\]|undefined/, e.message);
}

Deno.test("fuzz: readSignInBatches() over mutated sign-in files throws nothing but InputError", async () => {
  const fixtures = await Promise.all([
    fixture("signins", "graph.ndjson"),
    fixture("signins", "page.json"),
    fixture("signins", "portal.json"),
    fixture("signins", "la_signinlogs.json"),
    fixture("signins", "la_noninteractive.csv"),
    fixture("signins", "InteractiveSignIns_2024-05-04_2024-05-05.csv"),
  ]);
  let errors = 0;
  const n = await campaign("readSignInBatches", 600, 12_000, async (r) => {
    const bytes = mutate(r, r.pick(fixtures));
    const stats = createReadStats();
    try {
      const stream = ReadableStream.from(chunks(r, bytes));
      for await (const batch of readSignInBatches(stream, { fileName: "fuzz.bin", stats })) void batch;
      assert.ok(stats.badRows <= stats.records, "bad rows are among the records read");
    } catch (e) {
      expectInputError(e);
      errors++;
    }
  });
  assert.ok(n >= 50, `ran ${n} cases`);
  assert.ok(errors > 0 && errors < n, `mutations reach both outcomes (${errors} errors of ${n})`);
});

Deno.test("fuzz: readMfaServerActivity() over mutated exports throws nothing but InputError", async () => {
  const fixtures = await Promise.all([
    fixture("mfa_server", "all_codes.csv"),
    fixture("mfa_server", "codes_only.txt"),
    fixture("mfa_server", "french_semicolon.csv"),
    fixture("mfa_server", "german_utf16le.csv"),
  ]);
  const n = await campaign("readMfaServerActivity", 600, 8_000, async (r) => {
    const bytes = mutate(r, r.pick(fixtures));
    try {
      for await (
        const rec of readMfaServerActivity(ReadableStream.from(chunks(r, bytes)), { file: "fuzz.csv" })
      ) {
        if (rec.kind === "row") assert.equal(typeof rec.callResult, "string");
      }
    } catch (e) {
      expectInputError(e);
    }
  });
  assert.ok(n >= 50, `ran ${n} cases`);
});

Deno.test("fuzz: openRegistrationFile() over mutated exports throws nothing but InputError", async () => {
  const fixtures = [
    { ext: "csv", bytes: await fixture("registration", "msonline_export.csv") },
    { ext: "csv", bytes: await fixture("registration", "registration_export.csv") },
    { ext: "json", bytes: await fixture("registration", "registration_export_pascal.json") },
    { ext: "txt", bytes: await fixture("registration", "registration_export_pascal.json") },
  ];
  const dir = await Deno.makeTempDir({ prefix: "fuzz-registration-" });
  try {
    const n = await campaign("openRegistrationFile", 400, 8_000, async (r, i) => {
      const f = r.pick(fixtures);
      const path = `${dir}/case${i}.${f.ext}`;
      await Deno.writeFile(path, mutate(r, f.bytes));
      try {
        const opened = await openRegistrationFile(path);
        for await (const rec of opened.records) assert.equal(typeof rec.userPrincipalName, "string");
      } catch (e) {
        expectInputError(e);
      } finally {
        await Deno.remove(path);
      }
    });
    assert.ok(n >= 50, `ran ${n} cases`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs a push/end splitter over text pieces; returns what it produced or the error message. */
function drive<T>(pieces: string[], make: () => { push(t: string): T[]; end(): T[] }): string {
  const s = make();
  const out: T[] = [];
  try {
    for (const p of pieces) out.push(...s.push(p));
    out.push(...s.end());
    return JSON.stringify(out);
  } catch (e) {
    expectInputError(e);
    return `error: ${(e as Error).message}`;
  }
}

function splitText(r: Rng, text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const n = 1 + r.int(r.next() < 0.5 ? 4 : text.length);
    out.push(text.slice(at, at + n));
    at += n;
  }
  return out;
}

Deno.test("fuzz: the CSV and JSON record splitters do not depend on how the text is chunked", async () => {
  const csv = [
    new TextDecoder().decode(await fixture("signins", "la_noninteractive.csv")),
    new TextDecoder().decode(await fixture("registration", "msonline_export.csv")),
    'a,b\r\n"x ""y""",\r\n"multi\nline",z\r\n,\r\n"unclosed,1\n',
  ];
  const json = [
    new TextDecoder().decode(await fixture("signins", "page.json")),
    new TextDecoder().decode(await fixture("signins", "graph.ndjson")),
    '[{"a":"}\\"","b":[1,{"c":null}]}, {"d":"\\\\"}]\n',
  ];
  const n = await campaign("splitters", 1500, 10_000, async (r) => {
    const base = r.next() < 0.5 ? r.pick(csv) : r.pick(json);
    const text = new TextDecoder().decode(mutate(r, enc.encode(base)));
    const pieces = splitText(r, text);
    // (a record-length limit applies to the unfinished record between pieces, so it is left at its default)
    assert.equal(
      drive(pieces, () => new CsvRecordParser({ file: "f" })),
      drive([text], () => new CsvRecordParser({ file: "f" })),
      `CsvRecordParser on ${JSON.stringify(pieces)}`,
    );
    const noValue = (t: string) =>
      t.startsWith("error") ? t : JSON.stringify(
        JSON.parse(t).map(
          (x: { text: string; line: number }) => ({ text: x.text, line: x.line }),
        ),
      );
    assert.equal(
      noValue(drive(pieces, () => new JsonRecordSplitter({ file: "f" }))),
      noValue(drive([text], () => new JsonRecordSplitter({ file: "f" }))),
      `JsonRecordSplitter on ${JSON.stringify(pieces)}`,
    );
    const mfa = async (parts: string[]) => {
      try {
        const out = [];
        for await (const rec of parseCsvRecords(ReadableStream.from(parts), { file: "f", delimiter: "," })) {
          out.push(rec);
        }
        return JSON.stringify(out);
      } catch (e) {
        expectInputError(e);
        return `error: ${(e as Error).message}`;
      }
    };
    // (delimiter fixed: detection looks at the first piece only)
    assert.equal(await mfa(pieces), await mfa([text]), `parseCsvRecords on ${JSON.stringify(pieces)}`);
  });
  assert.ok(n >= 100, `ran ${n} cases`);
});

/** Hostile pieces display names are made of. */
const NAME_PARTS = [
  "|",
  "\\",
  "\\|",
  "`",
  "``",
  "*",
  "**",
  "_",
  "~~",
  "[",
  "]",
  "](",
  "(",
  ")",
  "<",
  ">",
  "<img src=x onerror=alert(1)>",
  "</td>",
  "&",
  "&amp;",
  "&#60;",
  "&lt;",
  "#",
  "# ",
  "1. ",
  "- ",
  "+",
  "=",
  '=HYPERLINK("http://evil.example")',
  "@",
  "-",
  "!",
  "![x](http://evil.example/i.png)",
  "[x](javascript:alert(1))",
  "$",
  "$$",
  ":",
  "://",
  "http://evil.example",
  "https://evil.example/a?b=c",
  "www.evil.example",
  "WWW.Evil.Example",
  ".",
  "\t",
  "\r",
  "\n",
  "\r\n",
  "\0",
  "\u2028",
  "\u202e",
  "\u00a0",
  "\uFEFF",
  "😀",
  "Ünïcödé",
  "ana@contoso.example",
  " ",
  "a",
  "Bo",
  "0",
  '"',
  "'",
  ",",
  ";",
];

function randomName(r: Rng): string {
  let s = "";
  for (let k = r.int(8); k >= 0; k--) s += r.pick(NAME_PARTS);
  return s;
}

/**
 * The invisible characters every renderer shows as `\uXXXX` text (bidi controls and marks,
 * zero-width characters, NEL, no-break space, BOM, line/paragraph separators) plus C1 controls,
 * written out here rather than taken from the code under test.
 */
const SHOWN_AS_ESCAPE =
  /[\u0080-\u009F\u00A0\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;
const escapeText = (c: string) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** What GitHub shows for a cell: backslash escapes and entities resolved, one pass, then trimmed. */
function unescapeCell(cell: string): string {
  return cell.replace(
    /\\([!-\/:-@[-`{-~])|&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot);/gi,
    (_m, punct: string | undefined, ent: string | undefined) => {
      if (punct !== undefined) return punct;
      const e = (ent as string).toLowerCase();
      if (e === "amp") return "&";
      if (e === "lt") return "<";
      if (e === "gt") return ">";
      if (e === "quot") return '"';
      return String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    },
  ).trim();
}

/** Cells of a table row split at unescaped pipes. */
function cellsOf(line: string): string[] {
  const cells: string[] = [];
  let cur = "";
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\" && i + 1 < line.length) {
      cur += line[i]! + line[i + 1]!;
      i++;
    } else if (line[i] === "|") {
      cells.push(cur);
      cur = "";
    } else cur += line[i];
  }
  cells.push(cur);
  return cells.slice(1, -1); // outside the leading and trailing pipe
}

Deno.test("unescapeCell() and cellsOf() read GitHub table cells", () => {
  assert.deepEqual(cellsOf("| a\\|b | c |"), [" a\\|b ", " c "]);
  assert.equal(unescapeCell(" a\\|b &lt;i&gt; http&#58;//x \\\\ "), "a|b <i> http://x \\");
});

Deno.test("fuzz: markdownTable() shows any display name literally in one intact row", async () => {
  const n = await campaign("markdownTable", 3000, 6_000, (r) => {
    const names = Array.from({ length: 1 + r.int(3) }, () => randomName(r));
    const md = markdownTable(
      ["User", "Display name", "Sign-ins"],
      names.map((d, i) => [`u${i}@contoso.example`, d, i]),
    );
    const lines = md.replace(/\n$/, "").split("\n");
    assert.equal(lines.length, names.length + 2, "one line per row");
    assert.doesNotMatch(md, /</, "no HTML");
    assert.doesNotMatch(md, /(?<!\\)\]\(/, "no link");
    assert.doesNotMatch(md, /:\/\/|\bwww\./i, "no bare URL for the autolinker");
    names.forEach((name, i) => {
      const cells = cellsOf(lines[i + 2] as string);
      assert.equal(cells.length, 3, `row ${i} keeps 3 cells: ${lines[i + 2]}`);
      // C0 control characters are shown as one space each run, invisible ones as \uXXXX text
      // (escapeMarkdown's contract)
      // deno-lint-ignore no-control-regex
      const shown = name.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(SHOWN_AS_ESCAPE, escapeText).trim();
      assert.equal(unescapeCell(cells[1] as string), shown, `${JSON.stringify(name)} → ${cells[1]}`);
    });
    assert.equal(
      unescapeCell(escapeMarkdown(names[0])),
      unescapeCell(cellsOf(lines[2] as string)[1] as string),
    );
    return Promise.resolve();
  });
  assert.ok(n >= 500, `ran ${n} cases`);
});

Deno.test("fuzz: csvRecord() cells round-trip and never start with a formula character", async () => {
  const n = await campaign("csvRecord", 3000, 6_000, (r) => {
    const values = ["x", ...Array.from({ length: 1 + r.int(4) }, () => randomName(r))];
    const line = csvRecord(values);
    const parsed = Papa.parse<string[]>(line, { newline: "\r\n", delimiter: "," });
    assert.equal(parsed.data.length, 1, `one record: ${JSON.stringify(line)}`);
    const row = parsed.data[0] as string[];
    assert.equal(row.length, values.length, `cell count of ${JSON.stringify(line)}`);
    row.forEach((cell, i) => {
      const v = values[i] as string;
      assert.doesNotMatch(
        cell,
        /^[=+\-@\t\r]/,
        `cell ${JSON.stringify(cell)} starts with a formula character`,
      );
      // invisible and control characters (but tab and line breaks) as \uXXXX text; a line of the
      // cell that would be a CI command gets its first character escaped
      const shown = v
        // deno-lint-ignore no-control-regex
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, escapeText)
        .replace(SHOWN_AS_ESCAPE, escapeText)
        .split(/(\r\n|\n|\r)/)
        .map((part, k) =>
          k % 2 === 1 ? part : part.replace(/##vso\[/gi, (m) => `\\u0023${m.slice(1)}`)
            .replace(/^(\s*)##\[/, "$1\\u0023#[").replace(/^(\s*)::/, "$1\\u003A:")
        )
        .join("");
      assert.equal(cell, /^[=+\-@\t\r]/.test(shown) ? `'${shown}` : shown);
    });
    return Promise.resolve();
  });
  assert.ok(n >= 500, `ran ${n} cases`);
});
