import assert from "node:assert/strict";
import { InputError } from "../errors.ts";
import {
  type MfaServerHeaderRecord,
  type MfaServerRecord,
  readMfaServerActivity,
  readMfaServerActivityFile,
} from "./reader.ts";

const DATA = new URL("../../testdata/mfa_server/", import.meta.url);

async function readFixture(name: string): Promise<MfaServerRecord[]> {
  const out: MfaServerRecord[] = [];
  for await (const r of readMfaServerActivityFile(new URL(name, DATA).pathname)) out.push(r);
  return out;
}

async function readText(text: string, file = "t.csv"): Promise<MfaServerRecord[]> {
  async function* bytes() {
    yield new TextEncoder().encode(text);
  }
  const out: MfaServerRecord[] = [];
  for await (const r of readMfaServerActivity(bytes(), { file })) out.push(r);
  return out;
}

function header(records: MfaServerRecord[]): Omit<MfaServerHeaderRecord, "file"> {
  const h = records[0];
  assert.ok(h?.kind === "header", "first record is the header");
  const { file: _file, ...rest } = h;
  return rest;
}

/** Each data row as [callResult, user, iso-or-kind]. */
function rows(records: MfaServerRecord[]): [string, string | undefined, string][] {
  return records.filter((r) => r.kind === "row").map((r) => [
    r.callResult,
    r.user,
    r.timestamp.kind === "parsed" ? r.timestamp.iso : r.timestamp.kind,
  ]);
}

Deno.test("readMfaServerActivityFile() reads header variants, delimiters and encodings", async (t) => {
  await t.step(
    "readMfaServerActivityFile() reads a French UTF-8-with-BOM semicolon export with CRLF",
    async () => {
      const recs = await readFixture("french_semicolon.csv");
      assert.deepEqual(header(recs), {
        kind: "header",
        format: "csv",
        encoding: "utf-8-bom",
        delimiter: ";",
        columns: {
          callResult: "Résultat",
          user: "Utilisateur",
          date: "Date et heure",
          method: "Méthode",
          application: "Application",
        },
      });
      assert.deepEqual(rows(recs), [
        ["SUCCESS_WITH_PIN", "alice@contoso.example", "2024-03-04T09:00:00.000Z"],
        ["FAILED_PHONE_APP_DENIED", "bob@contoso.example", "2024-03-04T09:05:00.000Z"],
        ["success_phone_app_authenticated", "bob@contoso.example", "2024-03-05T17:30:00.000Z"],
      ]);
      const first = recs[1];
      assert.ok(first?.kind === "row");
      assert.equal(first.application, "VPN; Contoso", "quoted field keeps its delimiter");
      assert.equal(first.line, 2);
    },
  );

  await t.step(
    "readMfaServerActivityFile() reads a German UTF-16 LE tab export and joins date and time",
    async () => {
      const recs = await readFixture("german_utf16le.csv");
      assert.deepEqual(header(recs), {
        kind: "header",
        format: "csv",
        encoding: "utf-16le",
        delimiter: "\t",
        columns: { callResult: "Ergebnis", user: "Benutzer", date: "Datum", time: "Uhrzeit" },
      });
      assert.deepEqual(rows(recs), [
        ["CONFIG_ISSUE", "jürgen@contoso.example", "2024-03-04T09:15:00.000Z"],
        ["SUCCESS_NO_PIN_BUT_TIMEOUT", "jürgen@contoso.example", "2024-03-05T23:59:59.000Z"],
      ]);
    },
  );

  await t.step("readMfaServerActivityFile() reads a Korean UTF-16 BE export with LF line ends", async () => {
    const recs = await readFixture("korean_utf16be.csv");
    assert.deepEqual(header(recs).columns, { callResult: "통화 결과", user: "사용자", date: "날짜" });
    assert.equal(header(recs).encoding, "utf-16be");
    assert.deepEqual(rows(recs), [[
      "SUCCESS_SMS_SENT",
      "minjun@fabrikam.example",
      "2024-03-04T09:00:00.000Z",
    ]]);
  });

  await t.step("readMfaServerActivityFile() reads a plain list of codes, skipping blank lines", async () => {
    const recs = await readFixture("codes_only.txt");
    assert.deepEqual(header(recs), { kind: "header", format: "codeList", encoding: "utf-8", columns: {} });
    assert.deepEqual(rows(recs), [
      ["SUCCESS_USED_CACHE", undefined, "missing"],
      ["FAILED_FRAUD_REPORTED", undefined, "missing"],
      ["FAILED_SOMETHING_NEW", undefined, "missing"],
      ["SUCCESS_USED_CACHE", undefined, "missing"],
    ]);
    assert.deepEqual(recs.slice(1).map((r) => r.kind === "row" && r.line), [1, 3, 4, 5]);
  });

  await t.step("readMfaServerActivityFile() reads the 45-code fixture: 51 rows and 1 bad line", async () => {
    const recs = await readFixture("all_codes.csv");
    assert.equal(recs.filter((r) => r.kind === "row").length, 51);
    assert.deepEqual(
      recs.filter((r) => r.kind === "bad").map((r) => r.kind === "bad" && [r.line, r.reason]),
      [
        [52, "empty call result"],
      ],
    );
    const bypass = recs.find((r) => r.kind === "row" && r.callResult === "SUCCESS_BYPASSED_AUTH");
    assert.deepEqual(bypass, {
      kind: "row",
      file: new URL("all_codes.csv", DATA).pathname,
      line: 8,
      callResult: "SUCCESS_BYPASSED_AUTH",
      user: "erin@fabrikam.example",
      timestamp: {
        kind: "parsed",
        epochMs: Date.parse("2024-03-04T11:07:00Z"),
        iso: "2024-03-04T11:07:00.000Z",
        day: "2024-03-04",
      },
      application: "Contoso VPN, RADIUS",
      ip: "192.0.2.7",
      phone: "+1 4255550107",
    });
  });
});

