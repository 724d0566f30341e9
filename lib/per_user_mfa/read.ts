/**
 * Reading every user's legacy per-user MFA state from Microsoft Graph: `/users` (paged, with
 * the repeat check and guard of the endpoint helpers), then one beta
 * `/users/{id}/authentication/requirements` call per user, a few in flight, each taking a slot
 * of the client's request budget; progress with an ETA from the budget. A failure part-way says
 * how far the run got (nothing is written, so a rerun starts over cleanly).
 *
 * @module
 */
import { classifyPerUserMfaState, type PerUserMfaState } from "../classify/per_user_mfa.ts";
import { GraphError } from "../errors.ts";
import { getPerUserMfaRequirements, type GraphClient, type GraphItem, listUsers } from "../graph/mod.ts";
import { formatNumber } from "../report/mod.ts";
import { formatDuration } from "../time/duration.ts";
import { estimateCallsMs, type PerUserProgress } from "../registration/graph_source.ts";

/** One user's per-user MFA state. */
export interface PerUserMfaRow {
  /** Object id. */
  id: string;
  /** UPN. */
  userPrincipalName: string;
  /** Display name (`""` when absent). */
  displayName: string;
  /** `Member` / `Guest` as Graph sent it (`""` when absent). */
  userType: string;
  /** `accountEnabled`, or null when absent. */
  accountEnabled: boolean | null;
  /** The classified state (`unknown` for a value this toolkit does not know, or none). */
  state: PerUserMfaState | "unknown";
  /** `perUserMfaState` as Graph sent it, or null when absent / not text. */
  rawState: string | null;
}

/** Callbacks for notes, warnings and progress (stderr). */
export interface PerUserMfaHooks {
  /** Context for the user. */
  note(text: string): void;
  /** Something went less well; the run continues. */
  warn(text: string): void;
  /** Progress of the per-user calls. */
  progress?(p: PerUserProgress): void;
}

/** What was read. */
export interface PerUserMfaRead {
  /** One row per user, in `/users` order. */
  rows: PerUserMfaRow[];
  /** Users listed but gone (404) by the time their state was read: left out. */
  deleted: number;
  /** Users skipped for having no id or UPN. */
  skipped: number;
}

/**
 * A user row from a `/users` item and a requirements body; `undefined` without id or UPN.
 *
 * @example
 * ```ts
 * import { perUserMfaRow } from "./read.ts";
 * import assert from "node:assert/strict";
 * const r = perUserMfaRow({ id: "u1", userPrincipalName: "a@contoso.example", accountEnabled: true },
 *   { perUserMfaState: "enforced" });
 * assert.equal(r?.state, "enforced");
 * assert.equal(perUserMfaRow({ id: "u1", userPrincipalName: "a@contoso.example" }, { perUserMfaState: "later" })?.state, "unknown");
 * assert.equal(perUserMfaRow({ id: "u1" }, {}), undefined);
 * ```
 */
export function perUserMfaRow(user: GraphItem, requirements: GraphItem): PerUserMfaRow | undefined {
  const id = typeof user.id === "string" ? user.id : "";
  const upn = typeof user.userPrincipalName === "string" ? user.userPrincipalName : "";
  if (id === "" || upn === "") return undefined;
  const raw = requirements.perUserMfaState;
  const c = classifyPerUserMfaState(raw);
  return {
    id,
    userPrincipalName: upn,
    displayName: typeof user.displayName === "string" ? user.displayName : "",
    userType: typeof user.userType === "string" ? user.userType : "",
    accountEnabled: typeof user.accountEnabled === "boolean" ? user.accountEnabled : null,
    state: c.kind === "known" ? c.id : "unknown",
    rawState: typeof raw === "string" ? raw : null,
  };
}

