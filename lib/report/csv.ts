/**
 * CSV output safe for spreadsheets: RFC 4180 quoting (papaparse), CRLF line ends, and
 * formula-injection escaping — a field that starts with `=`, `+`, `-`, `@`, tab or CR gets a
 * leading `'` so Excel shows it as text instead of running it. Bidi overrides, zero-width and
 * other invisible characters, and control characters other than tab and line breaks, are
 * written as `\u202E`-style text (a spreadsheet would hide them, a terminal would act on them);
 * a line inside a quoted cell cannot start a CI command (`::`, `##vso[`).
 *
 * @module
 */
// @ts-types="npm:@types/papaparse@5.5.2"
import Papa from "papaparse";
import { escapeInvisible, neutraliseCommands, visibleEscape } from "../cli/safe_text.ts";

/** Characters that make a spreadsheet treat a cell as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV value: strings as-is, numbers/booleans printed, null/undefined empty, arrays joined with `;`. */
export type CsvValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Options of {@linkcode toCsv}. */
export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark so Excel opens the file as UTF-8. @default false */
  bom?: boolean;
}

// deno-lint-ignore no-control-regex
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Text made safe for a CSV cell: invisible and control characters (except tab and line
 * breaks, which quoting keeps) as `\u202E`-style text; each physical line of a multi-line
 * value is neutralised against CI commands like a line of plain text.
 */
function cellText(text: string): string {
  return escapeInvisible(text.replace(CONTROL_BUT_LINE_BREAKS, visibleEscape))
    .split(/(\r\n|\n|\r)/).map((part, i) => (i % 2 === 0 ? neutraliseCommands(part) : part)).join("");
}

function normalise(v: CsvValue): string | number | boolean {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return cellText(v.join(";"));
  return typeof v === "string" ? cellText(v) : v as number | boolean;
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
