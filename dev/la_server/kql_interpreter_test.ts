/**
 * The local endpoint's KQL subset: what it runs, and that anything outside it is refused with a
 * Kusto-style error (so a query the toolkit starts to send without teaching the interpreter fails
 * the tests instead of passing silently). Also over HTTP: a refused query is a 400 with the
 * documented error shape.
 */
import assert from "node:assert/strict";
import { KqlError, type KqlTable, runKql } from "./kql_interpreter.ts";
import { startLaServer } from "./server.ts";

const T: KqlTable = {
  columns: [
    { name: "Id", type: "string" },
    { name: "C", type: "string" },
    { name: "At", type: "datetime" },
    { name: "D", type: "dynamic" },
  ],
  rows: [
    { Id: "1", C: "x", At: "2026-11-19T10:00:00Z", D: { a: 1, b: "q" } },
    { Id: "2", C: "x", At: "2026-11-19T11:00:00Z", D: null },
    { Id: "3", C: "", At: "2026-11-19T09:00:00Z", D: { a: 2 } },
    { Id: "3", C: "", At: "2026-11-19T09:00:00Z", D: { a: 2 } },
  ],
};
const U: KqlTable = { columns: [{ name: "Id", type: "string" }, { name: "D", type: "string" }], rows: [] };

Deno.test("the subset runs as Kusto does", () => {
  const cases: [string, unknown[]][] = [
    ["T | where C == 'x' | project Id", [{ Id: "1" }, { Id: "2" }]],
    ["T | summarize N = count(), F = min(At), L = max(At) by C | sort by C asc", [
      { C: "", N: 2, F: "2026-11-19T09:00:00Z", L: "2026-11-19T09:00:00Z" },
      { C: "x", N: 2, F: "2026-11-19T10:00:00Z", L: "2026-11-19T11:00:00Z" },
    ]],
    ["T | summarize by C | sort by C desc", [{ C: "x" }, { C: "" }]],
    ["let K = T | summarize N = count() by Id | where N > 1; T | join kind=leftanti K on Id | project Id", [
      { Id: "1" },
      { Id: "2" },
    ]],
    // leftsemi: the left rows with a match, each once, the left columns only
    [
      "let K = T | summarize N = count() by Id | where N > 1; T | join kind=leftsemi K on Id | project Id, C",
      [
        { Id: "3", C: "" },
        { Id: "3", C: "" },
      ],
    ],
    [
      "T | where Id in ('1', '2') and isnotempty(C) | extend E = iff(Id == '1', At, datetime(null)) | project E",
      [
        { E: "2026-11-19T10:00:00Z" },
        { E: null },
      ],
    ],
    ["T | where Id == '1' | project S = tostring(bag_pack('a', parse_json(tostring(D)).a, 'z', D.zz))", [
      { S: '{"a":1,"z":null}' },
    ]],
    ['T | where Id == \'1\' | project R = replace_regex(tostring(D), \'"b":"[^"]*"\', \'"b":null\')', [
      { R: '{"a":1,"b":null}' },
    ]],
    ["T | where Id == '2' | project-away D, At", [{ Id: "2", C: "x" }]],
    // a tuple of values as one JSON text (null stays null, a bool a bool, a dynamic value nested)
    ["T | where Id in ('1', '2') | project P = tostring(pack_array(Id, C, Id == '1', D, 'a\"b'))", [
      { P: '["1","x",true,{"a":1,"b":"q"},"a\\"b"]' },
      { P: '["2","x",false,null,"a\\"b"]' },
    ]],
    // plain-text occurrences, overlapping ones counted (Kusto: countof("aaaa", "aa") is 3)
    ["T | where Id == '1' | project N = countof('aaaa', 'aa'), M = countof(C, 'y'), E = countof(C, '')", [
      { N: 3, M: 0, E: 0 },
    ]],
    // the capture group of each match, in order; no match: null (array_length null too)
    [
      "T | where Id == '1' | extend X = extract_all('\"([a-z]*)\":', tostring(D)) | " +
      "project X, L = array_length(X), S = strcat_array(X, ','), N = array_length(extract_all('z(q)', C)), " +
      "W = extract_all('[0-9]', tostring(D)), E = strcat_array(extract_all('z(q)', C), ',')",
      [{ X: ["a", "b"], L: 2, S: "a,b", N: null, W: ["1"], E: "" }],
    ],
    // arg_min / arg_max: the columns of the row with the least / greatest first argument, named
    // after the arguments; a null first argument passed over
    [
      "T | extend At2 = At, Id2 = Id | summarize N = count(), arg_min(At, Id), arg_max(At2, Id2) by C | sort by C asc",
      [
        { C: "", N: 2, At: "2026-11-19T09:00:00Z", Id: "3", At2: "2026-11-19T09:00:00Z", Id2: "3" },
        { C: "x", N: 2, At: "2026-11-19T10:00:00Z", Id: "1", At2: "2026-11-19T11:00:00Z", Id2: "2" },
      ],
    ],
    [
      "T | extend E = iff(Id == '1', datetime(null), At) | summarize arg_min(E, Id), arg_max(At, C)",
      [{ E: "2026-11-19T09:00:00Z", Id: "3", At: "2026-11-19T11:00:00Z", C: "x" }],
    ],
    ["T | where Id == '9' | summarize arg_max(At, Id) by C", []],
    // row_number(): from 1 in the order of the sort before it
    ["T | summarize by Id | sort by Id desc | extend N = row_number()", [
      { Id: "3", N: 1 },
      { Id: "2", N: 2 },
      { Id: "1", N: 3 },
    ]],
    // lookup: the right side's other columns added to each left row (nulls without a match)
    [
      "let K = T | where Id != '2' | summarize by Id | sort by Id asc | extend N = row_number(); " +
      "T | project Id, C | lookup (K | project Id, Key = N) on Id",
      [
        { Id: "1", C: "x", Key: 1 },
        { Id: "2", C: "x", Key: null },
        { Id: "3", C: "", Key: 2 },
        { Id: "3", C: "", Key: 2 },
      ],
    ],
  ];
  for (const [q, rows] of cases) assert.deepEqual(runKql(q, { T }).rows, rows, q);
});

