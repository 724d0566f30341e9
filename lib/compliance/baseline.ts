/**
 * `--baseline previous.json`: what changed since the last run's JSON. Users are compared by
 * UPN (case-insensitive) among the users in scope in both runs:
 *
 * - **lost MFA registration**: registered in the baseline, not registered now;
 * - **newly registered**: not registered in the baseline, registered now;
 * - **new / resolved admins without MFA** (and without a phishing-resistant method);
 * - **rates** (registered, capable, phishing-resistant, SMS/voice-only) in percentage points;
 * - **rules** whose status or actual value changed, plus rules added or removed.
 *
 * Every list is sorted by UPN, so the section diffs cleanly in pull requests.
 *
 * ```text
 * "changes": {
 *   "baseline": { "file", "generatedAt" },
 *   "rules": [{ "id", "before": status|null, "after": status|null, "beforeActual": n|null, "afterActual": n|null }],
 *   "rates": [{ "metric", "before": n|null, "after": n|null, "changePoints": n|null }],
 *   "lostMfaRegistration": [upn…], "newlyRegistered": [upn…],
 *   "newAdminsWithoutMfa": [upn…], "resolvedAdminsWithoutMfa": [upn…],
 *   "newAdminsWithoutPhishingResistant": [upn…], "resolvedAdminsWithoutPhishingResistant": [upn…],
 *   "usersAdded": n, "usersRemoved": n,
 *   "caveats": [string…]
 * }
 * ```
 *
 * @module
 */
import { z } from "zod";
import { compareUpn } from "../registration/mod.ts";
import { RULE_STATUSES, type RuleStatus } from "./checks.ts";
import { parseJsonc } from "../io/jsonc.ts";
import { atParent, validateDocument } from "../io/schema_issue.ts";
import {
  COMPLIANCE_REPORT_SCHEMA_VERSION,
  type ComplianceReportJson,
  RATE_METRICS,
  type RegistrationRates,
} from "./report_json.ts";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const actualOf = (v: unknown): number | null => typeof v === "number" && Number.isFinite(v) ? v : null;
/** An object when it is one, else `{}` (what the diff reads of it is optional). */
const objectOr = z.unknown().optional().transform((v) => isObject(v) ? v : {});

const UPNS = z.array(z.string({ error: "expected a user principal name" }), {
  error: "expected an array of user principal names",
});

const REGISTRATION = z.object({
  semantics: z.unknown().optional().transform((v) => typeof v === "string" ? v : "modern"),
  scope: objectOr,
  rates: objectOr.transform((rates) =>
    Object.fromEntries(Object.keys(RATE_METRICS).map((k) => [k, actualOf(rates[k])])) as Partial<
      Record<keyof RegistrationRates, number | null>
    >
  ),
  users: z.object({ registered: UPNS, notRegistered: UPNS }, {
    error: "expected { registered, notRegistered } lists",
  }),
  admins: objectOr.pipe(z.object({
    known: z.unknown().optional().transform((v) => v === true),
    withoutMfa: UPNS.default([]),
    withoutPhishingResistant: UPNS.default([]),
  })),
}, { error: "expected an object or null" }).transform(({ users, admins, ...r }) => ({
  ...r,
  ...users,
  admins,
}));

/** What the diff reads of a previous run's JSON (the fields it needs; the rest is ignored). */
const BASELINE = z.object({
  schemaVersion: z.literal(COMPLIANCE_REPORT_SCHEMA_VERSION, {
    error: (iss) =>
      iss.input === undefined
        ? atParent(
          `expected ${COMPLIANCE_REPORT_SCHEMA_VERSION} (a compliance-report --json file), got no schemaVersion`,
        )
        : `expected ${COMPLIANCE_REPORT_SCHEMA_VERSION} (a compliance-report --json file), got ${
          JSON.stringify(iss.input)
        }`,
  }),
  generatedAt: z.string({ error: "expected the report time as text" }),
  rules: z.array(
    z.object({
      id: z.string({ error: atParent('expected a rule result with an "id"') }),
      status: z.enum(Object.keys(RULE_STATUSES) as [RuleStatus, ...RuleStatus[]], {
        error: "expected pass, warn or fail",
      }),
      actual: z.unknown().optional().transform(actualOf),
    }, { error: 'expected a rule result with an "id"' }),
    { error: "expected an array of rule results" },
  ),
  registration: REGISTRATION.nullish().transform((r) => r ?? null),
}, { error: "expected a JSON object written by compliance-report --json" });

