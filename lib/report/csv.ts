/**
 * CSV output safe for spreadsheets: RFC 4180 quoting (papaparse), CRLF line ends, and
 * formula-injection escaping — a field that starts with `=`, `+`, `-`, `@`, tab or CR gets a
 * leading `'` so Excel shows it as text instead of running it.
 *
 * @module
 */
// @ts-types="npm:@types/papaparse@5.5.2"
import Papa from "papaparse";

/** Characters that make a spreadsheet treat a cell as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV value: strings as-is, numbers/booleans printed, null/undefined empty, arrays joined with `;`. */
export type CsvValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Options of {@linkcode toCsv}. */
export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark so Excel opens the file as UTF-8. @default false */
  bom?: boolean;
}

function normalise(v: CsvValue): string | number | boolean {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(";");
  return v as string | number | boolean;
}

/**
 * One CSV record (no line end). Quotes fields containing `,`, `"`, CR or LF and escapes
 * formulas; negative numbers stay numbers.
 *
 * @example
 * ```ts
 * import { csvRecord } from "./csv.ts";
 * import assert from "node:assert/strict";
 * assert.equal(csvRecord(["=1+1", "a,b", -5, null, ["x", "y"]]), `"'=1+1","a,b",-5,,x;y`);
 * ```
 */
export function csvRecord(values: readonly CsvValue[]): string {
  return Papa.unparse([values.map(normalise)], {
    escapeFormulae: FORMULA_START,
    newline: "\r\n",
    header: false,
  });
}

/**
 * A whole CSV document: header line, one line per row, CRLF line ends, optional BOM.
 *
 * @example Round trip
 * ```ts
 * import { toCsv } from "./csv.ts";
 * import assert from "node:assert/strict";
 * const csv = toCsv(["UPN", "Name"], [["a@contoso.example", "line1\nline2"]]);
 * assert.equal(csv, 'UPN,Name\r\na@contoso.example,"line1\nline2"\r\n');
 * ```
 */
export function toCsv(
  headers: readonly string[],
  rows: readonly (readonly CsvValue[])[],
  options: CsvOptions = {},
): string {
  let out = options.bom ? "\uFEFF" : "";
  out += csvRecord(headers) + "\r\n";
  for (const r of rows) out += csvRecord(r) + "\r\n";
  return out;
}