Deno.test("hash() keys a text: one key per value, a long of Kusto's size, the same for empty and absent", () => {
  const r = runKql(
    "T | extend E = iff(Id == '2', tostring(D), C) | project Id, H = hash(C), HD = hash(tostring(D)), HE = hash(E)",
    { T },
  );
  assert.deepEqual(r.columns.find((c) => c.name === "H")?.type, "long");
  const h = r.rows.map((x) => x.H as number);
  assert.equal(h[0], h[1], "equal texts, equal keys");
  assert.notEqual(h[0], h[2], "different texts, different keys");
  assert.equal(h[2], h[3]);
  assert.notEqual(r.rows[0]!.HD, r.rows[2]!.HD);
  assert.equal(r.rows[1]!.HE, h[2], "a null dynamic's text is empty, as the empty string's");
  for (const x of [...h, ...r.rows.map((x) => x.HD as number)]) {
    assert.ok(Number.isInteger(x) && Math.abs(x) <= 2 ** 63, String(x));
  }
  // the size on the wire of Kusto's 64-bit values: up to 19 digits and a sign
  assert.ok(h.some((x) => String(Math.abs(x)).length >= 17), h.join(", "));
  // with a mod: 0 … mod − 1, equal texts equal keys
  const m = runKql("T | project M = hash(C, 9007199254740992), S = hash(C, 7)", { T }).rows;
  assert.equal(m[0]!.M, m[1]!.M);
  assert.notEqual(m[0]!.M, m[2]!.M);
  for (const x of m) {
    assert.ok(Number.isSafeInteger(x.M) && (x.M as number) >= 0, String(x.M));
    assert.ok(Number.isInteger(x.S) && (x.S as number) >= 0 && (x.S as number) < 7, String(x.S));
  }
  // Kusto's documented values (xxhash64): hash("World") and hash("World", 100)
  const w = runKql('T | where Id == "1" | project W = hash("World"), W100 = hash("World", 100)', { T }).rows;
  assert.deepEqual(w, [{ W: Number(1846988464401551951n), W100: 51 }]);
  // extend sets columns in place on rows its pipeline made, never on a table's own rows
  runKql("T | project Id, C | extend C = 'changed' | extend C = 'again'", { T });
  runKql("T | extend C = 'changed'", { T });
  assert.deepEqual(T.rows.map((x) => x.C), ["x", "x", "", ""]);
});

