/**
 * The schema of `signins-report --format json` (schema version 1), next to the document type
 * (`report.ts`): `schemas/signins-report.schema.json` is generated from it, and a test checks real
 * task output against both. Counts of closed enumerations list every id (plus `unknown`).
 *
 * @module
 */
import { z } from "zod";
import { CA_POLICY_RESULTS, CA_STATUSES } from "../classify/conditional_access.ts";
import { CROSS_TENANT_ACCESS_TYPES } from "../classify/cross_tenant.ts";
import { ERROR_CODE_BUCKETS } from "../classify/error_code.ts";
import { SIGN_IN_EVENT_TYPES } from "../classify/event_type.ts";
import { MFA_DENIED, MFA_SATISFIED } from "../classify/mfa_result.ts";
import { RISK_LEVELS, RISK_STATES } from "../classify/risk.ts";
import { TOKEN_ISSUER_TYPES } from "../classify/token.ts";
import { USER_TYPES } from "../classify/user_type.ts";
import { INPUT_FORMAT } from "../signins/sign_in.ts";
import { REQUIREMENT_SOURCES } from "./requirement_source.ts";
import { PASSWORDLESS_GROUPS } from "./sign_in_facts.ts";
import { SIGNINS_REPORT_SCHEMA_VERSION } from "./report.ts";

const count = z.int().min(0);
const ids = <T extends Record<string, unknown>>(o: T, ...extra: string[]) =>
  [...Object.keys(o), ...extra] as [string, ...string[]];
/** An object with exactly these keys, each holding `value`. */
const exactly = <V extends z.ZodType>(keys: readonly string[], value: V) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<string, V>);
/** Every id of a table (plus extras) → a count. */
const countsOf = <T extends Record<string, unknown>>(o: T, ...extra: string[]) =>
  exactly(ids(o, ...extra), count);
const rawCounts = z.record(z.string(), count);
const iso = z.iso.datetime();
const samples = z.array(z.strictObject({ line: count, reason: z.string() }));
const eventTypeIds = z.enum(ids(SIGN_IN_EVENT_TYPES));

const USER_REF = { user: z.string(), displayName: z.string().nullable() };
const USER_EVENT = z.strictObject({
  at: iso.nullable(),
  result: z.string(),
  label: z.string(),
  app: z.string().nullable(),
  errorCode: z.int().nullable(),
  ip: z.string().nullable(),
});
const USER_WITH_EVENTS = z.strictObject({ ...USER_REF, count, latest: USER_EVENT });
const NAMED = z.array(z.strictObject({ name: z.string(), count }));
const REQUIREMENT = { signIns: count, required: count, notRequired: count, unknown: count };
const METHOD = z.strictObject({ attempts: count, succeeded: count, failed: count });

const SOURCE = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("graph"),
    url: z.string(),
    eventTypes: z.array(eventTypeIds),
    filters: z.array(z.string()),
    items: rawCounts,
  }),
  z.strictObject({
    kind: z.literal("log-analytics"),
    url: z.string(),
    workspace: z.string(),
    eventTypes: z.array(eventTypeIds),
    queries: count,
    slices: count,
    splits: count,
    rows: count,
    groupRows: count,
    dictionaryRows: count,
    groupedSignIns: count,
    bytes: count,
    badRows: count,
    badRowSamples: samples,
  }),
  z.strictObject({
    kind: z.literal("file"),
    file: z.string(),
    format: z.enum(Object.values(INPUT_FORMAT) as [string, ...string[]]).nullable(),
    encoding: z.string().nullable(),
    records: count,
    badRows: count,
    badRowSamples: samples,
    layout: z.string().nullable(),
    missingFields: z.array(z.string()),
    dateOrder: z.strictObject({
      order: z.enum(["dmy", "mdy"]),
      from: z.enum(["option", "file", "notNeeded"]),
    }).nullable(),
  }),
]);

const USER_VERDICT = z.strictObject({
  ...USER_REF,
  registered: z.boolean().nullable(),
  mfaRequired: z.boolean(),
  mfaPerformed: z.boolean(),
  strength: z.enum(["phishingResistant", "notPhishingResistant", "none"]),
  phishingResistantRegistered: z.boolean().nullable(),
  verdict: z.enum(["ok", "shortfall"]),
  reasons: z.array(z.string()),
});

