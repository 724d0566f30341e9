/**
 * `/identity/conditionalAccess/policies` items of the sample tenant.
 *
 * @module
 */

import type { GraphObject } from "./dataset.ts";
import { resolveSampleOptions, type SampleTenantOptions } from "./options.ts";
import { planUser, type UserPlan } from "./_user_plan.ts";
import { ROSTER } from "./_user_plan.ts";
import { isoSeconds } from "./_time.ts";

/**
 * The sample tenant's Conditional Access policies: fixed made-up ids, names and states.
 * `enforcedGrantControls`/`enforcedSessionControls` are the labels sign-ins list for them.
 *
 * @example Policy states
 * ```ts
 * import { SAMPLE_CA_POLICIES } from "./conditional_access_policies.ts";
 * import assert from "node:assert/strict";
 * assert.equal(SAMPLE_CA_POLICIES.compliantDeviceReportOnly.state, "enabledForReportingButNotEnforced");
 * assert.equal(SAMPLE_CA_POLICIES.geoBlock.state, "disabled");
 * ```
 */
export const SAMPLE_CA_POLICIES = {
  adminMfa: {
    id: "ca000001-5a3e-4e00-8000-0000000ca001",
    displayName: "Require MFA for admins",
    state: "enabled",
    enforcedGrantControls: ["Mfa"],
    enforcedSessionControls: [],
  },
  allUsersMfa: {
    id: "ca000002-5a3e-4e00-8000-0000000ca002",
    displayName: "Require MFA for all users",
    state: "enabled",
    enforcedGrantControls: ["Mfa"],
    enforcedSessionControls: [],
  },
  blockLegacy: {
    id: "ca000003-5a3e-4e00-8000-0000000ca003",
    displayName: "Block legacy authentication",
    state: "enabled",
    enforcedGrantControls: ["Block"],
    enforcedSessionControls: [],
  },
  compliantDeviceReportOnly: {
    id: "ca000004-5a3e-4e00-8000-0000000ca004",
    displayName: "Require compliant device (report-only)",
    state: "enabledForReportingButNotEnforced",
    enforcedGrantControls: ["RequireCompliantDevice"],
    enforcedSessionControls: [],
  },
  riskyMfa: {
    id: "ca000005-5a3e-4e00-8000-0000000ca005",
    displayName: "Risky sign-ins require MFA",
    state: "enabled",
    enforcedGrantControls: ["Mfa"],
    enforcedSessionControls: [],
  },
  signInFrequency: {
    id: "ca000006-5a3e-4e00-8000-0000000ca006",
    displayName: "Session: sign-in frequency 8h",
    state: "enabled",
    enforcedGrantControls: [],
    enforcedSessionControls: ["SignInFrequency"],
  },
  phishingResistantAdminsReportOnly: {
    id: "ca000007-5a3e-4e00-8000-0000000ca007",
    displayName: "Require phishing-resistant MFA for admins (report-only)",
    state: "enabledForReportingButNotEnforced",
    enforcedGrantControls: ["RequireAuthenticationStrength"],
    enforcedSessionControls: [],
  },
  azureManagementDevice: {
    id: "ca000008-5a3e-4e00-8000-0000000ca008",
    displayName: "Require compliant or hybrid joined device for Azure management",
    state: "enabled",
    enforcedGrantControls: ["RequireCompliantDevice", "RequireDomainJoinedDevice"],
    enforcedSessionControls: [],
  },
  geoBlock: {
    id: "ca000009-5a3e-4e00-8000-0000000ca009",
    displayName: "Block access from outside allowed countries",
    state: "disabled",
    enforcedGrantControls: ["Block"],
    enforcedSessionControls: [],
  },
} as const;

/** A key of {@linkcode SAMPLE_CA_POLICIES}. */
export type SampleCaPolicyKey = keyof typeof SAMPLE_CA_POLICIES;

