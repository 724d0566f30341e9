import assert from "node:assert/strict";
import {
  createMergeStats,
  isInterruptRow,
  type LogicalSignIn,
  type MergeOptions,
  type MergeStats,
  SignInMerger,
} from "./merge.ts";
import type { AuthenticationDetail, SignIn } from "./sign_in.ts";
import { testSignIn } from "../../dev/testing/test_sign_in.ts";

const SOURCE = { format: "graph-ndjson", file: "t.ndjson" } as const;
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const MIN = 60_000;

/** A sign-in row with every field null except the ones given; `at` is minutes after T0. */
function row(id: string, at: number, over: Partial<SignIn> = {}): SignIn {
  const ms = T0 + at * MIN;
  return testSignIn({
    id,
    correlationId: "c-1",
    createdDateTime: new Date(ms).toISOString(),
    createdAtMs: ms,
    userId: "u-1",
    errorCode: 0,
    source: SOURCE,
    ...over,
  });
}

function step(method: string, second: number): AuthenticationDetail {
  return {
    method,
    detail: null,
    stepRequirement: null,
    succeeded: true,
    resultDetail: null,
    dateTime: new Date(T0 + second * 1000).toISOString(),
  };
}

async function merge(
  rows: SignIn[],
  options: MergeOptions = {},
): Promise<{ out: LogicalSignIn[]; stats: MergeStats }> {
  const stats = createMergeStats();
  const out: LogicalSignIn[] = [];
  const merger = new SignInMerger({ ...options, stats });
  for (const r of rows) out.push(...merger.push(r));
  out.push(...merger.flush());
  await Promise.resolve();
  return { out, stats };
}

/** [signIn.id, rows, interrupted, completed] per logical sign-in, sorted by id. */
const summary = (out: LogicalSignIn[]) =>
  out.map((l) => [l.signIn.id, l.rows, l.interrupted, l.completed]).sort((a, b) =>
    String(a[0]).localeCompare(String(b[0]))
  );