/** Options of {@linkcode readPerUserMfaStates}. */
export interface ReadPerUserMfaOptions {
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** The users to read (`/users`-shaped items); default: every user of `/users`. */
  users?: readonly GraphItem[];
  /** Requirements bodies already read (a checkpoint of an earlier run), by user id: not asked again. */
  known?: ReadonlyMap<string, GraphItem>;
}

/**
 * A run that stopped part-way: the message says how far it got; `read` holds the requirements
 * bodies read so far, by user id (for a checkpoint).
 */
export class PerUserMfaStopped extends Error {
  /**
   * @param message what failed and how far the run got
   * @param read the bodies read, by user id
   * @param cause the Graph failure
   */
  constructor(message: string, readonly read: ReadonlyMap<string, GraphItem>, cause: unknown) {
    super(message, { cause });
    this.name = "PerUserMfaStopped";
  }
}

/**
 * Reads the per-user MFA state of every user (or of `options.users`).
 *
 * @throws {PerUserMfaStopped} naming how far the run got, with the Graph failure as the first part and as cause
 */
export async function readPerUserMfaStates(
  client: GraphClient,
  hooks: PerUserMfaHooks,
  options: ReadPerUserMfaOptions = {},
): Promise<PerUserMfaRead> {
  const concurrency = options.concurrency ?? 4;
  const users: GraphItem[] = [];
  let skipped = 0;
  const keep = (u: GraphItem) => {
    if (typeof u.id === "string" && u.id !== "" && typeof u.userPrincipalName === "string") users.push(u);
    else skipped++;
  };
  if (options.users !== undefined) options.users.forEach(keep);
  else for await (const u of listUsers(client)) keep(u);
  const total = users.length;
  const known = options.known;
  const toCall = known === undefined ? total : users.filter((u) => !known.has(u.id as string)).length;
  const budget = client.budget?.options;
  const est = estimateCallsMs(toCall, budget);
  hooks.note(
    `Reading the per-user MFA state of ${formatNumber(toCall)} users one by one (beta ` +
      "/users/{id}/authentication/requirements)" +
      (toCall < total ? `, ${formatNumber(total - toCall)} more from the checkpoint` : "") +
      (est !== undefined && budget !== undefined
        ? `: at most ${budget.requests} requests per ${budget.windowMs / 1000} s, about ${
          formatDuration(est, { style: "approximate" })
        }`
        : ": no client-side request budget"),
  );
  const rows: (PerUserMfaRow | undefined)[] = new Array(total);
  const read = new Map<string, GraphItem>(known ?? []);
  let deleted = 0;
  let done = 0;
  let next = 0;
  const started = performance.now();
  const fetchOne = async (i: number) => {
    const user = users[i] as GraphItem;
    const id = user.id as string;
    const saved = options.known?.get(id);
    try {
      const body = saved ?? await getPerUserMfaRequirements(client, id);
      read.set(id, { perUserMfaState: body.perUserMfaState });
      rows[i] = perUserMfaRow(user, body);
    } catch (e) {
      if (e instanceof GraphError && e.kind === "notFound") {
        deleted++;
        return;
      }
      throw e;
    }
    done++;
    const elapsedMs = performance.now() - started;
    const left = total - done;
    const budgeted = estimateCallsMs(left, budget);
    const measured = (elapsedMs / done) * left;
    hooks.progress?.({ done, total, elapsedMs, etaMs: Math.max(measured, budgeted ?? 0) });
  };
  const worker = async () => {
    while (next < total) await fetchOne(next++);
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, worker);
  const settled = await Promise.allSettled(workers);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    const e = failed.reason;
    const first = e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e);
    throw new PerUserMfaStopped(
      `${first}; stopped after reading ${formatNumber(done)} of ${
        formatNumber(total)
      } users' per-user MFA state`,
      read,
      e,
    );
  }
  if (deleted > 0) hooks.warn(`${formatNumber(deleted)} user(s) were deleted while being read; left out`);
  return { rows: rows.filter((r): r is PerUserMfaRow => r !== undefined), deleted, skipped };
}
