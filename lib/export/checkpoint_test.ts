import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { Checkpoint, openCheckpoint } from "./checkpoint.ts";
import { DEFAULT_SLICE_POLICY } from "./slices.ts";
import { exportPaths, newExportState } from "./state.ts";

const HOUR = 3_600_000;

function checkpoint(): Checkpoint {
  const state = newExportState({
    graphRoot: "http://127.0.0.1:1",
    eventTypes: ["interactiveUser"],
    gzip: false,
    window: { fromMs: 0, toMs: 2 * HOUR },
    now: new Date(0),
    slices: [
      { eventType: "interactiveUser", fromMs: HOUR, toMs: 2 * HOUR },
      { eventType: "interactiveUser", fromMs: 0, toMs: HOUR },
    ],
  });
  return new Checkpoint(exportPaths("/nonexistent/out.ndjson"), state, () => new Date(0));
}

Deno.test("Checkpoint.recordPage() counts a page, keeps the first byte, and drops a finished slice", () => {
  const c = checkpoint();
  const st = c.state.slices[0]!;
  c.recordPage(st, 3, 100, "http://127.0.0.1:1/next");
  c.recordPage(st, 2, 180, undefined);
  assert.equal(st.pages, 2);
  assert.equal(st.signIns, 5);
  assert.equal(st.firstByte, 100);
  assert.equal(c.state.signIns, 5);
  assert.equal(c.state.slicesDone, 1);
  assert.deepEqual(c.state.slices.map((s) => s.id), [2]);
});

Deno.test("Checkpoint.split() puts the new slices where the old one was, with fresh ids", () => {
  const c = checkpoint();
  const [first] = c.state.slices;
  const pieces = c.split(first!, [
    { eventType: "interactiveUser", fromMs: HOUR, toMs: 1.5 * HOUR },
    { eventType: "interactiveUser", fromMs: 1.5 * HOUR, toMs: 2 * HOUR },
  ]);
  assert.deepEqual(pieces.map((p) => p.id), [3, 4]);
  assert.deepEqual(c.state.slices.map((s) => s.id), [3, 4, 2]);
  assert.equal(c.state.nextSliceId, 5);
});

Deno.test("Checkpoint.adoptTenant() records the first tenant and refuses another", () => {
  const c = checkpoint();
  c.adoptTenant(undefined);
  assert.equal(c.state.tenant, undefined);
  c.adoptTenant("00000000-0000-0000-0000-000000000001");
  c.adoptTenant("00000000-0000-0000-0000-000000000001".toUpperCase());
  assert.throws(() => c.adoptTenant("00000000-0000-0000-0000-000000000002"), UsageError);
  assert.throws(() => c.adoptTenant(undefined), UsageError);
});

Deno.test("openCheckpoint() refuses a resume without a checkpoint, and a start without a window", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emt-checkpoint-" });
  try {
    const env = {
      paths: exportPaths(`${dir}/out.ndjson`),
      graphRoot: "http://127.0.0.1:1",
      tenant: undefined,
      policy: DEFAULT_SLICE_POLICY,
      now: () => new Date(0),
    };
    await assert.rejects(openCheckpoint({ resume: true }, env), /there is no checkpoint/);
    await assert.rejects(openCheckpoint({}, env), /expected a window and at least one event type/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openCheckpoint() binds a new checkpoint to the tenant when it is known, before any row", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emt-checkpoint-" });
  try {
    const settings = {
      window: { from: new Date(0), to: new Date(2 * HOUR) },
      eventTypes: ["interactiveUser" as const],
    };
    const env = (tenant: string | undefined, out: string) => ({
      paths: exportPaths(`${dir}/${out}`),
      graphRoot: "http://127.0.0.1:1",
      tenant,
      policy: DEFAULT_SLICE_POLICY,
      now: () => new Date(0),
    });
    const CASES = [
      { tenant: "00000000-0000-4000-8000-00000000000a", out: "a.ndjson" },
      { tenant: undefined, out: "none.ndjson" },
    ];
    for (const c of CASES) {
      const opened = await openCheckpoint(settings, env(c.tenant, c.out));
      assert.equal(opened.state.tenant, c.tenant, c.out);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
