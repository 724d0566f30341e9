import assert from "node:assert/strict";
import { MFA_SERVER_CALL_RESULT_CODES } from "../classify/mfa_server_call_result.ts";
import { createMfaServerTally, OTHER_UNKNOWN, summarizeMfaServerActivity } from "./aggregate.ts";
import { readMfaServerActivityFile } from "./reader.ts";
import type { MfaServerRecord } from "./reader.ts";

const FIXTURE = new URL("../../testdata/mfa_server/all_codes.csv", import.meta.url).pathname;

/*
 * How testdata/mfa_server/all_codes.csv is built (worked out by hand from the reference table,
 * not from this code):
 *
 * Data rows 1-45 (file lines 2-46): each of the 45 codes once, in reference order.
 *   Reference outcomes: 9 success, 32 failure, 2 pending (SUCCESS_SMS_SENT, SUCCESS_OATH_CODE_PENDING),
 *   2 depends (SUCCESS_WITH_PIN, SUCCESS_NO_PIN).
 *   Users: SUCCESS_USER_BLOCKED -> carol; both fraud codes -> dave; SUCCESS_BYPASSED_AUTH -> erin;
 *   the other 16 SUCCESS_ codes -> alice; the other 25 FAILED_/CONFIG_ISSUE codes -> bob.
 *   Days (M/D/YYYY h:mm:ss AM): rows 1-15 on 3/4/2024, 16-30 on 3/5, 31-45 on 3/6; hour 8 + (row mod 4), minute = row.
 * Extra rows:
 *   46 (line 47) "ALICE@contoso.example", "  success_used_cache "  -> allowed, cache, same user as alice
 *   47 (line 48) carol, "Mobile app denied" (label text)          -> denied, mobileApp
 *   48 (line 49) bob,   "FAILED_QUANTUM_ENTANGLEMENT"             -> unknown
 *   49 (line 50) alice, "FAILED_QUANTUM_ENTANGLEMENT"             -> unknown
 *   50 (line 51) bob,   "42"                                      -> unknown
 *   51 (line 52) bob,   empty call result                         -> bad line
 *   52 (line 53) alice, date "yesterday-ish", SUCCESS_PHONE_APP_AUTHENTICATED -> allowed, invalid date
 *   rows 46-50 are on 3/6/2024 at 1:46-1:50 PM.
 */
const EXPECTED_TOTALS = {
  rows: 45 + 5 + 1, // rows 1-50 and 52
  allowed: 9 + 1 + 1, // reference successes + row 46 + row 52
  denied: 32 + 1, // reference failures + row 47
  pending: 2,
  depends: 2,
  unknown: 3,
  badRows: 1,
};

const EXPECTED_CHANNELS = {
  phoneCall: 11, // WITH_PIN, NO_PIN, WITH_PIN_BUT_TIMEOUT, NO_PIN_BUT_TIMEOUT, PIN_EXPIRED, INVALID_INPUT,
  // PHONE_BUSY, CONFIG_ISSUE, INVALID_PHONENUMBER, USER_HUNGUP_ON_US, INVALID_EXTENSION
  mobileApp: 8 + 2, // 8 PHONE_APP codes + rows 47 and 52
  oath: 8,
  sms: 6,
  cache: 3 + 1, // three cache codes + row 46
  fraud: 2,
  securityQuestions: 2,
  service: 2, // SERVER_ERROR, THROTTLED
  blocked: 1,
  bypass: 1,
  timeout: 1,
};

async function fixtureSummary(top = 10) {
  return await summarizeMfaServerActivity(readMfaServerActivityFile(FIXTURE), { top });
}

