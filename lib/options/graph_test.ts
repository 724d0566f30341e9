import assert from "node:assert/strict";
import { Command } from "commander";
import {
  addGraphOptions,
  graphClientConfigFromOptions,
  graphClientSettingsFromOptions,
  type GraphCliOptions,
} from "./graph.ts";
import { DEFAULT_REQUEST_LIMITS } from "../graph/guard.ts";
import type { AuthEnv } from "../graph/auth_config.ts";
import type { GraphClientConfig } from "../graph/client.ts";

function parse(argv: string[]): GraphCliOptions {
  const cmd = addGraphOptions(new Command("t").exitOverride().configureOutput({ writeErr: () => {} }));
  cmd.parse(argv, { from: "user" });
  return cmd.opts() as GraphCliOptions;
}

Deno.test("addGraphOptions() + graphClientConfigFromOptions() turn flags and env into a client config", async (t) => {
  const TOKEN: AuthEnv = { GRAPH_ACCESS_TOKEN: "x" };
  const CASES: { argv: string[]; env: AuthEnv; want: GraphClientConfig }[] = [
    {
      argv: [],
      env: TOKEN,
      want: {
        auth: { kind: "token", token: "x" },
        cloud: "global",
        budget: { requests: 5, windowMs: 10_000 },
      },
    },
    {
      argv: ["--cloud", "china", "--budget", "2"],
      env: TOKEN,
      want: {
        auth: { kind: "token", token: "x" },
        cloud: "china",
        budget: { requests: 2, windowMs: 10_000 },
      },
    },
    {
      argv: ["--graph-url", "http://127.0.0.1:9999", "--budget", "0"],
      env: {},
      want: { auth: { kind: "none" }, cloud: "global", budget: false, graphUrl: "http://127.0.0.1:9999" },
    },
    {
      argv: [
        ...["--request-timeout", "7", "--max-response-mb", "2", "--max-retry-wait", "60"],
        ...["--max-pages", "50", "--max-empty-pages", "3"],
      ],
      env: TOKEN,
      want: {
        auth: { kind: "token", token: "x" },
        cloud: "global",
        budget: { requests: 5, windowMs: 10_000 },
        limits: {
          timeoutMs: 7000,
          maxResponseBytes: 2 * 1024 * 1024,
          maxRetryWaitMs: 60_000,
          maxPages: 50,
          maxEmptyPages: 3,
        },
      },
    },
    {
      argv: ["--auth", "azure-cli", "--tenant", "contoso.example"],
      env: { GRAPH_BASE_URL: "https://graph.contoso.example" },
      want: {
        auth: { kind: "azure-cli", tenantId: "contoso.example" },
        cloud: "global",
        budget: { requests: 5, windowMs: 10_000 },
        graphUrl: "https://graph.contoso.example",
      },
    },
  ];
  for (const c of CASES) {
    await t.step(c.argv.join(" ") || "(no flags)", () => {
      const notes: string[] = [];
      const { onRetryAfter, ...config } = graphClientConfigFromOptions(parse(c.argv), c.env, {
        note: (t) => notes.push(t),
      });
      assert.deepEqual(config, { limits: DEFAULT_REQUEST_LIMITS, ...c.want });
      assert.deepEqual(graphClientSettingsFromOptions(parse(c.argv), c.env), config);
      // long waits are told on the log the command passed in, short ones are not
      onRetryAfter?.(4_999, 429);
      onRetryAfter?.(5_000, 503);
      assert.equal(notes.length, 1);
      assert.match(notes[0]!, /^Graph answered 503 with Retry-After 5 s: waiting until /);
    });
  }
});

Deno.test("the shared Graph options reject bad values", async (t) => {
  const CASES: { argv: string[]; env: AuthEnv; error: RegExp }[] = [
    { argv: ["--cloud", "mars"], env: {}, error: /Allowed choices are global, usgov, usgovdod, china/ },
    { argv: ["--auth", "magic"], env: {}, error: /Allowed choices are token, client-secret/ },
    {
      argv: ["--budget", "-1"],
      env: { GRAPH_ACCESS_TOKEN: "x" },
      error: /--budget "-1": expected a whole number from 0/,
    },
    {
      argv: ["--graph-url", "http://graph.contoso.example"],
      env: { GRAPH_ACCESS_TOKEN: "x" },
      error: /expected https/,
    },
  ];
  for (const c of CASES) {
    await t.step(c.argv.join(" "), () => {
      assert.throws(() => graphClientSettingsFromOptions(parse(c.argv), c.env), c.error);
    });
  }
});
