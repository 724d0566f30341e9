/**
 * An interpreter for the small KQL subset the toolkit sends to Log Analytics (test and demo
 * scaffolding, beside the local Graph server). Anything outside the subset is refused with a
 * Kusto-style error, so a query the toolkit starts to emit without teaching this interpreter
 * fails the tests instead of passing silently.
 *
 * Supported:
 * - statements: `let NAME = QUERY;` … then one query
 * - sources: a table or `let` name; `union (query), NAME, …` (columns merged by name; a column a
 *   branch lacks is null; one name with two types is refused, where Kusto would split it)
 * - operators: `where EXPR`, `project COL, NAME = EXPR, …`, `project-away COL, …`,
 *   `extend NAME = EXPR, …`, `summarize [NAME =] count()|min(COL)|max(COL)|arg_min(COL, COL, …)|arg_max(…), …
 *   [by COL, …]` (an `arg_min`/`arg_max` names its columns after its arguments, unnamed),
 *   `join kind=leftanti|leftsemi (QUERY)|NAME on COL, …`, `lookup (QUERY)|NAME on COL, …` (left outer:
 *   the right side's other columns added, null without a match; one right row per key, no column on
 *   both sides), `sort by COL [asc|desc], …` (also `order by`;
 *   default `desc`; nulls first for asc, last for desc, as Kusto)
 * - expressions: column names, string and whole-number literals, `datetime(ISO)`, `datetime(null)`,
 *   obfuscated string literals (`h"…"`), `and`, `or`, `== != < <= > >=` (same types only), `=~`
 *   (strings, case-insensitive), `X in (LITERAL, …)`, `tostring(x)`,
 *   `iff(c, a, b)`, `isempty(x)`, `isnotempty(x)`, `replace_regex(text, regex, rewrite)` (`\\1` … in
 *   the rewrite),
 *   `parse_json(text)`, `X.name` on dynamic values, `bag_pack("key", value, …)`, `hash(text)` and
 *   `hash(text, mod)` (a literal mod; Kusto's documented xxhash64 of the UTF-8 text, the remainder
 *   of the unsigned value with a mod),
 *   `pack_array(x, …)` (strings, bools, numbers, dynamic values; not datetimes, whose JSON form
 *   this interpreter does not reproduce), `countof(text, search)` (plain text, overlapping matches
 *   counted, as Kusto's default kind), `extract_all(regex, text)` (a literal regex with at most
 *   one capture group: the array of the group's (or the match's) texts, null for no match),
 *   `array_length(x)` (null for a value that is not an array), `strcat_array(array, delimiter)`,
 *   `row_number()` (only as a whole `extend` column of sorted rows: 1, 2, … in their order)
 *
 * Push-down into a table's `scan` (a source that can narrow; the `where`s still apply to every row
 * it gives): the time range of a pass's first `where`, the columns the pass reads, and, when one
 * of its leading `where`s hashes a value (a share of the rows: `hash(key, n) == k`), those
 * `where`s as a {@linkcode KqlPrefilter}, so a generated table makes whole only the rows of the
 * share (the rows it leaves out count for the read limit as read for the predicate's columns).
 * Each share of a slice then costs the endpoint about its own rows, not the whole slice's.
 *
 * Cost: expressions are compiled once per query into closures; a `project` or `extend` makes only
 * the columns read after it (traced back from the result through the `let`s' uses); `tostring` of a
 * tuple (`pack_array`, `bag_pack`) or of a table's dynamic value is made once per value; a join on
 * several columns probes numbered values, not a key text per row. With a read limit
 * (`maxSourceRows`), a query whose floor (the table passes it surely reads whole, as the tables'
 * `count` knows them) is over the limit is refused before it reads a row: the same queries are
 * refused as when each ran until it passed the limit.
 *
 * @module
 */

/** Column types the interpreter knows. */
export type KqlType = "string" | "dynamic" | "datetime" | "bool" | "long" | "real" | "int";

/** A column of a table or result. */
export interface KqlColumn {
  /** Name. */
  name: string;
  /** Type. */
  type: KqlType;
}

/** A table: columns and rows (objects keyed by column name; datetime as ISO text). */
export interface KqlTable {
  /** Columns in order. */
  columns: KqlColumn[];
  /** Rows. */
  rows: Record<string, unknown>[];
}

/** A query the interpreter refuses: `code` is the Kusto error code (`SyntaxError`, `SemanticError`). */
export class KqlError extends Error {
  /** Kusto error code. */
  readonly code: "SyntaxError" | "SemanticError";
  /**
   * @param code Kusto error code
   * @param message what is wrong
   */
  constructor(code: "SyntaxError" | "SemanticError", message: string) {
    super(message);
    this.name = "KqlError";
    this.code = code;
  }
}

/**
 * A query that read more table rows than `maxSourceRows` allows: the local endpoint's stand-in for
 * the service's run-time limit (answered as the service answers a query out of time).
 */
export class KqlLimitError extends Error {
  /**
   * @param rows the limit that was passed
   */
  constructor(readonly rows: number) {
    super(`The query read more than ${rows} table rows (the local endpoint's run-time limit)`);
    this.name = "KqlLimitError";
  }
}

type Tok = { k: "id" | "str" | "num" | "dt" | "p"; v: string; at: number };

function tokenize(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "/" && q[i + 1] === "/") {
      while (i < q.length && q[i] !== "\n") i++;
      continue;
    }
    const at = i;
    if ((c === "h" || c === "H") && (q[i + 1] === '"' || q[i + 1] === "'")) {
      // an obfuscated string literal (h"…"): a string Kusto keeps out of its logs
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < q.length && /[A-Za-z0-9_]/.test(q[j]!)) j++;
      const word = q.slice(i, j);
      if (word === "datetime" && q[j] === "(") {
        const end = q.indexOf(")", j);
        if (end < 0) throw syntax(q, at);
        out.push({ k: "dt", v: q.slice(j + 1, end).trim(), at });
        i = end + 1;
        continue;
      }
      out.push({ k: "id", v: word, at });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1, s = "";
      while (j < q.length && q[j] !== c) {
        if (q[j] === "\\") {
          const n = q[j + 1];
          s += n === "n" ? "\n" : n === "t" ? "\t" : n ?? "";
          j += 2;
        } else s += q[j++];
      }
      if (j >= q.length) throw syntax(q, at);
      out.push({ k: "str", v: s, at });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < q.length && /[0-9.]/.test(q[j]!)) j++;
      out.push({ k: "num", v: q.slice(i, j), at });
      i = j;
      continue;
    }
    const two = q.slice(i, i + 2);
    if (["==", "!=", ">=", "<=", "=~"].includes(two)) {
      out.push({ k: "p", v: two, at });
      i += 2;
      continue;
    }
    if (c === "-" && q.slice(i, i + 5) === "-away") {
      out.push({ k: "p", v: "-away", at });
      i += 5;
      continue;
    }
    if ("()|,=<>;.".includes(c)) {
      out.push({ k: "p", v: c, at });
      i++;
      continue;
    }
    throw syntax(q, at);
  }
  return out;
}

function lineCol(q: string, at: number): string {
  const before = q.slice(0, at).split("\n");
  return `[${before.length},${before.at(-1)!.length}]`;
}

function syntax(q: string, at: number): KqlError {
  const near = q.slice(at, at + 20).split("\n")[0];
  return new KqlError("SyntaxError", `Query could not be parsed at '${near}' on line ${lineCol(q, at)}`);
}

type Fn =
  | "tostring"
  | "iff"
  | "isempty"
  | "isnotempty"
  | "replace_regex"
  | "parse_json"
  | "bag_pack"
  | "hash"
  | "pack_array"
  | "countof"
  | "extract_all"
  | "array_length"
  | "strcat_array"
  | "row_number";
/** Arguments per function; -2 = any even number, -1 = one or more, -3 = one or two. */
const FN_ARITY: Readonly<Record<Fn, number>> = {
  parse_json: 1,
  bag_pack: -2,
  tostring: 1,
  iff: 3,
  isempty: 1,
  isnotempty: 1,
  replace_regex: 3,
  hash: -3,
  pack_array: -1,
  countof: 2,
  extract_all: 2,
  array_length: 1,
  strcat_array: 2,
  row_number: 0,
};

/**
 * `hash(text)` as Kusto documents it: xxhash64 (seed 0) of the text's UTF-8 bytes, the unsigned
 * 64-bit value (learn.microsoft.com, Kusto `hash()`: `hash("World")` is 1846988464401551951,
 * `hash("World", 100)` is 51). Computed with `BigInt`; {@linkcode hashOf} remembers the values
 * last seen.
 */
function xxhash64(text: string): bigint {
  if (text.length * 3 > XX.bytes.length) {
    XX.bytes = new Uint8Array(text.length * 3);
    XX.view = new DataView(XX.bytes.buffer);
  }
  const { bytes, view } = XX;
  const len = XX.encoder.encodeInto(text, bytes).written;
  let i = 0, h: bigint;
  if (len >= 32) {
    let v1 = (XX_P1 + XX_P2) & U64, v2 = XX_P2, v3 = 0n, v4 = (U64 + 1n - XX_P1) & U64;
    for (; i + 32 <= len; i += 32) {
      v1 = xxRound(v1, view.getBigUint64(i, true));
      v2 = xxRound(v2, view.getBigUint64(i + 8, true));
      v3 = xxRound(v3, view.getBigUint64(i + 16, true));
      v4 = xxRound(v4, view.getBigUint64(i + 24, true));
    }
    h = (rotl64(v1, 1n) + rotl64(v2, 7n) + rotl64(v3, 12n) + rotl64(v4, 18n)) & U64;
    for (const v of [v1, v2, v3, v4]) h = ((h ^ xxRound(0n, v)) * XX_P1 + XX_P4) & U64;
  } else h = XX_P5;
  h = (h + BigInt(len)) & U64;
  for (; i + 8 <= len; i += 8) {
    h ^= xxRound(0n, view.getBigUint64(i, true));
    h = (rotl64(h, 27n) * XX_P1 + XX_P4) & U64;
  }
  if (i + 4 <= len) {
    h ^= (BigInt(view.getUint32(i, true)) * XX_P1) & U64;
    h = (rotl64(h, 23n) * XX_P2 + XX_P3) & U64;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= (BigInt(bytes[i]!) * XX_P5) & U64;
    h = (rotl64(h, 11n) * XX_P1) & U64;
  }
  h ^= h >> 33n;
  h = (h * XX_P2) & U64;
  h ^= h >> 29n;
  h = (h * XX_P3) & U64;
  return h ^ (h >> 32n);
}

