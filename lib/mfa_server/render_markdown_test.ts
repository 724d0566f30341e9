import assert from "node:assert/strict";
import { summarizeMfaServerActivity } from "./aggregate.ts";
import { readMfaServerActivity, readMfaServerActivityFile } from "./reader.ts";
import { renderMfaServerMarkdown } from "./render_markdown.ts";

const FIXTURE_PATH = new URL("../../testdata/mfa_server/all_codes.csv", import.meta.url).pathname;

async function summaryOf(text: string, file = "h.csv") {
  async function* bytes() {
    yield new TextEncoder().encode(text);
  }
  return await summarizeMfaServerActivity(readMfaServerActivity(bytes(), { file }));
}

/** Number of `|` not preceded by a backslash. */
function unescapedPipes(line: string): number {
  return (line.match(/(?<!\\)\|/g) ?? []).length;
}

/** The section of `md` under a level-2 heading, up to the next one. */
function section(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `section ${heading} exists`);
  const end = md.indexOf("\n## ", start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

const HOSTILE_USER = "<img src=x onerror=alert(1)>|[click](javascript:alert(1)) **bold** `code`";
const HOSTILE_CSV = [
  "Date/Time,Username,Application,Call Result",
  `2024-03-04 09:00:00,"${HOSTILE_USER}","<script>x</script>|app",FAILED_FRAUD_REPORTED`,
  `2024-03-04 09:01:00,"${HOSTILE_USER}","line1\nline2",SUCCESS_BYPASSED_AUTH`,
  '2024-03-04 09:02:00,mallory@contoso.example,OWA,"<b>NEW</b>|`x`"',
].join("\r\n") + "\r\n";

Deno.test("renderMfaServerMarkdown() escapes every user-controlled value", async () => {
  const md = renderMfaServerMarkdown(await summaryOf(HOSTILE_CSV, "<evil>|name.csv"));
  assert.doesNotMatch(md, /<img|<script|<b>|<evil>/, "no raw HTML");
  assert.doesNotMatch(md, /(?<!\\)\]\(javascript/, "no live link");
  assert.ok(
    md.includes(
      "&lt;img src=x onerror=alert(1)&gt;\\|\\[click\\](javascript:alert(1)) \\*\\*bold\\*\\* \\`code\\`",
    ),
  );
  assert.ok(md.includes("&lt;b&gt;NEW&lt;/b&gt;\\|\\`x\\`"), "unknown value escaped");
  assert.ok(md.includes("&lt;evil&gt;\\|name.csv:2"), "file name escaped");
  // Every table line keeps its column count: the header separator line's pipes equal each row's.
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^\| :?---/.test(lines[i]!)) continue;
    const want = unescapedPipes(lines[i]!);
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith("|"); j++) {
      assert.equal(unescapedPipes(lines[j]!), want, `table row keeps its columns: ${lines[j]}`);
    }
  }
  assert.ok(!md.includes("line1\nline2"), "line breaks inside a value do not break the table");
});

