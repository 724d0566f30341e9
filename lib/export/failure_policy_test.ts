import assert from "node:assert/strict";
import { GraphAuthError, GraphError, PageTimeoutError } from "../errors.ts";
import { pageFailureAction, type PageFailureContext } from "./failure_policy.ts";

const BASE: PageFailureContext = {
  attempt: 1,
  maxAttempts: 5,
  freshSlice: false,
  splittable: true,
  viaNextLink: true,
  canRefreshToken: false,
  tokenRefreshed: false,
  restarts: 0,
  retryDelayMs: 100,
};
const ge = (status: number, retryAfterMs?: number) =>
  new GraphError({ endpoint: "signIns", status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

Deno.test("pageFailureAction() maps each failure and situation to retry, split, refresh, restart or stop", async (t) => {
  const CASES: { name: string; error: unknown; ctx?: Partial<PageFailureContext>; want: string }[] = [
    { name: "429 with Retry-After waits exactly that", error: ge(429, 7000), want: "retry 7000" },
    { name: "503 with Retry-After waits exactly that", error: ge(503, 2000), want: "retry 2000" },
    { name: "503 without: back-off, doubling", error: ge(503), ctx: { attempt: 3 }, want: "retry 400" },
    {
      name: "back-off is capped at 60 s",
      error: ge(502),
      ctx: { attempt: 20, maxAttempts: 30 },
      want: "retry 60000",
    },
    { name: "connection failed (status 0)", error: ge(0), want: "retry 100" },
    { name: "unreadable 200 body", error: ge(200), want: "retry 100" },
    { name: "time-out mid-slice retries", error: new PageTimeoutError(50), want: "retry 100" },
    {
      name: "time-out on a fresh slice splits",
      error: new PageTimeoutError(50),
      ctx: { freshSlice: true },
      want: "split",
    },
    { name: "504 on a fresh slice splits", error: ge(504), ctx: { freshSlice: true }, want: "split" },
    { name: "429 on a fresh slice splits", error: ge(429, 1000), ctx: { freshSlice: true }, want: "split" },
    { name: "503 on a fresh slice retries", error: ge(503), ctx: { freshSlice: true }, want: "retry 100" },
    {
      name: "504 on a short fresh slice retries",
      error: ge(504),
      ctx: { freshSlice: true, splittable: false },
      want: "retry 100",
    },
    {
      name: "401 with a credential refreshes",
      error: ge(401),
      ctx: { canRefreshToken: true },
      want: "refreshToken",
    },
    {
      name: "401 again after a refresh stops",
      error: ge(401),
      ctx: { canRefreshToken: true, tokenRefreshed: true },
      want: "stop authentication",
    },
    { name: "401 with a fixed token stops", error: ge(401), want: "stop authentication" },
    { name: "400 on a next link restarts the slice", error: ge(400), want: "restartSlice" },
    { name: "400 on a next link twice stops", error: ge(400), ctx: { restarts: 1 }, want: "stop failed" },
    { name: "400 on a first page stops", error: ge(400), ctx: { viaNextLink: false }, want: "stop failed" },
    { name: "403 stops", error: ge(403), want: "stop failed" },
    {
      name: "no token could be had stops",
      error: new GraphAuthError("Cannot get a Graph token: x"),
      want: "stop failed",
    },
    { name: "anything else stops", error: new TypeError("boom"), want: "stop failed" },
    { name: "too many attempts stops", error: ge(503), ctx: { attempt: 5 }, want: "stop failed" },
  ];
  for (const c of CASES) {
    await t.step(`${c.name} → ${c.want}`, () => {
      const a = pageFailureAction(c.error, { ...BASE, ...c.ctx });
      const got = a.kind === "retry" ? `retry ${a.delayMs}` : a.kind === "stop" ? `stop ${a.reason}` : a.kind;
      assert.equal(got, c.want);
    });
  }
  await t.step("the stop after too many attempts says how many", () => {
    const a = pageFailureAction(ge(503), { ...BASE, attempt: 5 });
    assert.ok(a.kind === "stop");
    assert.match(a.error.message, /^Cannot read a sign-in page after 5 attempts: /);
  });
});
