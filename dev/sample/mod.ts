/**
 * The deterministic sample tenant: a realistic `contoso.example` directory, MFA registration
 * report, per-user authentication methods, Conditional Access policies and Graph beta sign-ins,
 * as raw Graph JSON ({@linkcode GraphDataset}). It feeds the local Graph-compatible server, the
 * demo, the end-to-end tests and the benchmarks. Everything comes from a seeded PRNG: the same
 * options always give the same data.
 *
 * @example A small tenant, and a big sign-in stream
 * ```ts
 * import { describeDataset, generateSampleTenant, generateSignIns } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const ds = generateSampleTenant({ seed: 1, users: 40, days: 2 });
 * const summary = describeDataset(ds);
 * assert.equal(summary.users.total, 40);
 * assert.ok((summary.signIns.byEventType.servicePrincipal ?? 0) > 0);
 *
 * let rows = 0;
 * for (const _row of generateSignIns({ seed: 1, users: 1000, days: 1 })) rows++;
 * assert.ok(rows > 2000);
 * ```
 *
 * @module
 */

export type { GraphDataset, GraphObject } from "./dataset.ts";
export {
  MIN_SAMPLE_USERS,
  type ResolvedSampleOptions,
  resolveSampleOptions,
  SAMPLE_DEFAULTS,
  type SampleTenantOptions,
} from "./options.ts";
export { createPrng, mixSeed, Prng } from "./prng.ts";
export { SAMPLE_TENANT } from "./tenant.ts";
export { generateUsers } from "./users.ts";
export { generateRegistrationDetails } from "./registration_details.ts";
export { generateAuthenticationMethods, UNKNOWN_METHOD_ODATA_TYPE } from "./authentication_methods.ts";
export {
  generateConditionalAccessPolicies,
  SAMPLE_CA_OBJECTS,
  SAMPLE_CA_POLICIES,
  type SampleCaPolicyKey,
} from "./conditional_access_policies.ts";
export { generateSignIns } from "./sign_ins.ts";
export { generatePerUserMfaRequirements, UNKNOWN_PER_USER_MFA_STATE } from "./per_user_mfa.ts";
export { generateSampleTenant } from "./sample_tenant.ts";
export { type DatasetSummary, describeDataset } from "./describe_dataset.ts";
