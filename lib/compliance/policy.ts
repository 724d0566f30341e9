/**
 * The compliance policy file (`--policy compliance.jsonc`): JSONC with the scope and a list of
 * rules, validated key by key. Every problem is reported as
 * `file:line:column: Cannot use the compliance policy: <path>: <what was expected>, got <value>`,
 * e.g. `compliance.jsonc:14:20: … rules[2].threshold: expected a number from 0 to 100, got "abc"`.
 *
 * ```jsonc
 * {
 *   "version": 1,
 *   "semantics": "modern",                  // or "msonline"
 *   "scope": { "excludeFile": "break-glass.txt", "includeGuests": false, "includeDisabled": false },
 *   "rules": [
 *     { "id": "members-registered", "check": "mfaRegisteredPercent", "threshold": 95, "severity": "fail" },
 *     { "id": "required-ca", "check": "caPoliciesEnabled",
 *       "policies": [{ "name": "Require MFA for admins" }, { "id": "…", "state": "enabled" }] },
 *     { "id": "report-only-age", "check": "caReportOnlyDays", "threshold": 30, "basis": "createdDateTime", "severity": "warn" }
 *   ]
 * }
 * ```
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";
import {
  isRegistrationSemantics,
  REGISTRATION_SEMANTICS,
  type RegistrationSemantics,
} from "../registration/mod.ts";
import { CA_POLICY_STATES, type CaPolicyState, isCaPolicyState } from "./ca_policy.ts";
import {
  COMPLIANCE_CHECKS,
  type ComplianceCheck,
  isComplianceCheck,
  isRuleSeverity,
  RULE_SEVERITIES,
  type RuleSeverity,
} from "./checks.ts";
import { elementPath, type JsoncDocument, memberPath, parseJsonc } from "../io/jsonc.ts";

/** The policy file format version this code reads. */
export const POLICY_VERSION = 1;

/** What `caReportOnlyDays` measures the time in report-only from. */
export const REPORT_ONLY_BASES = {
  createdDateTime: "the policy's creation time: editing the policy does not restart the clock",
  modifiedDateTime: "the policy's last change (any edit, not only the state, restarts the clock)",
} as const;

/** One of {@linkcode REPORT_ONLY_BASES}. */
export type ReportOnlyBasis = keyof typeof REPORT_ONLY_BASES;

/** A policy a `caPoliciesEnabled` rule requires. */
export interface RequiredCaPolicy {
  /** Matched by object id, or by display name (both case-insensitive). */
  match: { kind: "id"; id: string } | { kind: "name"; name: string };
  /** Required state (default `enabled`). */
  state: CaPolicyState;
}

interface RuleBase {
  /** Unique id (`[A-Za-z0-9][A-Za-z0-9._-]*`, at most 64 characters). */
  id: string;
  /** Description (the check's default when the file has none). */
  description: string;
  /** `fail` (default) or `warn`. */
  severity: RuleSeverity;
}

/** Checks with a percentage or count threshold. */
export type ThresholdCheck = Exclude<ComplianceCheck, "caPoliciesEnabled" | "caReportOnlyDays">;

/** A validated rule (tagged by `check`). */
export type ComplianceRule =
  | RuleBase & { check: ThresholdCheck; threshold: number }
  | RuleBase & { check: "caPoliciesEnabled"; policies: RequiredCaPolicy[] }
  | RuleBase & { check: "caReportOnlyDays"; threshold: number; basis: ReportOnlyBasis };

/** A validated policy file. */
export interface CompliancePolicy {
  /** The file it was read from, as given. */
  file: string;
  /** Format version (1). */
  version: number;
  /** What "registered" means. */
  semantics: RegistrationSemantics;
  /** Who is counted. */
  scope: {
    /** Exclusion list (break-glass, service accounts), as written in the file (relative to it), or null. */
    excludeFile: string | null;
    /** Count guests (`userType` Guest); default false. */
    includeGuests: boolean;
    /** Count disabled accounts; default false. */
    includeDisabled: boolean;
  };
  /** The rules, in file order. */
  rules: ComplianceRule[];
}

const ROOT_KEYS = ["$schema", "version", "semantics", "scope", "rules"] as const;
const SCOPE_KEYS = ["excludeFile", "includeGuests", "includeDisabled"] as const;
const RULE_KEYS_BASE = ["id", "check", "description", "severity"] as const;
const PARAM_KEYS: Record<typeof COMPLIANCE_CHECKS[ComplianceCheck]["params"], readonly string[]> = {
  percent: ["threshold"],
  count: ["threshold"],
  days: ["threshold", "basis"],
  policies: ["policies"],
};
const REQUIRED_POLICY_KEYS = ["id", "name", "state"] as const;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

function suggestion(key: string, allowed: readonly string[]): string {
  const close = allowed.find((k) => k.toLowerCase() === key.toLowerCase()) ??
    allowed.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return close === undefined ? "" : ` (did you mean "${close}"?)`;
}

class Validator {
  readonly doc: JsoncDocument;
  readonly file: string;
  constructor(doc: JsoncDocument, file: string) {
    this.doc = doc;
    this.file = file;
  }

