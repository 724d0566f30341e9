/**
 * Hostile Graph (issue #14, items 3–7): every Graph-reading task, run through its own deno.json
 * entry, against the local Graph server's fault modes — a nextLink that repeats, empty pages
 * for ever, an absurd `Retry-After`, a server that never answers, a gzip bomb, a redirect to
 * another origin. Every run must end, in bounded time and memory, with exit 1 and one
 * `error:` line saying what was refused; nothing is sent to another origin.
 */
import assert from "node:assert/strict";
import { type FaultPlan, type GraphServer, startGraphServer } from "../dev/graph_server/mod.ts";
import { generateSampleTenant } from "../dev/sample/mod.ts";
import { mapLimit, runTaskGuarded } from "./_task_table.ts";

const DATASET = generateSampleTenant({ seed: 11, users: 30, days: 3, signInsPerUserPerDay: 4 });
const SINCE = "2026-11-17T12:00:00Z";
const UNTIL = "2026-11-20T12:00:00Z";
const ENV = { GRAPH_ACCESS_TOKEN: "hostile-graph-token-0001" };

/** The Graph-reading tasks and the arguments of a real run against `url`, output to `out` (no extension). */
const TASKS: Record<string, (url: string, out: string) => string[]> = {
  "signins-report": (url, out) => [
    ...["--graph-url", url, "--budget", "0", "--since", SINCE, "--until", UNTIL, "--out", `${out}.md`],
  ],
  "registered-users": (url, out) => ["--graph-url", url, "--budget", "0", "--out", `${out}.csv`],
  "signins-export": (url, out) => [
    ...["--graph-url", url, "--budget", "0", "--since", SINCE, "--until", UNTIL],
    ...["--retry-delay-ms", "1", "--page-size", "20", "--out", `${out}.ndjson`],
  ],
};

interface Case {
  name: string;
  /** The fault plan; `other` is a second server's URL (another origin). */
  faults: (other: string, task: string) => FaultPlan;
  tasks: readonly (keyof typeof TASKS)[];
  extra?: string[];
  /** The one error line. */
  error: RegExp;
  /** Wall-clock bound for the run, ms. */
  maxMs: number;
  /** Most requests the server may receive. */
  maxRequests?: number;
  /** Most peak RSS, MiB (when it can be measured). */
  maxRssMiB?: number;
}

const ABSURD_RETRY_AFTER = ["99999", "9999999", "-5", "Fri, 31 Dec 9999 23:59:59 GMT"] as const;

const CASES: readonly Case[] = [
  {
    name: "a nextLink that repeats the page just read (item 5)",
    faults: () => () => ({ kind: "repeatNextLink" }),
    tasks: ["signins-report", "registered-users", "signins-export"],
    error: /refused: @odata\.nextLink of page 2 repeats an earlier page's link/,
    maxMs: 30_000,
    maxRequests: 40,
  },
  {
    name: "empty pages that never end (item 5)",
    faults: () => () => ({ kind: "endlessEmptyPages" }),
    tasks: ["signins-report", "registered-users", "signins-export"],
    extra: ["--max-empty-pages", "5"],
    error: /refused: more than 5 empty pages in a row/,
    maxMs: 30_000,
    maxRequests: 120,
  },
  ...ABSURD_RETRY_AFTER.map((value): Case => ({
    name: `Retry-After ${JSON.stringify(value)} (item 6)`,
    faults: () => () => ({ kind: "throttled", retryAfterHeader: value }),
    tasks: ["signins-report", "registered-users", "signins-export"],
    error:
      /refused: refused HTTP 429 with (an unreadable Retry-After|Retry-After .* more than the 300 s allowed \(--max-retry-wait\))/,
    maxMs: 30_000,
    maxRequests: 20,
  })),
  {
    name: "a server that never answers (item 4)",
    // The export's next pages hang, so it retries the page rather than splitting new slices.
    faults: (_, task) => (r) =>
      task !== "signins-export" || r.url.searchParams.has("$skiptoken") ? { kind: "hang" } : undefined,
    tasks: ["signins-report", "registered-users", "signins-export"],
    extra: ["--request-timeout", "1"],
    error: /no complete answer within 1 s \(--request-timeout\)/,
    maxMs: 45_000,
  },
  {
    name: "a gzip bomb: 128 MiB once decoded, default 64 MiB cap (item 7)",
    faults: () => () => ({ kind: "gzipBomb", decodedBytes: 128 * 1024 * 1024 }),
    tasks: ["signins-report", "registered-users", "signins-export"],
    error: /refused: refused a response larger than 64 MiB/,
    maxMs: 45_000,
    maxRequests: 16, // refused, not retried (the export may have one first page per cursor in flight)
    maxRssMiB: 1000, // at most one capped body per request in flight (the export reads 8 first pages at once)
  },
  {
    name: "a redirect to another origin (item 3)",
    faults: (other) => (r) => ({
      kind: "redirect",
      location: `${other}${r.url.pathname}${r.url.search}`,
      status: 307,
    }),
    tasks: ["signins-report", "registered-users", "signins-export"],
    error: /refused: refused a redirect \(HTTP 307\) off the Graph origin/,
    maxMs: 30_000,
  },
];

