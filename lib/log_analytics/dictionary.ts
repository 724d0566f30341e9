/**
 * Puts back the values a push-down query sent once (lib/log_analytics/kql.ts
 * `COUNTED_DICTIONARY_COLUMNS`, `MERGE_DICTIONARY_COLUMNS`): rows with `Part = "dictionary"` map
 * `DictKey` (the workspace's `hash()` of a value) to `DictValue`; every other row carries the key
 * in the column. A key with two values (a hash collision) or a key the dictionary lacks refuses
 * the whole result: a value is never read as another.
 *
 * @module
 */
import { LaQueryError } from "./client.ts";
import { LA_DICTIONARY_PART } from "./kql.ts";

/** A result's rows with the dictionary's values put back. */
export interface DecodedRows {
  /** The rows other than the dictionary's, in their order, keyed columns holding their values. */
  rows: Record<string, unknown>[];
  /** Dictionary rows received. */
  dictionaryRows: number;
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
 * @param columns the keyed columns (a row may lack some: a part without them)
 * @returns the rows, decoded
 * @throws {LaQueryError} `shape` for a key with two values or without one
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
 * ```
 */
export function decodeDictionary(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): DecodedRows {
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
  const out: Record<string, unknown>[] = [];
  for (const o of rows) {
    if (o.Part === LA_DICTIONARY_PART) continue;
    let d: Record<string, unknown> | null = null;
    for (const c of columns) {
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
    out.push(rest);
  }
  return { rows: out, dictionaryRows };
}
