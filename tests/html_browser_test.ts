/**
 * The HTML reports in a real browser. `deno task demo` writes every report as Markdown, JSON
 * and HTML; each HTML report is opened in headless Chromium (driven over the DevTools
 * protocol, `dev/testing/chromium.ts`) at desktop (1280) and narrow (390) width: no console
 * error, no CSP violation, no network request; every figure of the answers-first block read
 * from the DOM equals the JSON output's; the tables sort; screenshots are saved under
 * `test-output/html-browser/` (light, dark and print at desktop width, light at narrow width,
 * and the whole page at desktop width). The hostile-name corpus goes through every HTML report too: nothing but the page's
 * own script runs, no element comes from data, no request is made.
 *
 * Without Chromium the test says so and is skipped, except under `CI=true`, where it fails
 * (`.ci/run` installs the Debian package `chromium` when missing).
 */
import assert from "node:assert/strict";
import { Browser, chromiumUnavailable, type Page } from "../dev/testing/chromium.ts";
import { PROJECT_ROOT, runDenoTask } from "./_run_task.ts";

const OUT = "demo-reports/html-browser-test";
const OUT_ABS = `${PROJECT_ROOT}${OUT}`;
/** The test's output folder: screenshots (outside demo-reports/, which demo_test.ts clears). */
const SHOTS = `${PROJECT_ROOT}test-output/html-browser`;
const HOSTILE = `${PROJECT_ROOT}testdata/hostile`;
const unavailable = await chromiumUnavailable();
const inCi = Deno.env.get("CI") === "true";
if (unavailable !== null) {
  console.error(
    `html_browser_test: headless Chromium cannot run (${unavailable}); install the Debian package ` +
      `"chromium" (or set CHROMIUM=/path/to/chrome). ${
        inCi ? "CI=true: failing." : "Skipping the browser checks."
      }`,
  );
}

Deno.test("Chromium is available for the HTML report tests (required under CI=true)", {
  ignore: !inCi && unavailable !== null,
}, () => {
  assert.equal(unavailable, null, `headless Chromium is needed under CI: ${unavailable}`);
});

type Json = Record<string, unknown>;

/** A JSON path (`a.b.0.c`, `x.length`); an object of numbers stands for its sum. */
function resolve(doc: unknown, path: string): number | undefined {
  let v: unknown = doc;
  for (const k of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = k === "length" && Array.isArray(v) ? v.length : (v as Json)[k];
  }
  if (typeof v === "number") return v;
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const nums = Object.values(v as Json);
    if (nums.every((n) => typeof n === "number")) return (nums as number[]).reduce((a, b) => a + b, 0);
  }
  return undefined;
}

/** Figures the JSON holds only as a sum or difference. */
const DERIVED: Record<string, (doc: Json) => number> = {
  "totals.userSignIns": (d) => resolve(d, "totals.userSignIns")!,
  "conditionalAccess.reportOnlyFailure": (d) =>
    (d.conditionalAccess as { policies: { results: { reportOnlyFailure: number } }[] }).policies
      .reduce((n, p) => n + p.results.reportOnlyFailure, 0),
  "conditionalAccess.reportOnlyFailure.0": (d) =>
    Math.max(
      ...(d.conditionalAccess as { policies: { results: { reportOnlyFailure: number } }[] }).policies
        .map((p) => p.results.reportOnlyFailure),
    ),
  unregistered: (d) => resolve(d, "totals.inScope")! - resolve(d, "totals.mfaRegistered")!,
};

interface Report {
  html: string;
  json: string;
  /** The heading every page starts with. */
  title: string;
}

const REPORTS: Report[] = [
  { html: "signins-report.html", json: "signins-report.json", title: "Sign-in MFA report" },
  { html: "registration-report.html", json: "registration-report.json", title: "MFA registration report" },
  { html: "mfa-server-report.html", json: "mfa-server-report.json", title: "MFA Server activity report" },
  { html: "compliance-report.html", json: "compliance-report.json", title: "MFA compliance report" },
];

function checkClean(page: Page, what: string) {
  assert.deepEqual(page.log.errors, [], `${what}: console errors`);
  assert.deepEqual(page.log.requests, [], `${what}: network requests`);
}

async function shoot(page: Page, name: string) {
  await Deno.writeFile(`${SHOTS}/${name}.png`, await page.screenshot());
}

