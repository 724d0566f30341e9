/**
 * Report section "Cross-tenant access": same vs other home tenant, access types, and the home
 * tenants of cross-tenant sign-ins.
 *
 * @module
 */
import {
  classifyCrossTenantAccessType,
  classifyTenancy,
  CROSS_TENANT_ACCESS_TYPES,
  type CrossTenantAccessType,
  labelCrossTenantAccessType,
} from "../../classify/mod.ts";
import { type Cell, formatNumber, markdownHeading, markdownTable } from "../../report/mod.ts";
import { memoText } from "../_memo.ts";
import { CountMap } from "../../report/count_map.ts";
import type { SigninsReport } from "../report.ts";
import { moreRows, unknownLabel } from "./_markdown.ts";
import {
  addSlotCounts,
  countsRecord,
  keysOf,
  named,
  recordKeys,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
} from "./section.ts";

/** Access types in the order of the report's record: a type's slot in the counts. */
const ACCESS_KEYS = recordKeys(keysOf(CROSS_TENANT_ACCESS_TYPES));
const UNKNOWN_ACCESS = ACCESS_KEYS.indexOf("unknown");
/** Tenancies in the order of the report's record. */
const TENANCY_KEYS = ["sameTenant", "crossTenant", "unknown"] as const;
const SAME_TENANT = 0, CROSS_TENANT = 1;

/** An access type text's flags as slots, and its parts not recognised (null: the text is not recognised). */
const crossTenantOf = memoText((s) => {
  const c = classifyCrossTenantAccessType(s);
  return c.kind === "unknown" ? null : {
    slots: c.flags.map((f) => ACCESS_KEYS.indexOf(f)),
    unknownParts: c.unknownParts,
  };
});

/** The section's part of the report. */
export type CrossTenantPart = SigninsReport["crossTenant"];

/** Tenancy and access-type counts. */
export class CrossTenantSection implements ReportSection<CrossTenantPart> {
  /** Sign-ins per tenancy, by slot: same tenant, cross-tenant, unknown. */
  readonly tenancy: number[] = [0, 0, 0];
  /** Sign-ins per access type, by slot (the order of the report's record). */
  readonly accessTypes: number[] = ACCESS_KEYS.map(() => 0);
  readonly unknownAccessTypes: CountMap;
  crossSucceeded = 0;
  readonly homeTenants: CountMap;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.unknownAccessTypes = new CountMap(limits.small);
    this.homeTenants = new CountMap(limits.maxKeys);
  }

  /** Counts one sign-in. */
  add({ s, success }: SignInInput, n = 1): void {
    const home = s.homeTenantId, resource = s.resourceTenantId;
    const t = home !== null && home === resource && home !== "" ? SAME_TENANT : this.#tenancy(home, resource);
    this.tenancy[t]! += n;
    if (t === CROSS_TENANT) {
      if (success) this.crossSucceeded += n;
      this.homeTenants.add(s.homeTenantName ?? s.homeTenantId ?? "(unknown)", n);
    }
    const raw = s.crossTenantAccessType;
    if (raw === null) return;
    const c = crossTenantOf(raw);
    const counts = this.accessTypes;
    if (c === null) {
      counts[UNKNOWN_ACCESS]! += n;
      this.unknownAccessTypes.add(raw, n);
      return;
    }
    const slots = c.slots;
    for (let i = 0; i < slots.length; i++) counts[slots[i]!]! += n;
    if (c.unknownParts.length > 0) {
      counts[UNKNOWN_ACCESS]! += n;
      for (const p of c.unknownParts) this.unknownAccessTypes.add(p, n);
    }
  }

  /** The last two tenant ids compared and their tenancy's slot (a cache, not state). */
  #lastHome: string | null = null;
  #lastResource: string | null = null;
  #lastTenancy = 2;

  /** {@linkcode classifyTenancy}'s slot, the last pair's kept (the ids of a file repeat). */
  #tenancy(home: string | null, resource: string | null): number {
    if (home === this.#lastHome && resource === this.#lastResource) return this.#lastTenancy;
    this.#lastHome = home;
    this.#lastResource = resource;
    return this.#lastTenancy = TENANCY_KEYS.indexOf(classifyTenancy(home, resource));
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: CrossTenantSection): void {
    addSlotCounts(this.tenancy, o.tenancy);
    addSlotCounts(this.accessTypes, o.accessTypes);
    this.unknownAccessTypes.merge(o.unknownAccessTypes);
    this.crossSucceeded += o.crossSucceeded;
    this.homeTenants.merge(o.homeTenants);
  }

  /** The section's part of the report. */
  summary(ctx: SummaryContext): CrossTenantPart {
    return {
      tenancy: countsRecord(TENANCY_KEYS, this.tenancy),
      accessTypes: countsRecord(ACCESS_KEYS, this.accessTypes),
      unknownAccessTypes: this.unknownAccessTypes.toRecord(),
      crossTenantSucceeded: this.crossSucceeded,
      topHomeTenants: named(this.homeTenants, ctx, "crossTenant.topHomeTenants", "Home tenants"),
    };
  }
}

/** The section in Markdown. */
export function crossTenantMarkdown(r: SigninsReport): string[] {
  const c = r.crossTenant;
  const types = (Object.entries(c.accessTypes) as [CrossTenantAccessType | "unknown", number][]).filter((
    [, v],
  ) => v > 0);
  return [
    markdownHeading(2, "Cross-tenant access"),
    `${
      formatNumber(c.tenancy.crossTenant)
    } sign-ins came from a user whose home tenant is not the resource tenant; ` +
    `${formatNumber(c.crossTenantSucceeded)} of them succeeded.\n`,
    markdownTable(["Home vs resource tenant", "Sign-ins"], [
      ["Same tenant", c.tenancy.sameTenant],
      ["Different tenant", c.tenancy.crossTenant],
      ["Not stated", c.tenancy.unknown],
    ]),
    markdownTable(
      ["Cross-tenant access type", "Sign-ins"],
      types.map(([k, v]) => [
        k === "unknown"
          ? unknownLabel("Unknown access type", c.unknownAccessTypes)
          : labelCrossTenantAccessType(k),
        v,
      ]),
    ),
    markdownHeading(3, "Home tenants of cross-tenant sign-ins"),
    markdownTable(["Home tenant", "Sign-ins"], [
      ...c.topHomeTenants.map((t): Cell[] => [t.name, t.count]),
      ...moreRows(r, "crossTenant.topHomeTenants"),
    ]),
  ];
}
