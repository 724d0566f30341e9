import assert from "node:assert/strict";
import { InputError } from "../errors.ts";
import { readSignInBatches } from "./read_sign_ins.ts";
import { createReadStats, type ReadStats } from "./read_stats.ts";
import type { ReadSignInsOptions } from "./read_options.ts";
import { createMergeStats, type LogicalSignIn, type MergeStats, SignInMerger } from "./merge.ts";
import type { SignIn } from "./sign_in.ts";

const DIR = new URL("../../testdata/signins/", import.meta.url);
const fixture = (name: string) => decodeURIComponent(new URL(name, DIR).pathname);

type Input = Parameters<typeof readSignInBatches>[0];

async function readAll(
  input: Input,
  options: ReadSignInsOptions = {},
): Promise<{ rows: SignIn[]; stats: ReadStats }> {
  const stats = createReadStats();
  const rows: SignIn[] = [];
  for await (const batch of readSignInBatches(input, { ...options, stats })) rows.push(...batch);
  return { rows, stats };
}

/** Merges rows as the report pipeline does (one SignInMerger over the batches). */
function mergeAll(rows: Iterable<SignIn>, stats?: MergeStats): LogicalSignIn[] {
  const merger = new SignInMerger(stats === undefined ? {} : { stats });
  const out: LogicalSignIn[] = [];
  for (const r of rows) merger.pushInto(r, out);
  out.push(...merger.flush());
  return out;
}

function byId(rows: SignIn[], id: string): SignIn {
  const s = rows.find((r) => r.id === id);
  assert.ok(s, `no sign-in with id ${id}`);
  return s;
}

