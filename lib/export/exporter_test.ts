import assert from "node:assert/strict";
import { createGraphClient, type GraphClientConfig } from "../graph/client.ts";
import { type FaultPlan, startGraphServer } from "../../dev/graph_server/mod.ts";
import type { GraphDataset, GraphObject } from "../../dev/sample/dataset.ts";
import { runSignInsExport, type SignInsExportOptions } from "./exporter.ts";
import { exportPaths } from "./state.ts";
import { timeoutFetch } from "./page_timeout.ts";

const FROM = Date.parse("2026-11-01T00:00:00Z");
const TO = Date.parse("2026-11-02T00:00:00Z");

/** `n` interactive sign-ins, newest first, `stepMs` apart, ids s0…; `repeat` lists indexes delivered twice. */
function dataset(n: number, stepMs: number, repeat: number[] = []): GraphDataset {
  const signIns: GraphObject[] = [];
  for (let i = 0; i < n; i++) {
    const s = {
      id: `s${i}`,
      createdDateTime: new Date(TO - 1000 - i * stepMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
      signInEventTypes: ["interactiveUser"],
      userPrincipalName: `user${i % 7}@contoso.example`,
    };
    signIns.push(s);
    if (repeat.includes(i)) signIns.push({ ...s });
  }
  return {
    tenantId: "t",
    domain: "contoso.example",
    users: [],
    registrationDetails: [],
    authenticationMethods: {},
    conditionalAccessPolicies: [],
    signIns,
  };
}

async function idsOf(path: string): Promise<string[]> {
  const text = await Deno.readTextFile(path);
  return text.trim().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l).id as string);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);

