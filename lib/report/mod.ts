/**
 * Output primitives every task uses: escaped Markdown (tables, lists, Mermaid charts),
 * formula-safe CSV, JSON/NDJSON, and atomic file output.
 *
 * @example Build a small report
 * ```ts
 * import { markdownDocument, markdownHeading, markdownTable } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const md = markdownDocument([markdownHeading(1, "MFA"), markdownTable(["User"], [["<b>"]])]);
 * assert.equal(md, "# MFA\n\n| User |\n| :--- |\n| &lt;b&gt; |\n");
 * ```
 *
 * @module
 */
export * from "./markdown.ts";
export * from "./csv.ts";
export * from "./json.ts";
export * from "./output.ts";
export * from "./format.ts";