Deno.test("SignInMerger folds the rows of one logical sign-in", async (t) => {
  const CASES: {
    name: string;
    rows: SignIn[];
    options?: MergeOptions;
    expected: (string | number | boolean | null)[][];
    duplicates?: number;
    merged?: number;
  }[] = [
    {
      name: "maps an MFA interrupt followed by its completion (oldest first) to one completed sign-in",
      rows: [row("a", 0, { errorCode: 50074 }), row("b", 0.5)],
      expected: [["b", 2, true, true]],
      merged: 1,
    },
    {
      name: "maps a completion followed by its interrupt (Graph's newest-first order) to one sign-in",
      rows: [row("b", 0.5), row("a", 0, { errorCode: 50076 })],
      expected: [["b", 2, true, true]],
      merged: 1,
    },
    {
      name: "maps a portal 'Interrupted' status and its completion to one sign-in",
      rows: [
        row("a", 0, { errorCode: 16000, resultStatus: "Interrupted" }),
        row("b", 1, { resultStatus: "Success" }),
      ],
      expected: [["b", 2, true, true]],
    },
    {
      name: "maps two interrupts and a completion to one sign-in of three rows",
      rows: [row("a", 0, { errorCode: 50074 }), row("b", 0.2, { errorCode: 50140 }), row("c", 0.4)],
      expected: [["c", 3, true, true]],
    },
    {
      name: "maps an interrupt followed by an MFA denial to one failed sign-in",
      rows: [row("a", 0, { errorCode: 50074 }), row("b", 0.5, { errorCode: 500121 })],
      expected: [["b", 2, true, true]],
    },
    {
      name: "keeps an interrupt nobody completed as an interrupted, incomplete sign-in",
      rows: [row("a", 0, { errorCode: 50074 })],
      expected: [["a", 1, true, false]],
    },
    {
      name: "keeps two finished rows of one correlation id apart",
      rows: [row("a", 0, { errorCode: 50126 }), row("b", 1)],
      expected: [["a", 1, false, true], ["b", 1, false, true]],
      merged: 0,
    },
    {
      name: "does not merge rows of another user with the same correlation id",
      rows: [row("a", 0, { errorCode: 50074 }), row("b", 0.5, { userId: "u-2" })],
      expected: [["a", 1, true, false], ["b", 1, false, true]],
    },
    {
      name: "does not merge an interrupt and a completion further apart than the horizon",
      rows: [row("a", 0, { errorCode: 50074 }), row("b", 11)],
      expected: [["a", 1, true, false], ["b", 1, false, true]],
    },
    {
      name: "merges rows up to the horizon apart",
      rows: [row("a", 0, { errorCode: 50074 }), row("b", 9.9)],
      expected: [["b", 2, true, true]],
    },
    {
      name: "merges further apart with a longer horizon",
      rows: [row("a", 0, { errorCode: 50074 }), row("b", 30)],
      options: { horizonMinutes: 60 },
      expected: [["b", 2, true, true]],
    },
    {
      name: "never merges rows without a correlation id",
      rows: [row("a", 0, { errorCode: 50074, correlationId: null }), row("b", 0.5, { correlationId: null })],
      expected: [["a", 1, true, false], ["b", 1, false, true]],
    },
    {
      name: "drops exact duplicate ids",
      rows: [row("a", 0), row("a", 0), row("b", 5, { correlationId: "c-2" }), row("a", 0)],
      expected: [["a", 1, false, true], ["b", 1, false, true]],
      duplicates: 2,
    },
    {
      name: "drops a duplicate seen again beyond the horizon",
      rows: [
        row("a", 0, { correlationId: "c-9" }),
        row("b", 60, { correlationId: "c-8" }),
        row("a", 0, { correlationId: "c-9" }),
      ],
      expected: [["a", 1, false, true], ["b", 1, false, true]],
      duplicates: 1,
    },
    {
      name: "keeps a far duplicate when ids are only remembered within the horizon",
      rows: [
        row("a", 0, { correlationId: "c-9" }),
        row("b", 60, { correlationId: "c-8" }),
        row("a", 0, { correlationId: "c-9" }),
      ],
      options: { rememberIds: false },
      expected: [["a", 1, false, true], ["a", 1, false, true], ["b", 1, false, true]],
      duplicates: 0,
    },
    {
      name: "treats only the given error codes as interrupts",
      rows: [row("a", 0, { errorCode: 50074 }), row("b", 0.5)],
      options: { interruptErrorCodes: [50076] },
      expected: [["a", 1, false, true], ["b", 1, false, true]],
    },
  ];
  for (const c of CASES) {
    await t.step(`SignInMerger ${c.name}`, async () => {
      const { out, stats } = await merge(c.rows, c.options);
      assert.deepEqual(summary(out), c.expected);
      assert.equal(stats.rowsIn, c.rows.length);
      assert.equal(stats.logicalSignIns, out.length);
      if (c.duplicates !== undefined) assert.equal(stats.duplicatesDropped, c.duplicates);
      if (c.merged !== undefined) assert.equal(stats.mergedGroups, c.merged);
    });
  }
});

