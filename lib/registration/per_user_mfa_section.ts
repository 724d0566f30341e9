/**
 * The registration report's closing section "Per-user MFA still enforced alongside Conditional
 * Access": legacy per-user MFA (MSOnline `StrongAuthenticationRequirements`) left on users while
 * Conditional Access already requires MFA, a configuration Microsoft says not to combine
 * ("Don't enable or enforce per-user Microsoft Entra multifactor authentication if you use
 * Conditional Access policies", entra-docs howto-mfa-userstates). Pure: built from the per-user
 * rows and the raw CA policy items, rendered as Markdown.
 *
 * @module
 */
import {
  formatNumber,
  markdownCallout,
  markdownDocument,
  markdownHeading,
  markdownTable,
} from "../report/mod.ts";
import type { PerUserMfaRow } from "../per_user_mfa/read.ts";
import { countPerUserMfa, type PerUserMfaCounts } from "../per_user_mfa/render.ts";

/** Labels of the states here ("Enabled" may be a registered user an admin re-enabled). */
const STATE_LABEL = {
  disabled: "Disabled",
  enabled: "Enabled",
  enforced: "Enforced",
  unknown: "Unknown",
} as const;

/** The section's heading. */
export const PER_USER_MFA_SECTION_TITLE = "Per-user MFA still enforced alongside Conditional Access";

/** What the section says. */
export interface PerUserMfaSection {
  /** In-scope users whose state was read. */
  usersRead: number;
  /** Users per state. */
  counts: PerUserMfaCounts;
  /** Names of the enabled CA policies that require MFA (grant control or authentication strength); null when they could not be read. */
  caPoliciesRequiringMfa: string[] | null;
  /** Users with per-user MFA enabled, enforced or an unknown state, sorted by UPN. */
  users: {
    userPrincipalName: string;
    displayName: string;
    state: PerUserMfaRow["state"];
    rawState: string | null;
  }[];
}

/**
 * Whether a raw CA policy item is enabled (not report-only) and requires MFA: the `mfa` built-in
 * grant control or an authentication strength.
 *
 * @example
 * ```ts
 * import { caPolicyRequiresMfa } from "./per_user_mfa_section.ts";
 * import assert from "node:assert/strict";
 * assert.equal(caPolicyRequiresMfa({ state: "enabled", grantControls: { builtInControls: ["mfa"] } }), true);
 * assert.equal(caPolicyRequiresMfa({ state: "enabled", grantControls: { authenticationStrength: { id: "x" } } }), true);
 * assert.equal(caPolicyRequiresMfa({ state: "enabledForReportingButNotEnforced", grantControls: { builtInControls: ["mfa"] } }), false);
 * assert.equal(caPolicyRequiresMfa({ state: "enabled", grantControls: { builtInControls: ["block"] } }), false);
 * ```
 */
export function caPolicyRequiresMfa(policy: Readonly<Record<string, unknown>>): boolean {
  if (policy.state !== "enabled") return false;
  const g = policy.grantControls as Record<string, unknown> | null | undefined;
  if (g === null || typeof g !== "object") return false;
  const builtIn = Array.isArray(g.builtInControls) ? g.builtInControls : [];
  return builtIn.some((c) => typeof c === "string" && c.toLowerCase() === "mfa") ||
    (g.authenticationStrength !== null && typeof g.authenticationStrength === "object");
}

/**
 * Builds the section from the rows read and the CA policies (undefined: not readable).
 *
 * @example
 * ```ts
 * import { perUserMfaSection } from "./per_user_mfa_section.ts";
 * import assert from "node:assert/strict";
 * const row = (upn: string, state: "enforced" | "disabled") => ({ id: upn, userPrincipalName: upn, displayName: "",
 *   userType: "Member", accountEnabled: true, state, rawState: state });
 * const s = perUserMfaSection([row("b@contoso.example", "enforced"), row("a@contoso.example", "disabled")],
 *   [{ displayName: "Require MFA", state: "enabled", grantControls: { builtInControls: ["mfa"] } }]);
 * assert.equal(s.counts.enforced, 1);
 * assert.deepEqual(s.caPoliciesRequiringMfa, ["Require MFA"]);
 * assert.deepEqual(s.users.map((u) => u.userPrincipalName), ["b@contoso.example"]);
 * ```
 */
