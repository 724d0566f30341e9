import assert from "node:assert/strict";
import type { z } from "zod";
import { Ajv2020 } from "ajv/dist/2020.js";
import { buildJsonSchemas, JSON_SCHEMA_FILES, SCHEMA_DIR } from "../lib/json_schema/build.ts";
import { parseJsonc } from "../lib/io/jsonc.ts";
import { newExportState, parseExportState } from "../lib/export/state.ts";
import { parsePolicy } from "../lib/compliance/policy.ts";
import { REGISTRATION_REPORT_SCHEMA } from "../lib/registration/report_schema.ts";
import { COMPLIANCE_REPORT_SCHEMA } from "../lib/compliance/report_schema.ts";
import { SIGNINS_REPORT_SCHEMA } from "../lib/signins_report/report_schema.ts";
import { MFA_SERVER_REPORT_SCHEMA } from "../lib/mfa_server/report_schema.ts";
import type { SigninsReport } from "../lib/signins_report/report.ts";
import type { MfaServerReportJson } from "../lib/mfa_server/render_json.ts";
import { PROJECT_ROOT, runDenoTask } from "./_run_task.ts";
import type { RegistrationReportJson } from "../lib/registration/report_json.ts";
import type { ComplianceReportJson } from "../lib/compliance/report_json.ts";

const ROOT = new URL("../", import.meta.url);
const committed = (file: string) => Deno.readTextFile(new URL(`${SCHEMA_DIR}/${file}`, ROOT));

async function validator(file: string) {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    // RFC 3339 date-time and full-date (ajv-formats is not needed for the two formats the schemas use)
    formats: {
      "date-time": /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
      date: /^\d{4}-\d\d-\d\d$/,
    },
  });
  return ajv.compile(JSON.parse(await committed(file)));
}

Deno.test("schemas/*.schema.json are what the zod schemas generate (else: deno task schemas)", async (t) => {
  const built = buildJsonSchemas();
  assert.deepEqual([...built.keys()], JSON_SCHEMA_FILES.map((f) => f.file));
  for (const [file, text] of built) {
    await t.step(file, async () => {
      assert.equal(await committed(file), text, `${SCHEMA_DIR}/${file} is stale: run deno task schemas`);
    });
  }
});

Deno.test("the policy JSON Schema accepts the example and test policies, and refuses what parsePolicy() refuses", async (t) => {
  const validate = await validator("compliance-policy.schema.json");
  for (
    const file of [
      "examples/compliance.jsonc",
      "testdata/compliance/passing.jsonc",
      "testdata/compliance/violated.jsonc",
    ]
  ) {
    await t.step(file, async () => {
      const text = await Deno.readTextFile(new URL(file, ROOT));
      const doc = parseJsonc(text, file, "compliance policy");
      assert.equal(validate(doc.value), true, JSON.stringify(validate.errors));
      assert.ok(parsePolicy(text, file).rules.length > 0);
    });
  }
  const BAD = [
    '{ "rule": [] }',
    '{ "rules": [] }',
    '{ "rules": [{ "id": "a", "check": "mfaCapablePercent", "threshold": 101 }] }',
    '{ "rules": [{ "id": "a", "check": "adminsWithoutMfa", "threshold": 0.5 }] }',
    '{ "rules": [{ "id": "a", "check": "adminsWithoutMfa", "treshold": 0 }] }',
    '{ "rules": [{ "id": "a b", "check": "phoneOnlyUsers", "threshold": 1 }] }',
    '{ "rules": [{ "id": "a", "check": "mfaEverywhere", "threshold": 0 }] }',
    '{ "scope": { "includeGuests": "yes" }, "rules": [{ "id": "a", "check": "phoneOnlyUsers", "threshold": 1 }] }',
  ];
  for (const text of BAD) {
    await t.step(`refuses ${text}`, () => {
      assert.equal(validate(JSON.parse(text)), false);
      assert.throws(() => parsePolicy(text, "c.jsonc"), { name: "InputError" });
    });
  }
});

Deno.test("the export-state JSON Schema accepts a checkpoint the export writes", async () => {
  const validate = await validator("signins-export-state.schema.json");
  const s = newExportState({
    graphRoot: "http://127.0.0.1:8787",
    top: 500,
    window: { fromMs: Date.parse("2026-11-01T00:00:00Z"), toMs: Date.parse("2026-11-02T00:00:00Z") },
    eventTypes: ["interactiveUser", "nonInteractiveUser"],
    gzip: true,
    slices: [{
      eventType: "nonInteractiveUser",
      fromMs: Date.parse("2026-11-01T00:00:00Z"),
      toMs: Date.parse("2026-11-01T06:00:00Z"),
    }],
    now: new Date("2026-11-02T00:00:00Z"),
  });
  s.tenant = "00000000-0000-0000-0000-000000000001";
  s.bytes = 100;
  s.slices[0] = {
    ...s.slices[0]!,
    pages: 1,
    signIns: 3,
    firstByte: 0,
    nextLink: "http://127.0.0.1:8787/beta/x",
  };
  const json = JSON.parse(JSON.stringify(s));
  assert.equal(validate(json), true, JSON.stringify(validate.errors));
  assert.deepEqual(parseExportState(JSON.stringify(s), "s.json"), s);
  assert.equal(validate({ ...json, runs: 2 ** 53 - 1 }), false, "the bounds are in the JSON Schema too");
  assert.equal(validate({ ...json, extra: 1 }), false, "the file's keys are fixed");
});

