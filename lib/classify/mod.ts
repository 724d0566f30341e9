/**
 * Typed classifiers for Entra sign-in and MFA data. Each concept is an `as const` table with a
 * derived union type, an `isX` guard, a never-throwing `classifyX(raw)` that accepts any value
 * (Graph JSON, Log Analytics strings, portal CSV cells) and returns an `unknown` bucket with the
 * raw value for anything new, and a `labelX(id)` for reports. Ids are stable camelCase (JSON
 * output); labels are for humans (Markdown).
 *
 * @example Classifying one sign-in
 * ```ts
 * import {
 *   classifyAuthMethod,
 *   classifyCrossTenantAccessType,
 *   classifyErrorCode,
 *   classifyMfaResult,
 *   explainMfaResult,
 * } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const signIn = {
 *   status: { errorCode: 500121, additionalDetails: "MFA denied; user did not respond to mobile app notification" },
 *   authenticationDetails: [{ authenticationMethod: "Mobile app notification" }],
 *   crossTenantAccessType: "none",
 * };
 * assert.deepEqual(classifyErrorCode(signIn.status.errorCode), { kind: "mfaFailed", code: 500121 });
 * const mfa = classifyMfaResult(signIn.status.additionalDetails);
 * assert.deepEqual(mfa, { kind: "denied", reason: "noResponseToNotification" });
 * assert.match(explainMfaResult(mfa), /MFA fatigue/);
 * assert.deepEqual(classifyAuthMethod(signIn.authenticationDetails[0]?.authenticationMethod), {
 *   kind: "method",
 *   id: "authenticatorPush",
 * });
 * assert.deepEqual(classifyCrossTenantAccessType(signIn.crossTenantAccessType), {
 *   kind: "known",
 *   flags: ["none"],
 *   unknownParts: [],
 * });
 * ```
 *
 * @module
 */
