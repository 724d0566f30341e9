/**
 * Reading registration records from Microsoft Graph: the tenant-wide
 * `userRegistrationDetails` report (one paged call; needs Entra ID P1/P2 and AuditLog.Read.All),
 * joined with the ids of disabled accounts from `/users`; or, without P1/P2 (or on request),
 * `/users` plus one `/users/{id}/authentication/methods` call per in-scope user
 * (UserAuthenticationMethod.Read.All), paced by the client's request budget.
 *
 * @module
 */
import {
  type GraphClient,
  type GraphItem,
  listAuthenticationMethods,
  listRegistrationDetails,
  listUsers,
} from "../graph/mod.ts";
import { GraphError } from "../errors.ts";
import { formatDuration } from "../time/duration.ts";
import { registrationRecordFromMethods } from "./from_methods.ts";
import { registrationRecordFromRow, type RowResult } from "./from_row.ts";
import type { RegistrationRecord } from "./record.ts";
import { decideScope, type RegistrationScope } from "./scope.ts";

/** `--source` values. */
export const GRAPH_SOURCE_CHOICES = ["auto", "registration-report", "per-user-methods"] as const;
/** One of {@linkcode GRAPH_SOURCE_CHOICES}. */
export type GraphSourceChoice = typeof GRAPH_SOURCE_CHOICES[number];

/** Progress of the per-user fallback. */
export interface PerUserProgress {
  /** Users whose methods were read. */
  done: number;
  /** Users to read. */
  total: number;
  /** Milliseconds since the first methods call. */
  elapsedMs: number;
  /** Estimated milliseconds left. */
  etaMs: number | undefined;
}

/** Callbacks for notes, warnings and progress (the task prints them on stderr). */
export interface GraphSourceHooks {
  /** Context for the user. */
  note(text: string): void;
  /** Something went less well than hoped; the run continues. */
  warn(text: string): void;
  /** Per-user fallback progress. */
  progress?(p: PerUserProgress): void;
}

/** Options of {@linkcode openGraphRegistrations}. */
export interface GraphRegistrationOptions {
  /** Which Graph source (default auto: the report, then the fallback on a licence error). */
  source: GraphSourceChoice;
  /** The scope: the fallback skips the methods calls of users it leaves out anyway. */
  scope: RegistrationScope;
  /** Ask the report for only registered (true) / unregistered (false) users (`$filter=isMfaRegistered`). */
  mfaRegistered?: boolean;
  /** The run needs `isAdmin` (only the report has it): refuse the fallback. */
  needsAdmin?: boolean;
  /** Per-user methods calls in flight at once (default 4). */
  concurrency?: number;
  /** Hooks. */
  hooks: GraphSourceHooks;
}

/** Opened Graph records. */
export interface GraphRegistrations {
  /** Which source is being read. */
  readonly source: "registration-report" | "per-user-methods";
  /** The records, streamed. */
  readonly records: AsyncGenerator<RegistrationRecord>;
  /** Rows skipped as unusable (no UPN), by the time the stream ends. */
  readonly skipped: { count: number };
}

/**
 * Estimated time for `calls` requests under a budget of `requests` per `windowMs`.
 *
 * @example
 * ```ts
 * import { estimateCallsMs } from "./graph_source.ts";
 * import assert from "node:assert/strict";
 * assert.equal(estimateCallsMs(100, { requests: 5, windowMs: 10_000 }), 200_000);
 * assert.equal(estimateCallsMs(100, undefined), undefined);
 * ```
 */
export function estimateCallsMs(
  calls: number,
  budget: { requests: number; windowMs: number } | undefined,
): number | undefined {
  return budget === undefined ? undefined : Math.ceil(calls / budget.requests) * budget.windowMs;
}

async function disabledIds(client: GraphClient, hooks: GraphSourceHooks): Promise<Set<string> | undefined> {
  const ids = new Set<string>();
  try {
    for await (const u of listUsers(client, { filter: "accountEnabled eq false", select: ["id"] })) {
      if (typeof u.id === "string") ids.add(u.id);
    }
    return ids;
  } catch (e) {
    if (e instanceof GraphError && (e.kind === "permissionDenied" || e.kind === "badRequest")) {
      hooks.warn(
        `Cannot tell disabled accounts apart, so they are counted as enabled: ${e.message.split("\n")[0]}`,
      );
      return undefined;
    }
    throw e;
  }
}

function isLicenceError(e: unknown): e is GraphError {
  return e instanceof GraphError && e.kind === "licenceRequired";
}

async function* reportRecords(
  first: IteratorResult<GraphItem>,
  rest: AsyncGenerator<GraphItem>,
  disabled: Set<string> | undefined,
  skipped: { count: number },
  hooks: GraphSourceHooks,
): AsyncGenerator<RegistrationRecord> {
  const map = (row: GraphItem): RowResult => {
    const id = typeof row.id === "string" ? row.id : "";
    return registrationRecordFromRow(
      row,
      disabled === undefined ? { source: "registration-report" } : {
        source: "registration-report",
        accountEnabled: !disabled.has(id),
      },
    );
  };
  const handle = (row: GraphItem): RegistrationRecord | undefined => {
    const r = map(row);
    if (r.kind === "record") return r.record;
    if (skipped.count++ < 3) hooks.warn(`Skipping a registration row: ${r.field}: ${r.detail}`);
    return undefined;
  };
  if (first.done) return;
  const r0 = handle(first.value);
  if (r0) yield r0;
  for await (const row of rest) {
    const r = handle(row);
    if (r) yield r;
  }
}