/** Made-up ids of the groups and named location the policies refer to. */
export const SAMPLE_CA_OBJECTS = {
  exclusionsGroupId: "0a0c0001-5a3e-4e00-8000-0000000a0c01",
  serviceAccountsGroupId: "0a0c0002-5a3e-4e00-8000-0000000a0c02",
  allowedCountriesLocationId: "0a0c0003-5a3e-4e00-8000-0000000a0c03",
  azureManagementAppId: "0a000006-5a3e-4e00-8000-00000000c006",
  phishingResistantStrengthId: "00000000-0000-0000-0000-000000000004",
} as const;

// Directory role template ids (the same in every tenant).
const ADMIN_ROLES = [
  "62e90394-69f5-4237-9190-012177145e10",
  "e8611ab8-c189-46e8-94e1-60213ab1f814",
  "194ae4cb-b126-40b2-bd5b-6091b380977d",
  "29232cdf-9323-42fd-ade2-1d097af3e4de",
];

interface UsersCondition {
  includeUsers?: string[];
  excludeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
  includeRoles?: string[];
  excludeGuestsOrExternalUsers?: GraphObject;
}

function users(c: UsersCondition): GraphObject {
  return {
    includeUsers: c.includeUsers ?? [],
    excludeUsers: c.excludeUsers ?? [],
    includeGroups: c.includeGroups ?? [],
    excludeGroups: c.excludeGroups ?? [],
    includeRoles: c.includeRoles ?? [],
    excludeRoles: [],
    includeGuestsOrExternalUsers: null,
    excludeGuestsOrExternalUsers: c.excludeGuestsOrExternalUsers ?? null,
  };
}

function grant(
  builtInControls: string[],
  operator = "OR",
  authenticationStrength: GraphObject | null = null,
) {
  return {
    operator,
    builtInControls,
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength,
  };
}

function policy(
  key: SampleCaPolicyKey,
  createdMs: number,
  modifiedMs: number,
  parts: {
    users: GraphObject;
    applications?: string[];
    clientAppTypes?: string[];
    signInRiskLevels?: string[];
    locations?: GraphObject;
    grantControls: GraphObject | null;
    sessionControls?: GraphObject;
  },
): GraphObject {
  const p = SAMPLE_CA_POLICIES[key];
  return {
    id: p.id,
    templateId: null,
    displayName: p.displayName,
    createdDateTime: isoSeconds(createdMs),
    modifiedDateTime: isoSeconds(modifiedMs),
    state: p.state,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: parts.signInRiskLevels ?? [],
      clientAppTypes: parts.clientAppTypes ?? ["all"],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: parts.locations ?? null,
      devices: null,
      clientApplications: null,
      times: null,
      applications: {
        includeApplications: parts.applications ?? ["All"],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      users: parts.users,
    },
    grantControls: parts.grantControls,
    sessionControls: parts.sessionControls ?? null,
  };
}

