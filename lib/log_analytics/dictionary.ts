/**
 * Puts back the values a push-down query sent once (lib/log_analytics/kql.ts
 * `LA_DICTIONARY_PART`, `countedTuples`, `mergeDictionaryColumns`): rows with
 * `Part = "dictionary"` map `DictKey` (the workspace's `hash()` of a value, or its number) to
 * `DictValue`; every other row carries the key in the column. A result names them shorter on the
 * wire (`Part = "d"`, the key and value in the columns its branches share,
 * `COUNTED_SHARED_COLUMNS`): {@linkcode namedBack} names them back. A key with two values (a hash
 * collision) or a key the dictionary lacks refuses the whole result: a value is never read as
 * another. A tuple column's value (`LaTuple`) is the
 * JSON array of several columns' values: they are put back into those columns, exactly as the
 * result would have carried them (text, `true`/`false`, null), and the tuple column removed; an
 * array that is not one value per column refuses the result too.
 *
 * @module
 */
import { LaQueryError } from "./client.ts";
import type { SignInEventType } from "../classify/mod.ts";
import {
  COUNTED_DICTIONARY_SHARED,
  COUNTED_PART_SENT,
  COUNTED_SHARED_COLUMNS,
  countedSharedNames,
  countedTuples,
  LA_COUNTED_PARTS,
  LA_DICTIONARY_PART,
  type LaCountedPart,
  type LaCountingMode,
  type LaRowFilter,
  type LaSharedNames,
  type LaTuple,
  MERGE_PAIR_PREFIX,
  mergeDictionaryColumns,
  mergePairColumns,
  mergeSharedNames,
  mergeTuples,
} from "./kql.ts";
import { restoreStepTimes } from "./step_times.ts";

/** A result's rows with the dictionary's values put back. */
export interface DecodedRows {
  /** The rows other than the dictionary's, in their order, keyed columns holding their values. */
  rows: Record<string, unknown>[];
  /** Dictionary rows received. */
  dictionaryRows: number;
}

/** The parsed arrays of tuple texts seen (a text repeats across rows: parsed once). */
const PARSED = new Map<string, unknown[] | null>();

/** A tuple's text as its array (null for text that is not a JSON array). */
function arrayOf(text: string): unknown[] | null {
  let a = PARSED.get(text);
  if (a === undefined) {
    try {
      const v: unknown = JSON.parse(text);
      a = Array.isArray(v) ? v : null;
    } catch {
      a = null;
    }
    if (PARSED.size >= 50_000) PARSED.clear();
    PARSED.set(text, a);
  }
  return a;
}

/** Puts a tuple's values into their columns (the tuple column removed). */
function expandTuple(row: Record<string, unknown>, t: LaTuple): void {
  const v = row[t.column];
  // a dynamic value may arrive as its JSON text or parsed
  const a = Array.isArray(v) ? v : typeof v === "string" ? arrayOf(v) : null;
  if (a === null || a.length !== t.columns.length) {
    throw new LaQueryError(
      "shape",
      `A row's ${t.column} is not an array of ${t.columns.length} values (${t.columns.join(", ")})`,
    );
  }
  delete row[t.column];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    // nested values never come in a tuple (the query packs text, bools and numbers)
    if (x !== null && typeof x === "object") {
      throw new LaQueryError("shape", `A row's ${t.column} holds a nested value for ${t.columns[i]}`);
    }
    row[t.columns[i]!] = x;
  }
}

/** A key as the map's key: the service sends a `long` as a JSON number (text kept as is). */
function keyOf(v: unknown): string | null {
  return typeof v === "number" || typeof v === "string" ? String(v) : null;
}

/**
 * Splits a result into its dictionary and its rows, and puts the values back into the keyed
 * columns of the rows.
 *
 * @param rows the result's rows as objects
 * @param columns the keyed columns (a row may lack some: a part without them), or the keyed
 *   columns of a row
 * @param tuplesOf the tuples a row carries (keyed columns whose value is a JSON array of the
 *   values of `columns`), by its other values (e.g. its `Part`)
 * @returns the rows, decoded
 * @throws {LaQueryError} `shape` for a key with two values or without one, or a tuple that does
 *   not hold one value per column
 *
 * @example
 * ```ts
 * import { decodeDictionary } from "./dictionary.ts";
 * import assert from "node:assert/strict";
 * const r = decodeDictionary([
 *   { Part: "dictionary", DictKey: 7, DictValue: '{"errorCode":0}' },
 *   { Part: "user", Status: 7, SignIns: 3 },
 * ], ["Status"]);
 * assert.deepEqual(r.rows, [{ Part: "user", Status: '{"errorCode":0}', SignIns: 3 }]);
 * assert.throws(() => decodeDictionary([{ Part: "user", Status: 8 }], ["Status"]), /no value for key/);
 * const t = decodeDictionary([
 *   { Part: "dictionary", DictKey: -5, DictValue: '["ana@contoso.example",true,null]' },
 *   { Part: "user", UserTuple: -5, SignIns: 2 },
 * ], ["UserTuple"], () => [{ column: "UserTuple", columns: ["UserPrincipalName", "IsInteractive", "UserType"], keyed: true, keys: [] }]);
 * assert.deepEqual(t.rows, [{ Part: "user", SignIns: 2, UserPrincipalName: "ana@contoso.example", IsInteractive: true, UserType: null }]);
 * ```
 */
