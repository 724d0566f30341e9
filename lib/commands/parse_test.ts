/**
 * Table-driven tests of every command's pure parser: the options a command line gives, and the
 * one-line usage error (exit 2) for a bad one. The shared options behave the same in each.
 */
import assert from "node:assert/strict";
import { CommanderError } from "commander";
import { UsageError } from "../errors.ts";
import { parseComplianceArgs } from "./compliance_report.ts";
import { parseMfaServerReportArgs } from "./mfa_server_report.ts";
import { parsePerUserMfaArgs } from "./per_user_mfa.ts";
import { parseRegistrationArgs } from "./registration.ts";
import { REGISTRATION_REPORT_SPEC } from "./registration_report.ts";
import { parseSignInsExportArgs } from "./signins_export.ts";
import { parseSigninsReportArgs } from "./signins_report.ts";
import { userListSpec } from "./user_lists.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
const iso = (d: Date | undefined) => d?.toISOString();

/** Every parser under one signature: argv → a flat view of what matters, for the tables. */
const PARSERS: Record<string, (argv: string[]) => Record<string, unknown>> = {
  "signins-report": (argv) => {
    const o = parseSigninsReportArgs(argv, NOW);
    return {
      source: o.source,
      format: o.format,
      out: o.out,
      top: o.top,
      since: o.since,
      until: o.until,
      days: o.days,
      now: iso(o.now),
      eventTypes: o.eventTypes,
      dateOrder: o.dateOrder,
      maxBadRows: o.maxBadRows,
    };
  },
  "signins-export": (argv) => {
    const p = parseSignInsExportArgs(argv, { GRAPH_ACCESS_TOKEN: "t" }, NOW);
    return {
      out: p.out,
      gzip: p.gzip,
      from: iso(p.window?.from),
      to: iso(p.window?.to),
      eventTypes: p.eventTypes,
    };
  },
  "mfa-server-report": (argv) => {
    const o = parseMfaServerReportArgs(argv);
    return { from: o.from, format: o.format, out: o.out, top: o.top };
  },
  "compliance-report": (argv) => {
    const o = parseComplianceArgs(argv, NOW);
    return {
      policy: o.policy,
      out: o.out,
      since: o.since,
      days: o.days,
      now: iso(o.now),
      listLimit: o.listLimit,
      eventTypes: o.eventTypes,
    };
  },
  "registration-report": (argv) => {
    const o = parseRegistrationArgs(argv, REGISTRATION_REPORT_SPEC);
    return { format: o.format, out: o.out, listLimit: o.listLimit, dateOrder: o.dateOrder };
  },
  "registered-users": (argv) => {
    const o = parseRegistrationArgs(argv, userListSpec("registered-users"));
    return { format: o.format, out: o.out, bom: o.bom, semantics: o.semantics };
  },
  "per-user-mfa": (argv) => {
    const o = parsePerUserMfaArgs(argv);
    return {
      states: o.states,
      format: o.format,
      out: o.out,
      bom: o.bom,
      resume: o.resume,
      budget: o.graph.budget,
      graphUrl: o.graph.graphUrl,
    };
  },
};

interface Case {
  task: keyof typeof PARSERS;
  argv: string[];
  /** The fields expected (others not checked). */
  want?: Record<string, unknown>;
  /** The usage error expected instead. */
  error?: RegExp;
}

const GRAPH = ["--graph-url", "http://127.0.0.1:9"];

