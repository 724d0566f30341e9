import assert from "node:assert/strict";
import { createReadStats, readSignInBatches, type ReadStats } from "../signins/mod.ts";
import { generateSignIns } from "../../dev/sample/mod.ts";
import { type ReportMeta, SignInAggregator } from "./aggregator.ts";
import {
  type ChunkedReportOptions,
  type FileChunkOptions,
  handleFileChunk,
  reportFileInChunks,
} from "./chunked.ts";
import { createRowFilter, type RowFilter } from "./options.ts";
import { ReportPipeline } from "./pipeline.ts";

const NOW = Date.parse("2026-11-20T12:00:00Z");

interface Run {
  report: unknown;
  pipeline: { rows: number; filteredOut: number; futureRows: number; merge: unknown };
  stats: ReadStats;
}

function metaOf(p: ReportPipeline, stats: ReadStats): ReportMeta {
  return {
    generatedAt: "2026-11-20T12:00:00Z",
    sources: [],
    rows: stats.signIns,
    badRows: stats.badRows + p.futureRows,
    futureRows: p.futureRows,
    filteredOut: p.filteredOut,
    merge: p.mergeStats,
  };
}

function finish(agg: SignInAggregator, p: ReportPipeline, stats: ReadStats): Run {
  p.finish();
  return {
    report: agg.summary(metaOf(p, stats)),
    pipeline: {
      rows: p.rows,
      filteredOut: p.filteredOut,
      futureRows: p.futureRows,
      merge: { ...p.mergeStats },
    },
    stats,
  };
}

async function sequential(path: string, filter: RowFilter, top: number): Promise<Run> {
  const agg = new SignInAggregator({ top });
  const p = new ReportPipeline(agg, { notAfterMs: NOW + 86_400_000, filter: createRowFilter(filter) });
  const stats = createReadStats();
  for await (const b of readSignInBatches(path, { stats })) p.pushAll(b);
  return finish(agg, p, stats);
}

async function chunked(
  path: string,
  filter: RowFilter,
  top: number,
  o: Partial<ChunkedReportOptions>,
): Promise<{ run: Run; done: boolean; reason: string; chunks: number }> {
  const agg = new SignInAggregator({ top });
  const p = new ReportPipeline(agg, { notAfterMs: NOW + 86_400_000, filter: createRowFilter(filter) });
  const stats = createReadStats();
  const outcome = await reportFileInChunks(path, p, agg, stats, {
    workers: 2,
    filter,
    notAfterMs: NOW + 86_400_000,
    minBytes: 0,
    inline: true,
    ...o,
  });
  if (!outcome.done) {
    // what the caller does: the file in one pass, into the untouched pipeline
    assert.equal(p.rows, 0);
    assert.equal(agg.signIns, 0);
    for await (const b of readSignInBatches(path, { stats })) p.pushAll(b);
  }
  return {
    run: finish(agg, p, stats),
    done: outcome.done,
    reason: outcome.done ? "" : outcome.reason,
    chunks: outcome.done ? outcome.chunks : 0,
  };
}

/**
 * Sample-tenant rows in time order, newest first (as Graph exports them), with the awkward bits:
 * interrupt/completion pairs (the sample has them), a duplicate id next to its first copy, bad
 * and blank lines, a future-dated row, a row without time.
 */
function sampleLines(seed: number): string[] {
  const rows = [...generateSignIns({ seed, users: 30, days: 1, signInsPerUserPerDay: 2 })]
    .sort((a, b) => String(b.createdDateTime).localeCompare(String(a.createdDateTime)))
    .slice(0, 50);
  const lines = rows.map((r) => JSON.stringify(r));
  lines.splice(7, 0, lines[6]!); // a duplicate id right after its first copy
  lines.splice(20, 0, "", "{not json"); // a blank line and a bad row
  lines.push(
    JSON.stringify({ id: "future", createdDateTime: "2027-11-20T10:00:00Z", status: { errorCode: 0 } }),
  );
  lines.push(JSON.stringify({ id: "undated", correlationId: "c", status: { errorCode: 0 } }));
  return lines;
}