const U64 = 0xffffffffffffffffn;
const XX_P1 = 11400714785074694791n, XX_P2 = 14029467366897019727n, XX_P3 = 1609587929392839161n;
const XX_P4 = 9650029242287828579n, XX_P5 = 2870177450012600261n;
const XX = {
  encoder: new TextEncoder(),
  bytes: new Uint8Array(1024),
  view: new DataView(new ArrayBuffer(0)),
};
XX.view = new DataView(XX.bytes.buffer);

function rotl64(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & U64;
}

function xxRound(acc: bigint, input: bigint): bigint {
  return rotl64((acc + input * XX_P2) & U64, 31n) * XX_P1 & U64;
}

/**
 * `hash(text)` without a mod: the 64-bit hash as Kusto's signed `long` (a JSON number here, so a
 * double: exact to 53 bits); with a mod, the unsigned hash's remainder (0 … mod − 1, as Kusto's:
 * with `n` a power of two, `hash(x, 2n)` is `hash(x, n)` or `hash(x, n) + n`).
 */
function hashValue(h: bigint, mod: bigint | null): number {
  return Number(mod === null ? BigInt.asIntN(64, h) : h % mod);
}

type Expr =
  | { e: "col"; name: string }
  | { e: "lit"; type: KqlType; v: unknown }
  | { e: "call"; fn: Fn; args: Expr[] }
  | { e: "in"; l: Expr; list: Expr[] }
  | { e: "prop"; of: Expr; name: string }
  | { e: "bin"; op: string; l: Expr; r: Expr };

/**
 * An aggregate of `summarize`: `count()`, `min(COL)`, `max(COL)` (one column, `name`), or
 * `arg_min(COL, COL2, …)` / `arg_max(…)` (the columns `COL`, `COL2`, … of the row with the least or
 * greatest `COL`, named as they are; rows whose `COL` is null are passed over, as Kusto does).
 */
type Agg = {
  name: string;
  fn: "count" | "min" | "max" | "arg_min" | "arg_max";
  col: string | null;
  cols: string[];
};

type Op =
  | { op: "where"; pred: Expr }
  | { op: "project"; items: { name: string; expr: Expr }[] }
  | { op: "extend"; items: { name: string; expr: Expr }[] }
  | { op: "project-away"; names: string[] }
  | { op: "summarize"; aggs: Agg[]; by: string[] }
  | { op: "join"; semi: boolean; right: Query; on: string[] }
  | { op: "lookup"; right: Query; on: string[] }
  | { op: "sort"; keys: { name: string; desc: boolean }[] };

type Query = { source: { table: string } | { union: Query[] }; ops: Op[] };

/** A script: `let` bindings, then the query. */
type Script = { lets: { name: string; query: Query }[]; query: Query };

