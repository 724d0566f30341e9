import assert from "node:assert/strict";
import { generateSignIns } from "../../../dev/sample/mod.ts";
import { FIELD_MODE, type FieldMode, LINE_STATUS, type LineStatus, NdjsonByteScanner } from "./json_scan.ts";
import { mulberry32 as rng } from "../../../dev/testing/mulberry32.ts";
import { concatBytes } from "../bytes.ts";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** What the scanner must say of a line: blank (only space, tab, CR), or whether strict UTF-8 decoding and `JSON.parse` accept it. */
function expected(line: Uint8Array): LineStatus {
  if (line.every((b) => b === 0x20 || b === 0x09 || b === 0x0d)) return LINE_STATUS.blank;
  try {
    JSON.parse(strict.decode(line));
    return LINE_STATUS.valid;
  } catch {
    return LINE_STATUS.invalid;
  }
}

/** Every line of `input` as the scanner reports it, pushed in chunks cut at `cuts`. */
function scanAll(input: Uint8Array, cuts: number[]): { line: Uint8Array; status: LineStatus }[] {
  const s = new NdjsonByteScanner();
  const out: { line: Uint8Array; status: LineStatus }[] = [];
  let at = 0;
  for (const cut of [...cuts, input.length]) {
    s.push(input.subarray(at, cut));
    at = cut;
    while (s.next()) out.push({ line: s.line().slice(), status: s.status });
  }
  s.end();
  while (s.next()) out.push({ line: s.line().slice(), status: s.status });
  return out;
}

/** The lines of `input` (split at line feeds; a last line without one counts when not empty). */
function splitLines(input: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i] === 10) {
      lines.push(input.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < input.length) lines.push(input.subarray(start));
  return lines;
}

/** Checks the scanner against `expected` on `lines` joined by line feeds, cut into chunks at random. */
function check(lines: Uint8Array[], random: () => number, label: string): Record<LineStatus, number> {
  const input = concatBytes(lines.flatMap((l) => [l, Uint8Array.of(10)]));
  const cuts: number[] = [];
  for (let at = 0; at < input.length;) {
    at += 1 + Math.floor(random() * random() * 20_000);
    if (at < input.length) cuts.push(at);
  }
  const want = splitLines(input);
  const got = scanAll(input, cuts);
  assert.equal(got.length, want.length, `${label}: number of lines`);
  const counts: Record<LineStatus, number> = { 0: 0, 1: 0, 2: 0, 3: 0 };
  for (let i = 0; i < want.length; i++) {
    assert.deepEqual(got[i]!.line, want[i], `${label}: line ${i + 1}'s bytes`);
    const e = expected(want[i]!);
    assert.equal(
      got[i]!.status,
      e,
      `${label}: line ${i + 1} ${JSON.stringify(new TextDecoder().decode(want[i]!).slice(0, 300))}`,
    );
    counts[e]++;
  }
  return counts;
}

/** Bytes worth inserting: JSON syntax, digits, escapes, control characters, UTF-8 edges. */
const INSERTS: number[][] = [
  ...'{}[],:"\\/ \t\r0123456789-+.eEtrufalsn'.split("").map((c) => [c.charCodeAt(0)]),
  [0x00],
  [0x1f],
  [0x7f],
  [0x0c],
  [0x80],
  [0xbf],
  [0xc0, 0x80], // overlong NUL
  [0xc1, 0xbf], // overlong
  [0xc2, 0x80], // U+0080
  [0xc2], // cut short
  [0xe0, 0x80, 0x80], // overlong
  [0xe0, 0xa0, 0x80], // U+0800
  [0xed, 0xa0, 0x80], // surrogate D800
  [0xed, 0x9f, 0xbf], // U+D7FF
  [0xef, 0xbb, 0xbf], // BOM
  [0xe2, 0x80, 0xa8], // U+2028
  [0xe2, 0x82], // cut short
  [0xf0, 0x80, 0x80, 0x80], // overlong
  [0xf0, 0x90, 0x80, 0x80], // U+10000
  [0xf4, 0x8f, 0xbf, 0xbf], // U+10FFFF
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xf5, 0x80, 0x80, 0x80],
  [0xff],
  ...[
    "\\u",
    "\\ud83d",
    "\\ude00",
    "\\uD83D\\uDE00",
    "\\uzzzz",
    "\\u12",
    "\\x",
    "\\'",
    "true",
    "null",
    "false",
  ]
    .map((s) => [...encoder.encode(s)]),
  ...["1e", "1.", "01", "-", "-0", "0.5e+7", "1E-2", ".5", "+1", "Infinity", "NaN", "1e999"]
    .map((s) => [...encoder.encode(s)]),
];

