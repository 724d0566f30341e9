/**
 * Report section "Conditional Access": the sign-ins' CA status, whether per-policy detail is
 * visible, and per policy its results and the grant and session controls it enforced.
 *
 * @module
 */
import {
  CA_POLICY_RESULTS,
  CA_STATUSES,
  type CaPolicyResult,
  type CaStatus,
  classifyCaGrantControl,
  classifyCaPolicyResult,
  classifyCaSessionControl,
  classifyCaStatus,
  labelCaStatus,
} from "../../classify/mod.ts";
import { markdownCallout, markdownHeading, markdownTable, mermaidPie } from "../../report/mod.ts";
import { type AppliedConditionalAccessPolicy, sameStrings, type SignIn } from "../../signins/mod.ts";
import { memoText } from "../_memo.ts";
import { CountMap, OVERFLOW_KEY } from "../../report/count_map.ts";
import type { CaPolicySummary, SigninsReport } from "../report.ts";
import { controlLabel, pct, unknownLabel, unknownResultCell } from "./_markdown.ts";
import {
  addSlotCounts,
  countsRecord,
  keysOf,
  recordKeys,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
  zeroRecord,
} from "./section.ts";

interface PolicyAgg {
  displayName: string;
  /** Whether a sign-in gave the policy's name (`displayName` is otherwise its key). */
  named: boolean;
  /** Sign-ins per result, in the order of {@linkcode RESULT_KEYS} (a record only in the summary). */
  results: number[];
  unknownResults: CountMap;
  grant: Set<string>;
  session: Set<string>;
  /**
   * Known result texts seen for the policy and their indexes in {@linkcode RESULT_KEYS}, the
   * last one first (a policy gives a handful of results; these skip the memo's lookup).
   */
  rawResults: string[];
  rawResultIdx: number[];
  /** The last control lists seen (only a different list is classified again). */
  lastGrant: readonly string[];
  lastSession: readonly string[];
}

const NO_CONTROLS: readonly string[] = Object.freeze([]);

/** The result keys in the record's order (that of {@linkcode zeroRecord}): the known ones, then "unknown". */
const RESULT_KEYS = Object.keys(zeroRecord(keysOf(CA_POLICY_RESULTS))) as (CaPolicyResult | "unknown")[];
const UNKNOWN_RESULT = RESULT_KEYS.indexOf("unknown");
/** Known result texts cached per policy. */
const RAW_RESULTS_CACHED = 4;
/** Shared policy entries whose counting is remembered. */
const ENTRIES_CACHED = 8192;

/** Where one shared (frozen) policy entry is counted: its policy's row and its result's index. */
interface EntryMemo {
  readonly agg: PolicyAgg;
  readonly idx: number;
}

/** The counts as the report's record. */
function resultRecord(counts: readonly number[]): Record<CaPolicyResult | "unknown", number> {
  const out = {} as Record<CaPolicyResult | "unknown", number>;
  for (let i = 0; i < RESULT_KEYS.length; i++) out[RESULT_KEYS[i]!] = counts[i]!;
  return out;
}

/** Display name of the row that pools Conditional Access policies beyond the distinct-key cap. */
export const OTHER_POLICIES = "(other policies)";

function newPolicyAgg(displayName: string, named = true): PolicyAgg {
  return {
    displayName,
    named,
    results: RESULT_KEYS.map(() => 0),
    unknownResults: new CountMap(100),
    grant: new Set(),
    session: new Set(),
    rawResults: [],
    rawResultIdx: [],
    lastGrant: NO_CONTROLS,
    lastSession: NO_CONTROLS,
  };
}

/** Adds `b` (later sign-ins) to `a`: counts, controls, and `b`'s name when it had one. */
function mergePolicyAgg(a: PolicyAgg, b: PolicyAgg, rename: boolean): void {
  if (rename && b.named) {
    a.displayName = b.displayName;
    a.named = true;
  }
  for (let i = 0; i < a.results.length; i++) a.results[i]! += b.results[i]!;
  a.unknownResults.merge(b.unknownResults);
  for (const g of b.grant) if (a.grant.size < 50) a.grant.add(g);
  for (const g of b.session) if (a.session.size < 50) a.session.add(g);
  a.lastGrant = b.lastGrant;
  a.lastSession = b.lastSession;
}

