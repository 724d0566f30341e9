/**
 * Maps sign-ins written by the Microsoft Graph PowerShell SDK to {@linkcode SignIn}:
 *
 * - **JSON** (`Get-MgAuditLogSignIn … | ConvertTo-Json -Depth 10`, also `Get-MgBetaAuditLogSignIn`):
 *   the Graph object with PascalCase names at every level (`Status.ErrorCode`,
 *   `AuthenticationDetails[].AuthenticationStepResultDetail`), `RiskEventTypesV2` for
 *   `riskEventTypes_v2`, and an `AdditionalProperties` dictionary at every level holding what the
 *   model does not know (camelCase, as Graph sent it). Names are turned back into Graph's and
 *   `AdditionalProperties` merged into its object, then the Graph mapper reads it.
 * - **CSV** (`… | Select-Object … | Export-Csv`): one column per selected property, nested
 *   ones flattened by the user as `Status.ErrorCode` (or left as the .NET type name of the
 *   object, which carries nothing); dates formatted in the exporting machine's culture.
 *
 * `ConvertTo-Json`'s default depth (2) cuts nested objects down to their .NET type name
 * (`Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus`): such a JSON file is refused
 * with the fix, since its error codes and MFA results are gone.
 *
 * @module
 */
import type { MapContext, MapResult } from "./sign_in.ts";
import { mapGraphSignIn } from "./map_graph.ts";
import { InputError } from "../cli/errors.ts";
import { type DateOrder, DateOrderDetector, dateOrderEvidence, parseUtcDateTime } from "./date_time.ts";
import { POWERSHELL_CSV_LAYOUT } from "./layouts/powershell_csv.ts";

const POWERSHELL_CSV_KEY_FIELDS = POWERSHELL_CSV_LAYOUT.keyFields;

