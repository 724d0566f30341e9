/**
 * `readNdjsonRange` with the WebAssembly scanner (`scanner: "wasm"`) reads exactly what the text
 * reader (`JSON.parse` per line) reads: the same sign-ins (deep-equal), bad rows, samples, line
 * counts, and the same errors, on the sample tenant and on seeded mutations of it (broken JSON,
 * invalid UTF-8, duplicate and escaped keys, values of the wrong type, blank and Unicode-space
 * lines, CRLF, a BOM, a last line without its line break, over-long lines).
 */
import assert from "node:assert/strict";
import { generateSignIns } from "../../dev/sample/mod.ts";
import { readNdjsonRange } from "./read_sign_ins.ts";
import { GRAPH_SIGN_IN_FIELDS } from "./graph_fields.ts";
import type { NdjsonRangeOptions } from "./read_sign_ins.ts";
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

Deno.test("readNdjsonRange wasm = json: seeded edits and byte mutations of sample lines", () => {
  const random = rng(9);
  let read = 0, refused = 0;
  for (let round = 0; round < 12; round++) {
    const utf8 = round % 4 === 3; // invalid UTF-8 only in these rounds (it fails the whole range)
    const lines = SAMPLE.slice(0, 120).map((l) => {
      const x = random();
      if (x < 0.5) return encoder.encode(l);
      if (x < 0.9) {
        const [re, by] = EDITS[Math.floor(random() * EDITS.length)]!;
        return encoder.encode(l.replace(re, by));
      }
      // a byte edit (no line feed): broken JSON, or broken UTF-8 (which fails the whole range)
      const b = [...encoder.encode(l)];
      const at = Math.floor(random() * b.length);
      const edits = utf8
        ? [[0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80]]
        : [[0x22], [0x7d], [0x5c], [0x00], [0x20], [0x0d], [0x2c]];
      const ins = edits[Math.floor(random() * edits.length)]!;
      b.splice(at, random() < 0.5 ? 0 : 1, ...ins);
      return Uint8Array.from(b);
    });
    const parts: number[] = [];
    for (const l of lines) parts.push(...l, 10);
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

Deno.test("GRAPH_SIGN_IN_FIELDS holds every top-level key map_graph.ts reads", async () => {
  const src = await Deno.readTextFile(new URL("./map_graph.ts", import.meta.url));
  const read = new Set([...src.matchAll(/\bo\.([A-Za-z_0-9]+)/g)].map((m) => m[1]!));
  assert.ok(read.size > 40);
  assert.deepEqual([...read].filter((k) => !(k in GRAPH_SIGN_IN_FIELDS)), []);
});
