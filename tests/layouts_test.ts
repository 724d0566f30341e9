/**
 * End-to-end tests of the input layouts (issue #13): each real export shape, as a synthetic
 * fixture in testdata/layouts/, read through `deno task signins-report --from FILE --format json`
 * (or `mfa-server-report`), with the expected numbers counted independently from the fixture.
 */
import assert from "node:assert/strict";
import { runDenoTask } from "./_run_task.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** A deliberately separate, minimal CSV line splitter, so the expected numbers do not come from lib/io. */
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

// deno-lint-ignore no-explicit-any
type Json = any;

const L = "testdata/layouts";

async function report(args: string[]): Promise<Json> {
  const r = await runDenoTask("signins-report", [...args, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A refusal: exit 1 and exactly one line on stderr, naming the file. */
async function refused(args: string[], file: string): Promise<string> {
  const r = await runDenoTask("signins-report", [...args, "--format", "json"]);
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.stdout, "");
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0]!.includes(file), lines[0]!);
  return lines[0]!;
}

async function readJson(name: string): Promise<Json> {
  return JSON.parse(await Deno.readTextFile(`${ROOT}${L}/${name}`));
}

function count<T>(items: T[], key: (t: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) {
    const k = key(i);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

const nonZero = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0));

/** Real `additionalDetails` / step wordings → the report bucket they belong in (the test's own table). */
const WORDING: Record<string, string> = {
  "MFA requirement skipped due to IP address": "satisfied.skippedLocation",
  "MFA requirement skipped due to ADFS-issued InsideCorpNet claim; tenant was configured to skip MFA if this claim is present":
    "satisfied.skippedCorpNetClaim",
  "MFA requirement skipped due to remembered device": "satisfied.skippedRememberedDevice",
  "MFA requirement satisfied by claim in the token": "satisfied.satisfiedByClaimInToken",
  "MFA successfully completed": "satisfied.successfullyCompleted",
  "MFA denied; user did not select the correct number": "denied.wrongNumberSelected",
  "MFA denied; invalid verification code": "denied.incorrectCode",
  "MFA denied; Phone App Reported Fraud": "denied.fraudReported",
  "MFA denied; user declined the authentication": "denied.userDeclined",
};
const KNOWN_STEP_TEXTS = new Set([...Object.keys(WORDING), "Correct password", "Authentication in progress"]);

Deno.test("#1 real Entra wording: skipped, denied and in-progress texts land in the right buckets; unknown texts are listed", async () => {
  const rows: Json[] = (await readJson("graph_real_wording.json")).value;
  const expected = count(rows, (r) => WORDING[r.status.additionalDetails] ?? null);
  const sat: Record<string, number> = {}, den: Record<string, number> = {};
  for (const [k, v] of Object.entries(expected)) {
    const [kind, id] = k.split(".") as [string, string];
    (kind === "satisfied" ? sat : den)[id] = v;
  }
  const unknown = count(
    rows.flatMap((r) =>
      [
        r.status.additionalDetails,
        ...r.authenticationDetails.map((d: Json) => d.authenticationStepResultDetail),
      ].filter((t, i, a) => t !== null && a.indexOf(t) === i)
    ),
    (t: string) => KNOWN_STEP_TEXTS.has(t) ? null : t,
  );
  assert.equal(expected["satisfied.skippedLocation"], 4, "the real tenant's 4 of 15");
  const j = await report(["--from", `${L}/graph_real_wording.json`]);
  assert.equal(j.totals.signIns, rows.length);
  assert.deepEqual(nonZero(j.mfa.satisfied), sat);
  assert.deepEqual(nonZero(j.mfa.denied), den);
  assert.equal(
    j.mfa.denied.authenticationInProgress,
    0,
    "a succeeded step saying 'Authentication in progress' is no denial",
  );
  assert.deepEqual(j.mfa.unrecognisedTexts, unknown);
  const md = await runDenoTask("signins-report", ["--from", `${L}/graph_real_wording.json`]);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /### Unrecognised MFA result texts/);
  // escaped: no raw HTML, the pipe does not split the cell
  assert.match(md.stdout, /\| &lt;b&gt;Unheard-of step result&lt;\/b&gt; \\\| pipe \| 1 \|/);
});