const grantOf = memoText((s) => {
  const c = classifyCaGrantControl(s);
  return c.kind === "known" ? c.id : `unknown:${s}`;
});
const sessionOf = memoText((s) => {
  const c = classifyCaSessionControl(s);
  return c.kind === "known" ? c.id : `unknown:${s}`;
});
/** A result text's index in {@linkcode RESULT_KEYS}. */
const caResultOf = memoText((s) => {
  const r = classifyCaPolicyResult(s);
  return r.kind === "known" ? RESULT_KEYS.indexOf(r.id) : UNKNOWN_RESULT;
});
/** CA statuses in the order of the report's record (the known ones, "notGiven", "unknown"): a status's slot. */
const STATUS_KEYS = recordKeys([...keysOf(CA_STATUSES), "notGiven" as const]);
const NOT_GIVEN = STATUS_KEYS.indexOf("notGiven"), UNKNOWN_STATUS = STATUS_KEYS.indexOf("unknown");
/** A status text's slot (-1: not recognised). */
const caStatusOf = memoText((s) => {
  const c = classifyCaStatus(s);
  return c.kind === "known" ? STATUS_KEYS.indexOf(c.id) : -1;
});

/** The section's part of the report. */
export type ConditionalAccessPart = SigninsReport["conditionalAccess"];

