import assert from "node:assert/strict";
import { summarizeMfaServerActivity } from "./aggregate.ts";
import { readMfaServerActivityFile } from "./reader.ts";
import { mfaServerCodesCsv } from "./render_csv.ts";

const CODES = new URL("../../testdata/mfa_server/codes_only.txt", import.meta.url).pathname;

Deno.test("mfaServerCodesCsv() lists all 45 codes plus unknown values, counts descending then code", async () => {
  const csv = mfaServerCodesCsv(await summarizeMfaServerActivity(readMfaServerActivityFile(CODES)));
  const lines = csv.split("\r\n");
  assert.equal(lines.at(-1), "", "ends with CRLF");
  const records = lines.slice(1, -1);
  assert.equal(records.length, 45 + 1);
  // codes_only.txt: SUCCESS_USED_CACHE twice, FAILED_FRAUD_REPORTED once, FAILED_SOMETHING_NEW once.
  assert.deepEqual(records.slice(0, 3).map((l) => l.split(",").slice(0, 5)), [
    ["SUCCESS_USED_CACHE", "Used cache", "cache", "allowed", "2"],
    ["FAILED_FRAUD_REPORTED", "Fraud reported", "fraud", "denied", "1"],
    ["FAILED_SOMETHING_NEW", "", "", "unknown", "1"],
  ]);
  const zeros = records.slice(3).map((l) => l.split(",")[0]!);
  assert.ok(records.slice(3).every((l) => l.split(",")[4] === "0"));
  assert.deepEqual(zeros, [...zeros].sort(), "zero-count codes in code order");
  assert.ok(!csv.startsWith("\uFEFF"));
  assert.ok(mfaServerCodesCsv(await summarizeMfaServerActivity([]), { bom: true }).startsWith("\uFEFFcode,"));
});