export function decodeDictionary(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[] | ((row: Readonly<Record<string, unknown>>) => readonly string[]),
  tuplesOf: (row: Readonly<Record<string, unknown>>) => readonly LaTuple[] = () => [],
): DecodedRows {
  const s = streamDecoded(rows, columns, tuplesOf);
  return { rows: [...s.rows], dictionaryRows: s.dictionaryRows };
}

/** A result's rows with the dictionary's values put back, each decoded as it is read. */
export interface DecodedStream {
  /** The rows other than the dictionary's, in their order (each pass decodes them again). */
  rows: Iterable<Record<string, unknown>>;
  /** Dictionary rows received. */
  dictionaryRows: number;
  /** Of the rows, those made from another row (a pair's second: not received), so far. */
  made?: number;
}

/**
 * {@linkcode decodeDictionary}, the rows decoded one at a time as they are read (a result of
 * many compact rows would otherwise be held expanded all at once): the dictionary is read first,
 * in a pass of its own.
 *
 * @param rows the result's rows as objects (read twice: the dictionary, then the rows)
 * @param columns the keyed columns, or the keyed columns of a row
 * @param tuplesOf the tuples a row carries
 * @returns the rows, decoded as they are read
 * @throws {LaQueryError} `shape` for a dictionary that cannot be read exactly (here), or a row
 *   (as it is read)
 */
export function streamDecoded(
  rows: Iterable<Record<string, unknown>>,
  columns: readonly string[] | ((row: Readonly<Record<string, unknown>>) => readonly string[]),
  tuplesOf: (row: Readonly<Record<string, unknown>>) => readonly LaTuple[] = () => [],
): DecodedStream {
  const keyedOf = typeof columns === "function" ? columns : () => columns;
  const values = new Map<string, unknown>();
  let dictionaryRows = 0;
  for (const o of rows) {
    if (o.Part !== LA_DICTIONARY_PART) continue;
    dictionaryRows++;
    const k = keyOf(o.DictKey);
    // a column a table lacks is empty text in Kusto (null in some renderings): one value, read
    // as absent either way
    const v = o.DictValue ?? "";
    if (k === null) {
      throw new LaQueryError("shape", `A dictionary row has DictKey ${typeof o.DictKey}, expected a number`);
    }
    if (values.has(k) && values.get(k) !== v) {
      throw new LaQueryError(
        "shape",
        "Two values share one dictionary key (a hash collision in the workspace): the result cannot be read exactly",
      );
    }
    values.set(k, v);
  }
  const decode = (o: Record<string, unknown>): Record<string, unknown> => {
    let d: Record<string, unknown> | null = null;
    for (const c of keyedOf(o)) {
      const raw = o[c];
      if (raw === undefined || raw === null) continue;
      const k = keyOf(raw);
      if (k === null || !values.has(k)) {
        throw new LaQueryError(
          "shape",
          // the key is shown only when it is a number (no server text reaches output)
          `A row's ${c} has no value for key${typeof raw === "number" ? ` ${raw}` : ""} in the dictionary`,
        );
      }
      d ??= { ...o };
      d[c] = values.get(k);
    }
    const { DictKey: _k, DictValue: _v, ...rest } = d ?? o;
    for (const t of tuplesOf(o)) {
      expandTuple(rest, t);
      // the array's JSON-text columns are keys too
      for (const c of t.keys) {
        const k = keyOf(rest[c]);
        if (k === null || !values.has(k)) {
          throw new LaQueryError(
            "shape",
            `A row's ${t.column} has a ${c} key without a value in the dictionary`,
          );
        }
        rest[c] = values.get(k);
      }
    }
    return rest;
  };
  return {
    dictionaryRows,
    rows: {
      *[Symbol.iterator]() {
        for (const o of rows) if (o.Part !== LA_DICTIONARY_PART) yield decode(o);
      },
    },
  };
}