Deno.test("summarizeMfaServerActivity() totals the 45-code fixture as worked out by hand", async (t) => {
  const s = await fixtureSummary();

  await t.step(
    "summarizeMfaServerActivity() counts allowed, denied, pending, depends, unknown and bad rows",
    () => {
      assert.deepEqual(s.totals, EXPECTED_TOTALS);
      const { rows, allowed, denied, pending, depends, unknown } = s.totals;
      assert.equal(allowed + denied + pending + depends + unknown, rows);
    },
  );

  await t.step("summarizeMfaServerActivity() counts every code, twice-seen codes first", () => {
    assert.equal(s.codes.length, 45, "all 45 codes occur");
    assert.deepEqual(s.codes.slice(0, 3), [
      { code: "FAILED_PHONE_APP_DENIED", count: 2 },
      { code: "SUCCESS_PHONE_APP_AUTHENTICATED", count: 2 },
      { code: "SUCCESS_USED_CACHE", count: 2 },
    ]);
    const once = s.codes.slice(3);
    assert.ok(once.every((c) => c.count === 1));
    assert.deepEqual(once.map((c) => c.code), [...once.map((c) => c.code)].sort(), "ties in code order");
    assert.deepEqual(new Set(s.codes.map((c) => c.code)), new Set(MFA_SERVER_CALL_RESULT_CODES));
  });

  await t.step("summarizeMfaServerActivity() keeps and lists unknown codes", () => {
    assert.deepEqual(s.unknownCodes, [
      { value: "FAILED_QUANTUM_ENTANGLEMENT", count: 2, file: FIXTURE, line: 49 },
      { value: "42", count: 1, file: FIXTURE, line: 51 },
    ]);
  });

  await t.step("summarizeMfaServerActivity() counts rows per channel", () => {
    const got = Object.fromEntries(s.channels.map((c) => [c.channel, c.rows]));
    assert.deepEqual(got, EXPECTED_CHANNELS);
    assert.deepEqual(
      s.channels.map((c) => c.channel),
      [
        "phoneCall",
        "mobileApp",
        "oath",
        "sms",
        "cache",
        "fraud",
        "securityQuestions",
        "service",
        "blocked",
        "bypass",
        "timeout",
      ],
      "rows descending, then channel id",
    );
    const cache = s.channels.find((c) => c.channel === "cache");
    assert.deepEqual(cache, { channel: "cache", rows: 4, allowed: 4, denied: 0, pending: 0, depends: 0 });
    const phone = s.channels.find((c) => c.channel === "phoneCall");
    assert.deepEqual(phone, {
      channel: "phoneCall",
      rows: 11,
      allowed: 0,
      denied: 9,
      pending: 0,
      depends: 2,
    });
  });

  await t.step("summarizeMfaServerActivity() ranks users by denials, case-insensitively", () => {
    assert.deepEqual(s.users.topDenied, [
      { user: "bob@contoso.example", count: 25, rows: 27, topCode: "CONFIG_ISSUE" },
      { user: "alice@contoso.example", count: 4, rows: 19, topCode: "SUCCESS_INVALID_INPUT" },
      { user: "carol@fabrikam.example", count: 2, rows: 2, topCode: "FAILED_PHONE_APP_DENIED" },
      { user: "dave@contoso.example", count: 2, rows: 2, topCode: "FAILED_FRAUD_CODE_ENTERED" },
    ]);
    assert.equal(s.users.distinct, 5);
    assert.equal(s.users.rowsWithoutUser, 0);
  });

  await t.step(
    "summarizeMfaServerActivity() lists fraud reports, blocked users and bypasses with who and when",
    () => {
      assert.equal(s.events.fraud.count, 2);
      assert.deepEqual(
        s.events.fraud.listed.map((e) => [e.when, e.user, e.code, e.line]),
        [
          ["2024-03-05T08:24:00.000Z", "dave@contoso.example", "FAILED_FRAUD_CODE_ENTERED", 25],
          ["2024-03-06T09:33:00.000Z", "dave@contoso.example", "FAILED_FRAUD_REPORTED", 34],
        ],
      );
      assert.deepEqual(
        s.events.blocked.listed.map((e) => [e.when, e.user, e.code]),
        [
          ["2024-03-04T11:11:00.000Z", "carol@fabrikam.example", "SUCCESS_USER_BLOCKED"],
          ["2024-03-06T11:35:00.000Z", "bob@contoso.example", "FAILED_PHONE_APP_ALL_DEVICES_BLOCKED"],
        ],
      );
      assert.deepEqual(s.events.bypass, {
        count: 1,
        listed: [{
          kind: "bypass",
          code: "SUCCESS_BYPASSED_AUTH",
          file: FIXTURE,
          line: 8,
          user: "erin@fabrikam.example",
          when: "2024-03-04T11:07:00.000Z",
          application: "Contoso VPN, RADIUS",
          ip: "192.0.2.7",
          phone: "+1 4255550107",
        }],
      });
    },
  );

  await t.step("summarizeMfaServerActivity() counts cache successes and not-reached rows", () => {
    assert.deepEqual(s.cache, {
      count: 4,
      codes: [
        { code: "SUCCESS_USED_CACHE", count: 2 },
        { code: "SUCCESS_USED_APP_BASED_CACHE", count: 1 },
        { code: "SUCCESS_USED_IP_BASED_CACHE", count: 1 },
      ],
      topUsers: [{ user: "alice@contoso.example", count: 4, rows: 19, topCode: "SUCCESS_USED_CACHE" }],
      moreUsers: { users: 0, count: 0 },
    });
    // NO_PIN_BUT_TIMEOUT, WITH_PIN_BUT_TIMEOUT (alice); CONFIG_ISSUE, SMS_NOT_SENT, PHONE_APP_NO_RESPONSE,
    // PHONE_APP_NOTIFICATION_FAILED, OATH_TOKEN_TIMEOUT, SECURITY_QUESTIONS_TIMEOUT, AUTH_RESULT_TIMEOUT (bob)
    assert.equal(s.notReached.count, 9);
    assert.equal(s.notReached.codes.length, 9);
    assert.deepEqual(s.notReached.topUsers.map((u) => [u.user, u.count]), [
      ["bob@contoso.example", 7],
      ["alice@contoso.example", 2],
    ]);
  });

  await t.step("summarizeMfaServerActivity() builds the per-day trend in UTC", () => {
    assert.deepEqual(s.days, [
      { day: "2024-03-04", rows: 15, allowed: 6, denied: 5, pending: 2, depends: 2, unknown: 0 },
      { day: "2024-03-05", rows: 15, allowed: 3, denied: 12, pending: 0, depends: 0, unknown: 0 },
      { day: "2024-03-06", rows: 20, allowed: 1, denied: 16, pending: 0, depends: 0, unknown: 3 },
    ]);
    assert.deepEqual(s.timestamps, {
      parsed: 50,
      invalid: 1,
      missing: 0,
      first: "2024-03-04T08:04:00.000Z",
      last: "2024-03-06T13:50:00.000Z",
      invalidExamples: [{ value: "yesterday-ish", file: FIXTURE, line: 53 }],
    });
  });

  await t.step("summarizeMfaServerActivity() records the file and its bad line", () => {
    assert.deepEqual(s.files, [{
      file: FIXTURE,
      format: "csv",
      encoding: "utf-8",
      delimiter: ",",
      columns: {
        callResult: "Call Result",
        user: "Username",
        date: "Date/Time",
        method: "Authentication Type",
        application: "Application",
        ip: "IP Address",
        phone: "Phone",
      },
      rows: 51,
      badRows: 1,
    }]);
    assert.deepEqual(s.badRowExamples, [{ file: FIXTURE, line: 52, reason: "empty call result" }]);
  });
});

