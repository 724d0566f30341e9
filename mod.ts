/**
 * entra-mfa-toolkit: MFA registration and sign-in reporting for Microsoft Entra ID through
 * Microsoft Graph, run with Deno. This module is the public library API: typed classifiers,
 * the Graph access layer, sign-in readers and the report builders the tasks use.
 *
 * @example Classify an MFA result and escape it for a Markdown table
 * ```ts
 * import { classifyMfaResult, markdownTable } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const r = classifyMfaResult("MFA denied; user declined the authentication");
 * assert.equal(r.kind, "denied");
 * assert.equal(markdownTable(["Name"], [["a|b"]]), "| Name |\n| :--- |\n| a\\|b |\n");
 * ```
 *
 * @module
 */
export * from "./lib/cli/mod.ts";
export * from "./lib/report/mod.ts";
export * from "./lib/classify/mod.ts";
