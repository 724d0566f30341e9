/**
 * The I/O edge of the compliance report: reads the facts the policy's rules need, each from a
 * file or from Microsoft Graph, through one Graph client (one sign-in, one request budget)
 * created only if some part is read from Graph:
 *
 * - registration: `--registration-from FILE` or Graph's registration report (fallback: per-user methods);
 * - sign-ins: `--signins-from FILE…` or Graph beta sign-ins over the window;
 * - Conditional Access policies: `--ca-policies-from FILE` or `/identity/conditionalAccess/policies`.
 *
 * The policy's scope applies to registration and to sign-ins alike: accounts in the exclusion
 * list, and guests unless `includeGuests`, are left out of both.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { readSmallTextFile } from "../io/small_file.ts";
import { classifyUserType, type SignInEventType } from "../classify/mod.ts";
import { type GraphClient, listConditionalAccessPolicies } from "../graph/mod.ts";
import {
  type ExclusionList,
  findExclusion,
  type GraphSourceChoice,
  openGraphRegistrations,
  openRegistrationFile,
  type RegistrationRecord,
  type RegistrationScope,
  type RegistrationSource,
} from "../registration/mod.ts";
import type { MaxBadRows, SignIn } from "../signins/mod.ts";
import { collectSignIns, reportMetaOf, SignInAggregator, type SigninsReport } from "../signins_report/mod.ts";
import { type CaPolicyFact, caPolicyFromGraph, compareCaPolicies } from "./ca_policy.ts";
import { createRegistrationCollector, signInDigest } from "./facts.ts";
import type { ComplianceFacts } from "./facts.ts";
import { parseJsonc } from "../io/jsonc.ts";
import type { LaClientConfig } from "../log_analytics/client.ts";
import type { CompliancePolicy } from "./policy.ts";
import { policyNeeds } from "./policy.ts";

/** Notes and warnings for stderr. */
export interface CollectHooks {
  /** Context. */
  note(text: string): void;
  /** Something the reader should know. */
  warn(text: string): void;
}

/** What to read and how. */
export interface CollectOptions {
  /** The policy (its rules decide what is read; its scope applies). */
  policy: CompliancePolicy;
  /** The exclusion list read from `scope.excludeFile`. */
  exclusions: ExclusionList;
  /** The report clock. */
  now: Date;
  /** `--registration-from`. */
  registrationFrom?: string;
  /** `--source` for Graph registration. */
  source: GraphSourceChoice;
  /** `--signins-from` files (empty = Graph). */
  signInsFrom: readonly string[];
  /** `--signins-workspace`: the Log Analytics client settings (built at the command's edge), instead of Graph. */
  logAnalytics?: () => LaClientConfig;
  /** `--since`. */
  since?: string;
  /** `--until`. */
  until?: string;
  /** `--days`. */
  days?: number;
  /** `--event-types` (Graph default: interactive + non-interactive; workspace and files: all). */
  eventTypes?: readonly SignInEventType[];
  /** `--max-bad-rows` for `--signins-from` files. @default DEFAULT_MAX_BAD_ROWS */
  maxBadRows?: MaxBadRows;
  /** `--threads` for `--signins-from` files and Graph sign-in pages. @default 1 */
  threads?: number;
  /** `--ca-policies-from`. */
  caPoliciesFrom?: string;
  /** Builds the Graph client (the command's edge: options and environment); called once, when Graph is read. */
  createClient: () => Promise<GraphClient>;
  /** Stderr hooks. */
  hooks: CollectHooks;
}

/** The facts and the full reports behind them (for the Markdown sections). */
export interface CollectedFacts {
  /** The facts. */
  facts: ComplianceFacts;
  /** The sign-in report, when sign-ins were read. */
  signInsReport: SigninsReport | null;
  /** Whether Graph was used. */
  usedGraph: boolean;
}

/**
 * The registration scope a policy means: guests and disabled accounts per the policy, the
 * exclusion list, no admin or method filter.
 *
 * @example Usage
 * ```ts
 * import { registrationScopeOf } from "./collect.ts";
 * import { NO_EXCLUSIONS } from "../registration/mod.ts";
 * import assert from "node:assert/strict";
 * const s = registrationScopeOf({ scope: { excludeFile: null, includeGuests: false, includeDisabled: false } }, NO_EXCLUSIONS);
 * assert.equal(s.userType, "member");
 * assert.equal(s.includeDisabled, false);
 * ```
 */
