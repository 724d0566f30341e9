/**
 * End-to-end tests of culture-formatted `LastUpdatedDateTime` in registration exports (issue #13,
 * defect 8): a PowerShell `Export-Csv -Delimiter ';'` from a day-first culture, a US one, a file
 * no value decides, one that contradicts itself, and `--date-order`. Dates always come out ISO.
 */
import assert from "node:assert/strict";
import { runRegistrationTask } from "./_registration_helpers.ts";

const HEADER = "UserPrincipalName;IsMfaRegistered;MethodsRegistered;LastUpdatedDateTime";

/** A `;`-delimited export with a `#TYPE` line, one user per date. */
function exportOf(dates: readonly string[]): string {
  return [
    "#TYPE Microsoft.Graph.PowerShell.Models.MicrosoftGraphUserRegistrationDetails",
    HEADER,
    ...dates.map((d, i) => `user${i}@contoso.example;True;mobilePhone;${d}`),
  ].join("\r\n") + "\r\n";
}

const CASES: {
  name: string;
  dates: string[];
  args?: string[];
  iso?: string[];
  freshness?: { oldest: string; newest: string };
  error?: RegExp;
}[] = [
  {
    name: "day-first (a day above 12 decides, earlier rows wait for it)",
    dates: ["3/12/2025 7:22:01 AM", "15/11/2025 3:55:59 AM", "1/1/2025 12:00:00 PM"],
    iso: ["2025-12-03T07:22:01.000Z", "2025-11-15T03:55:59.000Z", "2025-01-01T12:00:00.000Z"],
    freshness: { oldest: "2025-01-01T12:00:00.000Z", newest: "2025-12-03T07:22:01.000Z" },
  },
  {
    name: "month-first (US)",
    dates: ["3/12/2025 7:22:01 AM", "11/15/2025 3:55:59 PM"],
    iso: ["2025-03-12T07:22:01.000Z", "2025-11-15T15:55:59.000Z"],
    freshness: { oldest: "2025-03-12T07:22:01.000Z", newest: "2025-11-15T15:55:59.000Z" },
  },
  {
    name: "ISO dates need no order",
    dates: ["2025-03-12T07:22:01Z", "2025-03-03T00:00:00Z"],
    iso: ["2025-03-12T07:22:01Z", "2025-03-03T00:00:00Z"],
  },
  {
    name: "nothing decides: refused with the --date-order hint",
    dates: ["3/12/2025 7:22:01 AM", "4/4/2025 1:00:00 AM"],
    error:
      /reg\.csv:3: .*"3\/12\/2025 7:22:01 AM" can be read day-first or month-first .*pass --date-order dmy/,
  },
  {
    name: "--date-order dmy settles it",
    dates: ["3/12/2025 7:22:01 AM", "4/4/2025 1:00:00 AM"],
    args: ["--date-order", "dmy"],
    iso: ["2025-12-03T07:22:01.000Z", "2025-04-04T01:00:00.000Z"],
  },
  {
    name: "contradicting dates are refused",
    dates: ["15/11/2025 3:55:59 AM", "11/15/2025 3:55:59 AM"],
    error: /reg\.csv:4: .*contradict.*line 4 .*month-first.*line 3 .*day-first/,
  },
];

Deno.test("registration --from: culture-formatted LastUpdatedDateTime is read in the file's day/month order", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, async () => {
      const dir = await Deno.makeTempDir({ prefix: "emt-registration-dates-" });
      try {
        const file = `${dir}/reg.csv`;
        await Deno.writeTextFile(file, exportOf(c.dates));
        const users = await runRegistrationTask("registered-users", [
          "--from",
          file,
          "--format",
          "json",
          ...(c.args ?? []),
        ]);
        if (c.error !== undefined) {
          assert.equal(users.code, 1, users.stderr);
          assert.match(users.stderr, c.error);
          assert.equal(users.stderr.trim().split("\n").filter((l) => l.startsWith("error:")).length, 1);
          assert.equal(users.stdout, "");
          return;
        }
        assert.equal(users.code, 0, users.stderr);
        const rows = JSON.parse(users.stdout).users as { userPrincipalName: string; lastUpdated: string }[];
        const byUpn = new Map(rows.map((r) => [r.userPrincipalName, r.lastUpdated]));
        assert.deepEqual(c.dates.map((_, i) => byUpn.get(`user${i}@contoso.example`)), c.iso);
        if (c.freshness !== undefined) {
          const report = await runRegistrationTask("registration-report", [
            "--from",
            file,
            "--format",
            "json",
            ...(c.args ?? []),
          ]);
          assert.equal(report.code, 0, report.stderr);
          const f = JSON.parse(report.stdout).freshness;
          assert.deepEqual([f.oldest, f.newest, f.missing], [c.freshness.oldest, c.freshness.newest, 0]);
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
});

Deno.test("registration --date-order without --from is a usage error", async () => {
  const r = await runRegistrationTask("registered-users", ["--date-order", "dmy"]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--date-order without --from/);
});
