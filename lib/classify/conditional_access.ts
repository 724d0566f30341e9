/**
 * Classifiers for Conditional Access in sign-ins: the sign-in's `conditionalAccessStatus`, each
 * applied policy's `result` (report-only members included, with a plain reading), and the
 * `enforcedGrantControls` / `enforcedSessionControls` strings. Unknown controls (custom
 * controls, terms-of-use ids, new Graph members) stay `unknown` with their raw value.
 *
 * @module
 */
import { defineEnum } from "./_enum.ts";
import type { EnumTable } from "./_enum.ts";
import { type Classified, unknownValue } from "./classified.ts";

/**
 * Members of the Graph `conditionalAccessStatus` enum (one per sign-in). `success` can also mean
 * that the policies were evaluated and none applied.
 *
 * @example Reading the table
 * ```ts
 * import { CA_STATUSES } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.equal(CA_STATUSES.success.label, "Success");
 * ```
 */
export const CA_STATUSES = {
  success: { label: "Success" },
  failure: { label: "Failure" },
  notApplied: { label: "Not applied" },
} as const satisfies EnumTable;

/** A CaStatus id (stable, camelCase). */
export type CaStatus = keyof typeof CA_STATUSES;

const caStatusEnum = defineEnum(CA_STATUSES);

/** Type guard for {@linkcode CaStatus} (exact ids only). */
export const isCaStatus: (v: unknown) => v is CaStatus = caStatusEnum.is;

/**
 * Classifies a sign-in Conditional Access status: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyCaStatus } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyCaStatus("Not applied"), { kind: "known", id: "notApplied" });
 * assert.deepEqual(classifyCaStatus("failure"), { kind: "known", id: "failure" });
 * assert.equal(classifyCaStatus("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyCaStatus: (raw: unknown) => Classified<CaStatus> = caStatusEnum.classify;

/** Human label of a {@linkcode CaStatus} (or `"unknown"`). */
export const labelCaStatus: (id: CaStatus | "unknown") => string = caStatusEnum.label;

/**
 * Members of the Graph `appliedConditionalAccessPolicyResult` enum, evolvable report-only ones
 * included. `mode` says whether the policy was enforced, report-only or off; `reading` is what
 * the result means for the sign-in. Graph's own member `unknown` is `indeterminate` here, so it is
 * not confused with an unrecognised value.
 *
 * @example Reading the table
 * ```ts
 * import { CA_POLICY_RESULTS } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.equal(CA_POLICY_RESULTS.success.label, "Success");
 * ```
 */
export const CA_POLICY_RESULTS = {
  success: { label: "Success", mode: "enforced", reading: "applied and its controls were satisfied" },
  failure: {
    label: "Failure",
    mode: "enforced",
    reading: "applied and its controls were not satisfied (blocked or not completed)",
  },
  notApplied: {
    label: "Not applied",
    mode: "enforced",
    reading: "its conditions did not match this sign-in",
  },
  notEnabled: {
    label: "Disabled",
    mode: "off",
    reading: "the policy is turned off",
    aliases: ["Not enabled"],
  },
  indeterminate: {
    label: "Result unknown",
    mode: "enforced",
    reading: "Graph reported the result as unknown",
    aliases: ["unknown"],
  },
  reportOnlySuccess: {
    label: "Report-only: success",
    mode: "reportOnly",
    reading: "would have been satisfied",
  },
  reportOnlyFailure: { label: "Report-only: failure", mode: "reportOnly", reading: "would have blocked" },
  reportOnlyNotApplied: {
    label: "Report-only: not applied",
    mode: "reportOnly",
    reading: "would not have applied",
  },
  reportOnlyInterrupted: {
    label: "Report-only: interrupted",
    mode: "reportOnly",
    reading: "would have interrupted (e.g. required MFA)",
    aliases: ["Report-only: user action required"],
  },
} as const satisfies EnumTable;

/** A CaPolicyResult id (stable, camelCase). */
export type CaPolicyResult = keyof typeof CA_POLICY_RESULTS;

const caPolicyResultEnum = defineEnum(CA_POLICY_RESULTS);

/** Type guard for {@linkcode CaPolicyResult} (exact ids only). */
export const isCaPolicyResult: (v: unknown) => v is CaPolicyResult = caPolicyResultEnum.is;

