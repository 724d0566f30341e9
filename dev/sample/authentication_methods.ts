/**
 * `/users/{id}/authentication/methods` items of the sample tenant.
 *
 * @module
 */

import type { GraphObject } from "./dataset.ts";
import { resolveSampleOptions, type SampleTenantOptions } from "./options.ts";
import { planUsers, type UserPlan } from "./_user_plan.ts";
import { createPrng } from "./prng.ts";
import { isoSeconds as iso } from "./_time.ts";

const T = "#microsoft.graph.";
const STREAM_METHODS = 0x3e7d;
const DAY_MS = 86_400_000;

// Graph gives the password, phone and email methods these fixed ids in every tenant.
const PASSWORD_METHOD_ID = "28c10230-6103-485e-b985-444c60001490";
const EMAIL_METHOD_ID = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";
const PHONE_METHOD_IDS = {
  mobile: "3179e48a-750b-4051-897c-87b9720928f7",
  alternateMobile: "b6332ec1-7057-4abe-9331-3d72feddfe41",
  office: "e37fc753-ff3b-4958-9484-eaa9425c82bc",
} as const;

/** The `@odata.type` of the unknown method some users have. */
export const UNKNOWN_METHOD_ODATA_TYPE = "#microsoft.graph.futureQuantumAuthenticationMethod";

function phone(plan: UserPlan, phoneType: keyof typeof PHONE_METHOD_IDS, offset: number): GraphObject {
  const nn = String((plan.phoneSuffix + offset) % 100).padStart(2, "0");
  return {
    "@odata.type": `${T}phoneAuthenticationMethod`,
    id: PHONE_METHOD_IDS[phoneType],
    phoneNumber: `+1 555 01${nn}`,
    phoneType,
    smsSignInState: phoneType === "mobile" ? "notAllowedByPolicy" : "notSupported",
  };
}

function fido2(id: string, createdMs: number, model: string, attested: boolean): GraphObject {
  return {
    "@odata.type": `${T}fido2AuthenticationMethod`,
    id,
    displayName: model,
    createdDateTime: iso(createdMs),
    aaGuid: `a46a0000-0000-4000-8000-${model.length.toString(16).padStart(12, "0")}`,
    model,
    attestationCertificates: [],
    attestationLevel: attested ? "attested" : "notAttested",
  };
}

