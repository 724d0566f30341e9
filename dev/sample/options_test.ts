import assert from "node:assert/strict";
import { MIN_SAMPLE_USERS, resolveSampleOptions, type SampleTenantOptions } from "./options.ts";

Deno.test("resolveSampleOptions() applies defaults", () => {
  assert.deepEqual(resolveSampleOptions(), {
    seed: 1,
    users: 40,
    days: 30,
    signInsPerUserPerDay: 3,
    nowMs: Date.UTC(2026, 10, 20, 12, 0, 0),
  });
});

Deno.test("resolveSampleOptions() keeps valid values and truncates now to the second", () => {
  const o = resolveSampleOptions({
    seed: -5,
    users: MIN_SAMPLE_USERS,
    days: 1,
    signInsPerUserPerDay: 0.5,
    now: new Date("2025-01-02T03:04:05.678Z"),
  });
  assert.equal(o.seed, -5);
  assert.equal(o.users, MIN_SAMPLE_USERS);
  assert.equal(o.signInsPerUserPerDay, 0.5);
  assert.equal(o.nowMs, Date.UTC(2025, 0, 2, 3, 4, 5));
});

Deno.test("resolveSampleOptions() rejects out-of-range values with a RangeError naming the option", async (t) => {
  const CASES: { name: string; options: SampleTenantOptions; field: string }[] = [
    { name: "fractional seed", options: { seed: 1.5 }, field: "seed" },
    { name: "too few users", options: { users: MIN_SAMPLE_USERS - 1 }, field: "users" },
    { name: "fractional users", options: { users: 40.5 }, field: "users" },
    { name: "zero days", options: { days: 0 }, field: "days" },
    { name: "negative rate", options: { signInsPerUserPerDay: -1 }, field: "signInsPerUserPerDay" },
    { name: "NaN rate", options: { signInsPerUserPerDay: Number.NaN }, field: "signInsPerUserPerDay" },
    { name: "invalid date", options: { now: new Date("not a date") }, field: "now" },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      assert.throws(
        () => resolveSampleOptions(c.options),
        (e: unknown) =>
          e instanceof RangeError && e.message.startsWith("Cannot generate sample tenant: ") &&
          e.message.includes(c.field),
      );
    });
  }
});
