import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { parseDateOption, parseDays, parseEventTypes, resolveWindow, type WindowValues } from "./window.ts";

Deno.test("parseEventTypes() maps short names, Graph names, aliases and all to Graph event types, in Graph's order", async (t) => {
  const CASES: [string, string[]][] = [
    ["interactive", ["interactiveUser"]],
    ["noninteractive,interactive", ["interactiveUser", "nonInteractiveUser"]],
    ["Non-Interactive", ["nonInteractiveUser"]],
    ["non_interactive_user", ["nonInteractiveUser"]],
    ["serviceprincipal,managedidentity", ["servicePrincipal", "managedIdentity"]],
    ["ServicePrincipal, managed-identity", ["servicePrincipal", "managedIdentity"]],
    ["managedIdentity,servicePrincipal", ["servicePrincipal", "managedIdentity"]],
    ["managedIdentity,msi", ["managedIdentity"]],
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
    ["", /--event-types "": expected a comma-separated list of at least one event type/],
    [" , ", /--event-types " , ".*at least one event type/],
    ["interactive,managedServiceIdentity2", /--event-types "managedServiceIdentity2"/],
    ["unknownFutureValue", /"unknownFutureValue"/],
    ["batch", /Cannot use --event-types "batch"/],
  ];
  for (const [value, want] of CASES) {
    await t.step(JSON.stringify(value), () => {
      assert.throws(() => parseEventTypes(value), (e) => e instanceof UsageError && want.test(e.message));
    });
  }
});

Deno.test("parseDateOption() reads dates and date-times as UTC unless an offset is given", async (t) => {
  const CASES: [string, string | undefined][] = [
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01T08:30Z", "2026-11-01T08:30:00.000Z"],
    ["2026-11-01T08:30:15.250Z", "2026-11-01T08:30:15.250Z"],
    ["2026-11-01T00:30:00-02:00", "2026-11-01T02:30:00.000Z"],
    ["2026-11-19T08:30", "2026-11-19T08:30:00.000Z"],
    ["2026-11-19 08:30:15", "2026-11-19T08:30:15.000Z"],
    ["2026-11-01T08:00:00", "2026-11-01T08:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2026-02-29", undefined],
    ["2026-11-31T00:00:00Z", undefined],
    ["2026-11-01T24:00:00Z", undefined],
    ["2026-13-01", undefined],
    ["01/11/2026", undefined],
    ["19/11/2026", undefined],
    ["yesterday", undefined],
    ["now", undefined],
  ];
  for (const [value, want] of CASES) {
    await t.step(`${value} → ${want ?? "error"}`, () => {
      if (want === undefined) assert.throws(() => parseDateOption("--since", value), /Cannot use --since/);
      else assert.equal(parseDateOption("--since", value).toISOString(), want);
    });
  }
});

Deno.test("resolveWindow() defaults to the last day and honours --since/--until/--days, relative times included", async (t) => {
  const now = new Date("2026-11-20T12:34:56.789Z");
  const CASES: { values: Omit<WindowValues, "now">; from: string; to: string }[] = [
    { values: {}, from: "2026-11-19T12:34:56.789Z", to: "2026-11-20T12:34:56.789Z" },
    { values: { days: 7 }, from: "2026-11-13T12:34:56.789Z", to: "2026-11-20T12:34:56.789Z" },
    {
      values: { days: 2, until: "2026-11-10" },
      from: "2026-11-08T00:00:00.000Z",
      to: "2026-11-10T00:00:00.000Z",
    },
    { values: { until: "2026-11-10" }, from: "2026-11-09T00:00:00.000Z", to: "2026-11-10T00:00:00.000Z" },
    { values: { since: "2026-11-01" }, from: "2026-11-01T00:00:00.000Z", to: "2026-11-20T12:34:56.789Z" },
    {
      values: { since: "2026-11-01", until: "2026-11-02T06:00:00Z" },
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-02T06:00:00.000Z",
    },
    { values: { since: "7d" }, from: "2026-11-13T12:34:56.789Z", to: "2026-11-20T12:34:56.789Z" },
    { values: { since: "12h" }, from: "2026-11-20T00:34:56.789Z", to: "2026-11-20T12:34:56.789Z" },
    {
      values: { since: "90m", until: "30m" },
      from: "2026-11-20T10:34:56.789Z",
      to: "2026-11-20T12:04:56.789Z",
    },
    {
      values: { since: "1d", until: "2026-11-10" },
      from: "2026-11-09T00:00:00.000Z",
      to: "2026-11-10T00:00:00.000Z",
    },
    { values: { days: 3, until: "24h" }, from: "2026-11-16T12:34:56.789Z", to: "2026-11-19T12:34:56.789Z" },
    {
      values: { since: "30d", maxDays: 30 },
      from: "2026-10-21T12:34:56.789Z",
      to: "2026-11-20T12:34:56.789Z",
    },
    {
      values: { since: "2026-01-01", maxDays: 30 },
      from: "2026-01-01T00:00:00.000Z",
      to: "2026-11-20T12:34:56.789Z",
    },
  ];
  for (const c of CASES) {
    await t.step(JSON.stringify(c.values), () => {
      const w = resolveWindow({ ...c.values, now });
      assert.equal(w.from.toISOString(), c.from);
      assert.equal(w.to.toISOString(), c.to);
    });
  }
});

Deno.test("resolveWindow() refuses contradictions, bad values and empty windows", async (t) => {
  const now = new Date("2026-11-20T00:00:00Z");
  const CASES: [Omit<WindowValues, "now">, RegExp][] = [
    [{ since: "2026-11-01", days: 2 }, /Cannot use --since with --days/],
    [{ since: "7d", days: 2 }, /Cannot use --since with --days/],
    [{ since: "2026-11-20" }, /expected a start before the end of the window/],
    [{ since: "2026-11-02", until: "2026-11-01" }, /expected a start before the end/],
    [{ since: "0h" }, /expected a start before the end/],
    [{ until: "soon" }, /--until "soon"/],
    [{ since: "7 days" }, /--since "7 days"/],
    [{ since: "31d", maxDays: 30 }, /--since "31d": expected at most 30 days back, as --days allows/],
    [{ since: "731d", maxDays: 730 }, /at most 730 days back/],
  ];
  for (const [values, want] of CASES) {
    await t.step(JSON.stringify(values), () => {
      assert.throws(
        () => resolveWindow({ ...values, now }),
        (e) => e instanceof UsageError && want.test(e.message),
      );
    });
  }
});

Deno.test("parseDays() holds each source to its retention", async (t) => {
  const CASES: [string, "graph" | "files" | "log-analytics", number | RegExp][] = [
    ["1", "graph", 1],
    ["30", "graph", 30],
    ["31", "graph", /from 1 to 30/],
    ["0", "files", /--days "0": expected a whole number from 1 to 30/],
    ["1.5", "graph", /--days "1.5"/],
    ["730", "log-analytics", 730],
    ["731", "log-analytics", /from 1 to 730/],
  ];
  for (const [value, source, want] of CASES) {
    await t.step(`${value} from ${source}`, () => {
      if (typeof want === "number") assert.equal(parseDays(value, source), want);
      else assert.throws(() => parseDays(value, source), want);
    });
  }
});