export function registrationScopeOf(
  policy: Pick<CompliancePolicy, "scope">,
  exclusions: ExclusionList,
): RegistrationScope {
  return {
    userType: policy.scope.includeGuests ? "all" : "member",
    adminsOnly: false,
    includeDisabled: policy.scope.includeDisabled,
    exclusions,
    withMethods: [],
    withoutMethods: [],
  };
}

/**
 * The sign-in row filter of a policy's scope: excluded accounts (by UPN or user id) and, unless
 * guests are included, guest sign-ins; `null` when nothing is filtered.
 *
 * @example Usage
 * ```ts
 * import { signInScopeFilter } from "./collect.ts";
 * import { parseExclusionList } from "../registration/mod.ts";
 * import assert from "node:assert/strict";
 * const keep = signInScopeFilter({ scope: { excludeFile: "x", includeGuests: false, includeDisabled: false } },
 *   parseExclusionList("bg@contoso.example\n", "x"))!;
 * const row = { userPrincipalName: "ana@contoso.example", userId: "u1", userType: "Member" };
 * assert.equal(keep(row as never), true);
 * assert.equal(keep({ ...row, userPrincipalName: "BG@contoso.example" } as never), false);
 * assert.equal(keep({ ...row, userType: "Guest" } as never), false);
 * ```
 */
export function signInScopeFilter(
  policy: Pick<CompliancePolicy, "scope">,
  exclusions: ExclusionList,
): ((s: SignIn) => boolean) | null {
  const dropGuests = !policy.scope.includeGuests;
  if (!dropGuests && exclusions.entries.length === 0) return null;
  return (s) => {
    if (exclusions.entries.length > 0) {
      const user = { id: s.userId ?? "", userPrincipalName: s.userPrincipalName ?? "" };
      if (
        (user.id !== "" || user.userPrincipalName !== "") && findExclusion(exclusions, user) !== undefined
      ) {
        return false;
      }
    }
    if (dropGuests && s.userType !== null) {
      const c = classifyUserType(s.userType, s.userPrincipalName);
      if (c.kind === "known" && c.id === "guest") return false;
    }
    return true;
  };
}

/**
 * Reads a Conditional Access policy export: a JSON array of policy objects, or a Graph page
 * (`{ "value": [...] }`, e.g. from `az rest` or Graph Explorer).
 *
 * @throws {InputError} for unreadable files, bad JSON, or another shape
 *
 * @example Usage
 * ```ts
 * import { parseCaPoliciesExport } from "./collect.ts";
 * import assert from "node:assert/strict";
 * const p = parseCaPoliciesExport('{ "value": [{ "id": "p1", "displayName": "B", "state": "disabled" }, { "id": "p2", "displayName": "A", "state": "enabled" }] }', "ca.json");
 * assert.deepEqual(p.map((x) => x.id), ["p2", "p1"]);
 * assert.throws(() => parseCaPoliciesExport('{ "policies": [] }', "ca.json"), /ca\.json: Cannot read the Conditional Access policies: expected/);
 * ```
 */
export function parseCaPoliciesExport(text: string, file: string): CaPolicyFact[] {
  const v = parseJsonc(text, file, "Conditional Access policies").value;
  const items = Array.isArray(v)
    ? v
    : typeof v === "object" && v !== null && Array.isArray((v as Record<string, unknown>).value)
    ? (v as { value: unknown[] }).value
    : undefined;
  if (items === undefined) {
    throw new InputError(
      'Cannot read the Conditional Access policies: expected a JSON array of policies or a Graph page { "value": [...] }',
      { file },
    );
  }
  const out: CaPolicyFact[] = [];
  items.forEach((item, i) => {
    const p = typeof item === "object" && item !== null
      ? caPolicyFromGraph(item as Record<string, unknown>)
      : undefined;
    if (p === undefined) {
      throw new InputError(
        `Cannot read the Conditional Access policies: item ${i} has neither an "id" nor a "displayName"`,
        { file },
      );
    }
    out.push(p);
  });
  return out.sort(compareCaPolicies);
}

function readText(file: string, what: string): Promise<string> {
  return readSmallTextFile(file, { what });
}