/** CA status and per-policy counts. */
export class ConditionalAccessSection implements ReportSection<ConditionalAccessPart> {
  /** Sign-ins per CA status, by slot (the order of the report's record). */
  readonly status: number[] = STATUS_KEYS.map(() => 0);
  readonly unknownStatus: CountMap;
  withStatus = 0;
  withDetail = 0;
  readonly policies: Map<string, PolicyAgg> = new Map();
  /** Policies beyond the cap, pooled in one row. */
  policyOverflow: PolicyAgg | undefined;
  /**
   * The policy seen last at each list position, and the shared entry last counted there by its
   * memo (a cache, not state): consecutive sign-ins mostly list the same entries in the same
   * order, so a comparison by identity replaces most lookups in {@linkcode #entries}.
   */
  readonly #slots: { key: string; agg: PolicyAgg; entry: object | null; memo: EntryMemo | null }[] = [];
  /**
   * Shared policy entries (frozen objects the sign-in reader hands out once per distinct entry)
   * and where they were counted (a cache, not state).
   */
  readonly #entries = new Map<AppliedConditionalAccessPolicy, EntryMemo>();
  readonly #maxKeys: number;
  /** The last known status text and its id (a cache, not state). */
  #lastStatusRaw: string | null = null;
  #lastStatusSlot = 0;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.#maxKeys = limits.maxKeys;
    this.unknownStatus = new CountMap(limits.small);
  }

  /** Counts one sign-in. */
  add({ s }: SignInInput, n = 1): void {
    const raw = s.conditionalAccessStatus;
    if (raw === null) this.status[NOT_GIVEN]! += n;
    else if (raw === this.#lastStatusRaw) {
      // consecutive sign-ins mostly repeat the status: skip the memo's lookup
      this.withStatus += n;
      this.status[this.#lastStatusSlot]! += n;
    } else {
      this.withStatus += n;
      const slot = caStatusOf(raw);
      if (slot >= 0) {
        this.status[slot]! += n;
        this.#lastStatusRaw = raw;
        this.#lastStatusSlot = slot;
      } else {
        this.status[UNKNOWN_STATUS]! += n;
        this.unknownStatus.add(raw, n);
      }
    }
    this.#addPolicies(s, n);
  }

  #addPolicies(s: SignIn, n: number): void {
    const list = s.appliedConditionalAccessPolicies;
    if (list === null) return;
    this.withDetail += n;
    const slots = this.#slots;
    const entries = this.#entries;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      const slot = i < slots.length ? slots[i]! : undefined;
      const memo = slot !== undefined && slot.entry === p ? slot.memo! : entries.get(p);
      if (memo !== undefined && (p.displayName === null || p.displayName === memo.agg.displayName)) {
        // the same entry again: its name, result and controls were taken the first time
        memo.agg.results[memo.idx]! += n;
        if (slot !== undefined) {
          slot.entry = p;
          slot.memo = memo;
        }
        continue;
      }
      const key = p.id ?? p.displayName ?? "(no id)";
      // Sign-ins list the policies in the same order: try the policy seen at this position last time.
      let agg = slot !== undefined && slot.key === key ? slot.agg : this.policies.get(key);
      if (agg === undefined) {
        if (this.policies.size >= this.#maxKeys) {
          // Beyond the memory cap: pooled in one "(other policies)" row, never dropped.
          agg = this.policyOverflow ??= newPolicyAgg(OTHER_POLICIES);
        } else {
          agg = newPolicyAgg(p.displayName ?? key, p.displayName !== null);
          this.policies.set(key, agg);
        }
      } else if (p.displayName !== null && p.displayName !== agg.displayName) {
        agg.displayName = p.displayName;
        agg.named = true;
      } else if (p.displayName !== null) agg.named = true;
      if (slot !== undefined) {
        slot.key = key;
        slot.agg = agg;
        slot.entry = null;
      } else if (slots.length < 256) slots.push({ key, agg, entry: null, memo: null });
      const raw = p.result;
      const cached = agg.rawResults;
      let at = -1;
      if (raw !== null) {
        for (let j = 0; j < cached.length; j++) {
          if (cached[j] === raw) {
            at = j;
            break;
          }
        }
      }
      let idx: number;
      if (at >= 0) idx = agg.rawResultIdx[at]!;
      else {
        idx = caResultOf(raw);
        if (idx === UNKNOWN_RESULT) agg.unknownResults.add(raw ?? "(not given)", n);
        else if (cached.length < RAW_RESULTS_CACHED) {
          cached.push(raw!);
          agg.rawResultIdx.push(idx);
        }
      }
      agg.results[idx]! += n;
      if (
        memo === undefined && idx !== UNKNOWN_RESULT && entries.size < ENTRIES_CACHED && Object.isFrozen(p)
      ) {
        const m = { agg, idx };
        entries.set(p, m);
        if (i < slots.length) {
          slots[i]!.entry = p;
          slots[i]!.memo = m;
        }
      }
      if (!sameStrings(p.enforcedGrantControls, agg.lastGrant)) {
        agg.lastGrant = p.enforcedGrantControls;
        for (const g of p.enforcedGrantControls) if (agg.grant.size < 50) agg.grant.add(grantOf(g));
      }
      if (!sameStrings(p.enforcedSessionControls, agg.lastSession)) {
        agg.lastSession = p.enforcedSessionControls;
        for (const g of p.enforcedSessionControls) if (agg.session.size < 50) agg.session.add(sessionOf(g));
      }
    }
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: ConditionalAccessSection): void {
    addSlotCounts(this.status, o.status);
    this.unknownStatus.merge(o.unknownStatus);
    this.withStatus += o.withStatus;
    this.withDetail += o.withDetail;
    for (const [key, agg] of o.policies) {
      const mine = this.policies.get(key);
      if (mine !== undefined) mergePolicyAgg(mine, agg, true);
      else if (this.policies.size < this.#maxKeys) this.policies.set(key, agg);
      else mergePolicyAgg(this.policyOverflow ??= newPolicyAgg(OTHER_POLICIES), agg, false);
    }
    if (o.policyOverflow !== undefined) {
      mergePolicyAgg(this.policyOverflow ??= newPolicyAgg(OTHER_POLICIES), o.policyOverflow, false);
    }
  }

  /** The section's part of the report. */
  summary(ctx: SummaryContext): ConditionalAccessPart {
    const policies: CaPolicySummary[] = [...this.policies].map(([id, p]) => {
      return {
        id,
        displayName: p.displayName,
        results: resultRecord(p.results),
        unknownResults: p.unknownResults.toRecord(),
        grantControls: [...p.grant].sort(),
        sessionControls: [...p.session].sort(),
      };
    }).sort((a, b) =>
      (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0) || (a.id < b.id ? -1 : 1)
    );
    const overflow = this.policyOverflow;
    if (overflow !== undefined) {
      const pooledResults = overflow.results.reduce((n, v) => n + v, 0);
      ctx.capped({
        list: "conditionalAccess.policies",
        label: `Conditional Access policies (more than ${this.#maxKeys.toLocaleString("en-US")} distinct)`,
        shown: policies.length,
        more: null,
        moreCount: pooledResults,
        pooledAs: OTHER_POLICIES,
      });
      policies.push({
        id: OVERFLOW_KEY,
        displayName: OTHER_POLICIES,
        results: resultRecord(overflow.results),
        unknownResults: overflow.unknownResults.toRecord(),
        grantControls: [...overflow.grant].sort(),
        sessionControls: [...overflow.session].sort(),
      });
    }
    const detail = this.withDetail > 0 ? "visible" : this.withStatus > 0 ? "hidden" : "undetermined";
    return {
      status: countsRecord(STATUS_KEYS, this.status),
      unknownStatus: this.unknownStatus.toRecord(),
      detail,
      signInsWithDetail: this.withDetail,
      policies,
    };
  }
}

