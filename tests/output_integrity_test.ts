/**
 * Output integrity: a value from data can never add a line to a plain list or a log line, run
 * a CI command (Azure Pipelines `##vso[`, GitHub Actions `::`), drive the terminal, or hide and
 * reorder text in a report. Table-driven over {@linkcode HOSTILE_STRINGS} for every renderer,
 * and end to end through `deno task` for the list tasks and stderr.
 */
import assert from "node:assert/strict";
import { safeLines, safeText } from "../lib/cli/mod.ts";
import { escapeXmlAttribute, escapeXmlText } from "../lib/compliance/junit.ts";
import { renderUpnList } from "../lib/registration/user_rows.ts";
import {
  csvRecord,
  escapeMarkdown,
  markdownTable,
  mermaidBar,
  mermaidPie,
  toJson,
  toNdjsonLine,
} from "../lib/report/mod.ts";
import { escapeHtml, HeadingIds, markdownToHtml, summaryHtml } from "../lib/report/html.ts";
import { HOSTILE_STRINGS, RAW_FORBIDDEN } from "./_hostile_corpus.ts";
import { runDenoTask } from "./_run_task.ts";

/** Every way a line of plain text could be taken for a CI command. */
function assertNoCiCommand(text: string, where: string) {
  for (const line of text.split("\n")) {
    assert.doesNotMatch(line, /##vso\[/i, `${where}: Azure Pipelines command in ${JSON.stringify(line)}`);
    assert.doesNotMatch(
      line,
      /^\s*(::|##\[)/,
      `${where}: CI command at the start of ${JSON.stringify(line)}`,
    );
  }
}

const RENDERERS: { name: string; render: (s: string) => string; oneLine: boolean; ci: boolean }[] = [
  { name: "safeText", render: safeText, oneLine: true, ci: true },
  { name: "safeLines", render: safeLines, oneLine: false, ci: true },
  { name: "plain UPN list", render: (s) => renderUpnList([s]).replace(/\n$/, ""), oneLine: true, ci: true },
  { name: "escapeMarkdown", render: escapeMarkdown, oneLine: true, ci: true },
  { name: "markdownTable", render: (s) => markdownTable(["A"], [[s]]), oneLine: false, ci: true },
  { name: "csvRecord", render: (s) => csvRecord([s, "x"]), oneLine: false, ci: true },
  { name: "escapeXmlText", render: escapeXmlText, oneLine: false, ci: false },
  { name: "escapeXmlAttribute", render: escapeXmlAttribute, oneLine: true, ci: false },
  { name: "mermaidPie", render: (s) => mermaidPie(s, [[s, 1]]), oneLine: false, ci: true },
  { name: "escapeHtml", render: escapeHtml, oneLine: true, ci: true },
  {
    name: "HTML table (markdownToHtml)",
    render: (s) => markdownToHtml(markdownTable(["A"], [[s]]), new HeadingIds()),
    oneLine: false,
    ci: true,
  },
  {
    name: "HTML chart (markdownToHtml of a Mermaid pie)",
    render: (s) => markdownToHtml(mermaidPie(s, [[s, 1]]), new HeadingIds()),
    oneLine: false,
    ci: true,
  },
  {
    name: "HTML answers-first block",
    render: (s) =>
      summaryHtml(
        { caveats: [s], answers: [{ label: s, anchor: "a", parts: [s] }], risks: [] },
        new HeadingIds(),
      ),
    oneLine: false,
    ci: true,
  },
  { name: "toJson", render: (s) => toJson({ [s]: [s] }), oneLine: false, ci: true },
  {
    name: "toNdjsonLine",
    render: (s) => toNdjsonLine({ [s]: s }).replace(/\n$/, ""),
    oneLine: true,
    ci: true,
  },
  { name: "mermaidBar", render: (s) => mermaidBar(s, [[s, 1]]), oneLine: false, ci: true },
];

Deno.test("every renderer shows hostile characters as text and never passes them raw", async (t) => {
  for (const r of RENDERERS) {
    for (const h of HOSTILE_STRINGS) {
      await t.step(`${r.name}: ${h.name}`, () => {
        const out = r.render(h.value);
        const raw = out.match(RAW_FORBIDDEN);
        assert.equal(raw, null, `raw U+${raw?.[0]?.codePointAt(0)?.toString(16)} in ${JSON.stringify(out)}`);
        if (r.oneLine) assert.doesNotMatch(out, /[\n\r]/);
        if (r.ci) assertNoCiCommand(out, r.name);
      });
    }
  }
});

Deno.test("JSON output keeps hostile values exactly, only spelt with escapes", () => {
  for (const h of HOSTILE_STRINGS) {
    const v = { [h.value]: [h.value] };
    assert.deepEqual(JSON.parse(toJson(v)), v);
    assert.deepEqual(JSON.parse(toNdjsonLine(v)), v);
  }
});

Deno.test("safeText() leaves ordinary text alone", () => {
  for (
    const s of ["ana@contoso.example", "Zoë Ångström 김민준 😀", "C:\\reports\\x.md", "a # b :: c", "##vso"]
  ) {
    assert.equal(safeText(s), s);
  }
});

function registrationRow(i: number, upn: string, displayName: string) {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    userPrincipalName: upn,
    userDisplayName: displayName,
    userType: "member",
    isAdmin: false,
    isMfaRegistered: true,
    methodsRegistered: ["microsoftAuthenticatorPush"],
  };
}

Deno.test("registered-users: hostile UPNs stay one escaped line each, counted in a warning", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rows = [
      registrationRow(1, "plain@contoso.example", "Plain"),
      ...HOSTILE_STRINGS.map((h, i) => registrationRow(i + 2, h.value, h.value)),
    ];
    await Deno.writeTextFile(`${dir}/reg.json`, JSON.stringify(rows));
    const run = await runDenoTask("registered-users", ["--from", `${dir}/reg.json`]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.replace(/\n$/, "").split("\n");
    assert.equal(lines.length, rows.length, "one line per user, none added by data");
    assert.ok(lines.includes("plain@contoso.example"));
    assert.ok(lines.includes("ana@contoso.example\\n\\u0023#vso[task.setvariable variable=x]y"));
    for (const l of lines) assert.equal(l.match(RAW_FORBIDDEN), null, JSON.stringify(l));
    assertNoCiCommand(run.stdout, "stdout");
    assert.match(
      run.stderr,
      new RegExp(`warning: ${HOSTILE_STRINGS.length} UPN\\(s\\) held control or invisible characters`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stderr: data in warnings and errors cannot add lines, drive the terminal or run CI commands", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A bad boolean is echoed in the error line; the value carries a newline, a CI command and ESC.
    const bad = "yes\n::add-mask::x\u001b[2J\u202E";
    await Deno.writeTextFile(
      `${dir}/reg.json`,
      JSON.stringify([{ ...registrationRow(1, "a@contoso.example", "A"), isMfaRegistered: bad }]),
    );
    const run = await runDenoTask("registered-users", ["--from", `${dir}/reg.json`]);
    assert.notEqual(run.code, 0);
    assert.equal(run.stderr.match(RAW_FORBIDDEN), null, JSON.stringify(run.stderr));
    assertNoCiCommand(run.stderr, "stderr");
    assert.equal(run.stderr.trimEnd().split("\n").filter((l) => l.startsWith("error:")).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
