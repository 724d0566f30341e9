/**
 * `readNdjsonRange` and the sequential reader `readSignInBatches` (standard input, several files,
 * `--threads 1`) with the WebAssembly scanner (`scanner: "wasm"`) read exactly what the text
 * reader (`JSON.parse` per line) reads, in any chunking of the bytes: the same sign-ins (deep-equal), bad rows, samples, line
 * counts, and the same errors, on the sample tenant and on seeded mutations of it (broken JSON,
 * invalid UTF-8, duplicate and escaped keys, values of the wrong type, blank and Unicode-space
 * lines, CRLF, a BOM, a last line without its line break, over-long lines).
 */
import assert from "node:assert/strict";
import { generateSignIns } from "../../dev/sample/mod.ts";
import { readSignInBatches } from "./read_sign_ins.ts";
import { readNdjsonRange } from "./read_ndjson_range.ts";
import { createReadStats } from "./read_stats.ts";
import type { ReadSignInsOptions } from "./read_options.ts";
import { concatBytes } from "../io/bytes.ts";
import type { NdjsonRangeOptions } from "./read_ndjson_range.ts";
import { mulberry32 as rng } from "../../dev/testing/mulberry32.ts";

const encoder = new TextEncoder();

/** What a read gave: its result, or its error (class, message, file, line). */
function outcome(bytes: Uint8Array, o: NdjsonRangeOptions, batches: boolean): unknown {
  try {
    const seen: unknown[] = [];
    const r = batches ? readNdjsonRange(bytes, o, (b) => seen.push(...b)) : readNdjsonRange(bytes, o);
    return { ...r, signIns: batches ? seen : r.signIns };
  } catch (e) {
    const err = e as Error & { file?: string; line?: number };
    return { error: err.name, message: err.message, file: err.file, line: err.line };
  }
}

function same(
  bytes: Uint8Array,
  o: Omit<NdjsonRangeOptions, "scanner">,
  label: string,
  batches = false,
): unknown {
  const json = outcome(bytes, { ...o, scanner: "json" }, batches);
  const wasm = outcome(bytes, { ...o, scanner: "wasm" }, batches);
  assert.deepStrictEqual(wasm, json, label);
  return json;
}

const SAMPLE: string[] = [];
for (const row of generateSignIns({ seed: 5, users: 60, days: 20, signInsPerUserPerDay: 3 })) {
  SAMPLE.push(JSON.stringify(row));
  if (SAMPLE.length >= 400) break;
}

const BASE = { file: "s.ndjson", format: "graph-ndjson", prefixed: false } as const;

Deno.test("readNdjsonRange wasm = json: the sample tenant, plain, prefixed, CRLF, BOM, no last line break", () => {
  const text = SAMPLE.join("\n") + "\n";
  const r = same(encoder.encode(text), BASE, "plain") as { signIns: unknown[]; badRows: number };
  assert.equal(r.signIns.length, SAMPLE.length);
  assert.equal(r.badRows, 0);
  same(encoder.encode(text), BASE, "plain, in batches", true);
  same(encoder.encode("\n" + text), { ...BASE, prefixed: true }, "prefixed");
  same(encoder.encode(SAMPLE.join("\r\n") + "\r\n"), BASE, "CRLF");
  const cut = SAMPLE.slice(0, 20).map((l, i) => l.slice(0, 100 + i) + (i % 3 === 0 ? "" : "\r")).join("\r\n");
  const r2 = same(encoder.encode(cut + "\r\n"), { ...BASE, maxBadRowSamples: 20 }, "cut lines, CRLF") as {
    badRowSamples: { reason: string }[];
  };
  assert.equal(r2.badRowSamples.length, 20);
  same(encoder.encode("\ufeff" + text), BASE, "BOM");
  same(encoder.encode(SAMPLE.join("\n")), { ...BASE, totalBytes: 10 ** 9 }, "no last line break");
  same(encoder.encode(text + SAMPLE[0]!.slice(0, 300)), BASE, "a cut-off last line");
  same(encoder.encode(text + "  \u00a0 "), BASE, "a last line of spaces");
});

