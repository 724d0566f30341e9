/**
 * The Markdown sign-in MFA report. Pure: report in, text out. Every value from the input (user
 * names, apps, policy names, raw unknown values) is escaped by the shared table and list
 * helpers, and every list is in the report's stable order, so the same input gives the same text.
 *
 * @module
 */
import {
  markdownCallout,
  markdownHeading,
  markdownList,
  markdownTable,
  reportMarkdown,
  type ReportParts,
} from "../report/mod.ts";
import { caMarkdown } from "./sections/conditional_access.ts";
import { completionMarkdown } from "./sections/completion.ts";
import { crossTenantMarkdown } from "./sections/cross_tenant.ts";
import { errorMarkdown } from "./sections/errors.ts";
import { eventTypeMarkdown } from "./sections/event_types.ts";
import { failureMarkdown, problemsMarkdown } from "./sections/failures.ts";
import { legacyMarkdown } from "./sections/legacy_auth.ts";
import { mfaServerMarkdown } from "./sections/mfa_server.ts";
import { placesMarkdown } from "./sections/places.ts";
import { registrationMarkdown } from "./sections/registration.ts";
import { requirementMarkdown } from "./sections/requirement.ts";
import { riskMarkdown } from "./sections/risk.ts";
import { usersMarkdown } from "./sections/users.ts";
import type { SigninsReport } from "./report.ts";
import { signinsSummary } from "./summary.ts";

/** Options of {@linkcode renderSigninsMarkdown}. */
export interface SigninsMarkdownOptions {
  /** Report time shown in the header. @default the report's `generatedAt` */
  now?: string;
  /** Title. @default "Sign-in MFA report" */
  title?: string;
}

export { MFA_SERVER_STATUS_NOTE } from "./sections/mfa_server.ts";
export { moreRows } from "./sections/_markdown.ts";

function header(r: SigninsReport, o: SigninsMarkdownOptions): string[] {
  const t = r.totals;
  const w = r.window;
  const basis = w.basis === "requested" ? "requested window" : "first and last sign-in in the data";
  const lines = [
    `**Window:** ${w.from ?? "(none)"} to ${w.to ?? "(none)"} (${basis}). **Generated:** ${
      o.now ?? r.generatedAt
    }.`,
  ];
  const src = r.sources.map((s) =>
    s.kind === "graph"
      ? `Microsoft Graph beta /auditLogs/signIns (${s.eventTypes.join(", ")})`
      : s.kind === "log-analytics"
      ? `Log Analytics workspace ${s.workspace} (${s.eventTypes.join(", ")})`
      : `file ${s.file} (${s.format ?? "empty"}${
        s.layout !== null && ![s.format, "graph", "log-analytics"].includes(s.layout)
          ? `, layout ${s.layout}`
          : ""
      }${
        s.dateOrder !== null && s.dateOrder.from !== "notNeeded"
          ? `, dates ${s.dateOrder.order === "dmy" ? "day-first" : "month-first"} (${
            s.dateOrder.from === "option" ? "--date-order" : "found from the file"
          })`
          : ""
      })`
  );
  if (src.length > 0) lines.push(`**Sources:** ${src.join("; ")}.`);
  if (r.redaction !== null) {
    lines.push(
      `**Redacted:** users replaced by an ${r.redaction.method} keyed hash (key: ${
        r.redaction.key === "file" ? "from --redact-key-file, stable across runs" : "random for this run"
      }); display names removed; IP addresses truncated (${r.redaction.ip}).`,
    );
  }
  const missing = r.sources.flatMap((s) =>
    s.kind === "file" ? s.missingFields.map((m) => `${s.file}: no ${m}.`) : []
  );
  return [
    lines.map((l) => l + "\n").join("\n"),
    "%%SUMMARY%%",
    ...(missing.length > 0
      ? [
        markdownCallout("warning", [
          "Fields missing from the input, so these numbers are not in the report:",
          ...missing,
        ]),
      ]
      : []),
    markdownTable(["Volume", "Count"], [
      ["Input rows read", t.rows],
      ["Duplicate rows dropped", t.duplicatesDropped],
      ["Rows merged into another row's sign-in (interrupt, then completion)", t.rowsMerged],
      ["Logical sign-ins (counted below)", t.signIns],
      ["User sign-ins (MFA is counted over these)", t.userSignIns],
      ["Distinct users", t.users],
      ["Rows left out by the window or filters", t.filteredOut],
      ["Rows that could not be understood (not counted)", t.badRows],
    ]),
    markdownCallout("note", ["Read with care:", ...r.caveats]),
  ];
}