/** A stream that hands out the bytes in small pieces, to cut characters and records apart. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i >= bytes.length) return c.close();
      c.enqueue(bytes.slice(i, i + size));
      i += size;
    },
  });
}

async function readError(input: Input, options: ReadSignInsOptions = {}) {
  const rows: SignIn[] = [];
  try {
    for await (const batch of readSignInBatches(input, options)) rows.push(...batch);
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${e}`);
    return { error: e, rows };
  }
  assert.fail("expected an InputError");
}

Deno.test("readSignInBatches() maps a Graph NDJSON export", async (t) => {
  const path = fixture("graph.ndjson");
  const { rows, stats } = await readAll(path);

  await t.step("counts good and bad rows, skipping blank lines", () => {
    assert.equal(stats.format, "graph-ndjson");
    assert.equal(stats.encoding, "utf-8");
    assert.equal(stats.records, 12);
    assert.equal(stats.signIns, 8);
    assert.equal(stats.badRows, 4);
    assert.deepEqual(stats.badRowSamples, [
      { line: 9, reason: 'status.errorCode: expected an integer, got "abc"' },
      { line: 10, reason: 'createdDateTime: expected a date and time, got "yesterday"' },
      { line: 11, reason: "expected a JSON object, got an array" },
      { line: 12, reason: "not a sign-in: no id, correlationId or createdDateTime" },
    ]);
    assert.deepEqual(rows.map((r) => [r.id, r.sourceLine]), [
      ["s-0001", 1],
      ["s-0002", 2],
      ["s-0003", 4],
      ["s-0004", 5],
      ["s-0001", 6],
      ["s-0005", 7],
      ["s-0006", 8],
      ["s-0009", 13],
    ]);
  });

  await t.step("maps every field of a full beta record", () => {
    // The reader shares Conditional Access entries between rows (one object per distinct entry,
    // with exactly the five fields), so beta extras such as the record's conditionsSatisfied go.
    const policy1 = {
      id: "p-0001",
      displayName: "Require MFA",
      enforcedGrantControls: ["Mfa"],
      enforcedSessionControls: [],
      result: "success",
    };
    const expected: SignIn = {
      id: "s-0001",
      correlationId: "c-0001",
      originalRequestId: "s-0001",
      uniqueTokenIdentifier: "tok-0001",
      sessionId: "sess-0001",
      createdDateTime: "2024-05-01T10:00:00Z",
      createdAtMs: Date.UTC(2024, 4, 1, 10, 0, 0),
      userId: "u-0001",
      userPrincipalName: "ana@contoso.example",
      userDisplayName: "Ana",
      userType: "member",
      clientAppUsed: "Browser",
      isInteractive: true,
      eventType: "interactiveUser",
      signInEventTypes: ["interactiveUser"],
      authenticationRequirement: "multiFactorAuthentication",
      authenticationRequirementPolicies: [{
        requirementProvider: "multiConditionalAccess",
        detail: "Conditional Access",
      }],
      authenticationDetails: [
        {
          method: "Password",
          detail: "Password in the cloud",
          stepRequirement: "Primary authentication",
          succeeded: true,
          resultDetail: "Correct password",
          dateTime: "2024-05-01T10:00:00Z",
        },
        {
          method: "Previously satisfied",
          detail: null,
          stepRequirement: "Multifactor authentication",
          succeeded: true,
          resultDetail: "MFA requirement satisfied by claim in the token",
          dateTime: "2024-05-01T10:00:00Z",
        },
      ],
      authenticationMethodsUsed: ["Password", "Mobile app notification"],
      mfaDetail: { authMethod: "Mobile app notification", authDetail: null },
      authenticationProtocol: "none",
      userAgent: "Mozilla/5.0",
      appId: "app-0001",
      appDisplayName: "OfficeHome",
      resourceId: "res-0001",
      resourceDisplayName: "Office 365 Exchange Online",
      servicePrincipalId: null,
      servicePrincipalName: null,
      ipAddress: "192.0.2.10",
      city: "Redmond",
      state: "Washington",
      countryOrRegion: "US",
      deviceId: null,
      os: "Windows10",
      browser: "Edge 124.0",
      isCompliant: true,
      isManaged: false,
      trustType: "Azure AD joined",
      errorCode: 0,
      failureReason: "Other.",
      additionalDetails: "MFA requirement satisfied by claim in the token",
      resultStatus: null,
      conditionalAccessStatus: "success",
      appliedConditionalAccessPolicies: [
        policy1,
        {
          id: "p-0002",
          displayName: "Report-only: compliant device",
          enforcedGrantControls: ["RequireCompliantDevice"],
          enforcedSessionControls: ["SignInFrequency"],
          result: "reportOnlyFailure",
        },
      ],
      crossTenantAccessType: "none",
      homeTenantId: "t-0001",
      resourceTenantId: "t-0001",
      homeTenantName: "Contoso",
      tokenIssuerType: "AzureAD",
      tokenIssuerName: null,
      incomingTokenType: "none",
      clientCredentialType: "none",
      riskLevelDuringSignIn: "none",
      riskLevelAggregated: "none",
      riskState: "none",
      riskDetail: "none",
      riskEventTypes: [],
      source: { format: "graph-ndjson", file: path },
      sourceLine: 1,
    };
    assert.deepEqual(rows[0], expected);
  });

  await t.step("keeps unknown enum values raw and coerces an error code written as text", () => {
    const s = byId(rows, "s-0005");
    assert.equal(s.conditionalAccessStatus, "somethingNew");
    assert.equal(s.riskLevelDuringSignIn, "extreme");
    assert.equal(s.crossTenantAccessType, "b2bCollaboration,passthrough");
    assert.equal(s.tokenIssuerType, "NPSExtension");
    assert.equal(s.incomingTokenType, "remoteDesktopToken");
    assert.equal(s.userType, "unknownFutureValue");
    assert.equal(s.appliedConditionalAccessPolicies?.[0]?.result, "reportOnlyInterrupted");
    assert.equal(s.errorCode, 53003);
    assert.equal(s.isInteractive, true);
    assert.equal(s.eventType, "interactiveUser");
    assert.equal(s.createdDateTime, "2024-05-01T11:00:00.1234567Z");
    assert.equal(s.createdAtMs, Date.UTC(2024, 4, 1, 11, 0, 0, 123));
  });

  await t.step("turns missing, null and empty fields into null", () => {
    const s = byId(rows, "s-0006");
    assert.equal(s.userPrincipalName, null);
    assert.equal(s.errorCode, null);
    assert.equal(s.city, null);
    assert.equal(s.appDisplayName, null);
    assert.equal(s.isInteractive, null);
    assert.equal(s.eventType, null);
    assert.equal(s.authenticationDetails, null);
    assert.equal(s.riskEventTypes, null);
    assert.equal(s.appliedConditionalAccessPolicies, null);
    assert.equal(s.correlationId, null);
  });

  await t.step("coerces numbers and booleans written with the wrong type", () => {
    const s = byId(rows, "s-0009");
    assert.equal(s.userId, "12345");
    assert.equal(s.isInteractive, true);
    assert.equal(s.isCompliant, false);
    assert.equal(s.isManaged, true);
    assert.equal(s.city, null);
    assert.equal(byId(rows, "s-0004").eventType, "nonInteractiveUser");
  });

  await t.step("merges to logical sign-ins", async () => {
    const mergeStats = createMergeStats();
    const merged = mergeAll((await readAll(path)).rows, mergeStats);
    assert.deepEqual(
      merged.map((l) => [l.signIn.id, l.rows, l.interrupted, l.completed]).sort(),
      [
        ["s-0001", 1, false, true],
        ["s-0003", 2, true, true],
        ["s-0004", 1, false, true],
        ["s-0005", 1, false, true],
        ["s-0006", 1, false, true],
        ["s-0009", 1, false, true],
      ],
    );
    assert.equal(mergeStats.rowsIn, 8);
    assert.equal(mergeStats.duplicatesDropped, 1);
    assert.equal(mergeStats.mergedGroups, 1);
    const mfa = merged.find((l) => l.signIn.id === "s-0003")!;
    assert.deepEqual(mfa.signIn.authenticationDetails?.map((d) => d.method), [
      "Password",
      "Mobile app notification",
    ]);
    assert.deepEqual(mfa.signIn.authenticationMethodsUsed, ["Password", "Mobile app notification"]);
    assert.deepEqual(mfa.interruptions.map((s) => [s.id, s.errorCode]), [["s-0002", 50074]]);
    // the duplicate of s-0001 without auth details was dropped, the full copy kept
    assert.equal(merged.find((l) => l.signIn.id === "s-0001")?.signIn.authenticationDetails?.length, 2);
  });
});

Deno.test("readSignInBatches() reads the portal JSON download (pretty-printed array)", async () => {
  const path = fixture("portal.json");
  const { rows, stats } = await readAll(path);
  assert.equal(stats.format, "portal-json");
  assert.equal(stats.signIns, 2);
  assert.deepEqual(stats.badRowSamples, [{ line: 32, reason: "expected a JSON object, got 42" }]);
  const [a, b] = rows;
  assert.equal(a?.sourceLine, 2);
  assert.equal(a?.userDisplayName, 'Zoë "Z" Example');
  assert.equal(a?.appDisplayName, "App with } and { in its name");
  assert.equal(a?.errorCode, 500121);
  assert.equal(a?.ipAddress, "2001:db8::1");
  assert.deepEqual(a?.authenticationDetails, [{
    method: "Mobile app notification",
    detail: null,
    stepRequirement: "Multifactor authentication",
    succeeded: false,
    resultDetail: "MFA denied; user declined the authentication",
    dateTime: "2024-05-02T08:00:10Z",
  }]);
  assert.equal(a?.appliedConditionalAccessPolicies, null);
  assert.equal(b?.sourceLine, 23);
  assert.equal(b?.appDisplayName, 'Back\\slash \\"quoted\\"');
  assert.deepEqual(b?.appliedConditionalAccessPolicies, []);
});

Deno.test("readSignInBatches() reads Graph pages ({value: [...]})", async (t) => {
  await t.step("a pretty page from a file", async () => {
    const { rows, stats } = await readAll(fixture("page.json"));
    assert.equal(stats.format, "graph-json");
    assert.deepEqual(rows.map((r) => [r.id, r.sourceLine, r.errorCode]), [["gp-0001", 1, 0], [
      "gp-0002",
      2,
      50126,
    ]]);
  });
  await t.step("two one-line pages in a row", async () => {
    const page = (id: string) =>
      JSON.stringify({ "@odata.context": "x", value: [{ id, createdDateTime: "2024-05-03T09:00:00Z" }] });
    const { rows, stats } = await readAll(new Blob([`${page("a")}\n${page("b")}\n`]).stream());
    assert.equal(stats.format, "graph-json");
    assert.deepEqual(rows.map((r) => [r.id, r.sourceLine]), [["a", 1], ["b", 2]]);
  });
});

Deno.test("readSignInBatches() joins the portal CSV with its AuthDetails file", async (t) => {
  const path = fixture("InteractiveSignIns_2024-05-04_2024-05-05.csv");
  const authPath = fixture("InteractiveSignIns_AuthDetails_2024-05-04_2024-05-05.csv");
  const { rows, stats } = await readAll(path);

  await t.step("finds the AuthDetails file next to it and counts the join", () => {
    assert.equal(stats.format, "portal-csv");
    assert.equal(stats.badRows, 0);
    assert.deepEqual(stats.authDetails, { file: authPath, rows: 5, requests: 4, matched: 3 });
    assert.deepEqual(rows.map((r) => [r.id, r.sourceLine]), [["r-0001", 2], ["r-0002", 3], ["r-0003", 5], [
      "r-0004",
      6,
    ]]);
  });

  await t.step("handles the header quirks and maps the columns", () => {
    const s = rows[0]!;
    assert.equal(s.createdDateTime, "2024-05-04T07:00:00Z");
    assert.equal(s.appId, "app-0301"); // "Application ID " (trailing space)
    assert.equal(s.resourceId, "res-0301"); // "Resource ID "
    assert.equal(s.incomingTokenType, "Primary Refresh Token"); // second of the two columns
    assert.equal(s.userDisplayName, "Eve Example");
    assert.equal(s.userPrincipalName, "eve@contoso.example");
    assert.deepEqual([s.city, s.state, s.countryOrRegion], ["Seattle", "Washington", "US"]);
    assert.equal(s.resultStatus, "Success");
    assert.equal(s.errorCode, 0);
    assert.equal(s.isCompliant, true);
    assert.equal(s.isManaged, false);
    assert.equal(s.trustType, "Azure AD joined");
    assert.equal(s.additionalDetails, "MFA successfully completed");
    assert.deepEqual(s.mfaDetail, { authMethod: "Mobile app notification", authDetail: null });
    assert.equal(s.authenticationRequirement, "Multifactor authentication");
    assert.equal(s.conditionalAccessStatus, "Success");
    assert.equal(s.appliedConditionalAccessPolicies, null); // the CSV has no CA detail
    assert.equal(s.eventType, "interactiveUser"); // from the file name
    assert.equal(s.isInteractive, true);
    assert.deepEqual(s.authenticationDetails, [
      {
        method: "Password",
        detail: "Password in the cloud",
        stepRequirement: null,
        succeeded: true,
        resultDetail: "Correct password",
        dateTime: "2024-05-04T07:00:00Z",
      },
      {
        method: "Mobile app notification",
        detail: null,
        stepRequirement: null,
        succeeded: true,
        resultDetail: "MFA successfully completed",
        dateTime: "2024-05-04T07:00:05Z",
      },
    ]);
  });

  await t.step("reads quoted CRLF, commas and a request without auth steps", () => {
    const b = byId(rows, "r-0002"), d = byId(rows, "r-0004");
    assert.equal(b.userAgent, "Line one\r\nLine two");
    assert.equal(b.resultStatus, "Interrupted");
    assert.equal(b.errorCode, 50074);
    assert.equal(d.userDisplayName, "Doe, John");
    assert.deepEqual([d.city, d.state, d.countryOrRegion], [null, null, "DE"]);
    assert.equal(d.conditionalAccessStatus, "Not Applied");
    assert.deepEqual(d.authenticationDetails, []);
  });

  await t.step("merges the interrupted row with its completion", () => {
    const merged = mergeAll(rows);
    assert.deepEqual(merged.map((l) => [l.signIn.id, l.rows]).sort(), [["r-0001", 1], ["r-0003", 2], [
      "r-0004",
      1,
    ]]);
    const r3 = merged.find((l) => l.signIn.id === "r-0003")!;
    assert.deepEqual(r3.signIn.authenticationDetails?.map((d) => d.method), ["Password", "Text message"]);
  });

  await t.step("without the AuthDetails file the steps are not visible (null)", async () => {
    const { rows: plain, stats: s } = await readAll(path, { authDetails: false });
    assert.equal(s.authDetails, null);
    assert.ok(plain.every((r) => r.authenticationDetails === null));
  });

  await t.step("a stream needs the AuthDetails input and the event type given", async () => {
    const bytes = await Deno.readFile(path);
    const { rows: fromStream, stats: s } = await readAll(chunked(bytes, 97), {
      fileName: "export.csv",
      authDetails: authPath,
      eventType: "interactiveUser",
    });
    assert.equal(s.authDetails?.matched, 3);
    assert.deepEqual(fromStream.map((r) => r.userAgent), rows.map((r) => r.userAgent));
    assert.equal(fromStream[0]?.eventType, "interactiveUser");
    assert.equal(fromStream[0]?.source.file, "export.csv");
  });
});

Deno.test("readSignInBatches() reads Log Analytics exports", async (t) => {
  await t.step("JSON array with nested objects and JSON-in-string columns", async () => {
    const path = fixture("la_signinlogs.json");
    const { rows, stats } = await readAll(path);
    assert.equal(stats.format, "la-json");
    assert.equal(stats.signIns, 4);
    const [a, , c, d] = rows;
    assert.equal(a?.createdDateTime, "2024-05-05T06:00:00Z"); // CreatedDateTime, not TimeGenerated
    assert.equal(a?.errorCode, 50074); // ResultType "50074"
    assert.equal(a?.failureReason, "Strong Authentication is required.");
    assert.equal(a?.resourceId, "res-0401"); // ResourceIdentity, not the Azure resource path
    assert.deepEqual([a?.city, a?.countryOrRegion], ["London", "GB"]);
    assert.equal(a?.eventType, "interactiveUser");
    assert.deepEqual(a?.authenticationDetails, [{
      method: "Password",
      detail: "Password in the cloud",
      stepRequirement: "Primary authentication",
      succeeded: true,
      resultDetail: "Correct password",
      dateTime: "2024-05-05T06:00:00Z",
    }]);
    assert.deepEqual(a?.authenticationRequirementPolicies, [{
      requirementProvider: "multiConditionalAccess",
      detail: "Conditional Access",
    }]);
    assert.deepEqual(a?.authenticationMethodsUsed, ["Password"]);
    assert.equal(a?.mfaDetail, null);
    assert.deepEqual(a?.riskEventTypes, []);
    assert.deepEqual(a?.appliedConditionalAccessPolicies?.map((p) => [p.id, p.result]), [[
      "p-0401",
      "failure",
    ]]);
    assert.equal(c?.errorCode, 0);
    assert.deepEqual([c?.os, c?.isCompliant, c?.isManaged, c?.trustType], [
      "Ios 17",
      true,
      true,
      "Azure AD registered",
    ]);
    assert.equal(c?.city, "Paris");
    assert.deepEqual(c?.appliedConditionalAccessPolicies, []);
    assert.equal(c?.eventType, "nonInteractiveUser");
    assert.deepEqual(c?.signInEventTypes, ["nonInteractiveUser"]);
    assert.equal(c?.isInteractive, false);
    assert.equal(d?.eventType, "AADSomethingNewSignInLogs"); // unknown table kept raw
    assert.equal(d?.appliedConditionalAccessPolicies, null); // column absent: not visible

    const merged = mergeAll(rows);
    assert.equal(merged.length, 3);
    const mfa = merged.find((l) => l.signIn.id === "la-0002")!;
    assert.equal(mfa.rows, 2);
    assert.deepEqual(mfa.signIn.authenticationDetails?.map((x) => x.method), [
      "Password",
      "Mobile app notification",
    ]);
    assert.deepEqual(mfa.signIn.mfaDetail, { authMethod: "Mobile app notification", authDetail: null });
  });

  await t.step("CSV with [UTC] headers, US dates and JSON text cells", async () => {
    const path = fixture("la_noninteractive.csv");
    const { rows, stats } = await readAll(path);
    assert.equal(stats.format, "la-csv");
    assert.equal(stats.signIns, 2);
    assert.deepEqual(stats.badRowSamples, [
      { line: 4, reason: 'Status: expected JSON text, got "{\\"errorCode\\":0,"' },
      { line: 5, reason: "expected 29 fields as in the header, got 4" },
    ]);
    const [a, b] = rows;
    assert.equal(a?.createdDateTime, "2024-05-06T09:00:00.000Z");
    assert.equal(a?.createdAtMs, Date.UTC(2024, 4, 6, 9, 0, 0));
    assert.equal(a?.errorCode, 50074);
    assert.equal(a?.failureReason, "Strong Authentication is required.");
    assert.deepEqual([a?.city, a?.os, a?.browser, a?.isCompliant], ["Oslo", "MacOs", "Safari", false]);
    assert.equal(a?.isInteractive, false);
    assert.equal(a?.eventType, "nonInteractiveUser");
    assert.equal(a?.resourceId, "res-0501");
    assert.deepEqual(a?.appliedConditionalAccessPolicies, [{
      id: "p-0501",
      displayName: "Require MFA",
      result: "failure",
      enforcedGrantControls: ["Mfa"],
      enforcedSessionControls: [],
    }]);
    assert.deepEqual(a?.authenticationDetails, [{
      method: "Password",
      detail: null,
      stepRequirement: null,
      succeeded: true,
      resultDetail: null,
      dateTime: "2024-05-06T09:00:00Z",
    }]);
    assert.equal(b?.createdDateTime, "2024-05-06T09:00:40.500Z");
    const merged = mergeAll(rows);
    assert.deepEqual(merged.map((l) => [l.signIn.id, l.rows, l.interrupted]), [["lcsv-0002", 2, true]]);
  });
});

Deno.test("readSignInBatches() decodes UTF-8 with BOM and UTF-16 LE/BE with BOM", async (t) => {
  const text = '{"id":"e-1","createdDateTime":"2024-05-01T10:00:00Z","userDisplayName":"Zoë Ünal 🙂"}\r\n' +
    '{"id":"e-2","createdDateTime":"2024-05-01T10:00:01Z","location":{"city":"Zürich"}}\r\n';
  const utf16 = (le: boolean) => {
    const out = new Uint8Array(2 + text.length * 2);
    out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const u = text.charCodeAt(i);
      out[2 + 2 * i] = le ? u & 0xff : u >> 8;
      out[3 + 2 * i] = le ? u >> 8 : u & 0xff;
    }
    return out;
  };
  const CASES = [
    { name: "UTF-8 without BOM", bytes: new TextEncoder().encode(text), encoding: "utf-8" },
    {
      name: "UTF-8 with BOM",
      bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]),
      encoding: "utf-8-bom",
    },
    { name: "UTF-16 LE with BOM", bytes: utf16(true), encoding: "utf-16le" },
    { name: "UTF-16 BE with BOM", bytes: utf16(false), encoding: "utf-16be" },
  ];
  for (const c of CASES) {
    for (const size of [1, 3, 4096]) {
      await t.step(`${c.name}, ${size}-byte chunks`, async () => {
        const { rows, stats } = await readAll(chunked(c.bytes, size));
        assert.equal(stats.encoding, c.encoding);
        assert.equal(stats.bytes, c.bytes.length);
        assert.deepEqual(rows.map((r) => [r.id, r.userDisplayName, r.city]), [
          ["e-1", "Zoë Ünal 🙂", null],
          ["e-2", null, "Zürich"],
        ]);
      });
    }
  }
});

Deno.test("readSignInBatches() rejects bad input with the file and place", async (t) => {
  const enc = new TextEncoder();
  const CASES: {
    name: string;
    input: () => Input;
    options?: ReadSignInsOptions;
    message: RegExp;
    rowsBefore: number;
  }[] = [
    {
      name: "a JSON array cut off inside a string names line and byte",
      input: () => fixture("truncated.json"),
      message:
        /truncated\.json:3: Cannot parse JSON: the file ends at byte 178 inside a string; the record starting on line 3 is incomplete/,
      rowsBefore: 1,
    },
    {
      name: "an NDJSON file whose last line is cut off",
      input: () => fixture("truncated.ndjson"),
      message: /truncated\.ndjson:2: Cannot parse JSON: the file ends at byte 106 inside a string/,
      rowsBefore: 1,
    },
    {
      name: "a CSV quote that is never closed names its line",
      input: () => fixture("unbalanced_quote.csv"),
      options: { authDetails: false },
      message:
        /unbalanced_quote\.csv:3: Cannot parse CSV: the quoted field starting on this line is never closed/,
      rowsBefore: 1,
    },
    {
      name: "invalid UTF-8 names the byte",
      input: () =>
        chunked(
          new Uint8Array([
            ...enc.encode('{"id":"x","userDisplayName":"a'),
            0xc3,
            0x28,
            ...enc.encode('"}\n'),
          ]),
          5,
        ),
      options: { fileName: "bad.ndjson" },
      message: /^bad\.ndjson \(byte 30\): Cannot decode text: invalid UTF-8 byte 0xc3/,
      rowsBefore: 0,
    },
    {
      name: "a stray 0xFF byte",
      input: () => chunked(new Uint8Array([...enc.encode('{"id":"x"}\n{"id":"'), 0xff]), 4096),
      options: { fileName: "ff.ndjson" },
      message: /^ff\.ndjson \(byte 18\): Cannot decode text: invalid UTF-8 byte 0xff/,
      rowsBefore: 0,
    },
    {
      name: "UTF-16 without a BOM that does not start with two ASCII characters",
      input: () => new Blob([new Uint8Array([0x7b, 0, 0x2d, 0x4e, 0x69, 0, 0x64, 0])]).stream(),
      options: { fileName: "u16.json" },
      message:
        /^u16\.json \(byte 1\): Cannot decode text: the file looks like UTF-16 \(little-endian\) without a byte-order mark/,
      rowsBefore: 0,
    },
    {
      name: "a CSV header that is no known export",
      input: () => new Blob(["a,b,c\r\n1,2,3\r\n"]).stream(),
      options: { fileName: "other.csv" },
      message: /^other\.csv:1: Cannot detect the input format: the CSV header \("a", "b", "c", …\)/,
      rowsBefore: 0,
    },
    {
      name: "the AuthDetails file given as the sign-in file",
      input: () => fixture("InteractiveSignIns_AuthDetails_2024-05-04_2024-05-05.csv"),
      message: /:1: Cannot read sign-ins: this is a portal AuthDetails file/,
      rowsBefore: 0,
    },
    {
      name: "a forced CSV format on a JSON file",
      input: () => fixture("graph.ndjson"),
      options: { inputFormat: "portal-csv" },
      message: /graph\.ndjson:1: Cannot read portal-csv: the file starts with "\{", which is JSON, not CSV/,
      rowsBefore: 0,
    },
    {
      name: "a forced JSON format on a CSV file",
      input: () => fixture("la_noninteractive.csv"),
      options: { inputFormat: "la-json" },
      message: /la_noninteractive\.csv:1: Cannot read la-json: expected JSON \("\[" or "\{"\)/,
      rowsBefore: 0,
    },
  ];
  for (const c of CASES) {
    await t.step(`readSignInBatches() rejects ${c.name}`, async () => {
      const { error, rows } = await readError(c.input(), c.options);
      assert.match(error.message, c.message);
      assert.equal(rows.length, c.rowsBefore);
    });
  }
});

Deno.test("readSignInBatches() handles format overrides and empty input", async (t) => {
  await t.step("an empty or blank file has no rows and no format", async () => {
    for (const text of ["", " \r\n\n"]) {
      const { rows, stats } = await readAll(new Blob([text]).stream());
      assert.equal(rows.length, 0);
      assert.equal(stats.format, null);
    }
  });
  await t.step("inputFormat la-json reads an NDJSON file of LA rows", async () => {
    const line = JSON.stringify({ Id: "x", CreatedDateTime: "2024-05-01T10:00:00Z", ResultType: "0" });
    const { rows, stats } = await readAll(new Blob([line + "\n"]).stream(), { inputFormat: "la-json" });
    assert.equal(stats.format, "la-json");
    assert.equal(rows[0]?.errorCode, 0);
  });
  await t.step("inputFormat graph-json labels a page as given", async () => {
    const { stats } = await readAll(fixture("portal.json"), { inputFormat: "graph-json" });
    assert.equal(stats.format, "graph-json");
    assert.equal(stats.signIns, 2);
  });
  await t.step("the diagnostic-settings envelope is unwrapped", async () => {
    const line = JSON.stringify({
      time: "2024-05-01T10:00:05Z",
      category: "NonInteractiveUserSignInLogs",
      properties: { id: "d-1", createdDateTime: "2024-05-01T10:00:00Z", status: { errorCode: 0 } },
    });
    const { rows } = await readAll(new Blob([line + "\n"]).stream());
    assert.deepEqual([rows[0]?.id, rows[0]?.eventType], ["d-1", "nonInteractiveUser"]);
  });
});

Deno.test("readSignInBatches() splits a large NDJSON chunk into small batches, rows in order", async (t) => {
  // 100 lines in one chunk: line 40 is blank, line 70 has a bad error code, the last has no line break.
  const lines: string[] = [];
  for (let i = 1; i <= 100; i++) {
    const code = i === 70 ? '"bad"' : "0";
    lines.push(
      i === 40
        ? ""
        : `{"id":"r-${i}","createdDateTime":"2024-05-01T10:00:00Z","status":{"errorCode":${code}}}`,
    );
  }
  const text = lines.join("\r\n");
  const CASES = [
    { name: "one chunk", size: text.length },
    { name: "1000-byte chunks", size: 1000 },
  ];
  for (const c of CASES) {
    await t.step(c.name, async () => {
      const stats = createReadStats();
      const batches: string[][] = [];
      const input = chunked(new TextEncoder().encode(text), c.size);
      for await (const b of readSignInBatches(input, { stats })) batches.push(b.map((s) => s.id ?? ""));
      const expected: string[] = [];
      for (let i = 1; i <= 100; i++) if (i !== 40 && i !== 70) expected.push(`r-${i}`);
      assert.deepEqual(batches.flat(), expected);
      assert.ok(batches.every((b) => b.length > 0 && b.length <= 32), "batches of 1 to 32 rows");
      assert.equal(stats.records, 99);
      assert.equal(stats.signIns, 98);
      assert.deepEqual(stats.badRowSamples.map((s) => s.line), [70]);
    });
  }
});

Deno.test("readSignInBatches() splits a large JSON array chunk into small batches, rows in order", async (t) => {
  // 2,000 records of about 150 characters, one per line (300 KB): line 41 is a bad error code,
  // line 1001 is not an object, the records of lines 1501 and 1502 share one line.
  const lines: string[] = [];
  for (let i = 1; i <= 2000; i++) {
    const code = i === 41 ? '"bad"' : "0";
    const pad = "x".repeat(60 + (i % 7));
    const rec =
      `{"id":"r-${i}","createdDateTime":"2024-05-01T10:00:00Z","status":{"errorCode":${code}},"p":"${pad}"}`;
    lines.push(i === 1001 ? "42" : rec);
  }
  const body = lines.slice(0, 1500).join(",\n") + ",\n" + lines[1500] + ", " + lines.slice(1501).join(",\n");
  const text = "[\n" + body + "\n]\n";
  const expected: string[] = [];
  for (let i = 1; i <= 2000; i++) if (i !== 41 && i !== 1001) expected.push(`r-${i}`);
  const CASES = [
    { name: "one chunk", size: text.length },
    { name: "100,000-byte chunks", size: 100_000 },
    { name: "7,000-byte chunks", size: 7_000 },
  ];
  for (const c of CASES) {
    await t.step(c.name, async () => {
      const stats = createReadStats();
      const batches: string[][] = [];
      const input = chunked(new TextEncoder().encode(text), c.size);
      for await (const b of readSignInBatches(input, { stats })) batches.push(b.map((s) => s.id ?? ""));
      assert.deepEqual(batches.flat(), expected);
      assert.ok(batches.every((b) => b.length > 0 && b.length <= 600), "batches of about 64 KiB of text");
      assert.equal(stats.format, "portal-json");
      assert.equal(stats.records, 2000);
      assert.equal(stats.signIns, 1998);
      assert.deepEqual(stats.badRowSamples.map((s) => s.line), [42, 1002]);
    });
  }
});
