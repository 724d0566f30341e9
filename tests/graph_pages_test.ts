/**
 * The Graph pages parsed and counted in a worker (lib/signins_report/graph_pages.ts) against the
 * pages read in this thread (graph_source.ts), over real HTTP from the local Graph server: the
 * same requests, rows, counters and report, with faults, filters and key caps.
 */
import assert from "node:assert/strict";
import { startGraphServer } from "../dev/graph_server/mod.ts";
import type { FaultPlan } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/sample_tenant.ts";
import { createGraphClient, GraphError } from "../mod.ts";
import { SignInAggregator } from "../lib/signins_report/aggregator.ts";
import { graphSignInBatches, type GraphSourceStats } from "../lib/signins_report/graph_source.ts";
import { readGraphPagesElsewhere } from "../lib/signins_report/graph_pages.ts";
import { ReportPipeline } from "../lib/signins_report/pipeline.ts";

const DATASET = generateSampleTenant({ seed: 7, users: 40, days: 10 });
const WINDOW = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2100-01-01T00:00:00Z") };
const NOT_AFTER = Date.parse("2100-01-01T00:00:00Z");

type Way = "here" | "worker" | "inline";

interface Case {
  name: string;
  app?: string;
  user?: string;
  maxKeys?: number;
  faults?: FaultPlan;
  pageSize?: number;
}

const CASES: Case[] = [
  { name: "all sign-ins, two event types, pages of 50", pageSize: 50 },
  { name: "an app name filtered here", app: DATASET.signIns[3]!.appDisplayName as string, pageSize: 40 },
  { name: "a user pushed down", user: DATASET.signIns[5]!.userPrincipalName as string, pageSize: 7 },
  { name: "key caps reached (pooled maps)", maxKeys: 3, pageSize: 100 },
  {
    name: "truncated and empty bodies retried, a 503",
    pageSize: 60,
    faults: [
      { request: 2, fault: { kind: "truncatedJson" } },
      { request: 5, fault: { kind: "truncatedJson" } },
      { request: 6, fault: { kind: "serviceUnavailable" } },
      { request: 8, fault: { kind: "connectionReset" } },
    ],
  },
];

async function run(c: Case, way: Way) {
  const server = await startGraphServer({
    dataset: DATASET,
    pageSize: c.pageSize ?? 100,
    ...(c.faults !== undefined ? { faults: c.faults } : {}),
  });
  try {
    const client = await createGraphClient({
      auth: { kind: "none" },
      graphUrl: server.url,
      budget: false,
      transientRetryDelayMs: 0,
      retryDelaySeconds: 0,
    });
    const aggregator = new SignInAggregator(c.maxKeys !== undefined ? { maxKeys: c.maxKeys } : {});
    const pipeline = new ReportPipeline(aggregator, { notAfterMs: NOT_AFTER });
    const stats: GraphSourceStats = { items: {}, badRows: 0, badRowSamples: [], filteredOut: 0, filters: [] };
    const o = {
      window: WINDOW,
      eventTypes: ["interactiveUser", "nonInteractiveUser"] as const,
      ...(c.app !== undefined ? { app: c.app } : {}),
      ...(c.user !== undefined ? { user: c.user } : {}),
    };
    let progressed = 0;
    if (way === "here") {
      for await (const batch of graphSignInBatches(client, { ...o, eventTypes: [...o.eventTypes] }, stats)) {
        pipeline.pushAll(batch);
      }
    } else {
      await readGraphPagesElsewhere(client, { ...o, eventTypes: [...o.eventTypes] }, stats, {
        pipeline,
        aggregator,
        notAfterMs: NOT_AFTER,
      }, { inline: way === "inline", progress: (rows) => progressed = rows });
      assert.equal(progressed, pipeline.rows, "the last progress is every row");
    }
    pipeline.finish();
    const summary = aggregator.summary({
      generatedAt: "2026-12-07T00:00:00Z",
      sources: [],
      rows: pipeline.rows,
      badRows: stats.badRows,
      filteredOut: pipeline.filteredOut + stats.filteredOut,
      merge: {
        duplicatesDropped: pipeline.mergeStats.duplicatesDropped,
        rowsMerged: pipeline.mergeStats.rowsMerged,
        interruptedIncomplete: pipeline.mergeStats.interruptedIncomplete,
      },
    });
    return {
      summary,
      counts: { rows: pipeline.rows, filteredOut: pipeline.filteredOut, futureRows: pipeline.futureRows },
      mergeStats: { ...pipeline.mergeStats },
      stats,
      requests: client.stats.requests,
      retries: client.stats.retries,
      urls: server.stats.recorded.map((r) => r.url.slice(server.url.length)),
    };
  } finally {
    await server.close();
  }
}

for (const c of CASES) {
  Deno.test(`Graph pages counted in a worker = in this thread: ${c.name}`, async () => {
    const here = await run(c, "here");
    assert.ok(here.counts.rows > 0, "the case reads sign-ins");
    if (c.maxKeys !== undefined) {
      assert.ok(JSON.stringify(here.summary).includes("(other"), "a cap is reached");
    }
    if (c.faults !== undefined) assert.ok(here.retries >= 3, "the faults were retried");
    for (const way of ["worker", "inline"] as const) {
      const other = await run(c, way);
      assert.deepEqual(other, here, way);
    }
  });
}

for (const kind of ["repeatNextLink", "endlessEmptyPages"] as const) {
  Deno.test(`Graph pages counted in a worker: ${kind} is refused as in this thread`, async () => {
    const faults: FaultPlan = (r) => r.n >= 3 ? { kind } : undefined;
    const errors: string[] = [];
    for (const way of ["here", "worker"] as const) {
      try {
        await run({ name: kind, pageSize: 30, faults }, way);
        errors.push("no error");
      } catch (e) {
        assert.ok(e instanceof GraphError, String(e));
        errors.push(e.message);
      }
    }
    assert.match(errors[0]!, /refused|loop|empty/i);
    assert.equal(errors[1], errors[0]);
  });
}
