/**
 * Private: where a JSON text first goes wrong, for a one-line error with line and column
 * (V8's `JSON.parse` messages do not always carry a position, and quote the text, newlines
 * included).
 *
 * @module
 */

/** The first syntax error of a JSON text. */
export interface JsonErrorSpot {
  /** 0-based offset into the text. */
  offset: number;
  /** What was wrong, e.g. `unexpected "}" (expected a value)`. */
  detail: string;
}

const WS = /[ \t\n\r]/;

/**
 * Finds the first syntax error of a JSON text, or `undefined` when it is valid.
 *
 * @example
 * ```ts
 * import { findJsonError } from "./_json_error.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(findJsonError('{"a": 1,\n "b": tru}'), { offset: 15, detail: 'unexpected "t" (expected a value)' });
 * assert.equal(findJsonError('[1, {"x": null}]'), undefined);
 * ```
 */
export function findJsonError(text: string): JsonErrorSpot | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    const got = i >= text.length ? "the end of the record" : JSON.stringify(text[i]);
    throw { offset: i, detail: `unexpected ${got} (expected ${expected})` } satisfies JsonErrorSpot;
  };
  const ws = () => {
    while (i < text.length && WS.test(text[i] as string)) i++;
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('a closing "');
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail("4 hex digits after \\u");
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail('an escape such as \\n or \\"');
        }
        continue;
      }
      if (c < " ") fail("no control character inside a string");
      i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("a double-quoted property name");
        str();
        ws();
        if (text[i] !== ":") fail('":" after the property name');
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail('"," or "}"');
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail('"," or "]"');
      }
    }
    if (c === '"') return str();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0] !== "" && m[0] !== "-") {
      i += m[0].length;
      return;
    }
    fail("a value");
  };
  try {
    value();
    ws();
    if (i < text.length) fail("the end of the record");
    return undefined;
  } catch (e) {
    if (typeof e === "object" && e !== null && "offset" in e) return e as JsonErrorSpot;
    throw e;
  }
}

/**
 * Line (0-based, relative) and column (1-based) of an offset.
 *
 * @example
 * ```ts
 * import { lineColumnOf } from "./_json_error.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(lineColumnOf("ab\ncd", 4), { lineOffset: 1, column: 2 });
 * ```
 */
export function lineColumnOf(text: string, offset: number): { lineOffset: number; column: number } {
  let lineOffset = 0, lineStart = 0;
  for (let j = 0; j < offset && j < text.length; j++) {
    if (text[j] === "\n") {
      lineOffset++;
      lineStart = j + 1;
    }
  }
  return { lineOffset, column: offset - lineStart + 1 };
}
