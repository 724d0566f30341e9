/**
 * The output formats a task can write (`--format`).
 *
 * @module
 */
import { isTableKey } from "../classify/_enum.ts";
import { UsageError } from "../errors.ts";

/** Every output format, with what it is for. */
export const OUTPUT_FORMAT = {
  text: "plain text, one value per line (the PowerShell-style default of list tasks)",
  md: "Markdown report with tables and Mermaid charts (GitHub renders both)",
  html: "one self-contained HTML page (inline CSS, SVG charts, sortable tables; no network requests)",
  csv: "CSV for spreadsheets (formula-safe; --bom for Excel)",
  json: "one JSON document with a versioned schema",
  ndjson: "one JSON object per line, for pipelines",
} as const;

/** An output format id. */
export type OutputFormat = keyof typeof OUTPUT_FORMAT;

/** Type guard for {@linkcode OutputFormat}. */
export const isOutputFormat = (v: unknown): v is OutputFormat => isTableKey(OUTPUT_FORMAT, v);

/**
 * Parses a `--format` value against the formats a task supports.
 *
 * @throws {UsageError} for any other value
 *
 * @example
 * ```ts
 * import { parseOutputFormat } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseOutputFormat("json", ["md", "json"]), "json");
 * assert.throws(() => parseOutputFormat("csv", ["md", "json"]), /expected one of md, json/);
 * ```
 */
export function parseOutputFormat<F extends OutputFormat>(value: string, allowed: readonly F[]): F {
  if ((allowed as readonly string[]).includes(value)) return value as F;
  throw new UsageError(
    `Cannot use --format ${JSON.stringify(value)}: expected one of ${allowed.join(", ")}`,
  );
}

/** File extensions that name a format other than their own spelling (every format id is its own extension). */
const EXTENSION_ALIASES = {
  markdown: "md",
  htm: "html",
  jsonl: "ndjson",
  txt: "text",
} as const satisfies Record<
  string,
  OutputFormat
>;

/**
 * Picks a format from an output file's extension, or `undefined`: every format id is its own
 * extension (`.md`, `.csv`, `.json`, `.ndjson`, …, so a new format needs no change here), and
 * `.markdown`, `.jsonl` and `.txt` are read as md, ndjson and text.
 *
 * @example
 * ```ts
 * import { formatFromPath } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatFromPath("out/report.md"), "md");
 * assert.equal(formatFromPath("x.jsonl"), "ndjson");
 * assert.equal(formatFromPath("r.html"), "html");
 * assert.equal(formatFromPath("x"), undefined);
 * assert.equal(formatFromPath("signins.ndjson.gz"), undefined);
 * ```
 */
export function formatFromPath(path: string | undefined): OutputFormat | undefined {
  const ext = path?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === undefined) return undefined;
  const id = Object.hasOwn(EXTENSION_ALIASES, ext)
    ? EXTENSION_ALIASES[ext as keyof typeof EXTENSION_ALIASES]
    : ext;
  return isOutputFormat(id) ? id : undefined;
}
