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
 *     { "id": "report-only-age", "check": "caReportOnlyDays", "threshold": 30, "basis": "createdDateTime", "severity": "warn" },
 *     { "id": "legacy", "check": "legacyAuthSucceeded", "threshold": 0, "onNoData": "warn" }
 *   ]
 * }
 * ```
 *
 * @module
 */
import { z } from "zod";
import { REGISTRATION_SEMANTICS } from "../registration/mod.ts";
import { CA_POLICY_STATES } from "./ca_policy.ts";
import { COMPLIANCE_CHECKS, type ComplianceCheck, RULE_SEVERITIES } from "./checks.ts";
import { parseJsonc } from "../io/jsonc.ts";
import { atParent, describeValue, expectedError, strictError, validateDocument } from "../io/schema_issue.ts";

/** The policy file format version this code reads. */
export const POLICY_VERSION = 1;

/** What `caReportOnlyDays` measures the time in report-only from. */
export const REPORT_ONLY_BASES = {
  createdDateTime: "the policy's creation time: editing the policy does not restart the clock",
  modifiedDateTime: "the policy's last change (any edit, not only the state, restarts the clock)",
} as const;

/** One of {@linkcode REPORT_ONLY_BASES}. */
export type ReportOnlyBasis = keyof typeof REPORT_ONLY_BASES;

/**
 * What a rule's outcome is when it cannot be evaluated because it has no data in scope (no
 * users, no admins, no sign-ins in the window, no policies; the source was not read or does
 * not say): the rule is "not evaluated", and this decides whether that fails the run.
 */
export const NO_DATA_OUTCOMES = {
  fail: "the rule fails (exit 3), whatever its severity: a gate never passes on data it did not see",
  warn: "the rule warns (exit 0) and the reason is shown",
} as const;

/** One of {@linkcode NO_DATA_OUTCOMES}. */
export type NoDataOutcome = keyof typeof NO_DATA_OUTCOMES;

const keysOf = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** One of the keys of a table, "expected one of …" otherwise. */
const oneOf = <T extends Record<string, unknown>>(table: T, description: string) =>
  z.enum(keysOf(table), { error: expectedError(`one of ${Object.keys(table).join(", ")}`) }).describe(
    description,
  );

/** A non-empty (not only blanks) string. */
const text = (what = "a non-empty string", missing?: string) =>
  z.string({ error: expectedError(what, missing) }).refine((s) => s.trim() !== "", {
    error: expectedError(what),
  });

/** A number in a range (whole when `integer`). */
function bounded(min: number, max: number, integer: boolean, missing: string) {
  const error = expectedError(
    integer ? `a whole number from ${min} to ${max}` : `a number from ${min} to ${max}`,
    missing,
  );
  const n = integer ? z.int({ error }) : z.number({ error });
  return n.min(min, { error }).max(max, { error });
}

const REQUIRED_POLICY = z.strictObject({
  id: text().optional().describe("Object id of the policy (case-insensitive)"),
  name: text().optional().describe("Display name of the policy (case-insensitive)"),
  state: oneOf(CA_POLICY_STATES, "Required state").default("enabled"),
}, { error: strictError(["id", "name", "state"]) })
  .refine((p) => (p.id === undefined) !== (p.name === undefined), {
    error: 'expected exactly one of "id" or "name" to say which policy',
  })
  .transform((p) => ({
    match: p.id !== undefined
      ? { kind: "id" as const, id: p.id.trim() }
      : { kind: "name" as const, name: (p.name ?? "").trim() },
    state: p.state,
  }));

/** A policy a `caPoliciesEnabled` rule requires. */
export type RequiredCaPolicy = z.output<typeof REQUIRED_POLICY>;

const RULE_ID_WHAT =
  "a rule id of letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)";

const RULE_BASE = {
  id: z.string({ error: expectedError(RULE_ID_WHAT, 'expected an "id" key (a unique rule name)') })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: expectedError(RULE_ID_WHAT) })
    .describe("Unique id: letters, digits, '.', '_' or '-', at most 64, starting with a letter or digit"),
  description: text().optional().describe("Description (the check's default when absent)"),
  severity: oneOf(
    RULE_SEVERITIES,
    "fail (default): a failed rule fails the run (exit 3); warn: it is shown only",
  )
    .default("fail"),
  onNoData: oneOf(NO_DATA_OUTCOMES, "Outcome when the rule has no data in scope (default fail)").default(
    "fail",
  ),
};

/** The schema of one rule of a check (its own keys only). */
function ruleOf<C extends ComplianceCheck, P extends z.core.$ZodShape>(check: C, params: P) {
  const { id, ...rest } = RULE_BASE;
  const shape = { id, check: z.literal(check), ...rest, ...params };
  return z.strictObject(shape, { error: strictError(Object.keys(shape)) })
    .describe(COMPLIANCE_CHECKS[check].description);
}

const missingThreshold = (check: ComplianceCheck) => `expected a "threshold" key for check ${check}`;
const percentRule = <C extends ComplianceCheck>(check: C) =>
  ruleOf(check, { threshold: bounded(0, 100, false, missingThreshold(check)) });
const countRule = <C extends ComplianceCheck>(check: C) =>
  ruleOf(check, { threshold: bounded(0, 1_000_000_000, true, missingThreshold(check)) });

const RULE = z.discriminatedUnion("check", [
  percentRule("mfaRegisteredPercent"),
  percentRule("mfaCapablePercent"),
  countRule("adminsWithoutMfa"),
  countRule("adminsWithoutPhishingResistant"),
  countRule("phoneOnlyUsers"),
  countRule("legacyAuthSucceeded"),
  countRule("mfaDeniedFraud"),
  ruleOf("caPoliciesEnabled", {
    policies: z.array(REQUIRED_POLICY, {
      error: expectedError(
        'a non-empty array of { "name" | "id", "state" } objects',
        'expected a "policies" key listing the required policies',
      ),
    }).min(1, { error: expectedError('a non-empty array of { "name" | "id", "state" } objects') }),
  }),
  ruleOf("caReportOnlyDays", {
    threshold: bounded(0, 36_500, true, missingThreshold("caReportOnlyDays")),
    basis: oneOf(REPORT_ONLY_BASES, "What the time in report-only counts from (default createdDateTime)")
      .default("createdDateTime"),
  }),
], {
  // A bad or missing "check" is reported at the rule's "check" (zod's path).
  error: (iss) => {
    const v = iss.input as Record<string, unknown> | undefined;
    if (typeof v !== "object" || v === null || Array.isArray(v)) return expectedError("an object")(iss);
    if (v.check === undefined) return atParent('expected a "check" key naming what the rule checks');
    return `expected one of ${Object.keys(COMPLIANCE_CHECKS).join(", ")}, got ${describeValue(v.check)}`;
  },
}).transform((r) => {
  const description = r.description?.trim() ?? COMPLIANCE_CHECKS[r.check].description;
  // The key order of the hand-written validator: id, description, severity, onNoData, check, ….
  return {
    ...{ id: r.id, description, severity: r.severity, onNoData: r.onNoData },
    ...r,
    ...{ description },
  };
});

/** A validated rule (tagged by `check`). */
export type ComplianceRule = z.output<typeof RULE>;

/** Checks with a percentage or count threshold. */
export type ThresholdCheck = Exclude<ComplianceCheck, "caPoliciesEnabled" | "caReportOnlyDays">;

const SCOPE = z.strictObject({
  excludeFile: text("a file name (or null)").nullable().default(null)
    .describe(
      "Exclusion list (break-glass, service accounts), relative to the policy file; one UPN or object id a line",
    ),
  includeGuests: z.boolean({ error: expectedError("true or false") }).default(false)
    .describe("Count guests (userType Guest); default false"),
  includeDisabled: z.boolean({ error: expectedError("true or false") }).default(false)
    .describe("Count disabled accounts; default false"),
}, { error: strictError(["excludeFile", "includeGuests", "includeDisabled"]) });

const ROOT_KEYS = ["$schema", "version", "semantics", "scope", "rules"];

/**
 * The policy file's schema (what `parsePolicy` validates with, and what
 * `schemas/compliance-policy.schema.json` is generated from).
 */
export const POLICY_SCHEMA = z.strictObject({
  $schema: text().optional().describe("The JSON Schema of this file, for editors"),
  version: z.literal(POLICY_VERSION, {
    error: expectedError(`${POLICY_VERSION} (the only version this toolkit reads)`),
  }).default(POLICY_VERSION).describe("Format version"),
  semantics: oneOf(REGISTRATION_SEMANTICS, 'What "registered" means (default modern)').default("modern"),
  scope: SCOPE.prefault({}).describe("Who is counted"),
  rules: z.array(RULE, {
    error: expectedError("a non-empty array of rules", 'expected a "rules" key with at least one rule'),
  }).min(1, { error: expectedError("a non-empty array of rules") })
    .check((ctx) => {
      const seen = new Map<string, number>();
      ctx.value.forEach((r, i) => {
        const other = seen.get(r.id.toLowerCase());
        if (other !== undefined) {
          ctx.issues.push({
            code: "custom",
            input: r.id,
            path: [i, "id"],
            message: `duplicate rule id ${JSON.stringify(r.id)} (also rules[${other}])`,
          });
        } else seen.set(r.id.toLowerCase(), i);
      });
    }).describe("The rules, checked in file order"),
}, { error: strictError(ROOT_KEYS) }).describe(
  "entra-mfa-toolkit compliance policy (compliance-report --policy)",
);

/** A validated policy file. */
export type CompliancePolicy = Omit<z.output<typeof POLICY_SCHEMA>, "$schema"> & {
  /** The file it was read from, as given. */
  file: string;
};

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
  const { $schema: _, ...policy } = validateDocument(
    POLICY_SCHEMA,
    doc,
    file,
    "Cannot use the compliance policy",
  );
  return { file, ...policy };
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