/** A copy of `line` with 1–3 random edits (insert, delete, replace, duplicate a span, cut). */
function mutate(line: Uint8Array, random: () => number): Uint8Array {
  let b = [...line];
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (b.length + 1));
    const kind = Math.floor(random() * 5);
    const ins = INSERTS[Math.floor(random() * INSERTS.length)]!;
    if (kind === 0) b.splice(at, 0, ...ins);
    else if (kind === 1) b.splice(at, 1 + Math.floor(random() * 3));
    else if (kind === 2) b.splice(at, ins.length, ...ins);
    else if (kind === 3) b.splice(at, 0, ...b.slice(at, at + Math.floor(random() * 40)));
    else b = b.slice(0, at);
  }
  return Uint8Array.from(b.filter((x) => x !== 10)); // one line each
}

/** A random JSON text (valid), with strings holding escapes and every kind of character. */
function randomJson(random: () => number, depth: number): string {
  const k = Math.floor(random() * (depth > 4 ? 5 : 7));
  switch (k) {
    case 0:
      return ["true", "false", "null"][Math.floor(random() * 3)]!;
    case 1: {
      const forms = [
        "0",
        "-0",
        "12",
        "-3.25",
        "1e5",
        "2E-3",
        "6.02e+23",
        "123456789012345678901234567890",
        "0.1",
      ];
      return forms[Math.floor(random() * forms.length)]!;
    }
    case 2:
    case 3:
    case 4: {
      const pieces = [
        "a",
        "é",
        "€",
        "😀",
        "\u2028",
        "\u0000",
        "\u001f",
        '"',
        "\\",
        "/",
        "\b",
        "\uffff",
        "\ud800",
      ];
      let s = "";
      const n = Math.floor(random() * 12);
      for (let i = 0; i < n; i++) s += pieces[Math.floor(random() * pieces.length)]!;
      const json = JSON.stringify(s);
      // Sometimes escape "/" and write \u escapes in upper case, as other writers do.
      return random() < 0.3
        ? json.replaceAll("/", "\\/").replace(/\\u([0-9a-f]{4})/g, (_, h) => `\\u${h.toUpperCase()}`)
        : json;
    }
    case 5: {
      const n = Math.floor(random() * 5);
      const items = Array.from({ length: n }, () => randomJson(random, depth + 1));
      return `[${items.join(random() < 0.2 ? " , " : ",")}]`;
    }
    default: {
      const n = Math.floor(random() * 5);
      const items = Array.from(
        { length: n },
        () => `${randomJson(random, 5)}:${randomJson(random, depth + 1)}`,
      )
        .filter((kv) => kv.startsWith('"'));
      return `{${items.join(",")}}`;
    }
  }
}

const SAMPLE_LINES: Uint8Array[] = [];
for (const row of generateSignIns({ seed: 11, users: 40, days: 30, signInsPerUserPerDay: 3 })) {
  SAMPLE_LINES.push(encoder.encode(JSON.stringify(row)));
  if (SAMPLE_LINES.length >= 300) break;
}

Deno.test("NdjsonByteScanner: every sample sign-in line is valid, in chunks cut anywhere", () => {
  const counts = check(SAMPLE_LINES, rng(1), "sample");
  assert.equal(counts[LINE_STATUS.valid], SAMPLE_LINES.length);
});