/**
 * A counting result's row with its `Part` and its shared columns (lib/log_analytics/kql.ts
 * `COUNTED_PART_SENT`, `COUNTED_SHARED_COLUMNS`) named as its branch names them.
 *
 * @param o the row as received
 * @param sent its branch's part (none: `Part` kept) and the columns its shared ones stand for
 *   (none: an unknown part, passed on as it is and refused by the caller)
 * @returns the row, named back
 *
 * @example
 * ```ts
 * import { namedBack } from "./dictionary.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(namedBack({ Part: "d", Key: 3, Text: "a", SignIns: null }, { part: "dictionary", names: { Key: "DictKey", Text: "DictValue" } }), { Part: "dictionary", DictKey: 3, DictValue: "a", SignIns: null });
 * assert.deepEqual(namedBack({ Part: "p", Key: null, Text: "[]" }, { part: "places", names: { Text: "Facts" } }), { Part: "places", Facts: "[]" });
 * assert.deepEqual(namedBack({ Part: "x", Key: 1 }, undefined), { Part: "x", Key: 1 });
 * ```
 */
export function namedBack(
  o: Readonly<Record<string, unknown>>,
  sent: { part?: string; names: Readonly<LaSharedNames> } | undefined,
): Record<string, unknown> {
  if (sent === undefined) return { ...o };
  const out: Record<string, unknown> = {};
  for (const [c, v] of Object.entries(o)) {
    if (!(COUNTED_SHARED_COLUMNS as readonly string[]).includes(c)) out[c] = v;
  }
  if (sent.part !== undefined) out.Part = sent.part;
  for (const [s, c] of Object.entries(sent.names)) out[c] = o[s];
  return out;
}

/**
 * The counting query's result (lib/log_analytics/kql.ts `groupedSignInsQuery`) with its values put
 * back: each group's columns as the query read them (the tuples of its `Part` expanded).
 *
 * @param rows the result's rows as objects
 * @param eventTypes, mode, filter what the query was built for
 * @returns the rows, decoded as they are read
 * @throws {LaQueryError} `shape` for a result that cannot be read exactly
 */
export function decodeCountedRows(
  rows: Iterable<Record<string, unknown>>,
  eventTypes: readonly SignInEventType[],
  mode: LaCountingMode = "parts",
  filter: LaRowFilter = {},
): DecodedStream {
  const tuples = countedTuples(eventTypes, mode, filter);
  // each part's keyed tuple columns, found once (not per row)
  const keyed: Partial<Record<LaCountedPart, string[]>> = {};
  for (const [p, ts] of Object.entries(tuples)) {
    keyed[p as LaCountedPart] = ts!.filter((t) => t.keyed).map((t) => t.column);
  }
  const partOf = (o: Readonly<Record<string, unknown>>): LaCountedPart | null =>
    typeof o.Part === "string" && Object.hasOwn(tuples, o.Part) ? o.Part as LaCountedPart : null;
  // the parts and the shared columns named back (a row of an unknown part is passed on as it is:
  // refused later)
  const shared = new Map<unknown, { part: string; names: Readonly<LaSharedNames> }>([[
    COUNTED_PART_SENT.dictionary,
    { part: LA_DICTIONARY_PART, names: COUNTED_DICTIONARY_SHARED },
  ]]);
  for (const [p, ts] of Object.entries(tuples)) {
    const part = p as LaCountedPart;
    shared.set(COUNTED_PART_SENT[part], {
      part,
      names: countedSharedNames(ts!, LA_COUNTED_PARTS[part].eventIp),
    });
  }
  const named: Iterable<Record<string, unknown>> = {
    *[Symbol.iterator]() {
      for (const o of rows) yield namedBack(o, shared.get(o.Part));
    },
  };
  return streamDecoded(
    named,
    (o) => {
      const p = partOf(o);
      return p === null ? [] : keyed[p]!;
    },
    (o) => {
      const p = partOf(o);
      return p === null ? [] : tuples[p]!;
    },
  );
}

/**
 * The rows of the rows-to-merge result with each pair (lib/log_analytics/kql.ts `mergeRowsQuery`:
 * two rows alone under their correlation id and user, sent as one, the second's values in the
 * `Pair…` columns of {@linkcode mergePairColumns}) made two rows again, as the workspace holds
 * them but for their correlation id, which is not sent: they get one of their own (a NUL, the first
 * row's time, a NUL and the pair's number in the result: no sign-in's, and no other pair's, as
 * results cover distinct times), shared by the two and no other row, so the merge folds the two
 * exactly as it would under their own. The second row comes in time order: held until a row dated later
 * comes (or the result ends), so the merge sees the rows in the order of the workspace's.
 *
 * @param rows the result's rows as objects (dictionary rows passed on as they are)
 * @param pair the columns a pair's second row has of its own ({@linkcode mergePairColumns})
 * @param made told each row made (a pair's second)
 * @returns the rows, each pair as two
 *
 * @example
 * ```ts
 * import { pairsMadeTwo } from "./dictionary.ts";
 * import assert from "node:assert/strict";
 * const rows = [...pairsMadeTwo([
 *   { CreatedDateTime: "2026-11-20T10:00:00Z", OutcomeTuple: 1, IPAddress: "192.0.2.1", PairCreatedDateTime: "2026-11-20T10:00:30Z", PairOutcomeTuple: 2 },
 *   { CreatedDateTime: "2026-11-20T10:00:10Z", OutcomeTuple: 3, IPAddress: "192.0.2.9", PairCreatedDateTime: null, PairOutcomeTuple: null },
 * ], ["CreatedDateTime", "OutcomeTuple"])];
 * assert.deepEqual(rows.map((r) => [r.CreatedDateTime, r.OutcomeTuple, r.IPAddress]), [
 *   ["2026-11-20T10:00:00Z", 1, "192.0.2.1"], ["2026-11-20T10:00:10Z", 3, "192.0.2.9"], ["2026-11-20T10:00:30Z", 2, "192.0.2.1"],
 * ]);
 * assert.equal(rows[0]!.CorrelationId, rows[2]!.CorrelationId);
 * assert.equal("PairOutcomeTuple" in rows[1]!, false);
 * ```
 */
