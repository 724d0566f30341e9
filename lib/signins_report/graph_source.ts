/**
 * Sign-in rows from Microsoft Graph (beta `/auditLogs/signIns`): one cursor per requested event
 * type over the window, `--user` / `--app` pushed down as `$filter` where Graph can filter,
 * every item mapped to a {@linkcode SignIn} and handed out in batches.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import type { SignInEventType } from "../classify/mod.ts";
import {
  eqFilter,
  type GraphClient,
  type GraphRequest,
  pageCollection,
  signInsRequest,
} from "../graph/mod.ts";
import { type MapContext, mapGraphSignIn, type SignIn, type SignInSource } from "../signins/mod.ts";
import type { ReportWindow } from "./options.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What to read. */
export interface GraphSourceOptions {
  /** The window (`createdDateTime ge from and lt to`). */
  window: ReportWindow;
  /** Event types, one cursor each. */
  eventTypes: readonly SignInEventType[];
  /** UPN or user object id. */
  user?: string;
  /** Application id (pushed down) or display name (filtered here: Graph cannot filter on it). */
  app?: string;
  /** Items per batch. @default 1000 */
  batchSize?: number;
}

/** Counters the source fills. */
export interface GraphSourceStats {
  /** Items received per event type. */
  items: Record<string, number>;
  /** Items that could not be mapped. */
  badRows: number;
  /** The first few of them. */
  badRowSamples: { line: number; reason: string }[];
  /** Items dropped by the client-side app-name filter. */
  filteredOut: number;
  /** `$filter` clauses pushed down (besides window and event type). */
  filters: string[];
}

/**
 * The `$filter` clauses for `--user` and `--app`, and the app name to filter on locally.
 *
 * @param o user and app options
 * @returns clauses and the local app-name filter (lower-cased), if any
 * @throws {UsageError} for a `--user` that is neither a UPN nor an object id
 *
 * @example
 * ```ts
 * import { graphFilters } from "./graph_source.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(graphFilters({ user: "o'brien@contoso.example", app: "Office 365" }), {
 *   clauses: ["userPrincipalName eq 'o''brien@contoso.example'"],
 *   appName: "office 365",
 * });
 * assert.deepEqual(graphFilters({ app: "00000003-0000-0000-c000-000000000000" }).clauses,
 *   ["appId eq '00000003-0000-0000-c000-000000000000'"]);
 * ```
 */
export function graphFilters(
  o: { user?: string; app?: string },
): { clauses: string[]; appName: string | null } {
  const clauses: string[] = [];
  let appName: string | null = null;
  if (o.user !== undefined) {
    const u = o.user.trim();
    if (u.includes("@")) clauses.push(eqFilter("userPrincipalName", u));
    else if (GUID.test(u)) clauses.push(eqFilter("userId", u));
    else {
      throw new UsageError(
        `Cannot use --user ${
          JSON.stringify(o.user)
        }: expected a user principal name (name@domain) or a user object id`,
      );
    }
  }
  if (o.app !== undefined) {
    const a = o.app.trim();
    if (GUID.test(a)) clauses.push(eqFilter("appId", a));
    else appName = a.toLowerCase();
  }
  return { clauses, appName };
}

/**
 * Reads the sign-ins from Graph, event type by event type, as batches of mapped rows.
 *
 * @param client a Graph client
 * @param o window, event types, filters
 * @param stats counters to fill
 * @returns batches of rows
 * @throws {GraphError} from Graph (a licence 403 names `--from FILE` as the way out)
 */
