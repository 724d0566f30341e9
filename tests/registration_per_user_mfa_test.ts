/**
 * `registration-report --per-user-mfa`: the closing section on legacy per-user MFA still on
 * alongside Conditional Access, over real HTTP against the local Graph server (sample tenant),
 * in Markdown and JSON; absent without the option (no per-user calls); refused with `--from`.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { REGISTRATION_REPORT_SCHEMA } from "../lib/registration/report_schema.ts";
import { runDenoTask } from "./_run_task.ts";

const dataset = generateSampleTenant({ seed: 7, users: 120, days: 1, signInsPerUserPerDay: 0 });
const TOKEN = "registration-per-user-mfa-token";
const env = { GRAPH_ACCESS_TOKEN: TOKEN };

/** In-scope (enabled) users by state, from the dataset. */
function expected() {
  const enabledIds = new Set(
    dataset.users.filter((u) => u.accountEnabled === true).map((u) => u.id as string),
  );
  const counts: Record<string, number> = { disabled: 0, enabled: 0, enforced: 0, unknown: 0 };
  for (const [id, o] of Object.entries(dataset.perUserMfa ?? {})) {
    if (!enabledIds.has(id)) continue;
    const s = String(o.perUserMfaState);
    counts[s in counts ? s : "unknown"]!++;
  }
  return { inScope: enabledIds.size, counts };
}

Deno.test("registration-report --per-user-mfa ends with the per-user MFA section (Markdown and JSON agree with the tenant)", async () => {
  const server = await startGraphServer({ dataset, token: TOKEN });
  try {
    const want = expected();
    const md = await runDenoTask("registration-report", [
      "--graph-url",
      server.url,
      "--budget",
      "0",
      "--per-user-mfa",
    ], {
      env,
    });
    assert.equal(md.code, 0, md.stderr);
    const at = md.stdout.indexOf("## Per-user MFA still enforced alongside Conditional Access");
    assert.ok(at > 0, "the section is there");
    assert.equal(md.stdout.indexOf("\n## ", at + 1), -1, "and it is the last section");
    const section = md.stdout.slice(at);
    const on = want.counts.enabled! + want.counts.enforced!;
    assert.match(
      section,
      new RegExp(
        `${on} of ${want.inScope} in-scope users still have legacy per-user MFA enabled or enforced while \\d+ enabled Conditional Access polic`,
      ),
    );
    assert.match(section, new RegExp(`\\| Enforced \\| ${want.counts.enforced} \\|`));
    assert.match(section, /\| Require MFA for all users \|/);
    const calls = server.stats.recorded.filter((q) => q.url.includes("/authentication/requirements")).length;
    assert.equal(calls, want.inScope, "one call per in-scope user");

    const json = await runDenoTask("registration-report", [
      "--graph-url",
      server.url,
      "--budget",
      "0",
      "--per-user-mfa",
      "--format",
      "json",
    ], { env });
    assert.equal(json.code, 0, json.stderr);
    const doc = REGISTRATION_REPORT_SCHEMA.parse(JSON.parse(json.stdout));
    assert.deepEqual(doc.perUserMfa?.counts, want.counts);
    assert.equal(doc.perUserMfa?.usersRead, want.inScope);
    assert.ok((doc.perUserMfa?.caPoliciesRequiringMfa ?? []).includes("Require MFA for all users"));
  } finally {
    await server.close();
  }
});

Deno.test("registration-report without --per-user-mfa makes no per-user calls and has no such section", async () => {
  const server = await startGraphServer({ dataset, token: TOKEN });
  try {
    const r = await runDenoTask("registration-report", ["--graph-url", server.url, "--budget", "0"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /Per-user MFA still enforced/);
    assert.equal(server.stats.recorded.filter((q) => q.url.includes("/requirements")).length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("registration-report --per-user-mfa with --from is a usage error", async () => {
  const r = await runDenoTask("registration-report", [
    "--from",
    "testdata/registration/registration_export.csv",
    "--per-user-mfa",
  ]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /Cannot use --per-user-mfa with --from/);
});