/** The four Log Analytics tables, as the portal (CSV) and `az monitor log-analytics query -o json` export them. */
const LA_FILES = [
  { file: "az_la_signinlogs.json", layout: "la-signinlogs", format: "la-json", csv: false },
  { file: "la_noninteractive.csv", layout: "la-noninteractive", format: "la-csv", csv: true },
  { file: "az_la_service_principal.json", layout: "la-service-principal", format: "la-json", csv: false },
  { file: "la_managed_identity.csv", layout: "la-managed-identity", format: "la-csv", csv: true },
];

/** A fixture CSV as objects keyed by header (a `#TYPE` line skipped, ` [UTC]` suffixes removed). */
async function csvObjects(file: string): Promise<Record<string, string>[]> {
  const lines = (await Deno.readTextFile(`${ROOT}${L}/${file}`)).split(/\r?\n/)
    .filter((l) => l !== "" && !l.startsWith("#TYPE"));
  const head = parseCsvLine(lines[0]!).map((h) => h.replace(/ \[UTC\]$/, ""));
  return lines.slice(1).map((l) => Object.fromEntries(parseCsvLine(l).map((v, i) => [head[i]!, v])));
}

async function laRows(file: string, csvFile: boolean): Promise<Record<string, string>[]> {
  return csvFile ? await csvObjects(file) : await readJson(file);
}

/** `5/1/2024, 10:15:30.000 AM` (Log Analytics CSV) or ISO → epoch ms, by hand. */
function laTime(v: string): number {
  const m = /^(\d+)\/(\d+)\/(\d{4}), (\d+):(\d\d):(\d\d)\.\d+ ([AP]M)$/.exec(v);
  if (m === null) return Date.parse(v);
  const h = Number(m[4]) % 12 + (m[7] === "PM" ? 12 : 0);
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), h, Number(m[5]), Number(m[6]));
}

for (const f of LA_FILES) {
  Deno.test(`#2 Log Analytics ${f.layout} (${f.format}) is detected, dated and counted`, async () => {
    const rows = await laRows(f.file, f.csv);
    const times = rows.map((r) => laTime(r.CreatedDateTime || r.TimeGenerated!));
    const j = await report(["--from", `${L}/${f.file}`]);
    assert.equal(j.sources[0].format, f.format);
    assert.equal(j.sources[0].layout, f.layout);
    assert.equal(j.totals.signIns, rows.length);
    assert.equal(j.errors.success, rows.filter((r) => r.ResultType === "0").length);
    assert.equal(Date.parse(j.window.from), Math.min(...times));
    assert.equal(Date.parse(j.window.to), Math.max(...times));
  });
}

Deno.test("#2 --since/--until filter service-principal and managed-identity rows that have only TimeGenerated", async () => {
  const from = Date.parse("2023-01-01T00:00:00Z"), to = Date.parse("2023-02-01T00:00:00Z");
  for (const f of LA_FILES.slice(2)) {
    const rows = await laRows(f.file, f.csv);
    assert.ok(rows.every((r) => r.CreatedDateTime === undefined), "these fixtures have no CreatedDateTime");
    const inside = rows.filter((r) =>
      laTime(r.TimeGenerated!) >= from && laTime(r.TimeGenerated!) < to
    ).length;
    assert.ok(inside > 0 && inside < rows.length);
    const j = await report(["--from", `${L}/${f.file}`, "--since", "2023-01-01", "--until", "2023-02-01"]);
    assert.equal(j.totals.signIns, inside, f.file);
    assert.equal(j.totals.filteredOut, rows.length - inside, f.file);
  }
});

const METHOD_ID: Record<string, string> = {
  "Password": "password",
  "Mobile app notification": "authenticatorPush",
  "Text message": "sms",
};