Deno.test("NdjsonByteScanner: agrees with strict UTF-8 decoding + JSON.parse on mutated sample lines", () => {
  const random = rng(2);
  const counts: Record<LineStatus, number> = { 0: 0, 1: 0, 2: 0, 3: 0 };
  for (let round = 0; round < 8; round++) {
    const lines = SAMPLE_LINES.map((l) => random() < 0.8 ? mutate(l, random) : l);
    const c = check(lines, random, `mutated sample, round ${round}`);
    for (const k of [0, 1, 2] as const) counts[k] += c[k];
  }
  assert.ok(counts[LINE_STATUS.valid] > 200 && counts[LINE_STATUS.invalid] > 1000, JSON.stringify(counts));
});

Deno.test("NdjsonByteScanner: agrees with strict UTF-8 decoding + JSON.parse on random JSON and its mutations", () => {
  const random = rng(3);
  const counts: Record<LineStatus, number> = { 0: 0, 1: 0, 2: 0, 3: 0 };
  for (let round = 0; round < 20; round++) {
    const lines: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      const text = randomJson(random, 0);
      const pad = [" ", "\t", "\r", ""][Math.floor(random() * 4)]!;
      const bytes = encoder.encode(random() < 0.5 ? text : `${pad}${text}${pad}`);
      lines.push(random() < 0.5 ? bytes : mutate(bytes, random));
    }
    const c = check(lines, random, `random JSON, round ${round}`);
    for (const k of [0, 1, 2] as const) counts[k] += c[k];
  }
  assert.ok(
    counts[LINE_STATUS.valid] > 2000 && counts[LINE_STATUS.invalid] > 1000 && counts[LINE_STATUS.blank] > 0,
    JSON.stringify(counts),
  );
});

Deno.test("NdjsonByteScanner: table of edge cases", () => {
  const cases: [string | number[], LineStatus][] = [
    ["{}", LINE_STATUS.valid],
    [" [ ] \r", LINE_STATUS.valid],
    ["", LINE_STATUS.blank],
    [" \t\r", LINE_STATUS.blank],
    ['"\\ud800"', LINE_STATUS.valid], // JSON.parse accepts a lone surrogate escape
    ["[1,]", LINE_STATUS.invalid],
    ['{"a":1,}', LINE_STATUS.invalid],
    ['{"a" 1}', LINE_STATUS.invalid],
    ["{} {}", LINE_STATUS.invalid],
    ["tru", LINE_STATUS.invalid],
    ["nul", LINE_STATUS.invalid],
    ["-", LINE_STATUS.invalid],
    ["01", LINE_STATUS.invalid],
    ["1.e3", LINE_STATUS.invalid],
    ["\u00a01", LINE_STATUS.invalid], // no-break space is not JSON whitespace
    ["\ufeff{}", LINE_STATUS.invalid],
    ["[" + "[".repeat(100_000) + "]".repeat(100_000) + "]", LINE_STATUS.valid],
    ["[".repeat(100_000) + "]".repeat(99_999), LINE_STATUS.invalid],
    [[0x22, 0xed, 0xa0, 0x80, 0x22], LINE_STATUS.invalid], // an encoded surrogate
    [[0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], LINE_STATUS.invalid], // past U+10FFFF
    [[0x22, 0xc0, 0xaf, 0x22], LINE_STATUS.invalid], // overlong
    [[0x22, 0xf0, 0x9f, 0x98, 0x80, 0x22], LINE_STATUS.valid], // U+1F600
  ];
  const lines = cases.map(([t]) => typeof t === "string" ? encoder.encode(t) : Uint8Array.from(t));
  const got = scanAll(concatBytes(lines.flatMap((l) => [l, Uint8Array.of(10)])), []);
  assert.deepEqual(got.map((g) => g.status), cases.map(([, s]) => s));
  for (const l of lines) assert.equal(expected(l), got[lines.indexOf(l)]!.status);
});

/** Keys to extract in the tests: sign-in fields in every mode, and short keys the random JSON uses. */
const FIELDS: Record<string, FieldMode> = {
  id: FIELD_MODE.direct,
  createdDateTime: FIELD_MODE.direct,
  userPrincipalName: FIELD_MODE.intern,
  status: FIELD_MODE.intern,
  deviceDetail: FIELD_MODE.intern,
  signInEventTypes: FIELD_MODE.intern,
  authenticationDetails: FIELD_MODE.steps,
  appliedConditionalAccessPolicies: FIELD_MODE.elements,
  "": FIELD_MODE.intern,
  "b": FIELD_MODE.steps,
  "a": FIELD_MODE.intern,
  "é": FIELD_MODE.direct,
  "😀": FIELD_MODE.elements,
  "\u0000": FIELD_MODE.intern,
};

