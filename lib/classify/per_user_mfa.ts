/**
 * Classifier for the legacy per-user MFA state: beta
 * `/users/{id}/authentication/requirements` `perUserMfaState`, the successor of MSOnline
 * `StrongAuthenticationRequirements.State` (which said `Enabled` / `Enforced`, or nothing for disabled).
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Members of the Graph `perUserMfaState` enum. `enabled` means the user is enrolled but has not
 * registered yet (MFA starts at the next interactive sign-in); `enforced` means MFA is required.
 *
 * @example Reading the table
 * ```ts
 * import { PER_USER_MFA_STATES } from "./per_user_mfa.ts";
 * import assert from "node:assert/strict";
 * assert.equal(PER_USER_MFA_STATES.disabled.label, "Disabled");
 * ```
 */
export const PER_USER_MFA_STATES = {
  disabled: { label: "Disabled" },
  enabled: { label: "Enabled (not yet registered)", aliases: ["Enabled"] },
  enforced: { label: "Enforced" },
} as const satisfies EnumTable;

/** A PerUserMfaState id (stable, camelCase). */
export type PerUserMfaState = keyof typeof PER_USER_MFA_STATES;

const perUserMfaStateEnum = defineEnum(PER_USER_MFA_STATES);

/** Type guard for {@linkcode PerUserMfaState} (exact ids only). */
export const isPerUserMfaState: (v: unknown) => v is PerUserMfaState = perUserMfaStateEnum.is;

/**
 * Classifies a per-user MFA state: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyPerUserMfaState } from "./per_user_mfa.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyPerUserMfaState("Enforced"), { kind: "known", id: "enforced" });
 * assert.deepEqual(classifyPerUserMfaState("Enabled"), { kind: "known", id: "enabled" });
 * assert.equal(classifyPerUserMfaState("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyPerUserMfaState: (raw: unknown) => Classified<PerUserMfaState> =
  perUserMfaStateEnum.classify;

/** Human label of a {@linkcode PerUserMfaState} (or `"unknown"`). */
export const labelPerUserMfaState: (id: PerUserMfaState | "unknown") => string = perUserMfaStateEnum.label;