/**
 * Classifies a per-policy Conditional Access result: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyCaPolicyResult } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyCaPolicyResult("reportOnlyInterrupted"), { kind: "known", id: "reportOnlyInterrupted" });
 * assert.deepEqual(classifyCaPolicyResult("Disabled"), { kind: "known", id: "notEnabled" });
 * assert.deepEqual(classifyCaPolicyResult("unknown"), { kind: "known", id: "indeterminate" });
 * assert.equal(classifyCaPolicyResult("unknownFutureValue").kind, "unknown");
 * ```
 */
export const classifyCaPolicyResult: (raw: unknown) => Classified<CaPolicyResult> =
  caPolicyResultEnum.classify;

/** Human label of a {@linkcode CaPolicyResult} (or `"unknown"`). */
export const labelCaPolicyResult: (id: CaPolicyResult | "unknown") => string = caPolicyResultEnum.label;

/**
 * Grant controls of Conditional Access. `requiresMfa` marks the controls that make the user do MFA.
 *
 * @example Reading the table
 * ```ts
 * import { CA_GRANT_CONTROLS } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.equal(CA_GRANT_CONTROLS.mfa.label, "Require multifactor authentication");
 * ```
 */
export const CA_GRANT_CONTROLS = {
  mfa: {
    label: "Require multifactor authentication",
    requiresMfa: true,
    aliases: ["Mfa", "Multifactor authentication", "Require multi-factor authentication"],
  },
  block: { label: "Block access", requiresMfa: false, aliases: ["Block"] },
  compliantDevice: {
    label: "Require compliant device",
    requiresMfa: false,
    aliases: ["Require device to be marked as compliant"],
  },
  domainJoinedDevice: {
    label: "Require Microsoft Entra hybrid joined device",
    requiresMfa: false,
    aliases: ["Require Hybrid Azure AD joined device", "Hybrid joined device"],
  },
  approvedApplication: {
    label: "Require approved client app",
    requiresMfa: false,
    aliases: ["approvedApp", "Approved client app"],
  },
  compliantApplication: {
    label: "Require app protection policy",
    requiresMfa: false,
    aliases: ["compliantApp", "App protection policy"],
  },
  passwordChange: { label: "Require password change", requiresMfa: false },
  authenticationStrength: { label: "Require authentication strength", requiresMfa: true },
  termsOfUse: {
    label: "Require terms of use",
    requiresMfa: false,
    aliases: ["Terms of use", "Accept terms of use"],
  },
  riskRemediation: { label: "Require risk remediation", requiresMfa: false },
} as const satisfies EnumTable;

/** A CaGrantControl id (stable, camelCase). */
export type CaGrantControl = keyof typeof CA_GRANT_CONTROLS;

const caGrantControlEnum = defineEnum(CA_GRANT_CONTROLS);

/** Type guard for {@linkcode CaGrantControl} (exact ids only). */
export const isCaGrantControl: (v: unknown) => v is CaGrantControl = caGrantControlEnum.is;

/**
 * Classifies a grant control (a leading "Require" is optional): exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyCaGrantControl } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyCaGrantControl("Mfa"), { kind: "known", id: "mfa" });
 * assert.deepEqual(classifyCaGrantControl("RequireCompliantDevice"), { kind: "known", id: "compliantDevice" });
 * assert.deepEqual(classifyCaGrantControl("Block"), { kind: "known", id: "block" });
 * assert.equal(classifyCaGrantControl("customControl1").kind, "unknown");
 * ```
 */
export function classifyCaGrantControl(raw: unknown): Classified<CaGrantControl> {
  const direct = caGrantControlEnum.classify(raw);
  if (direct.kind === "known" || typeof raw !== "string") return direct;
  const rest = raw.trim().replace(/^require[\s_-]*/i, "");
  if (rest === raw.trim() || rest === "") return direct;
  const again = caGrantControlEnum.classify(rest);
  return again.kind === "known" ? again : direct;
}

/** Human label of a {@linkcode CaGrantControl} (or `"unknown"`). */
export const labelCaGrantControl: (id: CaGrantControl | "unknown") => string = caGrantControlEnum.label;