/** The wanted fields of a parsed value, as `NdjsonByteScanner.fields` must give them. */
function wanted(v: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) if (Object.hasOwn(FIELDS, k)) o[k] = v[k];
  return o;
}

/** Extracts from `lines` (in random chunks, twice over so interned values come back) and compares with JSON.parse. */
function checkFields(lines: Uint8Array[], random: () => number, label: string): Record<LineStatus, number> {
  const s = new NdjsonByteScanner(FIELDS);
  const counts: Record<LineStatus, number> = { 0: 0, 1: 0, 2: 0, 3: 0 };
  const input = concatBytes(lines.flatMap((l) => [l, Uint8Array.of(10)]));
  const want = splitLines(input);
  for (let pass = 0; pass < 2; pass++) {
    let i = 0;
    const take = () => {
      while (s.next()) {
        const line = want[i]!;
        assert.deepEqual(s.line(), line, `${label}: line ${i + 1}'s bytes`);
        const e = expected(line);
        const where = `${label}: line ${i + 1} ${
          JSON.stringify(new TextDecoder().decode(line).slice(0, 300))
        }`;
        if (e === LINE_STATUS.valid) {
          assert.ok(s.status === LINE_STATUS.valid || s.status === LINE_STATUS.fallback, where);
          const v: unknown = JSON.parse(strict.decode(line));
          if (s.status === LINE_STATUS.valid) {
            assert.ok(typeof v === "object" && v !== null && !Array.isArray(v), where);
            assert.deepStrictEqual(s.fields(), wanted(v as Record<string, unknown>), where);
          }
        } else {
          assert.equal(s.status, e, where);
        }
        counts[s.status]++;
        i++;
      }
    };
    for (let at = 0; at < input.length;) {
      const to = Math.min(input.length, at + 1 + Math.floor(random() * random() * 20_000));
      s.push(input.subarray(at, to));
      take();
      at = to;
    }
    s.end();
    take();
    assert.equal(i, want.length, `${label}: number of lines`);
  }
  return counts;
}

Deno.test("NdjsonByteScanner fields: the sample sign-ins' wanted fields equal JSON.parse's", () => {
  const counts = checkFields(SAMPLE_LINES, rng(4), "sample");
  assert.equal(counts[LINE_STATUS.valid], 2 * SAMPLE_LINES.length);
});

Deno.test("NdjsonByteScanner fields: equal JSON.parse's on mutated sample lines and random JSON objects", () => {
  const random = rng(5);
  const counts: Record<LineStatus, number> = { 0: 0, 1: 0, 2: 0, 3: 0 };
  const keys = Object.keys(FIELDS);
  for (let round = 0; round < 10; round++) {
    const lines: Uint8Array[] = [];
    for (let i = 0; i < 150; i++) {
      const l = SAMPLE_LINES[Math.floor(random() * SAMPLE_LINES.length)]!;
      lines.push(random() < 0.6 ? mutate(l, random) : l);
    }
    for (let i = 0; i < 150; i++) {
      // objects with wanted keys (some twice, some escaped), values of every kind
      const n = Math.floor(random() * 6);
      const parts: string[] = [];
      for (let j = 0; j < n; j++) {
        const key = random() < 0.7 ? keys[Math.floor(random() * keys.length)]! : `k${j}`;
        let k = JSON.stringify(key);
        if (random() < 0.1) k = k.replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
        const v = random() < 0.3
          ? `[${Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, 2)).join(",")}]`
          : randomJson(random, 0);
        parts.push(`${k}${random() < 0.2 ? " : " : ":"}${v}`);
      }
      const text = random() < 0.05 ? randomJson(random, 0) : `{${parts.join(",")}}`;
      const bytes = encoder.encode(text);
      lines.push(random() < 0.2 ? mutate(bytes, random) : bytes);
    }
    const c = checkFields(lines, random, `fields, round ${round}`);
    for (const k of [0, 1, 2, 3] as const) counts[k] += c[k];
  }
  assert.ok(
    counts[LINE_STATUS.valid] > 2000 && counts[LINE_STATUS.invalid] > 500 &&
      counts[LINE_STATUS.fallback] > 20,
    JSON.stringify(counts),
  );
});

