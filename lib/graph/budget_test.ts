import assert from "node:assert/strict";
import { type BudgetClock, isReportsFamilyUrl, RequestBudget, retryAfterMs } from "./budget.ts";

function fakeClock(): BudgetClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: (ms: number) => {
      c.t += ms;
      return Promise.resolve();
    },
  };
  return c;
}

Deno.test("RequestBudget keeps every sliding window within its limit", async (t) => {
  const CASES = [
    { requests: 5, windowMs: 10_000, calls: 12 },
    { requests: 1, windowMs: 250, calls: 4 },
    { requests: 3, windowMs: 1000, calls: 10 },
  ];
  for (const c of CASES) {
    await t.step(`${c.requests} per ${c.windowMs} ms over ${c.calls} calls`, async () => {
      const clock = fakeClock();
      const b = new RequestBudget({ requests: c.requests, windowMs: c.windowMs }, clock);
      const times: number[] = [];
      for (let i = 0; i < c.calls; i++) {
        await b.acquire();
        times.push(clock.t);
      }
      // Any request and the one `requests` places later are at least a window apart.
      for (let i = c.requests; i < times.length; i++) {
        assert.ok((times[i] as number) - (times[i - c.requests] as number) >= c.windowMs, `call ${i}`);
      }
      // The first `requests` calls go at once; the run ends at (ceil(calls/requests)-1) windows.
      assert.equal(times[c.requests - 1], 0);
      assert.equal(times.at(-1), (Math.ceil(c.calls / c.requests) - 1) * c.windowMs);
      assert.equal(b.stats.granted, c.calls);
    });
  }
});

Deno.test("RequestBudget serves concurrent callers in order", async () => {
  const clock = fakeClock();
  const b = new RequestBudget({ requests: 2, windowMs: 100 }, clock);
  const order: number[] = [];
  await Promise.all([0, 1, 2, 3, 4].map((i) => b.acquire().then(() => order.push(i))));
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
  assert.equal(clock.t, 200);
  assert.equal(b.stats.waits, 2); // calls 2 and 4 wait; call 3 finds the clock already moved on
});

Deno.test("RequestBudget rejects sizes that make no sense", async (t) => {
  const CASES = [{ requests: 0, windowMs: 10 }, { requests: 1.5, windowMs: 10 }, {
    requests: 1,
    windowMs: 0,
  }];
  for (const c of CASES) {
    await t.step(JSON.stringify(c), () => assert.throws(() => new RequestBudget(c), RangeError));
  }
});

Deno.test("isReportsFamilyUrl() matches the identity-reports throttling family", async (t) => {
  const CASES: [string, boolean][] = [
    ["https://graph.microsoft.com/beta/auditLogs/signIns?$filter=x", true],
    ["http://127.0.0.1:1/v1.0/reports/authenticationMethods/userRegistrationDetails", true],
    ["https://graph.microsoft.com/v1.0/users/u%40contoso.example/authentication/methods", true],
    ["https://graph.microsoft.com/v1.0/users?$select=id", false],
    ["https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies", false],
    ["not a url", false],
  ];
  for (const [url, want] of CASES) {
    await t.step(`${url} → ${want}`, () => assert.equal(isReportsFamilyUrl(url), want));
  }
});

Deno.test("RequestBudget.pause() holds every caller until the longest pause ends", async (t) => {
  const CASES = [
    { name: "one pause", pauses: [2000], want: [2000, 2000, 2000] },
    { name: "a shorter pause does not shorten a longer one", pauses: [2000, 500], want: [2000, 2000, 2000] },
    { name: "a longer pause extends a shorter one", pauses: [500, 1500], want: [1500, 1500, 1500] },
    { name: "zero, negative and NaN are ignored", pauses: [0, -5, NaN], want: [0, 0, 0] },
  ];
  for (const c of CASES) {
    await t.step(c.name, async () => {
      const clock = fakeClock();
      const b = new RequestBudget({ requests: 10, windowMs: 100 }, clock);
      for (const p of c.pauses) b.pause(p);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        await b.acquire();
        times.push(clock.t);
      }
      assert.deepEqual(times, c.want);
      assert.equal(b.stats.pauses, c.pauses.filter((p) => p > 0).length);
    });
  }
});

Deno.test("retryAfterMs() reads delta-seconds and HTTP dates", async (t) => {
  const NOW = Date.parse("2026-12-02T00:00:00Z");
  const CASES: [string | null | undefined, number | undefined][] = [
    ["1", 1000],
    [" 30 ", 30_000],
    ["0", 0],
    ["0.2", 200],
    ["Wed, 02 Dec 2026 00:01:00 GMT", 60_000],
    ["Tue, 01 Dec 2026 23:59:00 GMT", 0], // in the past: no wait
    ["-3", undefined],
    ["later", undefined],
    ["", undefined],
    [null, undefined],
    [undefined, undefined],
  ];
  for (const [value, want] of CASES) {
    await t.step(`${JSON.stringify(value)} → ${want}`, () => assert.equal(retryAfterMs(value, NOW), want));
  }
});
