/**
 * `scannedGraphSignIn` (sign-ins built from the scanner's value records, coerced once per interned
 * id) against `mapGraphSignIn` of the line's fields, line by line with one scanner (so the per-id
 * results are reused across lines): the same sign-in whenever it gives one, and the same report
 * from what each gives. Seeded, table-driven: the sample tenant, the records of the Graph-shaped
 * files in testdata/, mutated sample lines (values of other types, duplicate keys, envelopes),
 * with every field and lean, and past the scanner's cap on distinct values.
 */
import assert from "node:assert/strict";
import { generateSignIns } from "../../dev/sample/mod.ts";
import { mulberry32 as rng } from "../../dev/testing/mulberry32.ts";
import { LINE_STATUS, NdjsonByteScanner } from "../io/wasm/json_scan.ts";
import { GRAPH_SIGN_IN_FIELDS, GRAPH_SIGN_IN_FIELDS_LEAN } from "./graph_fields.ts";
import { mapGraphSignIn } from "./map_graph.ts";
import { scannedGraphSignIn } from "./map_graph_scanned.ts";
import { CaPolicyTable } from "./_ca_policy_table.ts";
import type { MapContext, SignIn } from "./sign_in.ts";
import { SignInAggregator } from "../signins_report/aggregator.ts";
import { TEST_REPORT_META } from "../../dev/testing/test_rows.ts";

const encoder = new TextEncoder();

/** What the two ways gave over some lines. */
interface Compared {
  /** Sign-ins built from the records (the rest were read from their fields). */
  fast: number;
  /** Sign-ins `mapGraphSignIn` gave. */
  signIns: SignIn[];
  /** The same lines with the records' sign-in where there was one. */
  mixed: SignIn[];
}

/** Reads `lines` with one scanner, both ways for every valid line; asserts they agree. */
function compare(lines: readonly string[], lean: boolean, label: string): Compared {
  const s = new NdjsonByteScanner(lean ? GRAPH_SIGN_IN_FIELDS_LEAN : GRAPH_SIGN_IN_FIELDS);
  const ctx: MapContext = {
    source: { format: "graph-ndjson", file: "s.ndjson" },
    eventType: null,
    caPolicies: new CaPolicyTable(),
    ...(lean ? { lean: true } : {}),
  };
  const out: Compared = { fast: 0, signIns: [], mixed: [] };
  s.push(encoder.encode(lines.join("\n") + "\n"));
  let n = 0;
  while (s.next()) {
    n++;
    if (s.status !== LINE_STATUS.valid) continue;
    const fast = scannedGraphSignIn(s, lean, ctx, n);
    const r = mapGraphSignIn(s.fields(), ctx, n);
    if (fast !== null) {
      assert.equal(r.kind, "signIn", `${label}, line ${n}: a sign-in where the mapper finds a bad row`);
      assert.deepStrictEqual(fast, (r as { signIn: SignIn }).signIn, `${label}, line ${n}`);
      out.fast++;
    }
    if (r.kind === "signIn") {
      out.signIns.push(r.signIn);
      out.mixed.push(fast ?? r.signIn);
    }
  }
  return out;
}

/** The report of sign-ins, each one logical sign-in. */
function report(signIns: readonly SignIn[]): unknown {
  const a = new SignInAggregator();
  for (const s of signIns) {
    a.add({ signIn: s, rows: 1, interrupted: false, completed: true, interruptions: [] });
  }
  return a.summary({ ...TEST_REPORT_META, rows: signIns.length });
}

const SAMPLE: string[] = [];
for (const row of generateSignIns({ seed: 11, users: 80, days: 30, signInsPerUserPerDay: 3 })) {
  SAMPLE.push(JSON.stringify(row));
  if (SAMPLE.length >= 1500) break;
}

/** Every object in the Graph-shaped files of testdata/ that looks like a sign-in (or its envelope), one per line. */
async function corpus(): Promise<string[]> {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if ("createdDateTime" in o || "correlationId" in o || ("category" in o && "properties" in o)) {
        out.push(JSON.stringify(o));
      } else Object.values(o).forEach(walk);
    }
  };
  for (const dir of ["signins", "layouts", "hostile"]) {
    for await (const e of Deno.readDir(new URL(`../../testdata/${dir}/`, import.meta.url))) {
      if (!/\.(json|ndjson)$/.test(e.name)) continue;
      const text = await Deno.readTextFile(new URL(`../../testdata/${dir}/${e.name}`, import.meta.url));
      try {
        walk(JSON.parse(text));
      } catch {
        for (const line of text.split("\n")) {
          try {
            walk(JSON.parse(line));
          } catch { /* not JSON: not a record */ }
        }
      }
    }
  }
  return out.sort();
}

/** Values put in place of a field's value. */
const VALUES = [
  '""',
  "null",
  "0",
  "1",
  "-3",
  "1.5",
  "true",
  "false",
  '"0"',
  '"yes"',
  '"x"',
  '"2026-11-20T10:00:00Z"',
  '"20/11/2026 10:00"',
  "[]",
  '["a",""]',
  '"[\\"a\\",\\"b\\"]"',
  '"a, b"',
  "{}",
  '{"errorCode":"50074","additionalDetails":7}',
  '"{\\"authMethod\\":\\"SMS\\"}"',
  '"{bad"',
  '[{"id":null,"result":"success"},1]',
  '[{"authenticationStepDateTime":"2026-11-20T10:00:00+01:00","authenticationMethod":"SMS","succeeded":"no"}]',
];

