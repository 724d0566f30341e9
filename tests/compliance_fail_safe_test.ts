/**
 * `compliance-report` fails safe, end to end through `deno task` (its own permissions), from
 * files only:
 *
 * - a rule with no data in scope (an empty sign-in file, rows that cannot be understood, a stale
 *   export outside `--days`, an empty registration export) is not evaluated and fails the run
 *   (exit 3, "no data") unless the rule says `onNoData: "warn"`; every output says how many
 *   rows each rule saw;
 * - `scope.excludeFile` is read next to the policy, a path leading outside the policy's folder
 *   is refused unless `--allow-outside-paths`, and a file that is not an exclusion list never
 *   has its content copied into the report, the JSON or stderr.
 */
import assert from "node:assert/strict";
import { childElements, parseXml } from "../dev/testing/xml_reader.ts";
import { runDenoTask } from "./_run_task.ts";

const NOW = "2026-11-20T12:00:00Z";
const SECRET = "sk-live-0000SECRET0000";

interface RuleJson {
  id: string;
  status: string;
  evaluated: boolean;
  rows: number;
  note: string | null;
}

function signIn(i: number, at: string) {
  return JSON.stringify({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    createdDateTime: at,
    userPrincipalName: "ana@contoso.example",
    userId: "00000000-0000-4000-8000-000000000001",
    userType: "Member",
    status: { errorCode: 0 },
    clientAppUsed: "IMAP4",
    isInteractive: true,
  });
}

function registration(upn: string, isAdmin: boolean, methods: string[]) {
  return {
    id: `00000000-0000-4000-8000-${upn.length.toString().padStart(12, "0")}`,
    userPrincipalName: upn,
    userType: "member",
    isAdmin,
    isMfaRegistered: methods.length > 0,
    methodsRegistered: methods,
  };
}

const GOOD_REGISTRATION = [
  registration("admin@contoso.example", true, ["fido2SecurityKey"]),
  registration("ana@contoso.example", false, ["microsoftAuthenticatorPush"]),
];

const SIGN_IN_POLICY = `{ "rules": [
  { "id": "legacy", "check": "legacyAuthSucceeded", "threshold": 5 },
  { "id": "fraud", "check": "mfaDeniedFraud", "threshold": 0, "severity": "warn" },
] }`;
const REGISTRATION_POLICY = `{ "rules": [
  { "id": "admins-mfa", "check": "adminsWithoutMfa", "threshold": 0 },
  { "id": "admins-pr", "check": "adminsWithoutPhishingResistant", "threshold": 0 },
  { "id": "phone-only", "check": "phoneOnlyUsers", "threshold": 0 },
] }`;

const NO_DATA_CASES: {
  name: string;
  policy: string;
  signIns?: string;
  registration?: unknown[];
  args?: string[];
  rules: string[];
}[] = [
  { name: "an empty --signins-from file", policy: SIGN_IN_POLICY, signIns: "", rules: ["legacy", "fraud"] },
  {
    name: "a stale export whose rows are all outside --days",
    policy: SIGN_IN_POLICY,
    signIns: Array.from({ length: 20 }, (_, i) => signIn(i, `2026-01-0${1 + (i % 9)}T10:00:00Z`) + "\n").join(
      "",
    ),
    args: ["--days", "7"],
    rules: ["legacy", "fraud"],
  },
  {
    name: "--registration-from []",
    policy: REGISTRATION_POLICY,
    registration: [],
    rules: ["admins-mfa", "admins-pr", "phone-only"],
  },
];

async function runCase(dir: string, c: typeof NO_DATA_CASES[number], policyText: string) {
  await Deno.writeTextFile(`${dir}/c.jsonc`, policyText);
  const args = [
    "--policy",
    `${dir}/c.jsonc`,
    "--now",
    NOW,
    "--out",
    `${dir}/r.md`,
    "--json",
    `${dir}/r.json`,
  ];
  args.push("--junit", `${dir}/r.xml`, ...(c.args ?? []));
  if (c.signIns !== undefined) {
    await Deno.writeTextFile(`${dir}/s.ndjson`, c.signIns);
    args.push("--signins-from", `${dir}/s.ndjson`);
  }
  if (c.registration !== undefined) {
    await Deno.writeTextFile(`${dir}/reg.json`, JSON.stringify(c.registration));
    args.push("--registration-from", `${dir}/reg.json`);
  }
  return await runDenoTask("compliance-report", args, { env: { GITHUB_STEP_SUMMARY: `${dir}/step.md` } });
}

