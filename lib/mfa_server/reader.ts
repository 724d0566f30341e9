/**
 * Streaming reader for MFA Server authentication activity exports: the downloadable CSV
 * report and similar exports (any column order, several languages, `,` `;` tab or `|`
 * delimited, UTF-8 or UTF-16), or a plain list of call-result codes, one per line.
 *
 * The reader yields one `header` record per file, then a `row` per data line and a `bad`
 * record per line it cannot use; it never holds the file in memory.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { classifyMfaServerCallResult } from "../classify/mfa_server_call_result.ts";
import { locateMfaServerColumns, type MfaServerColumn, type MfaServerColumnMap } from "./columns.ts";
import { type CsvDelimiter, type CsvRecord, parseCsvRecords } from "../io/csv_records.ts";
import { decodeText, type TextEncodingName } from "../io/decode.ts";
import { openInput } from "../io/open.ts";
import { type MfaServerTimestamp, parseMfaServerTimestamp } from "./timestamp.ts";

/** How a file was read. */
export type MfaServerInputFormat = "csv" | "codeList";

/** Describes one input file; yielded before its rows. */
export interface MfaServerHeaderRecord {
  /** Always `"header"`. */
  kind: "header";
  /** The file name as given. */
  file: string;
  /** CSV export or plain list of codes. */
  format: MfaServerInputFormat;
  /** Text encoding detected. */
  encoding: TextEncodingName;
  /** Field delimiter (CSV only). */
  delimiter?: CsvDelimiter;
  /** The header used for each column found (CSV only). */
  columns: { [K in MfaServerColumn]?: string };
}

/** One data line. Optional fields are absent when the column is missing or the cell empty. */
export interface MfaServerRowRecord {
  /** Always `"row"`. */
  kind: "row";
  /** The file name as given. */
  file: string;
  /** 1-based line the row starts on. */
  line: number;
  /** The call-result cell, trimmed (classify it with `classifyMfaServerCallResult`). */
  callResult: string;
  /** The user cell. */
  user?: string;
  /** The date (and time) cells, parsed. */
  timestamp: MfaServerTimestamp;
  /** The authentication type cell. */
  method?: string;
  /** The application cell. */
  application?: string;
  /** The IP address cell. */
  ip?: string;
  /** The phone cell. */
  phone?: string;
}

/** A data line that could not be used, and why. */
export interface MfaServerBadRecord {
  /** Always `"bad"`. */
  kind: "bad";
  /** The file name as given. */
  file: string;
  /** 1-based line the record starts on. */
  line: number;
  /** What is wrong, e.g. `"empty call result"`. */
  reason: string;
}

/** What {@linkcode readMfaServerActivity} yields. */
export type MfaServerRecord = MfaServerHeaderRecord | MfaServerRowRecord | MfaServerBadRecord;

/** Options of {@linkcode readMfaServerActivity}. */
export interface ReadMfaServerOptions {
  /** File name as the user gave it, for records and error messages. */
  file: string;
}

const CODE_SHAPE = /^[A-Za-z]+(?:_[A-Za-z0-9]+)+$/;

function isBlank(r: CsvRecord): boolean {
  return r.fields.every((f) => f.trim() === "");
}

/** True when a first line looks like a call-result code rather than a header. */
function looksLikeCode(r: CsvRecord): boolean {
  const nonEmpty = r.fields.filter((f) => f.trim() !== "");
  if (nonEmpty.length !== 1 || r.fields[0]!.trim() === "") return false;
  const v = nonEmpty[0]!.trim();
  return CODE_SHAPE.test(v) || classifyMfaServerCallResult(v).kind === "known";
}

function cell(r: CsvRecord, map: MfaServerColumnMap, column: MfaServerColumn): string | undefined {
  const pos = map[column];
  if (pos === undefined) return undefined;
  const v = r.fields[pos.index]?.trim();
  return v === undefined || v === "" ? undefined : v;
}

function toRow(file: string, r: CsvRecord, map: MfaServerColumnMap): MfaServerRowRecord | MfaServerBadRecord {
  const pos = map.callResult!;
  if (r.fields.length <= pos.index) {
    return {
      kind: "bad",
      file,
      line: r.line,
      reason: `row has ${r.fields.length} field(s); the call-result column ${
        JSON.stringify(pos.header)
      } is field ${pos.index + 1}`,
    };
  }
  const callResult = r.fields[pos.index]!.trim();
  if (callResult === "") return { kind: "bad", file, line: r.line, reason: "empty call result" };
  const date = cell(r, map, "date");
  const time = cell(r, map, "time");
  let when = date ?? time ?? "";
  if (date !== undefined && time !== undefined && !/\d:\d/.test(date)) when = `${date} ${time}`;
  const row: MfaServerRowRecord = {
    kind: "row",
    file,
    line: r.line,
    callResult,
    timestamp: parseMfaServerTimestamp(when),
  };
  for (const column of ["user", "method", "application", "ip", "phone"] as const) {
    const v = cell(r, map, column);
    if (v !== undefined) row[column] = v;
  }
  return row;
}

