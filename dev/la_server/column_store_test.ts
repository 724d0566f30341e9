import { ColumnTable } from "./column_store.ts";
import assert from "node:assert/strict";

const GUID = "ab7e3365-fba0-4d58-80a2-5d1f177b6314";

// Values of a templated column that must come back exactly: tokens taken out, or held whole.
const TEXTS: { name: string; value: unknown }[] = [
  { name: "a GUID", value: GUID },
  {
    name: "an all-zero and an all-f GUID",
    value: "00000000-0000-0000-0000-000000000000/ffffffff-ffff-ffff-ffff-ffffffffffff",
  },
  { name: "an uppercase GUID (held whole)", value: GUID.toUpperCase() },
  { name: "a time", value: "2026-11-20T10:00:00Z" },
  {
    name: "a time with milliseconds (its seconds a token, the rest text)",
    value: "2026-11-20T10:00:00.123Z",
  },
  { name: "a day that does not exist (held whole)", value: "2026-02-30T10:00:00Z" },
  { name: "a time before 1970 (held whole)", value: "1969-12-31T23:59:59Z" },
  { name: "a year past 9999's range (held whole)", value: "9999-12-31T23:59:59Z and 0000-01-01T00:00:00Z" },
  { name: "midnight and the last second of a day", value: "2026-11-20T00:00:00Z 2026-11-20T23:59:59Z" },
  {
    name: "JSON with step times",
    value: '[{"authenticationStepDateTime":"2026-11-20T11:59:39Z","succeeded":true},' +
      '{"authenticationStepDateTime":"2026-11-20T11:59:55Z","id":"' + GUID + '"}]',
  },
  { name: "a text with the template marks", value: `\u0000g${GUID}\u0001` },
  { name: "a text like a template's key", value: "\u0001\u0000g" },
  { name: "no token", value: "Mobile app notification" },
  { name: "empty", value: "" },
  { name: "null", value: null },
  { name: "a number", value: 42 },
  { name: "-0", value: -0 },
  { name: "a boolean", value: false },
];

Deno.test("a templated column gives back each value exactly", async (t) => {
  for (const { name, value } of TEXTS) {
    await t.step(name, () => {
      const table = new ColumnTable(["V"], new Set(["V"]));
      // stored twice, the second time among the others (templates and dictionaries shared)
      const first = table.store([{ V: value }]);
      const all = table.store(TEXTS.map((x) => ({ V: x.value })));
      assert.ok(Object.is([...table.rows(first)][0]!.V, value));
      const back = [...table.rows(all)].map((r) => r.V);
      TEXTS.forEach((x, i) => assert.ok(Object.is(back[i], x.value), `${x.name}: ${String(back[i])}`));
    });
  }
});

// Dictionary columns: every kind of value, with the ones a Map would merge (0 and -0).
const VALUES: unknown[] = ["a", "1", 1, 0, -0, NaN, true, null, { a: 1 }, [1, "x"], { a: 1 }, "a"];

Deno.test("a dictionary column gives back each value; objects of one text are one object", () => {
  const table = new ColumnTable(["V"], new Set());
  const back = [...table.rows(table.store(VALUES.map((V) => ({ V }))))].map((r) => r.V);
  assert.equal(back.length, VALUES.length);
  VALUES.forEach((v, i) => {
    if (v !== null && typeof v === "object") assert.deepEqual(back[i], v);
    else assert.ok(Object.is(back[i], v), `${i}: ${String(back[i])}`);
  });
  assert.equal(back[8], back[10]);
});

/** A row whose `TimeGenerated` is `at` and `CreatedDateTime` `created` (the same when not given). */
const row = (at: string, id: string | null, app: string | null, created = at) => ({
  TimeGenerated: at,
  Id: id,
  CreatedDateTime: created,
  App: app,
});

Deno.test("rows whole keep the columns' order; twin columns and narrow reads", () => {
  const names = ["TimeGenerated", "Id", "CreatedDateTime", "App"];
  const table = new ColumnTable(names, new Set(["TimeGenerated", "Id"]));
  const cases: { name: string; rows: Record<string, unknown>[] }[] = [
    { name: "no rows", rows: [] },
    {
      name: "twins (CreatedDateTime read from TimeGenerated)",
      rows: [row("2026-11-20T10:00:00Z", GUID, "Teams"), row("2026-11-20T10:00:01Z", null, null)],
    },
    {
      name: "not twins in one row",
      rows: [
        row("2026-11-20T10:00:00Z", GUID, "Teams"),
        row("2026-11-20T10:00:01Z", GUID, "Teams", "2026-11-20T10:00:02Z"),
      ],
    },
  ];
  for (const { name, rows } of cases) {
    const seg = table.store(rows);
    const whole = [...table.rows(seg)];
    assert.deepEqual(whole, rows, name);
    for (const r of whole) assert.deepEqual(Object.keys(r), names, name);
    assert.deepEqual(
      [...table.rows(seg, [2, 3])],
      rows.map((r) => ({ CreatedDateTime: r.CreatedDateTime, App: r.App })),
      name,
    );
  }
});
