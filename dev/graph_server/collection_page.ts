/**
 * Serves one page of a collection: checks `$filter`, `$select` and `$top` against the
 * collection's spec, filters (a cache of recent filters; a newest-first date index for
 * date ranges), applies the resource family's projection and `$select`, and writes the page
 * with `@odata.context` and `@odata.nextLink` (each item's JSON is serialised once per variant).
 *
 * @module
 */
import type { GraphObject } from "../sample/dataset.ts";
import { COLLECTION_SPECS, type CollectionRoute } from "./collections.ts";
import { parseFilter } from "./filter.ts";
import { COLLECTION_HANDLERS, type HandlerSettings, type ItemStep } from "./handlers/mod.ts";
import { badRequest, errorReply, HttpReply, type ReplyIds } from "./reply.ts";
import { encodeSkipToken, type PageQuery } from "./skip_token.ts";
import { lazyPage } from "./lazy_sign_ins.ts";

const encoder = new TextEncoder();
const COMMA = 0x2c;
const TAIL = encoder.encode("]}");
/** Filters whose results are kept (least recently used goes first). */
const FILTER_CACHE_SIZE = 64;

/** A page request after routing. */
export interface PageRequest {
  route: CollectionRoute;
  version: string;
  /** Path after the version, as requested. */
  path: string;
  q: PageQuery;
}

/** head + items joined with commas + tail, as one byte array. */
function joinJson(head: Uint8Array, items: readonly Uint8Array[], tail: Uint8Array): Uint8Array<ArrayBuffer> {
  let length = head.length + tail.length + Math.max(0, items.length - 1);
  for (const it of items) length += it.length;
  const out = new Uint8Array(length);
  out.set(head, 0);
  let at = head.length;
  items.forEach((it, i) => {
    if (i > 0) out[at++] = COMMA;
    out.set(it, at);
    at += it.length;
  });
  out.set(tail, at);
  return out;
}

/** Serves collection pages for one server (its caches live as long as the server). */
export class CollectionPages {
  readonly #filtered = new Map<string, GraphObject[]>();
  // createdDateTime (ms) of each item of a collection, when the collection is newest first
  // (as Graph serves sign-ins): a date-range filter then only looks at the items in range.
  readonly #newestFirstIndex = new WeakMap<readonly GraphObject[], Float64Array | null>();
  // Each item's JSON as UTF-8 bytes, per output variant (collection, version, $select), computed once.
  readonly #itemJson = new Map<string, WeakMap<GraphObject, Uint8Array>>();
  readonly #settings: HandlerSettings & { pageSize: number | undefined };

  /** @param settings the server's page size cap and CA visibility */
  constructor(settings: HandlerSettings & { pageSize: number | undefined }) {
    this.#settings = settings;
  }

  /** Serialises every item of `route` in `version` ahead of time (benchmarks). */
  warm(route: CollectionRoute, version: string): void {
    this.#serialise(route, version, [], route.items);
  }