Deno.test("anything outside the subset is refused with a Kusto-style error", () => {
  const cases: [string, "SyntaxError" | "SemanticError", RegExp][] = [
    ["T | take 1", "SyntaxError", /'take'.*not supported/],
    ["T | summarize make_set(Id)", "SemanticError", /aggregate 'make_set' not supported/],
    ["T | summarize X = arg_min(At, Id)", "SemanticError", /arg_min\(\) names its columns itself/],
    ["T | extend N = row_number()", "SemanticError", /serialized/],
    ["T | sort by Id asc | project N = row_number()", "SemanticError", /row_number/],
    ["T | sort by Id asc | where row_number() > 1", "SemanticError", /row_number/],
    ["T | lookup (T | project Id) on Id", "SemanticError", /one right row per key/],
    ["T | lookup (T | project Id, C) on Id", "SemanticError", /'C' is on both sides/],
    ["T | summarize arg_min(At, Id), arg_max(At, C)", "SemanticError", /column 'At' is produced twice/],
    ["T | project L = strlen(Id)", "SemanticError", /'strlen': function not supported/],
    ["T | project H = hash(At)", "SemanticError", /'hash': the local endpoint hashes strings only/],
    ["T | project Nope", "SemanticError", /Failed to resolve scalar expression named 'Nope'/],
    ["Nope | project Id", "SemanticError", /Failed to resolve table or column expression named 'Nope'/],
    ["T | join kind=inner T on Id", "SemanticError", /join kind 'inner' not supported/],
    ["T | where At > 'x'", "SemanticError", /Cannot compare values of types datetime and string/],
    ["T | project X = C.a", "SemanticError", /expected a dynamic value/],
    ["union T, U", "SemanticError", /column 'D' is dynamic in one branch and string in another/],
    ["T | where", "SyntaxError", /unexpected end of query/],
    [
      "T | project P = pack_array(Id, At)",
      "SemanticError",
      /'pack_array': the local endpoint packs no datetime/,
    ],
    ["T | project P = pack_array()", "SemanticError", /'pack_array': wrong number of arguments \(0\)/],
    ["T | project N = countof(Id, 'a', 'regex')", "SemanticError", /'countof': wrong number of arguments/],
    ["T | project X = extract_all('(a)(b)', Id)", "SemanticError", /at most one capture group/],
    ["T | project X = extract_all(C, Id)", "SemanticError", /literal regex/],
    ["T | project L = array_length(Id)", "SemanticError", /'array_length': expected a dynamic value/],
    ["T | project S = strcat_array(Id, ',')", "SemanticError", /'strcat_array': expected a dynamic array/],
    ["T | where Id == '1' #", "SyntaxError", /could not be parsed at '#'/],
  ];
  for (const [q, code, message] of cases) {
    assert.throws(
      () => runKql(q, { T, U }),
      (e) => e instanceof KqlError && e.code === code && message.test(e.message),
      q,
    );
  }
});

Deno.test("over HTTP a refused query is a 400 in the documented error shape", async () => {
  const s = await startLaServer({ tables: { T } });
  try {
    const res = await fetch(`${s.url}/v1/workspaces/w/query`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "T | take 1" }),
    });
    const body = await res.json();
    assert.equal(res.status, 400);
    assert.equal(body.error.code, "BadArgumentError");
    assert.equal(body.error.innererror.code, "SyntaxError");
  } finally {
    await s.close();
  }
});