/** What the diff reads of a previous run's JSON. */
export type BaselineDoc = Omit<z.output<typeof BASELINE>, "schemaVersion"> & {
  /** The file it was read from. */
  file: string;
};

/** The "what changed" section. */
export interface BaselineChanges {
  /** The baseline read. */
  baseline: { file: string; generatedAt: string };
  /** Rules whose status or actual value changed, in the current policy's order, then removed rules. */
  rules: {
    id: string;
    before: RuleStatus | null;
    after: RuleStatus | null;
    beforeActual: number | null;
    afterActual: number | null;
  }[];
  /** Registration rates, in percentage points. */
  rates: {
    metric: keyof RegistrationRates;
    before: number | null;
    after: number | null;
    changePoints: number | null;
  }[];
  /** Registered in the baseline, not registered now. */
  lostMfaRegistration: string[];
  /** Not registered in the baseline, registered now. */
  newlyRegistered: string[];
  /** Admins without MFA now who were not in the baseline's list. */
  newAdminsWithoutMfa: string[];
  /** Admins without MFA in the baseline who are no longer in the list. */
  resolvedAdminsWithoutMfa: string[];
  /** Admins without a phishing-resistant method now who were not in the baseline's list. */
  newAdminsWithoutPhishingResistant: string[];
  /** Admins in the baseline's list who are no longer in it. */
  resolvedAdminsWithoutPhishingResistant: string[];
  /** In-scope users now who were not in scope in the baseline. */
  usersAdded: number;
  /** In-scope users of the baseline who are not in scope now. */
  usersRemoved: number;
  /** What limits the comparison (different semantics or scope, missing data). */
  caveats: string[];
}

/**
 * Reads a previous run's JSON (`--json` output of `compliance-report`).
 *
 * @throws {InputError} when the file is not JSON, not schema version 1, or lacks the fields the diff needs
 *
 * @example Usage
 * ```ts
 * import { parseBaseline } from "./baseline.ts";
 * import assert from "node:assert/strict";
 * const b = parseBaseline(JSON.stringify({ schemaVersion: 1, generatedAt: "2026-11-19T12:00:00.000Z",
 *   rules: [{ id: "r", status: "pass", actual: 0 }], registration: null }), "prev.json");
 * assert.deepEqual(b.rules, [{ id: "r", status: "pass", actual: 0 }]);
 * assert.throws(() => parseBaseline('{ "schemaVersion": 2 }', "prev.json"),
 *   /^InputError: prev\.json:1:20: Cannot use the baseline: schemaVersion: expected 1 \(a compliance-report --json file\), got 2$/);
 * ```
 */
export function parseBaseline(text: string, file: string): BaselineDoc {
  const doc = parseJsonc(text, file, "baseline");
  const { schemaVersion: _, ...b } = validateDocument(BASELINE, doc, file, "Cannot use the baseline");
  return { file, ...b };
}

function keyed(list: readonly string[]): Map<string, string> {
  return new Map(list.map((u) => [u.toLowerCase(), u]));
}

/** Entries of `now` whose key is not in `before`, sorted. */
function added(before: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): string[] {
  return [...now].filter(([k]) => !before.has(k)).map(([, u]) => u).sort(compareUpn);
}

function points(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : Math.round((after - before) * 100) / 100;
}

/**
 * Compares the current report with a baseline.
 *
 * @example One user lost registration, one admin is new without MFA
 * ```ts
 * import { diffBaseline, parseBaseline } from "./baseline.ts";
 * import assert from "node:assert/strict";
 * const prev = parseBaseline(JSON.stringify({ schemaVersion: 1, generatedAt: "2026-11-19T12:00:00.000Z",
 *   rules: [{ id: "admins", status: "pass", actual: 0 }],
 *   registration: { semantics: "modern", rates: { mfaRegistered: 100 }, admins: { known: true, withoutMfa: [] },
 *     users: { registered: ["Ana@contoso.example", "bo@contoso.example"], notRegistered: [] } } }), "prev.json");
 * const current = { generatedAt: "2026-11-20T12:00:00.000Z", policy: { scope: {} },
 *   rules: [{ id: "admins", status: "fail" as const, actual: 1 }],
 *   registration: { semantics: "modern" as const, scope: {}, rates: { mfaRegistered: 50, mfaCapable: 50, phishingResistant: 0, phoneOnly: 0 },
 *     admins: { known: true, withoutMfa: ["ana@contoso.example"], withoutPhishingResistant: [] },
 *     users: { registered: ["bo@contoso.example"], notRegistered: ["ana@contoso.example"] } } };
 * const c = diffBaseline(prev, current);
 * assert.deepEqual(c.lostMfaRegistration, ["ana@contoso.example"]);
 * assert.deepEqual(c.newAdminsWithoutMfa, ["ana@contoso.example"]);
 * assert.deepEqual(c.rules, [{ id: "admins", before: "pass", after: "fail", beforeActual: 0, afterActual: 1 }]);
 * assert.equal(c.rates[0]?.changePoints, -50);
 * ```
 */
