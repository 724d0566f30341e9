/**
 * `--from FILE`: reads registration data exported earlier, streaming, into
 * {@linkcode RegistrationRecord}s:
 *
 * - JSON: an array of `userRegistrationDetails` rows, a Graph page (`{"value": […]}`), or
 *   NDJSON; keys in Graph's camelCase or PowerShell's PascalCase (`Get-MgReport…` +
 *   `ConvertTo-Json`);
 * - CSV of `userRegistrationDetails` (Graph property names or the admin center's column titles;
 *   needs `UserPrincipalName` and `MethodsRegistered` or `IsMfaRegistered`);
 * - CSV exported from MSOnline (`Get-MsolUser -All | Select UserPrincipalName,
 *   @{n='StrongAuthenticationMethods';e={($_.StrongAuthenticationMethods.MethodType) -join ';'}} |
 *   Export-Csv`), optionally with `ObjectId`, `DisplayName`, `UserType`, `BlockCredential`.
 *
 * Read through lib/io (UTF-8 or UTF-16, `,` `;` tab or `|` delimited, detected); a first `#TYPE …` line (Windows
 * PowerShell's `Export-Csv` without `-NoTypeInformation`) is skipped. A malformed file is a
 * one-line {@linkcode InputError} naming the line and column.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { CsvRecordParser } from "../io/csv_records.ts";
import { decodeText } from "../io/decode.ts";
import { JsonRecordSplitter } from "../io/json_records.ts";
import { openInput } from "../io/open.ts";
import { scanLineBreaks } from "../io/lines.ts";
import { findJsonError, lineColumnOf } from "../io/jsonc.ts";
import { type DateOrder, DateOrderDetector, dateOrderEvidence, parseUtcDateTime } from "../time/date_time.ts";
import {
  normalizeRegistrationRow,
  type RegistrationField,
  registrationFieldOf,
  type RegistrationFields,
  registrationRecordFromRow,
  type RowResult,
} from "./from_row.ts";
import type { RegistrationRecord, RegistrationSource } from "./record.ts";

/** An opened input file. */
export interface RegistrationFile {
  /** What the file holds. */
  readonly source: Extract<RegistrationSource, "registration-export" | "msonline-csv">;
  /** JSON or CSV. */
  readonly format: "json" | "csv";
  /** The records, streamed. */
  readonly records: AsyncGenerator<RegistrationRecord>;
}

async function* textOf(path: string): AsyncGenerator<string> {
  const opened = await openInput(path, { kind: "registration" });
  try {
    yield* decodeText(opened.chunks, { file: opened.name });
  } finally {
    opened.close();
  }
}

/** Where on its first line a record starts (0-based), read again from the file; 0 when not found. */
async function recordColumn(path: string, line: number, record: string): Promise<number> {
  let seen = 1;
  let buf = "";
  for await (const chunk of textOf(path)) {
    buf += chunk;
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      if (seen === line) return Math.max(0, buf.slice(0, nl).indexOf(record.split(/\r?\n/)[0] ?? ""));
      buf = buf.slice(nl + 1);
      seen++;
    }
  }
  return seen === line ? Math.max(0, buf.indexOf(record.split(/\r?\n/)[0] ?? "")) : 0;
}

function rowError(
  file: string,
  line: number,
  column: string | undefined,
  r: Extract<RowResult, { kind: "invalid" }>,
) {
  return new InputError(`Cannot read registration data: ${r.detail}`, {
    file,
    line,
    ...(column !== undefined ? { column } : {}),
  });
}

