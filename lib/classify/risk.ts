/**
 * Classifiers for the risk fields of a sign-in: `riskLevelDuringSignIn` / `riskLevelAggregated`
 * (riskLevel), `riskState` and `riskDetail`, including the evolvable members Graph only returns
 * with `Prefer: include-unknown-enum-members`. Without Entra ID P2 they read `hidden`.
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import type { Classified } from "./classified.ts";

/**
 * Members of the Graph `riskLevel` enum.
 *
 * @example Reading the table
 * ```ts
 * import { RISK_LEVELS } from "./risk.ts";
 * import assert from "node:assert/strict";
 * assert.equal(RISK_LEVELS.none.label, "None");
 * ```
 */
export const RISK_LEVELS = {
  none: { label: "None" },
  low: { label: "Low" },
  medium: { label: "Medium" },
  high: { label: "High" },
  hidden: { label: "Hidden (needs Entra ID P2)" },
} as const satisfies EnumTable;

/** A RiskLevel id (stable, camelCase). */
export type RiskLevel = keyof typeof RISK_LEVELS;

const riskLevelEnum = defineEnum(RISK_LEVELS);

/** Type guard for {@linkcode RiskLevel} (exact ids only). */
export const isRiskLevel: (v: unknown) => v is RiskLevel = riskLevelEnum.is;

/**
 * Classifies a risk level: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyRiskLevel } from "./risk.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyRiskLevel("High"), { kind: "known", id: "high" });
 * assert.deepEqual(classifyRiskLevel("hidden"), { kind: "known", id: "hidden" });
 * assert.equal(classifyRiskLevel("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyRiskLevel: (raw: unknown) => Classified<RiskLevel> = riskLevelEnum.classify;

/** Human label of a {@linkcode RiskLevel} (or `"unknown"`). */
export const labelRiskLevel: (id: RiskLevel | "unknown") => string = riskLevelEnum.label;

/**
 * Members of the Graph `riskState` enum.
 *
 * @example Reading the table
 * ```ts
 * import { RISK_STATES } from "./risk.ts";
 * import assert from "node:assert/strict";
 * assert.equal(RISK_STATES.none.label, "None");
 * ```
 */
export const RISK_STATES = {
  none: { label: "None" },
  confirmedSafe: { label: "Confirmed safe" },
  remediated: { label: "Remediated" },
  dismissed: { label: "Dismissed" },
  atRisk: { label: "At risk" },
  confirmedCompromised: { label: "Confirmed compromised" },
} as const satisfies EnumTable;

/** A RiskState id (stable, camelCase). */
export type RiskState = keyof typeof RISK_STATES;

const riskStateEnum = defineEnum(RISK_STATES);

/** Type guard for {@linkcode RiskState} (exact ids only). */
export const isRiskState: (v: unknown) => v is RiskState = riskStateEnum.is;

/**
 * Classifies a risk state: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyRiskState } from "./risk.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyRiskState("At risk"), { kind: "known", id: "atRisk" });
 * assert.deepEqual(classifyRiskState("confirmedCompromised"), { kind: "known", id: "confirmedCompromised" });
 * assert.equal(classifyRiskState(7).kind, "unknown");
 * ```
 */
export const classifyRiskState: (raw: unknown) => Classified<RiskState> = riskStateEnum.classify;

/** Human label of a {@linkcode RiskState} (or `"unknown"`). */
export const labelRiskState: (id: RiskState | "unknown") => string = riskStateEnum.label;

/**
 * Members of the Graph `riskDetail` enum (why the risk state is what it is), evolvable ones included.
 *
 * @example Reading the table
 * ```ts
 * import { RISK_DETAILS } from "./risk.ts";
 * import assert from "node:assert/strict";
 * assert.equal(RISK_DETAILS.none.label, "None");
 * ```
 */
export const RISK_DETAILS = {
  none: { label: "None" },
  adminGeneratedTemporaryPassword: { label: "Admin generated a temporary password" },
  userPerformedSecuredPasswordChange: { label: "User performed a secured password change" },
  userPerformedSecuredPasswordReset: { label: "User performed a secured password reset" },
  adminConfirmedSigninSafe: { label: "Admin confirmed the sign-in safe" },
  aiConfirmedSigninSafe: { label: "AI confirmed the sign-in safe" },
  userPassedMFADrivenByRiskBasedPolicy: { label: "User passed MFA required by a risk-based policy" },
  adminDismissedAllRiskForUser: { label: "Admin dismissed all risk for the user" },
  adminConfirmedSigninCompromised: { label: "Admin confirmed the sign-in compromised" },
  hidden: { label: "Hidden (needs Entra ID P2)" },
  adminConfirmedUserCompromised: { label: "Admin confirmed the user compromised" },
  m365DAdminDismissedDetection: { label: "Microsoft 365 Defender admin dismissed the detection" },
  adminConfirmedServicePrincipalCompromised: { label: "Admin confirmed the service principal compromised" },
  adminDismissedAllRiskForServicePrincipal: { label: "Admin dismissed all risk for the service principal" },
  userChangedPasswordOnPremises: { label: "User changed the password on premises" },
  adminDismissedRiskForSignIn: { label: "Admin dismissed the risk of the sign-in" },
  adminConfirmedAccountSafe: { label: "Admin confirmed the account safe" },
  microsoftRevokedSessions: { label: "Microsoft revoked the sessions" },
} as const satisfies EnumTable;

/** A RiskDetail id (stable, camelCase). */
export type RiskDetail = keyof typeof RISK_DETAILS;

const riskDetailEnum = defineEnum(RISK_DETAILS);

/** Type guard for {@linkcode RiskDetail} (exact ids only). */
export const isRiskDetail: (v: unknown) => v is RiskDetail = riskDetailEnum.is;

/**
 * Classifies a risk detail: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyRiskDetail } from "./risk.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyRiskDetail("userPassedMFADrivenByRiskBasedPolicy"), { kind: "known", id: "userPassedMFADrivenByRiskBasedPolicy" });
 * assert.equal(classifyRiskDetail("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyRiskDetail: (raw: unknown) => Classified<RiskDetail> = riskDetailEnum.classify;

/** Human label of a {@linkcode RiskDetail} (or `"unknown"`). */
export const labelRiskDetail: (id: RiskDetail | "unknown") => string = riskDetailEnum.label;