Deno.test({
  name: "every HTML report of the demo opens cleanly in Chromium and shows the JSON's numbers",
  ignore: unavailable !== null,
  sanitizeResources: false,
  sanitizeOps: false,
}, async (t) => {
  await Deno.remove(OUT_ABS, { recursive: true }).catch(() => {});
  await Deno.remove(SHOTS, { recursive: true }).catch(() => {});
  await Deno.mkdir(SHOTS, { recursive: true });
  const demo = await runDenoTask("demo", ["--dir", OUT]);
  assert.equal(demo.code, 0, demo.stderr);
  const browser = await Browser.launch();
  try {
    for (const r of REPORTS) {
      await t.step(r.html, async () => {
        const doc = JSON.parse(await Deno.readTextFile(`${OUT_ABS}/${r.json}`)) as Json;
        const page = await browser.newPage();
        try {
          await page.viewport(1280, 1600);
          await page.goto(`file://${OUT_ABS}/${r.html}`);
          const h1 = await page.evaluate<string>(`document.querySelector("h1").textContent`);
          assert.equal(h1, r.title);
          const figures = await page.evaluate<{ metric: string; value: string; text: string }[]>(
            `[...document.querySelectorAll(".summary [data-metric]")].map((e) => ({ metric: e.dataset.metric, value: e.dataset.value, text: e.textContent }))`,
          );
          assert.ok(figures.length >= 3, `${r.html}: only ${figures.length} figures in the summary`);
          for (const f of figures) {
            const expected = DERIVED[f.metric]?.(doc) ?? resolve(doc, f.metric);
            assert.notEqual(expected, undefined, `${r.html}: ${f.metric} is not in ${r.json}`);
            assert.equal(Number(f.value), expected, `${r.html}: ${f.metric} data-value`);
            const shown = Number(f.text.replace(/,/g, ""));
            assert.ok(
              Math.abs(shown - expected!) < 0.051,
              `${r.html}: ${f.metric} shows ${f.text}, JSON ${expected}`,
            );
          }
          // Every summary link leads to a heading of the page.
          const broken = await page.evaluate<string[]>(
            `[...document.querySelectorAll(".summary a[href^='#']")].map((a) => a.getAttribute("href").slice(1)).filter((id) => !document.getElementById(id))`,
          );
          assert.deepEqual(broken, [], `${r.html}: summary links without a target`);
          // Sorting: click the first numeric column header of the first long table, twice.
          const sorted = await page.evaluate<{ before: number[]; down: number[]; up: number[] } | null>(
            `(() => {
            for (const table of document.querySelectorAll("table.data")) {
              if (table.tBodies[0].rows.length < 3) continue;
              const col = [...table.tHead.rows[0].cells].findIndex((th) => th.classList.contains("r"));
              if (col < 0) continue;
              const read = () => [...table.tBodies[0].rows].map((r) => Number(r.cells[col].textContent.replace(/,/g, ""))).filter((n) => !Number.isNaN(n));
              const before = read();
              const b = table.tHead.rows[0].cells[col].querySelector("button");
              b.click(); const down = read();
              b.click(); const up = read();
              return { before, down, up };
            }
            return null;
          })()`,
          );
          if (sorted !== null) {
            assert.deepEqual(
              sorted.down,
              [...sorted.before].sort((a, b) => b - a),
              `${r.html}: sort descending`,
            );
            assert.deepEqual(
              sorted.up,
              [...sorted.before].sort((a, b) => a - b),
              `${r.html}: sort ascending`,
            );
          }
          const base = r.html.replace(/\.html$/, "");
          await page.goto(`file://${OUT_ABS}/${r.html}`);
          await shoot(page, `${base}-desktop`);
          await Deno.writeFile(`${SHOTS}/${base}-desktop-full.png`, await page.fullScreenshot(1280));
          await page.viewport(1280, 1600, { dark: true });
          await shoot(page, `${base}-desktop-dark`);
          await page.viewport(1280, 1600, { print: true });
          await shoot(page, `${base}-print`);
          await page.viewport(390, 1800, { mobile: true });
          await page.goto(`file://${OUT_ABS}/${r.html}`);
          const overflow = await page.evaluate<number>(
            `document.documentElement.scrollWidth - window.innerWidth`,
          );
          assert.ok(overflow <= 0, `${r.html}: the page is ${overflow}px wider than a 390px screen`);
          await shoot(page, `${base}-narrow`);
          checkClean(page, r.html);
        } finally {
          await page.close();
        }
      });
    }
  } finally {
    await browser.close();
  }
});

