/**
 * Private machinery behind the simple enum classifiers: an alias index built from an
 * `as const` table (id, label and listed aliases, all normalised with `normalizeKey`) and a
 * never-throwing classifier over it.
 *
 * @module
 */
import { type Classified, unknownValue } from "./classified.ts";
import { normalizeKey } from "./_normalize.ts";

/** One member of an enum table: a human label and optional other spellings. */
export interface EnumEntry {
  /** Human label (Markdown reports); also accepted as input. */
  readonly label: string;
  /** Other spellings accepted as input (portal labels, Log Analytics names, …). */
  readonly aliases?: readonly string[];
  /** Classifier-specific facts (for example `legacy: true`). */
  readonly [fact: string]: unknown;
}

/** An enum table: stable camelCase id → entry. */
export type EnumTable = Readonly<Record<string, EnumEntry>>;

/** Normalised spelling → id, plus any spelling claimed by two different ids. */
export interface AliasIndex<Id extends string> {
  /** Lookup map keyed by `normalizeKey(spelling)`. */
  readonly map: ReadonlyMap<string, Id>;
  /** Normalised spellings that two ids both claimed (the first one wins); tests assert none. */
  readonly collisions: readonly string[];
}

/**
 * Builds an alias index from (id, spellings) pairs.
 *
 * @param entries Each id with the spellings that mean it.
 * @returns The index and any collisions.
 *
 * @example Usage
 * ```ts
 * import { buildAliasIndex } from "./_enum.ts";
 * import assert from "node:assert/strict";
 * const idx = buildAliasIndex([["guest", ["Guest", "B2B guest"]], ["member", ["guest"]]]);
 * assert.equal(idx.map.get("b2bguest"), "guest");
 * assert.deepEqual(idx.collisions, ["guest"]);
 * ```
 */
export function buildAliasIndex<Id extends string>(
  entries: Iterable<readonly [Id, readonly string[]]>,
): AliasIndex<Id> {
  const map = new Map<string, Id>();
  const collisions: string[] = [];
  for (const [id, spellings] of entries) {
    for (const spelling of [id, ...spellings]) {
      const key = normalizeKey(spelling);
      if (key === "") continue;
      const prev = map.get(key);
      if (prev === undefined) map.set(key, id);
      else if (prev !== id) collisions.push(key);
    }
  }
  return { map, collisions };
}

/**
 * Builds the alias index of an enum table (each id, its label and its aliases).
 *
 * @param table An enum table.
 * @returns The index.
 *
 * @example Usage
 * ```ts
 * import { tableIndex } from "./_enum.ts";
 * import assert from "node:assert/strict";
 * const idx = tableIndex({ notApplied: { label: "Not applied" } });
 * assert.equal(idx.map.get("notapplied"), "notApplied");
 * ```
 */
export function tableIndex<T extends EnumTable>(table: T): AliasIndex<keyof T & string> {
  return buildAliasIndex(
    Object.entries(table).map(([id, e]) =>
      [id as keyof T & string, [e.label, ...(e.aliases ?? [])]] as const
    ),
  );
}

/**
 * Whether `value` is an own key of `table` (so `"__proto__"` or `"toString"` never count).
 *
 * @param table Any object.
 * @param value Any value.
 * @returns `true` for an exact id.
 *
 * @example Type guard
 * ```ts
 * import { isTableKey } from "./_enum.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isTableKey({ a: 1 }, "a"));
 * assert.ok(!isTableKey({ a: 1 }, "toString"));
 * ```
 */
export function isTableKey<T extends object>(table: T, value: unknown): value is keyof T & string {
  return typeof value === "string" && Object.hasOwn(table, value);
}

