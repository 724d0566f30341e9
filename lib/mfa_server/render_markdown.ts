/**
 * The Markdown MFA Server activity report. Pure: summary in, text out. Every value from the
 * input (users, applications, file names, unknown codes) is escaped, and every list is in the
 * summary's stable order, so two runs on the same input give identical text.
 *
 * @module
 */
import {
  MFA_SERVER_CALL_RESULTS,
  MFA_SERVER_CHANNELS,
  MFA_SERVER_OUTCOMES,
  type MfaServerCallResultCode,
} from "../classify/mfa_server_call_result.ts";
import {
  type Cell,
  escapeMarkdown,
  formatNumber,
  formatPercent,
  markdownCallout,
  markdownHeading,
  markdownList,
  markdownTable,
  mermaidBar,
  mermaidPie,
  reportMarkdown,
  type ReportParts,
} from "../report/mod.ts";
import { mfaServerSummary } from "./summary.ts";
import type {
  MfaServerEvent,
  MfaServerGroupSummary,
  MfaServerMore,
  MfaServerSummary,
  OutcomeCounts,
} from "./aggregate.ts";
import type { MfaServerColumn } from "./columns.ts";
import { TEXT_ENCODING_LABEL } from "../io/decode.ts";
import { MFA_SERVER_PORTAL_REPORTS } from "./successors.ts";

/** Options of {@linkcode renderMfaServerMarkdown}. */
export interface MfaServerMarkdownOptions {
  /** Report title. @default "MFA Server activity report" */
  title?: string;
}

/** Above this many days the trend is shown per month. */
const DAILY_LIMIT = 62;

const COLUMN_LABEL: Record<MfaServerColumn, string> = {
  callResult: "call result",
  user: "user",
  date: "date",
  time: "time",
  method: "authentication type",
  application: "application",
  ip: "IP address",
  phone: "phone",
};

function when(e: MfaServerEvent): string {
  if (e.when !== undefined) return e.when.slice(0, 19).replace("T", " ");
  if (e.whenRaw !== undefined) return `${e.whenRaw} (unparsed)`;
  return "";
}

function where(file: string, line: number): string {
  return `${file}:${line}`;
}

function label(code: MfaServerCallResultCode): string {
  return MFA_SERVER_CALL_RESULTS[code].label;
}

function eventTable(events: MfaServerEvent[], count: number, noun: string): string {
  const rows: Cell[][] = events.map((e) => [
    when(e),
    e.user ?? "",
    e.code,
    label(e.code),
    e.phone ?? "",
    e.ip ?? "",
    e.application ?? "",
    where(e.file, e.line),
  ]);
  if (count > events.length) rows.push([`… ${formatNumber(count - events.length)} more (not listed)`]);
  let out = markdownTable(
    ["When (UTC)", "User", "Code", "Result", "Phone", "IP address", "Application", "Source"],
    rows,
    { empty: `None: no ${noun} in the input.` },
  );
  if (count > events.length) {
    out += `\nShowing the first ${formatNumber(events.length)} of ${formatNumber(count)} ${noun}.\n`;
  }
  return out;
}

/** The "N more" row that ends a top-N user table (none when every user is listed). */
function moreRow(m: MfaServerMore): Cell[][] {
  return m.users === 0 ? [] : [[`… ${formatNumber(m.users)} more users (not listed)`, m.count]];
}

function groupTables(g: MfaServerGroupSummary, total: number, userColumn: boolean, noun: string): string[] {
  const blocks = [
    markdownTable(
      ["Code", "Result", "Rows", "Share of all rows"],
      g.codes.map((c) => [c.code, label(c.code), c.count, formatPercent(c.count, total)]),
      { align: ["left", "left", "right", "right"], empty: `None: no ${noun} in the input.` },
    ),
  ];
  if (g.count > 0 && userColumn) {
    blocks.push(
      markdownTable(
        ["User", noun.charAt(0).toUpperCase() + noun.slice(1), "All rows", "Most frequent"],
        [...g.topUsers.map((u): Cell[] => [u.user, u.count, u.rows, u.topCode]), ...moreRow(g.moreUsers)],
      ),
    );
  }
  return blocks;
}

