/**
 * The row filter applied to sign-in file input (`--user`, `--app`, window, event types). The
 * options themselves (window, event types) are defined and parsed in lib/options.
 *
 * @module
 */
import { classifySignInEventType, type SignInEventType } from "../classify/mod.ts";
import type { SignIn } from "../signins/mod.ts";
import type { TimeWindow } from "../options/window.ts";
import { eventTypeRawOf } from "./sign_in_facts.ts";

/** A resolved report window: `from` inclusive, `to` exclusive. */
export type ReportWindow = TimeWindow;

/** What file rows are filtered by. */
export interface RowFilter {
  /** Keep rows with `from ≤ createdDateTime < to` (rows without a time are kept). */
  window?: ReportWindow;
  /** UPN or user id (case-insensitive). */
  user?: string;
  /** Application id or display name (case-insensitive). */
  app?: string;
  /** Event types to keep (rows whose event type is not stated are kept). */
  eventTypes?: readonly SignInEventType[];
}

/**
 * A predicate for file rows, or `null` when nothing filters.
 *
 * @param f the filter
 * @returns the predicate
 *
 * @example
 * ```ts
 * import { createRowFilter } from "./options.ts";
 * import assert from "node:assert/strict";
 * const keep = createRowFilter({ user: "Ana@contoso.example", eventTypes: ["interactiveUser"] })!;
 * const row = { userPrincipalName: "ana@contoso.example", userId: null, eventType: "interactiveUser",
 *   signInEventTypes: null, isInteractive: null, createdAtMs: 0, appId: null, appDisplayName: null };
 * assert.equal(keep(row as never), true);
 * assert.equal(keep({ ...row, eventType: "servicePrincipal" } as never), false);
 * assert.equal(createRowFilter({}), null);
 * ```
 */
export function createRowFilter(f: RowFilter): ((s: SignIn) => boolean) | null {
  const from = f.window?.from.getTime(), to = f.window?.to.getTime();
  const user = f.user?.toLowerCase(), app = f.app?.toLowerCase();
  const types = f.eventTypes === undefined ? undefined : new Set<string>(f.eventTypes);
  if (from === undefined && user === undefined && app === undefined && types === undefined) return null;
  const typeCache = new Map<string, string | null>();
  return (s) => {
    if (
      from !== undefined && to !== undefined && s.createdAtMs !== null &&
      (s.createdAtMs < from || s.createdAtMs >= to)
    ) {
      return false;
    }
    if (
      user !== undefined && s.userPrincipalName?.toLowerCase() !== user && s.userId?.toLowerCase() !== user
    ) return false;
    if (app !== undefined && s.appId?.toLowerCase() !== app && s.appDisplayName?.toLowerCase() !== app) {
      return false;
    }
    if (types !== undefined) {
      const raw = eventTypeRawOf(s);
      if (raw !== null) {
        let id = typeCache.get(raw);
        if (id === undefined) {
          const c = classifySignInEventType(raw);
          typeCache.set(raw, id = c.kind === "known" ? c.id : null);
        }
        if (id !== null && !types.has(id)) return false;
      }
    }
    return true;
  };
}
