/**
 * The per-file reading state every sign-in reader shares: layout detection, the mapper of the
 * detected layout, bad-row counting, NDJSON lines and JSON records pushed as text, the portal CSV
 * with its AuthDetails file.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { type InputSource as SignInInput, openInput } from "../io/open.ts";
import { TextChunkDecoder } from "../io/decode.ts";
import { JsonRecordSplitter, type JsonRecordText } from "../io/json_records.ts";
import { NdjsonLineSplitter } from "../io/ndjson_lines.ts";
import { CsvRecordParser } from "../io/csv_records.ts";
import { CaPolicyTable } from "./_ca_policy_table.ts";
import { mapGraphSignIn } from "./map_graph.ts";
import { scannedGraphSignIn } from "./map_graph_scanned.ts";
import type { NdjsonByteScanner } from "../io/wasm/json_scan.ts";
import { mapLogAnalyticsSignIn } from "./map_log_analytics.ts";
import {
  type CsvRowResult,
  DepthCutError,
  depthCutMessage,
  mapPowerShellSignIn,
  PowerShellCsvMapper,
} from "./map_powershell.ts";
import {
  detectJsonLayout,
  firstKeys,
  GRAPH_LAYOUT,
  isPowerShellCsvHeader,
  JSON_LAYOUTS_TRIED,
  laLayoutOfTable,
  POWERSHELL_JSON_LAYOUT,
  type SignInLayout,
} from "./layouts/mod.ts";
import { mapDiagnosticSignIn } from "./map_diagnostic.ts";
import {
  csvHeaderKind,
  normalizeHeader,
  PortalAuthDetailsCollector,
  PortalCsvMapper,
  portalEventTypeFromFileName,
} from "./map_portal_csv.ts";
import {
  type AuthenticationDetail,
  INPUT_FORMAT,
  type InputFormat,
  type MapContext,
  type MapResult,
  type SignIn,
} from "./sign_in.ts";
import type { ReadStats } from "./read_stats.ts";
import type { ReadSignInsOptions } from "./read_options.ts";
import { findAuthDetailsSibling } from "./auth_details_sibling.ts";

/** NDJSON rows handed on at a time (small batches: each row's parsed object dies young). */
export const NDJSON_BATCH = 32;
/** Characters of JSON text fed to the record splitter at a time (then cut after the next line break). */
const JSON_PIECE = 64 * 1024;

type Mapper = (value: unknown, ctx: MapContext, line: number) => MapResult;

/** Per-file reading state shared by the layouts. */
export class Reader {
  readonly #file: string;
  readonly #stats: ReadStats;
  readonly #maxSamples: number;
  readonly #maxChars: number;
  readonly #eventType: string | null;
  #forced: InputFormat | null = null;
  #fallback: InputFormat = INPUT_FORMAT.GraphJson;
  #mapper: Mapper | null = null;
  #ctx: MapContext;
  /** Conditional Access entries shared by the file's rows. */
  readonly #caPolicies: CaPolicyTable;
  /** `ReadSignInsOptions.lean`. */
  readonly #lean: boolean;

  /**
   * @param caPolicies the table the rows share their Conditional Access entries through (a
   *   range reader passes its chunk's, so that the chunk's rows share them as one file's do)
   */
  constructor(
    file: string,
    stats: ReadStats,
    options: ReadSignInsOptions,
    skippedLines: number,
    caPolicies: CaPolicyTable = new CaPolicyTable(),
  ) {
    this.#caPolicies = caPolicies;
    this.#line = skippedLines;
    this.#file = file;
    this.#stats = stats;
    this.#maxSamples = options.maxBadRowSamples ?? 5;
    this.#maxChars = options.maxRecordChars ?? 16 * 1024 * 1024;
    this.#eventType = options.eventType ?? null;
    this.#lean = options.lean === true;
    this.#ctx = this.#context(INPUT_FORMAT.GraphJson);
  }

  /**
   * The mapper's context for a format: this file, the Conditional Access table its rows share,
   * `lean`, and the event type asked for (or `eventType`: the portal's from the file name).
   */
  #context(format: InputFormat, eventType = this.#eventType): MapContext {
    return {
      source: { format, file: this.#file },
      eventType,
      caPolicies: this.#caPolicies,
      lean: this.#lean,
    };
  }

  bad(line: number, reason: string): void {
    this.#stats.records++;
    this.#stats.badRows++;
    if (this.#stats.badRowSamples.length < this.#maxSamples) this.#stats.badRowSamples.push({ line, reason });
  }

  #use(format: InputFormat, mapper: Mapper): void {
    this.#ctx = this.#context(format);
    this.#mapper = mapper;
    this.#stats.format = format;
  }