Deno.test("deno task demo writes JSON outputs that match their committed JSON Schema and zod schema", async (t) => {
  const r = await runDenoTask("demo", []);
  assert.equal(r.code, 0, r.stderr);
  const OUTPUTS: { file: string; schema: string; zod: z.ZodType }[] = [
    {
      file: "registration-report.json",
      schema: "registration-report.schema.json",
      zod: REGISTRATION_REPORT_SCHEMA,
    },
    {
      file: "compliance-report.json",
      schema: "compliance-report.schema.json",
      zod: COMPLIANCE_REPORT_SCHEMA,
    },
    { file: "signins-report.json", schema: "signins-report.schema.json", zod: SIGNINS_REPORT_SCHEMA },
    {
      file: "signins-report-log-analytics.json",
      schema: "signins-report.schema.json",
      zod: SIGNINS_REPORT_SCHEMA,
    },
  ];
  for (const o of OUTPUTS) {
    await t.step(o.file, async () => {
      const json = JSON.parse(await Deno.readTextFile(`${PROJECT_ROOT}demo-reports/${o.file}`));
      const validate = await validator(o.schema);
      assert.equal(validate(json), true, JSON.stringify(validate.errors));
      const parsed = o.zod.safeParse(json);
      assert.ok(parsed.success, parsed.error?.message ?? "");
      assert.equal(validate({ ...json, unexpected: 1 }), false, "the output's keys are fixed");
    });
  }
});

Deno.test("what the JSON builders return fits the output schemas (checked by the type checker)", () => {
  type Fits<T, S> = T extends S ? true : false;
  const registration: Fits<
    RegistrationReportJson & { schemaVersion: 1 },
    z.input<typeof REGISTRATION_REPORT_SCHEMA>
  > = true;
  const compliance: Fits<
    ComplianceReportJson & { schemaVersion: 1 },
    z.input<typeof COMPLIANCE_REPORT_SCHEMA>
  > = true;
  const signins: Fits<SigninsReport, z.input<typeof SIGNINS_REPORT_SCHEMA>> = true;
  const mfaServer: Fits<MfaServerReportJson, z.input<typeof MFA_SERVER_REPORT_SCHEMA>> = true;
  assert.deepEqual([registration, compliance, signins, mfaServer], [true, true, true, true]);
});

/** Runs a task to a JSON file and checks it against the committed JSON Schema and the zod schema. */
async function checkTaskJson(task: string, args: string[], schema: string, zod: z.ZodType): Promise<unknown> {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/r.json`;
    const r = await runDenoTask(task, [...args, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(await Deno.readTextFile(out));
    const validate = await validator(schema);
    assert.equal(validate(json), true, JSON.stringify(validate.errors));
    const parsed = zod.safeParse(json);
    assert.ok(parsed.success, parsed.error?.message ?? "");
    assert.equal(validate({ ...json, unexpected: 1 }), false, "the output's keys are fixed");
    return json;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("signins-report JSON from real inputs (every layout, redaction, registration join) fits its schemas", async (t) => {
  const FIX = "testdata/signins_report";
  const reg = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(
    reg,
    JSON.stringify([
      {
        id: "u-ana",
        userPrincipalName: "ana@contoso.example",
        isMfaRegistered: true,
        methodsRegistered: ["fido2"],
      },
      { id: "u-bo", userPrincipalName: "bo@contoso.example", isMfaRegistered: false, methodsRegistered: [] },
    ]),
  );
  try {
    const CASES: { name: string; args: string[] }[] = [
      { name: "Graph NDJSON", args: ["--from", `${FIX}/six_signins.ndjson`] },
      {
        name: "portal CSV downloads",
        args: [
          "--from",
          `${FIX}/InteractiveSignIns_2026-11-20_2026-11-21.csv`,
          `${FIX}/NonInteractiveSignIns_2026-11-20_2026-11-21.csv`,
        ],
      },
      { name: "Log Analytics CSV", args: ["--from", `${FIX}/six_signins_la.csv`] },
      { name: "odd values", args: ["--from", `${FIX}/odd_values.ndjson`, "--max-bad-rows", "100%"] },
      {
        name: "redacted, with registration",
        args: ["--from", `${FIX}/six_signins.ndjson`, "--redact", "--with-registration", reg, "--top", "1"],
      },
    ];
    for (const c of CASES) {
      await t.step(c.name, async () => {
        const j = await checkTaskJson(
          "signins-report",
          c.args,
          "signins-report.schema.json",
          SIGNINS_REPORT_SCHEMA,
        );
        assert.ok((j as SigninsReport).totals.rows > 0);
      });
    }
  } finally {
    await Deno.remove(reg);
  }
});

Deno.test("mfa-server-report JSON from real exports (CSV in several languages, code lists) fits its schemas", async (t) => {
  for (
    const file of [
      "all_codes.csv",
      "codes_only.txt",
      "french_semicolon.csv",
      "german_utf16le.csv",
      "korean_utf16be.csv",
      "doc_labels.csv",
    ]
  ) {
    await t.step(file, async () => {
      const j = await checkTaskJson(
        "mfa-server-report",
        ["--from", `testdata/mfa_server/${file}`],
        "mfa-server-report.schema.json",
        MFA_SERVER_REPORT_SCHEMA,
      );
      assert.ok((j as MfaServerReportJson).totals.rows > 0);
    });
  }
});