Deno.test("renderMfaServerMarkdown() renders the 45-code fixture with every section, deterministically", async (t) => {
  const s = await summarizeMfaServerActivity(readMfaServerActivityFile(FIXTURE_PATH));
  const md = renderMfaServerMarkdown(s);

  await t.step("renderMfaServerMarkdown() gives identical text for identical input", async () => {
    const again = renderMfaServerMarkdown(
      await summarizeMfaServerActivity(readMfaServerActivityFile(FIXTURE_PATH)),
    );
    assert.equal(again, md);
  });

  await t.step("renderMfaServerMarkdown() has the sections in order", () => {
    const headings = md.split("\n").filter((l) => /^##? /.test(l));
    assert.deepEqual(headings, [
      "# MFA Server activity report",
      "## Answers first",
      "## Summary",
      "## Results by channel",
      "## Call results",
      "## Unknown call results",
      "## Users with the most denials",
      "## Fraud reports and blocked users",
      "## One-time bypasses used",
      "## Cache-based successes",
      "## Timeouts, voicemail and unreachable users",
      "## Trend",
      "## Data quality",
      "## Where these reports live now",
    ]);
  });

  await t.step("renderMfaServerMarkdown() shows the hand-computed totals", () => {
    const summary = section(md, "Summary");
    assert.match(summary, /\| Allowed \| 11 \| 21\\?\.6% \|/);
    assert.match(summary, /\| Denied \| 33 \| 64\\?\.7% \|/);
    assert.match(summary, /\| Pending \| 2 \|/);
    assert.match(summary, /\| Depends on PIN mode \| 2 \|/);
    assert.match(summary, /\| Unknown \| 3 \|/);
    assert.match(summary, /\| Total \| 51 \|/);
    assert.match(summary, /\[!WARNING\]/);
  });

  await t.step("renderMfaServerMarkdown() lists users by denials, ties by name", () => {
    const users = section(md, "Users with the most denials").split("\n").filter((l) =>
      l.startsWith("| ") && !l.startsWith("| User") && !l.startsWith("| :")
    );
    assert.deepEqual(users.map((l) => l.split(" | ")[0]), [
      "| bob@contoso.example",
      "| alice@contoso.example",
      "| carol@fabrikam.example",
      "| dave@contoso.example",
    ]);
  });

  await t.step("renderMfaServerMarkdown() draws a Mermaid pie by channel and a bar per day", () => {
    assert.match(
      section(md, "Results by channel"),
      /```mermaid\npie showData\n {4}title Rows by channel\n {4}"Phone call" : 11\n {4}"Mobile app" : 10\n/,
    );
    assert.match(
      section(md, "Trend"),
      /x-axis \["2024-03-04", "2024-03-05", "2024-03-06"\]\n.*\n {4}bar \[15, 15, 20\]/,
    );
  });

  await t.step(
    "renderMfaServerMarkdown() explains all five portal reports and the missing server-status successor",
    () => {
      const where = section(md, "Where these reports live now");
      for (
        const name of [
          "Blocked user history",
          "Usage and fraud alerts",
          "Usage for on-premises components",
          "Bypassed user history",
          "Server status",
        ]
      ) {
        assert.ok(where.includes(`### ${name}\n`), name);
      }
      assert.match(where, /MFA Server status has no cloud successor/);
      assert.match(where, /NPSExtension or ADFederationServicesMFAAdapter/);
    },
  );

  await t.step("renderMfaServerMarkdown() shows bad lines and unparsed dates", () => {
    const dq = section(md, "Data quality");
    const FIXTURE = FIXTURE_PATH.replaceAll("_", "\\_"); // as escapeMarkdown writes it
    assert.ok(dq.includes(`${FIXTURE}:52 | empty call result`));
    assert.ok(dq.includes(`${FIXTURE}:53 | yesterday-ish`));
  });
});

Deno.test("renderMfaServerMarkdown() handles a code list without users or dates", async () => {
  const md = renderMfaServerMarkdown(await summaryOf("SUCCESS_USED_CACHE\nCONFIG_ISSUE\n", "codes.txt"));
  assert.match(section(md, "Users with the most denials"), /The input has no user column\./);
  assert.match(section(md, "Trend"), /No row has a date that could be read/);
  assert.match(
    section(md, "Unknown call results"),
    /None: every call result is one of the 45 documented codes\./,
  );
  assert.doesNotMatch(md, /\[!WARNING\]/);
});

Deno.test("renderMfaServerMarkdown() switches the trend to months above 62 days", async () => {
  const lines = ["Date,Result"];
  const start = Date.UTC(2024, 0, 1);
  for (let d = 0; d < 70; d++) {
    lines.push(`${new Date(start + d * 86_400_000).toISOString().slice(0, 10)},CONFIG_ISSUE`);
  }
  const md = renderMfaServerMarkdown(await summaryOf(lines.join("\n")));
  // 2024-01-01 + 69 days = 2024-03-10: January 31 days, February 29, March 10.
  assert.match(
    section(md, "Trend"),
    /x-axis \["2024-01", "2024-02", "2024-03"\]\n.*\n {4}bar \[31, 29, 10\]/,
  );
  assert.match(section(md, "Trend"), /\| Month \(UTC\) \|/);
});

Deno.test("renderMfaServerMarkdown() uses a custom title, escaped", async () => {
  const md = renderMfaServerMarkdown(await summaryOf("CONFIG_ISSUE\n"), { title: "Contoso <2024>" });
  assert.match(md, /^# Contoso &lt;2024&gt;\n/);
});