/** The section in Markdown. */
export function caMarkdown(r: SigninsReport): string[] {
  const ca = r.conditionalAccess;
  const status = Object.entries(ca.status) as [CaStatus | "unknown" | "notGiven", number][];
  const total = status.reduce((a, [, v]) => a + v, 0);
  const label = (k: CaStatus | "unknown" | "notGiven") =>
    k === "notGiven"
      ? "Not in the data"
      : k === "unknown"
      ? unknownLabel("Unknown status", ca.unknownStatus)
      : labelCaStatus(k);
  const out = [
    markdownHeading(2, "Conditional Access"),
    markdownTable(
      ["Conditional Access status", "Sign-ins", "Share"],
      status.filter(([, v]) => v > 0).map(([k, v]) => [label(k), v, pct(v, total)]),
    ),
    mermaidPie(
      "Conditional Access status",
      status.map(([k, v]) => [k === "unknown" ? "Unknown status" : label(k), v]),
    ),
  ];
  if (ca.detail === "hidden") {
    // Sign-ins carry a CA status but never per-policy results: the permission is the likely cause.
    out.push(markdownCallout("warning", [
      "CA detail not visible: the sign-ins carry no per-policy results, so the table below is empty. " +
      "With Graph, grant Policy.Read.All (or Policy.Read.ConditionalAccess) besides AuditLog.Read.All.",
    ]));
  } else if (ca.detail !== "visible" && total > 0) {
    out.push(markdownCallout("note", [
      "The sign-ins carry no per-policy Conditional Access results, so the table below is empty.",
    ]));
  }
  const col = (p: (typeof ca.policies)[number], k: CaPolicyResult) => p.results[k];
  out.push(
    markdownHeading(3, "Per policy"),
    "Applied = success + failure. Report-only columns say what the policy would have done.\n",
    markdownTable(
      [
        "Policy",
        "Applied: success",
        "Applied: failure",
        "Not applied",
        "Disabled",
        "Report-only: satisfied",
        "Report-only: would block",
        "Report-only: would interrupt",
        "Report-only: not applied",
        "Unknown result",
        "Grant controls",
        "Session controls",
      ],
      ca.policies.map((p) => [
        p.displayName,
        col(p, "success"),
        col(p, "failure"),
        col(p, "notApplied"),
        col(p, "notEnabled"),
        col(p, "reportOnlySuccess"),
        col(p, "reportOnlyFailure"),
        col(p, "reportOnlyInterrupted"),
        col(p, "reportOnlyNotApplied"),
        unknownResultCell(p.results.indeterminate, p.results.unknown, p.unknownResults),
        p.grantControls.map((g) => controlLabel(g, "grant")).join("; "),
        p.sessionControls.map((g) => controlLabel(g, "session")).join("; "),
      ]),
    ),
  );
  return out;
}
