import assert from "node:assert/strict";
import { laClientConfigFromOptions, laRowFilterOf, parseWorkspace } from "./log_analytics.ts";
import type { SignInEventType } from "../classify/mod.ts";
import type { LaRowFilter } from "../log_analytics/kql.ts";

const WS = "00000000-0000-4000-8000-0000000000c1";
const APP_ENV = {
  AZURE_TENANT_ID: "00000000-0000-0000-0000-000000000001",
  AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000002",
  AZURE_CLIENT_SECRET: "not-a-real-secret",
};

Deno.test("GRAPH_ACCESS_TOKEN (a Graph token) is not sent to Log Analytics", () => {
  assert.throws(
    () =>
      laClientConfigFromOptions(
        { auth: "token" },
        WS,
        undefined,
        { GRAPH_ACCESS_TOKEN: "eyJ0eXAiOiJKV1QifQ.e30.c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbg" },
        { note: () => {} },
      ),
    /GRAPH_ACCESS_TOKEN: it is a Graph token/,
  );
});

Deno.test("laClientConfigFromOptions(): the shared Graph options, the workspace, throttling told on the given log", () => {
  const notes: string[] = [];
  const config = laClientConfigFromOptions({ requestTimeout: "7" }, WS, undefined, APP_ENV, {
    note: (t) => notes.push(t),
  });
  assert.equal(config.workspace, WS);
  assert.equal(config.auth.kind, "client-secret");
  assert.deepEqual(config.limits, { timeoutMs: 7000 });
  // limits not given stay the client's own (its 210 s time-out, not Graph's 100 s default)
  const plain = laClientConfigFromOptions({}, WS, undefined, APP_ENV, { note: () => {} });
  assert.deepEqual(plain.limits, {});
  config.onRetryAfter?.(2500);
  assert.deepEqual(notes, ["Log Analytics asked to wait 3 s (throttled)"]);
});

Deno.test("parseWorkspace() takes a GUID only, naming the option", async (t) => {
  const CASES: { flag: string; value: string; error?: RegExp }[] = [
    { flag: "--workspace", value: WS },
    {
      flag: "--workspace",
      value: "contoso",
      error: /Cannot use --workspace "contoso": expected a workspace id/,
    },
    { flag: "--signins-workspace", value: "", error: /Cannot use --signins-workspace "": expected/ },
  ];
  for (const c of CASES) {
    await t.step(`${c.flag} ${JSON.stringify(c.value)}`, () => {
      if (c.error) assert.throws(() => parseWorkspace(c.flag, c.value), c.error);
      else assert.equal(parseWorkspace(c.flag, c.value), c.value);
    });
  }
});

Deno.test("laRowFilterOf() checks --user / --app before they are pushed down", async (t) => {
  const CASES: {
    name: string;
    o: { user?: string; app?: string; eventTypes?: SignInEventType[] };
    want?: LaRowFilter;
    error?: RegExp;
  }[] = [
    { name: "neither", o: {}, want: {} },
    {
      name: "trimmed",
      o: { user: " ana@contoso.example ", app: "Office 365" },
      want: { user: "ana@contoso.example", app: "Office 365" },
    },
    { name: "empty", o: { app: "  " }, error: /--app " {2}": expected 1 to 1024 characters/ },
    { name: "too long", o: { user: "a".repeat(1025) }, error: /--user .*expected 1 to 1024 characters/ },
    { name: "control character", o: { user: "ana\u0000" }, error: /control character/ },
    {
      name: "user over tables with no user",
      o: { user: "ana@contoso.example", eventTypes: ["servicePrincipal", "managedIdentity"] },
      error: /name no user/,
    },
    {
      name: "user with a user table",
      o: { user: "ana@contoso.example", eventTypes: ["servicePrincipal", "nonInteractiveUser"] },
      want: { user: "ana@contoso.example" },
    },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      if (c.error) assert.throws(() => laRowFilterOf(c.o), c.error);
      else assert.deepEqual(laRowFilterOf(c.o), c.want);
    });
  }
});
