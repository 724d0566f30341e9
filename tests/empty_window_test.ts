/**
 * An empty window is said, not drawn: a sign-in report over a window without sign-ins opens
 * with "No sign-ins in <window>", has no chart (Markdown: no Mermaid block; HTML: no SVG) and
 * gives no permission advice the data cannot support (no "grant Policy.Read.All"). The JSON of
 * the same run holds zero sign-ins, so the text is not hiding numbers.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT, runDenoTask } from "./_run_task.ts";

const INPUT = `${PROJECT_ROOT}testdata/signins/graph.ndjson`;
const WINDOW = [
  "--max-bad-rows",
  "100%",
  "--since",
  "2024-01-01T00:00:00Z",
  "--until",
  "2024-01-02T00:00:00Z",
  "--now",
  "2024-06-01T00:00:00Z",
];

Deno.test("a window without sign-ins says so, draws no chart and gives no permission advice", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "empty-window-" });
  try {
    const out: Record<string, string> = {};
    for (const format of ["md", "html", "json"]) {
      const file = `${dir}/r.${format}`;
      const run = await runDenoTask("signins-report", [
        "--from",
        INPUT,
        ...WINDOW,
        "--format",
        format,
        "--out",
        file,
      ]);
      assert.equal(run.code, 0, run.stderr);
      out[format] = await Deno.readTextFile(file);
    }
    const json = JSON.parse(out.json!);
    assert.equal(json.totals.signIns, 0);
    assert.ok(json.totals.filteredOut > 0, "the input has sign-ins, all outside the window");
    const caveat = "No sign-ins in 2024-01-01T00:00:00Z to 2024-01-02T00:00:00Z";
    await t.step("Markdown", () => {
      const md = out.md!;
      const at = md.indexOf(caveat);
      assert.ok(at > 0, "the caveat is there");
      assert.ok(at < md.indexOf("| Volume |"), "the caveat comes before the first table");
      assert.doesNotMatch(md, /```mermaid/);
      assert.doesNotMatch(md, /Policy\.Read\.All/);
      assert.doesNotMatch(md, /Biggest risks found\*\*\n\n- /, "no risk is claimed");
    });
    await t.step("HTML", () => {
      const html = out.html!;
      const at = html.indexOf(caveat);
      assert.ok(at > 0 && at < html.indexOf("<table"), "the caveat comes before the first table");
      assert.doesNotMatch(html, /<svg/);
      assert.doesNotMatch(html, /Policy\.Read\.All/);
      assert.doesNotMatch(html, /class="answers"/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
