/**
 * Hidden Conditional Access detail: Graph leaves `appliedConditionalAccessPolicies` out of
 * every sign-in, without warning, unless the app also has Policy.Read.All (or
 * Policy.Read.ConditionalAccess). The sign-in report tells this from the rows it tallies
 * ("status present, policies never present") and prints this note.
 *
 * @module
 */

/** The note reports print when CA detail is hidden. */
export const CA_DETAIL_HIDDEN_NOTE = "CA detail not visible: grant Policy.Read.All";
