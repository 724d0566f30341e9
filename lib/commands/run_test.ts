/**
 * The commands run against their edges passed in (`CommandDeps`): the clock, stderr and the output
 * writer are the test's, the Graph client is the real one against the local Graph server over
 * loopback HTTP (the factory is the real `createGraphClient`, counted).
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../../dev/sample/mod.ts";
import { createGraphClient } from "../graph/client.ts";
import type { CommandDeps } from "./deps.ts";
import { mfaServerReportMain } from "./mfa_server_report.ts";
import { parsePerUserMfaArgs, runPerUserMfa } from "./per_user_mfa.ts";
import { runComplianceReport } from "./compliance_report.ts";
import { REGISTRATION_REPORT_TASK, runRegistrationReportTask } from "./registration_report.ts";
import { signinsReportMain } from "./signins_report.ts";

const NOW = "2026-11-20T12:00:00Z";

/** Edges that keep what the command writes; Graph stays real. */
function captured(env: Record<string, string> = {}) {
  const out: { path: string | undefined; text: string }[] = [];
  const notes: string[] = [], warnings: string[] = [];
  let clients = 0;
  const deps: CommandDeps = {
    now: () => new Date(NOW),
    log: {
      note: (t) => void notes.push(t),
      warn: (t) => void warnings.push(t),
      error: (t) => void warnings.push(`error: ${t}`),
      plain: (t) => void notes.push(t),
      wrote: (file, holds) => void (file !== undefined && notes.push(`wrote ${file}: ${holds}`)),
    },
    status: () => ({ update() {}, done() {} }),
    progress: () => ({ update() {}, done() {} }),
    env: () => env,
    createGraphClient: (config) => {
      clients++;
      return createGraphClient(config);
    },
    writeOutput: async (path, produce) => {
      let text = "";
      await produce((t) => {
        text += t;
        return Promise.resolve();
      });
      out.push({ path, text });
    },
  };
  return { deps, out, notes, warnings, clients: () => clients };
}

Deno.test("mfa-server-report through its deps: the report goes to the writer, warnings to the log", async () => {
  const c = captured();
  const code = await mfaServerReportMain(
    ["--from", "testdata/mfa_server/all_codes.csv", "--format", "json"],
    c.deps,
  );
  assert.equal(code, 0);
  assert.equal(c.out.length, 1);
  assert.equal(c.out[0]!.path, undefined, "stdout");
  const doc = JSON.parse(c.out[0]!.text);
  assert.equal(doc.report, "mfa-server-activity");
  assert.ok(doc.totals.rows > 0);
  assert.equal(c.clients(), 0, "no Graph");
});

Deno.test("signins-report and registration-report through their deps, Graph over loopback HTTP", async () => {
  const server = await startGraphServer({ dataset: generateSampleTenant({ seed: 1, users: 30, days: 2 }) });
  try {
    const c = captured({ GRAPH_BASE_URL: server.url });
    const code = await signinsReportMain([
      "--auth",
      "none",
      "--since",
      "2d",
      "--format",
      "json",
      "-o",
      "r.json",
    ], c.deps);
    assert.equal(code, 0, c.warnings.join("\n"));
    assert.equal(c.clients(), 1);
    assert.deepEqual(c.out.map((o) => o.path), ["r.json"], "written through the writer only");
    const report = JSON.parse(c.out[0]!.text);
    assert.equal(report.generatedAt, "2026-11-20T12:00:00Z", "the deps clock is the report clock");
    assert.deepEqual(report.window, {
      from: "2026-11-18T12:00:00Z",
      to: "2026-11-20T12:00:00Z",
      basis: "requested",
    });
    assert.ok(report.totals.signIns > 0);
    assert.equal(report.sources[0].url, server.url, "GRAPH_BASE_URL from the deps environment");

    const r = captured({ GRAPH_BASE_URL: server.url });
    assert.equal(await runRegistrationReportTask(["--auth", "none", "--format", "json"], r.deps), 0);
    assert.equal(r.clients(), 1);
    const reg = JSON.parse(r.out[0]!.text);
    assert.ok(reg.generatedAt.startsWith("2026-11-20T12:00:00"), "the deps clock is the report time");
    assert.ok(reg.totals.inScope > 0);
    assert.ok(r.notes.some((n) => n.includes("in-scope users registered")), REGISTRATION_REPORT_TASK);
  } finally {
    await server.close();
  }
});

Deno.test("compliance-report through its deps: no Graph client when every input is a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/c.jsonc`,
      '{ "rules": [{ "id": "ro", "check": "caReportOnlyDays", "threshold": 30 }] }',
    );
    await Deno.writeTextFile(
      `${dir}/ca.json`,
      JSON.stringify({
        value: [{
          id: "p1",
          displayName: "Compliant device",
          state: "enabledForReportingButNotEnforced",
          createdDateTime: "2026-09-21T12:00:00Z",
        }],
      }),
    );
    const c = captured();
    const code = await runComplianceReport(
      ["--policy", `${dir}/c.jsonc`, "--ca-policies-from", `${dir}/ca.json`, "--json", "c.json"],
      { githubStepSummary: null, azurePipelines: false },
      c.deps,
    );
    assert.equal(code, 3, "60 days report-only (by the deps clock) fails the 30-day rule");
    assert.equal(c.clients(), 0);
    assert.deepEqual(c.out.map((o) => o.path), ["c.json", undefined]);
    const doc = JSON.parse(c.out[0]!.text);
    assert.deepEqual(doc.rules.map((r: { actual: number }) => r.actual), [60]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("per-user-mfa through its deps: the deps clock, environment, log and writer; Graph over loopback HTTP", async () => {
  const dataset = generateSampleTenant({ seed: 7, users: 40, days: 1, signInsPerUserPerDay: 0 });
  const server = await startGraphServer({ dataset });
  try {
    const c = captured({ GRAPH_BASE_URL: server.url });
    const argv = [
      "--auth",
      "none",
      "--budget",
      "0",
      "--state",
      "enabled,enforced,disabled,unknown",
      "-o",
      "s.json",
    ];
    assert.equal(
      await runPerUserMfa(parsePerUserMfaArgs([...argv, "--verbose"]), c.deps),
      0,
      c.warnings.join("\n"),
    );
    assert.equal(c.clients(), 1);
    assert.deepEqual(c.out.map((o) => o.path), ["s.json"], "written through the writer only");
    const doc = JSON.parse(c.out[0]!.text);
    assert.equal(doc.generatedAt.slice(0, 19), NOW.slice(0, 19), "the deps clock is the report time");
    assert.equal(doc.usersRead, 40);
    const byState = Object.values(dataset.perUserMfa ?? {}).filter((s) =>
      s.perUserMfaState === "enforced"
    ).length;
    assert.equal(doc.counts.enforced, byState);
    assert.ok(c.notes.some((n) => n.startsWith("Per-user MFA of 40 users: ")), c.notes.join("\n"));
    assert.ok(
      c.notes.some((n) => /^Graph: \d+ requests, 0 retries, 0 throttled, \d+ bytes$/.test(n)),
      "--verbose",
    );
    assert.ok(c.notes.at(-1)!.startsWith("wrote s.json: "), "the last line names the file");
  } finally {
    await server.close();
  }
});
