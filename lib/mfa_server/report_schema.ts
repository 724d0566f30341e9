/**
 * The schema of `mfa-server-report --format json` (schema version 1), next to its builder
 * (`render_json.ts`): `schemas/mfa-server-report.schema.json` is generated from it, and a test
 * checks real task output against both.
 *
 * @module
 */
import { z } from "zod";
import { MFA_SERVER_CALL_RESULTS, MFA_SERVER_CHANNELS } from "../classify/mfa_server_call_result.ts";
import { CSV_DELIMITERS } from "../io/csv_records.ts";
import { TEXT_ENCODING } from "../io/decode.ts";
import { MFA_SERVER_COLUMNS } from "./columns.ts";
import { MFA_SERVER_REPORT_SCHEMA_VERSION } from "./render_json.ts";

const count = z.int().min(0);
const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [string, ...string[]];
const code = z.enum(keys(MFA_SERVER_CALL_RESULTS));
const iso = z.iso.datetime();
const OUTCOMES = { rows: count, allowed: count, denied: count, pending: count, depends: count };
const RANKED = z.array(z.strictObject({ user: z.string(), count, rows: count, topCode: code }));
const MORE = z.strictObject({ users: count, count });
const GROUP = z.strictObject({
  count,
  codes: z.array(z.strictObject({ code, count })),
  topUsers: RANKED,
  moreUsers: MORE,
});
const EVENTS = z.strictObject({
  count,
  listed: z.array(z.strictObject({
    kind: z.enum(["fraud", "blocked", "bypass"]),
    code,
    file: z.string(),
    line: count,
    user: z.string().optional(),
    when: iso.optional(),
    whenRaw: z.string().optional(),
    method: z.string().optional(),
    application: z.string().optional(),
    ip: z.string().optional(),
    phone: z.string().optional(),
  })),
});

/** `mfa-server-report --format json`, schema version 1. */
export const MFA_SERVER_REPORT_SCHEMA = z.strictObject({
  schemaVersion: z.literal(MFA_SERVER_REPORT_SCHEMA_VERSION),
  report: z.literal("mfa-server-activity"),
  timeZone: z.literal("UTC"),
  totals: z.strictObject({ ...OUTCOMES, unknown: count, badRows: count }),
  codes: z.partialRecord(code, count),
  unknownCodes: z.array(z.strictObject({ value: z.string(), count, firstSeen: z.string() })),
  channels: z.strictObject(
    Object.fromEntries(keys(MFA_SERVER_CHANNELS).map((k) => [k, count])) as Record<string, typeof count>,
  ),
  outcomesByChannel: z.array(z.strictObject({ channel: z.enum(keys(MFA_SERVER_CHANNELS)), ...OUTCOMES })),
  users: z.strictObject({ distinct: count, rowsWithoutUser: count, topDenied: RANKED, moreDenied: MORE }),
  fraud: EVENTS,
  blocked: EVENTS,
  bypass: EVENTS,
  cache: GROUP,
  notReached: GROUP,
  days: z.array(z.strictObject({ day: z.iso.date(), ...OUTCOMES, unknown: count })),
  timestamps: z.strictObject({
    parsed: count,
    invalid: count,
    missing: count,
    first: iso.optional(),
    last: iso.optional(),
    invalidExamples: z.array(z.strictObject({ value: z.string(), file: z.string(), line: count })),
  }),
  files: z.array(z.strictObject({
    file: z.string(),
    format: z.enum(["csv", "codeList"]),
    encoding: z.enum(Object.values(TEXT_ENCODING) as [string, ...string[]]),
    delimiter: z.enum(CSV_DELIMITERS).optional(),
    columns: z.partialRecord(z.enum(keys(MFA_SERVER_COLUMNS)), z.string()),
    rows: count,
    badRows: count,
  })),
  badRowExamples: z.array(z.strictObject({ file: z.string(), line: count, reason: z.string() })),
}).describe("entra-mfa-toolkit mfa-server-report --format json (schema version 1)");