export { classifiedId, describeClassified, rawText, unknownValue } from "./classified.ts";
export type { Classified, Known, Unknown } from "./classified.ts";
export {
  classifyMfaResult,
  explainMfaResult,
  isMfaDeniedReason,
  isMfaInterruptStep,
  isMfaSatisfiedHow,
  isPrimaryStepResult,
  labelMfaResult,
  MFA_DENIED,
  MFA_INTERRUPTED,
  MFA_SATISFIED,
  mfaResultId,
  PRIMARY_STEP_RESULTS,
} from "./mfa_result.ts";
export type {
  MfaDenialCause,
  MfaDeniedReason,
  MfaEvidence,
  MfaInterruptStep,
  MfaResult,
  MfaResultKind,
  MfaSatisfiedHow,
  PrimaryStepResult,
} from "./mfa_result.ts";
export { classifyMfaRequired, isMfaRequired, labelMfaRequired, MFA_REQUIRED } from "./mfa_required.ts";
export type { MfaRequired } from "./mfa_required.ts";
export {
  AUTH_METHODS,
  AUTH_NON_METHODS,
  authMethodClassId,
  authMethodInfo,
  classifyAuthMethod,
  isAuthMethodId,
  labelAuthMethod,
} from "./auth_method.ts";
export type {
  AuthMethodClass,
  AuthMethodFamily,
  AuthMethodId,
  AuthMethodInfo,
  AuthNonMethod,
} from "./auth_method.ts";
export { classifyPhoneType, isPhoneType, labelPhoneType, PHONE_TYPES } from "./phone_type.ts";
export type { PhoneType } from "./phone_type.ts";
export {
  classifyPerUserMfaState,
  isPerUserMfaState,
  labelPerUserMfaState,
  PER_USER_MFA_STATES,
} from "./per_user_mfa.ts";
export type { PerUserMfaState } from "./per_user_mfa.ts";
export {
  classifyErrorCode,
  ERROR_CODE_BUCKETS,
  errorCodeMeaning,
  isErrorCodeBucket,
  labelErrorCodeBucket,
  parseErrorCode,
  SIGN_IN_ERROR_CODES,
  signInOutcome,
} from "./error_code.ts";
export type { ErrorCodeBucket, ErrorCodeClass, SignInOutcome } from "./error_code.ts";
export {
  CA_GRANT_CONTROLS,
  CA_POLICY_RESULTS,
  CA_SESSION_CONTROLS,
  CA_STATUSES,
  classifyCaGrantControl,
  classifyCaPolicyResult,
  classifyCaSessionControl,
  classifyCaStatus,
  isCaGrantControl,
  isCaPolicyResult,
  isCaSessionControl,
  isCaStatus,
  labelCaGrantControl,
  labelCaPolicyResult,
  labelCaSessionControl,
  labelCaStatus,
  readCaPolicyResult,
} from "./conditional_access.ts";
export type {
  CaGrantControl,
  CaPolicyOutcome,
  CaPolicyResult,
  CaSessionControl,
  CaStatus,
} from "./conditional_access.ts";
export {
  classifyCrossTenantAccessType,
  classifyTenancy,
  CROSS_TENANT_ACCESS_TYPES,
  isCrossTenant,
  isCrossTenantAccessType,
  labelCrossTenantAccessType,
} from "./cross_tenant.ts";
export type { CrossTenantAccess, CrossTenantAccessType, Tenancy } from "./cross_tenant.ts";
export {
  classifySignInEventType,
  isSignInEventType,
  labelSignInEventType,
  SIGN_IN_EVENT_TYPE_IDS,
  SIGN_IN_EVENT_TYPES,
} from "./event_type.ts";
export type { SignInEventType } from "./event_type.ts";
export {
  classifyUserType,
  isExternalUserPrincipalName,
  isUserType,
  labelUserType,
  USER_TYPES,
} from "./user_type.ts";
export type { UserType } from "./user_type.ts";
export {
  classifyClientApp,
  CLIENT_APPS,
  isClientApp,
  isLegacyClientApp,
  labelClientApp,
} from "./client_app.ts";
export type { ClientApp } from "./client_app.ts";
export {
  classifyClientCredentialType,
  CLIENT_CREDENTIAL_TYPES,
  isClientCredentialType,
  labelClientCredentialType,
} from "./client_credential.ts";
export type { ClientCredentialType } from "./client_credential.ts";
export {
  classifyIncomingTokenType,
  classifyTokenIssuerType,
  INCOMING_TOKEN_TYPES,
  isIncomingTokenType,
  isTokenIssuerType,
  labelIncomingTokenType,
  labelTokenIssuerType,
  TOKEN_ISSUER_TYPES,
} from "./token.ts";
export type { IncomingTokenType, TokenIssuerType } from "./token.ts";
export {
  AUTHENTICATION_REQUIREMENTS,
  classifyAuthenticationRequirement,
  isAuthenticationRequirement,
  labelAuthenticationRequirement,
} from "./authentication_requirement.ts";
export type { AuthenticationRequirement } from "./authentication_requirement.ts";
export {
  classifyRiskDetail,
  classifyRiskLevel,
  classifyRiskState,
  isRiskDetail,
  isRiskLevel,
  isRiskState,
  labelRiskDetail,
  labelRiskLevel,
  labelRiskState,
  RISK_DETAILS,
  RISK_LEVELS,
  RISK_STATES,
} from "./risk.ts";
export type { RiskDetail, RiskLevel, RiskState } from "./risk.ts";
export { classifyProtocolType, isProtocolType, labelProtocolType, PROTOCOL_TYPES } from "./protocol.ts";
export type { ProtocolType } from "./protocol.ts";
export { classifyMsiType, isMsiType, labelMsiType, MSI_TYPES } from "./managed_identity.ts";
export type { MsiType } from "./managed_identity.ts";
export { classifyNetworkType, isNetworkType, labelNetworkType, NETWORK_TYPES } from "./network.ts";
export type { NetworkType } from "./network.ts";
export {
  classifyMfaServerCallResult,
  isMfaServerCallResult,
  isMfaServerChannel,
  isMfaServerOutcome,
  MFA_SERVER_CALL_RESULT_CODES,
  MFA_SERVER_CALL_RESULTS,
  MFA_SERVER_CHANNELS,
  MFA_SERVER_OUTCOMES,
} from "./mfa_server_call_result.ts";
export type {
  MfaServerCallResultClass,
  MfaServerCallResultCode,
  MfaServerCallResultEntry,
  MfaServerChannel,
  MfaServerOutcome,
} from "./mfa_server_call_result.ts";