function trend(
  days: MfaServerSummary["days"],
): { unit: "day" | "month"; periods: ({ day: string } & OutcomeCounts)[] } {
  if (days.length <= DAILY_LIMIT) return { unit: "day", periods: days };
  const months = new Map<string, OutcomeCounts>();
  for (const d of days) {
    const key = d.day.slice(0, 7);
    const m = months.get(key) ?? { rows: 0, allowed: 0, denied: 0, pending: 0, depends: 0, unknown: 0 };
    m.rows += d.rows;
    m.allowed += d.allowed;
    m.denied += d.denied;
    m.pending += d.pending;
    m.depends += d.depends;
    m.unknown += d.unknown;
    months.set(key, m);
  }
  return { unit: "month", periods: [...months].map(([day, v]) => ({ day, ...v })) };
}

/**
 * Renders the report.
 *
 * @param s the summary from `summarizeMfaServerActivity`
 * @param options title
 * @returns Markdown with tables and Mermaid charts, ending with a newline
 *
 * @example Escaped report
 * ```ts
 * import { renderMfaServerMarkdown } from "./render_markdown.ts";
 * import { summarizeMfaServerActivity } from "./aggregate.ts";
 * import assert from "node:assert/strict";
 * const s = await summarizeMfaServerActivity([
 *   { kind: "header", file: "a.csv", format: "csv", encoding: "utf-8", columns: { callResult: "Result", user: "User" } },
 *   { kind: "row", file: "a.csv", line: 2, callResult: "FAILED_FRAUD_REPORTED", user: "<b>eve</b>", timestamp: { kind: "missing" } },
 * ]);
 * const md = renderMfaServerMarkdown(s);
 * assert.match(md, /^# MFA Server activity report\n/);
 * assert.match(md, /&lt;b&gt;eve&lt;\/b&gt;/);
 * assert.doesNotMatch(md, /<b>/);
 * assert.match(md, /## Where these reports live now/);
 * ```
 */
export function renderMfaServerMarkdown(s: MfaServerSummary, options: MfaServerMarkdownOptions = {}): string {
  return reportMarkdown(mfaServerMarkdownParts(s, options));
}

/** The report's Markdown in parts, for the Markdown and the HTML renderers. */
export function mfaServerMarkdownParts(
  s: MfaServerSummary,
  options: MfaServerMarkdownOptions = {},
): ReportParts {
  const blocks = mfaServerBlocks(s, options);
  return { head: blocks.slice(0, 2), summary: mfaServerSummary(s), body: blocks.slice(2) };
}

function mfaServerBlocks(s: MfaServerSummary, options: MfaServerMarkdownOptions): string[] {
  const t = s.totals;
  const hasUserColumn = s.files.some((f) => f.columns.user !== undefined);
  const blocks: string[] = [markdownHeading(1, options.title ?? "MFA Server activity report")];

  const range = s.timestamps.first !== undefined && s.timestamps.last !== undefined
    ? ` Dated rows run from ${s.timestamps.first.slice(0, 19).replace("T", " ")} to ${
      s.timestamps.last.slice(0, 19).replace("T", " ")
    } UTC.`
    : "";
  blocks.push(
    `Azure MFA Server authentication activity: ${formatNumber(t.rows)} rows from ${
      formatNumber(s.files.length)
    } file(s).${range} MFA Server exports carry no time zone, so times are read as UTC. ` +
      "Azure MFA Server stopped processing MFA requests after September 2024; exports like these are " +
      "the only record of what it did.\n",
  );
  blocks.push(
    ...summaryBlocks(s),
    ...channelBlocks(s),
    ...callResultBlocks(s),
    ...userBlocks(s, hasUserColumn),
    ...attentionBlocks(s, hasUserColumn),
    ...trendBlocks(s),
    ...dataQualityBlocks(s),
    ...successorBlocks(),
  );
  return blocks;
}