const CASES: Case[] = [
  // signins-report
  {
    task: "signins-report",
    argv: [],
    want: { source: "graph", format: "md", out: undefined, top: 10, now: "2026-11-20T12:00:00.000Z" },
  },
  { task: "signins-report", argv: ["-o", "r.json"], want: { format: "json", out: "r.json" } },
  {
    task: "signins-report",
    argv: ["--out", "-", "--format", "csv"],
    want: { format: "csv", out: undefined },
  },
  { task: "signins-report", argv: ["--out", "r.txt"], want: { format: "md", out: "r.txt" } },
  { task: "signins-report", argv: ["--since", "7d"], want: { since: "7d", days: undefined } },
  { task: "signins-report", argv: ["--since", "12h", "--until", "1h"], want: { since: "12h", until: "1h" } },
  { task: "signins-report", argv: ["--days", "30", "--top", "3"], want: { days: 30, top: 3 } },
  {
    task: "signins-report",
    argv: ["--event-types", "all"],
    want: { eventTypes: ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"] },
  },
  {
    task: "signins-report",
    argv: ["--from", "a.csv", "--date-order", "dmy", "--max-bad-rows", "5"],
    want: { source: "files", dateOrder: "dmy", maxBadRows: { count: 5 } },
  },
  { task: "signins-report", argv: ["--now", "2026-01-02"], want: { now: "2026-01-02T00:00:00.000Z" } },
  {
    task: "signins-report",
    argv: ["--days", "31"],
    error: /--days "31": expected a whole number from 1 to 30/,
  },
  { task: "signins-report", argv: ["--since", "31d"], error: /--since "31d": expected at most 30 days back/ },
  { task: "signins-report", argv: ["--since", "7d", "--days", "2"], error: /Cannot use --since with --days/ },
  { task: "signins-report", argv: ["--since", "yesterday"], error: /Cannot use --since "yesterday"/ },
  {
    task: "signins-report",
    argv: ["--format", "xlsx"],
    error: /--format "xlsx": expected one of md, json, csv/,
  },
  { task: "signins-report", argv: ["--top", "0"], error: /--top "0"/ },
  { task: "signins-report", argv: ["--from", "a", "--date-order", "ymd"], error: /--date-order "ymd"/ },
  { task: "signins-report", argv: ["--output", "json"], error: /use --format json/ },
  { task: "signins-report", argv: ["--out", " "], error: /Cannot use --out: expected a file name/ },
  // signins-export
  {
    task: "signins-export",
    argv: ["-o", "s.ndjson.gz", "--since", "2d", ...GRAPH],
    want: {
      out: "s.ndjson.gz",
      gzip: true,
      from: "2026-11-18T12:00:00.000Z",
      to: "2026-11-20T12:00:00.000Z",
      eventTypes: ["interactiveUser", "nonInteractiveUser"],
    },
  },
  {
    task: "signins-export",
    argv: [
      "-o",
      "s.ndjson",
      "--until",
      "2026-11-10T00:00:00",
      "--days",
      "1",
      "--event-types",
      "all",
      ...GRAPH,
    ],
    want: {
      gzip: false,
      from: "2026-11-09T00:00:00.000Z",
      eventTypes: ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"],
    },
  },
  { task: "signins-export", argv: ["--days", "1", ...GRAPH], error: /without --out FILE/ },
  { task: "signins-export", argv: ["-o", "s.ndjson", "--days", "31", ...GRAPH], error: /from 1 to 30/ },
  { task: "signins-export", argv: ["-o", "s.ndjson", "--output", "ndjson"], error: /use --format ndjson/ },
  // mfa-server-report
  {
    task: "mfa-server-report",
    argv: ["--from", "a.csv", "b.csv", "-o", "r.csv", "--top", "5"],
    want: { from: ["a.csv", "b.csv"], format: "csv", out: "r.csv", top: 5 },
  },
  {
    task: "mfa-server-report",
    argv: ["--from", "a.csv", "--format", "ndjson"],
    error: /expected one of md, json, csv/,
  },
  // compliance-report
  {
    task: "compliance-report",
    argv: ["--policy", "c.jsonc", "-o", "c.md", "--since", "12h", "--list-limit", "7"],
    want: { policy: "c.jsonc", out: "c.md", since: "12h", listLimit: 7, now: "2026-11-20T12:00:00.000Z" },
  },
  {
    task: "compliance-report",
    argv: ["--policy", "c", "--days", "90", "--signins-workspace", "00000000-0000-4000-8000-00000000000a"],
    want: { days: 90 },
  },
  { task: "compliance-report", argv: ["--policy", "c", "--days", "90"], error: /from 1 to 30/ },
  { task: "compliance-report", argv: ["--policy", "c", "--since", "40d"], error: /at most 30 days back/ },
  {
    task: "compliance-report",
    argv: ["--policy", "c", "--event-types", "batch"],
    error: /--event-types "batch"/,
  },
  // registration tasks
  { task: "registration-report", argv: [], want: { format: "md", out: undefined, listLimit: 50 } },
  {
    task: "registration-report",
    argv: ["-o", "r.json", "--list-limit", "3"],
    want: { format: "json", listLimit: 3 },
  },
  { task: "registration-report", argv: ["--format", "csv"], error: /expected one of md, json/ },
  { task: "registered-users", argv: [], want: { format: "text", bom: false, semantics: "modern" } },
  {
    task: "registered-users",
    argv: ["-o", "u.csv", "--bom"],
    want: { format: "csv", out: "u.csv", bom: true },
  },
  { task: "registered-users", argv: ["--bom"], error: /--bom with --format text/ },
  { task: "registered-users", argv: ["--output", "json"], error: /use --format json/ },
  // per-user-mfa
  {
    task: "per-user-mfa",
    argv: [],
    want: { states: ["enabled", "enforced"], format: "text", out: undefined, bom: false, resume: false },
  },
  {
    task: "per-user-mfa",
    argv: ["--state", "Unknown,disabled", "--state", "enforced", "-o", "s.csv", "--bom", ...GRAPH],
    want: {
      states: ["disabled", "enforced", "unknown"],
      format: "csv",
      out: "s.csv",
      bom: true,
      graphUrl: "http://127.0.0.1:9",
    },
  },
  { task: "per-user-mfa", argv: ["--out", "s.json", "--resume"], want: { format: "json", resume: true } },
  { task: "per-user-mfa", argv: ["--out", "s.txt"], want: { format: "text", out: "s.txt" } },
  { task: "per-user-mfa", argv: ["-o", "s.md"], want: { format: "text", out: "s.md" } },
  { task: "per-user-mfa", argv: ["-o", "-", "--format", "json"], want: { format: "json", out: undefined } },
  { task: "per-user-mfa", argv: ["--budget", "0"], want: { budget: "0" } },
  {
    task: "per-user-mfa",
    argv: ["--state", "on"],
    error: /--state "on": expected disabled, enabled, enforced/,
  },
  { task: "per-user-mfa", argv: ["--format", "md"], error: /--format "md": expected one of text, csv, json/ },
  { task: "per-user-mfa", argv: ["--bom"], error: /--bom with --format text: it is for CSV only/ },
  { task: "per-user-mfa", argv: ["-o", "s.json", "--bom"], error: /--bom with --format json/ },
  { task: "per-user-mfa", argv: ["--resume"], error: /--resume without --out/ },
  { task: "per-user-mfa", argv: ["-o", "-", "--resume"], error: /--resume without --out/ },
  { task: "per-user-mfa", argv: ["--out", " "], error: /Cannot use --out: expected a file name/ },
  { task: "per-user-mfa", argv: ["--output", "csv"], error: /use --format csv/ },
];

Deno.test("every command parser: options from a command line, usage errors for bad ones", async (t) => {
  for (const c of CASES) {
    await t.step(`${c.task} ${c.argv.join(" ")}`, () => {
      const parse = PARSERS[c.task]!;
      if (c.error !== undefined) {
        assert.throws(() => parse(c.argv), (e) => {
          assert.ok(e instanceof UsageError, `expected a UsageError, got ${e}`);
          assert.match(e.message, c.error!);
          return true;
        });
        return;
      }
      const got = parse(c.argv);
      for (const [k, v] of Object.entries(c.want ?? {})) assert.deepEqual(got[k], v, k);
    });
  }
});

Deno.test("commander's own refusals (unknown option, missing value) stay usage errors (exit 2)", async (t) => {
  for (const [task, argv] of [["signins-report", ["--nope"]], ["mfa-server-report", []]] as const) {
    await t.step(`${task} ${argv.join(" ")}`, () => {
      assert.throws(() => PARSERS[task]!([...argv]), (e) => e instanceof CommanderError && e.exitCode !== 0);
    });
  }
});