  /**
   * One page of `req`, with links under `origin`.
   *
   * @returns the reply and the items sent, or an error reply
   */
  serve(req: PageRequest, origin: string, ids: ReplyIds): HttpReply | { reply: HttpReply; items: number } {
    const { route, q } = req;
    const spec = COLLECTION_SPECS[route.collection];
    if (q.filter !== "" && spec.rules.eq.length === 0) {
      return errorReply(badRequest(`Invalid filter clause: $filter is not supported on this resource.`), ids);
    }
    if (q.select !== "" && !spec.select) {
      return errorReply(badRequest("Query option '$select' is not allowed on this resource."), ids);
    }
    if (q.top !== undefined && (q.top < 1 || q.top > spec.maxTop)) {
      return errorReply(
        badRequest(
          `Invalid page size specified: '${q.top}'. Must be between 1 and ${spec.maxTop} inclusive.`,
        ),
        ids,
      );
    }
    const select = q.select === "" ? [] : q.select.split(",").map((s) => s.trim()).filter((s) => s !== "");
    for (const s of select) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) {
        return errorReply(
          badRequest(`Parsing OData Select and Expand failed: Term '${s}' is not valid.`),
          ids,
        );
      }
    }
    const size = Math.min(q.top ?? spec.defaultPage, this.#settings.pageSize ?? spec.maxTop);
    if (route.lazy !== undefined) {
      const p = this.#predicate(req);
      if ("error" in p) return errorReply(badRequest(p.error), ids);
      const page = lazyPage(route.lazy, route.lazy.range(p.bounds), q.offset, size, p.test);
      return this.#reply(req, origin, select, page.items, page.next);
    }
    const items = this.#matching(req);
    if (!Array.isArray(items)) return errorReply(badRequest(items.error), ids);
    const page = items.slice(q.offset, q.offset + size);
    return this.#reply(
      req,
      origin,
      select,
      page,
      q.offset + size < items.length ? q.offset + size : undefined,
    );
  }

  /** The page's reply: `@odata.context`, a nextLink to `next` (a position) when there is one, the items. */
  #reply(
    { route, version, path, q }: PageRequest,
    origin: string,
    select: string[],
    page: readonly GraphObject[],
    next: number | undefined,
  ): { reply: HttpReply; items: number } {
    const value = this.#serialise(route, version, select, page);
    const context = `${origin}/${version}/$metadata#${route.context}${
      select.length ? `(${select.join(",")})` : ""
    }`;
    let head = `{"@odata.context":${JSON.stringify(context)},`;
    if (next !== undefined) {
      const link = `${origin}/${version}${path}?$skiptoken=${encodeSkipToken({ ...q, offset: next })}`;
      head += `"@odata.nextLink":${JSON.stringify(link)},`;
    }
    const body = joinJson(encoder.encode(`${head}"value":[`), value, TAIL);
    return { reply: new HttpReply(200, body), items: page.length };
  }

  /** The request's item test (family scope and `$filter`) and its date bounds, or why the filter is refused. */
  #predicate(
    { route, version, q }: PageRequest,
  ): { test: (o: GraphObject) => boolean; bounds: { min: number; max: number } | undefined } | {
    error: string;
  } {
    const handler = COLLECTION_HANDLERS[route.collection];
    let matches: ((o: GraphObject) => boolean) | undefined;
    let bounds: { min: number; max: number } | undefined;
    let parsedFilter;
    if (q.filter !== "") {
      const parsed = parseFilter(q.filter, COLLECTION_SPECS[route.collection].rules);
      if (parsed.kind === "error") return { error: parsed.message };
      parsedFilter = parsed.filter;
      matches = parsed.filter.matches;
      bounds = parsed.filter.dateBounds.createdDateTime;
    }
    const scope = handler.scope(parsedFilter, version);
    if (scope.kind === "error") return { error: scope.message };
    const keep = scope.keep;
    const m = matches;
    return { test: (o) => (keep === undefined || keep(o)) && (m === undefined || m(o)), bounds };
  }

  /** The items matching the request's filter (cached), or why the filter is refused. */
  #matching({ route, version, path, q }: PageRequest): GraphObject[] | { error: string } {
    const key = `${version}|${path.toLowerCase()}|${q.filter}`;
    const cached = this.#filtered.get(key);
    if (cached) {
      // Least recently used goes first: keep the filters of the cursors still paging.
      this.#filtered.delete(key);
      this.#filtered.set(key, cached);
      return cached;
    }
    const p = this.#predicate({ route, version, path, q });
    if ("error" in p) return p;
    const candidates = p.bounds ? this.#newestFirstSlice(route.items, p.bounds) : route.items;
    const items = candidates.filter(p.test);
    if (this.#filtered.size >= FILTER_CACHE_SIZE) {
      this.#filtered.delete(this.#filtered.keys().next().value as string);
    }
    this.#filtered.set(key, items);
    return items;
  }

  #newestFirstSlice(all: readonly GraphObject[], b: { min: number; max: number }): readonly GraphObject[] {
    let index = this.#newestFirstIndex.get(all);
    if (index === undefined) {
      index = new Float64Array(all.length);
      for (let k = 0; k < all.length; k++) {
        const v = all[k]?.createdDateTime;
        const ms = typeof v === "string" ? Date.parse(v) : NaN;
        if (Number.isNaN(ms) || (k > 0 && ms > (index[k - 1] as number))) {
          index = null;
          break;
        }
        index[k] = ms;
      }
      this.#newestFirstIndex.set(all, index);
    }
    if (index === null) return all;
    const idx = index;
    // First position with ms ≤ max, and first with ms < min (descending order).
    const firstAtOrBelow = (x: number, strict: boolean) => {
      let lo = 0;
      let hi = idx.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const v = idx[mid] as number;
        if (strict ? v < x : v <= x) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    return all.slice(firstAtOrBelow(b.max, false), firstAtOrBelow(b.min, true));
  }

  #serialise(
    route: CollectionRoute,
    version: string,
    select: string[],
    page: readonly GraphObject[],
  ): Uint8Array[] {
    const key = `${route.collection}|${version}|${select.join(",")}`;
    let cache = this.#itemJson.get(key);
    if (!cache) this.#itemJson.set(key, cache = new WeakMap());
    const steps: ItemStep[] = COLLECTION_HANDLERS[route.collection].project(version, this.#settings);
    if (select.length > 0) {
      steps.push((o) => {
        const out: GraphObject = {};
        for (const k of select) if (Object.hasOwn(o, k)) out[k] = o[k];
        return out;
      });
    }
    const t = steps.length === 0 ? undefined : (o: GraphObject) => steps.reduce((acc, f) => f(acc), o);
    return page.map((o) => {
      let json = cache.get(o);
      if (json === undefined) {
        json = encoder.encode(JSON.stringify(t ? t(o) : o));
        cache.set(o, json);
      }
      return json;
    });
  }
}