  fail(path: string, detail: string): never {
    let p = this.doc.positions.get(path);
    for (let up = path; p === undefined && up !== "";) {
      up = up.replace(/(\.[^.[]*|\[[^\]]*\])$/, "");
      p = this.doc.positions.get(up);
    }
    const where = path === "" ? "" : `${path}: `;
    throw new InputError(
      `Cannot use the compliance policy: ${where}${detail}`,
      p === undefined ? { file: this.file } : { file: this.file, line: p.line, column: p.column },
    );
  }

  expected(path: string, what: string, got: unknown): never {
    return this.fail(path, `expected ${what}, got ${describeValue(got)}`);
  }

  object(path: string, v: unknown, allowed: readonly string[]): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.expected(path, "an object", v);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        this.fail(
          memberPath(path, k),
          `unknown key${suggestion(k, allowed)}; expected one of ${allowed.join(", ")}`,
        );
      }
    }
    return o;
  }

  boolean(path: string, v: unknown, fallback: boolean): boolean {
    if (v === undefined) return fallback;
    if (typeof v !== "boolean") this.expected(path, "true or false", v);
    return v;
  }

  text(path: string, v: unknown, what = "a non-empty string"): string {
    if (typeof v !== "string" || v.trim() === "") this.expected(path, what, v);
    return v;
  }

  number(path: string, v: unknown, min: number, max: number, integer: boolean): number {
    const what = integer ? `a whole number from ${min} to ${max}` : `a number from ${min} to ${max}`;
    if (
      typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))
    ) {
      this.expected(path, what, v);
    }
    return v;
  }

  requiredPolicy(path: string, v: unknown): RequiredCaPolicy {
    const o = this.object(path, v, REQUIRED_POLICY_KEYS);
    if ((o.id === undefined) === (o.name === undefined)) {
      this.fail(path, 'expected exactly one of "id" or "name" to say which policy');
    }
    const match: RequiredCaPolicy["match"] = o.id !== undefined
      ? { kind: "id", id: this.text(memberPath(path, "id"), o.id).trim() }
      : { kind: "name", name: this.text(memberPath(path, "name"), o.name).trim() };
    let state: CaPolicyState = "enabled";
    if (o.state !== undefined) {
      if (!isCaPolicyState(o.state)) {
        this.expected(
          memberPath(path, "state"),
          `one of ${Object.keys(CA_POLICY_STATES).join(", ")}`,
          o.state,
        );
      }
      state = o.state;
    }
    return { match, state };
  }

  rule(path: string, v: unknown, seen: Map<string, string>): ComplianceRule {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.expected(path, "an object", v);
    const raw = v as Record<string, unknown>;
    if (raw.check === undefined) this.fail(path, 'expected a "check" key naming what the rule checks');
    if (!isComplianceCheck(raw.check)) {
      this.expected(
        memberPath(path, "check"),
        `one of ${Object.keys(COMPLIANCE_CHECKS).join(", ")}`,
        raw.check,
      );
    }
    const check = raw.check;
    const info = COMPLIANCE_CHECKS[check];
    const o = this.object(path, v, [...RULE_KEYS_BASE, ...PARAM_KEYS[info.params]]);
    if (o.id === undefined) this.fail(path, 'expected an "id" key (a unique rule name)');
    if (typeof o.id !== "string" || !RULE_ID.test(o.id)) {
      this.expected(
        memberPath(path, "id"),
        "a rule id of letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)",
        o.id,
      );
    }
    const id = o.id;
    const other = seen.get(id.toLowerCase());
    if (other !== undefined) {
      this.fail(memberPath(path, "id"), `duplicate rule id ${JSON.stringify(id)} (also ${other})`);
    }
    seen.set(id.toLowerCase(), path);
    const description = o.description === undefined
      ? info.description
      : this.text(memberPath(path, "description"), o.description).trim();
    let severity: RuleSeverity = "fail";
    if (o.severity !== undefined) {
      if (!isRuleSeverity(o.severity)) {
        this.expected(
          memberPath(path, "severity"),
          `one of ${Object.keys(RULE_SEVERITIES).join(", ")}`,
          o.severity,
        );
      }
      severity = o.severity;
    }
    const base = { id, description, severity };
    const tPath = memberPath(path, "threshold");
    const needThreshold = () => {
      if (o.threshold === undefined) this.fail(path, `expected a "threshold" key for check ${check}`);
    };
    switch (check) {
      case "mfaRegisteredPercent":
      case "mfaCapablePercent":
        needThreshold();
        return { ...base, check, threshold: this.number(tPath, o.threshold, 0, 100, false) };
      case "adminsWithoutMfa":
      case "adminsWithoutPhishingResistant":
      case "phoneOnlyUsers":
      case "legacyAuthSucceeded":
      case "mfaDeniedFraud":
        needThreshold();
        return { ...base, check, threshold: this.number(tPath, o.threshold, 0, 1_000_000_000, true) };
      case "caReportOnlyDays": {
        needThreshold();
        let basis: ReportOnlyBasis = "createdDateTime";
        if (o.basis !== undefined) {
          if (typeof o.basis !== "string" || !Object.hasOwn(REPORT_ONLY_BASES, o.basis)) {
            this.expected(
              memberPath(path, "basis"),
              `one of ${Object.keys(REPORT_ONLY_BASES).join(", ")}`,
              o.basis,
            );
          }
          basis = o.basis as ReportOnlyBasis;
        }
        return { ...base, check, threshold: this.number(tPath, o.threshold, 0, 36_500, true), basis };
      }
      case "caPoliciesEnabled": {
        const pPath = memberPath(path, "policies");
        if (o.policies === undefined) {
          this.fail(path, 'expected a "policies" key listing the required policies');
        }
        if (!Array.isArray(o.policies) || o.policies.length === 0) {
          this.expected(pPath, 'a non-empty array of { "name" | "id", "state" } objects', o.policies);
        }
        return {
          ...base,
          check,
          policies: o.policies.map((p, i) => this.requiredPolicy(elementPath(pPath, i), p)),
        };
      }
    }
  }

  policy(): Omit<CompliancePolicy, "file"> {
    const root = this.object("", this.doc.value, ROOT_KEYS);
    if (root.$schema !== undefined) this.text("$schema", root.$schema);
    if (root.version !== undefined && root.version !== POLICY_VERSION) {
      this.expected("version", `${POLICY_VERSION} (the only version this toolkit reads)`, root.version);
    }
    let semantics: RegistrationSemantics = "modern";
    if (root.semantics !== undefined) {
      if (!isRegistrationSemantics(root.semantics)) {
        this.expected(
          "semantics",
          `one of ${Object.keys(REGISTRATION_SEMANTICS).join(", ")}`,
          root.semantics,
        );
      }
      semantics = root.semantics;
    }
    const s = root.scope === undefined ? {} : this.object("scope", root.scope, SCOPE_KEYS);
    let excludeFile: string | null = null;
    if (s.excludeFile !== undefined && s.excludeFile !== null) {
      excludeFile = this.text("scope.excludeFile", s.excludeFile, "a file name (or null)");
    }
    if (root.rules === undefined) this.fail("", 'expected a "rules" key with at least one rule');
    if (!Array.isArray(root.rules) || root.rules.length === 0) {
      this.expected("rules", "a non-empty array of rules", root.rules);
    }
    const seen = new Map<string, string>();
    return {
      version: POLICY_VERSION,
      semantics,
      scope: {
        excludeFile,
        includeGuests: this.boolean("scope.includeGuests", s.includeGuests, false),
        includeDisabled: this.boolean("scope.includeDisabled", s.includeDisabled, false),
      },
      rules: root.rules.map((r, i) => this.rule(elementPath("rules", i), r, seen)),
    };
  }
}