export function* pairsMadeTwo(
  rows: Iterable<Record<string, unknown>>,
  pair: readonly string[],
  made: () => void = () => {},
): Generator<Record<string, unknown>> {
  let pairs = 0;
  const seconds = pair.map((c) => `${MERGE_PAIR_PREFIX}${c}`);
  const timeOf = (v: unknown) => typeof v === "string" ? Date.parse(v) : NaN;
  // second rows not yet given, earliest first
  const held: { at: number; row: Record<string, unknown> }[] = [];
  for (const o of rows) {
    if (o.Part === LA_DICTIONARY_PART) {
      yield o;
      continue;
    }
    // rows dated before this one (all of them before a row without a time)
    const at = timeOf(o.CreatedDateTime);
    while (held.length > 0 && !(held[0]!.at >= at)) yield held.shift()!.row;
    const paired = o[seconds[0]!] !== null && o[seconds[0]!] !== undefined;
    const first: Record<string, unknown> = { ...o };
    for (const c of seconds) delete first[c];
    if (!paired) {
      yield first;
      continue;
    }
    const second: Record<string, unknown> = { ...first };
    pair.forEach((c, i) => second[c] = o[seconds[i]!]);
    first.CorrelationId = second.CorrelationId = `\u0000${first.CreatedDateTime}\u0000${++pairs}`;
    made();
    yield first;
    const t = timeOf(second.CreatedDateTime);
    let i = held.length;
    while (i > 0 && !(held[i - 1]!.at <= t)) i--;
    held.splice(i, 0, { at: t, row: second });
  }
  for (const h of held) yield h.row;
}

/**
 * The rows-to-merge query's result (lib/log_analytics/kql.ts `mergeRowsQuery`) with its values put
 * back: each row's columns as the workspace holds them (tuples expanded, step times put back, a
 * pair made two rows: {@linkcode pairsMadeTwo}).
 *
 * @param rows the result's rows as objects
 * @param eventTypes, filter what the query was built for
 * @returns the rows, decoded as they are read
 * @throws {LaQueryError} `shape` for a result that cannot be read exactly
 */
export function decodeMergeRows(
  rows: Iterable<Record<string, unknown>>,
  eventTypes: readonly SignInEventType[],
  filter: LaRowFilter = {},
): DecodedStream {
  const tuples = mergeTuples(eventTypes, filter);
  const pair = mergePairColumns(eventTypes, filter);
  // the dictionary's part and each branch's shared columns named back
  const dictionary = { part: LA_DICTIONARY_PART, names: COUNTED_DICTIONARY_SHARED };
  const row = { names: mergeSharedNames(eventTypes, filter) };
  const named: Iterable<Record<string, unknown>> = {
    *[Symbol.iterator]() {
      for (const o of rows) yield namedBack(o, o.Part === COUNTED_PART_SENT.dictionary ? dictionary : row);
    },
  };
  // the dictionary's pass reads the rows as received (it reads only dictionary rows, which
  // pairsMadeTwo passes on as they are); the rows' pass makes each pair two rows
  let made = 0, passes = 0;
  const decoded = streamDecoded(
    {
      [Symbol.iterator]: () =>
        passes++ === 0 ? named[Symbol.iterator]() : pairsMadeTwo(named, pair, () => made++),
    },
    mergeDictionaryColumns(eventTypes, filter),
    () => tuples,
  );
  return {
    dictionaryRows: decoded.dictionaryRows,
    get made() {
      return made;
    },
    rows: {
      *[Symbol.iterator]() {
        for (const o of decoded.rows) {
          if ("StepTimes" in o) {
            o.AuthenticationDetails = restoreStepTimes(o.AuthenticationDetails, o.StepTimes);
            delete o.StepTimes;
          }
          yield o;
        }
      },
    },
  };
}
