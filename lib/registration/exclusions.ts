/**
 * The `--exclude FILE` list: accounts an admin leaves out on purpose (break-glass accounts,
 * service accounts), one UPN or object id per line, with an optional reason after ` #`.
 *
 * ```text
 * # emergency access accounts
 * bg-admin-01@contoso.example   # break-glass, FIDO2 key in the safe
 * 2ed0d179-ff04-4231-881b-ffd00213e721
 * ```
 *
 * A `#` starts a comment only at the start of a line or after a space, so guest UPNs
 * (`…#EXT#@contoso.example`) are read whole.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { safeText } from "../cli/safe_text.ts";

/** How many characters of an entry a report or message may show when the entry matched nobody. */
export const EXCLUSION_PREVIEW_CHARS = 4;

/**
 * The most a report or message shows of an exclusion entry that matched no user (or of a line
 * that is not an entry at all): its first {@linkcode EXCLUSION_PREVIEW_CHARS} characters,
 * escaped, and `…` when there is more. A file that is not an exclusion list (a `secret.env`
 * named by mistake) then cannot copy its content into a report.
 *
 * @example Usage
 * ```ts
 * import { exclusionPreview } from "./exclusions.ts";
 * import assert from "node:assert/strict";
 * assert.equal(exclusionPreview("API_KEY=sk-live-0000"), "API_…");
 * assert.equal(exclusionPreview("u-1"), "u-1");
 * assert.equal(exclusionPreview("\u202Eab"), "\\u202Eab");
 * ```
 */
export function exclusionPreview(value: string): string {
  const chars = [...value];
  return safeText(chars.slice(0, EXCLUSION_PREVIEW_CHARS).join("")) +
    (chars.length > EXCLUSION_PREVIEW_CHARS ? "…" : "");
}

/** An entry that matched no user, as reports show it: line and a short, escaped prefix. */
export interface UnmatchedExclusion {
  /** {@linkcode exclusionPreview} of the value. */
  preview: string;
  /** 1-based line in the file. */
  line: number;
}

/**
 * The entries of a list that matched no user, reduced to line and preview.
 *
 * @param list the list
 * @param matchedLines lines of the entries that matched
 *
 * @example Usage
 * ```ts
 * import { parseExclusionList, unmatchedExclusions } from "./exclusions.ts";
 * import assert from "node:assert/strict";
 * const list = parseExclusionList("a@contoso.example\nDB_PASSWORD=hunter2\n", "x");
 * assert.deepEqual(unmatchedExclusions(list, new Set([1])), [{ preview: "DB_P…", line: 2 }]);
 * ```
 */
export function unmatchedExclusions(
  list: ExclusionList,
  matchedLines: ReadonlySet<number>,
): UnmatchedExclusion[] {
  return list.entries.filter((e) => !matchedLines.has(e.line))
    .map((e) => ({ preview: exclusionPreview(e.value), line: e.line }));
}

/** One line of the list. */
export interface ExclusionEntry {
  /** The UPN or object id as written. */
  readonly value: string;
  /** The comment after it, or `""`. */
  readonly reason: string;
  /** 1-based line in the file. */
  readonly line: number;
}

/** A parsed list, looked up case-insensitively by UPN or object id. */
export interface ExclusionList {
  /** The file it came from (`""` when built in code). */
  readonly file: string;
  /** Every entry, in file order. */
  readonly entries: readonly ExclusionEntry[];
  /** Lower-cased value → entry. */
  readonly byKey: ReadonlyMap<string, ExclusionEntry>;
}

/** An empty list. */
export const NO_EXCLUSIONS: ExclusionList = { file: "", entries: [], byKey: new Map() };

/**
 * Parses an exclusion list.
 *
 * @param text the file's text
 * @param file file name, for error messages
 * @throws {InputError} naming the line and column of a value with a space or a control character
 *   (showing only the line's first few characters: the file may not be an exclusion list at all)
 *
 * @example
 * ```ts
 * import { parseExclusionList } from "./exclusions.ts";
 * import assert from "node:assert/strict";
 * const list = parseExclusionList("# break-glass\nBG-admin-01@contoso.example  # safe\nlee_fabrikam.example#EXT#@contoso.example\n", "x.txt");
 * assert.equal(list.entries.length, 2);
 * assert.equal(list.byKey.get("bg-admin-01@contoso.example")?.reason, "safe");
 * assert.equal(list.entries[1]?.value, "lee_fabrikam.example#EXT#@contoso.example");
 * assert.throws(() => parseExclusionList("a b@contoso.example\n", "x.txt"), /^InputError: x\.txt:1:2: /);
 * ```
 */
export function parseExclusionList(text: string, file: string): ExclusionList {
  const entries: ExclusionEntry[] = [];
  const byKey = new Map<string, ExclusionEntry>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const hash = raw.search(/(^|\s)#/);
    const body = hash < 0 ? raw : raw.slice(0, hash);
    const comment = hash < 0 ? "" : raw.slice(hash).replace(/^\s*#\s*/, "").trim();
    const value = body.trim();
    if (value === "") continue;
    const start = body.indexOf(value);
    // deno-lint-ignore no-control-regex
    const bad = value.search(/[\s\u0000-\u001f\u007f]/);
    if (bad >= 0) {
      throw new InputError(
        `Cannot read the exclusion list: expected one UPN or object id per line (comments after " #"), got ` +
          `a line starting ${JSON.stringify(exclusionPreview(value))} with a space or control character`,
        { file, line: i + 1, column: start + bad + 1 },
      );
    }
    const entry: ExclusionEntry = { value, reason: comment, line: i + 1 };
    entries.push(entry);
    const key = value.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, entry);
  }
  return { file, entries, byKey };
}

/**
 * The entry that excludes a user (by UPN or object id), if any.
 *
 * @example
 * ```ts
 * import { findExclusion, parseExclusionList } from "./exclusions.ts";
 * import assert from "node:assert/strict";
 * const list = parseExclusionList("u-1\n", "x");
 * assert.equal(findExclusion(list, { id: "U-1", userPrincipalName: "a@contoso.example" })?.value, "u-1");
 * assert.equal(findExclusion(list, { id: "", userPrincipalName: "b@contoso.example" }), undefined);
 * ```
 */
export function findExclusion(
  list: ExclusionList,
  user: { readonly id: string; readonly userPrincipalName: string },
): ExclusionEntry | undefined {
  if (list.byKey.size === 0) return undefined;
  return list.byKey.get(user.userPrincipalName.toLowerCase()) ??
    (user.id !== "" ? list.byKey.get(user.id.toLowerCase()) : undefined);
}