/** Sample lines with seeded edits: a field's value replaced, a key given twice, an envelope key added. */
function mutated(seed: number, count: number): string[] {
  const random = rng(seed);
  const keys = Object.keys(GRAPH_SIGN_IN_FIELDS);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const o = JSON.parse(SAMPLE[i % SAMPLE.length]!) as Record<string, unknown>;
    let line = JSON.stringify(o);
    for (let e = Math.floor(random() * 3); e >= 0; e--) {
      const key = pick(keys), value = pick(VALUES), x = random();
      if (x < 0.6) line = line.replace(/^\{/, `{${JSON.stringify(key)}:${value},`).replace(/,\}$/, "}");
      else if (x < 0.9) line = line.replace(/\}$/, `,${JSON.stringify(key)}:${value}}`).replace("{,", "{");
      else {
        const drop = JSON.parse(line) as Record<string, unknown>;
        delete drop[key];
        line = JSON.stringify(drop);
      }
    }
    out.push(line);
  }
  return out;
}

const CASES: { label: string; lines: () => Promise<string[]> | string[]; minFast: number }[] = [
  { label: "the sample tenant", lines: () => SAMPLE, minFast: 1 },
  { label: "the sample tenant, twice (ids met before)", lines: () => [...SAMPLE, ...SAMPLE], minFast: 1 },
  { label: "testdata/ records", lines: corpus, minFast: 0.5 },
  { label: "mutated sample lines (seed 3)", lines: () => mutated(3, 1500), minFast: 0.3 },
  { label: "mutated sample lines (seed 4)", lines: () => mutated(4, 1500), minFast: 0.3 },
  {
    label: "more distinct values than the scanner interns",
    lines: () =>
      Array.from({ length: 40_000 }, (_, i) =>
        JSON.stringify({
          id: `i${i}`,
          createdDateTime: "2026-11-20T10:00:00Z",
          userPrincipalName: `u${i}@contoso.example`,
          userType: i % 2 === 0 ? "member" : "guest",
          status: { errorCode: i % 7 === 0 ? 50074 : 0, failureReason: `r${i}` },
        })),
    minFast: 1,
  },
];

for (const c of CASES) {
  for (const lean of [false, true]) {
    Deno.test(`scannedGraphSignIn = mapGraphSignIn(fields()): ${c.label}${lean ? ", lean" : ""}`, async () => {
      const lines = await c.lines();
      const r = compare(lines, lean, c.label);
      assert.ok(r.signIns.length > 0, "no sign-ins read");
      assert.ok(
        r.fast >= c.minFast * r.signIns.length,
        `${r.fast} of ${r.signIns.length} sign-ins built from the records`,
      );
      assert.deepStrictEqual(report(r.mixed), report(r.signIns));
    });
  }
}

/** Values tried for a key: one of them makes a sign-in field differ from the key's absence. */
const PROBES: unknown[] = [
  "x",
  true,
  ["x"],
  [{ id: "x", requirementProvider: "x", authenticationMethod: "x" }],
  { errorCode: 5, city: "x", deviceId: "x", authMethod: "x" },
  "2026-01-02T03:04:05Z",
];

Deno.test("mapGraphSignIn reads every key of GRAPH_SIGN_IN_FIELDS (the envelope's in the envelope), and no other", async () => {
  const ctx: MapContext = { source: { format: "graph-ndjson", file: "s.ndjson" }, eventType: null };
  const base = { correlationId: "c", createdDateTime: "2026-11-20T10:00:00Z" };
  const map = (o: unknown) => JSON.stringify(mapGraphSignIn(o, ctx, 1));
  for (const key of Object.keys(GRAPH_SIGN_IN_FIELDS)) {
    if (key === "category" || key === "properties" || key === "time") continue;
    const without = map(key === "createdDateTime" ? { id: "i" } : base);
    const read = PROBES.some((p) =>
      map(key === "createdDateTime" ? { id: "i", [key]: p } : { ...base, [key]: p }) !== without
    );
    assert.ok(read, `${key} is not read`);
  }
  const envelope = {
    category: "NonInteractiveUserSignInLogs",
    time: "2026-11-20T10:00:00Z",
    properties: { id: "i" },
  };
  const r = mapGraphSignIn(envelope, ctx, 1) as { signIn: SignIn };
  assert.deepEqual([r.signIn.eventType, r.signIn.createdDateTime], ["nonInteractiveUser", envelope.time]);
  // what map_graph.ts reads by name is in the table (the rest it reads by the table's keys)
  const src = await Deno.readTextFile(new URL("./map_graph.ts", import.meta.url));
  const named = new Set([...src.matchAll(/\bo\.([A-Za-z_0-9]+)/g)].map((m) => m[1]!));
  assert.ok(named.size > 5);
  assert.deepEqual([...named].filter((k) => !(k in GRAPH_SIGN_IN_FIELDS)), []);
});
