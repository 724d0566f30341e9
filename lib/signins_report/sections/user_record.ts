/**
 * The per-user record the sections share: counters, flags and the latest failure / fraud
 * report / block of one user (no list of sign-ins).
 *
 * @module
 */
import { labelMfaResult, MFA_DENIED } from "../../classify/mod.ts";
import type { SignIn } from "../../signins/mod.ts";
import type { UserEvent } from "../report.ts";
import type { MfaOutcome } from "../sign_in_facts.ts";

/** One sign-in remembered for a user (the latest of its kind): the report's event and its time in ms. */
export interface Event extends UserEvent {
  atMs: number;
}

/** What is kept per user. */
export interface UserAgg {
  user: string;
  displayName: string | null;
  signIns: number;
  required: boolean;
  challenged: boolean;
  satisfied: number;
  performed: boolean;
  passedChallenge: boolean;
  denied: number;
  abandoned: number;
  bypassMask: number;
  onPremMask: number;
  legacy: number;
  legacySucceeded: number;
  phishingResistant: boolean;
  latestFailure: Event | null;
  fraud: number;
  fraudLatest: Event | null;
  blocked: number;
  blockedLatest: Event | null;
}

/** A new record for the user of `s` (named `key` when the row names neither UPN nor id). */
export function newUserAgg(s: SignIn, key: string): UserAgg {
  return {
    user: s.userPrincipalName ?? s.userId ?? key,
    displayName: s.userDisplayName,
    signIns: 0,
    required: false,
    challenged: false,
    satisfied: 0,
    performed: false,
    passedChallenge: false,
    denied: 0,
    abandoned: 0,
    bypassMask: 0,
    onPremMask: 0,
    legacy: 0,
    legacySucceeded: 0,
    phishingResistant: false,
    latestFailure: null,
    fraud: 0,
    fraudLatest: null,
    blocked: 0,
    blockedLatest: null,
  };
}

/** Whether a sign-in at `atMs` is at least as late as `e` (or there is none). */
export function laterThan(e: Event | null, atMs: number): boolean {
  return e === null || atMs >= e.atMs;
}

function mfaResultIdOf(m: MfaOutcome): string {
  switch (m.kind) {
    case "satisfied":
      return `satisfied.${m.how}`;
    case "denied":
      return `denied.${m.reason}`;
    case "abandoned":
    case "notReached":
    case "none":
    case "unknown":
      return m.kind;
  }
}

function mfaLabelOf(m: MfaOutcome): string {
  switch (m.kind) {
    case "satisfied":
      return labelMfaResult({ kind: "satisfied", how: m.how });
    case "denied":
      return m.reason === "other" && m.detail !== null
        ? `MFA denied: ${m.detail}`
        : `MFA denied: ${MFA_DENIED[m.reason].label}`;
    case "abandoned":
      return "MFA prompt left unanswered";
    case "notReached":
      return "Failed before the MFA step";
    case "none":
      return "No MFA";
    case "unknown":
      return "Unknown MFA result";
  }
}

/** The event kept for sign-in `s` with MFA outcome `m`. */
export function eventOf(s: SignIn, m: MfaOutcome): Event {
  return {
    atMs: s.createdAtMs ?? -Infinity,
    at: s.createdDateTime,
    result: mfaResultIdOf(m),
    label: mfaLabelOf(m),
    app: s.appDisplayName ?? s.appId,
    errorCode: s.errorCode,
    ip: s.ipAddress,
  };
}

/** An event as the report shows it. */
export function userEvent(e: Event): UserEvent {
  return { at: e.at, result: e.result, label: e.label, app: e.app, errorCode: e.errorCode, ip: e.ip };
}

/** Orders users by name. */
export function byUser(a: { user: string }, b: { user: string }): number {
  return a.user < b.user ? -1 : a.user > b.user ? 1 : 0;
}

/** Of two latest events, the one a single pass over `a`'s sign-ins then `b`'s would keep. */
function laterEvent(a: Event | null, b: Event | null): Event | null {
  return b !== null && laterThan(a, b.atMs) ? b : a;
}

/**
 * Adds to `a` the record `b` of the same user from later sign-ins: counters summed, flags and
 * masks joined, the later latest events (a tie goes to `b`, as in one pass), `a`'s name unless
 * it has none.
 */
export function mergeUserAgg(a: UserAgg, b: UserAgg): void {
  if (a.displayName === null) a.displayName = b.displayName;
  a.signIns += b.signIns;
  a.required ||= b.required;
  a.challenged ||= b.challenged;
  a.satisfied += b.satisfied;
  a.performed ||= b.performed;
  a.passedChallenge ||= b.passedChallenge;
  a.denied += b.denied;
  a.abandoned += b.abandoned;
  a.bypassMask |= b.bypassMask;
  a.onPremMask |= b.onPremMask;
  a.legacy += b.legacy;
  a.legacySucceeded += b.legacySucceeded;
  a.phishingResistant ||= b.phishingResistant;
  a.latestFailure = laterEvent(a.latestFailure, b.latestFailure);
  a.fraud += b.fraud;
  a.fraudLatest = laterEvent(a.fraudLatest, b.fraudLatest);
  a.blocked += b.blocked;
  a.blockedLatest = laterEvent(a.blockedLatest, b.blockedLatest);
}
