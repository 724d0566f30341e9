/**
 * The `$filter` forms the local server understands: comparisons on allowed properties
 * (`eq`, `ne`, and `ge`/`gt`/`le`/`lt` on dates), `startsWith(prop, '…')`,
 * `signInEventTypes/any(t: t eq '…')`, joined with `and`. Anything else is rejected with a
 * reason, which the server returns as a 400 like Graph.
 *
 * @module
 */
import type { GraphObject } from "../sample/dataset.ts";

/** What a collection allows in `$filter`. */
export interface FilterRules {
  /** Properties (paths with `/`) usable with `eq` / `ne`. */
  eq: readonly string[];
  /** Properties usable with `startsWith`. */
  startsWith: readonly string[];
  /** Date properties usable with ge/gt/le/lt/eq. */
  range: readonly string[];
  /** Collection properties usable with `any(x: x eq '…')`. */
  any: readonly string[];
}

/** A parsed filter. */
export interface ParsedFilter {
  /** Whether an item matches. */
  matches: (item: GraphObject) => boolean;
  /** Collection properties used with `any(...)` (e.g. `signInEventTypes`). */
  anyProperties: string[];
  /**
   * Inclusive bounds (epoch ms) every match's date property lies within, by property, from
   * the filter's ge/gt/le/lt/eq clauses: lets a server skip items outside them in a sorted
   * collection. `matches` still decides.
   */
  dateBounds: Record<string, { min: number; max: number }>;
}

/** Outcome of parsing: a filter, or the reason it is not supported. */
export type FilterParseResult = { kind: "ok"; filter: ParsedFilter } | { kind: "error"; message: string };

type Token =
  | { t: "str"; v: string }
  | { t: "word"; v: string }
  | { t: "num"; v: number }
  | { t: "date"; v: number; raw: string }
  | { t: "punct"; v: "(" | ")" | "," | ":" };

const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/;

function tokenize(src: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) return "unterminated string literal";
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i];
        i++;
      }
      out.push({ t: "str", v });
    } else if (c === "(" || c === ")" || c === "," || c === ":") {
      out.push({ t: "punct", v: c });
      i++;
    } else {
      const rest = src.slice(i);
      const d = DATE_RE.exec(rest);
      if (d) {
        const ms = Date.parse(d[0]);
        if (Number.isNaN(ms)) return `invalid date ${d[0]}`;
        out.push({ t: "date", v: ms, raw: d[0] });
        i += d[0].length;
        continue;
      }
      const n = /^-?\d+(\.\d+)?/.exec(rest);
      if (n) {
        out.push({ t: "num", v: Number(n[0]) });
        i += n[0].length;
        continue;
      }
      const w = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest);
      if (!w) return `unexpected character ${JSON.stringify(c)} at position ${i}`;
      out.push({ t: "word", v: w[0] });
      i += w[0].length;
    }
  }
  return out;
}