interface Outcome {
  task: string;
  c: Case;
  code: number;
  stderr: string;
  ms: number;
  timedOut: boolean;
  rssMiB: number | null;
  requests: number;
  otherRequests: number;
  otherAuth: string[];
}

async function runCase(task: string, c: Case): Promise<Outcome> {
  // The "other origin": same host, another port, serving real-looking rows.
  const other: GraphServer = await startGraphServer({ dataset: DATASET });
  const server = await startGraphServer({ dataset: DATASET, faults: c.faults(other.url, task) });
  const dir = await Deno.makeTempDir({ prefix: "hostile-graph-" });
  try {
    const args = [
      ...(TASKS[task] as (u: string, o: string) => string[])(server.url, `${dir}/out`),
      ...(c.extra ?? []),
    ];
    const run = await runTaskGuarded(task, args, { env: ENV, timeoutMs: c.maxMs + 15_000 });
    return {
      task,
      c,
      code: run.code,
      stderr: run.stderr,
      ms: run.ms,
      timedOut: run.timedOut,
      rssMiB: run.peakRssKiB === null ? null : run.peakRssKiB / 1024,
      requests: server.stats.requests,
      otherRequests: other.stats.requests,
      otherAuth: other.stats.recorded.map((r) => r.headers["authorization"] ?? ""),
    };
  } finally {
    await server.close();
    await other.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "hostile Graph: every run ends in bounded time and memory, exit 1, one line",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const jobs = CASES.flatMap((c) => c.tasks.map((task) => ({ task, c })));
    const results = await mapLimit(jobs, 3, (j) => runCase(j.task, j.c));
    for (const r of results) {
      await t.step(`${r.task}: ${r.c.name}`, () => {
        const detail = `exit ${r.code} after ${Math.round(r.ms)} ms, ${r.requests} requests; stderr:\n${
          r.stderr.slice(0, 800)
        }`;
        assert.equal(r.timedOut, false, `the run hung: ${detail}`);
        assert.ok(r.ms <= r.c.maxMs, `took too long: ${detail}`);
        assert.equal(r.code, 1, detail);
        const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
        assert.equal(errors.length, 1, `one error line: ${detail}`);
        assert.match(errors[0] as string, r.c.error, detail);
        assert.doesNotMatch(r.stderr, /Timeout(Overflow|Negative)Warning/, detail);
        if (r.c.maxRequests !== undefined) {
          assert.ok(r.requests <= r.c.maxRequests, `at most ${r.c.maxRequests} requests: ${detail}`);
        }
        if (r.c.maxRssMiB !== undefined && r.rssMiB !== null) {
          assert.ok(r.rssMiB <= r.c.maxRssMiB, `peak RSS ${Math.round(r.rssMiB)} MiB: ${detail}`);
        }
        assert.equal(r.otherRequests, 0, `nothing goes to another origin (${r.otherAuth.join(", ")})`);
      });
    }
  },
});

Deno.test({
  name: "a Retry-After within the cap is honoured and announced on stderr with the time it ends (item 6)",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const server = await startGraphServer({
      dataset: DATASET,
      faults: [{ request: 1, fault: { kind: "throttled", retryAfterHeader: "6" } }],
    });
    const dir = await Deno.makeTempDir({ prefix: "hostile-graph-" });
    try {
      const run = await runTaskGuarded(
        "registered-users",
        TASKS["registered-users"]!(server.url, `${dir}/out`),
        {
          env: ENV,
          timeoutMs: 40_000,
        },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stderr,
        /Graph answered 429 with Retry-After 6 s: waiting until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/,
      );
      const [first, second] = server.stats.recorded;
      assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 5900, "waited the 6 s asked");
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
