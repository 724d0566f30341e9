import assert from "node:assert/strict";
import { sampleLogicalSignIns } from "../../dev/testing/sample_logical.ts";
import { CountMap } from "../report/count_map.ts";
import { REPORT_SECTIONS, SignInAggregator } from "./aggregator.ts";
import { restoreSection, sectionPooled, sectionState, type StateWalk } from "./aggregator_state.ts";

function newWalk(maxKeys = 10, uncapped: object[] = []): StateWalk {
  return { memo: new Map(), pooled: false, maxKeys, uncapped: new Set(uncapped) };
}

/** Writes a section-like object's fields, clones the state as a worker boundary would, reads it back. */
function roundTrip(section: object): Record<string, unknown> {
  const state = structuredClone(sectionState(section, newWalk()));
  const back: Record<string, unknown> = {};
  restoreSection(back, state, new Map());
  return back;
}

Deno.test("sectionState() / restoreSection(): every kind of field a section holds survives a structured clone", async (t) => {
  const counts = new CountMap(5);
  counts.add("sms", 2);
  counts.add("voice");
  const CASES: { name: string; value: () => unknown; check?: (back: unknown) => void }[] = [
    { name: "number", value: () => 3 },
    { name: "Infinity", value: () => -Infinity },
    { name: "string", value: () => "Office 365" },
    { name: "null", value: () => null },
    { name: "array", value: () => [1, "a", null] },
    { name: "map", value: () => new Map<string, number>([["a", 1], ["b", 2]]) },
    { name: "set", value: () => new Set(["Mfa", "compliantDevice"]) },
    { name: "plain object", value: () => ({ success: 1, failure: 0 }) },
    {
      name: "nested",
      value: () => new Map([["p1", { results: [1, 2], grants: new Set(["Mfa"]), last: null }]]),
    },
    {
      name: "CountMap",
      value: () => counts,
      check: (back) => {
        assert.ok(back instanceof CountMap);
        assert.deepEqual(back.exportState(), counts.exportState());
      },
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      const back = roundTrip({ field: c.value() }).field;
      if (c.check) c.check(back);
      else assert.deepEqual(back, c.value());
    });
  }
  await t.step("an object in two fields stays one object", () => {
    const shared = { count: 1 };
    const back = roundTrip({ a: new Map([["k", shared]]), b: [shared] });
    assert.equal((back.a as Map<string, unknown>).get("k"), (back.b as unknown[])[0]);
  });
});

Deno.test("sectionState(): a field of a class the state does not know is refused, not flattened", async (t) => {
  class Tally {
    n = 1;
  }
  for (
    const [name, value] of [["a class", new Tally()], ["a Date", new Date(0)], [
      "in a map",
      new Map([["k", new Tally()]]),
    ]] as const
  ) {
    await t.step(name, () => {
      assert.throws(() => sectionState({ field: value }, newWalk()), /is not a kind the state knows/);
    });
  }
});

Deno.test("sectionState() and sectionPooled(): tell when a capped map or set may have pooled keys", async (t) => {
  const full = new Map([["a", 1], ["b", 2]]);
  const pooledCounts = new CountMap(1);
  pooledCounts.add("a");
  pooledCounts.add("b");
  const CASES: { name: string; field: unknown; walk: StateWalk; pooled: boolean }[] = [
    { name: "a map under its cap", field: new Map([["a", 1]]), walk: newWalk(2), pooled: false },
    { name: "a map at its cap", field: full, walk: newWalk(2), pooled: true },
    { name: "an uncapped map at the cap", field: full, walk: newWalk(2, [full]), pooled: false },
    { name: "a map with the pool key", field: new Map([["(other apps)", 1]]), walk: newWalk(), pooled: true },
    {
      name: "a set of 50",
      field: new Set(Array.from({ length: 50 }, (_, i) => i)),
      walk: newWalk(),
      pooled: true,
    },
    {
      name: "a set of 49",
      field: new Set(Array.from({ length: 49 }, (_, i) => i)),
      walk: newWalk(),
      pooled: false,
    },
    { name: "a CountMap that pooled", field: pooledCounts, walk: newWalk(), pooled: true },
    {
      name: "a full map deep inside",
      field: [{ by: new Map([["k", full]]) }],
      walk: newWalk(2),
      pooled: true,
    },
    { name: "primitives only", field: { a: 1, b: "x", c: null, d: [1, 2] }, walk: newWalk(1), pooled: false },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      // without writing the state: the same answer
      const check: StateWalk = { ...c.walk, memo: new Map() };
      assert.equal(sectionPooled({ field: c.field }, check), c.pooled);
      assert.equal(check.pooled, c.pooled);
      sectionState({ field: c.field }, c.walk);
      assert.equal(c.walk.pooled, c.pooled);
    });
  }
});

Deno.test("SignInAggregator state: every field of every part is written and read back (fresh and fed)", async (t) => {
  const fed = new SignInAggregator({ top: 5 });
  const rows = await sampleLogicalSignIns(7, 3);
  for (const l of rows) fed.add(l);
  for (const [name, a] of [["fresh", new SignInAggregator({ top: 5 })], ["fed", fed]] as const) {
    await t.step(name, () => {
      const state = a.exportState();
      // the totals, then one part per report section
      assert.equal(state.parts.length, REPORT_SECTIONS.length + 1);
      assert.deepEqual(Object.keys(state.parts[0]!).sort(), [
        "maxMs",
        "maxText",
        "minMs",
        "minText",
        "signIns",
      ]);
      assert.equal(state.parts[0]!.signIns, name === "fresh" ? 0 : rows.length);
      // read back and written again: the same state, field for field
      const back = SignInAggregator.fromState(structuredClone(state), { top: 5 });
      assert.deepEqual(back.exportState(), state);
      for (const part of state.parts) assert.ok(Object.keys(part).length > 0, "a part with no fields");
    });
  }
});

Deno.test("SignInAggregator.takeState(): exportState()'s data, made of the aggregator's own containers, and the same report after a clone", async () => {
  const rows = await sampleLogicalSignIns(7, 3);
  const fed = () => {
    const a = new SignInAggregator({ top: 5 });
    for (const l of rows) a.add(l);
    return a;
  };
  const meta = {
    generatedAt: "2026-11-20T12:00:00Z",
    sources: [],
    rows: rows.length,
    badRows: 0,
    filteredOut: 0,
    merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 },
  };
  const copied = fed().exportState(), taken = fed().takeState();
  assert.deepEqual(taken, copied);
  const back = SignInAggregator.fromState(structuredClone(taken), { top: 5 });
  assert.deepEqual(back.summary(meta), fed().summary(meta));
  assert.deepEqual(back.exportState(), copied);
});
