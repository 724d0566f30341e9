/**
 * The fixed identities of the sample tenant and of the tenants it trades with. All GUIDs are
 * made up; all domains end with `.example`.
 *
 * @module
 */

/**
 * The sample tenant (Contoso), its B2B partner (Fabrikam, home of the guests) and an
 * outside tenant (Northwind) whose users appear only in cross-tenant sign-ins.
 *
 * @example Reading the tenant identity
 * ```ts
 * import { SAMPLE_TENANT } from "./tenant.ts";
 * import assert from "node:assert/strict";
 * assert.equal(SAMPLE_TENANT.domain, "contoso.example");
 * assert.notEqual(SAMPLE_TENANT.tenantId, SAMPLE_TENANT.guestTenantId);
 * ```
 */
export const SAMPLE_TENANT = {
  /** Contoso's tenant id. */
  tenantId: "c0250000-7e57-4a11-9c0d-000000c02501",
  /** Contoso's display name. */
  displayName: "Contoso",
  /** Contoso's primary domain. */
  domain: "contoso.example",
  /** Fabrikam's tenant id (home tenant of the guests). */
  guestTenantId: "fab00000-7e57-4b22-8d1e-0000000fab01",
  /** Fabrikam's domain. */
  guestDomain: "fabrikam.example",
  /** Northwind's tenant id (a service provider / outside tenant). */
  partnerTenantId: "40a70000-7e57-4c33-9e2f-00000040a701",
  /** Northwind's domain. */
  partnerDomain: "northwind.example",
} as const;
