/**
 * What a resource family adds to the generic collection page: how its items look in each API
 * version, and which items a request sees before its `$filter`.
 *
 * @module
 */
import type { GraphObject } from "../../sample/dataset.ts";
import type { ServerCollection } from "../collections.ts";
import type { ParsedFilter } from "../filter.ts";

/** An item rewrite (a projection); returns the item itself when nothing changes. */
export type ItemStep = (o: GraphObject) => GraphObject;

/** Server settings a handler may depend on. */
export interface HandlerSettings {
  /** App has Policy.Read.All. */
  caVisible: boolean;
}

/** A filter's scope: an error to send, or an extra condition on the items. */
export type FilterScope = { kind: "error"; message: string } | {
  kind: "ok";
  keep: ((o: GraphObject) => boolean) | undefined;
};

/** The behaviour of one resource family. */
export interface CollectionHandler {
  /** The collection it serves. */
  readonly collection: ServerCollection;
  /** Rewrites of each item in `version`, applied in order before `$select`. */
  project(version: string, settings: HandlerSettings): ItemStep[];
  /** Checks a request's filter (undefined: none) in `version`, and adds what the family implies. */
  scope(filter: ParsedFilter | undefined, version: string): FilterScope;
}

/** A family with no version differences and no implied filter. */
export function plainHandler(collection: ServerCollection): CollectionHandler {
  return {
    collection,
    project: () => [],
    scope: () => ({ kind: "ok", keep: undefined }),
  };
}

/** A step dropping property `name` (v1.0 lacks it, or the app may not see it). */
export function dropProperty(name: string): ItemStep {
  return (o) => {
    if (!Object.hasOwn(o, name)) return o;
    const { [name]: _, ...rest } = o;
    return rest;
  };
}
