/**
 * Every KQL text the toolkit can send is parsed and semantically checked by Microsoft's Kusto
 * language service (`@kusto/language-service-next`, the Bridge.NET build, loaded under Deno)
 * against the four sign-in tables' documented schemas (testdata/log_analytics/table_schemas.json,
 * copied from the Azure Monitor table reference): no diagnostics allowed. The same queries run on
 * the local endpoint's interpreter, and the report columns are checked against the schemas.
 */
import assert from "node:assert/strict";
import "@kusto/language-service-next/bridge.min.js";
import "@kusto/language-service-next/Kusto.Language.Bridge.min.js";
import type { SignInEventType } from "../classify/mod.ts";
import { LA_REPORT_COLUMNS, LA_SIGNIN_TABLES } from "./schema.ts";
import { decodeCountedRows, decodeMergeRows } from "./dictionary.ts";
import {
  COUNTED_PART_SENT,
  countedTuples,
  groupedSignInsQuery,
  kqlString,
  type LaCountingMode,
  type LaRowFilter,
  mergeRowsQuery,
  mergeSharedNames,
  mergeTuples,
} from "./kql.ts";
import { laRows, laTables, runKql } from "../../dev/la_server/mod.ts";
import { generateSampleTenant } from "../../dev/sample/mod.ts";

interface Schemas {
  tables: Record<string, { name: string; type: string }[]>;
}
const schemas: Schemas = JSON.parse(
  await Deno.readTextFile(new URL("../../testdata/log_analytics/table_schemas.json", import.meta.url)),
);

// The Bridge.NET bundle defines the global `Kusto` (no ES exports).
// deno-lint-ignore no-explicit-any
const K = (globalThis as any).Kusto.Language;
const S = K.Symbols;
const SCALAR: Record<string, unknown> = {
  string: S.ScalarTypes.String,
  datetime: S.ScalarTypes.DateTime,
  bool: S.ScalarTypes.Bool,
  long: S.ScalarTypes.Long,
  real: S.ScalarTypes.Real,
  dynamic: S.ScalarTypes.Dynamic,
};

function globalsOf(tables: Record<string, { name: string; type: string }[]>) {
  const symbols = Object.entries(tables).map(([name, cols]) =>
    new S.TableSymbol.$ctor4(name, cols.map((c) => new S.ColumnSymbol(c.name, SCALAR[c.type])))
  );
  const db = new S.DatabaseSymbol.ctor("workspace", symbols);
  return K.GlobalState.Default.WithCluster(new S.ClusterSymbol.ctor("la", [db])).WithDatabase(db);
}

const GLOBALS = globalsOf(schemas.tables);

/** The language service's diagnostics and result columns for a query. */
function analyze(query: string): { diagnostics: string[]; columns: string[] } {
  const code = K.KustoCode.ParseAndAnalyze(query, GLOBALS);
  const d = code.GetDiagnostics();
  const diagnostics: string[] = [];
  for (let i = 0; i < d.Count; i++) {
    const x = d.getItem(i);
    diagnostics.push(`${x.Severity} ${x.Code}: ${x.Message}`);
  }
  const columns: string[] = [];
  const rt = code.ResultType;
  if (rt !== null && rt.Columns !== undefined) {
    for (let i = 0; i < rt.Columns.Count; i++) columns.push(rt.Columns.getItem(i).Name);
  }
  return { diagnostics, columns };
}