function summaryBlocks(s: MfaServerSummary): string[] {
  const t = s.totals;
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Summary"));
  const rows: [string, number, string][] = [
    [MFA_SERVER_OUTCOMES.allowed, t.allowed, "MFA passed, or was skipped by cache or a one-time bypass"],
    [
      MFA_SERVER_OUTCOMES.denied,
      t.denied,
      "Authentication refused (including blocked users and fraud reports)",
    ],
    [
      MFA_SERVER_OUTCOMES.pending,
      t.pending,
      "Text message sent or OATH code asked; the export does not say whether the user finished",
    ],
    [
      MFA_SERVER_OUTCOMES.depends,
      t.depends,
      "PIN entered or only # pressed: allowed or denied depending on the user's PIN mode, which the export does not record",
    ],
    ["Unknown", t.unknown, "Not one of the 45 documented call results (listed below)"],
    ["Total", t.rows, "Rows read (bad rows not included)"],
  ];
  blocks.push(markdownTable(
    ["Outcome", "Rows", "Share", "What it means"],
    rows.map(([label, n, meaning]) => [label, n, formatPercent(n, t.rows), meaning]),
    { align: ["left", "right", "right", "left"] },
  ));
  const warnings: string[] = [];
  if (t.unknown > 0) {
    warnings.push(
      `${
        formatNumber(t.unknown)
      } row(s) have a call result that is not one of the 45 documented codes; they are counted as Unknown and listed under "Unknown call results".`,
    );
  }
  if (t.badRows > 0) {
    warnings.push(`${formatNumber(t.badRows)} line(s) could not be used; see "Data quality".`);
  }
  if (warnings.length > 0) blocks.push(markdownCallout("warning", warnings));
  return blocks;
}

function channelBlocks(s: MfaServerSummary): string[] {
  const t = s.totals;
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Results by channel"));
  blocks.push(
    markdownTable(
      ["Channel", "Rows", "Allowed", "Denied", "Pending", "Depends on PIN mode"],
      s.channels.map((
        c,
      ) => [MFA_SERVER_CHANNELS[c.channel], c.rows, c.allowed, c.denied, c.pending, c.depends]),
    ),
  );
  if (t.unknown > 0) blocks.push(`Unknown call results (${formatNumber(t.unknown)}) have no channel.\n`);
  if (t.rows - t.unknown > 0) {
    blocks.push(
      mermaidPie("Rows by channel", s.channels.map((c) => [MFA_SERVER_CHANNELS[c.channel], c.rows])),
    );
  }
  return blocks;
}

function callResultBlocks(s: MfaServerSummary): string[] {
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Call results"));
  blocks.push(`${formatNumber(s.codes.length)} of the 45 documented call results occur in the input.\n`);
  blocks.push(markdownTable(
    ["Code", "Label", "Channel", "Outcome", "Rows", "Meaning"],
    s.codes.map(({ code, count }) => {
      const e = MFA_SERVER_CALL_RESULTS[code];
      return [
        code,
        e.label,
        MFA_SERVER_CHANNELS[e.channel],
        MFA_SERVER_OUTCOMES[e.outcome],
        count,
        e.meaning,
      ];
    }),
    { empty: "None." },
  ));

  blocks.push(markdownHeading(2, "Unknown call results"));
  if (s.unknownCodes.length === 0) {
    blocks.push("None: every call result is one of the 45 documented codes.\n");
  } else {
    blocks.push(
      "These values are not documented MFA Server call results. They are counted as Unknown, not dropped. " +
        "They may come from a newer server version, a localised export, or a different column.\n",
    );
    blocks.push(markdownTable(
      ["Value", "Rows", "First seen"],
      s.unknownCodes.map((u) => [u.value, u.count, where(u.file, u.line)]),
    ));
  }
  return blocks;
}

