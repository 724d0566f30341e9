/**
 * End-to-end tests of `deno task mfa-server-report`: the task runs as a subprocess with exactly
 * its deno.json task entry (`deno task mfa-server-report`), a cleared environment and no TTY.
 */
import assert from "node:assert/strict";
import { runDenoTask, type TaskRun } from "./_run_task.ts";

const FIXTURES = "testdata/mfa_server";

type Run = TaskRun;

function runTask(args: string[]): Promise<Run> {
  return runDenoTask("mfa-server-report", args);
}

function stderrLines(r: Run): string[] {
  return r.stderr.split("\n").filter((l) => l.trim() !== "");
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "emt-mfa-server-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

Deno.test("mfa-server-report writes the Markdown report to stdout and exits 0", async () => {
  const r = await runTask(["--from", `${FIXTURES}/all_codes.csv`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^# MFA Server activity report\n/);
  assert.match(r.stdout, /\| Total \| 51 \|/);
  assert.match(r.stdout, /## Where these reports live now/);
  // Warnings, not errors: 3 unknown rows (2 distinct values) and 1 bad line.
  assert.deepEqual(stderrLines(r), [
    "warning: 3 row(s) have an unknown call result (2 distinct value(s)); they are counted as unknown and listed in the report",
    'warning: 1 line(s) could not be used; see "Data quality" in the report',
  ]);
});

Deno.test("mfa-server-report writes JSON atomically to --out, reading several files", async () => {
  await withDir(async (dir) => {
    const out = `${dir}/report.json`;
    const r = await runTask([
      "--from",
      `${FIXTURES}/codes_only.txt`,
      `${FIXTURES}/german_utf16le.csv`,
      "--from",
      `${FIXTURES}/korean_utf16be.csv`,
      "--format",
      "json",
      "--out",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    const j = JSON.parse(await Deno.readTextFile(out));
    // codes_only: USED_CACHE x2 (allowed), FRAUD_REPORTED (denied), FAILED_SOMETHING_NEW (unknown);
    // german: CONFIG_ISSUE, SUCCESS_NO_PIN_BUT_TIMEOUT (denied); korean: SUCCESS_SMS_SENT (pending).
    assert.equal(j.schemaVersion, 1);
    assert.deepEqual(j.totals, {
      rows: 7,
      allowed: 2,
      denied: 3,
      pending: 1,
      depends: 0,
      unknown: 1,
      badRows: 0,
    });
    assert.deepEqual(j.codes, {
      SUCCESS_USED_CACHE: 2,
      CONFIG_ISSUE: 1,
      FAILED_FRAUD_REPORTED: 1,
      SUCCESS_NO_PIN_BUT_TIMEOUT: 1,
      SUCCESS_SMS_SENT: 1,
    });
    assert.equal(j.channels.phoneCall, 2);
    assert.deepEqual(j.files.map((f: { encoding: string }) => f.encoding), ["utf-8", "utf-16le", "utf-16be"]);
    assert.deepEqual(await listDir(dir), ["report.json"], "no temp file left");
  });
});

Deno.test("mfa-server-report picks CSV from the --out extension", async () => {
  await withDir(async (dir) => {
    const r = await runTask([
      "--from",
      `${FIXTURES}/codes_only.txt`,
      "--out",
      `${dir}/codes.csv`,
      "--top",
      "3",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const csv = await Deno.readTextFile(`${dir}/codes.csv`);
    assert.match(
      csv,
      /^code,label,channel,outcome,rows,meaning\r\nSUCCESS_USED_CACHE,Used cache,cache,allowed,2,/,
    );
  });
});

Deno.test("mfa-server-report exits 1 with one stderr line and leaves --out untouched when a column is missing", async () => {
  await withDir(async (dir) => {
    const out = `${dir}/report.md`;
    const fresh = await runTask(["--from", `${FIXTURES}/missing_column.csv`, "--out", out]);
    assert.equal(fresh.code, 1);
    assert.deepEqual(stderrLines(fresh), [
      `error: ${FIXTURES}/missing_column.csv:1: no call-result column; headers found: "Date", "User", "Status"; expected a header such as "Call Result" or "Result"`,
    ]);
    assert.deepEqual(await listDir(dir), [], "no output file created");

    await Deno.writeTextFile(out, "previous report\n");
    const again = await runTask([
      "--from",
      `${FIXTURES}/codes_only.txt`,
      `${FIXTURES}/missing_column.csv`,
      "--out",
      out,
    ]);
    assert.equal(again.code, 1);
    assert.equal(stderrLines(again).length, 1);
    assert.equal(await Deno.readTextFile(out), "previous report\n", "previous output untouched");
    assert.deepEqual(await listDir(dir), ["report.md"]);
  });
});

Deno.test("mfa-server-report exits 1 naming the file and byte for binary input", async () => {
  await withDir(async (dir) => {
    const bin = `${dir}/export.csv`;
    await Deno.writeFile(bin, new Uint8Array([0x43, 0x61, 0x6c, 0x6c, 0x0a, 0xff, 0xfe, 0xfd]));
    const r = await runTask(["--from", bin]);
    assert.equal(r.code, 1);
    assert.deepEqual(stderrLines(r), [
      `error: ${bin} (byte 5): Cannot decode text: invalid UTF-8 byte 0xff on line 2, column 1 (expected utf-8; save the file as UTF-8 or as UTF-16 with a byte-order mark)`,
    ]);
    assert.equal(r.stdout, "");
  });
});

Deno.test("mfa-server-report exits 1 for a file that does not exist", async () => {
  const r = await runTask(["--from", `${FIXTURES}/does_not_exist.csv`]);
  assert.equal(r.code, 1);
  assert.deepEqual(stderrLines(r), [
    `error: ${FIXTURES}/does_not_exist.csv: Cannot open the file: no such file`,
  ]);
});

const USAGE: { name: string; args: string[]; stderr: RegExp }[] = [
  { name: "missing --from", args: [], stderr: /--from/ },
  { name: "--from without a file", args: ["--from"], stderr: /--from/ },
  {
    name: "an unknown --format",
    args: ["--from", "x.csv", "--format", "pdf"],
    stderr: /expected one of md, json, csv, html/,
  },
  {
    name: "--top 0",
    args: ["--from", "x.csv", "--top", "0"],
    stderr: /--top "0": expected a whole number from 1 to 1000/,
  },
  {
    name: "an unknown option",
    args: ["--from", "x.csv", "--since", "7"],
    stderr: /unknown option '--since'/,
  },
];

Deno.test("mfa-server-report exits 2 for usage errors", async (t) => {
  for (const c of USAGE) {
    await t.step(`mfa-server-report exits 2 for ${c.name}`, async () => {
      const r = await runTask(c.args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, c.stderr);
      assert.equal(r.stdout, "");
    });
  }
});

Deno.test("mfa-server-report --help exits 0 and lists the options", async () => {
  const r = await runTask(["--help"]);
  assert.equal(r.code, 0);
  for (const o of ["--from", "--format", "--out", "--top", "--verbose"]) assert.ok(r.stdout.includes(o), o);
});