/**
 * Parses and validates a policy file.
 *
 * @param text the file's text (JSONC)
 * @param file the file name, for messages and {@linkcode CompliancePolicy.file}
 * @returns the policy, defaults filled in
 * @throws {InputError} naming the line, column and key path of the first problem
 *
 * @example A valid policy, and an invalid one
 * ```ts
 * import { parsePolicy } from "./policy.ts";
 * import assert from "node:assert/strict";
 * const p = parsePolicy(`{
 *   // members only, break-glass excluded
 *   "scope": { "excludeFile": "break-glass.txt" },
 *   "rules": [
 *     { "id": "registered", "check": "mfaRegisteredPercent", "threshold": 95 },
 *     { "id": "admins", "check": "adminsWithoutMfa", "threshold": 0, "severity": "warn" },
 *   ],
 * }`, "compliance.jsonc");
 * assert.equal(p.scope.includeGuests, false);
 * assert.deepEqual(p.rules.map((r) => [r.id, r.severity]), [["registered", "fail"], ["admins", "warn"]]);
 * assert.throws(() => parsePolicy('{ "rules": [{ "id": "x", "check": "mfaCapablePercent", "threshold": "abc" }] }', "c.jsonc"),
 *   /^InputError: c\.jsonc:1:69: Cannot use the compliance policy: rules\[0\]\.threshold: expected a number from 0 to 100, got "abc"$/);
 * ```
 */
export function parsePolicy(text: string, file: string): CompliancePolicy {
  const doc = parseJsonc(text, file, "compliance policy");
  return { file, ...new Validator(doc, file).policy() };
}

/**
 * Which fact sources a policy's rules need.
 *
 * @example Usage
 * ```ts
 * import { policyNeeds, parsePolicy } from "./policy.ts";
 * import assert from "node:assert/strict";
 * const p = parsePolicy('{ "rules": [{ "id": "l", "check": "legacyAuthSucceeded", "threshold": 0 }] }', "c.jsonc");
 * assert.deepEqual(policyNeeds(p), { registration: false, signIns: true, conditionalAccess: false });
 * ```
 */
export function policyNeeds(
  policy: Pick<CompliancePolicy, "rules">,
): { registration: boolean; signIns: boolean; conditionalAccess: boolean } {
  const needs = { registration: false, signIns: false, conditionalAccess: false };
  for (const r of policy.rules) needs[COMPLIANCE_CHECKS[r.check].source] = true;
  return needs;
}
