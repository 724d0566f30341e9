/**
 * End-to-end test of the README's first quick-start command: `deno task demo` runs every report
 * against the built-in sample tenant over loopback HTTP and writes them into demo-reports/.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, runDenoTask } from "./_run_task.ts";

const EXPECTED_FILES = [
  "compliance-report-log-analytics.md",
  "compliance-report.html",
  "compliance-report.json",
  "compliance-report.md",
  "compliance-report.xml",
  "mfa-server-report.html",
  "mfa-server-report.json",
  "mfa-server-report.md",
  "per-user-mfa.txt",
  "registered-users.txt",
  "registration-report.html",
  "registration-report.json",
  "registration-report.md",
  "signins-report-log-analytics.json",
  "signins-report.html",
  "signins-report.json",
  "signins-report.md",
  "unregistered-users.csv",
  "unregistered-users.txt",
];

Deno.test("deno task demo writes every report from the sample tenant and exits 0", async () => {
  const dir = `${PROJECT_ROOT}demo-reports`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const r = await runDenoTask("demo", []);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "", "reports go to files, notes to stderr");
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  assert.deepEqual(names.sort(), EXPECTED_FILES);

  const registered = (await Deno.readTextFile(`${dir}/registered-users.txt`)).trimEnd().split("\n");
  const unregistered = (await Deno.readTextFile(`${dir}/unregistered-users.txt`)).trimEnd().split("\n");
  assert.ok(registered.length > 0 && unregistered.length > 0);
  assert.equal(registered.filter((u) => unregistered.includes(u)).length, 0, "no user is in both lists");
  const perUser = (await Deno.readTextFile(`${dir}/per-user-mfa.txt`)).trimEnd().split("\n");
  assert.ok(perUser.length > 0 && perUser.every((u) => u.endsWith("@contoso.example")), perUser.join(","));
  assert.match(
    await Deno.readTextFile(`${dir}/registration-report.md`),
    /## Per-user MFA still enforced alongside Conditional Access/,
  );
  for (const u of [...registered, ...unregistered]) assert.match(u, /@contoso\.example$/);

  const signins = await Deno.readTextFile(`${dir}/signins-report.md`);
  assert.match(signins, /```mermaid/, "the report has Mermaid charts");
  const json = JSON.parse(await Deno.readTextFile(`${dir}/signins-report.json`));
  assert.equal(typeof json.schemaVersion, "number");
  assert.ok(json.totals.signIns > 0 && json.totals.rows >= json.totals.signIns);
  // the same sample tenant read from the local Log Analytics endpoint, counted there
  const la = JSON.parse(await Deno.readTextFile(`${dir}/signins-report-log-analytics.json`));
  assert.equal(la.sources[0].kind, "log-analytics");
  assert.ok(la.sources[0].groupedSignIns > 0 && la.sources[0].rows < la.totals.rows);
  const compliance = await Deno.readTextFile(`${dir}/compliance-report.md`);
  const viaLa = await Deno.readTextFile(`${dir}/compliance-report-log-analytics.md`);
  assert.ok(viaLa.length > 0 && compliance.length > 0);

  // One clock for every report of the run, written the same way everywhere.
  const clock = "2026-11-20T12:00:00Z";
  for (const f of ["signins-report", "registration-report", "compliance-report"]) {
    for (const ext of ["md", "html"]) {
      const text = await Deno.readTextFile(`${dir}/${f}.${ext}`);
      assert.ok(
        text.includes(`Generated ${clock}`) || text.includes(`**Generated:** ${clock}`) ||
          text.includes(`<strong>Generated:</strong> ${clock}`),
        `${f}.${ext} is dated ${clock}`,
      );
      assert.doesNotMatch(text, /\d{2}:\d{2}:\d{2}\.\d{3}Z/, `${f}.${ext}: no millisecond timestamps`);
    }
  }
  for (const f of ["signins-report", "registration-report", "compliance-report"]) {
    assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/${f}.json`)).generatedAt, clock, `${f}.json`);
  }
  // Answers first: each Markdown report opens with the summary, before its first table.
  for (const f of ["signins-report", "registration-report", "mfa-server-report", "compliance-report"]) {
    const md = await Deno.readTextFile(`${dir}/${f}.md`);
    assert.ok(md.indexOf("## Answers first") > 0 && md.indexOf("## Answers first") < md.indexOf("\n| "), f);
  }
});