async function* jsonRecords(
  path: string,
  text: AsyncGenerator<string>,
  first: string,
  firstLine: number,
  kind: { source: RegistrationFile["source"] | undefined },
): AsyncGenerator<LinedRecord> {
  const splitter = new JsonRecordSplitter({ file: path, firstLine });
  const texts = async function* () {
    yield* splitter.push(first);
    for await (const chunk of text) yield* splitter.push(chunk);
    yield* splitter.end();
  };
  for await (const { text: t, line } of texts()) {
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      const spot = findJsonError(t) ?? { offset: 0, detail: "not valid JSON" };
      const lc = lineColumnOf(t, spot.offset);
      const base = lc.lineOffset === 0 ? await recordColumn(path, line, t) : 0;
      throw new InputError(`Cannot parse JSON: ${spot.detail}`, {
        file: path,
        line: line + lc.lineOffset,
        column: base + lc.column,
      });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new InputError(
        `Cannot read registration data: expected an object per user, got ${
          value === null ? "null" : Array.isArray(value) ? "an array" : typeof value
        }`,
        { file: path, line },
      );
    }
    const fields = normalizeRegistrationRow(value as Record<string, unknown>);
    if (
      !("strongAuthenticationMethods" in fields) && !("methodsRegistered" in fields) &&
      !("isMfaRegistered" in fields)
    ) {
      // e.g. a sign-in export: without these every user would silently count as unregistered
      throw new InputError(
        "Cannot read registration data: expected isMfaRegistered, methodsRegistered or " +
          `StrongAuthenticationMethods in each user object, found ${describeKeys(Object.keys(value))}`,
        { file: path, line },
      );
    }
    if (kind.source === undefined) {
      kind.source =
        fields.strongAuthenticationMethods !== undefined && fields.methodsRegistered === undefined &&
          fields.isMfaRegistered === undefined
          ? "msonline-csv"
          : "registration-export";
    }
    const r = registrationRecordFromRow(fields, { source: kind.source });
    if (r.kind === "invalid") throw rowError(path, line, r.field, r);
    yield { record: r.record, line };
  }
}

/**
 * What a CSV header describes, or an explanation of why it describes nothing usable.
 *
 * @example
 * ```ts
 * import { csvHeaderSource } from "./read_file.ts";
 * import assert from "node:assert/strict";
 * assert.equal(csvHeaderSource(["UserPrincipalName", "StrongAuthenticationMethods"]).source, "msonline-csv");
 * assert.equal(csvHeaderSource(["Id", "UserPrincipalName", "IsMfaRegistered", "MethodsRegistered"]).source, "registration-export");
 * assert.match(csvHeaderSource(["Name", "Email"]).error ?? "", /UserPrincipalName/);
 * ```
 */
export function csvHeaderSource(
  header: readonly string[],
): { source?: RegistrationFile["source"]; fields: (RegistrationField | undefined)[]; error?: string } {
  const fields = header.map((h) => registrationFieldOf(h));
  const has = (f: RegistrationField) => fields.includes(f);
  if (!has("userPrincipalName")) {
    return { fields, error: `expected a UserPrincipalName column, found ${describeKeys(header)}` };
  }
  if (has("strongAuthenticationMethods")) return { source: "msonline-csv", fields };
  if (has("methodsRegistered") || has("isMfaRegistered")) return { source: "registration-export", fields };
  return {
    fields,
    error:
      "expected a StrongAuthenticationMethods column (MSOnline export) or MethodsRegistered / IsMfaRegistered " +
      "(userRegistrationDetails export)",
  };
}

async function* csvRows(
  path: string,
  text: AsyncGenerator<string>,
  first: string,
  firstLine: number,
): AsyncGenerator<{ fields: string[]; line: number }> {
  const parser = new CsvRecordParser({ file: path, delimiter: "detect", firstLine });
  for (const r of parser.push(first)) yield r;
  for await (const chunk of text) for (const r of parser.push(chunk)) yield r;
  for (const r of parser.end()) yield r;
}

async function* csvRecords(
  path: string,
  rows: AsyncGenerator<{ fields: string[]; line: number }>,
  header: { fields: string[]; line: number },
  source: RegistrationFile["source"],
  columns: (RegistrationField | undefined)[],
): AsyncGenerator<LinedRecord> {
  for await (const { fields, line } of rows) {
    if (fields.length === 1 && fields[0]?.trim() === "") continue; // blank line
    if (fields.length !== header.fields.length) {
      throw new InputError(
        `Cannot read registration data: expected ${header.fields.length} fields as in the header, got ${fields.length}`,
        { file: path, line },
      );
    }
    const row: RegistrationFields = {};
    for (let i = 0; i < columns.length; i++) {
      const f = columns[i];
      if (f !== undefined && row[f] === undefined) row[f] = fields[i];
    }
    const r = registrationRecordFromRow(row, { source });
    if (r.kind === "invalid") {
      const col = header.fields[columns.indexOf(r.field)] ?? r.field;
      throw rowError(path, line, col, r);
    }
    yield { record: r.record, line };
  }
}