/** The authentication methods of one user, consistent with its methodsRegistered. */
export function _authenticationMethods(plan: UserPlan, seed: number): GraphObject[] {
  const rng = createPrng(seed, STREAM_METHODS, plan.index);
  const created = () => plan.createdMs + rng.int(1, 400) * DAY_MS;
  const local = plan.upn.split("@")[0]?.split("_")[0] ?? "user";
  const out: GraphObject[] = [{
    "@odata.type": `${T}passwordAuthenticationMethod`,
    id: PASSWORD_METHOD_ID,
    password: null,
    createdDateTime: iso(plan.createdMs),
  }];
  for (const m of plan.methods) {
    switch (m) {
      case "mobilePhone":
        out.push(phone(plan, "mobile", 0));
        break;
      case "alternateMobilePhone":
        out.push(phone(plan, "alternateMobile", 37));
        break;
      case "officePhone":
        out.push(phone(plan, "office", 71));
        break;
      case "email":
        out.push({
          "@odata.type": `${T}emailAuthenticationMethod`,
          id: EMAIL_METHOD_ID,
          emailAddress: `${local}@personal.example`,
        });
        break;
      case "microsoftAuthenticatorPush":
        out.push({
          "@odata.type": `${T}microsoftAuthenticatorAuthenticationMethod`,
          id: rng.uuid(),
          displayName: plan.device === "android" ? "Pixel 8" : "iPhone 15",
          deviceTag: "SoftwareTokenActivated",
          phoneAppVersion: "6.8.17",
          createdDateTime: iso(created()),
        });
        break;
      case "microsoftAuthenticatorPasswordless":
        out.push({
          "@odata.type": `${T}passwordlessMicrosoftAuthenticatorAuthenticationMethod`,
          id: rng.uuid(),
          displayName: "iPhone 15",
          createdDateTime: iso(created()),
        });
        break;
      case "softwareOneTimePasscode":
        out.push({ "@odata.type": `${T}softwareOathAuthenticationMethod`, id: rng.uuid(), secretKey: null });
        break;
      case "hardwareOneTimePasscode":
        out.push({
          "@odata.type": `${T}hardwareOathAuthenticationMethod`,
          id: rng.uuid(),
          displayName: "Contoso token",
          serialNumber: `SN-${rng.int(100000, 999999)}`,
          manufacturer: "Contoso Tokens",
          model: "OTP-6",
          status: "activated",
        });
        break;
      case "windowsHelloForBusiness":
        out.push({
          "@odata.type": `${T}windowsHelloForBusinessAuthenticationMethod`,
          id: rng.uuid(),
          displayName: plan.deviceName || "CONTOSO-LT-0001",
          createdDateTime: iso(created()),
          keyStrength: "normal",
        });
        break;
      case "fido2SecurityKey":
        out.push(fido2(rng.uuid(), created(), "YubiKey 5 NFC", true));
        break;
      case "passKeyDeviceBound":
        out.push(fido2(rng.uuid(), created(), "Contoso Security Key Passkey", true));
        break;
      case "passKeyDeviceBoundAuthenticator":
        out.push(fido2(rng.uuid(), created(), "Microsoft Authenticator - iOS", true));
        break;
      case "passKeyDeviceBoundWindowsHello":
        out.push(fido2(rng.uuid(), created(), "Windows Hello", true));
        break;
      case "passKeySynced":
        out.push(fido2(rng.uuid(), created(), "iCloud Keychain", false));
        break;
      case "macOsSecureEnclaveKey":
        out.push({
          "@odata.type": `${T}platformCredentialAuthenticationMethod`,
          id: rng.uuid(),
          displayName: plan.deviceName || "Contoso-MBP-0001",
          platform: "macOS",
          keyStrength: "normal",
          createdDateTime: iso(created()),
        });
        break;
      case "temporaryAccessPass": {
        const start = created();
        out.push({
          "@odata.type": `${T}temporaryAccessPassAuthenticationMethod`,
          id: rng.uuid(),
          temporaryAccessPass: null,
          createdDateTime: iso(start),
          startDateTime: iso(start),
          lifetimeInMinutes: 480,
          isUsableOnce: true,
          isUsable: false,
          methodUsabilityReason: "Expired",
        });
        break;
      }
      case "externalAuthMethod":
        out.push({
          "@odata.type": `${T}externalAuthenticationMethod`,
          id: rng.uuid(),
          displayName: "Northwind MFA",
          configurationId: "0a0e0001-5a3e-4e00-8000-0000000e0001",
          createdDateTime: iso(created()),
        });
        break;
      case "qrCode": {
        const start = created();
        out.push({
          "@odata.type": `${T}qrCodePinAuthenticationMethod`,
          id: rng.uuid(),
          standardQRCode: {
            id: rng.uuid(),
            createdDateTime: iso(start),
            startDateTime: iso(start),
            expireDateTime: iso(start + 365 * DAY_MS),
            lastUsedDateTime: null,
            image: null,
          },
          pin: null,
        });
        break;
      }
      default:
        // securityQuestion and appPassword have no item on this endpoint; unknown values neither.
        break;
    }
  }
  if (plan.unknownMethodType) {
    out.push({ "@odata.type": UNKNOWN_METHOD_ODATA_TYPE, id: rng.uuid(), displayName: "Quantum key" });
  }
  return out;
}

/**
 * Generates every user's `/authentication/methods` list, keyed by user id. Each list starts
 * with the password method and holds one item per registered method (phone numbers in the
 * fictional range `+1 555 0100`-`+1 555 0199`; passkeys as fido2 items; security questions
 * and app passwords have no item, as in Graph). Users with the unknown methodsRegistered value
 * also get an item of type {@linkcode UNKNOWN_METHOD_ODATA_TYPE}.
 *
 * @param options seed, users and now (see {@linkcode SampleTenantOptions})
 * @returns method lists keyed by user id
 *
 * @example Everyone has a password
 * ```ts
 * import { generateAuthenticationMethods } from "./authentication_methods.ts";
 * import assert from "node:assert/strict";
 * const byUser = generateAuthenticationMethods({ users: 40 });
 * assert.equal(Object.keys(byUser).length, 40);
 * for (const methods of Object.values(byUser)) {
 *   assert.equal(methods[0]?.["@odata.type"], "#microsoft.graph.passwordAuthenticationMethod");
 * }
 * ```
 */
export function generateAuthenticationMethods(
  options: SampleTenantOptions = {},
): Record<string, GraphObject[]> {
  const resolved = resolveSampleOptions(options);
  const out: Record<string, GraphObject[]> = {};
  for (const plan of planUsers(resolved)) out[plan.id] = _authenticationMethods(plan, resolved.seed);
  return out;
}