/** `signins-report --format json`, schema version 1. */
export const SIGNINS_REPORT_SCHEMA = z.strictObject({
  schemaVersion: z.literal(SIGNINS_REPORT_SCHEMA_VERSION),
  generatedAt: iso,
  window: z.strictObject({ from: iso.nullable(), to: iso.nullable(), basis: z.enum(["requested", "data"]) }),
  sources: z.array(SOURCE),
  redaction: z.strictObject({
    method: z.literal("HMAC-SHA-256"),
    key: z.enum(["file", "random"]),
    ip: z.literal("IPv4 /24, IPv6 /48"),
  }).nullable(),
  totals: z.strictObject({
    rows: count,
    badRows: count,
    filteredOut: count,
    futureRows: count,
    duplicateConflicts: count,
    conflictsKeptFirst: count,
    duplicatesDropped: count,
    rowsMerged: count,
    signIns: count,
    interruptedIncomplete: count,
    userSignIns: count,
    userSignInsWithoutUser: count,
    users: count,
  }),
  mfa: z.strictObject({
    scope: z.literal("userSignIns"),
    required: count,
    notRequired: count,
    requirementUnknown: count,
    unknownRequirementValues: rawCounts,
    requirementSources: countsOf(REQUIREMENT_SOURCES, "unknown", "notStated"),
    unknownRequirementProviders: rawCounts,
    byApp: z.array(z.strictObject({ ...REQUIREMENT, app: z.string() })),
    byUserType: exactly(ids(USER_TYPES, "unknown"), z.strictObject(REQUIREMENT)),
    satisfied: countsOf(MFA_SATISFIED),
    denied: countsOf(MFA_DENIED),
    deniedOtherTexts: rawCounts,
    abandoned: count,
    notReached: count,
    unknownResult: count,
    unknownResultTexts: rawCounts,
    unrecognisedTexts: rawCounts,
    noPrompt: z.strictObject({ claimInToken: count, strongAuthentication: count, satisfied: count }),
    passwordless: z.strictObject({
      eligible: count,
      passwordless: count,
      byGroup: countsOf(PASSWORDLESS_GROUPS),
    }),
    deniedByMethod: rawCounts,
    deniedErrorCodes: z.array(z.strictObject({ code: z.int().nullable(), count })),
  }),
  methods: z.record(z.string(), METHOD),
  unknownMethods: rawCounts,
  conditionalAccess: z.strictObject({
    status: countsOf(CA_STATUSES, "unknown", "notGiven"),
    unknownStatus: rawCounts,
    detail: z.enum(["visible", "hidden", "undetermined"]),
    signInsWithDetail: count,
    policies: z.array(z.strictObject({
      id: z.string(),
      displayName: z.string(),
      results: countsOf(CA_POLICY_RESULTS, "unknown"),
      unknownResults: rawCounts,
      grantControls: z.array(z.string()),
      sessionControls: z.array(z.string()),
    })),
  }),
  eventTypes: countsOf(SIGN_IN_EVENT_TYPES, "unknown"),
  unknownEventTypes: rawCounts,
  errors: countsOf(ERROR_CODE_BUCKETS, "unknown"),
  errorCodes: z.array(z.strictObject({
    code: z.int().nullable(),
    count,
    bucket: z.enum(ids(ERROR_CODE_BUCKETS, "unknown")),
    meaning: z.string().nullable(),
  })),
  users: z.strictObject({
    total: count,
    challenged: count,
    completedMfa: count,
    failedMfa: count,
    abandonedOnly: count,
    topFailed: z.array(
      z.strictObject({ ...USER_REF, failures: count, successes: count, latestFailure: USER_EVENT }),
    ),
  }),
  crossTenant: z.strictObject({
    tenancy: z.strictObject({ sameTenant: count, crossTenant: count, unknown: count }),
    accessTypes: countsOf(CROSS_TENANT_ACCESS_TYPES, "unknown"),
    unknownAccessTypes: rawCounts,
    crossTenantSucceeded: count,
    topHomeTenants: NAMED,
  }),
  legacyAuth: z.strictObject({
    signIns: count,
    succeeded: count,
    byClientApp: z.array(z.strictObject({ clientApp: z.string(), signIns: count, succeeded: count })),
    topApps: NAMED,
    topUsers: z.array(z.strictObject({ ...USER_REF, signIns: count, succeeded: count })),
    users: count,
    unknownClientApps: rawCounts,
  }),
  risk: z.strictObject({
    duringSignIn: countsOf(RISK_LEVELS, "unknown"),
    aggregated: countsOf(RISK_LEVELS, "unknown"),
    state: countsOf(RISK_STATES, "unknown"),
    unknownValues: rawCounts,
  }),
  locations: NAMED,
  operatingSystems: NAMED,
  browsers: NAMED,
  legacyMfaServer: z.strictObject({
    fraud: z.strictObject({ signIns: count, users: z.array(USER_WITH_EVENTS) }),
    blocked: z.strictObject({ signIns: count, users: z.array(USER_WITH_EVENTS) }),
    bypass: z.record(z.string(), z.strictObject({ signIns: count, users: count })),
    onPremises: exactly(
      ids(TOKEN_ISSUER_TYPES, "unknown"),
      z.strictObject({ signIns: count, succeeded: count, users: count }),
    ),
    unknownTokenIssuerTypes: rawCounts,
  }),
  registration: z.strictObject({
    source: z.string(),
    records: count,
    matched: count,
    unmatched: count,
    registeredWithoutSignIns: count,
    verdicts: z.strictObject({ ok: count, shortfall: count }),
    reasons: rawCounts,
    users: z.array(USER_VERDICT),
    unlisted: count,
  }).nullable(),
  capped: z.array(z.strictObject({
    list: z.string(),
    label: z.string(),
    shown: count,
    more: count.nullable(),
    moreCount: count.nullable(),
    pooledAs: z.string().nullable(),
  })),
  caveats: z.array(z.string()),
}).describe("entra-mfa-toolkit signins-report --format json (schema version 1)");
