/**
 * End-to-end tests of the one input layer (lib/io) through the tasks, as users run them
 * (`deno task NAME`, the deno.json permissions): files that yield nothing, leading white space,
 * standard input, option files on devices or over their cap, `;`-delimited registration CSV,
 * trailing commas, the `--max-bad-rows` limit, and one report whichever way the same sign-ins come.
 */
import assert from "node:assert/strict";
import { runDenoTask, type TaskRun } from "./_run_task.ts";
import { generateSignIns } from "../dev/sample/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const FIX = `${ROOT}testdata/signins_report`;
const REG = `${ROOT}testdata/registration`;
const NOW = ["--now", "2026-11-20T14:00:00Z"];

function signinsReport(args: string[], stdin?: string): Promise<TaskRun> {
  return runDenoTask("signins-report", args, stdin === undefined ? {} : { stdin });
}

/** Asserts a refusal: exit 1, nothing on stdout, one line on stderr matching `message`. */
function assertRefused(r: TaskRun, message: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, message);
}

async function withTempDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "emt-io-" });
  try {
    await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes `n` bytes of `byte`, 1 MiB at a time. */
async function writeRepeated(path: string, byte: number, n: number, tail = ""): Promise<void> {
  const f = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    const block = new Uint8Array(1024 * 1024).fill(byte);
    for (let left = n; left > 0; left -= block.length) {
      const b = block.subarray(0, Math.min(left, block.length));
      for (let o = 0; o < b.length;) o += await f.write(b.subarray(o));
    }
    const t = new TextEncoder().encode(tail);
    for (let o = 0; o < t.length;) o += await f.write(t.subarray(o));
  } finally {
    f.close();
  }
}