Deno.test("#3 Graph PowerShell SDK JSON (ConvertTo-Json -Depth 10) is its own layout, with codes, methods, MFA and CA per policy", async () => {
  const rows: Json[] = await readJson("powershell_beta_depth10.json");
  const j = await report(["--from", `${L}/powershell_beta_depth10.json`]);
  assert.equal(j.sources[0].format, "graph-powershell-json");
  assert.deepEqual(
    Object.fromEntries(j.errorCodes.map((c: Json) => [String(c.code), c.count])),
    count(rows.filter((r) => r.Status.ErrorCode !== 0), (r) => String(r.Status.ErrorCode)),
  );
  const steps = rows.flatMap((r) => r.AuthenticationDetails).filter((d: Json) =>
    METHOD_ID[d.AuthenticationMethod]
  );
  for (const [name, id] of Object.entries(METHOD_ID)) {
    const mine = steps.filter((d: Json) => d.AuthenticationMethod === name);
    assert.deepEqual(j.methods[id], {
      attempts: mine.length,
      succeeded: mine.filter((d: Json) => d.Succeeded).length,
      failed: mine.filter((d: Json) => !d.Succeeded).length,
    });
  }
  const expected: Record<string, Record<string, number>> = {};
  for (const p of rows.flatMap((r) => r.AppliedConditionalAccessPolicies)) {
    (expected[p.Id] ??= {})[p.Result] = (expected[p.Id]![p.Result] ?? 0) + 1;
  }
  assert.deepEqual(
    Object.fromEntries(j.conditionalAccess.policies.map((p: Json) => [p.id, nonZero(p.results)])),
    expected,
  );
  const results = count(rows, (r) => WORDING[r.Status.AdditionalDetails] ?? null);
  assert.equal(j.mfa.satisfied.successfullyCompleted, results["satisfied.successfullyCompleted"]);
  assert.equal(j.mfa.denied.userDeclined, results["denied.userDeclined"]);
  assert.equal(j.mfa.denied.incorrectCode, results["denied.incorrectCode"]);
});

Deno.test("#3 a ConvertTo-Json file cut to .NET type names (default -Depth 2) is refused with the fix", async () => {
  const line = await refused(["--from", `${L}/powershell_depth2.json`], "powershell_depth2.json");
  assert.match(line, /Microsoft\.Graph\.PowerShell\.Models\./);
  assert.match(line, /ConvertTo-Json -Depth 10/);
});

/** Culture date `a/b/yyyy h:mm:ss AM` read in the given order, by hand. */
function psTime(v: string, order: "dmy" | "mdy"): number {
  const m = /^(\d+)\/(\d+)\/(\d{4}) (\d+):(\d\d):(\d\d) ([AP]M)$/.exec(v)!;
  const [day, month] = order === "dmy" ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
  const h = Number(m[4]) % 12 + (m[7] === "PM" ? 12 : 0);
  return Date.UTC(Number(m[3]), month - 1, day, h, Number(m[5]), Number(m[6]));
}

for (const [file, order] of [["powershell_dmy.csv", "dmy"], ["powershell_mdy.csv", "mdy"]] as const) {
  Deno.test(`#4 PowerShell Export-Csv: the ${order} order is found from the file (${file})`, async () => {
    const rows = await csvObjects(file);
    const times = rows.map((r) => psTime(r.CreatedDateTime!, order));
    const j = await report(["--from", `${L}/${file}`]);
    assert.equal(j.sources[0].format, "powershell-csv");
    assert.deepEqual(j.sources[0].dateOrder, { order, from: "file" });
    assert.equal(j.totals.badRows, 0);
    assert.equal(j.totals.signIns, rows.length);
    assert.equal(Date.parse(j.window.from), Math.min(...times));
    assert.equal(Date.parse(j.window.to), Math.max(...times));
    assert.equal(j.errors.success, rows.filter((r) => r["Status.ErrorCode"] === "0").length);
    assert.ok(
      j.sources[0].missingFields.some((m: string) => m.startsWith("AppliedConditionalAccessPolicies")),
    );
  });
}

Deno.test("#4 PowerShell Export-Csv: '3/12/2025' in a day-first file is 3 December", async () => {
  const j = await report([
    "--from",
    `${L}/powershell_dmy.csv`,
    "--since",
    "2025-12-03",
    "--until",
    "2025-12-04",
  ]);
  assert.equal(j.totals.signIns, 1);
});

