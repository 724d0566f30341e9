/**
 * JSON with comments, through the npm `jsonc-parser` package (pinned in deno.json): policy and
 * baseline files (JSON plus `//` and `/* … *\/` comments and trailing commas, nothing else), and
 * the line and column of the first syntax error of a strict JSON record (registration exports).
 * Every value's line and column is kept under its path (`rules[2].threshold`) so a validator can
 * point at the exact place of a bad value. Duplicate keys are an error rather than "last one
 * wins"; nesting deeper than 64 levels is refused before parsing.
 *
 * @module
 */
import { createScanner, type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { InputError } from "../errors.ts";
import { scanLineBreaks } from "./lines.ts";

/** A 1-based line and column (UTF-16 code units). */
export interface TextPosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** A parsed document: the value and where each value (by path) starts. */
export interface JsoncDocument {
  /** The value, as `JSON.parse` would give it (objects have no prototype surprises). */
  readonly value: unknown;
  /** Path (`""` for the root, `rules[2].threshold`, `scope["odd key"]`) → start of its value. */
  readonly positions: ReadonlyMap<string, TextPosition>;
}

const MAX_DEPTH = 64;

/** jsonc-parser's `SyntaxKind` values (a const enum, which isolated modules cannot read). */
const OPEN_BRACE = 1, CLOSE_BRACE = 2, OPEN_BRACKET = 3, CLOSE_BRACKET = 4, COMMA = 5;
const LINE_COMMENT = 12, BLOCK_COMMENT = 13, EOF = 17;

/**
 * The path of an object member: `a.b` for identifier-like keys, `a["odd key"]` otherwise.
 *
 * @example Usage
 * ```ts
 * import { memberPath } from "./jsonc.ts";
 * import assert from "node:assert/strict";
 * assert.equal(memberPath("", "rules"), "rules");
 * assert.equal(memberPath("rules[2]", "threshold"), "rules[2].threshold");
 * assert.equal(memberPath("scope", "odd key"), 'scope["odd key"]');
 * ```
 */
export function memberPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * The path of an array element: `rules[2]`.
 *
 * @example Usage
 * ```ts
 * import { elementPath } from "./jsonc.ts";
 * import assert from "node:assert/strict";
 * assert.equal(elementPath("rules", 2), "rules[2]");
 * ```
 */
export function elementPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/**
 * Line (0-based, relative) and column (1-based) of an offset.
 *
 * @example
 * ```ts
 * import { lineColumnOf } from "./jsonc.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(lineColumnOf("ab\ncd", 4), { lineOffset: 1, column: 2 });
 * ```
 */
export function lineColumnOf(text: string, offset: number): { lineOffset: number; column: number } {
  const at = Math.min(offset, text.length);
  const b = scanLineBreaks(text, at);
  return { lineOffset: b.count, column: at - (b.last + 1) + 1 };
}

function positionOf(text: string, offset: number): TextPosition {
  const lc = lineColumnOf(text, offset);
  return { line: lc.lineOffset + 1, column: lc.column };
}

function describeAt(text: string, offset: number): string {
  return offset >= text.length ? "the end of the file" : JSON.stringify(text[offset]);
}

/**
 * Where an offset stands: inside an object or an array (or neither), and whether the token
 * before it opens that container or is a comma (so a key or a value is due).
 */
function contextAt(text: string, offset: number): { container: "{" | "[" | null; due: boolean } {
  const s = createScanner(text, true);
  const stack: ("{" | "[")[] = [];
  let last = -1;
  for (let k: number = s.scan(); k !== EOF && s.getTokenOffset() < offset; k = s.scan()) {
    if (k === OPEN_BRACE) stack.push("{");
    else if (k === OPEN_BRACKET) stack.push("[");
    else if (k === CLOSE_BRACE || k === CLOSE_BRACKET) stack.pop();
    if (k !== LINE_COMMENT && k !== BLOCK_COMMENT) last = k;
  }
  return {
    container: stack.at(-1) ?? null,
    due: last === OPEN_BRACE || last === OPEN_BRACKET || last === COMMA,
  };
}

/** What each syntax error means, in the project's "expected …, got …" style. */
function errorDetail(e: ParseError, text: string): string {
  const got = describeAt(text, e.offset);
  const code = printParseErrorCode(e.error);
  if (code === "InvalidSymbol" || code === "ValueExpected" || code === "CommaExpected") {
    const at = contextAt(text, e.offset);
    if (at.container === "{" && at.due) return `expected a key in double quotes or "}", got ${got}`;
    if (code === "CommaExpected" && at.container === "{") {
      return `expected "," or "}" after a member, got ${got}`;
    }
    if (code === "CommaExpected" && at.container === "[") {
      return `expected "," or "]" after an array element, got ${got}`;
    }
  }
  switch (code) {
    case "PropertyNameExpected":
      return `expected a key in double quotes or "}", got ${got}`;
    case "ColonExpected":
      return `expected ":" after the key, got ${got}`;
    case "CommaExpected":
      return `expected "," or a closing bracket, got ${got}`;
    case "CloseBraceExpected":
      return `expected "," or "}" after a member, got ${got}`;
    case "CloseBracketExpected":
      return `expected "," or "]" after an array element, got ${got}`;
    case "EndOfFileExpected":
      return `expected the end of the file after the value, got ${got}`;
    case "InvalidCommentToken":
      return "expected no comments (this is JSON, not JSONC)";
    case "UnexpectedEndOfComment":
      return 'expected "*/" to close this comment';
    case "UnexpectedEndOfString":
      return "expected a closing '\"' for this string";
    case "InvalidNumberFormat":
    case "UnexpectedEndOfNumber":
      return "expected a JSON number (digits, optional fraction and exponent)";
    case "InvalidUnicode":
      return "expected 4 hex digits after \\u";
    case "InvalidEscapeCharacter":
      return 'expected an escape such as \\", \\\\, \\n or \\u0041 after the backslash';
    case "InvalidCharacter":
      return "expected no control characters (line breaks, tabs) inside a string; use \\n or \\t";
    default: // InvalidSymbol, ValueExpected
      return `expected a value, got ${got}`;
  }
}

/** Offset of the first bracket nested deeper than {@linkcode MAX_DEPTH}, or -1. */
function tooDeep(text: string): number {
  const s = createScanner(text, false);
  let depth = 0;
  for (let k: number = s.scan(); k !== EOF; k = s.scan()) {
    if (k === OPEN_BRACE || k === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH) return s.getTokenOffset();
    } else if (k === CLOSE_BRACE || k === CLOSE_BRACKET) {
      depth--;
    }
  }
  return -1;
}