async function setup(ds: GraphDataset, opts: { pageSize: number; faults?: FaultPlan; token?: string }) {
  const server = await startGraphServer({
    dataset: ds,
    pageSize: opts.pageSize,
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.token ? { token: opts.token } : {}),
  });
  const dir = await Deno.makeTempDir({ prefix: "emt-exporter-" });
  return {
    server,
    out: `${dir}/s.ndjson`,
    base: (client: Partial<GraphClientConfig> = {}): SignInsExportOptions => ({
      out: `${dir}/s.ndjson`,
      window: { from: new Date(FROM), to: new Date(TO) },
      eventTypes: ["interactiveUser"],
      createClient: () =>
        createGraphClient({
          auth: { kind: "none" },
          graphUrl: server.url,
          budget: false,
          maxRetries: 0,
          transientRetries: 0,
          ...client,
        }),
      canRefreshToken: false,
      retryDelayMs: 1,
    }),
    async [Symbol.asyncDispose]() {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test({
  name: "runSignInsExport() writes a repeated id once when its copies straddle a checkpoint and a resume",
  // The interrupted run leaves its read-ahead request unanswered on purpose.
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // Pages of 10: s9 is the last item of page 1 and its copy the first of page 2. The run is
    // stopped after its first checkpoint, and that checkpoint is put back afterwards, as if the
    // process had died right after writing it (the work file holds more than it records).
    await using t = await setup(dataset(30, 60_000, [9]), { pageSize: 10 });
    const p = exportPaths(t.out);
    const stop = new AbortController();
    let checkpoint = "";
    const first = await runSignInsExport({
      ...t.base(),
      concurrency: 1,
      slicePolicy: { minInitialSlices: 1, maxSlicePages: 10_000 },
      signal: stop.signal,
      onProgress: () => {
        if (checkpoint === "") checkpoint = Deno.readTextFileSync(p.state);
        stop.abort();
      },
    });
    assert.equal(first.kind, "interrupted");
    await Deno.writeTextFile(p.state, checkpoint);
    assert.equal(JSON.parse(checkpoint).signIns, 10);
    const second = await runSignInsExport({ ...t.base(), resume: true, concurrency: 1 });
    assert.equal(second.kind, "complete");
    assert.deepEqual(await idsOf(t.out), range(30));
    assert.equal(second.summary.duplicates, 1);
    assert.equal(second.summary.signInsThisRun, 20);
  },
});

Deno.test("runSignInsExport() gets a new token after a 401 and goes on, when the credential can give one", async () => {
  let issued = 0;
  // Token "tok-1" expires after 5 requests; "tok-2" is good.
  await using t = await setup(dataset(200, 60_000), {
    pageSize: 20,
    faults: (r) =>
      r.headers.get("authorization") === "Bearer tok-1" && r.n > 5 ? { kind: "tokenExpired" } : undefined,
  });
  // Each credential (one per client) signs in once and then serves its cached token.
  const newSource = () => {
    const token = `tok-${++issued}`;
    return () => Promise.resolve({ token, expiresAt: Date.now() + 3_600_000 });
  };
  const warnings: string[] = [];
  const result = await runSignInsExport({
    ...t.base({
      auth: { kind: "client-secret", tenantId: "t", clientId: "c", clientSecret: "s" },
      authOptions: { tokenSource: () => newSource() },
    }),
    canRefreshToken: true,
    onWarning: (w) => warnings.push(w),
  });
  assert.equal(result.kind, "complete");
  assert.deepEqual((await idsOf(t.out)).sort(), range(200).sort());
  assert.equal(issued, 2);
  assert.deepEqual(warnings, ["Graph refused the token (401); signed in again and continuing"]);
});

Deno.test("runSignInsExport() splits a slice whose first page predicts many pages, and one whose first page is slow", async (t) => {
  await t.step("many pages: the first page is discarded and the parts are read", async () => {
    // 1,440 sign-ins a minute apart in one 24-hour slice, pages of 20. The first page holds
    // s0…s19, the oldest 19 min 1 s before the slice's end: 86,400 s ÷ 1,141 s = 75.7 pages
    // predicted, so ceil(75.7 ÷ 6) = 13 parts of about 6 pages.
    await using s = await setup(dataset(1440, 60_000), { pageSize: 20 });
    const splits: number[] = [];
    const result = await runSignInsExport({
      ...s.base(),
      concurrency: 4,
      slicePolicy: { minInitialSlices: 1, maxInitialSliceMs: 86_400_000 },
      onSplit: (_slice, parts) => splits.push(parts),
    });
    assert.equal(result.kind, "complete");
    assert.deepEqual((await idsOf(s.out)).sort(), range(1440).sort());
    assert.equal(splits[0], 13);
    assert.equal(result.summary.discardedPages, result.summary.splits);
  });
  await t.step("slow: a first page over the time-out splits the slice in two", async () => {
    let delayed = 0;
    await using s = await setup(dataset(100, 60_000), { pageSize: 50 });
    const reasons: string[] = [];
    const result = await runSignInsExport({
      ...s.base({
        // The first request of the whole-day slice hangs for 300 ms; the time-out is 100 ms.
        fetch: timeoutFetch(100, async (url, init) => {
          if (delayed++ === 0) await new Promise((r) => setTimeout(r, 300));
          return fetch(url, init);
        }),
      }),
      concurrency: 2,
      minSplitMs: 1000,
      slicePolicy: { minInitialSlices: 1, maxInitialSliceMs: 86_400_000, maxSlicePages: 10_000 },
      onSplit: (_slice, parts, reason) => reasons.push(`${parts} ${reason}`),
    });
    assert.equal(result.kind, "complete");
    assert.deepEqual((await idsOf(s.out)).sort(), range(100).sort());
    assert.equal(reasons[0], "2 slow (time-out)");
  });
});

Deno.test("runSignInsExport() reads a slice again from its start when Graph refuses its next link", async () => {
  let broken = false;
  await using t = await setup(dataset(60, 60_000, [25]), { pageSize: 10 });
  const warnings: string[] = [];
  const result = await runSignInsExport({
    ...t.base({
      // The first nextLink request goes out with a damaged $skiptoken: the server answers 400.
      fetch: (url, init) => {
        if (!broken && url.includes("skiptoken")) {
          broken = true;
          return fetch(url.replace(/skiptoken=[^&]*/, "skiptoken=damaged"), init);
        }
        return fetch(url, init);
      },
    }),
    concurrency: 1,
    slicePolicy: { minInitialSlices: 1, maxSlicePages: 10_000 },
    onWarning: (w) => warnings.push(w),
  });
  assert.equal(result.kind, "complete");
  assert.deepEqual(await idsOf(t.out), range(60));
  assert.equal(result.summary.duplicates, 11); // page 1 read twice (10) + the repeated s25
  assert.match(
    warnings[0] ?? "",
    /refused the slice's next link \(400\); reading slice .* again from its start/,
  );
});

Deno.test("runSignInsExport() stops with the checkpoint kept when Graph says the licence is missing", async () => {
  await using t = await setup(dataset(50, 60_000), {
    pageSize: 10,
    faults: (r) => (r.n === 3 ? { kind: "licenceRequired" } : undefined),
  });
  const result = await runSignInsExport({
    ...t.base(),
    concurrency: 1,
    slicePolicy: { minInitialSlices: 1, maxInitialSliceMs: 86_400_000, maxSlicePages: 10_000 },
  });
  assert.equal(result.kind, "stopped");
  assert.ok(result.kind === "stopped" && result.reason === "failed");
  assert.match(result.kind === "stopped" ? result.error.message : "", /premium|licen[cs]e|P1/i);
  const state = JSON.parse(await Deno.readTextFile(exportPaths(t.out).state));
  assert.equal(state.signIns, 20);
  const again = await runSignInsExport({ ...t.base(), resume: true });
  assert.equal(again.kind, "complete");
  assert.deepEqual(await idsOf(t.out), range(50));
});

Deno.test("runSignInsExport() refuses a checkpoint whose work file is shorter than recorded", async () => {
  await using t = await setup(dataset(5, 60_000), { pageSize: 10 });
  const stop = new AbortController();
  stop.abort();
  const first = await runSignInsExport({ ...t.base(), signal: stop.signal });
  assert.equal(first.kind, "interrupted");
  const p = exportPaths(t.out);
  const state = JSON.parse(await Deno.readTextFile(p.state));
  await Deno.writeTextFile(p.state, JSON.stringify({ ...state, bytes: 100 }));
  await assert.rejects(runSignInsExport({ ...t.base(), resume: true }), /at least 100 bytes .* found 0/);
});
