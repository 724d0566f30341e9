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
export * from "./classified.ts";
export * from "./mfa_result.ts";
export * from "./mfa_required.ts";
export * from "./auth_method.ts";
export * from "./phone_type.ts";
export * from "./per_user_mfa.ts";
export * from "./error_code.ts";
export * from "./conditional_access.ts";
export * from "./cross_tenant.ts";
export * from "./event_type.ts";
export * from "./user_type.ts";
export * from "./client_app.ts";
export * from "./client_credential.ts";
export * from "./token.ts";
export * from "./authentication_requirement.ts";
export * from "./risk.ts";
export * from "./protocol.ts";
export * from "./managed_identity.ts";
export * from "./network.ts";
export * from "./mfa_server_call_result.ts";