Deno.test("SignInMerger combines what the rows of a merged sign-in know", async (t) => {
  const interrupt = row("a", 0, {
    errorCode: 50074,
    authenticationDetails: [step("Password", 0)],
    authenticationMethodsUsed: ["Password"],
    mfaDetail: { authMethod: "Text message", authDetail: "+X XXXXXXXX12" },
    appliedConditionalAccessPolicies: [{
      id: "p-1",
      displayName: "Require MFA",
      result: "failure",
      enforcedGrantControls: ["Mfa"],
      enforcedSessionControls: [],
    }],
  });
  const done = row("b", 0.5, {
    authenticationDetails: [step("Password", 0), step("Text message", 25)],
    authenticationMethodsUsed: ["Password", "Text message"],
    additionalDetails: "MFA completed in Azure AD",
  });
  const { out } = await merge([interrupt, done]);
  const l = out[0]!;

  await t.step("outcome and fields come from the completion", () => {
    assert.equal(l.signIn.id, "b");
    assert.equal(l.signIn.errorCode, 0);
    assert.equal(l.signIn.additionalDetails, "MFA completed in Azure AD");
    assert.deepEqual(l.interruptions, [interrupt]);
  });
  await t.step("authentication steps are united, a repeated step counted once", () => {
    assert.deepEqual(l.signIn.authenticationDetails, [step("Password", 0), step("Text message", 25)]);
    assert.deepEqual(l.signIn.authenticationMethodsUsed, ["Password", "Text message"]);
  });
  await t.step("MFA detail and CA policies fall back to the interrupt's", () => {
    assert.deepEqual(l.signIn.mfaDetail, { authMethod: "Text message", authDetail: "+X XXXXXXXX12" });
    assert.equal(l.signIn.appliedConditionalAccessPolicies?.[0]?.id, "p-1");
  });
  await t.step("the input rows are not changed", () => {
    assert.equal(done.mfaDetail, null);
    assert.equal(done.appliedConditionalAccessPolicies, null);
  });
});

Deno.test("SignInMerger keeps a duplicate's richer copy while both are buffered", () => {
  const poor = row("a", 0);
  const rich = row("a", 0, { authenticationDetails: [step("Password", 0)] });
  const m = new SignInMerger();
  const out = [...m.push(poor), ...m.push(rich), ...m.flush()];
  assert.equal(out.length, 1);
  assert.equal(out[0]?.signIn, rich);
  assert.equal(m.stats.duplicatesDropped, 1);
});

const DUPLICATE_CASES: {
  name: string;
  a: SignIn;
  b: SignIn;
  /** What the kept copy must be. */
  keep: "a" | "b";
  conflicts: number;
}[] = [
  { name: "identical copies are no conflict", a: row("d", 0), b: row("d", 0), keep: "a", conflicts: 0 },
  {
    name: "the later createdDateTime wins",
    a: row("d", 0, { errorCode: 50074 }),
    b: row("d", 1, { errorCode: 0 }),
    keep: "b",
    conflicts: 1,
  },
  {
    name: "the more complete row wins over a later one",
    a: row("d", 0, { authenticationDetails: [step("Password", 0)] }),
    b: row("d", 1),
    keep: "a",
    conflicts: 1,
  },
  {
    name: "Conditional Access detail makes a row more complete",
    a: row("d", 0),
    b: row("d", 0, { appliedConditionalAccessPolicies: [] }),
    keep: "b",
    conflicts: 1,
  },
  {
    name: "same time and completeness: a content hash decides",
    a: row("d", 0, { errorCode: 50074 }),
    b: row("d", 0, { errorCode: 500121 }),
    keep: "a",
    conflicts: 1,
  },
];

Deno.test("SignInMerger keeps one copy of a duplicate id deterministically and counts conflicts", async (t) => {
  for (const c of DUPLICATE_CASES) {
    for (const [order, rows] of [["a then b", [c.a, c.b]], ["b then a", [c.b, c.a]]] as const) {
      await t.step(`${c.name} (${order})`, async () => {
        const { out, stats } = await merge([...rows]);
        assert.equal(out.length, 1);
        const kept = out[0]!.signIn;
        const want = c.keep === "a" ? c.a : c.b;
        if (c.conflicts === 0) assert.deepEqual(kept, want);
        else if (c.name.includes("hash")) {
          // The same copy whatever the order (which one is the hash's choice, not the test's).
          const other = await merge(order === "a then b" ? [c.b, c.a] : [c.a, c.b]);
          assert.equal(other.out[0]!.signIn, kept);
        } else assert.equal(kept, want);
        assert.deepEqual([stats.duplicatesDropped, stats.duplicateConflicts, stats.conflictsKeptFirst], [
          1,
          c.conflicts,
          0,
        ]);
      });
    }
  }
  await t.step("a conflicting copy after the first was counted is kept out and counted", async () => {
    const first = row("d", 0, { correlationId: null });
    const later = row("d", 30, { correlationId: null, errorCode: 50074 });
    const { out, stats } = await merge([first, later]);
    assert.deepEqual(out.map((l) => l.signIn), [first]);
    assert.deepEqual([stats.duplicatesDropped, stats.duplicateConflicts, stats.conflictsKeptFirst], [
      1,
      1,
      1,
    ]);
  });
});

