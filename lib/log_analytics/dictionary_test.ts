import assert from "node:assert/strict";
import { LaQueryError } from "./client.ts";
import { decodeDictionary, type DecodedRows } from "./dictionary.ts";

const DICT = (key: unknown, value: unknown) => ({ Part: "dictionary", DictKey: key, DictValue: value });

/** A result's rows, and the rows decoded or the refusal expected. */
interface Case {
  name: string;
  rows: Record<string, unknown>[];
  want?: Record<string, unknown>[];
  error?: RegExp;
}

/** Each case decoded: its rows, or a `shape` refusal with its message. */
function check(cases: readonly Case[], decode: (rows: Record<string, unknown>[]) => DecodedRows): void {
  for (const c of cases) {
    if (c.error !== undefined) {
      assert.throws(() => decode(c.rows), (e: unknown) => {
        assert.ok(e instanceof LaQueryError, c.name);
        assert.equal(e.kind, "shape", c.name);
        assert.match(e.message, c.error!, c.name);
        return true;
      });
    } else {
      const r = decode(c.rows);
      assert.deepEqual(r.rows, c.want, c.name);
      assert.equal(r.dictionaryRows, c.rows.filter((x) => x.Part === "dictionary").length, c.name);
    }
  }
}

Deno.test("the dictionary's values are put back, and only a result that reads exactly is accepted", () => {
  const cases: Case[] = [
    {
      name: "keys in two columns, one value sent once, the dictionary after the rows",
      rows: [
        { Part: "user", Status: 1, AuthenticationDetails: 2, SignIns: 4 },
        DICT(1, '{"errorCode":0}'),
        DICT(2, "[]"),
        DICT(1, '{"errorCode":0}'),
      ],
      want: [{ Part: "user", Status: '{"errorCode":0}', AuthenticationDetails: "[]", SignIns: 4 }],
    },
    {
      name: "a row without the column (another part) is left as it is",
      rows: [{ Part: "places", Location: "FR" }, DICT(1, "x")],
      want: [{ Part: "places", Location: "FR" }],
    },
    {
      name: "null and empty text are one value (both read as absent)",
      rows: [{ Status: 5 }, DICT(5, null), DICT(5, "")],
      want: [{ Status: "" }],
    },
    {
      name: "a collision: one key, two values",
      rows: [{ Status: 1 }, DICT(1, "a"), DICT(1, "b")],
      error: /collision/,
    },
    { name: "a key the dictionary lacks", rows: [{ Status: 9 }, DICT(1, "a")], error: /no value for key 9/ },
    { name: "a key that is not a number", rows: [DICT(true, "a")], error: /DictKey boolean/ },
    {
      name: "a row's text key is not shown (server text)",
      rows: [{ Status: "<script>" }, DICT(1, "a")],
      error: /^A row's Status has no value for key in the dictionary$/,
    },
  ];
  check(cases, (rows) => decodeDictionary(rows, ["Status", "AuthenticationDetails"]));
});

Deno.test("tuples: each column gets the value the result would have carried, and only an exact tuple is read", () => {
  const user = {
    column: "UserTuple",
    columns: ["UserId", "UserPrincipalName", "IsInteractive"],
    keyed: true,
    keys: [],
  };
  const facts = { column: "Facts", columns: ["Status", "ResultType"], keyed: false, keys: ["Status"] };
  const tuples = (o: Readonly<Record<string, unknown>>) => o.Part === "user" ? [user] : [facts];
  const keyed = (o: Readonly<Record<string, unknown>>) =>
    tuples(o).filter((t) => t.keyed).map((t) => t.column);
  const cases: Case[] = [
    {
      name: "text, empty text, null, bools; a JSON-text column inside as a key",
      rows: [
        DICT(1, JSON.stringify(["", 'a"b\\c 名前 😀', true])),
        DICT(2, JSON.stringify([null, "x", false])),
        DICT(3, '{"errorCode":0}'),
        { Part: "user", UserTuple: 1, SignIns: 2 },
        { Part: "user", UserTuple: 2, SignIns: 1 },
        { Part: "outcome", Facts: JSON.stringify([3, "0"]), SignIns: 3 },
      ],
      want: [
        { Part: "user", SignIns: 2, UserId: "", UserPrincipalName: 'a"b\\c 名前 😀', IsInteractive: true },
        { Part: "user", SignIns: 1, UserId: null, UserPrincipalName: "x", IsInteractive: false },
        { Part: "outcome", SignIns: 3, Status: '{"errorCode":0}', ResultType: "0" },
      ],
    },
    {
      name: "a dynamic tuple that arrives parsed",
      rows: [{ Part: "outcome", Facts: [3, "0"] }, DICT(3, "{}")],
      want: [{ Part: "outcome", Status: "{}", ResultType: "0" }],
    },
    {
      name: "one value too few",
      rows: [DICT(1, JSON.stringify(["", "x"])), { Part: "user", UserTuple: 1 }],
      error: /UserTuple is not an array of 3 values/,
    },
    {
      name: "not an array",
      rows: [DICT(1, '{"a":1}'), { Part: "user", UserTuple: 1 }],
      error: /not an array/,
    },
    { name: "not JSON", rows: [DICT(1, "[1,"), { Part: "user", UserTuple: 1 }], error: /not an array/ },
    { name: "absent", rows: [{ Part: "user", SignIns: 1 }], error: /not an array/ },
    {
      name: "a nested value",
      rows: [DICT(1, JSON.stringify(["", { a: 1 }, true])), { Part: "user", UserTuple: 1 }],
      error: /holds a nested value for UserPrincipalName/,
    },
    {
      name: "a key inside without a value",
      rows: [{ Part: "outcome", Facts: JSON.stringify([4, "0"]) }, DICT(3, "{}")],
      error: /Facts has a Status key without a value/,
    },
  ];
  check(cases, (rows) => decodeDictionary(rows, keyed, tuples));
});