export function perUserMfaSection(
  rows: readonly PerUserMfaRow[],
  caPolicies: readonly Readonly<Record<string, unknown>>[] | undefined,
): PerUserMfaSection {
  return {
    usersRead: rows.length,
    counts: countPerUserMfa(rows),
    caPoliciesRequiringMfa: caPolicies === undefined ? null : caPolicies.filter(caPolicyRequiresMfa)
      .map((p) =>
        typeof p.displayName === "string" && p.displayName !== "" ? p.displayName : String(p.id ?? "?")
      )
      .sort((a, b) => a.localeCompare(b, "en")),
    users: rows.filter((r) => r.state !== "disabled")
      .map((r) => ({
        userPrincipalName: r.userPrincipalName,
        displayName: r.displayName,
        state: r.state,
        rawState: r.rawState,
      }))
      .sort((a, b) => (a.userPrincipalName.toLowerCase() < b.userPrincipalName.toLowerCase() ? -1 : 1)),
  };
}

/**
 * The section as Markdown (every value escaped; at most `listLimit` users named).
 *
 * @example
 * ```ts
 * import { perUserMfaSectionMarkdown } from "./per_user_mfa_section.ts";
 * import assert from "node:assert/strict";
 * const md = perUserMfaSectionMarkdown({ usersRead: 3, counts: { disabled: 2, enabled: 0, enforced: 1, unknown: 0 },
 *   caPoliciesRequiringMfa: ["Require MFA"], users: [{ userPrincipalName: "a@contoso.example", displayName: "<b>",
 *   state: "enforced", rawState: "enforced" }] }, 50);
 * assert.match(md, /^## Per-user MFA still enforced alongside Conditional Access/);
 * assert.match(md, /&lt;b&gt;/);
 * ```
 */
export function perUserMfaSectionMarkdown(s: PerUserMfaSection, listLimit: number): string {
  const on = s.counts.enabled + s.counts.enforced;
  const ca = s.caPoliciesRequiringMfa;
  const blocks: string[] = [markdownHeading(2, PER_USER_MFA_SECTION_TITLE)];
  let lead: string;
  if (ca === null) {
    lead =
      `${formatNumber(on)} of ${formatNumber(s.usersRead)} in-scope users still have legacy per-user MFA ` +
      "enabled or enforced. The Conditional Access policies could not be read, so whether CA already requires MFA is unknown.";
  } else if (ca.length === 0) {
    lead =
      `${formatNumber(on)} of ${
        formatNumber(s.usersRead)
      } in-scope users have legacy per-user MFA enabled or ` +
      "enforced, and no enabled Conditional Access policy requires MFA: per-user MFA may be their only MFA " +
      "requirement. Move them to Conditional Access (or security defaults) before turning it off.";
  } else {
    lead =
      `${formatNumber(on)} of ${formatNumber(s.usersRead)} in-scope users still have legacy per-user MFA ` +
      `enabled or enforced while ${formatNumber(ca.length)} enabled Conditional Access polic${
        ca.length === 1 ? "y requires" : "ies require"
      } MFA. Microsoft advises against combining them: per-user MFA prompts on every sign-in, ignores CA ` +
      "conditions and breaks legacy clients; set these users to Disabled once CA covers them.";
  }
  blocks.push(lead + "\n");
  blocks.push(markdownTable(["Per-user MFA state", "Users"], [
    ["Enforced", formatNumber(s.counts.enforced)],
    ["Enabled", formatNumber(s.counts.enabled)],
    ["Disabled", formatNumber(s.counts.disabled)],
    ["Unknown", formatNumber(s.counts.unknown)],
  ], { align: ["left", "right"] }));
  if (ca !== null && ca.length > 0) {
    blocks.push(
      markdownTable(["Enabled CA policies requiring MFA"], ca.slice(0, listLimit).map((n) => [n])) +
        (ca.length > listLimit ? `\n_…and ${formatNumber(ca.length - listLimit)} more._\n` : ""),
    );
  }
  if (s.users.length > 0) {
    const shown = s.users.slice(0, listLimit);
    blocks.push(
      markdownTable(
        ["User", "Display name", "Per-user MFA state"],
        shown.map((u) => [
          u.userPrincipalName,
          u.displayName,
          u.state === "unknown" ? `Unknown (${u.rawState ?? "none"})` : STATE_LABEL[u.state],
        ]),
      ) + (s.users.length > shown.length
        ? `\n_${
          formatNumber(s.users.length - shown.length)
        } more not shown (--list-limit; \`deno task per-user-mfa\` lists them all)._\n`
        : ""),
    );
  }
  if (s.counts.unknown > 0) {
    blocks.push(markdownCallout("note", [
      `${
        formatNumber(s.counts.unknown)
      } user(s) have a per-user MFA state this toolkit does not know; check them in the Entra admin center.`,
    ]));
  }
  return markdownDocument(blocks);
}