const ROW_CASES: { name: string; text: string; want: (string | [number, string])[] }[] = [
  {
    name: "a short row missing the call-result field is a bad line",
    text: "User,Method,Call Result\nalice@contoso.example,Phone\nbob@contoso.example,App,CONFIG_ISSUE\n",
    want: [[2, 'row has 2 field(s); the call-result column "Call Result" is field 3'], "CONFIG_ISSUE"],
  },
  {
    name: "an empty call result is a bad line",
    text: "User,Result\nalice@contoso.example,  \n",
    want: [[2, "empty call result"]],
  },
  {
    name: "a row with extra fields is still read",
    text: "Result,User\nCONFIG_ISSUE,alice@contoso.example,extra\n",
    want: ["CONFIG_ISSUE"],
  },
  {
    name: "whitespace-only lines are skipped",
    text: "Result\n   \nCONFIG_ISSUE\n",
    want: ["CONFIG_ISSUE"],
  },
  {
    name: "a code list line with two values is a bad line",
    text: "CONFIG_ISSUE\nFAILED_FRAUD_REPORTED,SUCCESS_SMS_SENT\n",
    want: ["CONFIG_ISSUE", [2, "expected one call-result code per line, got 2 fields"]],
  },
  {
    name: "a code list may start with a label",
    text: "Used cache\nCONFIG_ISSUE\n",
    want: ["Used cache", "CONFIG_ISSUE"],
  },
  {
    name: "a code list may start with an unknown code-shaped value",
    text: "FAILED_FUTURE_THING\n",
    want: ["FAILED_FUTURE_THING"],
  },
  {
    name: "a header-only file has no rows",
    text: "Call Result\r\n",
    want: [],
  },
];

