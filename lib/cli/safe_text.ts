/**
 * One escaper for text from data (UPNs, display names, file content, server messages) on its
 * way to a terminal, a CI log or a plain-text list, and the table of characters every report
 * format makes visible.
 *
 * - {@linkcode INVISIBLE_CHARACTERS}: bidi overrides and marks, zero-width characters, NEL,
 *   byte-order mark, no-break space, line/paragraph separators. They can reorder or hide text
 *   (a "Trojan Source" display name) and are shown as `\u202E`-style text by
 *   {@linkcode escapeInvisible} (Markdown, CSV, JUnit/XML, Mermaid labels).
 * - {@linkcode safeText}: everything {@linkcode escapeInvisible} does, plus every C0/C1 control
 *   character (`\n`, `\r`, ESC, NUL, …) escaped, and CI log commands (`##vso[`, `##[`, a line
 *   starting with `::`) neutralised, so a value can neither start a new line, move the cursor,
 *   colour the terminal, nor make Azure Pipelines or GitHub Actions run a command.
 *
 * @module
 */

/**
 * Characters that change how text is shown without being seen themselves; each is written as
 * `\uXXXX` wherever data is rendered.
 */
export const INVISIBLE_CHARACTERS = {
  "\u0085": "next line (NEL)",
  "\u00A0": "no-break space",
  "\u061C": "Arabic letter mark",
  "\u180E": "Mongolian vowel separator",
  "\u200B": "zero width space",
  "\u200C": "zero width non-joiner",
  "\u200D": "zero width joiner",
  "\u200E": "left-to-right mark",
  "\u200F": "right-to-left mark",
  "\u2028": "line separator",
  "\u2029": "paragraph separator",
  "\u202A": "left-to-right embedding",
  "\u202B": "right-to-left embedding",
  "\u202C": "pop directional formatting",
  "\u202D": "left-to-right override",
  "\u202E": "right-to-left override",
  "\u2060": "word joiner",
  "\u2061": "function application",
  "\u2062": "invisible times",
  "\u2063": "invisible separator",
  "\u2064": "invisible plus",
  "\u2066": "left-to-right isolate",
  "\u2067": "right-to-left isolate",
  "\u2068": "first strong isolate",
  "\u2069": "pop directional isolate",
  "\uFEFF": "byte-order mark / zero width no-break space",
} as const;

/** One of {@linkcode INVISIBLE_CHARACTERS}. */
export type InvisibleCharacter = keyof typeof INVISIBLE_CHARACTERS;

const INVISIBLE_CLASS = Object.keys(INVISIBLE_CHARACTERS).join("");
// C1 controls (U+0080–U+009F) are as invisible as the table's characters and some terminals act on them.
const INVISIBLE_RE = new RegExp(`[\\u0080-\\u009F${INVISIBLE_CLASS}]`, "gu");
const CONTROL_OR_INVISIBLE_RE = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${INVISIBLE_CLASS}]`, "gu");
const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A character written as escape text: `\u202E` (`\n`, `\r`, `\t` for those three).
 *
 * @example Usage
 * ```ts
 * import { visibleEscape } from "./safe_text.ts";
 * import assert from "node:assert/strict";
 * assert.equal(visibleEscape("\u202E"), "\\u202E");
 * assert.equal(visibleEscape("\n"), "\\n");
 * assert.equal(visibleEscape("\u001b"), "\\u001B");
 * ```
 */
export function visibleEscape(ch: string): string {
  return SHORT[ch] ?? `\\u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Shows the {@linkcode INVISIBLE_CHARACTERS} and C1 controls as `\uXXXX` text (or as `spell`
 * writes them, e.g. ` U+202E ` where a backslash is not allowed); everything else is unchanged
 * (renderers escape the rest in their own syntax).
 *
 * @param text the text
 * @param spell how one character is written @default {@linkcode visibleEscape}
 *
 * @example A right-to-left override cannot reverse a display name
 * ```ts
 * import { escapeInvisible } from "./safe_text.ts";
 * import assert from "node:assert/strict";
 * assert.equal(escapeInvisible("Ana\u202Etxt.exe"), "Ana\\u202Etxt.exe");
 * assert.equal(escapeInvisible("Zoë 김민준"), "Zoë 김민준");
 * ```
 */
export function escapeInvisible(text: string, spell: (ch: string) => string = visibleEscape): string {
  return text.replace(INVISIBLE_RE, spell);
}

/**
 * Makes data safe for a terminal, a CI log or a one-value-per-line list: control characters
 * (C0, DEL, C1) and {@linkcode INVISIBLE_CHARACTERS} become `\n`/`\u001B`-style text, so the
 * result is one line with no escape sequences; `##vso[` (anywhere) and `##[` / `::` at the
 * start get their first character written as `\u0023` / `\u003A`, so Azure Pipelines and
 * GitHub Actions do not take the line for a logging or workflow command. Backslashes are kept,
 * so paths stay readable.
 *
 * @param text any value; `null`/`undefined` become `""`
 * @returns the text, changed only where it had to be
 *
 * @example Hostile UPNs
 * ```ts
 * import { safeText } from "./safe_text.ts";
 * import assert from "node:assert/strict";
 * assert.equal(safeText("a@contoso.example\n##vso[task.setvariable variable=x]y"),
 *   "a@contoso.example\\n\\u0023#vso[task.setvariable variable=x]y");
 * assert.equal(safeText("::add-mask::x"), "\\u003A:add-mask::x");
 * assert.equal(safeText("\u001b[31mred\u0000"), "\\u001B[31mred\\u0000");
 * assert.equal(safeText("ana@contoso.example"), "ana@contoso.example");
 * ```
 */
export function safeText(text: unknown): string {
  if (text === null || text === undefined) return "";
  return neutraliseCommands(String(text).replace(CONTROL_OR_INVISIBLE_RE, visibleEscape));
}

/**
 * {@linkcode safeText} for text that is several lines on purpose (a stack trace, an error with
 * its causes): each line is made safe on its own and the line breaks are kept.
 *
 * @example Usage
 * ```ts
 * import { safeLines } from "./safe_text.ts";
 * import assert from "node:assert/strict";
 * assert.equal(safeLines("error\n  ::error::x\r"), "error\n  \\u003A:error::x\\r");
 * ```
 */
export function safeLines(text: string): string {
  return text.split("\n").map(safeText).join("\n");
}

/**
 * Neutralises CI log commands in one line: `##vso[` anywhere, `##[` and `::` at the start
 * (after blanks), by writing their first character as `\u0023` / `\u003A`.
 *
 * @example Usage
 * ```ts
 * import { neutraliseCommands } from "./safe_text.ts";
 * import assert from "node:assert/strict";
 * assert.equal(neutraliseCommands("  ::error::x"), "  \\u003A:error::x");
 * assert.equal(neutraliseCommands("a::b"), "a::b");
 * ```
 */
export function neutraliseCommands(line: string): string {
  return line.replace(/##vso\[/gi, (m) => `\\u0023${m.slice(1)}`)
    .replace(/^(\s*)##\[/, "$1\\u0023#[")
    .replace(/^(\s*)::/, "$1\\u003A:");
}