/** A .NET type name standing in for a value PowerShell did not serialise. */
const DOTNET_TYPE_NAME =
  /^(?:Microsoft\.Graph\.PowerShell\.Models\.[A-Za-z0-9_.]+|System\.(?:Object|String|Collections\.Generic\.[A-Za-z0-9_`.]+)(?:\[[^\]]*\])*(?:\[\])?|Microsoft\.Graph\.Beta\.PowerShell\.Models\.[A-Za-z0-9_.]+)$/;

/**
 * Whether a value is a .NET type name PowerShell wrote instead of the value (depth cut, or an
 * object or array exported to CSV).
 *
 * @param v any value
 * @returns true for e.g. `Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus`, `System.Object[]`
 *
 * @example
 * ```ts
 * import { isDotNetTypeName } from "./map_powershell.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isDotNetTypeName("Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus"), true);
 * assert.equal(isDotNetTypeName("System.Object[]"), true);
 * assert.equal(isDotNetTypeName("System.Collections.Generic.Dictionary`2[System.String,System.Object]"), true);
 * assert.equal(isDotNetTypeName("MFA requirement satisfied by claim in the token"), false);
 * ```
 */
export function isDotNetTypeName(v: unknown): boolean {
  return typeof v === "string" && v.length < 300 && DOTNET_TYPE_NAME.test(v);
}

/** PowerShell SDK property names that are not Graph's name with a lower-case first letter. */
const RENAMED: Readonly<Record<string, string>> = {
  RiskEventTypesV2: "riskEventTypes_v2",
  OdataType: "@odata.type",
};

/** Graph's name for a PowerShell SDK property name. */
function graphName(k: string): string {
  const r = RENAMED[k];
  if (r !== undefined) return r;
  const c = k.charCodeAt(0);
  return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) + k.slice(1) : k;
}

/** Where a .NET type name was found: the property path. */
export class DepthCutError extends Error {
  /** The property path, e.g. `Status`. */
  readonly path: string;
  /** The type name found. */
  readonly typeName: string;
  constructor(path: string, typeName: string) {
    super(`${path} is the .NET type name ${JSON.stringify(typeName)}, not its value`);
    this.path = path;
    this.typeName = typeName;
  }
}

/**
 * Turns a PowerShell SDK object back into Graph's shape: camelCase names at every level, each
 * `AdditionalProperties` merged into its object (model properties win).
 *
 * @param v the parsed value
 * @param path property path so far (for messages)
 * @returns the Graph-shaped value
 * @throws {DepthCutError} for a .NET type name in place of a value
 *
 * @example
 * ```ts
 * import { powerShellToGraph } from "./map_powershell.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(
 *   powerShellToGraph({ Id: "1", Status: { ErrorCode: 0, AdditionalProperties: {} }, RiskEventTypesV2: [],
 *     AdditionalProperties: { authenticationRequirement: "multiFactorAuthentication" } }),
 *   { id: "1", status: { errorCode: 0 }, riskEventTypes_v2: [], authenticationRequirement: "multiFactorAuthentication" },
 * );
 * ```
 */
export function powerShellToGraph(v: unknown, path = ""): unknown {
  if (typeof v === "string") {
    if (isDotNetTypeName(v)) throw new DepthCutError(path || "(record)", v);
    return v;
  }
  if (Array.isArray(v)) return v.map((e, i) => powerShellToGraph(e, `${path}[${i}]`));
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  const extra = (v as Record<string, unknown>).AdditionalProperties;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === "AdditionalProperties") continue;
    out[graphName(k)] = powerShellToGraph(x, path === "" ? k : `${path}.${k}`);
  }
  if (typeof extra === "object" && extra !== null && !Array.isArray(extra)) {
    for (const [k, x] of Object.entries(extra as Record<string, unknown>)) {
      const name = graphName(k);
      if (out[name] === undefined || out[name] === null) {
        out[name] = powerShellToGraph(x, `${path === "" ? "" : `${path}.`}AdditionalProperties.${k}`);
      }
    }
  } else if (isDotNetTypeName(extra)) {
    throw new DepthCutError(`${path === "" ? "" : `${path}.`}AdditionalProperties`, extra as string);
  }
  return out;
}

/** The message that refuses a depth-cut `ConvertTo-Json` file. */
export function depthCutMessage(e: DepthCutError): string {
  return `Cannot read graph-powershell-json: ${e.path} holds the .NET type name ${
    JSON.stringify(e.typeName)
  } instead of its value (ConvertTo-Json's default -Depth 2 cut the nested objects); export again with \`ConvertTo-Json -Depth 10\``;
}

/**
 * Maps one Graph PowerShell SDK sign-in object (see the module docs).
 *
 * @param value the parsed JSON value
 * @param ctx provenance and default event type
 * @param line 1-based line where the record starts
 * @returns the sign-in or a bad-row reason
 * @throws {DepthCutError} when a nested object was cut down to its .NET type name
 *
 * @example
 * ```ts
 * import { mapPowerShellSignIn } from "./map_powershell.ts";
 * import assert from "node:assert/strict";
 * const source = { format: "graph-powershell-json", file: "s.json" } as const;
 * const r = mapPowerShellSignIn({ Id: "1", CreatedDateTime: "2025-03-12T07:22:01Z",
 *   Status: { ErrorCode: 500121, AdditionalDetails: "MFA denied; user declined the authentication", AdditionalProperties: {} },
 *   AppliedConditionalAccessPolicies: [{ Id: "p1", Result: "failure", EnforcedGrantControls: ["Mfa"], EnforcedSessionControls: [] }],
 * }, { source, eventType: null }, 1);
 * assert.equal(r.kind === "signIn" && r.signIn.errorCode, 500121);
 * assert.equal(r.kind === "signIn" && r.signIn.appliedConditionalAccessPolicies?.[0]?.id, "p1");
 * ```
 */
export function mapPowerShellSignIn(value: unknown, ctx: MapContext, line: number): MapResult {
  return mapGraphSignIn(powerShellToGraph(value), ctx, line);
}

/** A mapped CSV row and its line. */
export interface CsvRowResult {
  /** 1-based line where the row starts. */
  readonly line: number;
  /** The sign-in or bad-row reason. */
  readonly result: MapResult;
}

/** A field a PowerShell CSV lacks, and what cannot be counted without it. */
export interface MissingField {
  /** Column, e.g. `Status.ErrorCode`. */
  readonly column: string;
  /** `absent` (not in the header) or `typeName` (only .NET type names in it). */
  readonly why: "absent" | "typeName";
  /** What cannot be counted. */
  readonly without: string;
}

/** Most rows held back while the day/month order of a PowerShell CSV is undecided. */
export const MAX_ROWS_BEFORE_DATE_ORDER = 100_000;

interface Column {
  readonly path: readonly string[];
  readonly name: string;
  values: number;
  typeNames: number;
}

/**
 * Maps the rows of a PowerShell `Export-Csv` file (see the module docs). The day/month order
 * of culture-formatted dates is given (`--date-order`) or found from the file: rows are held
 * back (at most {@linkcode MAX_ROWS_BEFORE_DATE_ORDER}) until a date decides it; at the end of an
 * undecided file whose dates need the order, the file is refused with the hint. A date that
 * contradicts the decided order refuses the file.
 *
 * @example Day-first dates decided by a later row
 * ```ts
 * import { PowerShellCsvMapper } from "./map_powershell.ts";
 * import assert from "node:assert/strict";
 * const m = new PowerShellCsvMapper(["CreatedDateTime", "Id", "Status.ErrorCode", "Status"], { file: "s.csv", dateOrder: null });
 * const ctx = { source: { format: "powershell-csv", file: "s.csv" } as const, eventType: null };
 * assert.deepEqual(m.push(["3/12/2025 7:22:01 AM", "a", "0", "Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus"], 2, ctx), []);
 * const out = m.push(["15/11/2025 3:55:59 AM", "b", "50074", ""], 3, ctx);
 * assert.equal(out.length, 2);
 * assert.equal(out[0]?.result.kind === "signIn" && out[0].result.signIn.createdDateTime, "2025-12-03T07:22:01.000Z");
 * assert.equal(out[1]?.result.kind === "signIn" && out[1].result.signIn.errorCode, 50074);
 * assert.equal(m.dateOrder, "dmy");
 * assert.deepEqual(m.missingFields().map((f) => f.column), ["Status.AdditionalDetails", "UserPrincipalName",
 *   "AuthenticationDetails", "AppliedConditionalAccessPolicies"]);
 * ```
 */
export class PowerShellCsvMapper {
  /** The order in use (null: undecided so far). */
  dateOrder: DateOrder | null;
  /** Where the order came from. */
  dateOrderFrom: "option" | "file" | "notNeeded" | null;
  readonly #file: string;
  readonly #cols: Column[];
  readonly #width: number;
  readonly #time: number;
  readonly #detector = new DateOrderDetector();
  #held: { fields: string[]; line: number }[] = [];

  /**
   * @param header the header record (after any `#TYPE` line)
   * @param options the file name (messages) and the `--date-order` value, if any
   */
  constructor(header: readonly string[], options: { file: string; dateOrder: DateOrder | null }) {
    this.#file = options.file;
    this.dateOrder = options.dateOrder;
    this.dateOrderFrom = options.dateOrder === null ? null : "option";
    this.#cols = header.map((h) => {
      const name = h.replace(/^\uFEFF/, "").trim();
      return { name, path: name.split("."), values: 0, typeNames: 0 };
    });
    this.#width = header.length;
    this.#time = this.#cols.findIndex((c) => c.name.toLowerCase() === "createddatetime");
  }

  /**
   * Takes one data row.
   *
   * @returns the rows that can be mapped now (none while the date order is undecided)
   * @throws {InputError} for contradicting dates, or too many rows before the order is known
   */
  push(fields: string[], line: number, ctx: MapContext): CsvRowResult[] {
    if (this.dateOrder === null && this.#time >= 0) {
      const v = fields[this.#time];
      if (v !== undefined) this.#observe(v, line);
    }
    if (this.dateOrder === null) {
      this.#held.push({ fields, line });
      if (this.#held.length > MAX_ROWS_BEFORE_DATE_ORDER) {
        throw new InputError(
          `Cannot read powershell-csv: the day/month order of CreatedDateTime is still undecided after ${MAX_ROWS_BEFORE_DATE_ORDER} rows (no day above 12); pass --date-order dmy or --date-order mdy`,
          { file: this.#file, line },
        );
      }
      return [];
    }
    if (this.dateOrderFrom === "file" && this.#time >= 0) {
      const v = fields[this.#time];
      if (v !== undefined) this.#observe(v, line);
    }
    const out = this.#drain(ctx);
    out.push({ line, result: this.#map(fields, line, ctx) });
    return out;
  }

  /**
   * Ends the file.
   *
   * @returns the rows still held back
   * @throws {InputError} when the dates need a day/month order the file does not decide
   */
  end(ctx: MapContext): CsvRowResult[] {
    if (this.dateOrder === null) {
      if (this.#detector.ambiguous > 0) {
        throw new InputError(
          `Cannot read powershell-csv: the dates in CreatedDateTime (e.g. ${
            JSON.stringify(this.#firstAmbiguous())
          }) can be read day-first or month-first and no value decides (none has a day above 12); pass --date-order dmy or --date-order mdy`,
          { file: this.#file },
        );
      }
      this.dateOrder = "mdy";
      this.dateOrderFrom = "notNeeded";
    }
    return this.#drain(ctx);
  }

  /** Key fields the file lacks or holds only as .NET type names (call after {@linkcode end}). */
  missingFields(): MissingField[] {
    const out: MissingField[] = [];
    const has = (name: string) => {
      const c = this.#cols.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (c === undefined) return "absent" as const;
      return c.values === 0 && c.typeNames > 0 ? "typeName" as const : null;
    };
    for (const f of POWERSHELL_CSV_KEY_FIELDS) {
      let why = has(f.column);
      if (why !== null && f.column === "UserPrincipalName" && has("UserId") === null) why = null;
      if (why !== null && f.column.includes(".")) {
        // `Status` written in full as JSON text also carries `Status.ErrorCode`.
        const parent = has(f.column.split(".")[0]!);
        if (parent === null) why = null;
      }
      if (why !== null) out.push({ column: f.column, why, without: f.without });
    }
    return out;
  }

  #firstAmbiguous(): string {
    for (const h of this.#held) {
      const v = h.fields[this.#time];
      if (v !== undefined && dateOrderEvidence(v) === "either") return v.trim();
    }
    return "";
  }

  #observe(v: string, line: number): void {
    const contradiction = this.#detector.observe(v, line);
    if (contradiction !== null) {
      throw new InputError(`Cannot read powershell-csv: ${contradiction}`, { file: this.#file, line });
    }
    if (this.dateOrder === null && this.#detector.order !== null) {
      this.dateOrder = this.#detector.order;
      this.dateOrderFrom = "file";
    }
  }

  #drain(ctx: MapContext): CsvRowResult[] {
    const held = this.#held;
    if (held.length === 0) return [];
    this.#held = [];
    return held.map((h) => ({ line: h.line, result: this.#map(h.fields, h.line, ctx) }));
  }

  #map(fields: readonly string[], line: number, ctx: MapContext): MapResult {
    if (fields.length !== this.#width) {
      return { kind: "bad", reason: `expected ${this.#width} fields as in the header, got ${fields.length}` };
    }
    const o: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const raw = fields[i]!;
      if (raw === "") continue;
      const col = this.#cols[i]!;
      if (isDotNetTypeName(raw.trim())) {
        col.typeNames++;
        continue;
      }
      col.values++;
      let v: unknown = raw;
      const t = raw.trim();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          v = JSON.parse(t);
        } catch {
          v = raw;
        }
      }
      let target = o;
      for (let k = 0; k < col.path.length - 1; k++) {
        const key = col.path[k]!;
        const next = target[key];
        if (typeof next === "object" && next !== null && !Array.isArray(next)) {
          target = next as Record<string, unknown>;
        } else {
          const fresh: Record<string, unknown> = {};
          target[key] = fresh;
          target = fresh;
        }
      }
      target[col.path[col.path.length - 1]!] = v;
    }
    let g: Record<string, unknown>;
    try {
      g = powerShellToGraph(o) as Record<string, unknown>;
    } catch (e) {
      if (e instanceof DepthCutError) return { kind: "bad", reason: e.message };
      throw e;
    }
    if (this.#time >= 0) {
      const raw = fields[this.#time]?.trim() ?? "";
      if (raw !== "") {
        const d = parseUtcDateTime(raw, this.dateOrder ?? "mdy");
        if (d === null) {
          return {
            kind: "bad",
            reason: `CreatedDateTime: expected a date and time, got ${JSON.stringify(raw)}`,
          };
        }
        g.createdDateTime = d.iso;
      }
    }
    return mapGraphSignIn(g, ctx, line);
  }
}