/** A record and the line it starts on. */
interface LinedRecord {
  readonly record: RegistrationRecord;
  readonly line: number;
}

/** Options of {@linkcode openRegistrationFile}. */
export interface OpenRegistrationOptions {
  /**
   * Day/month order of culture-formatted `LastUpdatedDateTime` values (`3/12/2025 7:22:01 AM`),
   * as `--date-order` gives it. Default: found from the file (any day above 12 decides).
   */
  readonly dateOrder?: DateOrder | undefined;
}

/** How many records may wait for a date that decides the day/month order. */
export const MAX_RECORDS_BEFORE_DATE_ORDER = 100_000;

/**
 * `lastUpdated` as ISO 8601 UTC. Culture-formatted dates (`15/11/2025 3:55:59 AM`, as a
 * PowerShell `Export-Csv` writes them) are read in the day/month order found from the file (any
 * value with a part above 12 decides; contradicting values are refused) or given; records wait,
 * at most {@linkcode MAX_RECORDS_BEFORE_DATE_ORDER}, while ambiguous dates have been seen and
 * nothing has decided. A file whose ambiguous dates nothing decides is refused with the
 * `--date-order` hint. A value that is no date at all is kept as given (it counts as missing).
 */
/** Whether a date reads differently day-first and month-first (`3/12/2025`, not `3/3/2025`). */
function readsTwoWays(raw: string): boolean {
  return parseUtcDateTime(raw, "dmy")?.ms !== parseUtcDateTime(raw, "mdy")?.ms;
}

async function* withIsoLastUpdated(
  records: AsyncGenerator<LinedRecord>,
  path: string,
  given: DateOrder | undefined,
): AsyncGenerator<RegistrationRecord> {
  const detector = new DateOrderDetector();
  const held: LinedRecord[] = [];
  let heldAmbiguous: LinedRecord | undefined;
  const iso = (r: RegistrationRecord, order: DateOrder): RegistrationRecord => {
    if (r.lastUpdated === undefined) return r;
    const t = parseUtcDateTime(r.lastUpdated, order);
    return t === null || t.iso === r.lastUpdated ? r : { ...r, lastUpdated: t.iso };
  };
  for await (const lr of records) {
    const raw = lr.record.lastUpdated;
    if (given !== undefined) {
      yield iso(lr.record, given);
      continue;
    }
    if (raw !== undefined) {
      const clash = detector.observe(raw, lr.line);
      if (clash !== null) {
        throw new InputError(`Cannot read registration data: LastUpdatedDateTime: ${clash}`, {
          file: path,
          line: lr.line,
        });
      }
    }
    const order = detector.order;
    if (order !== null) {
      for (const h of held.splice(0)) yield iso(h.record, order);
      yield iso(lr.record, order);
      continue;
    }
    if (raw !== undefined && dateOrderEvidence(raw) === "either" && readsTwoWays(raw)) heldAmbiguous ??= lr;
    if (heldAmbiguous === undefined) {
      yield lr.record; // nothing ambiguous yet: no order needed
      continue;
    }
    held.push(lr);
    if (held.length > MAX_RECORDS_BEFORE_DATE_ORDER) {
      throw new InputError(
        `Cannot read registration data: the day/month order of LastUpdatedDateTime is still undecided after ${MAX_RECORDS_BEFORE_DATE_ORDER} records (no day above 12); pass --date-order dmy or --date-order mdy`,
        { file: path, line: lr.line },
      );
    }
  }
  if (held.length === 0) return;
  const order = detector.order;
  if (order === null) {
    const a = heldAmbiguous!;
    throw new InputError(
      `Cannot read registration data: LastUpdatedDateTime ${
        JSON.stringify(a.record.lastUpdated)
      } can be read day-first or month-first and no value decides (none has a day above 12); pass --date-order dmy or --date-order mdy`,
      { file: path, line: a.line },
    );
  }
  for (const h of held) yield iso(h.record, order);
}

