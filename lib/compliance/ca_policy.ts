/**
 * Conditional Access policies as the compliance checks see them: id, name, state (classified,
 * unknown states kept raw) and the two timestamps Graph gives, from the raw
 * `/identity/conditionalAccess/policies` items (Graph or an export file).
 *
 * @module
 */
import { isTableKey } from "../classify/_enum.ts";
import type { Classified } from "../classify/mod.ts";

/** Policy states Graph knows (`conditionalAccessPolicyState`). */
export const CA_POLICY_STATES = {
  enabled: { label: "On" },
  disabled: { label: "Off" },
  enabledForReportingButNotEnforced: { label: "Report-only" },
} as const;

/** A policy state. */
export type CaPolicyState = keyof typeof CA_POLICY_STATES;

/** Type guard for {@linkcode CaPolicyState} (exact ids). */
export const isCaPolicyState = (v: unknown): v is CaPolicyState => isTableKey(CA_POLICY_STATES, v);

/**
 * Classifies a policy state (case-insensitive); anything else is `unknown` with the raw value.
 *
 * @example Usage
 * ```ts
 * import { classifyCaPolicyState } from "./ca_policy.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyCaPolicyState("Enabled"), { kind: "known", id: "enabled" });
 * assert.deepEqual(classifyCaPolicyState("unknownFutureValue"), { kind: "unknown", raw: "unknownFutureValue" });
 * assert.deepEqual(classifyCaPolicyState(7), { kind: "unknown", raw: 7 });
 * ```
 */
export function classifyCaPolicyState(raw: unknown): Classified<CaPolicyState> {
  if (typeof raw === "string") {
    const lower = raw.trim().toLowerCase();
    for (const id of Object.keys(CA_POLICY_STATES) as CaPolicyState[]) {
      if (id.toLowerCase() === lower) return { kind: "known", id };
    }
  }
  return { kind: "unknown", raw };
}

/** One policy. */
export interface CaPolicyFact {
  /** Policy id (`""` when the item had none). */
  id: string;
  /** Display name (`""` when the item had none). */
  displayName: string;
  /** Classified state. */
  state: CaPolicyState | "unknown";
  /** The state as Graph sent it (`null` when absent or not text). */
  rawState: string | null;
  /** `createdDateTime` (ISO 8601) or null. */
  createdDateTime: string | null;
  /** `modifiedDateTime` (ISO 8601) or null. */
  modifiedDateTime: string | null;
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/**
 * Reads a raw Graph policy item; `undefined` when it has neither an id nor a name.
 *
 * @example Usage
 * ```ts
 * import { caPolicyFromGraph } from "./ca_policy.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(caPolicyFromGraph({ id: "p1", displayName: "Block legacy", state: "enabled",
 *   createdDateTime: "2026-01-01T00:00:00Z", modifiedDateTime: null }), { id: "p1", displayName: "Block legacy",
 *   state: "enabled", rawState: "enabled", createdDateTime: "2026-01-01T00:00:00Z", modifiedDateTime: null });
 * assert.equal(caPolicyFromGraph({ state: "enabled" }), undefined);
 * ```
 */
export function caPolicyFromGraph(item: Readonly<Record<string, unknown>>): CaPolicyFact | undefined {
  const id = text(item.id) ?? "";
  const displayName = text(item.displayName) ?? "";
  if (id === "" && displayName === "") return undefined;
  const c = classifyCaPolicyState(item.state);
  return {
    id,
    displayName,
    state: c.kind === "known" ? c.id : "unknown",
    rawState: typeof item.state === "string" ? item.state : null,
    createdDateTime: text(item.createdDateTime),
    modifiedDateTime: text(item.modifiedDateTime),
  };
}

/**
 * Sorts policies by name (case-insensitive), then id: the order every output uses.
 *
 * @example Usage
 * ```ts
 * import { compareCaPolicies } from "./ca_policy.ts";
 * import assert from "node:assert/strict";
 * const p = (displayName: string, id: string) => ({ id, displayName });
 * assert.deepEqual([p("b", "1"), p("A", "2"), p("a", "0")].sort(compareCaPolicies).map((x) => x.id), ["0", "2", "1"]);
 * ```
 */
export function compareCaPolicies(
  a: Pick<CaPolicyFact, "id" | "displayName">,
  b: Pick<CaPolicyFact, "id" | "displayName">,
): number {
  const x = a.displayName.toLowerCase(), y = b.displayName.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