function codeListRow(file: string, r: CsvRecord): MfaServerRowRecord | MfaServerBadRecord {
  const nonEmpty = r.fields.filter((f) => f.trim() !== "");
  if (nonEmpty.length !== 1) {
    return {
      kind: "bad",
      file,
      line: r.line,
      reason: `expected one call-result code per line, got ${nonEmpty.length} fields`,
    };
  }
  return { kind: "row", file, line: r.line, callResult: nonEmpty[0]!.trim(), timestamp: { kind: "missing" } };
}

/**
 * Reads one export from its bytes.
 *
 * @param bytes the file's content, in chunks
 * @param options the file name for records and errors
 * @returns a `header` record, then `row` and `bad` records in file order
 * @throws {InputError} when the file is empty, cannot be decoded (naming the byte), has an
 * unterminated quote, or has no call-result column (listing the headers found)
 *
 * @example A CSV export and a code list
 * ```ts
 * import { readMfaServerActivity } from "./reader.ts";
 * import assert from "node:assert/strict";
 * async function* bytes(text: string) {
 *   yield new TextEncoder().encode(text);
 * }
 * const csv = [];
 * const text = "Date/Time,Username,Call Result\r\n3/4/2024 9:00:00 AM,alice@contoso.example,SUCCESS_USED_CACHE\r\n";
 * for await (const r of readMfaServerActivity(bytes(text), { file: "mfa.csv" })) csv.push(r);
 * assert.equal(csv[0]!.kind === "header" && csv[0]!.columns.callResult, "Call Result");
 * assert.equal(csv[1]!.kind === "row" && csv[1]!.user, "alice@contoso.example");
 *
 * const list = [];
 * for await (const r of readMfaServerActivity(bytes("CONFIG_ISSUE\nFAILED_FRAUD_REPORTED\n"), { file: "codes.txt" })) {
 *   list.push(r);
 * }
 * assert.equal(list[0]!.kind === "header" && list[0]!.format, "codeList");
 * assert.deepEqual(list.slice(1).map((r) => r.kind === "row" && r.callResult), ["CONFIG_ISSUE", "FAILED_FRAUD_REPORTED"]);
 * ```
 *
 * @example Missing call-result column
 * ```ts
 * import { readMfaServerActivity } from "./reader.ts";
 * import assert from "node:assert/strict";
 * async function* bytes() {
 *   yield new TextEncoder().encode("A,B\n1,2\n");
 * }
 * await assert.rejects(async () => {
 *   for await (const r of readMfaServerActivity(bytes(), { file: "mfa.csv" })) void r;
 * }, { message: /^mfa\.csv:1: no call-result column; headers found: "A", "B"; expected/ });
 * ```
 */
export async function* readMfaServerActivity(
  bytes: AsyncIterable<Uint8Array>,
  options: ReadMfaServerOptions,
): AsyncGenerator<MfaServerRecord> {
  const file = options.file;
  let encoding: TextEncodingName = "utf-8";
  let delimiter: CsvDelimiter = ",";
  const text = decodeText(bytes, { file, rejectNul: true, onEncoding: (e) => encoding = e });
  const records = parseCsvRecords(text, { file, onDelimiter: (d) => delimiter = d });
  let map: MfaServerColumnMap | undefined;
  let format: MfaServerInputFormat | undefined;
  for await (const r of records) {
    if (isBlank(r)) continue;
    if (format === undefined) {
      const found = locateMfaServerColumns(r.fields);
      if (found.callResult !== undefined) {
        format = "csv";
        map = found;
        const columns: MfaServerHeaderRecord["columns"] = {};
        for (const [k, v] of Object.entries(found) as [MfaServerColumn, { header: string }][]) {
          columns[k] = v.header;
        }
        yield { kind: "header", file, format, encoding, delimiter, columns };
        continue;
      }
      if (!looksLikeCode(r)) {
        // at most 12 headers, each cut to 40 characters: a header line can be megabytes long
        const headers = r.fields.slice(0, 12).map((h) => {
          const t = h.trim();
          return JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);
        }).join(", ") + (r.fields.length > 12 ? `, … (${r.fields.length} in all)` : "");
        throw new InputError(
          `no call-result column; headers found: ${headers}; expected a header such as "Call Result" or "Result"`,
          { file, line: r.line },
        );
      }
      format = "codeList";
      yield { kind: "header", file, format, encoding, columns: {} };
    }
    yield format === "csv" ? toRow(file, r, map!) : codeListRow(file, r);
  }
  if (format === undefined) {
    throw new InputError(
      "Cannot read an empty file: expected a CSV export with a call-result column or a list of call-result codes",
      { file },
    );
  }
}

/**
 * Opens a file and reads it with {@linkcode readMfaServerActivity} (the I/O edge).
 *
 * @param path the file to read
 * @throws {InputError} when the file cannot be opened, or for the reasons
 * {@linkcode readMfaServerActivity} gives
 *
 * @example Reading a file from disk
 * ```ts
 * import { readMfaServerActivityFile } from "./reader.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/codes.txt`, "SUCCESS_SMS_SENT\n");
 * const kinds = [];
 * for await (const r of readMfaServerActivityFile(`${dir}/codes.txt`)) kinds.push(r.kind);
 * assert.deepEqual(kinds, ["header", "row"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function* readMfaServerActivityFile(path: string): AsyncGenerator<MfaServerRecord> {
  const opened = await openInput(path, { kind: "mfa-server" });
  try {
    yield* readMfaServerActivity(opened.chunks, { file: path });
  } finally {
    opened.close();
  }
}