Deno.test("SignInMerger stays within its buffer limits", async (t) => {
  await t.step("SignInMerger evicts groups the stream has moved past", () => {
    const m = new SignInMerger({ horizonMinutes: 10 });
    let emitted = 0;
    for (let i = 0; i < 1000; i++) emitted += m.push(row(`r-${i}`, i, { correlationId: `c-${i}` })).length;
    // one row a minute: at most the last 11 minutes are buffered
    assert.ok(m.stats.peakBufferedRows <= 12, `peak ${m.stats.peakBufferedRows}`);
    assert.equal(emitted + m.flush().length, 1000);
  });
  await t.step("SignInMerger evicts early past maxBufferedRows and counts it", () => {
    const m = new SignInMerger({ maxBufferedRows: 5 });
    let emitted = 0;
    for (let i = 0; i < 20; i++) emitted += m.push(row(`r-${i}`, 0, { correlationId: `c-${i}` })).length;
    assert.equal(m.stats.peakBufferedRows, 6);
    assert.equal(m.stats.forcedEvictions, 15);
    assert.equal(emitted, 15);
  });
  await t.step("SignInMerger cuts a long-lived correlation id into groups of maxGroupRows", () => {
    const m = new SignInMerger({ maxGroupRows: 4 });
    let emitted = 0;
    for (let i = 0; i < 10; i++) emitted += m.push(row(`r-${i}`, i * 0.1)).length;
    assert.equal(emitted + m.flush().length, 10);
    assert.equal(m.stats.forcedEvictions, 2);
  });
  await t.step("SignInMerger passes undated rows straight through", () => {
    const m = new SignInMerger();
    const out = m.push(row("x", 0, { createdAtMs: null, createdDateTime: null }));
    assert.equal(out.length, 1);
    assert.equal(m.stats.undatedRows, 1);
  });
});

Deno.test("SignInMerger.pushInto() over a batch yields what push() yields row by row", async () => {
  const rows = [row("b", 0.5), row("a", 0, { errorCode: 50074 }), row("c", 20, { correlationId: "c-3" })];
  const m = new SignInMerger();
  const out: LogicalSignIn[] = [];
  for (const r of rows) m.pushInto(r, out);
  out.push(...m.flush());
  assert.deepEqual(summary(out), [["b", 2, true, true], ["c", 1, false, true]]);
  assert.deepEqual(summary(out), summary((await merge(rows)).out));
});

Deno.test("isInterruptRow() recognises interrupts", async (t) => {
  const CASES = [
    { errorCode: 50074, resultStatus: null, expected: true },
    { errorCode: 50076, resultStatus: null, expected: true },
    { errorCode: 50079, resultStatus: null, expected: true },
    { errorCode: 50140, resultStatus: null, expected: true },
    { errorCode: 0, resultStatus: "interrupted", expected: true },
    { errorCode: 0, resultStatus: "Success", expected: false },
    { errorCode: 500121, resultStatus: null, expected: false },
    { errorCode: 53003, resultStatus: null, expected: false },
    { errorCode: null, resultStatus: null, expected: false },
  ];
  for (const c of CASES) {
    await t.step(`isInterruptRow() maps ${c.errorCode}/${c.resultStatus} to ${c.expected}`, () => {
      assert.equal(isInterruptRow(c), c.expected);
    });
  }
});