const INJECTION =
  `<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2"> [x](javascript:window.__pwned=3)`;

Deno.test({
  name: "hostile names cannot inject markup into any HTML report (static check and in Chromium)",
  sanitizeResources: false,
  sanitizeOps: false,
}, async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "html-hostile-" });
  try {
    await Deno.writeTextFile(
      `${dir}/ca.json`,
      JSON.stringify({
        value: [{
          id: "00000000-0000-4000-8000-0000000000c1",
          displayName: INJECTION,
          state: "enabledForReportingButNotEnforced",
          createdDateTime: "2024-01-01T00:00:00Z",
          conditions: {},
          grantControls: { operator: "OR", builtInControls: ["mfa"] },
        }],
      }),
    );
    const phish = "=HYPERLINK(&quot;http://phish.example";
    // Task, arguments, accepted exit codes, a hostile value the report must show as text.
    const runs: [string, string[], number[], string][] = [
      [
        "signins-report",
        ["--from", `${HOSTILE}/hostile_names.signins.ndjson`],
        [0],
        "&lt;img src=x onerror=alert(1)&gt;",
      ],
      ["registration-report", ["--from", `${HOSTILE}/hostile_names.registration.csv`], [0], phish],
      ["mfa-server-report", ["--from", `${HOSTILE}/hostile_names_mfa_server.csv`], [0], phish],
      [
        "compliance-report",
        [
          "--policy",
          `${PROJECT_ROOT}examples/compliance.jsonc`,
          "--registration-from",
          `${HOSTILE}/hostile_names.registration.csv`,
          "--signins-from",
          `${HOSTILE}/hostile_names.signins.ndjson`,
          "--ca-policies-from",
          `${dir}/ca.json`,
          "--now",
          "2024-05-02T00:00:00Z",
          "--days",
          "30",
        ],
        [0, 3],
        "&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;",
      ],
    ];
    const files: string[] = [];
    for (const [task, args, ok, marker] of runs) {
      await t.step(`${task} --format html: no markup from data`, async () => {
        const out = `${dir}/${task}.html`;
        const run = await runDenoTask(task, [...args, "--format", "html", "--out", out]);
        assert.ok(ok.includes(run.code), `${task} exit ${run.code}: ${run.stderr}`);
        const html = await Deno.readTextFile(out);
        assert.equal(html.match(/<script/gi)?.length, 1, "only the page's own script");
        assert.doesNotMatch(html, /<(?:img|iframe|object|embed|link|meta http-equiv="refresh"|base|form)\b/i);
        for (const tag of html.matchAll(/<[a-z][^>]*>/gi)) {
          assert.doesNotMatch(
            tag[0].replace(/"[^"]*"/g, '""'),
            /\son[a-z]+\s*=/i,
            `event handler in ${tag[0]}`,
          );
        }
        for (const m of html.matchAll(/\shref="([^"]*)"/g)) {
          assert.match(m[1]!, /^(?:https:\/\/|#)/, `link ${m[1]}`);
        }
        assert.doesNotMatch(html, /href="https?:\/\/(?:evil|phish)\.example/, "no link from data");
        assert.ok(html.includes(marker), `the hostile value ${marker} is shown as text`);
        files.push(out);
      });
    }
    if (unavailable !== null) return;
    const browser = await Browser.launch();
    try {
      for (const f of files) {
        await t.step(`Chromium: ${f.slice(dir.length + 1)} runs no injected code`, async () => {
          const page = await browser.newPage();
          try {
            await page.viewport(1280, 1000);
            await page.goto(`file://${f}`);
            const state = await page.evaluate<{ pwned: unknown; scripts: number; foreign: number }>(
              `({ pwned: window.__pwned ?? null, scripts: document.scripts.length, foreign: document.querySelectorAll("img,iframe,object,embed,form,base").length })`,
            );
            assert.deepEqual(state, { pwned: null, scripts: 1, foreign: 0 });
            checkClean(page, f);
          } finally {
            await page.close();
          }
        });
      }
    } finally {
      await browser.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
