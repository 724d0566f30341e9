/**
 * The five Azure MFA Server portal reports, and where their data lives in Microsoft Entra
 * today. Azure MFA Server stopped processing MFA requests after September 2024; its exports
 * are the only record of what it did.
 *
 * @module
 */

/**
 * The five MFA Server portal reports, in the order of the original documentation.
 * `successor` says how much of the report Entra replaces: `"replaced"` (the data is in Entra
 * today), `"partial"` (part of it, or a related feature) or `"none"`.
 *
 * @example The five reports
 * ```ts
 * import { MFA_SERVER_PORTAL_REPORTS } from "./successors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(Object.keys(MFA_SERVER_PORTAL_REPORTS).length, 5);
 * assert.equal(MFA_SERVER_PORTAL_REPORTS.serverStatus.successor, "none");
 * ```
 */
export const MFA_SERVER_PORTAL_REPORTS = {
  blockedUserHistory: {
    name: "Blocked user history",
    location: "Azure AD > MFA Server > Block/unblock users",
    showed: "History of requests to block or unblock users.",
    successor: "partial",
    today: [
      "The MFA Server block list went away with the server.",
      "In the cloud, a user who reports an MFA prompt as suspicious (Report suspicious activity, which replaces the legacy fraud alert and its automatic 90-day block) is set to high user risk: see Entra ID Protection > Risky users and Risk detections (risk event type userReportedSuspiciousActivity).",
      'Sign-ins refused because the user is blocked are in the sign-in logs (error 500121, additional details "MFA denied; user is blocked"); disabling an account is recorded in the Entra audit logs.',
    ],
    graph: [
      "GET /identityProtection/riskDetections",
      "GET /identityProtection/riskyUsers",
      "GET /auditLogs/signIns",
      "GET /auditLogs/directoryAudits",
    ],
  },
  usageAndFraudAlerts: {
    name: "Usage and fraud alerts",
    location: "Azure AD > Sign-ins",
    showed: "Overall usage, user summary and user details, and the fraud alerts submitted in a date range.",
    successor: "replaced",
    today: [
      "Usage: the Entra sign-in logs (Monitoring & health > Sign-in logs) record every MFA step with its method and result (authenticationDetails, status.additionalDetails); the Authentication methods activity report gives totals per method.",
      'Fraud: Report suspicious activity raises the risk detection userReportedSuspiciousActivity in Entra ID Protection; a denied sign-in shows "MFA denied; Phone App Reported Fraud" or similar in the sign-in logs.',
      "This toolkit's sign-ins report covers the cloud side.",
    ],
    graph: [
      "GET /auditLogs/signIns",
      "GET /reports/authenticationMethods/userRegistrationDetails",
      "GET /identityProtection/riskDetections",
    ],
  },
  onPremisesComponentUsage: {
    name: "Usage for on-premises components",
    location: "Azure AD > MFA Server > Activity report",
    showed: "Overall MFA usage through the NPS extension, AD FS and MFA Server.",
    successor: "partial",
    today: [
      "NPS extension and AD FS adapter requests are cloud MFA requests and appear in the Entra sign-in logs; the beta sign-in property tokenIssuerType reads NPSExtension or ADFederationServicesMFAAdapter for them.",
      "MFA Server itself no longer processes requests, so nothing new is recorded for it: its activity exports (this report's input) are the only record.",
    ],
    graph: ["GET /beta/auditLogs/signIns (tokenIssuerType)"],
  },
  bypassedUserHistory: {
    name: "Bypassed user history",
    location: "Azure AD > MFA Server > One-time bypass",
    showed: "History of requests to bypass MFA for a user.",
    successor: "partial",
    today: [
      "One-time bypass has no cloud equivalent. The nearest replacement is a Temporary Access Pass, a time-limited passcode an admin issues: its creation is in the Entra audit logs and its use in the sign-in logs (authentication method Temporary Access Pass).",
      "The other way MFA is skipped today is a Conditional Access exclusion; review exclusions in the policies and their changes in the audit logs.",
    ],
    graph: [
      "GET /auditLogs/directoryAudits",
      "GET /auditLogs/signIns",
      "GET /users/{id}/authentication/temporaryAccessPassMethods",
    ],
  },
  serverStatus: {
    name: "Server status",
    location: "Azure AD > MFA Server > Server status",
    showed: "Status of the MFA Servers linked to the account.",
    successor: "none",
    today: [
      "No cloud successor: MFA Server status has no equivalent in Entra, because cloud MFA runs no servers of yours.",
      "For the servers that remain (NPS extension, AD FS adapter), watch their own event logs; for the cloud MFA service, watch Microsoft 365 / Azure service health.",
    ],
    graph: [],
  },
} as const;

/** A portal report id. */
export type MfaServerPortalReport = keyof typeof MFA_SERVER_PORTAL_REPORTS;

/** How much of a report Entra replaces. */
export type MfaServerSuccessor = typeof MFA_SERVER_PORTAL_REPORTS[MfaServerPortalReport]["successor"];
