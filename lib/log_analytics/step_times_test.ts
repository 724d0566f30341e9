/**
 * The step times travel apart from the steps and are put back exactly, for any text: the query's
 * own KQL (`STEP_TIMES_KQL`) run by the local endpoint's interpreter, then `restoreStepTimes`.
 */
import assert from "node:assert/strict";
import { runKql } from "../../dev/la_server/mod.ts";
import { mulberry32 } from "../../dev/testing/mulberry32.ts";
import { LaQueryError } from "./client.ts";
import { restoreStepTimes, STEP_TIMES_KQL } from "./step_times.ts";

/** The query's part over some texts: each text's (steps, times) as sent. */
function sent(texts: readonly (string | null)[]): { steps: unknown; times: unknown }[] {
  const T = {
    columns: [{ name: "I", type: "long" as const }, {
      name: "AuthenticationDetails",
      type: "string" as const,
    }],
    rows: texts.map((t, i) => ({ I: i, AuthenticationDetails: t })),
  };
  const q = `T\n${STEP_TIMES_KQL.join("\n")}\n| project I, AuthenticationDetails, StepTimes`;
  return runKql(q, { T }).rows.map((r) => ({ steps: r.AuthenticationDetails, times: r.StepTimes }));
}

const step = (time: string, more = "") =>
  `{"authenticationStepDateTime":${time},"authenticationMethod":"Password"${more}}`;

Deno.test("step times: blanked when every member is plain, whole otherwise, put back exactly", () => {
  const cases: { name: string; text: string | null; blanked: boolean }[] = [
    {
      name: "two steps",
      text: `[${step('"2026-11-19T10:00:00Z"')},${step('"2026-11-19T10:00:05Z"')}]`,
      blanked: true,
    },
    { name: "offset and fraction", text: `[${step('"2026-11-19T10:00:00.1234567+01:00"')}]`, blanked: true },
    {
      name: "odd spacing",
      text: '[{ "authenticationStepDateTime"  :   "2026-11-19T10:00:00Z" }]',
      blanked: true,
    },
    { name: "no steps", text: "[]", blanked: false },
    { name: "empty text", text: "", blanked: false },
    { name: "null", text: null, blanked: false },
    {
      name: "a step without a time",
      text: `[${step('"2026-11-19T10:00:00Z"')},{"authenticationMethod":"x"}]`,
      blanked: true,
    },
    { name: "one empty time (blanking it changes nothing)", text: `[${step('""')}]`, blanked: false },
    { name: "two empty times", text: `[${step('""')},${step('""')}]`, blanked: true },
    {
      name: "a time that is null",
      text: `[${step('"2026-11-19T10:00:00Z"')},${step("null")}]`,
      blanked: false,
    },
    { name: "a time that is a number", text: `[${step("1763546400")}]`, blanked: false },
    { name: "a time with a comma", text: `[${step('"19/11/2026, 10:00"')}]`, blanked: false },
    { name: "a time with an escape", text: `[${step('"2026-11-19T10:00:00Z\\"x"')}]`, blanked: false },
    {
      name: "the name inside another value",
      text: `[${step('"2026-11-19T10:00:00Z"', ',"note":"authenticationStepDateTime"')}]`,
      blanked: false,
    },
    {
      name: "an escaped member inside a string",
      text: `[${step('"2026-11-19T10:00:00Z"', ',"note":"\\"authenticationStepDateTime\\":\\"2026\\""')}]`,
      blanked: false,
    },
    {
      name: "not JSON",
      text: 'authenticationStepDateTime":"x" "authenticationStepDateTime":"y"',
      blanked: false,
    },
    { name: "the name without quotes after", text: '"authenticationStepDateTime:"2026"', blanked: false },
  ];
  const out = sent(cases.map((c) => c.text));
  cases.forEach((c, i) => {
    const { steps, times } = out[i]!;
    assert.equal(times !== "", c.blanked, c.name);
    assert.equal(restoreStepTimes(steps, times), c.text, c.name);
  });
  // blanked steps of sign-ins at different times are one value (one dictionary entry)
  const [a, b] = sent([`[${step('"2026-11-19T10:00:00Z"')}]`, `[${step('"2026-11-20T11:30:00Z"')}]`]);
  assert.equal(a!.steps, b!.steps);
  assert.notEqual(a!.times, b!.times);
});

/** A random text near the steps' JSON: members, escapes, spacing, the name where it does not belong. */
function randomText(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const times = [
    '"2026-11-19T10:00:00Z"',
    '"2026-11-19T10:00:00.1234567Z"',
    '"2026-11-19T10:00:00+00:00"',
    '""',
    "null",
    "17635",
    '"a,b"',
    '"x\\"y"',
    '"\\\\"',
    '"2026 11 19"',
    '"authenticationStepDateTime"',
    '"\\u0041"',
  ];
  const pieces = [
    () => `"authenticationStepDateTime"${pick(["", " ", "  "])}:${pick(["", " "])}${pick(times)}`,
    () => `"authenticationMethod":${pick(['"Password"', '"a\\"b"', "null", '"authenticationStepDateTime"'])}`,
    () => `"note":"\\"authenticationStepDateTime\\":${pick(['\\"2026\\"', '\\"\\"', "1"])}"`,
    () => pick(["{", "}", "[", "]", ",", " ", '"', "\\", ":", "authenticationStepDateTime", "é😀"]),
  ];
  if (rnd() < 0.4) {
    // steps as the workspace writes them, times of plain characters
    const n = Math.floor(rnd() * 4);
    return `[${
      Array.from({ length: n }, () => step(pick(times.slice(0, 4)), pick(["", ',"succeeded":true'])))
        .join(",")
    }]`;
  }
  let s = "";
  const n = 1 + Math.floor(rnd() * 8);
  for (let i = 0; i < n; i++) s += pick(pieces)() + pick(["", ",", "},{"]);
  return rnd() < 0.5 ? `[{${s}}]` : s;
}

Deno.test("step times: any text comes back exactly (seeded property, 4,000 texts)", () => {
  const rnd = mulberry32(17);
  const texts = Array.from({ length: 4000 }, () => randomText(rnd));
  const out = sent(texts);
  let blanked = 0;
  texts.forEach((t, i) => {
    const { steps, times } = out[i]!;
    if (times !== "") blanked++;
    assert.equal(restoreStepTimes(steps, times), t, `text ${i}: ${t}`);
  });
  // the generator reaches both ways
  assert.ok(blanked > 800 && blanked < 3200, `${blanked} of 4,000 blanked`);
});

Deno.test("step times that do not fit the steps one for one refuse the result", () => {
  const cases: [unknown, unknown][] = [
    ["[]", "2026-11-19T10:00:00Z"],
    ['[{"authenticationStepDateTime":""}]', "a,b"],
    ['[{"authenticationStepDateTime":"","x":{"authenticationStepDateTime":""}}]', "a"],
    ['[{"authenticationStepDateTime":"2026"}]', "a"],
    ['authenticationStepDateTime":""', "a"],
    [null, "a"],
    ["[]", 5],
  ];
  for (const [steps, times] of cases) {
    assert.throws(
      () => restoreStepTimes(steps, times),
      (e: unknown) => e instanceof LaQueryError && e.kind === "shape",
      JSON.stringify([steps, times]),
    );
  }
});
