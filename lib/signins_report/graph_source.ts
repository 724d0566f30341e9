/**
 * Sign-in rows from Microsoft Graph (beta `/auditLogs/signIns`): one cursor per requested event
 * type over the window, `--user` / `--app` pushed down as `$filter` where Graph can filter,
 * every item mapped to a {@linkcode SignIn} and handed out in batches.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import type { SignInEventType } from "../classify/mod.ts";
import { eqFilter, type GraphClient, listSignIns } from "../graph/mod.ts";
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
  const { clauses, appName } = graphFilters(o);
  stats.filters = clauses;
  const size = o.batchSize ?? 1000;
  const filter = clauses.length === 0 ? undefined : clauses.join(" and ");
  let n = 0;
  for (const eventType of o.eventTypes) {
    const source: SignInSource = {
      format: "graph-json",
      file: `${client.endpoint.root}/beta/auditLogs/signIns`,
    };
    const ctx = { source, eventType };
    stats.items[eventType] = 0;
    let batch: SignIn[] = [];
    for await (
      const item of listSignIns(client, {
        from: o.window.from,
        to: o.window.to,
        eventType,
        ...(filter !== undefined ? { filter } : {}),
      })
    ) {
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