Deno.test("compliance-report: a rule without data in scope is not evaluated and fails the run", async (t) => {
  for (const c of NO_DATA_CASES) {
    await t.step(c.name, async () => {
      const dir = await Deno.makeTempDir();
      try {
        await Deno.writeTextFile(`${dir}/step.md`, "");
        const run = await runCase(dir, c, c.policy);
        assert.equal(run.code, 3, run.stderr);
        assert.match(run.stderr, /Verdict: fail: 0 passed, 0 warning\(s\), \d failed \(.*: no data/);
        const doc = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
        assert.deepEqual(
          doc.rules.map((r: RuleJson) => [r.id, r.status, r.evaluated, r.rows]),
          c.rules.map((id) => [id, "fail", false, 0]),
        );
        for (const r of doc.rules as RuleJson[]) assert.match(r.note ?? "", /^no data: /);
        const md = await Deno.readTextFile(`${dir}/r.md`);
        assert.match(md, /\| Rows seen \|/);
        assert.match(md, /\| not evaluated \(no data\) \| 0 [a-z -]+ \| ❌ fail \(no data\) \|/);
        assert.doesNotMatch(md, /✅ pass/);
        const step = await Deno.readTextFile(`${dir}/step.md`);
        assert.match(step, /## MFA compliance: ❌ fail/);
        assert.match(step, /❌ fail \(no data\)/);
        const xml = parseXml(await Deno.readTextFile(`${dir}/r.xml`));
        const cases = childElements(childElements(xml, "testsuite")[0]!, "testcase");
        assert.equal(cases.length, c.rules.length);
        for (const tc of cases) {
          assert.match(
            childElements(tc, "failure")[0]?.attributes.message ?? "",
            /^not evaluated \(no data: /,
          );
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
});

Deno.test('compliance-report: onNoData "warn" turns a rule without data into a warning (exit 0)', async () => {
  const dir = await Deno.makeTempDir();
  try {
    const c = NO_DATA_CASES[0]!;
    const run = await runCase(
      dir,
      c,
      `{ "rules": [{ "id": "legacy", "check": "legacyAuthSucceeded", "threshold": 5, "onNoData": "warn" }] }`,
    );
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
    assert.deepEqual(
      doc.rules.map((r: RuleJson) => [r.id, r.status, r.evaluated, r.rows]),
      [["legacy", "warn", false, 0]],
    );
    assert.match(await Deno.readTextFile(`${dir}/r.md`), /⚠️ warn \(no data\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compliance-report: rules with data say how many rows they saw", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rows = Array.from({ length: 3 }, (_, i) => signIn(i, `2026-11-19T1${i}:00:00Z`) + "\n").join("");
    const run = await runCase(
      dir,
      { name: "data", policy: "", signIns: rows, registration: GOOD_REGISTRATION, rules: [] },
      `{ "rules": [
        { "id": "legacy", "check": "legacyAuthSucceeded", "threshold": 5 },
        { "id": "admins-mfa", "check": "adminsWithoutMfa", "threshold": 0 },
        { "id": "registered", "check": "mfaRegisteredPercent", "threshold": 50 },
      ] }`,
    );
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
    assert.deepEqual(doc.rules.map((r: RuleJson) => [r.id, r.status, r.evaluated, r.rows]), [
      ["legacy", "pass", true, 3],
      ["admins-mfa", "pass", true, 1],
      ["registered", "pass", true, 2],
    ]);
    const md = await Deno.readTextFile(`${dir}/r.md`);
    assert.match(md, /\| 3 sign-ins \| ✅ pass \|/);
    assert.match(md, /\| 1 in-scope admins \| ✅ pass \|/);
    assert.match(md, /\| 2 in-scope users \| ✅ pass \|/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A policy folder with an exclusion list inside and a secret file next to (outside) it. */
async function excludeFixture(dir: string, excludeFile: string) {
  await Deno.mkdir(`${dir}/policy/lists`, { recursive: true });
  await Deno.writeTextFile(`${dir}/secret.env`, `API_KEY=${SECRET}\nDB_PASSWORD=${SECRET}\n`);
  await Deno.writeTextFile(`${dir}/policy/lists/bg.txt`, "admin@contoso.example # break-glass\n");
  await Deno.writeTextFile(`${dir}/reg.json`, JSON.stringify(GOOD_REGISTRATION));
  await Deno.writeTextFile(
    `${dir}/policy/c.jsonc`,
    JSON.stringify({
      scope: { excludeFile },
      rules: [{ id: "registered", check: "mfaRegisteredPercent", threshold: 50 }],
    }),
  );
}

function excludeArgs(dir: string, extra: string[] = []) {
  return [
    "--policy",
    `${dir}/policy/c.jsonc`,
    "--registration-from",
    `${dir}/reg.json`,
    "--now",
    NOW,
    "--out",
    `${dir}/r.md`,
    "--json",
    `${dir}/r.json`,
    ...extra,
  ];
}

Deno.test("compliance-report: scope.excludeFile outside the policy's folder is refused", async (t) => {
  for (
    const c of [
      { name: "a ../ path", excludeFile: "../secret.env" },
      { name: "an absolute path", excludeFile: "ABSOLUTE" },
      { name: "a symbolic link inside the folder", excludeFile: "lists/link.txt" },
    ]
  ) {
    await t.step(c.name, async () => {
      const dir = await Deno.realPath(await Deno.makeTempDir());
      try {
        await excludeFixture(dir, c.excludeFile === "ABSOLUTE" ? `${dir}/secret.env` : c.excludeFile);
        await Deno.symlink(`${dir}/secret.env`, `${dir}/policy/lists/link.txt`);
        const run = await runDenoTask("compliance-report", excludeArgs(dir));
        assert.equal(run.code, 1, run.stderr);
        const errors = run.stderr.split("\n").filter((l) => l.startsWith("error:"));
        assert.equal(errors.length, 1, run.stderr);
        assert.match(
          errors[0]!,
          /c\.jsonc: Cannot use scope\.excludeFile .* outside the policy file's folder/,
        );
        assert.match(errors[0]!, /--allow-outside-paths/);
        assert.ok(!run.stderr.includes(SECRET));
        await assert.rejects(Deno.stat(`${dir}/r.md`), Deno.errors.NotFound);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
});

Deno.test("compliance-report: scope.excludeFile is read next to the policy, whatever the working folder", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await excludeFixture(dir, "lists/bg.txt");
    const run = await runDenoTask("compliance-report", excludeArgs(dir), { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
    assert.deepEqual(
      doc.registration.exclusions.excluded.map((e: { userPrincipalName: string }) => e.userPrincipalName),
      ["admin@contoso.example"],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compliance-report --allow-outside-paths: a file that is not an exclusion list never reaches the outputs", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await excludeFixture(dir, "../secret.env");
    const run = await runDenoTask("compliance-report", excludeArgs(dir, ["--allow-outside-paths"]));
    assert.equal(run.code, 0, run.stderr);
    const md = await Deno.readTextFile(`${dir}/r.md`);
    const json = await Deno.readTextFile(`${dir}/r.json`);
    for (const [where, text] of [["Markdown", md], ["JSON", json], ["stderr", run.stderr]]) {
      assert.ok(!text!.includes(SECRET), `${where} holds the secret`);
      assert.ok(!text!.includes("API_KEY="), `${where} holds more than a short prefix`);
    }
    const doc = JSON.parse(json);
    assert.deepEqual(doc.registration.exclusions.unmatched, [
      { preview: "API_…", line: 1 },
      { preview: "DB_P…", line: 2 },
    ]);
    assert.match(md, /2 exclusion entries match no user: line 1 \(API\\_…\), line 2 \(DB\\_P…\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("registration tasks --exclude: a file that is not an exclusion list never reaches the outputs", async (t) => {
  for (
    const c of [
      { task: "registration-report", args: ["--format", "json"] },
      { task: "registration-report", args: ["--format", "md"] },
      { task: "registered-users", args: [] },
      { task: "unregistered-users", args: ["--format", "md"] },
    ]
  ) {
    await t.step(`${c.task} ${c.args.join(" ")}`, async () => {
      const dir = await Deno.realPath(await Deno.makeTempDir());
      try {
        await excludeFixture(dir, "lists/bg.txt");
        const run = await runDenoTask(c.task, [
          "--from",
          `${dir}/reg.json`,
          "--exclude",
          `${dir}/secret.env`,
          ...c.args,
        ]);
        assert.equal(run.code, 0, run.stderr);
        for (const [where, text] of [["stdout", run.stdout], ["stderr", run.stderr]]) {
          assert.ok(!text!.includes(SECRET), `${where} holds the secret`);
          assert.ok(!text!.includes("API_KEY="), `${where} holds more than a short prefix`);
        }
        assert.match(run.stdout + run.stderr, /API\\?_…/);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
  await t.step("a line that is not a UPN is refused without echoing it", async () => {
    const dir = await Deno.realPath(await Deno.makeTempDir());
    try {
      await excludeFixture(dir, "lists/bg.txt");
      await Deno.writeTextFile(`${dir}/secret.env`, `export API_KEY=${SECRET}\n`);
      const run = await runDenoTask("registered-users", [
        "--from",
        `${dir}/reg.json`,
        "--exclude",
        `${dir}/secret.env`,
      ]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /secret\.env:1:7: Cannot read the exclusion list: .*"expo…"/);
      assert.ok(!run.stderr.includes(SECRET));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("compliance-report: 50 sign-in rows that cannot be understood fail the run, never pass", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/step.md`, "");
    const run = await runCase(dir, {
      name: "50 bad rows",
      policy: SIGN_IN_POLICY,
      signIns: Array.from({ length: 50 }, () => '{"id": 5, "createdDateTime": "not a date"}\n').join(""),
      rules: ["legacy", "fraud"],
    }, SIGN_IN_POLICY);
    // The input layer refuses a file that yields no sign-in (exit 1, one line naming the file and
    // the layout tried) before any rule could pass on it.
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /s\.ndjson: Cannot read sign-ins: 0 of 50 record\(s\) read as graph-ndjson/);
    assert.doesNotMatch(run.stderr + run.stdout, /pass/i);
    await assert.rejects(Deno.stat(`${dir}/r.json`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