Deno.test("NdjsonByteScanner fields: keys in the line's order (first place, last value), past the key-sequence cap too", () => {
  const names = Array.from({ length: 20 }, (_, i) => `k${i}`);
  const fields = Object.fromEntries(names.map((k) => [k, FIELD_MODE.direct]));
  const random = rng(7);
  const lines: string[] = [];
  // 6000 random key sequences (with repeats) make far more trie nodes than the scanner keeps
  for (let i = 0; i < 6000; i++) {
    const n = 1 + Math.floor(random() * 12);
    const parts = Array.from(
      { length: n },
      (_, j) => `"${names[Math.floor(random() * names.length)]}":${i * 100 + j}`,
    );
    lines.push(`{${parts.join(",")},"other":1}`);
  }
  lines.push(lines[0]!, lines[1]!); // sequences met early come back after the cap
  const s = new NdjsonByteScanner(fields);
  s.push(encoder.encode(lines.join("\n") + "\n"));
  let i = 0;
  while (s.next()) {
    assert.equal(s.status, LINE_STATUS.valid);
    const want = JSON.parse(lines[i]!) as Record<string, unknown>;
    delete want.other;
    const got = s.fields();
    assert.deepStrictEqual(Object.keys(got), Object.keys(want), `line ${i + 1}`);
    assert.deepStrictEqual(got, want, `line ${i + 1}`);
    i++;
  }
  assert.equal(i, lines.length);
});

Deno.test("NdjsonByteScanner fields: per-row strings of every short length, ASCII or not, as JSON.parse has them", () => {
  const s = new NdjsonByteScanner({ a: FIELD_MODE.direct, b: FIELD_MODE.direct });
  const texts: string[] = [];
  for (let n = 0; n <= 70; n++) {
    const ascii = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 7 + n) % 95)))
      .join("").replace(/["\\]/g, "x");
    texts.push(ascii);
    // one non-ASCII character (2, 3 or 4 bytes) at the start, the middle or the end
    for (const c of ["é", "€", "😀"]) {
      if (n > 0) {
        texts.push(c + ascii.slice(1), ascii.slice(0, n >> 1) + c + ascii.slice((n >> 1) + 1), ascii + c);
      }
    }
  }
  texts.push("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-00000000000é");
  const lines = texts.map((t, i) => JSON.stringify({ a: t, b: `${i}`, c: t }));
  s.push(encoder.encode(lines.join("\n") + "\n"));
  let i = 0;
  while (s.next()) {
    assert.equal(s.status, LINE_STATUS.valid, lines[i]!);
    const want = JSON.parse(lines[i]!) as Record<string, unknown>;
    delete want.c;
    assert.deepStrictEqual(s.fields(), want, lines[i]!);
    i++;
  }
  assert.equal(i, lines.length);
});

Deno.test("NdjsonByteScanner fields: lines like the one before but for one key or value of the same length", () => {
  const s = new NdjsonByteScanner({ ab: FIELD_MODE.intern, ac: FIELD_MODE.intern, l: FIELD_MODE.elements });
  const lines = [
    `{"ab":"x1","ac":{"v":1},"l":["p","q"]}`,
    `{"ab":"x1","ac":{"v":1},"l":["p","q"]}`, // the same
    `{"ab":"x2","ac":{"v":1},"l":["p","r"]}`, // a value and an element of the same length
    `{"ad":"x2","ac":{"v":2},"l":["p","r"]}`, // a key of the same length that is not wanted
    `{"ac":"x2","ab":{"v":2},"l":["p"]}`, // keys swapped
    `{"ac":"x2","ab":{"v":2},"l":["p"],"ab":"x1"}`, // a key twice
    `{"ab":"x1","ac":{"v":1},"l":"p"}`,
    `{"ab":"x1x","ac":{"v":1},"l":["p","q","q"]}`,
    `{"ab":"x1","ac":{"v":1},"l":["p","q"]}`,
  ];
  for (const chunking of [1, 3, lines.length]) {
    let i = 0;
    for (let at = 0; at < lines.length; at += chunking) {
      s.push(encoder.encode(lines.slice(at, at + chunking).join("\n") + "\n"));
      while (s.next()) {
        assert.equal(s.status, LINE_STATUS.valid, lines[i]!);
        const want = JSON.parse(lines[i]!) as Record<string, unknown>;
        delete want.ad;
        assert.deepStrictEqual(s.fields(), want, `${chunking}: ${lines[i]}`);
        i++;
      }
    }
    assert.equal(i, lines.length);
  }
});

