import assert from "node:assert/strict";
import { LaQueryError } from "./client.ts";
import { decodeDictionary } from "./dictionary.ts";

const DICT = (key: unknown, value: unknown) => ({ Part: "dictionary", DictKey: key, DictValue: value });

Deno.test("the dictionary's values are put back, and only a result that reads exactly is accepted", () => {
  const cases: {
    name: string;
    rows: Record<string, unknown>[];
    want?: Record<string, unknown>[];
    error?: RegExp;
  }[] = [
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
  for (const c of cases) {
    if (c.error !== undefined) {
      assert.throws(() => decodeDictionary(c.rows, ["Status", "AuthenticationDetails"]), (e: unknown) => {
        assert.ok(e instanceof LaQueryError, c.name);
        assert.equal(e.kind, "shape", c.name);
        assert.match(e.message, c.error!, c.name);
        return true;
      });
    } else {
      const r = decodeDictionary(c.rows, ["Status", "AuthenticationDetails"]);
      assert.deepEqual(r.rows, c.want, c.name);
      assert.equal(r.dictionaryRows, c.rows.filter((x) => x.Part === "dictionary").length, c.name);
    }
  }
});
