/**
 * Issue #18's "parse only what the report uses", measured at its floor. A field scanner (in the
 * spirit of simdjson's on-demand API) must at least walk every record's structure — find each
 * string's end, count nesting, pass commas and colons — even for the values it skips, since a
 * record with a broken value anywhere must still be refused. This benchmark times that walk
 * alone, in TypeScript, with nothing built and nothing checked beyond strings and nesting (a
 * lower bound for any scanner, which must also check literals, numbers, escapes and control
 * characters in what it skips and build what it keeps), against `JSON.parse` building every
 * object, on beta-shaped sample sign-ins (one line each, ~5 KB). A bare `indexOf('"')` over each
 * line's quotes is timed too, as the floor of the floor.
 *
 * The walk by `indexOf` takes about two thirds of `JSON.parse`'s time; a complete prototype
 * scanner (validating what it skips, building the Graph mapper's fields) took 1.7–3.5× and
 * validating alone about 1× (README, performance section), so no TypeScript scanner was kept;
 * `bench/json_wasm.ts` measures the WebAssembly one the `--threads` workers now use.
 * Usage: `deno task bench json_skip [-- --rows 20000 --rounds 5]`.
 *
 * @module
 */
import { generateSignIns } from "../dev/sample/mod.ts";
import { argNumber } from "./_args.ts";

const args = Deno.args;
const argValue = (name: string, fallback: number) => argNumber(args, name, fallback);
const rows = argValue("--rows", 20_000);
const rounds = argValue("--rounds", 5);

let text = "";

/** After the string whose opening quote is just before p. */
function skipString(p: number): number {
  for (;;) {
    const c = text.charCodeAt(p++);
    if (c === 34) return p;
    if (c === 92) p++;
    else if (c !== c) return -1; // NaN: ran off the end
  }
}

/** As {@linkcode skipString}, finding the quote with `indexOf` (and walking only strings with a backslash). */
function findString(p: number): number {
  const q = text.indexOf('"', p);
  if (q < 0) return -1;
  if (backslash >= p && backslash > q) return q + 1;
  backslash = text.indexOf("\\", p);
  if (backslash < 0) backslash = text.length;
  return backslash > q ? q + 1 : skipString(p);
}

/** The next backslash at or after the last string start looked at (the text's length when none). */
let backslash = -1;
let skipStringAt = skipString;

/** After the value at p, or -1; structure only (literals and numbers are not checked). */
function skipValue(p: number): number {
  let c = text.charCodeAt(p);
  if (c === 34) return skipStringAt(p + 1);
  if (c === 123 || c === 91) {
    const close = c + 2; // } or ]
    p++;
    if (text.charCodeAt(p) === close) return p + 1;
    for (;;) {
      if (c === 123) {
        if (text.charCodeAt(p) !== 34) return -1;
        p = skipStringAt(p + 1);
        if (p < 0 || text.charCodeAt(p) !== 58) return -1;
        p++;
      }
      p = skipValue(p);
      if (p < 0) return -1;
      const d = text.charCodeAt(p);
      if (d === 44) p++;
      else if (d === close) return p + 1;
      else return -1;
    }
  }
  do c = text.charCodeAt(++p); while (c > 32 && c !== 44 && c !== 93 && c !== 125);
  return p;
}

function quotes(line: string): number {
  let k = 0;
  for (let p = line.indexOf('"'); p >= 0; p = line.indexOf('"', p + 1)) k++;
  return k;
}

const lines: string[] = [];
let bytes = 0;
for (const row of generateSignIns({ seed: 7, users: 2_000, days: 3660, signInsPerUserPerDay: 3 })) {
  const line = JSON.stringify(row);
  lines.push(line);
  bytes += line.length;
  if (lines.length >= rows) break;
}
for (const find of [skipString, findString]) {
  skipStringAt = find;
  for (const line of lines) {
    text = line;
    backslash = -1;
    if (skipValue(0) !== line.length) throw new Error("the skipper does not walk a sample record to its end");
  }
}

function walk(find: (p: number) => number): number {
  skipStringAt = find;
  let n = 0;
  for (const line of lines) {
    text = line;
    backslash = -1;
    n += skipValue(0);
  }
  return n;
}

const CONTENDERS: { label: string; run: () => number }[] = [
  {
    label: "JSON.parse (builds every object)",
    run: () => {
      let n = 0;
      for (const line of lines) n += (JSON.parse(line) as { id: string }).id.length;
      return n;
    },
  },
  {
    label: "structure walk, strings by charCodeAt",
    run: () => walk(skipString),
  },
  {
    label: "structure walk, strings by indexOf",
    run: () => walk(findString),
  },
  {
    label: "indexOf over the quotes only",
    run: () => {
      let n = 0;
      for (const line of lines) n += quotes(line);
      return n;
    },
  },
];

const ms: number[][] = CONTENDERS.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < CONTENDERS.length; k++) {
    const i = (k + r) % CONTENDERS.length; // rotate the order each round
    const t0 = performance.now();
    CONTENDERS[i]!.run();
    ms[i]!.push(performance.now() - t0);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(ms[0]!);
console.log(
  `${lines.length.toLocaleString("en-US")} sample sign-ins, ${
    (bytes / 1_048_576).toFixed(1)
  } MiB of JSON text; ` +
    `median of ${rounds} rounds, order rotated`,
);
for (let i = 0; i < CONTENDERS.length; i++) {
  const m = median(ms[i]!);
  console.log(
    `  ${CONTENDERS[i]!.label.padEnd(48)} ${m.toFixed(0).padStart(6)} ms  ${
      (m / base).toFixed(2)
    }× JSON.parse  ` +
      `${(bytes / 1_048_576 / (m / 1000)).toFixed(0)} MiB/s`,
  );
}