function dataQualitySection(r: SigninsReport): string[] {
  const files = r.sources.filter((s) => s.kind === "file");
  const graph = r.sources.filter((s) => s.kind === "graph");
  const t = r.totals;
  const out = [
    markdownHeading(2, "Data quality"),
    markdownTable(["Check", "Rows"], [
      ["Rows that could not be understood (not counted)", t.badRows],
      ["… of which dated more than a day after the report clock", t.futureRows],
      ["Duplicate rows dropped (same sign-in id)", t.duplicatesDropped],
      [
        "… of which differ from the copy counted (the more complete, then the later copy is kept)",
        t.duplicateConflicts,
      ],
    ]),
  ];
  if (files.length > 0) {
    out.push(markdownTable(
      ["File", "Format", "Encoding", "Rows", "Bad rows"],
      files.map((f) => [f.file, f.format, f.encoding, f.records, f.badRows]),
    ));
    const samples = files.flatMap((f) => f.badRowSamples.map((s) => `${f.file} line ${s.line}: ${s.reason}`));
    if (samples.length > 0) out.push("First bad rows:\n", markdownList(samples));
  }
  for (const q of r.sources) {
    if (q.kind !== "log-analytics") continue;
    out.push(markdownTable(
      ["Log Analytics", "Count"],
      [
        ["Queries sent", q.queries],
        ["Time slices", q.slices],
        ["… split (result too large or too slow)", q.splits],
        [
          "Rows received",
          q.rows,
        ],
        ["Bytes received", q.bytes],
        ["Bad rows", q.badRows],
      ],
    ));
  }
  for (const g of graph) {
    out.push(markdownTable(
      ["Graph event type", "Items received"],
      Object.entries(g.items).map(([k, v]) => [k, v]),
    ));
    if (g.filters.length > 0) out.push(`Filters pushed down: ${g.filters.join(" and ")}.\n`);
  }
  out.push(
    'Values this report does not recognise are counted in explicit "unknown" rows with their raw values ' +
      "(see each section), never dropped.\n",
  );
  return out;
}

/**
 * Renders the report as Markdown.
 *
 * @param report the report (redact it first for `--redact`)
 * @param options header time and title
 * @returns the Markdown text
 *
 * @example An empty report still has every section
 * ```ts
 * import { SignInAggregator } from "./aggregator.ts";
 * import { renderSigninsMarkdown } from "./render_markdown.ts";
 * import assert from "node:assert/strict";
 * const report = new SignInAggregator().summary({ generatedAt: "2026-11-20T12:00:00Z", sources: [], rows: 0,
 *   badRows: 0, filteredOut: 0, merge: { duplicatesDropped: 0, rowsMerged: 0, interruptedIncomplete: 0 } });
 * const md = renderSigninsMarkdown(report);
 * assert.match(md, /^# Sign-in MFA report\n/);
 * assert.ok(md.includes("## 1\\. Was MFA required?"));
 * assert.match(md, /## Legacy MFA Server reports, today/);
 * ```
 */
export function renderSigninsMarkdown(report: SigninsReport, options: SigninsMarkdownOptions = {}): string {
  return reportMarkdown(signinsMarkdownParts(report, options));
}

/**
 * The report's Markdown in parts, for the Markdown and the HTML renderers. A window without
 * sign-ins has no charts (nothing to draw) and says so at the top.
 */
export function signinsMarkdownParts(
  report: SigninsReport,
  options: SigninsMarkdownOptions = {},
): ReportParts {
  const h = header(report, options);
  const cut = h.indexOf("%%SUMMARY%%");
  const empty = report.totals.signIns === 0;
  const body = [
    ...h.slice(cut + 1),
    ...requirementMarkdown(report),
    ...completionMarkdown(report),
    ...failureMarkdown(report),
    ...usersMarkdown(report),
    ...problemsMarkdown(report),
    ...caMarkdown(report),
    ...eventTypeMarkdown(report),
    ...errorMarkdown(report),
    ...crossTenantMarkdown(report),
    ...legacyMarkdown(report),
    ...riskMarkdown(report),
    ...placesMarkdown(report),
    ...mfaServerMarkdown(report),
    ...registrationMarkdown(report),
    ...dataQualitySection(report),
  ].filter((b) => !(empty && b.startsWith("```mermaid")));
  return {
    head: [markdownHeading(1, options.title ?? "Sign-in MFA report"), ...h.slice(0, cut)],
    summary: signinsSummary(report),
    body,
  };
}
