import assert from "node:assert/strict";
import {
  classifyMfaServerCallResult,
  isMfaServerCallResult,
  isMfaServerChannel,
  isMfaServerOutcome,
  MFA_SERVER_CALL_RESULT_CODES,
  MFA_SERVER_CALL_RESULTS,
  MFA_SERVER_CHANNELS,
  type MfaServerCallResultCode,
  type MfaServerChannel,
  type MfaServerOutcome,
} from "./mfa_server_call_result.ts";
import reference from "../../testdata/classify/mfa-server-call-results.json" with { type: "json" };

/** The reference's authOutcome vocabulary, translated to ours. */
const OUTCOME_OF: Record<string, MfaServerOutcome> = {
  success: "allowed",
  failure: "denied",
  pending: "pending",
  depends: "depends",
};

Deno.test("MFA_SERVER_CALL_RESULTS holds exactly the 45 reference codes, in reference order", () => {
  assert.equal(reference.codes.length, 45);
  assert.deepEqual([...MFA_SERVER_CALL_RESULT_CODES], reference.codes.map((c) => c.code));
});

Deno.test("classifyMfaServerCallResult() maps every reference code to the reference outcome, channel and label", async (t) => {
  for (const ref of reference.codes) {
    await t.step(ref.code, () => {
      const c = classifyMfaServerCallResult(ref.code);
      assert.equal(c.kind, "known");
      if (c.kind !== "known") return;
      assert.equal(c.code, ref.code);
      assert.equal(c.outcome, OUTCOME_OF[ref.authOutcome]);
      assert.equal(c.channel, ref.channel);
      assert.equal(c.label, ref.label);
      assert.ok(c.meaning.length > 0);
    });
  }
});

Deno.test("classifyMfaServerCallResult() maps every reference label to its code", async (t) => {
  for (const ref of reference.codes) {
    await t.step(ref.label, () => {
      const c = classifyMfaServerCallResult(ref.label);
      assert.equal(c.kind === "known" ? c.code : c.kind, ref.code);
    });
  }
});

const CASES: { name: string; raw: unknown; code: MfaServerCallResultCode | "unknown" }[] = [
  { name: "lower case", raw: "success_used_cache", code: "SUCCESS_USED_CACHE" },
  {
    name: "surrounding whitespace and CRLF",
    raw: "  FAILED_FRAUD_REPORTED\r\n",
    code: "FAILED_FRAUD_REPORTED",
  },
  { name: "spaces instead of underscores", raw: "failed phone app denied", code: "FAILED_PHONE_APP_DENIED" },
  { name: "hyphens instead of underscores", raw: "CONFIG-ISSUE", code: "CONFIG_ISSUE" },
  { name: "label in other case", raw: "USED IP-BASED CACHE", code: "SUCCESS_USED_IP_BASED_CACHE" },
  { name: "label with extra spaces", raw: "  Text   message sent ", code: "SUCCESS_SMS_SENT" },
  {
    name: "label with an en dash",
    raw: "No phone input \u2013 timed out",
    code: "SUCCESS_NO_PIN_BUT_TIMEOUT",
  },
  {
    name: "full-width letters (NFKC)",
    raw: "\uff23\uff2f\uff2e\uff26\uff29\uff27_ISSUE",
    code: "CONFIG_ISSUE",
  },
  { name: "unknown future code", raw: "FAILED_QUANTUM_ENTANGLEMENT", code: "unknown" },
  { name: "prefix only", raw: "SUCCESS", code: "unknown" },
  { name: "empty string", raw: "", code: "unknown" },
  { name: "whitespace only", raw: "   ", code: "unknown" },
  { name: "Object prototype key", raw: "constructor", code: "unknown" },
  { name: "number", raw: 42, code: "unknown" },
  { name: "null", raw: null, code: "unknown" },
  { name: "undefined", raw: undefined, code: "unknown" },
  { name: "object", raw: { code: "CONFIG_ISSUE" }, code: "unknown" },
];

Deno.test("classifyMfaServerCallResult() normalises case and whitespace and never throws", async (t) => {
  for (const c of CASES) {
    await t.step(`classifyMfaServerCallResult() maps ${c.name} to ${c.code}`, () => {
      const r = classifyMfaServerCallResult(c.raw);
      if (c.code === "unknown") {
        assert.equal(r.kind, "unknown");
        if (r.kind === "unknown") assert.equal(r.raw, c.raw, "raw value kept as given");
      } else {
        assert.equal(r.kind === "known" ? r.code : r.kind, c.code);
      }
    });
  }
});

Deno.test("MFA_SERVER_CALL_RESULTS: SUCCESS_ prefix is not always an allowed sign-in", () => {
  // Worked out from the reference notes: 18 SUCCESS_ codes, of which 9 allow the sign-in.
  const success = MFA_SERVER_CALL_RESULT_CODES.filter((c) => c.startsWith("SUCCESS_"));
  assert.equal(success.length, 18);
  const allowed = success.filter((c) => MFA_SERVER_CALL_RESULTS[c].outcome === "allowed");
  assert.equal(allowed.length, 9);
  assert.equal(MFA_SERVER_CALL_RESULTS.SUCCESS_USER_BLOCKED.outcome, "denied");
  assert.equal(MFA_SERVER_CALL_RESULTS.SUCCESS_NO_PIN_BUT_TIMEOUT.outcome, "denied");
  assert.equal(MFA_SERVER_CALL_RESULTS.SUCCESS_OATH_CODE_PENDING.outcome, "pending");
  assert.equal(MFA_SERVER_CALL_RESULTS.SUCCESS_WITH_PIN.outcome, "depends");
  // Every FAILED_ code and CONFIG_ISSUE is a denial.
  for (const c of MFA_SERVER_CALL_RESULT_CODES.filter((c) => !c.startsWith("SUCCESS_"))) {
    assert.equal(MFA_SERVER_CALL_RESULTS[c].outcome, "denied", c);
  }
});

Deno.test("isMfaServerChannel() and isMfaServerOutcome() accept exactly the table's values", () => {
  const channels = new Set<MfaServerChannel>(
    MFA_SERVER_CALL_RESULT_CODES.map((c) => MFA_SERVER_CALL_RESULTS[c].channel),
  );
  assert.deepEqual([...channels].sort(), Object.keys(MFA_SERVER_CHANNELS).sort());
  for (const ch of channels) assert.ok(isMfaServerChannel(ch));
  assert.ok(!isMfaServerChannel("hasOwnProperty"));
  for (const o of ["allowed", "denied", "pending", "depends"]) assert.ok(isMfaServerOutcome(o));
  assert.ok(!isMfaServerOutcome("unknown"));
  assert.ok(!isMfaServerCallResult(undefined));
});