function getPath(item: GraphObject, path: string): unknown {
  let v: unknown = item;
  for (const seg of path.split("/")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

// Date strings already parsed (range filters run over every item of a collection; a big
// sign-in log would otherwise be re-parsed for every new filter). Bounded; cleared when full.
const parsedDates = new Map<string, number>();

function parseDateCached(v: string): number {
  let ms = parsedDates.get(v);
  if (ms === undefined) {
    if (parsedDates.size >= 1_000_000) parsedDates.clear();
    ms = Date.parse(v);
    parsedDates.set(v, ms);
  }
  return ms;
}

const OPS = new Set(["eq", "ne", "ge", "gt", "le", "lt"]);

/**
 * Parses a `$filter` against a collection's rules.
 *
 * @example
 * ```ts
 * import { parseFilter } from "./filter.ts";
 * import assert from "node:assert/strict";
 * const rules = { eq: ["userPrincipalName"], startsWith: ["userPrincipalName"], range: ["createdDateTime"], any: [] };
 * const r = parseFilter("userPrincipalName eq 'o''brien@contoso.example'", rules);
 * assert.equal(r.kind, "ok");
 * if (r.kind === "ok") {
 *   assert.equal(r.filter.matches({ userPrincipalName: "O'Brien@contoso.example" }), true);
 *   assert.equal(r.filter.matches({ userPrincipalName: "obrien@contoso.example" }), false);
 * }
 * assert.equal(parseFilter("displayName eq 'x'", rules).kind, "error");
 * ```
 */
export function parseFilter(src: string, rules: FilterRules): FilterParseResult {
  const tokens = tokenize(src);
  if (typeof tokens === "string") return { kind: "error", message: `Invalid filter clause: ${tokens}.` };
  let i = 0;
  const preds: ((item: GraphObject) => boolean)[] = [];
  const anyProperties: string[] = [];
  const dateBounds: Record<string, { min: number; max: number }> = {};
  const peek = () => tokens[i];
  const fail = (why: string): FilterParseResult => ({
    kind: "error",
    message: `Invalid filter clause: ${why}.`,
  });
  const expectPunct = (p: string) => {
    const t = tokens[i];
    if (t?.t === "punct" && t.v === p) {
      i++;
      return true;
    }
    return false;
  };

  for (;;) {
    const t = peek();
    if (!t || t.t !== "word") return fail(`expected a property or function at token ${i + 1}`);
    i++;
    if (t.v.toLowerCase() === "startswith") {
      if (!expectPunct("(")) return fail("expected startsWith(property, 'text')");
      const prop = peek();
      if (prop?.t !== "word") return fail("expected startsWith(property, 'text')");
      i++;
      if (!expectPunct(",")) return fail("expected startsWith(property, 'text')");
      const lit = peek();
      if (lit?.t !== "str") return fail("expected startsWith(property, 'text')");
      i++;
      if (!expectPunct(")")) return fail("expected ) after startsWith arguments");
      if (!rules.startsWith.includes(prop.v)) return fail(`startsWith is not supported on ${prop.v}`);
      const path = prop.v;
      const prefix = lit.v.toLowerCase();
      preds.push((item) => {
        const v = getPath(item, path);
        return typeof v === "string" && v.toLowerCase().startsWith(prefix);
      });
    } else if (t.v.endsWith("/any")) {
      const prop = t.v.slice(0, -4);
      const shape = fail(`expected ${prop}/any(x: x eq 'value')`);
      if (!expectPunct("(")) return shape;
      const v1 = tokens[i];
      const colon = tokens[i + 1];
      const v2 = tokens[i + 2];
      const op = tokens[i + 3];
      const lit = tokens[i + 4];
      if (
        v1?.t !== "word" || colon?.t !== "punct" || colon.v !== ":" || v2?.t !== "word" || v2.v !== v1.v ||
        op?.t !== "word" || op.v !== "eq" || lit?.t !== "str"
      ) {
        return shape;
      }
      i += 5;
      if (!expectPunct(")")) return fail(`expected ) after ${prop}/any(...)`);
      if (!rules.any.includes(prop)) return fail(`any() is not supported on ${prop}`);
      anyProperties.push(prop);
      const want = lit.v;
      preds.push((item) => {
        const v = getPath(item, prop);
        return Array.isArray(v) && v.includes(want);
      });
    } else {
      const path = t.v;
      const op = peek();
      if (op?.t !== "word" || !OPS.has(op.v)) return fail(`expected an operator after ${path}`);
      i++;
      const lit = peek();
      if (!lit) return fail(`expected a value after ${path} ${op.v}`);
      i++;
      const isRange = rules.range.includes(path);
      if (isRange) {
        if (lit.t !== "date") return fail(`expected a date/time value for ${path}`);
        const bound = lit.v;
        const cmp: Record<string, (a: number) => boolean> = {
          eq: (a) => a === bound,
          ne: (a) => a !== bound,
          ge: (a) => a >= bound,
          gt: (a) => a > bound,
          le: (a) => a <= bound,
          lt: (a) => a < bound,
        };
        const f = cmp[op.v] as (a: number) => boolean;
        if (op.v !== "ne") {
          const b = dateBounds[path] ??= { min: -Infinity, max: Infinity };
          if (op.v === "ge" || op.v === "gt" || op.v === "eq") b.min = Math.max(b.min, bound);
          if (op.v === "le" || op.v === "lt" || op.v === "eq") b.max = Math.min(b.max, bound);
        }
        preds.push((item) => {
          const v = path.includes("/") ? getPath(item, path) : item[path];
          if (typeof v !== "string") return false;
          const ms = parseDateCached(v);
          return !Number.isNaN(ms) && f(ms);
        });
      } else {
        if (op.v !== "eq" && op.v !== "ne") return fail(`${op.v} is not supported on ${path}`);
        if (!rules.eq.includes(path)) return fail(`${op.v} is not supported on ${path}`);
        let expected: string | number | boolean | null;
        if (lit.t === "str") expected = lit.v.toLowerCase();
        else if (lit.t === "num") expected = lit.v;
        else if (lit.t === "word" && (lit.v === "true" || lit.v === "false")) expected = lit.v === "true";
        else if (lit.t === "word" && lit.v === "null") expected = null;
        else return fail(`unsupported value after ${path} ${op.v}`);
        const negate = op.v === "ne";
        preds.push((item) => {
          let v = getPath(item, path);
          if (typeof v === "string") v = v.toLowerCase();
          if (v === undefined) v = null;
          return (v === expected) !== negate;
        });
      }
    }
    const next = peek();
    if (!next) break;
    if (next.t === "word" && next.v.toLowerCase() === "and") {
      i++;
      continue;
    }
    return fail(`expected "and" or the end at token ${i + 1}`);
  }
  return {
    kind: "ok",
    filter: {
      matches: preds.length === 1
        ? preds[0] as (item: GraphObject) => boolean
        : (item) => preds.every((p) => p(item)),
      anyProperties,
      dateBounds,
    },
  };
}