class Parser {
  #i = 0;
  constructor(readonly q: string, readonly t: Tok[]) {}
  peek(): Tok | undefined {
    return this.t[this.#i];
  }
  next(): Tok {
    const t = this.t[this.#i++];
    if (t === undefined) {
      throw new KqlError("SyntaxError", "Query could not be parsed: unexpected end of query");
    }
    return t;
  }
  fail(t?: Tok): never {
    throw t === undefined
      ? new KqlError("SyntaxError", "Query could not be parsed: unexpected end of query")
      : syntax(this.q, t.at);
  }
  expectP(v: string): void {
    const t = this.next();
    if (t.k !== "p" || t.v !== v) this.fail(t);
  }
  isP(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.k === "p" && t.v === v;
  }
  isId(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.k === "id" && t.v === v;
  }
  ident(): string {
    const t = this.next();
    if (t.k !== "id") this.fail(t);
    return t.v;
  }
  query(): Query {
    let source: Query["source"];
    if (this.isId("union")) {
      this.next();
      const parts: Query[] = [];
      do {
        if (this.isP("(")) {
          this.next();
          parts.push(this.query());
          this.expectP(")");
        } else parts.push({ source: { table: this.ident() }, ops: [] });
      } while (this.isP(",") && this.next());
      source = { union: parts };
    } else source = { table: this.ident() };
    const ops: Op[] = [];
    while (this.isP("|")) {
      this.next();
      const t = this.next();
      if (t.k !== "id") this.fail(t);
      if (t.v === "where") ops.push({ op: "where", pred: this.expr() });
      else if (t.v === "project" && this.isP("-away")) {
        this.next();
        const names: string[] = [];
        do names.push(this.ident()); while (this.isP(",") && this.next());
        ops.push({ op: "project-away", names });
      } else if (t.v === "extend") {
        const items: { name: string; expr: Expr }[] = [];
        do {
          const name = this.ident();
          this.expectP("=");
          items.push({ name, expr: this.expr() });
        } while (this.isP(",") && this.next());
        ops.push({ op: "extend", items });
      } else if (t.v === "summarize") {
        const aggs: Agg[] = [];
        while (
          !this.isId("by") && this.peek() !== undefined && !this.isP("|") && !this.isP(";") && !this.isP(")")
        ) {
          let name = this.ident();
          let fn = name;
          if (this.isP("=")) {
            this.next();
            fn = this.ident();
          }
          if (fn !== "count" && fn !== "min" && fn !== "max" && fn !== "arg_min" && fn !== "arg_max") {
            throw new KqlError(
              "SemanticError",
              `'summarize' operator: aggregate '${fn}' not supported by the local Log Analytics endpoint`,
            );
          }
          const arg = fn === "arg_min" || fn === "arg_max";
          if (arg && name !== fn) {
            throw new KqlError("SemanticError", `'summarize' operator: ${fn}() names its columns itself`);
          }
          this.expectP("(");
          const col = fn === "count" ? null : this.ident();
          const cols: string[] = [];
          while (arg && this.isP(",")) {
            this.next();
            cols.push(this.ident());
          }
          this.expectP(")");
          if (name === fn) name = fn === "count" ? "count_" : `${fn}_${col}`;
          aggs.push({ name, fn, col, cols });
          if (!this.isP(",")) break;
          this.next();
        }
        const by: string[] = [];
        if (this.isId("by")) {
          this.next();
          do by.push(this.ident()); while (this.isP(",") && this.next());
        }
        ops.push({ op: "summarize", aggs, by });
      } else if (t.v === "join") {
        if (this.ident() !== "kind") this.fail(this.t[this.#i - 1]);
        this.expectP("=");
        const kind = this.next();
        if (kind.v !== "leftanti" && kind.v !== "leftsemi") {
          throw new KqlError(
            "SemanticError",
            `join kind '${kind.v}' not supported by the local Log Analytics endpoint`,
          );
        }
        ops.push({ op: "join", semi: kind.v === "leftsemi", ...this.rightOn() });
      } else if (t.v === "lookup") {
        ops.push({ op: "lookup", ...this.rightOn() });
      } else if (t.v === "project") {
        const items: { name: string; expr: Expr }[] = [];
        do {
          const name = this.ident();
          if (this.isP("=")) {
            this.next();
            items.push({ name, expr: this.expr() });
          } else items.push({ name, expr: { e: "col", name } });
        } while (this.isP(",") && this.next());
        ops.push({ op: "project", items });
      } else if (t.v === "sort" || t.v === "order") {
        if (this.ident() !== "by") this.fail(this.t[this.#i - 1]);
        const keys: { name: string; desc: boolean }[] = [];
        do {
          const name = this.ident();
          let desc = true;
          if (this.isId("asc") || this.isId("desc")) desc = this.next().v === "desc";
          keys.push({ name, desc });
        } while (this.isP(",") && this.next());
        ops.push({ op: "sort", keys });
      } else {
        throw new KqlError(
          "SyntaxError",
          `Query could not be parsed at '${t.v}' on line ${lineCol(this.q, t.at)}: ` +
            "operator not supported by the local Log Analytics endpoint",
        );
      }
    }
    return { source, ops };
  }
  /** A join's or lookup's right side (`(QUERY)` or a name) and its `on COL, …`. */
  rightOn(): { right: Query; on: string[] } {
    let right: Query;
    if (this.isP("(")) {
      this.next();
      right = this.query();
      this.expectP(")");
    } else right = { source: { table: this.ident() }, ops: [] };
    if (this.ident() !== "on") this.fail(this.t[this.#i - 1]);
    const on: string[] = [];
    do on.push(this.ident()); while (this.isP(",") && this.next());
    return { right, on };
  }
  expr(): Expr {
    let l = this.and();
    while (this.isId("or")) {
      this.next();
      l = { e: "bin", op: "or", l, r: this.and() };
    }
    return l;
  }
  and(): Expr {
    let l = this.cmp();
    while (this.isId("and")) {
      this.next();
      l = { e: "bin", op: "and", l, r: this.cmp() };
    }
    return l;
  }
  cmp(): Expr {
    const l = this.primary();
    if (this.isId("in")) {
      this.next();
      this.expectP("(");
      const list: Expr[] = [];
      do {
        const x = this.primary();
        if (x.e !== "lit") this.fail(this.t[this.#i - 1]);
        list.push(x);
      } while (this.isP(",") && this.next());
      this.expectP(")");
      return { e: "in", l, list };
    }
    const t = this.peek();
    if (t !== undefined && t.k === "p" && ["==", "!=", "=~", "<", "<=", ">", ">="].includes(t.v)) {
      this.next();
      return { e: "bin", op: t.v, l, r: this.primary() };
    }
    return l;
  }
  primary(): Expr {
    const t = this.next();
    if (t.k === "str") return { e: "lit", type: "string", v: t.v };
    if (t.k === "num") {
      if (!/^\d+$/.test(t.v)) this.fail(t);
      return { e: "lit", type: "long", v: Number(t.v) };
    }
    if (t.k === "dt") {
      if (t.v === "null") return { e: "lit", type: "datetime", v: null };
      const ms = Date.parse(t.v);
      if (Number.isNaN(ms)) throw new KqlError("SyntaxError", `Invalid datetime literal: '${t.v}'`);
      return { e: "lit", type: "datetime", v: ms };
    }
    if (t.k === "p" && t.v === "(") {
      const e = this.expr();
      this.expectP(")");
      return e;
    }
    if (t.k === "id") {
      if (this.isP("(")) {
        if (!Object.hasOwn(FN_ARITY, t.v)) {
          throw new KqlError(
            "SemanticError",
            `'${t.v}': function not supported by the local Log Analytics endpoint`,
          );
        }
        const fn = t.v as Fn;
        this.next();
        const args: Expr[] = [];
        if (!this.isP(")")) {
          do args.push(this.expr()); while (this.isP(",") && this.next());
        }
        this.expectP(")");
        const arity = FN_ARITY[fn];
        const wrong = arity === -2
          ? args.length % 2 !== 0 || args.length === 0
          : arity === -1
          ? args.length === 0
          : arity === -3
          ? args.length < 1 || args.length > 2
          : args.length !== arity;
        if (wrong) {
          throw new KqlError("SemanticError", `'${fn}': wrong number of arguments (${args.length})`);
        }
        return this.postfix({ e: "call", fn, args });
      }
      return this.postfix({ e: "col", name: t.v });
    }
    return this.fail(t);
  }
  postfix(e: Expr): Expr {
    while (this.isP(".")) {
      this.next();
      e = { e: "prop", of: e, name: this.ident() };
    }
    return e;
  }
}

/**
 * Parses a query of the subset.
 *
 * @throws {KqlError} for anything outside it
 */
export function parseKql(text: string): Script {
  const p = new Parser(text, tokenize(text));
  const lets: { name: string; query: Query }[] = [];
  while (p.isId("let")) {
    p.next();
    const name = p.ident();
    p.expectP("=");
    lets.push({ name, query: p.query() });
    p.expectP(";");
  }
  const q = p.query();
  const rest = p.peek();
  if (rest !== undefined) p.fail(rest);
  return { lets, query: q };
}

function typeOfExpr(e: Expr, cols: Map<string, KqlType>, where: string): KqlType {
  switch (e.e) {
    case "col": {
      const t = cols.get(e.name);
      if (t === undefined) {
        throw new KqlError(
          "SemanticError",
          `'${where}' operator: Failed to resolve scalar expression named '${e.name}'`,
        );
      }
      return t;
    }
    case "lit":
      return e.type;
    case "call": {
      const types = e.args.map((a) => typeOfExpr(a, cols, where));
      if (e.fn === "isempty" || e.fn === "isnotempty") return "bool";
      if (e.fn === "parse_json") return "dynamic";
      if (e.fn === "row_number") return "long";
      if (e.fn === "hash") {
        if (types[0] !== "string") {
          throw new KqlError(
            "SemanticError",
            `'hash': the local endpoint hashes strings only, got ${types[0]}`,
          );
        }
        const mod = e.args[1];
        if (mod !== undefined && (mod.e !== "lit" || mod.type !== "long" || !(Number(mod.v) >= 1))) {
          throw new KqlError(
            "SemanticError",
            "'hash': the local endpoint takes a literal whole-number mod ≥ 1",
          );
        }
        return "long";
      }
      if (e.fn === "bag_pack") {
        for (let i = 0; i < types.length; i += 2) {
          if (e.args[i]!.e !== "lit" || types[i] !== "string") {
            throw new KqlError("SemanticError", "'bag_pack': keys must be string literals");
          }
        }
        return "dynamic";
      }
      if (e.fn === "pack_array") {
        if (types.includes("datetime")) {
          throw new KqlError("SemanticError", "'pack_array': the local endpoint packs no datetime values");
        }
        return "dynamic";
      }
      if (e.fn === "countof") {
        if (types.some((t) => t !== "string")) {
          throw new KqlError(
            "SemanticError",
            `'countof': expected string arguments, got ${types.join(", ")}`,
          );
        }
        return "long";
      }
      if (e.fn === "extract_all") {
        const re = e.args[0]!;
        if (re.e !== "lit" || re.type !== "string" || types[1] !== "string") {
          throw new KqlError(
            "SemanticError",
            "'extract_all': the local endpoint takes a literal regex and a string (no capture-group list)",
          );
        }
        if (captureGroups(String(re.v)) > 1) {
          throw new KqlError(
            "SemanticError",
            "'extract_all': the local endpoint takes at most one capture group",
          );
        }
        return "dynamic";
      }
      if (e.fn === "array_length") {
        if (types[0] !== "dynamic") {
          throw new KqlError("SemanticError", `'array_length': expected a dynamic value, got ${types[0]}`);
        }
        return "long";
      }
      if (e.fn === "strcat_array") {
        if (types[0] !== "dynamic" || types[1] !== "string") {
          throw new KqlError(
            "SemanticError",
            `'strcat_array': expected a dynamic array and a string, got ${types.join(", ")}`,
          );
        }
        return "string";
      }
      if (e.fn === "iff") {
        if (types[0] !== "bool") {
          throw new KqlError("SemanticError", `'iff': the condition must be bool, got ${types[0]}`);
        }
        if (types[1] !== types[2]) {
          throw new KqlError(
            "SemanticError",
            `'iff': both branches must have one type, got ${types[1]} and ${types[2]}`,
          );
        }
        return types[1]!;
      }
      if (e.fn === "replace_regex" && types.some((t) => t !== "string")) {
        throw new KqlError(
          "SemanticError",
          `'replace_regex': expected string arguments, got ${types.join(", ")}`,
        );
      }
      return "string";
    }
    case "prop": {
      const t = typeOfExpr(e.of, cols, where);
      if (t !== "dynamic") {
        throw new KqlError("SemanticError", `'.${e.name}': expected a dynamic value, got ${t}`);
      }
      return "dynamic";
    }
    case "in": {
      const l = typeOfExpr(e.l, cols, where);
      for (const x of e.list) {
        if (typeOfExpr(x, cols, where) !== l) {
          throw new KqlError("SemanticError", `'in': list values must be ${l}`);
        }
      }
      return "bool";
    }
    case "bin": {
      const l = typeOfExpr(e.l, cols, where), r = typeOfExpr(e.r, cols, where);
      if (e.op === "and" || e.op === "or") {
        if (l !== "bool" || r !== "bool") {
          throw new KqlError("SemanticError", `'${e.op}': expected bool operands, got ${l} and ${r}`);
        }
      } else if (l !== r) {
        throw new KqlError("SemanticError", `Cannot compare values of types ${l} and ${r}`);
      } else if (e.op === "=~" && l !== "string") {
        throw new KqlError("SemanticError", `'=~': expected string operands, got ${l}`);
      }
      return "bool";
    }
  }
}

const lastParsed: { text: string | null; value: unknown } = { text: null, value: null };

/** A compiled expression: the value of a row (the row's columns are read, never changed). */
type Compiled = (row: Row) => unknown;

/**
 * Compiles an expression once into a closure (its types are known when the query is planned), so
 * a row is evaluated without walking the tree or allocating a typed value per node.
 */
function compileExpr(e: Expr, cols: Map<string, KqlType>): Compiled {
  switch (e.e) {
    case "col": {
      const name = e.name;
      return (row) => row[name] ?? null;
    }
    case "lit": {
      const v = e.v;
      return () => v;
    }
    case "call": {
      const args = e.args.map((a) => compileExpr(a, cols));
      if (e.fn === "row_number") {
        throw new KqlError(
          "SemanticError",
          "'row_number': the local endpoint numbers rows only as a whole `extend` column right after `sort`",
        );
      }
      if (e.fn === "iff") {
        const [c, a, b] = args as [Compiled, Compiled, Compiled];
        return (row) => c(row) === true ? a(row) : b(row);
      }
      if (e.fn === "pack_array") {
        return (row) => args.map((f) => f(row) ?? null);
      }
      if (e.fn === "countof") {
        const [textOfRow, searchOf] = args as [Compiled, Compiled];
        return (row) => countOf(textOf(textOfRow(row)), textOf(searchOf(row)));
      }
      if (e.fn === "extract_all") {
        const re = regexOf(String((e.args[0] as { v: unknown }).v));
        const src = args[1]!;
        return (row) => {
          const out: string[] = [];
          for (const m of textOf(src(row)).matchAll(re)) out.push(m[1] ?? m[0]);
          return out.length === 0 ? null : out;
        };
      }
      if (e.fn === "strcat_array") {
        const [arr, sep] = args as [Compiled, Compiled];
        return (row) => {
          const a = arr(row);
          return Array.isArray(a) ? a.map(textOf).join(textOf(sep(row))) : "";
        };
      }
      if (e.fn === "bag_pack") {
        return (row) => {
          const o: Record<string, unknown> = {};
          for (let i = 0; i < args.length; i += 2) o[String(args[i]!(row))] = args[i + 1]!(row) ?? null;
          return o;
        };
      }
      const a = args[0]!;
      switch (e.fn) {
        case "parse_json":
          return (row) => {
            const v = a(row);
            if (typeof v !== "string") return v ?? null;
            // a query reads several fields of one value (`parse_json(Status).a`, `….b`): the last
            // text's parse is reused (values are only read, never changed)
            if (v !== lastParsed.text) {
              let p: unknown;
              try {
                p = JSON.parse(v);
              } catch {
                p = v; // Kusto keeps text that is not JSON as a string
              }
              lastParsed.text = v;
              lastParsed.value = p;
            }
            return lastParsed.value;
          };
        case "isempty":
          return (row) => {
            const v = a(row);
            return v === null || v === undefined || v === "";
          };
        case "isnotempty":
          return (row) => {
            const v = a(row);
            return !(v === null || v === undefined || v === "");
          };
        case "tostring": {
          // `tostring(pack_array(…))` / `tostring(bag_pack(…))`: the text of each combination of
          // plain values made once (the tuples repeat across rows); a table's dynamic value: its
          // text made once per object (kept rows are read by many passes)
          const inner = e.args[0]!;
          if (inner.e === "call" && (inner.fn === "pack_array" || inner.fn === "bag_pack")) {
            const parts = inner.args.map((x) => compileExpr(x, cols));
            return tupleText(parts, inner.fn === "bag_pack", a);
          }
          return (row) => {
            const v = a(row);
            if (v === null || v === undefined || typeof v === "string") return v ?? "";
            if (typeof v !== "object") return textOf(v);
            let t = OBJECT_TEXTS.get(v);
            if (t === undefined) OBJECT_TEXTS.set(v, t = textOf(v));
            return t;
          };
        }
        case "array_length":
          return (row) => {
            const v = a(row);
            return Array.isArray(v) ? v.length : null;
          };
        case "hash": {
          const mod = e.args[1] === undefined ? null : BigInt(Number((e.args[1] as { v: unknown }).v));
          return (row) => hashValue(hashOf(textOf(a(row))), mod);
        }
        case "replace_regex": {
          const [, reOf, replOf] = args as [Compiled, Compiled, Compiled];
          const re0 = e.args[1]!, repl0 = e.args[2]!;
          if (re0.e === "lit" && repl0.e === "lit") {
            // literal pattern and rewrite (what the toolkit sends): compiled once
            const re = regexOf(String(re0.v)), rewrite = rewriterOf(String(repl0.v));
            return typeof rewrite === "string"
              ? (row) => textOf(a(row)).replace(re, rewrite)
              : (row) => textOf(a(row)).replace(re, rewrite);
          }
          return (row) => {
            const rewrite = rewriterOf(String(replOf(row)));
            const re = regexOf(String(reOf(row)));
            return typeof rewrite === "string"
              ? textOf(a(row)).replace(re, rewrite)
              : textOf(a(row)).replace(re, rewrite);
          };
        }
      }
      throw new Error(`unreachable: ${e.fn}`);
    }
    case "prop": {
      const of = compileExpr(e.of, cols), name = e.name;
      return (row) => {
        const o = of(row);
        const v = o !== null && typeof o === "object" && !Array.isArray(o) && Object.hasOwn(o, name)
          ? (o as Record<string, unknown>)[name]
          : null;
        return v ?? null;
      };
    }
    case "in": {
      const l = compileExpr(e.l, cols), lc = comparableOf(typeOfExpr(e.l, cols, ""));
      const set = new Set(
        e.list.map((x) => comparableOf(x.e === "lit" ? x.type : "string")(x.e === "lit" ? x.v : null)),
      );
      set.delete(null);
      return (row) => {
        const v = lc(l(row));
        return v !== null && set.has(v);
      };
    }
    case "bin": {
      const l = compileExpr(e.l, cols), r = compileExpr(e.r, cols);
      if (e.op === "and") return (row) => l(row) === true && r(row) === true;
      if (e.op === "or") return (row) => l(row) === true || r(row) === true;
      const lc = comparableOf(typeOfExpr(e.l, cols, "")), rc = comparableOf(typeOfExpr(e.r, cols, ""));
      const op = e.op;
      if (op === "=~") {
        return (row) => {
          const x = lc(l(row)), y = rc(r(row));
          if (x === null || y === null) return false;
          return String(x).toLowerCase() === String(y).toLowerCase();
        };
      }
      const test: (c: number) => boolean = op === "=="
        ? (c) => c === 0
        : op === "!="
        ? (c) => c !== 0
        : op === "<"
        ? (c) => c < 0
        : op === "<="
        ? (c) => c <= 0
        : op === ">"
        ? (c) => c > 0
        : (c) => c >= 0;
      return (row) => {
        const x = lc(l(row)), y = rc(r(row));
        if (x === null || y === null) return op === "!=" ? x !== y : false;
        return test(x < y ? -1 : x > y ? 1 : 0);
      };
    }
  }
}

/** The text of dynamic values read from rows, by object (never changed once made). */
const OBJECT_TEXTS = new WeakMap<object, string>();

/** A node of {@linkcode tupleText}'s cache: the next value's nodes, and the text ending here. */
type TupleNode = { next: Map<unknown, TupleNode> | null; text: string | null };

/**
 * `tostring(pack_array(…))` (or of `bag_pack(…)`, whose keys are the even arguments) with the text
 * of each combination of values made once: a row whose values are all plain (strings, numbers,
 * bools, nulls) walks a tree of its values to the text `whole` made the first time, so a repeated
 * tuple costs a few map lookups instead of an array, its JSON and the JSON's lookup in
 * {@linkcode interned}. A value that is an object (a dynamic value) takes `whole`'s path.
 */
function tupleText(parts: readonly Compiled[], bag: boolean, whole: Compiled): Compiled {
  let root: TupleNode = { next: null, text: null };
  let nodes = 0;
  const n = parts.length;
  return (row) => {
    let node = root;
    for (let i = bag ? 1 : 0; i < n; i += bag ? 2 : 1) {
      let v = parts[i]!(row);
      if (v === undefined) v = null;
      if (v !== null && typeof v === "object") return textOf(whole(row));
      let m = node.next;
      if (m === null) node.next = m = new Map();
      let child = m.get(v);
      if (child === undefined) {
        if (++nodes > TUPLE_NODES) {
          // bounded: start again (the texts are the same either way)
          root = { next: null, text: null };
          nodes = 0;
          return textOf(whole(row));
        }
        m.set(v, child = { next: null, text: null });
      }
      node = child;
    }
    return node.text ?? (node.text = textOf(whole(row)));
  };
}

/** Nodes one `tupleText` cache holds at most. */
const TUPLE_NODES = 2_000_000;

/** `tostring`'s text: empty for null, a string as it is, anything else as JSON. */
function textOf(v: unknown): string {
  return v === null || v === undefined ? "" : typeof v === "string" ? v : interned(JSON.stringify(v));
}

/** Plain-text occurrences of `search` in `text`, overlapping ones counted (Kusto's `countof`). */
function countOf(text: string, search: string): number {
  if (search === "") return 0;
  let n = 0;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) n++;
  return n;
}

/** Capture groups of a regex (its source as JS reads it). */
function captureGroups(re: string): number {
  try {
    return new RegExp(`${re}|`).exec("")!.length - 1;
  } catch {
    throw new KqlError("SemanticError", `invalid regular expression '${re}'`);
  }
}

/** Texts made recently, each kept once (at most 100,000). */
const TEXTS = new Map<string, string>();

/**
 * A text as one shared string: the JSON of nested values repeats across rows (the same policy
 * list, device, status), so rows held together share one copy each, and later lookups of it
 * (group keys, hashes) compare one string with itself.
 *
 * @param text a text just made
 * @returns the same text, the copy made first while it is remembered
 */
export function interned(text: string): string {
  const seen = TEXTS.get(text);
  if (seen !== undefined) return seen;
  if (TEXTS.size >= 100_000) TEXTS.clear();
  TEXTS.set(text, text);
  return text;
}

/** Kusto's rewrite (`\\0` the match, `\\1` … the groups) as a replacer. */
function rewriterOf(repl: string): string | ((...m: string[]) => string) {
  // no group reference and no `$` (which String.replace would read): the text itself
  if (!/\\\d/.test(repl) && !repl.includes("$")) return repl;
  return (...m: string[]) => repl.replace(/\\(\d)/g, (_, d) => String(m[Number(d)] ?? ""));
}

/** `hash` with the values last seen remembered (long JSON values repeat across rows). */
const HASHES = new Map<string, bigint>();
function hashOf(text: string): bigint {
  let h = HASHES.get(text);
  if (h === undefined) {
    if (HASHES.size >= 100_000) HASHES.clear();
    HASHES.set(text, h = xxhash64(text));
  }
  return h;
}

const lastTime: { text: unknown; ms: number } = { text: null, ms: NaN };

/**
 * A datetime value as ms since the epoch (ISO text parsed; null for none or text that is not a
 * time). A row's time is read by several comparisons in a row (the server's `timespan`, then
 * `>= a and < b`): the last text's parse is reused.
 *
 * @example
 * ```ts
 * import { timeOf } from "./kql_interpreter.ts";
 * import assert from "node:assert/strict";
 * assert.equal(timeOf("2026-11-20T10:00:00Z"), Date.parse("2026-11-20T10:00:00Z"));
 * assert.equal(timeOf(null), null);
 * assert.equal(timeOf("not a time"), null);
 * ```
 */
export function timeOf(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  if (v !== lastTime.text) lastTime.text = v, lastTime.ms = Date.parse(String(v));
  return Number.isNaN(lastTime.ms) ? null : lastTime.ms;
}

/** A value as it compares (datetime as ms, numbers as numbers, other values as text), null for none. */
function comparableOf(type: KqlType): (v: unknown) => string | number | null {
  if (type === "datetime") return timeOf;
  return (v) => v === null || v === undefined ? null : typeof v === "number" ? v : String(v);
}

const REGEX_CACHE = new Map<string, RegExp>();
function regexOf(re: string): RegExp {
  let r = REGEX_CACHE.get(re);
  if (r === undefined) {
    try {
      r = new RegExp(re, "g");
    } catch {
      throw new KqlError("SemanticError", `'replace_regex': invalid regular expression '${re}'`);
    }
    REGEX_CACHE.set(re, r);
  }
  return r;
}

/**
 * A group key of a row's values of some columns (for one pass): one column that is not dynamic,
 * its value itself; else each value numbered in order of first sight per column (dynamic values
 * by their JSON), and the numbers joined: equal exactly when the values are, without writing out
 * the long values (JSON text of nested columns) for every row.
 */
function groupKeyMaker(names: readonly string[], cols: Map<string, KqlType>): (r: Row) => unknown {
  if (names.length <= 1 || names.some((n) => cols.get(n) === "dynamic")) return keyMaker(names, cols);
  const seen = names.map(() => new Map<unknown, number>());
  const n = names.length;
  return (r) => {
    let key = "";
    for (let i = 0; i < n; i++) {
      const v = r[names[i]!] ?? null, m = seen[i]!;
      let id = m.get(v);
      if (id === undefined) m.set(v, id = m.size);
      key += i === 0 ? `${id}` : `,${id}`;
    }
    return key;
  };
}

/**
 * The keys of a join on several columns of one type on both sides, none dynamic: each column's
 * values numbered as the right side adds them, a key the numbers together, so a left row is
 * probed with a few map lookups of values it already holds (no key text made per row); a value
 * the right side never had matches nothing. Equal exactly when each column's values are.
 */
function numberedKeys(names: readonly string[]): {
  add: (r: Row) => void;
  has: (r: Row) => boolean;
  size: () => number;
} {
  const n = names.length;
  const ids = names.map(() => new Map<unknown, number>());
  const keys = new Set<number | string>();
  // numbers below 2^26 per column, two columns as one exact double; else their text
  const keyOf = (x: number[]): number | string =>
    n === 2 && x[0]! < 67_108_864 && x[1]! < 67_108_864 ? x[0]! * 67_108_864 + x[1]! : x.join(",");
  const at = new Array<number>(n);
  return {
    add: (r) => {
      for (let i = 0; i < n; i++) {
        const v = r[names[i]!] ?? null, m = ids[i]!;
        let id = m.get(v);
        if (id === undefined) m.set(v, id = m.size);
        at[i] = id;
      }
      keys.add(keyOf(at));
    },
    has: (r) => {
      for (let i = 0; i < n; i++) {
        const id = ids[i]!.get(r[names[i]!] ?? null);
        if (id === undefined) return false;
        at[i] = id;
      }
      return keys.has(keyOf(at));
    },
    size: () => keys.size,
  };
}

/**
 * A group or join key of a row's values of some columns: one column that is not dynamic, its
 * value itself (values of one type: equal exactly when the values are), else the JSON of them
 * all.
 */
function keyMaker(names: readonly string[], cols: Map<string, KqlType>): (r: Row) => unknown {
  if (names.length === 1 && cols.get(names[0]!) !== "dynamic") {
    const n = names[0]!;
    return (r) => r[n] ?? null;
  }
  return (r) => {
    const vs = new Array(names.length);
    for (let i = 0; i < names.length; i++) vs[i] = r[names[i]!] ?? null;
    return JSON.stringify(vs);
  };
}

/** A row: values keyed by column name. */
type Row = Record<string, unknown>;

/**
 * An object with these columns (null), to copy each row of a result from (`{ ...shape }`): rows
 * made so share one layout and keep fast properties, where adding 30 properties one by one would
 * make each row a slow dictionary.
 */
export function rowShape(names: readonly string[]): Row {
  return Object.fromEntries(names.map((n) => [n, null]));
}

/**
 * A table as the interpreter reads it: columns, the rows (any iterable; read once per pass), and
 * optionally a narrower scan for a time range.
 */
export interface KqlSource {
  /** Columns in order. */
  columns: KqlColumn[];
  /** All rows (each pass over the table iterates it again). */
  rows: Iterable<Row>;
  /**
   * The rows that may have `column` in `[min, max)` (ms): a superset is fine (the query's `where`
   * still applies to every row); `undefined` when the table cannot narrow by that column. A
   * query's first `where` on a table with `column >= datetime(…)` / `column < datetime(…)` uses it.
   * `columns`, when given, are all the columns the pass reads: a row may leave the others out
   * (a pass that projects a few columns is given rows made of those).
   */
  scan?: (
    column: string,
    min: number,
    max: number,
    columns?: ReadonlySet<string>,
    prefilter?: KqlPrefilter,
  ) => Iterable<Row> | undefined;
  /**
   * A floor on the rows `scan(column, min, max)` gives (every pass gives at least these; 0 when
   * the source cannot tell, e.g. rows not made yet): what lets a query sure to pass the read
   * limit be refused before it reads a row. With `within`, only the rows whose `within.column` is
   * in `[within.min, within.max)` (ms) are counted (a server's `timespan` over the scan).
   */
  count?: (
    column: string,
    min: number,
    max: number,
    within?: { column: string; min: number; max: number },
  ) => number;
}

/**
 * The leading `where`s of a pass over a table that hash a value (a share of the rows: `hash(key,
 * n) == k`), handed to the table's `scan`: a source may leave out the rows they refuse before it
 * makes them whole (rows of other shares cost only the columns the predicate reads), and tell of
 * each with `skipped`; the `where`s still apply to every row it gives.
 */
export interface KqlPrefilter {
  /** The predicate's identity: two prefilters of one key keep the same rows of a table. */
  key: string;
  /** The columns it reads, with their types. */
  columns: ReadonlyMap<string, KqlType>;
  /** Whether a row (holding at least `columns`) is kept. */
  keep: (row: Row) => boolean;
  /** Told of rows left out (the read limit counts each for the columns the predicate reads). */
  skipped: (rows: number) => void;
}

/** What one query held in memory (the bounded state of the streaming evaluation). */
export interface KqlRunStats {
  /** Rows read from the tables (every pass counted). */
  sourceRows: number;
  /**
   * The same, each row counted for the share of its table's columns the pass reads (a pass that
   * reads one column of thirty counts a thirtieth per row; see `maxSourceRows`).
   */
  readRows: number;
  /** Most groups one `summarize` held. */
  maxGroups: number;
  /** Most keys one `join` held (its right side's keys only). */
  maxJoinKeys: number;
  /** Most rows one `sort` held. */
  maxSortRows: number;
  /** Rows held by `let` results kept for reuse (all lets together; at most `maxHeldRows`). */
  heldRows: number;
  /** `let` results too large to keep: evaluated again, streaming, at each use. */
  streamedLets: number;
  /** `let` results taken from the cross-query cache. */
  cachedLets: number;
}

/** Options of {@linkcode streamKql}. */
export interface KqlRunOptions {
  /**
   * Rows the `let` results kept for reuse may hold together; a `let` that does not fit is
   * evaluated again (streaming) wherever it is used @default 1000000
   */
  maxHeldRows?: number;
  /**
   * Table rows a query may read (every pass counted; a row read for some of its columns counted
   * for their share of the table's columns, as a column store reads them: see
   * {@linkcode KqlRunStats.readRows}) before it stops with {@linkcode KqlLimitError}
   * @default Infinity
   */
  maxSourceRows?: number;
  /** `let` results kept across queries (see {@linkcode KqlLetCache}). */
  letCache?: KqlLetCache;
  /** Filled in as the query runs. */
  stats?: KqlRunStats;
}

/** A query's result as a stream: columns known before any row is read. */
export interface KqlStream {
  /** Columns in order. */
  columns: KqlColumn[];
  /** The rows, made as they are read (each iteration runs the query again). */
  rows: Iterable<Row>;
}

/** A planned pipeline: columns (checked before any row is read) and a way to make its rows. */
/** A planned query: its columns, its rows (each call a new pass), and whether they are in an order (`sort`). */
type Plan = {
  columns: KqlColumn[];
  rows: () => Iterable<Row>;
  serialized?: boolean;
  /**
   * Adds to `acc` the table passes this plan surely reads whole when its rows are read whole
   * (`full`) or up to their first row (see {@linkcode readFloor}).
   */
  need?: (full: boolean, acc: Need) => void;
};

/** The table passes a query surely reads whole, and the read rows they surely count. */
type Need = { passes: Set<object>; rows: number; tableRows: number };

/**
 * A floor on the rows a query will count against the read limit (`maxSourceRows`) before its
 * first row comes out (or it ends): the table passes it surely reads whole — under a `summarize`,
 * a `sort`, a join's or lookup's right side, or a `union` read whole — each counted once (a `let`
 * read twice may be kept), each for the rows its table's `count` surely gives (0 when the table
 * cannot tell) at its share of columns (a share's prefilter at the prefilter's share). A query whose
 * floor is over the limit would stop at it anyway: it is refused before any row is read.
 */
function readFloor(p: Plan): Need {
  const acc: Need = { passes: new Set(), rows: 0, tableRows: 0 };
  p.need?.(false, acc);
  return acc;
}

type Ctx = { stats: KqlRunStats; heldLeft: number; maxSourceRows: number; cache?: KqlLetCache };

/** `column >= / > / < / <= datetime(…)` conjuncts of a predicate: the range a scan may narrow to. */
function timeRangeOf(pred: Expr): { column: string; min: number; max: number } | undefined {
  const conj: Expr[] = [];
  const walk = (e: Expr) => {
    if (e.e === "bin" && e.op === "and") {
      walk(e.l);
      walk(e.r);
    } else conj.push(e);
  };
  walk(pred);
  let column: string | undefined, min = -Infinity, max = Infinity;
  for (const c of conj) {
    if (c.e !== "bin" || c.l.e !== "col" || c.r.e !== "lit" || c.r.type !== "datetime") continue;
    if (typeof c.r.v !== "number" || (column !== undefined && column !== c.l.name)) continue;
    column = c.l.name;
    if (c.op === ">=" || c.op === ">") min = Math.max(min, c.r.v);
    else if (c.op === "<") max = Math.min(max, c.r.v);
    else if (c.op === "<=") max = Math.min(max, c.r.v + 1);
  }
  return column === undefined || (min === -Infinity && max === Infinity) ? undefined : { column, min, max };
}

function* filterRows(rows: Iterable<Row>, keep: (r: Row) => boolean): Generator<Row> {
  for (const r of rows) if (keep(r)) yield r;
}

function* mapRows(rows: Iterable<Row>, f: (r: Row) => Row): Generator<Row> {
  for (const r of rows) yield f(r);
}

function* countRows(rows: Iterable<Row>, ctx: Ctx, share: number): Generator<Row> {
  const stats = ctx.stats;
  for (const r of rows) {
    stats.sourceRows++;
    if ((stats.readRows += share) > ctx.maxSourceRows) throw new KqlLimitError(ctx.maxSourceRows);
    yield r;
  }
}

/** The names of the columns an expression reads. */
function columnsOfExpr(e: Expr, out: Set<string>): Set<string> {
  if (e.e === "col") out.add(e.name);
  else if (e.e === "call") { for (const a of e.args) columnsOfExpr(a, out); }
  else if (e.e === "in") columnsOfExpr(e.l, out);
  else if (e.e === "prop") columnsOfExpr(e.of, out);
  else if (e.e === "bin") columnsOfExpr(e.l, out), columnsOfExpr(e.r, out);
  return out;
}

/**
 * The share of a table's columns a pipeline reads from it: the columns its leading `where`s and
 * `extend`s and its first `project` name, when it starts with those; 1 (every column) otherwise.
 * A column store (Kusto's) reads only those columns, so the read limit counts a pass over a table
 * for one column of thirty as a thirtieth of a pass.
 */
function shareRead(
  ops: readonly Op[],
  columns: readonly KqlColumn[],
): { share: number; columns?: ReadonlySet<string> } {
  const names = new Set(columns.map((c) => c.name));
  const read = new Set<string>();
  for (const op of ops) {
    if (op.op === "where") columnsOfExpr(op.pred, read);
    else if (op.op === "extend") {
      for (const it of op.items) columnsOfExpr(it.expr, read);
    } else if (op.op === "project") {
      for (const it of op.items) columnsOfExpr(it.expr, read);
      const used = new Set([...read].filter((c) => names.has(c)));
      return { share: columns.length === 0 ? 1 : Math.max(1, used.size) / columns.length, columns: used };
    } else return { share: 1 };
  }
  return { share: 1 };
}

/** Whether an expression calls `hash`. */
function hashes(e: Expr): boolean {
  if (e.e === "call") return e.fn === "hash" || e.args.some(hashes);
  if (e.e === "in") return hashes(e.l);
  if (e.e === "prop") return hashes(e.of);
  if (e.e === "bin") return hashes(e.l) || hashes(e.r);
  return false;
}

/**
 * The prefilter of a pass over a table ({@linkcode KqlPrefilter}): its leading `where`s, when one
 * of them hashes a value (a share); none otherwise (a pass reads its rows as they are).
 */
function prefilterOf(ops: readonly Op[], columns: readonly KqlColumn[], ctx: Ctx): KqlPrefilter | undefined {
  const preds: Expr[] = [];
  for (const op of ops) {
    if (op.op !== "where") break;
    preds.push(op.pred);
  }
  if (!preds.some(hashes)) return undefined;
  const types = new Map(columns.map((c) => [c.name, c.type]));
  for (const p of preds) {
    if (typeOfExpr(p, types, "where") !== "bool") {
      throw new KqlError("SemanticError", "'where' operator: the predicate must be bool");
    }
  }
  const compiled = preds.map((p) => compileExpr(p, types));
  const read = new Set<string>();
  for (const p of preds) columnsOfExpr(p, read);
  const share = columns.length === 0 ? 1 : Math.max(1, read.size) / columns.length;
  return {
    key: JSON.stringify(preds),
    columns: new Map([...read].map((c) => [c, types.get(c)!])),
    keep: (row) => compiled.every((f) => f(row) === true),
    skipped: (rows) => {
      ctx.stats.sourceRows += rows;
      if ((ctx.stats.readRows += rows * share) > ctx.maxSourceRows) {
        throw new KqlLimitError(ctx.maxSourceRows);
      }
    },
  };
}

function* concatRows(parts: readonly Plan[]): Generator<Row> {
  for (const p of parts) yield* p.rows();
}

/**
 * A `let` result kept for reuse when it fits in what is left of `maxHeldRows`, else evaluated again
 * (streaming) at each use: memory stays bounded either way.
 */
function kept(p: Plan, ctx: Ctx, key: string | null): Plan {
  let held: Row[] | null = null, streamed = false;
  const cache = ctx.cache;
  return {
    columns: p.columns,
    // a result in the cross-query cache reads nothing
    need: (full, acc) => {
      if (key === null || cache?.rows.has(key) !== true) p.need?.(full, acc);
    },
    rows: () => {
      if (held !== null) return held;
      if (streamed) return p.rows();
      const hit = key === null ? undefined : cache?.rows.get(key);
      if (hit !== undefined) {
        ctx.stats.cachedLets++;
        cache!.rows.delete(key!);
        cache!.rows.set(key!, hit); // the most recently used last
        return held = hit;
      }
      const buf: Row[] = [];
      const before = ctx.stats.sourceRows;
      for (const r of p.rows()) {
        if (buf.length >= ctx.heldLeft) {
          streamed = true;
          ctx.stats.streamedLets++;
          return p.rows();
        }
        buf.push(r);
      }
      ctx.heldLeft -= buf.length;
      ctx.stats.heldRows += buf.length;
      // kept across queries only when it cost many more table rows than it holds (the copies of
      // an id over the whole window), so the slices' own lets never push it out
      const cost = ctx.stats.sourceRows - before;
      if (
        key !== null && cache !== undefined && buf.length <= cache.maxRows && cost >= CACHE_COST * buf.length
      ) {
        cache.rows.set(key, buf);
        cache.held += buf.length;
        for (const [k, v] of cache.rows) {
          if (cache.held <= cache.maxRows) break;
          if (k === key) continue;
          cache.rows.delete(k); // the least recently used first
          cache.held -= v.length;
        }
      }
      return held = buf;
    },
  };
}

/** Table rows a `let` must have read per row it holds to be kept across queries. */
const CACHE_COST = 10;

/** The names a query reads (tables and `let`s), through unions and joins. */
function namesOf(q: Query, out = new Set<string>()): Set<string> {
  if ("table" in q.source) out.add(q.source.table);
  else for (const p of q.source.union) namesOf(p, out);
  for (const op of q.ops) if (op.op === "join" || op.op === "lookup") namesOf(op.right, out);
  return out;
}

/**
 * Results of `let`s kept across queries (by the `let`'s own text and those of the `let`s it
 * reads): a server answering many queries over the same immutable tables and timespan computes a
 * `let` that every query repeats (e.g. the copies of an id over the whole window) once. Only a
 * `let` that read at least 10 table rows per row it holds is kept (a slice's own rows, read once
 * each, would push the costly ones out). Tables must not change while a cache is in use, and one
 * cache serves one set of tables and timespan.
 */
export interface KqlLetCache {
  /** Rows by key, the least recently used first. */
  rows: Map<string, Row[]>;
  /** Rows the cache holds at most (all results together). */
  maxRows: number;
  /** Rows it holds. */
  held: number;
}

/**
 * The columns read after an operator (a set), or `null` when any may be (the result's consumer
 * reads them all).
 */
type Wanted = ReadonlySet<string> | null;

/** Consecutive `extend`s as one (each item sees the ones before it either way). */
function fuse(ops: readonly Op[]): Op[] {
  const fused: Op[] = [];
  for (const op of ops) {
    const last = fused.at(-1);
    if (op.op === "extend" && last?.op === "extend") {
      fused[fused.length - 1] = { op: "extend", items: [...last.items, ...op.items] };
    } else fused.push(op);
  }
  return fused;
}

/**
 * Which columns are read after each (fused) operator of a query and of the queries inside it
 * (`after`), given what its consumer reads (`end`), and what each `let` it reads must carry
 * (`lets`: the union over its uses). A `project` or `extend` then makes only those columns of a
 * row (the others are never read; its declared columns are unchanged), so a let of 35 columns
 * read for three of them is not copied whole per row.
 */
function wantedOf(q: Query, end: Wanted, after: Map<Query, Wanted[]>, lets: Map<string, Wanted>): void {
  const ops = fuse(q.ops);
  const out = new Array<Wanted>(ops.length);
  let need: Set<string> | null = end === null ? null : new Set(end);
  for (let i = ops.length - 1; i >= 0; i--) {
    out[i] = need === null ? null : new Set(need);
    const op = ops[i]!;
    if (op.op === "where") {
      if (need !== null) columnsOfExpr(op.pred, need);
    } else if (op.op === "project") {
      need = new Set();
      for (const it of op.items) columnsOfExpr(it.expr, need);
    } else if (op.op === "extend") {
      if (need !== null) {
        for (const it of op.items) need.delete(it.name);
        for (const it of op.items) columnsOfExpr(it.expr, need);
      }
    } else if (op.op === "summarize") {
      need = new Set(op.by);
      for (const a of op.aggs) {
        if (a.col !== null) need.add(a.col);
        for (const c of a.cols) need.add(c);
      }
    } else if (op.op === "join" || op.op === "lookup") {
      if (need !== null) { for (const n of op.on) need.add(n); }
      // a join reads the right side's key columns only; a lookup adds its other columns
      wantedOf(op.right, op.op === "join" ? new Set(op.on) : null, after, lets);
    } else if (op.op === "sort") {
      if (need !== null) { for (const k of op.keys) need.add(k.name); }
    }
    // project-away: what is read after it is read before it
  }
  after.set(q, out);
  if ("table" in q.source) {
    const name = q.source.table, seen = lets.get(name);
    lets.set(
      name,
      seen === null || need === null ? null : seen === undefined ? need : new Set([...seen, ...need]),
    );
  } else for (const p of q.source.union) wantedOf(p, need, after, lets);
}

function plan(
  q: Query,
  scope: Readonly<Record<string, Plan | KqlSource>>,
  ctx: Ctx,
  after: ReadonlyMap<Query, Wanted[]> = new Map(),
): Plan {
  let cur: Plan;
  const ops = q.ops;
  if ("table" in q.source) {
    const name = q.source.table;
    const t = Object.hasOwn(scope, name) ? scope[name] : undefined;
    if (t === undefined) {
      throw new KqlError("SemanticError", `Failed to resolve table or column expression named '${name}'`);
    }
    if (typeof t.rows === "function") cur = t as Plan;
    else {
      const src = t as KqlSource;
      const first = ops[0];
      const range = first?.op === "where" ? timeRangeOf(first.pred) : undefined;
      const { share, columns: needed } = shareRead(ops, src.columns);
      const prefilter = range && src.scan ? prefilterOf(ops, src.columns, ctx) : undefined;
      // the least share a row of the pass is counted at (a share's rows left out: the prefilter's)
      const least = prefilter === undefined
        ? share
        : Math.min(share, Math.max(1, prefilter.columns.size) / Math.max(1, src.columns.length));
      const pass: Plan = {
        columns: src.columns,
        rows: () =>
          countRows(
            range && src.scan?.(range.column, range.min, range.max, needed, prefilter) || src.rows,
            ctx,
            share,
          ),
        need: (full, acc) => {
          if (!full || acc.passes.has(pass) || range === undefined || src.count === undefined) return;
          acc.passes.add(pass);
          const n = src.count(range.column, range.min, range.max);
          acc.tableRows += n;
          acc.rows += n * least;
        },
      };
      cur = pass;
    }
  } else {
    const parts = q.source.union.map((p) => plan(p, scope, ctx, after));
    const columns: KqlColumn[] = [];
    for (const p of parts) {
      for (const c of p.columns) {
        const seen = columns.find((x) => x.name === c.name);
        if (seen === undefined) columns.push({ ...c });
        else if (seen.type !== c.type) {
          throw new KqlError(
            "SemanticError",
            `union: column '${c.name}' is ${seen.type} in one branch and ${c.type} in another ` +
              "(Kusto would split it into suffixed columns)",
          );
        }
      }
    }
    cur = {
      columns,
      rows: () => concatRows(parts),
      // read whole: every branch; up to the first row: the first branch's (a later one's first
      // row may come first only when the earlier ones are empty)
      need: (full, acc) => {
        if (full) { for (const p of parts) p.need?.(true, acc); }
        else parts[0]?.need?.(false, acc);
      },
    };
  }
  // consecutive `extend`s are one: a row is copied once for the run, not once per operator
  const fused = fuse(ops);
  const wanted = after.get(q);
  for (let i = 0; i < fused.length; i++) {
    const op = fused[i]!, input = cur;
    cur = planOp(op, input, scope, ctx, wanted?.[i] ?? null, after);
    if (cur.need === undefined) {
      // a `summarize` or `sort` reads its input whole before its first row; the others stream
      const whole = op.op === "summarize" || op.op === "sort";
      cur.need = (full, acc) => input.need?.(whole || full, acc);
    }
  }
  return cur;
}

function planOp(
  op: Op,
  input: Plan,
  scope: Readonly<Record<string, Plan | KqlSource>>,
  ctx: Ctx,
  wanted: Wanted,
  after: ReadonlyMap<Query, Wanted[]>,
): Plan {
  const cols = new Map(input.columns.map((c) => [c.name, c.type]));
  switch (op.op) {
    case "where": {
      if (typeOfExpr(op.pred, cols, "where") !== "bool") {
        throw new KqlError("SemanticError", "'where' operator: the predicate must be bool");
      }
      const pred = compileExpr(op.pred, cols);
      return {
        columns: input.columns,
        rows: () => filterRows(input.rows(), (r) => pred(r) === true),
      };
    }
    case "project": {
      const columns = op.items.map((it) => ({ name: it.name, type: typeOfExpr(it.expr, cols, "project") }));
      // only the columns read after it are made (all are checked and compiled)
      const items = op.items.map((it) => ({ name: it.name, f: compileExpr(it.expr, cols) }))
        .filter((it) => wanted === null || wanted.has(it.name));
      const shape = rowShape(items.map((it) => it.name));
      return {
        columns,
        rows: () =>
          mapRows(input.rows(), (r) => {
            const o: Row = { ...shape };
            for (let i = 0; i < items.length; i++) o[items[i]!.name] = items[i]!.f(r);
            return o;
          }),
      };
    }
    case "extend": {
      let columns = [...input.columns];
      const types = new Map(cols);
      // row_number(): the row's number in the order of a sort (from 1), counted per pass
      const steps: { name: string; f: Compiled | null }[] = [];
      for (const it of op.items) {
        const type = typeOfExpr(it.expr, types, "extend");
        const rn = it.expr.e === "call" && it.expr.fn === "row_number";
        if (rn && !input.serialized) {
          throw new KqlError("SemanticError", "'row_number': the rows must be serialized (sorted) first");
        }
        steps.push({ name: it.name, f: rn ? null : compileExpr(it.expr, types) });
        columns = columns.filter((c) => c.name !== it.name);
        columns.push({ name: it.name, type });
        types.set(it.name, type);
      }
      // Kusto keeps a replaced column in place
      const outColumns = input.columns.map((c) => columns.find((x) => x.name === c.name)!).concat(
        columns.filter((c) => !input.columns.some((x) => x.name === c.name)),
      );
      // only what is read after it, and what the items made for it read: an item no one reads is
      // not made, a column no one reads not copied (liveness, from the last item back)
      const live: Set<string> | null = wanted === null ? null : new Set(wanted);
      const made = new Set<number>();
      for (let i = op.items.length - 1; i >= 0; i--) {
        const it = op.items[i]!;
        if (live !== null && !live.has(it.name)) continue;
        made.add(i);
        if (live !== null) live.delete(it.name), columnsOfExpr(it.expr, live);
      }
      const inNames = input.columns.map((c) => c.name).filter((n) => live === null || live.has(n));
      const madeSteps = steps.filter((_, i) => made.has(i));
      const shape = rowShape(
        outColumns.map((c) => c.name).filter((n) =>
          inNames.includes(n) || madeSteps.some((s) => s.name === n)
        ),
      );
      return {
        columns: outColumns,
        serialized: input.serialized === true,
        // each row copied once (a table's or a kept let's rows are read by others too)
        rows: () => {
          let numbered = 0;
          return mapRows(input.rows(), (r) => {
            let o: Row = { ...shape };
            for (let i = 0; i < inNames.length; i++) {
              const n = inNames[i]!, v = r[n];
              // a row without one of its columns (a union's branch lacks it) is copied as it is
              if (v === undefined && !(n in r)) {
                o = { ...r };
                break;
              }
              o[n] = v;
            }
            for (let i = 0; i < madeSteps.length; i++) {
              const f = madeSteps[i]!.f;
              o[madeSteps[i]!.name] = f === null ? ++numbered : f(o);
            }
            return o;
          });
        },
      };
    }
    case "project-away": {
      for (const n of op.names) typeOfExpr({ e: "col", name: n }, cols, "project-away");
      const names = new Set(op.names);
      return {
        columns: input.columns.filter((c) => !names.has(c.name)),
        rows: () =>
          mapRows(input.rows(), (r) => {
            const o: Row = {};
            for (const k of Object.keys(r)) if (!names.has(k)) o[k] = r[k];
            return o;
          }),
      };
    }
    case "summarize": {
      for (const b of op.by) typeOfExpr({ e: "col", name: b }, cols, "summarize");
      for (const a of op.aggs) {
        for (const c of [...(a.col === null ? [] : [a.col]), ...a.cols]) {
          typeOfExpr({ e: "col", name: c }, cols, "summarize");
        }
      }
      const aggTypes = op.aggs.map((a) => a.col === null ? "long" as const : cols.get(a.col)!);
      const by = op.by;
      const aggs = op.aggs.map((a, i) => ({ ...a, cmp: comparableOf(aggTypes[i]!) }));
      // the columns of each aggregate: its name, or an arg_min/arg_max's columns
      const outOf = (a: Agg) => a.fn === "arg_min" || a.fn === "arg_max" ? [a.col!, ...a.cols] : [a.name];
      const outNames = [...by, ...aggs.flatMap(outOf)];
      const twice = outNames.find((n, i) => outNames.indexOf(n) !== i);
      if (twice !== undefined) {
        throw new KqlError("SemanticError", `'summarize' operator: column '${twice}' is produced twice`);
      }
      const shape = rowShape(outNames);
      return {
        columns: [
          ...op.by.map((b) => ({ name: b, type: cols.get(b)! })),
          ...op.aggs.flatMap((a, i) =>
            a.fn === "arg_min" || a.fn === "arg_max"
              ? outOf(a).map((c) => ({ name: c, type: cols.get(c)! }))
              : [{ name: a.name, type: aggTypes[i]! }]
          ),
        ],
        rows: function* () {
          // the state: one entry per group, never the rows: an array of its key values, its
          // aggregates (an arg_min/arg_max: the array of its row's columns), and the aggregates as
          // they compare (a min/max not parsed again per row)
          const groups = new Map<unknown, unknown[]>();
          const nb = by.length, na = aggs.length;
          const keyOf = groupKeyMaker(by, cols);
          for (const r of input.rows()) {
            const k = keyOf(r);
            let g = groups.get(k);
            if (g === undefined) {
              g = new Array(nb + 2 * na);
              for (let i = 0; i < nb; i++) g[i] = r[by[i]!] ?? null;
              for (let i = 0; i < na; i++) {
                g[nb + i] = aggs[i]!.fn === "count" ? 0 : null, g[nb + na + i] = null;
              }
              groups.set(k, g);
              if (groups.size > ctx.stats.maxGroups) ctx.stats.maxGroups = groups.size;
            }
            for (let i = 0; i < na; i++) {
              const a = aggs[i]!;
              if (a.fn === "count") g[nb + i] = (g[nb + i] as number) + 1;
              else {
                const v = r[a.col!] ?? null;
                const x = a.cmp(v), y = g[nb + na + i] as string | number | null;
                const least = a.fn === "min" || a.fn === "arg_min";
                if (x !== null && (y === null || (least ? x < y : x > y))) {
                  g[nb + i] = a.fn === "min" || a.fn === "max" ? v : [v, ...a.cols.map((c) => r[c] ?? null)];
                  g[nb + na + i] = x;
                }
              }
            }
          }
          for (const g of groups.values()) {
            const o: Row = { ...shape };
            for (let i = 0; i < nb; i++) o[by[i]!] = g[i];
            for (let i = 0; i < na; i++) {
              const a = aggs[i]!;
              if (a.fn !== "arg_min" && a.fn !== "arg_max") o[a.name] = g[nb + i];
              else {
                const vs = g[nb + i] as unknown[] | null;
                outOf(a).forEach((c, j) => o[c] = vs === null ? null : vs[j]);
              }
            }
            yield o;
          }
        },
      };
    }
    case "join": {
      const right = plan(op.right, scope, ctx, after);
      const rcols = new Map(right.columns.map((c) => [c.name, c.type]));
      for (const n of op.on) {
        typeOfExpr({ e: "col", name: n }, cols, "join");
        typeOfExpr({ e: "col", name: n }, rcols, "join");
      }
      // one key column of one type on both sides: its values are the keys, else JSON of them all
      const same = op.on.every((n) => cols.get(n) === rcols.get(n));
      const leftKey = same
        ? keyMaker(op.on, cols)
        : (r: Row) => JSON.stringify(op.on.map((n) => r[n] ?? null));
      const rightKey = same ? keyMaker(op.on, rcols) : leftKey;
      return {
        columns: input.columns,
        need: (full, acc) => {
          right.need?.(true, acc);
          input.need?.(full, acc);
        },
        rows: () => {
          // the state: the right side's keys (read once per pass, before the left side streams)
          if (same && op.on.length > 1 && op.on.every((n) => cols.get(n) !== "dynamic")) {
            const keys = numberedKeys(op.on);
            for (const r of right.rows()) keys.add(r);
            if (keys.size() > ctx.stats.maxJoinKeys) ctx.stats.maxJoinKeys = keys.size();
            return op.semi
              ? filterRows(input.rows(), (r) => keys.has(r))
              : filterRows(input.rows(), (r) => !keys.has(r));
          }
          const keys = new Set<unknown>();
          for (const r of right.rows()) keys.add(rightKey(r));
          if (keys.size > ctx.stats.maxJoinKeys) ctx.stats.maxJoinKeys = keys.size;
          // leftanti: the left rows without a match; leftsemi: those with one (left columns only)
          return op.semi
            ? filterRows(input.rows(), (r) => keys.has(leftKey(r)))
            : filterRows(input.rows(), (r) => !keys.has(leftKey(r)));
        },
      };
    }
    case "lookup": {
      const right = plan(op.right, scope, ctx, after);
      const rcols = new Map(right.columns.map((c) => [c.name, c.type]));
      for (const n of op.on) {
        if (
          typeOfExpr({ e: "col", name: n }, cols, "lookup") !==
            typeOfExpr({ e: "col", name: n }, rcols, "lookup")
        ) {
          throw new KqlError("SemanticError", `'lookup' operator: '${n}' has two types`);
        }
      }
      const added = right.columns.filter((c) => !op.on.includes(c.name));
      for (const c of added) {
        if (cols.has(c.name)) {
          throw new KqlError(
            "SemanticError",
            `'lookup' operator: column '${c.name}' is on both sides (Kusto would suffix it)`,
          );
        }
      }
      const leftKey = keyMaker(op.on, cols), rightKey = keyMaker(op.on, rcols);
      const shape = rowShape([...input.columns, ...added].map((c) => c.name));
      return {
        columns: [...input.columns, ...added],
        need: (full, acc) => {
          right.need?.(true, acc);
          input.need?.(full, acc);
        },
        rows: () => {
          // the state: the right side's rows by key (read once per pass); a left row without a
          // match gets nulls (kind=leftouter, lookup's default)
          const byKey = new Map<unknown, Row>();
          for (const r of right.rows()) {
            const k = rightKey(r);
            if (byKey.has(k)) {
              throw new KqlError(
                "SemanticError",
                "'lookup' operator: the local endpoint takes one right row per key",
              );
            }
            byKey.set(k, r);
          }
          if (byKey.size > ctx.stats.maxJoinKeys) ctx.stats.maxJoinKeys = byKey.size;
          return mapRows(input.rows(), (r) => {
            const o: Row = { ...shape, ...r };
            const m = byKey.get(leftKey(r));
            for (const c of added) o[c.name] = m === undefined ? null : m[c.name] ?? null;
            return o;
          });
        },
      };
    }
    case "sort": {
      for (const k of op.keys) typeOfExpr({ e: "col", name: k.name }, cols, "sort");
      return {
        columns: input.columns,
        serialized: true,
        rows: () => {
          // the state: every input row (a sort needs them all)
          const rows = [...input.rows()];
          if (rows.length > ctx.stats.maxSortRows) ctx.stats.maxSortRows = rows.length;
          // each row's keys as they compare, made once (a stable sort of the pairs)
          const keys = op.keys.map((k) => ({ ...k, cmp: comparableOf(cols.get(k.name)!) }));
          const nk = keys.length;
          const pairs = rows.map((r) => {
            const c = new Array<string | number | null>(nk);
            for (let i = 0; i < nk; i++) c[i] = keys[i]!.cmp(r[keys[i]!.name]);
            return { r, c };
          });
          pairs.sort((a, b) => {
            for (let i = 0; i < nk; i++) {
              const x = a.c[i]!, y = b.c[i]!;
              if (x === y) continue;
              // Kusto: nulls first in ascending order, last in descending order
              const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
              return keys[i]!.desc ? -c : c;
            }
            return 0;
          });
          return pairs.map((p) => p.r);
        },
      };
    }
  }
}

/** Fresh counters for {@linkcode KqlRunOptions.stats}. */
export function newKqlRunStats(): KqlRunStats {
  return {
    sourceRows: 0,
    readRows: 0,
    maxGroups: 0,
    maxJoinKeys: 0,
    maxSortRows: 0,
    heldRows: 0,
    streamedLets: 0,
    cachedLets: 0,
  };
}

/**
 * Plans a query of the subset over tables (arrays or streams) and returns its result as a stream:
 * every operator is checked before any row is read (a refused query throws here), then rows flow
 * through `where`, `project`, `extend`, `project-away` and `union` one at a time. Memory is bounded
 * by what the operators must hold: a `summarize` its groups, a `join` its right side's keys, a
 * `sort` its input; `let` results are kept for reuse up to `maxHeldRows` rows together, and a
 * larger one is evaluated again, streaming, at each use. A table's `scan` narrows a pass to the
 * time range of the pipeline's first `where`.
 *
 * @param text the KQL text
 * @param tables tables by name
 * @param options the `let` budget and the counters to fill
 * @returns the columns and the rows, made as they are read
 * @throws {KqlError} for a query outside the subset, an unknown table or column, or a type error
 *
 * @example
 * ```ts
 * import { newKqlRunStats, streamKql } from "./kql_interpreter.ts";
 * import assert from "node:assert/strict";
 * function* rows() {
 *   for (let i = 0; i < 100_000; i++) yield { U: `u${i % 3}`, N: i };
 * }
 * const stats = newKqlRunStats();
 * const r = streamKql("T | where N >= 10 | summarize C = count() by U", {
 *   T: { columns: [{ name: "U", type: "string" }, { name: "N", type: "long" }], rows: { [Symbol.iterator]: rows } },
 * }, { stats });
 * assert.deepEqual([...r.rows].map((o) => o.C), [33_330, 33_330, 33_330]);
 * assert.equal(stats.maxGroups, 3);
 * ```
 */
export function streamKql(
  text: string,
  tables: Readonly<Record<string, KqlSource>>,
  options: KqlRunOptions = {},
): KqlStream {
  const script = parseKql(text);
  const ctx: Ctx = {
    stats: options.stats ?? newKqlRunStats(),
    heldLeft: options.maxHeldRows ?? 1_000_000,
    maxSourceRows: options.maxSourceRows ?? Infinity,
    ...(options.letCache !== undefined ? { cache: options.letCache } : {}),
  };
  const scope: Record<string, Plan | KqlSource> = { ...tables };
  // the columns each operator's rows must carry: from the result back through the lets
  const after = new Map<Query, Wanted[]>(), lets = new Map<string, Wanted>();
  wantedOf(script.query, null, after, lets);
  const carried = new Map<Query, Wanted>();
  for (let i = script.lets.length - 1; i >= 0; i--) {
    const l = script.lets[i]!, w = lets.get(l.name) ?? null;
    // the uses after this let are its own (an earlier let of the same name is another)
    lets.delete(l.name);
    carried.set(l.query, w);
    wantedOf(l.query, w, after, lets);
  }
  const keys = new Map<string, string>();
  for (const l of script.lets) {
    const deps = [...namesOf(l.query)].map((n) => [n, keys.get(n) ?? null]);
    // the columns its rows carry are part of what it is (the cross-query cache's key)
    const w = carried.get(l.query) ?? null;
    const key = JSON.stringify([l.query, deps, w === null ? null : [...w].sort()]);
    keys.set(l.name, key);
    scope[l.name] = kept(plan(l.query, scope, ctx, after), ctx, key);
  }
  const p = plan(script.query, scope, ctx, after);
  if (ctx.maxSourceRows < Infinity) {
    // a query sure to pass the read limit is refused before it reads a row (its work would be
    // thrown away): counted as reading its floor
    const floor = readFloor(p);
    // (less a hair: the floor sums whole passes, the count row by row, in floating point)
    if (floor.rows * (1 - 1e-9) > ctx.maxSourceRows) {
      ctx.stats.sourceRows += floor.tableRows;
      ctx.stats.readRows += floor.rows;
      throw new KqlLimitError(ctx.maxSourceRows);
    }
  }
  return { columns: p.columns, rows: { [Symbol.iterator]: () => p.rows()[Symbol.iterator]() } };
}

/**
 * Runs a query of the subset and collects its result ({@linkcode streamKql}, all rows read).
 *
 * @param text the KQL text
 * @param tables tables by name
 * @param options the `let` budget and the counters to fill
 * @returns the result table
 * @throws {KqlError} for a query outside the subset, an unknown table or column, or a type error
 *
 * @example
 * ```ts
 * import { runKql, KqlError } from "./kql_interpreter.ts";
 * import assert from "node:assert/strict";
 * const T = { columns: [{ name: "Id", type: "string" as const }, { name: "CreatedDateTime", type: "datetime" as const }],
 *   rows: [{ Id: "b", CreatedDateTime: "2026-11-20T10:00:00Z" }, { Id: "a", CreatedDateTime: "2026-11-19T10:00:00Z" }] };
 * const r = runKql("T | where CreatedDateTime >= datetime(2026-11-19T00:00:00Z) | sort by CreatedDateTime asc | project Id", { T });
 * assert.deepEqual(r.rows, [{ Id: "a" }, { Id: "b" }]);
 * assert.throws(() => runKql("T | summarize make_set(Id)", { T }), KqlError);
 * assert.deepEqual(runKql("let U = T | summarize N = count() by Id; U | project N", { T }).rows, [{ N: 1 }, { N: 1 }]);
 * assert.throws(() => runKql("T | project Nope", { T }), /Failed to resolve scalar expression named 'Nope'/);
 * ```
 */
export function runKql(
  text: string,
  tables: Readonly<Record<string, KqlSource>>,
  options: KqlRunOptions = {},
): KqlTable {
  const r = streamKql(text, tables, options);
  return { columns: r.columns, rows: [...r.rows] };
}
