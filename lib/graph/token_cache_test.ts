import assert from "node:assert/strict";
import { RenewingToken } from "./token_cache.ts";

Deno.test("RenewingToken shares one renewal between concurrent callers", async () => {
  let calls = 0;
  const r = new RenewingToken(async () => {
    calls++;
    await new Promise((res) => setTimeout(res, 10));
    return { token: `t${calls}`, expiresAt: Date.now() + 3_600_000 };
  });
  assert.deepEqual(await Promise.all([r.get(), r.get(), r.get()]), ["t1", "t1", "t1"]);
  assert.equal(calls, 1);
  assert.equal(r.acquired, 1);
});

Deno.test("RenewingToken keeps a still-valid token when a renewal fails, and fails once it is nearly gone", async () => {
  let now = 0;
  let fail = false;
  let n = 0;
  const r = new RenewingToken(() => {
    if (fail) return Promise.reject(new Error("AADSTS7000222: secret expired"));
    return Promise.resolve({ token: `t${++n}`, expiresAt: now + 600_000 });
  }, { now: () => now });
  assert.equal(await r.get(), "t1");
  now = 400_000; // 200 s left: renew
  fail = true;
  assert.equal(await r.get(), "t1", "the old token still has 200 s");
  now = 580_000; // 20 s left
  await assert.rejects(() => r.get(), /AADSTS7000222/);
  fail = false;
  assert.equal(await r.get(), "t2");
});
