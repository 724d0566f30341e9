/**
 * The one input layer: bytes → text → records, for every task. Nothing outside `lib/io` opens an
 * input file, decodes bytes, splits CSV or scans JSON.
 *
 * ## The interface (what the layout mappers in `lib/*` get)
 *
 * ```
 * openInput(source, { kind, name?, what? })      → { name, path, chunks: AsyncIterable<Uint8Array>, close() }
 *   source: a path (regular file; `.gz` decompressed), "-" (stdin), a file URL, an FsFile or a ReadableStream;
 *   kind sets the size cap (INPUT_SIZE_CAP), counted after decompression.
 * new TextChunkDecoder(file, { rejectNul? })     .decode(chunk) → string, .end() → string, .encoding, .bytesRead
 *   or decodeText(chunks, { file, onEncoding?, rejectNul? }) → AsyncIterable<string>
 * new CsvRecordParser({ file, delimiter?: "," | ";" | "\t" | "|" | "detect", skipBlankLines?, firstLine?, maxRecordChars? })
 *   .push(text) → CsvRecord[]  .end() → CsvRecord[]        CsvRecord = { fields: string[], line: number }
 *   or parseCsvRecords(texts, { file, delimiter?, onDelimiter? }) → AsyncIterable<CsvRecord> (blank lines skipped)
 * new NdjsonLineSplitter({ file, firstLine?, maxRecordChars? })
 *   .push(text); .next() → string | null (a non-blank line; .line is its number); .end() → last line | null
 * new JsonRecordSplitter({ file, firstLine?, maxRecordChars? })
 *   .push(text) → JsonRecordText[]  .end(byteLength?) → JsonRecordText[]
 *   JsonRecordText = { text: string, line: number, value?: unknown }   (parse `text` when `value` is absent)
 * readSmallTextFile(path, { what }) / readSmallFile(path, { what })  → whole text / bytes of an option file
 * ```
 *
 * Records come out in file order with the 1-based line they start on; every error is an
 * `InputError` (exit code 1) naming the file and the line (and column or byte). The classes hold
 * no global state and take text in chunks of any size with the same records out (chunk
 * invariance), so a later step can split a file and parse the pieces in parallel workers.
 *
 * Layouts (which columns or keys make a sign-in, a registration row, an MFA Server row) are not
 * here: `lib/signins/map_*.ts`, `lib/registration/from_row.ts`, `lib/mfa_server/columns.ts` map
 * records to domain values.
 *
 * ## Byte-level rules
 *
 * - Encodings: UTF-8 with or without BOM; UTF-16 LE/BE with a BOM, or without one when the file
 *   starts with two ASCII characters. Invalid bytes: `file (byte N): Cannot decode text: … on
 *   line L, column C`.
 * - CSV: RFC 4180 quoting, LF/CRLF/CR line ends, delimiter `,` `;` tab `|` (detected from the first
 *   line that is not blank or `#TYPE …`), a record longer than 16 Mi characters is refused.
 * - JSON: an array, NDJSON / one object per line, objects or arrays one after another (what
 *   PowerShell appends), Graph pages `{"value":[…]}`, diagnostic batches `{"records":[…]}`.
 * - Size caps per kind of file: {@linkcode INPUT_SIZE_CAP}.
 *
 * @module
 */
export { INPUT_SIZE_CAP, openInput } from "./open.ts";
export type { InputKind, InputSource, OpenedInput, OpenInputOptions } from "./open.ts";
export { decodeText, TEXT_ENCODING, TEXT_ENCODING_LABEL, TextChunkDecoder } from "./decode.ts";
export type { DecodeTextOptions, TextChunkDecoderOptions, TextEncodingName } from "./decode.ts";
export { CSV_DELIMITERS, CsvRecordParser, detectCsvDelimiter, parseCsvRecords } from "./csv_records.ts";
export type {
  CsvDelimiter,
  CsvRecord,
  CsvRecordParserOptions,
  ParseCsvRecordsOptions,
} from "./csv_records.ts";
export { JsonRecordSplitter } from "./json_records.ts";
export type { JsonRecordSplitterOptions, JsonRecordText } from "./json_records.ts";
export { readSmallFile, readSmallTextFile } from "./small_file.ts";
export type { SmallFileOptions } from "./small_file.ts";
export { scanLineBreaks } from "./lines.ts";
export type { LineBreaks } from "./lines.ts";
export { NdjsonLineSplitter } from "./ndjson_lines.ts";
export type { NdjsonLineSplitterOptions } from "./ndjson_lines.ts";
export { elementPath, findJsonError, lineColumnOf, memberPath, parseJsonc } from "./jsonc.ts";
export type { JsoncDocument, JsonErrorSpot, TextPosition } from "./jsonc.ts";
export { forEachLine } from "./line_range.ts";
export { type LineRange, LineRangeCutter, RANGE_PREFIX } from "./line_ranges.ts";
