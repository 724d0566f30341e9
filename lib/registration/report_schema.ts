/**
 * The schema of `registration-report --format json` (schema version 1), next to its builder
 * (`report_json.ts`): `schemas/registration-report.schema.json` is generated from it, and a
 * test checks the demo's output against both.
 *
 * @module
 */
import { z } from "zod";
import { AUTH_METHODS } from "../classify/auth_method.ts";
import { REGISTRATION_SOURCES } from "./record.ts";
import { REGISTRATION_SEMANTICS } from "./semantics.ts";
import { OUT_OF_SCOPE_REASONS, USER_TYPE_FILTERS } from "./scope.ts";
import { REGISTRATION_REPORT_SCHEMA_VERSION } from "./report_json.ts";

const keys = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const count = z.int().min(0);
const upns = z.array(z.string());
const COVERAGE = {
  mfaRegistered: count,
  msonlineRegistered: count,
  mfaCapable: count,
  passwordlessCapable: count,
  phishingResistant: count,
  phoneOnly: count,
};
const COUNTS = z.strictObject({ users: count, ...COVERAGE });

/** `registration-report --format json`, schema version 1. */
export const REGISTRATION_REPORT_SCHEMA = z.strictObject({
  schemaVersion: z.literal(REGISTRATION_REPORT_SCHEMA_VERSION),
  generatedAt: z.iso.datetime(),
  semantics: z.enum(keys(REGISTRATION_SEMANTICS)),
  source: z.enum(keys(REGISTRATION_SOURCES)),
  scope: z.strictObject({
    userType: z.enum(USER_TYPE_FILTERS),
    adminsOnly: z.boolean(),
    includeDisabled: z.boolean(),
    excludeFile: z.string().nullable(),
  }),
  totals: z.strictObject({ ...COVERAGE, seen: count, inScope: count }),
  byUserType: z.strictObject({ member: COUNTS, guest: COUNTS, unknown: COUNTS }),
  admins: z.strictObject({
    known: z.boolean(),
    total: count,
    withoutMfa: upns,
    withoutPhishingResistant: upns,
  }),
  phoneOnlyUsers: upns,
  methods: z.partialRecord(z.enum(keys(AUTH_METHODS)), count),
  unknownMethods: z.record(z.string(), count),
  defaultMethods: z.record(z.string(), count),
  systemPreferred: z.strictObject({ enabled: count, disabled: count, unknown: count }),
  freshness: z.strictObject({ oldest: z.string().nullable(), newest: z.string().nullable(), missing: count }),
  exclusions: z.strictObject({
    byReason: z.partialRecord(z.enum(keys(OUT_OF_SCOPE_REASONS)), count),
    excluded: z.array(
      z.strictObject({ userPrincipalName: z.string(), value: z.string(), reason: z.string(), line: count }),
    ),
    unmatched: z.array(z.strictObject({ preview: z.string(), line: count })),
  }),
  enabledUnknown: count,
  flagsDerived: count,
  perUserMfa: z.strictObject({
    usersRead: count,
    counts: z.strictObject({ disabled: count, enabled: count, enforced: count, unknown: count }),
    caPoliciesRequiringMfa: z.array(z.string()).nullable(),
    users: z.array(z.strictObject({
      userPrincipalName: z.string(),
      displayName: z.string(),
      state: z.enum(["disabled", "enabled", "enforced", "unknown"]),
      rawState: z.string().nullable(),
    })),
  }).optional().describe("only with --per-user-mfa"),
}).describe("entra-mfa-toolkit registration-report --format json (schema version 1)");