Deno.test("NdjsonByteScanner fields: steps, each element a copy of its shared parse with its first value set", () => {
  const s = new NdjsonByteScanner({ d: FIELD_MODE.steps });
  const elements = [
    `{"t":"2026-11-20T11:59:56Z","m":"Password","ok":true}`,
    `{"t":"2026-11-20T11:59:57Z","m":"Password","ok":true}`,
    `{ "t" : "2026-11-20T11:59:58Z" , "m":"Password","ok":true}`,
    `{"t":"2026-11-20T11:59:56Z","m":"Password","ok":true,"t":"later"}`, // first key again
    `{"t":"2026-11-20T11:59:56Z","m":"Password","ok":true,"\\u0074":"x"}`, // the same key escaped
    `{"t":"a\\"b","m":"Password"}`, // an escape in the value
    `{"\\u0074":"v","m":"Password"}`, // an escape in the key
    `{"t":"é€😀","m":"Password"}`,
    `{"t":"","m":"Password"}`,
    `{"t":null,"m":"Password"}`,
    `{"t":1,"m":"Password"}`,
    `{"t":"x"}`,
    `{"2":"x","1":"y","t":"z"}`, // integer keys come first in the parse
    `{"__proto__":"x","m":{"a":[1,{"b":"c"}]}}`,
    `{"constructor":"x","m":"y"}`,
    `{}`,
    `"text"`,
    `[1,2]`,
    `{"t":"x","m":"${"y".repeat(5000)}"}`, // longer than a value interned
    `{"t":"x","m":"Password","n":{"t":"inner"}}`,
  ];
  const random = rng(9);
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const n = Math.floor(random() * 4);
    const a = Array.from({ length: n }, () => elements[Math.floor(random() * elements.length)]!);
    lines.push(random() < 0.1 ? `{"d":${a[0] ?? "null"}}` : `{"x":1,"d":[${a.join(" , ")}]}`);
  }
  lines.push(`{"d":[${elements.join(",")}]}`);
  for (const chunk of [1, 7, lines.length]) {
    let i = 0;
    for (let at = 0; at < lines.length; at += chunk) {
      s.push(encoder.encode(lines.slice(at, at + chunk).join("\n") + "\n"));
      while (s.next()) {
        assert.equal(s.status, LINE_STATUS.valid, lines[i]!);
        const want = JSON.parse(lines[i]!) as Record<string, unknown>;
        delete want.x;
        const got = s.fields();
        assert.deepStrictEqual(got, want, lines[i]!);
        assert.equal(JSON.stringify(got), JSON.stringify(want), `key order: ${lines[i]}`);
        i++;
      }
    }
    assert.equal(i, lines.length);
  }
  // the proto key stays an own property, the prototype untouched
  s.push(encoder.encode(`{"d":[{"__proto__":"p","m":1},{"__proto__":"q","m":1}]}\n`));
  assert.ok(s.next());
  const [a, b] = s.fields().d as Record<string, unknown>[];
  assert.equal(Object.getPrototypeOf(b), Object.prototype);
  assert.deepStrictEqual([
    Object.getOwnPropertyDescriptor(a, "__proto__")?.value,
    Object.getOwnPropertyDescriptor(b, "__proto__")?.value,
  ], ["p", "q"]);
});