export async function* graphSignInBatches(
  client: GraphClient,
  o: GraphSourceOptions,
  stats: GraphSourceStats,
): AsyncGenerator<SignIn[]> {
  const { appName, cursors } = graphSignInCursors(client, o, stats);
  const size = o.batchSize ?? 1000;
  let n = 0;
  for (const { ctx, request } of cursors) {
    const { eventType } = ctx;
    stats.items[eventType] = 0;
    let batch: SignIn[] = [];
    for await (const item of pageCollection(client, request)) {
      stats.items[eventType]++;
      const signIn = takeGraphItem(item, ctx, ++n, appName, stats);
      if (signIn === null) continue;
      batch.push(signIn);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}

/** One cursor of a Graph read: its first request and the context its items are mapped in. */
export interface GraphSignInCursor {
  /** The first page's request (window, event type and the `$filter` clauses pushed down). */
  request: GraphRequest;
  /** The rows' source (the signIns URL) and the cursor's event type. */
  ctx: MapContext & { eventType: SignInEventType };
}

/**
 * The cursors of a Graph read, one per requested event type in order, and the app name to filter
 * on here; records the pushed-down clauses in `stats.filters`. Shared by
 * {@linkcode graphSignInBatches} and the pages read in a worker (graph_pages.ts).
 *
 * @param client a Graph client (its endpoint names the rows' source)
 * @param o window, event types, filters
 * @param stats counters (`filters` is set)
 * @returns the cursors, the rows' source and the lower-cased app name to keep, or null
 * @throws {UsageError} for a `--user` that is neither a UPN nor an object id
 *
 * @example
 * ```ts
 * import { type GraphSourceStats, graphSignInCursors } from "./graph_source.ts";
 * import { createGraphClient } from "../graph/mod.ts";
 * import assert from "node:assert/strict";
 * const client = await createGraphClient({ auth: { kind: "token", token: "t" }, graphUrl: "http://127.0.0.1:8787" });
 * const stats: GraphSourceStats = { items: {}, badRows: 0, badRowSamples: [], filteredOut: 0, filters: [] };
 * const window = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-02T00:00:00Z") };
 * const r = graphSignInCursors(client, { window, eventTypes: ["interactiveUser", "nonInteractiveUser"], app: "Office 365" }, stats);
 * assert.deepEqual(r.cursors.map((c) => c.ctx.eventType), ["interactiveUser", "nonInteractiveUser"]);
 * assert.equal(r.source.file, "http://127.0.0.1:8787/beta/auditLogs/signIns");
 * assert.equal(r.appName, "office 365");
 * assert.deepEqual(stats.filters, []);
 * ```
 */
export function graphSignInCursors(
  client: GraphClient,
  o: GraphSourceOptions,
  stats: GraphSourceStats,
): { appName: string | null; source: SignInSource; cursors: GraphSignInCursor[] } {
  const { clauses, appName } = graphFilters(o);
  const source: SignInSource = {
    format: "graph-json",
    file: `${client.endpoint.root}/beta/auditLogs/signIns`,
  };
  stats.filters = clauses;
  const filter = clauses.length === 0 ? undefined : clauses.join(" and ");
  const cursors = o.eventTypes.map((eventType): GraphSignInCursor => ({
    request: signInsRequest({
      from: o.window.from,
      to: o.window.to,
      eventType,
      ...(filter !== undefined ? { filter } : {}),
    }),
    ctx: { source, eventType },
  }));
  return { appName, source, cursors };
}

/**
 * One Graph item as a row of the report, or null when it is a bad row or the app-name filter
 * drops it (counted in `stats`): the per-item step of {@linkcode graphSignInBatches} and of the
 * pages parsed in a worker (graph_pages.ts).
 *
 * @param item the raw item
 * @param ctx source and event type
 * @param line the item's number over the whole read (1 first), for bad-row samples
 * @param appName the lower-cased app name to keep, or null
 * @param stats where bad and filtered-out items are counted
 * @returns the row, or null
 *
 * @example
 * ```ts
 * import { type GraphSourceStats, takeGraphItem } from "./graph_source.ts";
 * import assert from "node:assert/strict";
 * const stats: GraphSourceStats = { items: {}, badRows: 0, badRowSamples: [], filteredOut: 0, filters: [] };
 * const ctx = { source: { format: "graph-json" as const, file: "graph" }, eventType: "interactiveUser" as const };
 * assert.equal(takeGraphItem(42, ctx, 1, null, stats), null);
 * assert.deepEqual([stats.badRows, stats.badRowSamples[0]?.line], [1, 1]);
 * ```
 */
export function takeGraphItem(
  item: unknown,
  ctx: MapContext,
  line: number,
  appName: string | null,
  stats: GraphSourceStats,
): SignIn | null {
  const r = mapGraphSignIn(item, ctx, line);
  if (r.kind === "bad") {
    stats.badRows++;
    if (stats.badRowSamples.length < 5) stats.badRowSamples.push({ line, reason: r.reason });
    return null;
  }
  if (appName !== null && r.signIn.appDisplayName?.toLowerCase() !== appName) {
    stats.filteredOut++;
    return null;
  }
  return r.signIn;
}