/** An interrupt and its completion (same correlation id and user, 30 s apart), newest first. */
function pair(i: number, atMs: number): string[] {
  const base = {
    correlationId: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
    userPrincipalName: `user${i % 5}@contoso.example`,
    appDisplayName: "Office 365",
    authenticationRequirement: "multiFactorAuthentication",
    ipAddress: "192.0.2.10",
  };
  return [
    JSON.stringify({
      ...base,
      id: `done-${i}`,
      createdDateTime: new Date(atMs + 30_000).toISOString(),
      status: { errorCode: 0, additionalDetails: "MFA completed in Azure AD" },
    }),
    JSON.stringify({
      ...base,
      id: `int-${i}`,
      createdDateTime: new Date(atMs).toISOString(),
      status: { errorCode: 50074, additionalDetails: "MFA required in Azure AD" },
    }),
  ];
}

/** Interrupt/completion pairs every 3 minutes, newest first. */
function pairLines(n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(...pair(i, NOW - 86_400_000 + i * 180_000));
  return out;
}

const CASES: { name: string; lines: () => string[]; filter?: RowFilter; top?: number }[] = [
  { name: "sample tenant, duplicates, bad and blank lines", lines: () => sampleLines(4) },
  { name: "interrupt/completion pairs", lines: () => pairLines(30) },
  {
    name: "sample tenant, filtered by event type and window, top 3",
    lines: () => sampleLines(8),
    filter: {
      eventTypes: ["interactiveUser"],
      window: { from: new Date(NOW - 20 * 3_600_000), to: new Date(NOW) },
    },
    top: 3,
  },
];

async function gzip(path: string, text: string): Promise<void> {
  const gz = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  await Deno.writeFile(path, new Uint8Array(await new Response(gz).arrayBuffer()));
}

/** The byte offsets where lines start (after the first). */
function lineStarts(text: string): number[] {
  const bytes = new TextEncoder().encode(text);
  const out: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 10) out.push(i + 1);
  return out;
}

