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