/**
 * Looks a string up in an index: the exact id first, then the normalised spelling.
 *
 * @param table The enum table (for the exact-id fast path).
 * @param index Its alias index.
 * @param raw Any value.
 * @returns The id, or `undefined` for anything unrecognised (including non-strings).
 *
 * @example Usage
 * ```ts
 * import { lookupId, tableIndex } from "./_enum.ts";
 * import assert from "node:assert/strict";
 * const table = { notApplied: { label: "Not applied" } };
 * assert.equal(lookupId(table, tableIndex(table), "NOT APPLIED"), "notApplied");
 * assert.equal(lookupId(table, tableIndex(table), 3), undefined);
 * ```
 */
export function lookupId<T extends EnumTable>(
  table: T,
  index: AliasIndex<keyof T & string>,
  raw: unknown,
): (keyof T & string) | undefined {
  if (typeof raw !== "string") return undefined;
  if (isTableKey(table, raw)) return raw;
  return index.map.get(normalizeKey(raw));
}

/**
 * Makes the `classifyX()` of an enum table.
 *
 * @param table An enum table.
 * @returns A function that never throws and returns `known` (with the id) or `unknown` (with the raw input).
 *
 * @example Usage
 * ```ts
 * import { enumClassifier } from "./_enum.ts";
 * import assert from "node:assert/strict";
 * const classify = enumClassifier({ member: { label: "Member" }, guest: { label: "Guest" } });
 * assert.deepEqual(classify("Guest"), { kind: "known", id: "guest" });
 * assert.deepEqual(classify(null), { kind: "unknown", raw: null });
 * ```
 */
export function enumClassifier<T extends EnumTable>(
  table: T,
): (raw: unknown) => Classified<keyof T & string> {
  const index = tableIndex(table);
  return (raw) => {
    const id = lookupId(table, index, raw);
    return id === undefined ? unknownValue(raw) : { kind: "known", id };
  };
}

/**
 * Makes the `labelX()` of an enum table; `"unknown"` (or any id not in the table) reads "Unknown".
 *
 * @param table An enum table.
 * @returns id → label.
 *
 * @example Usage
 * ```ts
 * import { enumLabeler } from "./_enum.ts";
 * import assert from "node:assert/strict";
 * const label = enumLabeler({ guest: { label: "Guest" } });
 * assert.equal(label("guest"), "Guest");
 * assert.equal(label("unknown"), "Unknown");
 * ```
 */
export function enumLabeler<T extends EnumTable>(table: T): (id: (keyof T & string) | "unknown") => string {
  return (id) => (isTableKey(table, id) ? table[id]!.label : "Unknown");
}

/** The guard, classifier and labeler of one enum table (see {@linkcode defineEnum}). */
export interface EnumFunctions<Id extends string> {
  /** Exact ids only (own keys of the table). */
  readonly is: (v: unknown) => v is Id;
  /** Exact id, label or alias on normalised text; never throws; anything else is `unknown`. */
  readonly classify: (raw: unknown) => Classified<Id>;
  /** The id's label; `"unknown"` (or any id not in the table) reads "Unknown". */
  readonly label: (id: Id | "unknown") => string;
}

/**
 * The `isX` / `classifyX` / `labelX` trio of an `as const` enum table, so each classifier file
 * declares only its table, the derived union and the exported names.
 *
 * @param table An enum table.
 * @returns The three functions.
 *
 * @example One table, three functions
 * ```ts
 * import { defineEnum } from "./_enum.ts";
 * import assert from "node:assert/strict";
 * const USER = defineEnum({ member: { label: "Member" }, guest: { label: "Guest", aliases: ["B2B guest"] } });
 * assert.ok(USER.is("guest"));
 * assert.ok(!USER.is("Guest"));
 * assert.deepEqual(USER.classify("b2b guest"), { kind: "known", id: "guest" });
 * assert.deepEqual(USER.classify(7), { kind: "unknown", raw: 7 });
 * assert.equal(USER.label("member"), "Member");
 * assert.equal(USER.label("unknown"), "Unknown");
 * ```
 */
export function defineEnum<T extends EnumTable>(table: T): EnumFunctions<keyof T & string> {
  return {
    is: (v: unknown): v is keyof T & string => isTableKey(table, v),
    classify: enumClassifier(table),
    label: enumLabeler(table),
  };
}