/**
 * Session controls of Conditional Access.
 *
 * @example Reading the table
 * ```ts
 * import { CA_SESSION_CONTROLS } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.equal(CA_SESSION_CONTROLS.signInFrequency.label, "Sign-in frequency");
 * ```
 */
export const CA_SESSION_CONTROLS = {
  signInFrequency: { label: "Sign-in frequency" },
  persistentBrowser: { label: "Persistent browser session", aliases: ["persistentBrowserSessionMode"] },
  cloudAppSecurity: {
    label: "Conditional Access App Control",
    aliases: ["Use Conditional Access App Control", "Microsoft Defender for Cloud Apps"],
  },
  applicationEnforcedRestrictions: {
    label: "App enforced restrictions",
    aliases: ["Use app enforced restrictions", "appEnforcedRestrictions"],
  },
  continuousAccessEvaluation: {
    label: "Continuous access evaluation",
    aliases: ["Customize continuous access evaluation", "CAE"],
  },
  disableResilienceDefaults: { label: "Disable resilience defaults" },
  secureSignInSession: {
    label: "Token protection for sign-in sessions",
    aliases: ["Require token protection for sign-in sessions", "tokenProtection"],
  },
  globalSecureAccessFilteringProfile: { label: "Global Secure Access security profile" },
} as const satisfies EnumTable;

/** A CaSessionControl id (stable, camelCase). */
export type CaSessionControl = keyof typeof CA_SESSION_CONTROLS;

const caSessionControlEnum = defineEnum(CA_SESSION_CONTROLS);

/** Type guard for {@linkcode CaSessionControl} (exact ids only). */
export const isCaSessionControl: (v: unknown) => v is CaSessionControl = caSessionControlEnum.is;

/**
 * Classifies a session control: exact id, label or alias, matched on normalised text.
 * Never throws; anything else (including `unknownFutureValue`) is `{ kind: "unknown", raw }`.
 *
 * @param raw Any value.
 * @returns `known` with the id, or `unknown` with the raw value.
 *
 * @example Classifying raw values
 * ```ts
 * import { classifyCaSessionControl } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyCaSessionControl("SignInFrequency"), { kind: "known", id: "signInFrequency" });
 * assert.deepEqual(classifyCaSessionControl("Persistent browser session"), { kind: "known", id: "persistentBrowser" });
 * assert.equal(classifyCaSessionControl("newControl").kind, "unknown");
 * ```
 */
export const classifyCaSessionControl: (raw: unknown) => Classified<CaSessionControl> =
  caSessionControlEnum.classify;

/** Human label of a {@linkcode CaSessionControl} (or `"unknown"`). */
export const labelCaSessionControl: (id: CaSessionControl | "unknown") => string = caSessionControlEnum.label;

/** Reading of one applied policy: its result, and whether it was report-only. */
export interface CaPolicyOutcome {
  /** The classified result. */
  readonly result: Classified<CaPolicyResult>;
  /** `enforced`, `reportOnly`, `off`, or `unknown` when the result is not recognised. */
  readonly mode: "enforced" | "reportOnly" | "off" | "unknown";
  /** Plain reading, e.g. "would have blocked"; for an unknown result, `result unknown`. */
  readonly reading: string;
}

/**
 * Reads one applied policy's `result`: mode (enforced / report-only / off) and what it means.
 *
 * @param raw An `appliedConditionalAccessPolicies[].result` value.
 * @returns The outcome.
 *
 * @example Report-only results
 * ```ts
 * import { readCaPolicyResult } from "./conditional_access.ts";
 * import assert from "node:assert/strict";
 * assert.equal(readCaPolicyResult("reportOnlyFailure").reading, "would have blocked");
 * assert.equal(readCaPolicyResult("reportOnlyInterrupted").mode, "reportOnly");
 * assert.equal(readCaPolicyResult("somethingNew").mode, "unknown");
 * ```
 */
export function readCaPolicyResult(raw: unknown): CaPolicyOutcome {
  const result = classifyCaPolicyResult(raw);
  if (result.kind === "unknown") {
    return { result: unknownValue(raw), mode: "unknown", reading: "result unknown" };
  }
  const entry = CA_POLICY_RESULTS[result.id];
  return { result, mode: entry.mode, reading: entry.reading };
}