Deno.test("readMfaServerActivity() turns lines into rows and bad lines", async (t) => {
  for (const c of ROW_CASES) {
    await t.step(`readMfaServerActivity() reads ${c.name}`, async () => {
      const recs = (await readText(c.text)).slice(1);
      assert.deepEqual(
        recs.map((r) => r.kind === "row" ? r.callResult : r.kind === "bad" ? [r.line, r.reason] : r.kind),
        c.want,
      );
    });
  }
});

Deno.test("readMfaServerActivity() keeps optional fields absent, not undefined", async () => {
  const recs = await readText("Result,User,Phone\nCONFIG_ISSUE,,\n");
  assert.deepEqual(recs[1], {
    kind: "row",
    file: "t.csv",
    line: 2,
    callResult: "CONFIG_ISSUE",
    timestamp: { kind: "missing" },
  });
  assert.ok(recs[1] && !("user" in recs[1]));
});

Deno.test("readMfaServerActivity() counts an unparseable date but keeps the row", async () => {
  const recs = await readText("Date,Result\nlast tuesday,CONFIG_ISSUE\n");
  assert.ok(recs[1]?.kind === "row");
  assert.deepEqual(recs[1].timestamp, { kind: "invalid", raw: "last tuesday" });
});

const ERRORS: { name: string; read: () => Promise<unknown>; message: string | RegExp }[] = [
  {
    name: "a missing call-result column lists the headers found",
    read: () => readFixture("missing_column.csv"),
    message:
      /missing_column\.csv:1: no call-result column; headers found: "Date", "User", "Status"; expected a header such as "Call Result" or "Result"$/,
  },
  {
    name: "a missing column after blank lines names the header's line",
    read: () => readText("\n\nName,Outcome\nx,y\n", "m.csv"),
    message: /^m\.csv:3: no call-result column; headers found: "Name", "Outcome";/,
  },
  {
    name: "an empty file",
    read: () => readText("", "empty.csv"),
    message: /^empty\.csv: Cannot read an empty file: expected a CSV export/,
  },
  {
    name: "a file of blank lines",
    read: () => readText("\r\n\r\n", "blank.csv"),
    message: /^blank\.csv: Cannot read an empty file/,
  },
  {
    name: "an unterminated quote",
    read: () => readText('Result,User\nCONFIG_ISSUE,"alice\n', "q.csv"),
    message:
      "q.csv:2: Cannot parse CSV: the quoted field starting on this line is never closed (unbalanced quote)",
  },
  {
    name: "a file that does not exist",
    read: () => readFixture("no_such_file.csv"),
    message: /no_such_file\.csv: Cannot open the file: no such file$/,
  },
  {
    name: "a directory",
    read: () => readFixture("."),
    message: /: Cannot read the file: it is a directory; give a regular file, or - for standard input$/,
  },
];

Deno.test("readMfaServerActivity() fails with one-line InputErrors", async (t) => {
  for (const c of ERRORS) {
    await t.step(`readMfaServerActivity() rejects ${c.name}`, async () => {
      await assert.rejects(c.read(), (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        if (typeof c.message === "string") assert.equal(e.message, c.message);
        else assert.match(e.message, c.message);
        assert.ok(!e.message.includes("\n"));
        return true;
      });
    });
  }
});

Deno.test("readMfaServerActivity() rejects binary garbage after the header, naming the byte", async () => {
  async function* bytes() {
    yield new TextEncoder().encode("Call Result\r\nCONFIG_ISSUE\r\n"); // 27 bytes
    yield new Uint8Array([0x1f, 0x8b, 0x08, 0x00]); // gzip magic: 0x8B is not valid UTF-8
  }
  const seen: string[] = [];
  await assert.rejects(
    async () => {
      for await (const r of readMfaServerActivity(bytes(), { file: "g.csv" })) seen.push(r.kind);
    },
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.location.byte, 28);
      assert.match(
        e.message,
        /^g\.csv \(byte 28\): Cannot decode text: invalid UTF-8 byte 0x8b on line 3, column 2 /,
      );
      return true;
    },
  );
  assert.deepEqual(seen, ["header", "row"], "rows before the garbage were read");
});
