/**
 * Where a sign-in's MFA requirement came from: the beta `authenticationRequirementPolicies[]
 * .requirementProvider` values grouped into the sources an admin thinks in (Conditional Access,
 * per-user MFA, security defaults, Identity Protection risk policies, other).
 *
 * @module
 */
import { isTableKey } from "../classify/_enum.ts";
import { type Classified, unknownValue } from "../classify/mod.ts";

/** The groups a requirement provider belongs to, with report labels. */
export const REQUIREMENT_SOURCES = {
  conditionalAccess: { label: "Conditional Access" },
  perUserMfa: { label: "Per-user MFA" },
  securityDefaults: { label: "Security defaults" },
  riskPolicy: { label: "Identity Protection risk policy" },
  other: { label: "Other requirement" },
} as const;

/** A {@linkcode REQUIREMENT_SOURCES} id. */
export type RequirementSource = keyof typeof REQUIREMENT_SOURCES;

/** Every documented `requirementProvider` value and its group. */
export const REQUIREMENT_PROVIDERS = {
  user: "perUserMfa",
  request: "other",
  servicePrincipal: "other",
  v1ConditionalAccess: "conditionalAccess",
  multiConditionalAccess: "conditionalAccess",
  tenantSessionRiskPolicy: "riskPolicy",
  accountCompromisePolicies: "riskPolicy",
  v1ConditionalAccessDependency: "conditionalAccess",
  v1ConditionalAccessPolicyIdRequested: "conditionalAccess",
  mfaRegistrationRequiredByIdentityProtectionPolicy: "riskPolicy",
  baselineProtection: "securityDefaults",
  mfaRegistrationRequiredByBaselineProtection: "securityDefaults",
  mfaRegistrationRequiredByMultiConditionalAccess: "conditionalAccess",
  enforcedForCspAdmins: "other",
  securityDefaults: "securityDefaults",
  mfaRegistrationRequiredBySecurityDefaults: "securityDefaults",
  proofUpCodeRequest: "other",
  crossTenantOutboundRule: "other",
  gpsLocationCondition: "conditionalAccess",
  riskBasedPolicy: "riskPolicy",
  scopeBasedAuthRequirementPolicy: "other",
  authenticationStrengths: "conditionalAccess",
} as const satisfies Record<string, RequirementSource>;

const INDEX = new Map<string, RequirementSource>(
  Object.entries(REQUIREMENT_PROVIDERS).map(([k, v]) => [k.toLowerCase(), v]),
);

/** Type guard for {@linkcode RequirementSource}. */
export const isRequirementSource = (v: unknown): v is RequirementSource => isTableKey(REQUIREMENT_SOURCES, v);

/**
 * Classifies a `requirementProvider` value (case-insensitive). Never throws; anything else
 * (including `unknownFutureValue`) is `unknown` with the raw value.
 *
 * @param raw the provider value
 * @returns the group, or unknown
 *
 * @example
 * ```ts
 * import { classifyRequirementProvider } from "./requirement_source.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(classifyRequirementProvider("multiConditionalAccess"), { kind: "known", id: "conditionalAccess" });
 * assert.deepEqual(classifyRequirementProvider("user"), { kind: "known", id: "perUserMfa" });
 * assert.deepEqual(classifyRequirementProvider("SecurityDefaults"), { kind: "known", id: "securityDefaults" });
 * assert.deepEqual(classifyRequirementProvider("quantumPolicy"), { kind: "unknown", raw: "quantumPolicy" });
 * ```
 */
export function classifyRequirementProvider(raw: unknown): Classified<RequirementSource> {
  if (typeof raw !== "string") return unknownValue(raw);
  const id = INDEX.get(raw.trim().toLowerCase());
  return id === undefined ? unknownValue(raw) : { kind: "known", id };
}

/**
 * Report label of a source id, or "Unknown requirement source".
 *
 * @example
 * ```ts
 * import { labelRequirementSource } from "./requirement_source.ts";
 * import assert from "node:assert/strict";
 * assert.equal(labelRequirementSource("securityDefaults"), "Security defaults");
 * assert.equal(labelRequirementSource("unknown"), "Unknown requirement source");
 * ```
 */
export function labelRequirementSource(id: RequirementSource | "unknown"): string {
  return id === "unknown" ? "Unknown requirement source" : REQUIREMENT_SOURCES[id].label;
}