/**
 * Opens an input file and works out what it holds (from the extension, else the first
 * character; for CSV from the header; for JSON from the first row).
 *
 * @throws {InputError} for an unreadable or malformed file (the records generator throws too)
 *
 * @example An MSOnline export
 * ```ts
 * import { openRegistrationFile } from "./read_file.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, '#TYPE Selected.Microsoft.Online.Administration.User\r\n"UserPrincipalName","StrongAuthenticationMethods"\r\n"a@contoso.example","OneWaySMS;PhoneAppNotification"\r\n"b@contoso.example","{}"\r\n');
 * const f = await openRegistrationFile(path);
 * assert.equal(f.source, "msonline-csv");
 * const recs = await Array.fromAsync(f.records);
 * assert.deepEqual(recs.map((r) => r.methods.length), [2, 0]);
 * await Deno.remove(path);
 * ```
 */
export async function openRegistrationFile(
  path: string,
  options: OpenRegistrationOptions = {},
): Promise<RegistrationFile> {
  const text = textOf(path);
  // Leading white space is let go chunk by chunk (its lines counted), never accumulated.
  let first = "";
  let firstLine = 1;
  for (;;) {
    const n = await text.next();
    if (n.done) break;
    if (n.value.trim() === "") {
      firstLine += scanLineBreaks(n.value, n.value.length).count;
      continue;
    }
    first = n.value;
    break;
  }
  const ext = path.toLowerCase().match(/\.(json|ndjson|jsonl|csv|txt)$/)?.[1];
  const lead = first.trimStart()[0];
  const isJson = ext === "json" || ext === "ndjson" || ext === "jsonl" ||
    (ext !== "csv" && (lead === "[" || lead === "{"));
  if (first.trim() === "") {
    throw new InputError(
      "Cannot read registration data: the file is empty (expected JSON or a CSV header line)",
      {
        file: path,
        line: 1,
      },
    );
  }
  if (isJson) {
    const kind: { source: RegistrationFile["source"] | undefined } = { source: undefined };
    const gen = jsonRecords(path, text, first, firstLine, kind);
    const head = await gen.next();
    const records = async function* () {
      if (!head.done) yield head.value;
      yield* gen;
    };
    return {
      source: kind.source ?? "registration-export",
      format: "json",
      records: withIsoLastUpdated(records(), path, options.dateOrder),
    };
  }
  const rows = csvRows(path, text, first, firstLine);
  let header: { fields: string[]; line: number } | undefined;
  for (;;) {
    const n = await rows.next();
    if (n.done) break;
    const r = n.value;
    if (r.fields.length === 1 && (r.fields[0] ?? "").trim() === "") continue;
    if (header === undefined && r.fields.length >= 1 && /^#TYPE\b/.test(r.fields[0] ?? "")) continue;
    header = { fields: r.fields.map((f) => f.trim()), line: r.line };
    break;
  }
  if (header === undefined) {
    throw new InputError("Cannot read registration data: the file is empty (expected a header line)", {
      file: path,
      line: 1,
    });
  }
  const h = csvHeaderSource(header.fields);
  if (h.source === undefined) {
    throw new InputError(`Cannot read registration data: ${h.error}`, { file: path, line: header.line });
  }
  return {
    source: h.source,
    format: "csv",
    records: withIsoLastUpdated(csvRecords(path, rows, header, h.source, h.fields), path, options.dateOrder),
  };
}

/** Up to 12 names, quoted and cut to 40 characters, for a one-line message (a header can be huge). */
function describeKeys(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}…` : n));
  if (names.length > 12) shown.push(`… (${names.length} in all)`);
  return shown.length === 0 ? "none" : shown.join(", ");
}