  /** JSON layouts: the format is forced, or decided by the first object record. */
  jsonFormat(forced: InputFormat | null, fallback: InputFormat): void {
    this.#forced = forced;
    this.#fallback = fallback;
    if (forced !== null) {
      this.#use(
        forced,
        forced === INPUT_FORMAT.LaJson
          ? mapLogAnalyticsSignIn
          : forced === INPUT_FORMAT.PowerShellJson
          ? mapPowerShellSignIn
          : forced === INPUT_FORMAT.AzureDiagnostics
          ? mapDiagnosticSignIn
          : mapGraphSignIn,
      );
    }
  }

  /** The layout of the first object record (layouts/mod.ts); refuses a record no layout matches. */
  #detect(o: Record<string, unknown>, line: number): void {
    const kind = detectJsonLayout(o);
    if (this.#forced !== null) {
      this.#stats.layout = this.#forced;
      return;
    }
    let layout: SignInLayout | null = null;
    switch (kind) {
      case null:
        throw new InputError(
          `Cannot read sign-ins: the first record matches no known layout (tried ${JSON_LAYOUTS_TRIED}); its keys: ${
            firstKeys(o)
          }`,
          { file: this.#file, line },
        );
      case "log-analytics":
        this.#use(INPUT_FORMAT.LaJson, mapLogAnalyticsSignIn);
        layout = laLayoutOfTable(o.Type ?? o.Category);
        this.#stats.layout = layout?.id ?? "log-analytics";
        if (!("ResultType" in o) && !("Status" in o)) {
          this.#stats.missingFields.push("ResultType: sign-in failures cannot be counted");
        }
        return;
      case "powershell":
        this.#use(INPUT_FORMAT.PowerShellJson, mapPowerShellSignIn);
        layout = POWERSHELL_JSON_LAYOUT;
        break;
      case "diagnostic":
        this.#use(INPUT_FORMAT.AzureDiagnostics, mapDiagnosticSignIn);
        this.#stats.layout = "azure-diagnostics";
        return;
      case "graph":
        this.#use(this.#fallback, mapGraphSignIn);
        layout = GRAPH_LAYOUT;
        break;
    }
    this.#stats.layout = layout.id;
    for (const f of layout.keyFields ?? []) {
      if (!(f.column in o)) this.#stats.missingFields.push(`${f.column}: ${f.without}`);
    }
  }

  /**
   * Whether records are mapped as Graph sign-ins and the layout is settled (forced, or decided by
   * the first record): then the Graph fields of a record are all the mapper needs.
   */
  get readsGraphFields(): boolean {
    return this.#mapper === mapGraphSignIn && (this.#forced !== null || this.#stats.layout !== null);
  }

  /**
   * Maps the scanner's current valid line ({@linkcode readsGraphFields}): from its value records
   * when `scannedGraphSignIn` can, else from its fields as {@linkcode value} does.
   *
   * @param s the scanner, made with the Graph fields (`lean`: the lean ones)
   * @param lean whether the scanner is the lean one
   * @param line the line's number
   * @returns the sign-in or null (counted bad)
   */
  graphLine(s: NdjsonByteScanner, lean: boolean, line: number): SignIn | null {
    // the first record of a forced format still decides the layout (value does)
    const signIn = this.#stats.layout === null ? null : scannedGraphSignIn(s, lean, this.#ctx, line);
    if (signIn === null) return this.value(s.fields(), line);
    this.#stats.records++;
    this.#stats.signIns++;
    return signIn;
  }

  /** Maps one parsed JSON value; returns the sign-in or null (counted bad). */
  value(v: unknown, line: number): SignIn | null {
    let mapper = this.#mapper;
    if (mapper === null || this.#stats.layout === null) {
      if (typeof v === "object" && v !== null && !Array.isArray(v)) {
        this.#detect(v as Record<string, unknown>, line);
        mapper = this.#mapper!;
      } else {
        mapper ??= mapGraphSignIn;
      }
    }
    let r: MapResult;
    try {
      r = mapper(v, this.#ctx, line);
    } catch (e) {
      if (e instanceof DepthCutError) throw new InputError(depthCutMessage(e), { file: this.#file, line });
      throw e;
    }
    if (r.kind === "bad") {
      this.bad(line, r.reason);
      return null;
    }
    this.#stats.records++;
    this.#stats.signIns++;
    return r.signIn;
  }

  #parse(text: string, line: number): SignIn | null {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      this.bad(line, `invalid JSON: ${(e as Error).message}`);
      return null;
    }
    return this.value(v, line);
  }

  /** One NDJSON line's text (its line break and one CR before it removed), as {@linkcode ndjsonTake} reads it. */
  parseLine(text: string, line: number): SignIn | null {
    return this.#parse(text, line);
  }

  /** NDJSON: the line number before the first line pushed (call before the first {@linkcode ndjsonPush}). */
  ndjsonLinesBefore(line: number): void {
    this.#line = line;
  }

  #line = 0;
  #lines: NdjsonLineSplitter | null = null;

  /** NDJSON: takes the next piece of text; then call {@linkcode ndjsonTake} until it returns null. */
  ndjsonPush(t: string): void {
    this.#lines ??= new NdjsonLineSplitter({
      file: this.#file,
      maxRecordChars: this.#maxChars,
      firstLine: this.#line + 1,
    });
    this.#lines.push(t);
  }

  /** NDJSON: up to `max` sign-ins from the complete lines pushed so far, or null when none are left. */
  ndjsonTake(max: number): SignIn[] | null {
    const lines = this.#lines!;
    const out: SignIn[] = [];
    for (let t = lines.next(); t !== null; t = lines.next()) {
      const signIn = this.#parse(t, lines.line);
      if (signIn !== null) {
        out.push(signIn);
        if (out.length >= max) return out;
      }
    }
    return out.length > 0 ? out : null;
  }

  /** NDJSON: the last line, when the file does not end with a line break. */
  ndjsonEnd(byteLength: number): SignIn[] {
    const carry = this.#lines?.end() ?? null;
    if (carry === null) return [];
    const line = this.#lines!.line;
    let v: unknown;
    try {
      v = JSON.parse(carry);
    } catch (e) {
      // A last line without its line break that does not parse: a cut-off file is an error.
      const probe = new JsonRecordSplitter({ file: this.#file, firstLine: line, maxRecordChars: Infinity });
      probe.push(carry);
      probe.end(byteLength);
      this.bad(line, `invalid JSON: ${(e as Error).message}`);
      return [];
    }
    const signIn = this.value(v, line);
    return signIn === null ? [] : [signIn];
  }

  #splitter: JsonRecordSplitter | null = null;

  #newSplitter(inArray?: { comma: boolean }): JsonRecordSplitter {
    return new JsonRecordSplitter({
      file: this.#file,
      maxRecordChars: this.#maxChars,
      firstLine: this.#line + 1,
      ...(inArray !== undefined ? { inArray } : {}),
    });
  }

  /**
   * JSON documents: the text pushed next starts at line `line`, where the lines before were read
   * another way (call before the first {@linkcode jsonPush}); `inArray` as for the splitter.
   */
  jsonResume(line: number, inArray?: { comma: boolean }): void {
    this.#line = line - 1;
    this.#splitter = this.#newSplitter(inArray);
  }

  /** JSON documents: the sign-ins completed by the next piece of text. */
  jsonPush(t: string): SignIn[] {
    this.#splitter ??= this.#newSplitter();
    return this.#records(this.#splitter.push(t));
  }

  /** The sign-ins of records the splitter gave (parsed, or text to parse). */
  #records(records: readonly JsonRecordText[]): SignIn[] {
    const out: SignIn[] = [];
    for (const r of records) {
      const signIn = "value" in r ? this.value(r.value, r.line) : this.#parse(r.text, r.line);
      if (signIn !== null) out.push(signIn);
    }
    return out;
  }

  /**
   * JSON documents: the sign-ins completed by the next piece of text, in batches of about
   * {@linkcode JSON_PIECE} characters of text each (cut after a line break). As for NDJSON, the
   * parsed records of a batch die young instead of a whole chunk's worth of them surviving into
   * the old generation; the splitter is fed the same text, so the records are the same.
   */
  *jsonBatches(t: string): Generator<SignIn[]> {
    for (let from = 0; from < t.length;) {
      let to = t.length;
      if (to - from > JSON_PIECE) {
        const nl = t.indexOf("\n", from + JSON_PIECE);
        if (nl >= 0) to = nl + 1;
      }
      const batch = this.jsonPush(from === 0 && to === t.length ? t : t.slice(from, to));
      if (batch.length > 0) yield batch;
      from = to;
    }
  }

  /** JSON documents: the end of the input (throws for a truncated file). */
  jsonEnd(byteLength: number): SignIn[] {
    this.#splitter ??= this.#newSplitter();
    return this.#records(this.#splitter.end(byteLength));
  }

  async *csv(
    texts: AsyncIterable<string>,
    path: string | null,
    options: ReadSignInsOptions,
  ): AsyncGenerator<readonly SignIn[]> {
    const parser = new CsvRecordParser({
      file: this.#file,
      maxRecordChars: this.#maxChars,
      delimiter: "detect",
      firstLine: this.#line + 1,
    });
    let rowMapper: ((fields: string[], line: number) => MapResult) | null = null;
    let portal: PortalCsvMapper | null = null;
    let ps: PowerShellCsvMapper | null = null;
    let psCtx: MapContext | null = null;
    let typeLine = false;
    let done = false;
    const it = texts[Symbol.asyncIterator]();
    while (!done) {
      const r = await it.next();
      let records;
      if (r.done) {
        done = true;
        records = parser.end();
      } else {
        records = parser.push(r.value);
      }
      const out: SignIn[] = [];
      const take = (rows: CsvRowResult[]) => {
        for (const { line, result } of rows) {
          if (result.kind === "bad") {
            this.bad(line, result.reason);
            continue;
          }
          this.#stats.records++;
          this.#stats.signIns++;
          out.push(result.signIn);
        }
      };
      for (const rec of records) {
        if (rec.fields.length === 1 && rec.fields[0] === "") continue; // blank line
        if (rowMapper === null && ps === null) {
          // Windows PowerShell's Export-Csv starts with "#TYPE <.NET type>" unless -NoTypeInformation.
          if (!typeLine && rec.fields.length === 1 && /^\uFEFF?#TYPE /.test(rec.fields[0]!)) {
            typeLine = true;
            continue;
          }
          const setup = await this.#csvSetup(rec.fields, rec.line, path, options, typeLine);
          if (setup.kind === "powershell") {
            ps = setup.mapper;
            psCtx = setup.ctx;
            continue;
          }
          rowMapper = setup.map;
          portal = setup.portal;
          continue;
        }
        if (ps !== null) {
          take(ps.push(rec.fields, rec.line, psCtx!));
          continue;
        }
        const m = rowMapper!(rec.fields, rec.line);
        if (m.kind === "bad") {
          this.bad(rec.line, m.reason);
          continue;
        }
        this.#stats.records++;
        this.#stats.signIns++;
        out.push(m.signIn);
      }
      if (portal !== null && this.#stats.authDetails !== null) {
        this.#stats.authDetails.matched = portal.matched;
      }
      if (done && ps !== null) {
        take(ps.end(psCtx!));
        this.#stats.dateOrder = ps.dateOrder === null || ps.dateOrderFrom === null ||
            ps.dateOrderFrom === "notNeeded"
          ? null
          : { order: ps.dateOrder, from: ps.dateOrderFrom };
        for (const f of ps.missingFields()) {
          this.#stats.missingFields.push(
            `${f.column}${f.why === "typeName" ? " (only .NET type names)" : ""}: ${f.without}`,
          );
        }
      }
      if (out.length > 0) yield out;
    }
  }

  async #csvSetup(
    header: string[],
    line: number,
    path: string | null,
    options: ReadSignInsOptions,
    typeLine: boolean,
  ): Promise<
    | { kind: "rows"; map: (fields: string[], line: number) => MapResult; portal: PortalCsvMapper | null }
    | { kind: "powershell"; mapper: PowerShellCsvMapper; ctx: MapContext }
  > {
    const forced = options.inputFormat;
    const names = header.map((h) => h.replace(/^\uFEFF/, "").trim());
    if (
      forced === INPUT_FORMAT.PowerShellCsv ||
      (forced === undefined && csvHeaderKind(header) !== "portal" && isPowerShellCsvHeader(names, typeLine))
    ) {
      this.#stats.format = INPUT_FORMAT.PowerShellCsv;
      this.#stats.layout = "powershell-csv";
      return {
        kind: "powershell",
        mapper: new PowerShellCsvMapper(header, { file: this.#file, dateOrder: options.dateOrder ?? null }),
        ctx: this.#context(INPUT_FORMAT.PowerShellCsv),
      };
    }
    const kind = csvHeaderKind(header);
    const shown = header.slice(0, 4).map((h) => JSON.stringify(h)).join(", ");
    if (kind === "portal-auth-details" && forced === undefined) {
      throw new InputError(
        "Cannot read sign-ins: this is a portal AuthDetails file (Request ID, Authentication method, …); read the matching sign-in CSV and pass this file as authDetails",
        { file: this.#file, line },
      );
    }
    const format = forced ??
      (kind === "portal" ? INPUT_FORMAT.PortalCsv : kind === "log-analytics" ? INPUT_FORMAT.LaCsv : null);
    if (format === null) {
      throw new InputError(
        `Cannot detect the input format: the CSV header (${shown}, …) matches no known layout (tried portal-csv: "Request ID"/"Date (UTC)"; la-csv: "TimeGenerated"/"ResultType"; powershell-csv: "CreatedDateTime"/"Status.ErrorCode"/#TYPE line); pass inputFormat`,
        { file: this.#file, line },
      );
    }
    const eventType = this.#eventType ?? portalEventTypeFromFileName(path ?? this.#file);
    this.#stats.format = format;
    if (format === INPUT_FORMAT.LaCsv) {
      const keys = header.map((h) => h.replace(/^\uFEFF/, "").trim().replace(/\s*\[[^\]]*\]$/, ""));
      if (!keys.includes("CreatedDateTime") && !keys.includes("Id") && !keys.includes("TimeGenerated")) {
        throw new InputError(
          `Cannot read la-csv: the header (${shown}, …) has none of "CreatedDateTime", "TimeGenerated", "Id"`,
          { file: this.#file, line },
        );
      }
      const ctx = this.#context(format);
      const tableAt = keys.indexOf("Type");
      this.#stats.layout = "log-analytics";
      if (!keys.includes("ResultType") && !keys.includes("Status")) {
        this.#stats.missingFields.push("ResultType: sign-in failures cannot be counted");
      }
      return {
        kind: "rows",
        portal: null,
        map: (fields, rowLine) => {
          if (this.#stats.layout === "log-analytics" && tableAt >= 0) {
            this.#stats.layout = laLayoutOfTable(fields[tableAt])?.id ?? "log-analytics";
          }
          if (fields.length !== keys.length) {
            return {
              kind: "bad",
              reason: `expected ${keys.length} fields as in the header, got ${fields.length}`,
            };
          }
          const o: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) o[keys[i]!] = fields[i];
          return mapLogAnalyticsSignIn(o, ctx, rowLine);
        },
      };
    }
    const auth = await this.#authDetails(path, options);
    const mapper = new PortalCsvMapper(header, { authDetails: auth });
    const missing = mapper.missingColumns();
    if (missing.length > 0) {
      throw new InputError(
        `Cannot read portal-csv: the header lacks ${missing.map((m) => JSON.stringify(m)).join(" and ")}`,
        { file: this.#file, line },
      );
    }
    const ctx = this.#context(format, eventType);
    this.#stats.layout = "portal-csv";
    return { kind: "rows", portal: mapper, map: (fields, rowLine) => mapper.map(fields, ctx, rowLine) };
  }

  async #authDetails(
    path: string | null,
    options: ReadSignInsOptions,
  ): Promise<Map<string, AuthenticationDetail[]> | null> {
    let input: SignInInput | null = null;
    if (options.authDetails === false) return null;
    if (options.authDetails !== undefined) input = options.authDetails;
    else if (path !== null) input = await findAuthDetailsSibling(path);
    if (input === null) return null;
    const opened = await openInput(input, {
      kind: "auth-details",
      name: typeof input === "string" ? input : "<authDetails>",
    });
    try {
      const decoder = new TextChunkDecoder(opened.name);
      const parser = new CsvRecordParser({
        file: opened.name,
        maxRecordChars: this.#maxChars,
        delimiter: "detect",
      });
      let collector: PortalAuthDetailsCollector | null = null;
      const take = (records: { fields: string[]; line: number }[]) => {
        for (const r of records) {
          if (r.fields.length === 1 && r.fields[0] === "") continue;
          if (collector === null) {
            collector = new PortalAuthDetailsCollector(r.fields);
            if (!collector.usable) {
              throw new InputError(
                `Cannot read the AuthDetails file: its header lacks "Request ID" or "Authentication method" (got ${
                  r.fields.slice(0, 4).map((h) => JSON.stringify(normalizeHeader(h))).join(", ")
                })`,
                { file: opened.name, line: r.line },
              );
            }
            continue;
          }
          collector.add(r.fields);
        }
      };
      for await (const chunk of opened.chunks) take(parser.push(decoder.decode(chunk)));
      take(parser.push(decoder.end()));
      take(parser.end());
      const c = collector as PortalAuthDetailsCollector | null;
      this.#stats.authDetails = {
        file: opened.name,
        rows: c?.rows ?? 0,
        requests: c?.details.size ?? 0,
        matched: 0,
      };
      return c?.details ?? new Map();
    } finally {
      opened.close();
    }
  }
}
