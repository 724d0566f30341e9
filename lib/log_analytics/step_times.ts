/**
 * The step times of `AuthenticationDetails` sent apart from the steps, for the rows to merge: each
 * step's `authenticationStepDateTime` makes every row's steps a value of their own, so the
 * push-down query blanks the times (the steps become a value many rows share, sent once in the
 * result's dictionary) and sends the times in their order in `StepTimes`, joined by commas; the
 * client puts them back where they were.
 *
 * Lossless for any text: the query blanks only times made of the characters of
 * {@linkcode STEP_TIME_CHARS} (digits, letters, `: . + -`: never a comma, a quote or a
 * backslash), and only when every occurrence of the member's name in the text is such a member
 * (`countof` of the name equals the number of members matched); any other value travels whole,
 * with `StepTimes` empty. Put back, each occurrence of the name is then exactly one blanked member,
 * in order. One blank time alone gives an empty `StepTimes` too: blanking it changes nothing, so
 * the value is sent as it is.
 *
 * @module
 */
import { LaQueryError } from "./client.ts";

/** The member of a step that holds its time. */
export const STEP_TIME_MEMBER = "authenticationStepDateTime";

/** Characters a step time may be made of to travel apart (a regex character class). */
export const STEP_TIME_CHARS = "[0-9A-Za-z:.+-]";

/** A step time member, its value captured (RE2 and JavaScript read it alike). */
export const STEP_TIME_RE = `"${STEP_TIME_MEMBER}" *: *"(${STEP_TIME_CHARS}*)"`;

/** The same with what comes before the value captured, to blank the value (rewrite `\1"`). */
export const STEP_TIME_BLANK_RE = `("${STEP_TIME_MEMBER}" *: *")${STEP_TIME_CHARS}*"`;

/**
 * The query's part (two `extend` lines over a table with `AuthenticationDetails`): `StepTimes`, the
 * times in order joined by commas when every occurrence of the member's name is a member whose
 * time is made of {@linkcode STEP_TIME_CHARS} (else empty), and the steps with those times blanked
 * (else whole).
 */
export const STEP_TIMES_KQL: readonly string[] = [
  `| extend StepTimes = iff(countof(AuthenticationDetails, "${STEP_TIME_MEMBER}") == ` +
  `array_length(extract_all('${STEP_TIME_RE}', AuthenticationDetails)), ` +
  `strcat_array(extract_all('${STEP_TIME_RE}', AuthenticationDetails), ","), "")`,
  `| extend AuthenticationDetails = iff(isnotempty(StepTimes), ` +
  `replace_regex(AuthenticationDetails, '${STEP_TIME_BLANK_RE}', '\\\\1"'), AuthenticationDetails)`,
];

/** Where a blanked member starts: the name in quotes, the colon, the opening quote of the value. */
const BLANKED = new RegExp(`"${STEP_TIME_MEMBER}" *: *"`, "y");

/**
 * Puts the step times back into steps whose times were blanked.
 *
 * @param details the steps as received (the dictionary's value put back), blanked or whole
 * @param times `StepTimes`: the times joined by commas; empty or absent when nothing was blanked
 * @returns the steps as the workspace holds them
 * @throws {LaQueryError} `shape` when the times do not fit the blanked members one for one
 *
 * @example
 * ```ts
 * import { restoreStepTimes } from "./step_times.ts";
 * import assert from "node:assert/strict";
 * assert.equal(
 *   restoreStepTimes('[{"authenticationStepDateTime":"","m":1},{"authenticationStepDateTime" : ""}]', "2026-11-19T10:00:00Z,2026-11-19T10:00:05Z"),
 *   '[{"authenticationStepDateTime":"2026-11-19T10:00:00Z","m":1},{"authenticationStepDateTime" : "2026-11-19T10:00:05Z"}]',
 * );
 * assert.equal(restoreStepTimes("[]", ""), "[]");
 * assert.throws(() => restoreStepTimes("[]", "2026-11-19T10:00:00Z"), /step times/);
 * ```
 */
export function restoreStepTimes(details: unknown, times: unknown): unknown {
  if (times === null || times === undefined || times === "") return details;
  if (typeof times !== "string" || typeof details !== "string") {
    throw new LaQueryError("shape", "A row's step times came without steps to put them in");
  }
  const list = times.split(",");
  let out = "", from = 0, i = 0;
  for (let at = details.indexOf(STEP_TIME_MEMBER); at >= 0; at = details.indexOf(STEP_TIME_MEMBER, at + 1)) {
    BLANKED.lastIndex = at - 1;
    const m = at > 0 ? BLANKED.exec(details) : null;
    const end = m === null ? -1 : at - 1 + m[0].length;
    if (m === null || details[end] !== '"' || i >= list.length) {
      throw new LaQueryError("shape", "A row's step times do not fit its steps one for one");
    }
    out += details.slice(from, end) + list[i++];
    from = end;
  }
  if (i !== list.length) {
    throw new LaQueryError("shape", "A row's step times do not fit its steps one for one");
  }
  return out + details.slice(from);
}
