/**
 * Legacy per-user MFA state (MSOnline `StrongAuthenticationRequirements`), from Graph beta
 * `/users/{id}/authentication/requirements`: reading every user within the request budget, and
 * the `per-user-mfa` task's outputs.
 *
 * @module
 */
export {
  type PerUserMfaHooks,
  type PerUserMfaRead,
  type PerUserMfaRow,
  perUserMfaRow,
  PerUserMfaStopped,
  readPerUserMfaStates,
} from "./read.ts";
export {
  countPerUserMfa,
  PER_USER_MFA_FILTERS,
  PER_USER_MFA_SCHEMA_VERSION,
  type PerUserMfaCounts,
  type PerUserMfaFilter,
  renderPerUserMfaCsv,
  renderPerUserMfaJson,
  renderPerUserMfaText,
  unknownStates,
} from "./render.ts";
