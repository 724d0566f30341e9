/**
 * The schema of `compliance-report --json` (schema version 1), next to its builder
 * (`report_json.ts`): `schemas/compliance-report.schema.json` is generated from it, and a test
 * checks the demo's output against both. It is also the shape `--baseline` reads (leniently).
 *
 * @module
 */
import { z } from "zod";
import { REGISTRATION_REPORT_SCHEMA } from "../registration/report_schema.ts";
import { REGISTRATION_SEMANTICS } from "../registration/semantics.ts";
import { CA_POLICY_STATES } from "./ca_policy.ts";
import { COMPLIANCE_CHECKS, RULE_SEVERITIES, RULE_STATUSES } from "./checks.ts";
import { NO_DATA_OUTCOMES } from "./policy.ts";
import { COMPLIANCE_REPORT_SCHEMA_VERSION, RATE_METRICS } from "./report_json.ts";

const keys = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const count = z.int().min(0);
const upns = z.array(z.string());
const status = z.enum(keys(RULE_STATUSES));
const percent = z.number().min(0).max(100).nullable();

const RULE_RESULT = z.strictObject({
  id: z.string(),
  check: z.enum(keys(COMPLIANCE_CHECKS)),
  description: z.string(),
  severity: z.enum(keys(RULE_SEVERITIES)),
  status,
  evaluated: z.boolean(),
  onNoData: z.enum(keys(NO_DATA_OUTCOMES)),
  rows: count,
  comparison: z.enum(["atLeast", "atMost"]),
  unit: z.enum(["percent", "users", "signIns", "policies", "days"]),
  threshold: z.number(),
  actual: z.number().nullable(),
  detail: z.array(z.string()),
  note: z.string().nullable(),
});

const REGISTRATION = REGISTRATION_REPORT_SCHEMA.omit({ schemaVersion: true, generatedAt: true }).extend({
  rates: z.strictObject({
    mfaRegistered: percent,
    mfaCapable: percent,
    phishingResistant: percent,
    phoneOnly: percent,
  }),
  users: z.strictObject({ registered: upns, notRegistered: upns }),
});

const byUser = z.strictObject({ user: z.string(), signIns: count, succeeded: count });
const SIGN_INS = z.strictObject({
  window: z.strictObject({
    from: z.string().nullable(),
    to: z.string().nullable(),
    basis: z.enum(["requested", "data"]),
  }),
  rows: count,
  badRows: count,
  filteredOut: count,
  signIns: count,
  userSignIns: count,
  users: count,
  legacyAuth: z.strictObject({
    signIns: count,
    succeeded: count,
    users: count,
    byClientApp: z.array(z.strictObject({ clientApp: z.string(), signIns: count, succeeded: count })),
    topUsers: z.array(byUser),
  }),
  mfaDenied: z.record(z.string(), count),
  fraud: z.strictObject({
    signIns: count,
    users: z.array(z.strictObject({ user: z.string(), count, latest: z.string().nullable() })),
  }),
});

const CA_POLICY = z.strictObject({
  id: z.string(),
  displayName: z.string(),
  state: z.enum([...keys(CA_POLICY_STATES), "unknown"]),
  rawState: z.string().nullable(),
  createdDateTime: z.string().nullable(),
  modifiedDateTime: z.string().nullable(),
});

const CHANGES = z.strictObject({
  baseline: z.strictObject({ file: z.string(), generatedAt: z.string() }),
  rules: z.array(z.strictObject({
    id: z.string(),
    before: status.nullable(),
    after: status.nullable(),
    beforeActual: z.number().nullable(),
    afterActual: z.number().nullable(),
  })),
  rates: z.array(z.strictObject({
    metric: z.enum(keys(RATE_METRICS)),
    before: z.number().nullable(),
    after: z.number().nullable(),
    changePoints: z.number().nullable(),
  })),
  lostMfaRegistration: upns,
  newlyRegistered: upns,
  newAdminsWithoutMfa: upns,
  resolvedAdminsWithoutMfa: upns,
  newAdminsWithoutPhishingResistant: upns,
  resolvedAdminsWithoutPhishingResistant: upns,
  usersAdded: count,
  usersRemoved: count,
  caveats: z.array(z.string()),
});

/** `compliance-report --json`, schema version 1. */
export const COMPLIANCE_REPORT_SCHEMA = z.strictObject({
  schemaVersion: z.literal(COMPLIANCE_REPORT_SCHEMA_VERSION),
  generatedAt: z.iso.datetime(),
  policy: z.strictObject({
    file: z.string(),
    version: z.literal(1),
    semantics: z.enum(keys(REGISTRATION_SEMANTICS)),
    scope: z.strictObject({
      excludeFile: z.string().nullable(),
      includeGuests: z.boolean(),
      includeDisabled: z.boolean(),
    }),
  }),
  verdict: z.strictObject({ status, pass: count, warn: count, fail: count }),
  rules: z.array(RULE_RESULT),
  registration: REGISTRATION.nullable(),
  signIns: SIGN_INS.nullable(),
  conditionalAccess: z.strictObject({ policies: z.array(CA_POLICY) }).nullable(),
  changes: CHANGES.nullable(),
}).describe("entra-mfa-toolkit compliance-report --json (schema version 1; also the --baseline input)");
