/**
 * Markdown building blocks for reports. Every piece of text that comes from data (display
 * names, app names, failure reasons: attacker-controlled) goes through {@linkcode escapeMarkdown},
 * so it renders as literal text in GitHub Markdown: no HTML, no links, no emphasis, no broken
 * table rows.
 *
 * @module
 */

import { escapeInvisible } from "../cli/safe_text.ts";

const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Escapes text so GitHub Markdown shows it literally, also inside a table cell:
 * `&`, `<`, `>` become entities; `\`, `|`, backtick, `[`, `]`, `*`, `_`, `~`, `!` and `$` get a
 * backslash; CR/LF/tab and other C0 control characters become spaces; bidi overrides, zero-width
 * characters, NEL, BOM, no-break space, line/paragraph separators and C1 controls are shown as
 * `\u202E`-style text ({@linkcode escapeInvisible}); a leading `#`, `-`, `+`, `=`, `::`
 * or digit-dot list marker is escaped; `://` and `www.` are broken with an entity so GitHub's
 * autolinker does not turn a URL into a link. Email addresses (UPNs) are left readable.
 *
 * @param text any value; `null`/`undefined` become an empty string
 * @returns safe Markdown inline text
 *
 * @example Hostile display name
 * ```ts
 * import { escapeMarkdown } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(
 *   escapeMarkdown("x|y <img src=x> [a](http://e)"),
 *   "x\\|y &lt;img src=x&gt; \\[a\\](http&#58;//e)",
 * );
 * ```
 */
