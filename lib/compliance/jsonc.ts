/**
 * A small, strict JSONC reader for policy files: JSON plus `//` and `/* … *\/` comments and
 * trailing commas, nothing else (no single quotes, no unquoted keys, no `NaN`). Every value's
 * line and column is kept under its path (`rules[2].threshold`) so a validator can point at the
 * exact place of a bad value. Duplicate keys are an error rather than "last one wins".
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";

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

class Reader {
  readonly text: string;
  readonly file: string;
  readonly what: string;
  i = 0;
  readonly positions = new Map<string, TextPosition>();

  constructor(text: string, file: string, what: string) {
    this.text = text;
    this.file = file;
    this.what = what;
  }

  position(at: number): TextPosition {
    let line = 1, start = 0;
    for (let k = 0; k < at; k++) {
      if (this.text.charCodeAt(k) === 10) {
        line++;
        start = k + 1;
      }
    }
    return { line, column: at - start + 1 };
  }

  fail(detail: string, at = this.i): never {
    const p = this.position(at);
    throw new InputError(`Cannot read the ${this.what}: ${detail}`, {
      file: this.file,
      line: p.line,
      column: p.column,
    });
  }

  describeHere(): string {
    if (this.i >= this.text.length) return "the end of the file";
    const c = this.text.codePointAt(this.i) as number;
    return JSON.stringify(String.fromCodePoint(c));
  }

  skipSpace(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        this.i++;
      } else if (c === 47 && t.charCodeAt(this.i + 1) === 47) {
        while (this.i < t.length && t.charCodeAt(this.i) !== 10 && t.charCodeAt(this.i) !== 13) this.i++;
      } else if (c === 47 && t.charCodeAt(this.i + 1) === 42) {
        const end = t.indexOf("*/", this.i + 2);
        if (end < 0) this.fail('expected "*/" to close this comment');
        this.i = end + 2;
      } else {
        return;
      }
    }
  }

  value(path: string, depth: number): unknown {
    this.skipSpace();
    if (depth > MAX_DEPTH) this.fail(`expected at most ${MAX_DEPTH} levels of nesting`);
    this.positions.set(path, this.position(this.i));
    const c = this.text[this.i];
    switch (c) {
      case "{":
        return this.object(path, depth);
      case "[":
        return this.array(path, depth);
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", null);
      default:
        if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
        return this.fail(`expected a value, got ${this.describeHere()}`);
    }
  }

  literal<T>(word: string, v: T): T {
    if (this.text.startsWith(word, this.i) && !/[A-Za-z0-9_$]/.test(this.text[this.i + word.length] ?? "")) {
      this.i += word.length;
      return v;
    }
    return this.fail(`expected a value, got ${this.describeHere()}`);
  }

  number(): number {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(
      this.text.slice(this.i, this.i + 400),
    );
    if (m === null || /[A-Za-z0-9_.]/.test(this.text[this.i + m[0].length] ?? "")) {
      this.fail("expected a JSON number (digits, optional fraction and exponent)");
    }
    this.i += m[0].length;
    return Number(m[0]);
  }

  string(): string {
    const t = this.text;
    const start = this.i;
    this.i++; // opening quote
    let out = "";
    let run = this.i;
    while (true) {
      if (this.i >= t.length) this.fail("expected a closing '\"' for this string", start);
      const c = t.charCodeAt(this.i);
      if (c === 34) {
        out += t.slice(run, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) {
        this.fail("expected no control characters (line breaks, tabs) inside a string; use \\n or \\t");
      }
      if (c !== 92) {
        this.i++;
        continue;
      }
      out += t.slice(run, this.i);
      const e = t[this.i + 1];
      const simple: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.i += 2;
      } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(t.slice(this.i + 2, this.i + 6))) {
        out += String.fromCharCode(parseInt(t.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else {
        this.fail('expected an escape such as \\", \\\\, \\n or \\u0041 after the backslash');
      }
      run = this.i;
    }
  }

  array(path: string, depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++; // [
    while (true) {
      this.skipSpace();
      if (this.text[this.i] === "]") {
        this.i++;
        return out;
      }
      out.push(this.value(elementPath(path, out.length), depth + 1));
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ",") this.i++;
      else if (c !== "]") this.fail(`expected "," or "]" after an array element, got ${this.describeHere()}`);
    }
  }

  object(path: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++; // {
    while (true) {
      this.skipSpace();
      const c = this.text[this.i];
      if (c === "}") {
        this.i++;
        return out;
      }
      if (c !== '"') this.fail(`expected a key in double quotes or "}", got ${this.describeHere()}`);
      const keyAt = this.i;
      const key = this.string();
      if (Object.hasOwn(out, key)) this.fail(`${memberPath(path, key)}: duplicate key`, keyAt);
      this.skipSpace();
      if (this.text[this.i] !== ":") this.fail(`expected ":" after the key, got ${this.describeHere()}`);
      this.i++;
      const v = this.value(memberPath(path, key), depth + 1);
      // defineProperty: a "__proto__" key stays an ordinary (rejected-later) key.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const d = this.text[this.i];
      if (d === ",") this.i++;
      else if (d !== "}") this.fail(`expected "," or "}" after a member, got ${this.describeHere()}`);
    }
  }
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
  const r = new Reader(text.replace(/^\uFEFF/, ""), file, what);
  r.skipSpace();
  if (r.i >= r.text.length) r.fail("expected a JSON value, got an empty file");
  const value = r.value("", 0);
  r.skipSpace();
  if (r.i < r.text.length) r.fail(`expected the end of the file after the value, got ${r.describeHere()}`);
  return { value, positions: r.positions };
}