/** Sets a member as an own data property (a `__proto__` key stays an ordinary key). */
function setMember(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Parses JSONC text.
 *
 * @param text the file's text (a leading byte-order mark is ignored)
 * @param file the file name, for error messages
 * @param what what the file is, for error messages (`"compliance policy"`)
 * @returns the value and the position of every value by path
 * @throws {InputError} `file:line:column: Cannot read the <what>: <detail>` for bad syntax or a duplicate key
 *
 * @example Comments, trailing commas and positions
 * ```ts
 * import { parseJsonc } from "./jsonc.ts";
 * import assert from "node:assert/strict";
 * const doc = parseJsonc('{\n  // rules\n  "rules": [{ "threshold": 95, }, ], /* end *\/\n}', "p.jsonc", "policy");
 * assert.deepEqual(doc.value, { rules: [{ threshold: 95 }] });
 * assert.deepEqual(doc.positions.get("rules[0].threshold"), { line: 3, column: 28 });
 * assert.throws(() => parseJsonc('{"a": 1, "a": 2}', "p.jsonc", "policy"), /^InputError: p\.jsonc:1:10: Cannot read the policy: a: duplicate key$/);
 * assert.throws(() => parseJsonc("{'a': 1}", "p.jsonc", "policy"), /p\.jsonc:1:2: .*expected a key in double quotes/);
 * ```
 */
export function parseJsonc(text: string, file: string, what: string): JsoncDocument {
  const t = text.replace(/^\uFEFF/, "");
  const fail = (detail: string, offset: number): never => {
    const p = positionOf(t, offset);
    throw new InputError(`Cannot read the ${what}: ${detail}`, { file, line: p.line, column: p.column });
  };
  const deep = tooDeep(t);
  if (deep >= 0) fail(`expected at most ${MAX_DEPTH} levels of nesting`, deep);
  const errors: ParseError[] = [];
  const root = parseTree(t, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: true,
  });
  const first = errors[0];
  if (first !== undefined) fail(errorDetail(first, t), first.offset);
  if (root === undefined) return fail("expected a JSON value, got an empty file", t.length);
  const positions = new Map<string, TextPosition>();
  const build = (node: Node, path: string): unknown => {
    positions.set(path, positionOf(t, node.offset));
    switch (node.type) {
      case "object": {
        const o: Record<string, unknown> = {};
        for (const prop of node.children ?? []) {
          const [keyNode, valueNode] = prop.children ?? [];
          if (keyNode === undefined || valueNode === undefined) continue;
          const key = String(keyNode.value);
          const p = memberPath(path, key);
          if (Object.hasOwn(o, key)) fail(`${p}: duplicate key`, keyNode.offset);
          setMember(o, key, build(valueNode, p));
        }
        return o;
      }
      case "array":
        return (node.children ?? []).map((c, i) => build(c, elementPath(path, i)));
      default:
        return node.value;
    }
  };
  return { value: build(root, ""), positions };
}

/** The first syntax error of a JSON text. */
export interface JsonErrorSpot {
  /** 0-based offset into the text. */
  offset: number;
  /** What was wrong, e.g. `expected a value, got "}"`. */
  detail: string;
}

/**
 * Finds the first syntax error of a strict JSON text (no comments, no trailing commas), or
 * `undefined` when it is valid.
 *
 * @param text one JSON record
 * @returns where and what
 *
 * @example
 * ```ts
 * import { findJsonError } from "./jsonc.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(findJsonError('{"a": 1,\n "b": tru}'), { offset: 15, detail: 'expected a value, got "t"' });
 * assert.equal(findJsonError('[1, {"x": null}]'), undefined);
 * ```
 */
export function findJsonError(text: string): JsonErrorSpot | undefined {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  return first === undefined ? undefined : { offset: first.offset, detail: errorDetail(first, text) };
}
