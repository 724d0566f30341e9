/**
 * End-to-end tests of the input layouts (issue #13): each real export shape, as a synthetic
 * fixture in testdata/layouts/, read through `deno task signins-report --from FILE --format json`
 * (or `mfa-server-report`), with the expected numbers counted independently from the fixture.
 */
import assert from "node:assert/strict";
import { runDenoTask } from "./_run_task.ts";

const ROOT = new URL("..", import.meta.url).pathname;

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "", q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

Deno.test("mfa-server-report accepts every call-result label as Microsoft's documentation writes it", async () => {
  const doc = JSON.parse(await Deno.readTextFile(`${ROOT}testdata/classify/mfa-server-doc-labels.json`)) as {
    labels: Record<string, string>;
  };
  const byLabel = new Map(Object.entries(doc.labels).map(([code, label]) => [label, code]));
  const lines = (await Deno.readTextFile(`${ROOT}testdata/mfa_server/doc_labels.csv`)).split(/\r?\n/)
    .filter((l) => l !== "");
  const header = parseCsvLine(lines[0]!);
  const col = header.indexOf("Call Result");
  const expected: Record<string, number> = {};
  for (const l of lines.slice(1)) {
    const code = byLabel.get(parseCsvLine(l)[col]!);
    assert.ok(code !== undefined);
    expected[code] = (expected[code] ?? 0) + 1;
  }
  assert.equal(Object.keys(expected).length, 45);
  assert.ok(lines.some((l) => l.includes("OATH Code Out of Date")));
  const r = await runDenoTask("mfa-server-report", [
    "--from",
    "testdata/mfa_server/doc_labels.csv",
    "--format",
    "json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.totals.unknown, 0);
  assert.equal(report.totals.rows, lines.length - 1);
  for (const [code, n] of Object.entries(expected)) assert.equal(report.codes[code], n, code);
});