Deno.test("#4 PowerShell Export-Csv: an undecidable file needs --date-order, and says which fields are missing", async () => {
  const line = await refused(["--from", `${L}/powershell_ambiguous.csv`], "powershell_ambiguous.csv");
  assert.match(line, /--date-order dmy/);
  const rows = await csvObjects("powershell_ambiguous.csv");
  const r = await runDenoTask("signins-report", [
    "--from",
    `${L}/powershell_ambiguous.csv`,
    "--date-order",
    "dmy",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /> \[!WARNING\]\n> Fields missing from the input/);
  assert.match(r.stdout, /no Status\.ErrorCode: sign-in failures cannot be counted/);
  const j = await report(["--from", `${L}/powershell_ambiguous.csv`, "--date-order", "dmy"]);
  assert.deepEqual(j.sources[0].dateOrder, { order: "dmy", from: "option" });
  assert.equal(Date.parse(j.window.from), Math.min(...rows.map((x) => psTime(x.CreatedDateTime!, "dmy"))));
  assert.ok(j.sources[0].missingFields.some((m: string) => m.startsWith("Status.ErrorCode")));
});

Deno.test("#4 PowerShell Export-Csv: day-first and month-first dates in one file are refused", async () => {
  const line = await refused(["--from", `${L}/powershell_contradiction.csv`], "powershell_contradiction.csv");
  assert.match(line, /contradict/);
});

Deno.test("#7 sign-ins with the user columns blanked still count their methods and MFA results", async () => {
  const rows: Json[] = (await Deno.readTextFile(`${ROOT}${L}/graph_no_user.ndjson`)).trim().split("\n")
    .map((l) => JSON.parse(l));
  assert.ok(rows.every((r) => !r.userId && !r.userPrincipalName));
  const j = await report(["--from", `${L}/graph_no_user.ndjson`]);
  assert.equal(j.totals.userSignIns, rows.length);
  assert.equal(j.totals.userSignInsWithoutUser, rows.length);
  assert.equal(j.totals.users, 0);
  const steps = rows.flatMap((r) => r.authenticationDetails);
  for (const [name, id] of Object.entries(METHOD_ID)) {
    const mine = steps.filter((d: Json) => d.authenticationMethod === name);
    if (mine.length === 0) continue;
    assert.equal(j.methods[id].attempts, mine.length, name);
    assert.equal(j.methods[id].succeeded, mine.filter((d: Json) => d.succeeded).length, name);
  }
  const results = count(rows, (r) => WORDING[r.status.additionalDetails] ?? null);
  assert.equal(j.mfa.satisfied.successfullyCompleted, results["satisfied.successfullyCompleted"]);
  assert.equal(j.mfa.satisfied.satisfiedByClaimInToken, results["satisfied.satisfiedByClaimInToken"]);
  assert.equal(j.mfa.denied.userDeclined, results["denied.userDeclined"]);
  assert.ok(j.caveats.some((c: string) => /name no user/.test(c)));
});

Deno.test("diagnostic-settings records (storage PT1H.json) take their time from the envelope when the sign-in has none", async () => {
  const recs: Json[] = (await Deno.readTextFile(`${ROOT}${L}/PT1H.json`)).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  const j = await report(["--from", `${L}/PT1H.json`]);
  assert.equal(j.sources[0].format, "azure-diagnostics");
  assert.equal(j.totals.signIns, recs.length);
  const times = recs.map((r) => Date.parse(r.time));
  assert.equal(Date.parse(j.window.from), Math.min(...times));
  assert.equal(Date.parse(j.window.to), Math.max(...times));
});

Deno.test("a JSON file no layout matches is refused in one line naming the layouts tried and its keys", async () => {
  const line = await refused(["--from", `${L}/unknown_shape.json`], "unknown_shape.json");
  assert.match(line, /tried .*la-json.*graph-powershell-json.*graph-json/);
  assert.match(line, /"eventName", "actor", "when"/);
});

Deno.test("README's table of accepted inputs lists every layout with its time columns", async () => {
  const { LAYOUTS } = await import("../lib/signins/layouts/mod.ts");
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  for (const l of LAYOUTS) {
    const row = readme.split("\n").find((line) =>
      line.startsWith("| ") && line.includes(`layout \`${l.id}\``)
    );
    assert.ok(row !== undefined, `README lacks a row for ${l.id}`);
    for (const c of l.timeColumns) assert.ok(row.includes(`\`${c}\``), `${l.id}: ${c}`);
  }
});

Deno.test("Event Hub {records:[…]} batches are read as diagnostic-settings records", async () => {
  const batches = (await Deno.readTextFile(`${ROOT}${L}/eventhub_batches.json`)).trim().split("\n")
    .map((l) => JSON.parse(l).records as Json[]);
  const recs = batches.flat();
  const j = await report(["--from", `${L}/eventhub_batches.json`]);
  assert.equal(j.sources[0].format, "azure-diagnostics");
  assert.equal(j.totals.signIns, recs.length);
  const expected = count(recs, (r) => WORDING[r.properties.status.additionalDetails] ?? null);
  assert.equal(j.mfa.satisfied.skippedLocation, expected["satisfied.skippedLocation"]);
  assert.equal(j.mfa.satisfied.skippedCorpNetClaim, expected["satisfied.skippedCorpNetClaim"]);
});