const TYPES: SignInEventType[] = [
  "interactiveUser",
  "nonInteractiveUser",
  "servicePrincipal",
  "managedIdentity",
];
/** Every non-empty set of event types: every query shape the toolkit can send. */
const SUBSETS = Array.from({ length: 15 }, (_, m) => TYPES.filter((_, i) => (m + 1) & (1 << i)));
const SLICE = { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-20T00:00:00Z") };
const HALF = { from: new Date("2026-11-19T12:00:00Z"), to: SLICE.to };
const WINDOW = { from: new Date("2026-11-17T00:00:00Z"), to: SLICE.to };

Deno.test("the documented schemas hold the four tables with their documented column counts", () => {
  assert.deepEqual(
    Object.fromEntries(Object.entries(schemas.tables).map(([t, c]) => [t, c.length])),
    {
      SigninLogs: 97,
      AADNonInteractiveUserSignInLogs: 86,
      AADServicePrincipalSignInLogs: 46,
      AADManagedIdentitySignInLogs: 47,
    },
  );
});

Deno.test("the report columns exist in each table with the documented type", () => {
  for (const t of LA_SIGNIN_TABLES) {
    const doc = new Map(schemas.tables[t]!.map((c) => [c.name, c.type]));
    for (const [name, type] of Object.entries(LA_REPORT_COLUMNS[t])) {
      assert.equal(doc.get(name), type, `${t}.${name}`);
    }
  }
});

const MODES: LaCountingMode[] = ["parts", "whole"];

/** `--user` / `--app` values that would change a query that pasted them in unescaped. */
const HOSTILE = {
  user: 'x@contoso.example" or UserId != "',
  app: 'Office\\" or 1 == 1 or AppId == h"',
} as const;

/** Filters: none, the user (when a table names users), the app, both. */
function filtersOf(types: readonly SignInEventType[]): LaRowFilter[] {
  const users = types.some((t) => t === "interactiveUser" || t === "nonInteractiveUser");
  return [{}, { app: HOSTILE.app }, ...(users ? [{ user: HOSTILE.user }, { ...HOSTILE }] : [])];
}

/**
 * Every query text the toolkit can send: the counting query of a slice in both modes and the
 * merge query, for every set of event types, with and without `--user` / `--app`.
 */
const QUERIES: {
  types: SignInEventType[];
  filter: LaRowFilter;
  kind: string;
  text: string;
  share?: boolean;
}[] = SUBSETS.flatMap((types) =>
  filtersOf(types).flatMap((filter) => [
    ...MODES.map((mode) => ({
      types,
      filter,
      kind: `grouped-${mode}`,
      text: groupedSignInsQuery(types, SLICE, mode, filter),
    })),
    { types, filter, kind: "merge", text: mergeRowsQuery(types, SLICE, filter) },
    // the rows of a part of the slice
    { types, filter, kind: "merge", text: mergeRowsQuery(types, SLICE, filter, HALF) },
    // a slice of a longer window (copies looked for over the window)
    { types, filter, kind: "merge", text: mergeRowsQuery(types, SLICE, filter, HALF, WINDOW) },
    {
      types,
      filter,
      kind: "grouped-parts",
      text: groupedSignInsQuery(types, SLICE, "parts", filter, WINDOW),
    },
    // a user share of the slice, of a slice of a longer window, and over part of the slice (a
    // share may hold no row of a small sample)
    ...MODES.map((mode) => ({
      types,
      filter,
      kind: `grouped-${mode}`,
      share: true,
      text: groupedSignInsQuery(types, SLICE, mode, filter, SLICE, { k: 1, n: 2 }),
    })),
    {
      types,
      filter,
      kind: "grouped-parts",
      share: true,
      text: groupedSignInsQuery(types, SLICE, "parts", filter, WINDOW, { k: 0, n: 2 }, HALF),
    },
  ])
);

Deno.test("the language service finds no error in any query the toolkit sends", () => {
  for (const { types, kind, text, filter } of QUERIES) {
    const { diagnostics, columns } = analyze(text);
    assert.deepEqual(diagnostics, [], `${kind} ${types.join(",")}:\n${text}`);
    // --user leaves out the tables that name no user
    const read = filter.user === undefined ? types : types.filter((t) => t.endsWith("User"));
    // one column per name: no `Status_string` / `Status_dynamic` split from mismatched union types
    const report = new Set(
      read.flatMap((e) => Object.keys(LA_REPORT_COLUMNS[LA_SIGNIN_TABLES[TYPES.indexOf(e)]!])),
    );
    const steps = report.has("AuthenticationDetails");
    const expected = kind === "merge"
      ? new Set([
        "Id",
        "CorrelationId",
        "CreatedDateTime",
        ...(steps ? ["AuthenticationDetails", "StepTimes"] : []),
        // shared by the rows and the dictionary: the user's key or the dictionary's, the IP
        // address or the dictionary's value
        "Key",
        "Text",
        "OutcomeTuple",
        "FactsTuple",
        // a pair's second row's own values
        "PairCreatedDateTime",
        "PairOutcomeTuple",
        ...(steps ? ["PairAuthenticationDetails", "PairStepTimes"] : []),
        "Part",
      ])
      : new Set([
        // shared by the branches: the user's key or the dictionary's, the failure's IP address,
        // a part's tuple as text or the dictionary's value
        "Key",
        "Text",
        "AppTuple",
        "FactsTuple",
        "SignIns",
        "FirstTime",
        "LastTime",
        "Part",
      ]);
    assert.deepEqual(new Set(columns), expected, `${kind} ${types.join(",")}`);
    // every report column travels: as it is, or in exactly one tuple of a part
    const travels = kind === "merge"
      ? [
        ...mergeTuples(types, filter).flatMap((t) => t.columns),
        ...columns,
        ...Object.values(mergeSharedNames(types, filter)),
      ]
      : Object.values(countedTuples(types, kind === "grouped-whole" ? "whole" : "parts", filter)).flatMap((
        ts,
      ) => ts!.flatMap((t) => t.columns));
    for (const c of report) {
      if (kind !== "merge" && ["Id", "CorrelationId", "CreatedDateTime", "IPAddress"].includes(c)) continue;
      assert.ok(travels.includes(c), `${kind} ${types.join(",")}: ${c}`);
    }
  }
});

Deno.test("the language-service check is not vacuous", () => {
  const cases: [string, RegExp][] = [
    ["SigninLogs | project Nope", /KS142/],
    ["SigninLogs | wher Id", /KS176|KS005/],
    ["AADServicePrincipalSignInLogs | project UserPrincipalName", /KS142/],
    // the string column of the non-interactive table against SigninLogs' dynamic column splits
    ["union SigninLogs, AADNonInteractiveUserSignInLogs | project Status", /KS142/],
  ];
  for (const [q, re] of cases) assert.match(analyze(q).diagnostics.join("\n"), re, q);
});

Deno.test("the local endpoint's interpreter runs every query the toolkit sends", () => {
  const tables = laTables(laRows(generateSampleTenant({ users: 30, days: 2, now: SLICE.to }).signIns));
  const inSlice = (t: number) => t >= SLICE.from.getTime() && t < SLICE.to.getTime();
  for (const { types, kind, text, filter, share } of QUERIES) {
    const r = runKql(text, tables);
    // the dictionary's values come back with the rows that name them
    r.rows = kind === "merge"
      ? [...decodeMergeRows(r.rows, types, filter).rows]
      : [...decodeCountedRows(r.rows, types, kind === "grouped-whole" ? "whole" : "parts", filter).rows];
    if (kind.startsWith("grouped")) {
      // no sample row has the hostile values
      if (share !== true || Object.keys(filter).length > 0) {
        assert.equal(r.rows.length > 0, Object.keys(filter).length === 0, types.join(","));
      }
      const times = r.rows.flatMap((x) => [
        Date.parse(String(x.FirstTime)),
        Date.parse(String(x.LastTime ?? x.FirstTime)),
      ]);
      assert.ok(times.every(inSlice));
    } else {
      const times = r.rows.map((x) => Date.parse(String(x.CreatedDateTime)));
      assert.ok(times.every((t, i) => inSlice(t) && (i === 0 || t >= times[i - 1]!)));
    }
  }
});

Deno.test("a counting result's rows carry no column only another branch fills, and read back exactly", () => {
  const tables = laTables(laRows(generateSampleTenant({ users: 30, days: 2, now: SLICE.to }).signIns));
  let merged = 0;
  for (const types of SUBSETS) {
    for (const mode of MODES) {
      const r = runKql(groupedSignInsQuery(types, SLICE, mode), tables);
      const counted = r.rows.filter((x) => x.Part !== COUNTED_PART_SENT.dictionary);
      assert.ok(counted.length > 0 && counted.length < r.rows.length, types.join(","));
      // a keyed part's group: a null only where its last time is its first
      for (
        const x of counted.filter((x) => x.Part === COUNTED_PART_SENT[mode === "whole" ? "whole" : "user"])
      ) {
        const nulls = Object.entries(x).filter(([, v]) => v === null || v === undefined).map(([c]) => c);
        assert.deepEqual(nulls.filter((c) => c !== "LastTime"), [], `${types.join(",")} ${mode}`);
      }
      // the dictionary in the shared columns (a column a table lacks: null)
      const dictionary = r.rows.filter((x) => x.Part === COUNTED_PART_SENT.dictionary);
      assert.ok(
        dictionary.every((x) => typeof x.Key === "number" && (typeof x.Text === "string" || x.Text === null)),
      );
      assert.ok(dictionary.length > 0);
      // named back: no shared column left, each group's values put back
      const decoded = [...decodeCountedRows(r.rows, types, mode).rows];
      assert.equal(decoded.length, counted.length);
      for (const x of decoded) {
        assert.ok(!("Key" in x) && !("Text" in x), JSON.stringify(x));
        if (x.Part === "user" || x.Part === "whole") assert.equal(typeof x.EventIp, "string");
        const tuples = countedTuples(types, mode)[x.Part as "places"] ?? [];
        for (const c of tuples.flatMap((t) => t.columns)) assert.ok(c in x, `${x.Part}: ${c}`);
      }
    }
    // the rows to merge: a row's user key and IP address and the dictionary's share two columns
    const m = runKql(mergeRowsQuery(types, SLICE), tables);
    const rows = m.rows.filter((x) => x.Part !== COUNTED_PART_SENT.dictionary);
    merged += rows.length;
    assert.ok(rows.every((x) => typeof x.Text === "string" && !("IPAddress" in x)));
    const back = [...decodeMergeRows(m.rows, types).rows];
    assert.ok(back.length >= rows.length);
    for (const x of back) {
      assert.ok(!("Key" in x) && !("Text" in x) && typeof x.IPAddress === "string", JSON.stringify(x));
    }
  }
  assert.ok(merged > 0);
});

Deno.test("the counting query drops the step members the report does not read, whatever their text", () => {
  const details = [{
    authenticationStepDateTime: "2026-11-19T10:00:00Z",
    authenticationMethod: "Mobile app notification",
    authenticationMethodDetail: 'say "yes" \\ or \\"no\\"',
    succeeded: true,
    authenticationStepResultDetail: 'MFA "completed"',
    authenticationStepRequirement: "Multifactor authentication",
    RequestSequence: 1763546400123,
    StatusSequence: -1,
  }];
  const row = (id: string, at: string) => ({
    Id: id,
    CorrelationId: `c-${id}`,
    CreatedDateTime: at,
    TimeGenerated: at,
    Type: "SigninLogs",
    UserId: "00000000-0000-4000-8000-000000000001",
    ResultType: "0",
    AuthenticationDetails: JSON.stringify(details.map((d) => ({ ...d, authenticationStepDateTime: at }))),
  });
  const tables = laTables({
    SigninLogs: [row("a", "2026-11-19T10:00:00Z"), row("b", "2026-11-19T11:00:00Z")],
    AADNonInteractiveUserSignInLogs: [],
    AADServicePrincipalSignInLogs: [],
    AADManagedIdentitySignInLogs: [],
  });
  const counted = (t: typeof tables) => [
    ...decodeCountedRows(runKql(groupedSignInsQuery(["interactiveUser"], SLICE), t).rows, ["interactiveUser"])
      .rows,
  ];
  const user = counted(tables).filter((r) => r.Part === "user");
  assert.equal(
    user.length,
    1,
    "two sign-ins differing only in step values the report does not read: one group",
  );
  assert.equal(user[0]!.SignIns, 2);
  assert.deepEqual(JSON.parse(String(user[0]!.AuthenticationDetails)), [{
    authenticationMethod: "Mobile app notification",
    succeeded: true,
    authenticationStepResultDetail: 'MFA "completed"',
  }]);
  // last and sole members go with their comma
  const last = laTables({
    SigninLogs: [{
      ...row("c", "2026-11-19T12:00:00Z"),
      AuthenticationDetails: '[{"authenticationMethod":"Password","succeeded":true,"StatusSequence":0},' +
        '{"authenticationStepDateTime":"2026-11-19T12:00:00Z"}]',
    }],
    AADNonInteractiveUserSignInLogs: [],
    AADServicePrincipalSignInLogs: [],
    AADManagedIdentitySignInLogs: [],
  });
  const u = counted(last).find((r) => r.Part === "user")!;
  assert.deepEqual(JSON.parse(String(u.AuthenticationDetails)), [{
    authenticationMethod: "Password",
    succeeded: true,
  }, {}]);
});

Deno.test("--user and --app match their value exactly (case aside), whatever it holds", () => {
  const at = "2026-11-19T10:00:00Z";
  const row = (id: string, upn: string, app: string) => ({
    Id: id,
    CorrelationId: `c-${id}`,
    CreatedDateTime: at,
    TimeGenerated: at,
    Type: "SigninLogs",
    UserPrincipalName: upn,
    UserId: `00000000-0000-4000-8000-00000000000${id}`,
    AppDisplayName: app,
    AppId: "00000000-0000-4000-8000-0000000000a1",
    ResultType: "0",
  });
  const tables = laTables({
    SigninLogs: [
      row("1", HOSTILE.user, "Teams"),
      row("2", "x@contoso.example", HOSTILE.app),
      row("3", "y@contoso.example", "Office"),
      row("4", 'X@CONTOSO.example" OR UserId != "', "Office"),
    ],
    AADNonInteractiveUserSignInLogs: [],
    AADServicePrincipalSignInLogs: [{ ...row("5", "", "Office"), Type: "AADServicePrincipalSignInLogs" }],
    AADManagedIdentitySignInLogs: [],
  });
  const ids = (filter: LaRowFilter, types: SignInEventType[] = TYPES) =>
    runKql(mergeRowsQuery(types, SLICE, filter).replace(/\| join kind=leftanti \(Single[^\n]*\n/, ""), tables)
      // (a row seen once comes without its id: named by its correlation id, c-<id>)
      .rows.filter((r) => r.Part !== COUNTED_PART_SENT.dictionary).map((r) =>
        String(r.CorrelationId).slice(2)
      ).sort();
  assert.deepEqual(ids({}), ["1", "2", "3", "4", "5"]);
  assert.deepEqual(ids({ user: HOSTILE.user }), ["1", "4"], "its own row and the one differing in case only");
  assert.deepEqual(ids({ app: HOSTILE.app }), ["2"]);
  assert.deepEqual(ids({ user: HOSTILE.user, app: "teams" }), ["1"]);
  assert.deepEqual(ids({ user: '"' }), []);
  assert.deepEqual(ids({ user: "\\" }), []);
  assert.deepEqual(ids({ app: "00000000-0000-4000-8000-0000000000A1" }, ["servicePrincipal"]), ["5"]);
  assert.throws(
    () => mergeRowsQuery(["servicePrincipal"], SLICE, { user: "x@contoso.example" }),
    /name no user/,
  );
  assert.throws(
    () => mergeRowsQuery(TYPES, SLICE, { user: "x@contoso.example\n| take 1" }),
    /control character/,
  );
});

Deno.test("the language service reads every pushed-down value back as exactly one string literal of that value", () => {
  const values = [
    HOSTILE.user,
    HOSTILE.app,
    '"',
    "\\",
    '\\"',
    "'",
    "h'x'",
    "a // comment",
    "| take 1",
    "); drop",
    "Ünïcödé 名前 😀",
  ];
  for (const v of values) {
    const code = K.KustoCode.Parse(`print ${kqlString(v)}`);
    const first = code.Syntax.GetFirstToken();
    const literal = first.GetNextToken();
    assert.equal(first.Text, "print", v);
    assert.equal(literal.GetNextToken()?.Text ?? "", "", `${v}: one token after print`);
    assert.equal(literal.Parent.LiteralValue, v);
    assert.deepEqual(analyze(`print ${kqlString(v)}`).diagnostics, [], v);
  }
});

Deno.test("copies of one id days apart, in different slices, both come back as rows to merge", () => {
  const row = (id: string, at: string) => ({
    Id: id,
    CorrelationId: `c-${id}`,
    CreatedDateTime: at,
    TimeGenerated: at,
    Type: "SigninLogs",
    UserPrincipalName: "ana@contoso.example",
    ResultType: "0",
  });
  const tables = laTables({
    SigninLogs: [
      row("dup", "2026-11-17T10:00:00Z"),
      row("dup", "2026-11-19T10:00:00Z"),
      row("one", "2026-11-19T11:00:00Z"),
    ],
    AADNonInteractiveUserSignInLogs: [],
    AADServicePrincipalSignInLogs: [],
    AADManagedIdentitySignInLogs: [],
  });
  const slices = [{ from: WINDOW.from, to: new Date("2026-11-18T12:00:00Z") }, {
    from: new Date("2026-11-18T12:00:00Z"),
    to: WINDOW.to,
  }];
  const merged = slices.flatMap((s) =>
    runKql(mergeRowsQuery(["interactiveUser"], s, {}, s, WINDOW), tables).rows.filter((r) =>
      r.Part !== COUNTED_PART_SENT.dictionary
    )
      .map((r) => r.Id)
  );
  const counted = slices.flatMap((s) =>
    runKql(groupedSignInsQuery(["interactiveUser"], s, "parts", {}, WINDOW), tables).rows
      .filter((r) => r.Part === COUNTED_PART_SENT.user).map((r) => r.SignIns)
  );
  assert.deepEqual(merged, ["dup", "dup"], "both copies go to the merge, which keeps one");
  assert.deepEqual(counted, [1], "the other sign-in is counted");
});