/** The policies, given the break-glass accounts (excluded everywhere). */
export function _caPolicies(breakGlassIds: string[], nowMs: number): GraphObject[] {
  const day = 86_400_000;
  const o = SAMPLE_CA_OBJECTS;
  const allMembers = { includeUsers: ["All"], excludeUsers: breakGlassIds };
  return [
    policy("adminMfa", nowMs - 700 * day, nowMs - 90 * day, {
      users: users({ includeRoles: ADMIN_ROLES, excludeUsers: breakGlassIds }),
      grantControls: grant(["mfa"]),
    }),
    policy("allUsersMfa", nowMs - 650 * day, nowMs - 40 * day, {
      users: users({ ...allMembers, excludeGroups: [o.exclusionsGroupId, o.serviceAccountsGroupId] }),
      clientAppTypes: ["browser", "mobileAppsAndDesktopClients"],
      grantControls: grant(["mfa"]),
    }),
    policy("blockLegacy", nowMs - 640 * day, nowMs - 200 * day, {
      users: users({ ...allMembers, excludeGroups: [o.serviceAccountsGroupId] }),
      clientAppTypes: ["exchangeActiveSync", "other"],
      grantControls: grant(["block"]),
    }),
    policy("compliantDeviceReportOnly", nowMs - 60 * day, nowMs - 12 * day, {
      users: users({
        ...allMembers,
        excludeGuestsOrExternalUsers: {
          guestOrExternalUserTypes: "b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser",
          externalTenants: { membershipKind: "all" },
        },
      }),
      clientAppTypes: ["browser", "mobileAppsAndDesktopClients"],
      grantControls: grant(["compliantDevice"]),
    }),
    policy("riskyMfa", nowMs - 400 * day, nowMs - 100 * day, {
      users: users(allMembers),
      signInRiskLevels: ["high", "medium"],
      grantControls: grant(["mfa"]),
    }),
    policy("signInFrequency", nowMs - 300 * day, nowMs - 30 * day, {
      users: users({ ...allMembers, excludeGroups: [o.serviceAccountsGroupId] }),
      grantControls: null,
      sessionControls: {
        applicationEnforcedRestrictions: null,
        cloudAppSecurity: null,
        persistentBrowser: null,
        disableResilienceDefaults: null,
        signInFrequency: {
          value: 8,
          type: "hours",
          authenticationType: "primaryAndSecondaryAuthentication",
          frequencyInterval: "timeBased",
          isEnabled: true,
        },
      },
    }),
    policy("phishingResistantAdminsReportOnly", nowMs - 45 * day, nowMs - 10 * day, {
      users: users({ includeRoles: ADMIN_ROLES, excludeUsers: breakGlassIds }),
      grantControls: grant([], "OR", {
        id: o.phishingResistantStrengthId,
        displayName: "Phishing-resistant MFA",
        policyType: "builtIn",
        requirementsSatisfied: "mfa",
        allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
      }),
    }),
    policy("azureManagementDevice", nowMs - 500 * day, nowMs - 150 * day, {
      users: users(allMembers),
      applications: [o.azureManagementAppId],
      grantControls: grant(["compliantDevice", "domainJoinedDevice"]),
    }),
    policy("geoBlock", nowMs - 200 * day, nowMs - 199 * day, {
      users: users(allMembers),
      locations: { includeLocations: ["All"], excludeLocations: [o.allowedCountriesLocationId] },
      grantControls: grant(["block"]),
    }),
  ];
}

/** Indices of the break-glass accounts in the roster. */
export function _breakGlassIndices(): number[] {
  return ROSTER.flatMap((r, i) => r.kind === "breakGlass" ? [i] : []);
}

/**
 * Generates the tenant's Conditional Access policies (see {@linkcode SAMPLE_CA_POLICIES}):
 * enabled, disabled and report-only (`enabledForReportingButNotEnforced`) policies in Graph's
 * shape, each excluding the break-glass accounts.
 *
 * @param options seed and now (see {@linkcode SampleTenantOptions})
 * @returns the policy objects
 *
 * @example Every state is present
 * ```ts
 * import { generateConditionalAccessPolicies } from "./conditional_access_policies.ts";
 * import assert from "node:assert/strict";
 * const states = new Set(generateConditionalAccessPolicies().map((p) => p.state));
 * assert.deepEqual([...states].sort(), ["disabled", "enabled", "enabledForReportingButNotEnforced"]);
 * ```
 */
export function generateConditionalAccessPolicies(options: SampleTenantOptions = {}): GraphObject[] {
  const resolved = resolveSampleOptions(options);
  const ids = _breakGlassIndices().map((i) => planUser(resolved, i).id);
  return _caPolicies(ids, resolved.nowMs);
}

/** @internal The break-glass ids of a plan list. */
export function _breakGlassIds(plans: readonly UserPlan[]): string[] {
  return _breakGlassIndices().flatMap((i) => plans[i] === undefined ? [] : [(plans[i] as UserPlan).id]);
}