export function escapeMarkdown(text: unknown): string {
  if (text === null || text === undefined) return "";
  let s = String(text);
  // deno-lint-ignore no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f]+/g, " ");
  s = escapeInvisible(s);
  s = s.replace(/[&<>]/g, (c) => ENTITY[c] ?? c);
  s = s.replace(/[\\|`[\]*_~!$]/g, "\\$&");
  s = s.replace(/:\/\//g, "&#58;//").replace(/\b(www)\./gi, "$1&#46;");
  s = s.replace(/^(\s*)([#+=-]|:(?=:))/, "$1\\$2").replace(/^(\s*\d+)([.)])(?=\s|$)/, "$1\\$2");
  return s;
}

/** Column alignment in a Markdown table. */
export type Align = "left" | "right" | "center";

/**
 * A table cell: text is escaped; numbers are formatted with thousands separators;
 * `{ markdown }` is trusted Markdown written by this toolkit (never data), used as is.
 */
export type Cell = string | number | boolean | null | undefined | TrustedMarkdown;

/** Markdown written by the toolkit itself (a link in advice text), inserted without escaping. */
export interface TrustedMarkdown {
  /** The Markdown. */
  markdown: string;
}

/**
 * Escapes the toolkit's own advice text like {@linkcode escapeMarkdown}, then turns its
 * `https://` URLs back into working links (`[url](url)`). Only for text from the toolkit's
 * tables, never for data: data URLs stay broken on purpose.
 *
 * @example
 * ```ts
 * import { adviceMarkdown } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(
 *   adviceMarkdown("Register at https://aka.ms/mysecurityinfo, or ask.").markdown,
 *   "Register at [https://aka.ms/mysecurityinfo](https://aka.ms/mysecurityinfo), or ask.",
 * );
 * ```
 */
export function adviceMarkdown(text: string): TrustedMarkdown {
  return {
    markdown: escapeMarkdown(text).replace(
      /https&#58;\/\/([A-Za-z0-9.\-]+(?:\/[A-Za-z0-9\-]+)*)/g,
      (_, rest: string) => `[https://${rest}](https://${rest})`,
    ),
  };
}

/** Options of {@linkcode markdownTable}. */
export interface TableOptions {
  /** Alignment per column. @default numbers right, text left */
  align?: Align[];
  /** Text shown instead of an empty table. @default "_(none)_" */
  empty?: string;
}

/**
 * Formats a number for a report: integers with thousands separators (en-US), others to at
 * most 1 decimal place.
 *
 * @example
 * ```ts
 * import { formatNumber } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatNumber(1234567), "1,234,567");
 * assert.equal(formatNumber(12.345), "12.3");
 * ```
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Number.isInteger(n)
    ? n.toLocaleString("en-US")
    : n.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/**
 * Formats a share as a percentage with one decimal (`"—"` when the total is 0).
 *
 * @example
 * ```ts
 * import { formatPercent } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatPercent(1, 3), "33.3%");
 * assert.equal(formatPercent(0, 0), "—");
 * ```
 */
export function formatPercent(part: number, total: number): string {
  if (total === 0) return "—";
  return `${(Math.round((part / total) * 1000) / 10).toFixed(1)}%`;
}

function cellText(c: Cell): string {
  if (typeof c === "number") return formatNumber(c);
  if (typeof c === "object" && c !== null) return c.markdown.replace(/[\r\n|]+/g, " ");
  if (typeof c === "boolean") return c ? "yes" : "no";
  return escapeMarkdown(c);
}

/**
 * Renders a GitHub Markdown table; every header and cell is escaped.
 *
 * @param headers column titles
 * @param rows one array of cells per row (missing cells are empty)
 * @returns the table, ending with a newline
 *
 * @example
 * ```ts
 * import { markdownTable } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(
 *   markdownTable(["User", "Sign-ins"], [["a|b", 1200]]),
 *   "| User | Sign-ins |\n| :--- | ---: |\n| a\\|b | 1,200 |\n",
 * );
 * ```
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string {
  if (rows.length === 0) return `${options.empty ?? "_(none)_"}\n`;
  const align = headers.map((_, i) =>
    options.align?.[i] ?? (typeof rows[0]?.[i] === "number" ? "right" : "left")
  );
  const sep = align.map((a) => (a === "right" ? "---:" : a === "center" ? ":---:" : ":---"));
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const out = [line(headers.map(escapeMarkdown)), line(sep)];
  for (const r of rows) out.push(line(headers.map((_, i) => cellText(r[i]))));
  return out.join("\n") + "\n";
}

/**
 * A heading of the given level with escaped text.
 *
 * @example
 * ```ts
 * import { markdownHeading } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(markdownHeading(2, "Who <b>"), "## Who &lt;b&gt;\n");
 * ```
 */
export function markdownHeading(level: 1 | 2 | 3 | 4, text: string): string {
  return `${"#".repeat(level)} ${escapeMarkdown(text)}\n`;
}

/**
 * A bulleted list; each item escaped.
 *
 * @example
 * ```ts
 * import { markdownList } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(markdownList(["a", "-b"]), "- a\n- \\-b\n");
 * ```
 */
export function markdownList(items: readonly Cell[]): string {
  return items.map((i) => `- ${cellText(i)}\n`).join("");
}

/**
 * A Mermaid-safe label: Mermaid strings cannot contain `"`; `#`, `;`, `<`, `>`, `&` and
 * newlines are replaced too, invisible characters are shown as ` U+202E `, and the label is cut
 * to 60 characters.
 */
function mermaidLabel(text: string, max = 60): string {
  const shown = escapeInvisible(
    text,
    (c) => ` U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} `,
  );
  // deno-lint-ignore no-control-regex
  const s = shown.replace(/[\u0000-\u001f"#;<>&`\\{}[\]|]+/g, " ").replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s || "(empty)";
}

/** Most slices a pie shows; the smaller rest is pooled into one "Other" slice. */
export const PIE_MAX_SLICES = 8;

/** Longest label of a pie slice (the table beside the chart has the full name). */
export const PIE_LABEL_MAX = 40;

/** Longest label of a bar (the table beside the chart has the full name). */
export const BAR_LABEL_MAX = 28;

/**
 * The slices a pie shows: zero slices left out; when more than {@linkcode PIE_MAX_SLICES}
 * remain, the largest `PIE_MAX_SLICES - 1` (in their order) and one "Other (N more)" slice
 * with the rest, so the total stays the same.
 *
 * @example
 * ```ts
 * import { pieSlices } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * const s = pieSlices(Array.from({ length: 10 }, (_, i) => [`m${i}`, 10 - i] as const));
 * assert.equal(s.length, 8);
 * assert.deepEqual(s[7], ["Other (3 more)", 3 + 2 + 1]);
 * ```
 */
export function pieSlices(slices: readonly (readonly [string, number])[]): [string, number][] {
  const shown = slices.filter(([, v]) => v > 0).map(([l, v]): [string, number] => [l, v]);
  if (shown.length <= PIE_MAX_SLICES) return shown;
  const keep = new Set(
    shown.map((s, i) => [s[1], i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, PIE_MAX_SLICES - 1).map(([, i]) => i),
  );
  const rest = shown.filter((_, i) => !keep.has(i));
  return [
    ...shown.filter((_, i) => keep.has(i)),
    [`Other (${rest.length} more)`, rest.reduce((n, [, v]) => n + v, 0)],
  ];
}

/**
 * A Mermaid pie chart in a fenced block (GitHub renders it). Zero slices are left out, at
 * most {@linkcode PIE_MAX_SLICES} are drawn ({@linkcode pieSlices}); labels are sanitised (no
 * quotes, HTML or directives can get through) and cut to {@linkcode PIE_LABEL_MAX} characters.
 *
 * @example
 * ```ts
 * import { mermaidPie } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * const md = mermaidPie("Methods", [["SMS", 3], ["None", 0], ['a"b', 1]]);
 * assert.match(md, /^.{3}mermaid\npie showData\n    title Methods\n    "SMS" : 3\n    "a b" : 1\n/);
 * assert.doesNotMatch(md, /None/);
 * ```
 */
export function mermaidPie(title: string, slices: readonly (readonly [string, number])[]): string {
  const lines = ["```mermaid", "pie showData", `    title ${mermaidLabel(title)}`];
  for (const [label, value] of pieSlices(slices)) {
    lines.push(`    "${mermaidLabel(label, PIE_LABEL_MAX)}" : ${value}`);
  }
  return lines.join("\n") + "\n```\n";
}

/**
 * A Mermaid bar chart (`xychart-beta`) in a fenced block; labels are cut to
 * {@linkcode BAR_LABEL_MAX} characters (the table beside the chart has the full names).
 *
 * @example
 * ```ts
 * import { mermaidBar } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * const md = mermaidBar("Failures by day", [["11-01", 2], ["11-02", 5]]);
 * assert.match(md, /x-axis \["11-01", "11-02"\]/);
 * assert.match(md, /bar \[2, 5\]/);
 * ```
 */
export function mermaidBar(
  title: string,
  bars: readonly (readonly [string, number])[],
  yLabel = "count",
): string {
  const labels = bars.map(([l]) => `"${mermaidLabel(l, BAR_LABEL_MAX)}"`).join(", ");
  const values = bars.map(([, v]) => (Number.isFinite(v) ? v : 0)).join(", ");
  const max = Math.max(1, ...bars.map(([, v]) => v));
  return [
    "```mermaid",
    "xychart-beta horizontal",
    `    title "${mermaidLabel(title)}"`,
    `    x-axis [${labels}]`,
    `    y-axis "${mermaidLabel(yLabel)}" 0 --> ${max}`,
    `    bar [${values}]`,
    "```",
  ].join("\n") + "\n";
}

/**
 * A GitHub alert box (`> [!NOTE]` / `> [!WARNING]`) with escaped lines.
 *
 * @example
 * ```ts
 * import { markdownCallout } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(markdownCallout("note", ["a", "b"]), "> [!NOTE]\n> a\n>\n> b\n");
 * ```
 */
export function markdownCallout(kind: "note" | "warning" | "caution", lines: readonly string[]): string {
  const body = lines.map(escapeMarkdown).join("\n>\n> ");
  return `> [!${kind.toUpperCase()}]\n> ${body}\n`;
}

/**
 * Joins blocks (headings, tables, paragraphs) with one blank line between them and a single
 * trailing newline.
 *
 * @example
 * ```ts
 * import { markdownDocument } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * assert.equal(markdownDocument(["# T\n", "text\n"]), "# T\n\ntext\n");
 * ```
 */
export function markdownDocument(blocks: readonly string[]): string {
  return blocks.map((b) => b.replace(/\n+$/, "")).filter((b) => b.length > 0).join("\n\n") + "\n";
}
