import assert from "node:assert/strict";
import { TEST_REPORT_META, testLogical, testSignIn } from "../../dev/testing/test_rows.ts";
import { SignInAggregator } from "./aggregator.ts";
import { renderSigninsMarkdown } from "./render_markdown.ts";
import { createRedactor, redactReport } from "./redact.ts";

const META = { ...TEST_REPORT_META, rows: 1 };

function hostileReport() {
  const a = new SignInAggregator();
  a.add(testLogical(testSignIn({
    createdDateTime: "2026-11-20T10:00:00Z",
    userPrincipalName: "x@contoso.example",
    userDisplayName: "| <script>alert(1)</script> [a](http://evil.example)",
    eventType: "interactiveUser",
    authenticationRequirement: "multiFactorAuthentication",
    errorCode: 500121,
    additionalDetails: "MFA denied; user declined the authentication",
    appDisplayName: '=HYPERLINK("http://evil.example")',
    ipAddress: "198.51.100.23",
  })));
  return a.summary(META);
}

Deno.test("renderSigninsMarkdown() escapes values from the data", () => {
  const md = renderSigninsMarkdown(hostileReport());
  assert.doesNotMatch(md, /<script>/);
  assert.match(md, /&lt;script&gt;/);
  assert.doesNotMatch(md, /\[a\]\(http:\/\//);
  assert.match(md, /x@contoso\.example \(\\\| &lt;script&gt;/);
});

Deno.test("renderSigninsMarkdown() of a redacted report shows no user name or full IP address", () => {
  const r = redactReport(hostileReport(), createRedactor(new TextEncoder().encode("0123456789abcdef")));
  const md = renderSigninsMarkdown(r);
  assert.doesNotMatch(md, /x@contoso\.example|script|198\.51\.100\.23/);
  assert.match(md, /198\.51\.100\.0\/24/);
  assert.match(
    md,
    /\*\*Redacted:\*\* users replaced by an HMAC-SHA-256 keyed hash \(key: from --redact-key-file/,
  );
});

Deno.test("renderSigninsMarkdown() has every section the issue asks for, in order", () => {
  const md = renderSigninsMarkdown(hostileReport());
  const headings = md.split("\n").filter((l) => l.startsWith("## ")).map((l) => l.slice(3));
  assert.deepEqual(headings, [
    "Answers first",
    "1\\. Was MFA required?",
    "2\\. How did users complete MFA?",
    "3\\. Why couldn't users complete MFA?",
    "4\\. How many users were challenged?",
    "5\\. How many users could not complete the challenge?",
    "6\\. Common MFA problems",
    "Conditional Access",
    "Sign-in event types",
    "Sign-in results and errors",
    "Cross-tenant access",
    "Legacy authentication",
    "Risk",
    "Locations, operating systems and browsers",
    "Legacy MFA Server reports, today",
    "Data quality",
  ]);
  assert.match(md, /> \[!NOTE\]\n> Read with care:/);
  assert.match(md, /MFA Server status has no cloud successor/);
});
