/**
 * `signins-report` through `deno task`: impossible and far-future dates are bad rows (not the
 * edge of the window), and a sign-in id read twice with different content is counted once, the
 * same copy whatever the order, with the conflict shown in the data-quality section.
 */
import assert from "node:assert/strict";
import { runDenoTask } from "./_run_task.ts";

const NOW = "2026-11-20T12:00:00Z";

function signIn(id: string, at: string, over: Record<string, unknown> = {}) {
  return JSON.stringify({
    id,
    createdDateTime: at,
    userPrincipalName: "ana@contoso.example",
    userId: "00000000-0000-4000-8000-000000000001",
    status: { errorCode: 0 },
    isInteractive: true,
    ...over,
  });
}

async function report(lines: string[], extra: string[] = []) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.ndjson`, lines.join("\n") + "\n");
    const json = await runDenoTask("signins-report", [
      "--from",
      `${dir}/s.ndjson`,
      "--now",
      NOW,
      "--format",
      "json",
      ...extra,
    ]);
    const md = await runDenoTask("signins-report", ["--from", `${dir}/s.ndjson`, "--now", NOW, ...extra]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(md.code, 0, md.stderr);
    return { j: JSON.parse(json.stdout), md: md.stdout, stderr: json.stderr };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const GOOD = [
  signIn("00000000-0000-4000-8000-0000000000a1", "2026-11-19T10:00:00Z"),
  signIn("00000000-0000-4000-8000-0000000000a2", "2026-11-20T10:00:00Z"),
];

const DATE_CASES: { name: string; row: string; future: number }[] = [
  {
    name: "February 30th",
    row: signIn("00000000-0000-4000-8000-0000000000b1", "2026-02-30T10:00:00Z"),
    future: 0,
  },
  { name: "hour 24", row: signIn("00000000-0000-4000-8000-0000000000b2", "2026-11-19T24:00:00Z"), future: 0 },
  {
    name: "far future",
    row: signIn("00000000-0000-4000-8000-0000000000b3", "2099-01-01T00:00:00Z"),
    future: 1,
  },
  {
    name: "two days after the report clock",
    row: signIn("00000000-0000-4000-8000-0000000000b4", "2026-11-22T12:00:01Z"),
    future: 1,
  },
];

Deno.test("signins-report: impossible and far-future dates are bad rows, not the window's edge", async (t) => {
  for (const c of DATE_CASES) {
    await t.step(c.name, async () => {
      // One bad row of three: allowed explicitly (the default refuses more than 1% bad rows).
      const { j, md } = await report([...GOOD, c.row], ["--max-bad-rows", "1"]);
      assert.deepEqual(
        [j.totals.rows, j.totals.badRows, j.totals.futureRows, j.totals.signIns],
        [2, 1, c.future, 2],
      );
      assert.deepEqual(j.window, { from: "2026-11-19T10:00:00Z", to: "2026-11-20T10:00:00Z", basis: "data" });
      assert.match(md, /\| Rows that could not be understood \(not counted\) \| 1 \|/);
      assert.match(
        md,
        new RegExp(`\\| … of which dated more than a day after the report clock \\| ${c.future} \\|`),
      );
    });
  }
  await t.step("a row up to a day after the clock is kept (clock skew)", async () => {
    const { j } = await report([
      ...GOOD,
      signIn("00000000-0000-4000-8000-0000000000b5", "2026-11-21T11:00:00Z"),
    ]);
    assert.deepEqual([j.totals.badRows, j.totals.signIns], [0, 3]);
  });
});

Deno.test("signins-report: a duplicate id with different content is counted once, the same copy in either order", async () => {
  const id = "00000000-0000-4000-8000-0000000000c1";
  const interrupted = signIn(id, "2026-11-20T09:00:00Z", {
    correlationId: "c1",
    status: { errorCode: 50074 },
  });
  const completed = signIn(id, "2026-11-20T09:00:30Z", { correlationId: "c1", status: { errorCode: 0 } });
  const a = await report([...GOOD, interrupted, completed]);
  const b = await report([...GOOD, completed, interrupted]);
  for (const { j, md } of [a, b]) {
    assert.deepEqual(
      [
        j.totals.duplicatesDropped,
        j.totals.duplicateConflicts,
        j.totals.conflictsKeptFirst,
        j.totals.signIns,
      ],
      [1, 1, 0, 3],
    );
    assert.match(md, /\| … of which differ from the copy counted .* \| 1 \|/);
    assert.match(md, /1 sign-in id\(s\) appear more than once with different content/);
  }
  assert.deepEqual(a.j.errors, b.j.errors, "the same copy is counted whatever the order");
  assert.deepEqual(a.j.window, b.j.window);
});
