import assert from "node:assert/strict";
import { isMfaServerCallResult, MFA_SERVER_CALL_RESULTS } from "../classify/mfa_server_call_result.ts";
import { attentionOf, MFA_SERVER_ATTENTION } from "./attention.ts";
import { MFA_SERVER_PORTAL_REPORTS } from "./successors.ts";

Deno.test("MFA_SERVER_ATTENTION groups agree with the classifier's channels and outcomes", async (t) => {
  for (const [code, group] of Object.entries(MFA_SERVER_ATTENTION)) {
    await t.step(`attentionOf() puts ${code} in ${group}`, () => {
      assert.ok(isMfaServerCallResult(code));
      assert.equal(attentionOf(code), group);
      const e = MFA_SERVER_CALL_RESULTS[code];
      if (group === "fraud") assert.equal(e.channel, "fraud");
      if (group === "bypass") assert.equal(e.channel, "bypass");
      if (group === "cache") assert.equal(e.channel, "cache");
      if (group === "cache" || group === "bypass") assert.equal(e.outcome, "allowed");
      else assert.equal(e.outcome, "denied");
    });
  }
});

Deno.test("attentionOf() covers every fraud, cache and bypass channel code", () => {
  for (const [code, e] of Object.entries(MFA_SERVER_CALL_RESULTS)) {
    if (!isMfaServerCallResult(code)) continue;
    if (e.channel === "fraud" || e.channel === "cache" || e.channel === "bypass" || e.channel === "blocked") {
      assert.ok(attentionOf(code) !== undefined, code);
    }
  }
  assert.equal(attentionOf("SUCCESS_OATH_CODE_VERIFIED"), undefined);
});

Deno.test("MFA_SERVER_PORTAL_REPORTS names the five seed reports, each with where its data lives now", () => {
  assert.deepEqual(Object.values(MFA_SERVER_PORTAL_REPORTS).map((r) => r.name), [
    "Blocked user history",
    "Usage and fraud alerts",
    "Usage for on-premises components",
    "Bypassed user history",
    "Server status",
  ]);
  for (const r of Object.values(MFA_SERVER_PORTAL_REPORTS)) assert.ok(r.today.length > 0, r.name);
  assert.equal(MFA_SERVER_PORTAL_REPORTS.serverStatus.successor, "none");
});