function userBlocks(s: MfaServerSummary, hasUserColumn: boolean): string[] {
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Users with the most denials"));
  if (!hasUserColumn) blocks.push("The input has no user column.\n");
  else {
    blocks.push(markdownTable(
      ["User", "Denials", "All rows", "Most frequent denial"],
      [
        ...s.users.topDenied.map((u): Cell[] => [u.user, u.count, u.rows, u.topCode]),
        ...moreRow(s.users.moreDenied),
      ],
      { empty: "None: no user was denied." },
    ));
    blocks.push(
      `Top ${formatNumber(s.top)} by denials, of ${
        formatNumber(s.users.distinct)
      } distinct user(s) (names compared without regard to case).` +
        (s.users.rowsWithoutUser > 0
          ? ` ${formatNumber(s.users.rowsWithoutUser)} row(s) have no user.`
          : "") +
        "\n",
    );
  }
  return blocks;
}

function attentionBlocks(s: MfaServerSummary, hasUserColumn: boolean): string[] {
  const t = s.totals;
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Fraud reports and blocked users"));
  blocks.push(
    "A fraud report (`FAILED_FRAUD_CODE_ENTERED` during a call, `FAILED_FRAUD_REPORTED` from the mobile app) means " +
      "the user said they did not start the sign-in: treat the account's password as known to someone else. " +
      "A blocked user (`SUCCESS_USER_BLOCKED`, `FAILED_PHONE_APP_ALL_DEVICES_BLOCKED`) was refused because the phone number " +
      "or every mobile app device was blocked, by the user, an administrator or a fraud report.\n",
  );
  blocks.push(markdownHeading(3, `Fraud reports (${formatNumber(s.events.fraud.count)})`));
  blocks.push(eventTable(s.events.fraud.listed, s.events.fraud.count, "fraud reports"));
  blocks.push(markdownHeading(3, `Blocked users (${formatNumber(s.events.blocked.count)})`));
  blocks.push(eventTable(s.events.blocked.listed, s.events.blocked.count, "blocked-user rows"));

  blocks.push(markdownHeading(2, "One-time bypasses used"));
  blocks.push(
    "`SUCCESS_BYPASSED_AUTH`: MFA was skipped because an administrator started a one-time bypass for the user.\n",
  );
  blocks.push(eventTable(s.events.bypass.listed, s.events.bypass.count, "one-time bypasses"));

  blocks.push(markdownHeading(2, "Cache-based successes"));
  blocks.push(
    `${formatNumber(s.cache.count)} row(s) were allowed without a new MFA call because the same user ` +
      "(with the same application, and for IP-based caching the same IP address) had succeeded within the " +
      "configured cache window.\n",
  );
  blocks.push(...groupTables(s.cache, t.rows, hasUserColumn, "cache successes"));

  blocks.push(markdownHeading(2, "Timeouts, voicemail and unreachable users"));
  blocks.push(
    `${
      formatNumber(s.notReached.count)
    } row(s) suggest the user never got or never answered the call, text or ` +
      "notification: the call went to voicemail or timed out, the phone was unreachable, the text or notification " +
      "could not be sent, or the user took too long. Many of them for one user usually mean a wrong phone number " +
      "or a device that no longer receives notifications.\n",
  );
  blocks.push(...groupTables(s.notReached, t.rows, hasUserColumn, "not-reached rows"));
  return blocks;
}

