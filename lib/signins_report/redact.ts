/**
 * `--redact`: replaces user names in a finished report with a stable keyed hash and truncates IP
 * addresses, so the report can sit in CI logs and tickets. The same key gives the same hash for
 * the same user across runs (so two reports can be compared); without a key file a random
 * per-run key is used and hashes differ between runs.
 *
 * - users: `user-` + the first 12 hex digits of HMAC-SHA-256(key, lower-cased UPN or id);
 *   display names are removed;
 * - IPv4 addresses keep their /24 (`203.0.113.0/24`), IPv6 their /48 (`2001:db8:1::/48`);
 *   anything else becomes `(redacted)`.
 *
 * @module
 */
import { createHmac, randomBytes } from "node:crypto";
import type { SigninsReport, UserEvent, UserRef } from "./report.ts";

/** What replaces identities. */
export interface Redactor {
  /** Where the key came from. */
  readonly keySource: "file" | "random";
  /** The stable token of a user (UPN or id). */
  user(upnOrId: string): string;
  /** A truncated IP address. */
  ip(address: string): string;
}

/**
 * Truncates an IP address: IPv4 to its /24, IPv6 to its /48.
 *
 * @param address the address as written
 * @returns the network, or `(redacted)` when the text is not an IP address
 *
 * @example
 * ```ts
 * import { truncateIp } from "./redact.ts";
 * import assert from "node:assert/strict";
 * assert.equal(truncateIp("203.0.113.77"), "203.0.113.0/24");
 * assert.equal(truncateIp("2001:db8:1:2::5"), "2001:db8:1::/48");
 * assert.equal(truncateIp("2001:db8::1"), "2001:db8:0::/48");
 * assert.equal(truncateIp("::ffff:198.51.100.9"), "198.51.100.0/24");
 * assert.equal(truncateIp("not an ip"), "(redacted)");
 * ```
 */
export function truncateIp(address: string): string {
  const a = address.trim().replace(/%.*$/, "");
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(a);
  if (v4 !== null) {
    const parts = v4.slice(1, 4).map(Number);
    if (parts.every((p) => p <= 255) && Number(v4[4]) <= 255) return `${parts.join(".")}.0/24`;
    return "(redacted)";
  }
  if (!/^[0-9a-f:.]+$/i.test(a) || !a.includes(":")) return "(redacted)";
  const halves = a.split("::");
  if (halves.length > 2) return "(redacted)";
  const head = halves[0] === "" ? [] : halves[0]!.split(":");
  const tail = halves.length === 2 && halves[1] !== "" ? halves[1]!.split(":") : [];
  const groups = halves.length === 2
    ? [...head, ...Array(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail]
    : head;
  if (groups.length < 3 || !groups.slice(0, 3).every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return "(redacted)";
  return `${groups.slice(0, 3).map((g) => parseInt(g, 16).toString(16)).join(":")}::/48`;
}

/**
 * Creates a redactor.
 *
 * @param key the HMAC key (at least 16 bytes); omit for a random per-run key
 * @returns the redactor
 * @throws {RangeError} for a key shorter than 16 bytes
 *
 * @example The same key gives the same token
 * ```ts
 * import { createRedactor } from "./redact.ts";
 * import assert from "node:assert/strict";
 * const key = new TextEncoder().encode("0123456789abcdef-test-key");
 * const a = createRedactor(key), b = createRedactor(key);
 * assert.equal(a.user("Ana@Contoso.example"), b.user("ana@contoso.example"));
 * assert.match(a.user("ana@contoso.example"), /^user-[0-9a-f]{12}$/);
 * assert.equal(a.keySource, "file");
 * assert.notEqual(createRedactor().user("ana@contoso.example"), a.user("ana@contoso.example"));
 * ```
 */
export function createRedactor(key?: Uint8Array): Redactor {
  if (key !== undefined && key.length < 16) {
    throw new RangeError(`Cannot use the redaction key: expected at least 16 bytes, got ${key.length}`);
  }
  const k = key ?? new Uint8Array(randomBytes(32));
  const cache = new Map<string, string>();
  return {
    keySource: key === undefined ? "random" : "file",
    user(upnOrId: string): string {
      const norm = upnOrId.trim().toLowerCase();
      let t = cache.get(norm);
      if (t === undefined) {
        t = `user-${createHmac("sha256", k).update(norm, "utf8").digest("hex").slice(0, 12)}`;
        cache.set(norm, t);
      }
      return t;
    },
    ip: truncateIp,
  };
}

/**
 * A copy of a report with every user replaced by its token, display names removed and IP
 * addresses truncated; `redaction` says how.
 *
 * @param report the report
 * @param r the redactor
 * @returns the redacted copy (the input is not changed)
 *
 * @example
 * ```ts
 * import { createRedactor, redactReport } from "./redact.ts";
 * import assert from "node:assert/strict";
 * const report = {
 *   users: { topFailed: [{ user: "bo@contoso.example", displayName: "Bo", failures: 1, successes: 0,
 *     latestFailure: { at: null, result: "denied.userDeclined", label: "", app: null, errorCode: 500121, ip: "192.0.2.7" } }] },
 *   legacyAuth: { topUsers: [] },
 *   legacyMfaServer: { fraud: { signIns: 0, users: [] }, blocked: { signIns: 0, users: [] } },
 *   registration: null,
 * };
 * const out = redactReport(report as never, createRedactor(new TextEncoder().encode("a-sixteen-byte-key!")));
 * const u = out.users.topFailed[0]!;
 * assert.match(u.user, /^user-/);
 * assert.equal(u.displayName, null);
 * assert.equal(u.latestFailure.ip, "192.0.2.0/24");
 * assert.deepEqual(out.redaction, { method: "HMAC-SHA-256", key: "file", ip: "IPv4 /24, IPv6 /48" });
 * assert.equal(report.users.topFailed[0]?.user, "bo@contoso.example");
 * ```
 */
export function redactReport(report: SigninsReport, r: Redactor): SigninsReport {
  const who = <T extends UserRef>(u: T): T => ({ ...u, user: r.user(u.user), displayName: null });
  const ev = (e: UserEvent): UserEvent => ({ ...e, ip: e.ip === null ? null : r.ip(e.ip) });
  const lm = report.legacyMfaServer;
  return {
    ...report,
    redaction: { method: "HMAC-SHA-256", key: r.keySource, ip: "IPv4 /24, IPv6 /48" },
    users: {
      ...report.users,
      topFailed: report.users.topFailed.map((u) => ({ ...who(u), latestFailure: ev(u.latestFailure) })),
    },
    legacyAuth: { ...report.legacyAuth, topUsers: report.legacyAuth.topUsers.map(who) },
    legacyMfaServer: {
      ...lm,
      fraud: { ...lm.fraud, users: lm.fraud.users.map((u) => ({ ...who(u), latest: ev(u.latest) })) },
      blocked: { ...lm.blocked, users: lm.blocked.users.map((u) => ({ ...who(u), latest: ev(u.latest) })) },
    },
    registration: report.registration === null
      ? null
      : { ...report.registration, users: report.registration.users.map(who) },
  };
}