/**
 * Reads every fact the policy needs.
 *
 * @throws {InputError} for bad input files; {@linkcode GraphError} for Graph failures
 *
 * @example Conditional Access policies from an export file (no Graph call)
 * ```ts
 * import { collectFacts } from "./collect.ts";
 * import { parsePolicy } from "./policy.ts";
 * import { NO_EXCLUSIONS } from "../registration/mod.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/ca.json`, JSON.stringify([{ id: "p1", displayName: "Block legacy", state: "enabled" }]));
 * const policy = parsePolicy('{ "rules": [{ "id": "ca", "check": "caPoliciesEnabled", "policies": [{ "name": "Block legacy" }] }] }', "c.jsonc");
 * const c = await collectFacts({ policy, exclusions: NO_EXCLUSIONS, now: new Date("2026-11-20T12:00:00Z"), source: "auto",
 *   signInsFrom: [], caPoliciesFrom: `${dir}/ca.json`, hooks: { note() {}, warn() {} },
 *   createClient: () => Promise.reject(new Error("no Graph in this example")) });
 * assert.deepEqual(c.facts.conditionalAccess?.map((p) => p.state), ["enabled"]);
 * assert.equal(c.facts.registration, null);
 * assert.equal(c.usedGraph, false);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function collectFacts(o: CollectOptions): Promise<CollectedFacts> {
  const needs = policyNeeds(o.policy);
  let client: GraphClient | undefined;
  const graph = async (): Promise<GraphClient> => client ??= await o.createClient();
  const facts: ComplianceFacts = { now: o.now, registration: null, signIns: null, conditionalAccess: null };
  let signInsReport: SigninsReport | null = null;

  if (needs.registration) {
    const scope = registrationScopeOf(o.policy, o.exclusions);
    let source: RegistrationSource;
    let records: AsyncGenerator<RegistrationRecord>;
    if (o.registrationFrom !== undefined) {
      const f = await openRegistrationFile(o.registrationFrom);
      source = f.source;
      records = f.records;
    } else {
      const g = await openGraphRegistrations(await graph(), { source: o.source, scope, hooks: o.hooks });
      source = g.source;
      records = g.records;
    }
    const collector = createRegistrationCollector({ semantics: o.policy.semantics, source, scope });
    for await (const r of records) collector.add(r);
    facts.registration = collector.facts();
    if (!facts.registration.summary.admins.known) {
      o.hooks.warn(
        "This registration source does not say who holds an admin role: admin rules cannot be evaluated " +
          "(Graph's registration report, with Entra ID P1/P2, has it)",
      );
    }
  }

  if (needs.conditionalAccess) {
    if (o.caPoliciesFrom !== undefined) {
      facts.conditionalAccess = parseCaPoliciesExport(
        await readText(o.caPoliciesFrom, "Conditional Access policies"),
        o.caPoliciesFrom,
      );
    } else {
      const out: CaPolicyFact[] = [];
      let skipped = 0;
      for await (const item of listConditionalAccessPolicies(await graph())) {
        const p = caPolicyFromGraph(item);
        if (p === undefined) skipped++;
        else out.push(p);
      }
      if (skipped > 0) {
        o.hooks.warn(`${skipped} Conditional Access polic(y/ies) had neither an id nor a name; left out`);
      }
      facts.conditionalAccess = out.sort(compareCaPolicies);
    }
  }

  if (needs.signIns) {
    const aggregator = new SignInAggregator();
    const scopeFilter = signInScopeFilter(o.policy, o.exclusions);
    const collected = await collectSignIns(aggregator, {
      input: o.signInsFrom.length > 0
        ? {
          files: o.signInsFrom,
          ...(o.maxBadRows !== undefined ? { maxBadRows: o.maxBadRows } : {}),
          ...(o.threads !== undefined ? { threads: o.threads } : {}),
        }
        : o.logAnalytics !== undefined
        ? { logAnalytics: o.logAnalytics() }
        : { graph, ...(o.threads !== undefined ? { threads: o.threads } : {}) },
      now: o.now,
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.until !== undefined ? { until: o.until } : {}),
      ...(o.days !== undefined ? { days: o.days } : {}),
      ...(o.eventTypes !== undefined ? { eventTypes: o.eventTypes } : {}),
      filter: scopeFilter,
    }, { warn: (t) => o.hooks.warn(t), note: (t) => o.hooks.note(t) });
    if (collected.badRows > 0) {
      o.hooks.warn(`${collected.badRows} sign-in row(s) could not be understood and were left out`);
    }
    signInsReport = aggregator.summary(
      reportMetaOf(collected, o.now, {
        caveats: scopeFilter === null ? [] : [
          "Sign-ins of accounts outside the compliance policy's scope (excluded accounts" +
          (o.policy.scope.includeGuests ? "" : ", guests") + ") are left out.",
        ],
      }),
    );
    facts.signIns = signInDigest(signInsReport);
  }
  return { facts, signInsReport, usedGraph: client !== undefined };
}