function trendBlocks(s: MfaServerSummary): string[] {
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Trend"));
  if (s.days.length === 0) blocks.push("No row has a date that could be read, so there is no trend.\n");
  else {
    const { unit, periods } = trend(s.days);
    blocks.push(mermaidBar(`Rows per ${unit} (UTC)`, periods.map((p) => [p.day, p.rows]), "rows"));
    blocks.push(markdownTable(
      [
        unit === "day" ? "Day (UTC)" : "Month (UTC)",
        "Rows",
        "Allowed",
        "Denied",
        "Pending",
        "Depends on PIN mode",
        "Unknown",
      ],
      periods.map((p) => [p.day, p.rows, p.allowed, p.denied, p.pending, p.depends, p.unknown]),
    ));
  }
  return blocks;
}

function dataQualityBlocks(s: MfaServerSummary): string[] {
  const t = s.totals;
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Data quality"));
  const ts = s.timestamps;
  blocks.push(markdownList([
    `Rows read: ${formatNumber(t.rows)}; lines that could not be used: ${formatNumber(t.badRows)}.`,
    `Dates: ${formatNumber(ts.parsed)} read, ${
      formatNumber(ts.invalid)
    } not understood (rows still counted), ${formatNumber(ts.missing)} missing.`,
  ]));
  blocks.push(markdownHeading(3, "Files"));
  blocks.push(markdownTable(
    ["File", "Format", "Encoding", "Rows", "Bad lines", "Columns used"],
    s.files.map((f) => [
      f.file,
      f.format === "codeList"
        ? "list of codes"
        : `CSV (${f.delimiter === "\t" ? "tab" : f.delimiter ?? ","} separated)`,
      TEXT_ENCODING_LABEL[f.encoding],
      f.rows,
      f.badRows,
      (Object.entries(f.columns) as [MfaServerColumn, string][])
        .map(([k, h]) => `${COLUMN_LABEL[k]}: "${h}"`).join("; "),
    ]),
  ));
  if (s.badRowExamples.length > 0) {
    blocks.push(markdownHeading(3, "Lines that could not be used"));
    blocks.push(
      markdownTable(["Source", "Problem"], s.badRowExamples.map((b) => [where(b.file, b.line), b.reason])),
    );
    if (t.badRows > s.badRowExamples.length) {
      blocks.push(
        `Showing the first ${formatNumber(s.badRowExamples.length)} of ${formatNumber(t.badRows)}.\n`,
      );
    }
  }
  if (ts.invalidExamples.length > 0) {
    blocks.push(markdownHeading(3, "Dates not understood"));
    blocks.push(
      "Accepted: ISO 8601, YYYY-MM-DD HH:mm:ss, M/D/YYYY h:mm:ss AM/PM (month first), D.M.YYYY HH:mm:ss.\n",
    );
    blocks.push(
      markdownTable(["Source", "Value"], ts.invalidExamples.map((d) => [where(d.file, d.line), d.value])),
    );
    if (ts.invalid > ts.invalidExamples.length) {
      blocks.push(
        `Showing the first ${formatNumber(ts.invalidExamples.length)} of ${formatNumber(ts.invalid)}.\n`,
      );
    }
  }
  return blocks;
}

function successorBlocks(): string[] {
  const blocks: string[] = [];
  blocks.push(markdownHeading(2, "Where these reports live now"));
  blocks.push(
    "The MFA Server part of the Azure portal had five reports. MFA Server is retired, and so are they; " +
      "this is where their data lives in Microsoft Entra today.\n",
  );
  for (const r of Object.values(MFA_SERVER_PORTAL_REPORTS)) {
    blocks.push(markdownHeading(3, r.name));
    blocks.push(`Was: ${escapeMarkdown(r.location)}. ${escapeMarkdown(r.showed)}\n`);
    blocks.push(markdownList(r.today));
    if (r.graph.length > 0) blocks.push(`Microsoft Graph: ${r.graph.map((g) => `\`${g}\``).join(", ")}\n`);
  }
  blocks.push(markdownCallout("note", [
    "MFA Server status has no cloud successor: there is no Entra report of server health, because cloud MFA runs no servers of yours.",
  ]));
  return blocks;
}