Deno.test("summarizeMfaServerActivity() limits rankings to --top", async () => {
  const s = await fixtureSummary(2);
  assert.deepEqual(s.users.topDenied.map((u) => u.user), ["bob@contoso.example", "alice@contoso.example"]);
  assert.equal(s.top, 2);
  // Every denied user is either listed or counted in the "more" row.
  const all = await fixtureSummary(1000);
  const deniedUsers = all.users.topDenied.length;
  const deniedRows = all.users.topDenied.reduce((n, u) => n + u.count, 0);
  assert.equal(s.users.moreDenied.users, deniedUsers - 2);
  assert.equal(s.users.topDenied.reduce((n, u) => n + u.count, 0) + s.users.moreDenied.count, deniedRows);
  assert.deepEqual(all.users.moreDenied, { users: 0, count: 0 });
});

function row(line: number, callResult: string, user?: string): MfaServerRecord {
  const r: MfaServerRecord = { kind: "row", file: "f.csv", line, callResult, timestamp: { kind: "missing" } };
  if (user !== undefined) r.user = user;
  return r;
}

Deno.test("createMfaServerTally() caps listed events, examples and distinct unknown values but counts them all", () => {
  const tally = createMfaServerTally({ maxEvents: 2, maxExamples: 1, maxUnknownValues: 2 });
  for (let i = 1; i <= 5; i++) tally.add(row(i, "FAILED_FRAUD_REPORTED", `u${i}@contoso.example`));
  tally.add(row(6, "NEW_A"));
  tally.add(row(7, "NEW_B"));
  tally.add(row(8, "NEW_C"));
  tally.add(row(9, "NEW_D"));
  tally.add(row(10, "NEW_A"));
  tally.add({ kind: "bad", file: "f.csv", line: 11, reason: "empty call result" });
  tally.add({ kind: "bad", file: "f.csv", line: 12, reason: "empty call result" });
  const s = tally.summary();
  assert.equal(s.events.fraud.count, 5);
  assert.deepEqual(s.events.fraud.listed.map((e) => e.line), [1, 2]);
  // NEW_A and NEW_B are tracked; NEW_C and NEW_D go to the overflow bucket. Ties sort by
  // value in code-point order, and "(" comes before "N".
  assert.deepEqual(s.unknownCodes.map((u) => [u.value, u.count]), [
    [OTHER_UNKNOWN, 2],
    ["NEW_A", 2],
    ["NEW_B", 1],
  ]);
  assert.equal(s.totals.unknown, 5);
  assert.equal(s.totals.badRows, 2);
  assert.equal(s.badRowExamples.length, 1);
  assert.equal(s.users.rowsWithoutUser, 5);
});

Deno.test("createMfaServerTally() sums several files and keeps them apart in files[]", async () => {
  const base = new URL("../../testdata/mfa_server/", import.meta.url).pathname;
  const tally = createMfaServerTally();
  for (const f of ["codes_only.txt", "french_semicolon.csv"]) {
    for await (const r of readMfaServerActivityFile(base + f)) tally.add(r);
  }
  const s = tally.summary();
  // codes_only: USED_CACHE x2 (allowed), FRAUD_REPORTED (denied), FAILED_SOMETHING_NEW (unknown)
  // french: WITH_PIN (depends), PHONE_APP_DENIED (denied), phone_app_authenticated (allowed)
  assert.deepEqual(s.totals, {
    rows: 7,
    allowed: 3,
    denied: 2,
    pending: 0,
    depends: 1,
    unknown: 1,
    badRows: 0,
  });
  assert.deepEqual(s.files.map((f) => [f.format, f.rows]), [["codeList", 4], ["csv", 3]]);
});