Deno.test("reportFileInChunks: the one-pass report with a chunk edge after every line, verified or read again", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    for (const c of CASES) {
      await t.step(c.name, async () => {
        const lines = c.lines();
        const text = lines.join("\n") + "\n";
        const filter = c.filter ?? {};
        const top = c.top ?? 10;
        const outcomes = { done: 0, fallback: 0 };
        const count = (got: { done: boolean }) => outcomes[got.done ? "done" : "fallback"]++;
        // an uncompressed file: workers read their chunks; two chunks split at every line start, and
        // in the middle of a line (rounded to the next line start), and three chunks
        const path = `${dir}/s.ndjson`;
        await Deno.writeTextFile(path, text);
        const expected = await sequential(path, filter, top);
        const starts = lineStarts(text);
        for (let i = 0; i < starts.length; i++) {
          for (const maxHeadRanges of [1, 40]) {
            const cuts = [[starts[i]!], [starts[i]! - 7], [
              starts[i]!,
              starts[Math.min(starts.length - 1, i + 9)]!,
            ]];
            for (const cut of cuts) {
              const got = await chunked(path, filter, top, { rangeBytes: 1, cuts: cut, maxHeadRanges });
              assert.deepEqual(got.run, expected, `cut at ${cut.join(", ")}, head ≤ ${maxHeadRanges}`);
              count(got);
            }
          }
        }
        // gzip: this thread decompresses and cuts chunks of `perChunk` lines (rangeBytes 1: a line per range)
        const gzPath = `${dir}/s.ndjson.gz`;
        await gzip(gzPath, text);
        const expectedGz = await sequential(gzPath, filter, top);
        assert.deepEqual(expectedGz.report, expected.report);
        for (let perChunk = 1; perChunk <= lines.length; perChunk += 3) {
          const got = await chunked(gzPath, filter, top, {
            rangeBytes: 1,
            chunkBytes: perChunk,
            maxHeadRanges: 40,
          });
          assert.deepEqual(got.run, expectedGz, `gzip, ${perChunk} line(s) per chunk`);
          count(got);
        }
        // both verification outcomes occur: heads that find the one-pass state (long enough heads), and
        // edges that do not (one-line heads, heads at the end of the file)
        assert.ok(outcomes.done > lines.length, JSON.stringify(outcomes));
        assert.ok(outcomes.fallback > 0, JSON.stringify(outcomes));
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reportFileInChunks: an id in two chunks, a key cap reached, a bad file: read in one pass", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.ndjson`;
    const lines = pairLines(40);
    // the same sign-in 70 lines later: far beyond the horizon, in another chunk
    await Deno.writeTextFile(path, [...lines, lines[3]!].join("\n") + "\n");
    const expected = await sequential(path, {}, 10);
    const cutAt = lineStarts(lines.join("\n") + "\n")[40]!;
    const dup = await chunked(path, {}, 10, { rangeBytes: 1, cuts: [cutAt] });
    assert.deepEqual([dup.done, dup.reason], [false, "an id is in two chunks"]);
    assert.deepEqual(dup.run, expected);
    // without the repeat the same cutting is verified
    await Deno.writeTextFile(path, lines.join("\n") + "\n");
    const ok = await chunked(path, {}, 10, { rangeBytes: 1, cuts: [cutAt] });
    assert.equal(ok.done, true);
    assert.deepEqual(ok.run, await sequential(path, {}, 10));
    // a key cap reached within a chunk: merging capped maps is not exact
    const capped = new SignInAggregator({ maxKeys: 1 });
    const cappedPipeline = new ReportPipeline(capped, { notAfterMs: NOW + 86_400_000 });
    const outcome = await reportFileInChunks(path, cappedPipeline, capped, createReadStats(), {
      workers: 2,
      filter: {},
      notAfterMs: NOW + 86_400_000,
      minBytes: 0,
      inline: true,
      rangeBytes: 1,
      cuts: [cutAt],
    });
    assert.deepEqual(outcome, { done: false, reason: "a key cap was reached in a chunk" });
    assert.equal(capped.signIns, 0);
    // a chunk whose rows are not in time order: its head cannot find the one-pass state
    const shuffled = [...lines.slice(0, 20), ...lines.slice(20).reverse()];
    await Deno.writeTextFile(path, shuffled.join("\n") + "\n");
    const unordered = await chunked(path, {}, 10, { rangeBytes: 1, cuts: [cutAt], maxHeadRanges: 40 });
    assert.deepEqual(unordered.run, await sequential(path, {}, 10));
    // a cut-off record: the one-pass reader gives the error
    await Deno.writeTextFile(path, lines.join("\n") + '\n{"id":"x","createdDateTime":"2026');
    const cut = await reportFileInChunks(
      path,
      new ReportPipeline(new SignInAggregator()),
      new SignInAggregator(),
      createReadStats(),
      {
        workers: 2,
        filter: {},
        notAfterMs: Infinity,
        minBytes: 0,
        inline: true,
        rangeBytes: 1,
        chunkBytes: 20,
      },
    );
    assert.equal(cut.done, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reportFileInChunks: with worker threads, the one-pass report", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.ndjson`;
    await Deno.writeTextFile(path, pairLines(400).join("\n") + "\n");
    await gzip(`${path}.gz`, pairLines(400).join("\n") + "\n");
    const expected = await sequential(path, {}, 10);
    const expectedGz = await sequential(`${path}.gz`, {}, 10);
    for (const workers of [2, 3]) {
      const got = await chunked(path, {}, 10, { workers, inline: false, rangeBytes: 4096 });
      assert.equal(got.done, true, got.reason);
      assert.deepEqual(got.run, expected, `${workers} workers`);
      const gz = await chunked(`${path}.gz`, {}, 10, {
        workers,
        inline: false,
        rangeBytes: 4096,
        chunkBytes: 16384,
      });
      assert.equal(gz.done, true, gz.reason);
      assert.deepEqual(gz.run, expectedGz, `${workers} workers, gzip`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reportFileInChunks: tails of the workers' chunks read by this thread, the one-pass report", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.ndjson`;
    const text = pairLines(3000).join("\n") + "\n";
    await Deno.writeTextFile(path, text);
    const size = new TextEncoder().encode(text).length;
    assert.ok(size > 6 * 65536, `${size} bytes: tails of several claim units`);
    const expected = await sequential(path, {}, 10);
    for (const inline of [true, false]) {
      for (const workers of [2, 3]) {
        // tails taken before the workers read (in this thread: always; with workers: most often),
        // halved again and again down to one claim unit (64 KiB)
        const got = await chunked(path, {}, 10, {
          workers,
          inline,
          rangeBytes: 4096,
          minStealBytes: 1,
          stealAtOnce: true,
        });
        const what = `${workers} threads, ${inline ? "in this thread" : "worker threads"}`;
        assert.equal(got.done, true, `${what}: ${got.reason}`);
        assert.deepEqual(got.run, expected, what);
        if (inline) assert.ok(got.chunks > workers + 2, `${what}: ${got.chunks} chunks`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reportFileInChunks: progress comes while the chunks are read, never goes back, ends at the sign-ins read", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.ndjson`;
    await Deno.writeTextFile(path, pairLines(400).join("\n") + "\n");
    for (const inline of [true, false]) {
      await t.step(inline ? "in this thread" : "worker threads", async () => {
        const seen: number[] = [];
        const stats = createReadStats();
        const agg = new SignInAggregator();
        const outcome = await reportFileInChunks(path, new ReportPipeline(agg), agg, stats, {
          workers: 2,
          filter: {},
          notAfterMs: Infinity,
          minBytes: 0,
          inline,
          rangeBytes: 4096,
          progress: (rows) => seen.push(rows),
        });
        assert.equal(outcome.done, true);
        // two chunks, but a figure after each 4 KiB range, not only after each chunk
        assert.ok(seen.length > 10, `${seen.length} progress calls`);
        for (let i = 1; i < seen.length; i++) {
          assert.ok(seen[i]! >= seen[i - 1]!, `${seen[i - 1]} then ${seen[i]}`);
        }
        assert.ok(seen[0]! < stats.signIns);
        assert.equal(seen.at(-1), stats.signIns);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("handleFileChunk: the aggregator kept in this thread or exported, and a stopped read", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.ndjson`;
    await Deno.writeTextFile(path, pairLines(40).join("\n") + "\n");
    const settings = {
      range: { file: "s.ndjson", format: "graph-ndjson" as const },
      filter: {},
      notAfterMs: Infinity,
      aggregator: {},
      maxHeadRanges: 8,
    };
    const req = {
      kind: "file" as const,
      chunk: 0,
      path,
      start: 0,
      end: null,
      first: true,
      rangeBytes: 256,
      settings,
    };
    const stopped = new AbortController();
    stopped.abort();
    const CASES: {
      name: string;
      options: FileChunkOptions;
      check: (r: Awaited<ReturnType<typeof handleFileChunk>>) => void;
    }[] = [
      {
        name: "live: the aggregator itself",
        options: { live: true },
        check: (r) => {
          assert.equal(r.kind, "chunk");
          if (r.kind === "chunk") assert.ok(r.result.aggregator instanceof SignInAggregator);
        },
      },
      {
        name: "not live: its state, which a structured clone keeps",
        options: {},
        check: (r) => {
          assert.equal(r.kind, "chunk");
          if (r.kind !== "chunk") return;
          assert.ok(!(r.result.aggregator instanceof SignInAggregator));
          assert.deepEqual(structuredClone(r.result.aggregator), r.result.aggregator);
        },
      },
      {
        name: "stopped: an error, nothing read",
        options: { live: true, signal: stopped.signal },
        check: (r) => assert.equal(r.kind, "error"),
      },
    ];
    const signIns: number[] = [];
    for (const c of CASES) {
      await t.step(c.name, async () => {
        const r = await handleFileChunk(req, c.options);
        c.check(r);
        if (r.kind === "chunk") {
          const a = r.result.aggregator;
          signIns.push(a instanceof SignInAggregator ? a.signIns : SignInAggregator.fromState(a).signIns);
        }
      });
    }
    // the same chunk counted the same either way
    assert.equal(signIns.length, 2);
    assert.equal(signIns[0], signIns[1]);
    assert.ok(signIns[0]! > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
