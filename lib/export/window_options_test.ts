import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { parseEventTypes, parseInstant, resolveSignInWindow } from "./window_options.ts";

Deno.test("parseEventTypes() maps words and Graph names to Graph event types, in Graph's order", async (t) => {
  const CASES: [string | undefined, string[]][] = [
    [undefined, ["interactiveUser", "nonInteractiveUser"]],
    ["interactive", ["interactiveUser"]],
    ["noninteractive,interactive", ["interactiveUser", "nonInteractiveUser"]],
    ["Non-Interactive", ["nonInteractiveUser"]],
    ["non_interactive_user", ["nonInteractiveUser"]],
    ["serviceprincipal,managedidentity", ["servicePrincipal", "managedIdentity"]],
    ["managedIdentity,servicePrincipal", ["servicePrincipal", "managedIdentity"]],
    ["interactiveUser, nonInteractiveUser ,", ["interactiveUser", "nonInteractiveUser"]],
    ["all", ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"]],
    ["ALL,interactive", ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"]],
  ];
  for (const [value, want] of CASES) {
    await t.step(
      `${JSON.stringify(value)} → ${want.join(",")}`,
      () => assert.deepEqual(parseEventTypes(value), want),
    );
  }
});

Deno.test("parseEventTypes() refuses unknown words and empty lists naming the value", async (t) => {
  const CASES: [string, RegExp][] = [
    ["", /--event-types "": expected a comma-separated list/],
    [" , ", /--event-types " , "/],
    ["interactive,managedServiceIdentity", /--event-types "managedServiceIdentity"/],
    ["unknownFutureValue", /"unknownFutureValue"/],
  ];
  for (const [value, want] of CASES) {
    await t.step(JSON.stringify(value), () => {
      assert.throws(() => parseEventTypes(value), (e) => e instanceof UsageError && want.test(e.message));
    });
  }
});

Deno.test("parseInstant() accepts dates and zoned date-times, and refuses the rest", async (t) => {
  const CASES: [string, string | undefined][] = [
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01T08:30Z", "2026-11-01T08:30:00.000Z"],
    ["2026-11-01T08:30:15.250Z", "2026-11-01T08:30:15.250Z"],
    ["2026-11-01T00:30:00-02:00", "2026-11-01T02:30:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2026-02-29", undefined],
    ["2026-11-31T00:00:00Z", undefined],
    ["2026-11-01T24:00:00Z", undefined],
    ["2026-11-01T08:00:00", undefined], // no zone
    ["01/11/2026", undefined],
    ["yesterday", undefined],
  ];
  for (const [value, want] of CASES) {
    await t.step(`${value} → ${want ?? "error"}`, () => {
      if (want === undefined) assert.throws(() => parseInstant("--since", value), /Cannot use --since/);
      else assert.equal(parseInstant("--since", value).toISOString(), want);
    });
  }
});

Deno.test("resolveSignInWindow() defaults to the last day and honours --since/--until/--days", async (t) => {
  const NOW = new Date("2026-11-20T12:34:56.789Z");
  const CASES: { values: Record<string, string>; from: string; to: string }[] = [
    { values: {}, from: "2026-11-19T12:34:56.789Z", to: "2026-11-20T12:34:56.789Z" },
    { values: { days: "7" }, from: "2026-11-13T12:34:56.789Z", to: "2026-11-20T12:34:56.789Z" },
    {
      values: { days: "2", until: "2026-11-10" },
      from: "2026-11-08T00:00:00.000Z",
      to: "2026-11-10T00:00:00.000Z",
    },
    { values: { since: "2026-11-01" }, from: "2026-11-01T00:00:00.000Z", to: "2026-11-20T12:34:56.789Z" },
    {
      values: { since: "2026-11-01", until: "2026-11-02T06:00:00Z" },
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-02T06:00:00.000Z",
    },
  ];
  for (const c of CASES) {
    await t.step(JSON.stringify(c.values), () => {
      const w = resolveSignInWindow(c.values, NOW);
      assert.equal(w.from.toISOString(), c.from);
      assert.equal(w.to.toISOString(), c.to);
    });
  }
});

Deno.test("resolveSignInWindow() refuses contradictions and empty windows", async (t) => {
  const NOW = new Date("2026-11-20T00:00:00Z");
  const CASES: [Record<string, string>, RegExp][] = [
    [{ since: "2026-11-01", days: "2" }, /--since and --days together/],
    [{ days: "0" }, /--days "0": expected a whole number from 1 to 365/],
    [{ days: "1.5" }, /--days "1.5"/],
    [{ days: "366" }, /--days "366"/],
    [{ since: "2026-11-20" }, /expected --since before --until/],
    [{ since: "2026-11-02", until: "2026-11-01" }, /expected --since before --until/],
    [{ until: "soon" }, /--until "soon"/],
  ];
  for (const [values, want] of CASES) {
    await t.step(JSON.stringify(values), () => {
      assert.throws(
        () => resolveSignInWindow(values, NOW),
        (e) => e instanceof UsageError && want.test(e.message),
      );
    });
  }
});
