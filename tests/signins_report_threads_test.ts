/**
 * `--threads` end to end, through `deno task` (the task's real permissions; workers inherit
 * them): signins-report and compliance-report read a sample-tenant NDJSON export large enough
 * for worker threads and give byte-identical output with 1, 2 and 3 threads and with the default (the cores).
 */
import assert from "node:assert/strict";
import { runDenoTask } from "./_run_task.ts";
import { defaultThreads } from "../lib/options/common.ts";
import { generateSignIns } from "../dev/sample/mod.ts";

const NOW = "2026-11-20T12:00:00Z";

async function writeSample(path: string, minBytes: number): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const enc = new TextEncoder();
  let n = 0, buf = "";
  for (const row of generateSignIns({ seed: 5, users: 200, days: 30, signInsPerUserPerDay: 3 })) {
    buf += JSON.stringify(row) + "\n";
    if (buf.length > 1_000_000) {
      await file.write(enc.encode(buf));
      n += buf.length;
      buf = "";
      if (n > minBytes) break;
    }
  }
  await file.write(enc.encode(buf));
  file.close();
}

Deno.test("signins-report and compliance-report: the same output with --threads 1, 2, 3 and by default", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/signins.ndjson`;
    await writeSample(path, 20 * 1024 * 1024); // above the 16 MiB below which no worker is started
    const report = (...extra: string[]) =>
      runDenoTask("signins-report", ["--from", path, "--format", "json", "--now", NOW, ...extra]);
    const outs: string[] = [];
    for (const threads of ["1", "2", "3"]) {
      const r = await report("--threads", threads);
      assert.equal(r.code, 0, r.stderr);
      outs.push(r.stdout);
    }
    assert.ok(JSON.parse(outs[0]!).totals.signIns > 2_000);
    assert.equal(outs[1], outs[0]);
    assert.equal(outs[2], outs[0]);
    // the workers merged and aggregated chunks of the file (no fallback to one pass)
    const verbose = await report("--threads", "2", "--verbose");
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.match(verbose.stderr, /read by 2 worker threads in \d+ chunk\(s\)/);
    assert.equal(verbose.stdout, outs[0]);
    // without --threads: this machine's cores (at most 4), the same output
    const byDefault = await report("--verbose");
    assert.equal(byDefault.code, 0, byDefault.stderr);
    const workers = defaultThreads(navigator.hardwareConcurrency);
    if (workers > 1) {
      assert.match(byDefault.stderr, new RegExp(`read by ${workers} worker threads in \\d+ chunk\\(s\\)`));
    } else {
      assert.doesNotMatch(byDefault.stderr, /worker threads/);
    }
    assert.equal(byDefault.stdout, outs[0]);
    const policy = `${dir}/policy.jsonc`;
    await Deno.writeTextFile(
      policy,
      `{ "rules": [
        { "id": "legacy", "check": "legacyAuthSucceeded", "threshold": 5 },
        { "id": "fraud", "check": "mfaDeniedFraud", "threshold": 0, "severity": "warn" },
      ] }`,
    );
    const compliance: string[] = [];
    for (const threads of ["1", "2"]) {
      const r = await runDenoTask("compliance-report", [
        "--policy",
        policy,
        "--signins-from",
        path,
        "--now",
        NOW,
        "--json",
        `${dir}/c${threads}.json`,
        "--threads",
        threads,
      ]);
      assert.ok(r.code === 0 || r.code === 3, r.stderr);
      compliance.push(`${r.code}\n${r.stdout}\n${await Deno.readTextFile(`${dir}/c${threads}.json`)}`);
    }
    assert.equal(compliance[1], compliance[0]);
    const bad = await runDenoTask("signins-report", ["--from", path, "--threads", "0"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--threads "0"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