Deno.test("signins-report: an empty file is a warning and a caveat at the top of the report, not an error", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/empty.ndjson`, "");
    const r = await signinsReport([
      "--from",
      `${dir}/empty.ndjson`,
      `${FIX}/six_signins.ndjson`,
      "--format",
      "json",
      ...NOW,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*empty\.ndjson is empty \(no data, or white space only\)/);
    const j = JSON.parse(r.stdout);
    assert.equal(j.totals.signIns, 4);
    assert.ok(
      j.caveats.some((c: string) => /empty\.ndjson is empty: it adds no sign-ins/.test(c)),
      JSON.stringify(j.caveats),
    );
  });
});

Deno.test("signins-report: 64 MiB of line breaks is an empty file, read in bounded time and memory", async () => {
  await withTempDir(async (dir) => {
    await writeRepeated(`${dir}/blank.json`, 10, 64 * 1024 * 1024);
    const t0 = performance.now();
    const r = await signinsReport([
      "--from",
      `${dir}/blank.json`,
      `${FIX}/six_signins.ndjson`,
      "--format",
      "json",
      ...NOW,
    ]);
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /blank\.json is empty/);
    // Before the fix this took 8.7 s (every chunk re-scanned the white space seen so far).
    assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
  });
});

Deno.test("signins-report: line numbers count the blank lines skipped before the first record", async () => {
  await withTempDir(async (dir) => {
    // 3 MiB of "\n" (3 read chunks, all dropped), then a record cut off: the error names its line.
    await writeRepeated(`${dir}/late.json`, 10, 3 * 1024 * 1024, '[{"id": "r1", "createdDateTime": "2026-11');
    const r = await signinsReport(["--from", `${dir}/late.json`]);
    assertRefused(r, new RegExp(`late\\.json:${3 * 1024 * 1024 + 1}: Cannot parse JSON: the file ends`));
  });
});

Deno.test("signins-report: a gzip file of white space only is empty, decompressed as a stream", async () => {
  await withTempDir(async (dir) => {
    const spaces = new Uint8Array(64 * 1024 * 1024).fill(32);
    const gz = new Uint8Array(
      await new Response(new Blob([spaces]).stream().pipeThrough(new CompressionStream("gzip")))
        .arrayBuffer(),
    );
    await Deno.writeFile(`${dir}/spaces.ndjson.gz`, gz);
    const r = await signinsReport([
      "--from",
      `${dir}/spaces.ndjson.gz`,
      `${FIX}/six_signins.ndjson`,
      "--format",
      "json",
      ...NOW,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /spaces\.ndjson\.gz is empty/);
  });
});

Deno.test("signins-report reads standard input given as -", async () => {
  const text = await Deno.readTextFile(`${FIX}/six_signins.ndjson`);
  const r = await signinsReport(["--from", "-", "--format", "json", ...NOW], text);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.totals.rows, 7);
  assert.equal(j.totals.signIns, 4);
});

Deno.test("signins-report refuses a pasted Graph response with a trailing comma", async () => {
  await withTempDir(async (dir) => {
    const lines = (await Deno.readTextFile(`${FIX}/six_signins.ndjson`)).trim().split("\n");
    await Deno.writeTextFile(`${dir}/pasted.json`, `{"value": [\n${lines.join(",\n")},\n]}\n`);
    const r = await signinsReport(["--from", `${dir}/pasted.json`]);
    assertRefused(r, /pasted\.json:9: Cannot parse JSON: a comma before the closing "\]" \(a trailing comma/);
  });
});

Deno.test("signins-report refuses a non-empty file that gives no sign-in, naming the layout tried", async () => {
  const r = await signinsReport(["--from", `${REG}/registration_export_pascal.json`]);
  assertRefused(
    r,
    /registration_export_pascal\.json:\d+: Cannot read sign-ins: the first record matches no known layout \(tried .*\); its keys: "Id", "UserPrincipalName"/,
  );
});

Deno.test("signins-report fails over --max-bad-rows (default 1%) and reads a partial file under it", async () => {
  const refused = await signinsReport(["--from", `${FIX}/odd_values.ndjson`]);
  assertRefused(
    refused,
    /odd_values\.ndjson: Cannot read sign-ins: 1 of 7 record\(s\) read as graph-ndjson could not be understood, more than --max-bad-rows 1% allows; first, line 4: status\.errorCode/,
  );
  const partial = await signinsReport([
    "--from",
    `${FIX}/odd_values.ndjson`,
    "--max-bad-rows",
    "1",
    "--format",
    "json",
  ]);
  assert.equal(partial.code, 0, partial.stderr);
  assert.equal(JSON.parse(partial.stdout).totals.badRows, 1);
  const pct = await signinsReport([
    "--from",
    `${FIX}/odd_values.ndjson`,
    "--max-bad-rows",
    "20%",
    "--format",
    "json",
  ]);
  assert.equal(pct.code, 0, pct.stderr);
  const usage = await signinsReport(["--from", `${FIX}/odd_values.ndjson`, "--max-bad-rows", "some"]);
  assert.equal(usage.code, 2, usage.stderr);
  assert.match(usage.stderr, /Cannot use --max-bad-rows "some"/);
});

const DEVICE_OPTIONS: { name: string; task: string; args: string[]; message: RegExp }[] = [
  {
    name: "--redact-key-file",
    task: "signins-report",
    args: ["--from", `${FIX}/six_signins.ndjson`, "--redact-key-file", "/dev/zero"],
    message: /\/dev\/zero: Cannot read the redaction key file: it is not a regular file/,
  },
  {
    name: "--exclude",
    task: "registration-report",
    args: ["--from", `${REG}/registration_export.csv`, "--exclude", "/dev/zero"],
    message: /\/dev\/zero: Cannot read the exclusion list: it is not a regular file/,
  },
  {
    name: "--policy",
    task: "compliance-report",
    args: ["--policy", "/dev/zero"],
    message: /\/dev\/zero: Cannot read the compliance policy: it is not a regular file/,
  },
];

for (const c of DEVICE_OPTIONS) {
  Deno.test(`${c.task} ${c.name} /dev/zero is refused at once instead of read into memory`, async () => {
    const r = await runDenoTask(c.task, c.args);
    assertRefused(r, c.message);
  });
}

Deno.test("signins-report --redact-key-file over 16 MiB is refused at the cap", async () => {
  await withTempDir(async (dir) => {
    await writeRepeated(`${dir}/key`, 7, 16 * 1024 * 1024 + 1);
    const r = await signinsReport(["--from", `${FIX}/six_signins.ndjson`, "--redact-key-file", `${dir}/key`]);
    assertRefused(r, /key \(byte 16777216\): Cannot read the redaction key file: it is larger than 16 MiB/);
  });
});

Deno.test("registration-report reads a ;-delimited Export-Csv file (with #TYPE) like the comma file", async () => {
  const comma = await runDenoTask("registration-report", [
    "--from",
    `${REG}/registration_export.csv`,
    "--format",
    "json",
  ]);
  const semi = await runDenoTask("registration-report", [
    "--from",
    `${REG}/registration_export_semicolon.csv`,
    "--format",
    "json",
  ]);
  assert.equal(comma.code, 0, comma.stderr);
  assert.equal(semi.code, 0, semi.stderr);
  const a = JSON.parse(comma.stdout), b = JSON.parse(semi.stdout);
  assert.deepEqual(b.totals, a.totals);
  assert.deepEqual(
    [b.totals.inScope, b.totals.mfaRegistered, b.totals.mfaCapable, b.totals.passwordlessCapable],
    [4, 3, 2, 1],
  );
});

Deno.test("signins-report decodes UTF-16 LE without a byte-order mark (the text starts with ASCII)", async () => {
  const r = await signinsReport(["--from", `${FIX}/utf16_nobom.ndjson`, "--format", "json", ...NOW]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.sources[0].encoding, "utf-16le");
  assert.equal(j.totals.rows, 1);
});

Deno.test("registration-report skips leading blank lines without holding them, and counts them in line numbers", async () => {
  await withTempDir(async (dir) => {
    const rows = await Deno.readTextFile(`${REG}/registration_export_short_row.csv`);
    await writeRepeated(`${dir}/late.csv`, 10, 2 * 1024 * 1024, rows);
    const r = await runDenoTask("registration-report", ["--from", `${dir}/late.csv`]);
    assertRefused(
      r,
      new RegExp(`late\\.csv:${2 * 1024 * 1024 + 3}: Cannot read registration data: expected 3 fields`),
    );
    await writeRepeated(`${dir}/blank.csv`, 32, 8 * 1024 * 1024);
    const blank = await runDenoTask("registration-report", ["--from", `${dir}/blank.csv`]);
    assertRefused(blank, /blank\.csv:1: Cannot read registration data: the file is empty/);
  });
});

Deno.test("signins-report: the same sign-ins from a file, standard input, two files and a JSON array give the same report", async () => {
  await withTempDir(async (dir) => {
    const rows: string[] = [];
    for (const row of generateSignIns({ seed: 11, users: 40, days: 10, signInsPerUserPerDay: 3 })) {
      rows.push(JSON.stringify(row));
    }
    const half = Math.floor(rows.length / 2);
    await Deno.writeTextFile(`${dir}/all.ndjson`, rows.join("\n") + "\n");
    await Deno.writeTextFile(`${dir}/a.ndjson`, rows.slice(0, half).join("\n") + "\n");
    await Deno.writeTextFile(`${dir}/b.ndjson`, rows.slice(half).join("\r\n"));
    await Deno.writeTextFile(`${dir}/all.json`, "[\n" + rows.join(",\n") + "\n]\n");
    const runs = [
      await signinsReport(["--from", `${dir}/all.ndjson`, "--format", "json", "--threads", "1", ...NOW]),
      await signinsReport(["--from", "-", "--format", "json", ...NOW], rows.join("\n")),
      await signinsReport(["--from", `${dir}/a.ndjson`, `${dir}/b.ndjson`, "--format", "json", ...NOW]),
      await signinsReport(["--from", `${dir}/all.json`, "--format", "json", ...NOW]),
    ];
    const reports = runs.map((r) => {
      assert.equal(r.code, 0, r.stderr);
      const { sources, ...rest } = JSON.parse(r.stdout);
      assert.equal(sources.reduce((n: number, s: { records: number }) => n + s.records, 0), rows.length);
      return rest;
    });
    assert.ok(reports[0].totals.signIns > 1000, `${reports[0].totals.signIns} sign-ins`);
    for (let i = 1; i < reports.length; i++) assert.deepStrictEqual(reports[i], reports[0], `run ${i}`);
  });
});