export function diffBaseline(
  prev: BaselineDoc,
  current: {
    generatedAt: string;
    rules: readonly { id: string; status: RuleStatus; actual: number | null }[];
    registration:
      | (Pick<NonNullable<ComplianceReportJson["registration"]>, "semantics" | "rates" | "users"> & {
        scope: object;
        admins: {
          known: boolean;
          withoutMfa: readonly string[];
          withoutPhishingResistant: readonly string[];
        };
      })
      | null;
  },
): BaselineChanges {
  const caveats: string[] = [];
  const rules: BaselineChanges["rules"] = [];
  const before = new Map(prev.rules.map((r) => [r.id, r]));
  for (const r of current.rules) {
    const b = before.get(r.id);
    before.delete(r.id);
    if (b === undefined) {
      rules.push({ id: r.id, before: null, after: r.status, beforeActual: null, afterActual: r.actual });
    } else if (b.status !== r.status || b.actual !== r.actual) {
      rules.push({
        id: r.id,
        before: b.status,
        after: r.status,
        beforeActual: b.actual,
        afterActual: r.actual,
      });
    }
  }
  for (const b of [...before.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    rules.push({ id: b.id, before: b.status, after: null, beforeActual: b.actual, afterActual: null });
  }
  const changes: BaselineChanges = {
    baseline: { file: prev.file, generatedAt: prev.generatedAt },
    rules,
    rates: [],
    lostMfaRegistration: [],
    newlyRegistered: [],
    newAdminsWithoutMfa: [],
    resolvedAdminsWithoutMfa: [],
    newAdminsWithoutPhishingResistant: [],
    resolvedAdminsWithoutPhishingResistant: [],
    usersAdded: 0,
    usersRemoved: 0,
    caveats,
  };
  const p = prev.registration, c = current.registration;
  if (p === null || c === null) {
    if (p !== null || c !== null) {
      caveats.push(
        `Registration data was read in ${
          p === null ? "this run only" : "the baseline only"
        }: users are not compared.`,
      );
    }
    return changes;
  }
  if (p.semantics !== c.semantics) {
    caveats.push(`The baseline counted registration as ${p.semantics}, this run as ${c.semantics}.`);
  }
  if (JSON.stringify(p.scope) !== JSON.stringify(c.scope)) {
    caveats.push(
      "The baseline's registration scope differs from this run's: some changes may come from the scope.",
    );
  }
  for (const metric of Object.keys(RATE_METRICS) as (keyof RegistrationRates)[]) {
    const b = p.rates[metric] ?? null, a = c.rates[metric];
    changes.rates.push({ metric, before: b, after: a, changePoints: points(b, a) });
  }
  const pReg = keyed(p.registered), pNot = keyed(p.notRegistered);
  const cReg = keyed(c.users.registered), cNot = keyed(c.users.notRegistered);
  changes.lostMfaRegistration = [...cNot].filter(([k]) => pReg.has(k)).map(([, u]) => u).sort(compareUpn);
  changes.newlyRegistered = [...cReg].filter(([k]) => pNot.has(k)).map(([, u]) => u).sort(compareUpn);
  const pAll = new Set([...pReg.keys(), ...pNot.keys()]);
  const cAll = new Set([...cReg.keys(), ...cNot.keys()]);
  changes.usersAdded = [...cAll].filter((k) => !pAll.has(k)).length;
  changes.usersRemoved = [...pAll].filter((k) => !cAll.has(k)).length;
  if (p.admins.known && c.admins.known) {
    const pw = keyed(p.admins.withoutMfa), cw = keyed(c.admins.withoutMfa);
    changes.newAdminsWithoutMfa = added(pw, cw);
    changes.resolvedAdminsWithoutMfa = added(cw, pw);
    const pp = keyed(p.admins.withoutPhishingResistant), cp = keyed(c.admins.withoutPhishingResistant);
    changes.newAdminsWithoutPhishingResistant = added(pp, cp);
    changes.resolvedAdminsWithoutPhishingResistant = added(cp, pp);
  } else {
    caveats.push("Admin roles are not known in both runs: admins are not compared.");
  }
  return changes;
}
