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
  addCounts,
  keysOf,
  named,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
  zeroRecord,
} from "./section.ts";

const crossTenantOf = memoText((s) => classifyCrossTenantAccessType(s));

/** The section's part of the report. */
export type CrossTenantPart = SigninsReport["crossTenant"];

/** Tenancy and access-type counts. */
export class CrossTenantSection implements ReportSection<CrossTenantPart> {
  readonly tenancy = { sameTenant: 0, crossTenant: 0, unknown: 0 };
  readonly accessTypes: Record<CrossTenantAccessType | "unknown", number> = zeroRecord(
    keysOf(CROSS_TENANT_ACCESS_TYPES),
  );
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
    const t = home !== null && home === resource && home !== ""
      ? "sameTenant"
      : classifyTenancy(home, resource);
    this.tenancy[t] += n;
    if (t === "crossTenant") {
      if (success) this.crossSucceeded += n;
      this.homeTenants.add(s.homeTenantName ?? s.homeTenantId ?? "(unknown)", n);
    }
    if (s.crossTenantAccessType === null) return;
    const c = crossTenantOf(s.crossTenantAccessType);
    if (c.kind === "unknown") {
      this.accessTypes.unknown += n;
      this.unknownAccessTypes.add(s.crossTenantAccessType, n);
      return;
    }
    for (const flag of c.flags) this.accessTypes[flag] += n;
    if (c.unknownParts.length > 0) {
      this.accessTypes.unknown += n;
      for (const p of c.unknownParts) this.unknownAccessTypes.add(p, n);
    }
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: CrossTenantSection): void {
    addCounts(this.tenancy, o.tenancy);
    addCounts(this.accessTypes, o.accessTypes);
    this.unknownAccessTypes.merge(o.unknownAccessTypes);
    this.crossSucceeded += o.crossSucceeded;
    this.homeTenants.merge(o.homeTenants);
  }

  /** The section's part of the report. */
  summary(ctx: SummaryContext): CrossTenantPart {
    return {
      tenancy: { ...this.tenancy },
      accessTypes: { ...this.accessTypes },
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