interface Candidate {
  user: GraphItem;
}

async function* perUserRecords(
  client: GraphClient,
  options: GraphRegistrationOptions,
  skipped: { count: number },
): AsyncGenerator<RegistrationRecord> {
  const { hooks } = options;
  // The methods calls are what costs: decide the cheap parts of the scope first.
  const preScope: RegistrationScope = {
    ...options.scope,
    adminsOnly: false,
    withMethods: [],
    withoutMethods: [],
  };
  const candidates: Candidate[] = [];
  let usersSeen = 0;
  for await (const user of listUsers(client)) {
    usersSeen++;
    const stub = registrationRecordFromMethods(user, []);
    if (stub.kind === "invalid") {
      if (skipped.count++ < 3) hooks.warn(`Skipping a user: ${stub.detail}`);
      continue;
    }
    if (decideScope(stub.record, preScope).kind === "in") candidates.push({ user });
    else yield stub.record; // out of scope: no methods needed
  }
  const total = candidates.length;
  const budget = client.budget?.options;
  const est = estimateCallsMs(total, budget);
  hooks.note(
    `Reading the authentication methods of ${total} of ${usersSeen} users one by one` +
      (est !== undefined
        ? ` (at most ${budget?.requests} requests per ${(budget?.windowMs ?? 0) / 1000} s: about ${
          formatDuration(est, { style: "approximate" })
        })`
        : " (no client-side request budget)"),
  );
  const started = performance.now();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const noop = () => {};
  let notFound = 0;
  const fetchOne = async (c: Candidate): Promise<RowResult | undefined> => {
    try {
      const methods = await Array.fromAsync(listAuthenticationMethods(client, String(c.user.id ?? "")));
      return registrationRecordFromMethods(c.user, methods);
    } catch (e) {
      if (e instanceof GraphError && e.kind === "notFound") {
        notFound++;
        return undefined; // deleted since /users was read
      }
      throw e;
    }
  };
  const queue: Promise<RowResult | undefined>[] = [];
  let next = 0;
  const launch = () => {
    const p = fetchOne(candidates[next++] as Candidate);
    p.catch(noop);
    queue.push(p);
  };
  try {
    while (next < total && queue.length < concurrency) launch();
    let done = 0;
    while (queue.length > 0) {
      const r = await (queue.shift() as Promise<RowResult | undefined>);
      if (next < total) launch();
      done++;
      const elapsedMs = performance.now() - started;
      const left = total - done;
      const measured = done > 0 ? (elapsedMs / done) * left : undefined;
      const budgeted = estimateCallsMs(left, budget);
      hooks.progress?.({
        done,
        total,
        elapsedMs,
        etaMs: measured === undefined ? budgeted : Math.max(measured, budgeted ?? 0),
      });
      if (r === undefined) continue;
      if (r.kind === "record") yield r.record;
      else if (skipped.count++ < 3) hooks.warn(`Skipping a user: ${r.detail}`);
    }
  } finally {
    await Promise.allSettled(queue);
  }
  if (notFound > 0) {
    hooks.warn(`${notFound} user(s) were deleted while their methods were being read; left out`);
  }
}

/**
 * Opens the Graph source. In `auto` mode the registration report's first page is requested
 * first; a licence error (no Entra ID P1/P2) switches to the per-user fallback with a warning.
 *
 * @throws {GraphError} for any other Graph failure; {@linkcode Error} when the fallback is
 *   needed but the run needs admin roles
 */
export async function openGraphRegistrations(
  client: GraphClient,
  options: GraphRegistrationOptions,
): Promise<GraphRegistrations> {
  const skipped = { count: 0 };
  const { hooks } = options;
  if (options.source !== "per-user-methods") {
    const rows = listRegistrationDetails(
      client,
      options.mfaRegistered === undefined ? {} : { mfaRegistered: options.mfaRegistered },
    );
    let first: IteratorResult<GraphItem> | undefined;
    try {
      first = await rows.next();
    } catch (e) {
      if (!(options.source === "auto" && isLicenceError(e))) throw e;
      hooks.warn(
        "The tenant has no Entra ID P1/P2 licence for the registration report; falling back to /users and " +
          "per-user /authentication/methods (slower; needs UserAuthenticationMethod.Read.All)",
      );
    }
    if (first !== undefined) {
      const disabled = await disabledIds(client, hooks);
      return {
        source: "registration-report",
        records: reportRecords(first, rows, disabled, skipped, hooks),
        skipped,
      };
    }
  }
  if (options.needsAdmin) {
    throw new Error(
      "Cannot list admins from per-user authentication methods: only the registration report (Entra ID P1/P2) " +
        "says who holds an admin role; drop --admins-only",
    );
  }
  return { source: "per-user-methods", records: perUserRecords(client, options, skipped), skipped };
}
