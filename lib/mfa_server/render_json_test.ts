import assert from "node:assert/strict";
import { toJson } from "../report/mod.ts";
import { summarizeMfaServerActivity } from "./aggregate.ts";
import { readMfaServerActivityFile } from "./reader.ts";
import { MFA_SERVER_REPORT_SCHEMA_VERSION, mfaServerReportJson } from "./render_json.ts";

const FIXTURE = new URL("../../testdata/mfa_server/all_codes.csv", import.meta.url).pathname;

Deno.test("mfaServerReportJson() carries the schema fields with the hand-computed totals", async () => {
  const j = JSON.parse(
    toJson(mfaServerReportJson(await summarizeMfaServerActivity(readMfaServerActivityFile(FIXTURE)))),
  );
  assert.equal(j.schemaVersion, MFA_SERVER_REPORT_SCHEMA_VERSION);
  assert.equal(j.schemaVersion, 1);
  assert.deepEqual(j.totals, {
    rows: 51,
    allowed: 11,
    denied: 33,
    pending: 2,
    depends: 2,
    unknown: 3,
    badRows: 1,
  });
  assert.equal(Object.keys(j.codes).length, 45);
  assert.equal(j.codes.SUCCESS_USED_CACHE, 2);
  assert.equal(j.codes.CONFIG_ISSUE, 1);
  assert.deepEqual(Object.keys(j.codes).slice(0, 3), [
    "FAILED_PHONE_APP_DENIED",
    "SUCCESS_PHONE_APP_AUTHENTICATED",
    "SUCCESS_USED_CACHE",
  ], "count descending, then code");
  assert.deepEqual(j.unknownCodes, [
    { value: "FAILED_QUANTUM_ENTANGLEMENT", count: 2, firstSeen: `${FIXTURE}:49` },
    { value: "42", count: 1, firstSeen: `${FIXTURE}:51` },
  ]);
  assert.deepEqual(j.channels, {
    phoneCall: 11,
    mobileApp: 10,
    oath: 8,
    sms: 6,
    cache: 4,
    fraud: 2,
    securityQuestions: 2,
    service: 2,
    blocked: 1,
    bypass: 1,
    timeout: 1,
  });
  const channelSum = Object.values(j.channels as Record<string, number>).reduce((a, b) => a + b, 0);
  assert.equal(channelSum, j.totals.rows - j.totals.unknown);
  assert.equal(j.timeZone, "UTC");
  assert.equal(j.fraud.count, 2);
  assert.equal(j.bypass.listed[0].user, "erin@fabrikam.example");
});