/** Replacements that change values, keys and structure of a sign-in line. */
const EDITS: [RegExp, string][] = [
  [/"errorCode":0/, '"errorCode":"oops"'],
  [/"errorCode":0/, '"errorCode":1.5'],
  [/"createdDateTime":"[^"]*"/, '"createdDateTime":"not a date"'],
  [/"createdDateTime":"[^"]*"/, '"createdDateTime":null'],
  [/"userPrincipalName":"[^"]*"/, '"userPrincipalName":42'],
  [/"userPrincipalName":"/, '"userPrincipalName":"a\\u00e9\\"\\\\'],
  [/"userPrincipalName"/, '"user\\u0050rincipalName"'],
  [/\{"id":"[^"]*",/, '{"id":"dup","id":"last",'],
  [/"status":\{/, '"status":"x","status":{'],
  [/"appliedConditionalAccessPolicies":\[/, '"appliedConditionalAccessPolicies":[1,"s",[],null,{"id":7},'],
  [/"appliedConditionalAccessPolicies":\[[^\]]*\]/, '"appliedConditionalAccessPolicies":"[]"'],
  [/"authenticationDetails":\[/, '"authenticationDetails":[{"succeeded":"yes"},'],
  [/"signInEventTypes":\[[^\]]*\]/, '"signInEventTypes":"interactiveUser, nonInteractiveUser"'],
  [/"deviceDetail":\{/, '"deviceDetail":{"operatingSystem":"Linux","operatingSystem":"Windows",'],
  [/^\{/, "["],
  [/\}$/, "}}"],
  [/^\{/, " \t{"],
  [/"/, "\u00e9"],
  [/^/, "\u00a0"],
  [/.*/, "\u00a0\u2028 "],
  [/.*/, ""],
  [/.*/, " \t "],
  [/.*/, "42"],
  [
    /.*/,
    '{"category":"SignInLogs","time":"2026-11-20T10:00:00Z","properties":{"id":"e1","createdDateTime":"2026-11-20T10:00:00Z","status":{"errorCode":0}}}',
  ],
  [/.*/, '{"category":"SignInLogs","properties":{"id":"e2"},"time":"2026-11-20T10:00:00Z"}'],
];

/**
 * The first `count` sample lines, each kept, edited (EDITS) or with a byte edit that breaks its
 * JSON (or, with `utf8`, its UTF-8), as bytes with a line feed after each.
 */
function mutatedLines(random: () => number, count: number, utf8: boolean, keepFirst: boolean): number[] {
  const parts: number[] = [];
  SAMPLE.slice(0, count).forEach((l, i) => {
    const x = random();
    if ((keepFirst && i === 0) || x < 0.5) parts.push(...encoder.encode(l));
    else if (x < 0.9) {
      const [re, by] = EDITS[Math.floor(random() * EDITS.length)]!;
      parts.push(...encoder.encode(l.replace(re, by)));
    } else {
      // a byte edit (no line feed)
      const b = [...encoder.encode(l)];
      const at = Math.floor(random() * b.length);
      const edits = utf8
        ? [[0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xff]]
        : [[0x22], [0x7d], [0x5c], [0x00], [0x20], [0x0d], [0x2c]];
      b.splice(at, random() < 0.5 ? 0 : 1, ...edits[Math.floor(random() * edits.length)]!);
      parts.push(...b);
    }
    parts.push(10);
  });
  return parts;
}

Deno.test("readNdjsonRange wasm = json: seeded edits and byte mutations of sample lines", () => {
  const random = rng(9);
  let read = 0, refused = 0;
  for (let round = 0; round < 12; round++) {
    const utf8 = round % 4 === 3; // invalid UTF-8 only in these rounds (it fails the whole range)
    const parts = mutatedLines(random, 120, utf8, false);
    const bytes = Uint8Array.from(parts);
    const r = same(bytes, { ...BASE, maxBadRowSamples: 50 }, `round ${round}`, round % 2 === 0) as {
      badRows?: number;
      error?: string;
    };
    if (r.error !== undefined) refused++;
    else if (r.badRows! > 5) read++;
  }
  assert.ok(read >= 6 && refused >= 1, `read with bad rows ${read}, refused ${refused}`);
});

Deno.test("readNdjsonRange wasm = json: lines longer than maxRecordChars", () => {
  const text = SAMPLE.slice(0, 20).join("\n") + "\n";
  for (const max of [100, 4000, 6000, 1 << 20]) {
    same(encoder.encode(text), { ...BASE, maxRecordChars: max }, `max ${max}`);
    same(
      encoder.encode(text.slice(0, -1)),
      { ...BASE, maxRecordChars: max },
      `max ${max}, no last line break`,
    );
  }
  // one line over 1 Mi characters, whole and cut
  const long = JSON.stringify({ ...JSON.parse(SAMPLE[0]!), userAgent: "x".repeat(1_100_000) });
  for (const max of [1_000_000, 2_000_000]) {
    same(
      encoder.encode(`${SAMPLE[1]}\n${long}\n${SAMPLE[2]}\n`),
      { ...BASE, maxRecordChars: max },
      `long ${max}`,
    );
    same(encoder.encode(`${SAMPLE[1]}\n${long}`), { ...BASE, maxRecordChars: max }, `long last ${max}`);
  }
});

// ---- the sequential reader (readSignInBatches): `--threads 1`, standard input, several files, small files

/** A byte stream of `bytes` in chunks of the given sizes (cycled), as standard input or a file gives them. */
function chunked(bytes: Uint8Array, sizes: readonly number[]): ReadableStream<Uint8Array> {
  let at = 0, i = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      const n = sizes[i++ % sizes.length]!;
      c.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

/** What readSignInBatches gave: every sign-in and the counters, or its error. */
async function sequential(
  bytes: Uint8Array,
  sizes: readonly number[],
  options: ReadSignInsOptions,
): Promise<unknown> {
  const stats = createReadStats();
  const signIns: unknown[] = [];
  try {
    for await (
      const b of readSignInBatches(chunked(bytes, sizes), { fileName: "s.ndjson", ...options, stats })
    ) {
      assert.ok(b.length > 0 && b.length <= 32, `batch of ${b.length}`);
      signIns.push(...b);
    }
    return { signIns, stats };
  } catch (e) {
    const err = e as Error & { location?: unknown };
    return { error: err.name, message: err.message, location: err.location };
  }
}

/** The sequential reader with and without the scanner: the same outcome (returned). */
async function sameSequential(
  bytes: Uint8Array,
  label: string,
  sizes: readonly number[] = [1 << 20],
  options: ReadSignInsOptions = {},
): Promise<unknown> {
  const json = await sequential(bytes, sizes, { ...options, scanner: "json" });
  const wasm = await sequential(bytes, sizes, { ...options, scanner: "wasm" });
  assert.deepStrictEqual(wasm, json, label);
  return json;
}

const SIZES: readonly (readonly number[])[] = [[1 << 20], [65536], [4093, 1], [7, 300, 1, 2, 3], [1, 5000]];

Deno.test("readSignInBatches wasm = json: the sample tenant, CRLF, BOM, leading blank lines, no last line break, any chunking", async () => {
  const text = SAMPLE.join("\n") + "\n";
  for (const sizes of SIZES) {
    const r = await sameSequential(encoder.encode(text), `plain ${sizes}`, sizes) as { signIns: unknown[] };
    assert.equal(r.signIns.length, SAMPLE.length);
    await sameSequential(encoder.encode(SAMPLE.join("\r\n") + "\r\n"), `CRLF ${sizes}`, sizes);
    await sameSequential(encoder.encode("\ufeff" + text), `BOM ${sizes}`, sizes);
    await sameSequential(
      encoder.encode("\ufeff \n\r\n\t\ufeff\n" + text),
      `leading blank lines ${sizes}`,
      sizes,
    );
    await sameSequential(encoder.encode(SAMPLE.join("\n")), `no last line break ${sizes}`, sizes);
    await sameSequential(
      encoder.encode(text + SAMPLE[0]!.slice(0, 300)),
      `a cut-off last line ${sizes}`,
      sizes,
    );
    await sameSequential(encoder.encode(text + "  \u00a0 "), `a last line of spaces ${sizes}`, sizes);
    await sameSequential(
      encoder.encode(text + "\n\n \u00a0\n\u2028\n"),
      `blank and Unicode-space lines ${sizes}`,
      sizes,
    );
  }
  const cut = SAMPLE.slice(0, 20).map((l, i) => l.slice(0, 100 + i) + (i % 3 === 0 ? "" : "\r")).join("\r\n");
  const r = await sameSequential(encoder.encode(SAMPLE[0] + "\n" + cut + "\r\n"), "cut lines", [999], {
    maxBadRowSamples: 20,
  }) as { stats: { badRowSamples: unknown[] } };
  assert.equal(r.stats.badRowSamples.length, 20);
  // forced formats, and a Graph-layout file whose first line is not read by the scanner
  await sameSequential(encoder.encode(text), "forced graph-ndjson", [5000], { inputFormat: "graph-ndjson" });
  await sameSequential(encoder.encode("[1]\n" + text), "forced, a first line that is not an object", [5000], {
    inputFormat: "graph-ndjson",
  });
  const la = SAMPLE.slice(0, 30).map((l) => {
    const o = JSON.parse(l);
    return JSON.stringify({
      TimeGenerated: o.createdDateTime,
      Id: o.id,
      ResultType: "0",
      UserPrincipalName: "a",
    });
  }).join("\n");
  await sameSequential(encoder.encode(la + "\n"), "a Log Analytics layout (read as text)", [999]);
});

Deno.test("readSignInBatches wasm = json: seeded edits and byte mutations, random chunking", async () => {
  const random = rng(19);
  let read = 0, refused = 0;
  for (let round = 0; round < 16; round++) {
    const utf8 = round % 4 === 3; // invalid UTF-8 only in these rounds (it fails the read)
    const parts = mutatedLines(random, 80, utf8, true);
    if (round % 3 === 1) parts.pop(); // no last line break
    if (round % 5 === 2) parts.push(...encoder.encode(SAMPLE[3]!.slice(0, 200))); // a cut-off last line
    const bytes = Uint8Array.from(parts);
    const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(random() * (round % 2 === 0 ? 9000 : 200)));
    const r = await sameSequential(bytes, `round ${round} (${sizes})`, sizes, { maxBadRowSamples: 50 }) as {
      stats?: { badRows: number };
      error?: string;
    };
    if (r.error !== undefined) refused++;
    else if (r.stats!.badRows > 5) read++;
  }
  assert.ok(read >= 6 && refused >= 2, `read with bad rows ${read}, refused ${refused}`);
});

Deno.test("readSignInBatches wasm = json: invalid UTF-8 and a line error in one chunk, at the end, in a cut line", async () => {
  const good = SAMPLE.slice(0, 6).map((l) => encoder.encode(l + "\n"));
  const join = (...parts: (Uint8Array | number[])[]) => concatBytes(parts.map((p) => Uint8Array.from(p)));
  const tooLong = encoder.encode("x".repeat(3000));
  for (const sizes of [[1 << 20], [2000], [100, 7]]) {
    for (
      const [label, bytes] of [
        ["a bad byte in a line", join(...good, encoder.encode('{"id":"a\xff"}'), [0xff, 10], ...good)],
        ["a bad byte after a line too long", join(...good, tooLong, [0xc3, 0x28, 10])],
        ["a bad byte in the last line", join(...good, encoder.encode('{"id":"'), [0xe2, 0x28, 0xa1])],
        ["an incomplete sequence at the end", join(...good, encoder.encode('{"id":"'), [0xe2, 0x82])],
        ["an incomplete sequence before a line feed", join(...good, [0x7b, 0xe2, 0x82, 10], ...good)],
        ["a surrogate", join(...good, [0x22, 0xed, 0xa0, 0x80, 0x22, 10])],
        ["a line too long, cut", join(...good, tooLong)],
        ["a line too long, whole", join(...good, tooLong, [10], ...good)],
      ] as const
    ) {
      await sameSequential(bytes, `${label} ${sizes}`, sizes, { maxRecordChars: 2500 });
    }
  }
});

Deno.test("readSignInBatches wasm = json: lines longer than maxRecordChars, over 1 MiB", async () => {
  const text = SAMPLE.slice(0, 20).join("\n") + "\n";
  for (const max of [100, 4000, 6000]) {
    for (const sizes of [[1 << 20], [3000], [50000, 17]]) {
      await sameSequential(encoder.encode(text), `max ${max} ${sizes}`, sizes, { maxRecordChars: max });
      await sameSequential(
        encoder.encode(text.slice(0, -1)),
        `max ${max} ${sizes}, no last line break`,
        sizes,
        {
          maxRecordChars: max,
        },
      );
    }
  }
  const long = JSON.stringify({ ...JSON.parse(SAMPLE[0]!), userAgent: "é".repeat(700_000) });
  for (const max of [1_000_000, 2_000_000]) {
    const bytes = encoder.encode(`${SAMPLE[1]}\n${long}\n${SAMPLE[2]}\n`);
    await sameSequential(bytes, `long ${max}`, [1 << 20], { maxRecordChars: max });
    await sameSequential(encoder.encode(`${SAMPLE[1]}\n${long}`), `long last ${max}`, [1 << 20], {
      maxRecordChars: max,
    });
  }
});

Deno.test("readSignInBatches: several files read one after the other and at once give what each gives alone", async () => {
  const a = encoder.encode(SAMPLE.slice(0, 150).join("\n") + "\n");
  const b = encoder.encode(SAMPLE.slice(150).join("\r\n"));
  const alone = [await sequential(a, [4000], {}), await sequential(b, [777], {})];
  assert.deepStrictEqual(alone, [
    await sequential(a, [4000], { scanner: "json" }),
    await sequential(b, [777], { scanner: "json" }),
  ]);
  // at once: two readers interleaved, batch by batch
  const got: unknown[][] = [[], []];
  const its = [a, b].map((bytes, i) =>
    readSignInBatches(chunked(bytes, [i === 0 ? 4000 : 777]), { fileName: "s.ndjson" })
      [Symbol.asyncIterator]()
  );
  for (let open = 2; open > 0;) {
    open = 0;
    for (let i = 0; i < 2; i++) {
      const r = await its[i]!.next();
      if (!r.done) {
        got[i]!.push(...r.value);
        open++;
      }
    }
  }
  assert.deepStrictEqual(got, alone.map((r) => (r as { signIns: unknown[] }).signIns));
});

// ---- JSON arrays, one record per line (read by the scanner chunk by chunk while they look so)

/** The sequential reader on a JSON array (file name `s.json`) with and without the scanner: the same outcome. */
function sameArray(
  bytes: Uint8Array,
  label: string,
  sizes: readonly number[] = [1 << 20],
  options: ReadSignInsOptions = {},
): Promise<unknown> {
  return sameSequential(bytes, label, sizes, { fileName: "s.json", ...options });
}

/** `[`, the lines joined by `sep`, `]`. */
function jsonArray(lines: readonly string[], sep = ",\n", open = "[\n", close = "\n]\n"): string {
  return open + lines.join(sep) + close;
}

Deno.test("readSignInBatches wasm = json: JSON arrays of one-line records and everything around them, any chunking", async () => {
  const rows = SAMPLE.slice(0, 120);
  const pretty = JSON.stringify(rows.slice(0, 5).map((l) => JSON.parse(l)), null, 2);
  const cases: [string, string][] = [
    ["plain", jsonArray(rows)],
    ["CRLF", jsonArray(rows, ",\r\n", "[\r\n", "\r\n]\r\n")],
    ["BOM, leading blank lines", "\ufeff\n \n" + jsonArray(rows)],
    ["spaces around commas", jsonArray(rows, " , \n", " [ \n", "\n ] \n\n")],
    ["no line break at the end", jsonArray(rows, ",\n", "[\n", "\n]")],
    ["no commas", jsonArray(rows, "\n")],
    ["two arrays", jsonArray(rows.slice(0, 50)) + jsonArray(rows.slice(50))],
    [
      "two arrays, a comma between",
      jsonArray(rows.slice(0, 50), ",\n", "[\n", "\n],\n") + jsonArray(rows.slice(50)),
    ],
    ["one line", "[" + rows.join(",") + "]\n"],
    ["pretty-printed", pretty],
    ["pretty-printed after one-line records", jsonArray([...rows, pretty.slice(1, -1)])],
    [
      "a record over two lines",
      jsonArray([...rows.slice(0, 60), rows[60]!.replace(",", ",\n"), ...rows.slice(61)]),
    ],
    [
      "elements that are not objects",
      jsonArray([...rows.slice(0, 40), "42", '"x"', "[1]", "null", ...rows.slice(40)]),
    ],
    ["a trailing comma", jsonArray(rows, ",\n", "[\n", ",\n]\n")],
    ["two commas", jsonArray([...rows.slice(0, 30), "", ...rows.slice(30)])],
    ["no closing bracket", jsonArray(rows, ",\n", "[\n", "\n")],
    ["cut in a record", jsonArray(rows).slice(0, 200_000)],
    ["cut after a comma", jsonArray(rows.slice(0, 30), ",\n", "[\n", ",")],
    ["text after the array", jsonArray(rows) + "x\n"],
    ["a Graph page", JSON.stringify({ value: rows.slice(0, 20).map((l) => JSON.parse(l)) })],
  ];
  for (const sizes of SIZES) {
    for (const [label, text] of cases) await sameArray(encoder.encode(text), `${label} ${sizes}`, sizes);
  }
  const r = await sameArray(encoder.encode(jsonArray(rows)), "rows", [65536]) as { signIns: unknown[] };
  assert.equal(r.signIns.length, rows.length);
});

Deno.test("readSignInBatches wasm = json: JSON arrays with seeded edits, byte mutations, invalid UTF-8, long records", async () => {
  const random = rng(29);
  let read = 0, refused = 0;
  for (let round = 0; round < 16; round++) {
    const utf8 = round % 4 === 3;
    // even rounds: values edited (bad rows); odd rounds: any edit (most break the array)
    const bytes = round % 2 === 0
      ? [...encoder.encode(
        SAMPLE.slice(0, 80).map((l, i) => {
          const [re, by] = EDITS[Math.floor(random() * 10)]!; // edits that keep the JSON valid
          return i > 0 && random() < 0.3 ? l.replace(re, by) : l;
        }).join("\n") + "\n",
      )]
      : mutatedLines(random, 80, utf8, true);
    // NDJSON lines → array elements: a comma and a line feed between lines
    const parts: number[] = [0x5b, 10];
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 10 && i < bytes.length - 1) parts.push(0x2c);
      parts.push(bytes[i]!);
    }
    parts.push(0x5d, 10);
    const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(random() * (round % 2 === 0 ? 9000 : 200)));
    const r = await sameArray(Uint8Array.from(parts), `round ${round} (${sizes})`, sizes, {
      maxBadRowSamples: 50,
    }) as {
      stats?: { badRows: number };
      error?: string;
    };
    if (r.error !== undefined) refused++;
    else if (r.stats!.badRows > 5) read++;
  }
  assert.ok(read >= 4 && refused >= 2, `read with bad rows ${read}, refused ${refused}`);
  const rows = SAMPLE.slice(0, 20);
  for (const max of [100, 4000, 6000]) {
    for (const sizes of [[1 << 20], [3000], [50000, 17]]) {
      await sameArray(encoder.encode(jsonArray(rows)), `max ${max} ${sizes}`, sizes, { maxRecordChars: max });
    }
  }
  const bad = concatBytes([encoder.encode(jsonArray(rows).slice(0, -3)), Uint8Array.from([0xe2, 0x82])]);
  await sameArray(bad, "an incomplete sequence at the end", [4000]);
});
