import assert from "node:assert/strict";
import {
  classifyErrorCode,
  ERROR_CODE_BUCKETS,
  type ErrorCodeClass,
  errorCodeMeaning,
  isErrorCodeBucket,
  labelErrorCodeBucket,
  parseErrorCode,
  SIGN_IN_ERROR_CODES,
  signInOutcome,
} from "./error_code.ts";

const CASES: { name: string; input: unknown; expected: ErrorCodeClass }[] = [
  { name: "0 is success", input: 0, expected: { kind: "success", code: 0 } },
  { name: '"0" (Log Analytics) is success', input: "0", expected: { kind: "success", code: 0 } },
  { name: "padded string", input: " 50074 ", expected: { kind: "mfaRequiredInterrupt", code: 50074 } },
  {
    name: "AADSTS prefix",
    input: "AADSTS53003",
    expected: { kind: "blockedByConditionalAccess", code: 53003 },
  },
  { name: "500121 is an MFA failure", input: 500121, expected: { kind: "mfaFailed", code: 500121 } },
  { name: "bad password", input: "50126", expected: { kind: "primaryAuthFailed", code: 50126 } },
  { name: "unlisted code keeps the number", input: 700016, expected: { kind: "otherFailure", code: 700016 } },
  { name: "unlisted code as string", input: "90095", expected: { kind: "otherFailure", code: 90095 } },
  { name: "bigint", input: 50076n, expected: { kind: "mfaRequiredInterrupt", code: 50076 } },
  { name: "letters", input: "abc", expected: { kind: "unknown", raw: "abc" } },
  { name: "empty", input: "", expected: { kind: "unknown", raw: "" } },
  { name: "negative", input: -1, expected: { kind: "unknown", raw: -1 } },
  { name: "negative string", input: "-50074", expected: { kind: "unknown", raw: "-50074" } },
  { name: "fraction", input: 50074.5, expected: { kind: "unknown", raw: 50074.5 } },
  { name: "NaN", input: NaN, expected: { kind: "unknown", raw: NaN } },
  { name: "too large", input: "99999999999", expected: { kind: "unknown", raw: "99999999999" } },
  { name: "hex", input: "0x10", expected: { kind: "unknown", raw: "0x10" } },
  { name: "exponent", input: "5e4", expected: { kind: "unknown", raw: "5e4" } },
  { name: "null", input: null, expected: { kind: "unknown", raw: null } },
  { name: "object", input: { errorCode: 0 }, expected: { kind: "unknown", raw: { errorCode: 0 } } },
];

Deno.test("classifyErrorCode() maps numbers and strings to buckets", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => assert.deepEqual(classifyErrorCode(c.input), c.expected));
  }
});

Deno.test("parseErrorCode() accepts digits only", () => {
  assert.equal(parseErrorCode("\t0\n"), 0);
  assert.equal(parseErrorCode("1 2"), undefined);
  assert.equal(parseErrorCode(true), undefined);
  assert.equal(parseErrorCode(2 ** 31), undefined);
});

Deno.test("signInOutcome() separates interrupts from failures", async (t) => {
  const ROWS: [number, string][] = [
    [0, "success"],
    [50074, "interrupted"],
    [50076, "interrupted"],
    [50158, "interrupted"],
    [
      500121,
      "failed",
    ],
    [53003, "failed"],
    [50126, "failed"],
    [12345, "failed"],
  ];
  for (const [code, outcome] of ROWS) {
    await t.step(String(code), () => assert.equal(signInOutcome(classifyErrorCode(code)), outcome));
  }
  assert.equal(signInOutcome(classifyErrorCode("x")), "unknown");
});

Deno.test("every listed code has a bucket, a meaning and a label", () => {
  for (const [code, e] of Object.entries(SIGN_IN_ERROR_CODES)) {
    assert.ok(isErrorCodeBucket(e.bucket), code);
    assert.equal(errorCodeMeaning(Number(code)), e.meaning);
  }
  for (const id of Object.keys(ERROR_CODE_BUCKETS)) {
    assert.ok(isErrorCodeBucket(id));
    assert.notEqual(labelErrorCodeBucket(id as keyof typeof ERROR_CODE_BUCKETS), "");
  }
  assert.equal(labelErrorCodeBucket("unknown"), "Unknown (not an error code)");
});
