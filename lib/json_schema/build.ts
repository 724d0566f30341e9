/**
 * The JSON Schema files of `schemas/`, generated from the `zod` schemas the code validates
 * with (`deno task schemas` writes them; a test fails when the committed files differ).
 *
 * @module
 */
import { z } from "zod";
import { POLICY_SCHEMA } from "../compliance/policy.ts";
import { COMPLIANCE_REPORT_SCHEMA } from "../compliance/report_schema.ts";
import { EXPORT_STATE_SCHEMA } from "../export/state.ts";
import { REGISTRATION_REPORT_SCHEMA } from "../registration/report_schema.ts";
import { SIGNINS_REPORT_SCHEMA } from "../signins_report/report_schema.ts";
import { MFA_SERVER_REPORT_SCHEMA } from "../mfa_server/report_schema.ts";

/** Where the files are, relative to the project root. */
export const SCHEMA_DIR = "schemas";

/** Each file: its name, the schema, and whether it describes what is read (input) or written (output). */
export const JSON_SCHEMA_FILES = [
  { file: "compliance-policy.schema.json", schema: POLICY_SCHEMA, io: "input" },
  { file: "signins-export-state.schema.json", schema: EXPORT_STATE_SCHEMA, io: "output" },
  { file: "registration-report.schema.json", schema: REGISTRATION_REPORT_SCHEMA, io: "output" },
  { file: "compliance-report.schema.json", schema: COMPLIANCE_REPORT_SCHEMA, io: "output" },
  { file: "signins-report.schema.json", schema: SIGNINS_REPORT_SCHEMA, io: "output" },
  { file: "mfa-server-report.schema.json", schema: MFA_SERVER_REPORT_SCHEMA, io: "output" },
] as const satisfies readonly { file: string; schema: z.ZodType; io: "input" | "output" }[];

/**
 * The text of every schema file (2-space JSON, final newline), by file name.
 *
 * @example
 * ```ts
 * import { buildJsonSchemas } from "./build.ts";
 * import assert from "node:assert/strict";
 * const files = buildJsonSchemas();
 * const policy = JSON.parse(files.get("compliance-policy.schema.json") ?? "{}");
 * assert.equal(policy.$schema, "https://json-schema.org/draft/2020-12/schema");
 * assert.equal(policy.additionalProperties, false);
 * ```
 */
export function buildJsonSchemas(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of JSON_SCHEMA_FILES) {
    const json = z.toJSONSchema(f.schema, { io: f.io, unrepresentable: "throw" });
    out.set(f.file, `${JSON.stringify(json, null, 2)}\n`);
  }
  return out;
}
